//! `<book>.tiers.csv`: the tiers back into the CRM — Client ID, Name, Tier,
//! Primary Contact, one row per client in the book's order — saved like the
//! report, through a temporary file.

use std::io::Write;
use std::path::Path;

use crate::error::Error;
use crate::model::Book;
use crate::plan::Plan;
use crate::segment::Segmentation;
use crate::write::write_atomically;

/// A field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// or a tab or carriage return in front) gets a leading apostrophe, as
/// OWASP advises for CSV files opened in Excel: the CRM list is opened by
/// hand as often as it is imported.
fn inert(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

/// The UTF-8 byte-order mark. Excel on Windows reads a CSV without it in
/// the local code page ("ZoÃ«" for "Zoë"); CRMs and tierbook's own
/// `--previous` reader skip it.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the CRM list to `out` atomically, UTF-8 with a byte-order mark.
pub fn write_crm_csv(book: &Book, seg: &Segmentation, plan: &Plan, out: &Path) -> Result<(), Error> {
    write_atomically(out, |file| {
        let mut buf = std::io::BufWriter::new(file);
        buf.write_all(UTF8_BOM).map_err(|e| e.to_string())?;
        let mut w = csv::Writer::from_writer(buf);
        let io = |e: csv::Error| e.to_string();
        w.write_record(["Client ID", "Name", "Tier", "Primary Contact"]).map_err(io)?;
        for (i, c) in book.clients.rows.iter().enumerate() {
            let contact = match plan.assignment.contact[i] {
                Some(k) => book.staff[k].name.as_str(),
                None => c.primary_contact.as_deref().unwrap_or(""),
            };
            let fields = [c.id.as_str(), c.name.as_str(), book.tiers[seg.tier[i]].code.as_str(), contact];
            w.write_record(fields.map(inert).iter().map(|f| f.as_bytes())).map_err(io)?;
        }
        w.flush().map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_utf8_with_a_byte_order_mark() {
        use crate::model::{Client, Clients};
        let book = Book::for_tests(Clients {
            rows: vec![Client { id: "C1".into(), name: "Zoë Ångström".into(), ..Client::default() }],
            ..Clients::default()
        });
        let seg = crate::segment::segment(&book, &[]);
        let plan = crate::plan::plan(&book, &seg);
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("book.tiers.csv");
        write_crm_csv(&book, &seg, &plan, &out).expect("list writes");
        let bytes = std::fs::read(&out).expect("list reads");
        let code = &book.tiers[seg.tier[0]].code;
        let expected = format!("\u{feff}Client ID,Name,Tier,Primary Contact\nC1,Zoë Ångström,{code},\n");
        assert_eq!(String::from_utf8(bytes).expect("UTF-8"), expected);
    }

    #[test]
    fn formula_like_fields_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("-1"), "'-1");
        assert_eq!(inert("@sum"), "'@sum");
        assert_eq!(inert("Ann"), "Ann");
    }
}
