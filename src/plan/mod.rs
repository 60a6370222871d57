//! From tiers to a service plan the practice can check it can deliver: what
//! each tier costs in hours and money, who serves each client, how much of
//! each person's year that takes, and when in the year each touch happens.
//! Pure: a [`Book`] and a [`Segmentation`] in, a [`Plan`] out.

mod assign;
mod calendar;
mod cost;

use crate::error::Issue;
use crate::model::Book;
use crate::segment::Segmentation;
use crate::value::money_text;

pub use assign::{Assignment, Deliverer, StaffLoad};
pub use calendar::{Calendar, MONTHS};
pub use cost::{RoleHours, TierCost};

/// The service plan of a book.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// What serving one client of each tier for a year takes.
    pub tier_cost: Vec<TierCost>,
    /// Who serves each client and each person's load.
    pub assignment: Assignment,
    /// The year's touches, month by month.
    pub calendar: Calendar,
    /// Problems met while planning (an unknown pinned contact, say).
    pub issues: Vec<Issue>,
}

impl Plan {
    /// Hours a year to serve client `i`.
    pub fn hours(&self, seg: &Segmentation, i: usize) -> f64 {
        self.tier_cost[seg.tier[i]].hours
    }

    /// Cost a year to serve client `i`.
    pub fn cost(&self, seg: &Segmentation, i: usize) -> f64 {
        self.tier_cost[seg.tier[i]].cost
    }

    /// Revenue less cost for client `i`, when its revenue is known.
    pub fn margin(&self, book: &Book, seg: &Segmentation, i: usize) -> Option<f64> {
        book.clients.rows[i].revenue.map(|r| r - self.cost(seg, i))
    }
}

/// What the plan adds to a client's `Why`: an unprofitable relationship,
/// or a contact assigned beyond capacity.
pub fn why_note(book: &Book, seg: &Segmentation, plan: &Plan, i: usize) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(m) = plan.margin(book, seg, i).filter(|m| *m < 0.0) {
        let currency = &book.settings.currency;
        notes.push(format!(
            "Unprofitable: costs {} a year to serve against {} revenue.",
            money_text(plan.cost(seg, i), currency),
            money_text(m + plan.cost(seg, i), currency)
        ));
    }
    if plan.assignment.over_capacity[i] {
        if let Some(k) = plan.assignment.contact[i] {
            notes.push(format!("Over capacity: {} has no hours left for this client.", book.staff[k].name));
        }
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// Plans the book's service.
pub fn plan(book: &Book, seg: &Segmentation) -> Plan {
    let tier_cost = cost::tier_costs(book);
    let mut issues = Vec::new();
    let assignment = assign::assign(book, seg, &tier_cost, &mut issues);
    let calendar = calendar::schedule(book, seg, &assignment);
    Plan { tier_cost, assignment, calendar, issues }
}
