//! Every worksheet of a workbook as its cells, for a file that is not an
//! advisor's book (the coach's advisors list): opened and read with the same
//! guards as a book, so a damaged file is refused and a stray cell at
//! XFD1048576 costs one cell, never a grid of seventeen billion.

use std::path::Path;

use calamine::{Reader, SheetType};

use super::{open, read_cells, sniff, Format, SheetCells};
use crate::error::Error;

/// The worksheets of the workbook in `bytes`, in order, each as its
/// non-blank cells (`path` names the file in messages and breaks format
/// ties).
///
/// Errors: as for a book: an empty file, text rather than a workbook (a CSV
/// is read by the caller), a damaged or encrypted file, a sheet that cannot
/// be read or is too sparse to lay out.
pub fn worksheets(path: &Path, bytes: Vec<u8>) -> Result<Vec<(String, SheetCells)>, Error> {
    if bytes.is_empty() {
        return Err(Error::EmptyFile { path: path.to_path_buf() });
    }
    let format = sniff(path, &bytes)?;
    if format == Format::Csv {
        return Err(Error::NotAWorkbook {
            path: path.to_path_buf(),
            detail: "it is text; name it .csv to read it as a list".into(),
        });
    }
    let mut sheets = open(path, bytes, format)?;
    let names: Vec<String> =
        sheets.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
    names.into_iter().map(|name| read_cells(path, &mut sheets, &name).map(|cells| (name, cells))).collect()
}
