//! From scored tier to final tier: rules, manual overrides, households and
//! sticky tiers, in that order, every change recorded.
//!
//! Rules apply in sheet order; `follow related` raises a client to the final
//! tier of the client its `Related To` names — never lowers it — resolving
//! chains whatever the row order, and ending cycles with every member at the
//! best tier in the cycle. Manual overrides win over rules (a related client
//! with an override is followed at its overridden tier). With `Tier By`
//! household, every member gets the best tier any member has. With sticky
//! tiers, a client keeps its previous tier unless promoted; the demotion is
//! kept as a suggestion for the review.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::error::Issue;
use crate::location::Location;
use crate::model::{Action, Book, Rule, TierBy};
use crate::validate::RELATED_TO;

/// Where a change of tier came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A row of the Exceptions sheet.
    Manual {
        /// Who approved it.
        approved_by: Option<String>,
        /// Last day it applies.
        until: Option<NaiveDate>,
    },
    /// A rule of the Rules sheet, by name.
    Rule(String),
    /// Household tiering, with the household as written.
    Household(String),
    /// Sticky tiers kept the previous tier.
    Sticky,
}

impl Source {
    /// A short label: `manual`, `rule: Strong referrer`, `household`,
    /// `sticky`.
    pub fn label(&self) -> String {
        match self {
            Source::Manual { .. } => "manual".into(),
            Source::Rule(name) => format!("rule: {name}"),
            Source::Household(_) => "household".into(),
            Source::Sticky => "sticky".into(),
        }
    }
}

/// One change of a client's tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The client (index into `book.clients.rows`).
    pub client: usize,
    /// Where the change came from.
    pub source: Source,
    /// Tier before the change.
    pub from: usize,
    /// Tier after the change.
    pub to: usize,
    /// Why, in words.
    pub reason: String,
}

/// The outcome of the exception stage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Every change, in the order applied.
    pub changes: Vec<Change>,
    /// Sticky tiers: clients whose demotion was not applied, with the tier
    /// they would have had.
    pub suggested: Vec<(usize, usize)>,
    /// Problems found on the way (cycles of related clients).
    pub issues: Vec<Issue>,
}

