//! Regressions found by reading the spec against the code: each test names
//! what once went wrong.

use calamine::Data;

use crate::util::{edit_zip_member, read_sheet, text, tier_rows, BookBuilder, Cell, Rows, Workdir};

fn issues(report: &std::path::Path) -> Vec<(String, String, String)> {
    read_sheet(report, "Issues")
        .iter()
        .skip(1)
        .filter(|r| r.iter().any(|c| c != &Data::Empty))
        .map(|r| (text(&r[0]), text(&r[1]), text(&r[3])))
        .collect()
}

/// Over-long text in Settings, Criteria and a Clients header once stopped
/// the run at save time ("String exceeds Excel's limit") with no cell named.
#[test]
fn over_long_text_outside_client_cells_is_cut_and_listed() {
    let wd = Workdir::new("long-elsewhere");
    let clients: Rows = vec![row!["Client ID", "Name", "Loyal", "HEADER_PLACEHOLDER"], row!["L1", "Lee", "yes", "x"]];
    let criteria: Rows = vec![
        row!["Criterion", "Column", "Test", "Group"],
        row!["NAME_PLACEHOLDER", "Loyal", "yes", "GROUP_PLACEHOLDER"],
    ];
    let settings: Rows = vec![row!["Setting", "Value"], row!["Advisor", "ADVISOR_PLACEHOLDER"]];
    let bytes =
        BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).sheet("Settings", settings).to_bytes();
    let long = "y".repeat(40_000);
    let bytes = edit_zip_member(&bytes, "xl/sharedStrings.xml", |xml| {
        ["HEADER", "NAME", "GROUP", "ADVISOR"]
            .iter()
            .fold(xml.to_string(), |x, p| x.replace(&format!("{p}_PLACEHOLDER"), &long))
    });
    wd.write_bytes("long.xlsx", &bytes);
    let (_, report) = wd.tier("long.xlsx");
    let found: Vec<(String, String)> = issues(&report).into_iter().map(|(s, c, _)| (s, c)).collect();
    for want in [("Clients", "D1"), ("Criteria", "A2"), ("Criteria", "D2"), ("Settings", "B2")] {
        assert!(found.contains(&(want.0.to_string(), want.1.to_string())), "{want:?} missing from {found:?}");
    }
}

/// A `Why` naming many long criteria once exceeded a cell and stopped the
/// run; it is now cut to fit, marked with an ellipsis.
#[test]
fn a_very_long_why_is_cut_to_fit() {
    let wd = Workdir::new("long-why");
    let names: Vec<String> = (0..40).map(|k| format!("{k:02} {}", "q".repeat(1000))).collect();
    let mut header = row!["Client ID"];
    header.extend(names.iter().map(|n| Cell::from(n.as_str())));
    let mut client = row!["W1"];
    client.extend((0..40).map(|_| Cell::from("yes")));
    let mut criteria: Rows = vec![row!["Criterion", "Test"]];
    criteria.extend(names.iter().map(|n| row![n.as_str(), "yes"]));
    wd.write_book("why.xlsx", &BookBuilder::new().sheet("Clients", vec![header, client]).sheet("Criteria", criteria));
    let (out, report) = wd.tier("why.xlsx");
    let why = tier_rows(&report)[0].text("Why");
    assert_eq!(why.encode_utf16().count(), 32_767, "{out}");
    assert!(why.ends_with('…'));
}

/// The header search once counted 20 rows from the first non-empty row
/// rather than from row 1, accepting a header on row 26.
#[test]
fn a_header_below_row_20_is_not_found() {
    let wd = Workdir::new("deep-header");
    let mut clients: Rows = (0..10).map(|_| row![""]).collect();
    clients.push(row!["Export title"]);
    clients.extend((0..14).map(|_| row![""]));
    clients.push(row!["Client ID", "Loyal"]);
    clients.push(row!["D1", "yes"]);
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"]];
    wd.write_book("deep.xlsx", &BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria));
    wd.run(&["run", "deep.xlsx"]).expect_code(1).stderr_has(&[
        "deep.xlsx",
        "Clients",
        "no 'Client ID' header",
        "first 20 rows",
    ]);
    assert!(!wd.path("deep.tiers.xlsx").exists());
}

fn small(clients: Rows) -> BookBuilder {
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"]];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria)
}

