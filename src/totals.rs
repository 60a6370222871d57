//! Per-tier totals and the warnings a practice should hear about. Pure.

use std::collections::HashMap;

use crate::model::Book;
use crate::plan::Plan;
use crate::segment::Segmentation;

/// Totals for one tier.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TierTotals {
    /// Clients served at this tier (final tier).
    pub clients: usize,
    /// Clients whose score and gates reach this tier (scored tier).
    pub scored: usize,
    /// Share of all clients served at this tier.
    pub share: f64,
    /// Sum of known assets; `None` when the book has no Assets column (shown
    /// blank with the reason, never as zero).
    pub assets: Option<f64>,
    /// Sum of known revenue; `None` when the book has no Revenue column.
    pub revenue: Option<f64>,
    /// Share of the book's known revenue; `None` without revenue.
    pub revenue_share: Option<f64>,
    /// Mean score of the tier's clients, in points.
    pub mean_score: f64,
    /// Clients within the borderline margin of a bar.
    pub borderline: usize,
    /// Staff hours a year to serve the tier.
    pub hours: f64,
    /// Cost a year to serve the tier.
    pub cost: f64,
    /// Known revenue less cost; `None` without revenue.
    pub margin: Option<f64>,
    /// Share of all service hours.
    pub time_share: f64,
    /// Clients whose known revenue is below their cost to serve; `None`
    /// without revenue.
    pub unprofitable: Option<usize>,
    /// Clients with a review or contact overdue (when delivery is tracked).
    pub overdue: usize,
    /// Clients nothing overdue and the year's promise kept so far.
    pub on_track: usize,
}

/// Totals per tier, index-aligned with `book.tiers`. Revenue, margin and
/// unprofitable counts are `None` when the book has no Revenue column, and
/// assets when it has no Assets column (issue 12: never a silent zero).
pub fn tier_totals(book: &Book, seg: &Segmentation, plan: &Plan) -> Vec<TierTotals> {
    let (has_revenue, has_assets) = (book.clients.revenue_column.is_some(), book.clients.assets_column.is_some());
    let zero = |known: bool| known.then_some(0.0);
    let blank = TierTotals {
        assets: zero(has_assets),
        revenue: zero(has_revenue),
        revenue_share: zero(has_revenue),
        margin: zero(has_revenue),
        unprofitable: has_revenue.then_some(0),
        ..TierTotals::default()
    };
    let mut totals = vec![blank; book.tiers.len()];
    let mut score_sum = vec![0.0; book.tiers.len()];
    for (i, client) in book.clients.rows.iter().enumerate() {
        let t = &mut totals[seg.tier[i]];
        t.clients += 1;
        add(&mut t.assets, client.assets);
        add(&mut t.revenue, client.revenue);
        score_sum[seg.tier[i]] += seg.scores[i].as_f64();
        t.hours += plan.hours(seg, i);
        t.cost += plan.cost(seg, i);
        if let Some(d) = plan.delivery.as_ref().map(|d| &d[i]) {
            t.overdue += usize::from(d.overdue_days() > 0);
            t.on_track += usize::from(d.on_track());
        }
        if let Some(m) = plan.margin(book, seg, i) {
            add(&mut t.margin, Some(m));
            if let (true, Some(u)) = (m < 0.0, t.unprofitable.as_mut()) {
                *u += 1;
            }
        }
        totals[seg.scored_tier[i]].scored += 1;
        if seg.borderline[i].is_some() {
            totals[seg.tier[i]].borderline += 1;
        }
    }
    let n = seg.len().max(1) as f64;
    let revenue: f64 = totals.iter().filter_map(|t| t.revenue).sum();
    let hours: f64 = totals.iter().map(|t| t.hours).sum();
    for (t, sum) in totals.iter_mut().zip(score_sum) {
        t.time_share = if hours > 0.0 { t.hours / hours } else { 0.0 };
        t.share = t.clients as f64 / n;
        t.revenue_share = t.revenue.map(|r| if revenue > 0.0 { r / revenue } else { 0.0 });
        t.mean_score = if t.clients > 0 { sum / t.clients as f64 } else { 0.0 };
    }
    totals
}

/// Adds a known amount to a total that exists (a total that is `None`
/// stays so: the book has no such column).
fn add(total: &mut Option<f64>, v: Option<f64>) {
    if let (Some(t), Some(v)) = (total.as_mut(), v) {
        *t += v;
    }
}

/// Revenue and assets of one household.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HouseholdTotals {
    /// Sum of the members' known revenue; `None` when the book has no
    /// Revenue column.
    pub revenue: Option<f64>,
    /// Sum of the members' known assets; `None` without an Assets column.
    pub assets: Option<f64>,
    /// Members in the book.
    pub members: usize,
}

