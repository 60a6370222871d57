//! Dropping a worksheet's `<dimension>` size hint.
//!
//! The hint is optional in the file format and Excel and LibreOffice ignore a
//! wrong one (`A0:AZ48943`, written by some generators), but calamine refuses
//! the whole sheet over it. When a sheet cannot be read, the reader rebuilds
//! the package with every worksheet's hint removed and tries once more.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The package with `<dimension …/>` removed from every worksheet part, or
/// `None` when there was none to remove or the package cannot be rebuilt.
pub fn strip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let mut changed = false;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).ok()?;
        let name = file.name().ok()?.to_string();
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            let mut xml = Vec::new();
            file.read_to_end(&mut xml).ok()?;
            let stripped = remove_dimension(&xml);
            changed |= stripped.len() != xml.len();
            out.start_file(name, SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)).ok()?;
            out.write_all(&stripped).ok()?;
        } else {
            drop(file);
            let file = archive.by_index_raw(i).ok()?;
            out.raw_copy_file(file).ok()?;
        }
    }
    let bytes = out.finish().ok()?.into_inner();
    changed.then_some(bytes)
}

/// Removes `<dimension …>` and `</dimension>` tags, with or without a
/// namespace prefix.
fn remove_dimension(xml: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut i = 0;
    while i < xml.len() {
        if xml[i] == b'<' {
            let end = xml[i..].iter().position(|b| *b == b'>').map(|p| i + p);
            if let Some(end) = end {
                let tag = &xml[i + 1..end];
                let tag = tag.strip_prefix(b"/").unwrap_or(tag);
                let name_end = tag.iter().position(|b| b.is_ascii_whitespace() || *b == b'/').unwrap_or(tag.len());
                let name = &tag[..name_end];
                let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
                if local == b"dimension" {
                    i = end + 1;
                    continue;
                }
            }
        }
        out.push(xml[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_the_hint_only() {
        let xml = br#"<worksheet><dimension ref="A0:AZ48943"/><sheetData><row r="1"/></sheetData></worksheet>"#;
        assert_eq!(remove_dimension(xml), br#"<worksheet><sheetData><row r="1"/></sheetData></worksheet>"#.to_vec());
        let x = br#"<x:worksheet><x:dimension ref="A0"></x:dimension><x:dimensions/></x:worksheet>"#;
        assert_eq!(remove_dimension(x), br#"<x:worksheet><x:dimensions/></x:worksheet>"#.to_vec());
    }
}