/// Money written with a symbol of more than one byte (`€`, `£`) once
/// panicked the reader.
#[test]
fn euro_and_pound_amounts_are_read() {
    let wd = Workdir::new("euro");
    let clients = vec![
        row!["Client ID", "Revenue", "Assets", "Loyal"],
        row!["E1", "10€", "€5", "yes"],
        row!["E2", "5 €", "£50", "no"],
        row!["E3", "1e308", "50 EUR", "no"],
    ];
    wd.write_book("euro.xlsx", &small(clients));
    let (out, report) = wd.tier("euro.xlsx");
    let rows = tier_rows(&report);
    let e1 = crate::util::client(&rows, "E1");
    assert_eq!((e1.num("Revenue"), e1.num("Assets")), (10.0, 5.0), "{out}");
    let e2 = crate::util::client(&rows, "E2");
    assert_eq!((e2.num("Revenue"), e2.num("Assets")), (5.0, 50.0));
    assert!(issues(&report).iter().any(|(s, c, _)| s == "Clients" && c == "B4"), "an absurd amount is an issue");
}

/// Tier codes differing only in characters a table name cannot hold once
/// made the report unwritable.
#[test]
fn tier_codes_a_plus_and_a_minus_both_get_sheets() {
    let wd = Workdir::new("plus-minus");
    let clients = vec![row!["Client ID", "Loyal"], row!["P1", "yes"], row!["P2", "no"]];
    let tiers = vec![row!["Tier", "Min Score"], row!["A+", 1], row!["A-", 1], row!["B", ""]];
    wd.write_book("pm.xlsx", &small(clients).sheet("Tiers", tiers));
    let (_, report) = wd.tier("pm.xlsx");
    let names = crate::util::sheet_names(&report);
    assert!(names.contains(&"Tier A+".to_string()) && names.contains(&"Tier A-".to_string()), "{names:?}");
}

/// A gate on a column the client list does not have once kept everyone out
/// of the tier without a word.
#[test]
fn a_gate_without_its_column_is_a_problem() {
    let wd = Workdir::new("gate-no-column");
    let clients = vec![row!["Client ID", "AUM_total", "Loyal"], row!["G1", 5_000_000, "yes"]];
    let tiers = vec![row!["Tier", "Min Assets"], row!["A", 1_000_000], row!["B", ""]];
    wd.write_book("gate.xlsx", &small(clients).sheet("Tiers", tiers));
    wd.run(&["check", "gate.xlsx"]).expect_code(1).stdout_has(&["Tiers", "Min Assets gate", "Assets Column"]);
}

/// A service count no calendar can hold once panicked the planner.
#[test]
fn an_absurd_service_count_is_a_problem_not_a_crash() {
    let wd = Workdir::new("huge-count");
    let clients = vec![
        row!["Client ID", "Loyal", "Last Review"],
        row!["H1", "yes", chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()],
    ];
    let services =
        vec![row!["Service", "Category", "A", "B", "C", "Hours Each"], row!["Review", "Meeting", 1e20, 2, 0.000001, 1]];
    wd.write_book("huge.xlsx", &small(clients).sheet("Services", services));
    let out = wd.run(&["run", "huge.xlsx"]).expect_code(1);
    out.stderr_has(&["Services!C2", "Services!E2", "times a year"]);
    assert!(!out.stderr.contains("panicked"), "{out}");
}

/// An output folder inside the inbox once fed the batch its own reports.
#[test]
fn a_batch_whose_output_sits_in_the_inbox_ignores_it() {
    let wd = Workdir::new("out-in-inbox");
    std::fs::create_dir_all(wd.path("inbox/ann")).unwrap();
    let clients = vec![row!["Client ID", "Loyal"], row!["B1", "yes"]];
    std::fs::write(wd.path("inbox/ann/book.xlsx"), small(clients).to_bytes()).unwrap();
    wd.run(&["batch", "inbox", "--out", "inbox/reports"]).expect_code(0).stdout_has(&["1 book: 1 processed"]);
    wd.run(&["batch", "inbox", "--out", "inbox/reports"])
        .expect_code(0)
        .stdout_has(&["1 book: 0 processed, 1 unchanged"]);
}

/// A command-line mistake found before any book is read is bad usage.
#[test]
fn a_report_name_that_is_not_xlsx_is_usage() {
    let wd = Workdir::new("out-not-xlsx");
    wd.write_book("b.xlsx", &small(vec![row!["Client ID", "Loyal"], row!["U1", "yes"]]));
    wd.run(&["run", "b.xlsx", "-o", "b.csv"]).expect_code(2).stderr_has(&["b.csv", ".xlsx"]);
}
