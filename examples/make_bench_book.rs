//! Generate a large, deterministic client book for the benchmark (`bench/run.sh`).
//!
//! ```text
//! cargo run --release --example make_bench_book -- bench/data/book-100000.xlsx 100000
//! cargo run --release --example make_bench_book -- note.xlsx 1048575 --note 1000
//! ```
//!
//! `--note CHARS` adds a `Note` column holding the same CHARS-long text on every
//! row; without it the bytes are those the benchmark's figures were taken on.
//!
//! The book has every input sheet of the spec ("Input book"): Clients, Criteria,
//! Tiers, Exceptions, Rules, Services, Staff and Settings, in that order.
//!
//! * **Clients**: `N` rows, header on row 1. IDs `C-0000001`… in onboarding order;
//!   ~30% of clients share a household of 2–3 (consecutive rows, `H-000001`…),
//!   ~5% are `Related To` an earlier strong client, ~90% have a `Previous Tier`,
//!   `Revenue`/`Assets`/`Income` are money-formatted numbers, nine yes/no text
//!   columns, referrals, tenure, the delivery columns (`Last Review`, `Last Contact`
//!   as date cells, `Reviews YTD`, `Contacts YTD`) and a `Primary Contact` filled
//!   for ~2% of clients with a staff member of their team. One latent "quality" per
//!   client drives the criteria so that they agree with each other and the tiers
//!   come out roughly 20% A / 40% B / 40% C under the default bars.
//! * **Criteria**: the 15-characteristic model (weights 1, revenue required for A).
//! * **Tiers**: A `80%` (max share 25%, Partner), B `53%` (45%, Advisor), C the rest.
//! * **Exceptions**: ~0.5% of clients, a tenth of them already expired.
//! * **Rules**: a strong referrer is at least A; a child of a top client follows them.
//! * **Services**: the usual grid (reviews, calls, events, gifts, seminars, ...).
//! * **Staff**: one team (Partner, Advisor, Associate, Assistant) per 350 clients.
//! * **Settings**: As Of 2026-11-30, Hourly Cost 150, USD, Tier By client.
//!
//! Everything comes from a hand-written xorshift64* generator with a fixed seed
//! (no `rand`), and the workbook's creation date is pinned, so the same `N` always
//! gives the same cells. The workbook is written in rust_xlsxwriter's standard
//! (in-memory) mode with default compression: at 1 M clients that is ~29 M cells
//! and several GB of RAM while generating. Generation is not part of the benchmark,
//! but its time is printed.

use std::time::Instant;

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

#[path = "support/book.rs"]
mod book;
#[path = "support/rng.rs"]
mod rng;

use book::{as_of, default_tier, save, write_rows, PROFESSIONAL, V};

use rng::{round_to, Rng};

/// Fixed seed: the same size always gives the same book.
const SEED: u64 = 0xBE4C_2026_1130_5EED;
/// One staff team per this many clients.
const CLIENTS_PER_TEAM: usize = 350;

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas",
    "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Paul", "Andrew", "Kevin",
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica",
    "Sarah", "Karen", "Nancy", "Lisa", "Margaret", "Sandra", "Ashley", "Emily", "Donna",
    "Carlos", "Luis", "Wei", "Raj", "Omar", "Maria", "Rosa", "Mei", "Priya", "Aisha", "Grace",
];
/// The shared last names and other occupations this book has always drawn from.
const LAST: &[&str] = book::LAST.split_at(book::BENCH_LAST).0;
const OTHER_JOBS: &[&str] = book::OTHER_JOBS.split_at(book::BENCH_OTHER_JOBS).0;
/// Reasons written on the Exceptions sheet.
const REASONS: &[&str] = &[
    "Family of a top client",
    "Referral source for the practice",
    "Recent inheritance expected",
    "Board member of a key account",
    "Long-standing relationship",
];

const CLIENT_COLUMNS: &[&str] = &[
    "Client ID",
    "Name",
    "Household",
    "Related To",
    "Previous Tier",
    "Revenue",
    "Assets",
    "Age",
    "Occupation",
    "Marital Status",
    "Income",
    "Cooperative",
    "Receptive To Advice",
    "Pleasant",
    "Respects Staff Time",
    "Refers Others",
    "Growth Potential",
    "Values Advice",
    "Long-Term Investor",
    "Delegator",
    "Referrals",
    "Years As Client",
    "Last Review",
    "Last Contact",
    "Reviews YTD",
    "Contacts YTD",
    "Primary Contact",
];

