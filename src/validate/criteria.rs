//! The Criteria sheet: what each quality reads, how it is tested, its weight.
//!
//! A criterion that reads a column the Clients sheet does not have, or uses a
//! test tierbook does not know, is a problem (the scores would be wrong);
//! a client cell a criterion cannot read is an Issue (the client simply does
//! not meet that criterion).

use std::collections::HashSet;

use calamine::Data;

use crate::error::{Issue, Problem};
use crate::model::{Clients, Comparison, Criterion, Operand, Test};
use crate::names::{closest, normalize};
use crate::read::Table;
use crate::validate::sheet::{Against, Sheet, Unkeyed};
use crate::value::{self, Parsed, Points};

/// A row with no name.
const NO_NAME: Unkeyed =
    Unkeyed { message: "this criterion has no name", fix: "write its name in the Criterion column, or delete the row" };

/// Reads the criteria and their groups.
pub fn read(
    t: &Table,
    against: Against,
    problems: &mut Vec<Problem>,
    issues: &mut Vec<Issue>,
) -> (Vec<Criterion>, Vec<String>) {
    let Against { clients, tiers, as_of } = against;
    let Some(sheet) = Sheet::keyed(t, "Criterion") else { return (Vec::new(), Vec::new()) };
    let name_c = sheet.key();
    let [column_c, test_c, value_c, weight_c, required_c, group_c] =
        sheet.columns(["Column", "Test", "Value", "Weight", "Required For", "Group"]);
    let mut criteria = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let from_template = crate::template::template_of_sheet(&t.sheet);
    for r in sheet.rows() {
        let count_before = problems.len();
        let Some(name) = r.key_or_problem(problems, &NO_NAME) else { continue };
        let subject = format!("criterion '{name}'");
        let column_name = r.text(column_c).unwrap_or_else(|| name.clone());
        let column = find_column(&clients.headers, &column_name);
        if column.is_none() && from_template.is_some() {
            missing.push(column_name.clone());
        } else if column.is_none() {
            missing.push(column_name.clone());
            let at_cell = if value::is_blank(r.get(column_c)) { r.at_key() } else { r.at(column_c) };
            problems.push(unknown_column(&subject, &column_name, at_cell, clients));
        }
        let test = r
            .word_or_problem(test_c, problems, &subject, "Test", &crate::schema::test_names().join(" "))
            .and_then(|word| {
                read_test(&word, r.get(value_c), as_of, &subject, r.at(test_c), r.at(value_c))
                    .map_err(|p| problems.push(p))
                    .ok()
            });
        let weight = match value::number(r.get(weight_c)) {
            Parsed::Blank => Some(Points::whole(1)),
            Parsed::Value(w) => Points::from_f64(w),
            Parsed::Invalid => None,
        };
        if weight.is_none() {
            problems.push(Problem::new(
                r.at(weight_c),
                format!("{subject}: Weight {:?} is not a number", value::display(r.get(weight_c))),
                "write a number of points such as 1 or 2, or leave it blank for 1",
            ));
        }
        let required_for =
            r.tier_list(required_c, tiers, &format!("{subject} is required for"), problems).unwrap_or_default();
        let group = r.text(group_c).map(|g| match groups.iter().position(|x| normalize(x) == normalize(&g)) {
            Some(i) => i,
            None => {
                groups.push(g);
                groups.len() - 1
            }
        });
        if problems.len() > count_before {
            continue;
        }
        if let (Some(column), Some(test), Some(weight)) = (column, test, weight) {
            criteria.push(Criterion {
                name,
                column,
                column_name: clients.headers[column].clone(),
                test,
                weight,
                required_for,
                group,
                value: r.get(value_c).clone(),
            });
        }
    }
    if let (Some(template), false) = (from_template, missing.is_empty()) {
        problems.push(template_columns_missing(template, &missing, clients));
    } else if missing.len() > 1 {
        problems.push(Problem::new(
            t.header_location(name_c),
            format!(
                "{} criteria read columns the {} sheet does not have: {}. Its columns are: {}",
                missing.len(),
                clients.sheet,
                missing.join(", "),
                clients.headers.join(", ")
            ),
            "rename the client list's columns to match, or change each criterion's Column",
        ));
    }
    if criteria.is_empty() && problems.is_empty() {
        problems.push(Problem::new(
            t.header_location(name_c),
            "the Criteria sheet lists no criteria",
            "add one row per quality clients are scored on",
        ));
    }
    check_client_cells(&criteria, clients, issues);
    (criteria, groups)
}

