//! `tierbook send` end to end: a night's batch, then the coach's drafts,
//! and messages sent to a real SMTP server on 127.0.0.1 and read back.

mod inputs;
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use mail_parser::{MessageParser, MimeHeaders};

use crate::util::{fact, read_sheet, text, BookBuilder, Outcome, Rows, Workdir};
use server::Server;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A book of `n` clients for `advisor`, with previous tiers, review dates and
/// one revenue that cannot be read (an input issue).
fn book(advisor: &str, n: usize, seed: usize) -> BookBuilder {
    let mut clients: Rows =
        vec![row!["Client ID", "Name", "Revenue", "Loyal", "Refers", "Previous Tier", "Last Review"]];
    for i in 0..n {
        let k = i + seed;
        let revenue =
            if i == 3 { crate::util::Cell::from("lots") } else { crate::util::Cell::from((1000 * (k % 9 + 1)) as f64) };
        clients.push(vec![
            format!("C{i:03}").into(),
            format!("Client {k}").into(),
            revenue,
            (if k.is_multiple_of(2) { "yes" } else { "no" }).into(),
            (if k.is_multiple_of(3) { "yes" } else { "no" }).into(),
            ["A", "B", "C", ""][k % 4].into(),
            NaiveDate::from_ymd_opt(2025 + (k % 2) as i32, 1 + (k % 12) as u32, 15).unwrap().into(),
        ]);
    }
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"], row!["Refers", "yes"]];
    let settings: Rows = vec![
        row!["Setting", "Value"],
        row!["As Of", NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()],
        row!["Advisor", advisor],
    ];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).sheet("Settings", settings)
}

const ADVISORS: &str = "Advisor,Email,Cc,Coach Note\n\
Ann Archer,ann@example.com,,\"Great quarter, Ann. Tier A needs a look.\"\n\
Bob Brown,bob@example.com,office@example.com; Kim Lee <kim@example.com>,\n\
cy chen,cy@example.com,,\n\
From,Coach Carter <coach@example.com>,,\n";

/// Three advisors' books (Ann has two), tiered by `batch` into `out`, and the
/// coach's advisors.csv.
fn night(wd: &Workdir) {
    for (folder, file, advisor, n, seed) in [
        ("ann", "north.xlsx", "Ann Archer", 24, 0),
        ("ann", "south.xlsx", "Ann Archer", 18, 5),
        ("bob", "book.xlsx", "Bob Brown", 30, 11),
        ("cy", "book.xlsx", "Cy Chen", 12, 23),
    ] {
        std::fs::create_dir_all(wd.path(&format!("inbox/{folder}"))).unwrap();
        wd.write_book(&format!("inbox/{folder}/{file}"), &book(advisor, n, seed));
    }
    wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    wd.write_bytes("advisors.csv", ADVISORS.as_bytes());
}

