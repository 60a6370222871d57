//! Everything the report's sheets and the console line show about a tiered
//! book, computed once (issue 17): per-tier totals, the Summary's warnings,
//! the one merged list of input issues, household totals, the team's
//! capacity against the plan with what would close a gap, delivery per
//! person, and the order of each tier sheet and of the Calendar. `write/` only
//! lays these out; `cmd/run` prints from the same values, so the Summary's
//! count, its warnings and the console line cannot disagree. Pure.

use std::collections::HashMap;

use crate::capacity::{capacity, Capacity};
use crate::error::Issue;
use crate::model::{Book, TierBy};
use crate::plan::Plan;
use crate::plan::{by_contact, StaffDelivery};
use crate::segment::Segmentation;
use crate::totals::{household_totals, tier_totals, warnings, HouseholdTotals, TierTotals};

/// What the report shows, beyond the book, the scores and the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Totals per tier, index-aligned with `book.tiers`.
    pub totals: Vec<TierTotals>,
    /// The Summary's warnings, in the order shown.
    pub warnings: Vec<String>,
    /// Every input value that could not be used as written: validation's,
    /// scoring's and planning's, in that order (the Issues sheet).
    pub issues: Vec<Issue>,
    /// Totals per household (lower-cased name), when tiering by household.
    pub households: Option<HashMap<String, HouseholdTotals>>,
    /// The team's hours against the plan's, and what would close a gap (the
    /// Resources sheet).
    pub capacity: Capacity,
    /// Delivery so far per primary contact, then the clients with none (the
    /// Calendar), when the book tracks delivery.
    pub delivery_by_staff: Option<Vec<StaffDelivery>>,
    /// Each tier's clients (final tier) in the order its sheet shows them:
    /// highest score first, then the book's order. Index-aligned with
    /// `book.tiers`; every client is in exactly one list.
    pub tier_members: Vec<Vec<usize>>,
    /// The Calendar's client order, the morning list: overdue clients
    /// first, top tier first, most overdue first; then everyone else in the
    /// book's order.
    pub calendar_order: Vec<usize>,
}

/// Analyses a tiered and planned book.
pub fn analyse(book: &Book, seg: &Segmentation, plan: &Plan) -> Analysis {
    let totals = tier_totals(book, seg, plan);
    Analysis {
        warnings: warnings(book, seg, plan, &totals),
        capacity: capacity(book, plan, &totals),
        tier_members: tier_members(seg, book.tiers.len()),
        calendar_order: calendar_order(seg, plan),
        delivery_by_staff: plan.delivery.as_ref().map(|d| by_contact(d, &plan.assignment.contact, book.staff.len())),
        totals,
        issues: book.issues.iter().chain(&seg.issues).chain(&plan.issues).cloned().collect(),
        households: (book.settings.tier_by == TierBy::Household).then(|| household_totals(book)),
    }
}

/// See [`Analysis::tier_members`].
fn tier_members(seg: &Segmentation, tiers: usize) -> Vec<Vec<usize>> {
    let mut by_tier: Vec<Vec<usize>> = vec![Vec::new(); tiers];
    for (i, &t) in seg.tier.iter().enumerate() {
        by_tier[t].push(i);
    }
    for list in &mut by_tier {
        list.sort_by(|&a, &b| seg.scores[b].cmp(&seg.scores[a]).then(a.cmp(&b)));
    }
    by_tier
}

/// See [`Analysis::calendar_order`].
fn calendar_order(seg: &Segmentation, plan: &Plan) -> Vec<usize> {
    let mut order: Vec<usize> = (0..seg.len()).collect();
    if let Some(d) = &plan.delivery {
        order.sort_by_key(|&i| {
            let days = d[i].overdue_days();
            (days == 0, if days > 0 { seg.tier[i] } else { 0 }, std::cmp::Reverse(days), i)
        });
    }
    order
}

impl Analysis {
    /// Clients per final tier, as `(code, count)`, top tier first.
    pub fn tier_counts(&self, book: &Book) -> Vec<(String, usize)> {
        book.tiers.iter().zip(&self.totals).map(|(t, x)| (t.code.clone(), x.clients)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Clients};
    use crate::segment::segment;
    use crate::value::Points;

    #[test]
    fn each_tier_lists_its_clients_best_first_and_every_client_once() {
        let book = Book::for_tests(Clients {
            rows: (0..6).map(|i| Client { id: i.to_string(), ..Client::default() }).collect(),
            ..Clients::default()
        });
        let mut seg = segment(&book, &[]);
        seg.tier = vec![2, 0, 2, 1, 2, 0];
        seg.scores = [1, 9, 5, 4, 5, 7].map(Points).to_vec();
        let members = tier_members(&seg, book.tiers.len());
        // Highest score first; a tie keeps the book's order (2 before 4).
        assert_eq!(members, [vec![1, 5], vec![3], vec![2, 4, 0]]);
        let plan = crate::plan::plan(&book, &seg);
        let order = calendar_order(&seg, &plan);
        let mut seen = order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..6).collect::<Vec<_>>(), "every client once on the Calendar");
    }
}
