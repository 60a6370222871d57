//! Writing the tiered workbook with rust_xlsxwriter.
//!
//! Each sheet is built in its own module as a standalone `Worksheet` and
//! pushed in the spec's order. The workbook is saved to a temporary file in
//! the target folder and renamed into place, so no half-written report ever
//! sits at the output path (rust_xlsxwriter's own `save` truncates first).

mod calendar_sheet;
mod cells;
mod criteria_sheet;
mod crm_csv;
mod exceptions_sheet;
mod issues_sheet;
pub mod layout;
mod portfolio_book;
mod resources_sheet;
mod review_sheet;
mod service_grid_sheet;
pub mod starter;
mod starter_columns;
pub mod style;
mod summary_sheet;
mod tier_sheet;

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::analysis::Analysis;
use crate::error::Error;
use crate::model::Book;
use crate::plan::Plan;
use crate::review::Review;
use crate::segment::{Change, Segmentation};

pub use crm_csv::write_crm_csv;
pub use portfolio_book::write_portfolio;

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
}

/// Everything a sheet writer may need: the stages' results ([`Parts`],
/// reached through `cx.book`, `cx.analysis`…), plus what only the layout
/// uses.
pub struct Context<'a> {
    /// The core's results.
    pub parts: Parts<'a>,
    /// Facts about the run.
    pub facts: &'a RunFacts,
    /// Each client's tier changes, in the order applied.
    pub changes: Vec<Vec<&'a Change>>,
    /// Cell formats.
    pub styles: style::Styles,
}

impl<'a> std::ops::Deref for Context<'a> {
    type Target = Parts<'a>;
    fn deref(&self) -> &Parts<'a> {
        &self.parts
    }
}

impl Context<'_> {
    /// The name shown as client `i`'s primary contact: the assigned staff
    /// member, else a pinned name the Staff sheet does not list, else blank.
    pub fn contact_name(&self, i: usize) -> &str {
        match self.plan.assignment.contact[i] {
            Some(k) => &self.book.staff[k].name,
            None => self.book.clients.rows[i].primary_contact.as_deref().unwrap_or(""),
        }
    }
}

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// A Calendar of more clients than this is streamed to disk as it is
    /// written (rust_xlsxwriter's constant-memory mode) rather than held in
    /// memory; a smaller one stays in memory, where its chart's cached values
    /// can see the cells it plots. The other client-sized sheets (tiers,
    /// Exceptions, Review, Issues) plot nothing and are always streamed:
    /// held in memory they cost about three times the memory and 15–20 % more
    /// time, even for a 350-client book (issue 15).
    pub stream_rows: usize,
    /// Zip compression level (1–9).
    pub compression: u8,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions { stream_rows: 20_000, compression: 3 }
    }
}

/// The stages' results a report is laid out from.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    /// The validated book.
    pub book: &'a Book,
    /// Scores and tiers.
    pub seg: &'a Segmentation,
    /// The service plan.
    pub plan: &'a Plan,
    /// The review against last year.
    pub review: &'a Review,
    /// Totals, warnings and issues, computed once.
    pub analysis: &'a Analysis,
}

