//! A sheet as a header row plus data rows, with absolute positions kept.

use calamine::Data;

use crate::location::{column_letters, Location};
use crate::names::{normalize, ColumnName};
use crate::read::sheet::{Cell, SheetCells};
use crate::value;

/// How far down a sheet the header row may sit (export title lines above it
/// are skipped).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// One sheet of the input, located by its header row.
#[derive(Debug, Clone)]
pub struct Table {
    /// Sheet name as spelled in the book.
    pub sheet: String,
    /// Header texts (trimmed), in column order. A blank header over data is
    /// named after its column letter, e.g. `Column K`, so its data is not
    /// lost; a column with neither header nor data is not a column.
    pub headers: Vec<String>,
    /// Absolute zero-based row of the header.
    pub header_row: u32,
    /// Absolute zero-based sheet column of each header (same length as
    /// `headers`, ascending; gaps are the empty columns dropped). Empty for
    /// tables built in code, whose columns run on from column A.
    pub columns: Vec<u32>,
    /// Data rows below the header that hold at least one non-blank cell.
    pub rows: Vec<TableRow>,
}

/// One data row: its absolute row number and its cells, aligned with the
/// table's headers.
#[derive(Debug, Clone)]
pub struct TableRow {
    /// Absolute zero-based row.
    pub row: u32,
    /// The cells, one per header.
    pub cells: Vec<Data>,
}

/// A sheet too sparse to lay out as a table: its cells spread over far more
/// rows × columns than they fill (a diagonal of stray notes, say).
#[derive(Debug, Clone, PartialEq)]
pub struct TooSparse {
    /// Rows × columns the table would span.
    pub span: u64,
    /// Non-blank cells under the header.
    pub cells: u64,
}

/// The most cells a table may span: a generous multiple of the cells it
/// holds, and never less than a million (a full advisor book fits easily).
pub fn max_span(cells: u64) -> u64 {
    1_000_000u64.max(cells.saturating_mul(100))
}

impl Table {
    /// Finds the header row (the first of the first 20 rows holding `key`)
    /// and splits the sheet into headers and rows. `Ok(None)` when no such
    /// row; `Err` when the cells are spread too thin to lay out (see
    /// [`max_span`]).
    ///
    /// Takes the cells by value and moves each value into its row: the
    /// client list is never held twice (issue 15).
    pub fn locate(sheet: &str, cells: SheetCells, key: &ColumnName) -> Result<Option<Table>, TooSparse> {
        let Some(header_row) = cells
            .cells
            .iter()
            .take_while(|c| (c.row as usize) < HEADER_SEARCH_ROWS)
            .find(|c| matches!(&c.value, Data::String(s) if key.matches(s)))
            .map(|c| c.row)
        else {
            return Ok(None);
        };
        let mut header_cells: Vec<Cell> = cells.cells.iter().filter(|c| c.row == header_row).cloned().collect();
        let key_col = header_cells
            .iter()
            .find(|c| matches!(&c.value, Data::String(s) if key.matches(s)))
            .map(|c| c.col)
            .unwrap_or(0);
        let second: Vec<&Cell> = cells.cells.iter().filter(|c| c.row == header_row + 1).collect();
        let two_rows = is_second_header_row(&header_cells, &second, key_col);
        if two_rows {
            header_cells = merge_header_rows(&header_cells, &second);
        }
        let first_data = header_row + if two_rows { 2 } else { 1 };
        let below: Vec<&Cell> = cells.cells.iter().filter(|c| c.row >= first_data).collect();
        // A column is a header or data under it; empty columns are dropped.
        let mut columns: Vec<u32> = header_cells.iter().map(|c| c.col).chain(below.iter().map(|c| c.col)).collect();
        columns.sort_unstable();
        columns.dedup();
        let mut row_numbers: Vec<u32> = below.iter().map(|c| c.row).collect();
        row_numbers.dedup();
        let span = row_numbers.len() as u64 * columns.len() as u64;
        if span > max_span(below.len() as u64) {
            return Err(TooSparse { span, cells: below.len() as u64 });
        }
        let index = |col: u32| columns.binary_search(&col).ok();
        let mut headers: Vec<String> = columns.iter().map(|c| format!("Column {}", column_letters(*c))).collect();
        for c in &header_cells {
            if let (Some(i), Some(t)) = (index(c.col), value::text(&c.value)) {
                headers[i] = t.into_owned();
            }
        }
        drop(below);
        let mut rows: Vec<TableRow> = Vec::with_capacity(row_numbers.len());
        for c in cells.cells.into_iter().filter(|c| c.row >= first_data) {
            if rows.last().is_none_or(|r| r.row != c.row) {
                rows.push(TableRow { row: c.row, cells: vec![Data::Empty; columns.len()] });
            }
            if let (Some(i), Some(r)) = (index(c.col), rows.last_mut()) {
                r.cells[i] = c.value;
            }
        }
        rows.retain(|r| !r.cells.iter().all(value::is_blank));
        Ok(Some(Table { sheet: sheet.to_string(), headers, header_row, columns, rows }))
    }

