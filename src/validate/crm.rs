//! What CRM exports write differently from a book laid out for tierbook: a
//! name split into First Name and Last Name, and a previous tier written as
//! the CRM's category (`A Client`, `Tier 1`, `Platinum`).
//!
//! Both are decided once per column, from all its values, so that one
//! client's cell is never read differently from its neighbour's.

use crate::error::Issue;
use crate::location::Location;
use crate::model::TierRule;
use crate::names::normalize;
use crate::read::Table;
use crate::schema::{FIRST_NAME, LAST_NAME, NAME};
use crate::value;

/// Where a client's name comes from (SPEC §Input, Clients `Name`; issue 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// One Name column (or an alias such as `Full Name`).
    Column(usize),
    /// `First Name` and/or `Last Name`, joined as "First Last".
    Joined { first: Option<usize>, last: Option<usize> },
    /// No name column at all: names are left blank and the Summary warns.
    Missing,
}

impl NameSource {
    /// Finds the name column(s) of a client list.
    pub fn find(table: &Table) -> NameSource {
        if let Some(c) = table.column(&NAME) {
            return NameSource::Column(c);
        }
        match (table.column(&FIRST_NAME), table.column(&LAST_NAME)) {
            (None, None) => NameSource::Missing,
            (first, last) => NameSource::Joined { first, last },
        }
    }

    /// The columns read, so they are not also carried as the advisor's own.
    /// A joined name keeps its parts: the advisor sorts by last name.
    pub fn column(self) -> Option<usize> {
        match self {
            NameSource::Column(c) => Some(c),
            _ => None,
        }
    }

    /// The client's name from a row's cells; empty when there is none.
    pub fn name(self, cells: &[calamine::Data]) -> String {
        let text = |c: Option<usize>| c.and_then(|c| value::text(&cells[c])).map(|t| t.into_owned());
        match self {
            NameSource::Column(c) => text(Some(c)).unwrap_or_default(),
            NameSource::Joined { first, last } => {
                [text(first), text(last)].into_iter().flatten().collect::<Vec<_>>().join(" ")
            }
            NameSource::Missing => String::new(),
        }
    }
}

/// Ranked names some CRMs give their segments, best first.
const RANKS: [&str; 5] = ["diamond", "platinum", "gold", "silver", "bronze"];

/// Words around a tier in a CRM category that do not name it.
const NOISE: [&str; 10] =
    ["client", "clients", "tier", "level", "segment", "category", "class", "service", "group", "relationship"];

/// How a Previous Tier column's values map to tier codes.
#[derive(Debug, Clone, Default)]
pub struct TierMap {
    /// Ranked words (Platinum, Gold…) in use, best first, when they map
    /// one-to-one onto the tiers.
    ranks: Vec<&'static str>,
    /// Readings that were not a bare tier code: (as written, code), for the
    /// one Issue that tells the advisor how the column was read.
    pub readings: Vec<(String, String)>,
}

impl TierMap {
    /// Decides how `values` (every non-blank cell of the column) map onto
    /// `tiers`: ranked words count only when the column uses exactly as many
    /// of them as there are tiers, so `Gold` never means A in one book and B
    /// in the next by accident.
    pub fn new<'a>(values: impl Iterator<Item = &'a str>, tiers: &[TierRule]) -> TierMap {
        let mut used: Vec<&'static str> = Vec::new();
        for v in values {
            if let Some(r) = rank_word(v) {
                if !used.contains(&r) {
                    used.push(r);
                }
            }
        }
        used.sort_by_key(|r| RANKS.iter().position(|x| x == r));
        let ranks = if used.len() == tiers.len() { used } else { Vec::new() };
        TierMap { ranks, readings: Vec::new() }
    }

    /// The tier code `written` names, if it names exactly one.
    pub fn code(&mut self, written: &str, tiers: &[TierRule]) -> Option<String> {
        if let Some(t) = tiers.iter().find(|t| t.code.eq_ignore_ascii_case(written.trim())) {
            return Some(t.code.clone());
        }
        let code = self.reading(written, tiers)?;
        if !self.readings.iter().any(|(w, _)| w == written) {
            self.readings.push((written.to_string(), code.clone()));
        }
        Some(code)
    }

    fn reading(&self, written: &str, tiers: &[TierRule]) -> Option<String> {
        let rest = meaningful_words(written).join(" ");
        if rest.is_empty() {
            return None;
        }
        if let Some(t) = tiers.iter().find(|t| t.code.eq_ignore_ascii_case(&rest)) {
            return Some(t.code.clone());
        }
        if let Some(t) = tiers.iter().find(|t| !t.label.is_empty() && normalize(&t.label) == normalize(written)) {
            return Some(t.code.clone());
        }
        if let Ok(n) = rest.parse::<usize>() {
            return (1..=tiers.len()).contains(&n).then(|| tiers[n - 1].code.clone());
        }
        let r = rank_word(&rest)?;
        let i = self.ranks.iter().position(|x| *x == r)?;
        Some(tiers[i].code.clone())
    }

    /// One Issue saying how the column's CRM categories were read, when any
    /// value was not a bare tier code.
    pub fn issue(&self, at: Location) -> Option<Issue> {
        if self.readings.is_empty() {
            return None;
        }
        let readings: Vec<String> = self.readings.iter().map(|(w, c)| format!("{w} → {c}")).collect();
        Some(Issue::new(
            at,
            "",
            format!("previous tiers are written as categories: {}", crate::error::listed(&readings, 8)),
            "read as those tier codes for the Review sheet",
        ))
    }
}

