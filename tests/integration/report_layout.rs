//! The report reads right on screen and on paper (issue 13): structural
//! checks over every sheet of several reports — the sample, a book with no
//! Staff sheet, a household book and a two-tier book — and the words and
//! figures a person reads first.

use std::path::PathBuf;
use std::sync::OnceLock;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;

use crate::fixtures;
use crate::report_xml::{read, XReport, XSheet};
use crate::util::{fact, read_sheet, text, Cell, Workdir};

/// The sample book's report.
fn sample(wd: &Workdir) -> PathBuf {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/practice.xlsx");
    wd.write_bytes("practice.xlsx", &std::fs::read(src).expect("the sample book is in samples/"));
    wd.tier("practice.xlsx").1
}

/// `bars`: no Staff, Services or Tiers sheet.
fn no_staff(wd: &Workdir) -> PathBuf {
    wd.write_book("nostaff.xlsx", &fixtures::bars());
    wd.tier("nostaff.xlsx").1
}

/// `bars` tiered by household (three households of two), with a Staff sheet.
fn households(wd: &Workdir) -> PathBuf {
    let book = fixtures::bars()
        .edit_sheet("Clients", |rows| {
            rows[0].push("Household".into());
            for (k, r) in rows.iter_mut().skip(1).enumerate() {
                r.push(Cell::from(format!("H-{}", k / 2)));
            }
        })
        .edit_sheet("Settings", |rows| rows.push(row!["Tier By", "household"]))
        .sheet(
            "Staff",
            vec![
                row!["Name", "Role", "Tiers", "Capacity Hours", "Tenure Years"],
                row!["Pat Lee", "Advisor", "A, B", 900, 12],
                row!["Sam Roe", "Associate", "C", 20, 1.5],
            ],
        );
    wd.write_book("households.xlsx", &book);
    wd.tier("households.xlsx").1
}

/// `bars` with two tiers and delivery columns.
fn two_tiers(wd: &Workdir) -> PathBuf {
    let last = NaiveDate::from_ymd_opt(2025, 10, 3).unwrap();
    let book = fixtures::bars()
        .edit_sheet("Clients", |rows| {
            rows[0].extend(["Last Review", "Reviews YTD"].map(Cell::from));
            for r in rows.iter_mut().skip(1) {
                r.extend([Cell::from(last), Cell::from(1)]);
            }
        })
        .sheet(
            "Tiers",
            vec![row!["Tier", "Label", "Min Score"], row!["Gold", "Top clients", 10], row!["Silver", "", ""]],
        );
    wd.write_book("twotiers.xlsx", &book);
    wd.tier("twotiers.xlsx").1
}

/// The four reports, read back.
fn reports(wd: &Workdir) -> Vec<(PathBuf, XReport)> {
    [sample(wd), no_staff(wd), households(wd), two_tiers(wd)].into_iter().map(|p| (p.clone(), read(&p))).collect()
}

/// Each table's header count equals the widest row written under it, and
/// nothing is written beside a table in its rows.
fn check_tables(report: &str, sheet: &XSheet) {
    for t in &sheet.tables {
        let here = format!("{report} {}!{}", sheet.name, t.name);
        assert_eq!(t.columns as u32, t.last.1 - t.first.1 + 1, "{here}: columns against range");
        for c in t.first.1..=t.last.1 {
            let head = sheet.cell(t.first.0, c).unwrap_or_else(|| panic!("{here}: no header in column {c}"));
            assert!(!head.numeric, "{here}: header {c} is not text");
        }
        let under: Vec<_> = sheet.cells.iter().filter(|c| c.row > t.first.0 && c.row <= t.last.0).collect();
        if let Some(stray) = under.iter().find(|c| c.col > t.last.1) {
            panic!(
                "{here}: a cell at row {} column {} lies beyond the table's last column {}",
                stray.row, stray.col, t.last.1
            );
        }
        // The widest row reaches the last header, unless the table is empty
        // (one blank row) or a trailing column is blank in every row.
        if let Some(widest) = under.iter().map(|c| c.col).max() {
            let blank_tail = (widest + 1..=t.last.1).all(|c| under.iter().all(|x| x.col != c));
            assert!(widest == t.last.1 || blank_tail, "{here}: widest row {widest}");
        }
    }
}

