//! What the two book generators write alike: the practice's As Of date, the
//! yes/no columns and the occupations the criteria read, the Criteria and
//! Tiers sheets, the cells of the small sheets, and saving.
//!
//! The generators' output must not change by a byte (the sample ships in
//! `samples/`, and benchmark figures are compared across versions): what is
//! here is exactly what each wrote before, and where they differed (the
//! criterion names, the name lists) each still passes its own.
#![allow(dead_code)]

use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::rng::{round_to, sigmoid, Rng};

/// The books' As Of date (and their creation date).
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid date")
}

/// The nine yes/no columns, with (bias, slope on quality) for P(yes).
pub const YES_NO: &[(&str, f64, f64)] = &[
    ("Cooperative", 1.4, 1.3),
    ("Receptive To Advice", 0.4, 1.4),
    ("Pleasant", 1.6, 1.1),
    ("Respects Staff Time", 0.9, 1.2),
    ("Refers Others", 0.0, 0.0), // derived from the referral count
    ("Growth Potential", -0.3, 1.4),
    ("Values Advice", 0.7, 1.4),
    ("Long-Term Investor", 0.5, 1.3),
    ("Delegator", 0.2, 0.8),
];

/// Index of "Refers Others" in [`YES_NO`].
pub const REFERS_OTHERS: usize = 4;

/// Occupations that meet the "Professional or business owner" criterion.
#[rustfmt::skip]
pub const PROFESSIONAL: &[&str] = &[
    "Physician", "Attorney", "Business Owner", "Executive", "Engineer", "Dentist",
];

/// Other occupations. The benchmark book draws from the first
/// [`BENCH_OTHER_JOBS`] only (its books were made so).
#[rustfmt::skip]
pub const OTHER_JOBS: &[&str] = &[
    "Teacher", "Nurse", "Sales Manager", "Accountant", "Pharmacist", "Architect", "Professor",
    "Consultant", "Real Estate Agent", "Contractor", "Pilot", "IT Manager",
    "Government Employee", "Homemaker", "Financial Analyst", "Police Officer", "Veterinarian",
    "Office Manager", "Electrician", "Marketing Director",
];
pub const BENCH_OTHER_JOBS: usize = 17;

/// Last names. The benchmark book draws from the first [`BENCH_LAST`] only.
#[rustfmt::skip]
pub const LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Chen", "Kim", "Murphy",
    "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly",
    "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray",
    "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Shah", "O'Brien",
    "Fischer", "Novak", "Sullivan",
];
pub const BENCH_LAST: usize = 81;

/// A client's annual revenue and assets, from latent quality: revenue
/// lognormal around $6k (lower for the grown child of a client), assets
/// about revenue / 1%, at a slightly lower fee rate on bigger accounts (fee
/// breakpoints).
pub fn revenue_and_assets(rng: &mut Rng, quality: f64, child_of_client: bool) -> (f64, f64) {
    let mut log_rev = (5400f64).ln() + 0.7 * quality + 0.4 * rng.normal();
    if child_of_client {
        log_rev -= 0.7;
    }
    let revenue = round_to(log_rev.exp().clamp(1000.0, 80_000.0), 1.0);
    let rate = (0.0105 - 0.0008 * (revenue / 6000.0).ln()).clamp(0.0065, 0.0125);
    let assets = round_to(revenue / rate * (0.12 * rng.normal()).exp(), 100.0);
    (revenue, assets)
}

/// The marital status of a client outside a household, from age and
/// latent quality.
pub fn marital_status(rng: &mut Rng, age: i64, quality: f64) -> &'static str {
    if age > 72 && rng.chance(0.3) {
        "Widowed"
    } else if rng.chance(sigmoid(-0.3 + 0.6 * quality + 0.02 * (age - 40) as f64)) {
        "Married"
    } else if age > 40 && rng.chance(0.4) {
        "Divorced"
    } else {
        "Single"
    }
}

