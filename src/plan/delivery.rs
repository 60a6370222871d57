//! Keeping the promises: each client's next review and contact, what is
//! overdue, and the year so far against what the tier promised.
//!
//! The tier's review frequency is that of its review service (the first
//! service named like "review", else the first Meeting); its contact
//! frequency is the sum of its Communication services (calls, emails). The
//! next one falls 12/n months after the last (month-end safe: a date that
//! does not exist in the target month falls on that month's last day; a
//! frequency that does not divide the year is spaced in days). Year to date
//! is pro-rated: by 30 November, 4 reviews a year means 3 due (whole
//! touches only: a client is behind when it has had fewer than the whole
//! number due). A client whose tier changed this run starts the new
//! schedule from the as-of date: never overdue on day one of a promotion,
//! and held this year to the promise it had (its previous tier's).

use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::model::{Book, Service};
use crate::segment::Segmentation;

/// One client's delivery against its tier's promise.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClientDelivery {
    /// When the next review is due.
    pub next_review: Option<NaiveDate>,
    /// When the next contact is due.
    pub next_contact: Option<NaiveDate>,
    /// Days the review is overdue (positive), as of the as-of date.
    pub review_overdue: i64,
    /// Days the contact is overdue (positive).
    pub contact_overdue: i64,
    /// Whole reviews due by now this year.
    pub reviews_due: f64,
    /// Whole contacts due by now this year.
    pub contacts_due: f64,
    /// Reviews held this year (0 when unknown).
    pub reviews_held: f64,
    /// Contacts this year (0 when unknown).
    pub contacts_held: f64,
}

impl ClientDelivery {
    /// Days overdue, the worse of review and contact.
    pub fn overdue_days(&self) -> i64 {
        self.review_overdue.max(self.contact_overdue).max(0)
    }

    /// Nothing overdue and the year's promise kept so far.
    pub fn on_track(&self) -> bool {
        self.overdue_days() == 0 && self.reviews_held >= self.reviews_due && self.contacts_held >= self.contacts_due
    }
}

/// Reviews and contacts a year each tier promises.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Promise {
    /// Reviews a year.
    pub reviews: f64,
    /// Contacts a year.
    pub contacts: f64,
}

/// The promise of every tier, from the service grid.
pub fn promises(book: &Book) -> Vec<Promise> {
    let review = book
        .services
        .iter()
        .position(|s| s.name.to_lowercase().contains("review"))
        .or_else(|| book.services.iter().position(|s| s.category.eq_ignore_ascii_case("meeting")));
    let contacts: Vec<&Service> =
        book.services.iter().filter(|s| s.category.eq_ignore_ascii_case("communication")).collect();
    (0..book.tiers.len())
        .map(|t| Promise {
            reviews: review.map_or(0.0, |r| book.services[r].per_tier[t].per_year()),
            contacts: contacts.iter().map(|s| s.per_tier[t].per_year()).sum(),
        })
        .collect()
}

/// The date `n`-a-year after `last`: whole months when n divides the year
/// (month-end safe), days otherwise.
pub fn next_after(last: NaiveDate, per_year: f64) -> Option<NaiveDate> {
    if per_year <= 0.0 {
        return None;
    }
    let n = per_year.round() as u32;
    if (per_year - n as f64).abs() < 1e-9 && n > 0 && 12 % n == 0 {
        last.checked_add_months(Months::new(12 / n))
    } else {
        let days = (365.0 / per_year).round();
        Duration::try_days(days.min(1e6) as i64).and_then(|d| last.checked_add_signed(d))
    }
}

/// Whole touches due this year by `as_of` for `per_year` a year.
pub fn due_by(as_of: NaiveDate, per_year: f64) -> f64 {
    let days_in_year = if NaiveDate::from_ymd_opt(as_of.year(), 2, 29).is_some() { 366.0 } else { 365.0 };
    (per_year * as_of.ordinal() as f64 / days_in_year + 1e-9).floor()
}

/// Every client's delivery, or `None` when the book tracks none.
pub fn delivery(book: &Book, seg: &Segmentation) -> Option<Vec<ClientDelivery>> {
    if !book.clients.tracks_delivery {
        return None;
    }
    let as_of = book.settings.as_of;
    let promise = promises(book);
    let out = book
        .clients
        .rows
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let t = seg.tier[i];
            let changed = seg.previous[i].is_some_and(|p| p != t);
            // This year's promise is the one the client had.
            let held_to = if changed { seg.previous[i].unwrap_or(t) } else { t };
            let next = |last: Option<NaiveDate>, per_year: f64| {
                let due = match last {
                    Some(d) => next_after(d, per_year),
                    None if per_year > 0.0 => Some(as_of),
                    None => None,
                };
                if changed {
                    due.map(|d| d.max(as_of))
                } else {
                    due
                }
            };
            let next_review = next(c.delivery.last_review, promise[t].reviews);
            let next_contact = next(c.delivery.last_contact, promise[t].contacts);
            let overdue = |d: Option<NaiveDate>| d.map_or(0, |d| (as_of - d).num_days().max(0));
            ClientDelivery {
                next_review,
                next_contact,
                review_overdue: overdue(next_review),
                contact_overdue: overdue(next_contact),
                reviews_due: due_by(as_of, promise[held_to].reviews),
                contacts_due: due_by(as_of, promise[held_to].contacts),
                reviews_held: c.delivery.reviews_ytd.unwrap_or(0.0),
                contacts_held: c.delivery.contacts_ytd.unwrap_or(0.0),
            }
        })
        .collect();
    Some(out)
}

