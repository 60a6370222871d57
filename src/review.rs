//! The year-over-year review: who moved up or down, who is new, who left,
//! and how the tiers' sizes drifted. Pure.

use std::collections::{HashMap, VecDeque};

use crate::model::Book;
use crate::segment::Segmentation;

/// Last year's tiers, as read from last year's report (`--previous`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreviousTiers {
    /// Where they came from (the file name).
    pub source: String,
    /// One entry per client row of last year's report.
    pub entries: Vec<PreviousEntry>,
}

/// One client in last year's report.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousEntry {
    /// Client ID (may be empty).
    pub id: String,
    /// Name.
    pub name: String,
    /// Final tier code.
    pub tier: String,
}

/// How a client moved since last year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Movement {
    /// A better tier than last year.
    Promoted,
    /// A worse tier than last year.
    Demoted,
    /// No previous tier: a new client (or one last year's report did not
    /// tier).
    New,
    /// In last year's report, not in this book.
    Departed,
    /// Same tier.
    Unchanged,
}

impl Movement {
    /// The word shown on the Review sheet.
    pub fn label(self) -> &'static str {
        match self {
            Movement::Promoted => "promoted",
            Movement::Demoted => "demoted",
            Movement::New => "new",
            Movement::Departed => "departed",
            Movement::Unchanged => "unchanged",
        }
    }
}

/// Matches each client of this book with its previous tier: `--previous`
/// (when given) wins over the Previous Tier column. Clients are matched by
/// ID as [`crate::value::id_key`] reads it (`0007001` is 7001); rows sharing an ID are matched in order; a row without
/// an ID is matched by name. Returns the previous tier per client and the
/// entries of last year's report that matched nobody (departed).
pub fn previous_tiers(book: &Book, file: Option<&PreviousTiers>) -> (Vec<Option<usize>>, Vec<PreviousEntry>) {
    let code = |c: &str| book.tiers.iter().position(|t| t.code.eq_ignore_ascii_case(c.trim()));
    let Some(file) = file else {
        let prev = book.clients.rows.iter().map(|c| c.previous_tier.as_deref().and_then(code)).collect();
        return (prev, Vec::new());
    };
    let key = |id: &str, name: &str| {
        if id.trim().is_empty() {
            format!("name:{}", name.trim().to_lowercase())
        } else {
            crate::value::id_key(id)
        }
    };
    let mut queues: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (k, e) in file.entries.iter().enumerate() {
        queues.entry(key(&e.id, &e.name)).or_default().push_back(k);
    }
    let mut used = vec![false; file.entries.len()];
    let prev = book
        .clients
        .rows
        .iter()
        .map(|c| {
            let k = queues.get_mut(&key(&c.id, &c.name))?.pop_front()?;
            used[k] = true;
            code(&file.entries[k].tier)
        })
        .collect();
    let departed = file.entries.iter().zip(used).filter(|(_, u)| !u).map(|(e, _)| e.clone()).collect();
    (prev, departed)
}

/// One client's line on the Review sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewLine {
    /// The client (index into `book.clients.rows`).
    pub client: usize,
    /// How it moved.
    pub movement: Movement,
    /// Borderline: within the margin of a bar.
    pub borderline: bool,
    /// Sticky tiers held back this demotion (the tier it would have had).
    pub suggested: Option<usize>,
}

/// The review of this year's tiers against last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// One line per client, the first to look at first: borderline, then
    /// suggested demotions, promoted, demoted, new, unchanged.
    pub lines: Vec<ReviewLine>,
    /// Clients of last year's report not in this book.
    pub departed: Vec<PreviousEntry>,
    /// Clients per tier last year (from the previous tiers known).
    pub last_year: Vec<usize>,
    /// Clients per tier this year (final tiers).
    pub this_year: Vec<usize>,
    /// True when any previous tier was known.
    pub has_previous: bool,
}

impl Review {
    /// Clients with a given movement (departed counts last year's entries).
    pub fn count(&self, m: Movement) -> usize {
        if m == Movement::Departed {
            return self.departed.len();
        }
        self.lines.iter().filter(|l| l.movement == m).count()
    }
}

