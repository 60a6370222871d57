//! `send` on awkward inputs: files posing as reports, an advisors workbook.

use mail_parser::MessageParser;

use super::{night, reports_of, send};
use crate::util::{edit_zip_member, BookBuilder, Rows, Workdir};

#[test]
fn files_that_are_not_reports_are_listed_and_the_others_still_go() {
    let wd = Workdir::new("send-not-reports");
    night(&wd);
    let ann_reports = reports_of(&wd.path("out"), "Ann Archer").len();
    // A workbook named like a report but without a Summary, a damaged file,
    // and files send must not even look at.
    let stray = BookBuilder::new().sheet("Sheet1", vec![row!["Advisor", "Ann Archer"]]);
    wd.write_book("out/ann-extra/notes.tiers.xlsx", &{
        std::fs::create_dir_all(wd.path("out/ann-extra")).unwrap();
        stray
    });
    wd.write_bytes("out/ann-extra/broken.tiers.xlsx", b"PK\x03\x04 cut short");
    std::fs::create_dir_all(wd.path("out/.hidden")).unwrap();
    wd.write_bytes("out/.hidden/x.tiers.xlsx", b"never read");
    std::fs::create_dir_all(wd.path("out/outbox")).unwrap();
    wd.write_bytes("out/outbox/y.tiers.xlsx", b"never read");
    wd.write_bytes("out/ann-extra/~$lock.tiers.xlsx", b"never read");

    let o = send(&wd, &["out", "--advisors", "advisors.csv"], None).expect_code(1);
    assert_eq!(
        o.stdout.lines().next().unwrap(),
        "send: sent 0, drafts 3, unchanged 0, not sent 2 (unreadable report: ann-extra/broken.tiers.xlsx, ann-extra/notes.tiers.xlsx)",
        "{o}"
    );
    let lines: Vec<&str> = o.stderr.lines().filter(|l| l.starts_with("tierbook: ")).collect();
    assert_eq!(lines.len(), 2, "{o}");
    assert!(lines[0].starts_with("tierbook: ann-extra/broken.tiers.xlsx: not sent: cannot open the workbook: "), "{o}");
    assert_eq!(
        lines[1],
        "tierbook: ann-extra/notes.tiers.xlsx: not sent: no readable Summary sheet (Xlsx error: Worksheet 'Summary' not found); is it a tierbook report?",
        "{o}"
    );
    // Ann's real reports still went, and only those.
    let ann = std::fs::read(wd.path("out/outbox/Ann Archer.eml")).unwrap();
    let m = MessageParser::default().parse(&ann).unwrap();
    assert_eq!(m.attachment_count(), ann_reports);
}

#[test]
fn an_advisors_workbook_with_a_title_and_a_settings_sheet() {
    let wd = Workdir::new("send-advisors-xlsx");
    night(&wd);
    let advisors: Rows = vec![
        row!["Coach Carter's advisors"],
        vec![],
        row!["Advisor Name", "E-mail", "CC", "Notes"],
        row!["Ann Archer", "ann@example.com", "", "Well done."],
        row!["Bob Brown", "\"Brown, Bob\" <bob@example.com>", "", ""],
        row!["Cy Chen", "cy@example.com", "", ""],
    ];
    let settings: Rows = vec![row!["Setting", "Value"], row!["From", "coach@example.com"]];
    wd.write_book("advisors.xlsx", &BookBuilder::new().sheet("Advisors", advisors).sheet("Settings", settings));
    let o = send(&wd, &["out", "--advisors", "advisors.xlsx"], None).expect_code(0);
    assert!(o.stdout.starts_with("send: sent 0, drafts 3, unchanged 0, not sent 0\n"), "{o}");
    let bob = std::fs::read(wd.path("out/outbox/Bob Brown.eml")).unwrap();
    let m = MessageParser::default().parse(&bob).unwrap();
    let to = m.to().unwrap().first().unwrap();
    assert_eq!((to.name(), to.address()), (Some("Brown, Bob"), Some("bob@example.com")));
    assert_eq!(m.from().unwrap().first().unwrap().address(), Some("coach@example.com"));
    // --from wins over the list's sender.
    send(&wd, &["out", "--advisors", "advisors.xlsx", "--from", "Desk <desk@example.com>"], None).expect_code(0);
    let bob = std::fs::read(wd.path("out/outbox/Bob Brown.eml")).unwrap();
    let m = MessageParser::default().parse(&bob).unwrap();
    assert_eq!(m.from().unwrap().first().unwrap().address(), Some("desk@example.com"));
}

