//! An advisor's report workbooks, found on disk and read back.
//!
//! The reports are found by their files (`DIR/<advisor folder>/…/*.tiers.xlsx`,
//! leaving out `DIR/outbox` and dot-folders), not through the batch's ledger,
//! and every figure the cover note gives is read from the report itself with
//! calamine: the Summary's facts by their label in column A, its tables by
//! their header row, the Review's movement counts and the Issues table. A
//! report lacking a figure the note needs is an error naming the report and
//! the label, never a note with a figure left out.

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Range, Reader};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::location::Location;
use crate::names::normalize;
use crate::send::SendError;
use crate::value::{self, Parsed};

/// One tier's line of the Summary.
#[derive(Debug, Clone, PartialEq)]
pub struct TierLine {
    /// The tier code (`A`).
    pub code: String,
    /// Its label (`Top clients`).
    pub label: String,
    /// Clients served at this tier.
    pub clients: u64,
    /// Clients in this tier at the previous run, when the report knows them.
    pub last: Option<u64>,
    /// Reviews overdue, when the book tracks delivery.
    pub overdue: Option<u64>,
}

/// The Review sheet's movement counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Movement {
    /// Clients moved to a higher tier.
    pub promoted: u64,
    /// Clients moved to a lower tier.
    pub demoted: u64,
    /// Clients with no previous tier.
    pub new: u64,
    /// Previous clients no longer in the book.
    pub departed: u64,
}

/// What a report says, as far as the cover note needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The file.
    pub path: PathBuf,
    /// Its path under DIR, with `/` separators (`Ann/practice.tiers.xlsx`).
    pub relative: String,
    /// SHA-256 of the file's bytes (lower-case hex).
    pub sha256: String,
    /// The advisor: the report's folder under DIR, which the batch names after
    /// the advisor's folder in the inbox, or the Summary's Advisor when it
    /// agrees with that folder (the one rule the batch, the roll-up and
    /// `send` share: `crate::batch::advisor`); the Summary's Advisor for a
    /// report lying directly in DIR.
    pub advisor: String,
    /// The Summary's As of date.
    pub as_of: NaiveDate,
    /// The Summary's Input file (the advisor's book).
    pub input_file: String,
    /// The Summary's Clients.
    pub clients: u64,
    /// Per tier, in the Summary's order.
    pub tiers: Vec<TierLine>,
    /// Where the previous tiers came from (the Summary's Previous tiers), and
    /// the movement since then; `None` when the report knows no previous tiers.
    pub movement: Option<(String, Movement)>,
    /// The Summary's warnings, in order (empty when it says none).
    pub warnings: Vec<String>,
    /// The Summary's Input issues count.
    pub input_issues: u64,
    /// The Issues sheet's rows as `Sheet!Cell: problem (found "value")`.
    pub issues: Vec<String>,
}

impl Report {
    /// A report with no figures, for unit tests of what is done with reports.
    #[cfg(test)]
    pub(crate) fn blank(advisor: &str, relative: &str, sha256: &str) -> Report {
        Report {
            path: PathBuf::from(relative),
            relative: relative.into(),
            sha256: sha256.into(),
            advisor: advisor.into(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default(),
            input_file: String::new(),
            clients: 0,
            tiers: Vec::new(),
            movement: None,
            warnings: Vec::new(),
            input_issues: 0,
            issues: Vec::new(),
        }
    }
}

/// The report files under `dir`, sorted by path: every `*.tiers.xlsx` in an
/// advisor's folder and its subfolders, leaving out `dir/outbox`, folders and
/// files whose name starts with `.`, Excel lock files (`~$…`) and links to
/// folders (which could lead out of DIR or round in a loop).
pub fn find(dir: &Path) -> Result<Vec<PathBuf>, SendError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| SendError::Dir { path: dir.to_path_buf(), detail: e.to_string() })?;
    let mut out = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.eq_ignore_ascii_case("outbox") {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&e.path(), &mut out);
        }
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(kind) = e.file_type() else { continue };
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if kind.is_dir() {
            walk(&e.path(), out);
        } else if name.to_lowercase().ends_with(".tiers.xlsx") {
            out.push(e.path());
        }
    }
}

