//! Turning the located sheets into a [`Book`], collecting every problem.
//!
//! Validation never stops at the first mistake: it reads every sheet it can
//! and returns all the problems at once, so `tierbook check` is one pass and
//! an advisor fixes the book in one sitting. Values that can be worked around
//! become [`Issue`]s; only what would make the result wrong is a [`Problem`].

mod clients;
mod coverage;
mod criteria;
mod crm;
mod date_columns;
mod exceptions;
mod not_clients;
mod rules;
mod services;
mod settings;
mod sheet;
mod staff;
mod tiers;
mod types;

use chrono::NaiveDate;

pub use clients::{
    cut_to_cell, ASSETS, HOUSEHOLD, MAX_CELL_CHARS, NAME, PREVIOUS_TIER, PRIMARY_CONTACT, RELATED_TO, REVENUE,
};
#[cfg(test)]
pub(crate) use services::default_plan;

use crate::error::{Issue, Problem};
use crate::location::Location;
use crate::model::{default_tiers, Book};
use crate::read::{RawBook, Role};
use crate::value::DecimalMark;

/// A book that cannot be processed: every problem, and the issues met on the
/// way (so `check` can list both).
#[derive(Debug, Clone, Default)]
pub struct Rejected {
    /// Mistakes that must be fixed.
    pub problems: Vec<Problem>,
    /// Values that were worked around.
    pub issues: Vec<Issue>,
}

/// Cuts every header and text cell longer than an Excel cell holds, so the
/// report can carry it, and notes each on Issues.
fn cut_long_text(table: &mut crate::read::Table, issues: &mut Vec<Issue>) {
    let mut note = |at: Location, text: &str, units: usize| {
        issues.push(Issue::new(
            at,
            text,
            format!("text of {units} characters is longer than an Excel cell holds ({})", clients::MAX_CELL_CHARS),
            format!("cut to the first {} characters", clients::MAX_CELL_CHARS),
        ));
    };
    for c in 0..table.headers.len() {
        if let Some(units) = clients::cut_to_cell(&mut table.headers[c]) {
            note(table.header_location(c), &table.headers[c], units);
        }
    }
    let (sheet, columns) = (table.sheet.clone(), table.columns.clone());
    for row in &mut table.rows {
        for (c, cell) in row.cells.iter_mut().enumerate() {
            if let calamine::Data::String(s) = cell {
                if let Some(units) = clients::cut_to_cell(s) {
                    let col = columns.get(c).copied().unwrap_or(c as u32);
                    note(Location::cell(&sheet, row.row, col), s, units);
                }
            }
        }
    }
}

/// A Min Assets or Min Revenue gate on a book whose client list has no such
/// column would silently keep every client out of the tier.
fn gates_without_columns(
    tiers: &[crate::model::TierRule],
    clients: &crate::model::Clients,
    tiers_sheet: Option<&str>,
    problems: &mut Vec<Problem>,
) {
    let at = || Location::sheet(tiers_sheet.unwrap_or("Tiers"));
    for t in tiers {
        if t.min_assets.is_some() && clients.assets_column.is_none() {
            problems.push(Problem::new(
                at(),
                format!("tier {} has a Min Assets gate, but the {} sheet has no Assets column", t.code, clients.sheet),
                "add an Assets column (or AUM, Total Assets), or name yours in Settings Assets Column",
            ));
        }
        if t.min_revenue.is_some() && clients.revenue_column.is_none() {
            problems.push(Problem::new(
                at(),
                format!(
                    "tier {} has a Min Revenue gate, but the {} sheet has no Revenue column",
                    t.code, clients.sheet
                ),
                "add a Revenue column (or Fees, Annual Revenue), or name yours in Settings Revenue Column",
            ));
        }
    }
}

/// The Clients columns that name things rather than measure them: never
/// typed as numbers, dates or yes/no.
const NAMING_COLUMNS: [crate::names::ColumnName; 6] =
    [crate::read::CLIENT_ID, NAME, HOUSEHOLD, RELATED_TO, PRIMARY_CONTACT, PREVIOUS_TIER];

/// The book's decimal mark: Settings `Decimal Mark` when given, else a
/// decimal comma for a `;`-separated list, else a decimal point (see
/// [`DecimalMark`] for what is refused when the mark is not explicit).
fn decimal_mark(settings: &crate::model::Settings, delimiter: Option<u8>) -> DecimalMark {
    match (settings.decimal_mark, delimiter) {
        (Some(mark), _) => DecimalMark { mark, explicit: true },
        (None, Some(b';')) => DecimalMark { mark: ',', explicit: false },
        _ => DecimalMark::default(),
    }
}

/// Types a client list as `run` reads it: its date columns (one order per
/// column), then its numbers in the book's decimal convention (and yes/no
/// from a text list). Shared by validation and `init --from`, so that the
/// starter book holds what `run` would have read from the list.
pub fn type_client_list(
    table: &mut crate::read::Table,
    format: crate::read::Format,
    mark: DecimalMark,
    date_order: Option<crate::dates::DateOrder>,
    issues: &mut Vec<Issue>,
) {
    let id = table.column(&crate::schema::CLIENT_ID);
    date_columns::read(table, id, date_order, issues);
    types::type_columns(table, mark, format == crate::read::Format::Csv, &NAMING_COLUMNS, issues);
}

/// The decimal mark of a list no Settings sheet speaks for (`init --from`):
/// a decimal comma for a `;`-separated list, else a decimal point.
pub fn list_decimal_mark(delimiter: Option<u8>) -> DecimalMark {
    decimal_mark(&crate::model::Settings::defaults(NaiveDate::default()), delimiter)
}

