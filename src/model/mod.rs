//! The advisor's book as plain data, once read and validated.
//!
//! Nothing here does I/O: the validate stage builds a [`Book`] from the
//! workbook's cells, and the core (segment, plan) works on it alone.

use calamine::Data;
use chrono::NaiveDate;

use crate::error::Issue;
use crate::location::Location;
use crate::value::Points;

mod settings;

pub use settings::{Settings, TierBy};

/// A validated book: everything the core needs to tier the clients.
#[derive(Debug, Clone)]
pub struct Book {
    /// The clients, in input order.
    pub clients: Clients,
    /// The qualities clients are scored on, in sheet order.
    pub criteria: Vec<Criterion>,
    /// Score groups (`Personal`, `Financial`, …) in order of first use.
    pub groups: Vec<String>,
    /// The tiers, top first; the last one catches everyone else.
    pub tiers: Vec<TierRule>,
    /// Key/value settings, with defaults filled in.
    pub settings: Settings,
    /// Manual overrides in force (expired or invalid ones are on Issues).
    pub overrides: Vec<Override>,
    /// Automatic exception rules, in sheet order.
    pub rules: Vec<Rule>,
    /// The service grid: what each tier gets.
    pub services: Vec<Service>,
    /// True when the book has no Services sheet and the default plan is used.
    pub default_services: bool,
    /// The team, in sheet order.
    pub staff: Vec<StaffMember>,
    /// Values that could not be read, and what was done about them.
    pub issues: Vec<Issue>,
    /// What the book cannot tell about its clients (a missing Revenue
    /// column, a criterion's column blank for everyone), for the Summary's
    /// warnings.
    pub warnings: Vec<String>,
    /// Formula cells with no saved value that a criterion, gate, rule,
    /// override or setting reads (each is also on Issues).
    pub unsaved_formulas_read: Vec<Location>,
}

impl Book {
    /// A book of `clients` with no criteria, the default tiers, no services
    /// or staff and default settings as of 2026-11-30: the base of the core's
    /// unit tests, which change only what they test.
    #[cfg(test)]
    pub(crate) fn for_tests(clients: Clients) -> Book {
        Book {
            clients,
            criteria: vec![],
            groups: vec![],
            tiers: default_tiers(),
            settings: Settings::defaults(NaiveDate::from_ymd_opt(2026, 11, 30).expect("a valid date")),
            overrides: vec![],
            rules: vec![],
            services: vec![],
            default_services: false,
            staff: vec![],
            issues: vec![],
            warnings: vec![],
            unsaved_formulas_read: vec![],
        }
    }

    /// The largest score a client can reach: the sum of positive weights.
    pub fn max_score(&self) -> Points {
        self.criteria.iter().map(|c| c.weight).filter(|w| w.0 > 0).fold(Points(0), |a, b| a + b)
    }
}

/// The Clients sheet: rows plus the advisor's own columns carried through.
#[derive(Debug, Clone, Default)]
pub struct Clients {
    /// Sheet name as spelled in the book.
    pub sheet: String,
    /// Every header of the sheet, in column order (index = position in
    /// [`Client::cells`]).
    pub headers: Vec<String>,
    /// Absolute zero-based sheet column of each header (empty columns of
    /// the sheet are not headers, so there may be gaps).
    pub columns: Vec<u32>,
    /// Index of the Client ID column in `headers`.
    pub id_column: usize,
    /// Index of the revenue column, when the sheet has one.
    pub revenue_column: Option<usize>,
    /// Index of the assets column, when the sheet has one.
    pub assets_column: Option<usize>,
    /// The advisor's own columns, carried to the tier sheets: output header
    /// and index into [`Client::cells`].
    pub carried: Vec<CarriedColumn>,
    /// The clients, one per non-blank row, in input order.
    pub rows: Vec<Client>,
    /// True when the sheet has any delivery column (Last Review, Last
    /// Contact, Reviews YTD, Contacts YTD): only then is delivery reported.
    pub tracks_delivery: bool,
    /// Rows under the header that are not clients (totals, footers, repeated
    /// headers): skipped, each named on Issues.
    pub skipped_rows: usize,
}

