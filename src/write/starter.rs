//! The starter book `tierbook init` writes: every input sheet with its
//! headers and the template's rows (example clients and team included, or the
//! advisor's own list with `--from`), behind an `Instructions` sheet.
//! Dropdowns (data validation) offer the usual values of Test, Action, tier
//! codes, yes/no columns, Category and the settings; selecting a header or a
//! cell shows what its column holds ([`super::starter_columns`]). Headers are
//! frozen and columns sized to fit.

use std::path::Path;

use calamine::Data;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, Format, FormatAlign, Formula, Workbook, Worksheet,
    XlsxError,
};

use crate::error::shorten;
use crate::location::column_letters;
use crate::names::{normalize, ColumnName};
use crate::read::{Role, Table, TableRow};
use crate::template::{self, Template};
use crate::value;
use crate::write::starter_columns::{
    client_column, criteria_column, exceptions_column, rules_column, services_column, settings_column, settings_values,
    staff_column, tiers_column, Column, List,
};
use crate::write::style::looks_like_formula;

/// Rows below each header that get the column's dropdown and input message.
pub(crate) const VALIDATED_ROWS: u32 = 1000;

/// Cell formats of the starter book.
struct Styles {
    title: Format,
    header: Format,
    bold: Format,
    wrap: Format,
    date: Format,
    percent: Format,
    thousands: Format,
    quoted: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            header: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            date: Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left),
            percent: Format::new().set_num_format("0%"),
            thousands: Format::new().set_num_format("#,##0"),
            quoted: Format::new().set_quote_prefix(),
        }
    }
}

/// Builds the starter workbook from template `t`; `file` is the new book's
/// file name, for the instructions.
pub fn build(t: &Template, file: &str) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let codes = template::tier_codes(t);
    let tiers = tiers_table(t);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Client book — tierbook template {}", t.name))
            .set_comment(format!("Starter book written by tierbook {} (init)", env!("CARGO_PKG_VERSION"))),
    );
    let clients = clients_table(t);
    let services = t.table(Role::Services).cloned();
    let tier_range = tier_code_range(&tiers);
    let client_header_range = format!("=Clients!$A$1:${}$1", column_letters(clients.headers.len() as u32 + 9));

    wb.push_worksheet(instructions(t, file, services.is_none(), &st)?);
    let crit = t.table(Role::Criteria);
    let rules = t.table(Role::Rules);
    wb.push_worksheet(sheet(Role::Clients, &clients, &st, |h| client_column(h, crit, rules, &tier_range))?);
    let empty = |role: Role| Table {
        sheet: role.sheet_name().to_string(),
        headers: template::spec_columns(role, &codes),
        header_row: 0,
        columns: Vec::new(),
        rows: Vec::new(),
    };
    let criteria = crit.cloned().unwrap_or_else(|| empty(Role::Criteria));
    wb.push_worksheet(sheet(Role::Criteria, &criteria, &st, |h| criteria_column(h, &client_header_range))?);
    wb.push_worksheet(sheet(Role::Tiers, &tiers, &st, tiers_column)?);
    let exceptions = t.table(Role::Exceptions).cloned().unwrap_or_else(|| empty(Role::Exceptions));
    wb.push_worksheet(sheet(Role::Exceptions, &exceptions, &st, |h| exceptions_column(h, &tier_range))?);
    let rules = rules.cloned().unwrap_or_else(|| empty(Role::Rules));
    wb.push_worksheet(sheet(Role::Rules, &rules, &st, |h| rules_column(h, &codes, &client_header_range))?);
    if let Some(services) = &services {
        wb.push_worksheet(sheet(Role::Services, services, &st, |h| services_column(h, &codes))?);
    }
    let staff = t.table(Role::Staff).cloned().unwrap_or_else(|| empty(Role::Staff));
    wb.push_worksheet(sheet(Role::Staff, &staff, &st, staff_column)?);
    let settings = t.table(Role::Settings).cloned().unwrap_or_else(|| empty(Role::Settings));
    let mut ws = sheet(Role::Settings, &settings, &st, settings_column)?;
    settings_values(&mut ws, &settings)?;
    wb.push_worksheet(ws);
    Ok(wb)
}

