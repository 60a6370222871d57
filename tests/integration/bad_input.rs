//! Books that are wrong or damaged: `run` exits 1 naming the file, sheet and
//! cell and what to change, and leaves no report (nor a temporary file);
//! values that can be worked around are kept and listed on Issues.

use calamine::{open_workbook_auto, Data, Reader};

use crate::fixtures::{self, LONG};
use crate::util::{read_sheet, text, tier_rows, BookBuilder, Outcome, Rows, Tiered, Workdir};

/// A small valid Clients sheet.
fn clients() -> Rows {
    vec![
        row!["Client ID", "Name", "Assets", "Refers Others", "Loyal"],
        row!["K1", "Kay Lund", 500_000, "yes", "yes"],
        row!["K2", "Lee Moss", 50_000, "no", "yes"],
    ]
}

/// A small valid Criteria sheet over [`clients`].
fn criteria() -> Rows {
    vec![
        row!["Criterion", "Column", "Test", "Value", "Weight", "Required For"],
        row!["Referrals", "Refers Others", "yes", "", 2, ""],
        row!["Loyal", "Loyal", "yes", "", 1, ""],
        row!["Wealthy", "Assets", ">=", 250_000, 1, "A"],
    ]
}

/// Writes `book` as `file` in a scratch directory named `test`, runs
/// `check` on it, and asserts exit `code` and that check wrote nothing.
fn checked(test: &str, file: &str, book: &BookBuilder, code: i32) -> Outcome {
    let wd = Workdir::new(test);
    wd.write_book(file, book);
    let out = wd.run(&["check", file]).expect_code(code);
    wd.assert_files(&[file], &out);
    out
}

/// Runs `run BOOK` and asserts exit 1, the whole of stderr, and that
/// the directory still holds only the input (no report, no temp file).
fn refused(wd: &Workdir, book: &str, stderr: &str) -> Outcome {
    let inputs: Vec<&str> = wd.files().iter().any(|f| f == book).then_some(book).into_iter().collect();
    let out = wd.refuses(&["run", book], 1, stderr, &inputs);
    assert_eq!(out.stdout, "", "{out}");
    out
}

/// The Issues sheet rows after the header, as (sheet, cell, value, problem).
fn issues(report: &std::path::Path) -> Vec<(String, String, String, String)> {
    read_sheet(report, "Issues")
        .iter()
        .skip(1)
        .filter(|r| r.iter().any(|c| c != &Data::Empty))
        .map(|r| (text(&r[0]), text(&r[1]), text(&r[2]), text(&r[3])))
        .collect()
}

/// The small valid book with `clients` and `criteria` as its two sheets.
fn book(clients: Rows, criteria: Rows) -> Vec<u8> {
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).to_bytes()
}

/// `rows` with the cell at (row, column) changed to the text `to`.
fn edit(mut rows: Rows, (r, c): (usize, usize), to: &str) -> Rows {
    rows[r][c] = to.into();
    rows
}

/// The whole of stderr for a book with one problem to fix, said at `what`.
fn one_problem(what: &str) -> String {
    format!("tierbook: book.xlsx: 1 problem to fix:\n  book.xlsx: {what}\n")
}

