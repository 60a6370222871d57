//! `tierbook init NEW.xlsx [--template T]`: write a starter book the advisor
//! fills in.
//!
//! Every input sheet is written with its headers and the template's rows
//! (example clients and team included), behind an `Instructions` sheet.
//! Dropdowns (data validation) offer the usual values of Test, Action, tier
//! codes, yes/no columns, Category and the settings; selecting a header or a
//! cell shows what its column holds. Headers are frozen and columns sized to
//! fit. The new file never replaces an existing one: it is written to a
//! temporary file beside its target and moved into place only if nothing
//! has appeared there meanwhile.

use std::io::Write;
use std::path::{Path, PathBuf};

use calamine::Data;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, Format, FormatAlign, Formula, Workbook, Worksheet,
    XlsxError,
};

use crate::cmd::{exit_code, file_name, EXIT_OK};
use crate::error::{shorten, Error};
use crate::location::column_letters;
use crate::names::{normalize, ColumnName};
use crate::read::{Role, Table, TableRow};
use crate::template::{self, Template};
use crate::validate::{ASSETS, HOUSEHOLD, NAME, PREVIOUS_TIER, PRIMARY_CONTACT, RELATED_TO, REVENUE};
use crate::value;
use crate::write::style::looks_like_formula;
use crate::write::{stage_and_place, Placing};

/// What `init` was asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The new book.
    pub path: PathBuf,
    /// The template to start from (built-in name or .toml path); default
    /// [`template::DEFAULT`].
    pub template: Option<String>,
}

/// What `init` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitOutcome {
    /// The new book.
    pub path: PathBuf,
    /// The template it was filled from.
    pub template: String,
    /// Example clients written.
    pub clients: usize,
    /// Criteria written.
    pub criteria: usize,
}

/// Rows below each header that get the column's dropdown and input message.
const VALIDATED_ROWS: u32 = 1000;

/// The tests a Criteria or Rules row may use (as the spec spells them).
const TESTS: [&str; 12] = [">=", ">", "<=", "<", "=", "<>", "between", "yes", "no", "one of", "contains", "not blank"];

/// Service categories.
const CATEGORIES: [&str; 6] = ["Meeting", "Communication", "Appreciation", "Recognition", "Professional", "Standard"];

/// The settings tierbook knows, with what each holds and, for a few, the
/// values it takes.
const SETTINGS: [(&str, &str, &[&str]); 11] = [
    ("Advisor", "Your name, shown on the Summary.", &[]),
    ("As Of", "The date the plan is made for (a date cell or 2026-12-31). Blank = today.", &[]),
    ("Hourly Cost", "What an hour of staff time costs, for each client's cost to serve and margin.", &[]),
    ("Max Exceptions %", "Warn when more than this share of clients are exceptions (default 10%).", &[]),
    ("Max Unprofitable %", "Warn when more than this share of clients cost more than they earn (default 20%).", &[]),
    ("Borderline Margin", "Clients within this many points of the next tier are flagged borderline (default 1).", &[]),
    (
        "Sticky Tiers",
        "yes: keep each client's previous tier except promotions; demotions become suggestions on the Review sheet. Default no.",
        &["yes", "no"],
    ),
    ("Revenue Column", "The Clients header holding annual revenue, when it is not Revenue, Fees or Annual Revenue.", &[]),
    ("Assets Column", "The Clients header holding assets, when it is not Assets, AUM or Total Assets.", &[]),
    ("Currency", "Currency code of the amounts, e.g. USD, EUR, GBP.", &[]),
    (
        "Tier By",
        "client, or household: every member of a household gets the highest tier any member reaches.",
        &["client", "household"],
    ),
];

/// Writes the starter book.
pub fn init(opts: &InitOptions) -> Result<InitOutcome, Error> {
    let t = template::load(opts.template.as_deref().unwrap_or(template::DEFAULT))?;
    let path = &opts.path;
    let fail = |detail: String| Error::Init { path: path.clone(), detail };
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return Err(fail("init writes an .xlsx workbook; give the new book a name ending in .xlsx".into()));
    }
    if path.symlink_metadata().is_ok() {
        return Err(fail(exists_message()));
    }
    let mut wb = build(&t, &file_name(path)).map_err(|e| fail(e.to_string()))?;
    save_new(&mut wb, path)?;
    Ok(InitOutcome {
        path: path.clone(),
        template: t.name.clone(),
        clients: t.table(Role::Clients).map_or(0, |c| c.rows.len()),
        criteria: t.table(Role::Criteria).map_or(0, |c| c.rows.len()),
    })
}