/// Charts cover no written cell.
fn check_charts(report: &str, sheet: &XSheet) {
    for &(c1, r1, c2, r2) in &sheet.charts {
        if let Some(c) = sheet.cells.iter().find(|c| (r1..=r2).contains(&c.row) && (c1..=c2).contains(&c.col)) {
            panic!(
                "{report} {}: the chart at ({c1},{r1})–({c2},{r2}) covers the cell at row {} column {}",
                sheet.name, c.row, c.col
            );
        }
    }
}

/// No number is shown in the General format with more than two decimals.
fn check_numbers(report: &str, x: &XReport, sheet: &XSheet) {
    for c in sheet.cells.iter().filter(|c| c.numeric) {
        let Some(v) = c.value.as_deref().and_then(|v| v.parse::<f64>().ok()) else { continue };
        if x.xfs[c.xf].code.eq_ignore_ascii_case("General") {
            let hundredths = v * 100.0;
            assert!(
                (hundredths - hundredths.round()).abs() < 1e-6 * hundredths.abs().max(1.0),
                "{report} {}: row {} column {} shows {v} in General",
                sheet.name,
                c.row,
                c.col
            );
        }
    }
}

/// Headers sit over their values as the values sit in their cells, and wrap.
fn check_header_alignment(report: &str, x: &XReport, sheet: &XSheet) {
    for t in &sheet.tables {
        for col in t.first.1..=t.last.1 {
            let head = sheet.cell(t.first.0, col).expect("header");
            let xf = &x.xfs[head.xf];
            let here = format!("{report} {}!{} column {col}", sheet.name, t.name);
            assert!(xf.wrap, "{here}: header does not wrap");
            let values: Vec<_> =
                sheet.cells.iter().filter(|c| c.col == col && c.row > t.first.0 && c.row <= t.last.0).collect();
            let align = |c: &&crate::report_xml::XCell| x.xfs[c.xf].horizontal.clone();
            let centred = values.iter().all(|c| align(c).as_deref() == Some("center"));
            let numbers = values.iter().all(|c| c.numeric && align(c).is_none());
            let texts = values.iter().all(|c| !c.numeric && align(c).is_none());
            let expected = if values.is_empty() {
                continue;
            } else if centred {
                "center"
            } else if numbers {
                "right"
            } else if texts {
                "left"
            } else {
                continue;
            };
            assert_eq!(xf.horizontal.as_deref(), Some(expected), "{here}");
        }
    }
}

/// The four reports, built once for the structural tests and read into
/// memory (their folder is removed when built).
fn all() -> &'static [(String, XReport)] {
    static ALL: OnceLock<Vec<(String, XReport)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let wd = Workdir::new("layout");
        reports(&wd).into_iter().map(|(p, x)| (p.file_name().unwrap().to_string_lossy().into_owned(), x)).collect()
    })
}

#[test]
fn every_table_heads_every_column_written_under_it() {
    for (report, x) in all() {
        for sheet in &x.sheets {
            check_tables(report, sheet);
        }
    }
}

#[test]
fn no_chart_covers_a_written_cell() {
    for (report, x) in all() {
        for sheet in &x.sheets {
            check_charts(report, sheet);
        }
    }
}

#[test]
fn no_number_shows_more_than_two_decimals_in_general() {
    for (report, x) in all() {
        for sheet in &x.sheets {
            check_numbers(report, x, sheet);
        }
    }
}

#[test]
fn every_header_sits_over_its_values_and_wraps() {
    for (report, x) in all() {
        for sheet in &x.sheets {
            check_header_alignment(report, x, sheet);
        }
    }
}