/// Reads the report at `path` (under `dir`).
///
/// Errors: the file cannot be read or opened, or a figure the cover note
/// needs is missing or not a count (the error names the sheet, the label
/// and, where there is one, the cell).
pub fn read(dir: &Path, path: &Path) -> Result<Report, SendError> {
    let fail = |detail: String| SendError::Report { path: path.to_path_buf(), detail };
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    let sha256 = crate::read::hex(&Sha256::digest(&bytes));
    let relative = path.strip_prefix(dir).unwrap_or(path);
    let folder = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    let relative = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    let mut wb = open_workbook_auto(path).map_err(|e| fail(format!("cannot open the workbook: {e}")))?;
    let mut sheet = |name: &str| -> Result<Sheet, SendError> {
        let range = wb
            .worksheet_range(name)
            .map_err(|e| fail(format!("no readable {name} sheet ({e}); is it a tierbook report?")))?;
        Ok(Sheet::new(name, range))
    };
    let (summary, review, issues_sheet) = (sheet("Summary")?, sheet("Review")?, sheet("Issues")?);

    let from_summary = || summary.fact("Advisor").and_then(|(_, d)| value::text(d).map(|t| t.into_owned()));
    // The batch's rule: the folder decides, named as the Summary names the
    // advisor when the two agree (`ann` and "Ann Archer").
    let advisor = if relative.contains('/') {
        let folder = if folder == crate::batch::advisor::TOP { "" } else { folder.as_str() };
        crate::batch::advisor::decide(folder, from_summary().as_deref()).0
    } else {
        from_summary().unwrap_or(folder)
    };
    let as_of = need(path, summary.require("As of")).and_then(|(at, d)| match value::date(d) {
        Parsed::Value(v) => Ok(v),
        _ => Err(fail(format!("{at}: As of is not a date"))),
    })?;
    let input_file =
        summary.fact("Input file").and_then(|(_, d)| value::text(d).map(|t| t.into_owned())).unwrap_or_default();
    let clients = need(path, summary.count("Clients"))?;
    let input_issues = need(path, summary.count("Input issues"))?;

    let tier_table = need(path, summary.table(&["Tier", "Label", "Clients"]))?;
    let mut tiers = Vec::new();
    for (row, cells) in summary.rows_below(tier_table.row) {
        let code = text(&cells[tier_table.cols[0]]);
        if code.is_empty() || normalize(&code) == "total" {
            break;
        }
        let clients = need(path, summary.count_at(row, tier_table.cols[2], &cells[tier_table.cols[2]]))?;
        tiers.push(TierLine { code, label: text(&cells[tier_table.cols[1]]), clients, last: None, overdue: None });
    }
    if tiers.is_empty() {
        return Err(fail("the Summary's tier table has no tiers".into()));
    }
    if let Ok(delivery) = summary.table(&["Tier", "Overdue"]) {
        for (row, cells) in summary.rows_below(delivery.row).take_while(|(_, c)| !text(&c[delivery.cols[0]]).is_empty())
        {
            let overdue = need(path, summary.count_at(row, delivery.cols[1], &cells[delivery.cols[1]]))?;
            if let Some(t) = tiers.iter_mut().find(|t| t.code == text(&cells[delivery.cols[0]])) {
                t.overdue = Some(overdue);
            }
        }
    }
    let warnings = match summary.fact_row("Warnings") {
        Some(top) => summary
            .rows_below(top)
            .map(|(_, cells)| text(&cells[0]))
            .take_while(|w| !w.is_empty())
            .filter(|w| !w.starts_with("None:"))
            .collect(),
        None => return Err(fail("the Summary has no Warnings section; is it a tierbook report?".into())),
    };

    let movement = if review.has_text_starting("No previous tiers known") {
        None
    } else {
        let count = |label: &str| need(path, review.count(label));
        let m = Movement {
            promoted: count("Promoted")?,
            demoted: count("Demoted")?,
            new: count("New")?,
            departed: count("Departed")?,
        };
        let sizes = need(path, review.table(&["Tier", "Last Year", "This Year"]))?;
        for (row, cells) in review.rows_below(sizes.row).take_while(|(_, c)| !text(&c[sizes.cols[0]]).is_empty()) {
            let last = need(path, review.count_at(row, sizes.cols[1], &cells[sizes.cols[1]]))?;
            if let Some(t) = tiers.iter_mut().find(|t| t.code == text(&cells[sizes.cols[0]])) {
                t.last = Some(last);
            }
        }
        let source = summary
            .fact("Previous tiers")
            .and_then(|(_, d)| value::text(d).map(|t| t.into_owned()))
            .unwrap_or_default();
        Some((source, m))
    };

    let table = need(path, issues_sheet.table(&["Sheet", "Cell", "Value", "Problem"]))?;
    let issues = issues_sheet
        .rows_below(table.row)
        .map(|(_, cells)| {
            let [sheet, cell, found, problem] = [0, 1, 2, 3].map(|k| text(&cells[table.cols[k]]));
            match (sheet.is_empty(), found.is_empty()) {
                (true, _) => problem,
                (false, true) => format!("{sheet}!{cell}: {problem}"),
                (false, false) => format!("{sheet}!{cell}: {problem} (found {found:?})"),
            }
        })
        .filter(|line| !line.is_empty())
        .collect();

    Ok(Report {
        path: path.to_path_buf(),
        relative,
        sha256,
        advisor,
        as_of,
        input_file,
        clients,
        tiers,
        movement,
        warnings,
        input_issues,
        issues,
    })
}

