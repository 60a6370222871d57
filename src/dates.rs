//! Dates as people and CRMs type them: `2026-03-31`, `9/7/1999`,
//! `7.9.1999`, `1999/09/07`, `Sep 7, 1999`, `7-Sep-1999`, with or without a
//! time after them.
//!
//! A date such as `03/04/2026` means March in one country and April in
//! another, so a single slash date is never read alone: [`shape`] only tells
//! what the text could be, and the caller decides the order once for a whole
//! column (see `validate::date_columns`). A two-digit year is never guessed.

use chrono::NaiveDate;

/// Which part of a slash date comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Month first (`9/7/1999` is September 7): the US, and the default.
    Mdy,
    /// Day first (`9/7/1999` is 9 July): most of the world.
    Dmy,
}

impl DateOrder {
    /// The order as the Settings sheet writes it.
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::Mdy => "M/D/Y (month first)",
            DateOrder::Dmy => "D/M/Y (day first)",
        }
    }
}

/// What a text could be, as a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A date whatever the country: ISO (`2026-03-31`, `2026/03/31`), dotted
    /// day-first (`31.3.2026`), or with a month name (`Mar 31, 2026`).
    Certain(NaiveDate),
    /// Two numbers and a four-digit year separated by `/` or `-`: which number
    /// is the month depends on the column's order.
    Slash {
        /// The first number.
        first: u32,
        /// The second number.
        second: u32,
        /// The year.
        year: i32,
    },
    /// Shaped like a date but with a two-digit year.
    TwoDigitYear,
    /// Shaped like a date but no such day exists (`2026-02-30`, `31.13.2026`).
    Impossible,
    /// Not a date at all.
    NotADate,
}

impl Shape {
    /// True when the text looks like a date, readable or not.
    pub fn looks_like_a_date(self) -> bool {
        !matches!(self, Shape::NotADate)
    }

    /// The date in `order`; `None` for a slash date impossible in that order
    /// and for every shape that is not a date.
    pub fn date(self, order: DateOrder) -> Option<NaiveDate> {
        match self {
            Shape::Certain(d) => Some(d),
            Shape::Slash { first, second, year } => {
                let (m, d) = match order {
                    DateOrder::Mdy => (first, second),
                    DateOrder::Dmy => (second, first),
                };
                NaiveDate::from_ymd_opt(year, m, d)
            }
            _ => None,
        }
    }

    /// The order a slash date shows by itself (a part over 12 is the day).
    pub fn evidence(self) -> Option<DateOrder> {
        match self {
            Shape::Slash { first, second, .. } if first > 12 && second <= 12 => Some(DateOrder::Dmy),
            Shape::Slash { first, second, .. } if second > 12 && first <= 12 => Some(DateOrder::Mdy),
            _ => None,
        }
    }

    /// True for a slash date readable both ways (`3/4/2026`).
    pub fn is_ambiguous(self) -> bool {
        matches!(self, Shape::Slash { first, second, .. } if first <= 12 && second <= 12 && first != second)
    }
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The month a name (`Sep`, `Sept`, `September`) stands for, 1–12.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][i];
    (full.starts_with(&w) || w == "sept").then_some(i as u32 + 1)
}

/// Drops a time after the date (`9/7/1999 10:30`, `2026-03-31T10:00:00`,
/// `9/7/1999 10:30 AM`).
fn date_part(text: &str) -> &str {
    let t = text.trim();
    if let Some((d, rest)) = t.split_once('T') {
        if rest.chars().next().is_some_and(|c| c.is_ascii_digit()) && d.len() == 10 {
            return d;
        }
    }
    // A time is the last word(s) holding a colon.
    match t.find(':') {
        Some(colon) => {
            let before = &t[..colon];
            match before.rfind(' ') {
                Some(space) => t[..space].trim_end_matches([',', ' ']),
                None => t,
            }
        }
        None => t,
    }
}

