//! The input vocabulary, declared once: the Clients columns tierbook knows
//! (with every spelling CRMs export them under and what each holds), the
//! settings, the Criteria tests and the Rules actions.
//!
//! The readers, validators, `init`'s notes and dropdowns, templates and the
//! docs all read from these tables; `docs/input-format.md` is checked
//! against them by a test, so a word added here and not documented fails
//! `cargo test`.

use crate::names::{normalize, ColumnName};

/// A Clients column tierbook reads, with what it holds.
#[derive(Debug, Clone, Copy)]
pub struct ClientColumn {
    /// Its name and aliases.
    pub name: ColumnName,
    /// What it holds, for `init`'s cell notes.
    pub help: &'static str,
}

/// The client's unique ID: the key header of the client list (SPEC §Input,
/// Clients). CRM exports call it Contact ID, Customer ID, Record ID…
pub const CLIENT_ID: ColumnName = ColumnName {
    canonical: "Client ID",
    aliases: &[
        "ID",
        "Client #",
        "Client Number",
        "Client No",
        "Account ID",
        "Account Number",
        "Account #",
        "Contact ID",
        "Customer ID",
        "Client Key",
        "Record ID",
    ],
};
/// The client's name as one text (a `Last Name, First Name` export keeps its
/// order).
pub const NAME: ColumnName = ColumnName {
    canonical: "Name",
    aliases: &["Client Name", "Full Name", "Display Name", "Contact Name", "Last Name, First Name"],
};
/// A first name, joined with [`LAST_NAME`] when the list has no [`NAME`].
pub const FIRST_NAME: ColumnName = ColumnName { canonical: "First Name", aliases: &["First", "Given Name"] };
/// A last name, joined after [`FIRST_NAME`] when the list has no [`NAME`].
pub const LAST_NAME: ColumnName = ColumnName { canonical: "Last Name", aliases: &["Last", "Surname", "Family Name"] };
/// Household key shared by its members.
pub const HOUSEHOLD: ColumnName =
    ColumnName { canonical: "Household", aliases: &["Household Name", "Household ID", "Family"] };
/// The tier before this run (a CRM's category or segment).
pub const PREVIOUS_TIER: ColumnName = ColumnName {
    canonical: "Previous Tier",
    aliases: &[
        "Current Tier",
        "Tier",
        "Segment",
        "Client Tier",
        "Client Category",
        "Client Segment",
        "Service Level",
        "Category",
    ],
};
/// A linked client's ID.
pub const RELATED_TO: ColumnName = ColumnName::plain("Related To");
/// A pinned staff member.
pub const PRIMARY_CONTACT: ColumnName = ColumnName::plain("Primary Contact");
/// Annual revenue, in the book's currency a year.
pub const REVENUE: ColumnName = ColumnName {
    canonical: "Revenue",
    aliases: &[
        "Fees",
        "Annual Revenue",
        "Revenue YTD",
        "Annual Fees",
        "Fees YTD",
        "T12 Revenue",
        "Trailing 12 Revenue",
        "Annual Production",
        "Production",
    ],
};
/// Assets under management, in the book's currency.
pub const ASSETS: ColumnName = ColumnName {
    canonical: "Assets",
    aliases: &[
        "AUM",
        "Assets Under Management",
        "Total Assets",
        "Market Value",
        "Total Market Value",
        "Account Value",
        "Investable Assets",
        "Household AUM",
    ],
};
/// Date of the last review meeting.
pub const LAST_REVIEW: ColumnName =
    ColumnName { canonical: "Last Review", aliases: &["Last Review Date", "Last Meeting"] };
/// Date of the last contact.
pub const LAST_CONTACT: ColumnName =
    ColumnName { canonical: "Last Contact", aliases: &["Last Contact Date", "Last Activity"] };
/// Reviews held this year.
pub const REVIEWS_YTD: ColumnName = ColumnName::plain("Reviews YTD");
/// Contacts this year.
pub const CONTACTS_YTD: ColumnName = ColumnName::plain("Contacts YTD");