/// A client's occupation, from age and latent quality: most over 67 are
/// retired; the better the client, the likelier a profession; else one of
/// `other_jobs`.
pub fn occupation(rng: &mut Rng, age: i64, quality: f64, other_jobs: &[&'static str]) -> &'static str {
    if age >= 67 && rng.chance(0.75) {
        "Retired"
    } else if rng.chance(sigmoid(-0.4 + 0.9 * quality)) {
        rng.pick::<&str>(PROFESSIONAL)
    } else {
        rng.pick::<&str>(other_jobs)
    }
}

/// The median income of an occupation.
pub fn median_income(occupation: &str) -> f64 {
    match occupation {
        "Retired" => 75_000.0,
        "Homemaker" => 40_000.0,
        o if PROFESSIONAL.contains(&o) => 185_000.0,
        _ => 85_000.0,
    }
}

/// Referrals given (0 to 6): more from better clients, fewer in the first
/// year.
pub fn referrals(rng: &mut Rng, quality: f64, years: i64) -> u32 {
    let mut lambda = (-0.3 + 0.9 * quality).exp();
    if years == 0 {
        lambda *= 0.4;
    }
    rng.poisson(lambda).min(6)
}

/// The answer in yes/no column `k` of [`YES_NO`]: Refers Others follows
/// the referral count; the others lean on quality, with noise.
pub fn answer(rng: &mut Rng, k: usize, referrals: u32, quality: f64) -> bool {
    let (_, bias, slope) = YES_NO[k];
    if k == REFERS_OTHERS {
        rng.chance(if referrals > 0 { 0.92 } else { 0.12 })
    } else {
        let noise = 0.7 * rng.normal();
        rng.chance(sigmoid(bias + slope * quality + noise))
    }
}

/// Last year's tier of a client who was there, from the tier scored now:
/// the same with probability `stay`; else the usual move, pre-ideal to ideal
/// (B to A) or the one next to it.
pub fn previous_tier(rng: &mut Rng, now: char, stay: f64) -> char {
    if rng.chance(stay) {
        return now;
    }
    match now {
        'A' => 'B',
        'B' if rng.chance(0.3) => 'A',
        'B' => 'C',
        _ => 'B',
    }
}

/// What a client was given so far this year.
pub struct Delivered {
    pub last_review: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    pub reviews_ytd: i64,
    pub contacts_ytd: i64,
}

/// Delivery so far, following the previous tier's promise (a new client,
/// `None`, gets an onboarding review): the last review within the tier's
/// gap (at most 14 months back), the last contact since, about 3% of either
/// left blank, and year-to-date counts that agree with the dates.
pub fn delivery(rng: &mut Rng, previous: Option<char>) -> Delivered {
    let as_of = as_of();
    let window_start = NaiveDate::from_ymd_opt(2025, 9, 30).expect("valid date"); // 14 months
    let window_days = (as_of - window_start).num_days();
    let year_start = NaiveDate::from_ymd_opt(as_of.year(), 1, 1).expect("valid date");
    let (review_gap, reviews, contacts) = match previous.unwrap_or('N') {
        'A' => (100, (2, 4), (6, 14)),
        'B' => (200, (1, 2), (2, 7)),
        'C' => (window_days, (1, 1), (0, 3)),
        _ => (150, (1, 2), (1, 5)),
    };
    let review_ago = rng.range(3, review_gap.min(window_days));
    let contact_ago = rng.range(0, review_ago);
    let last_review = (!rng.chance(0.03)).then(|| as_of - Duration::days(review_ago));
    let last_contact = (!rng.chance(0.03)).then(|| as_of - Duration::days(contact_ago));
    let reviews_ytd = match last_review {
        Some(d) if d >= year_start => rng.range(reviews.0, reviews.1),
        _ => 0,
    };
    let contacts_ytd = match last_contact {
        Some(d) if d >= year_start => rng.range(contacts.0, contacts.1).max(reviews_ytd).max(1),
        _ => 0,
    };
    Delivered { last_review, last_contact, reviews_ytd, contacts_ytd }
}

/// The tier a client's criteria-met count gives under the default bars
/// written on the Tiers sheet: A at 80% of the 15 criteria (12) with the
/// revenue criterion met, B at 53% (7.95, so 8), C the rest.
pub fn default_tier(met: u32, revenue_ok: bool) -> char {
    if met >= 12 && revenue_ok {
        'A'
    } else if met >= 8 {
        'B'
    } else {
        'C'
    }
}

/// A cell of a small sheet (Criteria, Tiers, Settings, ...).
#[derive(Clone)]
pub enum V {
    S(&'static str),
    O(String),
    N(f64),
    Pct(f64),
    Date(NaiveDate),
    Blank,
}

/// Writes `rows` under a header on the sheet's first row: percents and
/// dates in the given formats, blanks left empty.
pub fn write_rows<R: AsRef<[V]>>(
    ws: &mut Worksheet,
    rows: impl IntoIterator<Item = R>,
    percent: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    for (r, cells) in rows.into_iter().enumerate() {
        let row = r as u32 + 1;
        for (c, v) in cells.as_ref().iter().enumerate() {
            let col = c as u16;
            match v {
                V::S(s) => ws.write_string(row, col, *s).map(|_| ())?,
                V::O(s) => ws.write_string(row, col, s).map(|_| ())?,
                V::N(x) => ws.write_number(row, col, *x).map(|_| ())?,
                V::Pct(p) => ws.write_number_with_format(row, col, *p, percent).map(|_| ())?,
                V::Date(d) => ws.write_datetime_with_format(row, col, d, date).map(|_| ())?,
                V::Blank => {}
            }
        }
    }
    Ok(())
}

/// The 15 criteria both books score on: name, the column each reads, its
/// test and value, what it is required for, its group. Every weight is 1.
#[rustfmt::skip]
const CRITERIA: [(&str, &str, &str, V, &str, &str); 15] = [
    ("Cooperative", "Cooperative", "yes", V::Blank, "", "Personal"),
    ("Receptive to advice", "Receptive To Advice", "yes", V::Blank, "", "Personal"),
    ("Pleasant to work with", "Pleasant", "yes", V::Blank, "", "Personal"),
    ("Respects staff time", "Respects Staff Time", "yes", V::Blank, "", "Personal"),
    ("Refers others", "Refers Others", "yes", V::Blank, "", "Personal"),
    ("Gave 2+ referrals", "Referrals", ">=", V::N(2.0), "", "Personal"),
    ("Growth potential", "Growth Potential", "yes", V::Blank, "", "Financial"),
    ("Recurring revenue ≥ $5,000", "Revenue", ">=", V::N(5000.0), "A", "Financial"),
    ("Assets ≥ $500k", "Assets", ">=", V::S("500k"), "", "Financial"),
    ("Age 45–70", "Age", "between", V::S("45..70"), "", "Demographic"),
    ("Professional or business owner", "Occupation", "one of",
        V::S("Physician; Attorney; Business Owner; Executive; Engineer; Dentist"), "", "Demographic"),
    ("Married", "Marital Status", "=", V::S("Married"), "", "Demographic"),
    ("Household income ≥ $150k", "Income", ">=", V::N(150_000.0), "", "Demographic"),
    ("Values advice", "Values Advice", "yes", V::Blank, "", "Psychographic"),
    ("Long-term investor", "Long-Term Investor", "yes", V::Blank, "", "Psychographic"),
];

/// The benchmark book's own names for five criteria: plain ASCII, shorter.
const BENCH_NAMES: [(&str, &str); 5] = [
    ("Recurring revenue ≥ $5,000", "Recurring revenue"),
    ("Assets ≥ $500k", "Assets over 500k"),
    ("Age 45–70", "Age 45-70"),
    ("Professional or business owner", "Professional"),
    ("Household income ≥ $150k", "Income 150k+"),
];

/// The Criteria sheet's rows, with the sample's criterion names or (when
/// `bench_names`) the benchmark book's.
pub fn criteria_rows(bench_names: bool) -> Vec<Vec<V>> {
    use V::*;
    let renamed = |name: &'static str| {
        BENCH_NAMES.iter().find(|(sample, _)| *sample == name).filter(|_| bench_names).map_or(name, |(_, bench)| bench)
    };
    CRITERIA
        .iter()
        .map(|(name, column, test, value, required, group)| {
            let required = if required.is_empty() { Blank } else { S(required) };
            vec![S(renamed(name)), S(column), S(test), value.clone(), N(1.0), required, S(group)]
        })
        .collect()
}

/// The Tiers sheet's rows: A, B and C with the default bars and caps.
pub fn tiers_rows() -> Vec<Vec<V>> {
    use V::*;
    vec![
        vec![S("A"), S("Top clients"), S("80%"), Blank, Blank, Pct(0.25), S("Partner")],
        vec![S("B"), S("Core clients"), S("53%"), Blank, Blank, Pct(0.45), S("Advisor")],
        vec![S("C"), S("Standard clients"), Blank, Blank, Blank, Blank, S("Associate")],
    ]
}

/// The Rules sheet's two rules: a strong referrer (`min_referrals` or
/// more) is at least A, and the child of a top client follows the parent;
/// `reasons` as each book words them.
pub fn rules_rows(min_referrals: f64, reasons: [&'static str; 2]) -> Vec<Vec<V>> {
    use V::*;
    let [referrer, child] = reasons;
    vec![
        vec![S("Strong referrer"), S("Referrals"), S(">="), N(min_referrals), S("at least A"), S(referrer)],
        vec![S("Child of a top client"), S("Related To"), S("not blank"), Blank, S("follow related"), S(child)],
    ]
}

/// Saves the workbook to `path`, making its folder first.
pub fn save(wb: &mut Workbook, path: &str) -> Result<(), XlsxError> {
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    wb.save(path)
}
