//! Lenient reading of the values advisors type into cells.
//!
//! Advisors' books are hand-kept: `$1,200,000`, `1.2M`, `250k`, `45%`,
//! `(1,000)`, dates typed as text, `Y`/`✓` for yes. Each reader here returns
//! [`Parsed`]: blank, a value, or invalid — never a guess. Callers decide what
//! an invalid value means (usually: an Issue, and the value is left blank).

mod amount;

pub use amount::{parse_number_in, DecimalMark, NumberError};

use calamine::Data;
use chrono::{Duration, NaiveDate};
use std::borrow::Cow;
use std::fmt;

/// The outcome of reading one cell as a given kind of value.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed<T> {
    /// Empty, blanks only, or a placeholder such as `n/a`, `none`, `-`.
    Blank,
    /// A readable value.
    Value(T),
    /// Something is there but it is not this kind of value.
    Invalid,
}

impl<T> Parsed<T> {
    /// The value, if there is one.
    pub fn value(self) -> Option<T> {
        match self {
            Parsed::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// Text that means "nothing here" in hand-kept books.
fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    // Every placeholder is four characters or fewer; most values are longer,
    // and this runs for every text cell, several times.
    t.len() <= 4
        && (t.is_empty()
            || t == "-"
            || t == "--"
            || t.eq_ignore_ascii_case("n/a")
            || t.eq_ignore_ascii_case("na")
            || t.eq_ignore_ascii_case("none"))
}

/// True when the cell holds nothing (see [`Parsed::Blank`]). Error cells such
/// as `#N/A` are not blank: they are reported.
pub fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => is_placeholder(s),
        _ => false,
    }
}

/// The cell as display text (trimmed), or `None` when blank. Whole numbers
/// print without a decimal point (`1001`, not `1001.0`), dates as ISO.
pub fn text(cell: &Data) -> Option<Cow<'_, str>> {
    match cell {
        Data::Empty => None,
        Data::String(s) => {
            if is_placeholder(s) {
                None
            } else {
                Some(Cow::Borrowed(s.trim()))
            }
        }
        Data::Float(f) => Some(Cow::Owned(format_number(*f))),
        Data::Int(i) => Some(Cow::Owned(i.to_string())),
        Data::Bool(b) => Some(Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        Data::DateTime(_) | Data::DateTimeIso(_) => match date(cell) {
            Parsed::Value(d) => Some(Cow::Owned(d.to_string())),
            _ => Some(Cow::Owned(cell.to_string())),
        },
        Data::DurationIso(s) => Some(Cow::Borrowed(s.as_str())),
        Data::Error(e) => Some(Cow::Owned(e.to_string())),
    }
}

/// The raw cell as the advisor would recognise it, for messages.
pub fn display(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        _ => text(cell).map(|t| t.into_owned()).unwrap_or_default(),
    }
}

/// Formats a number the way a person writes it: `12`, `12.5`, `0.075`.
pub fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f}");
        s
    }
}

/// A whole amount with thousands separators and an optional symbol:
/// `$1,200,000`, `-€3,500`, `12,000 CHF`.
pub fn money_text(v: f64, currency: &str) -> String {
    let rounded = v.abs().round() as u64;
    let digits = rounded.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && rounded > 0 { "-" } else { "" };
    match currency_symbol(currency) {
        Some(sym) => format!("{sign}{sym}{grouped}"),
        None if currency.trim().is_empty() => format!("{sign}{grouped}"),
        None => format!("{sign}{grouped} {}", currency.trim()),
    }
}

/// The symbol written before amounts for a currency code or symbol.
pub fn currency_symbol(currency: &str) -> Option<&'static str> {
    match currency.trim().to_ascii_uppercase().as_str() {
        "USD" | "$" | "CAD" | "AUD" | "NZD" => Some("$"),
        "EUR" | "€" => Some("€"),
        "GBP" | "£" => Some("£"),
        "JPY" | "¥" => Some("¥"),
        "ZAR" | "R" => Some("R"),
        _ => match currency.trim() {
            "€" => Some("€"),
            "£" => Some("£"),
            "¥" => Some("¥"),
            _ => None,
        },
    }
}

