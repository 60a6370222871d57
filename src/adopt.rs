//! Fitting a template to the advisor's own client list (`init --from`).
//!
//! Most advisors start from a CRM export, not from a book laid out for
//! tierbook (issue 12). The starter book then holds every row and column of
//! the list, typed (amounts as numbers, dates as dates); each template
//! criterion reads the list's own column where the list has it (under any of
//! the names in [`crate::schema`]), and each criterion the list cannot feed
//! gets a new blank column at the right of Clients for the advisor to fill
//! in. The other sheets come from the template unchanged.

use std::path::Path;

use calamine::Data;

use crate::error::{Error, Issue};
use crate::names::{normalize, ColumnName};
use crate::read::{read_book, Role, Table};
use crate::schema::{find_client_column, CLIENT_ID};
use crate::template::Template;
use crate::value;

/// What fitting the template to the list did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fitted {
    /// Client rows taken from the list.
    pub clients: usize,
    /// Criteria that read a column of the list: (criterion, list header),
    /// where the two names differ.
    pub mapped: Vec<(String, String)>,
    /// Columns added at the right of Clients, blank, for the criteria and
    /// rules the list cannot feed, each with the list's closest header when
    /// one looks like it (never used in its place: the advisor decides).
    pub added: Vec<(String, Option<String>)>,
    /// What could not be read as written in the list (dates, say).
    pub issues: Vec<Issue>,
}

/// Reads the list at `path` and returns `template` with its Clients sheet
/// replaced by the list and its Criteria pointed at the list's columns.
///
/// Errors: the list cannot be read ([`Error::Read`] and the like), or has no
/// client ID column ([`Error::Init`] naming the headers it has).
pub fn fit(template: &Template, path: &Path, new_book: &Path) -> Result<(Template, Fitted), Error> {
    let mut raw = read_book(path)?;
    let Some(mut list) = raw.take(Role::Clients) else {
        return Err(Error::Init { path: new_book.to_path_buf(), detail: no_id_column(path, &raw) });
    };
    let mut fitted = Fitted { clients: list.rows.len(), ..Fitted::default() };
    let mark = crate::validate::list_decimal_mark(raw.delimiter);
    crate::validate::type_client_list(&mut list, raw.format, mark, None, &mut fitted.issues);
    let mut t = template.clone();
    for (role, table) in &mut t.sheets {
        if matches!(role, Role::Criteria | Role::Rules) {
            point_columns(*role, table, &mut list, &mut fitted);
        }
    }
    list.sheet = "Clients".to_string();
    list.header_row = 0;
    list.columns = Vec::new();
    for (k, row) in list.rows.iter_mut().enumerate() {
        row.row = k as u32 + 1;
    }
    match t.sheets.iter_mut().find(|(r, _)| *r == Role::Clients) {
        Some((_, c)) => *c = list,
        None => t.sheets.insert(0, (Role::Clients, list)),
    }
    Ok((t, fitted))
}

/// The message for a list without an ID column: the headers it does have.
fn no_id_column(path: &Path, raw: &crate::read::RawBook) -> String {
    let name = crate::cmd::file_name(path);
    let ids = std::iter::once(CLIENT_ID.canonical).chain(CLIENT_ID.aliases.iter().copied()).collect::<Vec<_>>();
    let headers = first_line_headers(path, raw).map(|h| format!("; its headers are: {}", h.join(", ")));
    format!(
        "{name} has no client ID column in its first 20 rows{}; add one (tierbook looks for {}) and try again",
        headers.unwrap_or_default(),
        ids.join(", ")
    )
}

/// The first line of a CSV list, as headers.
fn first_line_headers(path: &Path, raw: &crate::read::RawBook) -> Option<Vec<String>> {
    if raw.format != crate::read::Format::Csv {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let line = text.trim_start_matches('\u{feff}').lines().find(|l| !l.trim().is_empty())?.to_string();
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|d| line.bytes().filter(|b| b == d).count())?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).delimiter(delimiter).from_reader(line.as_bytes());
    let record = reader.records().next()?.ok()?;
    Some(record.iter().map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).collect())
}