/// Every Clients column tierbook reads, in the order `init` describes them.
pub const CLIENT_COLUMNS: [ClientColumn; 16] = [
    ClientColumn { name: CLIENT_ID, help: "Required: one unique ID per client (your CRM's account number works)." },
    ClientColumn { name: NAME, help: "The client's name, shown on the tier sheets." },
    ClientColumn { name: FIRST_NAME, help: "First name: joined with Last Name when there is no Name column." },
    ClientColumn { name: LAST_NAME, help: "Last name: joined after First Name when there is no Name column." },
    ClientColumn {
        name: HOUSEHOLD,
        help: "One ID per household (e.g. H-01) shared by its members. With Settings 'Tier By' = household, \
               members share the highest tier any of them reaches.",
    },
    ClientColumn {
        name: RELATED_TO,
        help: "The Client ID of a linked client, e.g. a parent. A 'follow related' rule raises this client to \
               that client's tier.",
    },
    ClientColumn {
        name: PREVIOUS_TIER,
        help: "Last year's tier code (or your CRM's category: A Client, Tier 1…), for the Review sheet: who \
               moved up or down.",
    },
    ClientColumn { name: PRIMARY_CONTACT, help: "A name from the Staff sheet: pins this client to that person." },
    ClientColumn { name: REVENUE, help: "Annual revenue from this client (fees). 12500, $12,500 and 12.5k all work." },
    ClientColumn { name: ASSETS, help: "Assets you manage for this client. 1200000, $1.2M and 1.2m all work." },
    ClientColumn { name: LAST_REVIEW, help: "Date of the last review meeting, for the calendar's next review." },
    ClientColumn { name: LAST_CONTACT, help: "Date of the last contact, for the calendar's next contact." },
    ClientColumn { name: REVIEWS_YTD, help: "Reviews held so far this year, against the tier's promise." },
    ClientColumn { name: CONTACTS_YTD, help: "Contacts so far this year, against the tier's promise." },
    ClientColumn { name: ColumnName::plain("Client Since"), help: "Date the relationship began (your own column)." },
    ClientColumn { name: ColumnName::plain("Birthday"), help: "Date of birth (your own column)." },
];

/// The known Clients column `name` refers to (under any of its spellings).
pub fn client_column(name: &str) -> Option<&'static ClientColumn> {
    CLIENT_COLUMNS.iter().find(|c| c.name.matches(name))
}

/// The Clients column a criterion, gate or rule names: its exact header,
/// else, when it names a column tierbook knows (Revenue, Assets, Name, …),
/// any of that column's aliases — so a template's `Revenue` criterion reads
/// a CRM export's `Annual Fees`. Returns the header's index.
pub fn find_client_column(headers: &[String], name: &str) -> Option<usize> {
    let key = normalize(name);
    headers
        .iter()
        .position(|h| normalize(h) == key)
        .or_else(|| client_column(name).and_then(|c| c.name.find(headers)))
        .or_else(|| crate::read::span_start(headers, name))
}

/// A setting of the Settings sheet (SPEC §Input, Settings).
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// The name as the spec spells it.
    pub name: &'static str,
    /// What it holds, for `init`'s notes.
    pub help: &'static str,
    /// The few words it takes, when it takes words (for a dropdown).
    pub values: &'static [&'static str],
}

