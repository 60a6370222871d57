//! The coach's list of advisors: who gets which report, at which address.
//!
//! ADVISORS is a CSV file or a workbook with the columns `Advisor` and
//! `Email`, and optionally `Cc` and `Coach Note`, its header row within the
//! first 20 rows (title lines above it are skipped, as in an advisor's book).
//! In a workbook the sheet named `Advisors` is read, else the first sheet
//! holding an `Advisor` header. The sender may be given there too: a row whose
//! Advisor is `From`, or a `From` row on a `Settings` sheet.
//!
//! Every address is checked when the list is read; a row that cannot be used
//! is kept with its problem, so that the advisor is listed as not sent rather
//! than silently left out.

use std::path::Path;
use std::str::FromStr;

use calamine::{Data, Range};
use lettre::message::Mailbox;

use crate::names::{normalize, ColumnName};
use crate::read::{SheetCells, Table};
use crate::send::SendError;
use crate::value;

const ADVISOR: ColumnName = ColumnName { canonical: "Advisor", aliases: &["Advisor Name", "Name"] };
const EMAIL: ColumnName = ColumnName { canonical: "Email", aliases: &["E-mail", "Email Address", "Address", "To"] };
const CC: ColumnName = ColumnName::plain("Cc");
const NOTE: ColumnName = ColumnName { canonical: "Coach Note", aliases: &["Note", "Notes", "Coach Notes"] };
const SETTING: ColumnName = ColumnName { canonical: "Setting", aliases: &["Name", "Key"] };

/// One advisor row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvisorRow {
    /// The advisor's name as written.
    pub name: String,
    /// Where the row is, for messages: `advisors.csv: A4`, or
    /// `advisors.xlsx: Advisors!A4` in a workbook.
    pub place: String,
    /// The advisor's address (named after the advisor when the cell holds a
    /// bare address), or why there is none usable.
    pub to: Result<Mailbox, String>,
    /// Copies, in the order listed; a bad one makes the whole row unusable
    /// (it is listed in `to`'s error instead).
    pub cc: Vec<Mailbox>,
    /// The coach's own words for this advisor, if any.
    pub note: Option<String>,
}

/// The list as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdvisorList {
    /// The advisors, in list order.
    pub rows: Vec<AdvisorRow>,
    /// The sender named in the list, if any (or why it cannot be used).
    pub from: Option<Result<Mailbox, String>>,
}

impl AdvisorList {
    /// The rows for an advisor name, by the same matching as sheet and column
    /// names (case, blanks, `_`, `-`, `.` ignored).
    pub fn rows_for(&self, advisor: &str) -> Vec<&AdvisorRow> {
        let key = normalize(advisor);
        self.rows.iter().filter(|r| normalize(&r.name) == key).collect()
    }
}

/// Reads ADVISORS (a CSV file or any workbook calamine opens).
///
/// Errors: the file cannot be read, or no sheet has `Advisor` and `Email`
/// columns.
pub fn read(path: &Path) -> Result<AdvisorList, SendError> {
    let fail = |detail: String| SendError::Advisors { path: path.to_path_buf(), detail };
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    let file = crate::cmd::file_name(path);
    let is_csv = path.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv") || x.eq_ignore_ascii_case("txt"));
    // A workbook is read as a book is, cell by cell and guarded: a stray
    // cell far off or a damaged file cannot take the run down.
    let in_words = |e: crate::Error| crate::error::without_path(&e.to_string(), path).to_string();
    // A sheet that cannot be read (a second sheet of notes, say) does not
    // stop the list; it is named only if no readable sheet holds the list.
    let mut unreadable = Vec::new();
    let sheets: Vec<(String, SheetCells)> = if is_csv {
        vec![(file.clone(), SheetCells::from_range(&csv_range(&bytes)))]
    } else {
        crate::read::worksheets(path, bytes)
            .map_err(|e| fail(in_words(e)))?
            .into_iter()
            .filter_map(|(name, cells)| cells.map_err(|e| unreadable.push(in_words(e))).ok().map(|c| (name, c)))
            .collect()
    };
    let list = sheets
        .iter()
        .filter(|(name, _)| normalize(name) == "advisors")
        .chain(sheets.iter())
        .find_map(|(name, cells)| locate(name, cells, &ADVISOR).filter(|t| t.column(&EMAIL).is_some()))
        .ok_or_else(|| {
            let mut detail = "no sheet has an `Advisor` and an `Email` column in its first 20 rows".to_string();
            for why in &unreadable {
                detail.push_str(&format!("; {why}"));
            }
            fail(detail)
        })?;
    let mut out = from_table(&list, &file, is_csv);
    if out.from.is_none() {
        let settings = sheets.iter().find(|(name, _)| normalize(name) == "settings");
        if let Some(t) = settings.and_then(|(name, cells)| locate(name, cells, &SETTING)) {
            out.from = from_settings(&t);
        }
    }
    Ok(out)
}

