//! Generate `samples/practice.xlsx`, the sample client book that ships with tierbook.
//!
//! ```text
//! cargo run --example make_sample -- samples/practice.xlsx
//! ```
//!
//! The book belongs to a made-up advisor, Jordan Avery, with 350 clients. It is
//! built from a fixed-seed xorshift generator (no `rand`), so every run writes the
//! same cell values, and the workbook's creation date is pinned to the export date.
//!
//! Why the data looks the way it does:
//!
//! * **One latent "quality" per client.** Each client gets a hidden score drawn from
//!   a normal distribution. It drives the yes/no answers (cooperative, receptive,
//!   pleasant, ...), revenue, assets, referrals, occupation, marital status and income,
//!   so the criteria agree with each other the way they do in a real book. Under the
//!   15 criteria on the `Criteria` sheet, about a fifth of clients land in A
//!   (score >= 12 and revenue >= $5,000), about two fifths in B (score >= 8), and the
//!   rest in C.
//! * **Revenue is skewed.** Most annual fees fall between $1,000 and $15,000, a few
//!   between $20,000 and $80,000. Assets are roughly revenue / 1% with noise, and a
//!   slightly lower fee rate on bigger accounts (fee breakpoints).
//! * **Client IDs follow onboarding order.** C-0001 is the oldest relationship, so
//!   `Years As Client` falls as the ID rises. The newest ~10% (under a year) have no
//!   `Previous Tier` yet.
//! * **Households** (~30% of clients) are couples, sometimes with an adult child or a
//!   widowed parent. They were opened together, so their IDs are consecutive. They share
//!   a last name, a household ID like `H-012` and the household income.
//!   **Related To** (~5%) marks the grown children of strong clients: young, with
//!   small accounts, the textbook "child of a top client" exception.
//! * **Delivery columns** follow the previous tier's promise: A clients were reviewed
//!   recently and often, C clients once a year, a few overdue. YTD counts agree with
//!   the dates (nothing before 2026-01-01 counts as YTD). About 3% of dates are blank.
//! * **Messy but legal input**: a few yes/no answers are written `y`, `yes`, `N`,
//!   `TRUE`..., a couple are blank, some occupations differ in case or have
//!   trailing blanks, and an export title sits above the header row, which is on row 3.
//! * **Planted problems** for the Issues sheet (none should crash the tool):
//!   a revenue of `"$12,500"` as text (lenient, valid), one of `"250k"` (lenient, valid),
//!   one of `"n/a"` (blank), an Assets cell `"about 2M"` (unreadable), one duplicated
//!   Client ID and one row with data but no Client ID. `samples/README.md` lists their
//!   cells.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook, Worksheet, XlsxError};

#[path = "support/book.rs"]
mod book;
#[path = "support/rng.rs"]
mod rng;

use book::{as_of, default_tier, save, write_rows, LAST, OTHER_JOBS, PROFESSIONAL, V, YES_NO};
use rng::{round_to, Rng};

/// Number of clients (data rows) in the book.
const CLIENTS: usize = 350;
/// The newest clients, under a year with the practice, have no previous tier.
const NEW_CLIENTS: usize = 35;
/// Fixed seed, so the sample never changes between runs.
const SEED: u64 = 0x7195_B00C_2026_1130;

// Rows are 0-based in rust_xlsxwriter: title on Excel row 1, header on Excel row 3.
const TITLE_ROW: u32 = 0;
const HEADER_ROW: u32 = 2;
const FIRST_DATA_ROW: u32 = 3;

// Planted problems, as 0-based client indexes (Excel row = index + 4).
const PLANT_REVENUE_DOLLAR_TEXT: usize = 36; // "$12,500"
const PLANT_REVENUE_250K: usize = 7; // "250k"
const PLANT_REVENUE_NA: usize = 290; // "n/a"
const PLANT_ASSETS_UNREADABLE: usize = 119; // "about 2M"
const PLANT_DUPLICATE_ID: usize = 204; // written with the ID of index 203
const PLANT_BLANK_ID: usize = 332; // data but no Client ID