/// A figure the note needs, or the error naming the report.
fn need<T>(path: &Path, r: Result<T, String>) -> Result<T, SendError> {
    r.map_err(|detail| SendError::Report { path: path.to_path_buf(), detail })
}

fn text(cell: &Data) -> String {
    value::text(cell).map(|t| t.into_owned()).unwrap_or_default()
}

/// A header row found in a sheet: its index and the columns of the headers
/// asked for, in the order asked.
struct Found {
    row: usize,
    cols: Vec<usize>,
}

/// A report sheet as rows of cells, positions kept for messages.
struct Sheet {
    name: String,
    start: (u32, u32),
    rows: Vec<Vec<Data>>,
}

impl Sheet {
    fn new(name: &str, range: Range<Data>) -> Sheet {
        let start = range.start().unwrap_or((0, 0));
        Sheet { name: name.to_string(), start, rows: range.rows().map(<[Data]>::to_vec).collect() }
    }

    fn at(&self, row: usize, col: usize) -> Location {
        Location::cell(&self.name, self.start.0 + row as u32, self.start.1 + col as u32)
    }

    /// The row whose first cell is `label`.
    fn fact_row(&self, label: &str) -> Option<usize> {
        let key = normalize(label);
        self.rows.iter().position(|r| r.first().is_some_and(|c| normalize(&text(c)) == key))
    }

    /// The first non-blank cell right of `label` in column A, with its place.
    fn fact(&self, label: &str) -> Option<(Location, &Data)> {
        let row = self.fact_row(label)?;
        let col = self.rows[row].iter().skip(1).position(|c| !value::is_blank(c))? + 1;
        Some((self.at(row, col), &self.rows[row][col]))
    }

    fn require(&self, label: &str) -> Result<(Location, &Data), String> {
        self.fact(label).ok_or_else(|| format!("{}: no {label:?} row; is it a tierbook report?", self.name))
    }

    fn count(&self, label: &str) -> Result<u64, String> {
        let row =
            self.fact_row(label).ok_or_else(|| format!("{}: no {label:?} row; is it a tierbook report?", self.name))?;
        let col = self.rows[row].iter().skip(1).position(|c| !value::is_blank(c)).map_or(1, |c| c + 1);
        self.count_at(row, col, self.rows[row].get(col).unwrap_or(&Data::Empty))
    }

    /// A cell that must hold a whole, non-negative number.
    fn count_at(&self, row: usize, col: usize, cell: &Data) -> Result<u64, String> {
        match value::number(cell) {
            Parsed::Value(v) if v >= 0.0 && v.fract() == 0.0 && v < 1e15 => Ok(v as u64),
            _ => Err(format!("{}: expected a count, found {:?}", self.at(row, col), value::display(cell))),
        }
    }