/// Reads a number leniently: numeric cells, and text such as `$1,200,000`,
/// `1.2M`, `250k`, `2bn`, `45%` (→ 0.45), `(1,000)` (→ -1000), `€ 3.5 m`,
/// `6.000,50`, `1 234,56 €`, `CHF 1'200`, in the default convention (see
/// [`DecimalMark`]). Text that reads two ways is [`Parsed::Invalid`].
pub fn number(cell: &Data) -> Parsed<f64> {
    number_in(cell, DecimalMark::default())
}

/// [`number`] in the book's decimal convention.
pub fn number_in(cell: &Data, mark: DecimalMark) -> Parsed<f64> {
    match cell {
        Data::Float(f) if f.abs() <= MAX_AMOUNT => Parsed::Value(*f),
        Data::Int(i) => Parsed::Value(*i as f64),
        Data::String(s) => {
            if is_placeholder(s) {
                Parsed::Blank
            } else {
                parse_number_in(s, mark).map_or(Parsed::Invalid, Parsed::Value)
            }
        }
        Data::Empty => Parsed::Blank,
        _ => Parsed::Invalid,
    }
}

/// The largest number read as a value: beyond it sums overflow to infinity
/// and no client's money or count is that large (a quadrillion).
pub const MAX_AMOUNT: f64 = 1e15;

/// Parses lenient number text in the default convention; see [`number`].
pub fn parse_number(text: &str) -> Option<f64> {
    parse_number_in(text, DecimalMark::default()).ok()
}

/// The key an ID is matched by: trimmed, case-folded, and for all-digit IDs
/// without the leading zeros or a `.0` tail, so that the number 7001 shown
/// as `0007001`, the text `0007001`, `7001.0` and ` 7001 ` are one client.
pub fn id_key(id: &str) -> String {
    let t = id.trim();
    let t = match t.split_once('.') {
        Some((int, frac))
            if !int.is_empty() && int.chars().all(|c| c.is_ascii_digit()) && frac.chars().all(|c| c == '0') =>
        {
            int
        }
        _ => t,
    };
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        let stripped = t.trim_start_matches('0');
        return if stripped.is_empty() { "0".to_string() } else { stripped.to_string() };
    }
    t.to_lowercase()
}

/// True when a cell holds nothing at all: empty, or only white space (a
/// stray space typed far from the data). Placeholders such as `n/a` are
/// written text and count as cells.
pub fn is_empty_cell(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Reads a yes/no value: booleans, 1/0, and the words yes/y/true/x/✓ and
/// no/n/false. Blank cells are [`Parsed::Blank`].
pub fn boolean(cell: &Data) -> Parsed<bool> {
    match cell {
        Data::Bool(b) => Parsed::Value(*b),
        Data::Float(f) if *f == 1.0 => Parsed::Value(true),
        Data::Float(f) if *f == 0.0 => Parsed::Value(false),
        Data::Int(1) => Parsed::Value(true),
        Data::Int(0) => Parsed::Value(false),
        Data::String(s) => {
            if is_placeholder(s) {
                return Parsed::Blank;
            }
            parse_bool(s).map_or(Parsed::Invalid, Parsed::Value)
        }
        Data::Empty => Parsed::Blank,
        _ => Parsed::Invalid,
    }
}

/// Parses yes/no text; see [`boolean`].
pub fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" | "☑" | "t" => Some(true),
        "no" | "n" | "false" | "0" | "f" | "✗" | "✘" => Some(false),
        _ => None,
    }
}