/// Books `run` refuses whole (exit 1, the whole of stderr, no report and no
/// temporary file): the small valid book with one thing wrong, then files
/// that are no workbook. Each case runs in a scratch directory named after
/// it, so a failure's command line names the case.
#[test]
fn books_that_cannot_be_tiered_are_refused_with_the_cell_and_the_fix() {
    let bars = fixtures::bars().to_bytes();
    let cases: [(&str, Vec<u8>, String); 9] = [
        (
            "missing-criteria-sheet",
            BookBuilder::new().sheet("Clients", clients()).to_bytes(),
            one_problem("Criteria: no Criteria sheet: tierbook needs the qualities to score clients on; add a sheet named 'Criteria' with columns Criterion, Column, Test, Value, Weight (see docs/input-format.md)"),
        ),
        (
            "criteria-column-not-a-clients-header-names-the-closest",
            book(clients(), edit(criteria(), (1, 1), "Refers")),
            one_problem("Criteria!B2: criterion 'Referrals' reads column 'Refers', which is not a header of the Clients sheet; the closest is 'Refers Others'; write the exact Clients header in the Column cell"),
        ),
        (
            "unknown-test-suggests-the-right-one",
            book(clients(), edit(criteria(), (3, 2), "=>")),
            one_problem("Criteria!C4: unknown test \"=>\"; did you mean \">=\"?; use one of: >= > <= < = <> between yes no one of contains not blank within days"),
        ),
        (
            "clients-sheet-without-an-id-column",
            book(edit(clients(), (0, 0), "Code"), criteria()),
            one_problem("Clients: no 'Client ID' header (or one of: ID, Client #, Client Number, Client No, Account ID, Account Number, Account #, Contact ID, Customer ID, Client Key, Record ID) in the first 20 rows; add a header row with a 'Client ID' column at the top of the Clients sheet"),
        ),
        (
            "clients-sheet-with-only-a-header",
            book(clients()[..1].to_vec(), criteria()),
            one_problem("Clients!A1: the Clients sheet has no client rows under its header; add one row per client below the header row"),
        ),
        (
            "required-for-an-unknown-tier",
            book(clients(), edit(criteria(), (2, 5), "A, D")),
            one_problem("Criteria!F3: criterion 'Loyal' is required for tier \"D\", which does not exist; use tier codes from the Tiers sheet (A, B, C)"),
        ),
        (
            "empty-file",
            Vec::new(),
            "tierbook: book.xlsx: the file is empty (0 bytes); save the workbook again from Excel or LibreOffice\n".into(),
        ),
        (
            "text-file-named-xlsx",
            b"Client ID,Name\nK1,Kay Lund\n".to_vec(),
            "tierbook: book.xlsx: this is a text file, not a workbook (it begins \"Client ID,Name\\nK1,Kay Lund\\n\"); tierbook reads .xlsx, .xlsm, .xlsb, .xls, .ods and .csv files\n".into(),
        ),
        (
            "truncated-workbook",
            bars[..bars.len() / 2].to_vec(),
            "tierbook: book.xlsx: cannot open the workbook: it is damaged or incomplete (Zip error: invalid Zip archive: Could not find EOCD); open it in Excel or LibreOffice, save it again (without a password) and retry\n".into(),
        ),
    ];
    for (case, bytes, stderr) in cases {
        let wd = Workdir::new(case);
        wd.write_bytes("book.xlsx", &bytes);
        refused(&wd, "book.xlsx", &stderr);
    }
}

#[test]
fn nonexistent_book_is_refused() {
    let wd = Workdir::new("missing");
    let out = refused(&wd, "nowhere.xlsx", "tierbook: nowhere.xlsx: cannot read the file: there is no such file or folder; check the path and that you may read it\n");
    assert!(wd.files().is_empty(), "{out}");
    wd.run(&["check", "nowhere.xlsx"]).expect_code(1).stderr_has(&["nowhere.xlsx", "cannot read the file"]);
}

#[test]
fn output_equal_to_the_input_is_refused_and_the_input_kept() {
    let wd = Workdir::new("out-is-in");
    let book = wd.write_book("book.xlsx", &fixtures::bars());
    let before = std::fs::read(&book).unwrap();
    for target in ["book.xlsx", "./book.xlsx"] {
        // A mistake in the command line, found before the book is read: usage.
        let out = wd.run(&["run", "book.xlsx", "-o", target]).expect_code(2);
        out.stderr_has(&["book.xlsx", "would overwrite the input", "choose another path with -o"]);
        wd.assert_files(&["book.xlsx"], &out);
        assert_eq!(std::fs::read(&book).unwrap(), before, "input changed\n{out}");
    }
}

#[test]
fn bad_usage_exits_2() {
    let wd = Workdir::new("usage");
    wd.run(&[]).expect_code(2);
    wd.run(&["run"]).expect_code(2).stderr_has(&["BOOK"]);
    wd.run(&["run", "a.xlsx", "--bogus"]).expect_code(2).stderr_has(&["--bogus"]);
    wd.run(&["frobnicate"]).expect_code(2);
    assert!(wd.files().is_empty());
}

