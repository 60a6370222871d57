//! The fixture books of the suite, each small enough to check by hand. Every
//! book that `run` accepts is listed in [`good_books`], which the
//! conservation tests go through.

use chrono::NaiveDate;

use crate::util::{edit_zip_member, BookBuilder, Cell, Rows};

/// The 15 yes/no qualities of the `bars` book and their groups.
pub const QUALITIES: [(&str, &str); 15] = [
    ("Cooperative", "Personal"),
    ("Receptive", "Personal"),
    ("Pleasant", "Personal"),
    ("Respects Staff Time", "Personal"),
    ("Refers Others", "Personal"),
    ("Growth Potential", "Financial"),
    ("Recurring Revenue", "Financial"),
    ("Consolidated Assets", "Financial"),
    ("Pays On Time", "Financial"),
    ("Accepts Fees", "Financial"),
    ("Values Advice", "Psychographic"),
    ("Long Term View", "Psychographic"),
    ("Delegator", "Psychographic"),
    ("Trusts Team", "Psychographic"),
    ("Plans Ahead", "Psychographic"),
];

/// `bars` clients: ID, name, score (meets the first `score` qualities),
/// expected tier under the default bars (A ≥ 12, B ≥ 7.95).
pub const BARS: [(&str, &str, usize, &str); 7] = [
    ("C-01", "Ann Baker", 8, "B"),
    ("C-02", "Ben Cole", 15, "A"),
    ("C-03", "Cara Diaz", 0, "C"),
    ("C-04", "Dan Evans", 12, "A"),
    ("C-05", "Eve Ford", 5, "C"),
    ("C-06", "Finn Gray", 11, "B"),
    ("C-07", "Gail Hunt", 7, "C"),
];

/// The hand-checkable book: 15 yes/no criteria of weight 1, no Tiers sheet,
/// seven clients scoring 8, 15, 0, 12, 5, 11, 7. Each client writes yes and
/// no its own way (words, letters, booleans, 1/0, ✓, blank).
pub fn bars() -> BookBuilder {
    let yes: [Cell; 7] = ["yes".into(), "Y".into(), "x".into(), true.into(), 1.into(), "TRUE".into(), "✓".into()];
    let no: [Cell; 7] = ["no".into(), "N".into(), Cell::Empty, false.into(), 0.into(), "FALSE".into(), "n".into()];
    let mut header = row!["Client ID", "Name", "Revenue", "Assets"];
    header.extend(QUALITIES.iter().map(|(q, _)| Cell::from(*q)));
    header.push("Notes".into());
    let mut clients: Rows = vec![header];
    for (k, (id, name, score, _)) in BARS.iter().enumerate() {
        let mut r = row![*id, *name, 1000 * (k as i32 + 1), 100_000 * (k as i32 + 1)];
        r.extend((0..15).map(|q| if q < *score { yes[k].clone() } else { no[k].clone() }));
        r.push(Cell::from(format!("note {}", k + 1)));
        clients.push(r);
    }
    let mut criteria: Rows = vec![row!["Criterion", "Column", "Test", "Value", "Weight", "Required For", "Group"]];
    criteria.extend(QUALITIES.iter().map(|(q, g)| row![*q, *q, "yes", "", 1, "", *g]));
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).sheet(
        "Settings",
        vec![
            row!["Setting", "Value"],
            row!["Advisor", "Pat Lee"],
            row!["As Of", NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()],
        ],
    )
}

