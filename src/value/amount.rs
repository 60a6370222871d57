//! Amounts written as text, in the book's decimal convention.
//!
//! `1,234.50`, `6.000,50`, `1 234,56 €`, `CHF 1'200`, `12,34,567`: when both
//! separators appear the last one is the decimal mark, a separator repeated
//! can only group, and a lone one followed by exactly three digits is what
//! the convention ([`DecimalMark`]) decides — or, when the book has not said
//! which it uses, a number that reads two ways and is refused.

use super::MAX_AMOUNT;

/// How a book writes the decimal point in text amounts.
///
/// `12,5` and `1.234,56` read the same in any book (only one reading is
/// possible); what the convention decides is a lone separator followed by
/// exactly three digits: `80.000` is 80 000 in a decimal-comma book and
/// `1,234` is 1 234 in a decimal-point book. The other way round (`80.000`
/// in a decimal-point book) is read as written only when the advisor said so
/// (Settings `Decimal Mark`); otherwise it reads two ways and is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalMark {
    /// `.` or `,`.
    pub mark: char,
    /// True when the book says so (Settings `Decimal Mark`), false when it
    /// is the default or inferred (a `;`-separated list).
    pub explicit: bool,
}

impl Default for DecimalMark {
    fn default() -> Self {
        DecimalMark { mark: '.', explicit: false }
    }
}

impl DecimalMark {
    /// The separator that groups thousands in this convention.
    fn group(self) -> char {
        if self.mark == ',' {
            '.'
        } else {
            ','
        }
    }
}

/// Why text is not read as one number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberError {
    /// Not a number at all.
    NotANumber,
    /// A number that reads two ways in the book's convention: the decimal
    /// reading and the thousands reading (`1.234`: 1.234 or 1234).
    TwoWays(f64, f64),
}

/// Parses lenient number text in the book's convention; see [`number`].
pub fn parse_number_in(text: &str, mark: DecimalMark) -> Result<f64, NumberError> {
    use NumberError::NotANumber;
    let mut t = text.trim().to_string();
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') && t.len() >= 2 {
        negative = true;
        t = t[1..t.len() - 1].trim().to_string();
    }
    // Currency codes and symbols may stand on either side.
    for code in ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "ZAR", "NZD", "INR", "SEK", "NOK", "DKK"] {
        // `get` rather than slicing: a byte offset may fall inside `€`.
        if t.get(..code.len()).is_some_and(|head| head.eq_ignore_ascii_case(code)) {
            t = t[code.len()..].trim().to_string();
        }
        let tail = t.len().saturating_sub(code.len());
        if t.get(tail..).is_some_and(|end| end.eq_ignore_ascii_case(code)) {
            t = t[..tail].trim().to_string();
        }
    }
    let mut cleaned = String::with_capacity(t.len());
    for ch in t.chars() {
        match ch {
            // Symbols, and the characters that group digits: spaces of every
            // width (Excel in France uses the narrow no-break space) and the
            // Swiss apostrophe.
            '$' | '€' | '£' | '¥' | '₹' | '_' | '\'' | '’' => {}
            c if c.is_whitespace() => {}
            '−' => cleaned.push('-'),
            _ => cleaned.push(ch),
        }
    }
    if let Some(rest) = cleaned.strip_prefix('-') {
        negative = !negative;
        cleaned = rest.to_string();
    } else if let Some(rest) = cleaned.strip_prefix('+') {
        cleaned = rest.to_string();
    }
    // A currency symbol may also follow the sign: "-$1,000".
    cleaned = cleaned.trim_start_matches(['$', '€', '£', '¥']).to_string();
    let lower = cleaned.to_ascii_lowercase();
    let (digits, scale) = if let Some(d) = lower.strip_suffix('%') {
        (d, 0.01)
    } else if let Some(d) = lower.strip_suffix("bn") {
        (d, 1e9)
    } else if let Some(d) = lower.strip_suffix("mm") {
        (d, 1e6)
    } else if let Some(d) = lower.strip_suffix('b') {
        (d, 1e9)
    } else if let Some(d) = lower.strip_suffix('m') {
        (d, 1e6)
    } else if let Some(d) = lower.strip_suffix('k') {
        (d, 1e3)
    } else {
        (lower.as_str(), 1.0)
    };
    if !digits.chars().any(|c| c.is_ascii_digit())
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(NotANumber);
    }
    let finish = |plain: &str| -> Result<f64, NumberError> {
        let v: f64 = plain.parse().map_err(|_| NotANumber)?;
        let v = v * scale;
        if !v.is_finite() || v.abs() > MAX_AMOUNT {
            return Err(NotANumber);
        }
        Ok(if negative { -v } else { v })
    };
    match resolve_separators(digits, mark)? {
        Separators::One(plain) => finish(&plain),
        Separators::Two(decimal, grouped) => Err(NumberError::TwoWays(finish(&decimal)?, finish(&grouped)?)),
    }
}

/// The plain (`1234.5`) spelling of digits with separators, or both
/// spellings when a lone separator reads two ways.
enum Separators {
    One(String),
    Two(String, String),
}

