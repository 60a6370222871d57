//! The coach's view across advisors: what each book's run yields, and the
//! roll-up of those results per advisor, with the alerts a coach acts on.
//! Pure: results in, rows and alerts out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Book;
use crate::plan::Plan;
use crate::segment::Segmentation;
use crate::totals::TierTotals;

/// How a book's run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Tiered and written.
    Ok,
    /// Unchanged since its last successful run, whose report stands: not
    /// redone. (`skipped` is what older ledgers call it.)
    #[serde(alias = "skipped")]
    Unchanged,
    /// Could not be processed.
    Failed,
    /// Not started: the batch was interrupted first. Never recorded.
    NotRun,
}

impl Status {
    /// The word used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Unchanged => "unchanged",
            Status::Failed => "failed",
            Status::NotRun => "not run (interrupted)",
        }
    }

    /// True when the book has a report that stands tonight (made tonight or
    /// unchanged since), so its figures count.
    pub fn reported(self) -> bool {
        matches!(self, Status::Ok | Status::Unchanged)
    }
}

/// What one book's run yielded, kept between runs (it is also the batch's
/// manifest entry for the book). A failed book carries no figures: the
/// roll-up and the run report show tonight's failure, never last night's
/// counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BookResult {
    /// The book's path relative to the inbox.
    pub book: String,
    /// The advisor, as the roll-up files the book: the book's Settings
    /// `Advisor` when it agrees with the inbox folder, else the folder (the
    /// folder decides; see [`crate::batch::advisor`]).
    pub advisor: String,
    /// The book's Settings `Advisor`, as written (empty: none).
    pub named_advisor: String,
    /// Why the folder and the Settings disagree, when they do.
    pub advisor_note: String,
    /// When the report was made (RFC 3339, local time), for "unchanged
    /// (report from …)".
    pub made_at: String,
    /// How the last run of this book ended.
    pub status: Option<Status>,
    /// The error, when it failed.
    pub error: String,
    /// Seconds the run took.
    pub seconds: f64,
    /// SHA-256 of the book's bytes at its last successful run.
    pub sha256: String,
    /// Template used.
    pub template: String,
    /// tierbook version that made the outputs.
    pub version: String,
    /// Report workbook, relative to the output folder.
    pub report: String,
    /// CRM list, relative to the output folder.
    pub crm_csv: String,
    /// The figures of the last successful run.
    pub metrics: Metrics,
}

/// A book's figures, as the coach compares them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Metrics {
    /// Clients tiered.
    pub clients: usize,
    /// Tier codes, top first.
    pub tier_codes: Vec<String>,
    /// Clients per tier (final), aligned with `tier_codes`.
    pub tier_clients: Vec<usize>,
    /// The top tier holds more than its Max Share.
    pub top_tier_over_cap: bool,
    /// The top tier's share of clients (0–1).
    pub top_tier_share: f64,
    /// The top tier's Max Share (0–1), if it has one.
    pub top_tier_cap: Option<f64>,
    /// Clients served at a tier other than their score's.
    pub exceptions: usize,
    /// The book's Max Exceptions share.
    pub max_exceptions: f64,
    /// Clients served at a loss; `None` when the book has no revenue to
    /// tell (never a silent 0).
    pub unprofitable: Option<usize>,
    /// The book's Max Unprofitable share.
    pub max_unprofitable: f64,
    /// Staff hours the plan needs.
    pub hours_required: f64,
    /// Staff hours available.
    pub capacity: f64,
    /// Staff members over capacity.
    pub staff_over_capacity: usize,
    /// Each one over capacity: name, hours needed, hours available.
    pub staff_over: Vec<(String, f64, f64)>,
    /// Summary warnings.
    pub warnings: Vec<String>,
}