#[test]
fn every_sheet_prints_readably() {
    for (report, x) in all() {
        for sheet in &x.sheets {
            let setup = sheet.page_setup.as_deref().unwrap_or_else(|| panic!("{report} {}: no page setup", sheet.name));
            assert!(setup.contains("orientation=\"landscape\""), "{report} {}: {setup}", sheet.name);
            assert!(setup.contains("fitToHeight=\"0\""), "{report} {}: fit to one page tall: {setup}", sheet.name);
        }
        // Long lists repeat their header row on every printed page.
        let long: Vec<&str> = x
            .sheets
            .iter()
            .map(|s| s.name.as_str())
            .filter(|n| {
                n.starts_with("Tier ") || ["Calendar", "Exceptions", "Review", "Issues", "Criteria"].contains(n)
            })
            .collect();
        for name in long {
            assert!(
                x.print_titles.get(name).is_some_and(|t| t.contains('$')),
                "{report} {name}: no repeated header row"
            );
        }
        // Why: wide, and wrapped.
        for tier in x.sheets.iter().filter(|s| s.name.starts_with("Tier ")) {
            assert!(tier.widths.get(&5).copied().unwrap_or(0.0) >= 40.0, "{report} {}: Why is narrow", tier.name);
            for c in tier.cells.iter().filter(|c| c.col == 5 && c.row > 0) {
                assert!(x.xfs[c.xf].wrap, "{report} {} row {}: Why does not wrap", tier.name, c.row);
            }
        }
        // The Calendar's grid prints two pages wide, its names repeated.
        let calendar = x.sheet("Calendar");
        let setup = calendar.page_setup.as_deref().unwrap_or_default();
        assert!(setup.contains("fitToWidth=\"2\""), "{report}: {setup}");
        let titles = x.print_titles.get("Calendar").map_or("", String::as_str);
        assert!(titles.contains("$A:$B"), "{report}: {titles}");
    }
}

#[test]
fn the_exceptions_sheet_heads_every_column_it_writes() {
    let wd = Workdir::new("layout-exceptions");
    let report = sample(&wd);
    let grid = read_sheet(&report, "Exceptions");
    let headers: Vec<String> = grid[0].iter().map(text).collect();
    assert_eq!(
        headers,
        [
            "Client ID",
            "Name",
            "Scored Tier",
            "Tier",
            "Source",
            "Reason",
            "Approved By",
            "Until",
            "Revenue",
            "Assets",
            "Cost",
            "Applied"
        ]
    );
    for row in grid.iter().skip(1).filter(|r| r[0] != Data::Empty) {
        assert!(matches!(row[10], Data::Float(_)), "Cost is a number: {row:?}");
        assert!(text(&row[11]).contains('→'), "Applied is the trail: {row:?}");
    }
}

#[test]
fn the_criteria_sheet_shows_each_value_as_typed() {
    let wd = Workdir::new("layout-criteria");
    let report = sample(&wd);
    let mut book = open_workbook_auto(wd.path("practice.xlsx")).expect("book opens");
    let input = book.worksheet_range("Criteria").expect("Criteria sheet");
    let rows: Vec<&[Data]> = input.rows().collect();
    let col = |name: &str| rows[0].iter().position(|h| text(h) == name).expect("header");
    let (name_c, value_c) = (col("Criterion"), col("Value"));
    let typed: Vec<(String, Data)> =
        rows[1..].iter().filter(|r| r[name_c] != Data::Empty).map(|r| (text(&r[name_c]), r[value_c].clone())).collect();
    let shown = read_sheet(&report, "Criteria");
    assert!(typed.iter().any(|(_, v)| matches!(v, Data::Float(_))), "the sample has a numeric Value");
    assert!(typed.iter().any(|(_, v)| text(v).chars().any(char::is_uppercase)), "the sample has a capitalised Value");
    for (name, value) in typed {
        let row = shown.iter().find(|r| text(&r[0]) == name).unwrap_or_else(|| panic!("{name} not on Criteria"));
        let same = match (&row[3], &value) {
            (Data::Float(a), Data::Int(b)) => *a == *b as f64,
            (a, b) => a == b,
        };
        assert!(same, "{name}: {:?} shown for {value:?}", row[3]);
    }
}

