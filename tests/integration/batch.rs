//! The nightly batch and the coach's roll-up, end to end.

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Reader};

use crate::util::{read_sheet, text, BookBuilder, Rows, Workdir};

/// A small book of `n` clients for `advisor` (blank: none in Settings).
pub(crate) fn book(advisor: &str, n: usize, seed: usize) -> BookBuilder {
    let mut clients: Rows = vec![row!["Client ID", "Name", "Revenue", "Loyal", "Refers"]];
    for i in 0..n {
        let k = i + seed;
        clients.push(row![
            format!("C{i:03}"),
            format!("Client {k}"),
            (1000 * (k % 9 + 1)) as f64,
            if k.is_multiple_of(2) { "yes" } else { "no" },
            if k.is_multiple_of(3) { "yes" } else { "no" }
        ]);
    }
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"], row!["Refers", "yes"]];
    let mut settings: Rows =
        vec![row!["Setting", "Value"], row!["As Of", chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()]];
    if !advisor.is_empty() {
        settings.push(row!["Advisor", advisor]);
    }
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).sheet("Settings", settings)
}

/// An inbox of 32 books in four advisor folders, one of them corrupt, plus a
/// lock file and a hidden file that are not books.
pub(crate) fn inbox(wd: &Workdir) -> PathBuf {
    let root = wd.path("inbox");
    for (a, folder) in ["ann", "bob", "cy", "di"].iter().enumerate() {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        for b in 0..8 {
            let advisor = if a == 3 { "" } else { ["Ann Archer", "Bob Brown", "Cy Chen"][a] };
            let bytes = book(advisor, 20 + b, a * 10 + b).to_bytes();
            std::fs::write(root.join(folder).join(format!("book{b}.xlsx")), bytes).unwrap();
        }
    }
    std::fs::write(root.join("bob/book3.xlsx"), b"PK\x03\x04 not really a workbook").unwrap();
    std::fs::write(root.join("ann/~$book0.xlsx"), b"owner file").unwrap();
    std::fs::write(root.join("cy/.hidden.xlsx"), b"hidden").unwrap();
    root
}

pub(crate) fn reports(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walk(dir) {
        if e.to_string_lossy().ends_with(".tiers.xlsx") {
            out.push(e);
        }
    }
    out.sort();
    out
}

pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

pub(crate) fn run_report(dir: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("run-report.csv")).unwrap();
    csv::ReaderBuilder::new()
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn a_night_of_books_a_broken_one_and_an_unchanged_rerun() {
    let wd = Workdir::new("batch");
    inbox(&wd);
    let first = wd.run(&["batch", "inbox", "--out", "out", "--jobs", "2"]).expect_code(1);
    first.stdout_has(&["32 books: 31 processed, 0 unchanged, 1 failed"]);
    first.stderr_has(&["bob/book3.xlsx"]);
    let out = wd.path("out");
    let written = reports(&out);
    assert_eq!(written.len(), 31, "{written:?}");
    for r in &written {
        let wb = open_workbook_auto(r).unwrap_or_else(|e| panic!("{}: {e}", r.display()));
        assert!(wb.sheet_names().contains(&"Summary".to_string()));
        let csv = r.to_string_lossy().replace(".tiers.xlsx", ".tiers.csv");
        let list = std::fs::read_to_string(&csv).unwrap();
        assert!(list.starts_with("\u{feff}Client ID,Name,Tier,Primary Contact"), "{csv}");
    }
    // Filed by the inbox folder, whatever the Settings say.
    assert!(out.join("ann/book0.tiers.xlsx").is_file());
    assert!(out.join("di/book0.tiers.xlsx").is_file());
    let rows = run_report(&out);
    assert_eq!(rows.len(), 32);
    let broken = rows.iter().find(|r| r[0] == "bob/book3.xlsx").unwrap();
    assert_eq!(broken[2], "failed");
    assert!(broken[3].contains("damaged or incomplete"), "{broken:?}");

    let bytes_before: Vec<Vec<u8>> = written.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let second = wd.run(&["batch", "inbox", "--out", "out"]).expect_code(1);
    second.stdout_has(&["32 books: 0 processed, 31 unchanged, 1 failed"]);
    // A changed book is redone, the rest skipped.
    let original = std::fs::read(wd.path("inbox/ann/book1.xlsx")).unwrap();
    std::fs::write(wd.path("inbox/ann/book1.xlsx"), book("Ann Archer", 25, 99).to_bytes()).unwrap();
    wd.run(&["batch", "inbox", "--out", "out"]).expect_code(1).stdout_has(&["1 processed, 30 unchanged"]);
    std::fs::write(wd.path("inbox/ann/book1.xlsx"), original).unwrap();
    let forced = wd.run(&["batch", "inbox", "--out", "out", "--force"]).expect_code(1);
    forced.stdout_has(&["31 processed, 0 unchanged"]);
    let bytes_after: Vec<Vec<u8>> = written.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(bytes_before == bytes_after, "the same books make the same bytes");

    let advisors = read_sheet(&out.join("portfolio.xlsx"), "Advisors");
    let names: Vec<String> = advisors.iter().skip(1).map(|r| text(&r[0])).collect();
    assert_eq!(names, ["Ann Archer", "Bob Brown", "Cy Chen", "di"]);
    let alerts = read_sheet(&out.join("portfolio.xlsx"), "Alerts");
    assert!(alerts.iter().any(|r| text(&r[0]) == "Bob Brown" && text(&r[1]) == "book failed"), "{alerts:?}");
}

