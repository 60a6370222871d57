//! The nightly batch at firm scale: concurrent shards, honest run reports,
//! interrupted nights, output folder failures, cron logs and who the advisor
//! is — each against the real binary.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::batch::{book, reports, run_report, walk};
use crate::util::{read_sheet, text, Workdir};

fn spawn(wd: &Workdir, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tierbook"))
        .args(args)
        .current_dir(&wd.dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tierbook")
}

fn put(wd: &Workdir, path: &str, bytes: &[u8]) {
    let p = wd.path(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn temp_files(out: &Path) -> Vec<String> {
    walk(out)
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| {
            let name = p.rsplit('/').next().unwrap_or_default();
            name.starts_with(".tierbook-") && name.ends_with(".tmp")
        })
        .collect()
}

fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

/// The office manager's night from the issue: four advisor folders of ten
/// copies of one book that all name the same advisor, plus names that clash
/// once made safe or compared without case. 43 books.
fn same_advisor_inbox(wd: &Workdir) -> usize {
    let bytes = book("Jordan Avery", 12, 1).to_bytes();
    for folder in ["ann", "bob", "cy", "di"] {
        for i in 0..10 {
            put(wd, &format!("inbox/{folder}/book{i}.xlsx"), &bytes);
        }
    }
    put(wd, "inbox/ann/Book0.xlsx", &bytes);
    put(wd, "inbox/bob/x:y.xlsx", &bytes);
    put(wd, "inbox/bob/x_y.xlsx", &bytes);
    43
}

#[test]
fn concurrent_shards_never_lose_a_report() {
    let wd = Workdir::new("batch-concurrent");
    let total = same_advisor_inbox(&wd);
    for n in [2, 3, 8] {
        for round in 0..2 {
            let out = format!("out-{n}-{round}");
            let shards: Vec<String> = (1..=n).map(|k| format!("{k}/{n}")).collect();
            let children: Vec<Child> = shards
                .iter()
                .map(|s| spawn(&wd, &["batch", "inbox", "--out", &out, "--shard", s, "-q", "--jobs", "1"]))
                .collect();
            for c in children {
                let o = c.wait_with_output().unwrap();
                assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
            }
            let written = reports(&wd.path(&out));
            assert_eq!(written.len(), total, "N = {n}, round {round}: {written:?}");
            let mut books = BTreeSet::new();
            for k in 1..=n {
                let text = std::fs::read_to_string(wd.path(&format!("{out}/run-report.shard-{k}-of-{n}.csv"))).unwrap();
                for row in csv::Reader::from_reader(text.as_bytes()).records() {
                    let row = row.unwrap();
                    assert_eq!(&row[2], "ok", "{row:?}");
                    assert!(wd.path(&out).join(&row[10]).is_file(), "{row:?}");
                    assert!(books.insert(row[0].to_string()), "a book in two shards: {row:?}");
                }
            }
            assert_eq!(books.len(), total);
            let rolled = wd.run(&["rollup", &out]).expect_code(0);
            assert_eq!(
                rolled.stdout,
                format!("rollup: {total} books → {out}/portfolio.xlsx: {total} reported, 0 failed\n")
            );
        }
    }
}

#[test]
fn rollup_counts_only_reports_that_exist() {
    let wd = Workdir::new("batch-rollup-exists");
    same_advisor_inbox(&wd);
    wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    std::fs::remove_file(wd.path("out/cy/book3.tiers.xlsx")).unwrap();
    let rolled = wd.run(&["rollup", "out"]).expect_code(1);
    assert_eq!(rolled.stdout, "rollup: 43 books → out/portfolio.xlsx: 42 reported, 1 failed\n");
    let alerts = read_sheet(&wd.path("out/portfolio.xlsx"), "Alerts");
    let failed: Vec<String> = alerts.iter().filter(|r| text(&r[1]) == "book failed").map(|r| text(&r[2])).collect();
    assert_eq!(failed, ["cy/book3.xlsx: its report cy/book3.tiers.xlsx is missing; run the batch again"]);
}

#[test]
fn run_reports_tell_tonights_truth() {
    let wd = Workdir::new("batch-truth");
    put(&wd, "inbox/sam/only.xlsx", &book("Sam Lee", 10, 3).to_bytes());
    put(&wd, "inbox/ann/a.xlsx", &book("Ann Archer", 10, 4).to_bytes());
    let sample = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/practice.xlsx")).unwrap();
    put(&wd, "inbox/jordan/practice.xlsx", &sample);
    wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    // Tonight the Sam book is broken.
    put(&wd, "inbox/sam/only.xlsx", b"PK\x03\x04 not a workbook any more");
    wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(1);

    let bytes = std::fs::read(wd.path("out/run-report.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf", "a UTF-8 byte-order mark for Excel");
    let rows = run_report(&wd.path("out"));
    let row = |book: &str| rows.iter().find(|r| r[0] == book).unwrap().clone();
    let solo = row("sam/only.xlsx");
    assert_eq!((solo[1].as_str(), solo[2].as_str()), ("Sam Lee", "failed"));
    assert!(solo[3].contains("damaged or incomplete"), "{solo:?}");
    assert_eq!(solo[6..], ["", "", "", "", ""], "no figures beside a failure: {solo:?}");
    let unchanged = format!("unchanged (report from {})", today());
    assert_eq!(row("ann/a.xlsx")[2], unchanged);
    assert_eq!(row("ann/a.xlsx")[6], "10");

    let advisors = read_sheet(&wd.path("out/portfolio.xlsx"), "Advisors");
    let sam = advisors.iter().find(|r| text(&r[0]) == "Sam Lee").unwrap();
    assert_eq!([text(&sam[1]), text(&sam[2]), text(&sam[3])], ["0", "1", "0"], "Books 0, Failed 1, Clients 0");
    let books = read_sheet(&wd.path("out/portfolio.xlsx"), "Books");
    let only = books.iter().find(|r| text(&r[0]) == "sam/only.xlsx").unwrap();
    assert_eq!(text(&only[5]), "", "a failed book shows no clients");
    let alerts: Vec<(String, String)> = read_sheet(&wd.path("out/portfolio.xlsx"), "Alerts")
        .iter()
        .skip(1)
        .filter(|r| text(&r[0]) == "Jordan Avery")
        .map(|r| (text(&r[1]), text(&r[2])))
        .collect();
    let want = [
        ("top tier over its cap", "jordan/practice.xlsx: Tier A 26.0 % of clients, over its 25 % cap"),
        (
            "over capacity",
            "jordan/practice.xlsx: Jordan Avery needs 992 hours of 900 available; Priya Shah needs 1090 hours of 1000 available; \
             the team has the hours (2694 needed of 3100): rebalance clients",
        ),
    ];
    assert_eq!(alerts, want.map(|(a, b)| (a.to_string(), b.to_string())));
}

/// Interrupts a night with `signal` after a few books; checks the exit
/// code, the message, that no temporary file is left and that the next run
/// finishes the rest.
fn interrupted_night(signal: &str, code: i32) {
    let wd = Workdir::new(&format!("batch-{signal}"));
    for i in 0..40 {
        put(&wd, &format!("inbox/ann/book{i:02}.xlsx"), &book("Ann Archer", 150, i).to_bytes());
    }
    let child = spawn(&wd, &["batch", "inbox", "--out", "out", "--jobs", "1"]);
    let out = wd.path("out");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while reports(&out).len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let killed = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status().unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(code), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    let done: usize = last
        .strip_prefix("tierbook: interrupted after ")
        .and_then(|rest| rest.strip_suffix(" of 40 books; finished reports kept; run again to finish"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{last:?}"));
    assert!((2..40).contains(&done), "{done}");
    assert_eq!(reports(&out).len(), done);
    assert_eq!(temp_files(&out), Vec::<String>::new());
    let rows = run_report(&out);
    assert_eq!(rows.iter().filter(|r| r[2] == "ok").count(), done);
    assert_eq!(rows.iter().filter(|r| r[2] == "not run (interrupted)").count(), 40 - done);
    let next = wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    next.stdout_has(&[&format!("40 books: {} processed, {done} unchanged, 0 failed", 40 - done)]);
    assert_eq!(reports(&out).len(), 40);
}

#[test]
fn sigint_stops_after_the_book_in_hand() {
    interrupted_night("INT", 130);
}

#[test]
fn sigterm_stops_after_the_book_in_hand() {
    interrupted_night("TERM", 143);
}

#[test]
fn the_next_run_removes_what_a_killed_one_left() {
    let wd = Workdir::new("batch-orphans");
    put(&wd, "inbox/ann/a.xlsx", &book("Ann Archer", 10, 1).to_bytes());
    wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    // What a SIGKILLed batch leaves: fresh temporary files beside the
    // reports and in the ledger, and its registration, no longer locked.
    put(&wd, "out/ann/.tierbook-AbC123.tmp", b"half a report");
    put(&wd, "out/.tierbook/books/.tierbook-entry-XyZ.tmp", b"half an entry");
    put(&wd, "out/.tierbook/running/4242-1.lock", b"");
    wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    assert_eq!(temp_files(&wd.path("out")), Vec::<String>::new());
    assert!(!wd.path("out/.tierbook/running/4242-1.lock").exists());
}

#[test]
fn an_unusable_output_folder_is_one_clear_error_before_any_book() {
    let wd = Workdir::new("batch-outdir");
    put(&wd, "inbox/ann/a.xlsx", &book("Ann Archer", 10, 1).to_bytes());
    let o = wd.run(&["batch", "inbox", "--out", "missing/out"]).expect_code(1);
    assert_eq!(o.stderr, "tierbook: missing: cannot use this output folder: no such folder\n");
    assert!(!wd.path("missing").exists());

    put(&wd, "afile", b"x");
    let o = wd.run(&["batch", "inbox", "--out", "afile"]).expect_code(1);
    assert_eq!(o.stderr, "tierbook: afile: cannot use this output folder: it is a file, not a folder\n");

    // An advisor's folder that cannot be made: a file is in its place.
    put(&wd, "out/ann", b"not a folder");
    let o = wd.run(&["batch", "inbox", "--out", "out"]).expect_code(1);
    assert_eq!(o.stderr, "tierbook: out/ann: cannot use this output folder: a file of that name is in the way\n");
    assert!(!wd.path("out/run-report.csv").exists() && reports(&wd.path("out")).is_empty());

    // A folder that refuses new files. Root writes anywhere on an ordinary
    // file system, so as root use one the kernel refuses.
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
    let ro = if root {
        "/sys/tierbook-test-out".to_string()
    } else {
        std::fs::create_dir_all(wd.path("ro")).unwrap();
        Command::new("chmod").args(["0555", &wd.path("ro").to_string_lossy()]).status().unwrap();
        "ro".to_string()
    };
    let o = wd.run(&["batch", "inbox", "--out", &ro]).expect_code(1);
    assert_eq!(o.stderr, format!("tierbook: {ro}: cannot use this output folder: permission denied\n"));
}

/// True for "2026-11-30T01:02:03+00:00 " at the start of `line`.
fn stamped(line: &str) -> bool {
    line.get(..25).is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()) && line[25..].starts_with(' ')
}

/// The end line without its timestamp, its seconds in place of "S".
fn end_line(stdout: &str) -> String {
    assert!(stamped(stdout), "{stdout}");
    let line = stdout.lines().next().unwrap_or_default()[26..].to_string();
    let (head, tail) = line.split_once(" in ").unwrap_or_else(|| panic!("{line}"));
    let (seconds, rest) = tail.split_once("s;").unwrap_or_else(|| panic!("{line}"));
    assert!(seconds.parse::<f64>().is_ok(), "{line}");
    format!("{head} in Ss;{rest}")
}

#[test]
fn a_cron_night_logs_a_start_and_an_end_line() {
    let wd = Workdir::new("batch-cron");
    put(&wd, "inbox/ann/a.xlsx", &book("Ann Archer", 10, 1).to_bytes());
    let o = wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    let start = o.stderr.lines().next().unwrap_or_default();
    assert!(stamped(start), "{o}");
    assert_eq!(&start[26..], "tierbook batch: start: inbox inbox, shard 1/1: 1 book, output out");
    assert_eq!(o.stderr.lines().count(), 1, "-q: no per-book lines\n{o}");
    assert_eq!(
        end_line(&o.stdout),
        "tierbook batch: end: inbox inbox, shard 1/1: 1 book: 1 processed, 0 unchanged, 0 failed in Ss; run report out/run-report.csv; roll-up out/portfolio.xlsx"
    );
    put(&wd, "inbox/bob/b.xlsx", &book("Bob Brown", 10, 2).to_bytes());
    let o = wd.run(&["batch", "inbox", "--out", "out", "--shard", "1/1"]).expect_code(0);
    assert_eq!(
        &o.stderr.lines().next().unwrap_or_default()[26..],
        "tierbook batch: start: inbox inbox, shard 1/1: 2 books, output out"
    );
    assert_eq!(o.stderr.lines().count(), 3, "a line per book without -q\n{o}");
    assert_eq!(
        end_line(&o.stdout),
        "tierbook batch: end: inbox inbox, shard 1/1: 2 books: 1 processed, 1 unchanged, 0 failed in Ss; run report out/run-report.shard-1-of-1.csv; run `tierbook rollup` when every shard is done"
    );
}

#[test]
fn on_a_terminal_the_progress_bar_shows_at_once_with_an_eta() {
    let wd = Workdir::new("batch-tty");
    put(&wd, "inbox/ann/a.xlsx", &book("Ann Archer", 10, 1).to_bytes());
    // `script` gives the batch a real pseudo-terminal.
    let cmd = format!("{} batch inbox --out out", env!("CARGO_BIN_EXE_tierbook"));
    let o = Command::new("script").args(["-qec", &cmd, "/dev/null"]).current_dir(&wd.dir).output().unwrap();
    let screen = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{screen}");
    assert!(screen.contains("0/1 books") && screen.contains("ETA"), "{screen}");
    assert!(!screen.contains("[1/1]"), "no plain per-book lines on a terminal: {screen}");
}

#[test]
fn the_folder_decides_who_the_advisor_is() {
    let wd = Workdir::new("batch-advisor");
    put(&wd, "inbox/ann/a.xlsx", &book("Ann Archer", 10, 1).to_bytes());
    put(&wd, "inbox/bob/b.xlsx", &book("Jordan Avery", 10, 2).to_bytes());
    wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    assert!(wd.path("out/bob/b.tiers.xlsx").is_file() && wd.path("out/ann/a.tiers.xlsx").is_file());
    let rows = run_report(&wd.path("out"));
    let note = "the book's Settings name the advisor \"Jordan Avery\", but it is in the folder \"bob\": filed under \"bob\" (the folder decides; move the book or correct its Advisor setting)";
    let who: Vec<(String, String)> = rows.iter().map(|r| (r[1].clone(), r[4].clone())).collect();
    assert_eq!(who, [("Ann Archer".to_string(), String::new()), ("bob".to_string(), note.to_string())]);
    let alerts: Vec<Vec<String>> = read_sheet(&wd.path("out/portfolio.xlsx"), "Alerts")
        .iter()
        .skip(1)
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(alerts, [vec!["bob".to_string(), "advisor mismatch".into(), format!("bob/b.xlsx: {note}")]]);
    // The book's own Issues sheet says it too; the agreeing book's does not.
    let issue_rows = |report: &str| -> Vec<Vec<String>> {
        read_sheet(&wd.path(report), "Issues").iter().skip(1).map(|r| r.iter().map(text).collect()).collect()
    };
    let bob = issue_rows("out/bob/b.tiers.xlsx");
    assert!(
        bob.contains(&vec![
            "Settings".to_string(),
            String::new(),
            "Jordan Avery".into(),
            note.into(),
            "the report is filed under the inbox folder".into()
        ]),
        "{bob:?}"
    );
    assert!(issue_rows("out/ann/a.tiers.xlsx").iter().all(|r| !r[3].contains("Settings name the advisor")));
}

#[test]
fn an_interrupted_bar_leaves_the_terminal_clean() {
    let wd = Workdir::new("batch-tty-int");
    for i in 0..30 {
        put(&wd, &format!("inbox/ann/book{i:02}.xlsx"), &book("Ann Archer", 150, i).to_bytes());
    }
    let cmd = format!("exec {} batch inbox --out out --jobs 1", env!("CARGO_BIN_EXE_tierbook"));
    let script = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(&wd.dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while reports(&wd.path("out")).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // tierbook is the child `script` started on the pseudo-terminal.
    let child = Command::new("pgrep").args(["-P", &script.id().to_string()]).output().unwrap();
    let pid = String::from_utf8_lossy(&child.stdout).trim().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success(), "pid {pid:?}");
    let o = script.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(130), "{screen}");
    // The bar was drawn, then its line erased before the closing message.
    let bar = screen.rfind("ETA").unwrap_or_else(|| panic!("{screen:?}"));
    let closing = screen.find("tierbook: interrupted after ").unwrap_or_else(|| panic!("{screen:?}"));
    assert!(bar < closing && screen[bar..closing].contains("\u{1b}[2K"), "{screen:?}");
    assert!(screen.trim_end().ends_with("finished reports kept; run again to finish"), "{screen:?}");
}