/// Weighted criteria of mixed tests (max 8 points) and a Tiers sheet in
/// points: A ≥ 6, B ≥ 3.5, C the rest. Expected (id, score, tier) in
/// [`WEIGHTED`].
pub fn weighted() -> BookBuilder {
    let clients = vec![
        row!["Client ID", "Name", "Income", "Marital Status", "Age", "Occupation", "Refers Others"],
        row!["W1", "All five", 150_000, "Married", 50, "Family doctor", "yes"],
        row!["W2", "No contains", 100_000, "widowed ", 45, "Teacher", "yes"],
        row!["W3", "Status and refers", 20_000, "Married", 30, "Clerk", "yes"],
        row!["W4", "Income and status", 100_000, "MARRIED", 80, "Clerk", "no"],
        row!["W5", "Refers only", 99_999.5, "Single", 20, "Clerk", "yes"],
        row!["W6", "Three small", 5_000, "Widowed", 70, "Doctor", "no"],
        row!["W7", "Just below A", 120_000, "Single", 71, "doctor of law", "y"],
        row!["W8", "Exactly A", 100_000, "Single", 70, "Clerk", "yes"],
    ];
    let criteria = vec![
        row!["Criterion", "Column", "Test", "Value", "Weight", "Group"],
        row!["High income", "Income", ">=", 100_000, 2, "Financial"],
        row!["Married or widowed", "Marital Status", "one of", "Married; Widowed", 1.5, "Demographic"],
        row!["Age 45-70", "Age", "between", "45..70", 1, "Demographic"],
        row!["Doctor", "Occupation", "contains", "doctor", 0.5, "Demographic"],
        row!["Refers", "Refers Others", "yes", "", 3, "Personal"],
    ];
    let tiers =
        vec![row!["Tier", "Label", "Min Score"], row!["A", "Top", 6], row!["B", "Core", 3.5], row!["C", "Rest", ""]];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).sheet("Tiers", tiers)
}

/// `weighted` clients: ID, score, tier.
pub const WEIGHTED: [(&str, f64, &str); 8] = [
    ("W1", 8.0, "A"),
    ("W2", 7.5, "A"),
    ("W3", 4.5, "B"),
    ("W4", 3.5, "B"),
    ("W5", 3.0, "C"),
    ("W6", 3.0, "C"),
    ("W7", 5.5, "B"),
    ("W8", 6.0, "A"),
];

/// Five yes/no criteria; A needs 60 % (3 points), $1M assets, $10k revenue
/// and `Pleasant` (required for A); B needs 40 % (2 points) and `Engaged`
/// (required for A and B). Expected tiers in [`GATED`].
pub fn gated() -> BookBuilder {
    let h = row!["Client ID", "Name", "Assets", "Revenue", "Pleasant", "Engaged", "Refers", "Growth", "Loyal"];
    let clients = vec![
        h,
        row!["G1", "Everything", 2_000_000, 20_000, "y", "y", "y", "y", "y"],
        row!["G2", "Assets short", 900_000, 20_000, "y", "y", "y", "y", "y"],
        row!["G3", "Revenue short", 2_000_000, 5_000, "y", "y", "y", "y", "y"],
        row!["G4", "Not pleasant", 2_000_000, 20_000, "n", "y", "y", "y", "y"],
        row!["G5", "On every line", "$1,000,000", "10k", "y", "y", "y", "n", "n"],
        row!["G6", "Two points", 5_000_000, 50_000, "n", "y", "y", "n", "n"],
        row!["G7", "One point", 5_000_000, 50_000, "n", "y", "n", "n", "n"],
        row!["G8", "Assets unknown", "", 20_000, "y", "y", "y", "y", "y"],
        row!["G9", "Not engaged", 2_000_000, 20_000, "y", "n", "y", "y", "y"],
    ];
    let criteria = vec![
        row!["Criterion", "Test", "Required For"],
        row!["Pleasant", "yes", "A"],
        row!["Engaged", "yes", "A, B"],
        row!["Refers", "yes", ""],
        row!["Growth", "yes", ""],
        row!["Loyal", "yes", ""],
    ];
    let tiers = vec![
        row!["Tier", "Label", "Min Score", "Min Assets", "Min Revenue"],
        row!["A", "Top", "60%", "$1M", 10_000],
        row!["B", "Core", "40%", "", ""],
        row!["C", "Rest", "", "", ""],
    ];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).sheet("Tiers", tiers)
}