#[rustfmt::skip]
const MALE_FIRST: &[&str] = &[
    "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas",
    "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Paul", "Andrew", "Kevin",
    "Brian", "George", "Edward", "Ronald", "Timothy", "Jason", "Gregory", "Frank", "Raymond",
    "Patrick", "Peter", "Samuel", "Henry", "Carlos", "Luis", "Wei", "Raj", "Omar",
];
#[rustfmt::skip]
const FEMALE_FIRST: &[&str] = &[
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica",
    "Sarah", "Karen", "Nancy", "Lisa", "Margaret", "Sandra", "Ashley", "Emily", "Donna",
    "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Laura", "Rebecca", "Sharon",
    "Cynthia", "Kathleen", "Anna", "Ruth", "Maria", "Rosa", "Mei", "Priya", "Aisha", "Grace",
    "Helen",
];

/// How a client was placed in the book.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Single,
    /// First member of a household (the household number, 1-based).
    Head(usize),
    /// Spouse of the head just before.
    Spouse(usize),
    /// Third member of a household: an adult child or a widowed parent.
    Extra(usize),
    /// Grown child of an earlier, strong client (filled `Related To`).
    Child,
}

/// A Revenue or Assets cell: a number, or text as an advisor might have typed it.
#[derive(Clone)]
enum Amount {
    Number(f64),
    Text(&'static str, Option<f64>), // what is written, and its lenient reading
}

impl Amount {
    fn value(&self) -> Option<f64> {
        match self {
            Amount::Number(v) => Some(*v),
            Amount::Text(_, v) => *v,
        }
    }
}

struct Client {
    id: String,
    first: &'static str,
    last: &'static str,
    role: Role,
    household: Option<usize>,
    related_to: Option<usize>,
    previous_tier: Option<char>,
    quality: f64,
    revenue: Amount,
    assets: Amount,
    age: i64,
    occupation: String,
    marital: &'static str,
    income: f64,
    answers: Vec<String>, // written text of the nine yes/no columns
    referrals: u32,
    years: i64,
    last_review: Option<NaiveDate>,
    last_contact: Option<NaiveDate>,
    reviews_ytd: u32,
    contacts_ytd: u32,
}

/// Lay out roles: ~30% of clients in households of 2-3 with consecutive IDs,
/// ~5% grown children of earlier clients.
fn plan_roles(rng: &mut Rng) -> Vec<Role> {
    let mut roles = Vec::with_capacity(CLIENTS);
    let mut household = 0;
    let planted = [PLANT_DUPLICATE_ID - 1, PLANT_DUPLICATE_ID, PLANT_BLANK_ID];
    while roles.len() < CLIENTS {
        let i = roles.len();
        let left = CLIENTS - i;
        let room_for = |n: usize| (i..i + n).all(|k| !planted.contains(&k)) && left >= n;
        if rng.chance(0.16) && room_for(2) {
            household += 1;
            roles.push(Role::Head(household));
            roles.push(Role::Spouse(household));
            if rng.chance(0.25) && room_for(3) {
                roles.push(Role::Extra(household));
            }
        } else if i >= 40 && rng.chance(0.075) && !planted.contains(&i) {
            roles.push(Role::Child);
        } else {
            roles.push(Role::Single);
        }
    }
    roles
}

fn yes_no_text(rng: &mut Rng, yes: bool) -> String {
    // About 1.5% of answers were typed by hand in some other spelling.
    if rng.chance(0.015) {
        let variants: &[&str] = if yes { &["y", "yes", "Y", "TRUE", "YES"] } else { &["N", "no", "n", "FALSE"] };
        rng.pick(variants).to_string()
    } else if yes {
        "Yes".to_string()
    } else {
        "No".to_string()
    }
}

fn build_clients(rng: &mut Rng) -> Vec<Client> {
    let roles = plan_roles(rng);
    let mut clients: Vec<Client> = Vec::with_capacity(CLIENTS);
    let old_clients = CLIENTS - NEW_CLIENTS;

    for (i, &role) in roles.iter().enumerate() {
        // Tenure: IDs follow onboarding order; the practice grew, so recent years
        // hold more clients than early ones.
        let years = if i >= old_clients {
            0
        } else {
            let t = (old_clients - 1 - i) as f64 / (old_clients - 1) as f64;
            1 + (29.0 * t.powf(1.6)).round() as i64
        };
        let female = rng.chance(0.5);
        let first = if female { *rng.pick(FEMALE_FIRST) } else { *rng.pick(MALE_FIRST) };

        let (last, quality, mut age, household, related_to, years) = match role {
            Role::Single => {
                let age = (57.0 + 12.0 * rng.normal()).round() as i64;
                (*rng.pick(LAST), rng.normal(), age, None, None, years)
            }
            Role::Head(h) => {
                let age = (58.0 + 10.0 * rng.normal()).round() as i64;
                (*rng.pick(LAST), 0.25 + 0.9 * rng.normal(), age, Some(h), None, years)
            }
            Role::Spouse(h) => {
                let head = &clients[i - 1];
                let age = head.age + (3.0 * rng.normal()).round() as i64;
                let q = head.quality + 0.35 * rng.normal();
                (head.last, q, age, Some(h), None, head.years)
            }
            Role::Extra(h) => {
                let head = &clients[i - 2];
                let age = if rng.chance(0.6) {
                    head.age - rng.range(24, 32) // adult child
                } else {
                    head.age + rng.range(24, 30) // widowed parent
                };
                (head.last, -0.2 + 0.9 * rng.normal(), age, Some(h), None, head.years)
            }
            Role::Child => {
                // Parent: an earlier, strong client with a well-formed, unique ID.
                let candidates: Vec<usize> = (0..i)
                    .filter(|&k| {
                        clients[k].quality > 0.6
                            && clients[k].age >= 52
                            && clients[k].role != Role::Child
                            && ![PLANT_DUPLICATE_ID - 1, PLANT_DUPLICATE_ID, PLANT_BLANK_ID].contains(&k)
                    })
                    .collect();
                let parent = *rng.pick(&candidates);
                let age = (clients[parent].age - rng.range(25, 33)).max(23);
                let last = clients[parent].last;
                (last, -0.4 + 0.8 * rng.normal(), age, None, Some(parent), years)
            }
        };
        age = age.clamp((years + 23).max(23), 92);

        // Money: revenue lognormal around $6k, driven by quality.
        let (revenue, assets) = book::revenue_and_assets(rng, quality, role == Role::Child);

        // Demographics.
        let occupation = book::occupation(rng, age, quality, OTHER_JOBS).to_string();
        let marital = match role {
            Role::Head(_) | Role::Spouse(_) => "Married",
            Role::Extra(_) if age > 70 => "Widowed",
            _ => book::marital_status(rng, age, quality),
        };
        let mut income = book::median_income(&occupation) * (0.35 * quality + 0.3 * rng.normal()).exp();
        if marital == "Married" && role == Role::Single {
            income *= 1.0 + 0.6 * rng.unit(); // a working spouse outside the book
        }
        let income = round_to(income, 1000.0);

        // Referrals and the yes/no answers.
        let referrals = book::referrals(rng, quality, years);
        let answers = (0..YES_NO.len())
            .map(|k| {
                let yes = book::answer(rng, k, referrals, quality);
                yes_no_text(rng, yes)
            })
            .collect();

        clients.push(Client {
            id: format!("C-{:04}", i + 1),
            first,
            last,
            role,
            household,
            related_to,
            previous_tier: None,
            quality,
            revenue: Amount::Number(revenue),
            assets: Amount::Number(assets),
            age,
            occupation,
            marital,
            income,
            answers,
            referrals,
            years,
            last_review: None,
            last_contact: None,
            reviews_ytd: 0,
            contacts_ytd: 0,
        });
    }

    // Couples report household income: both spouses carry the sum.
    for i in 0..clients.len() {
        if let Role::Spouse(_) = clients[i].role {
            let total = clients[i - 1].income + (clients[i].income * 0.8).min(250_000.0);
            let total = round_to(total, 1000.0);
            clients[i - 1].income = total;
            clients[i].income = total;
        }
    }

    // A few hand-typed occupations: different case or a trailing blank.
    // They are professional ones, so they still meet the criterion.
    for (start, trailing_blank) in [(20, false), (150, true), (260, false)] {
        if let Some(c) = clients[start..].iter_mut().find(|c| PROFESSIONAL.contains(&c.occupation.as_str())) {
            c.occupation = if trailing_blank { format!("{} ", c.occupation) } else { c.occupation.to_lowercase() };
        }
    }

    // A couple of answers simply left blank.
    clients[58].answers[1].clear(); // Receptive To Advice
    clients[177].answers[6].clear(); // Values Advice
    clients[301].answers[8].clear(); // Delegator

    plant_problems(&mut clients);
    clients
}

fn plant_problems(clients: &mut [Client]) {
    // Revenue typed as currency text: lenient, reads as 12,500.
    let c = &mut clients[PLANT_REVENUE_DOLLAR_TEXT];
    c.revenue = Amount::Text("$12,500", Some(12_500.0));
    c.assets = Amount::Number(1_312_400.0);

    // A large family relationship whose fee was typed as "250k": lenient, 250,000.
    let c = &mut clients[PLANT_REVENUE_250K];
    c.revenue = Amount::Text("250k", Some(250_000.0));
    c.assets = Amount::Number(31_250_000.0);

    // Fee not known yet: "n/a" is a blank, not a problem.
    clients[PLANT_REVENUE_NA].revenue = Amount::Text("n/a", None);

    // Assets the advisor noted by hand: unreadable, must land on Issues.
    let c = &mut clients[PLANT_ASSETS_UNREADABLE];
    c.assets = Amount::Text("about 2M", None);
    c.revenue = Amount::Number(18_750.0);

    // A copy-paste slip: this row repeats the previous client's ID.
    clients[PLANT_DUPLICATE_ID].id = clients[PLANT_DUPLICATE_ID - 1].id.clone();

    // A client entered without an ID.
    clients[PLANT_BLANK_ID].id.clear();
}

// ---------------------------------------------------------------- scoring

fn truthy(s: &str) -> bool {
    matches!(s.trim().to_lowercase().as_str(), "yes" | "y" | "true" | "1" | "x" | "✓")
}

/// Score under the 15 criteria written on the Criteria sheet (each weight 1).
fn score(c: &Client) -> (u32, bool) {
    let yes = |name: &str| {
        let k = YES_NO.iter().position(|&(n, _, _)| n == name).expect("known column");
        truthy(&c.answers[k])
    };
    let revenue_ok = c.revenue.value().is_some_and(|v| v >= 5000.0);
    let occupation_ok = PROFESSIONAL.iter().any(|p| p.eq_ignore_ascii_case(c.occupation.trim()));
    let met = [
        yes("Cooperative"),
        yes("Receptive To Advice"),
        yes("Pleasant"),
        yes("Respects Staff Time"),
        yes("Refers Others"),
        c.referrals >= 2,
        yes("Growth Potential"),
        revenue_ok,
        c.assets.value().is_some_and(|v| v >= 500_000.0),
        (45..=70).contains(&c.age),
        occupation_ok,
        c.marital == "Married",
        c.income >= 150_000.0,
        yes("Values Advice"),
        yes("Long-Term Investor"),
    ];
    (met.iter().filter(|&&m| m).count() as u32, revenue_ok)
}

/// Previous tier (last year's review) and delivery so far, from the tier as scored now.
fn fill_history(rng: &mut Rng, clients: &mut [Client]) {
    for c in clients.iter_mut() {
        let (s, rev_ok) = score(c);
        let now = default_tier(s, rev_ok);
        // Tiers rarely change; the usual move is pre-ideal -> ideal (B -> A).
        let previous = (c.years > 0).then(|| book::previous_tier(rng, now, 0.84));
        c.previous_tier = previous;

        // Service cadence promised by the tier the client was in all year.
        let d = book::delivery(rng, previous);
        (c.last_review, c.last_contact) = (d.last_review, d.last_contact);
        (c.reviews_ytd, c.contacts_ytd) = (d.reviews_ytd as u32, d.contacts_ytd as u32);
    }
}

// ---------------------------------------------------------------- writing

struct Formats {
    title: Format,
    header: Format,
    money: Format,
    date: Format,
    percent: Format,
    count: Format,
}

fn formats() -> Formats {
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        header: Format::new().set_bold().set_background_color("#DDEBF7").set_border_bottom(FormatBorder::Thin),
        money: Format::new().set_num_format("$#,##0"),
        date: Format::new().set_num_format("mm/dd/yyyy"),
        percent: Format::new().set_num_format("0%"),
        count: Format::new().set_num_format("0"),
    }
}

