//! The Clients sheet: one row per client, the advisor's own columns kept.
//!
//! Nothing is dropped here. A row without an ID is kept (and named on
//! Issues), rows sharing an ID are all kept, error cells (`#N/A`) become blank
//! with an Issue, and text too long for an Excel cell is cut to fit.

use std::collections::HashMap;

use calamine::Data;
use chrono::NaiveDate;

use crate::error::{Issue, Problem};
use crate::location::{column_letters, Location};
use crate::model::{is_output_column, CarriedColumn, Client, Clients, Delivered, Settings, TierRule};
use crate::names::{closest, normalize, ColumnName};
use crate::read::{Table, CLIENT_ID};
use crate::validate::crm::{NameSource, TierMap};
use crate::value::{self, DecimalMark, NumberError, Parsed};

pub use crate::schema::{
    ASSETS, CONTACTS_YTD, HOUSEHOLD, LAST_CONTACT, LAST_REVIEW, NAME, PREVIOUS_TIER, PRIMARY_CONTACT, RELATED_TO,
    REVENUE, REVIEWS_YTD,
};

/// Excel's limit on the characters of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Reads the clients.
pub fn read(
    table: Table,
    settings: &Settings,
    tiers: &[TierRule],
    mark: DecimalMark,
    problems: &mut Vec<Problem>,
    issues: &mut Vec<Issue>,
) -> Clients {
    let Some(id_col) = table.column(&CLIENT_ID) else {
        problems.push(Problem::new(Location::sheet(&table.sheet), "no Client ID column", "add a 'Client ID' column"));
        return Clients::default();
    };
    let name_source = NameSource::find(&table);
    let name_col = name_source.column();
    let named_column =
        |setting: &Option<String>, what: &str, fallback: &ColumnName, problems: &mut Vec<Problem>| match setting {
            Some(h) => match table.column_named(h) {
                Some(c) => Some(c),
                None => {
                    let hint = closest(h, table.headers.iter().map(String::as_str))
                        .map(|c| format!("; did you mean '{c}'?"))
                        .unwrap_or_default();
                    problems.push(Problem::new(
                        Location::sheet("Settings"),
                        format!("{what} Column names '{h}', which is not a header of the {} sheet{hint}", table.sheet),
                        format!("write the exact header of the {} column", what.to_lowercase()),
                    ));
                    None
                }
            },
            None => table.column(fallback),
        };
    let revenue_col = named_column(&settings.revenue_column, "Revenue", &REVENUE, problems);
    let assets_col = named_column(&settings.assets_column, "Assets", &ASSETS, problems);
    let household_col = table.column(&HOUSEHOLD);
    let previous_col = table.column(&PREVIOUS_TIER);
    let mut tier_map = previous_col
        .map(|c| TierMap::new(table.rows.iter().filter_map(|r| r.cells.get(c)).filter_map(as_str), tiers))
        .unwrap_or_default();
    let related_col = table.column(&RELATED_TO);
    let contact_col = table.column(&PRIMARY_CONTACT);
    let delivery_cols = [LAST_REVIEW, LAST_CONTACT, REVIEWS_YTD, CONTACTS_YTD].map(|c| table.column(&c));
    let tracks_delivery = delivery_cols.iter().any(Option::is_some);

    let used = [Some(id_col), name_col, revenue_col, assets_col];
    let carried = carried_columns(&table.headers, &table.columns, &used);
    duplicate_headers(&table, &carried, issues);

    if table.rows.is_empty() {
        problems.push(Problem::new(
            table.header_location(id_col),
            "the Clients sheet has no client rows under its header",
            "add one row per client below the header row",
        ));
    }

    let Table { sheet, headers, columns, rows, header_row } = table;
    let at = |row: u32, col: usize| Location::cell(&sheet, row, columns.get(col).copied().unwrap_or(col as u32));
    let mut clients = Vec::with_capacity(rows.len());
    let mut seen: HashMap<String, u32> = HashMap::with_capacity(rows.len());
    let mut skipped_rows = 0;
    for row in rows {
        let mut cells = row.cells;
        clean_cells(&mut cells, |c| at(row.row, c), issues);
        let outside = super::not_clients::outside_the_table(&cells, &headers, &columns);
        if let Some((c, label, why)) =
            outside.or_else(|| super::not_clients::not_a_client(&cells, id_col, &headers[id_col]))
        {
            issues.push(Issue::new(
                at(row.row, c),
                label,
                format!("not a client: {why}"),
                "row skipped: not tiered and not counted in the totals",
            ));
            skipped_rows += 1;
            continue;
        }
        let text = |c: Option<usize>| c.and_then(|c| value::text(&cells[c])).map(|t| t.into_owned());
        let id = text(Some(id_col)).unwrap_or_default();
        if id.is_empty() {
            issues.push(Issue::new(
                at(row.row, id_col),
                "",
                "this row has client data but no Client ID",
                "kept and tiered like any other; its Client ID is left blank",
            ));
        } else if let Some(first) = seen.get(&value::id_key(&id)) {
            issues.push(Issue::new(
                at(row.row, id_col),
                &id,
                format!("Client ID also used on row {}", first + 1),
                "both rows kept and tiered independently",
            ));
        } else {
            seen.insert(value::id_key(&id), row.row);
        }
        let mut money = |c: Option<usize>, what: &str| {
            let c = c?;
            match value::number_in(&cells[c], mark) {
                Parsed::Value(v) => Some(v),
                Parsed::Blank => None,
                Parsed::Invalid => {
                    let shown = value::display(&cells[c]);
                    let problem = match value::parse_number_in(&shown, mark) {
                        Err(NumberError::TwoWays(a, b)) => format!(
                            "{what} reads two ways: {} or {}; set Decimal Mark (. or ,) in Settings",
                            value::format_number(a),
                            value::format_number(b)
                        ),
                        _ => format!("{what} is not an amount"),
                    };
                    issues.push(Issue::new(
                        at(row.row, c),
                        shown,
                        problem,
                        format!("{what} left blank for this client; criteria reading it count as not met"),
                    ));
                    None
                }
            }
        };
        let revenue = money(revenue_col, "Revenue");
        let assets = money(assets_col, "Assets");
        let cell_at = |c: usize| at(row.row, c);
        let delivery = Delivered {
            last_review: delivery_cell(&cells, delivery_cols[0], "Last Review", &DATE, cell_at, issues),
            last_contact: delivery_cell(&cells, delivery_cols[1], "Last Contact", &DATE, cell_at, issues),
            reviews_ytd: delivery_cell(&cells, delivery_cols[2], "Reviews YTD", &COUNT, cell_at, issues),
            contacts_ytd: delivery_cell(&cells, delivery_cols[3], "Contacts YTD", &COUNT, cell_at, issues),
        };
        let written_tier = text(previous_col);
        let previous_tier = match (&written_tier, previous_col) {
            (Some(p), Some(c)) => match tier_map.code(p, tiers) {
                Some(code) => Some(code),
                None => {
                    let codes: Vec<&str> = tiers.iter().map(|t| t.code.as_str()).collect();
                    issues.push(Issue::new(
                        at(row.row, c),
                        p,
                        format!("previous tier does not name one of the tier codes ({})", codes.join(", ")),
                        "kept as written; the client counts as new in the review",
                    ));
                    written_tier.clone()
                }
            },
            _ => None,
        };
        clients.push(Client {
            row: row.row,
            name: name_source.name(&cells),
            household: text(household_col),
            related_to: text(related_col),
            primary_contact: text(contact_col),
            id,
            revenue,
            assets,
            previous_tier,
            delivery,
            cells,
        });
    }
    if let Some(i) = previous_col.and_then(|c| tier_map.issue(at(header_row, c))) {
        issues.push(i);
    }
    if let Some(c) = related_col {
        for client in &clients {
            if let Some(r) = &client.related_to {
                if !seen.contains_key(&value::id_key(r)) {
                    issues.push(Issue::new(
                        at(client.row, c),
                        r,
                        "Related To names a Client ID that is not in the book",
                        "the link is ignored",
                    ));
                }
            }
        }
    }
    Clients {
        sheet,
        headers,
        columns,
        id_column: id_col,
        revenue_column: revenue_col,
        assets_column: assets_col,
        carried,
        rows: clients,
        tracks_delivery,
        skipped_rows,
    }
}

