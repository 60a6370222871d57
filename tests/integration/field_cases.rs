//! The real-world inputs tierbook once got wrong (issue 11), each with the
//! outcome an advisor expects. The inputs are committed under
//! `tests/fixtures/field-cases/` as they were handed in (each reproduces a
//! public bug report against a spreadsheet or CSV reader).

use std::path::PathBuf;

use calamine::Data;

use crate::util::{client, fact, ids_and_tiers, read_sheet, text, tier_rows, Outcome, Workdir};

/// Copies field case `file` in and runs `tierbook run` on it (with the
/// abc-15 template for the bare CSV lists), expecting success.
fn run_case(wd: &Workdir, file: &str) -> (Outcome, PathBuf) {
    // Named as the field case names them, so Issues say `clients.csv!C2`.
    let name = if file.ends_with(".csv") { "clients.csv" } else { "book.xlsx" };
    wd.copy_fixture(&format!("field-cases/{file}"), name);
    let mut args = vec!["run", name, "-o", "out.xlsx"];
    if name.ends_with(".csv") {
        args.extend(["--template", "abc-15"]);
    }
    let out = wd.run(&args).expect_code(0);
    (out, wd.path("out.xlsx"))
}

/// The Issues sheet as (cell, value, problem, action) rows, cell as `Sheet!A1`.
pub fn issues(report: &std::path::Path) -> Vec<(String, String, String, String)> {
    read_sheet(report, "Issues")
        .iter()
        .skip(1)
        .map(|r| {
            let t = |i: usize| r.get(i).map(text).unwrap_or_default();
            let at = if t(1).is_empty() { t(0) } else { format!("{}!{}", t(0), t(1)) };
            (at, t(2), t(3), t(4))
        })
        .collect()
}

/// The Summary's warnings (the lines under `Warnings`).
pub fn summary_text(report: &std::path::Path) -> String {
    read_sheet(report, "Summary").iter().flat_map(|r| r.iter().map(text)).collect::<Vec<_>>().join("\n")
}

#[test]
fn csv_semicolon_comma_reads_european_amounts_as_written() {
    let wd = Workdir::new("fc-semicolon");
    let (out, report) = run_case(&wd, "csv-semicolon-comma.csv");
    let rows = tier_rows(&report);
    let money: Vec<(String, f64, f64)> =
        rows.iter().map(|r| (r.text("Client ID"), r.num("Revenue"), r.num("Assets"))).collect();
    let want = [("K-01", 6000.50, 1_250_000.0), ("K-02", 4999.99, 499_999.50), ("K-03", 1234.56, 80_000.0)];
    for (id, rev, assets) in want {
        let got = money.iter().find(|m| m.0 == id).unwrap_or_else(|| panic!("{id} missing\n{out}"));
        assert_eq!((got.1, got.2), (rev, assets), "{id}");
    }
    assert_eq!(client(&rows, "K-01").num("Income"), 200_000.0);
    assert_eq!(client(&rows, "K-02").num("Income"), 150_000.0);
    // `ja` is not a promised yes: one Issue per cell, nothing about amounts.
    let found = issues(&report);
    assert!(found.iter().all(|i| !i.2.contains("amount")), "{found:?}");
    assert!(found.iter().any(|i| i.0 == "clients.csv!C2" && i.1 == "ja"), "{found:?}");
}

#[test]
fn csv_windows_1252_names_are_decoded_and_the_encoding_named() {
    let wd = Workdir::new("fc-1252");
    let (_, report) = run_case(&wd, "csv-windows-1252.csv");
    let rows = tier_rows(&report);
    let names: Vec<String> = rows.iter().map(|r| r.text("Name")).collect();
    for want in ["Renée Lefèvre", "Jürgen Müller – trustee", "Siobhán Ó Briain"] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    for sheet in crate::util::sheet_names(&report) {
        for row in read_sheet(&report, &sheet) {
            assert!(row.iter().all(|c| !text(c).contains('\u{FFFD}')), "U+FFFD on {sheet}: {row:?}");
        }
    }
    let found = issues(&report);
    assert!(
        found.contains(&(
            "clients.csv".into(),
            "windows-1252".into(),
            "the file is not UTF-8 text; read as windows-1252".into(),
            "check the names in the report; in Excel save as \"CSV UTF-8\" to be sure".into()
        )),
        "{found:?}"
    );
    // `£800` is read as 800, not reported.
    assert!(found.iter().all(|i| !i.2.contains("not an amount")), "{found:?}");
}

#[test]
fn csv_numbers_as_text_reach_the_report_as_numbers() {
    let wd = Workdir::new("fc-numbers");
    let (_, report) = run_case(&wd, "csv-numbers-as-text.csv");
    let rows = tier_rows(&report);
    let n1 = client(&rows, "N-01");
    let n2 = client(&rows, "N-02");
    assert_eq!(
        [n1.num("Referrals"), n1.num("Age"), n1.num("Income"), n1.num("Years As Client")],
        [3.0, 52.0, 200_000.0, 12.0]
    );
    assert_eq!(n2.num("Years As Client"), 2.5);
    assert_eq!(n1.get("Occupation"), &Data::String("Physician".into()));
}