/// The figures of one tiered book.
pub fn metrics(book: &Book, seg: &Segmentation, plan: &Plan, totals: &[TierTotals], warnings: &[String]) -> Metrics {
    let top_tier_cap = book.tiers.first().and_then(|t| t.max_share);
    let top_tier_share = totals.first().map_or(0.0, |t| t.share);
    let top_tier_over_cap = !totals.is_empty() && top_tier_cap.is_some_and(|cap| top_tier_share > cap + 1e-12);
    let staff_over: Vec<(String, f64, f64)> = book
        .staff
        .iter()
        .zip(&plan.assignment.load)
        .filter(|(s, l)| s.is_over(l.total()))
        .map(|(s, l)| (s.name.clone(), l.total(), s.capacity))
        .collect();
    Metrics {
        clients: seg.len(),
        tier_codes: book.tiers.iter().map(|t| t.code.clone()).collect(),
        tier_clients: totals.iter().map(|t| t.clients).collect(),
        top_tier_over_cap,
        top_tier_share,
        top_tier_cap,
        exceptions: seg.exception_count(),
        max_exceptions: book.settings.max_exceptions,
        unprofitable: totals.iter().filter_map(|t| t.unprofitable).reduce(|a, b| a + b),
        max_unprofitable: book.settings.max_unprofitable,
        hours_required: totals.iter().map(|t| t.hours).sum(),
        capacity: book.staff.iter().map(|s| s.capacity).sum(),
        staff_over_capacity: staff_over.len(),
        staff_over,
        warnings: warnings.to_vec(),
    }
}

/// One advisor's line in the roll-up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AdvisorRow {
    /// The advisor.
    pub advisor: String,
    /// Books processed (ok or skipped).
    pub books: usize,
    /// Books that failed on the last run.
    pub failed: usize,
    /// Clients across the advisor's books.
    pub clients: usize,
    /// Clients per tier code, aligned with [`Rollup::tier_codes`].
    pub tier_clients: Vec<usize>,
    /// Exceptions across the books.
    pub exceptions: usize,
    /// Clients served at a loss.
    pub unprofitable: usize,
    /// Clients of the books that could tell who is served at a loss (books
    /// without revenue cannot).
    pub unprofitable_known: usize,
    /// Staff hours needed and available.
    pub hours_required: f64,
    /// Staff hours available.
    pub capacity: f64,
    /// Warnings across the books.
    pub warnings: usize,
}

impl AdvisorRow {
    /// Share of clients that are exceptions.
    pub fn exceptions_rate(&self) -> f64 {
        ratio(self.exceptions as f64, self.clients as f64)
    }

    /// Share of clients served at a loss, among the clients of books that
    /// could tell; `None` when no book could.
    pub fn unprofitable_share(&self) -> Option<f64> {
        (self.unprofitable_known > 0).then(|| ratio(self.unprofitable as f64, self.unprofitable_known as f64))
    }

    /// Hours needed over hours available (0 when no staff is known).
    pub fn utilisation(&self) -> f64 {
        ratio(self.hours_required, self.capacity)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// Something the coach should act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// The advisor.
    pub advisor: String,
    /// What kind of alert.
    pub kind: &'static str,
    /// The detail, in words.
    pub detail: String,
}

/// The roll-up across advisors.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rollup {
    /// Tier codes in order of first appearance across books.
    pub tier_codes: Vec<String>,
    /// One row per advisor, by name.
    pub advisors: Vec<AdvisorRow>,
    /// Alerts, by advisor.
    pub alerts: Vec<Alert>,
}