impl Clients {
    /// The absolute sheet column of header `col`.
    pub fn sheet_column(&self, col: usize) -> u32 {
        self.columns.get(col).copied().unwrap_or(col as u32)
    }
}

/// One of the advisor's own columns, carried through to the tier sheets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedColumn {
    /// The header written in the output (` (input)` appended on a clash).
    pub header: String,
    /// Index into [`Client::cells`].
    pub index: usize,
}

/// One client row.
#[derive(Debug, Clone, Default)]
pub struct Client {
    /// Absolute zero-based row in the Clients sheet.
    pub row: u32,
    /// The client ID as text; empty when the row has none.
    pub id: String,
    /// The client's name; may be empty.
    pub name: String,
    /// Annual revenue from the client, when known.
    pub revenue: Option<f64>,
    /// Assets under management, when known.
    pub assets: Option<f64>,
    /// Household key; `None` means no household.
    pub household: Option<String>,
    /// Tier code the client had before this run, as written.
    pub previous_tier: Option<String>,
    /// ID of a linked client (a parent, say).
    pub related_to: Option<String>,
    /// A staff name that pins the primary contact.
    pub primary_contact: Option<String>,
    /// Service delivered so far, when the book tracks it.
    pub delivery: Delivered,
    /// Every cell of the row, aligned with [`Clients::headers`].
    pub cells: Vec<Data>,
}

/// What a client has had so far (the Clients delivery columns).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Delivered {
    /// Date of the last review meeting.
    pub last_review: Option<NaiveDate>,
    /// Date of the last contact of any kind.
    pub last_contact: Option<NaiveDate>,
    /// Review meetings held this year so far.
    pub reviews_ytd: Option<f64>,
    /// Contacts this year so far.
    pub contacts_ytd: Option<f64>,
}

/// A quality clients are scored on (one row of the Criteria sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Display name.
    pub name: String,
    /// Index of the Clients column the criterion reads.
    pub column: usize,
    /// The Clients header it reads, as spelled there.
    pub column_name: String,
    /// The test a client's cell must pass.
    pub test: Test,
    /// Points a client earns by passing.
    pub weight: Points,
    /// Indexes of the tiers a client cannot reach without passing.
    pub required_for: Vec<usize>,
    /// Index into [`Book::groups`], if the criterion has a group.
    pub group: Option<usize>,
    /// The Value cell as the advisor typed it (a number stays a number,
    /// text keeps its case), shown on the report's Criteria sheet; `test`
    /// holds the parsed, lower-cased form used for matching.
    pub value: calamine::Data,
}

/// A test of one cell. Text comparisons are case-insensitive and trimmed; a
/// blank cell meets no test but [`Test::No`].
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `>=`, `>`, `<=`, `<` against a number or a date.
    Compare(Comparison, Operand),
    /// `=`: same number, date or text.
    Equals(Operand),
    /// `<>`: a value that differs (blank cells do not count).
    NotEquals(Operand),
    /// `between a..b`, inclusive.
    Between(Operand, Operand),
    /// Cell is truthy: yes/y/true/1/x/✓.
    Yes,
    /// Cell is falsy or blank.
    No,
    /// Cell equals one of the listed texts.
    OneOf(Vec<String>),
    /// Cell text contains the given text.
    Contains(String),
    /// Cell holds anything.
    NotBlank,
}

/// An ordering comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `>=`
    AtLeast,
    /// `>`
    Above,
    /// `<=`
    AtMost,
    /// `<`
    Below,
}

/// The right-hand side of a test, as written in the Value column.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A number (lenient: `500k`, `45%`).
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// Text, kept lower-cased and trimmed for comparison.
    Text(String),
}