fn exists_message() -> String {
    "the file already exists, and init never overwrites a file; choose a new name, or move the old file away first"
        .to_string()
}

/// Runs the command and prints what it wrote; returns the exit code.
pub fn execute(opts: &InitOptions) -> i32 {
    match init(opts) {
        Ok(o) => {
            let name = file_name(&o.path);
            println!(
                "wrote {} from template {}: {} example client{}, {} criteria",
                o.path.display(),
                o.template,
                o.clients,
                if o.clients == 1 { "" } else { "s" },
                o.criteria
            );
            println!(
                "next: replace the example clients with yours, then `tierbook check {name}` and `tierbook run {name}`"
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("tierbook: {e}");
            exit_code(&e)
        }
    }
}

/// Saves `wb` at `out` without ever replacing a file there: written to a
/// temporary file in the same folder, then linked into place only if the
/// name is still free.
fn save_new(wb: &mut Workbook, out: &Path) -> Result<(), Error> {
    let fail = |detail: String| Error::Init { path: out.to_path_buf(), detail };
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("the folder {} does not exist; create it first", dir.display())));
    }
    stage_and_place(out, true, |file| {
        let mut writer = std::io::BufWriter::new(file);
        wb.save_to_writer(&mut writer).map_err(|e| e.to_string())?;
        writer.flush().map_err(|e| e.to_string())
    })
    .map_err(|e| match e {
        Placing::Taken => fail(exists_message()),
        Placing::Failed(detail) => fail(detail),
    })
}

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

/// A dropdown: fixed values, or a range of the book.
enum List {
    Values(Vec<String>),
    Range(String),
}

