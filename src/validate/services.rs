//! The Services sheet: the written service plan, one row per service, one
//! column per tier code. Without the sheet, the default plan below is used
//! (and the Service Grid says so).

use calamine::Data;

use crate::error::{Issue, Problem};
use crate::model::{Provision, Service, TierRule};
use crate::read::Table;
use crate::validate::sheet::{Sheet, Unkeyed};
use crate::value::{self, Parsed};

/// The most times a year a service can be planned: daily.
pub const MAX_PER_YEAR: f64 = 365.0;
/// The fewest: once a decade (a smaller count is a typo, and would put the
/// next one past any calendar).
pub const MIN_PER_YEAR: f64 = 0.1;

/// A row with no name.
const NO_NAME: Unkeyed =
    Unkeyed { message: "this service has no name", fix: "name it in the Service column, or delete the row" };

/// Reads the services; a tier with no column in the sheet gets nothing.
pub fn read(t: &Table, tiers: &[TierRule], problems: &mut Vec<Problem>, issues: &mut Vec<Issue>) -> Vec<Service> {
    let Some(sheet) = Sheet::keyed(t, "Service") else { return Vec::new() };
    let [cat_c, hours_c, cost_c, by_c] = sheet.columns(["Category", "Hours Each", "Cost Each", "Delivered By"]);
    let tier_cols: Vec<Option<usize>> = tiers.iter().map(|tier| t.column_named(&tier.code)).collect();
    for (tier, c) in tiers.iter().zip(&tier_cols) {
        if c.is_none() {
            issues.push(Issue::new(
                t.header_location(sheet.key()),
                &tier.code,
                format!("the Services sheet has no column for tier {}", tier.code),
                format!("tier {} gets no services", tier.code),
            ));
        }
    }
    let mut out = Vec::new();
    for r in sheet.rows() {
        let Some(name) = r.key_or_problem(problems, &NO_NAME) else { continue };
        let mut amount = |c: Option<usize>, what: &str| match value::number(r.get(c)) {
            Parsed::Value(v) if v >= 0.0 => v,
            Parsed::Blank => 0.0,
            _ => {
                problems.push(Problem::new(
                    r.at(c),
                    format!("service '{name}': {what} {:?} is not a number", value::display(r.get(c))),
                    format!("write the {what} as a number such as 1.5, or leave it blank for 0"),
                ));
                0.0
            }
        };
        let hours_each = amount(hours_c, "Hours Each");
        let cost_each = amount(cost_c, "Cost Each");
        let mut out_of_range = |c: Option<usize>, cell: &Data| {
            problems.push(Problem::new(
                r.at(c),
                format!("service '{name}': {} times a year is not a plan tierbook can schedule", value::display(cell)),
                format!(
                    "write how many times a year, between {MIN_PER_YEAR} and {MAX_PER_YEAR} (daily), or leave it blank"
                ),
            ));
            Provision::None
        };
        let per_tier = tier_cols
            .iter()
            .map(|&c| {
                let cell = r.get(c);
                match value::number(cell) {
                    Parsed::Value(n) if !(0.0..=MAX_PER_YEAR).contains(&n) || (n > 0.0 && n < MIN_PER_YEAR) => {
                        out_of_range(c, cell)
                    }
                    // A number too large to read is no standard either.
                    Parsed::Invalid if matches!(cell, Data::Float(_) | Data::Int(_)) => out_of_range(c, cell),
                    Parsed::Value(n) if n > 0.0 => Provision::PerYear(n),
                    Parsed::Value(_) | Parsed::Blank => Provision::None,
                    Parsed::Invalid => match value::boolean(cell) {
                        Parsed::Value(false) => Provision::None,
                        _ => Provision::Standard(value::display(cell).trim().to_string()),
                    },
                }
            })
            .collect();
        out.push(Service {
            name,
            category: r.text(cat_c).unwrap_or_default(),
            per_tier,
            hours_each,
            cost_each,
            delivered_by: r.text(by_c),
        });
    }
    out
}

