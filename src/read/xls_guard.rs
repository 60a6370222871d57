//! A declared sheet size calamine's .xls reader would trust.
//!
//! calamine reserves memory for every cell a sheet's DIMENSIONS record
//! declares, before reading any, and loads every sheet of an .xls when it
//! opens it. A damaged .xls that declares four billion rows aborts the process
//! on that reservation (found by fuzzing; an allocation failure cannot be
//! caught); a cell record in column 65,536 makes its dense range as large. An
//! .xls sheet holds at most 65,536 rows × 256 columns, so either is damage:
//! the book is refused before calamine sees it. The
//! compound file is opened with the `cfb` crate and the workbook stream walked
//! record by record, so no byte pattern elsewhere in the file is mistaken for
//! a record.

use std::io::{Cursor, Read};

/// Rows of an .xls sheet.
const MAX_ROWS: u64 = 65_536;
/// Columns of an .xls sheet.
const MAX_COLS: u64 = 256;
/// BIFF record type of DIMENSIONS.
const DIMENSIONS: u16 = 0x0200;

/// What in this .xls lies beyond what an .xls sheet can hold (a declared
/// size as calamine computes it, or a cell past column IV), in words; `None`
/// when everything fits.
pub fn oversized_sheet(bytes: &[u8]) -> Option<String> {
    match workbook_stream(bytes) {
        Some(data) => records(&data).find_map(|(typ, body)| oversized(typ, body, false)).or_else(|| {
            // calamine reads each sheet from the offset its BOUNDSHEET
            // record gives, which a damaged file may set off the record
            // boundaries of the walk above (found by fuzzing): walk from
            // there too, as calamine will.
            sheet_offsets(&data)
                .find_map(|at| records(data.get(at..)?).find_map(|(typ, body)| oversized(typ, body, false)))
        }),
        // A file the strict `cfb` parser refuses is malformed already, but
        // calamine's lenient one may still open it: every place such a record
        // could start is checked (fixed-length cell records only, so that
        // stray bytes rarely look like one).
        None => (0..bytes.len().saturating_sub(4)).find_map(|i| {
            let typ = u16::from_le_bytes([bytes[i], bytes[i + 1]]);
            let len = u16::from_le_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
            let body = bytes.get(i + 4..i + 4 + len)?;
            oversized(typ, body, true)
        }),
    }
}

/// The workbook stream of a compound file the `cfb` crate reads.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"].into_iter().find(|n| file.is_stream(n))?;
    let mut data = Vec::new();
    // A stream cannot hold more than the file; the bound guards a lying
    // directory entry.
    file.open_stream(name).ok()?.take(bytes.len() as u64).read_to_end(&mut data).ok()?;
    Some(data)
}

/// BIFF record type of BOUNDSHEET, whose body begins with the offset of its
/// sheet's records in the workbook stream.
const BOUNDSHEET: u16 = 0x0085;

/// Where each sheet's records begin, as BOUNDSHEET records say.
fn sheet_offsets(data: &[u8]) -> impl Iterator<Item = usize> + '_ {
    records(data)
        .filter(|(typ, _)| *typ == BOUNDSHEET)
        .filter_map(|(_, body)| body.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize))
}

/// The BIFF records of a stream, in order: (type, body).
fn records(data: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut i = 0usize;
    std::iter::from_fn(move || {
        if i + 4 > data.len() {
            return None;
        }
        let typ = u16::from_le_bytes([data[i], data[i + 1]]);
        let len = u16::from_le_bytes([data[i + 2], data[i + 3]]) as usize;
        let body = &data[i + 4..data.len().min(i + 4 + len)];
        i += 4 + len;
        Some((typ, body))
    })
}

