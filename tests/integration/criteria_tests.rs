//! Each kind of criterion test on hand-picked cells, and how cells are read:
//! dates in three spellings, cached formula values, hidden sheets, and an
//! exact header winning over an alias.

use calamine::Data;

use crate::fixtures::{self, EVERY_TEST, EVERY_TEST_MET};
use crate::util::{client, column, fact, text, Tiered};

/// The every-test book tiered in a scratch directory named `test`.
fn every_test(test: &str) -> Tiered {
    Tiered::book(test, "tests.xlsx", &fixtures::every_test())
}

#[test]
fn every_kind_of_test_scores_as_the_spec_says() {
    let tiered = every_test("every-test");
    let out = &tiered.out;
    for (id, score, tier) in EVERY_TEST {
        let r = tiered.client(id);
        assert_eq!((r.num("Score"), r.text("Tier").as_str()), (score, tier), "{id}: {}\n{out}", r.text("Why"));
    }
    let grid = tiered.sheet("Criteria");
    let met = column(&grid, "Clients Met");
    let got: Vec<usize> = grid[1..].iter().map(|r| text(&r[met]).parse().unwrap()).collect();
    assert_eq!(got, EVERY_TEST_MET, "{out}");
    assert_eq!(text(&fact(&tiered.sheet("Summary"), "Input issues")), "0", "{out}");
}

#[test]
fn x2_meets_only_young_no_complaints_and_old_client() {
    let why = every_test("every-test-why").client("X2").text("Why");
    assert!(why.starts_with("3 of 10 points: Young, No complaints, Old client; missing: Rich,"), "{why}");
}

#[test]
fn hidden_sheets_cached_formula_values_and_exact_headers() {
    let Tiered { out, rows, .. } = Tiered::book("hidden", "hidden.xlsx", &fixtures::hidden_and_formulas());
    let h1 = client(&rows, "H1");
    assert_eq!((h1.text("Tier").as_str(), h1.num("Assets")), ("A", 500_000.0), "{out}");
    assert_eq!(client(&rows, "H2").text("Tier"), "C", "{out}");
    // The alias column is the advisor's own, carried through.
    assert_eq!(h1.get("ID"), &Data::Float(99.0));
}

#[test]
fn without_a_clients_sheet_the_first_sheet_with_an_id_column_is_the_list() {
    let Tiered { out, rows, .. } = Tiered::book("crm", "crm.xlsx", &fixtures::crm_export());
    let got: Vec<(String, String, String)> =
        rows.iter().map(|r| (r.text("Client ID"), r.text("Name"), r.text("Tier"))).collect();
    let want = [("K1", "Kay Lund", "A"), ("K2", "Lee Moss", "C")].map(|(a, b, c)| (a.into(), b.into(), c.into()));
    assert_eq!(got, want, "{out}");
}

/// `within days`: a date no more than Value days before or after As Of,
/// both ends included; a Value that is not a whole number of days stops the
/// book at its cell.
#[test]
fn within_days_counts_from_as_of() {
    use crate::util::BookBuilder;
    use chrono::NaiveDate;
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let book = |value: crate::util::Cell| {
        BookBuilder::new()
            .sheet(
                "Clients",
                vec![
                    row!["Client ID", "Name", "Last Review"],
                    row!["W1", "On the edge", d(2025, 11, 30)],
                    row!["W2", "A day too old", d(2025, 11, 29)],
                    row!["W3", "Booked ahead", d(2026, 12, 15)],
                    row!["W4", "Never", ""],
                ],
            )
            .sheet(
                "Criteria",
                vec![
                    row!["Criterion", "Column", "Test", "Value"],
                    vec!["Seen this year".into(), "Last Review".into(), "within days".into(), value],
                ],
            )
            .sheet("Tiers", vec![row!["Tier", "Min Score"], row!["A", 1], row!["C", ""]])
            .sheet("Settings", vec![row!["Setting", "Value"], row!["As Of", d(2026, 11, 30)]])
    };
    let Tiered { wd, out, rows, .. } = Tiered::book("within-days", "book.xlsx", &book(365.into()));
    for (id, tier) in [("W1", "A"), ("W2", "C"), ("W3", "A"), ("W4", "C")] {
        assert_eq!(client(&rows, id).text("Tier"), tier, "{id}\n{out}");
    }
    wd.write_book("bad.xlsx", &book("soon".into()));
    let out = wd.run(&["run", "bad.xlsx"]).expect_code(1);
    out.assert_stderr_is(
        "tierbook: bad.xlsx: 1 problem to fix:\n  bad.xlsx: Criteria!D2: criterion 'Seen this year': \"within days\" \
         needs a whole number of days in Value, such as 90; fix the Value cell\n",
    );
}
