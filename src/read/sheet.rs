//! A worksheet as the cells it holds, never as the box it spans.
//!
//! calamine's `worksheet_range` builds a dense grid over the bounding box of
//! every cell, so one stray space at XFD1048576 asks for half a terabyte. For
//! .xlsx the cells are streamed instead, blanks are dropped as they come, and
//! only what holds a value is kept; the other formats (which calamine loads
//! whole when it opens them) are converted from their range the same way.
//! Along the way the stream tells two things a range hides: formula cells
//! whose result was never saved, and numbers the book shows zero-padded
//! (`0000000` format), which are kept as the text the advisor sees.

use std::io::{Read, Seek};

use calamine::{Data, DataRef, Range, Xlsx, XlsxError};

use crate::value;

/// One non-blank cell at its absolute zero-based position.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Absolute zero-based row.
    pub row: u32,
    /// Absolute zero-based column.
    pub col: u32,
    /// The value (never blank).
    pub value: Data,
}

/// The non-blank cells of a sheet, in row-then-column order, and the formula
/// cells that hold no saved result.
#[derive(Debug, Clone, Default)]
pub struct SheetCells {
    /// Non-blank cells, sorted by (row, col).
    pub cells: Vec<Cell>,
    /// Formula cells with no saved value: (row, col, formula text).
    pub unsaved_formulas: Vec<(u32, u32, String)>,
}

impl SheetCells {
    /// Keeps the non-blank cells of a dense range (formats other than .xlsx).
    pub fn from_range(range: &Range<Data>) -> SheetCells {
        let mut cells: Vec<Cell> = range
            .used_cells()
            .filter(|(_, _, v)| !value::is_empty_cell(v))
            .filter_map(|(r, c, v)| {
                let (r0, c0) = range.start()?;
                Some(Cell { row: r0 + r as u32, col: c0 + c as u32, value: v.clone() })
            })
            .collect();
        cells.sort_by_key(|c| (c.row, c.col));
        SheetCells { cells, unsaved_formulas: Vec::new() }
    }

    /// Builds from (row, col, value) triples, dropping blank ones.
    pub fn from_cells(cells: impl IntoIterator<Item = (u32, u32, Data)>) -> SheetCells {
        let mut cells: Vec<Cell> = cells
            .into_iter()
            .filter(|(_, _, v)| !value::is_empty_cell(v))
            .map(|(row, col, value)| Cell { row, col, value })
            .collect();
        cells.sort_by_key(|c| (c.row, c.col));
        SheetCells { cells, unsaved_formulas: Vec::new() }
    }
}

/// Streams one .xlsx worksheet: values (with zero-padded numbers turned into
/// the text shown) and formula cells without a saved result.
pub fn read_xlsx<RS: Read + Seek>(book: &mut Xlsx<RS>, name: &str) -> Result<SheetCells, XlsxError> {
    // Pass 1: number formats, to know which numbers are shown zero-padded.
    // calamine gives a cell's style or its formula, never both, so this is a
    // second walk of the sheet's XML; a book whose styles hold no zero-padding
    // format (most books) skips it.
    let mut padded: Vec<((u32, u32), usize)> = Vec::new();
    let mut reader = book.worksheet_cells_reader(name)?;
    let widths: Vec<Option<usize>> =
        reader.styles().iter().map(|s| s.number_format.as_ref().and_then(|f| zero_pad_width(&f.format_code))).collect();
    if widths.iter().any(Option::is_some) {
        while let Some((cell, style)) = reader.next_cell_with_style_id()? {
            if let Some(Some(w)) = widths.get(style) {
                if matches!(cell.get_value(), DataRef::Float(_) | DataRef::Int(_)) {
                    padded.push((cell.get_position(), *w));
                }
            }
        }
    }
    drop(reader);
    // Files list cells row by row, but nothing forces them to.
    padded.sort_unstable_by_key(|(p, _)| *p);
    // Pass 2: values and formulas.
    let mut out = SheetCells::default();
    let mut reader = book.worksheet_cells_reader(name)?;
    while let Some(cell) = reader.next_cell_with_formula()? {
        let (row, col) = cell.pos;
        // Only a formula with no value at all is unsaved: `=IF(…,"",…)` saves
        // an empty text, which is a blank like any other.
        let no_value = matches!(cell.value, DataRef::Empty);
        let mut v: Data = cell.value.into();
        if value::is_empty_cell(&v) {
            if let Some(f) = cell.formula.filter(|f| no_value && !f.trim().is_empty()) {
                out.unsaved_formulas.push((row, col, f));
            }
            continue;
        }
        if let Ok(i) = padded.binary_search_by_key(&(row, col), |(p, _)| *p) {
            if let Some(text) = pad(&v, padded[i].1) {
                v = Data::String(text);
            }
        }
        out.cells.push(Cell { row, col, value: v });
    }
    out.cells.sort_by_key(|c| (c.row, c.col));
    Ok(out)
}

/// The width of a zero-padding number format such as `0000000` (or
/// `"00000"`), which shows 7001 as `0007001`; `None` for any other format.
pub fn zero_pad_width(code: &str) -> Option<usize> {
    let code = code.trim().trim_matches('"');
    (code.len() >= 2 && code.chars().all(|c| c == '0')).then_some(code.len())
}

/// The zero-padded text of a whole, non-negative number.
fn pad(v: &Data, width: usize) -> Option<String> {
    let n = match v {
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f < 1e15 => *f as u64,
        Data::Int(i) if *i >= 0 => *i as u64,
        _ => return None,
    };
    Some(format!("{n:0width$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_pad_formats() {
        assert_eq!(zero_pad_width("0000000"), Some(7));
        assert_eq!(zero_pad_width("\"00000\""), Some(5));
        assert_eq!(zero_pad_width("0"), None);
        assert_eq!(zero_pad_width("#,##0"), None);
        assert_eq!(zero_pad_width("0.00"), None);
        assert_eq!(pad(&Data::Float(7001.0), 7).as_deref(), Some("0007001"));
        assert_eq!(pad(&Data::Float(7001.5), 7), None);
        assert_eq!(pad(&Data::Float(-3.0), 7), None);
        assert_eq!(pad(&Data::Float(123456789.0), 7).as_deref(), Some("123456789"));
    }

    #[test]
    fn blank_cells_are_dropped_and_order_kept() {
        let s = SheetCells::from_cells([
            (5, 0, Data::String("b".into())),
            (0, 3, Data::String("  ".into())),
            (0, 1, Data::Float(1.0)),
            (1_048_575, 16_383, Data::String(" ".into())),
        ]);
        assert_eq!(s.cells.len(), 2);
        assert_eq!((s.cells[0].row, s.cells[0].col), (0, 1));
    }
}
