//! Scoring every client and sorting them into tiers. Pure: a [`Book`] in,
//! a [`Segmentation`] out.
//!
//! A client's score is the sum of the weights of the criteria it meets. It
//! reaches a tier when it meets all of that tier's conditions — Min Score,
//! Min Assets, Min Revenue and every criterion `Required For` it — and takes
//! the highest tier it reaches; the last tier catches everyone else. That
//! tier is the *scored* tier; exceptions may later change the final one.

mod exceptions;
mod test;
mod why;

pub use exceptions::{Change, Source};

use crate::model::{Book, Client, TierRule};
use crate::value::Points;

pub use why::why;

/// Scores and tiers of every client, index-aligned with `book.clients.rows`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    /// The largest score a client can reach.
    pub max_score: Points,
    /// Each client's score.
    pub scores: Vec<Points>,
    /// Which criteria each client met: `criteria.len()` flags per client.
    met: Vec<bool>,
    criteria_count: usize,
    /// Points per score group: `groups.len()` values per client.
    group_scores: Vec<Points>,
    group_count: usize,
    /// The tier each client's score and gates reach (index into `book.tiers`).
    pub scored_tier: Vec<usize>,
    /// The tier each client is served at (index into `book.tiers`).
    pub tier: Vec<usize>,
    /// Clients whose score sits within the borderline margin of a bar.
    pub borderline: Vec<Option<Borderline>>,
    /// Every change from scored to final tier, in the order applied.
    pub changes: Vec<Change>,
    /// Sticky tiers: clients whose demotion was not applied, with the tier
    /// they would have had.
    pub suggested: Vec<(usize, usize)>,
    /// Each client's previous tier, when known.
    pub previous: Vec<Option<usize>>,
    /// Problems met while applying exceptions (cycles of related clients).
    pub issues: Vec<crate::error::Issue>,
}

/// A client near a score bar: a margin's worth of points would change its
/// tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Borderline {
    /// The tier whose bar is near.
    pub tier: usize,
    /// True when the client made that bar (and would fall below it with a
    /// margin less); false when it missed it (and would reach it with a
    /// margin more).
    pub made_it: bool,
    /// Distance from the bar, in points.
    pub gap: Points,
}

impl Segmentation {
    /// The met flags of client `i`, aligned with `book.criteria`.
    pub fn met(&self, i: usize) -> &[bool] {
        &self.met[i * self.criteria_count..(i + 1) * self.criteria_count]
    }

    /// The group scores of client `i`, aligned with `book.groups`.
    pub fn group_scores(&self, i: usize) -> &[Points] {
        &self.group_scores[i * self.group_count..(i + 1) * self.group_count]
    }

    /// Number of clients.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// True when there are no clients.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// Clients whose final tier differs from their scored tier.
    pub fn exception_count(&self) -> usize {
        self.tier.iter().zip(&self.scored_tier).filter(|(a, b)| a != b).count()
    }

    /// The changes applied to each client, indexed by client.
    pub fn changes_by_client(&self) -> Vec<Vec<&Change>> {
        let mut by: Vec<Vec<&Change>> = vec![Vec::new(); self.len()];
        for c in &self.changes {
            by[c.client].push(c);
        }
        by
    }
}

/// Scores every client, finds its scored tier, then applies rules,
/// overrides, households and sticky tiers for the final tier. `previous`
/// holds each client's previous tier when known (it may be empty).
pub fn segment(book: &Book, previous: &[Option<usize>]) -> Segmentation {
    let n = book.clients.rows.len();
    let (nc, ng) = (book.criteria.len(), book.groups.len());
    let max_score = book.max_score();
    let mut seg = Segmentation {
        max_score,
        scores: Vec::with_capacity(n),
        met: Vec::with_capacity(n * nc),
        criteria_count: nc,
        group_scores: vec![Points(0); n * ng],
        group_count: ng,
        scored_tier: Vec::with_capacity(n),
        tier: Vec::with_capacity(n),
        borderline: Vec::with_capacity(n),
        changes: Vec::new(),
        suggested: Vec::new(),
        previous: (0..n).map(|i| previous.get(i).copied().flatten()).collect(),
        issues: Vec::new(),
    };
    for (i, client) in book.clients.rows.iter().enumerate() {
        let mut score = Points(0);
        let met_start = seg.met.len();
        for c in &book.criteria {
            let ok = c.test.passes(&client.cells[c.column]);
            seg.met.push(ok);
            if ok {
                score += c.weight;
                if let Some(g) = c.group {
                    seg.group_scores[i * ng + g] += c.weight;
                }
            }
        }
        let met = &seg.met[met_start..];
        let reaches = |t: usize, score: Points| reaches(book, t, client, met, score, max_score);
        let tier = (0..book.tiers.len()).find(|&t| reaches(t, score)).unwrap_or(book.tiers.len().saturating_sub(1));
        let borderline = borderline(book, tier, score, max_score, &reaches);
        seg.scores.push(score);
        seg.scored_tier.push(tier);
        seg.tier.push(tier);
        seg.borderline.push(borderline);
    }
    let applied = exceptions::apply(book, &mut seg.tier, &seg.previous);
    seg.changes = applied.changes;
    seg.suggested = applied.suggested;
    seg.issues = applied.issues;
    seg
}