/// The most clients a Clients sheet holds under its header row.
const MAX_CLIENTS: usize = 1_048_575;

/// A note of exactly `chars` characters: words of an advisor's meeting note,
/// repeated and cut.
fn note_text(chars: usize) -> String {
    let words = "Met with both spouses to review the plan; discussed the grandchildren's education fund, \
                 the rental property and a possible move to part-time work next spring. ";
    words.chars().cycle().take(chars).collect()
}

fn col(name: &str) -> u16 {
    CLIENT_COLUMNS.iter().position(|&n| n == name).expect("known column") as u16
}

/// Staff role of each team member, in team order, with the tiers served.
const TEAM: &[(&str, &str, f64)] =
    &[("Partner", "A", 1500.0), ("Advisor", "A,B", 1700.0), ("Associate", "B,C", 1800.0), ("Assistant", "C", 1800.0)];

/// A unique, deterministic staff name: team `t`, member `m` (index into TEAM).
fn staff_name(t: usize, m: usize) -> String {
    // Spread first/last names over the team number so neighbouring teams differ.
    let k = t * TEAM.len() + m;
    let first = FIRST[(k * 7 + 3) % FIRST.len()];
    let last = LAST[(k * 13 + m) % LAST.len()];
    format!("{first} {last} {:05}", t + 1)
}

fn client_id(i: usize) -> String {
    format!("C-{:07}", i + 1)
}

struct Formats {
    header: Format,
    money: Format,
    date: Format,
    percent: Format,
}

struct Exception {
    client: usize,
    tier: char,
    reason: &'static str,
    approved_by: String,
    until: Option<NaiveDate>,
}

struct Counts {
    tiers: [usize; 3],
    households: usize,
    in_households: usize,
    related: usize,
    previous: usize,
    primary: usize,
}