/// One problem for every column a template's criteria miss in the client
/// list, with the two ways out (issue 12): the advisor did not write the
/// template's cells, so pointing at them would not help.
fn template_columns_missing(template: &str, missing: &[String], clients: &Clients) -> Problem {
    let list = if clients.sheet.contains('.') { clients.sheet.as_str() } else { "BOOK" };
    let (n, s) = (missing.len(), if missing.len() == 1 { "" } else { "s" });
    Problem::new(
        crate::location::Location::sheet(&clients.sheet),
        format!(
            "template {template}'s criteria read {n} column{s} the client list does not have: {}. The list's columns are: {}",
            missing.join(", "),
            clients.headers.join(", ")
        ),
        format!(
            "rename the list's columns to those names, or build a book around the list with \
             `tierbook init book.xlsx --from {list} --template {template}`, which adds the missing columns for you \
             to fill in"
        ),
    )
}

/// Reads a Test word and its Value for a criterion or rule (`what`, as in
/// "criterion 'Married'"), as a problem at the right cell when it cannot.
pub(crate) fn read_test(
    word: &str,
    value_cell: &Data,
    as_of: chrono::NaiveDate,
    what: &str,
    test_at: crate::location::Location,
    value_at: crate::location::Location,
) -> Result<Test, Problem> {
    parse_test(word, value_cell, as_of).map_err(|e| match e {
        TestError::Unknown => {
            let hint = closest(word, crate::schema::test_spellings())
                .map(|c| format!("; did you mean \"{c}\"?"))
                .unwrap_or_default();
            Problem::new(
                test_at,
                format!("unknown test \"{word}\"{hint}"),
                format!("use one of: {}", crate::schema::test_names().join(" ")),
            )
        }
        TestError::BadValue(why) => Problem::new(value_at, format!("{what}: {why}"), "fix the Value cell"),
    })
}

pub(crate) use crate::schema::find_client_column as find_column;

/// A criterion or rule (`subject`, as in "criterion 'Married'") reads
/// `header`, which the client list does not have: the problem, with the
/// closest header as a hint.
pub(super) fn unknown_column(subject: &str, header: &str, at: crate::location::Location, clients: &Clients) -> Problem {
    let hint = closest(header, clients.headers.iter().map(String::as_str))
        .map(|c| format!("; the closest is '{c}'"))
        .unwrap_or_default();
    Problem::new(
        at,
        format!("{subject} reads column '{header}', which is not a header of the {} sheet{hint}", clients.sheet),
        format!("write the exact {} header in the Column cell", clients.sheet),
    )
}

/// Why a Test and its Value could not be read.
enum TestError {
    /// Not a test tierbook knows.
    Unknown,
    /// The Value does not fit the test.
    BadValue(String),
}