/// Points each criterion (or rule) at the list's column, or adds a blank
/// column for it. A criterion with no Column reads the column of its name.
fn point_columns(role: Role, sheet: &mut Table, list: &mut Table, fitted: &mut Fitted) {
    let name_c = sheet.column(&role.key_header());
    let Some(col_c) = sheet.column(&ColumnName::plain("Column")) else { return };
    for row in &mut sheet.rows {
        let name = name_c.and_then(|c| value::text(&row.cells[c])).map(|t| t.into_owned()).unwrap_or_default();
        let written = value::text(&row.cells[col_c]).map(|t| t.into_owned());
        let Some(wanted) = written.or_else(|| (role == Role::Criteria).then(|| name.clone())) else {
            continue;
        };
        match find_client_column(&list.headers, &wanted) {
            Some(c) => {
                let header = list.headers[c].clone();
                if normalize(&header) != normalize(&wanted) {
                    fitted.mapped.push((name, header.clone()));
                }
                row.cells[col_c] = Data::String(header);
            }
            None => {
                let near = crate::names::closest(&wanted, list.headers.iter().map(String::as_str)).map(String::from);
                list.headers.push(wanted.clone());
                for r in &mut list.rows {
                    r.cells.push(Data::Empty);
                }
                fitted.added.push((wanted, near));
            }
        }
    }
}

/// A data row of the list, for tests.
#[cfg(test)]
fn row(cells: &[&str]) -> crate::read::TableRow {
    crate::read::TableRow { row: 1, cells: cells.iter().map(|c| Data::String(c.to_string())).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The starter book holds what `run` would read from the list: a `;`
    /// list's amounts in the decimal-comma convention, codes and shorthand
    /// as written, dates as dates.
    #[test]
    fn the_list_is_typed_as_run_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list.csv");
        std::fs::write(&list, "Client ID;Name;AUM;PLZ;Ziel;Seit\nK1;Ann;6.000,50;02134;1,2M;24.12.2019\nK2;Bo;1.234,56;10115;5k;1.2.2020\n")
            .unwrap();
        let template = crate::template::load("abc-15").unwrap();
        let (t, _) = fit(&template, &list, &dir.path().join("book.xlsx")).unwrap();
        let c = t.table(Role::Clients).unwrap();
        let at = |r: usize, h: &str| c.rows[r].cells[c.column_named(h).unwrap()].clone();
        assert_eq!(at(0, "AUM"), Data::Float(6000.5));
        assert_eq!(at(1, "AUM"), Data::Float(1234.56));
        assert_eq!(at(0, "PLZ"), Data::String("02134".into()), "a leading zero is kept");
        assert_eq!(at(0, "Ziel"), Data::String("1,2M".into()), "shorthand stays as written");
        assert_eq!(at(0, "Seit"), Data::DateTimeIso("2019-12-24".into()));
        assert_eq!(at(0, "Client ID"), Data::String("K1".into()));
    }

    #[test]
    fn criteria_read_the_lists_columns_or_get_a_blank_one() {
        let t = crate::template::load("abc-15").unwrap();
        let mut criteria = t.table(Role::Criteria).unwrap().clone();
        let mut list = Table {
            sheet: "crm.csv".into(),
            headers: ["Contact ID", "Annual Fees", "AUM"].map(String::from).to_vec(),
            header_row: 0,
            columns: Vec::new(),
            rows: vec![row(&["C1", "5000", "1000000"])],
        };
        let mut fitted = Fitted::default();
        point_columns(Role::Criteria, &mut criteria, &mut list, &mut fitted);
        assert_eq!(
            fitted.mapped,
            [
                ("Recurring revenue of $5,000+".to_string(), "Annual Fees".to_string()),
                ("Assets of $500k+".to_string(), "AUM".to_string())
            ]
        );
        assert_eq!(fitted.added.len(), 13);
        assert_eq!(fitted.added[0], ("Cooperative".to_string(), None));
        assert_eq!(list.headers.len(), 16);
        assert_eq!(list.rows[0].cells.len(), 16);
        let col_c = criteria.column(&ColumnName::plain("Column")).unwrap();
        assert_eq!(criteria.rows[7].cells[col_c], Data::String("Annual Fees".into()));
        let mut rules = t.table(Role::Rules).unwrap().clone();
        point_columns(Role::Rules, &mut rules, &mut list, &mut fitted);
        assert_eq!(fitted.added.len(), 14, "Referrals is there already; Related To is added");
        assert_eq!(fitted.added[13].0, "Related To");
    }
}
