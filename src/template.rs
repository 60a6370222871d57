//! Templates: ready-made service models, kept as "sheets in text".
//!
//! A template is a TOML file holding the input sheets an advisor would
//! otherwise write by hand (Criteria, Tiers, Rules, Services, Settings), plus
//! an example team (Staff) and example clients (Clients) that only
//! `tierbook init` writes. The built-in ones live in `templates/` and are
//! embedded in the binary; a practice can keep its own as a `.toml` file and
//! pass its path instead of a name.
//!
//! A template's sheets become ordinary [`Table`]s, so they are validated by
//! exactly the code that validates a book's own sheets; [`apply`] only adds
//! the sheets a book lacks, and a sheet in the book always wins.
//!
//! ```toml
//! name = "abc-15"
//! description = "one line"
//! [sheets.Criteria]
//! columns = ["Criterion", "Column", "Test", "Value", "Weight", "Required For", "Group"]
//! rows = [
//!   ["Cooperative", "Cooperative", "yes", "", 1, "", "Personal"],
//! ]
//! ```
//!
//! Strings become text cells (`""` a blank cell), integers and floats numbers,
//! booleans booleans and TOML dates dates.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::Data;
use serde::Deserialize;

use crate::error::{Error, Issue};
use crate::names::{normalize, ColumnName};
use crate::read::{RawBook, Role, Table, TableRow};
use crate::schema::RELATED_TO;
use crate::value;

/// The template `init` uses when none is named.
pub const DEFAULT: &str = "abc-15";

/// The built-in templates: name and TOML text, in the order they are listed.
const BUILTIN: [(&str, &str); 3] = [
    ("abc-15", include_str!("../templates/abc-15.toml")),
    ("ideal-preideal", include_str!("../templates/ideal-preideal.toml")),
    ("two-tier", include_str!("../templates/two-tier.toml")),
];

/// A template, parsed: its sheets as tables, in the order of [`Role::ALL`].
#[derive(Debug, Clone)]
pub struct Template {
    /// Its name (`abc-15`), as the Summary shows it.
    pub name: String,
    /// One line saying what it is.
    pub description: String,
    /// The TOML text it was read from (`templates show` prints it).
    pub source_text: String,
    /// Its sheets. Each table's sheet is named like `Criteria (template
    /// abc-15)`, so a message about a template row points at the template;
    /// row k of a sheet's `rows` sits on row k + 1, under a header on row 0.
    pub sheets: Vec<(Role, Table)>,
}

impl Template {
    /// The template's table for `role`, if it has that sheet.
    pub fn table(&self, role: Role) -> Option<&Table> {
        self.sheets.iter().find(|(r, _)| *r == role).map(|(_, t)| t)
    }

    /// Parses a template's TOML text; `origin` names it in messages (the
    /// built-in name or the file path). A template read from a file is known
    /// by its file name (`mine.toml`) on the Summary and in every message,
    /// whatever its `name` line says: a copy of `abc-15` edited by the
    /// practice must never be reported as `abc-15`.
    pub fn parse(text: &str, origin: &str) -> Result<Template, Error> {
        let fail = |detail: String| Error::Template { origin: origin.to_string(), detail };
        let file: TemplateFile = toml::from_str(text).map_err(|e| fail(e.to_string().trim_end().to_string()))?;
        let builtin = BUILTIN.iter().any(|(n, _)| *n == origin);
        let name = match file.name.filter(|n| !n.trim().is_empty()) {
            Some(n) if builtin => n,
            _ => file_label(origin),
        };
        let mut sheets = Vec::new();
        for (sheet, body) in file.sheets {
            let Some(role) = Role::ALL.iter().copied().find(|r| normalize(r.sheet_name()) == normalize(&sheet)) else {
                let known: Vec<&str> = Role::ALL.iter().map(|r| r.sheet_name()).collect();
                return Err(fail(format!(
                    "[sheets.{sheet}] is not a sheet tierbook reads; use one of: {}",
                    known.join(", ")
                )));
            };
            if sheets.iter().any(|(r, _)| *r == role) {
                return Err(fail(format!("the {} sheet is given twice", role.sheet_name())));
            }
            sheets.push((role, to_table(role, &name, body).map_err(fail)?));
        }
        sheets.sort_by_key(|(r, _)| Role::ALL.iter().position(|x| x == r));
        Ok(Template {
            name,
            description: file.description.unwrap_or_default().trim().to_string(),
            source_text: text.to_string(),
            sheets,
        })
    }
}

/// The file's shape, as serde reads it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    name: Option<String>,
    description: Option<String>,
    #[serde(default)]
    sheets: BTreeMap<String, SheetFile>,
}