/// The words of a category that may name a tier, lower-cased: `A-Client`
/// gives `["a"]`, `Tier 1` gives `["1"]`.
fn meaningful_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !NOISE.contains(&w.as_str()))
        .collect()
}

/// The ranked word `text` is, if it is one alone.
fn rank_word(text: &str) -> Option<&'static str> {
    match meaningful_words(text).as_slice() {
        [w] => RANKS.iter().copied().find(|r| r == w),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_tiers;

    fn map(values: &[&str]) -> (TierMap, Vec<TierRule>) {
        let tiers = default_tiers();
        (TierMap::new(values.iter().copied(), &tiers), tiers)
    }

    #[test]
    fn crm_categories_name_tiers() {
        let (mut m, t) = map(&["A Client", "B Client", "c client", "Tier 1"]);
        for (w, want) in [
            ("A Client", "A"),
            ("B-Client", "B"),
            ("c client", "C"),
            ("Tier 1", "A"),
            ("Tier 3", "C"),
            ("Level 2", "B"),
            ("a", "A"),
            ("Tier A", "A"),
        ] {
            assert_eq!(m.code(w, &t).as_deref(), Some(want), "{w}");
        }
        assert_eq!(m.code("Tier 4", &t), None, "there is no fourth tier");
        assert_eq!(m.code("VIP", &t), None);
        assert_eq!(m.code("A or B", &t), None);
        assert!(m.issue(Location::sheet("Clients")).unwrap().problem.contains("A Client → A"));
    }

    #[test]
    fn ranked_words_map_only_when_they_match_the_tiers_one_to_one() {
        let (mut m, t) = map(&["Platinum", "Gold", "Silver", "Gold"]);
        assert_eq!(m.code("Platinum", &t).as_deref(), Some("A"));
        assert_eq!(m.code("Gold Client", &t).as_deref(), Some("B"));
        assert_eq!(m.code("Silver", &t).as_deref(), Some("C"));
        let (mut m, t) = map(&["Gold", "Silver", "Bronze"]);
        assert_eq!(m.code("Gold", &t).as_deref(), Some("A"));
        let (mut m, t) = map(&["Platinum", "Gold"]);
        assert_eq!(m.code("Platinum", &t), None, "two ranks for three tiers is ambiguous");
        let (mut m, t) = map(&["Platinum", "Gold", "Silver", "Bronze"]);
        assert_eq!(m.code("Gold", &t), None, "four ranks for three tiers is ambiguous");
    }

    #[test]
    fn bare_codes_need_no_note() {
        let (mut m, t) = map(&["A", "b"]);
        assert_eq!(m.code("b", &t).as_deref(), Some("B"));
        assert!(m.issue(Location::sheet("Clients")).is_none());
    }

    #[test]
    fn names_are_joined_first_then_last() {
        use calamine::Data;
        let s = |t: &str| Data::String(t.into());
        let joined = NameSource::Joined { first: Some(1), last: Some(0) };
        assert_eq!(joined.name(&[s("Avery"), s("Jordan")]), "Jordan Avery");
        assert_eq!(joined.name(&[s("Avery"), Data::Empty]), "Avery");
        assert_eq!(NameSource::Missing.name(&[s("x")]), "");
    }
}