/// The record, in words, when it lies beyond an .xls sheet: a DIMENSIONS
/// declaring more rows or columns (calamine reserves them all), or a cell
/// past the last column (calamine lays cells out densely over their span).
fn oversized(typ: u16, body: &[u8], fixed_only: bool) -> Option<String> {
    if typ == DIMENSIONS {
        return declared(body).filter(|&(rows, cols)| rows > MAX_ROWS || cols > MAX_COLS).map(|(rows, cols)| {
            format!("a sheet declares {rows} rows × {cols} columns, more than an .xls sheet holds")
        });
    }
    let col_at = |k: usize| body.get(k..k + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u64);
    let last_col = match (typ, body.len()) {
        // NUMBER, RK, LABELSST, BOOLERR: row, column, …
        (0x0203, 14) | (0x027E, 10) | (0x00FD, 10) | (0x0205, 8) => col_at(2),
        // MULRK: row, first column, 6 bytes a cell, last column.
        (0x00BD, n) if n >= 12 && (n - 6) % 6 == 0 => col_at(n - 2),
        // FORMULA, LABEL, RSTRING: variable length.
        (0x0006 | 0x0204 | 0x00D6, n) if !fixed_only && n >= 8 => col_at(2),
        _ => None,
    }?;
    (last_col >= MAX_COLS)
        .then(|| format!("a cell lies in column {}, past the 256 columns an .xls sheet holds", last_col + 1))
}

/// Rows × columns of a DIMENSIONS record, computed as calamine 0.38 does
/// (`parse_dimensions`, then `end - start + 1` in 32 bits).
fn declared(r: &[u8]) -> Option<(u64, u64)> {
    let u16_at = |k: usize| r.get(k..k + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32);
    let u32_at = |k: usize| r.get(k..k + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let (rf, rl, cf, cl) = match r.len() {
        10 => (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?),
        14 | 16 => (u32_at(0)?, u32_at(4)?, u16_at(8)?, u16_at(10)?),
        _ => return None,
    };
    let cf = if 0xFF < cf || cl < cf { 0 } else { cf };
    if rl < 1 || cl < 1 {
        return Some((1, 1));
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) as u64;
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) as u64;
    Some((rows, cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut r = Vec::new();
        r.extend(rf.to_le_bytes());
        r.extend(rl.to_le_bytes());
        r.extend(cf.to_le_bytes());
        r.extend(cl.to_le_bytes());
        r.extend([0, 0]);
        r
    }

    #[test]
    fn sizes_as_calamine_computes_them() {
        assert_eq!(declared(&dims(0, 10, 0, 5)), Some((10, 5)));
        assert_eq!(declared(&dims(0, 65_536, 0, 256)), Some((65_536, 256)));
        assert_eq!(declared(&dims(0, 4_000_000_000, 0, 4)), Some((4_000_000_000, 4)));
        // A first row after the last wraps around, as it does in calamine.
        assert_eq!(declared(&dims(20, 10, 0, 1)), Some((4_294_967_286, 1)));
        assert_eq!(declared(&dims(0, 0, 0, 0)), Some((1, 1)));
        assert_eq!(declared(&[1, 2, 3]), None);
    }

    #[test]
    fn a_malformed_file_is_scanned_for_the_record() {
        assert_eq!(oversized_sheet(b"PK\x03\x04 not cfb"), None);
        let mut bytes = b"\xD0\xCF\x11\xE0junk".to_vec();
        bytes.extend([0x00, 0x02, 14, 0]);
        bytes.extend(dims(0, 4_000_000_000, 0, 40));
        assert_eq!(
            oversized_sheet(&bytes).as_deref(),
            Some("a sheet declares 4000000000 rows × 40 columns, more than an .xls sheet holds")
        );
        let mut fine = b"\xD0\xCF\x11\xE0junk".to_vec();
        fine.extend([0x00, 0x02, 14, 0]);
        fine.extend(dims(0, 300, 0, 12));
        assert_eq!(oversized_sheet(&fine), None);
        // A NUMBER cell in column 65,536.
        let mut far = b"\xD0\xCF\x11\xE0junk".to_vec();
        far.extend([0x03, 0x02, 14, 0, 1, 0, 0xFF, 0xFF]);
        far.extend([0; 10]);
        assert_eq!(
            oversized_sheet(&far).as_deref(),
            Some("a cell lies in column 65536, past the 256 columns an .xls sheet holds")
        );
        // MULRK from column 2 to column 300.
        assert_eq!(
            oversized(0x00BD, &[0, 0, 2, 0, 1, 2, 3, 4, 5, 6, 0x2B, 0x01], true).as_deref(),
            Some("a cell lies in column 300, past the 256 columns an .xls sheet holds")
        );
        assert_eq!(oversized(0x00BD, &[0, 0, 2, 0, 1, 2, 3, 4, 5, 6, 0x03, 0x00], true), None);
    }
}