#[test]
fn smtps_checks_the_servers_certificate() {
    let wd = Workdir::new("send-tls");
    night(&wd);
    // A real TLS server whose certificate no public authority signed (as a
    // man in the middle would present): nothing may be sent to it.
    let cert = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/send/self-signed.pem");
    let server = super::Server::start(&wd.path("server"), &["--tls-cert", cert.to_str().unwrap()]);
    let url = format!("smtps://127.0.0.1:{}", server.port);
    let o = send(&wd, &["out", "--advisors", "advisors.csv", "--smtp", &url], None).expect_code(1);
    assert!(
        o.stdout
            .starts_with("send: sent 0, drafts 0, unchanged 0, not sent 3 (failed: Ann Archer, Bob Brown, Cy Chen)"),
        "{o}"
    );
    o.stderr_has(&["tierbook: Ann Archer: not sent: ", "invalid peer certificate: UnknownIssuer"]);
    assert!(server.received().is_empty());
    assert!(!wd.path("out/.tierbook-sent/sent.csv").exists(), "nothing unsent is recorded");
}

/// An advisors workbook is read as a book is: a stray cell at XFD1048576 is
/// one cell (read as a dense grid it asked for seventeen billion and the
/// process aborted), and a damaged file is refused with the file named once.
#[test]
fn an_advisors_workbook_with_a_far_stray_cell_or_damage() {
    let wd = Workdir::new("send-advisors-far");
    night(&wd);
    let advisors = plain_advisors();
    let bytes = BookBuilder::new().sheet("Advisors", advisors).to_bytes();
    let far = edit_zip_member(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            "</row></sheetData>",
            "</row><row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t> </t></is></c></row></sheetData>",
        )
    });
    assert_ne!(far, bytes, "the stray cell is in the file");
    wd.write_bytes("advisors.xlsx", &far);
    let o = send(&wd, &["out", "--advisors", "advisors.xlsx"], None).expect_code(0);
    assert!(o.stdout.starts_with("send: sent 0, drafts 3, unchanged 0, not sent 0\n"), "{o}");

    wd.write_bytes("damaged.xlsx", b"PK\x03\x04 cut short");
    let o = send(&wd, &["out", "--advisors", "damaged.xlsx"], None).expect_code(1);
    assert_eq!(
        o.stderr,
        "tierbook: damaged.xlsx: cannot open the workbook: it is damaged or incomplete (Zip error: invalid Zip \
         archive: Could not find EOCD); open it in Excel or LibreOffice, save it again (without a password) and retry\n",
        "{o}"
    );
}

/// A sheet the list does not need cannot stop it: a second sheet with an
/// invalid size hint (`<dimension ref="A0:…">`) is read again without the
/// hint, as a book's is, and the list's own sheet is read either way.
#[test]
fn an_advisors_workbook_with_a_second_sheet_that_is_hard_to_read() {
    let wd = Workdir::new("send-advisors-second-sheet");
    night(&wd);
    let advisors = plain_advisors();
    let notes: Rows = vec![row!["Note"], row!["Call Bob about the seminar"]];
    let bytes = BookBuilder::new().sheet("Advisors", advisors).sheet("Notes", notes).to_bytes();
    let bad = edit_zip_member(&bytes, "xl/worksheets/sheet2.xml", |xml| {
        xml.replace("<dimension ref=\"A1:A2\"/>", "<dimension ref=\"A0:A2\"/>")
    });
    assert_ne!(bad, bytes, "the size hint is in the file");
    wd.write_bytes("advisors.xlsx", &bad);
    let o = send(&wd, &["out", "--advisors", "advisors.xlsx"], None).expect_code(0);
    assert!(o.stdout.starts_with("send: sent 0, drafts 3, unchanged 0, not sent 0\n"), "{o}");
}

/// The three advisors of `night`, with the coach's address as a `From` row.
fn plain_advisors() -> Rows {
    vec![
        row!["Advisor", "Email"],
        row!["Ann Archer", "ann@example.com"],
        row!["Bob Brown", "bob@example.com"],
        row!["Cy Chen", "cy@example.com"],
        row!["From", "coach@example.com"],
    ]
}
