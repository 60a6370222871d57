//! Typing the advisor's own columns, and amounts in the book's convention.
//!
//! A CSV holds only text, and an .xlsx may hold amounts typed as text
//! (`6.000,50`). A column is typed when every non-blank value in it reads as
//! that type — numbers first, then (from text lists) yes/no; date columns are
//! typed before this by `date_columns` — otherwise it stays text as written. Codes with a leading zero (`02134`,
//! `0007001`) are never numbers, and the columns that name things (IDs,
//! households, contacts, tiers) are never typed. A text amount that reads two
//! ways in the book's convention is on Issues and left blank, never guessed.

use calamine::Data;

use crate::error::Issue;
use crate::names::ColumnName;
use crate::read::Table;
use crate::value::{self, DecimalMark, NumberError, Parsed};

/// Types the columns of `table` except those matching `text_only`.
/// `from_text` is true for a CSV list (every cell is text), which also gets
/// yes/no columns.
pub fn type_columns(
    table: &mut Table,
    mark: DecimalMark,
    from_text: bool,
    text_only: &[ColumnName],
    issues: &mut Vec<Issue>,
) {
    for c in 0..table.headers.len() {
        if text_only.iter().any(|n| n.matches(&table.headers[c])) {
            continue;
        }
        let values: Vec<&Data> = table.rows.iter().map(|r| &r.cells[c]).filter(|v| !value::is_blank(v)).collect();
        if values.is_empty() || !values.iter().any(|v| matches!(v, Data::String(_))) {
            continue;
        }
        if values.iter().all(|v| reads_as_number(v, mark)) {
            for r in 0..table.rows.len() {
                let at = table.cell_location(table.rows[r].row, c);
                let cell = &mut table.rows[r].cells[c];
                let Data::String(s) = &*cell else { continue };
                if value::is_blank(cell) {
                    continue;
                }
                match value::parse_number_in(s, mark) {
                    Ok(v) => *cell = Data::Float(v),
                    Err(NumberError::TwoWays(a, b)) => {
                        issues.push(Issue::new(
                            at,
                            s.clone(),
                            format!(
                                "this amount reads two ways: {} or {}",
                                value::format_number(a),
                                value::format_number(b)
                            ),
                            "left blank; write it without the separator, or set Decimal Mark (. or ,) in Settings",
                        ));
                        *cell = Data::Empty;
                    }
                    Err(NumberError::NotANumber) => {}
                }
            }
        } else if from_text && values.iter().all(|v| matches!(value::boolean(v), Parsed::Value(_))) {
            for row in &mut table.rows {
                if let Parsed::Value(b) = value::boolean(&row.cells[c]) {
                    row.cells[c] = Data::Bool(b);
                }
            }
        }
    }
}

/// True when the cell is a number, or text that reads as a plain amount
/// (possibly two ways): no leading-zero codes, no `%`, `k` or `M` shorthand
/// (kept as written, since turning `45%` into 0.45 would change what the
/// advisor sees).
fn reads_as_number(cell: &Data, mark: DecimalMark) -> bool {
    match cell {
        Data::Float(_) | Data::Int(_) => true,
        Data::String(s) => {
            let t = s.trim();
            let digits: String = t.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',').collect();
            let code =
                digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.") && !digits.starts_with("0,");
            let lower = t.to_ascii_lowercase();
            let shorthand = lower.contains('%')
                || ["k", "m", "b", "bn", "mm"].iter().any(|s| lower.ends_with(s) && !lower.ends_with("dkk"));
            !code && !shorthand && matches!(value::parse_number_in(t, mark), Ok(_) | Err(NumberError::TwoWays(..)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::value::text_cell as s;

    #[test]
    fn csv_columns_get_types_and_codes_stay_text() {
        let mut t = Table::from_text(
            "c.csv",
            &["Client ID", "Income", "Since", "Active", "Zip", "Mixed", "Share"],
            &[
                &["0001", "200.000", "2020-01-31", "yes", "02134", "12", "45%"],
                &["0002", "1.234,50", "2021-02-01", "no", "10001", "twelve", "5%"],
                &["0003", "", "", "", "", "", ""],
            ],
        );
        let mut issues = Vec::new();
        let comma = DecimalMark { mark: ',', explicit: false };
        type_columns(&mut t, comma, true, &[crate::read::CLIENT_ID], &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        let row = &t.rows[0].cells;
        assert_eq!(row[0], s("0001"));
        assert_eq!(row[1], Data::Float(200_000.0));
        assert_eq!(t.rows[1].cells[1], Data::Float(1234.5));
        assert_eq!(row[2], s("2020-01-31"), "dates are date_columns' work");
        assert_eq!(row[3], Data::Bool(true));
        assert_eq!(row[4], s("02134"));
        assert_eq!(row[5], s("12"));
        assert_eq!(row[6], s("45%"));
    }

    #[test]
    fn an_amount_that_reads_two_ways_is_an_issue_not_a_guess() {
        let mut t = Table::from_text("c.csv", &["Client ID", "Revenue"], &[&["1", "6.000,50"], &["2", "1,234"]]);
        let mut issues = Vec::new();
        type_columns(&mut t, DecimalMark { mark: ',', explicit: false }, true, &[], &mut issues);
        assert_eq!(t.rows[0].cells[1], Data::Float(6000.5));
        assert_eq!(t.rows[1].cells[1], Data::Empty);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].location.to_string(), "c.csv!B3");
        assert_eq!(issues[0].problem, "this amount reads two ways: 1.234 or 1234");
    }
}