/// One `[sheets.X]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SheetFile {
    columns: Vec<String>,
    #[serde(default)]
    rows: Vec<Vec<toml::Value>>,
}

/// The name of a template read from a file: its file name.
fn file_label(origin: &str) -> String {
    Path::new(origin).file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| origin.to_string())
}

/// The template a sheet label such as `Criteria (template abc-15)` names
/// (see [`to_table`]), or `None` for a sheet of the book itself.
pub fn template_of_sheet(sheet: &str) -> Option<&str> {
    sheet.split_once(" (template ")?.1.strip_suffix(')')
}

/// Turns one `[sheets.X]` table into a [`Table`].
fn to_table(role: Role, template: &str, body: SheetFile) -> Result<Table, String> {
    let sheet = role.sheet_name();
    let headers: Vec<String> = body.columns.iter().map(|c| c.trim().to_string()).collect();
    let key = role.key_header();
    if !headers.iter().any(|h| key.matches(h)) {
        return Err(format!("[sheets.{sheet}] needs a '{}' column in `columns`", key.canonical));
    }
    if let Some(h) = headers.iter().find(|h| h.is_empty()) {
        return Err(format!("[sheets.{sheet}] has a blank column name {h:?} in `columns`"));
    }
    let mut rows = Vec::with_capacity(body.rows.len());
    for (k, row) in body.rows.into_iter().enumerate() {
        if row.len() > headers.len() {
            return Err(format!(
                "row {} of [sheets.{sheet}] has {} cells, but there are only {} columns",
                k + 1,
                row.len(),
                headers.len()
            ));
        }
        let mut cells = Vec::with_capacity(headers.len());
        for (c, v) in row.into_iter().enumerate() {
            cells.push(
                cell(v).map_err(|why| format!("row {}, column '{}' of [sheets.{sheet}]: {why}", k + 1, headers[c]))?,
            );
        }
        cells.resize(headers.len(), Data::Empty);
        if cells.iter().all(value::is_blank) {
            continue;
        }
        rows.push(TableRow { row: k as u32 + 1, cells });
    }
    Ok(Table { sheet: format!("{sheet} (template {template})"), headers, header_row: 0, columns: Vec::new(), rows })
}

/// One TOML value as a cell.
fn cell(v: toml::Value) -> Result<Data, String> {
    Ok(match v {
        toml::Value::String(s) if s.trim().is_empty() => Data::Empty,
        toml::Value::String(s) => Data::String(s),
        toml::Value::Integer(i) => Data::Float(i as f64),
        toml::Value::Float(f) => Data::Float(f),
        toml::Value::Boolean(b) => Data::Bool(b),
        toml::Value::Datetime(d) => match (d.date, d.time) {
            (Some(date), None) => Data::DateTimeIso(format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)),
            _ => Data::DateTimeIso(d.to_string()),
        },
        toml::Value::Array(_) | toml::Value::Table(_) => {
            return Err("a cell holds one value (text, a number, true/false or a date), not a list or table".into())
        }
    })
}

/// The built-in templates' names, in listing order.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, _)| *n).collect()
}

/// Every built-in template, parsed.
pub fn builtin() -> Result<Vec<Template>, Error> {
    BUILTIN.iter().map(|(name, text)| Template::parse(text, name)).collect()
}

/// Loads a template: a built-in name (`abc-15`, any case), or the path to a
/// `.toml` template file. A name that is neither is an
/// [`Error::UnknownTemplate`] listing the built-in names.
pub fn load(name_or_path: &str) -> Result<Template, Error> {
    let wanted = name_or_path.trim();
    if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| n.eq_ignore_ascii_case(wanted)) {
        return Template::parse(text, name);
    }
    let path = Path::new(wanted);
    let looks_like_a_path = wanted.contains(['/', '\\'])
        || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || path.is_file();
    if !looks_like_a_path {
        return Err(Error::UnknownTemplate {
            name: wanted.to_string(),
            known: builtin_names().into_iter().map(String::from).collect(),
        });
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::Template {
        origin: path.display().to_string(),
        detail: format!("cannot read the template file: {e}"),
    })?;
    Template::parse(&text, &path.display().to_string())
}

