//! The service plan and delivery, end to end, on a practice small enough to
//! compute by hand: hours and cost per tier, staff load and shortfall, pinned
//! contacts, next review dates across month ends and leap years, the
//! overdue list, and the charts.

use std::io::Read;

use calamine::Data;
use chrono::NaiveDate;

use crate::util::{client, fact, read_sheet, text, BookBuilder, Tiered};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn date_of(cell: &Data) -> Option<NaiveDate> {
    match cell {
        Data::DateTime(dt) => dt.as_datetime().map(|x| x.date()),
        _ => None,
    }
}

/// Services: review 4/2/1 × 2 h, call 12/4/1 × 0.5 h, cards 1/1/1 × 0.1 h
/// at $5 by the assistant; $100 an hour. A client a year: A 14.1 h and
/// $1,415; B 6.1 h, $615; C 2.6 h, $265.
fn practice() -> BookBuilder {
    let clients = vec![
        row![
            "Client ID",
            "Name",
            "Revenue",
            "Q1",
            "Q2",
            "Primary Contact",
            "Last Review",
            "Last Contact",
            "Reviews YTD",
            "Contacts YTD"
        ],
        row!["A1", "Most valuable", 50_000, "yes", "yes", "", d(2026, 8, 31), d(2026, 10, 31), 3, 11],
        row!["A2", "Second", 40_000, "yes", "yes", "", d(2026, 5, 31), d(2026, 11, 15), 2, 10],
        row!["B1", "Middle", 10_000, "yes", "no", "", d(2026, 3, 31), d(2026, 10, 1), 1, 3],
        row!["C1", "Pinned", 500, "no", "no", "pat", d(2025, 11, 30), d(2026, 2, 28), 0, 1],
        row!["C2", "Leap day", 100, "no", "no", "", d(2024, 2, 29), d(2026, 6, 1), 0, 1],
    ];
    let criteria = vec![row!["Criterion", "Test"], row!["Q1", "yes"], row!["Q2", "yes"]];
    let tiers = vec![
        row!["Tier", "Min Score", "Primary Contact Role"],
        row!["A", 2, "Partner"],
        row!["B", 1, "Advisor"],
        row!["C", "", "Advisor"],
    ];
    let services = vec![
        row!["Service", "Category", "A", "B", "C", "Hours Each", "Cost Each", "Delivered By"],
        row!["Review meeting", "Meeting", 4, 2, 1, 2, "", ""],
        row!["Phone call", "Communication", 12, 4, 1, 0.5, "", ""],
        row!["Cards", "Recognition", 1, 1, 1, 0.1, 5, "Assistant"],
        row!["Call-back", "Standard", "within 1 hour", "within 1 day", "within 2 days", "", "", ""],
    ];
    let staff = vec![
        row!["Name", "Role", "Tiers", "Capacity Hours", "Tenure Years"],
        row!["Pat", "Partner", "A", 20, 20],
        row!["Ann", "Advisor", "B,C", 100, 5],
        row!["Asa", "Assistant", "C", 10, 1],
    ];
    let settings = vec![row!["Setting", "Value"], row!["As Of", d(2026, 11, 30)], row!["Hourly Cost", 100]];
    BookBuilder::new()
        .sheet("Clients", clients)
        .sheet("Criteria", criteria)
        .sheet("Tiers", tiers)
        .sheet("Services", services)
        .sheet("Staff", staff)
        .sheet("Settings", settings)
}

fn row_of<'a>(grid: &'a [Vec<Data>], first: &str) -> &'a Vec<Data> {
    grid.iter().find(|r| r.first().map(text).as_deref() == Some(first)).unwrap_or_else(|| panic!("no row {first}"))
}