/// Applies rules, overrides, households and sticky tiers to `tier` (which
/// holds the scored tiers on entry). `previous` holds each client's previous
/// tier, when known.
pub fn apply(book: &Book, tier: &mut [usize], previous: &[Option<usize>]) -> Applied {
    let mut out = Applied::default();
    let n = tier.len();
    let clients = &book.clients.rows;
    let rows_by_id = rows_by_id(book);
    let mut manual: Vec<Option<usize>> = vec![None; n];
    for (k, o) in book.overrides.iter().enumerate() {
        for &i in rows_by_id.get(&crate::value::id_key(&o.client_id)).map(Vec::as_slice).unwrap_or(&[]) {
            manual[i] = Some(k);
        }
    }
    let bottom = book.tiers.len().saturating_sub(1);

    // `follow related` raises a client to the *final* tier of the client it
    // names, so it runs after every other rule, whatever its row; the other
    // rules run in sheet order.
    let (follow, others): (Vec<&Rule>, Vec<&Rule>) = book.rules.iter().partition(|r| r.action == Action::FollowRelated);
    for rule in others.into_iter().chain(follow) {
        let passes = |i: usize| rule.condition.as_ref().is_none_or(|(col, test)| test.passes(&clients[i].cells[*col]));
        if rule.action == Action::FollowRelated {
            follow_related(book, rule, tier, &manual, &rows_by_id, &passes, &mut out);
            continue;
        }
        for (i, slot) in tier.iter_mut().enumerate() {
            if !passes(i) {
                continue;
            }
            let t = *slot;
            let to = match rule.action {
                Action::AtLeast(x) => t.min(x),
                Action::AtMost(x) => t.max(x),
                Action::Set(x) => x,
                Action::Promote => t.saturating_sub(1),
                Action::Demote => (t + 1).min(bottom),
                Action::FollowRelated => t,
            };
            if to != t {
                out.changes.push(Change {
                    client: i,
                    source: Source::Rule(rule.name.clone()),
                    from: t,
                    to,
                    reason: rule.reason.clone(),
                });
                *slot = to;
            }
        }
    }

    for (i, m) in manual.iter().enumerate() {
        if let Some(k) = *m {
            let o = &book.overrides[k];
            if tier[i] != o.tier {
                out.changes.push(Change {
                    client: i,
                    source: Source::Manual { approved_by: o.approved_by.clone(), until: o.until },
                    from: tier[i],
                    to: o.tier,
                    reason: o.reason.clone(),
                });
                tier[i] = o.tier;
            }
        }
    }

    if book.settings.tier_by == TierBy::Household {
        let mut best: HashMap<String, usize> = HashMap::new();
        for (i, c) in clients.iter().enumerate() {
            if let Some(h) = &c.household {
                let e = best.entry(crate::value::id_key(h)).or_insert(tier[i]);
                *e = (*e).min(tier[i]);
            }
        }
        for (i, c) in clients.iter().enumerate() {
            let Some(h) = &c.household else { continue };
            let b = best[&crate::value::id_key(h)];
            if b < tier[i] && manual[i].is_none() {
                out.changes.push(Change {
                    client: i,
                    source: Source::Household(h.clone()),
                    from: tier[i],
                    to: b,
                    reason: format!("household {h}: its best member is Tier {}", book.tiers[b].code),
                });
                tier[i] = b;
            }
        }
    }

    if book.settings.sticky_tiers {
        for i in 0..n {
            if let Some(p) = previous.get(i).copied().flatten() {
                if tier[i] > p && manual[i].is_none() {
                    out.suggested.push((i, tier[i]));
                    out.changes.push(Change {
                        client: i,
                        source: Source::Sticky,
                        from: tier[i],
                        to: p,
                        reason: format!(
                            "sticky tiers: kept at last year's Tier {}; demotion to {} is a suggestion",
                            book.tiers[p].code, book.tiers[tier[i]].code
                        ),
                    });
                    tier[i] = p;
                }
            }
        }
    }
    out
}

/// Rows of each client ID (lower-cased): a shared ID names every row with it.
fn rows_by_id(book: &Book) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::with_capacity(book.clients.rows.len());
    for (i, c) in book.clients.rows.iter().enumerate() {
        if !c.id.is_empty() {
            map.entry(crate::value::id_key(&c.id)).or_default().push(i);
        }
    }
    map
}