/// Locates a table in a sheet's cells (a sheet too sparse to lay out is
/// not a table). The cells are copied: a sheet may be looked at twice.
fn locate(name: &str, cells: &SheetCells, key: &crate::names::ColumnName) -> Option<Table> {
    Table::locate(name, cells.clone(), key).ok().flatten()
}

/// The rows of a located advisors table.
fn from_table(t: &Table, file: &str, is_csv: bool) -> AdvisorList {
    let (Some(name_c), Some(email_c)) = (t.column(&ADVISOR), t.column(&EMAIL)) else {
        return AdvisorList::default();
    };
    let (cc_c, note_c) = (t.column(&CC), t.column(&NOTE));
    let mut list = AdvisorList::default();
    for row in &t.rows {
        let text = |c: usize| value::text(&row.cells[c]).map(|v| v.into_owned()).unwrap_or_default();
        let name = text(name_c);
        let email = text(email_c);
        if normalize(&name) == "from" {
            list.from = Some(mailbox(&email, None));
            continue;
        }
        // A CSV file has no sheet to name: `advisors.csv: B4`.
        let cell = |c: usize| {
            let at = t.cell_location(row.row, c);
            if is_csv {
                format!("{file}: {}", at.cell_ref())
            } else {
                format!("{file}: {at}")
            }
        };
        let place = cell(name_c);
        if name.is_empty() {
            if !email.is_empty() {
                list.rows.push(AdvisorRow {
                    name: String::new(),
                    place,
                    to: Err(format!("{}: an address with no advisor name", cell(name_c))),
                    cc: Vec::new(),
                    note: None,
                });
            }
            continue;
        }
        let mut to = match email.as_str() {
            "" => Err(format!("{}: no address", cell(email_c))),
            e if split_addresses(e).len() > 1 => {
                Err(format!("{}: one address per advisor (found {e:?}); put the others in Cc", cell(email_c)))
            }
            e => mailbox(e, Some(&name)).map_err(|why| format!("{}: {why}", cell(email_c))),
        };
        let mut cc = Vec::new();
        if let Some(c) = cc_c {
            for part in split_addresses(&text(c)) {
                match mailbox(part, None) {
                    Ok(m) => cc.push(m),
                    Err(why) if to.is_ok() => to = Err(format!("{}: Cc {why}", cell(c))),
                    Err(_) => {}
                }
            }
        }
        let note = note_c.map(text).filter(|n| !n.is_empty());
        list.rows.push(AdvisorRow { name, place, to, cc, note });
    }
    list
}

/// The `From` row of a Settings sheet (`Setting`, `Value`).
fn from_settings(t: &Table) -> Option<Result<Mailbox, String>> {
    let key = t.column(&SETTING)?;
    let value = t.column_named("Value").or_else(|| (t.headers.len() > key + 1).then_some(key + 1))?;
    let row = t.rows.iter().find(|r| value::text(&r.cells[key]).is_some_and(|k| normalize(&k) == "from"))?;
    Some(mailbox(&value::text(&row.cells[value]).unwrap_or_default(), None))
}

