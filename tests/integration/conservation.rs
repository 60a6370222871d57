//! Conservation: every client row of the input appears in exactly one tier
//! sheet, for every book of the suite that `run` accepts (the generated ones,
//! the committed format fixtures and the sample book).

use std::path::Path;

use calamine::Data;

use crate::fixtures;
use crate::util::{read_sheet, sheet_names, text, tier_rows, Workdir};

#[test]
fn every_generated_book_keeps_every_client_row() {
    let wd = Workdir::new("conservation");
    for (name, bytes) in fixtures::good_books() {
        wd.write_bytes(name, &bytes);
        let (out, report) = wd.tier(name);
        let ids = input_client_ids(&wd.path(name));
        assert!(!ids.is_empty(), "{name}: no client rows found in the input");
        assert_eq!(tier_rows(&report).len(), ids.len(), "{name}\n{out}");
        out.stdout_has(&[&format!("{} clients", ids.len())]);
    }
}

#[test]
fn committed_format_fixtures_keep_every_client_row() {
    let wd = Workdir::new("conservation-formats");
    for name in ["bars.xlsx", "bars.ods", "bars.xls"] {
        wd.copy_fixture(name, name);
        wd.tier(name);
    }
}

#[test]
fn sample_book_keeps_every_client_row_and_each_id_as_often() {
    let wd = Workdir::new("conservation-sample");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/practice.xlsx");
    let Ok(bytes) = std::fs::read(&src) else {
        eprintln!("samples/practice.xlsx not present; skipped");
        return;
    };
    wd.write_bytes("practice.xlsx", &bytes);
    let (out, report) = wd.tier("practice.xlsx");
    let ids = input_client_ids(&wd.path("practice.xlsx"));
    assert_eq!(ids.len(), 350, "{out}");
    assert_eq!(ids.iter().filter(|i| *i == "C-0204").count(), 2);
    assert_eq!(ids.iter().filter(|i| i.is_empty()).count(), 1);
    assert_conserved(&wd.path("practice.xlsx"), &report);
}

#[test]
fn conservation_check_catches_a_missing_row() {
    // The check itself must be able to fail: a report of a book with one
    // client fewer does not conserve the full book.
    let wd = Workdir::new("conservation-self");
    wd.write_book("full.xlsx", &fixtures::duplicates());
    let short = fixtures::duplicates().edit_sheet("Clients", |rows| {
        rows.pop();
    });
    wd.write_book("short.xlsx", &short);
    let (_, report) = wd.tier("short.xlsx");
    let caught = std::panic::catch_unwind(|| assert_conserved(&wd.path("full.xlsx"), &report));
    assert!(caught.is_err(), "conservation did not notice a lost client row");
}

/// Normalised name key: lower case, without blanks, `_`, `-`, `.`.
fn key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.')).flat_map(char::to_lowercase).collect()
}

const ID_NAMES: [&str; 8] =
    ["Client ID", "ID", "Client #", "Client Number", "Client No", "Account ID", "Account Number", "Account #"];

fn blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => {
            let t = s.trim().to_lowercase();
            matches!(t.as_str(), "" | "-" | "--" | "n/a" | "na" | "none")
        }
        _ => false,
    }
}

/// The Client ID of every non-blank client row of an input book, read
/// independently of tierbook (Clients sheet, else the first sheet with an ID
/// header; header row among the first 20).
pub fn input_client_ids(book: &Path) -> Vec<String> {
    let names = sheet_names(book);
    let mut order: Vec<&String> = names.iter().filter(|n| key(n) == "clients").collect();
    order.extend(names.iter().filter(|n| key(n) != "clients"));
    for name in order {
        let grid = read_sheet(book, name);
        for (h, header) in grid.iter().enumerate().take(20) {
            let keys: Vec<String> = header.iter().map(|c| key(&text(c))).collect();
            let Some(id_col) = ID_NAMES.iter().find_map(|n| keys.iter().position(|k| *k == key(n))) else {
                continue;
            };
            return grid[h + 1..]
                .iter()
                .filter(|r| !r.iter().all(blank))
                .map(|r| r.get(id_col).filter(|c| !blank(c)).map(|c| text(c).trim().to_string()).unwrap_or_default())
                .collect();
        }
        if key(name) == "clients" {
            break;
        }
    }
    panic!("no client list in {}", book.display())
}

/// Conservation: every non-blank input client row is in exactly one tier
/// sheet, and every Client ID appears as often as in the input.
pub fn assert_conserved(book: &Path, report: &Path) {
    let mut want = input_client_ids(book);
    let mut got: Vec<String> = tier_rows(report).iter().map(|r| r.text("Client ID")).collect();
    assert_eq!(got.len(), want.len(), "client rows in {} vs tier-sheet rows in {}", book.display(), report.display());
    want.sort();
    got.sort();
    assert_eq!(got, want, "Client IDs of {} vs the tier sheets of {}", book.display(), report.display());
}