/// Totals per household, keyed by [`crate::value::id_key`] of its name.
pub fn household_totals(book: &Book) -> HashMap<String, HouseholdTotals> {
    let mut map: HashMap<String, HouseholdTotals> = HashMap::new();
    let empty = HouseholdTotals {
        revenue: book.clients.revenue_column.map(|_| 0.0),
        assets: book.clients.assets_column.map(|_| 0.0),
        members: 0,
    };
    for c in &book.clients.rows {
        if let Some(h) = &c.household {
            let t = map.entry(crate::value::id_key(h)).or_insert(empty);
            add(&mut t.revenue, c.revenue);
            add(&mut t.assets, c.assets);
            t.members += 1;
        }
    }
    map
}

/// How many of `n` clients a cap of `share` (0–1) allows. The product is
/// nudged before rounding down: 29 % of 100 is 28.999999999999996 in binary
/// floating point, and must allow 29.
pub fn allowed_count(share: f64, n: usize) -> usize {
    (share * n as f64 + 1e-9).floor() as usize
}

/// The warning for `count` of `n` clients that `what`, when that is over a
/// cap of `share` named `cap_name`.
fn over_cap(count: usize, n: usize, share: f64, what: &str, cap_name: &str) -> Option<String> {
    let allowed = allowed_count(share, n);
    (count > allowed).then(|| {
        format!(
            "{count} clients ({:.1}%) {what}, over the {cap_name} of {:.1}% ({allowed} clients): {} over.",
            count as f64 * 100.0 / n.max(1) as f64,
            share * 100.0,
            count - allowed
        )
    })
}

/// Warnings for the Summary, most pressing first.
pub fn warnings(book: &Book, seg: &Segmentation, plan: &Plan, totals: &[TierTotals]) -> Vec<String> {
    let mut out = book.warnings.clone();
    let n = seg.len();
    let a = &plan.assignment;
    let over: Vec<String> = book
        .staff
        .iter()
        .zip(&a.load)
        .filter(|(s, l)| s.is_over(l.total()))
        .map(|(s, l)| format!("{} ({:.0} of {:.0} hours)", s.name, l.total(), s.capacity))
        .collect();
    if !over.is_empty() {
        out.push(format!("{} staff over capacity: {}. See Resources.", over.len(), crate::error::listed(&over, 5)));
    }
    // Without a Staff sheet there is no one to assign: the Resources sheet
    // says so, and a solo practice should not be nagged every night.
    for (t, &k) in a.unassigned.iter().enumerate().filter(|_| !book.staff.is_empty()) {
        if k > 0 {
            out.push(format!(
                "{k} Tier {} clients have no primary contact: no one on the Staff sheet serves Tier {}.",
                book.tiers[t].code, book.tiers[t].code
            ));
        }
    }
    if book.staff.is_empty() {
        // One line for all the hours, not a warning for the one role that
        // happens to be named: without staff every hour is unassigned.
        let hours: f64 = totals.iter().map(|t| t.hours).sum();
        if hours > 0.0 {
            out.push(format!(
                "No Staff sheet: the {hours:.0} hours a year your clients need are assigned to no one. \
                 Add a Staff sheet to assign primary contacts and check capacity."
            ));
        }
    } else {
        for (role, hours) in &a.unstaffed_roles {
            out.push(format!(
                "{hours:.0} hours a year are for the role '{role}', which no one on the Staff sheet holds."
            ));
        }
    }
    let unprofitable: usize = totals.iter().filter_map(|t| t.unprofitable).sum();
    out.extend(over_cap(
        unprofitable,
        n,
        book.settings.max_unprofitable,
        "cost more to serve than they pay",
        "Max Unprofitable",
    ));
    out.extend(over_cap(
        seg.exception_count(),
        n,
        book.settings.max_exceptions,
        "are served at a tier other than their score's",
        "Max Exceptions",
    ));
    for (tier, t) in book.tiers.iter().zip(totals) {
        if let Some(cap) = tier.max_share {
            if t.share > cap + 1e-12 {
                let allowed = allowed_count(cap, book.clients.rows.len());
                out.push(format!(
                    "Tier {} holds {:.1}% of clients, over its Max Share of {:.1}% ({} clients, {} over).",
                    tier.code,
                    t.share * 100.0,
                    cap * 100.0,
                    t.clients,
                    t.clients.saturating_sub(allowed)
                ));
            }
        }
    }
    if plan.delivery.is_some() {
        for (tier, t) in book.tiers.iter().zip(totals) {
            if t.clients > 0 && (t.on_track as f64) < 0.9 * t.clients as f64 {
                out.push(format!(
                    "Only {:.0}% of Tier {} clients are on track ({} of {}; {} overdue): see the Calendar for who is due.",
                    t.on_track as f64 * 100.0 / t.clients as f64,
                    tier.code,
                    t.on_track,
                    t.clients,
                    t.overdue
                ));
            }
        }
    }
    out.extend(reading_warnings(book));
    let n = input_issues(book, seg, plan);
    if n > 0 {
        out.push(format!(
            "{n} input value{} could not be used as written: see the Issues sheet.",
            if n == 1 { "" } else { "s" }
        ));
    }
    out
}

