//! The Rules sheet: automatic exceptions such as "a strong referrer is at
//! least A" or "the child of a top client follows the parent".

use calamine::Data;

use crate::error::{Issue, Problem};
use crate::model::{Action, Clients, Rule, Test, TierRule};
use crate::names::{closest, ColumnName};
use crate::read::Table;
use crate::validate::clients::RELATED_TO;
use crate::validate::criteria::{find_column, read_test};
use crate::value;

/// Reads the rules in sheet order.
pub fn read(
    t: &Table,
    clients: &Clients,
    tiers: &[TierRule],
    as_of: chrono::NaiveDate,
    problems: &mut Vec<Problem>,
    issues: &mut Vec<Issue>,
) -> Vec<Rule> {
    let Some(name_c) = t.column(&ColumnName::plain("Rule")) else { return Vec::new() };
    let col = |n: &'static str| t.column(&ColumnName::plain(n));
    let (column_c, test_c, value_c, action_c, reason_c) =
        (col("Column"), col("Test"), col("Value"), col("Action"), col("Reason"));
    let empty = Data::Empty;
    let mut rules = Vec::new();
    for row in &t.rows {
        let get = |c: Option<usize>| c.map(|c| &row.cells[c]).unwrap_or(&empty);
        let at = |c: Option<usize>| t.cell_location(row.row, c.unwrap_or(name_c));
        let text = |c: Option<usize>| value::text(get(c)).map(|v| v.into_owned());
        let before = problems.len();
        let name = text(Some(name_c)).unwrap_or_else(|| format!("rule on row {}", row.row + 1));
        let action = match text(action_c) {
            None => {
                problems.push(Problem::new(
                    at(action_c),
                    format!("rule '{name}' has no Action"),
                    format!("write one of: {}", crate::schema::action_names().join(", ")),
                ));
                None
            }
            Some(a) => match parse_action(&a, tiers) {
                Ok(a) => Some(a),
                Err(why) => {
                    problems.push(Problem::new(
                        at(action_c),
                        format!("rule '{name}': {why}"),
                        "write one of: at least A, at most B, set C, promote, demote, follow related",
                    ));
                    None
                }
            },
        };
        let column = match text(column_c) {
            None => None,
            Some(h) => match find_column(&clients.headers, &h) {
                Some(c) => Some(c),
                None => {
                    let hint = closest(&h, clients.headers.iter().map(String::as_str))
                        .map(|c| format!("; the closest is '{c}'"))
                        .unwrap_or_default();
                    problems.push(Problem::new(
                        at(column_c),
                        format!(
                            "rule '{name}' reads column '{h}', which is not a header of the {} sheet{hint}",
                            clients.sheet
                        ),
                        format!("write the exact {} header in the Column cell", clients.sheet),
                    ));
                    None
                }
            },
        };
        // A rule with a Column but no Test applies to clients with anything in
        // that column; with neither, to every client.
        let test = match text(test_c) {
            None => Some(Test::NotBlank),
            Some(word) => read_test(&word, get(value_c), as_of, &format!("rule '{name}'"), at(test_c), at(value_c))
                .map_err(|p| problems.push(p))
                .ok(),
        };
        if !value::is_blank(get(test_c)) && column.is_none() && problems.len() == before {
            problems.push(Problem::new(
                at(column_c),
                format!("rule '{name}' has a Test but no Column to test"),
                "write the Clients header the rule reads in Column",
            ));
        }
        if action == Some(Action::FollowRelated) && clients.headers.iter().all(|h| !RELATED_TO.matches(h)) {
            problems.push(Problem::new(
                at(action_c),
                format!(
                    "rule '{name}' follows related clients, but the {} sheet has no Related To column",
                    clients.sheet
                ),
                "add a 'Related To' column holding the linked client's ID",
            ));
        }
        let reason = text(reason_c).unwrap_or_default();
        if reason.is_empty() && problems.len() == before {
            issues.push(Issue::new(
                at(reason_c),
                &name,
                "this rule has no Reason",
                "applied; its exceptions show the rule's name only",
            ));
        }
        if problems.len() > before {
            continue;
        }
        if let (Some(action), Some(test)) = (action, test) {
            rules.push(Rule { row: row.row, name, condition: column.map(|c| (c, test)), action, reason });
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
        tiers.iter().position(|t| t.code.eq_ignore_ascii_case(code)).ok_or_else(|| {
            let codes: Vec<&str> = tiers.iter().map(|t| t.code.as_str()).collect();
            format!("\"{text}\" names tier \"{code}\", which does not exist (tiers: {})", codes.join(", "))
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