/// `gated` clients: ID, score, tier, a phrase `Why` must hold.
pub const GATED: [(&str, f64, &str, &str); 9] = [
    ("G1", 5.0, "A", "5 of 5 points"),
    ("G2", 5.0, "B", "Not A: assets $900,000 below the $1,000,000 gate"),
    ("G3", 5.0, "B", "Not A: revenue $5,000 below the $10,000 gate"),
    ("G4", 4.0, "B", "needs Pleasant (required for A)"),
    ("G5", 3.0, "A", "missing: Growth, Loyal"),
    ("G6", 2.0, "B", "score below the 3-point bar"),
    ("G7", 1.0, "C", "Not B: score below the 2-point bar"),
    ("G8", 5.0, "B", "assets unknown below the $1,000,000 gate"),
    ("G9", 4.0, "C", "needs Engaged (required for B)"),
];

/// The ideal / pre-ideal / exceptions scheme: A and B share a 4-point fit
/// bar, A also needs $500k assets and $5k revenue. Expected in [`IDEAL`].
pub fn ideal() -> BookBuilder {
    let clients = vec![
        row![
            "Client ID",
            "Name",
            "AUM",
            "Fees",
            "Needs Service",
            "Wants Service",
            "Values Service",
            "Delegates",
            "Refers"
        ],
        row!["I1", "Ideal", 600_000, 6_000, "yes", "yes", "yes", "yes", "yes"],
        row!["I2", "Pre-ideal, assets", 400_000, 6_000, "yes", "yes", "yes", "yes", "no"],
        row!["I3", "Pre-ideal, fees", 600_000, 4_000, "yes", "yes", "yes", "yes", "yes"],
        row!["I4", "Rich, poor fit", 2_000_000, 50_000, "yes", "yes", "yes", "no", "no"],
        row!["I5", "Ideal, on the line", 500_000, 5_000, "yes", "yes", "no", "yes", "yes"],
    ];
    let criteria = vec![
        row!["Criterion", "Test"],
        row!["Needs Service", "yes"],
        row!["Wants Service", "yes"],
        row!["Values Service", "yes"],
        row!["Delegates", "yes"],
        row!["Refers", "yes"],
    ];
    let tiers = vec![
        row!["Tier", "Label", "Min Score", "Min Assets", "Min Revenue"],
        row!["A", "Ideal", 4, 500_000, 5_000],
        row!["B", "Pre-ideal", 4, "", ""],
        row!["C", "Exceptions", "", "", ""],
    ];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).sheet("Tiers", tiers)
}

/// `ideal` clients: ID, tier.
pub const IDEAL: [(&str, &str); 5] = [("I1", "A"), ("I2", "B"), ("I3", "B"), ("I4", "C"), ("I5", "A")];

/// Lenient amounts and percents. Expected Revenue/Assets in [`LENIENT`].
pub fn lenient() -> BookBuilder {
    let clients = vec![
        row!["Client ID", "Name", "Revenue", "Assets", "Equity Share"],
        row!["L1", "Dollars", "$12,500", "$1,200,000", "45%"],
        row!["L2", "Suffixes", "250k", "1.2M", "35%"],
        row!["L3", "Brackets", "(1,000)", "2bn", "40%"],
        row!["L4", "Placeholders", "n/a", "-", "none"],
        row!["L5", "Upper case", "3K", "0.5m", "0.5"],
    ];
    let criteria = vec![
        row!["Criterion", "Column", "Test", "Value"],
        row!["Equity heavy", "Equity Share", ">=", "40%"],
        row!["Big book", "Assets", ">", "1M"],
    ];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria)
}

/// `lenient` clients: ID, revenue, assets (`None`: blank), score.
pub const LENIENT: [(&str, Option<f64>, Option<f64>, f64); 5] = [
    ("L1", Some(12_500.0), Some(1_200_000.0), 2.0),
    ("L2", Some(250_000.0), Some(1_200_000.0), 1.0),
    ("L3", Some(-1_000.0), Some(2_000_000_000.0), 2.0),
    ("L4", None, None, 0.0),
    ("L5", Some(3_000.0), Some(500_000.0), 1.0),
];