/// What `text` could be as a date; see [`Shape`].
pub fn shape(text: &str) -> Shape {
    let t = date_part(text);
    if t.is_empty() || t.len() > 40 {
        return Shape::NotADate;
    }
    let parts: Vec<&str> = t.split(['/', '-', '.', ' ', ',']).filter(|p| !p.is_empty()).collect();
    if parts.len() != 3 {
        return Shape::NotADate;
    }
    let number = |p: &str| -> Option<(u32, usize)> {
        (p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit())).then(|| (p.parse().unwrap_or(0), p.len()))
    };
    let sep_count = |c: char| t.matches(c).count();
    let make = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).map_or(Shape::Impossible, Shape::Certain);
    match (number(parts[0]), number(parts[1]), number(parts[2])) {
        // 2026-03-31, 2026/03/31, 2026.03.31
        (Some((y, 4)), Some((m, 1..=2)), Some((d, 1..=2))) => make(y as i32, m, d),
        (Some((a, 1..=2)), Some((b, 1..=2)), Some((y, yl))) => {
            if yl != 4 {
                return if yl == 2 { Shape::TwoDigitYear } else { Shape::NotADate };
            }
            if sep_count('.') == 2 {
                // 7.9.1999 is day first wherever dots are written.
                return make(y as i32, b, a);
            }
            if sep_count('/') == 2 || sep_count('-') == 2 {
                if a == 0 || b == 0 || (a > 12 && b > 12) || a > 31 || b > 31 {
                    return Shape::Impossible;
                }
                let s = Shape::Slash { first: a, second: b, year: y as i32 };
                let possible = s.date(DateOrder::Mdy).is_some() || s.date(DateOrder::Dmy).is_some();
                return if possible { s } else { Shape::Impossible };
            }
            Shape::NotADate
        }
        // Sep 7, 1999 · September 7 1999
        (None, Some((d, 1..=2)), Some((y, yl))) => match month(parts[0]) {
            Some(m) if yl == 4 => make(y as i32, m, d),
            Some(_) if yl == 2 => Shape::TwoDigitYear,
            _ => Shape::NotADate,
        },
        // 7-Sep-1999 · 7 September 1999
        (Some((d, 1..=2)), None, Some((y, yl))) => match month(parts[1]) {
            Some(m) if yl == 4 => make(y as i32, m, d),
            Some(_) if yl == 2 => Shape::TwoDigitYear,
            _ => Shape::NotADate,
        },
        _ => Shape::NotADate,
    }
}

/// A date that needs no column to be read: [`Shape::Certain`] only.
pub fn certain(text: &str) -> Option<NaiveDate> {
    match shape(text) {
        Shape::Certain(d) => Some(d),
        _ => None,
    }
}

/// The date `y-m-d`, for tests (panics on a date the calendar lacks).
#[cfg(test)]
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd as d;

    #[test]
    fn forms_that_need_no_order() {
        let (march_31, sept_7) = (d(2026, 3, 31), d(1999, 9, 7));
        // Grouped by what makes each form certain without a column's order.
        let forms: [(NaiveDate, &[&str]); 4] = [
            // The year first (ISO, with or without a time).
            (march_31, &["2026-03-31", "2026/03/31", "2026-03-31T10:00:00", "2026-03-31 10:00"]),
            (sept_7, &["1999/9/7"]),
            // Dots: the day first, always.
            (sept_7, &["7.9.1999", "07.09.1999"]),
            // The month by name, in any case, short or long.
            (sept_7, &["Sep 7, 1999", "Sept 7, 1999", "September 7 1999", "7-Sep-1999", "7 Sep 1999", "07-SEP-1999"]),
        ];
        for (want, texts) in forms {
            for t in texts {
                assert_eq!(shape(t), Shape::Certain(want), "{t}");
            }
        }
    }

    #[test]
    fn slash_dates_wait_for_their_column() {
        let s = shape("9/7/1999");
        assert_eq!(s, Shape::Slash { first: 9, second: 7, year: 1999 });
        assert!(s.is_ambiguous());
        assert_eq!(s.date(DateOrder::Mdy), Some(d(1999, 9, 7)));
        assert_eq!(s.date(DateOrder::Dmy), Some(d(1999, 7, 9)));
        assert_eq!(shape("13/5/2020").evidence(), Some(DateOrder::Dmy));
        assert_eq!(shape("5/13/2020").evidence(), Some(DateOrder::Mdy));
        assert_eq!(shape("5/13/2020").date(DateOrder::Dmy), None);
        assert_eq!(shape("12-31-2020").evidence(), Some(DateOrder::Mdy));
        assert_eq!(shape("9/7/1999 10:30 AM").date(DateOrder::Mdy), Some(d(1999, 9, 7)));
        assert!(!shape("5/5/2020").is_ambiguous(), "the same either way");
    }

    #[test]
    fn what_is_not_read() {
        assert_eq!(shape("9/7/99"), Shape::TwoDigitYear);
        assert_eq!(shape("Sep 7, 99"), Shape::TwoDigitYear);
        assert_eq!(shape("2026-02-30"), Shape::Impossible);
        assert_eq!(shape("13/13/2020"), Shape::Impossible);
        assert_eq!(shape("31.13.2026"), Shape::Impossible);
        assert_eq!(shape("2/30/2020"), Shape::Impossible);
        for t in ["", "hello", "1,234.50", "12.5", "1.234,56", "6.000,50", "C-1001", "Smith, Ann", "May", "1 2 3 4"] {
            assert_eq!(shape(t), Shape::NotADate, "{t}");
        }
    }
}
