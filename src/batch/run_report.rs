//! `run-report.csv` (or `run-report.shard-K-of-N.csv`): one row per book of
//! tonight's run, saying tonight's truth. A failed book shows its error and
//! blank figures; an unchanged one reads "unchanged (report from DATE)";
//! books an interrupted night never reached read "not run (interrupted)".
//! UTF-8 with a byte-order mark, so Excel on Windows shows "Zoë" and "·".

use std::io::Write;
use std::path::Path;

use crate::batch::portfolio::{BookResult, Status};
use crate::error::Error;
use crate::write::write_atomically;

/// The header row.
pub(crate) const HEADERS: [&str; 11] = [
    "Book",
    "Advisor",
    "Status",
    "Error",
    "Advisor Note",
    "Seconds",
    "Clients",
    "Tiers",
    "Warnings",
    "Warning Details",
    "Report",
];

/// The Status cell: "unchanged (report from 2026-11-29)" for an unchanged
/// book, the status word otherwise.
pub(crate) fn status_text(r: &BookResult) -> String {
    match r.status {
        Some(Status::Unchanged) => match r.made_at.get(..10) {
            Some(date) => format!("unchanged (report from {date})"),
            None => "unchanged".to_string(),
        },
        Some(s) => s.label().to_string(),
        None => Status::Failed.label().to_string(),
    }
}

/// Writes the run report of `results` to `path`, atomically.
pub(crate) fn write(results: &[BookResult], path: &Path) -> Result<(), Error> {
    write_atomically(path, |file| {
        let mut buf = std::io::BufWriter::new(file);
        buf.write_all("\u{feff}".as_bytes()).map_err(|e| e.to_string())?;
        let mut w = csv::Writer::from_writer(buf);
        let io = |e: csv::Error| e.to_string();
        w.write_record(HEADERS).map_err(io)?;
        for r in results {
            let m = &r.metrics;
            let reported = r.status.is_some_and(Status::reported);
            let figures: [String; 4] = if reported {
                let tiers: Vec<String> =
                    m.tier_codes.iter().zip(&m.tier_clients).map(|(c, n)| format!("{c} {n}")).collect();
                [m.clients.to_string(), tiers.join(" · "), m.warnings.len().to_string(), m.warnings.join(" | ")]
            } else {
                Default::default()
            };
            let seconds = if r.status == Some(Status::NotRun) { String::new() } else { format!("{:.3}", r.seconds) };
            let [clients, tiers, warnings, details] = figures;
            w.write_record([
                r.book.as_str(),
                r.advisor.as_str(),
                &status_text(r),
                r.error.as_str(),
                r.advisor_note.as_str(),
                &seconds,
                &clients,
                &tiers,
                &warnings,
                &details,
                if reported { r.report.as_str() } else { "" },
            ])
            .map_err(io)?;
        }
        w.flush().map_err(|e| e.to_string())
    })
}
