//! `Why`: the tier decision in plain words, for the advisor reading a row.

use std::fmt::Write;

use crate::model::Book;
use crate::segment::{Change, Segmentation, Source};
use crate::value::{money_text, Points};

/// Explains client `i`'s score and tier, e.g. "12 of 15 points: Cooperative,
/// Refers others, …; missing: Growth potential. Not A: assets below the
/// $1,000,000 gate. Borderline: 1 point short of A." Every change of tier
/// (`changes`: this client's, in the order applied) is named with its source.
pub fn why(book: &Book, seg: &Segmentation, i: usize, changes: &[&Change]) -> String {
    let client = &book.clients.rows[i];
    let met = seg.met(i);
    let score = seg.scores[i];
    let mut out = String::with_capacity(160);
    let _ = write!(out, "{} of {} points", score, seg.max_score);
    let names = |want: bool| -> Vec<&str> {
        book.criteria.iter().zip(met).filter(|(_, &m)| m == want).map(|(c, _)| c.name.as_str()).collect()
    };
    let (yes, no) = (names(true), names(false));
    if !yes.is_empty() {
        let _ = write!(out, ": {}", yes.join(", "));
    }
    if !no.is_empty() {
        let _ = write!(out, "; missing: {}", no.join(", "));
    }
    out.push('.');
    let scored = seg.scored_tier[i];
    for t in 0..scored {
        let tier = &book.tiers[t];
        let mut reasons = Vec::new();
        if let Some(bar) = tier.min_score {
            if !bar.is_met(score, seg.max_score) {
                let bar_pts = Points::from_f64(bar.points(seg.max_score)).unwrap_or_default();
                reasons.push(format!("score below the {bar_pts}-point bar"));
            }
        }
        let currency = &book.settings.currency;
        if let Some(gate) = tier.min_assets {
            if client.assets.is_none_or(|a| a < gate) {
                let had = client.assets.map_or("unknown".to_string(), |a| money_text(a, currency));
                reasons.push(format!("assets {had} below the {} gate", money_text(gate, currency)));
            }
        }
        if let Some(gate) = tier.min_revenue {
            if client.revenue.is_none_or(|r| r < gate) {
                let had = client.revenue.map_or("unknown".to_string(), |r| money_text(r, currency));
                reasons.push(format!("revenue {had} below the {} gate", money_text(gate, currency)));
            }
        }
        for (c, _) in book.criteria.iter().zip(met).filter(|(c, &m)| !m && c.required_for.contains(&t)) {
            reasons.push(format!("needs {} (required for {})", c.name, tier.code));
        }
        if !reasons.is_empty() {
            let _ = write!(out, " Not {}: {}.", tier.code, reasons.join("; "));
        }
    }
    if let Some(b) = seg.borderline[i] {
        let code = &book.tiers[b.tier].code;
        let pts = |p: Points| if p == Points::whole(1) { "1 point".to_string() } else { format!("{p} points") };
        if b.made_it && b.gap.0 == 0 {
            let _ = write!(out, " Borderline: exactly on the {code} bar.");
        } else if b.made_it {
            let _ = write!(out, " Borderline: {} above the {code} bar.", pts(b.gap));
        } else {
            let _ = write!(out, " Borderline: {} short of {code}.", pts(b.gap));
        }
    }
    for c in changes {
        let (from, to) = (&book.tiers[c.from].code, &book.tiers[c.to].code);
        let by = match &c.source {
            Source::Manual { approved_by, until } => {
                let mut s = "manual override".to_string();
                if let Some(a) = approved_by {
                    let _ = write!(s, " approved by {a}");
                }
                if let Some(u) = until {
                    let _ = write!(s, " until {u}");
                }
                s
            }
            Source::Rule(name) => format!("rule '{name}'"),
            Source::Household(h) => format!("household {h}"),
            Source::Sticky => "sticky tiers".to_string(),
        };
        let _ = write!(out, " Tier {from} → {to} by {by}");
        if c.reason.is_empty() {
            out.push('.');
        } else {
            let _ = write!(out, ": {}.", c.reason.trim_end_matches('.'));
        }
    }
    out
}