/// The template's Tiers, or the default three written out (so the tier
/// dropdowns have a list to read).
fn tiers_table(t: &Template) -> Table {
    if let Some(tiers) = t.table(Role::Tiers) {
        return tiers.clone();
    }
    let s = |v: &str| if v.is_empty() { Data::Empty } else { Data::String(v.to_string()) };
    let rows = [["A", "Top clients", "80%"], ["B", "Core clients", "53%"], ["C", "Standard clients", ""]];
    Table {
        sheet: "Tiers".into(),
        headers: template::spec_columns(Role::Tiers, &[]),
        header_row: 0,
        columns: Vec::new(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(k, r)| TableRow {
                row: k as u32 + 1,
                cells: vec![s(r[0]), s(r[1]), s(r[2]), Data::Empty, Data::Empty, Data::Empty, Data::Empty],
            })
            .collect(),
    }
}

/// The template's example clients, or a header row holding Client ID, Name,
/// Revenue, Assets and every column its criteria and rules read.
fn clients_table(t: &Template) -> Table {
    if let Some(c) = t.table(Role::Clients) {
        return c.clone();
    }
    let mut headers = template::spec_columns(Role::Clients, &[]);
    for role in [Role::Criteria, Role::Rules] {
        let Some(table) = t.table(role) else { continue };
        let name_c = table.column(&role.key_header()).unwrap_or(0);
        let col_c = table.column(&ColumnName::plain("Column"));
        for r in &table.rows {
            let read = col_c.and_then(|c| value::text(&r.cells[c]));
            let read = if role == Role::Criteria { read.or_else(|| value::text(&r.cells[name_c])) } else { read };
            if let Some(h) = read {
                if !headers.iter().any(|x| normalize(x) == normalize(&h)) {
                    headers.push(h.trim().to_string());
                }
            }
        }
    }
    Table { sheet: "Clients".into(), headers, header_row: 0, columns: Vec::new(), rows: Vec::new() }
}

/// `=Tiers!$A$2:$A$7`: where the tier codes sit (at most six tiers).
fn tier_code_range(tiers: &Table) -> String {
    let c = tiers.column(&ColumnName::plain("Tier")).unwrap_or(0) as u32;
    let l = column_letters(c);
    format!("=Tiers!${l}$2:${l}$7")
}

