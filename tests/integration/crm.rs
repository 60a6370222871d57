//! Issue 12: a CRM export tiers out of the box. A 60-client export with the
//! columns Redtail, Wealthbox and the like write (`Contact ID`, `First
//! Name`, `Last Name`, `AUM`, `Annual Fees`, US dates, `$` amounts, a
//! `Category` of `A Client`…) goes through `init --from` and `run`.

use calamine::Data;

use crate::util::{column, read_sheet, text, tier_rows, Workdir};

/// One client of the generated export.
struct Row {
    id: String,
    first: &'static str,
    last: &'static str,
    aum: u64,
    fees: f64,
    since: (u32, u32, i32),
    birthday: (u32, u32, i32),
    category: &'static str,
}

/// 60 clients, deterministic; some dates have a day over 12, so the
/// columns show their month-first order.
fn export() -> (String, Vec<Row>) {
    const FIRST: [&str; 6] = ["Ann", "Bob", "Carla", "Dev", "Zoë", "Jo"];
    const LAST: [&str; 5] = ["Smith", "Müller", "O'Neil", "Chen", "Garcia"];
    const CATEGORY: [&str; 3] = ["A Client", "B Client", "C Client"];
    let mut rows = Vec::new();
    let mut csv = String::from(
        "Contact ID,First Name,Last Name,Household,Email,AUM,Annual Fees,Client Since,Birthday,Referrals YTD,Category\n",
    );
    for i in 0..60u32 {
        let aum = 50_000 + u64::from(i) * 37_000;
        let fees = aum as f64 * 0.0095;
        let r = Row {
            id: format!("CT-{}", 5000 + i),
            first: FIRST[i as usize % 6],
            last: LAST[i as usize % 5],
            aum,
            fees: (fees * 100.0).round() / 100.0,
            since: (1 + i % 12, 1 + (i * 7) % 28, 1990 + (i % 30) as i32),
            birthday: (1 + (i * 5) % 12, 1 + (i * 11) % 28, 1940 + (i % 45) as i32),
            category: CATEGORY[i as usize % 3],
        };
        csv.push_str(&format!(
            "{},{},{},HH-{},c{i}@example.com,\"${}.00\",\"${:.2}\",{}/{}/{},{}/{}/{},{},{}\n",
            r.id,
            r.first,
            r.last,
            i / 2,
            thousands(r.aum),
            r.fees,
            r.since.0,
            r.since.1,
            r.since.2,
            r.birthday.0,
            r.birthday.1,
            r.birthday.2,
            i % 4,
            r.category
        ));
        rows.push(r);
    }
    (csv, rows)
}

/// `1234567` as `1,234,567`.
fn thousands(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn date(d: &Data) -> Option<chrono::NaiveDate> {
    match d {
        Data::DateTime(dt) => dt.as_datetime().map(|d| d.date()),
        Data::DateTimeIso(s) => s.get(..10).and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()),
        _ => None,
    }
}

/// A scratch directory named `test` holding [`export`] as crm.csv, and the
/// rows it was made from.
fn export_in(test: &str) -> (Workdir, Vec<Row>) {
    let wd = Workdir::new(test);
    let (csv, rows) = export();
    wd.write_bytes("crm.csv", csv.as_bytes());
    (wd, rows)
}