/// A score bar: points, or a share of the maximum score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bar {
    /// At least this many points.
    Points(Points),
    /// At least this share of the maximum score, in thousandths of a percent
    /// (`80%` is 80 000), so the comparison is exact.
    Percent(i64),
}

impl Bar {
    /// Thousandths of a percent per percent.
    pub const PERCENT_SCALE: i64 = 1000;

    /// True when `score` reaches the bar, given the book's maximum score.
    /// Percent bars compare `score ≥ p × max` exactly, in integers.
    pub fn is_met(self, score: Points, max: Points) -> bool {
        match self {
            Bar::Points(p) => score >= p,
            Bar::Percent(p) => (score.0 as i128) * 100 * Self::PERCENT_SCALE as i128 >= (p as i128) * (max.0 as i128),
        }
    }

    /// The bar in points for display (`7.95`).
    pub fn points(self, max: Points) -> f64 {
        match self {
            Bar::Points(p) => p.as_f64(),
            Bar::Percent(p) => p as f64 / (100.0 * Self::PERCENT_SCALE as f64) * max.as_f64(),
        }
    }
}

/// A manual override (a row of the Exceptions sheet) that is in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Absolute zero-based row in the Exceptions sheet.
    pub row: u32,
    /// The client it names (every row with this ID).
    pub client_id: String,
    /// The tier promised (index into [`Book::tiers`]).
    pub tier: usize,
    /// Why: required, or the override is not applied.
    pub reason: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// Last day it applies.
    pub until: Option<NaiveDate>,
}

/// An automatic exception rule (a row of the Rules sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Absolute zero-based row in the Rules sheet.
    pub row: u32,
    /// The rule's name, shown wherever it applied.
    pub name: String,
    /// The Clients column and test a client must pass; `None` applies the
    /// rule to every client.
    pub condition: Option<(usize, Test)>,
    /// What the rule does to a client that passes.
    pub action: Action,
    /// Why, in the advisor's words.
    pub reason: String,
}

/// What a rule does to a client's tier. Tier indexes count from the top
/// (0 is the best tier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Raise to this tier if below it.
    AtLeast(usize),
    /// Lower to this tier if above it.
    AtMost(usize),
    /// Put in this tier.
    Set(usize),
    /// One tier up.
    Promote,
    /// One tier down.
    Demote,
    /// Raise to the final tier of the client named in `Related To`.
    FollowRelated,
}

/// A service of the grid (a row of the Services sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Name, e.g. `Review meeting`.
    pub name: String,
    /// Meeting, Communication, Appreciation, Recognition, Professional or
    /// Standard (free text is kept as written).
    pub category: String,
    /// What each tier gets, index-aligned with [`Book::tiers`].
    pub per_tier: Vec<Provision>,
    /// Staff hours per occurrence.
    pub hours_each: f64,
    /// Out-of-pocket cost per occurrence (a lunch, a gift).
    pub cost_each: f64,
    /// The role that delivers it; `None` means the tier's primary contact.
    pub delivered_by: Option<String>,
}

/// What one tier gets of one service.
#[derive(Debug, Clone, PartialEq)]
pub enum Provision {
    /// Not provided.
    None,
    /// This many times a year.
    PerYear(f64),
    /// A standard rather than a count, e.g. `within 1 hour`.
    Standard(String),
}

impl Provision {
    /// Occurrences per year (0 for a standard or nothing).
    pub fn per_year(&self) -> f64 {
        match self {
            Provision::PerYear(n) => *n,
            _ => 0.0,
        }
    }
}

/// A member of the team (a row of the Staff sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct StaffMember {
    /// Name, as clients' `Primary Contact` spells it.
    pub name: String,
    /// Role, e.g. Partner, Advisor, Associate, Assistant.
    pub role: String,
    /// Tiers served (indexes into [`Book::tiers`]).
    pub tiers: Vec<usize>,
    /// Hours a year available for client service.
    pub capacity: f64,
    /// Years with the practice: seniority for assignment.
    pub tenure: f64,
}

