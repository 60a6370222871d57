//! Exceptions, rules, households, sticky tiers and the annual review, end
//! to end: one family of clients built to exercise each rule of the spec.

use calamine::Data;
use chrono::NaiveDate;

use crate::util::{read_sheet, text, BookBuilder, Rows, Tiered, Workdir};

/// (Client ID, Related To, Household, Referrals, Previous Tier, yes answers)
/// with three yes/no criteria and point bars A ≥ 3, B ≥ 2.
const FAMILY: [(&str, &str, &str, i32, &str, usize); 13] = [
    ("P1", "", "", 0, "", 3),     // A on score
    ("G1", "K1", "", 0, "", 0),   // grandchild, listed before the child
    ("K1", "P1", "", 0, "", 0),   // child of a top client
    ("R1", "", "", 5, "", 2),     // strong referrer: B → A by rule
    ("M1", "", "", 5, "", 2),     // rule says A, manual override says C
    ("X1", "Y1", "", 0, "", 2),   // cycle X1 ↔ Y1, best B
    ("Y1", "X1", "", 0, "", 1),   //
    ("Z1", "NOPE", "", 0, "", 1), // link to a missing ID
    ("E1", "", "", 0, "", 0),     // expired override to A
    ("H1a", "", "H-1", 0, "", 3), // household: A …
    ("H1b", "", "h-1", 0, "", 1), // … so the other member is A too
    ("S1", "", "", 0, "A", 2),    // sticky: would drop to B, kept at A
    ("N1", "", "", 0, "B", 2),    // unchanged B
];

fn family(clients: &[(&str, &str, &str, i32, &str, usize)]) -> BookBuilder {
    let mut rows: Rows =
        vec![row!["Client ID", "Name", "Related To", "Household", "Referrals", "Previous Tier", "Q1", "Q2", "Q3"]];
    for (id, rel, hh, refs, prev, yes) in clients {
        let mut r = row![*id, format!("Client {id}"), *rel, *hh, *refs, *prev];
        r.extend((0..3).map(|q| if q < *yes { "yes".into() } else { "no".into() }));
        rows.push(r);
    }
    let criteria = vec![row!["Criterion", "Test"], row!["Q1", "yes"], row!["Q2", "yes"], row!["Q3", "yes"]];
    let tiers = vec![row!["Tier", "Min Score"], row!["A", 3], row!["B", 2], row!["C", ""]];
    let rules = vec![
        row!["Rule", "Column", "Test", "Value", "Action", "Reason"],
        row!["Strong referrer", "Referrals", ">=", 5, "at least A", "refers five or more a year"],
        row!["Child of a top client", "Related To", "not blank", "", "follow related", "family of a top client"],
    ];
    let until_past = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let exceptions = vec![
        row!["Client ID", "Tier", "Reason", "Approved By", "Until"],
        row!["M1", "C", "asked to be left alone", "Pat", ""],
        row!["E1", "A", "old favour", "Pat", until_past],
    ];
    let settings = vec![
        row!["Setting", "Value"],
        row!["As Of", NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()],
        row!["Tier By", "household"],
        row!["Sticky Tiers", "yes"],
    ];
    BookBuilder::new()
        .sheet("Clients", rows)
        .sheet("Criteria", criteria)
        .sheet("Tiers", tiers)
        .sheet("Rules", rules)
        .sheet("Exceptions", exceptions)
        .sheet("Settings", settings)
}

fn issues(report: &std::path::Path) -> Vec<(String, String)> {
    read_sheet(report, "Issues")
        .iter()
        .skip(1)
        .filter(|r| r[0] != Data::Empty)
        .map(|r| (text(&r[1]), text(&r[3])))
        .collect()
}

/// The count beside a label in column A of the Review sheet.
fn review_count(report: &std::path::Path, label: &str) -> f64 {
    let grid = read_sheet(report, "Review");
    let row =
        grid.iter().find(|r| r.first().map(text).as_deref() == Some(label)).unwrap_or_else(|| panic!("no {label}"));
    match &row[2] {
        Data::Float(f) => *f,
        other => panic!("{label}: {other:?}"),
    }
}