/// True when a client with `score` meets every condition of tier `t`.
pub(crate) fn reaches(book: &Book, t: usize, client: &Client, met: &[bool], score: Points, max: Points) -> bool {
    let tier: &TierRule = &book.tiers[t];
    if t + 1 == book.tiers.len() {
        return true;
    }
    tier.min_score.is_none_or(|bar| bar.is_met(score, max))
        && tier.min_assets.is_none_or(|gate| client.assets.is_some_and(|a| a >= gate))
        && tier.min_revenue.is_none_or(|gate| client.revenue.is_some_and(|r| r >= gate))
        && book.criteria.iter().zip(met).all(|(c, &m)| m || !c.required_for.contains(&t))
}

/// The nearest bar a margin's worth of points would cross: first the tier
/// just above (a client one point short of A is the first to look at), then
/// the client's own tier.
fn borderline(
    book: &Book,
    tier: usize,
    score: Points,
    max: Points,
    reaches: &dyn Fn(usize, Points) -> bool,
) -> Option<Borderline> {
    let margin = book.settings.borderline_margin;
    if margin.0 <= 0 {
        return None;
    }
    let bar_gap =
        |t: usize| book.tiers[t].min_score.map(|b| Points::from_f64(b.points(max)).unwrap_or_default() - score);
    if tier > 0 && reaches(tier - 1, score + margin) {
        let gap = bar_gap(tier - 1).unwrap_or(margin);
        return Some(Borderline { tier: tier - 1, made_it: false, gap });
    }
    if tier + 1 < book.tiers.len() && !reaches(tier, score - margin) {
        let gap = bar_gap(tier).map(|g| Points(-g.0)).unwrap_or_default();
        return Some(Borderline { tier, made_it: true, gap });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bar, Clients, Criterion, Test};
    use calamine::Data;

    /// A book of 15 yes/no criteria (weight 1) and one client per score.
    fn book(scores: &[usize]) -> Book {
        let criteria: Vec<Criterion> = (0..15)
            .map(|i| Criterion {
                name: format!("Q{i}"),
                column: i,
                column_name: format!("Q{i}"),
                test: Test::Yes,
                weight: Points::whole(1),
                required_for: vec![],
                group: Some(if i < 5 { 0 } else { 1 }),
                value: Data::Empty,
            })
            .collect();
        let rows = scores
            .iter()
            .enumerate()
            .map(|(r, &s)| Client {
                row: r as u32 + 1,
                id: format!("C{r}"),
                cells: (0..15).map(|i| Data::String(if i < s { "yes" } else { "no" }.into())).collect(),
                ..Client::default()
            })
            .collect();
        Book {
            criteria,
            groups: vec!["Personal".into(), "Financial".into()],
            ..Book::for_tests(Clients {
                sheet: "Clients".into(),
                headers: (0..15).map(|i| format!("Q{i}")).collect(),
                rows,
                ..Clients::default()
            })
        }
    }

    fn codes(b: &Book, s: &Segmentation) -> Vec<String> {
        s.scored_tier.iter().map(|&t| b.tiers[t].code.clone()).collect()
    }

    #[test]
    fn default_bars_on_and_around_each_bar() {
        let b = book(&[15, 12, 11, 8, 7, 5, 0]);
        let s = segment(&b, &[]);
        assert_eq!(codes(&b, &s), ["A", "A", "B", "B", "C", "C", "C"]);
        assert_eq!(s.scores[1], Points::whole(12));
        assert_eq!(s.group_scores(1), &[Points::whole(5), Points::whole(7)]);
        assert_eq!(s.met(2).iter().filter(|m| **m).count(), 11);
    }

    #[test]
    fn borderline_within_one_point() {
        let b = book(&[15, 13, 12, 11, 9, 8, 7, 5]);
        let s = segment(&b, &[]);
        let flags: Vec<Option<(String, bool)>> =
            s.borderline.iter().map(|x| x.map(|x| (b.tiers[x.tier].code.clone(), x.made_it))).collect();
        let some = |c: &str, m| Some((c.to_string(), m));
        assert_eq!(
            flags,
            [None, None, some("A", true), some("A", false), None, some("B", true), some("B", false), None]
        );
    }

    #[test]
    fn gates_and_required_criteria() {
        let mut b = book(&[15, 15, 15]);
        b.tiers[0].min_assets = Some(1_000_000.0);
        b.clients.rows[0].assets = Some(2_000_000.0);
        b.clients.rows[1].assets = Some(999_999.0);
        b.clients.rows[2].assets = Some(5_000_000.0);
        b.criteria[14].required_for = vec![0];
        b.clients.rows[2].cells[14] = Data::String("no".into());
        let s = segment(&b, &[]);
        assert_eq!(codes(&b, &s), ["A", "B", "B"]);
    }

    #[test]
    fn weighted_point_bars() {
        let mut b = book(&[3, 2, 1]);
        b.criteria[0].weight = Points::from_f64(2.5).unwrap();
        b.tiers[0].min_score = Some(Bar::Points(Points::from_f64(4.5).unwrap()));
        b.tiers[1].min_score = Some(Bar::Points(Points::from_f64(3.5).unwrap()));
        let s = segment(&b, &[]);
        assert_eq!(s.scores, [Points(4500), Points(3500), Points(2500)]);
        assert_eq!(codes(&b, &s), ["A", "B", "C"]);
    }
}