/// Reads a date: date cells, Excel serial numbers (1900 system), and ISO text
/// (`2026-03-31`, `2026-03-31T10:00:00`, `2026/03/31`) and the other forms
/// of [`parse_date`]. Text such as
/// `03/04/2026` is refused rather than guessed: it means March in one country
/// and April in another.
pub fn date(cell: &Data) -> Parsed<NaiveDate> {
    match cell {
        Data::DateTime(dt) => dt.as_datetime().map(|d| d.date()).map_or(Parsed::Invalid, Parsed::Value),
        Data::DateTimeIso(s) => parse_date(s).map_or(Parsed::Invalid, Parsed::Value),
        Data::Float(f) => serial_to_date(*f).map_or(Parsed::Invalid, Parsed::Value),
        Data::Int(i) => serial_to_date(*i as f64).map_or(Parsed::Invalid, Parsed::Value),
        Data::String(s) => {
            if is_placeholder(s) {
                Parsed::Blank
            } else {
                parse_date(s).map_or(Parsed::Invalid, Parsed::Value)
            }
        }
        Data::Empty => Parsed::Blank,
        _ => Parsed::Invalid,
    }
}

/// Converts an Excel serial (1900 date system) to a date. Serials before
/// 1900-03-01 are refused: Excel's fictitious 1900-02-29 makes them ambiguous,
/// and no advisor's client data lives there.
pub fn serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// Parses date text that means one day whatever the country: ISO
/// (`2026-03-31`, `2026/03/31`, with or without a time), dotted day-first
/// (`31.3.2026`) and month names (`Mar 31, 2026`, `31-Mar-2026`); see
/// [`crate::dates`]. Slash dates need their column's order and are refused
/// here.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    crate::dates::certain(text)
}

/// Points on the scoring scale, held in thousandths so that sums of weights
/// and comparisons with bars are exact (`0.53 × 15` is 7.95, not
/// 7.950000000000001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(pub i64);

impl Points {
    /// Thousandths of a point per point.
    pub const SCALE: i64 = 1000;

    /// Whole points.
    pub fn whole(n: i64) -> Points {
        Points(n * Self::SCALE)
    }

    /// From a number of points, rounded to the nearest thousandth. `None` for
    /// values that are not finite or beyond a billion points.
    pub fn from_f64(v: f64) -> Option<Points> {
        if !v.is_finite() || v.abs() > 1e9 {
            return None;
        }
        Some(Points((v * Self::SCALE as f64).round() as i64))
    }

    /// As a plain number of points, for writing.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        self.0 += rhs.0;
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0 - rhs.0)
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", format_number(self.as_f64()))
    }
}