/// Writes one input sheet: bold frozen header, the rows with their types,
/// widths that fit, and each column's dropdown and input message.
fn sheet(role: Role, t: &Table, st: &Styles, describe: impl Fn(&str) -> Column) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(role.sheet_name())?;
    let big: Vec<bool> = (0..t.headers.len())
        .map(|c| t.rows.iter().any(|r| matches!(r.cells[c], Data::Float(f) if f.abs() >= 1000.0)))
        .collect();
    let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &st.header)?;
    }
    for (k, row) in t.rows.iter().enumerate() {
        let r = k as u32 + 1;
        for (c, cell) in row.cells.iter().enumerate() {
            let shown = write_cell(&mut ws, r, c as u16, cell, big[c], st)?;
            widths[c] = widths[c].max(shown + 2);
        }
    }
    for (c, h) in t.headers.iter().enumerate() {
        let col = c as u16;
        ws.set_column_width(col, widths[c].clamp(8, 60) as f64)?;
        let Column { help, list } = describe(h);
        let title = shorten(h, 32);
        let message = shorten(&help, 255);
        let head = DataValidation::new()
            .allow_any_value()
            .set_input_title(title.clone())?
            .set_input_message(message.clone())?;
        ws.add_data_validation(0, col, 0, col, &head)?;
        let body = match list {
            Some(List::Values(values)) if values.join(",").encode_utf16().count() <= 255 => {
                warned(DataValidation::new().allow_list_strings(&values)?, h)?
            }
            Some(List::Range(range)) => warned(DataValidation::new().allow_list_formula(Formula::new(range)), h)?,
            _ => DataValidation::new().allow_any_value(),
        };
        let body = body.set_input_title(title)?.set_input_message(message)?;
        if role != Role::Settings || normalize(h) != "value" {
            ws.add_data_validation(1, col, VALIDATED_ROWS.max(t.rows.len() as u32 + 100), col, &body)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

/// A dropdown that warns about, but allows, a value not in its list (yes/no
/// columns also take `y`, `x`, `✓`…; a Column may be one added later).
pub(crate) fn warned(dv: DataValidation, header: &str) -> Result<DataValidation, XlsxError> {
    dv.set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title(shorten(header, 32))?
        .set_error_message("This is not one of the usual values. Keep it anyway?")
}

/// Writes a template cell with its type; returns its width in characters.
fn write_cell(ws: &mut Worksheet, r: u32, c: u16, cell: &Data, big: bool, st: &Styles) -> Result<usize, XlsxError> {
    Ok(match cell {
        Data::Empty => 0,
        Data::String(s) => match percent(s) {
            Some(p) => {
                ws.write_number_with_format(r, c, p, &st.percent)?;
                s.trim().chars().count()
            }
            None if looks_like_formula(s) => {
                ws.write_string_with_format(r, c, s, &st.quoted)?;
                s.chars().count()
            }
            None => {
                ws.write_string(r, c, s)?;
                s.chars().count()
            }
        },
        Data::Float(f) => {
            if big {
                ws.write_number_with_format(r, c, *f, &st.thousands)?;
            } else {
                ws.write_number(r, c, *f)?;
            }
            value::format_number(*f).chars().count() + usize::from(big) * 2
        }
        Data::Int(i) => {
            ws.write_number(r, c, *i as f64)?;
            i.to_string().len()
        }
        Data::Bool(b) => {
            ws.write_boolean(r, c, *b)?;
            5
        }
        Data::DateTimeIso(text) => match value::parse_date(text) {
            Some(d) => {
                ws.write_datetime_with_format(r, c, d, &st.date)?;
                10
            }
            None => {
                ws.write_string(r, c, text)?;
                text.chars().count()
            }
        },
        other => {
            let text = value::display(other);
            ws.write_string(r, c, &text)?;
            text.chars().count()
        }
    })
}

/// `25%` as 0.25.
fn percent(text: &str) -> Option<f64> {
    let n = text.trim().strip_suffix('%')?.trim();
    n.parse::<f64>().ok().filter(|v| v.is_finite()).map(|v| v / 100.0)
}

/// Width of the Instructions column, in characters.
const INSTRUCTIONS_WIDTH: u16 = 100;

/// Writes wrapped text with a row tall enough for it (neither Excel nor
/// LibreOffice sizes a row to wrapped text written by a program).
fn wrapped(ws: &mut Worksheet, r: u32, text: &str, st: &Styles) -> Result<(), XlsxError> {
    let lines = text.chars().count().div_ceil(usize::from(INSTRUCTIONS_WIDTH) - 8).max(1);
    ws.write_string_with_format(r, 0, text, &st.wrap)?;
    ws.set_row_height(r, 15.0 * lines as f64)?;
    Ok(())
}

/// The first sheet: what the book is and how to fill it in.
fn instructions(t: &Template, file: &str, no_services: bool, st: &Styles) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Instructions")?;
    ws.set_column_width(0, INSTRUCTIONS_WIDTH)?;
    let stem = Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    ws.write_string_with_format(0, 0, format!("Your client book — from tierbook template {}", t.name), &st.title)?;
    wrapped(&mut ws, 1, &t.description, st)?;
    let lines: Vec<(bool, String)> = vec![
        (true, "How to fill it in".into()),
        (
            false,
            "1. Clients: replace the example clients with yours (paste your list under the header row). Keep the \
             columns the criteria read; any other column you add is carried through to the report."
                .into(),
        ),
        (
            false,
            "2. Criteria: the qualities clients are scored on, one per row. Change, add or delete rows; each Column \
             must be a header of the Clients sheet."
                .into(),
        ),
        (
            false,
            "3. Tiers: the tier codes, top first, each with its score bar (points or a percent of the maximum) and \
             any asset or revenue gate."
                .into(),
        ),
        (false, "4. Exceptions: manual overrides (Client ID, Tier, Reason). Keep them the exception.".into()),
        (false, "5. Rules: automatic exceptions, e.g. a strong referrer is at least A.".into()),
        (
            false,
            if no_services {
                "6. Services: this template has none, so tierbook uses its default service plan; add a Services sheet \
                 to write your own."
                    .into()
            } else {
                "6. Services: your written service plan: how often each tier gets each service, its hours and cost."
                    .into()
            },
        ),
        (false, "7. Staff: your team (the example team is made up): roles, the tiers each serves, hours a year.".into()),
        (false, "8. Settings: your name, the as-of date, hourly cost, caps and sticky tiers.".into()),
        (true, "Then".into()),
        (false, format!("tierbook check {file}        lists anything to fix, with its sheet and cell")),
        (false, format!("tierbook run {file}          writes {stem}.tiers.xlsx beside this book")),
        (true, "Good to know".into()),
        (
            false,
            "Select a header (or any cell below it) to read what the column holds; dropdowns offer the usual values."
                .into(),
        ),
        (
            false,
            "Numbers may be written leniently: $1,200,000, 1.2M, 250k, 45%. Yes/no columns also take y, true, 1, x."
                .into(),
        ),
        (
            false,
            "Optional Clients columns: Last Review and Last Contact (dates), Reviews YTD and Contacts YTD (counts) let \
             the Calendar show who is due or behind the tier's promise; Previous Tier feeds the Review sheet."
                .into(),
        ),
        (false, "tierbook ignores this sheet: delete it whenever you like. Your book is never modified.".into()),
    ];
    let mut r = 2;
    for (bold, text) in lines {
        if bold {
            r += 1;
            ws.write_string_with_format(r, 0, &text, &st.bold)?;
        } else {
            wrapped(&mut ws, r, &text, st)?;
        }
        r += 1;
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_are_read() {
        assert_eq!(percent("25%"), Some(0.25));
        assert_eq!(percent(" 10 % "), Some(0.1));
        assert_eq!(percent("45..70"), None);
    }

    #[test]
    fn every_builtin_builds() {
        for t in template::builtin().unwrap() {
            let mut wb = build(&t, "new.xlsx").unwrap();
            assert!(!wb.save_to_buffer().unwrap().is_empty(), "{}", t.name);
        }
    }

    #[test]
    fn a_template_with_only_criteria_builds_a_full_book() {
        let t = Template::parse(
            "[sheets.Criteria]\ncolumns = [\"Criterion\", \"Column\", \"Test\"]\nrows = [[\"Loyal\", \"Loyal Client\", \"yes\"]]\n",
            "mine.toml",
        )
        .unwrap();
        assert_eq!(clients_table(&t).headers, ["Client ID", "Name", "Revenue", "Assets", "Loyal Client"]);
        assert_eq!(tiers_table(&t).rows.len(), 3);
        let mut wb = build(&t, "new.xlsx").unwrap();
        assert!(!wb.save_to_buffer().unwrap().is_empty());
    }

    #[test]
    fn yes_no_criteria_columns_get_a_dropdown() {
        let t = template::load("abc-15").unwrap();
        let c = client_column("Cooperative", t.table(Role::Criteria), t.table(Role::Rules), "=Tiers!$A$2:$A$7");
        assert!(matches!(c.list, Some(List::Values(ref v)) if v == &["yes", "no"]));
        assert!(c.help.contains("criterion 'Cooperative' (yes)"), "{}", c.help);
        let c = client_column("Referrals", t.table(Role::Criteria), t.table(Role::Rules), "");
        assert!(c.list.is_none());
        assert!(c.help.contains("rule 'Strong referrer' (>= 5)"), "{}", c.help);
        let c = client_column("Previous Tier", None, None, "=Tiers!$A$2:$A$7");
        assert!(matches!(c.list, Some(List::Range(_))));
    }
}
