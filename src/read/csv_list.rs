//! A bare client list as delimited text (a CRM export).
//!
//! The text encoding is told by the bytes: a byte-order mark names UTF-8 or
//! UTF-16 (Excel's "Unicode Text"); without one, UTF-8 when the bytes are
//! valid UTF-8, else Windows-1252 (Excel's plain "CSV" on Windows), and the
//! reader says which encoding it assumed. The delimiter is sniffed from the
//! first line (comma, semicolon or tab). Every cell is text; validation types
//! the columns.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use calamine::Data;

use crate::read::sheet::SheetCells;

/// A delimited list, decoded and split.
#[derive(Debug)]
pub struct CsvList {
    /// The non-blank cells, all text.
    pub cells: SheetCells,
    /// The delimiter found (`,`, `;` or tab).
    pub delimiter: u8,
    /// The encoding assumed when the bytes were not plainly UTF-8 (no BOM,
    /// or a BOM naming another encoding), e.g. `windows-1252`, `UTF-16LE`.
    pub assumed_encoding: Option<&'static str>,
}

/// Why a text file cannot be read as a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Undecodable {
    /// The encoding the byte-order mark names.
    pub encoding: &'static str,
}

/// Decodes and splits delimited text.
pub fn read(bytes: &[u8]) -> Result<CsvList, Undecodable> {
    let (text, assumed_encoding) = decode(bytes)?;
    let first_line = text.lines().next().unwrap_or("");
    let count = |d: u8| first_line.bytes().filter(|b| *b == d).count();
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|d| count(*d)).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let mut record = csv::StringRecord::new();
    // A malformed record ends the list where it breaks; what came before is kept.
    let mut r: u32 = 0;
    while let Ok(true) = reader.read_record(&mut record) {
        for (c, v) in record.iter().enumerate() {
            cells.push((r, c as u32, Data::String(v.to_string())));
        }
        r = r.saturating_add(1);
    }
    Ok(CsvList { cells: SheetCells::from_cells(cells), delimiter, assumed_encoding })
}

/// The text of the file and the encoding assumed when it was not UTF-8.
fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), Undecodable> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or(Undecodable { encoding: encoding.name() })?;
        let assumed = (encoding != UTF_8).then_some(encoding.name());
        return Ok((text.into_owned(), assumed));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), None));
    }
    // Windows-1252 maps every byte to a character, so this never fails and
    // never yields U+FFFD.
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), Some(WINDOWS_1252.name())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(l: &CsvList, r: u32, c: u32) -> Option<&str> {
        l.cells.cells.iter().find(|x| x.row == r && x.col == c).and_then(|x| match &x.value {
            Data::String(s) => Some(s.as_str()),
            _ => None,
        })
    }

    #[test]
    fn sniffs_semicolons_and_drops_bom() {
        let l = read(b"\xEF\xBB\xBFClient ID;Name;AUM\n1;Ann;\"1,5M\"\n2;Bob\n").unwrap();
        assert_eq!(l.delimiter, b';');
        assert_eq!(l.assumed_encoding, None);
        assert_eq!(cell(&l, 0, 0), Some("Client ID"));
        assert_eq!(cell(&l, 1, 2), Some("1,5M"));
        assert_eq!(cell(&l, 2, 2), None);
    }

    #[test]
    fn windows_1252_is_decoded_and_named() {
        let l = read(b"Client ID,Name\n1,Ren\xe9e \x96 trustee\n2,\xa3800\n").unwrap();
        assert_eq!(cell(&l, 1, 1), Some("Renée – trustee"));
        assert_eq!(cell(&l, 2, 1), Some("£800"));
        assert_eq!(l.assumed_encoding, Some("windows-1252"));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let text = "Client ID\tName\n1\tJürgen Müller\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let l = read(&bytes).unwrap();
            assert_eq!(l.delimiter, b'\t');
            assert_eq!(cell(&l, 1, 1), Some("Jürgen Müller"));
            assert_eq!(l.assumed_encoding, Some(name));
        }
    }

    #[test]
    fn broken_utf16_is_refused_not_replaced() {
        // A lone high surrogate.
        assert_eq!(read(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]).unwrap_err().encoding, "UTF-16LE");
    }
}