/// How many input values could not be used as written: the one count the
/// Summary, its warning, the Issues sheet and the console line all show
/// (validation's, scoring's and planning's issues together).
pub fn input_issues(book: &Book, seg: &Segmentation, plan: &Plan) -> usize {
    book.issues.len() + seg.issues.len() + plan.issues.len()
}

/// What reading the book left out or could not read, when it matters: rows
/// skipped as not clients, and formula cells with no saved value that the
/// scoring reads.
fn reading_warnings(book: &Book) -> Vec<String> {
    let mut out = Vec::new();
    let read = &book.unsaved_formulas_read;
    if !read.is_empty() {
        out.push(format!(
            "{} formula cell{} with no saved value {} read by the scoring ({}), so tiers may be wrong: open and save the book in Excel or LibreOffice, then run again.",
            read.len(),
            if read.len() == 1 { "" } else { "s" },
            if read.len() == 1 { "is" } else { "are" },
            crate::error::listed(read, 5)
        ));
    }
    let skipped = book.clients.skipped_rows;
    if skipped > 0 {
        out.push(format!(
            "{skipped} row{} of the {} sheet {} not clients (totals, footers, repeated headers or notes beside the table) and {} skipped: see the Issues sheet.",
            if skipped == 1 { "" } else { "s" },
            book.clients.sheet,
            if skipped == 1 { "is" } else { "are" },
            if skipped == 1 { "was" } else { "were" },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Clients};
    use crate::segment::{segment, Segmentation};

    fn book(n: usize) -> Book {
        Book::for_tests(Clients {
            rows: (0..n)
                .map(|i| Client { id: i.to_string(), revenue: Some(100.0), assets: Some(1000.0), ..Client::default() })
                .collect(),
            revenue_column: Some(2),
            assets_column: Some(3),
            ..Clients::default()
        })
    }

    fn place(seg: &mut Segmentation, tiers: &[usize]) {
        seg.tier = tiers.to_vec();
        seg.scored_tier = tiers.to_vec();
    }

    #[test]
    fn caps_allow_exactly_their_share() {
        assert_eq!(allowed_count(0.29, 100), 29);
        assert_eq!(allowed_count(0.1, 350), 35);
        assert_eq!(allowed_count(0.25, 4), 1);
        assert_eq!(allowed_count(0.0, 10), 0);
    }

    #[test]
    fn totals_add_up_and_caps_warn() {
        let mut b = book(4);
        b.tiers[0].max_share = Some(0.25);
        let mut seg = segment(&b, &[]);
        place(&mut seg, &[0, 0, 1, 2]);
        let p = crate::plan::plan(&b, &seg);
        let t = tier_totals(&b, &seg, &p);
        assert_eq!(t.iter().map(|t| t.clients).sum::<usize>(), 4);
        assert_eq!(t[0].clients, 2);
        assert!((t[0].share - 0.5).abs() < 1e-12);
        assert_eq!(t[0].revenue, Some(200.0));
        assert_eq!(t[0].revenue_share, Some(0.5));
        let w = warnings(&b, &seg, &p, &t);
        assert_eq!(w, ["Tier A holds 50.0% of clients, over its Max Share of 25.0% (2 clients, 1 over)."]);
    }

    /// Issue 12: a book without a Revenue (or Assets) column has no revenue
    /// figures at all, not figures of zero.
    #[test]
    fn a_book_without_the_column_has_no_figures_not_zero() {
        let mut b = book(3);
        b.clients.revenue_column = None;
        let seg = segment(&b, &[]);
        let p = crate::plan::plan(&b, &seg);
        for t in tier_totals(&b, &seg, &p) {
            assert_eq!((t.revenue, t.revenue_share, t.margin, t.unprofitable), (None, None, None, None));
            assert!(t.assets.is_some());
        }
        b.clients.assets_column = None;
        assert!(tier_totals(&b, &seg, &p).iter().all(|t| t.assets.is_none()));
    }
}