/// The advisor's own columns: every header not shown as an output column of
/// its own, renamed on a clash with an output column or with another header.
/// A second column with the header of one tierbook reads is labelled with
/// its letter and `not used`, so that nobody takes it for the one read.
fn carried_columns(headers: &[String], columns: &[u32], used: &[Option<usize>]) -> Vec<CarriedColumn> {
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if used.contains(&Some(i)) {
            continue;
        }
        let letter = column_letters(columns.get(i).copied().unwrap_or(i as u32));
        let first = headers.iter().position(|o| normalize(o) == normalize(h)).unwrap_or(i);
        let mut header = h.clone();
        if first != i && (used.contains(&Some(first)) || is_output_column(h)) {
            header = format!("{h} (column {letter}, not used)");
        } else if first != i {
            header = format!("{h} (column {letter})");
        } else if is_output_column(h) {
            header = format!("{h} (input)");
        }
        let mut n = 2;
        while taken.contains(&normalize(&header)) {
            header = format!("{h} ({n})");
            n += 1;
        }
        taken.push(normalize(&header));
        out.push(CarriedColumn { header, index: i });
    }
    out
}

/// The text of a string cell.
fn as_str(cell: &Data) -> Option<&str> {
    match cell {
        Data::String(s) => Some(s.as_str()),
        _ => None,
    }
}