/// The formula cells without a saved value that tierbook reads: on the
/// Clients sheet in the ID, revenue or assets column or a column a criterion
/// or rule tests, and anywhere on the sheets that configure the run.
fn unsaved_formulas_read(
    raw: &RawBook,
    clients: &crate::model::Clients,
    criteria: &[crate::model::Criterion],
    rules: &[crate::model::Rule],
) -> Vec<Location> {
    let mut read_cols: Vec<usize> = vec![clients.id_column];
    read_cols.extend(clients.revenue_column);
    read_cols.extend(clients.assets_column);
    read_cols.extend(criteria.iter().map(|c| c.column));
    read_cols.extend(rules.iter().filter_map(|r| r.condition.as_ref().map(|(c, _)| *c)));
    let read_cols: Vec<u32> = read_cols.into_iter().map(|c| clients.sheet_column(c)).collect();
    let config: Vec<&str> = [Role::Criteria, Role::Tiers, Role::Rules, Role::Settings, Role::Exceptions]
        .into_iter()
        .filter_map(|r| raw.table(r).map(|t| t.sheet.as_str()))
        .collect();
    raw.unsaved_formulas
        .iter()
        .filter(|at| {
            config.contains(&at.sheet.as_str())
                || (at.sheet == clients.sheet && at.col.is_some_and(|c| read_cols.contains(&c)))
        })
        .cloned()
        .collect()
}

/// Validates a located book. `today` is the default for Settings `As Of`.
pub fn validate(mut raw: RawBook, today: NaiveDate) -> Result<Book, Rejected> {
    let mut problems = std::mem::take(&mut raw.problems);
    let mut issues = std::mem::take(&mut raw.issues);
    for (_, table) in &mut raw.tables {
        cut_long_text(table, &mut issues);
    }

    let settings = settings::read(raw.table(Role::Settings), today, &mut issues);

    let tiers = match raw.table(Role::Tiers) {
        Some(t) => tiers::read(t, &mut problems, &mut issues),
        None => default_tiers(),
    };

    let mark = decimal_mark(&settings, raw.delimiter);
    let clients = match raw.take(Role::Clients) {
        Some(mut table) => {
            type_client_list(&mut table, raw.format, mark, settings.date_order, &mut issues);
            let c = clients::read(table, &settings, &tiers, mark, &mut problems, &mut issues);
            Some(c)
        }
        None => {
            if !problems.iter().any(|p| p.location.sheet.eq_ignore_ascii_case("clients")) {
                problems.push(Problem::new(
                    Location::sheet("Clients"),
                    "no client list: there is no Clients sheet and no sheet with a Client ID column",
                    "name the client sheet 'Clients' and give it a 'Client ID' column (or ID, Client #, Account Number)",
                ));
            }
            None
        }
    };

    let against = |clients| sheet::Against { clients, tiers: &tiers, as_of: settings.as_of };
    let (criteria, groups) = match (raw.table(Role::Criteria), &clients) {
        (Some(t), Some(c)) => criteria::read(t, against(c), &mut problems, &mut issues),
        (Some(_), None) => (Vec::new(), Vec::new()),
        (None, _) if raw.format == crate::read::Format::Csv => {
            let list = crate::cmd::file_name(&raw.path);
            problems.push(Problem::new(
                Location::sheet(&list),
                "a CSV has no Criteria sheet",
                format!(
                    "add `--template abc-15` (see `tierbook templates`), or build a book with \
                     `tierbook init book.xlsx --from {list}`"
                ),
            ));
            (Vec::new(), Vec::new())
        }
        (None, _) => {
            if !problems.iter().any(|p| p.location.sheet.eq_ignore_ascii_case("criteria")) {
                problems.push(Problem::new(
                    Location::sheet("Criteria"),
                    "no Criteria sheet: tierbook needs the qualities to score clients on",
                    "add a sheet named 'Criteria' with columns Criterion, Column, Test, Value, Weight (see docs/input-format.md)",
                ));
            }
            (Vec::new(), Vec::new())
        }
    };

    if let Some(c) = &clients {
        gates_without_columns(&tiers, c, raw.table(Role::Tiers).map(|t| t.sheet.as_str()), &mut problems);
    }
    let (overrides, rules) = match &clients {
        Some(c) => (
            raw.table(Role::Exceptions)
                .map(|t| exceptions::read(t, against(c), &mut problems, &mut issues))
                .unwrap_or_default(),
            raw.table(Role::Rules).map(|t| rules::read(t, against(c), &mut problems, &mut issues)).unwrap_or_default(),
        ),
        None => (Vec::new(), Vec::new()),
    };

    let (services, default_services) = match raw.table(Role::Services) {
        Some(t) => (services::read(t, &tiers, &mut problems, &mut issues), false),
        None => (services::default_plan(&tiers), true),
    };
    let staff = raw.table(Role::Staff).map(|t| staff::read(t, &tiers, &mut problems, &mut issues)).unwrap_or_default();

    let unsaved_formulas_read = match &clients {
        Some(c) => unsaved_formulas_read(&raw, c, &criteria, &rules),
        None => Vec::new(),
    };
    match clients {
        Some(clients) if problems.is_empty() => Ok(Book {
            warnings: coverage::warnings(&clients, &criteria, &rules),
            clients,
            criteria,
            groups,
            tiers,
            settings,
            overrides,
            rules,
            services,
            default_services,
            staff,
            issues,
            unsaved_formulas_read,
        }),
        _ => Err(Rejected { problems, issues }),
    }
}