/// Rolls book results up per advisor: one row per inbox folder, labelled
/// with the name most of its books give (their `advisor`). Only books whose
/// report stands tonight (ok or unchanged) add figures; a failed book counts
/// as failed and adds nothing, so a row never shows clients without books.
pub fn rollup(results: &[BookResult]) -> Rollup {
    let mut codes: Vec<String> = Vec::new();
    for r in results.iter().filter(|r| r.status.is_some_and(Status::reported)) {
        for c in &r.metrics.tier_codes {
            if !codes.contains(c) {
                codes.push(c.clone());
            }
        }
    }
    let mut folders: BTreeMap<String, Vec<&BookResult>> = BTreeMap::new();
    for r in results {
        folders.entry(folder_of(&r.book)).or_default().push(r);
    }
    let mut advisors: Vec<AdvisorRow> = Vec::new();
    let mut alerts = Vec::new();
    for books in folders.values() {
        let name = label(books);
        let mut row = AdvisorRow { advisor: name.clone(), tier_clients: vec![0; codes.len()], ..AdvisorRow::default() };
        for r in books {
            let alert = |kind: &'static str, detail: String| Alert { advisor: name.clone(), kind, detail };
            if !r.advisor_note.is_empty() {
                alerts.push(alert("advisor mismatch", format!("{}: {}", r.book, r.advisor_note)));
            }
            if !r.status.is_some_and(Status::reported) {
                row.failed += 1;
                alerts.push(alert("book failed", format!("{}: {}", r.book, r.error)));
                continue;
            }
            row.books += 1;
            let m = &r.metrics;
            row.clients += m.clients;
            for (code, n) in m.tier_codes.iter().zip(&m.tier_clients) {
                if let Some(k) = codes.iter().position(|c| c == code) {
                    row.tier_clients[k] += n;
                }
            }
            row.exceptions += m.exceptions;
            if let Some(n) = m.unprofitable {
                row.unprofitable += n;
                row.unprofitable_known += m.clients;
            }
            row.hours_required += m.hours_required;
            row.capacity += m.capacity;
            row.warnings += m.warnings.len();
            alerts.extend(book_alerts(r).into_iter().map(|(kind, detail)| alert(kind, detail)));
        }
        advisors.push(row);
    }
    advisors.sort_by(|a, b| a.advisor.cmp(&b.advisor));
    alerts.sort_by(|a, b| a.advisor.cmp(&b.advisor));
    Rollup { tier_codes: codes, advisors, alerts }
}

/// The inbox folder of a book (its first path part), or "" at the top.
fn folder_of(book: &str) -> String {
    book.split_once('/').map(|(f, _)| f.to_string()).unwrap_or_default()
}

/// The name a folder's row goes by: the `advisor` most of its books give
/// (ties: the first in name order).
fn label(books: &[&BookResult]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in books {
        *counts.entry(r.advisor.as_str()).or_default() += 1;
    }
    let best = counts.values().copied().max().unwrap_or(0);
    counts.into_iter().find(|(_, n)| *n == best).map(|(a, _)| a.to_string()).unwrap_or_default()
}

/// The alerts one reported book raises, each carrying its numbers.
fn book_alerts(r: &BookResult) -> Vec<(&'static str, String)> {
    let m = &r.metrics;
    let mut out = Vec::new();
    if let (true, Some(cap)) = (m.top_tier_over_cap, m.top_tier_cap) {
        let top = m.tier_codes.first().cloned().unwrap_or_default();
        out.push((
            "top tier over its cap",
            format!(
                "{}: Tier {top} {:.1} % of clients, over its {} % cap",
                r.book,
                m.top_tier_share * 100.0,
                percent(cap)
            ),
        ));
    }
    if !m.staff_over.is_empty() {
        let people: Vec<String> = m
            .staff_over
            .iter()
            .map(|(name, needed, available)| format!("{name} needs {needed:.0} hours of {available:.0} available"))
            .collect();
        // What would close it: moving clients when the team has the hours,
        // more hours when it has not.
        let team = if m.hours_required <= m.capacity {
            format!("the team has the hours ({:.0} needed of {:.0}): rebalance clients", m.hours_required, m.capacity)
        } else {
            format!("the team is {:.0} hours short", m.hours_required - m.capacity)
        };
        out.push(("over capacity", format!("{}: {}; {team}", r.book, people.join("; "))));
    }
    let allowed = crate::totals::allowed_count(m.max_exceptions, m.clients);
    if m.exceptions > allowed {
        out.push((
            "too many exceptions",
            format!(
                "{}: {} exceptions, {:.1} % of clients, over the {} % cap ({allowed} allowed)",
                r.book,
                m.exceptions,
                ratio(m.exceptions as f64, m.clients as f64) * 100.0,
                percent(m.max_exceptions)
            ),
        ));
    }
    out
}

