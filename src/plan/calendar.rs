//! The year's touches, month by month, levelled per person.
//!
//! A service given n times a year is given every 12/n months; what is left
//! to choose is each client's starting month. Clients are placed one by one,
//! each service at the start month that adds the least to the busiest months
//! of whoever delivers it — so quarterly reviews stay three months apart and
//! each person's months come out nearly level. The year starts with the
//! month of Settings `As Of`.

use chrono::{Datelike, NaiveDate};
use indexmap::IndexMap;

use crate::model::Book;
use crate::plan::assign::{Assignment, Deliverer};
use crate::segment::Segmentation;

/// Months in the plan.
pub const MONTHS: usize = 12;

/// The year's schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// First day of the plan's first month.
    pub start: NaiveDate,
    /// Touches per year of each service scheduled (index-aligned with
    /// `book.services`; 0 = not scheduled for that tier), per tier.
    counts: Vec<Vec<usize>>,
    /// Start month offset per client and service.
    offsets: Vec<u8>,
    services: usize,
    /// Who delivers, and their hours in each month.
    pub loads: Vec<(Deliverer, [f64; MONTHS])>,
}

impl Calendar {
    /// The months (0-based from `start`) in which client `i` gets service
    /// `s`, one entry per touch (a month repeats when a service is given
    /// more than monthly).
    pub fn months(&self, seg: &Segmentation, i: usize, s: usize) -> Vec<usize> {
        let n = self.counts[seg.tier[i]][s];
        touch_months(n, self.offsets[i * self.services + s] as usize)
    }

    /// Label of month `m` of the plan, e.g. `Nov 2026`.
    pub fn month_label(&self, m: usize) -> String {
        let mut y = self.start.year();
        let mut mo = self.start.month0() as usize + m;
        y += (mo / 12) as i32;
        mo %= 12;
        NaiveDate::from_ymd_opt(y, mo as u32 + 1, 1).map(|d| d.format("%b %Y").to_string()).unwrap_or_default()
    }
}

/// Months of n touches a year starting at `offset`, spaced 12/n apart.
fn touch_months(n: usize, offset: usize) -> Vec<usize> {
    (0..n).map(|k| (offset + k * MONTHS / n) % MONTHS).collect()
}

/// Touches a year of a service for scheduling: the count rounded, at least 1.
fn scheduled(per_year: f64) -> usize {
    if per_year <= 0.0 {
        0
    } else {
        (per_year.round() as usize).max(1)
    }
}

/// Schedules every client's touches.
pub fn schedule(book: &Book, seg: &Segmentation, a: &Assignment) -> Calendar {
    let start = NaiveDate::from_ymd_opt(book.settings.as_of.year(), book.settings.as_of.month(), 1)
        .unwrap_or(book.settings.as_of);
    let ns = book.services.len();
    let counts: Vec<Vec<usize>> = (0..book.tiers.len())
        .map(|t| book.services.iter().map(|s| scheduled(s.per_tier[t].per_year())).collect())
        .collect();
    // Each deliverer's hours and touches by month, staff first, then roles
    // and "unassigned" in order of first use.
    let mut months: IndexMap<Deliverer, Year> =
        (0..book.staff.len()).map(|k| (Deliverer::Staff(k), Year::default())).collect();
    let mut offsets = vec![0u8; seg.len() * ns];
    for i in 0..seg.len() {
        let t = seg.tier[i];
        let primary_role = book.tiers[t].primary_contact_role.as_deref().map(|r| r.trim().to_lowercase());
        for (s, service) in book.services.iter().enumerate() {
            let n = counts[t][s];
            if n == 0 {
                continue;
            }
            let by_role = service
                .delivered_by
                .as_deref()
                .map(|r| r.trim().to_lowercase())
                .filter(|r| Some(r) != primary_role.as_ref());
            let who = match (by_role, a.contact[i]) {
                (Some(role), _) => Deliverer::Role(role),
                (None, Some(k)) => Deliverer::Staff(k),
                (None, None) => Deliverer::Unassigned,
            };
            let month = months.entry(who).or_default();
            let period = MONTHS.div_ceil(n).max(1);
            let cost =
                |o: usize| touch_months(n, o).iter().map(|&m| month.hours[m] + 1e-3 * month.touches[m]).sum::<f64>();
            let best = (0..period).min_by(|&x, &y| cost(x).total_cmp(&cost(y)).then(x.cmp(&y))).unwrap_or(0);
            for m in touch_months(n, best) {
                month.hours[m] += service.hours_each;
                month.touches[m] += 1.0;
            }
            offsets[i * ns + s] = best as u8;
        }
    }
    let mut loads: Vec<(Deliverer, [f64; MONTHS])> = months.into_iter().map(|(who, m)| (who, m.hours)).collect();
    share_role_months(book, &mut loads);
    Calendar { start, counts, offsets, services: ns, loads }
}

/// One deliverer's year: hours and touches by month.
#[derive(Debug, Clone, Copy, Default)]
struct Year {
    hours: [f64; MONTHS],
    touches: [f64; MONTHS],
}

/// Role work (cards by the assistant, say) is scheduled for the role as a
/// whole; its months are then shared by the role's holders in proportion to
/// capacity, as the annual hours are. A role nobody holds keeps its own row.
fn share_role_months(book: &Book, loads: &mut Vec<(Deliverer, [f64; MONTHS])>) {
    let mut kept = Vec::with_capacity(loads.len());
    let mut shares: Vec<(usize, [f64; MONTHS])> = Vec::new();
    for (who, months) in loads.drain(..) {
        let Deliverer::Role(role) = &who else {
            kept.push((who, months));
            continue;
        };
        let holders: Vec<usize> =
            (0..book.staff.len()).filter(|&k| book.staff[k].role.trim().eq_ignore_ascii_case(role)).collect();
        if holders.is_empty() {
            kept.push((who, months));
            continue;
        }
        let capacity: f64 = holders.iter().map(|&k| book.staff[k].capacity).sum();
        for &k in &holders {
            let share = if capacity > 0.0 { book.staff[k].capacity / capacity } else { 1.0 / holders.len() as f64 };
            shares.push((k, months.map(|h| h * share)));
        }
    }
    for (k, months) in shares {
        if let Some((_, load)) = kept.iter_mut().find(|(w, _)| *w == Deliverer::Staff(k)) {
            for (l, h) in load.iter_mut().zip(months) {
                *l += h;
            }
        }
    }
    *loads = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touches_are_spaced_evenly() {
        assert_eq!(touch_months(4, 1), [1, 4, 7, 10]);
        assert_eq!(touch_months(2, 5), [5, 11]);
        assert_eq!(touch_months(1, 11), [11]);
        assert_eq!(touch_months(12, 0), (0..12).collect::<Vec<_>>());
        assert_eq!(touch_months(24, 0).len(), 24);
        assert_eq!(scheduled(0.0), 0);
        assert_eq!(scheduled(0.4), 1);
        assert_eq!(scheduled(2.0), 2);
    }
}