/// Parses a Test word and its Value into a [`Test`].
fn parse_test(word: &str, value_cell: &Data, as_of: chrono::NaiveDate) -> Result<Test, TestError> {
    use crate::schema::TestWord as W;
    let Some(w) = crate::schema::test_word(word) else { return Err(TestError::Unknown) };
    let compare = |c: Comparison| -> Result<Test, TestError> {
        match operand(value_cell) {
            Some(op @ (Operand::Number(_) | Operand::Date(_))) => Ok(Test::Compare(c, op)),
            Some(Operand::Text(t)) => {
                Err(TestError::BadValue(format!("\"{word}\" compares numbers or dates, but the Value is \"{t}\"")))
            }
            None => Err(TestError::BadValue(format!("\"{word}\" needs a number or a date in Value"))),
        }
    };
    let text_value = || value::text(value_cell).map(|t| t.to_lowercase());
    match w {
        W::AtLeast => compare(Comparison::AtLeast),
        W::Above => compare(Comparison::Above),
        W::AtMost => compare(Comparison::AtMost),
        W::Below => compare(Comparison::Below),
        W::Equals => {
            operand(value_cell).map(Test::Equals).ok_or_else(|| TestError::BadValue("\"=\" needs a Value".into()))
        }
        W::NotEquals => {
            operand(value_cell).map(Test::NotEquals).ok_or_else(|| TestError::BadValue("\"<>\" needs a Value".into()))
        }
        W::Between => {
            let text =
                text_value().ok_or_else(|| TestError::BadValue("\"between\" needs a Value such as 45..70".into()))?;
            let (a, b) = text.split_once("..").ok_or_else(|| {
                TestError::BadValue(format!("\"between\" needs a Value such as 45..70, not \"{text}\""))
            })?;
            let side = |s: &str| operand(&Data::String(s.trim().to_string()));
            match (side(a), side(b)) {
                (Some(Operand::Number(x)), Some(Operand::Number(y))) if x <= y => {
                    Ok(Test::Between(Operand::Number(x), Operand::Number(y)))
                }
                (Some(Operand::Date(x)), Some(Operand::Date(y))) if x <= y => {
                    Ok(Test::Between(Operand::Date(x), Operand::Date(y)))
                }
                _ => Err(TestError::BadValue(format!(
                    "\"between\" needs two numbers or dates, lowest first, as in 45..70, not \"{text}\""
                ))),
            }
        }
        W::Yes => Ok(Test::Yes),
        W::No => Ok(Test::No),
        W::OneOf => {
            let text = value::text(value_cell)
                .ok_or_else(|| TestError::BadValue("\"one of\" needs a Value such as Married; Widowed".into()))?;
            Ok(Test::OneOf(text.split(';').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect()))
        }
        W::Contains => {
            text_value().map(Test::Contains).ok_or_else(|| TestError::BadValue("\"contains\" needs a Value".into()))
        }
        W::NotBlank => Ok(Test::NotBlank),
        // A window around As Of, fixed when the book is read: the same
        // test as `between` two dates, so scoring needs nothing new.
        W::WithinDays => match value::number(value_cell) {
            Parsed::Value(n) if n >= 0.0 && n.fract() == 0.0 && n <= 36_500.0 => {
                let days = chrono::Duration::days(n as i64);
                match (as_of.checked_sub_signed(days), as_of.checked_add_signed(days)) {
                    (Some(a), Some(b)) => Ok(Test::Between(Operand::Date(a), Operand::Date(b))),
                    _ => Err(TestError::BadValue("\"within days\" reaches beyond the calendar".into())),
                }
            }
            _ => Err(TestError::BadValue("\"within days\" needs a whole number of days in Value, such as 90".into())),
        },
    }
}

/// Reads a Value cell as a number, a date, or (else) lower-cased text.
fn operand(cell: &Data) -> Option<Operand> {
    if value::is_blank(cell) {
        return None;
    }
    if matches!(cell, Data::DateTime(_) | Data::DateTimeIso(_)) {
        return value::date(cell).value().map(Operand::Date);
    }
    if let Parsed::Value(n) = value::number(cell) {
        return Some(Operand::Number(n));
    }
    if let Data::String(s) = cell {
        if let Some(d) = value::parse_date(s) {
            return Some(Operand::Date(d));
        }
    }
    value::text(cell).map(|t| Operand::Text(t.to_lowercase()))
}