/// Title lines above the headers, sheet and header names in other cases and
/// spellings, and the aliases `Client #`, `Full Name`, `AUM`.
pub fn messy_headers() -> BookBuilder {
    let clients = vec![
        row!["Pat Lee — client export"],
        row!["exported 2026-01-31"],
        vec![],
        row!["", "CLIENT #", "full_name", "aum", "annual-revenue", "refers_others", " Loyal "],
        row!["", 101, "Hal Ito", "1.5M", 9000, "yes", "yes"],
        row!["", 102, "Ida Jay", 300_000, 2000, "yes", "no"],
        vec![],
        row!["", 103, "Jon Kim", "", "", "no", "no"],
    ];
    let criteria = vec![
        row!["Scoring rules"],
        row!["criterion", "COLUMN", "test", "weight"],
        row!["Referrals", "Refers Others", "YES", 3],
        row!["Loyal", "", "Yes", 1],
    ];
    BookBuilder::new().sheet("CLIENTS", clients).sheet("criteria", criteria)
}

/// Text that starts like a formula, in Name and in an own column.
pub const FORMULA_TEXT: [&str; 4] = ["=SUM(A1:A9)", "+44 20 7946 0958", "-5 points", "@home"];

/// A book whose Name and Notes cells start with `=`, `+`, `-`, `@`.
pub fn formula_text() -> BookBuilder {
    let mut clients = vec![row!["Client ID", "Name", "Notes", "Loyal"]];
    for (k, t) in FORMULA_TEXT.iter().enumerate() {
        clients.push(row![format!("F{}", k + 1), *t, *t, "yes"]);
    }
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"]];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria)
}

/// Two rows share `D-1` (rows 2 and 4), one row has data but no ID (row 5),
/// and a blank row (6) sits before the last client.
pub fn duplicates() -> BookBuilder {
    let clients = vec![
        row!["Client ID", "Name", "Loyal"],
        row!["D-1", "First of two", "yes"],
        row!["D-2", "Alone", "no"],
        row!["D-1", "Second of two", "no"],
        row!["", "No ID at all", "yes"],
        vec![],
        row!["D-3", "Last", "yes"],
    ];
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"]];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria)
}

/// Characters in the over-long Notes cell of [`long_cell`].
pub const LONG: usize = 40_000;

/// A book whose C3 holds 40,000 characters (more than rust_xlsxwriter will
/// write, so it is patched into the shared strings afterwards).
pub fn long_cell() -> Vec<u8> {
    let clients = vec![
        row!["Client ID", "Name", "Notes", "Loyal"],
        row!["T1", "Short", "fine", "yes"],
        row!["T2", "Long", "LONG_PLACEHOLDER", "no"],
    ];
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"]];
    let bytes = BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).to_bytes();
    let long = format!("{}é", "x".repeat(LONG - 1));
    edit_zip_member(&bytes, "xl/sharedStrings.xml", |xml| {
        assert!(xml.contains("LONG_PLACEHOLDER"));
        xml.replace("LONG_PLACEHOLDER", &long)
    })
}

/// A book whose Assets B3 is a `=NA()` formula with the cached `#N/A`.
pub fn error_cell() -> BookBuilder {
    let clients = vec![
        row!["Client ID", "Assets", "Loyal"],
        row!["E1", 100, "yes"],
        row!["E2", Cell::Formula("=NA()".into(), "#N/A".into()), "yes"],
    ];
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"]];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria)
}