/// Write the Clients sheet row by row (in row order) and return the exceptions.
fn write_clients(
    ws: &mut Worksheet,
    f: &Formats,
    rng: &mut Rng,
    n: usize,
    note: Option<&str>,
) -> Result<(Vec<Exception>, Counts), XlsxError> {
    ws.set_name("Clients")?;
    for (c, name) in CLIENT_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &f.header)?;
    }
    let note_col = CLIENT_COLUMNS.len() as u16;
    if note.is_some() {
        ws.write_string_with_format(0, note_col, "Note", &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;

    let yes_no_first = col("Cooperative");

    let mut exceptions = Vec::new();
    let mut counts = Counts { tiers: [0; 3], households: 0, in_households: 0, related: 0, previous: 0, primary: 0 };
    // Strong clients seen so far: parents for `Related To`.
    let mut strong: Vec<u32> = Vec::new();
    // Household state: remaining members after this one, the household's last
    // name, quality, age and income.
    let mut hh_left = 0usize;
    let mut hh_id = 0usize;
    let mut hh_last = "";
    let mut hh_quality = 0.0;
    let mut hh_age = 0i64;
    let mut hh_income = 0.0;

    for i in 0..n {
        let row = i as u32 + 1;
        let team = i / CLIENTS_PER_TEAM;
        // Tenure falls as the ID rises; the newest ~10% have no previous tier.
        let t = 1.0 - i as f64 / n as f64;
        let years = if t < 0.10 { 0 } else { 1 + (29.0 * ((t - 0.10) / 0.90).powf(1.6)).round() as i64 };

        // Role: household member, child of a strong client, or single.
        let mut household = None;
        let mut related = None;
        let (last, quality, age);
        if hh_left > 0 {
            hh_left -= 1;
            household = Some(hh_id);
            last = hh_last;
            quality = hh_quality + 0.35 * rng.normal();
            age = hh_age + (3.0 * rng.normal()).round() as i64;
            counts.in_households += 1;
        } else if n - i >= 2 && rng.chance(0.16) {
            hh_id += 1;
            hh_left = if n - i >= 3 && rng.chance(0.25) { 2 } else { 1 };
            household = Some(hh_id);
            last = *rng.pick(LAST);
            quality = 0.25 + 0.9 * rng.normal();
            age = (58.0 + 10.0 * rng.normal()).round() as i64;
            hh_last = last;
            hh_quality = quality;
            hh_age = age;
            hh_income = 0.0;
            counts.households += 1;
            counts.in_households += 1;
        } else if i >= 40 && !strong.is_empty() && rng.chance(0.07) {
            let parent = *rng.pick(&strong) as usize;
            related = Some(parent);
            last = *rng.pick(LAST);
            quality = -0.4 + 0.8 * rng.normal();
            age = (35.0 + 6.0 * rng.normal()).round() as i64;
            counts.related += 1;
        } else {
            last = *rng.pick(LAST);
            quality = rng.normal();
            age = (57.0 + 12.0 * rng.normal()).round() as i64;
        }
        let age = age.clamp((years + 23).max(23), 92);
        let first = *rng.pick(FIRST);

        // Money.
        let (revenue, assets) = book::revenue_and_assets(rng, quality, related.is_some());

        // Demographics.
        let occupation = book::occupation(rng, age, quality, OTHER_JOBS);
        let marital = if household.is_some() { "Married" } else { book::marital_status(rng, age, quality) };
        let mut income =
            round_to(book::median_income(occupation) * (0.35 * quality + 0.3 * rng.normal()).exp(), 1000.0);
        if household.is_some() {
            // Household income: members carry the running household total.
            hh_income = round_to(hh_income + income * 0.8, 1000.0).max(income);
            income = hh_income;
        }

        // Referrals and the yes/no answers.
        let referrals = book::referrals(rng, quality, years);
        let answers: [bool; 9] = std::array::from_fn(|k| book::answer(rng, k, referrals, quality));

        // Score under the 15 criteria of the Criteria sheet.
        let revenue_ok = revenue >= 5000.0;
        let met = [
            answers[0],
            answers[1],
            answers[2],
            answers[3],
            answers[4],
            referrals >= 2,
            answers[5],
            revenue_ok,
            assets >= 500_000.0,
            (45..=70).contains(&age),
            PROFESSIONAL.contains(&occupation),
            marital == "Married",
            income >= 150_000.0,
            answers[6],
            answers[7],
        ]
        .iter()
        .filter(|&&m| m)
        .count() as u32;
        let now = default_tier(met, revenue_ok);
        counts.tiers[(now as u8 - b'A') as usize] += 1;
        if quality > 0.6 && age >= 52 {
            strong.push(i as u32);
        }

        // Previous tier: ~90% have one, mostly the same as now.
        let previous = (years > 0).then(|| book::previous_tier(rng, now, 0.85));

        // Delivery so far, following the previous tier's promise.
        let book::Delivered { last_review, last_contact, reviews_ytd, contacts_ytd } = book::delivery(rng, previous);

        // Primary contact pinned for ~2%: the team member for the previous tier.
        let primary = rng.chance(0.02).then(|| {
            let member = match previous.unwrap_or(now) {
                'A' => 0,
                'B' => 1,
                _ => 2,
            };
            staff_name(team, member)
        });

        // Manual exceptions for ~0.5%.
        if rng.chance(0.005) {
            let until = match rng.range(0, 9) {
                0 => Some(NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")), // expired
                1 => None,
                _ => Some(NaiveDate::from_ymd_opt(2027, rng.range(1, 12) as u32, 1).expect("valid date")),
            };
            exceptions.push(Exception {
                client: i,
                tier: if now == 'A' || rng.chance(0.6) { 'B' } else { 'A' },
                reason: REASONS[rng.range(0, REASONS.len() as i64 - 1) as usize],
                approved_by: staff_name(team, 0),
                until,
            });
        }

        // Write the row.
        ws.write_string(row, col("Client ID"), client_id(i))?;
        ws.write_string(row, col("Name"), format!("{first} {last}"))?;
        if let Some(h) = household {
            ws.write_string(row, col("Household"), format!("H-{h:06}"))?;
        }
        if let Some(p) = related {
            ws.write_string(row, col("Related To"), client_id(p))?;
        }
        if let Some(p) = previous {
            counts.previous += 1;
            ws.write_string(row, col("Previous Tier"), p.to_string())?;
        }
        ws.write_number_with_format(row, col("Revenue"), revenue, &f.money)?;
        ws.write_number_with_format(row, col("Assets"), assets, &f.money)?;
        ws.write_number(row, col("Age"), age as f64)?;
        ws.write_string(row, col("Occupation"), occupation)?;
        ws.write_string(row, col("Marital Status"), marital)?;
        ws.write_number_with_format(row, col("Income"), income, &f.money)?;
        for (k, &yes) in answers.iter().enumerate() {
            ws.write_string(row, yes_no_first + k as u16, if yes { "Yes" } else { "No" })?;
        }
        ws.write_number(row, col("Referrals"), referrals as f64)?;
        ws.write_number(row, col("Years As Client"), years as f64)?;
        if let Some(d) = last_review {
            ws.write_datetime_with_format(row, col("Last Review"), d, &f.date)?;
        }
        if let Some(d) = last_contact {
            ws.write_datetime_with_format(row, col("Last Contact"), d, &f.date)?;
        }
        ws.write_number(row, col("Reviews YTD"), reviews_ytd as f64)?;
        ws.write_number(row, col("Contacts YTD"), contacts_ytd as f64)?;
        if let Some(p) = primary {
            counts.primary += 1;
            ws.write_string(row, col("Primary Contact"), p)?;
        }
        if let Some(text) = note {
            ws.write_string(row, note_col, text)?;
        }
    }
    Ok((exceptions, counts))
}

/// A small sheet: bold `columns` on the first row, then `rows`.
fn write_table(
    ws: &mut Worksheet,
    f: &Formats,
    name: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = Vec<V>>,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (c, h) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    write_rows(ws, rows, &f.percent, &f.date)
}

fn services_rows() -> Vec<Vec<V>> {
    use V::*;
    let counts = |service, category, a: f64, b: f64, c: f64, hours: f64, cost: f64, by: &'static str| {
        vec![S(service), S(category), N(a), N(b), N(c), N(hours), N(cost), if by.is_empty() { Blank } else { S(by) }]
    };
    vec![
        counts("Review meeting", "Meeting", 4.0, 2.0, 1.0, 2.0, 0.0, ""),
        counts("Phone call", "Communication", 12.0, 4.0, 1.0, 0.5, 0.0, ""),
        counts("Appreciation event", "Appreciation", 2.0, 1.0, 0.0, 3.0, 150.0, ""),
        counts("Personal gift", "Recognition", 1.0, 0.0, 0.0, 0.5, 100.0, "Assistant"),
        counts("Educational seminar", "Meeting", 0.0, 2.0, 0.0, 1.5, 40.0, ""),
        counts("Meeting with client's other professionals", "Professional", 1.0, 0.0, 0.0, 2.0, 0.0, ""),
        vec![
            S("Call-back standard"),
            S("Standard"),
            S("within 1 hour"),
            S("within 1 day"),
            S("within 2 days"),
            Blank,
            Blank,
            Blank,
        ],
        counts("Birthday and holiday cards", "Recognition", 2.0, 2.0, 2.0, 0.1, 5.0, "Assistant"),
    ]
}

fn staff_rows(teams: usize) -> impl Iterator<Item = Vec<V>> {
    (0..teams).flat_map(|t| {
        TEAM.iter().enumerate().map(move |(m, &(role, tiers, capacity))| {
            // Tenure by role, varied deterministically across teams.
            let tenure = match m {
                0 => 15 + (t * 7) % 16,
                1 => 6 + (t * 5) % 10,
                2 => 1 + (t * 3) % 5,
                _ => (t * 11) % 10,
            };
            vec![V::O(staff_name(t, m)), V::S(role), V::S(tiers), V::N(capacity), V::N(tenure as f64)]
        })
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: make_bench_book OUT.xlsx N [--note CHARS]";
    let path = args.next().ok_or(usage)?;
    let n: usize = args.next().ok_or(usage)?.parse().map_err(|_| usage)?;
    if n == 0 {
        return Err("N must be at least 1".into());
    }
    if n > MAX_CLIENTS {
        return Err(
            format!("N must be at most {MAX_CLIENTS}: a sheet holds 1,048,576 rows, the header included").into()
        );
    }
    // `--note CHARS`: one more column, `Note`, holding the same CHARS-long
    // text on every row (issue 15's book of 1,048,575 rows with a
    // 1,000-character note on each).
    let note = match (args.next().as_deref(), args.next()) {
        (None, _) => None,
        (Some("--note"), Some(chars)) => Some(note_text(chars.parse().map_err(|_| usage)?)),
        _ => return Err(usage.into()),
    };
    let started = Instant::now();

    let f = Formats {
        header: Format::new().set_bold(),
        money: Format::new().set_num_format("$#,##0"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        percent: Format::new().set_num_format("0%"),
    };
    let mut rng = Rng::new(SEED);
    let mut wb = Workbook::new();
    let created = as_of().and_hms_opt(18, 0, 0).ok_or("bad time")?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Benchmark book, {n} clients"))
            .set_author("tierbook bench")
            .set_comment("Generated by `cargo run --release --example make_bench_book`")
            .set_creation_datetime(&created),
    );

    let (exceptions, counts) = write_clients(wb.add_worksheet(), &f, &mut rng, n, note.as_deref())?;
    let clients_done = started.elapsed();

    write_table(
        wb.add_worksheet(),
        &f,
        "Criteria",
        &["Criterion", "Column", "Test", "Value", "Weight", "Required For", "Group"],
        book::criteria_rows(true),
    )?;
    write_table(
        wb.add_worksheet(),
        &f,
        "Tiers",
        &["Tier", "Label", "Min Score", "Min Assets", "Min Revenue", "Max Share", "Primary Contact Role"],
        book::tiers_rows(),
    )?;
    write_table(
        wb.add_worksheet(),
        &f,
        "Exceptions",
        &["Client ID", "Tier", "Reason", "Approved By", "Until"],
        exceptions.iter().map(|e| {
            vec![
                V::O(client_id(e.client)),
                V::O(e.tier.to_string()),
                V::S(e.reason),
                V::O(e.approved_by.clone()),
                e.until.map_or(V::Blank, V::Date),
            ]
        }),
    )?;
    write_table(
        wb.add_worksheet(),
        &f,
        "Rules",
        &["Rule", "Column", "Test", "Value", "Action", "Reason"],
        book::rules_rows(4.0, ["Refers four or more clients", "Family of a client we serve"]),
    )?;
    write_table(
        wb.add_worksheet(),
        &f,
        "Services",
        &["Service", "Category", "A", "B", "C", "Hours Each", "Cost Each", "Delivered By"],
        services_rows(),
    )?;
    let teams = n.div_ceil(CLIENTS_PER_TEAM);
    write_table(
        wb.add_worksheet(),
        &f,
        "Staff",
        &["Name", "Role", "Tiers", "Capacity Hours", "Tenure Years"],
        staff_rows(teams),
    )?;
    {
        use V::*;
        write_table(
            wb.add_worksheet(),
            &f,
            "Settings",
            &["Setting", "Value"],
            vec![
                vec![S("Advisor"), S("Bench Advisor")],
                vec![S("As Of"), Date(as_of())],
                vec![S("Hourly Cost"), N(150.0)],
                vec![S("Currency"), S("USD")],
                vec![S("Tier By"), S("client")],
            ],
        )?;
    }
    let built = started.elapsed();

    save(&mut wb, &path)?;
    let total = started.elapsed();
    let size = std::fs::metadata(&path)?.len();

    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    println!(
        "wrote {path}: {n} clients, {} staff ({teams} teams), {} exceptions, {:.1} MiB",
        teams * TEAM.len(),
        exceptions.len(),
        size as f64 / (1024.0 * 1024.0)
    );
    println!(
        "scored tiers (default bars): A {:.1}% B {:.1}% C {:.1}%; households {} ({:.1}% of clients); \
         related {:.1}%; previous tier {:.1}%; primary contact {:.1}%",
        pct(counts.tiers[0]),
        pct(counts.tiers[1]),
        pct(counts.tiers[2]),
        counts.households,
        pct(counts.in_households),
        pct(counts.related),
        pct(counts.previous),
        pct(counts.primary),
    );
    println!(
        "generation: clients sheet {:.1}s, other sheets {:.1}s, save {:.1}s, total {:.1}s",
        clients_done.as_secs_f64(),
        (built - clients_done).as_secs_f64(),
        (total - built).as_secs_f64(),
        total.as_secs_f64()
    );
    Ok(())
}