#[test]
fn duplicate_ids_and_rows_without_id_are_kept_and_listed() {
    let tiered = Tiered::book("duplicates", "dups.xlsx", &fixtures::duplicates());
    let mut got: Vec<(String, String, String)> =
        tiered.rows.iter().map(|r| (r.text("Client ID"), r.text("Name"), r.text("Tier"))).collect();
    got.sort();
    let want = [
        ("", "No ID at all", "A"),
        ("D-1", "First of two", "A"),
        ("D-1", "Second of two", "C"),
        ("D-2", "Alone", "C"),
        ("D-3", "Last", "A"),
    ];
    assert_eq!(got, want.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())), "{}", tiered.out);
    let found = issues(&tiered.report);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1.as_str(), found[0].2.as_str()), ("Clients", "A4", "D-1"));
    assert!(found[0].3.contains("row 2"), "{found:?}");
    assert_eq!((found[1].0.as_str(), found[1].1.as_str()), ("Clients", "A5"));
    assert!(found[1].3.contains("no Client ID"), "{found:?}");
}

#[test]
fn over_long_text_is_cut_to_fit_and_listed() {
    let wd = Workdir::new("long-cell");
    wd.write_bytes("long.xlsx", &fixtures::long_cell());
    let mut wb = open_workbook_auto(wd.path("long.xlsx")).unwrap();
    let input = wb.worksheet_range("Clients").unwrap();
    assert_eq!(input.get_value((2, 2)).map(|d| text(d).chars().count()), Some(LONG), "fixture not as planned");
    let (out, report) = wd.tier("long.xlsx");
    let notes = crate::util::client(&tier_rows(&report), "T2").text("Notes");
    assert_eq!(notes.chars().count(), 32_767, "{out}");
    assert!(notes.chars().all(|c| c == 'x'));
    let found = issues(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1.as_str()), ("Clients", "C3"));
    assert!(found[0].3.contains("40000 characters"), "{found:?}");
}

#[test]
fn error_cells_become_blank_and_are_listed() {
    let wd = Workdir::new("error-cell");
    let book = wd.write_book("error.xlsx", &fixtures::error_cell());
    let mut wb = open_workbook_auto(&book).unwrap();
    let cell = wb.worksheet_range("Clients").unwrap().get_value((2, 1)).cloned();
    assert!(matches!(cell, Some(Data::Error(_))), "fixture should read as an error cell: {cell:?}");
    let (out, report) = wd.tier("error.xlsx");
    let e2 = crate::util::client(&tier_rows(&report), "E2").clone();
    assert_eq!(e2.get("Assets"), &Data::Empty, "{out}");
    assert_eq!(e2.text("Tier"), "A");
    let found = issues(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1.as_str(), found[0].2.as_str()), ("Clients", "B3", "#N/A"));
}

#[test]
fn check_reports_every_planted_mistake_in_one_run() {
    let mut crit = criteria();
    crit[1][1] = "Refers".into(); // B2: not a Clients header
    crit[2][2] = "=>".into(); // C3: unknown test
    crit[3][5] = "Z".into(); // F4: unknown tier
    crit.push(row!["Heavy", "Loyal", "yes", "", "lots", ""]); // E5: weight not a number
    let tiers = vec![row!["Tier", "Min Score"], row!["A", "plenty"], row!["B", ""]]; // B2: bad bar
    let book = BookBuilder::new().sheet("Clients", clients()).sheet("Criteria", crit).sheet("Tiers", tiers);
    let out = checked("check-many", "book.xlsx", &book, 1);
    for cell in ["Criteria!B2", "Criteria!C3", "Criteria!F4", "Criteria!E5", "Tiers!B2"] {
        let line = out.stdout.lines().find(|l| l.starts_with(&format!("book.xlsx: {cell}: ")));
        assert!(line.is_some_and(|l| l.contains("error")), "no error line for {cell}\n{out}");
    }
    out.stdout_has(&["the closest is 'Refers Others'", "did you mean \">=\"?", "tier \"Z\"", "\"lots\""]);
    out.stderr_has(&["book.xlsx: 5 errors to fix"]);
}

#[test]
fn check_on_a_good_book_says_ok_and_writes_nothing() {
    let out = checked("check-ok", "bars.xlsx", &fixtures::bars(), 0);
    assert_eq!(out.stdout, "bars.xlsx: ok: 7 clients, 15 criteria; 0 issues to look at, none blocking\n", "{out}");
}

