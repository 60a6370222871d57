//! Real books, kind by kind (issue 11), continued: rows that are not
//! clients, sheet geometry, CSV column types and duplicate headers.

use std::path::PathBuf;

use calamine::Data;

use crate::readback::{issue, issues, pairs, sorted_tiers, SKIPPED};
use crate::real_books::{abc15_list, clients_book, tier_book, tier_list, tier_out};
use crate::util::{client, tier_rows, BookBuilder, Cell, Outcome, Rows, Workdir};

/// Writes `book` as book.xlsx with `edit` applied to the text of its zip
/// member `member` (the edit must change it), asserts `check` passes on
/// it, and tiers it ([`tier_out`]).
fn tier_edited(wd: &Workdir, book: &BookBuilder, member: &str, edit: impl Fn(&str) -> String) -> (Outcome, PathBuf) {
    let bytes = crate::util::edit_zip_member(&book.to_bytes(), member, edit);
    assert_ne!(bytes, book.to_bytes(), "the edit of {member} changed nothing");
    wd.write_bytes("book.xlsx", &bytes);
    wd.run(&["check", "book.xlsx"]).expect_code(0);
    tier_out(wd, "book.xlsx")
}

// ---- 5. Rows that are not clients ------------------------------------------

#[test]
fn totals_footers_and_repeated_headers_are_skipped_real_clients_kept() {
    let wd = Workdir::new("not-clients");
    let book = clients_book(vec![
        row!["Client ID", "Name", "Assets", "Values Advice"],
        row!["T-1", "Total Wealth LLC", 900000, "yes"],
        row!["Sumner-2", "Sum Lee", 100, "no"],
        row!["Page 1 of 2"],
        row!["Client ID", "Name", "Assets", "Values Advice"],
        row!["TOTAL-7", "Ida", 600000, "yes"],
        row!["", "Total", 1500700, ""],
        row!["Count: 3"],
        row!["Generated on 2026-11-29 by CRM"],
    ]);
    let (out, report) = tier_book(&wd, &book);
    assert_eq!(sorted_tiers(&report), pairs(&[("Sumner-2", "C"), ("T-1", "A"), ("TOTAL-7", "A")]), "{out}");
    assert_eq!(
        issues(&report),
        [
            issue("Clients!A4", "Page 1 of 2", "not a client: a report footer", SKIPPED),
            issue(
                "Clients!A5",
                "Client ID",
                "not a client: the header row repeated (a page break in an export)",
                SKIPPED
            ),
            issue("Clients!B7", "Total", "not a client: a totals row", SKIPPED),
            issue("Clients!A8", "Count: 3", "not a client: a totals row", SKIPPED),
            issue("Clients!A9", "Generated on 2026-11-29 by CRM", "not a client: a report footer", SKIPPED),
        ]
    );
    assert!(out.stdout.contains("5 rows of the Clients sheet are not clients"), "{out}");
}

#[test]
fn a_row_with_an_id_is_a_client_whatever_its_name() {
    let wd = Workdir::new("odd-names");
    // C-1 to C-3, alike but for names that look like totals and footers.
    let names = ["Total", "Confidential Trust", "Page 2 of 3"];
    let mut clients = vec![row!["Client ID", "Name", "Assets", "Values Advice"]];
    clients.extend(names.iter().enumerate().map(|(i, name)| row![format!("C-{}", i + 1), *name, 100, "no"]));
    let (_, report) = tier_book(&wd, &clients_book(clients));
    assert_eq!(tier_rows(&report).len(), 3);
    assert_eq!(issues(&report), []);
}

// ---- 6. Sheet geometry -----------------------------------------------------

#[test]
fn a_note_far_to_the_right_is_one_column_and_run_agrees_with_check() {
    let wd = Workdir::new("far-note");
    let book = clients_book(vec![
        row!["Client ID", "Assets", "Values Advice"],
        row!["F-1", 900000, "yes"],
        row!["F-2", 1, "no"],
    ]);
    let (out, report) = tier_edited(&wd, &book, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            "</row></sheetData>",
            "</row><row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>left over</t></is></c></row></sheetData>",
        )
    });
    assert_eq!(sorted_tiers(&report), pairs(&[("F-1", "A"), ("F-2", "C")]), "{out}");
    let note = "not a client: a note outside the table (no header above it)";
    assert_eq!(issues(&report), [issue("Clients!XFD1048576", "left over", note, SKIPPED)]);
}