#[test]
fn the_summary_reads_right() {
    let wd = Workdir::new("layout-summary");
    let report = sample(&wd);
    let summary = read_sheet(&report, "Summary");
    let line = |label: &str| summary.iter().position(|r| r.first().map(text).as_deref() == Some(label));
    // The fingerprint is kept, below what the advisor reads.
    assert_eq!(text(&fact(&summary, "Input SHA-256")).len(), 64);
    assert!(line("Input SHA-256") > line("Hourly cost"), "SHA-256 after the advisor's facts");
    // The delivery table has a title; the share series says what it is.
    let delivery = line("Delivery so far this year").expect("delivery title");
    assert_eq!(text(&summary[delivery + 1][0]), "Tier");
    let tiers = line("Tier").expect("tier table");
    assert_eq!(text(&summary[tiers][4]), "Share of Clients");
    let x = read(&report);
    let charts = &x.sheet("Summary").chart_xml;
    assert!(charts.iter().any(|c| c.contains("Summary!$E$") && c.contains("Share of Clients")), "legend");
    // The utilisation chart draws its 100 % line: a red major gridline
    // every 100 %, the axis stopping short of 200 % here.
    let util = &x.sheet("Resources").chart_xml;
    assert_eq!(util.len(), 1);
    assert!(util[0].contains("<c:majorUnit val=\"1\"/>"), "{}", util[0]);
    assert!(util[0].contains("C00000"), "red line");
    assert!(util[0].contains("<c:max val=\"1.25\"/>"), "{}", util[0]);
}

#[test]
fn review_drift_is_in_points_to_one_decimal() {
    let wd = Workdir::new("layout-review");
    let report = sample(&wd);
    let x = read(&report);
    let review = x.sheet("Review");
    let grid = read_sheet(&report, "Review");
    let head = grid.iter().position(|r| r.iter().any(|c| text(c) == "Drift (points)")).expect("drift column");
    let col = grid[head].iter().position(|c| text(c) == "Drift (points)").unwrap() as u32;
    let drift: Vec<_> = review.cells.iter().filter(|c| c.col == col && c.row > head as u32 && c.numeric).collect();
    assert!(!drift.is_empty());
    for c in drift {
        assert_eq!(x.xfs[c.xf].code, "+0.0;-0.0;0.0", "{c:?}");
    }
}

#[test]
fn without_a_staff_sheet_resources_and_warnings_say_so_once() {
    let wd = Workdir::new("layout-nostaff");
    let report = no_staff(&wd);
    let resources = read_sheet(&report, "Resources");
    let lines: Vec<String> = resources.iter().map(|r| r.first().map(text).unwrap_or_default()).collect();
    let at = lines.iter().position(|l| l == "What would close it").expect("close-it line");
    let hours = lines.iter().position(|l| l == "Hours required a year").expect("hours line");
    let needed = match resources[hours][3] {
        Data::Float(h) => format!("{h:.0}"),
        ref other => panic!("hours required: {other:?}"),
    };
    assert_eq!(
        lines[at + 1],
        format!(
            "Nothing to compare: no Staff sheet, so the {needed} hours a year your clients need are assigned to no one. \
             Add a Staff sheet to check them against each person's capacity."
        )
    );
    assert!(!lines.iter().any(|l| l.starts_with("Staff capacity") || l.starts_with("Team gap")), "{lines:?}");
    let summary = read_sheet(&report, "Summary");
    let warnings: Vec<String> = summary.iter().map(|r| r.first().map(text).unwrap_or_default()).collect();
    let no_staff: Vec<&String> = warnings.iter().filter(|w| w.starts_with("No Staff sheet")).collect();
    assert_eq!(
        no_staff,
        [&format!(
            "No Staff sheet: the {needed} hours a year your clients need are assigned to no one. \
             Add a Staff sheet to assign primary contacts and check capacity."
        )]
    );
    assert!(!warnings.iter().any(|w| w.contains("which no one on the Staff sheet holds")), "{warnings:?}");
}