#[test]
fn a_crm_export_becomes_a_book_and_a_report_in_two_commands() {
    let (wd, rows) = export_in("crm-init");
    let out = wd.run(&["init", "book.xlsx", "--from", "crm.csv"]).expect_code(0);
    out.assert_stdout_is(
        "wrote book.xlsx from crm.csv and template abc-15: 60 clients, 15 criteria\n  criteria reading your columns: \
         Recurring revenue of $5,000+ → Annual Fees, Assets of $500k+ → AUM\n  columns added at the right of Clients, \
         blank for you to fill in: Cooperative, Receptive To Advice, Pleasant, Respects Staff Time, Refers Others, \
         Referrals (or is it your Referrals YTD? then write Referrals YTD in the criterion's Column), Growth \
         Potential, Age, Occupation, Marital Status, Income, Values Advice, Long-Term Investor, Related To\n  \
         crm.csv!H1: dates such as 3/4/2026 read M/D/Y (month first): as 3/15/1992 shows (found \"Client Since\"); \
         every date of the column read in that order\n  crm.csv!I1: dates such as 3/4/2026 read M/D/Y (month first): \
         as 11/23/1942 shows (found \"Birthday\"); every date of the column read in that order\nnext: \
         `tierbook run book.xlsx` works now; fill in the added columns to score on them\n",
    );
    let out = wd.run(&["run", "book.xlsx"]).expect_code(0);
    let report = wd.path("book.tiers.xlsx");
    let tiered = tier_rows(&report);
    assert_eq!(tiered.len(), 60, "{out}");
    for r in &rows {
        let found: Vec<_> = tiered.iter().filter(|t| t.text("Client ID") == r.id).collect();
        assert_eq!(found.len(), 1, "{} on {} tier sheets", r.id, found.len());
        let t = found[0];
        assert_eq!(t.text("Name"), format!("{} {}", r.first, r.last));
        assert!((t.num("Revenue") - r.fees).abs() < 0.005, "{}: {} != {}", r.id, t.num("Revenue"), r.fees);
        assert_eq!(t.num("Assets"), r.aum as f64);
        let ymd = |(m, d, y): (u32, u32, i32)| chrono::NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(date(t.get("Client Since")), ymd(r.since), "{}: {:?}", r.id, t.get("Client Since"));
        assert_eq!(date(t.get("Birthday")), ymd(r.birthday), "{}: {:?}", r.id, t.get("Birthday"));
    }
    // The Summary's revenue is the Annual Fees column's sum.
    let summary = read_sheet(&report, "Summary");
    let header = summary.iter().position(|r| r.iter().any(|c| text(c) == "Revenue")).expect("a Revenue header");
    let rev_c = summary[header].iter().position(|c| text(c) == "Revenue").unwrap();
    let total = summary.iter().find(|r| r.first().map(text).as_deref() == Some("Total")).expect("a Total row");
    let want: f64 = rows.iter().map(|r| r.fees).sum();
    assert!(matches!(total[rev_c], Data::Float(v) if (v - want).abs() < 0.01), "{:?} != {want}", total[rev_c]);
    // The Review compares against the CRM's Category.
    let review = read_sheet(&report, "Review");
    let hr = review.iter().position(|r| r.iter().any(|c| text(c) == "Previous Tier")).expect("review table");
    let (id_c, prev_c) = (
        review[hr].iter().position(|c| text(c) == "Client ID").unwrap(),
        review[hr].iter().position(|c| text(c) == "Previous Tier").unwrap(),
    );
    let mut compared = 0;
    for line in &review[hr + 1..] {
        if let Some(r) = rows.iter().find(|r| r.id == text(&line[id_c])) {
            assert_eq!(text(&line[prev_c]), r.category[..1], "{}", r.id);
            compared += 1;
        }
    }
    assert!(compared > 0, "no client compared with its Category");
    // The Summary says which criteria are still blank for everyone.
    let warnings: Vec<String> = summary.iter().flat_map(|r| r.iter().map(text)).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("13 criteria read columns blank for all 60 clients")),
        "{warnings:?}"
    );
}

#[test]
fn a_crm_export_with_a_template_it_cannot_feed_says_the_two_ways_out() {
    let (wd, _) = export_in("crm-template");
    let out = wd.run(&["run", "crm.csv", "--template", "abc-15"]).expect_code(1);
    out.assert_stderr_is(
        "tierbook: crm.csv: 1 problem to fix:\n  crm.csv: template abc-15's criteria read 13 columns the client list \
         does not have: Cooperative, Receptive To Advice, Pleasant, Respects Staff Time, Refers Others, Referrals, \
         Growth Potential, Age, Occupation, Marital Status, Income, Values Advice, Long-Term Investor. The list's \
         columns are: Contact ID, First Name, Last Name, Household, Email, AUM, Annual Fees, Client Since, \
         Birthday, Referrals YTD, Category; rename the list's columns to those names, or build a book around the \
         list with `tierbook init book.xlsx --from crm.csv --template abc-15`, which adds the missing columns for \
         you to fill in\n",
    );
    wd.assert_files(&["crm.csv"], &out);

    // A template whose criteria the list can feed runs as it is, and is
    // known by its own file name.
    let model = "name = \"abc-15\"\n[sheets.Criteria]\ncolumns = [\"Criterion\", \"Column\", \"Test\", \"Value\"]\n\
                 rows = [[\"Assets of $500k+\", \"Assets\", \">=\", 500000], [\"Fees of $5k+\", \"Revenue\", \">=\", 5000], \
                 [\"Refers\", \"Referrals YTD\", \">=\", 2]]\n";
    wd.write_bytes("mine.toml", model.as_bytes());
    let out = wd.run(&["run", "crm.csv", "--template", "mine.toml", "-o", "out.xlsx"]).expect_code(0);
    let summary = read_sheet(&wd.path("out.xlsx"), "Summary");
    let template = summary.iter().find(|r| r.first().map(text).as_deref() == Some("Template")).expect("Template line");
    assert_eq!(text(&template[1]), "mine.toml", "{out}");
    assert_eq!(tier_rows(&wd.path("out.xlsx")).len(), 60);
}