/// What one primary contact's clients have had so far this year (the
/// Calendar's "Delivery by person" table).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaffDelivery {
    /// Clients whose primary contact this is.
    pub clients: usize,
    /// Review meetings due by As Of, summed over the clients.
    pub reviews_due: f64,
    /// Review meetings held so far.
    pub reviews_held: f64,
    /// Contacts due by As Of.
    pub contacts_due: f64,
    /// Contacts made so far.
    pub contacts_held: f64,
    /// Clients with a review overdue.
    pub overdue: usize,
    /// Clients on track with their tier's promise.
    pub on_track: usize,
}

/// Delivery per primary contact: index `k` for staff member `k` (`contact`
/// holds each client's, index-aligned with `delivery`), then one more for the
/// clients with no primary contact. `staff` is the number of staff members.
pub fn by_contact(delivery: &[ClientDelivery], contact: &[Option<usize>], staff: usize) -> Vec<StaffDelivery> {
    let mut tally = vec![StaffDelivery::default(); staff + 1];
    for (x, who) in delivery.iter().zip(contact) {
        let t = &mut tally[who.unwrap_or(staff)];
        t.clients += 1;
        t.reviews_due += x.reviews_due;
        t.reviews_held += x.reviews_held;
        t.contacts_due += x.contacts_due;
        t.contacts_held += x.contacts_held;
        t.overdue += usize::from(x.overdue_days() > 0);
        t.on_track += usize::from(x.on_track());
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::dates::ymd as d;

    #[test]
    fn next_dates_are_month_end_safe() {
        assert_eq!(next_after(d(2026, 5, 31), 4.0), Some(d(2026, 8, 31)));
        assert_eq!(next_after(d(2026, 3, 31), 2.0), Some(d(2026, 9, 30)), "31 March + 6 months is 30 September");
        assert_eq!(next_after(d(2026, 1, 31), 12.0), Some(d(2026, 2, 28)));
        assert_eq!(next_after(d(2027, 11, 30), 4.0), Some(d(2028, 2, 29)), "leap year");
        assert_eq!(next_after(d(2024, 2, 29), 1.0), Some(d(2025, 2, 28)), "29 February a year on");
        assert_eq!(next_after(d(2026, 10, 15), 4.0), Some(d(2027, 1, 15)), "year boundary");
        assert_eq!(next_after(d(2026, 1, 1), 5.0), Some(d(2026, 3, 15)), "73 days");
        assert_eq!(next_after(d(2026, 1, 1), 0.0), None);
    }

    #[test]
    fn delivery_is_tallied_per_contact_and_for_those_without_one() {
        let due = |held: f64, overdue: i64| ClientDelivery {
            review_overdue: overdue,
            reviews_due: 2.0,
            reviews_held: held,
            contacts_due: 3.0,
            contacts_held: 3.0,
            ..ClientDelivery::default()
        };
        let d = [due(2.0, 0), due(1.0, 30), due(0.0, 90)];
        let tally = by_contact(&d, &[Some(1), None, Some(1)], 2);
        assert_eq!(tally.len(), 3, "two people, then no contact");
        assert_eq!(tally[0], StaffDelivery::default());
        assert_eq!((tally[1].clients, tally[1].reviews_held, tally[1].overdue), (2, 2.0, 1));
        assert_eq!((tally[2].clients, tally[2].reviews_due, tally[2].overdue), (1, 2.0, 1));
        assert_eq!(tally.iter().map(|t| t.on_track).sum::<usize>(), d.iter().filter(|x| x.on_track()).count());
    }

    #[test]
    fn year_to_date_is_pro_rated_in_whole_touches() {
        assert_eq!(due_by(d(2026, 11, 30), 4.0), 3.0);
        assert_eq!(due_by(d(2026, 12, 31), 4.0), 4.0);
        assert_eq!(due_by(d(2026, 3, 31), 12.0), 2.0);
        assert_eq!(due_by(d(2026, 1, 15), 1.0), 0.0);
        assert_eq!(due_by(d(2024, 12, 31), 2.0), 2.0, "leap year ends whole");
    }
}