/// Reports client cells a numeric, date or yes/no criterion cannot read, once
/// per cell even when several criteria read the same column.
fn check_client_cells(criteria: &[Criterion], clients: &Clients, issues: &mut Vec<Issue>) {
    let mut checked: HashSet<(usize, u8)> = HashSet::new();
    // Cells already reported (an unreadable Assets amount, say) are not
    // reported twice.
    let reported: HashSet<crate::location::Location> = issues.iter().map(|i| i.location.clone()).collect();
    for c in criteria {
        let kind: u8 = match &c.test {
            Test::Compare(_, Operand::Number(_)) | Test::Between(Operand::Number(_), _) => 0,
            Test::Compare(_, Operand::Date(_)) | Test::Between(Operand::Date(_), _) => 1,
            Test::Yes | Test::No => 2,
            _ => continue,
        };
        if !checked.insert((c.column, kind)) {
            continue;
        }
        let (what, readable): (&str, fn(&Data) -> bool) = match kind {
            0 => ("a number", |d| !matches!(value::number(d), Parsed::Invalid)),
            1 => ("a date", |d| !matches!(value::date(d), Parsed::Invalid)),
            _ => ("yes or no", |d| !matches!(value::boolean(d), Parsed::Invalid)),
        };
        for client in &clients.rows {
            let cell = &client.cells[c.column];
            if !readable(cell) {
                let at = crate::location::Location::cell(&clients.sheet, client.row, clients.sheet_column(c.column));
                if reported.contains(&at) {
                    continue;
                }
                issues.push(Issue::new(
                    at,
                    value::display(cell),
                    format!("{} is not {what}", c.column_name),
                    format!("criteria reading {} count as not met for this client", c.column_name),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    use crate::dates::ymd;
    use crate::value::text_cell as s;

    fn d0() -> NaiveDate {
        ymd(2026, 11, 30)
    }

    #[test]
    fn tests_and_values() {
        assert_eq!(
            parse_test(">=", &s("500k"), d0()).ok(),
            Some(Test::Compare(Comparison::AtLeast, Operand::Number(500_000.0)))
        );
        assert_eq!(
            parse_test(" Between ", &s("45..70"), d0()).ok(),
            Some(Test::Between(Operand::Number(45.0), Operand::Number(70.0)))
        );
        assert_eq!(
            parse_test("<", &s("2020-01-01"), d0()).ok(),
            Some(Test::Compare(Comparison::Below, Operand::Date(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap())))
        );
        assert_eq!(
            parse_test("one of", &s("Married; Widowed ;"), d0()).ok(),
            Some(Test::OneOf(vec!["married".into(), "widowed".into()]))
        );
        assert_eq!(parse_test("=", &s("Married"), d0()).ok(), Some(Test::Equals(Operand::Text("married".into()))));
        assert_eq!(parse_test("NOT BLANK", &Data::Empty, d0()).ok(), Some(Test::NotBlank));
        assert!(matches!(parse_test("=>", &s("1"), d0()), Err(TestError::Unknown)));
        assert!(matches!(parse_test(">=", &s("lots"), d0()), Err(TestError::BadValue(_))));
        assert!(matches!(parse_test("between", &s("70..45"), d0()), Err(TestError::BadValue(_))));
        assert!(matches!(parse_test("between", &s("45-70"), d0()), Err(TestError::BadValue(_))));
    }

    #[test]
    fn within_days_is_a_window_around_as_of() {
        let d = |y, m, dd| Operand::Date(ymd(y, m, dd));
        assert_eq!(
            parse_test("Within Days", &Data::Float(90.0), d0()).ok(),
            Some(Test::Between(d(2026, 9, 1), d(2027, 2, 28)))
        );
        assert_eq!(parse_test("within", &s("0"), d0()).ok(), Some(Test::Between(d(2026, 11, 30), d(2026, 11, 30))));
        for bad in [s("soon"), Data::Float(-1.0), Data::Float(2.5), Data::Empty] {
            assert!(matches!(parse_test("within days", &bad, d0()), Err(TestError::BadValue(_))), "{bad:?}");
        }
    }
}
