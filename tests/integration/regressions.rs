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