/// Builds the whole report workbook.
pub fn build(parts: Parts<'_>, facts: &RunFacts, options: WriteOptions) -> Result<Workbook, XlsxError> {
    let Parts { book, seg, .. } = parts;
    let cx =
        Context { parts, facts, changes: seg.changes_by_client(), styles: style::Styles::new(&book.settings.currency) };
    let mut wb = Workbook::new();
    // Cells written without a format (names, counts) align to the top of
    // their row like the formatted ones, so a row grown for a wrapped `Why`
    // reads across from its first line. 20 × 64 pixels: Calibri 11's row
    // and column, unchanged.
    wb.set_default_format(&Format::new().set_align(FormatAlign::Top), 20, 64)?;
    wb.set_zip_compression_level(options.compression);
    let advisor = book.settings.advisor.clone().unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Client tiers — {}", if advisor.is_empty() { &facts.input } else { &advisor }))
            .set_author(&advisor)
            .set_comment(format!("Made by tierbook {} from {}", facts.version, facts.input))
            // Dated by the book's As Of, not the clock: the same book makes
            // the same bytes, so a nightly batch can tell nothing changed.
            .set_creation_datetime(&book.settings.as_of),
    );
    wb.push_worksheet(summary_sheet::write(&cx)?);
    number_formats(&mut wb, &cx.styles)?;
    let members = &parts.analysis.tier_members;
    let issues = &parts.analysis.issues;
    // The client-sized sheets are filled in parallel: each is its own
    // worksheet, and the second core would otherwise wait for the zip.
    let tier_sheets: Vec<Worksheet> =
        members.iter().map(|_| wb.new_worksheet_with_constant_memory()).collect::<Result<_, _>>()?;
    let calendar =
        if seg.len() > options.stream_rows { wb.new_worksheet_with_constant_memory()? } else { Worksheet::new() };
    let exceptions = wb.new_worksheet_with_constant_memory()?;
    let review_ws = wb.new_worksheet_with_constant_memory()?;
    let issues_ws = wb.new_worksheet_with_constant_memory()?;
    let cx = &cx;
    let (tiers, (calendar, (exceptions, (review_ws, issues_ws)))) = rayon::join(
        || {
            tier_sheets
                .into_par_iter()
                .zip(members)
                .enumerate()
                .map(|(t, (ws, rows))| tier_sheet::write(cx, ws, t, rows))
                .collect::<Result<Vec<_>, _>>()
        },
        || {
            rayon::join(
                || calendar_sheet::write(cx, calendar),
                || {
                    rayon::join(
                        || exceptions_sheet::write(cx, exceptions),
                        || {
                            rayon::join(
                                || review_sheet::write(cx, review_ws),
                                || issues_sheet::write(issues, &cx.styles, issues_ws),
                            )
                        },
                    )
                },
            )
        },
    );
    for ws in tiers? {
        wb.push_worksheet(ws);
    }
    wb.push_worksheet(service_grid_sheet::write(cx)?);
    wb.push_worksheet(resources_sheet::write(cx)?);
    wb.push_worksheet(calendar?);
    wb.push_worksheet(exceptions?);
    wb.push_worksheet(review_ws?);
    wb.push_worksheet(criteria_sheet::write(cx)?);
    wb.push_worksheet(issues_ws?);
    Ok(wb)
}

/// Numbers every format in the workbook's shared table, in a fixed order.
///
/// A streamed sheet numbers a format the first time it meets it, so sheets
/// filled in parallel would number them in whatever order the threads reach
/// them, and the same book would make different bytes from run to run.
/// Registered first, the numbering is always the same. The scratch sheet is
/// never added to the workbook; an unused format costs a line of styles.xml.
fn number_formats(wb: &mut Workbook, styles: &style::Styles) -> Result<(), XlsxError> {
    let mut numbering = wb.new_worksheet_with_constant_memory()?;
    for (c, format) in styles.all().into_iter().enumerate() {
        numbering.write_blank(0, c as u16, format)?;
    }
    Ok(())
}

/// Builds the report and saves it atomically at `out`.
pub fn write_report(parts: Parts<'_>, facts: &RunFacts, out: &Path) -> Result<(), Error> {
    let fail = |detail: String| Error::Write { path: out.to_path_buf(), detail };
    let mut wb = build(parts, facts, WriteOptions::default()).map_err(|e| fail(e.to_string()))?;
    save_atomically(&mut wb, out)
}

/// Saves `wb` to a temporary file beside `out`, then renames it into place.
pub fn save_atomically(wb: &mut Workbook, out: &Path) -> Result<(), Error> {
    write_atomically(out, |file| {
        let mut writer = std::io::BufWriter::new(file);
        wb.save_to_writer(&mut writer).map_err(|e| e.to_string())?;
        writer.flush().map_err(|e| e.to_string())
    })
}

/// Writes a file through a temporary file beside `out`, renamed into place
/// once complete: `out` holds the old file or the new one, never half of one.
pub fn write_atomically(out: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<(), String>) -> Result<(), Error> {
    stage_and_place(out, false, fill).map_err(|e| Error::Write {
        path: out.to_path_buf(),
        detail: match e {
            Placing::Taken => "another file took its place".to_string(),
            Placing::Failed(detail) => detail,
        },
    })
}

