//! From tiers to a service plan the practice can check it can deliver: what
//! each tier costs in hours and money, who serves each client, how much of
//! each person's year that takes, and when in the year each touch happens.
//! Pure: a [`Book`] and a [`Segmentation`] in, a [`Plan`] out.

mod assign;
mod calendar;
mod cost;
mod delivery;

use crate::error::Issue;
use crate::model::Book;
use crate::segment::Segmentation;
use crate::value::money_text;

pub use assign::{Assignment, Deliverer, StaffLoad};
pub use calendar::{Calendar, MONTHS};
pub use cost::{RoleHours, TierCost};
pub use delivery::{by_contact, next_after, promises, ClientDelivery, Promise, StaffDelivery};

/// The service plan of a book.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// What serving one client of each tier for a year takes.
    pub tier_cost: Vec<TierCost>,
    /// Who serves each client and each person's load.
    pub assignment: Assignment,
    /// The year's touches, month by month.
    pub calendar: Calendar,
    /// Each client's delivery against the promise, when the book tracks it.
    pub delivery: Option<Vec<ClientDelivery>>,
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
    let delivery = delivery::delivery(book, seg);
    Plan { tier_cost, assignment, calendar, delivery, issues }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_tiers, Client, Clients, Provision, Service, Settings, StaffMember};
    use crate::segment::segment;

    fn service(name: &str, per: [f64; 3], hours: f64, cost: f64, by: Option<&str>) -> Service {
        Service {
            name: name.into(),
            category: "Meeting".into(),
            per_tier: per.iter().map(|&n| if n > 0.0 { Provision::PerYear(n) } else { Provision::None }).collect(),
            hours_each: hours,
            cost_each: cost,
            delivered_by: by.map(String::from),
        }
    }

    fn staff(name: &str, role: &str, tiers: &[usize], capacity: f64, tenure: f64) -> StaffMember {
        StaffMember { name: name.into(), role: role.into(), tiers: tiers.to_vec(), capacity, tenure }
    }

    /// Clients given as (tier, revenue, pinned contact).
    fn fixture(clients: &[(usize, f64, Option<&str>)], team: Vec<StaffMember>) -> (Book, Segmentation) {
        let mut tiers = default_tiers();
        tiers[0].primary_contact_role = Some("Partner".into());
        tiers[1].primary_contact_role = Some("Advisor".into());
        tiers[2].primary_contact_role = Some("Advisor".into());
        let mut settings = Settings::defaults(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        settings.hourly_cost = Some(100.0);
        let book = Book {
            tiers,
            settings,
            services: vec![
                service("Review", [4.0, 2.0, 1.0], 2.0, 0.0, None),
                service("Call", [12.0, 4.0, 1.0], 0.5, 0.0, None),
                service("Gift", [1.0, 0.0, 0.0], 0.5, 100.0, Some("Assistant")),
            ],
            staff: team,
            ..Book::for_tests(Clients {
                rows: clients
                    .iter()
                    .enumerate()
                    .map(|(i, (_, rev, pin))| Client {
                        id: format!("C{i}"),
                        revenue: Some(*rev),
                        primary_contact: pin.map(String::from),
                        ..Client::default()
                    })
                    .collect(),
                ..Clients::default()
            })
        };
        let mut seg = segment(&book, &[]);
        seg.tier = clients.iter().map(|c| c.0).collect();
        seg.scored_tier = seg.tier.clone();
        (book, seg)
    }

    #[test]
    fn tier_costs_by_hand() {
        let (book, seg) = fixture(&[(0, 20_000.0, None), (2, 100.0, None)], vec![]);
        let p = plan(&book, &seg);
        // A: 4×2 + 12×0.5 + 1×0.5 = 14.5 h, of which 14 by the primary
        // contact; cost 14.5 × 100 + 100 (gift) = 1 550.
        assert_eq!(p.tier_cost[0].hours, 14.5);
        assert_eq!(p.tier_cost[0].primary_hours, 14.0);
        assert_eq!(p.tier_cost[0].role_hours[0].hours, 0.5);
        assert_eq!(p.tier_cost[0].cost, 1550.0);
        // C: 1×2 + 1×0.5 = 2.5 h → 250.
        assert_eq!(p.tier_cost[2].cost, 250.0);
        assert_eq!(p.margin(&book, &seg, 1), Some(-150.0));
        assert!(why_note(&book, &seg, &p, 1).is_some_and(|n| n.starts_with("Unprofitable")));
    }

    #[test]
    fn senior_staff_take_the_most_valuable_clients_and_hours_add_up() {
        let team = vec![
            staff("Junior", "Partner", &[0], 1000.0, 2.0),
            staff("Senior", "Partner", &[0], 30.0, 20.0),
            staff("Helper", "Assistant", &[0, 1, 2], 100.0, 1.0),
        ];
        let (book, seg) = fixture(&[(0, 5_000.0, None), (0, 50_000.0, None), (0, 9_000.0, None)], team);
        let p = plan(&book, &seg);
        let a = &p.assignment;
        // Senior (30 h) fits two A clients of 14 h: the two most valuable.
        assert_eq!(a.contact, [Some(0), Some(1), Some(1)]);
        assert_eq!(a.load[1].primary_hours, 28.0);
        assert!(a.over_capacity.iter().all(|o| !o));
        let staff_hours: f64 = a.load.iter().map(|l| l.total()).sum();
        let tier_hours: f64 = (0..seg.len()).map(|i| p.hours(&seg, i)).sum();
        assert!((staff_hours - tier_hours).abs() < 1e-9, "{staff_hours} vs {tier_hours}");
        assert_eq!(a.load[2].role_hours, 1.5);
    }

    #[test]
    fn over_capacity_is_flagged_with_the_right_shortfall_and_pins_stand() {
        let team = vec![staff("Ann", "Partner", &[0], 20.0, 10.0), staff("Bob", "Advisor", &[1, 2], 10.0, 5.0)];
        let (book, seg) =
            fixture(&[(0, 3.0, None), (0, 2.0, None), (2, 1.0, Some("ann")), (1, 1.0, Some("Nobody"))], team);
        let p = plan(&book, &seg);
        let a = &p.assignment;
        assert_eq!(a.contact, [Some(0), Some(0), Some(0), Some(1)], "pinned C client stays with Ann");
        assert!(a.pinned[2]);
        // Ann: pinned C (2.5 h) + two A (14 h each) = 30.5 h against 20.
        assert_eq!(a.load[0].total(), 30.5);
        // Flags mark the clients placed beyond capacity, not those placed first.
        assert_eq!(a.over_capacity, [false, true, false, false]);
        let warnings = crate::totals::warnings(&book, &seg, &p, &crate::totals::tier_totals(&book, &seg, &p));
        assert!(warnings[0].contains("Ann (30 of 20 hours)"), "{warnings:?}");
        assert_eq!(p.issues.len(), 1, "unknown pinned name is an issue");
        assert!(warnings.iter().any(|w| w.contains("'Assistant', which no one")), "{warnings:?}");
    }

    #[test]
    fn no_client_without_a_contact_when_eligible_staff_exist() {
        let team = vec![staff("Solo", "Partner", &[0, 1, 2], 0.0, 1.0)];
        let clients: Vec<(usize, f64, Option<&str>)> = (0..30).map(|i| (i % 3, i as f64, None)).collect();
        let (book, seg) = fixture(&clients, team);
        let p = plan(&book, &seg);
        assert!(p.assignment.contact.iter().all(|c| *c == Some(0)));
        assert!(p.assignment.over_capacity.iter().all(|o| *o));
    }

    #[test]
    fn every_touch_appears_once_and_months_are_level() {
        let team = vec![staff("P", "Partner", &[0], 2000.0, 9.0), staff("A", "Advisor", &[1, 2], 2000.0, 5.0)];
        let clients: Vec<(usize, f64, Option<&str>)> = (0..120).map(|i| (i % 3, 1000.0, None)).collect();
        let (book, seg) = fixture(&clients, team);
        let p = plan(&book, &seg);
        for i in 0..seg.len() {
            for (s, service) in book.services.iter().enumerate() {
                let months = p.calendar.months(&seg, i, s);
                assert_eq!(months.len() as f64, service.per_tier[seg.tier[i]].per_year(), "client {i} service {s}");
            }
        }
        for (who, load) in &p.calendar.loads {
            let total: f64 = load.iter().sum();
            let (hi, lo) =
                (load.iter().copied().fold(f64::MIN, f64::max), load.iter().copied().fold(f64::MAX, f64::min));
            assert!(hi - lo <= 2.0 + 1e-9, "{who:?}: {load:?}");
            if let Deliverer::Staff(k) = who {
                assert!((total - p.assignment.load[*k].total()).abs() < 1e-6, "{who:?}");
            }
        }
    }
}
