//! The Settings sheet as plain data, with its defaults (SPEC §Input,
//! Settings; the settings' names and help are declared in `schema`).

use chrono::NaiveDate;

use crate::value::Points;

/// How clients are grouped for tiering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TierBy {
    /// Each client on its own.
    #[default]
    Client,
    /// Every member of a household gets the household's highest tier.
    Household,
}

/// The Settings sheet, with defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The advisor's name.
    pub advisor: Option<String>,
    /// The date the book is judged at.
    pub as_of: NaiveDate,
    /// Cost of an hour of staff time.
    pub hourly_cost: Option<f64>,
    /// Share (0–1) of clients that may be exceptions before a warning.
    pub max_exceptions: f64,
    /// Share (0–1) of clients that may be served at a loss before a warning.
    pub max_unprofitable: f64,
    /// Score distance from a bar within which a client is borderline.
    pub borderline_margin: Points,
    /// Keep previous tiers except promotions.
    pub sticky_tiers: bool,
    /// Clients header holding revenue, when not the usual names.
    pub revenue_column: Option<String>,
    /// Clients header holding assets, when not the usual names.
    pub assets_column: Option<String>,
    /// Currency code or symbol for money formats (`USD`, `€`).
    pub currency: String,
    /// Client or household tiering.
    pub tier_by: TierBy,
    /// How a Clients column of slash dates that are all ambiguous is read
    /// (Settings `Date Order`); `None` when the book does not say (then MDY,
    /// with an Issue).
    pub date_order: Option<crate::dates::DateOrder>,
    /// The decimal mark of text amounts (`.` or `,`) when Settings
    /// `Decimal Mark` names one; otherwise the reader infers it.
    pub decimal_mark: Option<char>,
}

impl Settings {
    /// Defaults, judged at `as_of`.
    pub fn defaults(as_of: NaiveDate) -> Self {
        Settings {
            advisor: None,
            as_of,
            hourly_cost: None,
            max_exceptions: 0.10,
            max_unprofitable: 0.20,
            borderline_margin: Points::whole(1),
            sticky_tiers: false,
            revenue_column: None,
            assets_column: None,
            currency: "USD".to_string(),
            tier_by: TierBy::Client,
            date_order: None,
            decimal_mark: None,
        }
    }
}