/// One Issue per header that repeats an earlier one, naming both cells and
/// which one tierbook reads.
fn duplicate_headers(table: &Table, carried: &[CarriedColumn], issues: &mut Vec<Issue>) {
    for (i, h) in table.headers.iter().enumerate() {
        let Some(first) = table.headers[..i].iter().position(|o| normalize(o) == normalize(h)) else { continue };
        let (a, b) = (table.header_location(first), table.header_location(i));
        let label = carried.iter().find(|c| c.index == i).map(|c| c.header.as_str()).unwrap_or(h);
        issues.push(Issue::new(
            b.clone(),
            h,
            format!("two columns are named {h} ({}, {}); {} is the one read", a.cell_ref(), b.cell_ref(), a.cell_ref()),
            format!(
                "{} carried to the tier sheets as '{label}'; rename one of the headers to say which is meant",
                b.cell_ref()
            ),
        ));
    }
}

/// Blanks error cells, reporting each.
fn clean_cells(cells: &mut [Data], at: impl Fn(usize) -> Location, issues: &mut Vec<Issue>) {
    for (c, cell) in cells.iter_mut().enumerate() {
        if let Data::Error(e) = cell {
            issues.push(Issue::new(at(c), e.to_string(), "the cell holds an error value", "treated as blank"));
            *cell = Data::Empty;
        }
    }
}

/// Cuts `text` to at most Excel's cell limit (counted in UTF-16 units, as
/// Excel counts), returning the original length when it was cut.
pub fn cut_to_cell(text: &mut String) -> Option<usize> {
    if text.len() <= MAX_CELL_CHARS {
        return None;
    }
    let units = text.encode_utf16().count();
    if units <= MAX_CELL_CHARS {
        return None;
    }
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, ch)| {
            used += ch.len_utf16();
            used > MAX_CELL_CHARS
        })
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    text.truncate(end);
    Some(units)
}

/// How a delivery column is read, and what an unreadable cell in it is
/// told on Issues: `{column} is not {kind}`, `{column} {left}`.
struct DeliveryKind<T> {
    parse: fn(&Data) -> Parsed<T>,
    kind: &'static str,
    left: &'static str,
}

/// Last Review, Last Contact: dates.
const DATE: DeliveryKind<NaiveDate> =
    DeliveryKind { parse: value::date, kind: "a date", left: "left blank: the next one counts as due now" };