#[test]
fn shards_share_the_night_and_rollup_joins_them() {
    let wd = Workdir::new("batch-shards");
    inbox(&wd);
    let mut done = 0;
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let o = wd.run(&["batch", "inbox", "--out", "out", "--shard", &shard, "-q"]);
        assert!(o.code == Some(0) || o.code == Some(1), "{o}");
        assert!(wd.path(&format!("out/run-report.shard-{k}-of-3.csv")).is_file());
        done +=
            std::fs::read_to_string(wd.path(&format!("out/run-report.shard-{k}-of-3.csv"))).unwrap().lines().count()
                - 1;
    }
    assert_eq!(done, 32, "every book in exactly one shard");
    assert!(!wd.path("out/portfolio.xlsx").exists(), "a shard leaves the roll-up to `rollup`");
    let rolled = wd.run(&["rollup", "out"]).expect_code(1);
    assert_eq!(rolled.stdout, "rollup: 32 books → out/portfolio.xlsx: 31 reported, 1 failed\n", "{rolled}");
    let books = read_sheet(&wd.path("out/portfolio.xlsx"), "Books");
    assert_eq!(books.len() - 1, 32);
}

#[test]
fn a_killed_batch_leaves_only_whole_reports_and_the_next_run_finishes() {
    let wd = Workdir::new("batch-kill");
    inbox(&wd);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tierbook"))
        .args(["batch", "inbox", "--out", "out", "--jobs", "1"])
        .current_dir(&wd.dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Let it finish a few books, then kill it mid-night.
    let out = wd.path("out");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while reports(&out).len() < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    for r in reports(&out) {
        open_workbook_auto(&r).unwrap_or_else(|e| panic!("half-written {}: {e}", r.display()));
    }
    let before = reports(&out).len();
    let next = wd.run(&["batch", "inbox", "--out", "out"]).expect_code(1);
    let rows = run_report(&out);
    let skipped = rows.iter().filter(|r| r[2].starts_with("unchanged (report from ")).count();
    // Every report renamed into place was recorded, but for at most the one
    // in flight when the batch was killed.
    assert!(skipped + 1 >= before, "finished books are not redone: {skipped} skipped of {before}\n{next}");
    assert_eq!(reports(&out).len(), 31);
}

#[test]
fn bad_batch_usage() {
    let wd = Workdir::new("batch-usage");
    wd.run(&["batch", "nowhere", "--out", "out"]).expect_code(1).stderr_has(&["nowhere"]);
    wd.run(&["batch", "inbox"]).expect_code(2);
    wd.run(&["batch", "inbox", "--out", "out", "--shard", "4/3"]).expect_code(2).stderr_has(&["--shard"]);
    wd.run(&["rollup", "out"]).expect_code(1).stderr_has(&["no batch results"]);
}

/// A failed book is named once, by its place in the inbox, on the console and
/// in the run report; a book stopped by several problems reads as one line,
/// its problems joined by " | " (as the run report joins warnings).
#[test]
fn a_failed_book_is_named_once_and_its_problems_read_as_one_line() {
    let wd = Workdir::new("batch-failed-lines");
    let root = wd.path("inbox");
    std::fs::create_dir_all(root.join("ann")).unwrap();
    std::fs::create_dir_all(root.join("bob")).unwrap();
    std::fs::write(root.join("ann/notes.xlsx"), "Client ID,Name\n").unwrap();
    // Two criteria read columns the book does not have.
    let two_problems =
        BookBuilder::new().sheet("Clients", vec![row!["Client ID", "Name", "Loyal"], row!["C1", "Ann", "yes"]]).sheet(
            "Criteria",
            vec![row!["Criterion", "Test"], row!["Loyal", "yes"], row!["Golfer", "yes"], row!["Sailor", "yes"]],
        );
    std::fs::write(root.join("bob/book.xlsx"), two_problems.to_bytes()).unwrap();
    let out = wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(1);
    let rows = run_report(&wd.path("out"));
    let errors: Vec<(&str, &str)> = rows.iter().map(|r| (r[0].as_str(), r[3].as_str())).collect();
    let text_file = "this is a text file, not a workbook (it begins \"Client ID,Name\\n\"); tierbook reads .xlsx, \
                     .xlsm, .xlsb, .xls, .ods and .csv files";
    let problems = "3 problems to fix: Criteria!A3: criterion 'Golfer' reads column 'Golfer', which is not a header \
                    of the Clients sheet; write the exact Clients header in the Column cell | Criteria!A4: criterion \
                    'Sailor' reads column 'Sailor', which is not a header of the Clients sheet; write the exact \
                    Clients header in the Column cell | Criteria!A1: 2 criteria read columns the Clients sheet does \
                    not have: Golfer, Sailor. Its columns are: Client ID, Name, Loyal; rename the client list's \
                    columns to match, or change each criterion's Column";
    assert_eq!(errors, [("ann/notes.xlsx", text_file), ("bob/book.xlsx", problems)], "{out}");
    // Compared whole but for the clock: the start line's time and each
    // book's seconds.
    let stderr: Vec<String> = out
        .stderr
        .lines()
        .map(|l| l.split_once(" tierbook batch: ").map_or(l, |(_, rest)| rest))
        .map(|l| match l.rsplit_once(") ") {
            Some((head, secs)) if l.starts_with('[') && secs.ends_with('s') => format!("{head}) Ns"),
            _ => l.to_string(),
        })
        .collect();
    assert_eq!(
        stderr,
        [
            "start: inbox inbox, shard 1/1: 2 books, output out".to_string(),
            format!("[1/2] ann/notes.xlsx: failed ({text_file}) Ns"),
            format!("[2/2] bob/book.xlsx: failed ({problems}) Ns"),
            format!("tierbook: ann/notes.xlsx: {text_file}"),
            format!("tierbook: bob/book.xlsx: {problems}"),
        ],
        "{out}"
    );
    // A night on which no book was tiered still gets its roll-up.
    let advisors = read_sheet(&wd.path("out/portfolio.xlsx"), "Advisors");
    let names: Vec<String> = advisors.iter().skip(1).map(|r| text(&r[0])).collect();
    assert_eq!(names, ["ann", "bob"]);
}