    /// A sheet written as text for unit tests: the header on row 1, one data
    /// row per slice below it, empty strings as blank cells.
    #[cfg(test)]
    pub(crate) fn from_text(sheet: &str, headers: &[&str], rows: &[&[&str]]) -> Table {
        let cell = |v: &&str| if v.is_empty() { Data::Empty } else { Data::String(v.to_string()) };
        Table {
            sheet: sheet.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            header_row: 0,
            columns: (0..headers.len() as u32).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| TableRow { row: i as u32 + 1, cells: r.iter().map(cell).collect() })
                .collect(),
        }
    }

    /// Index of the column matching `name` (canonical name, then aliases).
    pub fn column(&self, name: &ColumnName) -> Option<usize> {
        name.find(&self.headers).or_else(|| {
            std::iter::once(name.canonical)
                .chain(name.aliases.iter().copied())
                .find_map(|n| span_start(&self.headers, n))
        })
    }

    /// Index of the column whose header is `header` (normalized match).
    pub fn column_named(&self, header: &str) -> Option<usize> {
        let key = normalize(header);
        self.headers.iter().position(|h| normalize(h) == key).or_else(|| span_start(&self.headers, header))
    }

    /// The location of a cell in this table.
    pub fn cell_location(&self, row: u32, col: usize) -> Location {
        Location::cell(&self.sheet, row, self.sheet_column(col))
    }

    /// The absolute sheet column of table column `col`.
    pub fn sheet_column(&self, col: usize) -> u32 {
        self.columns.get(col).copied().unwrap_or(col as u32)
    }

    /// The location of a header cell.
    pub fn header_location(&self, col: usize) -> Location {
        self.cell_location(self.header_row, col)
    }
}

/// True when the row under the header continues it, as report exports lay
/// out a header merged over two rows (`Assets` over `Current` and `Prior`):
/// the key column is blank there, every cell is a label (text, not a
/// number), and at least one label sits under a blank header cell, the rest
/// of a merged span.
fn is_second_header_row(header: &[Cell], second: &[&Cell], key_col: u32) -> bool {
    let top_at = |col: u32| header.iter().any(|h| h.col == col);
    let label_at = |col: u32| second.iter().any(|c| c.col == col);
    // Each label is under a span: either its first column (a header with a
    // blank, labelled column right after it) or a later one (blank above,
    // labelled columns back to the span's header).
    let in_span = |col: u32| {
        if top_at(col) {
            return !top_at(col + 1) && label_at(col + 1);
        }
        let mut c = col;
        while c > 0 && !top_at(c) && label_at(c) {
            c -= 1;
        }
        top_at(c) && label_at(c)
    };
    !second.is_empty()
        && second.iter().all(|c| c.col != key_col)
        && second.iter().all(|c| matches!(&c.value, Data::String(s) if value::parse_number(s).is_none()))
        && second.iter().all(|c| in_span(c.col))
}

/// One header row from two: a label under a span is prefixed with the
/// span's text (`Assets Current`, `Assets Prior`); a top cell without a
/// label under it keeps its text.
fn merge_header_rows(header: &[Cell], second: &[&Cell]) -> Vec<Cell> {
    let mut cols: Vec<u32> = header.iter().map(|c| c.col).chain(second.iter().map(|c| c.col)).collect();
    cols.sort_unstable();
    cols.dedup();
    let top_text = |col: u32| header.iter().find(|h| h.col == col).and_then(|h| value::text(&h.value));
    let mut span: Option<String> = None;
    let mut out = Vec::with_capacity(cols.len());
    for col in cols {
        let top = top_text(col).map(|t| t.into_owned());
        let label = second.iter().find(|c| c.col == col).and_then(|c| value::text(&c.value)).map(|t| t.into_owned());
        if top.is_some() {
            span = top.clone();
        }
        let text = match (&label, top.as_ref().or(span.as_ref())) {
            (Some(l), Some(t)) => format!("{t} {l}"),
            (Some(l), None) => l.clone(),
            (None, Some(t)) if top.is_some() => t.clone(),
            _ => continue,
        };
        out.push(Cell { row: header.first().map_or(0, |h| h.row), col, value: Data::String(text) });
    }
    out
}