/// Why a staged file could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placing {
    /// `out` exists and was not to be replaced.
    Taken,
    /// Writing or moving failed, as said.
    Failed(String),
}

/// Fills a temporary file in `out`'s folder and moves it to `out` — over
/// any file there, or, with `keep_existing`, only if the name is still free
/// (linked into place, so a race cannot clobber either).
pub fn stage_and_place(
    out: &Path,
    keep_existing: bool,
    fill: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Result<(), Placing> {
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
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Placing::Failed(format!("cannot create a file in {}: {}", dir.display(), io_cause(&e))))?;
    fill(tmp.as_file_mut()).map_err(Placing::Failed)?;
    tmp.as_file().sync_all().map_err(|e| Placing::Failed(io_cause(&e)))?;
    let placed = if keep_existing { tmp.persist_noclobber(out) } else { tmp.persist(out) };
    placed.map_err(|e| {
        if keep_existing && e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Placing::Taken
        } else {
            Placing::Failed(format!("cannot move the finished file into place: {}", io_cause(&e.error)))
        }
    })?;
    Ok(())
}

/// What went wrong with a file, in words (see [`crate::error::io_words`]);
/// a missing file here is the folder the report goes to.
pub fn io_cause(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "the folder does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied (you may not write there)".into(),
        _ => crate::error::io_words(e),
    }
}

/// Rows in an Excel sheet.
pub const EXCEL_ROWS: u32 = 1_048_576;

/// Data rows that fit under a table whose header is on `header_row`.
fn rows_below(header_row: u32) -> usize {
    (EXCEL_ROWS - 1).saturating_sub(header_row) as usize
}

/// A list of `len` rows under a table header, cut to what a sheet holds: when
/// they do not all fit, the last row says how many were left out (a million
/// clients each with two bad cells; a book at Excel's row limit under the
/// Calendar's other tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    /// Row of the table's header.
    pub header_row: u32,
    /// Rows shown.
    pub shown: usize,
    /// Rows left out (0 when all fit); their count goes on the last row.
    pub left_out: usize,
}

impl Fit {
    /// Fits `len` rows under a header on `header_row`.
    pub fn new(header_row: u32, len: usize) -> Fit {
        let room = rows_below(header_row);
        let left_out = if len > room { len - (room - 1) } else { 0 };
        Fit { header_row, shown: len - left_out, left_out }
    }