/// Every setting tierbook reads, in the order `init` lists them.
pub const SETTINGS: [Setting; 13] = [
    Setting { name: "Advisor", help: "Your name, shown on the Summary.", values: &[] },
    Setting {
        name: "As Of",
        help: "The date the plan is made for (a date cell or 2026-12-31). Blank = today.",
        values: &[],
    },
    Setting {
        name: "Hourly Cost",
        help: "What an hour of staff time costs, for each client's cost to serve and margin.",
        values: &[],
    },
    Setting {
        name: "Max Exceptions %",
        help: "Warn when more than this share of clients are exceptions (default 10%).",
        values: &[],
    },
    Setting {
        name: "Max Unprofitable %",
        help: "Warn when more than this share of clients cost more than they earn (default 20%).",
        values: &[],
    },
    Setting {
        name: "Borderline Margin",
        help: "Clients within this many points of the next tier are flagged borderline (default 1).",
        values: &[],
    },
    Setting {
        name: "Sticky Tiers",
        help: "yes: keep each client's previous tier except promotions; demotions become suggestions on the \
               Review sheet. Default no.",
        values: &["yes", "no"],
    },
    Setting {
        name: "Revenue Column",
        help: "The Clients header holding annual revenue, when it is not Revenue, Fees, Annual Fees or another \
               known name.",
        values: &[],
    },
    Setting {
        name: "Assets Column",
        help: "The Clients header holding assets, when it is not Assets, AUM, Market Value or another known name.",
        values: &[],
    },
    Setting { name: "Currency", help: "Currency code of the amounts, e.g. USD, EUR, GBP.", values: &[] },
    Setting {
        name: "Tier By",
        help: "client, or household: every member of a household gets the highest tier any member reaches.",
        values: &["client", "household"],
    },
    Setting {
        name: "Date Order",
        help: "How dates such as 03/04/2026 are written when a column does not show it: MDY (US, the default) \
               or DMY.",
        values: &["MDY", "DMY"],
    },
    Setting {
        name: "Decimal Mark",
        help: "The decimal mark of amounts typed as text: . (1,234.50) or , (1.234,50). Without it a ;-separated \
               list uses , and anything else ., and an amount that could be read either way is left blank with an \
               Issue.",
        values: &[".", ","],
    },
];

/// The setting names, for suggestions.
pub fn setting_names() -> Vec<&'static str> {
    SETTINGS.iter().map(|s| s.name).collect()
}

/// A test a Criteria or Rules row may use (SPEC §Input, Criteria `Test`).
/// Validation matches on this enum, so a test added here and not read there
/// does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestWord {
    /// `>=`
    AtLeast,
    /// `>`
    Above,
    /// `<=`
    AtMost,
    /// `<`
    Below,
    /// `=`
    Equals,
    /// `<>`
    NotEquals,
    /// `between a..b`
    Between,
    /// `yes`
    Yes,
    /// `no`
    No,
    /// `one of a; b`
    OneOf,
    /// `contains`
    Contains,
    /// `not blank`
    NotBlank,
    /// `within days`: a date no more than Value days before or after As Of.
    WithinDays,
}

/// A test's words and what it does.
#[derive(Debug, Clone, Copy)]
pub struct TestSpec {
    /// Which test.
    pub word: TestWord,
    /// The name as the spec spells it.
    pub name: &'static str,
    /// Other spellings accepted.
    pub spellings: &'static [&'static str],
    /// What it reads, in a few words, for `init`'s note (all of them fit
    /// the 255 characters of one note).
    pub help: &'static str,
}

/// Every test, in the order the docs and `init`'s dropdown list them.
pub const TESTS: [TestSpec; 13] = [
    TestSpec { word: TestWord::AtLeast, name: ">=", spellings: &["≥"], help: "number or date" },
    TestSpec { word: TestWord::Above, name: ">", spellings: &[], help: "number or date" },
    TestSpec { word: TestWord::AtMost, name: "<=", spellings: &["≤"], help: "number or date" },
    TestSpec { word: TestWord::Below, name: "<", spellings: &[], help: "number or date" },
    TestSpec { word: TestWord::Equals, name: "=", spellings: &["==", "is"], help: "same value" },
    TestSpec { word: TestWord::NotEquals, name: "<>", spellings: &["!=", "≠"], help: "differs" },
    TestSpec { word: TestWord::Between, name: "between", spellings: &[], help: "Value a..b" },
    TestSpec { word: TestWord::Yes, name: "yes", spellings: &[], help: "y, true, 1, x" },
    TestSpec { word: TestWord::No, name: "no", spellings: &[], help: "or blank" },
    TestSpec { word: TestWord::OneOf, name: "one of", spellings: &["oneof", "in"], help: "Value a; b; c" },
    TestSpec { word: TestWord::Contains, name: "contains", spellings: &[], help: "text" },
    TestSpec { word: TestWord::NotBlank, name: "not blank", spellings: &["notblank", "not empty"], help: "anything" },
    TestSpec {
        word: TestWord::WithinDays,
        name: "within days",
        spellings: &["within"],
        help: "Value N: N days of As Of",
    },
];