fn resolve_separators(digits: &str, mark: DecimalMark) -> Result<Separators, NumberError> {
    use NumberError::NotANumber;
    let commas = digits.matches(',').count();
    let dots = digits.matches('.').count();
    let joined = |int: &str, sep: char, frac: &str| -> Result<String, NumberError> {
        let int = ungroup(int, sep).ok_or(NotANumber)?;
        Ok(if frac.is_empty() { int } else { format!("{int}.{frac}") })
    };
    if commas > 0 && dots > 0 {
        // Both: the last one is the decimal mark, the other groups.
        let last = digits.rfind([',', '.']).ok_or(NotANumber)?;
        let dec = if digits[last..].starts_with(',') { ',' } else { '.' };
        let grp = if dec == ',' { '.' } else { ',' };
        let (int, frac) = (&digits[..last], &digits[last + 1..]);
        if int.contains(dec) || frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(NotANumber);
        }
        return Ok(Separators::One(joined(int, grp, frac)?));
    }
    let sep = match (commas, dots) {
        (0, 0) => return Ok(Separators::One(digits.to_string())),
        (_, 0) => ',',
        _ => '.',
    };
    if commas + dots > 1 {
        // The same separator twice can only group: 1.250.000, 12,34,567.
        return Ok(Separators::One(joined(digits, sep, "")?));
    }
    let (int, frac) = digits.split_once(sep).ok_or(NotANumber)?;
    let could_group = frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0');
    if frac.is_empty() && int.is_empty() {
        return Err(NotANumber);
    }
    if !could_group {
        let int = if int.is_empty() { "0" } else { int };
        return Ok(Separators::One(if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") }));
    }
    let grouped = format!("{int}{frac}");
    let decimal = format!("{int}.{frac}");
    if sep == mark.group() {
        Ok(Separators::One(grouped))
    } else if mark.explicit {
        Ok(Separators::One(decimal))
    } else {
        Ok(Separators::Two(decimal, grouped))
    }
}

/// Digits grouped by `sep` in threes (`1,234,567`) or the Indian way
/// (`12,34,567`), as plain digits; `None` when the groups are not either.
fn ungroup(int: &str, sep: char) -> Option<String> {
    if !int.contains(sep) {
        return int.chars().all(|c| c.is_ascii_digit()).then(|| int.to_string());
    }
    let groups: Vec<&str> = int.split(sep).collect();
    let (first, rest) = groups.split_first()?;
    let (last, middle) = rest.split_last()?;
    let all_digits = groups.iter().all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()));
    let western = first.len() <= 3 && rest.iter().all(|g| g.len() == 3);
    let indian = first.len() <= 2 && last.len() == 3 && middle.iter().all(|g| g.len() == 2);
    (all_digits && (western || indian)).then(|| groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::text_cell as s;
    use crate::value::{number, Parsed};

    #[test]
    fn amounts_in_any_common_writing() {
        let dot = DecimalMark::default();
        let comma = DecimalMark { mark: ',', explicit: false };
        let cases = [
            ("12,5", dot, 12.5),
            ("12,5", comma, 12.5),
            ("6.000,50", dot, 6000.5),
            ("1.234,56", comma, 1234.56),
            ("1 234,56", comma, 1234.56),
            ("1\u{a0}234,56", comma, 1234.56),
            ("1\u{202f}234,56 €", comma, 1234.56),
            ("1'234.50", dot, 1234.5),
            ("CHF 1'200", dot, 1200.0),
            ("12,34,567", dot, 1_234_567.0),
            ("€ 750.000,00", comma, 750_000.0),
            ("€ 750.000,00", dot, 750_000.0),
            ("80.000", comma, 80_000.0),
            ("1,234.50", dot, 1234.5),
            ("1,234.50", comma, 1234.5),
            ("$1,200,000", dot, 1_200_000.0),
            ("1.250.000", dot, 1_250_000.0),
            ("0,125", dot, 0.125),
            ("1234,567", dot, 1234.567),
            ("1,5M", comma, 1_500_000.0),
        ];
        for (t, mark, want) in cases {
            assert_eq!(parse_number_in(t, mark), Ok(want), "{t:?} with {mark:?}");
        }
        assert_eq!(parse_number_in("1.234", DecimalMark { mark: '.', explicit: true }), Ok(1.234));
        assert_eq!(parse_number_in("1,234", DecimalMark { mark: ',', explicit: true }), Ok(1.234));
    }

    #[test]
    fn amounts_that_read_two_ways_are_not_guessed() {
        let dot = DecimalMark::default();
        let comma = DecimalMark { mark: ',', explicit: false };
        assert_eq!(parse_number_in("80.000", dot), Err(NumberError::TwoWays(80.0, 80_000.0)));
        assert_eq!(parse_number_in("1,234", comma), Err(NumberError::TwoWays(1.234, 1234.0)));
        assert_eq!(parse_number_in("€ 4.999", dot), Err(NumberError::TwoWays(4.999, 4999.0)));
        assert_eq!(number(&s("80.000")), Parsed::Invalid);
        for bad in ["1,2,3", "1.2.3,4.5", "12,3456,789", "1,234,56", "1.234.5", ".", ",", "1,,234"] {
            assert_eq!(parse_number_in(bad, dot), Err(NumberError::NotANumber), "{bad:?}");
        }
    }
}