/// Reviews YTD, Contacts YTD: counts, never negative.
const COUNT: DeliveryKind<f64> = DeliveryKind {
    parse: |cell| match value::number(cell) {
        Parsed::Value(v) if v >= 0.0 => Parsed::Value(v),
        Parsed::Blank => Parsed::Blank,
        _ => Parsed::Invalid,
    },
    kind: "a count",
    left: "left blank for this client",
};

/// The delivery column `c` (named `column`) of a client row; an
/// unreadable cell is noted on Issues and read as blank.
fn delivery_cell<T>(
    cells: &[Data],
    c: Option<usize>,
    column: &str,
    kind: &DeliveryKind<T>,
    at: impl Fn(usize) -> Location,
    issues: &mut Vec<Issue>,
) -> Option<T> {
    let c = c?;
    match (kind.parse)(&cells[c]) {
        Parsed::Value(v) => Some(v),
        Parsed::Blank => None,
        Parsed::Invalid => {
            issues.push(Issue::new(
                at(c),
                value::display(&cells[c]),
                format!("{column} is not {}", kind.kind),
                format!("{column} {}", kind.left),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_name_clashes_are_renamed() {
        let headers: Vec<String> =
            ["Client ID", "Name", "Score", "Tier", "Notes", "notes", "Score: Personal"].map(String::from).to_vec();
        let c = carried_columns(&headers, &[], &[Some(0), Some(1)]);
        let names: Vec<&str> = c.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(names, ["Score (input)", "Tier (input)", "Notes", "notes (column F)", "Score: Personal (input)"]);
    }

    #[test]
    fn errors_are_blanked() {
        let mut cells = vec![Data::Error(calamine::CellErrorType::NA), Data::Float(1.0)];
        let mut issues = Vec::new();
        clean_cells(&mut cells, |c| Location::cell("Clients", 4, c as u32), &mut issues);
        assert_eq!(cells[0], Data::Empty);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].location.to_string(), "Clients!A5");
        assert_eq!(issues[0].value, "#N/A");
    }

    #[test]
    fn unreadable_delivery_cells_are_blank_and_noted() {
        let cells = [Data::String("soon".into()), Data::Float(-2.0), Data::Float(3.0), Data::Empty];
        let at = |c: usize| Location::cell("Clients", 6, c as u32);
        let mut issues = Vec::new();
        assert_eq!(delivery_cell(&cells, Some(0), "Last Review", &DATE, at, &mut issues), None);
        assert_eq!(delivery_cell(&cells, Some(1), "Reviews YTD", &COUNT, at, &mut issues), None);
        assert_eq!(delivery_cell(&cells, Some(2), "Reviews YTD", &COUNT, at, &mut issues), Some(3.0));
        assert_eq!(delivery_cell(&cells, Some(3), "Last Contact", &DATE, at, &mut issues), None);
        assert_eq!(delivery_cell(&cells, None, "Last Contact", &DATE, at, &mut issues), None);
        assert_eq!(
            issues,
            [
                Issue::new(
                    Location::cell("Clients", 6, 0),
                    "soon",
                    "Last Review is not a date",
                    "Last Review left blank: the next one counts as due now"
                ),
                Issue::new(
                    Location::cell("Clients", 6, 1),
                    "-2",
                    "Reviews YTD is not a count",
                    "Reviews YTD left blank for this client"
                ),
            ]
        );
    }

    #[test]
    fn long_text_is_cut_in_utf16_units() {
        let mut s = "x".repeat(40_000);
        assert_eq!(cut_to_cell(&mut s), Some(40_000));
        assert_eq!(s.len(), MAX_CELL_CHARS);
        let mut emoji = "😀".repeat(20_000);
        assert_eq!(cut_to_cell(&mut emoji), Some(40_000));
        assert_eq!(emoji.encode_utf16().count(), MAX_CELL_CHARS - 1);
        let mut short = "abc".to_string();
        assert_eq!(cut_to_cell(&mut short), None);
    }
}