/// The test a word names (case and inner spacing ignored).
pub fn test_word(text: &str) -> Option<TestWord> {
    let w = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    TESTS.iter().find(|t| t.name == w || t.spellings.contains(&w.as_str())).map(|t| t.word)
}

/// The tests' names, as the spec spells them.
pub fn test_names() -> Vec<&'static str> {
    TESTS.iter().map(|t| t.name).collect()
}

/// The tests' names and spellings, for "did you mean" suggestions.
pub fn test_spellings() -> impl Iterator<Item = &'static str> {
    TESTS.iter().flat_map(|t| std::iter::once(t.name).chain(t.spellings.iter().copied()))
}

/// One line describing every test, for `init`'s note on the Test column.
/// Neighbours with the same help share it: `>= > <= < (number or date)`.
pub fn tests_help() -> String {
    let mut parts: Vec<(Vec<&str>, &str)> = Vec::new();
    for t in &TESTS {
        match parts.last_mut() {
            Some((names, help)) if *help == t.help => names.push(t.name),
            _ => parts.push((vec![t.name], t.help)),
        }
    }
    parts.iter().map(|(n, h)| format!("{} ({h})", n.join(" "))).collect::<Vec<_>>().join(" · ")
}

/// An action of the Rules sheet (SPEC §Input, Rules `Action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionWord {
    /// `at least X`
    AtLeast,
    /// `at most X`
    AtMost,
    /// `set X` (also `set tier X`)
    Set,
    /// `promote`
    Promote,
    /// `demote`
    Demote,
    /// `follow related`
    FollowRelated,
}

/// An action's words and what it does.
#[derive(Debug, Clone, Copy)]
pub struct ActionSpec {
    /// Which action.
    pub word: ActionWord,
    /// The words as the spec spells them.
    pub name: &'static str,
    /// True when a tier code follows (`at least A`).
    pub takes_tier: bool,
}

/// Every action, in the order the docs and `init`'s dropdown list them.
pub const ACTIONS: [ActionSpec; 6] = [
    ActionSpec { word: ActionWord::AtLeast, name: "at least", takes_tier: true },
    ActionSpec { word: ActionWord::AtMost, name: "at most", takes_tier: true },
    ActionSpec { word: ActionWord::Set, name: "set", takes_tier: true },
    ActionSpec { word: ActionWord::Promote, name: "promote", takes_tier: false },
    ActionSpec { word: ActionWord::Demote, name: "demote", takes_tier: false },
    ActionSpec { word: ActionWord::FollowRelated, name: "follow related", takes_tier: false },
];

/// The action `text` names and, for one that takes a tier, the code after
/// it (`at least A` → `(AtLeast, "a")`, lower-cased; `set tier C` →
/// `(Set, "c")`). `None` for words that are no action.
pub fn action_word(text: &str) -> Option<(ActionWord, String)> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let text = words.join(" ");
    ACTIONS.iter().find_map(|a| {
        let rest = text.strip_prefix(a.name)?;
        if !rest.is_empty() && !rest.starts_with(' ') {
            return None;
        }
        let rest = rest.trim();
        match (a.takes_tier, a.word) {
            (true, ActionWord::Set) => Some((a.word, rest.strip_prefix("tier ").unwrap_or(rest).to_string())),
            (true, _) => Some((a.word, rest.to_string())),
            (false, ActionWord::FollowRelated) if rest.is_empty() || rest == "client" => Some((a.word, String::new())),
            (false, _) => rest.is_empty().then(|| (a.word, String::new())),
        }
    })
}

