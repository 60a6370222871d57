//! Hours and cost to serve one client of each tier for a year.

use crate::model::Book;

/// Hours a year a role spends on one client of a tier.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleHours {
    /// The role, as the Services sheet spells it.
    pub role: String,
    /// Hours a year per client.
    pub hours: f64,
}

/// What serving one client of a tier takes in a year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TierCost {
    /// Staff hours.
    pub hours: f64,
    /// Of which delivered by the client's primary contact.
    pub primary_hours: f64,
    /// The rest, by the role that delivers it.
    pub role_hours: Vec<RoleHours>,
    /// Out-of-pocket cost (lunches, gifts, events).
    pub out_of_pocket: f64,
    /// Staff time at the Hourly Cost plus out-of-pocket cost.
    pub cost: f64,
}

/// Per-tier costs from the service grid, index-aligned with `book.tiers`.
/// A service delivered by the tier's own primary contact role (or with no
/// Delivered By) counts to the primary contact; any other role's hours are
/// that role's.
pub fn tier_costs(book: &Book) -> Vec<TierCost> {
    let rate = book.settings.hourly_cost.unwrap_or(0.0);
    book.tiers
        .iter()
        .enumerate()
        .map(|(t, tier)| {
            let mut c = TierCost::default();
            for s in &book.services {
                let n = s.per_tier[t].per_year();
                if n <= 0.0 {
                    continue;
                }
                let hours = n * s.hours_each;
                c.hours += hours;
                c.out_of_pocket += n * s.cost_each;
                let own_role = match (&s.delivered_by, &tier.primary_contact_role) {
                    (None, _) => true,
                    (Some(by), Some(primary)) => by.trim().eq_ignore_ascii_case(primary.trim()),
                    (Some(_), None) => false,
                };
                if own_role {
                    c.primary_hours += hours;
                } else if let Some(by) = &s.delivered_by {
                    match c.role_hours.iter_mut().find(|r| r.role.eq_ignore_ascii_case(by.trim())) {
                        Some(r) => r.hours += hours,
                        None => c.role_hours.push(RoleHours { role: by.trim().to_string(), hours }),
                    }
                }
            }
            c.cost = c.hours * rate + c.out_of_pocket;
            c
        })
        .collect()
}
