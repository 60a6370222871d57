//! Reading back what a report says: its Issues rows, its warnings and its
//! tiers, in forms a test compares whole.

use std::path::Path;

use crate::util::{ids_and_tiers, read_sheet, text, tier_rows, Outcome};

/// What tierbook did with a row that is not a client, as Issues says.
pub const SKIPPED: &str = "row skipped: not tiered and not counted in the totals";

/// The Issues sheet as (cell, value, problem, action) rows, cell as `Sheet!A1`.
pub fn issues(report: &Path) -> Vec<(String, String, String, String)> {
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

/// One Issues row as [`issues`] reads it: (cell, value, problem, action).
pub fn issue(at: &str, value: &str, problem: &str, action: &str) -> (String, String, String, String) {
    (at.to_string(), value.to_string(), problem.to_string(), action.to_string())
}

/// The Summary's text, every cell one a line: where its warnings are read.
pub fn summary_text(report: &Path) -> String {
    read_sheet(report, "Summary").iter().flat_map(|r| r.iter().map(text)).collect::<Vec<_>>().join("\n")
}

/// Asserts that the console (stdout) and the Summary both give `warning`.
pub fn assert_warned(out: &Outcome, report: &Path, warning: &str) {
    assert!(out.stdout.contains(warning), "no warning {warning:?} on the console\n{out}");
    assert!(summary_text(report).contains(warning), "no warning {warning:?} on the Summary");
}

/// `(Client ID, Tier)` of every client of a report, sorted.
pub fn sorted_tiers(report: &Path) -> Vec<(String, String)> {
    let mut v = ids_and_tiers(&tier_rows(report));
    v.sort();
    v
}

/// Owned copies of `(Client ID, Tier)` pairs, to compare with [`sorted_tiers`].
pub fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}
