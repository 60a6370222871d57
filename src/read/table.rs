//! A sheet as a header row plus data rows, with absolute positions kept.

use calamine::{Data, Range};

use crate::location::{column_letters, Location};
use crate::names::{normalize, ColumnName};
use crate::value;

/// How far down a sheet the header row may sit (export title lines above it
/// are skipped).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// One sheet of the input, located by its header row.
#[derive(Debug, Clone)]
pub struct Table {
    /// Sheet name as spelled in the book.
    pub sheet: String,
    /// Header texts (trimmed), in column order. A blank header is named after
    /// its column letter, e.g. `Column K`, so its data is not lost.
    pub headers: Vec<String>,
    /// Absolute zero-based row of the header.
    pub header_row: u32,
    /// Absolute zero-based column of `headers[0]`.
    pub first_col: u32,
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

impl Table {
    /// Finds the header row (the first of the first 20 rows holding `key`)
    /// and splits the sheet into headers and rows. `None` when no such row.
    pub fn locate(sheet: &str, range: Range<Data>, key: &ColumnName) -> Option<Table> {
        let (start_row, start_col) = range.start()?;
        let width = range.width();
        // calamine drops leading blank rows; the search counts from row 1.
        let search = HEADER_SEARCH_ROWS.saturating_sub(start_row as usize);
        let header_idx = range
            .rows()
            .take(search)
            .position(|row| row.iter().any(|c| matches!(c, Data::String(s) if key.matches(s))))?;
        let mut rows_iter = range.rows().skip(header_idx);
        let header_cells = rows_iter.next()?;
        // Trailing columns with neither a header nor data are dropped; the
        // range already ends at the last non-empty column.
        let headers: Vec<String> = header_cells
            .iter()
            .enumerate()
            .map(|(i, c)| match value::text(c) {
                Some(t) => t.into_owned(),
                None => format!("Column {}", column_letters(start_col + i as u32)),
            })
            .collect();
        let header_row = start_row + header_idx as u32;
        let mut rows = Vec::with_capacity(range.height().saturating_sub(header_idx + 1));
        for (i, cells) in rows_iter.enumerate() {
            if cells.iter().all(value::is_blank) {
                continue;
            }
            rows.push(TableRow { row: header_row + 1 + i as u32, cells: cells.to_vec() });
        }
        debug_assert!(headers.len() == width);
        Some(Table { sheet: sheet.to_string(), headers, header_row, first_col: start_col, rows })
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
            first_col: 0,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| TableRow { row: i as u32 + 1, cells: r.iter().map(cell).collect() })
                .collect(),
        }
    }

    /// Index of the column matching `name` (canonical name, then aliases).
    pub fn column(&self, name: &ColumnName) -> Option<usize> {
        name.find(&self.headers)
    }

    /// Index of the column whose header is `header` (normalized match).
    pub fn column_named(&self, header: &str) -> Option<usize> {
        let key = normalize(header);
        self.headers.iter().position(|h| normalize(h) == key)
    }

    /// The location of a cell in this table.
    pub fn cell_location(&self, row: u32, col: usize) -> Location {
        Location::cell(&self.sheet, row, self.first_col + col as u32)
    }

    /// The location of a header cell.
    pub fn header_location(&self, col: usize) -> Location {
        self.cell_location(self.header_row, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(rows: &[&[&str]], origin: (u32, u32)) -> Range<Data> {
        let h = rows.len() as u32;
        let w = rows.iter().map(|r| r.len()).max().unwrap_or(1) as u32;
        let mut r = Range::new(origin, (origin.0 + h - 1, origin.1 + w - 1));
        for (i, row) in rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    r.set_value((origin.0 + i as u32, origin.1 + j as u32), Data::String(v.to_string()));
                }
            }
        }
        r
    }

    const KEY: ColumnName = ColumnName { canonical: "Client ID", aliases: &["ID"] };

    #[test]
    fn skips_title_lines_and_blank_rows() {
        let r = range(
            &[&["Jordan's clients", ""], &["", ""], &["ID", "Name"], &["1", "Ann"], &["", ""], &["2", ""]],
            (0, 1),
        );
        let t = Table::locate("Clients", r, &KEY).unwrap();
        assert_eq!(t.header_row, 2);
        assert_eq!(t.first_col, 1);
        assert_eq!(t.headers, vec!["ID", "Name"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].row, 5);
        assert_eq!(t.cell_location(t.rows[1].row, 1).to_string(), "Clients!C6");
    }

    #[test]
    fn no_key_header_in_first_20_rows() {
        let mut rows: Vec<&[&str]> = vec![&["x"]; 20];
        rows.push(&["Client ID"]);
        assert!(Table::locate("S", range(&rows, (0, 0)), &KEY).is_none());
    }

    #[test]
    fn blank_headers_are_named_by_letter() {
        let r = range(&[&["Client ID", "", "Notes"], &["1", "x", "y"]], (0, 0));
        let t = Table::locate("S", r, &KEY).unwrap();
        assert_eq!(t.headers, vec!["Client ID", "Column B", "Notes"]);
    }
}