/// Builds the review. `departed` comes from [`previous_tiers`].
pub fn review(book: &Book, seg: &Segmentation, departed: Vec<PreviousEntry>) -> Review {
    let tiers = book.tiers.len();
    let mut suggested = vec![None; seg.len()];
    for &(i, t) in &seg.suggested {
        suggested[i] = Some(t);
    }
    let mut last_year = vec![0usize; tiers];
    let mut this_year = vec![0usize; tiers];
    let mut lines: Vec<ReviewLine> = (0..seg.len())
        .map(|i| {
            this_year[seg.tier[i]] += 1;
            let movement = match seg.previous[i] {
                None => Movement::New,
                Some(p) => {
                    last_year[p] += 1;
                    match seg.tier[i].cmp(&p) {
                        std::cmp::Ordering::Less => Movement::Promoted,
                        std::cmp::Ordering::Greater => Movement::Demoted,
                        std::cmp::Ordering::Equal => Movement::Unchanged,
                    }
                }
            };
            ReviewLine { client: i, movement, borderline: seg.borderline[i].is_some(), suggested: suggested[i] }
        })
        .collect();
    for d in &departed {
        if let Some(t) = book.tiers.iter().position(|t| t.code.eq_ignore_ascii_case(&d.tier)) {
            last_year[t] += 1;
        }
    }
    let rank = |l: &ReviewLine| (!l.borderline, l.suggested.is_none(), l.movement);
    lines.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.client.cmp(&b.client)));
    let has_previous = seg.previous.iter().any(Option::is_some) || !departed.is_empty();
    Review { lines, departed, last_year, this_year, has_previous }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Clients};
    use crate::segment::segment;

    fn book(ids: &[(&str, &str, Option<&str>)]) -> Book {
        Book::for_tests(Clients {
            rows: ids
                .iter()
                .map(|(id, name, prev)| Client {
                    id: id.to_string(),
                    name: name.to_string(),
                    previous_tier: prev.map(String::from),
                    ..Client::default()
                })
                .collect(),
            ..Clients::default()
        })
    }

    fn entry(id: &str, name: &str, tier: &str) -> PreviousEntry {
        PreviousEntry { id: id.into(), name: name.into(), tier: tier.into() }
    }

    #[test]
    fn previous_report_wins_and_finds_departed_clients() {
        let b = book(&[("C1", "Ann", Some("C")), ("c2", "Bob", None), ("", "Cy", None), ("C4", "Di", None)]);
        let file = PreviousTiers {
            source: "last.xlsx".into(),
            entries: vec![
                entry("C1", "Ann", "B"),
                entry("C2", "Bob", "A"),
                entry("", "Cy", "c"),
                entry("C9", "Gone", "A"),
            ],
        };
        let (prev, departed) = previous_tiers(&b, Some(&file));
        assert_eq!(prev, [Some(1), Some(0), Some(2), None]);
        assert_eq!(departed, [entry("C9", "Gone", "A")]);
        let (from_column, none) = previous_tiers(&b, None);
        assert_eq!(from_column, [Some(2), None, None, None]);
        assert!(none.is_empty());
    }

    #[test]
    fn movements_counts_and_sizes() {
        let b = book(&[("C1", "", None), ("C2", "", None), ("C3", "", None), ("C4", "", None)]);
        let mut seg = segment(&b, &[Some(1), Some(0), Some(2), None]);
        seg.tier = vec![0, 1, 2, 2];
        seg.scored_tier = seg.tier.clone();
        let r = review(&b, &seg, vec![entry("C9", "Gone", "A")]);
        assert_eq!(r.count(Movement::Promoted), 1);
        assert_eq!(r.count(Movement::Demoted), 1);
        assert_eq!(r.count(Movement::Unchanged), 1);
        assert_eq!(r.count(Movement::New), 1);
        assert_eq!(r.count(Movement::Departed), 1);
        assert_eq!(r.last_year, [2, 1, 1]);
        assert_eq!(r.this_year, [1, 1, 2]);
        let order: Vec<Movement> = r.lines.iter().map(|l| l.movement).collect();
        assert_eq!(order, [Movement::Promoted, Movement::Demoted, Movement::New, Movement::Unchanged]);
    }
}