#[test]
fn empty_columns_without_a_header_are_dropped() {
    let wd = Workdir::new("empty-cols");
    let book = clients_book(vec![
        row!["Client ID", "", "Assets", "", "", "Values Advice", "", "Notes"],
        row!["E-1", "", 900000, "", "", "yes", "", "x"],
    ]);
    let rows = tier_rows(&tier_book(&wd, &book).1);
    assert!(rows[0].headers.iter().all(|h| !h.starts_with("Column ")), "{:?}", rows[0].headers);
    assert_eq!(rows[0].text("Notes"), "x");
}

#[test]
fn a_sheet_of_scattered_cells_is_refused_by_check_and_run_alike() {
    let wd = Workdir::new("sparse");
    let mut rows: Rows = vec![row!["Client ID", "Assets", "Values Advice"]];
    for i in 1..2000usize {
        let mut r = vec![Cell::Empty; i % 1500 + 1];
        r[i % 1500] = Cell::Num(1.0);
        rows.push(r);
    }
    wd.write_book("book.xlsx", &clients_book(rows));
    let message = "tierbook: book.xlsx: sheet 'Clients' holds 1999 cells spread over 2998500 rows × columns, too thin to read as a table; delete the stray cells far from the data (Ctrl+End shows the last one) and save again\n";
    let check = wd.run(&["check", "book.xlsx"]).expect_code(1);
    assert_eq!(check.stderr, message);
    let out = wd.run(&["run", "book.xlsx", "-o", "out.xlsx"]).expect_code(1);
    assert_eq!(out.stderr, message);
    wd.assert_files(&["book.xlsx"], &out);
}

#[test]
fn a_wrong_size_hint_on_any_sheet_is_ignored() {
    let wd = Workdir::new("dimension");
    let book = clients_book(vec![row!["Client ID", "Assets", "Values Advice"], row!["Z-1", 900000, "yes"]]);
    let (_, report) = tier_edited(&wd, &book, "xl/worksheets/sheet2.xml", |xml| {
        xml.replace("<dimension ref=\"A1:D3\"/>", "<dimension ref=\"A0:D3\"/>")
    });
    assert_eq!(sorted_tiers(&report), pairs(&[("Z-1", "A")]));
    let hint = "the workbook's size hint for a sheet is invalid";
    assert_eq!(issues(&report), [issue("Criteria", "<dimension>", hint, "ignored: the cells were read as they are")]);
}

#[test]
fn a_header_over_two_rows_is_read_as_one_and_its_second_row_is_no_client() {
    let wd = Workdir::new("two-row-header");
    let book = clients_book(vec![
        row!["Client ID", "Name", "Assets", "", "Values Advice"],
        row!["", "", "Current", "Prior", ""],
        row!["M-1", "Ann", 900000, 100000, "yes"],
        row!["M-2", "Bob", 100000, 950000, "yes"],
    ]);
    let (out, report) = tier_book(&wd, &book);
    assert_eq!(sorted_tiers(&report), pairs(&[("M-1", "A"), ("M-2", "C")]), "{out}");
    assert_eq!(issues(&report), []);
    let rows = tier_rows(&report);
    assert_eq!(client(&rows, "M-1").num("Assets"), 900_000.0);
    assert_eq!(client(&rows, "M-1").num("Assets Prior"), 100_000.0);
}

// ---- 7. Types from CSV -----------------------------------------------------

#[test]
fn csv_dates_yes_no_and_numbers_become_typed_cells_mixed_columns_stay_text() {
    let wd = Workdir::new("csv-types");
    let list = abc15_list(
        ",",
        &[["T-1", "Ana", "6000", "650000"], ["T-2", "Ben", "100", "1000"]],
        &[
            ("Client Since", &["2019-04-01", "2024-12-31"]),
            ("Newsletter", &["yes", "no"]),
            ("Score Card", &["12", "n/a"]),
            ("Zip", &["02134", "10001"]),
            ("Mixed", &["12", "twelve"]),
        ],
    );
    let rows = tier_rows(&tier_list(&wd, &list).1);
    let t1 = client(&rows, "T-1");
    assert!(matches!(t1.get("Client Since"), Data::DateTime(_)), "{:?}", t1.get("Client Since"));
    assert_eq!(t1.get("Newsletter"), &Data::Bool(true));
    assert_eq!(client(&rows, "T-2").get("Newsletter"), &Data::Bool(false));
    assert_eq!(t1.num("Score Card"), 12.0);
    assert_eq!(t1.get("Zip"), &Data::String("02134".into()));
    assert_eq!(t1.get("Mixed"), &Data::String("12".into()));
}

// ---- 8. Duplicate headers --------------------------------------------------

