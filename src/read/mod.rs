//! Reading an advisor's book: any workbook calamine opens, or a CSV list.
//!
//! The format is told by the file's bytes, not its name (`.XLSX`, a `.xls`
//! renamed `.xlsx` and a CSV saved as `.txt` all open), and the bytes are read
//! once: the same buffer is hashed for the Summary and parsed. Each sheet the
//! spec names is then located by name and by its key header, so title lines
//! an export puts above the header are skipped.

mod cfb_chains;
mod csv_list;
mod dimension;
mod previous;
mod sheet;
mod table;
mod worksheets;
mod xls_guard;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Ods, Reader, SheetType, Sheets, Xls, Xlsb, Xlsx};
use sha2::{Digest, Sha256};

use crate::error::{Error, Issue, Problem};
use crate::location::Location;
use crate::names::{normalize, ColumnName};

pub use previous::read_previous;
pub use sheet::{zero_pad_width, Cell, SheetCells};
pub use table::{max_span, span_start, Table, TableRow, TooSparse};
pub use worksheets::{worksheets, ReadSheet};

/// The input sheets the spec names, each with the header that marks its
/// header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// One row per client.
    Clients,
    /// The qualities clients are scored on.
    Criteria,
    /// Tier codes, bars and gates.
    Tiers,
    /// Manual overrides.
    Exceptions,
    /// Automatic exception rules.
    Rules,
    /// The service grid input.
    Services,
    /// Team members.
    Staff,
    /// Key/value settings.
    Settings,
}

pub use crate::schema::CLIENT_ID;

impl Role {
    /// Every role, in the order the spec lists the sheets.
    pub const ALL: [Role; 8] = [
        Role::Clients,
        Role::Criteria,
        Role::Tiers,
        Role::Exceptions,
        Role::Rules,
        Role::Services,
        Role::Staff,
        Role::Settings,
    ];

    /// The sheet name.
    pub fn sheet_name(self) -> &'static str {
        match self {
            Role::Clients => "Clients",
            Role::Criteria => "Criteria",
            Role::Tiers => "Tiers",
            Role::Exceptions => "Exceptions",
            Role::Rules => "Rules",
            Role::Services => "Services",
            Role::Staff => "Staff",
            Role::Settings => "Settings",
        }
    }

    /// The header that marks the sheet's header row.
    pub fn key_header(self) -> ColumnName {
        match self {
            Role::Clients => CLIENT_ID,
            Role::Criteria => ColumnName::plain("Criterion"),
            Role::Tiers => ColumnName::plain("Tier"),
            Role::Exceptions => ColumnName::plain("Client ID"),
            Role::Rules => ColumnName::plain("Rule"),
            Role::Services => ColumnName::plain("Service"),
            Role::Staff => ColumnName::plain("Name"),
            Role::Settings => ColumnName::plain("Setting"),
        }
    }
}

/// The file format, as told by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// Excel 97–2003 workbook (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// A bare client list as comma-, semicolon- or tab-separated text.
    Csv,
}

/// An input book, read and located: the sheets tierbook knows, as tables.
#[derive(Debug)]
pub struct RawBook {
    /// The input path as given.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The format found.
    pub format: Format,
    /// The sheets found, by role.
    pub tables: Vec<(Role, Table)>,
    /// Sheets that exist but could not be located (no key header), as
    /// problems; validation decides whether they stop the book.
    pub problems: Vec<Problem>,
    /// What reading worked around: the encoding assumed for a text file, a
    /// wrong size hint ignored, each formula cell with no saved value.
    pub issues: Vec<Issue>,
    /// Formula cells with no saved value, on every sheet (also on Issues):
    /// validation tells which of them a criterion, gate, rule or setting reads.
    pub unsaved_formulas: Vec<Location>,
    /// The delimiter of a text list (`None` for workbooks): a `;` list is a
    /// decimal-comma list unless Settings say otherwise.
    pub delimiter: Option<u8>,
}

/// What the Summary says about the input file.
#[derive(Debug, Clone)]
pub struct RawBookFacts {
    /// The input path as given.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The format found.
    pub format: Format,
}

