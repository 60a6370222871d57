//! Who serves each client: a pinned `Primary Contact` stands; otherwise the
//! most valuable clients go to the most senior staff serving their tier,
//! each person filled up to capacity before the next; when everyone
//! eligible is full, the client still gets a contact (the least loaded
//! eligible person, by share of capacity) and is flagged. Near-linear: one
//! sort of the clients, then a cursor per tier over its staff by seniority.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::error::Issue;
use crate::location::Location;
use crate::model::Book;
use crate::plan::cost::TierCost;
use crate::segment::Segmentation;
use crate::validate::PRIMARY_CONTACT;

/// Who delivers a touch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Deliverer {
    /// A staff member (index into `book.staff`).
    Staff(usize),
    /// Everyone of a role, sharing the work.
    Role(String),
    /// Nobody: no staff serves the client's tier.
    Unassigned,
}

/// One staff member's year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaffLoad {
    /// Clients whose primary contact this person is.
    pub clients: usize,
    /// Hours as primary contact.
    pub primary_hours: f64,
    /// Hours of services delivered by this person's role, shared out.
    pub role_hours: f64,
}

impl StaffLoad {
    /// All hours required.
    pub fn total(&self) -> f64 {
        self.primary_hours + self.role_hours
    }
}

/// The assignment of clients to staff.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assignment {
    /// Each client's primary contact (index into `book.staff`).
    pub contact: Vec<Option<usize>>,
    /// Clients whose contact was pinned by the book.
    pub pinned: Vec<bool>,
    /// Clients assigned beyond their contact's capacity.
    pub over_capacity: Vec<bool>,
    /// Each staff member's load, index-aligned with `book.staff`.
    pub load: Vec<StaffLoad>,
    /// Hours of roles nobody on the Staff sheet holds: (role, hours a year).
    pub unstaffed_roles: Vec<(String, f64)>,
    /// Clients per tier that no staff member serves.
    pub unassigned: Vec<usize>,
}