/// Runs `tierbook send` with `TIERBOOK_SMTP_PASSWORD` set to `password` (or
/// unset).
fn send(wd: &Workdir, args: &[&str], password: Option<&str>) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tierbook"));
    cmd.arg("send").args(args).current_dir(&wd.dir).env_remove("TIERBOOK_SMTP_PASSWORD");
    if let Some(p) = password {
        cmd.env("TIERBOOK_SMTP_PASSWORD", p);
    }
    let out = cmd.output().expect("start tierbook");
    Outcome {
        cmd: format!("(cd {} && tierbook send {})", wd.dir.display(), args.join(" ")),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The report files under `out` whose Summary names `advisor`, sorted.
fn reports_of(out: &Path, advisor: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() && !e.file_name().to_string_lossy().starts_with('.') {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".tiers.xlsx")
                && text(&fact(&read_sheet(&p, "Summary"), "Advisor")) == advisor
            {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

/// The lines the note must hold for `report`, each built from the report's
/// own cells: clients per tier, movement, overdue reviews, every warning and
/// the input-issue count.
fn figures(report: &Path) -> Vec<String> {
    let summary = read_sheet(report, "Summary");
    let review = read_sheet(report, "Review");
    let count = |grid: &[Vec<calamine::Data>], label: &str| -> String {
        let row = grid.iter().find(|r| r.first().map(text).as_deref() == Some(label)).unwrap();
        row.iter().skip(1).map(text).find(|t| !t.is_empty()).unwrap()
    };
    let mut lines = vec![format!("Clients per tier ({} clients)", text(&fact(&summary, "Clients")))];
    let top = summary.iter().position(|r| r.len() > 2 && text(&r[0]) == "Tier" && text(&r[1]) == "Label").unwrap();
    let mut codes = Vec::new();
    for r in summary.iter().skip(top + 1).take_while(|r| !text(&r[0]).is_empty() && text(&r[0]) != "Total") {
        codes.push((text(&r[0]), text(&r[2])));
        lines.push(format!("Tier {} ({}): {} clients", text(&r[0]), text(&r[1]), text(&r[2])));
    }
    assert!(codes.len() >= 2, "{}: tiers {codes:?}", report.display());
    let delivery =
        summary.iter().position(|r| r.len() > 2 && text(&r[0]) == "Tier" && text(&r[2]) == "Overdue").unwrap();
    for r in summary.iter().skip(delivery + 1).take(codes.len()) {
        lines.push(format!("Tier {}: {} of {} overdue", text(&r[0]), text(&r[2]), text(&r[1])));
    }
    lines.push(format!(
        "{} promoted, {} demoted, {} new, {} departed",
        count(&review, "Promoted"),
        count(&review, "Demoted"),
        count(&review, "New"),
        count(&review, "Departed")
    ));
    let warnings = summary.iter().position(|r| r.first().map(text).as_deref() == Some("Warnings")).unwrap();
    let listed: Vec<String> =
        summary.iter().skip(warnings + 1).map(|r| text(&r[0])).take_while(|w| !w.is_empty()).collect();
    assert!(!listed.is_empty() && !listed[0].starts_with("None"), "the fixture books raise warnings");
    lines.push(format!("Warnings ({})", listed.len()));
    lines.extend(listed);
    lines.push(format!("Input issues to fix ({})", text(&fact(&summary, "Input issues"))));
    lines
}

/// Checks one message against the advisor's reports: recipients, subject,
/// the note's figures in both bodies, the attachments byte for byte.
fn check_message(raw: &[u8], advisor: &str, to: &str, cc: &[&str], reports: &[PathBuf]) {
    let m = MessageParser::default().parse(raw).expect("an RFC 5322 message");
    let addresses = |a: Option<&mail_parser::Address>| -> Vec<String> {
        a.map(|a| a.iter().filter_map(|x| x.address().map(str::to_string)).collect()).unwrap_or_default()
    };
    assert_eq!(addresses(m.from()), ["coach@example.com"]);
    assert_eq!(addresses(m.to()), [to]);
    assert_eq!(addresses(m.cc()), cc);
    assert_eq!(m.subject(), Some(format!("Client tiers — {advisor} — 2026-11-30").as_str()));
    assert!(m.message_id().is_some_and(|id| id.ends_with("@example.com")), "{:?}", m.message_id());
    // Lines end in CRLF on the wire.
    let body = m.body_text(0).expect("a plain-text note").replace("\r\n", "\n");
    let html = m.body_html(0).expect("an HTML note").replace("\r\n", "\n");
    assert!(body.starts_with(&format!("Hello {advisor},\n")), "{body}");
    for r in reports {
        for line in figures(r) {
            assert!(body.contains(&line), "the note lacks {line:?} from {}\n{body}", r.display());
            if !line.contains(['&', '<', '>', '"', '\'']) {
                assert!(html.contains(&line), "the HTML note lacks {line:?}\n{html}");
            }
        }
    }
    let attached: Vec<(String, String, Vec<u8>)> = m
        .attachments()
        .map(|a| {
            let ct =
                a.content_type().map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or(""))).unwrap_or_default();
            (a.attachment_name().unwrap_or("").to_string(), ct, a.contents().to_vec())
        })
        .collect();
    assert_eq!(attached.len(), reports.len(), "one attachment per report");
    for (r, (name, ct, bytes)) in reports.iter().zip(&attached) {
        assert_eq!(name, &r.file_name().unwrap().to_string_lossy());
        assert_eq!(ct, XLSX);
        assert!(bytes == &std::fs::read(r).unwrap(), "{name}: the attachment differs from the report file");
    }
}

fn ledger_rows(wd: &Workdir) -> Vec<Vec<String>> {
    let Ok(text) = std::fs::read_to_string(wd.path("out/.tierbook-sent/sent.csv")) else { return Vec::new() };
    csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

#[test]
fn drafts_parse_back_with_the_reports_figures_and_files() {
    let wd = Workdir::new("send-drafts");
    night(&wd);
    let out = wd.path("out");
    let o = send(&wd, &["out", "--advisors", "advisors.csv"], None).expect_code(0);
    assert_eq!(
        o.stdout,
        format!(
            "send: sent 0, drafts 3, unchanged 0, not sent 0\ndrafts in {}: open each in your mail program, check it, send it\n",
            Path::new("out").join("outbox").display()
        ),
        "{o}"
    );
    let mut drafts: Vec<String> = std::fs::read_dir(wd.path("out/outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    drafts.sort();
    assert_eq!(drafts, ["Ann Archer.eml", "Bob Brown.eml", "Cy Chen.eml"]);
    let ann = std::fs::read(wd.path("out/outbox/Ann Archer.eml")).unwrap();
    let ann_reports = reports_of(&out, "Ann Archer");
    assert_eq!(ann_reports.len(), 2);
    check_message(&ann, "Ann Archer", "ann@example.com", &[], &ann_reports);
    let parsed = MessageParser::default().parse(&ann).unwrap();
    assert_eq!(parsed.header_raw("X-Unsent").map(str::trim), Some("1"), "Outlook opens it as a message to send");
    let body = parsed.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(body.contains("A note from your coach:\nGreat quarter, Ann. Tier A needs a look.\n"), "{body}");
    let bob = std::fs::read(wd.path("out/outbox/Bob Brown.eml")).unwrap();
    check_message(
        &bob,
        "Bob Brown",
        "bob@example.com",
        &["office@example.com", "kim@example.com"],
        &reports_of(&out, "Bob Brown"),
    );
    let cy = std::fs::read(wd.path("out/outbox/Cy Chen.eml")).unwrap();
    check_message(&cy, "Cy Chen", "cy@example.com", &[], &reports_of(&out, "Cy Chen"));
    assert!(ledger_rows(&wd).is_empty(), "a draft is not a message sent");

    // A second run replaces the drafts: the outbox never keeps stale ones.
    std::fs::write(wd.path("out/outbox/Old Advisor.eml"), b"From: x\r\n\r\nold").unwrap();
    send(&wd, &["out", "--advisors", "advisors.csv"], None).expect_code(0);
    assert!(!wd.path("out/outbox/Old Advisor.eml").exists());
    assert!(wd.path("out/outbox/Ann Archer.eml").is_file());
}

#[test]
fn smtp_sends_each_advisor_once_and_a_changed_report_again() {
    let wd = Workdir::new("send-smtp");
    night(&wd);
    let out = wd.path("out");
    let server = Server::start(&wd.path("server"), &[]);
    let url = server.url(None);
    let args = ["out", "--advisors", "advisors.csv", "--smtp", url.as_str()];
    let o = send(&wd, &args, None).expect_code(0);
    assert_eq!(o.stdout, "send: sent 3, drafts 0, unchanged 0, not sent 0\n", "{o}");
    assert_eq!(
        o.stderr,
        "Ann Archer: sent to ann@example.com (2 reports)\nBob Brown: sent to bob@example.com (1 report)\nCy Chen: sent to cy@example.com (1 report)\n"
    );
    let got = server.received();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].from, "coach@example.com");
    assert_eq!(got[0].to, ["ann@example.com"]);
    assert_eq!(got[1].to, ["bob@example.com", "office@example.com", "kim@example.com"]);
    assert_eq!(got[2].to, ["cy@example.com"]);
    check_message(&got[0].raw, "Ann Archer", "ann@example.com", &[], &reports_of(&out, "Ann Archer"));
    // Bob's mail, with his office and Kim in copy and his reports as they are now.
    let bobs = |raw: &[u8]| {
        let cc = ["office@example.com", "kim@example.com"];
        check_message(raw, "Bob Brown", "bob@example.com", &cc, &reports_of(&out, "Bob Brown"))
    };
    bobs(&got[1].raw);
    let ledger = ledger_rows(&wd);
    assert_eq!(ledger.len(), 4, "one row per report sent: {ledger:?}");
    let id = MessageParser::default().parse(&got[0].raw).unwrap().message_id().unwrap().to_string();
    assert!(ledger[0][3].contains(&id), "the ledger keeps the Message-ID: {ledger:?}");
    assert!(!wd.path("out/outbox").exists(), "sending writes no drafts");

    let again = send(&wd, &args, None).expect_code(0);
    assert_eq!(again.stdout, "send: sent 0, drafts 0, unchanged 3, not sent 0\n", "{again}");
    assert_eq!(server.received().len(), 3, "a rerun sends nothing");

    // Bob's book changes; the batch rewrites his report; only he gets mail.
    wd.write_book("inbox/bob/book.xlsx", &book("Bob Brown", 31, 11));
    wd.run(&["batch", "inbox", "--out", "out", "-q"]).expect_code(0);
    let third = send(&wd, &args, None).expect_code(0);
    assert_eq!(third.stdout, "send: sent 1, drafts 0, unchanged 2, not sent 0\n", "{third}");
    let got = server.received();
    assert_eq!(got.len(), 4);
    bobs(&got[3].raw);
    assert!(String::from_utf8_lossy(&got[3].raw).contains("31 clients"));

    let forced = send(&wd, &[&args[..], &["--force"]].concat(), None).expect_code(0);
    assert_eq!(forced.stdout, "send: sent 3, drafts 0, unchanged 0, not sent 0\n", "{forced}");
    assert_eq!(server.received().len(), 7);
}

#[test]
fn a_server_that_stops_after_the_first_message() {
    let wd = Workdir::new("send-stop");
    night(&wd);
    let first = Server::start(&wd.path("server1"), &["--stop-after", "1"]);
    let url = first.url(None);
    let o = send(&wd, &["out", "--advisors", "advisors.csv", "--smtp", &url], None).expect_code(1);
    assert!(
        o.stdout.starts_with("send: sent 1, drafts 0, unchanged 0, not sent 2 (failed: Bob Brown, Cy Chen)\n"),
        "{o}"
    );
    o.stderr_has(&[
        "tierbook: Bob Brown: not sent: Connection error: Connection refused",
        "tierbook: Cy Chen: not sent: Connection error: Connection refused",
    ]);
    assert_eq!(first.received().len(), 1);
    let ledger = ledger_rows(&wd);
    assert!(ledger.iter().all(|r| r[0] == "Ann Archer") && ledger.len() == 2, "only what went is recorded: {ledger:?}");

    let second = Server::start(&wd.path("server2"), &[]);
    let url = second.url(None);
    let o = send(&wd, &["out", "--advisors", "advisors.csv", "--smtp", &url], None).expect_code(0);
    assert_eq!(o.stdout, "send: sent 2, drafts 0, unchanged 1, not sent 0\n", "{o}");
    let got = second.received();
    assert_eq!(got.iter().map(|m| m.to[0].as_str()).collect::<Vec<_>>(), ["bob@example.com", "cy@example.com"]);
}

#[test]
fn a_wrong_password_a_refused_recipient_and_a_dropped_connection() {
    let wd = Workdir::new("send-auth");
    night(&wd);
    let server = Server::start(
        &wd.path("server"),
        &["--user", "coach", "--password", "Right-Horse-9", "--reject", "bob@example.com"],
    );
    let url = server.url(Some("coach"));
    let args = ["out", "--advisors", "advisors.csv", "--smtp", url.as_str()];
    let secret = "Wrong-Battery-Staple-42";
    let o = send(&wd, &args, Some(secret)).expect_code(1);
    assert!(
        o.stdout
            .starts_with("send: sent 0, drafts 0, unchanged 0, not sent 3 (failed: Ann Archer, Bob Brown, Cy Chen)"),
        "{o}"
    );
    o.stderr_has(&["tierbook: Ann Archer: not sent: permanent error (535): 5.7.8 Authentication credentials invalid (check the user name and TIERBOOK_SMTP_PASSWORD)"]);
    assert!(!o.stdout.contains(secret) && !o.stderr.contains(secret), "the password leaked\n{o}");
    assert!(server.received().is_empty() && ledger_rows(&wd).is_empty());

    let o = send(&wd, &args, Some("Right-Horse-9")).expect_code(1);
    assert!(o.stdout.starts_with("send: sent 2, drafts 0, unchanged 0, not sent 1 (failed: Bob Brown)"), "{o}");
    o.stderr_has(&["tierbook: Bob Brown: not sent: permanent error (550): 5.1.1 no such mailbox here"]);
    let got = server.received();
    assert_eq!(got.iter().map(|m| m.login.as_deref()).collect::<Vec<_>>(), [Some("coach"), Some("coach")]);
    assert!(!o.stderr.contains("Right-Horse-9") && !o.stdout.contains("Right-Horse-9"));

    // The server hangs up in the middle of Bob's message: he stays unsent.
    let dropping = Server::start(&wd.path("dropping"), &["--drop-message", "1"]);
    let url = dropping.url(None);
    let o = send(&wd, &["out", "--advisors", "advisors.csv", "--smtp", &url], None).expect_code(1);
    assert!(o.stdout.starts_with("send: sent 0, drafts 0, unchanged 2, not sent 1 (failed: Bob Brown)"), "{o}");
    assert!(dropping.received().is_empty());
    assert!(ledger_rows(&wd).iter().all(|r| r[0] != "Bob Brown"));
}

#[test]
fn advisors_that_cannot_be_paired_are_listed_and_get_nothing() {
    let wd = Workdir::new("send-pairing");
    night(&wd);
    wd.write_bytes(
        "advisors.csv",
        b"Advisor,Email\nAnn Archer,ann@example.com\nANN ARCHER,ann2@example.com\nBob Brown,bob@\nEve Evans,eve@example.com\nCy Chan,cy@example.com\n",
    );
    let o = send(&wd, &["out", "--advisors", "advisors.csv", "--from", "coach@example.com"], None).expect_code(1);
    assert_eq!(
        o.stdout,
        "send: sent 0, drafts 0, unchanged 0, not sent 5 (two rows: Ann Archer; bad address: Bob Brown; no address: Cy Chen; no reports: Eve Evans, Cy Chan)\n",
        "{o}"
    );
    assert_eq!(
        o.stderr,
        "tierbook: Ann Archer: not sent: 2 rows in the advisors list (advisors.csv: A2; advisors.csv: A3); keep one\n\
tierbook: Bob Brown: not sent: advisors.csv: B4: \"bob@\" is not an email address\n\
tierbook: Cy Chen: not sent: the advisors list has no row for them (did you mean \"Cy Chan\"?)\n\
tierbook: Eve Evans: nothing to send: no report of theirs in this folder\n\
tierbook: Cy Chan: nothing to send: no report of theirs in this folder\n",
        "{o}"
    );
    let drafts = std::fs::read_dir(wd.path("out/outbox")).unwrap().count();
    assert_eq!(drafts, 0, "nothing for anyone not paired exactly once");
}

#[test]
fn bad_send_usage() {
    let wd = Workdir::new("send-usage");
    night(&wd);
    let o =
        send(&wd, &["out", "--advisors", "advisors.csv", "--smtp", "smtp://coach:Hunter-2-Secret@127.0.0.1:25"], None)
            .expect_code(2);
    assert_eq!(
        o.stderr,
        "tierbook: --smtp: the URL holds a password; remove it from the command line (it shows in the process list and shell history) and set TIERBOOK_SMTP_PASSWORD instead\n"
    );
    let o =
        send(&wd, &["out", "--advisors", "advisors.csv", "--smtp", "smtp://coach@127.0.0.1:25"], None).expect_code(2);
    assert_eq!(o.stderr, "tierbook: --smtp: user \"coach\" given but no password: set TIERBOOK_SMTP_PASSWORD\n");
    wd.write_bytes("no-from.csv", b"Advisor,Email\nAnn Archer,ann@example.com\n");
    let o = send(&wd, &["out", "--advisors", "no-from.csv"], None).expect_code(2);
    assert_eq!(
        o.stderr,
        "tierbook: no sender: pass --from coach@your-practice.com, or add a row `From` with the address to no-from.csv\n"
    );
    let o = send(&wd, &["out", "--advisors", "missing.csv"], None).expect_code(1);
    assert!(o.stderr.starts_with("tierbook: missing.csv: cannot read the file: "), "{o}");
    std::fs::create_dir_all(wd.path("empty")).unwrap();
    let o = send(&wd, &["empty", "--advisors", "advisors.csv"], None).expect_code(1);
    assert_eq!(
        o.stderr,
        "tierbook: empty: cannot read the folder: no report (*.tiers.xlsx) in any advisor's folder; give the folder `tierbook batch --out` wrote\n"
    );
    assert!(!wd.path("empty/outbox").exists());
}

/// Two sends from one folder at once (a scheduled run and a manual one) would
/// each mail every unsent report: the second is refused while the first holds
/// the folder, with nothing written, and runs once the first has finished.
#[test]
fn a_second_send_from_the_same_folder_is_refused_while_the_first_runs() {
    let wd = Workdir::new("send-busy");
    night(&wd);
    std::fs::create_dir_all(wd.path("out/.tierbook-sent")).unwrap();
    // The lock a running send holds, taken here as that run would.
    let running = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(wd.path("out/.tierbook-sent/send.lock"))
        .unwrap();
    running.lock().unwrap();
    let o = send(&wd, &["out", "--advisors", "advisors.csv"], None).expect_code(1);
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str()),
        (
            "",
            "tierbook: out: another `tierbook send` is sending from this folder; nothing was sent: run again when it \
             has finished\n"
        ),
        "{o}"
    );
    assert!(!wd.path("out/outbox").exists(), "no draft was written");
    drop(running);
    send(&wd, &["out", "--advisors", "advisors.csv"], None).expect_code(0);
    assert!(wd.path("out/outbox/Ann Archer.eml").is_file());
}