impl RawBook {
    /// The facts about the file, kept after the book is consumed.
    pub fn facts(&self) -> RawBookFacts {
        RawBookFacts { path: self.path.clone(), sha256: self.sha256.clone(), format: self.format }
    }

    /// The table for `role`, if the book has that sheet.
    pub fn table(&self, role: Role) -> Option<&Table> {
        self.tables.iter().find(|(r, _)| *r == role).map(|(_, t)| t)
    }

    /// Takes the table for `role` out of the book.
    pub fn take(&mut self, role: Role) -> Option<Table> {
        let pos = self.tables.iter().position(|(r, _)| *r == role)?;
        Some(self.tables.remove(pos).1)
    }
}

/// Reads the book at `path`: opens it whatever its format and locates the
/// sheets the spec names.
pub fn read_book(path: &Path) -> Result<RawBook, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    read_book_bytes(path, bytes)
}

/// [`read_book`] on bytes already read: `path` names the book in messages
/// and its extension breaks format ties (used by the fuzz targets).
pub fn read_book_bytes(path: &Path, bytes: Vec<u8>) -> Result<RawBook, Error> {
    if bytes.is_empty() {
        return Err(Error::EmptyFile { path: path.to_path_buf() });
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    let format = sniff(path, &bytes)?;
    let mut book = RawBook {
        path: path.to_path_buf(),
        sha256,
        format,
        tables: Vec::new(),
        problems: Vec::new(),
        issues: Vec::new(),
        unsaved_formulas: Vec::new(),
        delimiter: None,
    };
    if format == Format::Csv {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "Clients".into());
        let list = read_list(path, &bytes)?;
        if let Some(enc) = list.assumed_encoding {
            book.issues.push(Issue::new(
                Location::sheet(&name),
                enc,
                format!("the file is not UTF-8 text; read as {enc}"),
                "check the names in the report; in Excel save as \"CSV UTF-8\" to be sure",
            ));
        }
        book.delimiter = Some(list.delimiter);
        match locate(path, &name, list.cells, &CLIENT_ID)? {
            Some(t) => book.tables.push((Role::Clients, t)),
            None => book.problems.push(no_key_header(&name, Role::Clients)),
        }
    } else {
        let mut sheets = open(path, bytes.clone(), format)?;
        if let Err(e) = locate_sheets(path, &mut sheets, &mut book) {
            // A wrong size hint (`<dimension ref="A0:…">`) makes calamine refuse
            // the sheet; the hint is only a hint, so it is dropped and the book
            // read again.
            let Error::UnreadableSheet { sheet, .. } = &e else { return Err(e) };
            let sheet = sheet.clone();
            let Some(fixed) = (format == Format::Xlsx).then(|| dimension::strip(&bytes)).flatten() else {
                return Err(e);
            };
            let mut sheets = open(path, fixed, format)?;
            book.tables.clear();
            book.problems.clear();
            book.issues.clear();
            book.unsaved_formulas.clear();
            if locate_sheets(path, &mut sheets, &mut book).is_err() {
                return Err(e);
            }
            book.issues.insert(
                0,
                Issue::new(
                    Location::sheet(sheet),
                    "<dimension>",
                    "the workbook's size hint for a sheet is invalid",
                    "ignored: the cells were read as they are",
                ),
            );
        }
    }
    Ok(book)
}

fn read_list(path: &Path, bytes: &[u8]) -> Result<csv_list::CsvList, Error> {
    csv_list::read(bytes).map_err(|e| Error::Unreadable {
        path: path.to_path_buf(),
        detail: format!(
            "the text is marked as {} but is not valid {}; save it as \"CSV UTF-8\"",
            e.encoding, e.encoding
        ),
    })
}

/// Locates a table, turning a too-sparse sheet into an error naming it.
fn locate(path: &Path, sheet: &str, cells: SheetCells, key: &ColumnName) -> Result<Option<Table>, Error> {
    Table::locate(sheet, cells, key).map_err(|e| Error::SheetTooSparse {
        path: path.to_path_buf(),
        sheet: sheet.to_string(),
        cells: e.cells,
        span: e.span,
    })
}