/// One criterion per kind of test (max 10 points, default bars: A ≥ 8,
/// B ≥ 5.3). Expected scores, tiers and Clients Met in [`EVERY_TEST`] and
/// [`EVERY_TEST_MET`].
pub fn every_test() -> BookBuilder {
    let d = |y, m, d| Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
    let clients = vec![
        row!["Client ID", "Income", "Age", "Status", "Complaints", "Email", "Occupation", "State", "Since"],
        row!["X1", 150_000, 25, " MARRIED ", "", "a@b.example", "Doctor", "ny", d(2015, 6, 1)],
        row!["X2", 100_000, 40, "single", "no", "", "Lawyer", "CA", "2019-12-31"],
        row!["X3", "", "n/a", "", "yes", "-", "", "", 43_831],
        row!["X4", "2bn", 30, "Widowed", false, "x", "paradoc", " NJ ", "2021/05/05"],
    ];
    let criteria = vec![
        row!["Criterion", "Column", "Test", "Value"],
        row!["Rich", "Income", ">", 100_000],
        row!["Young", "Age", "<=", 40],
        row!["Very young", "Age", "<", 30],
        row!["Married", "Status", "=", "married"],
        row!["Not single", "Status", "<>", "Single"],
        row!["No complaints", "Complaints", "no", ""],
        row!["Has email", "Email", "not blank", ""],
        row!["Medical", "Occupation", "contains", "DOC"],
        row!["Tri-state", "State", "one of", "NY; NJ"],
        row!["Old client", "Since", "<", d(2020, 1, 1)],
    ];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria)
}

/// `every_test` clients: ID, score, tier.
pub const EVERY_TEST: [(&str, f64, &str); 4] =
    [("X1", 10.0, "A"), ("X2", 3.0, "C"), ("X3", 0.0, "C"), ("X4", 7.0, "B")];

/// `every_test`: clients meeting each criterion, in sheet order.
pub const EVERY_TEST_MET: [usize; 10] = [2, 3, 1, 1, 2, 3, 2, 2, 2, 2];

/// A hidden Criteria sheet, a formula cell read by its cached value, and
/// both `ID` and `Client ID` headers (the exact one wins).
pub fn hidden_and_formulas() -> BookBuilder {
    let clients = vec![
        row!["ID", "Client ID", "Name", "Assets"],
        row![99, "H1", "Formula rich", Cell::Formula("=500*1000".into(), "500000".into())],
        row![98, "H2", "Plain", 100_000],
    ];
    let criteria = vec![row!["Criterion", "Column", "Test", "Value"], row!["Big", "Assets", ">=", 400_000]];
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria).hide("Criteria")
}

/// No sheet called Clients: the client list is the first sheet with an ID
/// column (here `Account #`), after a sheet without one.
pub fn crm_export() -> BookBuilder {
    let notes = vec![row!["Read me"], row!["Exported from the CRM"]];
    let export =
        vec![row!["Account #", "Full Name", "Loyal"], row!["K1", "Kay Lund", "yes"], row!["K2", "Lee Moss", "no"]];
    let criteria = vec![row!["Criterion", "Test"], row!["Loyal", "yes"]];
    BookBuilder::new().sheet("Notes", notes).sheet("Export", export).sheet("Criteria", criteria)
}

/// Every generated book `run` accepts, as (file name, bytes).
pub fn good_books() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("bars.xlsx", bars().to_bytes()),
        ("weighted.xlsx", weighted().to_bytes()),
        ("gated.xlsx", gated().to_bytes()),
        ("ideal.xlsx", ideal().to_bytes()),
        ("lenient.xlsx", lenient().to_bytes()),
        ("messy.xlsx", messy_headers().to_bytes()),
        ("formula.xlsx", formula_text().to_bytes()),
        ("duplicates.xlsx", duplicates().to_bytes()),
        ("long.xlsx", long_cell()),
        ("error.xlsx", error_cell().to_bytes()),
        ("every-test.xlsx", every_test().to_bytes()),
        ("hidden.xlsx", hidden_and_formulas().to_bytes()),
        ("crm.xlsx", crm_export().to_bytes()),
    ]
}