fn num(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn hours_costs_and_staff_load_add_up_by_hand() {
    let tiered = Tiered::book("practice-plan", "practice.xlsx", &practice());
    let (out, report, rows) = (&tiered.out, &tiered.report, &tiered.rows);
    for (id, hours, cost, contact) in [
        ("A1", 14.1, 1415.0, "Pat"),
        ("A2", 14.1, 1415.0, "Pat"),
        ("B1", 6.1, 615.0, "Ann"),
        ("C1", 2.6, 265.0, "Pat"),
        ("C2", 2.6, 265.0, "Ann"),
    ] {
        let r = client(rows, id);
        assert!((r.num("Hours") - hours).abs() < 1e-9, "{id} hours {}", r.num("Hours"));
        assert!((r.num("Cost") - cost).abs() < 1e-9, "{id} cost");
        assert_eq!(r.text("Primary Contact"), contact, "{id}\n{out}");
    }
    assert!(client(rows, "A2").text("Why").contains("Over capacity: Pat"), "A2 was placed beyond Pat's 20 hours");
    assert!(client(rows, "C2").text("Why").contains("Unprofitable"));

    // Resources: Pat holds A1, A2 (14 h each as primary) and pinned C1
    // (2.5 h): 30.5 h against 20, 10.5 over. Ann: 6 + 2.5. Asa: 5 × 0.1.
    let res = read_sheet(report, "Resources");
    let pat = row_of(&res, "Pat");
    assert_eq!((num(&pat[7]), num(&pat[8]), num(&pat[10])), (30.5, 20.0, 10.5));
    assert_eq!(num(&row_of(&res, "Ann")[7]), 8.5);
    assert!((num(&row_of(&res, "Asa")[7]) - 0.5).abs() < 1e-9);
    let staff_total: f64 = ["Pat", "Ann", "Asa"].iter().map(|n| num(&row_of(&res, n)[7])).sum();
    let tier_total: f64 = ["A", "B", "C"].iter().map(|t| num(&row_of(&res, t)[3])).sum();
    assert!((staff_total - tier_total).abs() < 1e-9, "{staff_total} vs {tier_total}");
    assert!((tier_total - (14.1 * 2.0 + 6.1 + 2.6 * 2.0)).abs() < 1e-9);
    assert!(out.stdout.contains("1 staff over capacity: Pat (30 of 20 hours)"), "{out}");

    let grid = read_sheet(report, "Service Grid");
    let callback = row_of(&grid, "Call-back");
    assert_eq!(text(&callback[2]), "within 1 hour", "text standards are shown as such");
}

#[test]
fn next_dates_are_month_end_safe_and_overdue_clients_come_first() {
    let tiered = Tiered::book("practice-delivery", "practice.xlsx", &practice());
    let (report, rows) = (&tiered.report, &tiered.rows);
    let next = |id: &str| date_of(client(rows, id).get("Next Review"));
    assert_eq!(next("A1"), Some(d(2026, 11, 30)), "31 Aug + 3 months");
    assert_eq!(next("B1"), Some(d(2026, 9, 30)), "31 Mar + 6 months falls on 30 Sep");
    assert_eq!(next("C1"), Some(d(2026, 11, 30)));
    assert_eq!(next("C2"), Some(d(2025, 2, 28)), "29 Feb + 1 year");
    assert_eq!(date_of(client(rows, "A1").get("Next Contact")), Some(d(2026, 11, 30)), "31 Oct + 1 month");
    let overdue = |id: &str| client(rows, id).num("Days Overdue");
    assert_eq!(overdue("A1"), 0.0);
    assert_eq!(overdue("A2"), 91.0);
    assert_eq!(overdue("B1"), 61.0);
    assert_eq!(overdue("C2"), 640.0);
    // By 30 Nov: A owes 3 reviews and 10 calls; A1 has had them.
    assert_eq!(client(rows, "A1").num("Reviews Due YTD"), 3.0);
    assert_eq!(client(rows, "A1").num("Contacts Due YTD"), 10.0);
    let on_track: Vec<String> =
        ["A1", "A2", "B1", "C1", "C2"].iter().map(|id| client(rows, id).text("On Track")).collect();
    assert_eq!(on_track, ["yes", "no", "no", "yes", "no"]);

    let cal = read_sheet(report, "Calendar");
    let header = cal.iter().position(|r| r.first().map(text).as_deref() == Some("Client ID")).expect("client table");
    let order: Vec<String> = cal[header + 1..].iter().take(5).map(|r| text(&r[0])).collect();
    assert_eq!(order, ["A2", "B1", "C2", "A1", "C1"], "top tier first, most overdue first, then the book's order");
    let summary = read_sheet(report, "Summary");
    assert!(
        summary.iter().any(|r| text(&r[0]).starts_with("Only 50% of Tier A clients are on track")),
        "warning below 90%"
    );
}

#[test]
fn a_book_without_delivery_columns_gets_no_delivery_report() {
    let book = practice().edit_sheet("Clients", |rows| {
        for r in rows.iter_mut() {
            r.truncate(6);
        }
    });
    let Tiered { out, rows, .. } = Tiered::book("no-delivery", "plain.xlsx", &book);
    assert!(!rows[0].headers.iter().any(|h| h == "Next Review"), "{out}");
    assert!(!out.stdout.contains("on track"));
}

#[test]
fn the_report_carries_native_charts_over_the_right_ranges() {
    let bytes = std::fs::read(Tiered::book("charts", "practice.xlsx", &practice()).report).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut charts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().expect("zip member name").starts_with("xl/charts/chart") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            charts.push(s);
        }
    }
    assert_eq!(charts.len(), 4, "Summary ×2, Resources, Calendar");
    let all = charts.join("\n");
    assert!(all.contains("Summary!$C$"), "clients per tier reads the Clients column");
    assert!(all.contains("Summary!$K$"), "share of time");
    assert!(all.contains("Resources!$J$"), "staff utilisation");
    assert!(all.contains("Calendar!$D$"), "monthly hours");
}

/// Issue 17: the Summary's "Input issues" and its warning count the same
/// issues, including the planner's (an unknown Primary Contact), and so
/// does the console line.
#[test]
fn an_unknown_primary_contact_is_counted_once_everywhere() {
    let book = practice().edit_sheet("Clients", |rows| rows[4][5] = "Nobody".into());
    let tiered = Tiered::book("unknown-contact", "practice.xlsx", &book);
    let (out, report) = (&tiered.out, &tiered.report);
    let summary = read_sheet(report, "Summary");
    assert_eq!(num(&fact(&summary, "Input issues")), 1.0, "{out}");
    let cells: Vec<String> = summary.iter().flat_map(|r| r.iter().map(text)).collect();
    assert!(
        cells.contains(&"1 input value could not be used as written: see the Issues sheet.".to_string()),
        "no matching warning: {cells:?}"
    );
    let issues = read_sheet(report, "Issues");
    assert_eq!(issues.len(), 2, "one issue row under the header: {issues:?}");
    assert!(out.stdout.starts_with("practice.xlsx: 5 clients → A 2 · B 1 · C 2; 1 input issue; wrote "), "{out}");
}
