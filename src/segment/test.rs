//! Applying one criterion's test to one client cell.

use std::cmp::Ordering;

use calamine::Data;

use crate::model::{Comparison, Operand, Test};
use crate::value::{self, Parsed};

/// Numbers closer than this are equal: cells typed as `0.1 + 0.2` should
/// equal `0.3`.
const EPSILON: f64 = 1e-9;

impl Test {
    /// True when `cell` passes the test. Blank cells pass only [`Test::No`];
    /// unreadable cells pass nothing (validation has reported them).
    pub fn passes(&self, cell: &Data) -> bool {
        if value::is_blank(cell) {
            return matches!(self, Test::No);
        }
        match self {
            Test::Compare(cmp, op) => match order(cell, op) {
                Some(o) => match cmp {
                    Comparison::AtLeast => o != Ordering::Less,
                    Comparison::Above => o == Ordering::Greater,
                    Comparison::AtMost => o != Ordering::Greater,
                    Comparison::Below => o == Ordering::Less,
                },
                None => false,
            },
            Test::Equals(op) => equals(cell, op),
            Test::NotEquals(op) => !equals(cell, op),
            Test::Between(lo, hi) => {
                matches!(order(cell, lo), Some(Ordering::Greater | Ordering::Equal))
                    && matches!(order(cell, hi), Some(Ordering::Less | Ordering::Equal))
            }
            Test::Yes => value::boolean(cell) == Parsed::Value(true),
            Test::No => value::boolean(cell) == Parsed::Value(false),
            Test::OneOf(options) => {
                let t = lower_text(cell);
                options.contains(&t)
            }
            Test::Contains(needle) => lower_text(cell).contains(needle.as_str()),
            Test::NotBlank => true,
        }
    }
}

fn lower_text(cell: &Data) -> String {
    value::text(cell).map(|t| t.to_lowercase()).unwrap_or_default()
}

/// How the cell compares with a number or date operand; `None` when the cell
/// is not of that kind.
fn order(cell: &Data, op: &Operand) -> Option<Ordering> {
    match op {
        Operand::Number(n) => {
            let v = value::number(cell).value()?;
            if (v - n).abs() <= EPSILON * n.abs().max(1.0) {
                Some(Ordering::Equal)
            } else {
                v.partial_cmp(n)
            }
        }
        Operand::Date(d) => Some(value::date(cell).value()?.cmp(d)),
        Operand::Text(_) => None,
    }
}

fn equals(cell: &Data, op: &Operand) -> bool {
    match op {
        Operand::Text(t) => lower_text(cell) == *t,
        _ => order(cell, op) == Some(Ordering::Equal) || lower_text(cell) == operand_text(op),
    }
}

fn operand_text(op: &Operand) -> String {
    match op {
        Operand::Number(n) => value::format_number(*n),
        Operand::Date(d) => d.to_string(),
        Operand::Text(t) => t.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    use crate::value::text_cell as s;
    fn n(v: f64) -> Operand {
        Operand::Number(v)
    }

    #[test]
    fn comparisons_read_lenient_numbers() {
        let t = Test::Compare(Comparison::AtLeast, n(500_000.0));
        assert!(t.passes(&s("$500,000")));
        assert!(t.passes(&s("1.2M")));
        assert!(t.passes(&Data::Float(500_000.0)));
        assert!(!t.passes(&s("250k")));
        assert!(!t.passes(&s("about 2M")), "unreadable meets nothing");
        assert!(!t.passes(&Data::Empty));
        assert!(Test::Compare(Comparison::Above, n(1.0)).passes(&Data::Float(1.5)));
        assert!(!Test::Compare(Comparison::Above, n(1.0)).passes(&Data::Float(1.0)));
        assert!(Test::Compare(Comparison::Below, n(1.0)).passes(&Data::Int(0)));
        assert!(Test::Compare(Comparison::AtMost, n(0.3)).passes(&Data::Float(0.1 + 0.2)));
    }

    #[test]
    fn between_is_inclusive() {
        let t = Test::Between(n(45.0), n(70.0));
        assert!(t.passes(&Data::Float(45.0)));
        assert!(t.passes(&Data::Float(70.0)));
        assert!(!t.passes(&Data::Float(70.5)));
        assert!(!t.passes(&Data::Float(44.0)));
        let d = |y| Operand::Date(NaiveDate::from_ymd_opt(y, 1, 1).unwrap());
        assert!(Test::Between(d(2020), d(2021)).passes(&s("2020-06-30")));
    }

    #[test]
    fn yes_no_and_blanks() {
        assert!(Test::Yes.passes(&s("Y")));
        assert!(Test::Yes.passes(&s("✓")));
        assert!(!Test::Yes.passes(&s("maybe")));
        assert!(Test::No.passes(&s("no")));
        assert!(Test::No.passes(&Data::Empty), "a blank cell meets `no`");
        assert!(Test::No.passes(&s("  ")), "a cell of blanks is blank");
        assert!(!Test::No.passes(&s("maybe")));
        assert!(!Test::NotBlank.passes(&s("n/a")));
        assert!(Test::NotBlank.passes(&s("x")));
    }

    #[test]
    fn text_tests_ignore_case_and_blanks() {
        let eq = Test::Equals(Operand::Text("married".into()));
        assert!(eq.passes(&s("  MARRIED ")));
        assert!(!eq.passes(&s("single")));
        let ne = Test::NotEquals(Operand::Text("single".into()));
        assert!(ne.passes(&s("Married")));
        assert!(!ne.passes(&Data::Empty), "a blank cell meets no test but `no`");
        let one = Test::OneOf(vec!["physician".into(), "attorney".into()]);
        assert!(one.passes(&s("Attorney")));
        assert!(!one.passes(&s("Attorney at law")));
        assert!(Test::Contains("owner".into()).passes(&s("Business Owner")));
        assert!(Test::Equals(n(3.0)).passes(&s("3")));
        assert!(Test::Equals(n(3.0)).passes(&Data::Float(3.0)));
        assert!(Test::OneOf(vec!["3".into()]).passes(&Data::Float(3.0)));
    }
}