/// Adds the template's sheets for the roles the book lacks: Criteria, Tiers,
/// Rules, Services and Settings. A sheet in the book wins (even one that
/// could not be located, whose problem is then reported). A template's
/// Clients, Staff and Exceptions are examples for `init`, never applied.
///
/// A template rule reading a column the client list does not have (a bare
/// CRM export has no `Related To`, say) is left out rather than stopping the
/// book; each one left out is returned as an Issue for the Issues sheet.
pub fn apply(raw: &mut RawBook, t: &Template) -> Vec<Issue> {
    let mut notes = Vec::new();
    let client_headers: Option<Vec<String>> = raw.table(Role::Clients).map(|c| c.headers.clone());
    for (role, table) in &t.sheets {
        if matches!(role, Role::Clients | Role::Staff | Role::Exceptions) {
            continue;
        }
        let key = normalize(role.sheet_name());
        let in_book = raw.tables.iter().any(|(r, _)| r == role)
            || raw.problems.iter().any(|p| normalize(&p.location.sheet) == key);
        if in_book {
            continue;
        }
        let mut table = table.clone();
        if *role == Role::Rules {
            if let Some(headers) = &client_headers {
                notes.extend(drop_unusable_rules(&mut table, headers, &t.name));
            }
        }
        raw.tables.push((*role, table));
    }
    notes
}

/// True when the client list has the column `name` (exactly, or under an
/// alias of a column tierbook knows).
fn has_column(headers: &[String], name: &str) -> bool {
    crate::schema::find_client_column(headers, name).is_some()
}

/// Removes the template rules the client list cannot support.
fn drop_unusable_rules(table: &mut Table, headers: &[String], template: &str) -> Vec<Issue> {
    let col = |n: &'static str| table.column(&ColumnName::plain(n));
    let (name_c, column_c, action_c) = (col("Rule"), col("Column"), col("Action"));
    let mut notes = Vec::new();
    let mut kept = Vec::with_capacity(table.rows.len());
    for row in std::mem::take(&mut table.rows) {
        let text = |c: Option<usize>| c.and_then(|c| value::text(&row.cells[c])).map(|t| t.into_owned());
        let name = text(name_c).unwrap_or_else(|| format!("rule on row {}", row.row + 1));
        let follows = text(action_c).is_some_and(|a| normalize(&a).starts_with("followrelated"));
        let missing = match text(column_c) {
            Some(c) if !has_column(headers, &c) => Some(c),
            _ if follows && !has_column(headers, RELATED_TO.canonical) => Some(RELATED_TO.canonical.to_string()),
            _ => None,
        };
        match missing {
            Some(column) => notes.push(Issue::new(
                table.cell_location(row.row, column_c.or(name_c).unwrap_or(0)),
                "",
                format!(
                    "template {template}'s rule '{name}' reads column '{column}', which the client list does not have"
                ),
                format!("rule not applied; add a '{column}' column to the client list to use it"),
            )),
            None => kept.push(row),
        }
    }
    table.rows = kept;
    notes
}

/// The columns the spec gives each input sheet, for a sheet a template does
/// not supply. Services has one column per tier code between `Category` and
/// `Hours Each`; `tiers` gives them.
pub fn spec_columns(role: Role, tiers: &[String]) -> Vec<String> {
    let fixed: &[&str] = match role {
        Role::Clients => &["Client ID", "Name", "Revenue", "Assets"],
        Role::Criteria => &["Criterion", "Column", "Test", "Value", "Weight", "Required For", "Group"],
        Role::Tiers => {
            &["Tier", "Label", "Min Score", "Min Assets", "Min Revenue", "Max Share", "Primary Contact Role"]
        }
        Role::Exceptions => &["Client ID", "Tier", "Reason", "Approved By", "Until"],
        Role::Rules => &["Rule", "Column", "Test", "Value", "Action", "Reason"],
        Role::Services => {
            let mut v: Vec<String> = vec!["Service".into(), "Category".into()];
            v.extend(tiers.iter().cloned());
            v.extend(["Hours Each", "Cost Each", "Delivered By"].map(String::from));
            return v;
        }
        Role::Staff => &["Name", "Role", "Tiers", "Capacity Hours", "Tenure Years"],
        Role::Settings => &["Setting", "Value"],
    };
    fixed.iter().map(|s| s.to_string()).collect()
}

/// The tier codes of a template (its Tiers sheet), or A, B, C.
pub fn tier_codes(t: &Template) -> Vec<String> {
    let from_sheet = t.table(Role::Tiers).and_then(|tiers| {
        let c = tiers.column(&ColumnName::plain("Tier"))?;
        let codes: Vec<String> =
            tiers.rows.iter().filter_map(|r| value::text(&r.cells[c]).map(|s| s.trim().to_string())).collect();
        (!codes.is_empty()).then_some(codes)
    });
    from_sheet.unwrap_or_else(|| ["A", "B", "C"].map(String::from).to_vec())
}

#[cfg(test)]
#[path = "template_tests.rs"]
mod tests;
