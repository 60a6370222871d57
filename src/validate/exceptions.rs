//! The Exceptions sheet: manual overrides, each with a reason.
//!
//! An override stays the exception: without a Reason, for a client not in
//! the book, past its `Until` date, or with an unreadable date it is not
//! applied (and is listed on Issues). Naming a tier that does not exist is a
//! problem, since the advisor clearly meant something tierbook cannot guess.

use std::collections::HashMap;

use crate::error::{Issue, Problem};
use crate::model::Override;
use crate::read::Table;
use crate::validate::sheet::{tier_codes, tier_index, Against, Sheet};
use crate::value::{self, Parsed};

/// Reads the overrides in force at `as_of`.
pub fn read(t: &Table, against: Against, problems: &mut Vec<Problem>, issues: &mut Vec<Issue>) -> Vec<Override> {
    let Against { clients, tiers, as_of } = against;
    let Some(sheet) = Sheet::keyed(t, "Client ID") else { return Vec::new() };
    let [tier_c, reason_c, approved_c, until_c] = sheet.columns(["Tier", "Reason", "Approved By", "Until"]);
    let known: std::collections::HashSet<String> = clients.rows.iter().map(|c| value::id_key(&c.id)).collect();
    let mut out: Vec<Override> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for r in sheet.rows() {
        let Some(id) = r.key_text() else {
            issues.push(Issue::new(r.at_key(), "", "this override names no Client ID", "not applied"));
            continue;
        };
        let tier = match r.text(tier_c) {
            None => Err((format!("the override for {id} names no tier"), "write")),
            Some(code) => tier_index(tiers, &code)
                .ok_or_else(|| (format!("the override for {id} names tier \"{code}\", which does not exist"), "use")),
        };
        let tier = match tier {
            Ok(i) => i,
            Err((message, verb)) => {
                let fix = format!("{verb} one of the tier codes ({})", tier_codes(tiers));
                problems.push(Problem::new(r.at(tier_c), message, fix));
                continue;
            }
        };
        let Some(reason) = r.text(reason_c) else {
            issues.push(Issue::new(
                r.at(reason_c),
                &id,
                "this override has no Reason; exceptions must say why",
                "not applied",
            ));
            continue;
        };
        if !known.contains(&value::id_key(&id)) {
            issues.push(Issue::new(
                r.at_key(),
                &id,
                "this override names a client that is not in the book",
                "not applied",
            ));
            continue;
        }
        let until = match r.parse_or_note(
            until_c,
            value::date,
            issues,
            format!("the override for {id} has an Until that is not a date"),
            "not applied; write the last day it applies, e.g. 2027-06-30",
        ) {
            Parsed::Invalid => continue,
            until => until.value(),
        };
        if let Some(d) = until.filter(|d| *d < as_of) {
            issues.push(Issue::new(
                r.at(until_c),
                d.to_string(),
                format!("the override for {id} expired on {d} (As Of {as_of})"),
                "not applied (expired); renew it with a later Until or delete the row",
            ));
            continue;
        }
        if let Some(first) = seen.insert(value::id_key(&id), r.row()) {
            issues.push(Issue::new(
                r.at_key(),
                &id,
                format!("another override for this client is on row {}", first + 1),
                "the later row wins",
            ));
            out.retain(|o| value::id_key(&o.client_id) != value::id_key(&id));
        }
        out.push(Override { row: r.row(), client_id: id, tier, reason, approved_by: r.text(approved_c), until });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_tiers, Client, Clients};
    use chrono::NaiveDate;

    #[test]
    fn overrides_in_force_and_those_not_applied() {
        let clients = Clients {
            rows: ["C1", "C2", "C3", "C4"]
                .iter()
                .map(|id| Client { id: id.to_string(), ..Client::default() })
                .collect(),
            ..Clients::default()
        };
        let t = Table::from_text(
            "Exceptions",
            &["Client ID", "Tier", "Reason", "Approved By", "Until"],
            &[
                &["C1", "A", "big referrer", "JA", "2027-01-31"],
                &["C2", "A", "", "JA", ""],
                &["C3", "B", "moving away", "JA", "2026-06-30"],
                &["C9", "A", "typo", "JA", ""],
                &["C4", "B", "review", "JA", "someday"],
                &["c1", "B", "second thoughts", "JA", ""],
            ],
        );
        let (mut p, mut issues) = (Vec::new(), Vec::new());
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let tiers = default_tiers();
        let o = read(&t, Against { clients: &clients, tiers: &tiers, as_of }, &mut p, &mut issues);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(o.len(), 1);
        assert_eq!((o[0].client_id.as_str(), o[0].tier, o[0].reason.as_str()), ("c1", 1, "second thoughts"));
        let at: Vec<String> = issues.iter().map(|i| i.location.to_string()).collect();
        assert_eq!(
            at,
            ["Exceptions!C3", "Exceptions!E4", "Exceptions!A5", "Exceptions!E6", "Exceptions!A7"],
            "{issues:?}"
        );
        assert!(issues[1].action.contains("expired"), "{}", issues[1].action);
    }

    #[test]
    fn an_unknown_tier_is_a_problem() {
        let clients = Clients { rows: vec![Client { id: "C1".into(), ..Client::default() }], ..Clients::default() };
        let t = Table::from_text("Exceptions", &["Client ID", "Tier", "Reason"], &[&["C1", "Z", "why"]]);
        let (mut p, mut issues) = (Vec::new(), Vec::new());
        let (tiers, as_of) = (default_tiers(), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        read(&t, Against { clients: &clients, tiers: &tiers, as_of }, &mut p, &mut issues);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].location.to_string(), "Exceptions!B2");
        assert!(p[0].message.contains("\"Z\", which does not exist"), "{}", p[0].message);
    }
}
