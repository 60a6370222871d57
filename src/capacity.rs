//! The team's hours against what its clients need, and what would close a
//! gap: the Resources sheet's "Capacity" block, computed once in the core and
//! laid out by `write/` (issue 17). Pure.

use crate::model::{Book, Provision};
use crate::plan::Plan;
use crate::totals::TierTotals;

/// The team's capacity against the plan, in hours a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    /// Hours a year the plan asks for, every tier.
    pub demand: f64,
    /// The staff's capacity (0 without a Staff sheet).
    pub capacity: f64,
    /// Hours over capacity, summed person by person.
    pub over: f64,
    /// What would close the gap, one sentence each, alternatives after the
    /// first beginning "Or"; never empty (it says when there is nothing to
    /// close, or nothing to compare).
    pub suggestions: Vec<String>,
}

/// The capacity block of a planned book; `totals` are the per-tier totals.
pub fn capacity(book: &Book, plan: &Plan, totals: &[TierTotals]) -> Capacity {
    let demand: f64 = totals.iter().map(|t| t.hours).sum();
    let capacity: f64 = book.staff.iter().map(|s| s.capacity).sum();
    let over: f64 = book.staff.iter().zip(&plan.assignment.load).map(|(s, l)| (l.total() - s.capacity).max(0.0)).sum();
    Capacity { demand, capacity, over, suggestions: suggestions(book, plan, totals, demand, capacity, over) }
}

/// Ways to close the gap between `demand` and `capacity` hours, with
/// `over` hours over capacity person by person.
fn suggestions(book: &Book, plan: &Plan, totals: &[TierTotals], demand: f64, capacity: f64, over: f64) -> Vec<String> {
    if book.staff.is_empty() {
        return vec![format!(
            "Nothing to compare: no Staff sheet, so the {demand:.0} hours a year your clients need are assigned to no one. \
             Add a Staff sheet to check them against each person's capacity."
        )];
    }
    let team_gap = demand - capacity;
    if team_gap <= 1e-9 && over <= 1e-9 {
        return vec!["Nothing to close: everyone has the hours their clients need.".into()];
    }
    if team_gap <= 1e-9 {
        // Enough hours in the team, in the wrong hands.
        let busy: Vec<&str> = book
            .staff
            .iter()
            .zip(&plan.assignment.load)
            .filter(|(s, l)| s.is_over(l.total()))
            .map(|(s, _)| s.name.as_str())
            .collect();
        // Five names, as in the Summary's warning (each is marked in the
        // staff table).
        let names = crate::error::listed(&busy, 5);
        return vec![format!(
            "Rebalance: the team has {:.0} hours a year to spare, but {} {} {over:.0} hours over capacity between them; \
             let colleagues with hours left serve some of their clients (their Staff Tiers may need widening).",
            -team_gap,
            names,
            if busy.len() == 1 { "is" } else { "are" }
        )];
    }
    let gap = team_gap;
    let mut out = Vec::new();
    let bottom = book.tiers.len() - 1;
    let role = book.tiers[bottom].primary_contact_role.as_deref().unwrap_or("primary contact");
    // Calls and other contact of the bottom tier can go to an assistant.
    let contact_hours: f64 = book
        .services
        .iter()
        .filter(|s| s.category.eq_ignore_ascii_case("communication") && s.delivered_by.is_none())
        .map(|s| match &s.per_tier[bottom] {
            Provision::PerYear(n) => n * s.hours_each,
            _ => 0.0,
        })
        .sum::<f64>()
        * totals[bottom].clients as f64;
    if contact_hours > 0.0 {
        out.push(format!(
            "Move Tier {} calls and other contact from the {role} to an assistant: frees {contact_hours:.0} hours a year.",
            book.tiers[bottom].code
        ));
    }
    let avg = book.staff.iter().map(|s| s.capacity).sum::<f64>() / book.staff.len() as f64;
    if avg > 0.0 {
        out.push(format!("Add {} staff at the team's average capacity ({avg:.0} hours a year).", (gap / avg).ceil()));
    }
    out.push(format!("Serve fewer touches: the team is {gap:.0} hours a year short."));
    // Alternatives: each after the first begins "Or".
    for s in out.iter_mut().skip(1) {
        let mut chars = s.chars();
        let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
        *s = format!("Or {first}{}", chars.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Clients, StaffMember};
    use crate::segment::segment;
    use crate::totals::tier_totals;

    /// `n` clients, all in the bottom tier, and `staff` people each with
    /// `hours` of capacity serving every tier.
    fn planned(n: usize, staff: usize, hours: f64) -> Capacity {
        let mut book = Book::for_tests(Clients {
            rows: (0..n).map(|i| Client { id: i.to_string(), ..Client::default() }).collect(),
            ..Clients::default()
        });
        book.services = crate::validate::default_plan(&book.tiers);
        book.staff = (0..staff)
            .map(|k| StaffMember {
                name: format!("P{k}"),
                role: "Advisor".into(),
                tiers: (0..book.tiers.len()).collect(),
                capacity: hours,
                tenure: 1.0,
            })
            .collect();
        let seg = segment(&book, &[]);
        let plan = crate::plan::plan(&book, &seg);
        let totals = tier_totals(&book, &seg, &plan);
        capacity(&book, &plan, &totals)
    }

    #[test]
    fn without_staff_there_is_nothing_to_compare() {
        let c = planned(10, 0, 0.0);
        assert_eq!((c.capacity, c.over), (0.0, 0.0));
        assert!(c.demand > 0.0);
        assert_eq!(c.suggestions.len(), 1);
        assert!(c.suggestions[0].starts_with("Nothing to compare: no Staff sheet"), "{:?}", c.suggestions);
    }

    #[test]
    fn a_team_with_room_has_nothing_to_close() {
        let c = planned(10, 2, 10_000.0);
        assert_eq!(c.capacity, 20_000.0);
        assert_eq!(c.over, 0.0);
        assert_eq!(c.suggestions, ["Nothing to close: everyone has the hours their clients need."]);
    }

    #[test]
    fn a_short_team_is_told_the_gap_and_alternatives_begin_or() {
        let c = planned(200, 1, 10.0);
        assert!(c.demand > c.capacity);
        let gap = c.demand - c.capacity;
        let last = c.suggestions.last().expect("a suggestion");
        assert_eq!(last, &format!("Or serve fewer touches: the team is {gap:.0} hours a year short."));
        assert!(c.suggestions.iter().skip(1).all(|s| s.starts_with("Or ")), "{:?}", c.suggestions);
        assert!(c.suggestions.iter().any(|s| s.contains("Add ") || s.contains("add ")), "{:?}", c.suggestions);
    }
}