/// Raises each follower to the best final tier among the clients it names,
/// through chains and cycles, in linear time: the links form a graph whose
/// strongly connected components (Tarjan's algorithm, iterative so a long
/// chain cannot overflow the stack) are finished sinks first, so every
/// component's best reachable tier is known when it is needed.
fn follow_related(
    book: &Book,
    rule: &Rule,
    tier: &mut [usize],
    manual: &[Option<usize>],
    rows_by_id: &HashMap<String, Vec<usize>>,
    passes: &dyn Fn(usize) -> bool,
    out: &mut Applied,
) {
    let clients = &book.clients.rows;
    let n = tier.len();
    let empty: Vec<usize> = Vec::new();
    let edges = |u: usize| -> &[usize] {
        if manual[u].is_some() || !passes(u) {
            return &empty;
        }
        match &clients[u].related_to {
            Some(r) => rows_by_id.get(&crate::value::id_key(r)).unwrap_or(&empty),
            None => &empty,
        }
    };
    // A client with a manual override is followed at its overridden tier.
    let base = |u: usize| manual[u].map(|k| book.overrides[k].tier).unwrap_or(tier[u]);

    let mut t = Tarjan::new(n);
    let mut best = vec![UNSEEN; n];
    let mut component = vec![UNSEEN; n];
    let mut components = 0usize;
    for start in 0..n {
        if t.index[start] != UNSEEN || edges(start).is_empty() {
            continue;
        }
        t.open(start);
        while let Some(&(u, pos)) = t.calls.last() {
            let es = edges(u);
            if pos < es.len() {
                if let Some(top) = t.calls.last_mut() {
                    top.1 += 1;
                }
                let w = es[pos];
                if t.index[w] == UNSEEN {
                    t.open(w);
                } else if t.on_stack[w] {
                    t.low[u] = t.low[u].min(t.index[w]);
                }
                continue;
            }
            t.calls.pop();
            if let Some(&(p, _)) = t.calls.last() {
                t.low[p] = t.low[p].min(t.low[u]);
            }
            if t.low[u] != t.index[u] {
                continue;
            }
            let members = t.close(u);
            for &m in &members {
                component[m] = components;
            }
            let mut b = members.iter().map(|&m| base(m)).min().unwrap_or(UNSEEN);
            for &m in &members {
                for &w in edges(m) {
                    if component[w] != components {
                        // Finished earlier (a sink first), or a client with
                        // no links of its own: its tier is final.
                        b = b.min(if best[w] != UNSEEN { best[w] } else { base(w) });
                    }
                }
            }
            components += 1;
            for &m in &members {
                best[m] = b;
            }
            let is_cycle = members.len() > 1 || edges(u).contains(&u);
            if is_cycle {
                report_cycle(book, &members, b, out);
            }
        }
    }
    for u in 0..n {
        if best[u] == UNSEEN || edges(u).is_empty() || best[u] >= tier[u] {
            continue;
        }
        let related = clients[u].related_to.clone().unwrap_or_default();
        let reason = if rule.reason.is_empty() {
            format!("follows {related} (Tier {})", book.tiers[best[u]].code)
        } else {
            format!("follows {related} (Tier {}): {}", book.tiers[best[u]].code, rule.reason)
        };
        out.changes.push(Change {
            client: u,
            source: Source::Rule(rule.name.clone()),
            from: tier[u],
            to: best[u],
            reason,
        });
        tier[u] = best[u];
    }
}

/// Not reached yet (an index), or no tier found yet (a best tier).
const UNSEEN: usize = usize::MAX;

/// The bookkeeping of Tarjan's strongly connected components, walked
/// without recursion (a long chain of Related To links must not overflow
/// the stack): each client's discovery index, the lowest index it reaches,
/// the clients of components not yet closed, and the open calls (client,
/// next link to follow).
struct Tarjan {
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    calls: Vec<(usize, usize)>,
    counter: usize,
}

impl Tarjan {
    fn new(n: usize) -> Self {
        Tarjan {
            index: vec![UNSEEN; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            calls: Vec::new(),
            counter: 0,
        }
    }

    /// Reaches client `v` for the first time: numbers it, and opens a call
    /// that will follow its links.
    fn open(&mut self, v: usize) {
        self.index[v] = self.counter;
        self.low[v] = self.counter;
        self.counter += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        self.calls.push((v, 0));
    }

    /// Closes the component whose first-reached client is `root`: takes
    /// its clients off the stack, the latest reached first.
    fn close(&mut self, root: usize) -> Vec<usize> {
        let mut members = Vec::new();
        while let Some(w) = self.stack.pop() {
            self.on_stack[w] = false;
            members.push(w);
            if w == root {
                break;
            }
        }
        members
    }
}

fn report_cycle(book: &Book, members: &[usize], best: usize, out: &mut Applied) {
    let clients = &book.clients.rows;
    let mut ids: Vec<(u32, &str)> = members.iter().map(|&m| (clients[m].row, clients[m].id.as_str())).collect();
    ids.sort();
    let first = members.iter().copied().min_by_key(|&m| clients[m].row).unwrap_or(members[0]);
    let col = book.clients.headers.iter().position(|h| RELATED_TO.matches(h)).unwrap_or(0);
    let names: Vec<&str> = ids.iter().map(|(_, id)| *id).collect();
    out.issues.push(Issue::new(
        Location::cell(&book.clients.sheet, clients[first].row, book.clients.sheet_column(col)),
        clients[first].related_to.clone().unwrap_or_default(),
        format!("Related To links form a cycle: {}", names.join(" → ")),
        format!("every client in the cycle is served at its best tier, {}", book.tiers[best].code),
    ));
}

#[cfg(test)]
#[path = "exceptions_tests.rs"]
mod tests;
