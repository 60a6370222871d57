//! Reading an advisor's book: any workbook calamine opens, or a CSV list.
//!
//! The format is told by the file's bytes, not its name (`.XLSX`, a `.xls`
//! renamed `.xlsx` and a CSV saved as `.txt` all open), and the bytes are read
//! once: the same buffer is hashed for the Summary and parsed. Each sheet the
//! spec names is then located by name and by its key header, so title lines
//! an export puts above the header are skipped.

mod csv_list;
mod previous;
mod table;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Ods, Range, Reader, SheetType, Sheets, Xls, Xlsb, Xlsx};
use sha2::{Digest, Sha256};

use crate::error::{Error, Problem};
use crate::location::Location;
use crate::names::{normalize, ColumnName};

pub use previous::read_previous;
pub use table::{Table, TableRow};

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
    if bytes.is_empty() {
        return Err(Error::EmptyFile { path: path.to_path_buf() });
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    let format = sniff(path, &bytes)?;
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    if format == Format::Csv {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "Clients".into());
        let range = csv_list::read(&bytes);
        match Table::locate(&name, range, &CLIENT_ID) {
            Some(t) => tables.push((Role::Clients, t)),
            None => problems.push(no_key_header(&name, Role::Clients)),
        }
    } else {
        let mut sheets = open(path, bytes, format)?;
        locate_sheets(path, &mut sheets, &mut tables, &mut problems)?;
    }
    Ok(RawBook { path: path.to_path_buf(), sha256, format, tables, problems })
}

fn locate_sheets(
    path: &Path,
    sheets: &mut Sheets<Cursor<Vec<u8>>>,
    tables: &mut Vec<(Role, Table)>,
    problems: &mut Vec<Problem>,
) -> Result<(), Error> {
    let worksheets: Vec<String> =
        sheets.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
    let mut unclaimed = Vec::new();
    for name in &worksheets {
        let key = normalize(name);
        match Role::ALL.iter().find(|r| normalize(r.sheet_name()) == key) {
            Some(&role) if tables.iter().all(|(r, _)| *r != role) => {
                let range = read_range(path, sheets, name)?;
                match Table::locate(name, range, &role.key_header()) {
                    Some(t) => tables.push((role, t)),
                    None => problems.push(no_key_header(name, role)),
                }
            }
            _ => unclaimed.push(name.clone()),
        }
    }
    // No sheet called Clients: the client list is the first other sheet with
    // an ID column (a CRM export is often just "Sheet1").
    if tables.iter().all(|(r, _)| *r != Role::Clients)
        && !problems.iter().any(|p| p.location.sheet.eq_ignore_ascii_case("clients"))
    {
        for name in &unclaimed {
            let range = read_range(path, sheets, name)?;
            if let Some(t) = Table::locate(name, range, &CLIENT_ID) {
                tables.push((Role::Clients, t));
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

fn read_range(path: &Path, sheets: &mut Sheets<Cursor<Vec<u8>>>, name: &str) -> Result<Range<Data>, Error> {
    sheets.worksheet_range(name).map_err(|e| Error::UnreadableSheet {
        path: path.to_path_buf(),
        sheet: name.to_string(),
        detail: e.to_string(),
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
    let looks_like_text =
        std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() || (!bytes.contains(&0) && ext == "csv");
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
    let mut first_error = None;
    for f in order {
        let cursor = Cursor::new(bytes.clone());
        let opened = match f {
            Format::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor).map(Sheets::Xlsx).map_err(|e| e.to_string()),
            Format::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(cursor).map(Sheets::Xlsb).map_err(|e| e.to_string()),
            Format::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
            _ => open_workbook_from_rs::<Xls<_>, _>(cursor).map(Sheets::Xls).map_err(|e| e.to_string()),
        };
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
    } else if detail.to_ascii_lowercase().contains("zip") || detail.to_ascii_lowercase().contains("eof") {
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
    fn hex_digest() {
        assert_eq!(hex(&Sha256::digest(b"abc"))[..16], *"ba7816bf8f01cfea");
    }
}