impl StaffMember {
    /// True when `hours` a year are more than this person's capacity: the
    /// one "over capacity" test the plan, the warnings, the Resources sheet
    /// and the roll-up share. A billionth of an hour is tolerance for sums
    /// of fractional service hours, never a real overload.
    pub fn is_over(&self, hours: f64) -> bool {
        hours > self.capacity + 1e-9
    }

    /// True when `hours` more still fit within capacity, given `load`.
    pub fn has_room(&self, load: f64, hours: f64) -> bool {
        !self.is_over(load + hours)
    }
}

/// One service tier (a row of the Tiers sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct TierRule {
    /// Short code such as `A`.
    pub code: String,
    /// Display label such as `Top clients`.
    pub label: String,
    /// Score bar, if any.
    pub min_score: Option<Bar>,
    /// Assets gate, if any.
    pub min_assets: Option<f64>,
    /// Revenue gate, if any.
    pub min_revenue: Option<f64>,
    /// Warn when the tier holds more than this share (0–1) of clients.
    pub max_share: Option<f64>,
    /// Staff role that is primary contact for this tier.
    pub primary_contact_role: Option<String>,
}

/// The columns a tier sheet begins with, before the per-group scores and
/// the advisor's own columns.
pub const TIER_SHEET_COLUMNS: [&str; 12] = [
    "Client ID",
    "Name",
    "Score",
    "Scored Tier",
    "Tier",
    "Why",
    "Primary Contact",
    "Revenue",
    "Assets",
    "Hours",
    "Cost",
    "Margin",
];

/// Delivery against the promise, on tier sheets when the book tracks it.
pub const DELIVERY_COLUMNS: [&str; 6] =
    ["Next Review", "Next Contact", "Days Overdue", "Reviews Due YTD", "Contacts Due YTD", "On Track"];

/// Household totals, on tier sheets when tiering by household.
pub const HOUSEHOLD_COLUMNS: [&str; 2] = ["Household Revenue", "Household Assets"];

/// True when an input header would take the name of a column tierbook
/// writes on the tier sheets (the advisor's column is then renamed).
pub fn is_output_column(header: &str) -> bool {
    let key = crate::names::normalize(header);
    key.starts_with("score:")
        || TIER_SHEET_COLUMNS
            .iter()
            .chain(&DELIVERY_COLUMNS)
            .chain(&HOUSEHOLD_COLUMNS)
            .any(|c| crate::names::normalize(c) == key)
}

/// The default tiers: A at 80 % of the maximum score, B at 53 %, C the rest
/// (12 and 8 points of 15).
pub fn default_tiers() -> Vec<TierRule> {
    let tier = |code: &str, label: &str, pct: Option<i64>| TierRule {
        code: code.to_string(),
        label: label.to_string(),
        min_score: pct.map(|p| Bar::Percent(p * Bar::PERCENT_SCALE)),
        min_assets: None,
        min_revenue: None,
        max_share: None,
        primary_contact_role: None,
    };
    vec![tier("A", "Top clients", Some(80)), tier("B", "Core clients", Some(53)), tier("C", "Standard clients", None)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_bars_are_exact() {
        let max = Points::whole(15);
        let a = Bar::Percent(80_000);
        let b = Bar::Percent(53_000);
        assert!(a.is_met(Points::whole(12), max), "80% of 15 is exactly 12");
        assert!(!a.is_met(Points::whole(11), max));
        assert!(b.is_met(Points::whole(8), max), "53% of 15 is 7.95");
        assert!(!b.is_met(Points::whole(7), max));
        assert!((b.points(max) - 7.95).abs() < 1e-9);
    }

    #[test]
    fn point_bars() {
        let bar = Bar::Points(Points::whole(8));
        assert!(bar.is_met(Points::whole(8), Points::whole(15)));
        assert!(!bar.is_met(Points(7999), Points::whole(15)));
    }
}
