//! What each column of the starter book holds: the note shown when a cell
//! is selected and the dropdown, if any. The words come from the one
//! vocabulary in [`crate::schema`] wherever it declares them.

use rust_xlsxwriter::{DataValidation, Worksheet, XlsxError};

use crate::error::shorten;
use crate::names::{normalize, ColumnName};
use crate::read::{Role, Table};
use crate::schema::{self, PREVIOUS_TIER, SETTINGS};
use crate::value;
use crate::write::starter::{warned, VALIDATED_ROWS};

/// Service categories.
const CATEGORIES: [&str; 6] = ["Meeting", "Communication", "Appreciation", "Recognition", "Professional", "Standard"];

/// A dropdown: fixed values, or a range of the book.
pub(crate) enum List {
    /// These words.
    Values(Vec<String>),
    /// The cells of this range.
    Range(String),
}

/// One column of a sheet: what it holds, and its dropdown if any.
pub(crate) struct Column {
    pub(crate) help: String,
    pub(crate) list: Option<List>,
}

fn plain(help: impl Into<String>) -> Column {
    Column { help: help.into(), list: None }
}

fn listed(help: impl Into<String>, values: &[&str]) -> Column {
    Column { help: help.into(), list: Some(List::Values(values.iter().map(|v| v.to_string()).collect())) }
}

const VALUE_HELP: &str = "What the Test compares with: 5000, 500k, 1.2M, a date, 45..70 for between, \
                          Married; Widowed for one of. Blank for yes, no and not blank.";

/// What a Clients column holds: the special columns, the columns the
/// template's criteria and rules read, and the advisor's own.
pub(crate) fn client_column(h: &str, criteria: Option<&Table>, rules: Option<&Table>, tier_range: &str) -> Column {
    let special = &schema::CLIENT_COLUMNS;
    let mut notes: Vec<String> = Vec::new();
    let mut yes_no = false;
    for (role, table) in [(Role::Criteria, criteria), (Role::Rules, rules)] {
        let Some(table) = table else { continue };
        let name_c = table.column(&role.key_header()).unwrap_or(0);
        let col = |n: &'static str| table.column(&ColumnName::plain(n));
        let (col_c, test_c, value_c) = (col("Column"), col("Test"), col("Value"));
        for r in &table.rows {
            let name = value::text(&r.cells[name_c]).map(|n| n.into_owned()).unwrap_or_default();
            let read = col_c.and_then(|c| value::text(&r.cells[c])).map(|c| c.into_owned());
            let read = if role == Role::Criteria { read.or_else(|| Some(name.clone())) } else { read };
            let reads_this = read.is_some_and(|c| {
                normalize(&c) == normalize(h) || special.iter().any(|s| s.name.matches(&c) && s.name.matches(h))
            });
            if !reads_this {
                continue;
            }
            let test = test_c.and_then(|c| value::text(&r.cells[c])).map(|t| t.into_owned()).unwrap_or_default();
            let val = value_c.map(|c| value::display(&r.cells[c])).unwrap_or_default();
            if role == Role::Criteria && matches!(normalize(&test).as_str(), "yes" | "no") {
                yes_no = true;
            }
            let what = if role == Role::Criteria { "criterion" } else { "rule" };
            notes.push(format!("{what} '{name}' ({} {})", test, val).replace(" )", ")"));
        }
    }
    if let Some(col) = special.iter().find(|c| c.name.matches(h)) {
        let mut help = col.help.to_string();
        if !notes.is_empty() {
            help.push_str(&format!(" Read by {}.", notes.join("; ")));
        }
        let list = (col.name.canonical == PREVIOUS_TIER.canonical).then(|| List::Range(tier_range.to_string()));
        return Column { help, list };
    }
    if notes.is_empty() {
        return plain("Your own column: carried through to the tier sheets as it is.");
    }
    let mut help = format!("Read by {}.", notes.join("; "));
    if yes_no {
        help.push_str(" Write yes or no (y, true, 1 and x count as yes; blank as no).");
        return Column { help, list: Some(List::Values(vec!["yes".into(), "no".into()])) };
    }
    plain(help)
}

pub(crate) fn criteria_column(h: &str, client_headers: &str) -> Column {
    match normalize(h).as_str() {
        "criterion" => plain(
            "A quality clients are scored on, one per row, e.g. 'Refers others'. A client's score is the sum of the \
             Weights of the criteria it meets.",
        ),
        "column" => Column {
            help: "The Clients header this criterion reads (blank = the same as Criterion). Revenue and Assets \
                   also find Fees, AUM and the like."
                .into(),
            list: Some(List::Range(client_headers.to_string())),
        },
        "test" => listed(schema::tests_help(), &schema::test_names()),
        "value" => plain(VALUE_HELP),
        "weight" => plain("Points for meeting this criterion (blank = 1)."),
        "requiredfor" => plain("Tier codes a client cannot reach without this criterion, e.g. A or A,B. Blank = none."),
        "group" => {
            plain("Free text such as Personal, Financial, Demographic, Psychographic: scores are also shown per group.")
        }
        _ => plain("Not a column tierbook reads on this sheet."),
    }
}

pub(crate) fn tiers_column(h: &str) -> Column {
    plain(match normalize(h).as_str() {
        "tier" => "A short tier code, top tier first (A, B, C). 2 to 6 tiers; the last one takes everyone else.",
        "label" => "The tier's name, e.g. Top clients or Ideal.",
        "minscore" => "Points needed (12), or a percent of the maximum score (80%). Leave the last tier blank.",
        "minassets" => "A gate: the client's Assets must be at least this amount. Blank = no gate.",
        "minrevenue" => "A gate: the client's Revenue must be at least this amount. Blank = no gate.",
        "maxshare" => "Warn when this tier holds more than this share of clients, e.g. 25%. Blank = no cap.",
        "primarycontactrole" => "The staff role that looks after this tier's clients (a Role on the Staff sheet).",
        _ => "Not a column tierbook reads on this sheet.",
    })
}