/// The first column of a header that spanned two rows, named by the span
/// alone: `Assets` finds `Assets Current` when `Assets Current` and
/// `Assets Prior` stand side by side and no column is named `Assets`.
pub fn span_start(headers: &[String], name: &str) -> Option<usize> {
    let prefix = format!("{} ", name.trim().to_lowercase());
    let under = |i: usize| headers.get(i).is_some_and(|h| h.trim().to_lowercase().starts_with(&prefix));
    (0..headers.len()).find(|&i| under(i) && under(i + 1) && (i == 0 || !under(i - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]], origin: (u32, u32)) -> SheetCells {
        SheetCells::from_cells(rows.iter().enumerate().flat_map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(move |(j, v)| (origin.0 + i as u32, origin.1 + j as u32, Data::String(v.to_string())))
        }))
    }

    const KEY: ColumnName = ColumnName { canonical: "Client ID", aliases: &["ID"] };

    #[test]
    fn skips_title_lines_and_blank_rows() {
        let r = sheet(
            &[&["Jordan's clients", ""], &["", ""], &["ID", "Name"], &["1", "Ann"], &["", ""], &["2", ""]],
            (0, 1),
        );
        let t = Table::locate("Clients", r, &KEY).unwrap().unwrap();
        assert_eq!(t.header_row, 2);
        assert_eq!(t.columns, vec![1, 2]);
        assert_eq!(t.headers, vec!["ID", "Name"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].row, 5);
        assert_eq!(t.cell_location(t.rows[1].row, 1).to_string(), "Clients!C6");
    }

    #[test]
    fn no_key_header_in_first_20_rows() {
        let mut rows: Vec<&[&str]> = vec![&["x"]; 20];
        rows.push(&["Client ID"]);
        assert!(Table::locate("S", sheet(&rows, (0, 0)), &KEY).unwrap().is_none());
    }

    #[test]
    fn blank_headers_are_named_by_letter_and_empty_columns_dropped() {
        let r = sheet(&[&["Client ID", "", "", "Notes"], &["1", "x", "", "y"]], (0, 0));
        let t = Table::locate("S", r, &KEY).unwrap().unwrap();
        assert_eq!(t.headers, vec!["Client ID", "Column B", "Notes"]);
        assert_eq!(t.cell_location(1, 2).to_string(), "S!D2");
    }

    #[test]
    fn a_far_note_is_one_column_not_a_wall_of_blanks() {
        let mut s = sheet(&[&["Client ID", "Name"], &["1", "Ann"], &["2", "Bob"]], (0, 0));
        s.cells.push(Cell { row: 0, col: 16_383, value: Data::String("note".into()) });
        let t = Table::locate("S", s, &KEY).unwrap().unwrap();
        assert_eq!(t.headers, vec!["Client ID", "Name", "note"]);
        assert_eq!(t.header_location(2).to_string(), "S!XFD1");
        assert_eq!(t.rows[0].cells.len(), 3);
    }

    #[test]
    fn a_header_merged_over_two_rows_is_one_header() {
        let r = sheet(
            &[
                &["Households by advisor"],
                &["Client ID", "Name", "Assets", "", "Values Advice"],
                &["", "", "Current", "Prior", ""],
                &["1", "Ann", "900", "800", "yes"],
            ],
            (0, 0),
        );
        let t = Table::locate("S", r, &KEY).unwrap().unwrap();
        assert_eq!(t.headers, vec!["Client ID", "Name", "Assets Current", "Assets Prior", "Values Advice"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].row, 3);
        assert_eq!(t.column_named("Assets"), Some(2));
        assert_eq!(t.column(&ColumnName::plain("Assets")), Some(2));
        assert_eq!(t.column_named("Assets Prior"), Some(3));
    }

    #[test]
    fn a_first_client_row_is_not_a_second_header_row() {
        // A client without an ID whose cells are all text is still data.
        let r = sheet(&[&["Client ID", "Name", "Notes"], &["", "Ann", "x"], &["2", "Bob", "y"]], (0, 0));
        assert_eq!(Table::locate("S", r, &KEY).unwrap().unwrap().rows.len(), 2);
        // Numbers under a header are data, not labels.
        let r = sheet(&[&["Client ID", "Assets", ""], &["", "12", "x"]], (0, 0));
        assert_eq!(Table::locate("S", r, &KEY).unwrap().unwrap().rows.len(), 1);
        // A client without an ID and a stray note to the right: still data.
        let r = sheet(&[&["Client ID", "Name", "Notes", ""], &["", "Ann", "", "stray"]], (0, 0));
        assert_eq!(Table::locate("S", r, &KEY).unwrap().unwrap().rows.len(), 1);
    }

    #[test]
    fn a_diagonal_of_stray_cells_is_too_sparse() {
        let mut cells = vec![(0, 0, Data::String("Client ID".into()))];
        for i in 1..3000u32 {
            cells.push((i, i % 16_384, Data::Float(1.0)));
        }
        let err = Table::locate("S", SheetCells::from_cells(cells), &KEY).unwrap_err();
        assert_eq!(err.cells, 2999);
        assert!(err.span > max_span(2999));
    }
}