/// Bold header on `row`, widths per column, frozen pane just under the header.
fn header(ws: &mut Worksheet, f: &Formats, row: u32, columns: &[(&str, f64)]) -> Result<(), XlsxError> {
    for (col, &(name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, name, &f.header)?;
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

const CLIENT_COLUMNS: &[(&str, f64)] = &[
    ("Client ID", 10.0),
    ("Name", 22.0),
    ("Household", 11.0),
    ("Related To", 11.0),
    ("Previous Tier", 13.0),
    ("Revenue", 11.0),
    ("Assets", 14.0),
    ("Age", 6.0),
    ("Occupation", 20.0),
    ("Marital Status", 14.0),
    ("Income", 11.0),
    ("Cooperative", 12.0),
    ("Receptive To Advice", 19.0),
    ("Pleasant", 9.0),
    ("Respects Staff Time", 19.0),
    ("Refers Others", 13.0),
    ("Growth Potential", 16.0),
    ("Values Advice", 13.0),
    ("Long-Term Investor", 18.0),
    ("Delegator", 10.0),
    ("Referrals", 10.0),
    ("Years As Client", 15.0),
    ("Last Review", 12.0),
    ("Last Contact", 13.0),
    ("Reviews YTD", 12.0),
    ("Contacts YTD", 13.0),
];

fn write_amount(ws: &mut Worksheet, row: u32, col: u16, amount: &Amount, f: &Formats) -> Result<(), XlsxError> {
    match amount {
        Amount::Number(v) => ws.write_number_with_format(row, col, *v, &f.money)?,
        Amount::Text(text, _) => ws.write_string(row, col, *text)?,
    };
    Ok(())
}

fn write_clients(ws: &mut Worksheet, f: &Formats, clients: &[Client]) -> Result<(), XlsxError> {
    ws.set_name("Clients")?;
    ws.write_string_with_format(TITLE_ROW, 0, "Jordan Avery — client list, exported 2026-11-30", &f.title)?;
    header(ws, f, HEADER_ROW, CLIENT_COLUMNS)?;
    let col = |name: &str| -> u16 { CLIENT_COLUMNS.iter().position(|&(n, _)| n == name).expect("known column") as u16 };
    let yes_no_first = col("Cooperative");

    for (i, c) in clients.iter().enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
        if !c.id.is_empty() {
            ws.write_string(row, col("Client ID"), &c.id)?;
        }
        ws.write_string(row, col("Name"), format!("{} {}", c.first, c.last))?;
        if let Some(h) = c.household {
            ws.write_string(row, col("Household"), format!("H-{h:03}"))?;
        }
        if let Some(r) = c.related_to {
            ws.write_string(row, col("Related To"), &clients[r].id)?;
        }
        if let Some(t) = c.previous_tier {
            ws.write_string(row, col("Previous Tier"), t.to_string())?;
        }
        write_amount(ws, row, col("Revenue"), &c.revenue, f)?;
        write_amount(ws, row, col("Assets"), &c.assets, f)?;
        ws.write_number(row, col("Age"), c.age as f64)?;
        ws.write_string(row, col("Occupation"), &c.occupation)?;
        ws.write_string(row, col("Marital Status"), c.marital)?;
        ws.write_number_with_format(row, col("Income"), c.income, &f.money)?;
        for (k, answer) in c.answers.iter().enumerate() {
            if !answer.is_empty() {
                ws.write_string(row, yes_no_first + k as u16, answer)?;
            }
        }
        ws.write_number(row, col("Referrals"), c.referrals as f64)?;
        ws.write_number(row, col("Years As Client"), c.years as f64)?;
        if let Some(d) = c.last_review {
            ws.write_datetime_with_format(row, col("Last Review"), d, &f.date)?;
        }
        if let Some(d) = c.last_contact {
            ws.write_datetime_with_format(row, col("Last Contact"), d, &f.date)?;
        }
        ws.write_number_with_format(row, col("Reviews YTD"), c.reviews_ytd as f64, &f.count)?;
        ws.write_number_with_format(row, col("Contacts YTD"), c.contacts_ytd as f64, &f.count)?;
    }
    let last_row = FIRST_DATA_ROW + clients.len() as u32 - 1;
    ws.autofilter(HEADER_ROW, 0, last_row, CLIENT_COLUMNS.len() as u16 - 1)?;
    Ok(())
}

/// A small sheet: `columns` (header, width) on the first row, then `rows`.
fn write_table(
    ws: &mut Worksheet,
    f: &Formats,
    name: &str,
    columns: &[(&str, f64)],
    rows: &[Vec<V>],
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    header(ws, f, 0, columns)?;
    write_rows(ws, rows, &f.percent, &f.date)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "samples/practice.xlsx".to_string());

    let mut rng = Rng::new(SEED);
    let mut clients = build_clients(&mut rng);
    fill_history(&mut rng, &mut clients);

    let f = formats();
    let mut wb = Workbook::new();
    let created = as_of().and_hms_opt(18, 0, 0).ok_or("bad time")?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Client list — Jordan Avery")
            .set_author("Jordan Avery")
            .set_company("Avery Wealth Partners")
            .set_comment("Sample book generated by `cargo run --example make_sample`")
            .set_creation_datetime(&created),
    );

    write_clients(wb.add_worksheet(), &f, &clients)?;

    write_table(
        wb.add_worksheet(),
        &f,
        "Criteria",
        &[
            ("Criterion", 32.0),
            ("Column", 20.0),
            ("Test", 9.0),
            ("Value", 62.0),
            ("Weight", 8.0),
            ("Required For", 13.0),
            ("Group", 14.0),
        ],
        &book::criteria_rows(false),
    )?;

    {
        use V::*;
        write_table(
            wb.add_worksheet(),
            &f,
            "Tiers",
            &[
                ("Tier", 6.0),
                ("Label", 18.0),
                ("Min Score", 10.0),
                ("Min Assets", 11.0),
                ("Min Revenue", 12.0),
                ("Max Share", 10.0),
                ("Primary Contact Role", 21.0),
            ],
            &book::tiers_rows(),
        )?;

        write_table(
            wb.add_worksheet(),
            &f,
            "Exceptions",
            &[("Client ID", 11.0), ("Tier", 6.0), ("Reason", 44.0), ("Approved By", 14.0), ("Until", 12.0)],
            &[
                vec![
                    S("C-0010"),
                    S("A"),
                    S("Family of a founding client; keep at A"),
                    S("Jordan Avery"),
                    Date(NaiveDate::from_ymd_opt(2027, 12, 31).ok_or("bad date")?),
                ],
                vec![
                    S("C-0050"),
                    S("A"),
                    S("Estate settlement in progress"),
                    S("Jordan Avery"),
                    Date(NaiveDate::from_ymd_opt(2026, 6, 30).ok_or("bad date")?),
                ],
                vec![S("C-0100"), S("C"), S("Asked for fewer meetings and calls"), S("Jordan Avery"), Blank],
            ],
        )?;

        write_table(
            wb.add_worksheet(),
            &f,
            "Rules",
            &[("Rule", 22.0), ("Column", 12.0), ("Test", 10.0), ("Value", 8.0), ("Action", 16.0), ("Reason", 50.0)],
            &book::rules_rows(
                5.0,
                [
                    "Refers five or more clients: served like a top client",
                    "Grown children of top clients are served like their parents",
                ],
            ),
        )?;

        write_table(
            wb.add_worksheet(),
            &f,
            "Services",
            &[
                ("Service", 44.0),
                ("Category", 14.0),
                ("A", 14.0),
                ("B", 14.0),
                ("C", 14.0),
                ("Hours Each", 11.0),
                ("Cost Each", 10.0),
                ("Delivered By", 13.0),
            ],
            &[
                vec![S("Review meeting"), S("Meeting"), N(4.0), N(2.0), N(1.0), N(2.0), Blank, Blank],
                vec![S("Phone call"), S("Communication"), N(12.0), N(4.0), N(1.0), N(0.25), Blank, Blank],
                vec![S("Client appreciation event"), S("Appreciation"), N(2.0), N(1.0), Blank, N(1.0), N(75.0), Blank],
                vec![S("Private lunch"), S("Appreciation"), N(1.0), Blank, Blank, N(1.5), N(60.0), Blank],
                vec![S("Personal gift"), S("Recognition"), N(1.0), Blank, Blank, N(0.25), N(100.0), S("Assistant")],
                vec![S("Educational seminar"), S("Meeting"), Blank, N(2.0), Blank, N(0.5), N(15.0), Blank],
                vec![
                    S("Meeting with the client's accountant, lawyer or broker"),
                    S("Professional"),
                    N(1.0),
                    Blank,
                    Blank,
                    N(1.0),
                    Blank,
                    Blank,
                ],
                vec![
                    S("Call-back"),
                    S("Standard"),
                    S("within 1 hour"),
                    S("within 1 business day"),
                    S("within 2 business days"),
                    Blank,
                    Blank,
                    Blank,
                ],
                vec![
                    S("Birthday and holiday cards"),
                    S("Recognition"),
                    N(2.0),
                    N(2.0),
                    N(2.0),
                    N(0.1),
                    N(4.0),
                    S("Assistant"),
                ],
            ],
        )?;

        write_table(
            wb.add_worksheet(),
            &f,
            "Staff",
            &[("Name", 18.0), ("Role", 12.0), ("Tiers", 8.0), ("Capacity Hours", 15.0), ("Tenure Years", 13.0)],
            &[
                vec![S("Jordan Avery"), S("Partner"), S("A"), N(900.0), N(22.0)],
                vec![S("Priya Shah"), S("Advisor"), S("A,B"), N(1000.0), N(9.0)],
                vec![S("Luis Ortega"), S("Associate"), S("B,C"), N(800.0), N(3.0)],
                vec![S("Dana Kim"), S("Assistant"), S("C"), N(400.0), N(1.0)],
            ],
        )?;

        write_table(
            wb.add_worksheet(),
            &f,
            "Settings",
            &[("Setting", 20.0), ("Value", 14.0)],
            &[
                vec![S("Advisor"), S("Jordan Avery")],
                vec![S("As Of"), Date(as_of())],
                vec![S("Currency"), S("USD")],
                vec![S("Hourly Cost"), N(150.0)],
                vec![S("Max Exceptions %"), Pct(0.10)],
                vec![S("Max Unprofitable %"), Pct(0.20)],
                vec![S("Borderline Margin"), N(1.0)],
                vec![S("Sticky Tiers"), S("no")],
                vec![S("Tier By"), S("client")],
            ],
        )?;
    }

    save(&mut wb, &path)?;

    // Summary: what the default bars make of this book.
    let mut histogram = [0usize; 16];
    let mut tiers = [0usize; 3];
    for c in &clients {
        let (s, rev_ok) = score(c);
        histogram[s as usize] += 1;
        tiers[match default_tier(s, rev_ok) {
            'A' => 0,
            'B' => 1,
            _ => 2,
        }] += 1;
    }
    let n = clients.len() as f64;
    println!("wrote {path}: {} clients", clients.len());
    println!(
        "scored tiers: A {} ({:.1}%), B {} ({:.1}%), C {} ({:.1}%)",
        tiers[0],
        100.0 * tiers[0] as f64 / n,
        tiers[1],
        100.0 * tiers[1] as f64 / n,
        tiers[2],
        100.0 * tiers[2] as f64 / n
    );
    let scores: Vec<String> = histogram.iter().enumerate().map(|(s, k)| format!("{s}:{k}")).collect();
    println!("score histogram: {}", scores.join(" "));
    Ok(())
}
