//! Templates, `init` and `templates`: every built-in model round-trips
//! through a starter book, a bare CSV list is tiered with a ready model, and
//! wrong names or existing files are refused clearly.

use std::io::Read;

use calamine::Data;

use crate::util::{client, fact, read_sheet, sheet_names, text, tier_rows, BookBuilder, Outcome, Workdir};

/// An example client's (Client ID, Scored Tier, Tier).
type Placed = (&'static str, &'static str, &'static str);

/// The built-in templates with the tiers their example clients get.
const EXAMPLES: [(&str, &[Placed]); 3] = [
    (
        "abc-15",
        &[
            ("M-01", "A", "A"),
            ("R-02", "B", "B"),
            ("D-03", "B", "B"),
            ("P-04", "C", "C"),
            ("E-05", "C", "A"), // follows M-01 (rule "Child of a top client")
            ("T-06", "C", "A"), // refers six clients (rule "Strong referrer")
        ],
    ),
    (
        "ideal-preideal",
        &[
            ("I-01", "A", "A"),
            ("I-02", "B", "B"), // values the service, below the asset bar
            ("I-03", "A", "A"), // reached the bar: pre-ideal -> ideal
            ("I-04", "C", "B"), // sticky: the demotion is only suggested
            ("I-05", "C", "A"), // follows I-01
            ("I-06", "C", "C"),
        ],
    ),
    (
        "two-tier",
        &[
            ("Y-01", "A", "A"),
            ("Y-02", "B", "A"), // same household as Y-01
            ("Y-03", "B", "B"),
            ("Y-04", "B", "A"), // strong referrer
            ("Y-05", "B", "B"),
        ],
    ),
];

const INPUT_SHEETS: [&str; 9] =
    ["Instructions", "Clients", "Criteria", "Tiers", "Exceptions", "Rules", "Services", "Staff", "Settings"];

fn report_sheets(codes: &[&str]) -> Vec<String> {
    let mut v = vec!["Summary".to_string()];
    v.extend(codes.iter().map(|c| format!("Tier {c}")));
    v.extend(["Service Grid", "Resources", "Calendar", "Exceptions", "Review", "Criteria", "Issues"].map(String::from));
    v
}

/// A zip member of an .xlsx as text.
fn zip_member(path: &std::path::Path, member: &str) -> String {
    let bytes = std::fs::read(path).expect("read xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("open zip");
    let mut f = zip.by_name(member).unwrap_or_else(|_| panic!("no {member}"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("read member");
    s
}

#[test]
fn every_template_round_trips_through_init_and_run() {
    assert_eq!(
        EXAMPLES.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        tierbook::template::builtin_names(),
        "a built-in template without a round-trip test"
    );
    for (name, expected) in EXAMPLES {
        let wd = Workdir::new(&format!("init-{name}"));
        let out = wd.run(&["init", "book.xlsx", "--template", name]).expect_code(0);
        out.stdout_has(&["wrote book.xlsx", &format!("template {name}")]);
        let book = wd.path("book.xlsx");
        assert_eq!(sheet_names(&book), INPUT_SHEETS, "{name}");
        wd.run(&["check", "book.xlsx"]).expect_code(0).stdout_has(&["book.xlsx: ok:"]);
        let (out, report) = wd.tier("book.xlsx");
        let codes: Vec<&str> = if name == "two-tier" { vec!["A", "B"] } else { vec!["A", "B", "C"] };
        assert_eq!(sheet_names(&report), report_sheets(&codes), "{name}\n{out}");
        let rows = tier_rows(&report);
        assert_eq!(rows.len(), expected.len(), "{name}\n{out}");
        for (id, scored, tier) in expected {
            let r = client(&rows, id);
            assert_eq!(
                (r.text("Scored Tier").as_str(), r.text("Tier").as_str()),
                (*scored, *tier),
                "{name} {id}\n{out}"
            );
        }
        let grid = read_sheet(&report, "Service Grid");
        assert!(grid.len() > 3, "{name}: empty service grid");
    }
}

#[test]
fn init_defaults_to_abc15_and_writes_dropdowns_notes_and_frozen_headers() {
    let wd = Workdir::new("init-default");
    let out = wd.run(&["init", "new.xlsx"]).expect_code(0);
    out.stdout_has(&["template abc-15", "6 example clients, 15 criteria"]);
    let book = wd.path("new.xlsx");
    wd.assert_files(&["new.xlsx"], &out);
    let criteria = read_sheet(&book, "Criteria");
    assert_eq!(criteria.len(), 16);
    assert_eq!(text(&criteria[0][2]), "Test");
    // Sheets 2..=9 are Clients … Settings; each has a frozen header row.
    for n in 2..=9 {
        let xml = zip_member(&book, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""), "sheet{n} header not frozen");
        assert!(xml.contains("prompt=\""), "sheet{n} has no input messages");
    }
    // (sheet number, what its XML must hold, what that is)
    for (n, dropdown, what) in [
        (2, "<formula1>\"yes,no\"</formula1>", "no yes/no dropdown on Clients"),
        (2, "<formula1>Tiers!$A$2:$A$7</formula1>", "no tier dropdown for Previous Tier"),
        (3, "&gt;=,&gt;,&lt;=,&lt;,=,&lt;&gt;,between,yes,no,one of,contains,not blank", "Test list"),
        (5, "<formula1>Tiers!$A$2:$A$7</formula1>", "Exceptions Tier list"),
        (6, "at least A,at least B,at least C,at most A", "Action list"),
        (6, "promote,demote,follow related", "Action list"),
        (7, "Meeting,Communication,Appreciation,Recognition,Professional,Standard", "Category"),
        (9, "\"client,household\"", "Tier By list"),
    ] {
        assert!(zip_member(&book, &format!("xl/worksheets/sheet{n}.xml")).contains(dropdown), "{what}");
    }
    // Percent strings of the template are written as percent numbers.
    let tiers = read_sheet(&book, "Tiers");
    assert_eq!(tiers[1][5], Data::Float(0.25));
    let instructions = read_sheet(&book, "Instructions");
    assert!(instructions.iter().any(|r| text(&r[0]).contains("tierbook run new.xlsx")), "{instructions:?}");
}

#[test]
fn init_never_overwrites_an_existing_file() {
    let wd = Workdir::new("init-exists");
    let existing = wd.write_bytes("book.xlsx", b"the advisor's real book");
    let out = wd.run(&["init", "book.xlsx"]).expect_code(1);
    out.stderr_has(&["book.xlsx", "already exists", "never overwrites"]);
    assert_eq!(std::fs::read(&existing).unwrap(), b"the advisor's real book");
    wd.assert_files(&["book.xlsx"], &out);
    // A name that is not .xlsx is bad usage, as for `run -o`, leaving
    // nothing behind.
    wd.refuses(
        &["init", "new.xls"],
        2,
        "tierbook: new.xls: init writes an .xlsx workbook; give the new book a name ending in .xlsx\n",
        &["book.xlsx"],
    );
}

#[test]
fn an_unknown_template_is_bad_usage_and_lists_the_names() {
    let wd = Workdir::new("unknown-template");
    wd.write_bytes("list.csv", b"Client ID,Name\n1,Ann\n");
    let names = tierbook::template::builtin_names();
    for args in [
        &["run", "list.csv", "--template", "abc15"][..],
        &["check", "list.csv", "--template", "abc15"],
        &["init", "new.xlsx", "--template", "abc15"],
        &["templates", "show", "abc15"],
    ] {
        let out = wd.run(args).expect_code(2);
        out.stderr_has(&["no template called 'abc15'"]);
        out.stderr_has(&names);
        wd.assert_files(&["list.csv"], &out);
    }
}

#[test]
fn templates_lists_them_and_show_prints_toml_that_parses() {
    let wd = Workdir::new("templates-list");
    let out = wd.run(&["templates"]).expect_code(0);
    let listed: Vec<&str> =
        out.stdout.lines().filter(|l| l.starts_with("  ") && l.split_whitespace().count() > 3).collect();
    assert!(listed.len() >= 3, "{out}");
    for name in tierbook::template::builtin_names() {
        let line = listed.iter().find(|l| l.trim_start().starts_with(name)).unwrap_or_else(|| panic!("{name}\n{out}"));
        assert!(line.len() > name.len() + 20, "no description for {name}: {line}");
    }
    let out = wd.run(&["templates", "show", "abc-15"]).expect_code(0);
    let parsed: toml::Table = toml::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(parsed["name"].as_str(), Some("abc-15"));
    let criteria = parsed["sheets"]["Criteria"]["rows"].as_array().unwrap();
    assert_eq!(criteria.len(), 15);
    // What `show` prints is a template: saved and edited, it is used by path.
    let mine = out
        .stdout
        .replace("name = \"abc-15\"", "name = \"my-model\"")
        .replace("[\"A\", \"Top clients\", 12,", "[\"A\", \"Top clients\", 14,");
    wd.write_bytes("my-model.toml", mine.as_bytes());
    wd.run(&["templates", "show", "my-model.toml"]).expect_code(0).stdout_has(&["name = \"my-model\""]);
    wd.run(&["init", "mine.xlsx", "--template", "my-model.toml"]).expect_code(0).stdout_has(&["template my-model"]);
    assert_eq!(read_sheet(&wd.path("mine.xlsx"), "Tiers")[1][2], Data::Float(14.0));
    let (_, report) = wd.tier("mine.xlsx");
    assert_eq!(client(&tier_rows(&report), "M-01").text("Scored Tier"), "A");
}

/// A CRM export: alias headers (`Client #`, `Full Name`, `AUM`, `Fees`),
/// columns spelled a little differently, lenient values, no Related To.
const CRM_EXPORT: &str = "\
Client #,Full Name,AUM,Fees,Age,Occupation,Marital Status,Income,Cooperative,Receptive to advice,Pleasant,RESPECTS_STAFF_TIME,Refers Others,Referrals,Growth Potential,Values Advice,Long Term Investor
101,Ann Lee,\"$1,800,000\",18000,58,Physician,Married,320000,yes,yes,yes,yes,yes,3,yes,yes,yes
102,Bo Chan,600k,\"$6,000\",50,Engineer,Married,150k,y,y,y,n,no,0,yes,yes,yes
103,Cy Diaz,600k,\"$6,000\",50,Engineer,Married,150k,y,y,y,n,no,0,no,yes,yes
104,Di Ek,300000,4000,52,Teacher,married,120000,yes,yes,yes,yes,no,1,no,yes,yes
105,Ed Fox,300000,4000,52,Teacher,Married,120000,yes,yes,yes,yes,no,1,no,yes,n
106,Flo Gu,100000,2000,40,Nurse,Single,80000,yes,no,yes,no,yes,5,no,yes,no
107,Gil Ho,,n/a,,,,,x,,,,,,,,
";

/// (Client ID, score, Scored Tier, Tier), counted by hand under abc-15
/// (A at least 12 of 15 points, B at least 8; Referrals >= 5 is at least A).
const CRM_TIERS: [(&str, f64, &str, &str); 7] = [
    ("101", 15.0, "A", "A"),
    ("102", 12.0, "A", "A"), // exactly the bar: Fees $6,000 and Income 150k count
    ("103", 11.0, "B", "B"), // as 102 without growth potential
    ("104", 8.0, "B", "B"),  // exactly B's bar; "married" matches in any case
    ("105", 7.0, "C", "C"),
    ("106", 5.0, "C", "A"), // five referrals: "Strong referrer"
    ("107", 1.0, "C", "C"), // only "x" for Cooperative; n/a and blanks meet nothing
];

#[test]
fn a_crm_csv_with_alias_headers_is_tiered_with_abc15() {
    let wd = Workdir::new("csv-abc15");
    wd.write_bytes("export.csv", CRM_EXPORT.as_bytes());
    let out = wd.run(&["run", "export.csv", "--template", "abc-15", "-o", "plan.xlsx"]).expect_code(0);
    out.stdout_has(&["7 clients → A 3 · B 2 · C 2"]);
    let report = wd.path("plan.xlsx");
    assert_eq!(sheet_names(&report), report_sheets(&["A", "B", "C"]), "{out}");
    let rows = tier_rows(&report);
    assert_eq!(rows.len(), 7, "{out}");
    for (id, score, scored, tier) in CRM_TIERS {
        let r = client(&rows, id);
        assert_eq!(r.num("Score"), score, "score of {id}\n{out}");
        assert_eq!((r.text("Scored Tier").as_str(), r.text("Tier").as_str()), (scored, tier), "{id}\n{out}");
    }
    let ann = client(&rows, "101");
    assert_eq!(ann.text("Name"), "Ann Lee");
    assert_eq!(ann.num("Revenue"), 18000.0);
    assert_eq!(ann.num("Assets"), 1_800_000.0);
    let summary = read_sheet(&report, "Summary");
    assert_eq!(text(&fact(&summary, "Template")), "abc-15");
    // The rule the list cannot support is left out, and said so.
    let issues = read_sheet(&report, "Issues");
    let noted = issues.iter().any(|r| {
        r.iter().any(|c| text(c).contains("Rules (template abc-15)"))
            && r.iter().any(|c| text(c).contains("'Child of a top client' reads column 'Related To'"))
    });
    assert!(noted, "{issues:?}");
    // The template's criteria are the report's Criteria.
    let criteria = read_sheet(&report, "Criteria");
    assert!(criteria.iter().any(|r| r.iter().any(|c| text(c) == "Recurring revenue of $5,000+")), "{criteria:?}");
}

#[test]
fn check_with_a_template_passes_on_a_csv_and_names_missing_columns() {
    let wd = Workdir::new("check-template");
    wd.write_bytes("export.csv", CRM_EXPORT.as_bytes());
    let out = wd.run(&["check", "export.csv", "--template", "abc-15"]).expect_code(0);
    assert!(
        out.stdout
            .ends_with("export.csv: ok: 7 clients, 15 criteria (template abc-15); 1 issue to look at, none blocking\n"),
        "{out}"
    );
    wd.assert_files(&["export.csv"], &out);

    let short: String = CRM_EXPORT
        .lines()
        .map(|l| {
            let cells = split_csv(l);
            cells
                .iter()
                .enumerate()
                .filter(|(i, _)| ![4, 7].contains(i))
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    wd.write_bytes("short.csv", short.as_bytes());
    // Without Age and Income the template cannot score: one message names
    // every missing column, the list's columns and the two ways out — not
    // the template's cells, which the advisor never wrote.
    let problem = format!(
        "template abc-15's criteria read 2 columns the client list does not have: Age, Income. The list's columns \
         are: {}; rename the list's columns to those names, or build a book around the list with `tierbook init \
         book.xlsx --from short.csv --template abc-15`, which adds the missing columns for you to fill in",
        split_csv(short.lines().next().unwrap()).join(", ")
    );
    let out = wd.run(&["check", "short.csv", "--template", "abc-15"]).expect_code(1);
    out.assert_stdout_is(&format!(
        "short.csv: error: {problem}\nshort.csv: Rules (template abc-15)!B3: template abc-15's rule 'Child of a top \
         client' reads column 'Related To', which the client list does not have; rule not applied; add a 'Related \
         To' column to the client list to use it\n"
    ));
    out.assert_stderr_is("short.csv: 1 error to fix before this book can be tiered\n");
    let out = wd.run(&["run", "short.csv", "--template", "abc-15"]).expect_code(1);
    out.assert_stderr_is(&format!("tierbook: short.csv: 1 problem to fix:\n  short.csv: {problem}\n"));
    wd.assert_files(&["export.csv", "short.csv"], &out);
}

/// Splits one line of [`CRM_EXPORT`] (quotes only around whole cells).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                out.last_mut().unwrap().push(ch);
            }
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(ch),
        }
    }
    out
}

#[test]
fn a_sheet_in_the_book_wins_over_the_template() {
    let wd = Workdir::new("book-wins");
    // The book's own Tiers: A needs all 15 points, B 11.
    let mut clients: Vec<Vec<crate::util::Cell>> = Vec::new();
    for (i, line) in CRM_EXPORT.lines().enumerate() {
        clients.push(
            split_csv(line)
                .into_iter()
                .enumerate()
                .map(|(c, v)| {
                    let v = v.trim_matches('"').to_string();
                    match v.parse::<f64>() {
                        Ok(n) if i > 0 && c > 0 => crate::util::Cell::Num(n),
                        _ => crate::util::Cell::from(v),
                    }
                })
                .collect(),
        );
    }
    let book = BookBuilder::new().sheet("Clients", clients).sheet(
        "Tiers",
        vec![row!["Tier", "Label", "Min Score"], row!["A", "Top", 15], row!["B", "Core", 11], row!["C", "Rest", ""]],
    );
    wd.write_book("book.xlsx", &book);
    let out: Outcome = wd.run(&["run", "book.xlsx", "--template", "abc-15", "-o", "out.xlsx"]).expect_code(0);
    let rows = tier_rows(&wd.path("out.xlsx"));
    let scored = |id: &str| client(&rows, id).text("Scored Tier");
    assert_eq!(scored("101"), "A", "{out}");
    assert_eq!(scored("102"), "B", "{out}");
    assert_eq!(scored("103"), "B", "{out}");
    assert_eq!(scored("104"), "C", "{out}");
    // The template still supplied what the book lacks: criteria and rules.
    assert_eq!(client(&rows, "106").text("Tier"), "A", "{out}");
}