/// A share as a percentage without needless decimals: 0.25 → "25", 0.125 →
/// "12.5".
fn percent(share: f64) -> String {
    let text = format!("{:.2}", share * 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(advisor: &str, book: &str, status: Status, tiers: &[(&str, usize)], exceptions: usize) -> BookResult {
        BookResult {
            book: book.into(),
            advisor: advisor.into(),
            status: Some(status),
            error: if status == Status::Failed { "broken".into() } else { String::new() },
            metrics: Metrics {
                clients: tiers.iter().map(|t| t.1).sum(),
                tier_codes: tiers.iter().map(|t| t.0.to_string()).collect(),
                tier_clients: tiers.iter().map(|t| t.1).collect(),
                exceptions,
                max_exceptions: 0.1,
                capacity: 100.0,
                hours_required: 50.0,
                ..Metrics::default()
            },
            ..BookResult::default()
        }
    }

    #[test]
    fn rolls_up_per_advisor_with_alerts() {
        let results = vec![
            result("Bo", "bo/1.xlsx", Status::Ok, &[("A", 2), ("B", 3), ("C", 5)], 3),
            result("Al", "al/1.xlsx", Status::Ok, &[("A", 1), ("C", 9)], 0),
            result("Al", "al/2.xlsx", Status::Unchanged, &[("A", 1), ("C", 1)], 0),
            result("al", "al/3.xlsx", Status::Failed, &[], 0),
        ];
        let r = rollup(&results);
        assert_eq!(r.tier_codes, ["A", "B", "C"]);
        let names: Vec<&str> = r.advisors.iter().map(|a| a.advisor.as_str()).collect();
        assert_eq!(names, ["Al", "Bo"]);
        let al = &r.advisors[0];
        assert_eq!((al.books, al.failed, al.clients), (2, 1, 12));
        assert_eq!(al.tier_clients, [2, 0, 10]);
        assert!((al.utilisation() - 0.5).abs() < 1e-12);
        let alerts: Vec<(&str, &str, &str)> =
            r.alerts.iter().map(|a| (a.advisor.as_str(), a.kind, a.detail.as_str())).collect();
        assert_eq!(
            alerts,
            [
                ("Al", "book failed", "al/3.xlsx: broken"),
                (
                    "Bo",
                    "too many exceptions",
                    "bo/1.xlsx: 3 exceptions, 30.0 % of clients, over the 10 % cap (1 allowed)"
                )
            ]
        );
        assert!((r.advisors[1].exceptions_rate() - 0.3).abs() < 1e-12);
        assert_eq!(al.unprofitable_share(), None, "no book could tell: blank, not 0 %");
    }

    #[test]
    fn a_failed_book_adds_no_figures_even_with_old_ones() {
        // Even an old ledger entry that kept last night's figures beside a
        // failure never shows clients on a row without books.
        let mut failed = result("Al", "al/1.xlsx", Status::Failed, &[("A", 6)], 0);
        failed.metrics.clients = 6;
        let r = rollup(&[failed]);
        let al = &r.advisors[0];
        assert_eq!((al.books, al.failed, al.clients), (0, 1, 0));
        assert!(r.tier_codes.is_empty());
    }

    #[test]
    fn alerts_carry_their_numbers_and_name_the_people_over() {
        let mut r = result("Al", "al/1.xlsx", Status::Ok, &[("A", 26), ("B", 74)], 0);
        r.metrics.top_tier_over_cap = true;
        r.metrics.top_tier_share = 0.26;
        r.metrics.top_tier_cap = Some(0.25);
        r.metrics.staff_over = vec![("Sam Lee".into(), 1234.4, 1000.0), ("Pat Doe".into(), 901.0, 900.0)];
        r.metrics.staff_over_capacity = 2;
        let details: Vec<String> = rollup(&[r]).alerts.into_iter().map(|a| a.detail).collect();
        assert_eq!(
            details,
            [
                "al/1.xlsx: Tier A 26.0 % of clients, over its 25 % cap",
                "al/1.xlsx: Sam Lee needs 1234 hours of 1000 available; Pat Doe needs 901 hours of 900 available; \
                 the team has the hours (50 needed of 100): rebalance clients"
            ]
        );
        assert_eq!(percent(0.125), "12.5");
    }
}
