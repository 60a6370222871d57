//! The Tiers sheet: codes top first, score bars, gates and caps.

use calamine::Data;

use crate::error::{Issue, Problem};
use crate::model::{Bar, TierRule};
use crate::read::Table;
use crate::validate::settings::share;
use crate::validate::sheet::{tier_index, Sheet, Unkeyed};
use crate::value::{self, Parsed, Points};

/// Fewest and most tiers allowed: coaching advice is "never more than a few".
pub const TIER_COUNT: std::ops::RangeInclusive<usize> = 2..=6;

/// A row with no code.
const NO_CODE: Unkeyed = Unkeyed {
    message: "this tier has no code",
    fix: "write a short code such as A, B or C in the Tier column, or delete the row",
};

/// Reads the tiers, top first.
pub fn read(t: &Table, problems: &mut Vec<Problem>, issues: &mut Vec<Issue>) -> Vec<TierRule> {
    let Some(sheet) = Sheet::keyed(t, "Tier") else { return Vec::new() };
    let code_col = sheet.key();
    let [label_c, score_c, assets_c, revenue_c, share_c, role_c] =
        sheet.columns(["Label", "Min Score", "Min Assets", "Min Revenue", "Max Share", "Primary Contact Role"]);
    let mut tiers: Vec<TierRule> = Vec::new();
    let mut rows = Vec::new();
    for r in sheet.rows() {
        let Some(code) = r.key_or_problem(problems, &NO_CODE) else { continue };
        if code.chars().count() > 26 || code.contains(['[', ']', ':', '*', '?', '/', '\\', '\'']) {
            problems.push(Problem::new(
                r.at_key(),
                format!("tier code {code:?} cannot name a sheet ('Tier {code}')"),
                "use a short code without [ ] : * ? / \\ or ' (at most 26 characters)",
            ));
            continue;
        }
        if tier_index(&tiers, &code).is_some() {
            problems.push(Problem::new(
                r.at_key(),
                format!("tier code {code:?} is listed twice"),
                "give every tier its own code",
            ));
            continue;
        }
        let min_score = match bar(r.get(score_c)) {
            Ok(b) => b,
            Err(()) => {
                problems.push(Problem::new(
                    r.at(score_c),
                    format!("Min Score {:?} is neither points nor a percent", value::display(r.get(score_c))),
                    "write points (12) or a percent of the maximum score (80%)",
                ));
                None
            }
        };
        let mut gate = |c: Option<usize>, what: &str| match value::number(r.get(c)) {
            Parsed::Value(v) => Some(v),
            Parsed::Blank => None,
            Parsed::Invalid => {
                problems.push(Problem::new(
                    r.at(c),
                    format!("{what} {:?} is not an amount", value::display(r.get(c))),
                    "write an amount such as 500000, $500k or 1.2M, or leave it blank",
                ));
                None
            }
        };
        let min_assets = gate(assets_c, "Min Assets");
        let min_revenue = gate(revenue_c, "Min Revenue");
        let max_share = r
            .parse_or_note(
                share_c,
                share,
                issues,
                "Max Share is not a percentage such as 25%",
                "no cap checked for this tier",
            )
            .value();
        let label = r.text(label_c).unwrap_or_else(|| format!("Tier {code}"));
        let role = r.text(role_c);
        rows.push(r.row());
        tiers.push(TierRule { code, label, min_score, min_assets, min_revenue, max_share, primary_contact_role: role });
    }
    if !TIER_COUNT.contains(&tiers.len()) {
        problems.push(Problem::new(
            t.header_location(code_col),
            format!("{} tier{} listed; tierbook needs 2 to 6", tiers.len(), if tiers.len() == 1 { "" } else { "s" }),
            "keep a few levels, such as A, B and C",
        ));
    }
    if let (Some(last), Some(&row)) = (tiers.last_mut(), rows.last()) {
        if last.min_score.is_some() || last.min_assets.is_some() || last.min_revenue.is_some() {
            issues.push(Issue::new(
                t.cell_location(row, code_col),
                &last.code,
                "the last tier has a bar or gate, but it takes every client the tiers above do not",
                "bar and gates of the last tier ignored",
            ));
            last.min_score = None;
            last.min_assets = None;
            last.min_revenue = None;
        }
    }
    tiers
}

/// Reads a Min Score: points (`12`), or a percent of the maximum score
/// (`80%` as text, or a percent-formatted cell, which reads as 0.8: a bar
/// strictly between 0 and 1 is taken as a share, since a fractional point
/// bar below one point would mean "anything but zero").
fn bar(cell: &Data) -> Result<Option<Bar>, ()> {
    let is_percent_text = matches!(cell, Data::String(s) if s.trim().ends_with('%'));
    match value::number(cell) {
        Parsed::Blank => Ok(None),
        Parsed::Invalid => Err(()),
        Parsed::Value(v) if v < 0.0 => Err(()),
        Parsed::Value(v) if is_percent_text || (v > 0.0 && v < 1.0) => {
            if v > 1.0 {
                return Err(());
            }
            Ok(Some(Bar::Percent((v * 100.0 * Bar::PERCENT_SCALE as f64).round() as i64)))
        }
        Parsed::Value(v) => Points::from_f64(v).map(|p| Some(Bar::Points(p))).ok_or(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn table(rows: &[[&str; 4]]) -> Table {
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        Table::from_text("Tiers", &["Tier", "Min Score", "Min Assets", "Max Share"], &rows)
    }

    #[test]
    fn bars_and_gates() {
        let t = table(&[["A", "80%", "$1M", "20%"], ["B", "8", "", ""], ["C", "", "", ""]]);
        let (mut p, mut i) = (Vec::new(), Vec::new());
        let tiers = read(&t, &mut p, &mut i);
        assert!(p.is_empty() && i.is_empty(), "{p:?} {i:?}");
        assert_eq!(tiers[0].min_score, Some(Bar::Percent(80_000)));
        assert_eq!(tiers[0].min_assets, Some(1_000_000.0));
        assert_eq!(tiers[0].max_share, Some(0.2));
        assert_eq!(tiers[1].min_score, Some(Bar::Points(Points::whole(8))));
        assert_eq!(tiers[2].label, "Tier C");
    }

    #[test]
    fn percent_formatted_cells_are_shares() {
        assert_eq!(bar(&Data::Float(0.53)), Ok(Some(Bar::Percent(53_000))));
        assert_eq!(bar(&Data::Float(12.0)), Ok(Some(Bar::Points(Points::whole(12)))));
        assert_eq!(bar(&Data::String("abc".into())), Err(()));
        assert_eq!(bar(&Data::String("150%".into())), Err(()));
    }

    #[test]
    fn mistakes_are_problems() {
        let t = table(&[["A", "lots", "", ""], ["A", "", "", ""], ["B/C", "", "", ""], ["", "5", "", ""]]);
        let (mut p, mut i) = (Vec::new(), Vec::new());
        let tiers = read(&t, &mut p, &mut i);
        let at: Vec<String> = p.iter().map(|p| p.location.to_string()).collect();
        assert_eq!(at, ["Tiers!B2", "Tiers!A3", "Tiers!A4", "Tiers!A5", "Tiers!A1"], "{p:?}");
        assert_eq!(tiers.len(), 1);
    }

    #[test]
    fn too_many_tiers() {
        let rows: Vec<[&str; 4]> = ["A", "B", "C", "D", "E", "F", "G"].iter().map(|c| [*c, "", "", ""]).collect();
        let (mut p, mut i) = (Vec::new(), Vec::new());
        read(&table(&rows), &mut p, &mut i);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("7 tiers listed"), "{}", p[0].message);
    }
}
