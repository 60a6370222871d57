//! Real books, kind by kind (issue 11): amounts in any common writing, text
//! encodings, formula cells without a saved value and IDs however typed
//! (rows that are not clients, sheet geometry, CSV column types and
//! duplicate headers are in `real_books_shape.rs`). Each kind has inputs of
//! its own beyond its field case (`field_cases.rs`), the bad side included.

use std::path::PathBuf;

use calamine::Data;

use crate::readback::{assert_warned, issue, issues, pairs, sorted_tiers};
use crate::util::{client, read_sheet, text, tier_rows, BookBuilder, Cell, Outcome, Rows, Workdir};

/// The abc-15 template's client columns.
const ABC15: &str = "Client ID,Name,Cooperative,Receptive To Advice,Pleasant,Respects Staff Time,Refers Others,Referrals,Growth Potential,Revenue,Assets,Age,Occupation,Marital Status,Income,Values Advice,Long-Term Investor";

/// A client list for the abc-15 template: each client is (id, name,
/// revenue, assets) and `extra` adds columns (header, one value per client).
pub fn abc15_list(sep: &str, clients: &[[&str; 4]], extra: &[(&str, &[&str])]) -> String {
    let mut out = ABC15.replace(',', sep);
    for (h, _) in extra {
        out.push_str(sep);
        out.push_str(h);
    }
    out.push('\n');
    for (i, [id, name, revenue, assets]) in clients.iter().enumerate() {
        let mut cells = vec![*id, *name, "yes", "yes", "yes", "yes", "yes", "3", "yes"];
        cells.extend([*revenue, *assets, "52", "Physician", "Married", "200000", "yes", "yes"]);
        cells.extend(extra.iter().map(|(_, v)| v[i]));
        out.push_str(&cells.join(sep));
        out.push('\n');
    }
    out
}

/// Runs `tierbook run <name> -o out.xlsx [--template abc-15]`.
pub fn run(wd: &Workdir, name: &str, template: bool) -> Outcome {
    let mut args = vec!["run", name, "-o", "out.xlsx"];
    if template {
        args.extend(["--template", "abc-15"]);
    }
    wd.run(&args)
}

/// Runs `tierbook run <name> -o out.xlsx` on a file already in `wd` (with
/// `--template abc-15` for a bare list: .csv, .txt), expecting success;
/// returns the outcome and the report's path.
pub fn tier_out(wd: &Workdir, name: &str) -> (Outcome, PathBuf) {
    let list = name.ends_with(".csv") || name.ends_with(".txt");
    (run(wd, name, list).expect_code(0), wd.path("out.xlsx"))
}

/// Writes `list` as clients.csv and tiers it with the abc-15 template.
pub fn tier_list(wd: &Workdir, list: &str) -> (Outcome, PathBuf) {
    wd.write_bytes("clients.csv", list.as_bytes());
    tier_out(wd, "clients.csv")
}

/// A Criteria sheet: Assets ≥ 500,000 and Values Advice yes.
pub fn criteria() -> Rows {
    vec![
        row!["Criterion", "Column", "Test", "Value"],
        row!["Assets 500k+", "Assets", ">=", 500000],
        row!["Values advice", "Values Advice", "yes", ""],
    ]
}

/// A book of a Clients sheet and [`criteria`].
pub fn clients_book(clients: Rows) -> BookBuilder {
    BookBuilder::new().sheet("Clients", clients).sheet("Criteria", criteria())
}

/// Writes `book` as book.xlsx and tiers it ([`tier_out`]).
pub fn tier_book(wd: &Workdir, book: &BookBuilder) -> (Outcome, PathBuf) {
    wd.write_book("book.xlsx", book);
    tier_out(wd, "book.xlsx")
}

// ---- 1. Amounts in any common writing --------------------------------------

