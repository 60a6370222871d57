//! Every worksheet of a workbook as its cells, for a file that is not an
//! advisor's book (the coach's advisors list): opened and read with the same
//! guards as a book, so a damaged file is refused and a stray cell at
//! XFD1048576 costs one cell, never a grid of seventeen billion.

use std::path::Path;

use calamine::{Reader, SheetType};

use super::{dimension, open, read_cells, sniff, Format, SheetCells};
use crate::error::Error;

/// One worksheet: its name, and its non-blank cells or why they could not
/// be read.
pub type ReadSheet = (String, Result<SheetCells, Error>);

/// The worksheets of the workbook in `bytes`, in order (`path` names the
/// file in messages and breaks format ties). A sheet that cannot be read is
/// returned with its error, so the caller can use the others; as for a
/// book, an invalid size hint (`<dimension ref="A0:…">`) is dropped and the
/// workbook read again.
///
/// Errors: the file as a whole: empty, text rather than a workbook (a CSV is
/// read by the caller), damaged or encrypted.
pub fn worksheets(path: &Path, bytes: Vec<u8>) -> Result<Vec<ReadSheet>, Error> {
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
    let read = |bytes: Vec<u8>| -> Result<Vec<ReadSheet>, Error> {
        let mut sheets = open(path, bytes, format)?;
        let names: Vec<String> =
            sheets.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
        Ok(names
            .into_iter()
            .map(|name| {
                let cells = read_cells(path, &mut sheets, &name);
                (name, cells)
            })
            .collect())
    };
    let first = read(bytes.clone())?;
    if format == Format::Xlsx && first.iter().any(|(_, cells)| cells.is_err()) {
        if let Some(Ok(again)) = dimension::strip(&bytes).map(read) {
            return Ok(again);
        }
    }
    Ok(first)
}