fn locate_sheets(path: &Path, sheets: &mut Sheets<Cursor<Vec<u8>>>, book: &mut RawBook) -> Result<(), Error> {
    let worksheets: Vec<String> =
        sheets.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
    let mut unclaimed = Vec::new();
    for name in &worksheets {
        let cells = read_cells(path, sheets, name)?;
        for &(r, c, ref f) in &cells.unsaved_formulas {
            let at = Location::cell(name, r, c);
            book.issues.push(Issue::new(
                at.clone(),
                format!("={f}"),
                "formula with no saved value: open and save the book in Excel or LibreOffice",
                "left blank",
            ));
            book.unsaved_formulas.push(at);
        }
        let key = normalize(name);
        match Role::ALL.iter().find(|r| normalize(r.sheet_name()) == key) {
            Some(&role) if book.tables.iter().all(|(r, _)| *r != role) => {
                match locate(path, name, cells, &role.key_header())? {
                    Some(t) => book.tables.push((role, t)),
                    None => book.problems.push(no_key_header(name, role)),
                }
            }
            _ => unclaimed.push((name.clone(), cells)),
        }
    }
    // No sheet called Clients: the client list is the first other sheet with
    // an ID column (a CRM export is often just "Sheet1").
    if book.tables.iter().all(|(r, _)| *r != Role::Clients)
        && !book.problems.iter().any(|p| p.location.sheet.eq_ignore_ascii_case("clients"))
    {
        for (name, cells) in unclaimed {
            if let Some(t) = locate(path, &name, cells, &CLIENT_ID)? {
                book.tables.push((Role::Clients, t));
                break;
            }
        }
    }
    Ok(())
}

fn no_key_header(sheet: &str, role: Role) -> Problem {
    let key = role.key_header();
    let also = if key.aliases.is_empty() { String::new() } else { format!(" (or one of: {})", key.aliases.join(", ")) };
    Problem::new(
        Location::sheet(sheet),
        format!("no '{}' header{also} in the first 20 rows", key.canonical),
        format!("add a header row with a '{}' column at the top of the {} sheet", key.canonical, role.sheet_name()),
    )
}

/// The non-blank cells of one sheet: streamed for .xlsx (never a grid
/// sized by the sheet's extent), from calamine's range for the others.
fn read_cells(path: &Path, sheets: &mut Sheets<Cursor<Vec<u8>>>, name: &str) -> Result<SheetCells, Error> {
    let unreadable =
        |detail: String| Error::UnreadableSheet { path: path.to_path_buf(), sheet: name.to_string(), detail };
    guard_reader(|| match sheets {
        Sheets::Xlsx(x) => sheet::read_xlsx(x, name).map_err(|e| e.to_string()),
        other => other.worksheet_range(name).map(|r| SheetCells::from_range(&r)).map_err(|e| e.to_string()),
    })
    .map_err(unreadable)
}

thread_local! {
    /// True while this thread runs a reader call inside [`guard_reader`].
    static IN_GUARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// What a reader panic is reported as (it means a malformed file).
const MALFORMED: &str = "malformed";

/// Runs a calamine call, turning a panic inside the reader (a malformed
/// .xls whose structure its parser trusts, found by fuzzing) into an error:
/// the book is refused as damaged rather than reported as a tierbook failure.
///
/// The panic is expected here, so Rust's default "thread panicked at …" line
/// is not printed before the clear error: a panic hook, installed once and
/// passing every other panic on to the hook before it, stays quiet while
/// this thread is inside the guard.
fn guard_reader<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_GUARD.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = IN_GUARD.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_GUARD.with(|g| g.set(was));
    result.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("the reader stopped on a {MALFORMED} part: {what}"))
    })
}

/// Tells the format from the first bytes; the extension only breaks ties
/// between the zip-based formats and flags text files.
fn sniff(path: &Path, bytes: &[u8]) -> Result<Format, Error> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(match ext.as_str() {
            "xlsb" => Format::Xlsb,
            "ods" => Format::Ods,
            _ => Format::Xlsx,
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Format::Xls);
    }
    let is_text_ext = matches!(ext.as_str(), "csv" | "tsv" | "txt");
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    // A multi-byte character cut at the 4096th byte is still UTF-8.
    let head_is_utf8 = match std::str::from_utf8(&bytes[..bytes.len().min(4096)]) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    let looks_like_text = head_is_utf8 || is_text_ext && (utf16 || !bytes.contains(&0));
    if matches!(ext.as_str(), "csv" | "tsv" | "txt") && looks_like_text {
        return Ok(Format::Csv);
    }
    let detail = if looks_like_text {
        format!(
            "this is a text file, not a workbook (it begins {:?})",
            crate::error::shorten(&String::from_utf8_lossy(&bytes[..bytes.len().min(40)]), 30)
        )
    } else {
        "this is not a workbook: its content is not any spreadsheet format".to_string()
    };
    Err(Error::NotAWorkbook { path: path.to_path_buf(), detail })
}