#[test]
fn three_columns_of_one_name_are_each_named_and_labelled() {
    let wd = Workdir::new("dup3");
    let book = clients_book(vec![
        row!["Client ID", "Assets", "Values Advice", "Note", "Note", "Note", "Client ID"],
        row!["D-1", 900000, "yes", "a", "b", "c", "X-9"],
    ]);
    let (_, report) = tier_book(&wd, &book);
    let found = issues(&report);
    let problems: Vec<&str> = found.iter().map(|i| i.2.as_str()).collect();
    assert_eq!(
        problems,
        [
            "two columns are named Note (D1, E1); D1 is the one read",
            "two columns are named Note (D1, F1); D1 is the one read",
            "two columns are named Client ID (A1, G1); A1 is the one read",
        ]
    );
    let rows = tier_rows(&report);
    let d1 = client(&rows, "D-1");
    assert_eq!([d1.text("Note"), d1.text("Note (column E)"), d1.text("Note (column F)")], ["a", "b", "c"]);
    assert_eq!(d1.text("Client ID (column G, not used)"), "X-9");
}

// ---- Never crash: crashers found by fuzzing --------------------------------

/// Damaged .xls files found by the `workbook_reader` fuzz target, each
/// refused as damaged (exit 1, the message compared, no report) by the
/// commands it was found through, never a panic, an abort or a kill. Each
/// case runs in a scratch directory named after its fixture, and a failure
/// names the fixture and the command.
#[test]
fn fuzz_crashers_are_refused_as_damaged_not_a_panic_an_abort_or_a_kill() {
    let damaged = |what: &str| {
        format!(
            "tierbook: book.xls: cannot open the workbook: it is damaged: {what}; open it in Excel or LibreOffice, \
             save it again (without a password) and retry\n"
        )
    };
    // (fixture under tests/fixtures/fuzz, commands, stderr, compared whole)
    let cases: [(&str, &[&str], String, bool); 5] = [
        // A sector chain pointing past the end of the file made calamine's
        // CFB reader panic on a slice index. First caught as a reader panic,
        // now refused earlier, since the file is not a well-formed compound
        // file: one of its mini sector chains loops (it also holds an
        // impossible sheet size; the panic guard itself is unit-tested in
        // `read`). Only the last line is compared, as a reader panic's
        // message would precede it.
        (
            "workbook-cfb-sector-past-end.xls",
            &["run", "check"],
            damaged("a chain of its mini sectors loops back on itself"),
            false,
        ),
        // A DIMENSIONS record declaring billions of cells made calamine
        // reserve 171 GB on opening it, and the process aborted. The
        // declaration is checked first.
        (
            "workbook-xls-dimensions-4-billion-rows.xls",
            &["run"],
            damaged("a sheet declares 2057 rows × 1520 columns, more than an .xls sheet holds"),
            true,
        ),
        // A cell record in column 65,535 made calamine lay out a 137 GB
        // range on opening it, and the process aborted. Cells past column IV
        // are damage.
        (
            "workbook-xls-cell-in-column-65535.xls",
            &["check"],
            damaged("a cell lies in column 65535, past the 256 columns an .xls sheet holds"),
            true,
        ),
        // A looping sector chain made calamine collect sectors without end
        // (24 GB in 43 s, then killed). The loop is found first, in a
        // fraction of a second.
        (
            "workbook-xls-cyclic-sector-chain.xls",
            &["check", "run"],
            damaged("a chain of its sectors loops back on itself"),
            true,
        ),
        // Found after the fixes above: a sheet whose BOUNDSHEET offset falls
        // between the records of a plain walk of the workbook stream, where
        // calamine then read a DIMENSIONS record of four billion rows and
        // reserved a terabyte (an abort in release builds). The guard now
        // walks each sheet from its own offset, as calamine does.
        (
            "workbook-xls-dimensions-at-sheet-offset.xls",
            &["check", "run"],
            damaged("a sheet declares 3741319184 rows × 7 columns, more than an .xls sheet holds"),
            true,
        ),
    ];
    for (fixture, commands, message, whole) in cases {
        let wd = Workdir::new(fixture.trim_end_matches(".xls"));
        wd.copy_fixture(&format!("fuzz/{fixture}"), "book.xls");
        for cmd in commands {
            let out = wd.run(&[cmd, "book.xls"]).expect_code(1);
            if whole {
                assert_eq!(out.stderr, message, "{fixture}, {cmd}\n{out}");
            } else {
                let last = out.stderr.lines().last().unwrap_or_default();
                assert_eq!(last, message.trim_end(), "{fixture}, {cmd}\n{out}");
            }
            wd.assert_files(&["book.xls"], &out);
        }
    }
}