#[test]
fn every_exception_rule_gives_the_tier_and_reason_the_spec_implies() {
    let tiered = Tiered::book("family", "family.xlsx", &family(&FAMILY));
    let (out, report) = (&tiered.out, &tiered.report);
    let want = [
        ("P1", "A", "A"),
        ("G1", "C", "A"),
        ("K1", "C", "A"),
        ("R1", "B", "A"),
        ("M1", "B", "C"),
        ("X1", "B", "B"),
        ("Y1", "C", "B"),
        ("Z1", "C", "C"),
        ("E1", "C", "C"),
        ("H1a", "A", "A"),
        ("H1b", "C", "A"),
        ("S1", "B", "A"),
        ("N1", "B", "B"),
    ];
    for (id, scored, tier) in want {
        let r = tiered.client(id);
        assert_eq!((r.text("Scored Tier"), r.text("Tier")), (scored.to_string(), tier.to_string()), "{id}\n{out}");
    }
    // The Why of every exception names what set it.
    let why = |id: &str| tiered.client(id).text("Why");
    assert!(why("R1").contains("by rule 'Strong referrer': refers five or more a year"), "{}", why("R1"));
    assert!(why("G1").contains("by rule 'Child of a top client': follows K1 (Tier A)"), "{}", why("G1"));
    assert!(why("M1").contains("by manual override approved by Pat: asked to be left alone"), "{}", why("M1"));
    assert!(why("H1b").contains("by household h-1"), "{}", why("H1b"));
    assert!(why("S1").contains("by sticky tiers"), "{}", why("S1"));

    let exceptions = tiered.sheet("Exceptions");
    let listed: Vec<(String, String, String)> = exceptions
        .iter()
        .skip(1)
        .filter(|r| r[0] != Data::Empty)
        .map(|r| (text(&r[0]), text(&r[3]), text(&r[4])))
        .collect();
    let expect: Vec<(String, String, String)> = [
        ("G1", "A", "rule: Child of a top client"),
        ("K1", "A", "rule: Child of a top client"),
        ("R1", "A", "rule: Strong referrer"),
        ("M1", "C", "manual"),
        ("Y1", "B", "rule: Child of a top client"),
        ("H1b", "A", "household"),
        ("S1", "A", "sticky"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(listed, expect);
    let m1 = exceptions.iter().find(|r| text(&r[0]) == "M1").unwrap();
    assert_eq!(text(&m1[11]), "rule: Strong referrer B→A; manual A→C", "the trail records every application");

    let found = issues(report);
    let has = |cell: &str, words: &str| found.iter().any(|(c, p)| c == cell && p.contains(words));
    assert!(has("C7", "cycle: X1 → Y1"), "{found:?}");
    assert!(has("C9", "not in the book"), "{found:?}");
    assert!(has("E3", "expired on 2020-01-01"), "{found:?}");
    assert_eq!(review_count(report, "Demotions held by sticky tiers"), 1.0);
}

#[test]
fn own_report_as_previous_shows_no_movement_and_a_dropped_client_departs() {
    let wd = Workdir::new("family-review");
    wd.write_book("family.xlsx", &family(&FAMILY));
    let (_, first) = wd.tier("family.xlsx");
    let first_name = first.file_name().unwrap().to_string_lossy().into_owned();
    wd.run(&["run", "family.xlsx", "--previous", &first_name, "-o", "again.xlsx"]).expect_code(0);
    let again = wd.path("again.xlsx");
    for (label, n) in [("Promoted", 0.0), ("Demoted", 0.0), ("New", 0.0), ("Departed", 0.0), ("Unchanged", 13.0)] {
        assert_eq!(review_count(&again, label), n, "{label}");
    }
    // Borderline clients are the first to look at, even when unchanged.
    let grid = read_sheet(&again, "Review");
    let header = grid.iter().position(|r| text(&r[0]) == "Client ID").expect("movements table");
    let borderline: Vec<bool> = grid[header + 1..].iter().map(|r| !text(&r[6]).is_empty()).collect();
    let first_quiet = borderline.iter().position(|b| !b).unwrap_or(borderline.len());
    assert!(first_quiet > 0 && borderline[first_quiet..].iter().all(|b| !b), "{borderline:?}");

    let fewer: Vec<_> = FAMILY.iter().copied().filter(|c| c.0 != "Z1").collect();
    wd.write_book("fewer.xlsx", &family(&fewer));
    wd.run(&["run", "fewer.xlsx", "--previous", &first_name, "-o", "fewer.out.xlsx"]).expect_code(0);
    let fewer_report = wd.path("fewer.out.xlsx");
    assert_eq!(review_count(&fewer_report, "Departed"), 1.0);
    let grid = read_sheet(&fewer_report, "Review");
    let z1 = grid.iter().find(|r| text(&r[0]) == "Z1").expect("Z1 listed");
    assert_eq!((text(&z1[2]), text(&z1[5])), ("C".to_string(), "departed".to_string()));
}

#[test]
fn a_previous_file_that_is_not_a_report_is_refused() {
    let wd = Workdir::new("bad-previous");
    wd.write_book("family.xlsx", &family(&FAMILY));
    wd.write_book("other.xlsx", &BookBuilder::new().sheet("Notes", vec![row!["Just", "notes"]]));
    wd.run(&["run", "family.xlsx", "--previous", "other.xlsx"])
        .expect_code(1)
        .stderr_has(&["other.xlsx", "no sheet with a Client ID and a Tier column"]);
    assert!(!wd.path("family.tiers.xlsx").exists());
}