    /// The table's last row: the shown rows, then the "… and N more" row.
    pub fn last_row(&self) -> u32 {
        self.header_row + (self.shown + usize::from(self.left_out > 0)) as u32
    }
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

/// Excel's limit on a table column name.
const MAX_TABLE_HEADER: usize = 255;

/// Table column names Excel accepts: at most 255 characters, unique ignoring
/// case (a long header cut short may meet another; the later gets ` (2)`).
pub fn table_headers(headers: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::with_capacity(headers.len());
    headers
        .into_iter()
        .map(|h| {
            let base = crate::error::shorten(&h, MAX_TABLE_HEADER - 6);
            let mut name = base.clone();
            let mut n = 2;
            while seen.contains(&name.to_lowercase()) {
                name = format!("{base} ({n})");
                n += 1;
            }
            seen.push(name.to_lowercase());
            name
        })
        .collect()
}

/// Landscape, one page wide and as many tall as needed, a title header and
/// page numbers in the footer ([`layout::print_setup`] with nothing repeated).
pub fn print_setup(ws: &mut Worksheet, title: &str) -> Result<(), XlsxError> {
    layout::print_setup(ws, layout::Print::new(title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Reader, Xlsx};

    /// A sheet's name and its used cells (row, column, value).
    type SheetCells = (String, Vec<(usize, usize, calamine::Data)>);

    /// Every cell of every sheet, read back.
    fn cells(bytes: Vec<u8>) -> Vec<SheetCells> {
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("report opens");
        wb.sheet_names()
            .into_iter()
            .map(|name| {
                let range = wb.worksheet_range(&name).expect("sheet reads");
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let used = range.used_cells().map(|(r, c, v)| (r + r0 as usize, c + c0 as usize, v.clone())).collect();
                (name, used)
            })
            .collect()
    }

    #[test]
    fn formats_are_numbered_the_same_whichever_sheet_meets_them_first() {
        let st = style::Styles::new("USD");
        let book = |money_first: bool, numbered: bool| {
            let mut wb = Workbook::new();
            if numbered {
                number_formats(&mut wb, &st).expect("formats numbered");
            }
            let mut a = wb.new_worksheet_with_constant_memory().expect("sheet");
            let mut b = wb.new_worksheet_with_constant_memory().expect("sheet");
            a.set_name("A").expect("name");
            b.set_name("B").expect("name");
            // The same cells either way; only which sheet meets its format first differs.
            if money_first {
                a.write_number_with_format(0, 0, 1.0, &st.money).expect("write");
                b.write_number_with_format(0, 0, 2.0, &st.hours).expect("write");
            } else {
                b.write_number_with_format(0, 0, 2.0, &st.hours).expect("write");
                a.write_number_with_format(0, 0, 1.0, &st.money).expect("write");
            }
            wb.push_worksheet(a);
            wb.push_worksheet(b);
            wb.save_to_buffer().expect("saves")
        };
        assert!(book(true, false) != book(false, false), "without numbering, the order shows in the bytes");
        assert!(book(true, true) == book(false, true), "numbered first, the bytes are the same");
    }

    #[test]
    fn a_list_longer_than_a_sheet_keeps_its_last_row_for_the_count() {
        let room = rows_below(0);
        assert_eq!(Fit::new(0, 10), Fit { header_row: 0, shown: 10, left_out: 0 });
        assert_eq!(Fit::new(0, 10).last_row(), 10);
        // Exactly full: every row shown, the table ends on Excel's last row.
        assert_eq!(Fit::new(0, room).left_out, 0);
        assert_eq!(Fit::new(0, room).last_row(), EXCEL_ROWS - 1);
        // One over: two rows go, one to make room for the line that counts them.
        let over = Fit::new(0, room + 1);
        assert_eq!((over.shown, over.left_out), (room - 1, 2));
        assert_eq!(over.last_row(), EXCEL_ROWS - 1);
        // Under other tables the room shrinks; nothing is lost in the count.
        let low = Fit::new(5, 1_048_575);
        assert_eq!(low.shown + low.left_out, 1_048_575);
        assert_eq!(low.last_row(), EXCEL_ROWS - 1);
    }

    #[test]
    fn streamed_sheets_hold_the_same_cells_as_in_memory_ones() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/practice.xlsx");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let raw = crate::read::read_book(&path).expect("sample reads");
        let facts = raw.facts();
        let book = crate::validate::validate(raw, today).expect("sample validates");
        let (previous, departed) = crate::review::previous_tiers(&book, None);
        let seg = crate::segment::segment(&book, &previous);
        let review = crate::review::review(&book, &seg, departed);
        let plan = crate::plan::plan(&book, &seg);
        let run = RunFacts {
            input: "practice.xlsx".into(),
            sha256: facts.sha256,
            version: "test".into(),
            template: None,
            previous: None,
        };
        let analysis = crate::analysis::analyse(&book, &seg, &plan);
        let parts = Parts { book: &book, seg: &seg, plan: &plan, review: &review, analysis: &analysis };
        let report = |options: WriteOptions| {
            let mut wb = build(parts, &run, options).expect("report builds");
            cells(wb.save_to_buffer().expect("report saves"))
        };
        let in_memory = report(WriteOptions::default());
        let streamed = report(WriteOptions { stream_rows: 0, compression: 1 });
        assert_eq!(in_memory.len(), 11);
        for ((name, a), (_, b)) in in_memory.iter().zip(&streamed) {
            assert_eq!(a.len(), b.len(), "{name}: cell count");
            assert!(a == b, "{name}: cells differ");
        }
    }
}