    /// The first row holding every header of `headers` (in any columns).
    fn table(&self, headers: &[&str]) -> Result<Found, String> {
        self.rows
            .iter()
            .enumerate()
            .find_map(|(row, cells)| {
                let keys: Vec<String> = cells.iter().map(|c| normalize(&text(c))).collect();
                let cols: Option<Vec<usize>> =
                    headers.iter().map(|h| keys.iter().position(|k| *k == normalize(h))).collect();
                cols.map(|cols| Found { row, cols })
            })
            .ok_or_else(|| format!("{}: no table with the headers {}", self.name, headers.join(", ")))
    }

    fn rows_below(&self, row: usize) -> impl Iterator<Item = (usize, &Vec<Data>)> {
        self.rows.iter().enumerate().skip(row + 1)
    }

    fn has_text_starting(&self, prefix: &str) -> bool {
        self.rows.iter().take(5).flatten().any(|c| text(c).starts_with(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook;

    /// A minimal report: the Summary, Review and Issues as tierbook lays
    /// them out, with `clients` as the Summary's Clients cell (B5).
    fn fake(dir: &Path, clients: &str) -> PathBuf {
        let mut wb = Workbook::new();
        let s = wb.add_worksheet().set_name("Summary").unwrap();
        let facts: [(&str, &str); 4] =
            [("Advisor", "Ann"), ("As of", "2026-11-30"), ("Clients", clients), ("Input issues", "1")];
        for (r, (label, value)) in facts.iter().enumerate() {
            s.write_string(r as u32 + 2, 0, *label).unwrap();
            s.write_string(r as u32 + 2, 1, *value).unwrap();
        }
        for (c, h) in ["Tier", "Label", "Clients"].iter().enumerate() {
            s.write_string(8, c as u16, *h).unwrap();
        }
        s.write_row(9, 0, ["A", "Top"]).unwrap();
        s.write_number(9, 2, 3).unwrap();
        s.write_string(10, 0, "Total").unwrap();
        s.write_string(12, 0, "Warnings").unwrap();
        s.write_string(13, 0, "None: every tier is within its caps.").unwrap();
        let r = wb.add_worksheet().set_name("Review").unwrap();
        r.write_string(1, 0, "No previous tiers known: add a Previous Tier column.").unwrap();
        let i = wb.add_worksheet().set_name("Issues").unwrap();
        i.write_row(0, 0, ["Sheet", "Cell", "Value", "Problem", "What tierbook did"]).unwrap();
        i.write_row(1, 0, ["Clients", "C4", "lots", "Revenue is not an amount", "left blank"]).unwrap();
        std::fs::create_dir_all(dir.join("ann")).unwrap();
        let path = dir.join("ann/book.tiers.xlsx");
        wb.save(&path).unwrap();
        path
    }

    #[test]
    fn figures_are_read_by_label() {
        let dir = tempfile::tempdir().unwrap();
        let path = fake(dir.path(), "3");
        let r = read(dir.path(), &path).unwrap();
        assert_eq!(
            (r.advisor.as_str(), r.as_of.to_string(), r.clients, r.input_issues),
            ("Ann", "2026-11-30".into(), 3, 1),
            "the report's folder, named as the Summary names the advisor when they agree, as in the batch"
        );
        assert_eq!(r.relative, "ann/book.tiers.xlsx");
        assert_eq!(
            r.tiers,
            vec![TierLine { code: "A".into(), label: "Top".into(), clients: 3, last: None, overdue: None }]
        );
        assert_eq!(r.movement, None);
        assert!(r.warnings.is_empty());
        assert_eq!(r.issues, ["Clients!C4: Revenue is not an amount (found \"lots\")"]);
        assert_eq!(find(dir.path()).unwrap(), vec![path]);
    }

    #[test]
    fn a_figure_that_is_not_a_count_is_an_error_naming_its_cell() {
        for bad in ["many", "2.5", "-1"] {
            let dir = tempfile::tempdir().unwrap();
            let path = fake(dir.path(), bad);
            let e = read(dir.path(), &path).unwrap_err().to_string();
            assert!(e.ends_with(&format!("Summary!B5: expected a count, found {bad:?}")), "{e}");
        }
    }
}