#[test]
fn semicolon_list_reads_spaces_symbols_and_grouping() {
    let wd = Workdir::new("amounts-semicolon");
    let list = abc15_list(
        ";",
        &[
            ["E-1", "Ana", "1 234,56 €", "€ 750.000,00"],
            ["E-2", "Ben", "12,5", "1\u{202f}234\u{202f}567,00"],
            ["E-3", "Cem", "EUR 6.000", "80.000"],
        ],
        &[],
    );
    let (out, report) = tier_list(&wd, &list);
    let rows = tier_rows(&report);
    let got: Vec<(f64, f64)> = ["E-1", "E-2", "E-3"]
        .iter()
        .map(|id| {
            let c = client(&rows, id);
            (c.num("Revenue"), c.num("Assets"))
        })
        .collect();
    assert_eq!(got, [(1234.56, 750_000.0), (12.5, 1_234_567.0), (6000.0, 80_000.0)], "{out}");
    assert!(issues(&report).iter().all(|i| !i.2.contains("amount")));
}

#[test]
fn an_amount_that_reads_two_ways_is_an_issue_and_left_blank() {
    let wd = Workdir::new("amounts-two-ways");
    let list = abc15_list(";", &[["E-1", "Ana", "1,234", "900.000"], ["E-2", "Ben", "7.500,00", "1.000"]], &[]);
    let (_, report) = tier_list(&wd, &list);
    let found = issues(&report);
    assert!(
        found.contains(&issue(
            "clients.csv!J2",
            "1,234",
            "this amount reads two ways: 1.234 or 1234",
            "left blank; write it without the separator, or set Decimal Mark (. or ,) in Settings"
        )),
        "{found:?}"
    );
    let rows = tier_rows(&report);
    assert_eq!(client(&rows, "E-1").get("Revenue"), &Data::Empty);
    assert_eq!(client(&rows, "E-2").num("Revenue"), 7500.0);
    assert_eq!(client(&rows, "E-2").num("Assets"), 1000.0);
}

#[test]
fn text_amounts_in_a_workbook_follow_the_decimal_mark_setting() {
    let wd = Workdir::new("amounts-setting");
    let clients: Rows = vec![
        row!["Client ID", "Name", "Assets", "Values Advice"],
        row!["D-1", "Ana", "800.000", "yes"],
        row!["D-2", "Ben", "CHF 1'200", "yes"],
        row!["D-3", "Cem", "12,34,567", "yes"],
    ];
    // Without the setting, `800.000` reads two ways: an Issue, never 800.
    wd.write_book("plain.xlsx", &clients_book(clients.clone()));
    wd.run(&["run", "plain.xlsx", "-o", "plain.out.xlsx"]).expect_code(0);
    let found = issues(&wd.path("plain.out.xlsx"));
    assert_eq!(
        found,
        [issue(
            "Clients!C2",
            "800.000",
            "this amount reads two ways: 800 or 800000",
            "left blank; write it without the separator, or set Decimal Mark (. or ,) in Settings"
        )]
    );
    assert_eq!(sorted_tiers(&wd.path("plain.out.xlsx")), pairs(&[("D-1", "C"), ("D-2", "C"), ("D-3", "A")]));
    // With `Decimal Mark ,` it is 800,000.
    let told = clients_book(clients).sheet("Settings", vec![row!["Setting", "Value"], row!["Decimal Mark", ","]]);
    wd.write_book("told.xlsx", &told);
    wd.run(&["run", "told.xlsx", "-o", "told.out.xlsx"]).expect_code(0);
    assert_eq!(issues(&wd.path("told.out.xlsx")), []);
    let rows = tier_rows(&wd.path("told.out.xlsx"));
    assert_eq!(["D-1", "D-2", "D-3"].map(|id| client(&rows, id).num("Assets")), [800_000.0, 1200.0, 1_234_567.0]);
}

#[test]
fn a_comma_list_keeps_us_amounts() {
    let wd = Workdir::new("amounts-us");
    let list = abc15_list(",", &[["U-1", "Ana", "\"$1,200,000\"", "\"1,234.50\""]], &[]);
    let rows = tier_rows(&tier_list(&wd, &list).1);
    assert_eq!((client(&rows, "U-1").num("Revenue"), client(&rows, "U-1").num("Assets")), (1_200_000.0, 1234.5));
}

