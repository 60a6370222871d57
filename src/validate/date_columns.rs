//! Text dates in the Clients sheet, read one column at a time.
//!
//! A CRM writes `9/7/1999`; whether that is September or July is a property
//! of the whole export, not of the cell. So each column whose every text
//! value is shaped like a date is read in one order: the order its
//! unambiguous values show (a part over 12 is the day), else Settings
//! `Date Order`, else month first, and one Issue per column says which and
//! why. The readable values become date cells (ISO text that the rest of
//! tierbook reads as a date and the report writes as a date); the values
//! that cannot be dates stay as written with an Issue each.

use calamine::Data;

use crate::dates::{shape, DateOrder, Shape};
use crate::error::Issue;
use crate::location::Location;
use crate::read::Table;

/// Turns the text dates of every date column of `table` into date cells;
/// `skip` are columns never typed (the Client ID). `setting` is Settings
/// `Date Order`.
pub fn read(table: &mut Table, skip: Option<usize>, setting: Option<DateOrder>, issues: &mut Vec<Issue>) {
    for c in 0..table.headers.len() {
        if Some(c) == skip || !may_be_dates(table, c) {
            continue;
        }
        let shapes: Vec<Option<Shape>> = table
            .rows
            .iter()
            .map(|r| match r.cells.get(c) {
                Some(Data::String(s)) if !crate::value::is_blank(&r.cells[c]) => Some(shape(s)),
                _ => None,
            })
            .collect();
        if !is_date_column(table, c, &shapes) {
            continue;
        }
        let order = decide(table, c, &shapes, setting, issues);
        let col = table.sheet_column(c);
        for (row, s) in table.rows.iter_mut().zip(&shapes) {
            let Some(s) = s else { continue };
            let at = Location::cell(&table.sheet, row.row, col);
            match s.date(order) {
                Some(d) => row.cells[c] = Data::DateTimeIso(d.format("%Y-%m-%d").to_string()),
                None => {
                    let written = crate::value::display(&row.cells[c]);
                    let why = match s {
                        Shape::TwoDigitYear => "the year has two digits, so the century is unknown".to_string(),
                        Shape::Slash { .. } => format!("not a date when read {}", order.label()),
                        _ => "no such date".to_string(),
                    };
                    issues.push(Issue::new(
                        at,
                        written,
                        format!("{} is not a date: {why}", table.headers[c]),
                        "left as written; write the date in full, e.g. 1999-09-07",
                    ));
                }
            }
        }
    }
}

/// False as soon as a cell shows the column is not a date column (a text
/// value not shaped like a date, a number): most columns are names, amounts
/// and yes/no answers, and their first filled cell settles it, where the full
/// test would shape every cell of a million-row column (issue 15).
fn may_be_dates(table: &Table, c: usize) -> bool {
    table.rows.iter().all(|r| match r.cells.get(c) {
        None | Some(Data::Empty | Data::DateTime(_) | Data::DateTimeIso(_)) => true,
        Some(cell @ Data::String(s)) => crate::value::is_blank(cell) || shape(s).looks_like_a_date(),
        Some(cell) => crate::value::is_blank(cell),
    })
}

/// A date column: at least one date (a date cell, or text readable as one),
/// every text value shaped like a date, and every other cell a date.
fn is_date_column(table: &Table, c: usize, shapes: &[Option<Shape>]) -> bool {
    let readable = shapes.iter().flatten().any(|s| matches!(s, Shape::Certain(_) | Shape::Slash { .. }))
        || table.rows.iter().any(|r| matches!(r.cells.get(c), Some(Data::DateTime(_) | Data::DateTimeIso(_))));
    if shapes.iter().all(Option::is_none) {
        return false;
    }
    let all_dates = shapes.iter().flatten().all(|s| s.looks_like_a_date());
    let others_are_dates = table.rows.iter().zip(shapes).all(|(r, s)| {
        s.is_some()
            || matches!(r.cells.get(c), None | Some(Data::Empty | Data::DateTime(_) | Data::DateTimeIso(_)))
            || r.cells.get(c).is_some_and(crate::value::is_blank)
    });
    readable && all_dates && others_are_dates
}