#[test]
fn check_lists_issues_with_cell_references_but_passes() {
    checked("check-issues", "dups.xlsx", &fixtures::duplicates(), 0).stdout_has(&[
        "dups.xlsx: Clients!A4: Client ID also used on row 2",
        "dups.xlsx: Clients!A5: ",
        "2 issues to look at",
    ]);
}

#[test]
fn output_in_a_missing_folder_fails_without_leaving_files() {
    let wd = Workdir::new("out-missing-dir");
    wd.write_book("bars.xlsx", &fixtures::bars());
    // A mistake in the command line (exit 2), said without an OS error code
    // or a temporary file's path.
    wd.refuses(
        &["run", "bars.xlsx", "-o", "nope/report.xlsx"],
        2,
        "tierbook: nope/report.xlsx: the folder nope does not exist; create it first, or choose another path\n",
        &["bars.xlsx"],
    );
}

/// Issue 13: Excel's and LibreOffice's lock files beside the book and the
/// report, and a lock file given as the book.
#[test]
fn lock_files_of_open_books_and_reports_are_named() {
    let wd = Workdir::new("lock-files");
    wd.write_book("bars.xlsx", &fixtures::bars());
    wd.write_bytes("~$bars.xlsx", b"\x0bJordan Avery");
    // The book open in Excel: the report is written, with a notice.
    let out = wd.run(&["run", "bars.xlsx"]).expect_code(0);
    assert!(
        out.stdout.contains(
            "\n  warning: bars.xlsx is open in Excel or LibreOffice (~$bars.xlsx): changes not yet saved are not in this report.\n"
        ),
        "{out}"
    );
    // The lock file itself is not a workbook.
    let out = wd.run(&["run", "~$bars.xlsx", "-o", "x.xlsx"]).expect_code(1);
    out.assert_stderr_is(
        "tierbook: ~$bars.xlsx: this is the lock file Excel or LibreOffice keeps while a workbook is open, not a \
         workbook; run tierbook on bars.xlsx (saved) instead\n",
    );
    // The report open in LibreOffice is not replaced behind its back.
    wd.write_bytes(".~lock.bars.tiers.xlsx#", b"x");
    let before = std::fs::read(wd.path("bars.tiers.xlsx")).unwrap();
    let out = wd.run(&["run", "bars.xlsx"]).expect_code(1);
    out.assert_stderr_is(
        "tierbook: bars.tiers.xlsx: the report is open in Excel or LibreOffice (.~lock.bars.tiers.xlsx# exists), so \
         it cannot be replaced; close it and run again (if no one has it open, delete .~lock.bars.tiers.xlsx#)\n",
    );
    assert_eq!(std::fs::read(wd.path("bars.tiers.xlsx")).unwrap(), before, "the open report was replaced");
    wd.assert_files(&["bars.xlsx", "~$bars.xlsx", "bars.tiers.xlsx", ".~lock.bars.tiers.xlsx#"], &out);
}

#[test]
fn an_old_report_at_the_output_path_is_replaced_whole() {
    let wd = Workdir::new("out-replaced");
    wd.write_book("bars.xlsx", &fixtures::bars());
    wd.write_bytes("report.xlsx", b"an old report, not even a workbook");
    let out = wd.run(&["run", "bars.xlsx", "-o", "report.xlsx"]).expect_code(0);
    wd.assert_files(&["bars.xlsx", "report.xlsx"], &out);
    crate::conservation::assert_conserved(&wd.path("bars.xlsx"), &wd.path("report.xlsx"));
}

/// `tierbook check big.csv | head -1`: when the reader goes away, tierbook
/// ends quietly (SIGPIPE, as command-line tools do), never with a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let wd = Workdir::new("closed-pipe");
    let mut csv = String::from("Client ID,Name,Revenue\n");
    for i in 0..5000 {
        csv.push_str(&format!("C{i},Client {i},lots\n"));
    }
    wd.write_bytes("big.csv", csv.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_tierbook"))
        .args(["check", "big.csv", "--template", "abc-15"])
        .current_dir(&wd.dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!first.is_empty());
    assert!(!stderr.contains("panicked"), "{stderr}");
    // SIGPIPE is signal 13 on Linux and macOS.
    assert_eq!(out.status.signal(), Some(13), "{:?} {stderr}", out.status);
}
