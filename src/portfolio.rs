//! The coach's view across advisors: what each book's run yields, and the
//! roll-up of those results per advisor, with the alerts a coach acts on.
//! Pure: results in, rows and alerts out.

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
    /// Unchanged since its last successful run: not redone.
    Skipped,
    /// Could not be processed.
    Failed,
}

impl Status {
    /// The word used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }
}

/// What one book's run yielded, kept between runs (it is also the batch's
/// manifest entry for the book).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BookResult {
    /// The book's path relative to the inbox.
    pub book: String,
    /// The advisor: Settings `Advisor`, else the inbox folder.
    pub advisor: String,
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
pub struct Metrics {
    /// Clients tiered.
    pub clients: usize,
    /// Tier codes, top first.
    pub tier_codes: Vec<String>,
    /// Clients per tier (final), aligned with `tier_codes`.
    pub tier_clients: Vec<usize>,
    /// The top tier holds more than its Max Share.
    pub top_tier_over_cap: bool,
    /// Clients served at a tier other than their score's.
    pub exceptions: usize,
    /// The book's Max Exceptions share.
    pub max_exceptions: f64,
    /// Clients served at a loss.
    pub unprofitable: usize,
    /// The book's Max Unprofitable share.
    pub max_unprofitable: f64,
    /// Staff hours the plan needs.
    pub hours_required: f64,
    /// Staff hours available.
    pub capacity: f64,
    /// Staff members over capacity.
    pub staff_over_capacity: usize,
    /// Summary warnings.
    pub warnings: Vec<String>,
}