/// The actions' names, for suggestions and messages.
pub fn action_names() -> Vec<&'static str> {
    ACTIONS.iter().map(|a| a.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::names::headers as h;

    /// Every alias the CRM exports use finds its column, and the canonical
    /// name wins over an alias when both are there.
    #[test]
    fn crm_names_find_their_columns() {
        let cases: [(&ColumnName, &[&str]); 9] = [
            (&CLIENT_ID, &["Contact ID", "Customer ID", "Client Key", "Record ID"]),
            (&NAME, &["Full Name", "Display Name", "Last Name, First Name"]),
            (
                &REVENUE,
                &["Annual Fees", "Fees YTD", "T12 Revenue", "Trailing 12 Revenue", "Production", "Annual Production"],
            ),
            (&ASSETS, &["Market Value", "Total Market Value", "Account Value", "Investable Assets", "Household AUM"]),
            (&HOUSEHOLD, &["Household Name", "Household ID", "Family"]),
            (&PREVIOUS_TIER, &["Category", "Client Category", "Client Segment", "Service Level", "Client Tier"]),
            (&LAST_REVIEW, &["Last Review Date", "Last Meeting"]),
            (&LAST_CONTACT, &["Last Activity", "Last Contact Date"]),
            (&FIRST_NAME, &["Given Name", "First"]),
        ];
        for (col, aliases) in cases {
            for a in aliases {
                assert_eq!(col.find(&h(&["Email", a])), Some(1), "{a} is {}", col.canonical);
            }
            assert_eq!(col.find(&h(&[aliases[0], col.canonical])), Some(1), "{} wins", col.canonical);
        }
    }

    #[test]
    fn criteria_find_known_columns_under_their_aliases() {
        let headers = h(&["Contact ID", "Annual Fees", "AUM", "Cooperative"]);
        assert_eq!(find_client_column(&headers, "Revenue"), Some(1));
        assert_eq!(find_client_column(&headers, "assets"), Some(2));
        assert_eq!(find_client_column(&headers, "cooperative"), Some(3));
        assert_eq!(find_client_column(&headers, "Related To"), None);
    }

    #[test]
    fn every_test_is_found_and_fits_one_note() {
        for t in TESTS {
            assert_eq!(test_word(&t.name.to_uppercase()), Some(t.word));
            for s in t.spellings {
                assert_eq!(test_word(&format!(" {s} ")), Some(t.word), "{s}");
            }
        }
        assert_eq!(test_word("=>"), None);
        assert!(tests_help().chars().count() <= 255, "{}", tests_help());
    }

    #[test]
    fn no_alias_belongs_to_two_columns() {
        let mut seen: Vec<(String, &str)> = Vec::new();
        for c in CLIENT_COLUMNS {
            for n in std::iter::once(c.name.canonical).chain(c.name.aliases.iter().copied()) {
                if let Some((_, other)) = seen.iter().find(|(k, _)| *k == normalize(n)) {
                    panic!("{n} names both {other} and {}", c.name.canonical);
                }
                seen.push((normalize(n), c.name.canonical));
            }
        }
    }

    /// docs/input-format.md documents every column name, alias and setting
    /// declared here.
    #[test]
    fn every_word_is_documented() {
        let doc = include_str!("../docs/input-format.md");
        let doc_key = normalize(doc);
        for c in CLIENT_COLUMNS {
            for n in std::iter::once(c.name.canonical).chain(c.name.aliases.iter().copied()) {
                assert!(doc.contains(&format!("`{n}`")), "docs/input-format.md does not mention `{n}`");
            }
        }
        for s in SETTINGS {
            assert!(doc_key.contains(&normalize(s.name)), "docs/input-format.md does not mention setting {}", s.name);
        }
        for t in TESTS {
            assert!(doc.contains(&format!("`{}`", t.name)), "docs/input-format.md does not mention test `{}`", t.name);
        }
        for a in ACTIONS {
            assert!(doc.contains(&format!("`{}", a.name)), "docs/input-format.md does not mention action `{}`", a.name);
        }
    }
}
