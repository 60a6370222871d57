//! The same book in every format tierbook reads gives the same tiers. The
//! .ods and .xls copies are committed under `tests/fixtures/` (made once with
//! LibreOffice, see its README); these tests only read them.

use std::path::Path;

use crate::fixtures::{self, BARS};
use crate::util::{read_sheet, tier_rows, Workdir};

/// (Client ID, Name, Score, Scored Tier, Tier) of every client, sorted by ID.
fn outcome(report: &Path) -> Vec<(String, String, f64, String, String)> {
    let mut v: Vec<_> = tier_rows(report)
        .iter()
        .map(|r| (r.text("Client ID"), r.text("Name"), r.num("Score"), r.text("Scored Tier"), r.text("Tier")))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// What the `bars` book must give, sorted by ID.
fn expected() -> Vec<(String, String, f64, String, String)> {
    let mut v: Vec<_> = BARS
        .iter()
        .map(|(id, name, score, tier)| {
            (id.to_string(), name.to_string(), *score as f64, tier.to_string(), tier.to_string())
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Copies the committed fixture `from` into the empty `wd` as `book`, runs
/// `tierbook run <book>`, and asserts the default report `report` is
/// written beside it (the only new file) with the bars book's tiers.
fn tiers_beside(wd: &Workdir, from: &str, book: &str, report: &str) {
    wd.copy_fixture(from, book);
    let out = wd.run(&["run", book]).expect_code(0);
    wd.assert_files(&[book, report], &out);
    assert_eq!(outcome(&wd.path(report)), expected(), "{out}");
}

#[test]
fn committed_xlsx_fixture_matches_the_generator() {
    let wd = Workdir::new("fixture-sync");
    let committed = wd.copy_fixture("bars.xlsx", "committed.xlsx");
    let fresh = wd.write_book("fresh.xlsx", &fixtures::bars());
    for sheet in ["Clients", "Criteria", "Settings"] {
        assert_eq!(
            read_sheet(&committed, sheet),
            read_sheet(&fresh, sheet),
            "sheet {sheet} differs: regenerate the fixtures"
        );
    }
}

#[test]
fn bars_book_as_xlsx_ods_and_xls_gives_the_same_tiers() {
    let wd = Workdir::new("formats");
    for ext in ["xlsx", "ods", "xls"] {
        let name = format!("bars.{ext}");
        wd.copy_fixture(&name, &name);
        let out = wd.run(&["run", &name, "-o", &format!("{ext}.tiers.xlsx")]).expect_code(0);
        out.stdout_has(&["7 clients", "A 2", "B 2", "C 3", "0 input issues"]);
        let report = wd.path(&format!("{ext}.tiers.xlsx"));
        crate::conservation::assert_conserved(&wd.path(&name), &report);
        assert_eq!(outcome(&report), expected(), "{name}\n{out}");
        let summary = read_sheet(&report, "Summary");
        assert_eq!(crate::util::text(&crate::util::fact(&summary, "Input file")), name);
        assert_eq!(crate::util::text(&crate::util::fact(&summary, "Advisor")), "Pat Lee", "{name}");
        let as_of = crate::util::fact(&summary, "As of");
        assert_eq!(
            calamine::DataType::as_date(&as_of),
            chrono::NaiveDate::from_ymd_opt(2026, 1, 31),
            "{name}: {as_of:?}"
        );
    }
}

#[test]
fn upper_case_extension_is_read_and_the_default_output_is_beside_it() {
    let wd = Workdir::new("upper-ext");
    tiers_beside(&wd, "bars.xlsx", "BARS.XLSX", "BARS.tiers.xlsx");
    wd.copy_fixture("bars.ods", "Bars.ODS");
    let out = wd.run(&["run", "Bars.ODS", "-o", "ods.xlsx"]).expect_code(0);
    assert_eq!(outcome(&wd.path("ods.xlsx")), expected(), "{out}");
}

#[test]
fn csv_client_list_alone_fails_for_want_of_criteria() {
    let wd = Workdir::new("csv");
    wd.write_bytes("clients.csv", "Client ID,Name,Loyal\nK1,Kay Lund,yes\nK2,Lee Moss,no\n".as_bytes());
    let out = wd.run(&["run", "clients.csv"]).expect_code(1);
    out.assert_stderr_is(
        "tierbook: clients.csv: 1 problem to fix:\n  clients.csv: a CSV has no Criteria sheet; add `--template abc-15` \
         (see `tierbook templates`), or build a book with `tierbook init book.xlsx --from clients.csv`\n",
    );
    wd.assert_files(&["clients.csv"], &out);
    let out = wd.run(&["check", "clients.csv"]).expect_code(1);
    out.assert_stdout_is(
        "clients.csv: error: a CSV has no Criteria sheet; add `--template abc-15` (see `tierbook templates`), or \
         build a book with `tierbook init book.xlsx --from clients.csv`\n",
    );
    out.assert_stderr_is("clients.csv: 1 error to fix before this book can be tiered\n");
}

/// Rewrites `tests/fixtures/bars.{xlsx,ods,xls}`. Needs LibreOffice
/// (`soffice`); run by hand: `cargo test --test integration -- --ignored
/// regenerate_committed_fixtures`.
#[test]
#[ignore = "rewrites the committed fixtures; needs LibreOffice"]
fn regenerate_committed_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bars.xlsx"), fixtures::bars().to_bytes()).unwrap();
    for to in ["ods", "xls"] {
        let status = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", to, "--outdir"])
            .arg(&dir)
            .arg(dir.join("bars.xlsx"))
            .status()
            .expect("run soffice");
        assert!(status.success(), "soffice --convert-to {to} failed");
    }
}

#[test]
fn xlsm_extension_is_read_as_a_workbook() {
    tiers_beside(&Workdir::new("xlsm"), "bars.xlsx", "bars.xlsm", "bars.tiers.xlsx");
}