/// The figures of one tiered book.
pub fn metrics(book: &Book, seg: &Segmentation, plan: &Plan, totals: &[TierTotals], warnings: &[String]) -> Metrics {
    let top_tier_over_cap = match (book.tiers.first(), totals.first()) {
        (Some(tier), Some(t)) => tier.max_share.is_some_and(|cap| t.share > cap + 1e-12),
        _ => false,
    };
    let staff_over_capacity =
        book.staff.iter().zip(&plan.assignment.load).filter(|(s, l)| s.is_over(l.total())).count();
    Metrics {
        clients: seg.len(),
        tier_codes: book.tiers.iter().map(|t| t.code.clone()).collect(),
        tier_clients: totals.iter().map(|t| t.clients).collect(),
        top_tier_over_cap,
        exceptions: seg.exception_count(),
        max_exceptions: book.settings.max_exceptions,
        unprofitable: totals.iter().filter_map(|t| t.unprofitable).sum(),
        max_unprofitable: book.settings.max_unprofitable,
        hours_required: totals.iter().map(|t| t.hours).sum(),
        capacity: book.staff.iter().map(|s| s.capacity).sum(),
        staff_over_capacity,
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

    /// Share of clients served at a loss.
    pub fn unprofitable_share(&self) -> f64 {
        ratio(self.unprofitable as f64, self.clients as f64)
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

/// Rolls book results up per advisor.
pub fn rollup(results: &[BookResult]) -> Rollup {
    let mut codes: Vec<String> = Vec::new();
    for r in results {
        for c in &r.metrics.tier_codes {
            if !codes.contains(c) {
                codes.push(c.clone());
            }
        }
    }
    // A book that failed before its Settings were read is filed under its
    // inbox folder; when the folder's other books name their advisor, that
    // is whose book failed.
    let folder = |r: &BookResult| r.book.split_once('/').map(|(f, _)| f.to_string()).unwrap_or_default();
    let named: std::collections::HashMap<String, String> = results
        .iter()
        .filter(|r| r.status != Some(Status::Failed) && !folder(r).is_empty())
        .map(|r| (folder(r), r.advisor.clone()))
        .collect();
    let results: Vec<BookResult> = results
        .iter()
        .map(|r| match named.get(&folder(r)) {
            Some(name) if r.status == Some(Status::Failed) && r.advisor == folder(r) => {
                BookResult { advisor: name.clone(), ..r.clone() }
            }
            _ => r.clone(),
        })
        .collect();
    let mut advisors: Vec<AdvisorRow> = Vec::new();
    let mut alerts = Vec::new();
    let mut sorted: Vec<&BookResult> = results.iter().collect();
    sorted.sort_by(|a, b| a.advisor.cmp(&b.advisor).then(a.book.cmp(&b.book)));
    for r in sorted {
        let at = match advisors.iter().position(|a| a.advisor == r.advisor) {
            Some(i) => i,
            None => {
                advisors.push(AdvisorRow {
                    advisor: r.advisor.clone(),
                    tier_clients: vec![0; codes.len()],
                    ..AdvisorRow::default()
                });
                advisors.len() - 1
            }
        };
        let row = &mut advisors[at];
        let alert = |kind: &'static str, detail: String| Alert { advisor: r.advisor.clone(), kind, detail };
        if r.status == Some(Status::Failed) {
            row.failed += 1;
            alerts.push(alert("book failed", format!("{}: {}", r.book, r.error)));
            if r.metrics.clients == 0 {
                continue;
            }
        } else {
            row.books += 1;
        }
        let m = &r.metrics;
        row.clients += m.clients;
        for (code, n) in m.tier_codes.iter().zip(&m.tier_clients) {
            if let Some(k) = codes.iter().position(|c| c == code) {
                row.tier_clients[k] += n;
            }
        }
        row.exceptions += m.exceptions;
        row.unprofitable += m.unprofitable;
        row.hours_required += m.hours_required;
        row.capacity += m.capacity;
        row.warnings += m.warnings.len();
        if m.top_tier_over_cap {
            let top = m.tier_codes.first().cloned().unwrap_or_default();
            alerts
                .push(alert("top tier over its cap", format!("{}: Tier {top} holds more than its Max Share", r.book)));
        }
        if m.staff_over_capacity > 0 {
            alerts.push(alert(
                "over capacity",
                if m.hours_required <= m.capacity {
                    format!(
                        "{}: {} staff over capacity, though the team has the hours ({:.0} needed of {:.0}): rebalance clients",
                        r.book, m.staff_over_capacity, m.hours_required, m.capacity
                    )
                } else {
                    format!(
                        "{}: {} staff over capacity; the team is {:.0} hours short ({:.0} needed, {:.0} available)",
                        r.book,
                        m.staff_over_capacity,
                        m.hours_required - m.capacity,
                        m.hours_required,
                        m.capacity
                    )
                },
            ));
        }
        let allowed = crate::totals::allowed_count(m.max_exceptions, m.clients);
        if m.exceptions > allowed {
            alerts.push(alert(
                "too many exceptions",
                format!(
                    "{}: {} exceptions, over the {:.0}% cap ({allowed})",
                    r.book,
                    m.exceptions,
                    m.max_exceptions * 100.0
                ),
            ));
        }
    }
    Rollup { tier_codes: codes, advisors, alerts }
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
            result("Al", "al/2.xlsx", Status::Skipped, &[("A", 1), ("C", 1)], 0),
            result("Al", "al/3.xlsx", Status::Failed, &[], 0),
        ];
        let r = rollup(&results);
        assert_eq!(r.tier_codes, ["A", "B", "C"]);
        let names: Vec<&str> = r.advisors.iter().map(|a| a.advisor.as_str()).collect();
        assert_eq!(names, ["Al", "Bo"]);
        let al = &r.advisors[0];
        assert_eq!((al.books, al.failed, al.clients), (2, 1, 12));
        assert_eq!(al.tier_clients, [2, 0, 10]);
        assert!((al.utilisation() - 0.5).abs() < 1e-12);
        let kinds: Vec<(&str, &str)> = r.alerts.iter().map(|a| (a.advisor.as_str(), a.kind)).collect();
        assert_eq!(kinds, [("Al", "book failed"), ("Bo", "too many exceptions")]);
        assert!((r.advisors[1].exceptions_rate() - 0.3).abs() < 1e-12);
    }
}
