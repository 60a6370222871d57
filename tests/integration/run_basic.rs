//! `tierbook run` on books that are right: scores, tiers, `Why`, the
//! Summary facts, the Criteria counts, and the values written back.

use calamine::{open_workbook_auto, Data, Reader};

use crate::fixtures::{self, BARS, FORMULA_TEXT, GATED, IDEAL, LENIENT, QUALITIES, WEIGHTED};
use crate::util::{
    client, column, fact, ids_and_tiers, read_sheet, sha256_file, sheet_names, text, tier_rows, Tiered, Workdir,
};

/// The bars book tiered in a scratch directory named `test`.
fn bars(test: &str) -> Tiered {
    Tiered::book(test, "bars.xlsx", &fixtures::bars())
}

#[test]
fn bars_book_scores_and_tiers_every_client_on_the_default_bars() {
    let Tiered { out, rows, .. } = bars("bars-tiers");
    for (id, name, score, tier) in BARS {
        let r = client(&rows, id);
        assert_eq!(r.text("Name"), name, "{out}");
        assert_eq!(r.num("Score"), score as f64, "score of {id}\n{out}");
        assert_eq!(r.text("Scored Tier"), tier, "scored tier of {id}\n{out}");
        assert_eq!(r.text("Tier"), tier, "tier of {id}\n{out}");
        assert_eq!(r.sheet, format!("Tier {tier}"), "{id} on the wrong sheet\n{out}");
        let why = r.text("Why");
        assert!(why.starts_with(&format!("{score} of 15 points")), "{id}: {why}");
        if score < 15 {
            let first_missing = QUALITIES[score].0;
            assert!(why.contains("missing: ") && why.contains(first_missing), "{id} names no missing criterion: {why}");
        } else {
            assert!(!why.contains("missing"), "{id}: {why}");
        }
    }
    // Best first within a sheet, then input order.
    let order: Vec<(String, String)> = ids_and_tiers(&rows);
    let want: Vec<(String, String)> = [("C-02", "A"), ("C-04", "A"), ("C-06", "B"), ("C-01", "B")]
        .into_iter()
        .chain([("C-07", "C"), ("C-05", "C"), ("C-03", "C")])
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(order, want, "{out}");
}

#[test]
fn bars_book_twelve_of_fifteen_names_the_three_missing_criteria() {
    let why = bars("bars-why").client("C-04").text("Why");
    assert!(why.starts_with("12 of 15 points: Cooperative, Receptive"), "{why}");
    assert!(why.contains("; missing: Delegator, Trusts Team, Plans Ahead."), "{why}");
}

#[test]
fn bars_book_tier_sheet_columns_and_group_scores() {
    let tiered = bars("bars-columns");
    let grid = tiered.sheet("Tier A");
    let headers: Vec<String> = grid[0].iter().map(text).collect();
    assert_eq!(headers[..6], ["Client ID", "Name", "Score", "Scored Tier", "Tier", "Why"], "{headers:?}");
    // The spec puts contact, hours, cost and margin beside revenue and assets;
    // whatever of them is there, the group scores then the own columns end it.
    let mut tail: Vec<String> =
        ["Score: Personal", "Score: Financial", "Score: Psychographic"].iter().map(|s| s.to_string()).collect();
    tail.extend(QUALITIES.iter().map(|(q, _)| q.to_string()));
    tail.push("Notes".into());
    assert!(headers.ends_with(&tail), "{headers:?}");
    let middle = &headers[6..headers.len() - tail.len()];
    assert!(middle.contains(&"Revenue".to_string()) && middle.contains(&"Assets".to_string()), "{headers:?}");
    let dan = tiered.client("C-04");
    assert_eq!(
        (dan.num("Score: Personal"), dan.num("Score: Financial"), dan.num("Score: Psychographic")),
        (5.0, 5.0, 2.0)
    );
    assert_eq!(dan.num("Revenue"), 4000.0);
    assert_eq!(dan.num("Assets"), 400_000.0);
    assert_eq!(dan.text("Notes"), "note 4");
    let eve = tiered.client("C-05");
    assert_eq!(eve.get("Cooperative"), &Data::Float(1.0), "1/0 answers are carried as numbers");
    assert_eq!(eve.get("Plans Ahead"), &Data::Float(0.0));
    let dan_bool = dan.get("Cooperative");
    assert_eq!(dan_bool, &Data::Bool(true), "booleans are carried as booleans");
    let ben = tiered.client("C-02");
    assert_eq!(ben.get("Pleasant"), &Data::String("Y".into()));
}

