//! A bare client list as delimited text (a CRM export).
//!
//! The delimiter is sniffed from the first line (comma, semicolon or tab, the
//! three CRMs and European Excel use), a UTF-8 byte-order mark is dropped, and
//! bytes that are not UTF-8 (Windows-1252 exports) are read lossily rather
//! than refused. Every cell is text; the lenient value readers do the rest.

use calamine::{Data, Range};

/// Parses delimited text into a range of text cells.
pub fn read(bytes: &[u8]) -> Range<Data> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let count = |d: u8| first_line.iter().filter(|b| **b == d).count();
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|d| count(*d)).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut record = csv::ByteRecord::new();
    // A malformed record ends the list where it breaks; what came before is kept.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        rows.push(record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect());
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if rows.is_empty() || width == 0 {
        return Range::empty();
    }
    let mut range = Range::new((0, 0), (rows.len() as u32 - 1, width as u32 - 1));
    for (r, row) in rows.into_iter().enumerate() {
        for (c, v) in row.into_iter().enumerate() {
            if !v.trim().is_empty() {
                range.set_value((r as u32, c as u32), Data::String(v));
            }
        }
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_semicolons_and_drops_bom() {
        let r = read(b"\xEF\xBB\xBFClient ID;Name;AUM\n1;Ann;\"1,5M\"\n2;Bob\n");
        assert_eq!(r.get_size(), (3, 3));
        assert_eq!(r.get((0, 0)), Some(&Data::String("Client ID".into())));
        assert_eq!(r.get((1, 2)), Some(&Data::String("1,5M".into())));
        assert_eq!(r.get((2, 2)), Some(&Data::Empty));
    }

    #[test]
    fn windows_1252_is_read_lossily() {
        let r = read(b"Client ID,Name\n1,Ren\xe9e\n");
        assert!(matches!(r.get((1, 1)), Some(Data::String(s)) if s.starts_with("Ren")));
    }
}