/// A row of the default plan: name, category, what the top, middle and
/// bottom tiers get, hours each, cost each, delivered by.
type DefaultRow = (&'static str, &'static str, Provision, Provision, Provision, f64, f64, Option<&'static str>);

/// The default plan: reviews 4/2/1 a year, calls monthly/quarterly/yearly,
/// events and gifts for the top tier, seminars for the middle, cards for
/// all. With more than three tiers the extra middle tiers get the middle
/// tier's plan; with two, the top and the bottom plans.
pub fn default_plan(tiers: &[TierRule]) -> Vec<Service> {
    let n = tiers.len();
    let rows: [DefaultRow; 9] = [
        ("Review meeting", "Meeting", p(4.0), p(2.0), p(1.0), 2.0, 0.0, None),
        ("Phone call", "Communication", p(12.0), p(4.0), p(1.0), 0.25, 0.0, None),
        ("Appreciation event", "Appreciation", p(2.0), p(1.0), Provision::None, 1.0, 75.0, None),
        ("Private lunch", "Appreciation", p(1.0), Provision::None, Provision::None, 1.5, 60.0, None),
        ("Personal gift", "Recognition", p(1.0), Provision::None, Provision::None, 0.25, 100.0, None),
        ("Educational seminar", "Meeting", Provision::None, p(2.0), Provision::None, 0.5, 15.0, None),
        (
            "Meeting with the client's accountant, lawyer or broker",
            "Professional",
            p(1.0),
            Provision::None,
            Provision::None,
            1.0,
            0.0,
            None,
        ),
        (
            "Call-back",
            "Standard",
            s("within 1 hour"),
            s("within 1 business day"),
            s("within 2 business days"),
            0.0,
            0.0,
            None,
        ),
        ("Birthday and holiday cards", "Recognition", p(2.0), p(2.0), p(2.0), 0.1, 4.0, None),
    ];
    rows.into_iter()
        .map(|(name, category, top, middle, bottom, hours_each, cost_each, by)| Service {
            name: name.into(),
            category: category.into(),
            per_tier: (0..n)
                .map(|t| {
                    if t == 0 {
                        top.clone()
                    } else if t + 1 == n {
                        bottom.clone()
                    } else {
                        middle.clone()
                    }
                })
                .collect(),
            hours_each,
            cost_each,
            delivered_by: by.map(String::from),
        })
        .collect()
}

fn p(n: f64) -> Provision {
    Provision::PerYear(n)
}

fn s(text: &str) -> Provision {
    Provision::Standard(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_tiers;
    #[test]
    fn counts_standards_and_blanks() {
        let t = Table::from_text(
            "Services",
            &["Service", "Category", "A", "B", "C", "Hours Each", "Cost Each", "Delivered By"],
            &[
                &["Review", "Meeting", "4", "2", "1", "1.5", "", ""],
                &["Call-back", "Standard", "within 1 hour", "yes", "no", "", "", ""],
                &["Cards", "Recognition", "2", "2", "2", "0.1", "$4", "Assistant"],
            ],
        );
        let (mut p, mut i) = (Vec::new(), Vec::new());
        let s = read(&t, &default_tiers(), &mut p, &mut i);
        assert!(p.is_empty() && i.is_empty(), "{p:?} {i:?}");
        assert_eq!(s[0].per_tier, [Provision::PerYear(4.0), Provision::PerYear(2.0), Provision::PerYear(1.0)]);
        assert_eq!(s[0].hours_each, 1.5);
        assert_eq!(s[1].per_tier[0], Provision::Standard("within 1 hour".into()));
        assert_eq!(s[1].per_tier[1], Provision::Standard("yes".into()));
        assert_eq!(s[1].per_tier[2], Provision::None);
        assert_eq!(s[2].cost_each, 4.0);
        assert_eq!(s[2].delivered_by.as_deref(), Some("Assistant"));
    }

    #[test]
    fn default_plan_matches_the_coaching_model() {
        let plan = default_plan(&default_tiers());
        let review = &plan[0];
        assert_eq!(review.per_tier.iter().map(Provision::per_year).collect::<Vec<_>>(), [4.0, 2.0, 1.0]);
        let calls = &plan[1];
        assert_eq!(calls.per_tier.iter().map(Provision::per_year).collect::<Vec<_>>(), [12.0, 4.0, 1.0]);
    }
}
