//! The Rules sheet: automatic exceptions such as "a strong referrer is at
//! least A" or "the child of a top client follows the parent".

use crate::error::{Issue, Problem};
use crate::model::{Action, Rule, Test, TierRule};
use crate::names::closest;
use crate::read::Table;
use crate::validate::clients::RELATED_TO;
use crate::validate::criteria::{find_column, read_test, unknown_column};
use crate::validate::sheet::{tier_codes, tier_index, Against, Sheet};
use crate::value;

/// Reads the rules in sheet order.
pub fn read(t: &Table, against: Against, problems: &mut Vec<Problem>, issues: &mut Vec<Issue>) -> Vec<Rule> {
    let Against { clients, tiers, as_of } = against;
    let Some(sheet) = Sheet::keyed(t, "Rule") else { return Vec::new() };
    let [column_c, test_c, value_c, action_c, reason_c] =
        sheet.columns(["Column", "Test", "Value", "Action", "Reason"]);
    let actions = crate::schema::action_names().join(", ");
    let mut rules = Vec::new();
    for r in sheet.rows() {
        let before = problems.len();
        let name = r.key_text().unwrap_or_else(|| format!("rule on row {}", r.row() + 1));
        let subject = format!("rule '{name}'");
        let action =
            r.word_or_problem(action_c, problems, &subject, "Action", &actions).and_then(|a| {
                match parse_action(&a, tiers) {
                    Ok(a) => Some(a),
                    Err(why) => {
                        problems.push(Problem::new(
                            r.at(action_c),
                            format!("{subject}: {why}"),
                            "write one of: at least A, at most B, set C, promote, demote, follow related",
                        ));
                        None
                    }
                }
            });
        let column = match r.text(column_c) {
            None => None,
            Some(h) => {
                let found = find_column(&clients.headers, &h);
                if found.is_none() {
                    problems.push(unknown_column(&subject, &h, r.at(column_c), clients));
                }
                found
            }
        };
        // A rule with a Column but no Test applies to clients with anything in
        // that column; with neither, to every client.
        let test = match r.text(test_c) {
            None => Some(Test::NotBlank),
            Some(word) => read_test(&word, r.get(value_c), as_of, &subject, r.at(test_c), r.at(value_c))
                .map_err(|p| problems.push(p))
                .ok(),
        };
        if !value::is_blank(r.get(test_c)) && column.is_none() && problems.len() == before {
            problems.push(Problem::new(
                r.at(column_c),
                format!("rule '{name}' has a Test but no Column to test"),
                "write the Clients header the rule reads in Column",
            ));
        }
        if action == Some(Action::FollowRelated) && clients.headers.iter().all(|h| !RELATED_TO.matches(h)) {
            problems.push(Problem::new(
                r.at(action_c),
                format!(
                    "rule '{name}' follows related clients, but the {} sheet has no Related To column",
                    clients.sheet
                ),
                "add a 'Related To' column holding the linked client's ID",
            ));
        }
        let reason = r.text(reason_c).unwrap_or_default();
        if reason.is_empty() && problems.len() == before {
            issues.push(Issue::new(
                r.at(reason_c),
                &name,
                "this rule has no Reason",
                "applied; its exceptions show the rule's name only",
            ));
        }
        if problems.len() > before {
            continue;
        }
        if let (Some(action), Some(test)) = (action, test) {
            rules.push(Rule { row: r.row(), name, condition: column.map(|c| (c, test)), action, reason });
        }
    }
    rules
}

/// Parses an Action cell: `at least A`, `at most B`, `set C`, `promote`,
/// `demote`, `follow related`.
fn parse_action(text: &str, tiers: &[TierRule]) -> Result<Action, String> {
    use crate::schema::ActionWord as W;
    let code_of = |code: &str| -> Result<usize, String> {
        if code.is_empty() {
            return Err(format!("\"{text}\" needs a tier code, as in \"at least A\""));
        }
        tier_index(tiers, code).ok_or_else(|| {
            format!("\"{text}\" names tier \"{code}\", which does not exist (tiers: {})", tier_codes(tiers))
        })
    };
    let Some((word, code)) = crate::schema::action_word(text) else {
        let hint = closest(text, crate::schema::action_names())
            .map(|c| format!("; did you mean \"{c}\"?"))
            .unwrap_or_default();
        return Err(format!("unknown action \"{text}\"{hint}"));
    };
    match word {
        W::AtLeast => code_of(&code).map(Action::AtLeast),
        W::AtMost => code_of(&code).map(Action::AtMost),
        W::Set => code_of(&code).map(Action::Set),
        W::Promote => Ok(Action::Promote),
        W::Demote => Ok(Action::Demote),
        W::FollowRelated => Ok(Action::FollowRelated),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_tiers;

    #[test]
    fn actions() {
        let t = default_tiers();
        assert_eq!(parse_action("at least A", &t), Ok(Action::AtLeast(0)));
        assert_eq!(parse_action("At Most b", &t), Ok(Action::AtMost(1)));
        assert_eq!(parse_action("set C", &t), Ok(Action::Set(2)));
        assert_eq!(parse_action("promote", &t), Ok(Action::Promote));
        assert_eq!(parse_action("Follow Related", &t), Ok(Action::FollowRelated));
        assert!(parse_action("at least Z", &t).unwrap_err().contains("does not exist"));
        assert!(parse_action("promot", &t).unwrap_err().contains("did you mean \"promote\""));
    }
}