#[test]
fn formula_without_saved_value_is_on_issues_and_the_summary_warns() {
    let wd = Workdir::new("fc-formula");
    let (out, report) = run_case(&wd, "formula-no-cache.xlsx");
    let found = issues(&report);
    let cells: Vec<&str> = found.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(cells, ["Clients!E2", "Clients!E3", "Clients!C4", "Clients!E4"], "{found:?}");
    assert_eq!(
        found[2],
        (
            "Clients!C4".into(),
            "=F4+G4".into(),
            "formula with no saved value: open and save the book in Excel or LibreOffice".into(),
            "left blank".into()
        )
    );
    let warning = "4 formula cells with no saved value are read by the scoring (Clients!E2, Clients!E3, Clients!C4, Clients!E4), so tiers may be wrong: open and save the book in Excel or LibreOffice, then run again.";
    assert!(out.stdout.contains(warning), "{out}");
    assert!(summary_text(&report).contains(warning));
}

#[test]
fn zero_padded_ids_match_and_are_shown_as_the_advisor_sees_them() {
    let wd = Workdir::new("fc-ids");
    let (out, report) = run_case(&wd, "id-zero-padded.xlsx");
    let rows = tier_rows(&report);
    let mut got = ids_and_tiers(&rows);
    got.sort();
    let want: Vec<(String, String)> = [("0000045", "A"), ("0000123", "A"), ("0007001", "B")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want, "{out}");
    assert!(issues(&report).is_empty(), "{:?}", issues(&report));
    assert_eq!(client(&rows, "0000045").text("Related To"), "0000123");
}

#[test]
fn totals_and_footer_rows_are_skipped_and_named() {
    let wd = Workdir::new("fc-totals");
    let (out, report) = run_case(&wd, "report-export-totals.xlsx");
    let mut got = ids_and_tiers(&tier_rows(&report));
    got.sort();
    assert_eq!(
        got,
        [("G-01", "A"), ("G-02", "A"), ("G-03", "C"), ("G-04", "C")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(
        issues(&report),
        [
            (
                "Clients!A11".to_string(),
                "Grand Totals (4 records)".to_string(),
                "not a client: a totals row".to_string(),
                "row skipped: not tiered and not counted in the totals".to_string()
            ),
            (
                "Clients!A13".to_string(),
                "Confidential Information - Do Not Distribute".to_string(),
                "not a client: a report footer".to_string(),
                "row skipped: not tiered and not counted in the totals".to_string()
            ),
        ]
    );
    let skipped = "2 rows of the Clients sheet are not clients (totals, footers, repeated headers or notes beside the table) and were skipped: see the Issues sheet.";
    assert!(out.stdout.contains(skipped), "{out}");
    assert!(summary_text(&report).contains(skipped));
    let rows = tier_rows(&report);
    assert_eq!(rows.iter().map(|r| r.num("Assets")).sum::<f64>(), 2_380_000.0);
    assert_eq!(rows.iter().map(|r| r.num("Revenue")).sum::<f64>(), 20_400.0);
}

#[test]
fn a_dimension_hint_with_row_zero_is_ignored() {
    let wd = Workdir::new("fc-dim");
    let (_, report) = run_case(&wd, "xlsx-dimension-a0.xlsx");
    let mut got = ids_and_tiers(&tier_rows(&report));
    got.sort();
    assert_eq!(got, [("Z-01", "A"), ("Z-02", "C")].map(|(a, b)| (a.to_string(), b.to_string())));
    let check = wd.run(&["check", "book.xlsx"]);
    assert_eq!(check.code, Some(0), "{check}");
}

#[test]
fn a_stray_space_at_xfd1048576_neither_aborts_nor_allocates() {
    let wd = Workdir::new("fc-stray");
    let started = std::time::Instant::now();
    let (_, report) = run_case(&wd, "xlsx-stray-far-cell.xlsx");
    assert!(started.elapsed().as_secs_f64() < 5.0, "took {:?}", started.elapsed());
    let mut got = ids_and_tiers(&tier_rows(&report));
    got.sort();
    assert_eq!(got, [("F-01", "A"), ("F-02", "C"), ("F-03", "C")].map(|(a, b)| (a.to_string(), b.to_string())));
    wd.run(&["check", "book.xlsx"]).expect_code(0);
    let summary = read_sheet(&report, "Summary");
    assert_eq!(text(&fact(&summary, "Clients")), "3");
}

#[test]
fn duplicate_headers_name_both_cells_and_label_the_unused_one() {
    let wd = Workdir::new("fc-dup");
    let (_, report) = run_case(&wd, "duplicate-headers.xlsx");
    let rows = tier_rows(&report);
    let mut got = ids_and_tiers(&rows);
    got.sort();
    assert_eq!(got, [("U-01", "A"), ("U-02", "C")].map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(
        issues(&report),
        [
            (
                "Clients!F1".to_string(),
                "Assets".to_string(),
                "two columns are named Assets (C1, F1); C1 is the one read".to_string(),
                "F1 carried to the tier sheets as 'Assets (column F, not used)'; rename one of the headers to say which is meant".to_string()
            ),
            (
                "Clients!G1".to_string(),
                "Notes".to_string(),
                "two columns are named Notes (E1, G1); E1 is the one read".to_string(),
                "G1 carried to the tier sheets as 'Notes (column G)'; rename one of the headers to say which is meant".to_string()
            ),
        ]
    );
    let u1 = client(&rows, "U-01");
    assert_eq!(u1.num("Assets"), 900_000.0);
    assert_eq!(u1.num("Assets (column F, not used)"), 100_000.0);
    assert_eq!(u1.text("Notes (column G)"), "moved accounts in");
}