/// The order of the column's slash dates, with one Issue when the choice
/// mattered (some value reads two ways).
fn decide(
    table: &Table,
    c: usize,
    shapes: &[Option<Shape>],
    setting: Option<DateOrder>,
    issues: &mut Vec<Issue>,
) -> DateOrder {
    let first_with = |o: DateOrder| {
        table.rows.iter().zip(shapes).find(|(_, s)| s.and_then(|s| s.evidence()) == Some(o)).map(|(r, _)| r)
    };
    let (mdy, dmy) = (first_with(DateOrder::Mdy), first_with(DateOrder::Dmy));
    let ambiguous = shapes.iter().flatten().any(|s| s.is_ambiguous());
    let header = Location::cell(&table.sheet, table.header_row, table.sheet_column(c));
    let cell_text = |r: &crate::read::TableRow| crate::value::display(&r.cells[c]);
    let fallback = setting.unwrap_or(DateOrder::Mdy);
    let because_fallback = match setting {
        Some(_) => "as Settings Date Order says".to_string(),
        None => "the default; add a Settings row Date Order = DMY if they are day first".to_string(),
    };
    let (order, why) = match (mdy, dmy) {
        (Some(_), None) => (DateOrder::Mdy, mdy.map(|r| format!("as {} shows", cell_text(r)))),
        (None, Some(_)) => (DateOrder::Dmy, dmy.map(|r| format!("as {} shows", cell_text(r)))),
        (Some(m), Some(d)) => (
            fallback,
            Some(format!(
                "the column holds dates in both orders ({} and {}); read {because_fallback}",
                cell_text(m),
                cell_text(d)
            )),
        ),
        (None, None) => (fallback, Some(format!("every slash date could be either; {because_fallback}"))),
    };
    let both = mdy.is_some() && dmy.is_some();
    if ambiguous || both {
        issues.push(Issue::new(
            header,
            &table.headers[c],
            format!("dates such as 3/4/2026 read {}: {}", order.label(), why.unwrap_or_default()),
            "every date of the column read in that order",
        ));
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(values: &[&str], setting: Option<DateOrder>) -> (Table, Vec<Issue>) {
        let rows: Vec<Vec<&str>> = values.iter().map(|v| vec!["1", *v]).collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let mut t = Table::from_text("Clients", &["Client ID", "Since"], &rows);
        let mut issues = Vec::new();
        read(&mut t, Some(0), setting, &mut issues);
        (t, issues)
    }

    fn cell(t: &Table, r: usize) -> &Data {
        &t.rows[r].cells[1]
    }

    fn iso(s: &str) -> Data {
        Data::DateTimeIso(s.into())
    }

    #[test]
    fn a_day_over_12_decides_the_column() {
        let (t, issues) = run(&["9/7/1999", "25/12/2001"], None);
        assert_eq!(cell(&t, 0), &iso("1999-07-09"));
        assert_eq!(cell(&t, 1), &iso("2001-12-25"));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(
            issues[0].to_string(),
            "Clients!B1: dates such as 3/4/2026 read D/M/Y (day first): as 25/12/2001 shows (found \"Since\"); every date of the column read in that order"
        );
        let (t, _) = run(&["9/7/1999", "12/25/2001"], None);
        assert_eq!(cell(&t, 0), &iso("1999-09-07"));
    }

    #[test]
    fn an_all_ambiguous_column_follows_the_setting_or_mdy_and_says_so() {
        let (t, issues) = run(&["9/7/1999", "1/2/2003"], None);
        assert_eq!(cell(&t, 0), &iso("1999-09-07"));
        assert!(issues[0].problem.contains("M/D/Y"), "{}", issues[0]);
        assert!(issues[0].problem.contains("Date Order = DMY"), "{}", issues[0]);
        let (t, issues) = run(&["9/7/1999", "1/2/2003"], Some(DateOrder::Dmy));
        assert_eq!(cell(&t, 0), &iso("1999-07-09"));
        assert!(issues[0].problem.contains("as Settings Date Order says"), "{}", issues[0]);
    }

    #[test]
    fn unambiguous_columns_need_no_note() {
        let (t, issues) = run(&["Sep 7, 1999", "7-Sep-1999", "1999/09/07", "7.9.1999", "12/25/2001"], None);
        for r in 0..4 {
            assert_eq!(cell(&t, r), &iso("1999-09-07"), "row {r}");
        }
        assert_eq!(cell(&t, 4), &iso("2001-12-25"));
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn impossible_dates_and_two_digit_years_are_issues_on_their_cells() {
        let (t, issues) = run(&["9/7/1999", "2/30/2020", "9/7/99", "13/13/2020"], None);
        assert_eq!(cell(&t, 1), &Data::String("2/30/2020".into()));
        assert_eq!(cell(&t, 2), &Data::String("9/7/99".into()));
        let cells: Vec<String> = issues.iter().map(|i| format!("{} {}", i.location, i.problem)).collect();
        assert!(cells.contains(&"Clients!B3 Since is not a date: no such date".to_string()), "{cells:?}");
        assert!(
            cells
                .contains(&"Clients!B4 Since is not a date: the year has two digits, so the century is unknown".into()),
            "{cells:?}"
        );
        assert!(cells.iter().any(|c| c.starts_with("Clients!B5 ")), "{cells:?}");
    }

    #[test]
    fn columns_that_are_not_dates_are_left_alone() {
        for values in [&["9/7/1999", "soon"][..], &["12-34-5678", "98-76-5432"], &["1.234,56", "6.000,50"]] {
            let (t, issues) = run(values, None);
            assert_eq!(cell(&t, 0), &Data::String(values[0].into()));
            assert!(issues.is_empty(), "{values:?}: {issues:?}");
        }
    }

    #[test]
    fn text_left_beside_date_cells_is_still_named() {
        let mut t = Table::from_text("Clients", &["Client ID", "Since"], &[&["1", ""], &["2", "9/7/99"]]);
        t.rows[0].cells[1] = iso("1999-09-07");
        let mut issues = Vec::new();
        read(&mut t, Some(0), None, &mut issues);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].location.to_string(), "Clients!B3");
    }

    #[test]
    fn both_orders_in_one_column_are_said() {
        let (t, issues) = run(&["5/13/2020", "13/5/2020"], None);
        assert_eq!(cell(&t, 0), &iso("2020-05-13"));
        assert_eq!(cell(&t, 1), &Data::String("13/5/2020".into()));
        assert!(issues[0].problem.contains("both orders"), "{}", issues[0]);
        assert_eq!(issues.len(), 2);
    }
}
