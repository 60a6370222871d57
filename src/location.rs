//! Where a value sits in the advisor's book: sheet and A1 cell reference.
//!
//! Every message tierbook prints, and every row of the Issues sheet, names a
//! place the advisor can click to. calamine trims leading blank rows and
//! columns and its deserializer reports wrong positions, so positions are
//! always computed here from absolute, zero-based row and column numbers.

use std::fmt;

/// A cell (or a whole sheet, or a column) in the input book.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// Sheet name as it is spelled in the book.
    pub sheet: String,
    /// Absolute zero-based row, when the location is a row or a cell.
    pub row: Option<u32>,
    /// Absolute zero-based column, when the location is a column or a cell.
    pub col: Option<u32>,
}

impl Location {
    /// A whole sheet.
    pub fn sheet(sheet: impl Into<String>) -> Self {
        Location { sheet: sheet.into(), row: None, col: None }
    }

    /// One cell, from absolute zero-based coordinates.
    pub fn cell(sheet: impl Into<String>, row: u32, col: u32) -> Self {
        Location { sheet: sheet.into(), row: Some(row), col: Some(col) }
    }

    /// A whole row, from an absolute zero-based row number.
    pub fn row(sheet: impl Into<String>, row: u32) -> Self {
        Location { sheet: sheet.into(), row: Some(row), col: None }
    }

    /// The A1-style reference without the sheet (`C17`, `17:17`, `C:C`), or
    /// an empty string for a whole sheet.
    pub fn cell_ref(&self) -> String {
        match (self.row, self.col) {
            (Some(r), Some(c)) => format!("{}{}", column_letters(c), r + 1),
            (Some(r), None) => format!("{0}:{0}", r + 1),
            (None, Some(c)) => format!("{0}:{0}", column_letters(c)),
            (None, None) => String::new(),
        }
    }
}

impl Location {
    /// The location prefixed with the file it is in, as messages print it:
    /// `book.xlsx: Clients!C4`, or `crm.csv!C4` for a CSV list, whose one
    /// sheet is the file itself (never `crm.csv: crm.csv!C4`).
    pub fn in_file(&self, file: &str) -> String {
        if self.sheet == file {
            self.to_string()
        } else {
            format!("{file}: {self}")
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cell = self.cell_ref();
        if cell.is_empty() {
            write!(f, "{}", self.sheet)
        } else {
            write!(f, "{}!{}", self.sheet, cell)
        }
    }
}

/// Spreadsheet column letters for a zero-based column: 0 → `A`, 27 → `AB`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn display() {
        assert_eq!(Location::cell("Clients", 16, 2).to_string(), "Clients!C17");
        assert_eq!(Location::row("Clients", 4).to_string(), "Clients!5:5");
        assert_eq!(Location::sheet("Criteria").to_string(), "Criteria");
    }
}