/// Assigns every client a primary contact and shares role work out.
pub fn assign(book: &Book, seg: &Segmentation, costs: &[TierCost], issues: &mut Vec<Issue>) -> Assignment {
    let n = seg.len();
    let staff = &book.staff;
    let mut a = Assignment {
        contact: vec![None; n],
        pinned: vec![false; n],
        over_capacity: vec![false; n],
        load: vec![StaffLoad::default(); staff.len()],
        unstaffed_roles: Vec::new(),
        unassigned: vec![0; book.tiers.len()],
    };
    let by_name: HashMap<String, usize> =
        staff.iter().enumerate().map(|(k, s)| (s.name.trim().to_lowercase(), k)).collect();
    let contact_col = book.clients.headers.iter().position(|h| PRIMARY_CONTACT.matches(h));

    let mut open: Vec<usize> = Vec::with_capacity(n);
    for (i, client) in book.clients.rows.iter().enumerate() {
        let h = costs[seg.tier[i]].primary_hours;
        match client.primary_contact.as_ref().map(|p| by_name.get(&p.trim().to_lowercase())) {
            Some(Some(&k)) => {
                a.contact[i] = Some(k);
                a.pinned[i] = true;
                a.load[k].clients += 1;
                a.load[k].primary_hours += h;
            }
            Some(None) if !staff.is_empty() => {
                let name = client.primary_contact.clone().unwrap_or_default();
                issues.push(Issue::new(
                    Location::cell(
                        &book.clients.sheet,
                        client.row,
                        book.clients.sheet_column(contact_col.unwrap_or(0)),
                    ),
                    &name,
                    "Primary Contact is not a name on the Staff sheet",
                    "assigned like a client without a pinned contact",
                ));
                open.push(i);
            }
            _ => open.push(i),
        }
    }
    let over: Vec<bool> = (0..staff.len()).map(|k| staff[k].is_over(a.load[k].total())).collect();
    for i in 0..n {
        if let Some(k) = a.contact[i] {
            a.over_capacity[i] = over[k];
        }
    }

    // Most valuable first: revenue, then assets, then input order.
    let value = |i: usize| {
        let c = &book.clients.rows[i];
        (c.revenue.unwrap_or(f64::NEG_INFINITY), c.assets.unwrap_or(f64::NEG_INFINITY))
    };
    open.sort_by(|&x, &y| {
        let (a, b) = (value(x), value(y));
        b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)).then(x.cmp(&y))
    });

    let tiers = book.tiers.len();
    let eligible: Vec<Vec<usize>> = (0..tiers)
        .map(|t| {
            let mut e: Vec<usize> = (0..staff.len()).filter(|&k| staff[k].tiers.contains(&t)).collect();
            e.sort_by(|&x, &y| staff[y].tenure.total_cmp(&staff[x].tenure).then(x.cmp(&y)));
            e
        })
        .collect();
    let mut cursor = vec![0usize; tiers];
    let utilisation = |load: &StaffLoad, k: usize| {
        let cap = staff[k].capacity;
        if cap > 0.0 {
            load.total() / cap
        } else {
            f64::INFINITY
        }
    };
    let mut fallback: Vec<BinaryHeap<Reverse<(u64, usize)>>> = vec![BinaryHeap::new(); tiers];
    let mut fallback_ready = vec![false; tiers];
    for i in open {
        let t = seg.tier[i];
        let h = costs[t].primary_hours;
        let e = &eligible[t];
        if e.is_empty() {
            a.unassigned[t] += 1;
            continue;
        }
        while cursor[t] < e.len() {
            let k = e[cursor[t]];
            if staff[k].has_room(a.load[k].total(), h) {
                break;
            }
            cursor[t] += 1;
        }
        let k = if cursor[t] < e.len() {
            e[cursor[t]]
        } else {
            let heap = &mut fallback[t];
            if !fallback_ready[t] {
                heap.extend(e.iter().map(|&k| Reverse((utilisation(&a.load[k], k).to_bits(), k))));
                fallback_ready[t] = true;
            }
            // Entries go stale when a person serving several tiers takes a
            // client of another tier: refresh and retry.
            loop {
                let Some(Reverse((bits, k))) = heap.pop() else { break e[0] };
                let now = utilisation(&a.load[k], k).to_bits();
                if now == bits {
                    break k;
                }
                heap.push(Reverse((now, k)));
            }
        };
        a.contact[i] = Some(k);
        a.load[k].clients += 1;
        a.load[k].primary_hours += h;
        if staff[k].is_over(a.load[k].total()) {
            a.over_capacity[i] = true;
        }
        if cursor[t] >= e.len() {
            fallback[t].push(Reverse((utilisation(&a.load[k], k).to_bits(), k)));
        }
    }

    share_role_work(book, seg, costs, &mut a);
    a
}

/// Hours delivered by a role (cards by the assistant, say) are shared by
/// everyone holding that role, in proportion to capacity.
fn share_role_work(book: &Book, seg: &Segmentation, costs: &[TierCost], a: &mut Assignment) {
    let mut per_tier = vec![0usize; book.tiers.len()];
    for &t in &seg.tier {
        per_tier[t] += 1;
    }
    let mut demand: Vec<(String, f64)> = Vec::new();
    for (t, c) in costs.iter().enumerate() {
        for r in &c.role_hours {
            let hours = r.hours * per_tier[t] as f64;
            match demand.iter_mut().find(|(role, _)| role.eq_ignore_ascii_case(&r.role)) {
                Some(d) => d.1 += hours,
                None => demand.push((r.role.clone(), hours)),
            }
        }
    }
    for (role, hours) in demand {
        let holders: Vec<usize> =
            (0..book.staff.len()).filter(|&k| book.staff[k].role.trim().eq_ignore_ascii_case(&role)).collect();
        if holders.is_empty() {
            if hours > 0.0 {
                a.unstaffed_roles.push((role, hours));
            }
            continue;
        }
        let capacity: f64 = holders.iter().map(|&k| book.staff[k].capacity).sum();
        for &k in &holders {
            let share = if capacity > 0.0 { book.staff[k].capacity / capacity } else { 1.0 / holders.len() as f64 };
            a.load[k].role_hours += hours * share;
        }
    }
}