/// A text cell holding `text`, as test tables write one.
#[cfg(test)]
pub(crate) fn text_cell(text: &str) -> Data {
    Data::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::text_cell as s;

    #[test]
    fn lenient_numbers() {
        let cases = [
            ("$1,200,000", 1_200_000.0),
            ("1.2M", 1_200_000.0),
            ("1.2m", 1_200_000.0),
            ("250k", 250_000.0),
            ("250K", 250_000.0),
            ("2bn", 2e9),
            ("2BN", 2e9),
            ("45%", 0.45),
            ("(1,000)", -1000.0),
            ("-$1,000", -1000.0),
            ("USD 5,000", 5000.0),
            ("€ 3.5 m", 3_500_000.0),
            ("€5", 5.0),
            ("10€", 10.0),
            ("5 €", 5.0),
            ("£50", 50.0),
            ("¥10", 10.0),
            ("€50", 50.0),
            ("50 EUR", 50.0),
            ("  42 ", 42.0),
            ("0.5", 0.5),
        ];
        for (t, want) in cases {
            match number(&s(t)) {
                Parsed::Value(v) => assert!((v - want).abs() < 1e-6, "{t}: {v} != {want}"),
                other => panic!("{t}: {other:?}"),
            }
        }
    }

    #[test]
    fn ids_match_however_typed() {
        for t in ["7001", "0007001", " 7001 ", "7001.0", "7001.", "0007001.00"] {
            assert_eq!(id_key(t), "7001", "{t:?}");
        }
        assert_eq!(id_key("000"), "0");
        assert_eq!(id_key("C-01"), id_key(" c-01"));
        assert_ne!(id_key("7001.5"), id_key("7001"));
        // Found by the value_reader fuzz target: a non-digit ID ending in
        // `.` kept its inner blank, so the key of the key differed.
        let odd = "%\u{fffd}'\t. ";
        assert_eq!(id_key(&id_key(odd)), id_key(odd));
    }

    #[test]
    fn placeholders_are_blank_not_problems() {
        for t in ["", "   ", "n/a", "N/A", "na", "None", "-"] {
            assert_eq!(number(&s(t)), Parsed::Blank, "{t:?}");
            assert_eq!(boolean(&s(t)), Parsed::Blank, "{t:?}");
            assert_eq!(date(&s(t)), Parsed::Blank, "{t:?}");
            assert!(is_blank(&s(t)));
        }
        assert_eq!(number(&Data::Empty), Parsed::Blank);
    }

    #[test]
    fn unreadable_numbers_are_invalid() {
        for t in ["about 2M", "12..5", "k", "$", "1,2,3x", "abc"] {
            assert_eq!(number(&s(t)), Parsed::Invalid, "{t:?}");
        }
        assert_eq!(number(&Data::Error(calamine::CellErrorType::NA)), Parsed::Invalid);
        assert_eq!(number(&Data::Float(f64::NAN)), Parsed::Invalid);
        assert_eq!(number(&Data::Float(1e308)), Parsed::Invalid, "too large to add up");
        assert_eq!(number(&s("2e20")), Parsed::Invalid);
    }

    #[test]
    fn booleans() {
        for t in ["yes", "Y", "TRUE", "1", "x", "X", "✓"] {
            assert_eq!(boolean(&s(t)), Parsed::Value(true), "{t}");
        }
        for t in ["no", "N", "false", "0"] {
            assert_eq!(boolean(&s(t)), Parsed::Value(false), "{t}");
        }
        assert_eq!(boolean(&Data::Float(1.0)), Parsed::Value(true));
        assert_eq!(boolean(&Data::Bool(false)), Parsed::Value(false));
        assert_eq!(boolean(&s("maybe")), Parsed::Invalid);
        assert_eq!(boolean(&Data::Float(2.0)), Parsed::Invalid);
    }

    #[test]
    fn dates() {
        let d = crate::dates::ymd;
        assert_eq!(date(&s("2026-03-31")), Parsed::Value(d(2026, 3, 31)));
        assert_eq!(date(&s("2026/03/31")), Parsed::Value(d(2026, 3, 31)));
        assert_eq!(date(&s("2026-03-31T10:30:00")), Parsed::Value(d(2026, 3, 31)));
        assert_eq!(date(&Data::Float(46112.0)), Parsed::Value(d(2026, 3, 31)));
        assert_eq!(date(&Data::DateTimeIso("2024-02-29".into())), Parsed::Value(d(2024, 2, 29)));
        assert_eq!(date(&s("03/04/2026")), Parsed::Invalid);
        assert_eq!(date(&s("2026-02-30")), Parsed::Invalid);
        assert_eq!(date(&Data::Float(-5.0)), Parsed::Invalid);
    }

    #[test]
    fn text_of_cells() {
        assert_eq!(text(&Data::Float(1001.0)).as_deref(), Some("1001"));
        assert_eq!(text(&Data::Float(12.5)).as_deref(), Some("12.5"));
        assert_eq!(text(&s("  C-1 ")).as_deref(), Some("C-1"));
        assert_eq!(text(&s("n/a")), None);
        assert_eq!(text(&Data::Empty), None);
    }

    #[test]
    fn money() {
        assert_eq!(money_text(1_200_000.0, "USD"), "$1,200,000");
        assert_eq!(money_text(-3500.4, "EUR"), "-€3,500");
        assert_eq!(money_text(999.0, "CHF"), "999 CHF");
        assert_eq!(money_text(0.2, ""), "0");
    }

    #[test]
    fn points_are_exact() {
        let fifteen = Points::whole(15);
        assert_eq!(Points::from_f64(1.5), Some(Points(1500)));
        assert_eq!(fifteen.to_string(), "15");
        assert_eq!(Points(7950).to_string(), "7.95");
        assert_eq!(Points::from_f64(f64::INFINITY), None);
    }
}
