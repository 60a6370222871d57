//! Unit tests of `segment/exceptions.rs`, kept beside it.
use super::*;
use crate::model::{Client, Clients, Comparison, Operand, Override, Rule, Test};
use calamine::Data;

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;

/// Clients given as (id, related to, household, referrals).
fn book(clients: &[(&str, &str, &str, f64)]) -> Book {
    let opt = |s: &str| if s.is_empty() { None } else { Some(s.to_string()) };
    Book::for_tests(Clients {
        sheet: "Clients".into(),
        headers: vec!["Client ID".into(), "Related To".into(), "Referrals".into()],
        rows: clients
            .iter()
            .enumerate()
            .map(|(r, (id, rel, hh, refs))| Client {
                row: r as u32 + 1,
                id: id.to_string(),
                related_to: opt(rel),
                household: opt(hh),
                cells: vec![Data::String(id.to_string()), Data::String(rel.to_string()), Data::Float(*refs)],
                ..Client::default()
            })
            .collect(),
        ..Clients::default()
    })
}

fn referral_rule() -> Rule {
    Rule {
        row: 1,
        name: "Strong referrer".into(),
        condition: Some((2, Test::Compare(Comparison::AtLeast, Operand::Number(4.0)))),
        action: Action::AtLeast(A),
        reason: "refers four or more clients".into(),
    }
}

fn follow_rule() -> Rule {
    Rule {
        row: 2,
        name: "Child of a top client".into(),
        condition: Some((1, Test::NotBlank)),
        action: Action::FollowRelated,
        reason: String::new(),
    }
}

/// The final tiers and what changed when `clients`, at `tier`, are read
/// with the follow-related rule alone.
fn follow(clients: &[(&str, &str, &str, f64)], mut tier: Vec<usize>) -> (Vec<usize>, Applied) {
    let mut b = book(clients);
    b.rules = vec![follow_rule()];
    let out = apply(&b, &mut tier, &[]);
    (tier, out)
}

fn manual(id: &str, tier: usize) -> Override {
    Override {
        row: 1,
        client_id: id.into(),
        tier,
        reason: "family friend".into(),
        approved_by: Some("JA".into()),
        until: None,
    }
}

#[test]
fn referral_rule_lifts_b_to_a_and_is_recorded() {
    let mut b = book(&[("C1", "", "", 5.0), ("C2", "", "", 1.0)]);
    b.rules = vec![referral_rule()];
    let mut tier = vec![B, B];
    let out = apply(&b, &mut tier, &[]);
    assert_eq!(tier, [A, B]);
    assert_eq!(out.changes.len(), 1);
    assert_eq!(out.changes[0].source, Source::Rule("Strong referrer".into()));
    assert_eq!((out.changes[0].from, out.changes[0].to), (B, A));
    assert_eq!(out.changes[0].reason, "refers four or more clients");
}

#[test]
fn child_and_grandchild_follow_a_top_client_whatever_the_row_order() {
    let (tier, out) =
        follow(&[("G", "K", "", 0.0), ("K", "P", "", 0.0), ("P", "", "", 0.0), ("X", "", "", 0.0)], vec![C, C, A, B]);
    assert_eq!(tier, [A, A, A, B]);
    assert_eq!(out.changes.len(), 2);
    assert!(out.changes.iter().any(|c| c.client == 0 && c.reason == "follows K (Tier A)"), "{:?}", out.changes);
    assert!(out.issues.is_empty());
}

#[test]
fn a_follower_listed_first_still_follows_the_final_tier() {
    let mut b = book(&[("P", "", "", 9.0), ("K", "P", "", 0.0)]);
    b.rules = vec![follow_rule(), referral_rule()];
    let mut tier = vec![C, C];
    apply(&b, &mut tier, &[]);
    assert_eq!(tier, [A, A], "P reaches A by the referral rule, listed after the follow rule");
}

#[test]
fn following_never_lowers() {
    let (tier, out) = follow(&[("K", "P", "", 0.0), ("P", "", "", 0.0)], vec![A, C]);
    assert_eq!(tier, [A, C]);
    assert!(out.changes.is_empty());
}