pub(crate) fn exceptions_column(h: &str, tier_range: &str) -> Column {
    match normalize(h).as_str() {
        "clientid" => plain("The client to override: a Client ID from the Clients sheet."),
        "tier" => Column {
            help: "The tier this client gets instead of its scored tier.".into(),
            list: Some(List::Range(tier_range.to_string())),
        },
        "reason" => plain("Required: why. An override without a reason is not applied. Keep exceptions the exception."),
        "approvedby" => plain("Who approved the exception."),
        "until" => plain("The last day it applies (a date). Blank = no end. An expired override is not applied."),
        _ => plain("Not a column tierbook reads on this sheet."),
    }
}

pub(crate) fn rules_column(h: &str, codes: &[String], client_headers: &str) -> Column {
    match normalize(h).as_str() {
        "rule" => plain("A short name for the rule, shown with every exception it makes."),
        "column" => Column {
            help: "The Clients header the rule tests (blank = every client).".into(),
            list: Some(List::Range(client_headers.to_string())),
        },
        "test" => listed(schema::tests_help(), &schema::test_names()),
        "value" => plain(VALUE_HELP),
        "action" => {
            let mut actions: Vec<String> = Vec::new();
            for a in &schema::ACTIONS {
                match a.takes_tier {
                    true => actions.extend(codes.iter().map(|c| format!("{} {c}", a.name))),
                    false => actions.push(a.name.to_string()),
                }
            }
            Column {
                help: "at least X, at most X, set X (X a tier code), promote, demote, or follow related (take the \
                       tier of the client named in Related To when it is higher). Rules apply in sheet order."
                    .into(),
                list: Some(List::Values(actions)),
            }
        }
        "reason" => plain("Why the rule exists; shown beside every exception it makes."),
        _ => plain("Not a column tierbook reads on this sheet."),
    }
}

pub(crate) fn services_column(h: &str, codes: &[String]) -> Column {
    if let Some(code) = codes.iter().find(|c| normalize(c) == normalize(h)) {
        return plain(format!(
            "What tier {code} gets: times a year (4), or a standard in words (within 1 hour). Blank = not offered."
        ));
    }
    match normalize(h).as_str() {
        "service" => plain("One service you promise, e.g. Review meeting. One column per tier code follows."),
        "category" => listed(CATEGORIES.join(", "), &CATEGORIES),
        "hourseach" => plain("Staff hours each time it is delivered, for the cost to serve."),
        "costeach" => plain("Money spent each time (a lunch, a gift, postage)."),
        "deliveredby" => plain("The staff role that delivers it, e.g. Assistant. Blank = the tier's primary contact."),
        _ => plain("Not a tier code nor a column tierbook reads on this sheet."),
    }
}

pub(crate) fn staff_column(h: &str) -> Column {
    plain(match normalize(h).as_str() {
        "name" => "A team member's name (one row each).",
        "role" => {
            "Their role, e.g. Partner, Advisor, Associate, Assistant: matched with the Tiers' Primary Contact \
                   Role and the Services' Delivered By."
        }
        "tiers" => "Tier codes this person serves as primary contact, e.g. A,B. Blank = every tier.",
        "capacityhours" => "Hours a year this person has for client service, e.g. 1200.",
        "tenureyears" => "Years with the practice: the most valuable clients go to the most senior.",
        _ => "Not a column tierbook reads on this sheet.",
    })
}

pub(crate) fn settings_column(h: &str) -> Column {
    match normalize(h).as_str() {
        "setting" => {
            listed("A setting's name. Unknown settings are listed on Issues and ignored.", &schema::setting_names())
        }
        "value" => plain("The setting's value: select a cell to read what it takes."),
        _ => plain("Not a column tierbook reads on this sheet."),
    }
}

/// Each Value cell gets its own setting's message (and dropdown for the
/// settings that take a few words); the rows below, a general one.
pub(crate) fn settings_values(ws: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    let (Some(key_c), Some(val_c)) = (t.column(&ColumnName::plain("Setting")), t.column(&ColumnName::plain("Value")))
    else {
        return Ok(());
    };
    let col = val_c as u16;
    let mut last = 0;
    for (k, row) in t.rows.iter().enumerate() {
        let r = k as u32 + 1;
        last = r;
        let key = value::text(&row.cells[key_c]).map(|k| k.into_owned()).unwrap_or_default();
        let found =
            SETTINGS.iter().find(|s| normalize(s.name).trim_end_matches('%') == normalize(&key).trim_end_matches('%'));
        let (help, values) = match found {
            Some(s) => (s.help.to_string(), s.values),
            None => ("Not a setting tierbook knows.".to_string(), &[][..]),
        };
        let dv = if values.is_empty() {
            DataValidation::new().allow_any_value()
        } else {
            warned(DataValidation::new().allow_list_strings(values)?, &key)?
        };
        let dv = dv.set_input_title(shorten(&key, 32))?.set_input_message(shorten(&help, 255))?;
        ws.add_data_validation(r, col, r, col, &dv)?;
    }
    let rest = DataValidation::new()
        .allow_any_value()
        .set_input_title("Value")?
        .set_input_message("The setting's value. Sticky Tiers takes yes or no; Tier By client or household.")?;
    ws.add_data_validation(last + 1, col, VALIDATED_ROWS, col, &rest)?;
    Ok(())
}