/// One column of a sheet: what it holds, and its dropdown if any.
struct Column {
    help: String,
    list: Option<List>,
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
        first_col: 0,
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
        first_col: 0,
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
    Table { sheet: "Clients".into(), headers, header_row: 0, first_col: 0, rows: Vec::new() }
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
            ws.add_data_validation(1, col, VALIDATED_ROWS, col, &body)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

/// A dropdown that warns about, but allows, a value not in its list (yes/no
/// columns also take `y`, `x`, `✓`…; a Column may be one added later).
fn warned(dv: DataValidation, header: &str) -> Result<DataValidation, XlsxError> {
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

fn plain(help: impl Into<String>) -> Column {
    Column { help: help.into(), list: None }
}

fn listed(help: impl Into<String>, values: &[&str]) -> Column {
    Column { help: help.into(), list: Some(List::Values(values.iter().map(|v| v.to_string()).collect())) }
}

const TEST_HELP: &str = ">= > <= < = <> compare numbers or dates · between (Value a..b) · yes (yes, y, true, 1, x) · \
                         no (no or blank) · one of (Value a; b; c) · contains · not blank";
const VALUE_HELP: &str = "What the Test compares with: 5000, 500k, 1.2M, a date, 45..70 for between, \
                          Married; Widowed for one of. Blank for yes, no and not blank.";

/// What a Clients column holds: the special columns, the columns the
/// template's criteria and rules read, and the advisor's own.
fn client_column(h: &str, criteria: Option<&Table>, rules: Option<&Table>, tier_range: &str) -> Column {
    let special = [
        (crate::read::CLIENT_ID, "Required: one unique ID per client (your CRM's account number works)."),
        (NAME, "The client's name, shown on the tier sheets."),
        (
            HOUSEHOLD,
            "One ID per household (e.g. H-01) shared by its members. With Settings 'Tier By' = household, members \
             share the highest tier any of them reaches.",
        ),
        (
            RELATED_TO,
            "The Client ID of a linked client, e.g. a parent. A 'follow related' rule raises this client to that \
             client's tier.",
        ),
        (PREVIOUS_TIER, "Last year's tier code, for the Review sheet: who moved up or down."),
        (PRIMARY_CONTACT, "A name from the Staff sheet: pins this client to that person."),
        (REVENUE, "Annual revenue from this client (fees). 12500, $12,500 and 12.5k all work."),
        (ASSETS, "Assets you manage for this client. 1200000, $1.2M and 1.2m all work."),
    ];
    let mut notes: Vec<String> = Vec::new();
    let mut yes_no = false;
    for (role, table) in [(Role::Criteria, criteria), (Role::Rules, rules)] {
        let Some(table) = table else { continue };
        let name_c = table.column(&role.key_header()).unwrap_or(0);
        let col = |n: &'static str| table.column(&ColumnName::plain(n));
        let (col_c, test_c, value_c) = (col("Column"), col("Test"), col("Value"));
        for r in &table.rows {
            let name = value::text(&r.cells[name_c]).map(|n| n.into_owned()).unwrap_or_default();
            let read = col_c.and_then(|c| value::text(&r.cells[c])).map(|c| c.into_owned());
            let read = if role == Role::Criteria { read.or_else(|| Some(name.clone())) } else { read };
            let reads_this = read.is_some_and(|c| {
                normalize(&c) == normalize(h) || special.iter().any(|(s, _)| s.matches(&c) && s.matches(h))
            });
            if !reads_this {
                continue;
            }
            let test = test_c.and_then(|c| value::text(&r.cells[c])).map(|t| t.into_owned()).unwrap_or_default();
            let val = value_c.map(|c| value::display(&r.cells[c])).unwrap_or_default();
            if role == Role::Criteria && matches!(normalize(&test).as_str(), "yes" | "no") {
                yes_no = true;
            }
            let what = if role == Role::Criteria { "criterion" } else { "rule" };
            notes.push(format!("{what} '{name}' ({} {})", test, val).replace(" )", ")"));
        }
    }
    if let Some((col, help)) = special.iter().find(|(c, _)| c.matches(h)) {
        let mut help = help.to_string();
        if !notes.is_empty() {
            help.push_str(&format!(" Read by {}.", notes.join("; ")));
        }
        let list = (col.canonical == PREVIOUS_TIER.canonical).then(|| List::Range(tier_range.to_string()));
        return Column { help, list };
    }
    if notes.is_empty() {
        return plain("Your own column: carried through to the tier sheets as it is.");
    }
    let mut help = format!("Read by {}.", notes.join("; "));
    if yes_no {
        help.push_str(" Write yes or no (y, true, 1 and x count as yes; blank as no).");
        return Column { help, list: Some(List::Values(vec!["yes".into(), "no".into()])) };
    }
    plain(help)
}

fn criteria_column(h: &str, client_headers: &str) -> Column {
    match normalize(h).as_str() {
        "criterion" => plain(
            "A quality clients are scored on, one per row, e.g. 'Refers others'. A client's score is the sum of the \
             Weights of the criteria it meets.",
        ),
        "column" => Column {
            help: "The Clients header this criterion reads (blank = the same as Criterion). Revenue and Assets \
                   also find Fees, AUM and the like."
                .into(),
            list: Some(List::Range(client_headers.to_string())),
        },
        "test" => listed(TEST_HELP, &TESTS),
        "value" => plain(VALUE_HELP),
        "weight" => plain("Points for meeting this criterion (blank = 1)."),
        "requiredfor" => plain("Tier codes a client cannot reach without this criterion, e.g. A or A,B. Blank = none."),
        "group" => {
            plain("Free text such as Personal, Financial, Demographic, Psychographic: scores are also shown per group.")
        }
        _ => plain("Not a column tierbook reads on this sheet."),
    }
}

fn tiers_column(h: &str) -> Column {
    plain(match normalize(h).as_str() {
        "tier" => "A short tier code, top tier first (A, B, C). 2 to 6 tiers; the last one takes everyone else.",
        "label" => "The tier's name, e.g. Top clients or Ideal.",
        "minscore" => "Points needed (12), or a percent of the maximum score (80%). Leave the last tier blank.",
        "minassets" => "A gate: the client's Assets must be at least this amount. Blank = no gate.",
        "minrevenue" => "A gate: the client's Revenue must be at least this amount. Blank = no gate.",
        "maxshare" => "Warn when this tier holds more than this share of clients, e.g. 25%. Blank = no cap.",
        "primarycontactrole" => "The staff role that looks after this tier's clients (a Role on the Staff sheet).",
        _ => "Not a column tierbook reads on this sheet.",
    })
}

fn exceptions_column(h: &str, tier_range: &str) -> Column {
    match normalize(h).as_str() {
        "clientid" => plain("The client to override: a Client ID from the Clients sheet."),
        "tier" => Column {
            help: "The tier this client gets instead of its scored tier.".into(),
            list: Some(List::Range(tier_range.to_string())),
        },
        "reason" => plain("Required: why. An override without a reason is not applied. Keep exceptions the exception."),
        "approvedby" => plain("Who approved the exception."),
        "until" => plain("The last day it applies (a date). Blank = no end. An expired override is not applied."),
        _ => plain("Not a column tierbook reads on this sheet."),
    }
}

fn rules_column(h: &str, codes: &[String], client_headers: &str) -> Column {
    match normalize(h).as_str() {
        "rule" => plain("A short name for the rule, shown with every exception it makes."),
        "column" => Column {
            help: "The Clients header the rule tests (blank = every client).".into(),
            list: Some(List::Range(client_headers.to_string())),
        },
        "test" => listed(TEST_HELP, &TESTS),
        "value" => plain(VALUE_HELP),
        "action" => {
            let mut actions: Vec<String> = Vec::new();
            for verb in ["at least", "at most", "set"] {
                actions.extend(codes.iter().map(|c| format!("{verb} {c}")));
            }
            actions.extend(["promote", "demote", "follow related"].map(String::from));
            Column {
                help: "at least X, at most X, set X (X a tier code), promote, demote, or follow related (take the \
                       tier of the client named in Related To when it is higher). Rules apply in sheet order."
                    .into(),
                list: Some(List::Values(actions)),
            }
        }
        "reason" => plain("Why the rule exists; shown beside every exception it makes."),
        _ => plain("Not a column tierbook reads on this sheet."),
    }
}

fn services_column(h: &str, codes: &[String]) -> Column {
    if let Some(code) = codes.iter().find(|c| normalize(c) == normalize(h)) {
        return plain(format!(
            "What tier {code} gets: times a year (4), or a standard in words (within 1 hour). Blank = not offered."
        ));
    }
    match normalize(h).as_str() {
        "service" => plain("One service you promise, e.g. Review meeting. One column per tier code follows."),
        "category" => listed(CATEGORIES.join(", "), &CATEGORIES),
        "hourseach" => plain("Staff hours each time it is delivered, for the cost to serve."),
        "costeach" => plain("Money spent each time (a lunch, a gift, postage)."),
        "deliveredby" => plain("The staff role that delivers it, e.g. Assistant. Blank = the tier's primary contact."),
        _ => plain("Not a tier code nor a column tierbook reads on this sheet."),
    }
}

fn staff_column(h: &str) -> Column {
    plain(match normalize(h).as_str() {
        "name" => "A team member's name (one row each).",
        "role" => {
            "Their role, e.g. Partner, Advisor, Associate, Assistant: matched with the Tiers' Primary Contact \
                   Role and the Services' Delivered By."
        }
        "tiers" => "Tier codes this person serves as primary contact, e.g. A,B. Blank = every tier.",
        "capacityhours" => "Hours a year this person has for client service, e.g. 1200.",
        "tenureyears" => "Years with the practice: the most valuable clients go to the most senior.",
        _ => "Not a column tierbook reads on this sheet.",
    })
}

fn settings_column(h: &str) -> Column {
    match normalize(h).as_str() {
        "setting" => listed("A setting's name. Unknown settings are listed on Issues and ignored.", &setting_names()),
        "value" => plain("The setting's value: select a cell to read what it takes."),
        _ => plain("Not a column tierbook reads on this sheet."),
    }
}

fn setting_names() -> Vec<&'static str> {
    SETTINGS.iter().map(|(n, _, _)| *n).collect()
}

/// Each Value cell gets its own setting's message (and dropdown for the
/// settings that take a few words); the rows below, a general one.
fn settings_values(ws: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    let (Some(key_c), Some(val_c)) = (t.column(&ColumnName::plain("Setting")), t.column(&ColumnName::plain("Value")))
    else {
        return Ok(());
    };
    let col = val_c as u16;
    let mut last = 0;
    for (k, row) in t.rows.iter().enumerate() {
        let r = k as u32 + 1;
        last = r;
        let key = value::text(&row.cells[key_c]).map(|k| k.into_owned()).unwrap_or_default();
        let found = SETTINGS
            .iter()
            .find(|(n, _, _)| normalize(n).trim_end_matches('%') == normalize(&key).trim_end_matches('%'));
        let (help, values) = match found {
            Some((_, help, values)) => (help.to_string(), *values),
            None => ("Not a setting tierbook knows.".to_string(), &[][..]),
        };
        let dv = if values.is_empty() {
            DataValidation::new().allow_any_value()
        } else {
            warned(DataValidation::new().allow_list_strings(values)?, &key)?
        };
        let dv = dv.set_input_title(shorten(&key, 32))?.set_input_message(shorten(&help, 255))?;
        ws.add_data_validation(r, col, r, col, &dv)?;
    }
    let rest = DataValidation::new()
        .allow_any_value()
        .set_input_title("Value")?
        .set_input_message("The setting's value. Sticky Tiers takes yes or no; Tier By client or household.")?;
    ws.add_data_validation(last + 1, col, VALIDATED_ROWS, col, &rest)?;
    Ok(())
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
