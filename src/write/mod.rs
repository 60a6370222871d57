//! Writing the tiered workbook with rust_xlsxwriter.
//!
//! Each sheet is built in its own module as a standalone `Worksheet` and
//! pushed in the spec's order. The workbook is saved to a temporary file in
//! the target folder and renamed into place, so no half-written report ever
//! sits at the output path (rust_xlsxwriter's own `save` truncates first).

mod cells;
mod criteria_sheet;
mod exceptions_sheet;
mod issues_sheet;
mod review_sheet;
pub mod style;
mod summary_sheet;
mod tier_sheet;

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use crate::error::Error;
use crate::error::Issue;
use crate::model::Book;
use crate::model::TierBy;
use crate::review::Review;
use crate::segment::Segmentation;
use crate::totals::{household_totals, tier_totals, warnings};

pub use tier_sheet::LEADING as TIER_SHEET_LEADING_COLUMNS;

/// Facts about the run printed at the top of the Summary.
#[derive(Debug, Clone)]
pub struct RunFacts {
    /// Input file name.
    pub input: String,
    /// SHA-256 of the input file.
    pub sha256: String,
    /// tierbook's version.
    pub version: String,
    /// Template used, if any.
    pub template: Option<String>,
    /// Last year's report given with `--previous`, if any.
    pub previous: Option<String>,
    /// When the report was made (for the document properties).
    pub made_on: NaiveDate,
}

/// Builds the whole report workbook in memory.
pub fn build(book: &Book, seg: &Segmentation, review: &Review, facts: &RunFacts) -> Result<Workbook, XlsxError> {
    let st = style::Styles::new(&book.settings.currency);
    let totals = tier_totals(book, seg);
    let warnings = warnings(book, seg, &totals);
    let mut wb = Workbook::new();
    let advisor = book.settings.advisor.clone().unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Client tiers — {}", if advisor.is_empty() { &facts.input } else { &advisor }))
            .set_author(&advisor)
            .set_comment(format!("Made by tierbook {} from {}", facts.version, facts.input)),
    );
    wb.push_worksheet(summary_sheet::write(book, seg, facts, &totals, &warnings, &st)?);
    let members = tier_sheet::members(seg, book.tiers.len());
    let changes = seg.changes_by_client();
    let households = (book.settings.tier_by == TierBy::Household).then(|| household_totals(book));
    for (t, rows) in members.iter().enumerate() {
        wb.push_worksheet(tier_sheet::write(book, seg, &changes, households.as_ref(), t, rows, &st)?);
    }
    wb.push_worksheet(exceptions_sheet::write(book, seg, &changes, &st)?);
    wb.push_worksheet(review_sheet::write(book, seg, review, &st)?);
    wb.push_worksheet(criteria_sheet::write(book, seg, &st)?);
    let issues: Vec<Issue> = book.issues.iter().chain(&seg.issues).cloned().collect();
    wb.push_worksheet(issues_sheet::write(&issues, &st)?);
    Ok(wb)
}

/// Builds the report and saves it atomically at `out`.
pub fn write_report(
    book: &Book,
    seg: &Segmentation,
    review: &Review,
    facts: &RunFacts,
    out: &Path,
) -> Result<(), Error> {
    let fail = |detail: String| Error::Write { path: out.to_path_buf(), detail };
    let mut wb = build(book, seg, review, facts).map_err(|e| fail(e.to_string()))?;
    save_atomically(&mut wb, out)
}

/// Saves `wb` to a temporary file beside `out`, then renames it into place.
pub fn save_atomically(wb: &mut Workbook, out: &Path) -> Result<(), Error> {
    let fail = |detail: String| Error::Write { path: out.to_path_buf(), detail };
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tierbook-").suffix(".tmp");
    // Temp files are private by default; a report is an ordinary file, so
    // ask for the usual mode (the umask still applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp =
        builder.tempfile_in(dir).map_err(|e| fail(format!("cannot create a file in {}: {e}", dir.display())))?;
    {
        let mut writer = std::io::BufWriter::new(tmp.as_file_mut());
        wb.save_to_writer(&mut writer).map_err(|e| fail(e.to_string()))?;
        writer.flush().map_err(|e| fail(e.to_string()))?;
    }
    tmp.as_file().sync_all().map_err(|e| fail(e.to_string()))?;
    tmp.persist(out).map_err(|e| fail(format!("cannot move the finished report into place: {}", e.error)))?;
    Ok(())
}

/// The sheet name of a tier: `Tier A`.
pub fn sheet_name_for_tier(code: &str) -> String {
    format!("Tier {code}")
}

/// A valid, unique-enough Excel table name: letters, digits and `_`.
pub fn table_name(raw: &str) -> String {
    let mut s: String = raw.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if !s.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        s.insert(0, '_');
    }
    s
}

/// Landscape, one page wide, a title header and page numbers in the footer.
pub fn print_setup(ws: &mut Worksheet, title: &str) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let safe = crate::error::shorten(title, 80).replace('&', "&&");
    ws.set_header(format!("&L&\"-,Bold\"{safe}&R&D"));
    ws.set_footer("&LMade by tierbook&RPage &P of &N");
    Ok(())
}