// ---- 2. Text encodings -----------------------------------------------------

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for u in text.encode_utf16() {
        out.extend(if little { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn unicode_text_from_excel_is_read_in_both_byte_orders() {
    for (little, enc) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
        let wd = Workdir::new("utf16");
        let list = abc15_list("\t", &[["W-1", "Zoë Ørsted – 王芳", "6000", "650000"]], &[]);
        wd.write_bytes("clients.txt", &utf16(&list, little));
        let (_, report) = tier_out(&wd, "clients.txt");
        assert_eq!(client(&tier_rows(&report), "W-1").text("Name"), "Zoë Ørsted – 王芳");
        assert!(issues(&report).contains(&issue(
            "clients.txt",
            enc,
            &format!("the file is not UTF-8 text; read as {enc}"),
            "check the names in the report; in Excel save as \"CSV UTF-8\" to be sure"
        )));
    }
}

#[test]
fn utf8_with_a_byte_order_mark_needs_no_word() {
    let wd = Workdir::new("utf8-bom");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(abc15_list(",", &[["B-1", "Renée", "6000", "650000"]], &[]).as_bytes());
    wd.write_bytes("clients.csv", &bytes);
    let (_, report) = tier_out(&wd, "clients.csv");
    assert_eq!(client(&tier_rows(&report), "B-1").text("Name"), "Renée");
    assert!(issues(&report).iter().all(|i| !i.2.contains("UTF-8")), "{:?}", issues(&report));
}

#[test]
fn broken_utf16_is_refused_with_the_fix_and_no_report() {
    let wd = Workdir::new("utf16-broken");
    let mut bytes = utf16(&abc15_list("\t", &[["W-1", "Ann", "6000", "650000"]], &[]), true);
    bytes.extend([0x00, 0xD8]); // a lone high surrogate
    bytes.extend([0x41, 0x00]);
    wd.write_bytes("clients.csv", &bytes);
    wd.refuses(
        &["run", "clients.csv", "-o", "out.xlsx", "--template", "abc-15"],
        1,
        "tierbook: clients.csv: cannot open the workbook: the text is marked as UTF-16LE but is not valid UTF-16LE; save it as \"CSV UTF-8\"; open it in Excel or LibreOffice, save it again (without a password) and retry\n",
        &["clients.csv"],
    );
}

// ---- 3. Formula cells with no saved value ----------------------------------

/// A book with one formula whose saved value is then removed from the file.
fn unsaved(wd: &Workdir, name: &str, book: BookBuilder, sheet_xml: &str) {
    let bytes = crate::util::edit_zip_member(&book.to_bytes(), sheet_xml, |xml| xml.replace("<v>4242</v>", ""));
    wd.write_bytes(name, &bytes);
}

#[test]
fn an_unsaved_formula_on_settings_is_on_issues_and_warned() {
    let wd = Workdir::new("formula-settings");
    let book = clients_book(vec![row!["Client ID", "Assets", "Values Advice"], row!["S-1", 900000, "yes"]]).sheet(
        "Settings",
        vec![row!["Setting", "Value"], row!["Hourly Cost", Cell::Formula("100*2".into(), "4242".into())]],
    );
    unsaved(&wd, "book.xlsx", book, "xl/worksheets/sheet3.xml");
    let (out, report) = tier_out(&wd, "book.xlsx");
    assert_eq!(
        issues(&report),
        [issue(
            "Settings!B2",
            "=100*2",
            "formula with no saved value: open and save the book in Excel or LibreOffice",
            "left blank"
        )]
    );
    let warning = "1 formula cell with no saved value is read by the scoring (Settings!B2), so tiers may be wrong: open and save the book in Excel or LibreOffice, then run again.";
    assert_warned(&out, &report, warning);
}

#[test]
fn an_unsaved_formula_in_a_column_nothing_reads_is_on_issues_only() {
    let wd = Workdir::new("formula-unread");
    let book = clients_book(vec![
        row!["Client ID", "Assets", "Values Advice", "Notes"],
        row!["S-1", 900000, "yes", Cell::Formula("\"a\"&\"b\"".into(), "4242".into())],
    ]);
    unsaved(&wd, "book.xlsx", book, "xl/worksheets/sheet1.xml");
    let (out, report) = tier_out(&wd, "book.xlsx");
    assert_eq!(issues(&report).len(), 1);
    assert_eq!(issues(&report)[0].0, "Clients!D2");
    assert!(!out.stdout.contains("formula cell"), "{out}");
}

#[test]
fn a_formula_with_its_saved_value_is_read_silently() {
    let wd = Workdir::new("formula-saved");
    let book = clients_book(vec![
        row!["Client ID", "Assets", "Values Advice", "Note"],
        row![
            "S-1",
            Cell::Formula("450000*2".into(), "900000".into()),
            "yes",
            Cell::Formula("IF(1=1,\"\",1)".into(), "".into())
        ],
    ]);
    let (_, report) = tier_book(&wd, &book);
    assert_eq!(issues(&report), []);
    assert_eq!(client(&tier_rows(&report), "S-1").num("Assets"), 900_000.0);
}

// ---- 4. Client IDs however typed -------------------------------------------

#[test]
fn ids_typed_as_numbers_text_decimals_or_with_spaces_are_one_client() {
    let wd = Workdir::new("ids-typed");
    let book = clients_book(vec![
        row!["Client ID", "Name", "Related To", "Assets", "Values Advice"],
        row![7001, "Opal", "", 30000, "no"],
        row!["0045", "Ned", " 123 ", 20000, "no"],
        row![123, "Rosa", "", 900000, "yes"],
    ])
    .sheet(
        "Rules",
        vec![
            row!["Rule", "Column", "Test", "Value", "Action", "Reason"],
            row!["Family", "Related To", "not blank", "", "follow related", "family"],
        ],
    )
    .sheet("Exceptions", vec![row!["Client ID", "Tier", "Reason"], row!["7001.0", "B", "widow"]]);
    let (out, report) = tier_book(&wd, &book);
    assert_eq!(sorted_tiers(&report), pairs(&[("0045", "A"), ("123", "A"), ("7001", "B")]), "{out}");
    assert_eq!(issues(&report), []);
}

#[test]
fn a_text_id_with_leading_zeros_is_never_shortened() {
    let wd = Workdir::new("ids-text");
    let list = abc15_list(",", &[["0007001", "Opal", "6000", "650000"], ["0000045", "Ned", "100", "1000"]], &[]);
    let rows = tier_rows(&tier_list(&wd, &list).1);
    assert_eq!(client(&rows, "0007001").get("Client ID"), &Data::String("0007001".into()));
    assert_eq!(client(&rows, "0000045").get("Client ID"), &Data::String("0000045".into()));
}

#[test]
fn the_same_id_as_number_and_zero_padded_text_is_a_duplicate() {
    let wd = Workdir::new("ids-dup");
    let clients =
        vec![row!["Client ID", "Assets", "Values Advice"], row![7001, 900000, "yes"], row!["0007001", 100, "no"]];
    let (_, report) = tier_book(&wd, &clients_book(clients));
    assert_eq!(
        issues(&report),
        [issue("Clients!A3", "0007001", "Client ID also used on row 2", "both rows kept and tiered independently")]
    );
    assert_eq!(tier_rows(&report).len(), 2);
}

#[test]
fn previous_tiers_match_ids_however_typed() {
    let wd = Workdir::new("ids-previous");
    let clients = vec![row!["Client ID", "Assets", "Values Advice"], row![123, 900000, "yes"], row![45, 100, "no"]];
    wd.write_book("book.xlsx", &clients_book(clients));
    wd.write_bytes("last.csv", b"Client ID,Tier\n0000123,A\n45.0,C\n");
    wd.run(&["run", "book.xlsx", "-o", "out.xlsx", "--previous", "last.csv"]).expect_code(0);
    let review = read_sheet(&wd.path("out.xlsx"), "Review");
    let count = |label: &str| {
        review.iter().find(|r| r.first().map(text).as_deref() == Some(label)).map(|r| text(&r[2])).unwrap_or_default()
    };
    assert_eq!((count("Unchanged"), count("New"), count("Departed")), ("2".into(), "0".into(), "0".into()));
}