#[test]
fn bars_book_report_sheets_are_the_spec_ones_in_the_spec_order() {
    let tiered = bars("bars-sheets");
    let names = sheet_names(&tiered.report);
    let required = ["Summary", "Tier A", "Tier B", "Tier C", "Criteria", "Issues"];
    let kept: Vec<&str> = names.iter().map(String::as_str).filter(|n| required.contains(n)).collect();
    assert_eq!(kept, required, "{names:?}");
    // Any other sheet must be one the spec names, in the spec's place.
    let spec_order = [
        "Summary",
        "Tier A",
        "Tier B",
        "Tier C",
        "Service Grid",
        "Resources",
        "Calendar",
        "Exceptions",
        "Review",
        "Criteria",
        "Issues",
    ];
    let positions: Vec<usize> = names
        .iter()
        .map(|n| {
            spec_order
                .iter()
                .position(|s| s == n)
                .unwrap_or_else(|| panic!("sheet {n:?} is not in the spec: {names:?}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "sheets out of the spec's order: {names:?}");
    let issues = tiered.sheet("Issues");
    assert_eq!(
        issues[0].iter().map(text).collect::<Vec<_>>(),
        ["Sheet", "Cell", "Value", "Problem", "What tierbook did"]
    );
    assert!(
        issues.iter().skip(1).all(|r| r.iter().all(|c| c == &Data::Empty)),
        "a clean book has no issues: {issues:?}"
    );
}

#[test]
fn bars_book_summary_names_the_input_file_and_its_sha256() {
    let Tiered { wd, out, report, .. } = bars("bars-summary");
    let summary = read_sheet(&report, "Summary");
    assert_eq!(text(&fact(&summary, "Input file")), "bars.xlsx", "{out}");
    let sha = text(&fact(&summary, "Input SHA-256"));
    assert_eq!(sha.len(), 64, "{sha}");
    assert!(sha.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{sha}");
    assert_eq!(sha, sha256_file(&wd.path("bars.xlsx")));
    assert_eq!(text(&fact(&summary, "Advisor")), "Pat Lee");
    assert_eq!(text(&fact(&summary, "Clients")), "7");
    assert_eq!(text(&fact(&summary, "Maximum score")), "15");
    assert_eq!(text(&fact(&summary, "tierbook version")), env!("CARGO_PKG_VERSION"));
    let as_of = fact(&summary, "As of");
    assert_eq!(calamine::DataType::as_date(&as_of), chrono::NaiveDate::from_ymd_opt(2026, 1, 31), "{as_of:?}");
}

#[test]
fn bars_book_criteria_sheet_counts_the_clients_meeting_each() {
    let grid = bars("bars-criteria").sheet("Criteria");
    let (name, met, group) = (column(&grid, "Criterion"), column(&grid, "Clients Met"), column(&grid, "Group"));
    let scores: Vec<usize> = BARS.iter().map(|b| b.2).collect();
    assert_eq!(grid.len(), 16, "{grid:?}");
    for (k, (q, g)) in QUALITIES.iter().enumerate() {
        let r = &grid[k + 1];
        assert_eq!(text(&r[name]), *q);
        assert_eq!(text(&r[group]), *g);
        let want = scores.iter().filter(|&&s| s > k).count();
        assert_eq!(r[met], Data::Float(want as f64), "Clients Met of {q}");
    }
}

#[test]
fn run_writes_the_default_output_beside_the_book_and_a_summary_line_on_stdout() {
    let wd = Workdir::new("bars-default");
    let book = wd.write_book("bars.xlsx", &fixtures::bars());
    let before = std::fs::read(&book).unwrap();
    let out = wd.run(&["run", "bars.xlsx"]).expect_code(0);
    let mut lines = out.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("bars.xlsx: 7 clients → A 2 · B 2 · C 3; 0 input issues; wrote bars.tiers.xlsx"),
        "{out}"
    );
    // Only warnings may follow the summary line.
    assert!(lines.all(|l| l.starts_with("  warning: ")), "{out}");
    assert_eq!(out.stderr, "", "{out}");
    wd.assert_files(&["bars.tiers.xlsx", "bars.xlsx"], &out);
    assert_eq!(std::fs::read(&book).unwrap(), before, "the input book changed");
    crate::conservation::assert_conserved(&book, &wd.path("bars.tiers.xlsx"));
}

#[test]
fn run_quiet_prints_nothing() {
    let wd = Workdir::new("bars-quiet");
    wd.write_book("bars.xlsx", &fixtures::bars());
    let out = wd.run(&["run", "-q", "bars.xlsx", "-o", "report.xlsx"]).expect_code(0);
    assert_eq!((out.stdout.as_str(), out.stderr.as_str()), ("", ""), "{out}");
    assert!(wd.path("report.xlsx").is_file(), "{out}");
}

#[test]
fn weighted_criteria_sum_their_weights_against_point_bars() {
    let Tiered { out, rows, .. } = Tiered::book("weighted", "weighted.xlsx", &fixtures::weighted());
    for (id, score, tier) in WEIGHTED {
        let r = client(&rows, id);
        assert_eq!((r.num("Score"), r.text("Tier").as_str()), (score, tier), "{id}: {}\n{out}", r.text("Why"));
        assert!(r.text("Why").starts_with(&format!("{} of 8 points", crate::util::text(&Data::Float(score)))));
    }
    let w1 = client(&rows, "W1");
    assert_eq!((w1.num("Score: Financial"), w1.num("Score: Demographic"), w1.num("Score: Personal")), (2.0, 3.0, 3.0));
}

#[test]
fn gates_and_required_criteria_hold_clients_below_a_tier() {
    let Tiered { out, rows, .. } = Tiered::book("gated", "gated.xlsx", &fixtures::gated());
    for (id, score, tier, phrase) in GATED {
        let r = client(&rows, id);
        let why = r.text("Why");
        assert_eq!((r.num("Score"), r.text("Tier").as_str()), (score, tier), "{id}: {why}\n{out}");
        assert_eq!(r.text("Scored Tier"), tier, "{id}");
        assert!(why.contains(phrase), "{id}: Why lacks {phrase:?}: {why}");
    }
    assert_eq!(client(&rows, "G5").num("Assets"), 1_000_000.0);
    assert_eq!(client(&rows, "G5").num("Revenue"), 10_000.0);
    assert_eq!(client(&rows, "G8").get("Assets"), &Data::Empty);
}

#[test]
fn ideal_pre_ideal_exceptions_scheme() {
    let Tiered { out, rows, .. } = Tiered::book("ideal", "ideal.xlsx", &fixtures::ideal());
    for (id, tier) in IDEAL {
        assert_eq!(client(&rows, id).text("Tier"), tier, "{id}\n{out}");
    }
    // AUM and Fees are the Assets and Revenue aliases.
    assert_eq!(client(&rows, "I2").num("Assets"), 400_000.0);
    assert_eq!(client(&rows, "I3").num("Revenue"), 4_000.0);
    out.stdout_has(&["A 2", "B 2", "C 1"]);
}

#[test]
fn lenient_amounts_are_written_back_as_numbers() {
    let tiered = Tiered::book("lenient", "lenient.xlsx", &fixtures::lenient());
    let out = &tiered.out;
    for (id, revenue, assets, score) in LENIENT {
        let r = tiered.client(id);
        let num = |d: &Data| match d {
            Data::Float(f) => Some(*f),
            Data::Empty => None,
            other => panic!("{id}: not a number cell: {other:?}"),
        };
        assert_eq!(num(r.get("Revenue")), revenue, "Revenue of {id}\n{out}");
        assert_eq!(num(r.get("Assets")), assets, "Assets of {id}\n{out}");
        assert_eq!(r.num("Score"), score, "Score of {id}: {}", r.text("Why"));
    }
    out.stdout_has(&["0 input issues"]);
    assert_eq!(text(&fact(&tiered.sheet("Summary"), "Input issues")), "0");
}

#[test]
fn title_lines_header_spellings_and_aliases_are_understood() {
    let Tiered { out, rows, .. } = Tiered::book("messy", "messy.xlsx", &fixtures::messy_headers());
    let got: Vec<(String, String, String, f64)> =
        rows.iter().map(|r| (r.text("Client ID"), r.text("Name"), r.text("Tier"), r.num("Score"))).collect();
    let want = [("101", "Hal Ito", "A", 4.0), ("102", "Ida Jay", "B", 3.0), ("103", "Jon Kim", "C", 0.0)];
    let want: Vec<(String, String, String, f64)> =
        want.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), *d)).collect();
    assert_eq!(got, want, "{out}");
    let hal = client(&rows, "101");
    assert_eq!((hal.num("Assets"), hal.num("Revenue")), (1_500_000.0, 9_000.0));
    assert_eq!(hal.get("Client ID"), &Data::Float(101.0), "a numeric ID stays a number");
}

#[test]
fn formula_like_text_comes_out_as_text_never_a_formula() {
    let wd = Workdir::new("formula");
    let book = wd.write_book("formula.xlsx", &fixtures::formula_text());
    let before = std::fs::read(&book).unwrap();
    let (out, report) = wd.tier("formula.xlsx");
    let rows = tier_rows(&report);
    for (k, t) in FORMULA_TEXT.iter().enumerate() {
        let r = client(&rows, &format!("F{}", k + 1));
        assert_eq!(r.get("Name"), &Data::String(t.to_string()), "{out}");
        assert_eq!(r.get("Notes"), &Data::String(t.to_string()), "{out}");
    }
    let mut wb = open_workbook_auto(&report).unwrap();
    for sheet in sheet_names(&report) {
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{sheet} holds formulas: {formulas:?}");
    }
    assert_eq!(std::fs::read(&book).unwrap(), before, "the input book changed");
}