/// Splits a cell holding several addresses (`;` or `,` between them, as
/// Outlook and Apple Mail write them). A comma inside a quoted display name
/// does not split.
fn split_addresses(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' | ',' if !quoted => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// Parses `ann@x.com` or `Ann Archer <ann@x.com>`; a bare address is named
/// after `name` when one is given.
pub fn mailbox(text: &str, name: Option<&str>) -> Result<Mailbox, String> {
    let text = text.trim();
    let parsed = Mailbox::from_str(text).map_err(|_| format!("{text:?} is not an email address"))?;
    Ok(match (parsed.name.as_deref(), name) {
        (None, Some(n)) => Mailbox::new(Some(n.to_string()), parsed.email),
        _ => parsed,
    })
}

/// A CSV file as a range of text cells: a UTF-8 byte-order mark dropped,
/// the delimiter (comma, semicolon or tab) told by the first line holding
/// one, bytes that
/// are not UTF-8 read lossily.
fn csv_range(bytes: &[u8]) -> Range<Data> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Title lines above the header may hold no delimiter at all: the first
    // line holding one tells which.
    let first_line = bytes
        .split(|b| *b == b'\n')
        .take(20)
        .find(|l| l.iter().any(|b| matches!(b, b',' | b';' | b'\t')))
        .unwrap_or(&[]);
    let count = |d: u8| first_line.iter().filter(|b| **b == d).count();
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|d| count(*d)).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    // Each record keeps the line it starts on: the csv reader skips blank
    // lines, and a message must name the row the coach sees.
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    let mut record = csv::ByteRecord::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let line = record.position().map_or(rows.len() as u64 + 1, |p| p.line());
        let cells = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
        rows.push((u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX), cells));
    }
    let width = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    let Some(last) = rows.last().map(|(line, _)| *line) else { return Range::empty() };
    if width == 0 {
        return Range::empty();
    }
    let mut range = Range::new((0, 0), (last, width as u32 - 1));
    for (line, row) in rows {
        for (c, v) in row.into_iter().enumerate() {
            if !v.trim().is_empty() {
                range.set_value((line, c as u32), Data::String(v));
            }
        }
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(csv: &str) -> AdvisorList {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("advisors.csv");
        std::fs::write(&path, csv).unwrap();
        read(&path).unwrap()
    }

    #[test]
    fn rows_cc_notes_and_from() {
        let l = list(
            "Coach's list\n\nadvisor,E-mail,CC,coach note\nAnn Archer,ann@example.com,\"ops@example.com; Kim <kim@example.com>\",Well done\nFrom,coach@example.com,,\n",
        );
        assert_eq!(l.rows.len(), 1);
        let ann = &l.rows[0];
        assert_eq!(ann.to.as_ref().unwrap().to_string(), "Ann Archer <ann@example.com>");
        assert_eq!(
            ann.cc.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
            ["ops@example.com", "Kim <kim@example.com>"]
        );
        assert_eq!(ann.note.as_deref(), Some("Well done"));
        assert_eq!(ann.place, "advisors.csv: A4");
        assert_eq!(l.from.clone().unwrap().unwrap().to_string(), "coach@example.com");
        assert_eq!(l.rows_for("ann_archer").len(), 1);
    }

    #[test]
    fn unusable_rows_are_kept_with_their_problem() {
        let l = list("Advisor;Email;Cc\nBob;bob@;\nCy;;\nDi;di@example.com, dd@example.com;\nEd;ed@example.com;not an address\n;x@example.com;\n");
        let why: Vec<String> = l.rows.iter().map(|r| r.to.as_ref().unwrap_err().clone()).collect();
        assert_eq!(
            why,
            [
                "advisors.csv: B2: \"bob@\" is not an email address",
                "advisors.csv: B3: no address",
                "advisors.csv: B4: one address per advisor (found \"di@example.com, dd@example.com\"); put the others in Cc",
                "advisors.csv: C5: Cc \"not an address\" is not an email address",
                "advisors.csv: A6: an address with no advisor name",
            ]
        );
    }

    #[test]
    fn a_list_without_the_columns_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("advisors.csv");
        std::fs::write(&path, "Name,Phone\nAnn,555\n").unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.ends_with("no sheet has an `Advisor` and an `Email` column in its first 20 rows"), "{e}");
    }

    #[test]
    fn quoted_commas_do_not_split() {
        assert_eq!(split_addresses("\"Archer, Ann\" <a@x.org>; b@x.org"), ["\"Archer, Ann\" <a@x.org>", "b@x.org"]);
    }
}
