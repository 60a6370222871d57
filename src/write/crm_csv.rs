//! `<book>.tiers.csv`: the tiers back into the CRM — Client ID, Name, Tier,
//! Primary Contact, one row per client in the book's order — saved like the
//! report, through a temporary file.

use std::path::Path;

use crate::error::Error;
use crate::model::Book;
use crate::plan::Plan;
use crate::segment::Segmentation;
use crate::write::write_atomically;

/// Writes the CRM list to `out` atomically.
pub fn write_crm_csv(book: &Book, seg: &Segmentation, plan: &Plan, out: &Path) -> Result<(), Error> {
    write_atomically(out, |file| {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
        let io = |e: csv::Error| e.to_string();
        w.write_record(["Client ID", "Name", "Tier", "Primary Contact"]).map_err(io)?;
        for (i, c) in book.clients.rows.iter().enumerate() {
            let contact = match plan.assignment.contact[i] {
                Some(k) => book.staff[k].name.as_str(),
                None => c.primary_contact.as_deref().unwrap_or(""),
            };
            w.write_record([c.id.as_str(), c.name.as_str(), book.tiers[seg.tier[i]].code.as_str(), contact])
                .map_err(io)?;
        }
        w.flush().map_err(|e| e.to_string())
    })
}
