//! Everything the report's sheets and the console line show about a tiered
//! book, computed once (issue 17): per-tier totals, the Summary's warnings,
//! the one merged list of input issues, household totals, and the team's
//! capacity against the plan with what would close a gap. `write/` only
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
}

/// Analyses a tiered and planned book.
pub fn analyse(book: &Book, seg: &Segmentation, plan: &Plan) -> Analysis {
    let totals = tier_totals(book, seg, plan);
    Analysis {
        warnings: warnings(book, seg, plan, &totals),
        capacity: capacity(book, plan, &totals),
        delivery_by_staff: plan.delivery.as_ref().map(|d| by_contact(d, &plan.assignment.contact, book.staff.len())),
        totals,
        issues: book.issues.iter().chain(&seg.issues).chain(&plan.issues).cloned().collect(),
        households: (book.settings.tier_by == TierBy::Household).then(|| household_totals(book)),
    }
}

impl Analysis {
    /// Clients per final tier, as `(code, count)`, top tier first.
    pub fn tier_counts(&self, book: &Book) -> Vec<(String, usize)> {
        book.tiers.iter().zip(&self.totals).map(|(t, x)| (t.code.clone(), x.clients)).collect()
    }
}