/// Opens the workbook; a zip that is not the format its name says is tried as
/// the other zip formats before giving up, and the first error is kept.
fn open(path: &Path, bytes: Vec<u8>, format: Format) -> Result<Sheets<Cursor<Vec<u8>>>, Error> {
    let order: &[Format] = match format {
        Format::Xlsx => &[Format::Xlsx, Format::Ods, Format::Xlsb],
        Format::Xlsb => &[Format::Xlsb, Format::Xlsx, Format::Ods],
        Format::Ods => &[Format::Ods, Format::Xlsx, Format::Xlsb],
        _ => &[Format::Xls],
    };
    if format == Format::Xls {
        if let Some(what) = cfb_chains::looping_chain(&bytes) {
            return Err(Error::Unreadable { path: path.to_path_buf(), detail: format!("it is damaged: {what}") });
        }
        if let Some(what) = guard_reader(|| Ok(xls_guard::oversized_sheet(&bytes))).ok().flatten() {
            return Err(Error::Unreadable { path: path.to_path_buf(), detail: format!("it is damaged: {what}") });
        }
    }
    let mut first_error = None;
    for f in order {
        let cursor = Cursor::new(bytes.clone());
        let opened = guard_reader(|| match f {
            Format::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor).map(Sheets::Xlsx).map_err(|e| e.to_string()),
            Format::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(cursor).map(Sheets::Xlsb).map_err(|e| e.to_string()),
            Format::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
            _ => open_workbook_from_rs::<Xls<_>, _>(cursor).map(Sheets::Xls).map_err(|e| e.to_string()),
        });
        match opened {
            Ok(s) => return Ok(s),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let detail = first_error.unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let detail = if format == Format::Xls && matches!(ext.as_str(), "xlsx" | "xlsm") {
        format!("it is password-protected or encrypted ({detail})")
    } else if ["zip", "eof", MALFORMED].iter().any(|w| detail.to_ascii_lowercase().contains(w)) {
        format!("it is damaged or incomplete ({detail})")
    } else {
        detail
    };
    Err(Error::Unreadable { path: path.to_path_buf(), detail })
}

/// Lower-case hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        let p = Path::new("book.XLSX");
        assert_eq!(sniff(p, b"PK\x03\x04rest").ok(), Some(Format::Xlsx));
        assert_eq!(sniff(Path::new("b.ods"), b"PK\x03\x04").ok(), Some(Format::Ods));
        assert_eq!(
            sniff(Path::new("b.xlsx"), &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]).ok(),
            Some(Format::Xls)
        );
        assert_eq!(sniff(Path::new("list.CSV"), b"Client ID,Name\n1,A\n").ok(), Some(Format::Csv));
        let err = sniff(Path::new("b.xlsx"), b"Client ID,Name\n").unwrap_err().to_string();
        assert!(err.contains("text file, not a workbook"), "{err}");
    }

    #[test]
    fn a_panic_inside_the_reader_is_an_error() {
        let r: Result<(), String> = guard_reader(|| panic!("slice index starts at 9728 but ends at 9476"));
        assert_eq!(
            r,
            Err("the reader stopped on a malformed part: slice index starts at 9728 but ends at 9476".into())
        );
        assert_eq!(guard_reader(|| Ok(7)), Ok(7));
        // The flag is cleared on the way out, so the hook passes a later
        // panic on this thread to the hook before it.
        assert!(!IN_GUARD.with(std::cell::Cell::get));
    }

    #[test]
    fn hex_digest() {
        assert_eq!(hex(&Sha256::digest(b"abc"))[..16], *"ba7816bf8f01cfea");
    }
}