#[test]
fn dates_that_cannot_be_read_are_issues_on_their_cells() {
    let wd = Workdir::new("crm-dates");
    let csv = "Contact ID,Full Name,Client Since,Last Meeting\n\
               1,Ann Lee,9/7/1999,3/4/2026\n\
               2,Bo Chan,2/30/2020,1/2/2026\n\
               3,Cy Diaz,9/7/99,4/5/2026\n\
               4,Di Eng,Sep 7 1999,7.3.2026\n";
    wd.write_bytes("list.csv", csv.as_bytes());
    wd.run(&["init", "book.xlsx", "--from", "list.csv"]).expect_code(0);
    let out = wd.run(&["run", "book.xlsx"]).expect_code(0);
    let issues = read_sheet(&wd.path("book.tiers.xlsx"), "Issues");
    let (cell_c, problem_c) = (column(&issues, "Cell"), column(&issues, "Problem"));
    let lines: Vec<String> =
        issues[1..].iter().map(|r| format!("{} {}", text(&r[cell_c]), text(&r[problem_c]))).collect();
    // init typed the dates it could read; the book keeps the others as
    // written, and `run` names each on its cell.
    assert!(lines.contains(&"C3 Client Since is not a date: no such date".to_string()), "{lines:?}\n{out}");
    assert!(
        lines
            .contains(&"C4 Client Since is not a date: the year has two digits, so the century is unknown".to_string()),
        "{lines:?}"
    );
    let rows = tier_rows(&wd.path("book.tiers.xlsx"));
    let ann = rows.iter().find(|r| r.text("Client ID") == "1").unwrap();
    assert_eq!(date(ann.get("Client Since")), chrono::NaiveDate::from_ymd_opt(1999, 9, 7));
}

#[test]
fn a_list_without_an_id_column_is_refused_naming_its_headers() {
    let wd = Workdir::new("crm-no-id");
    wd.write_bytes("people.csv", "First Name,Last Name,AUM\nAnn,Lee,\"$1,000\"\n".as_bytes());
    let out = wd.run(&["init", "book.xlsx", "--from", "people.csv"]).expect_code(1);
    out.assert_stderr_is(
        "tierbook: book.xlsx: cannot write the starter book: people.csv has no client ID column in its first 20 rows; \
         its headers are: First Name, Last Name, AUM; add one (tierbook looks for Client ID, ID, Client #, Client \
         Number, Client No, Account ID, Account Number, Account #, Contact ID, Customer ID, Client Key, Record ID) \
         and try again\n",
    );
    wd.assert_files(&["people.csv"], &out);
}