#[test]
fn a_cycle_ends_at_its_best_tier_and_is_reported() {
    let (tier, out) =
        follow(&[("X", "Y", "", 0.0), ("Y", "Z", "", 0.0), ("Z", "X", "", 0.0), ("W", "X", "", 0.0)], vec![C, B, C, C]);
    assert_eq!(tier, [B, B, B, B]);
    let reported = Issue::new(
        crate::location::Location::cell("Clients", 1, 1),
        "Y",
        "Related To links form a cycle: X → Y → Z",
        "every client in the cycle is served at its best tier, B",
    );
    assert_eq!(out.issues, [reported], "one issue, at X's Related To cell");
}

#[test]
fn a_link_to_a_missing_id_changes_nothing() {
    let (tier, _) = follow(&[("K", "NOPE", "", 0.0)], vec![C]);
    assert_eq!(tier, [C]);
}

#[test]
fn manual_override_beats_a_rule_and_is_followed() {
    let mut b = book(&[("C1", "", "", 9.0), ("P", "", "", 0.0), ("K", "P", "", 0.0)]);
    b.rules = vec![referral_rule(), follow_rule()];
    b.overrides = vec![manual("C1", B), manual("p", A)];
    let mut tier = vec![C, C, C];
    let out = apply(&b, &mut tier, &[]);
    assert_eq!(tier, [B, A, A]);
    let c1: Vec<String> = out.changes.iter().filter(|c| c.client == 0).map(|c| c.source.label()).collect();
    assert_eq!(c1, ["rule: Strong referrer", "manual"]);
}

#[test]
fn households_share_their_best_tier() {
    let mut b =
        book(&[("H1a", "", "H-1", 0.0), ("H1b", "", "h-1", 0.0), ("H2", "", "H-2", 0.0), ("Solo", "", "", 0.0)]);
    b.settings.tier_by = TierBy::Household;
    let mut tier = vec![C, A, B, C];
    let out = apply(&b, &mut tier, &[]);
    assert_eq!(tier, [A, A, B, C]);
    assert_eq!(out.changes.len(), 1);
    assert_eq!(out.changes[0].source, Source::Household("H-1".into()));
}

#[test]
fn sticky_tiers_hold_a_demotion_as_a_suggestion() {
    let mut b = book(&[("S1", "", "", 0.0), ("S2", "", "", 0.0), ("S3", "", "", 0.0)]);
    b.settings.sticky_tiers = true;
    let mut tier = vec![B, A, C];
    let out = apply(&b, &mut tier, &[Some(A), Some(B), None]);
    assert_eq!(tier, [A, A, C], "kept at A; the promotion to A stands");
    assert_eq!(out.suggested, [(0, B)]);
    assert_eq!(out.changes[0].source, Source::Sticky);
}

#[test]
fn tarjan_numbers_clients_as_reached_and_closes_a_component_from_its_root() {
    let mut t = Tarjan::new(4);
    for v in [2, 0, 3] {
        t.open(v);
    }
    assert_eq!((t.index[2], t.index[0], t.index[3], t.index[1]), (0, 1, 2, UNSEEN));
    assert_eq!(t.calls, [(2, 0), (0, 0), (3, 0)]);
    assert_eq!(t.close(0), [3, 0]);
    assert_eq!((t.on_stack[0], t.on_stack[3], t.on_stack[2]), (false, false, true));
    assert_eq!(t.stack, [2]);
}

#[test]
fn a_long_chain_does_not_overflow_the_stack() {
    let n = 200_000;
    let ids: Vec<String> = (0..n).map(|i| format!("C{i}")).collect();
    let rows: Vec<(&str, &str, &str, f64)> =
        (0..n).map(|i| (ids[i].as_str(), if i + 1 < n { ids[i + 1].as_str() } else { "" }, "", 0.0)).collect();
    let mut tier = vec![C; n];
    tier[n - 1] = A;
    let (tier, _) = follow(&rows, tier);
    assert!(tier.iter().all(|&t| t == A));
}