/// Issue 12: a book with no Revenue column shows revenue, margin, revenue
/// per hour, revenue shares and unprofitable counts blank on every sheet,
/// never `$0`, and the Summary says why.
#[test]
fn a_book_without_revenue_shows_no_zero_revenue_anywhere() {
    use crate::util::{sheet_names, BookBuilder};
    let wd = Workdir::new("no-revenue");
    let book = BookBuilder::new()
        .sheet(
            "Clients",
            vec![
                row!["Client ID", "Name", "Commissions", "AUM", "Household", "Loyal"],
                row!["N1", "Ann Lee", 9000, 1_200_000, "H1", "yes"],
                row!["N2", "Bo Lee", 100, 300_000, "H1", "no"],
                row!["N3", "Cy Diaz", 50, 80_000, "", "no"],
            ],
        )
        .sheet("Criteria", vec![row!["Criterion", "Test"], row!["Loyal", "yes"]])
        .sheet("Settings", vec![row!["Setting", "Value"], row!["Hourly Cost", 120], row!["Tier By", "household"]]);
    wd.write_book("book.xlsx", &book);
    let (out, report) = wd.tier("book.xlsx");
    assert!(
        out.stdout.contains(
            "\n  warning: No Revenue column (looked for Revenue, Fees, Annual Revenue, Revenue YTD, Annual Fees, Fees \
             YTD, T12 Revenue, Trailing 12 Revenue, Annual Production, Production): revenue and every figure made \
             from it are left blank, not zero. If 'Commissions' holds them, add a Settings row Revenue Column = \
             Commissions.\n"
        ),
        "{out}"
    );
    let money_words = ["revenue", "margin", "unprofitable", "share of rev"];
    let mut looked = 0;
    for sheet in sheet_names(&report) {
        let grid = read_sheet(&report, &sheet);
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        for c in 0..width {
            let mut heading = String::new();
            for (r, row) in grid.iter().enumerate() {
                match row.get(c) {
                    Some(Data::String(s)) => heading = s.to_lowercase(),
                    Some(Data::Float(v)) if money_words.iter().any(|w| heading.contains(w)) => {
                        panic!("{sheet}!{}{}: {v} under {heading:?}", (b'A' + c as u8) as char, r + 1)
                    }
                    Some(Data::Float(_)) => looked += 1,
                    _ => {}
                }
            }
        }
    }
    assert!(looked > 50, "the report holds other figures ({looked})");
    // The same book with the column named in Settings has its revenue back.
    let named = book.edit_sheet("Settings", |rows| rows.push(row!["Revenue Column", "Commissions"]));
    wd.write_book("named.xlsx", &named);
    let (_, report) = wd.tier("named.xlsx");
    let ann = tier_rows(&report).into_iter().find(|r| r.text("Client ID") == "N1").unwrap();
    assert_eq!(ann.num("Revenue"), 9000.0);
}

/// A list run as it is: a column of slash dates that read both ways is
/// read month first and said once on the Issues sheet; with Settings Date
/// Order = DMY (from the template) it is read day first.
#[test]
fn ambiguous_date_columns_are_said_once_on_the_issues_sheet() {
    let wd = Workdir::new("crm-ambiguous");
    wd.write_bytes("list.csv", b"Client ID,Name,Revenue,Last Review\n1,Ann,5000,3/4/2026\n2,Bo,100,1/2/2026\n");
    let model = |order: &str| {
        format!(
            "[sheets.Criteria]\ncolumns = [\"Criterion\", \"Column\", \"Test\", \"Value\"]\n\
             rows = [[\"Fees\", \"Revenue\", \">=\", 1000]]\n[sheets.Settings]\ncolumns = [\"Setting\", \"Value\"]\n\
             rows = [[\"As Of\", 2026-06-30]{order}]\n"
        )
    };
    for (file, order, want, says) in [
        ("mdy.toml", "", (2026, 3, 4), "read M/D/Y (month first): every slash date could be either; the default"),
        (
            "dmy.toml",
            ", [\"Date Order\", \"DMY\"]",
            (2026, 4, 3),
            "read D/M/Y (day first): every slash date could be either; as Settings Date Order says",
        ),
    ] {
        wd.write_bytes(file, model(order).as_bytes());
        let out = wd.run(&["run", "list.csv", "--template", file, "-o", "out.xlsx"]).expect_code(0);
        let report = wd.path("out.xlsx");
        let issues = read_sheet(&report, "Issues");
        let (cell_c, problem_c) = (column(&issues, "Cell"), column(&issues, "Problem"));
        let about: Vec<String> = issues[1..]
            .iter()
            .filter(|r| text(&r[problem_c]).starts_with("dates such as"))
            .map(|r| format!("{} {}", text(&r[cell_c]), text(&r[problem_c])))
            .collect();
        assert_eq!(about.len(), 1, "{about:?}\n{out}");
        assert!(about[0].starts_with("D1 dates such as 3/4/2026 ") && about[0].contains(says), "{about:?}");
        let ann = tier_rows(&report).into_iter().find(|r| r.text("Client ID") == "1").unwrap();
        assert_eq!(date(ann.get("Last Review")), chrono::NaiveDate::from_ymd_opt(want.0, want.1, want.2), "{file}");
    }
}
