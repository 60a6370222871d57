//! Unit tests of `template.rs`, kept beside it.
use super::*;
use crate::read::Format;
use std::path::PathBuf;

fn book(tables: Vec<(Role, Table)>) -> RawBook {
    RawBook {
        path: PathBuf::from("b.csv"),
        sha256: String::new(),
        format: Format::Csv,
        tables,
        problems: vec![],
        issues: vec![],
        unsaved_formulas: vec![],
        delimiter: Some(b','),
    }
}

fn clients(headers: &[&str]) -> Table {
    Table {
        sheet: "b.csv".into(),
        headers: headers.iter().map(|s| s.to_string()).collect(),
        header_row: 0,
        columns: Vec::new(),
        rows: vec![TableRow { row: 1, cells: headers.iter().map(|_| Data::String("x".into())).collect() }],
    }
}

#[test]
fn every_builtin_parses_with_the_sheets_a_model_needs() {
    let all = builtin().unwrap();
    assert!(all.len() >= 3);
    for t in &all {
        assert!(!t.description.is_empty(), "{}", t.name);
        assert!(!t.description.contains('\n'), "{}", t.name);
        for role in Role::ALL {
            if role == Role::Exceptions {
                continue;
            }
            let table = t.table(role).unwrap_or_else(|| panic!("{} has no {:?}", t.name, role));
            assert!(!table.rows.is_empty(), "{} {:?} has no rows", t.name, role);
            assert_eq!(table.sheet, format!("{} (template {})", role.sheet_name(), t.name));
        }
        assert_eq!(load(&t.name).unwrap().name, t.name);
    }
    assert_eq!(all.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), builtin_names());
}

#[test]
fn builtin_tables_have_the_spec_headers() {
    for t in builtin().unwrap() {
        let codes = tier_codes(&t);
        for (role, table) in &t.sheets {
            let want = spec_columns(*role, &codes);
            if *role == Role::Clients {
                for w in &want {
                    assert!(table.headers.contains(w), "{} Clients lacks {w}", t.name);
                }
            } else {
                assert_eq!(table.headers, want, "{} {:?}", t.name, role);
            }
        }
    }
}

#[test]
fn the_example_clients_have_every_column_the_criteria_read() {
    for t in builtin().unwrap() {
        let headers = &t.table(Role::Clients).unwrap().headers;
        let crit = t.table(Role::Criteria).unwrap();
        let (name_c, col_c) = (0, crit.column_named("Column").unwrap());
        for r in &crit.rows {
            let col = value::text(&r.cells[col_c]).or_else(|| value::text(&r.cells[name_c])).unwrap();
            assert!(has_column(headers, &col), "{}: no example column {col}", t.name);
        }
    }
}

#[test]
fn abc15_is_the_fifteen_characteristic_model() {
    let t = load("ABC-15").unwrap();
    assert_eq!(t.table(Role::Criteria).unwrap().rows.len(), 15);
    let tiers = t.table(Role::Tiers).unwrap();
    assert_eq!(tiers.rows[0].cells[2], Data::Float(12.0));
    assert_eq!(tiers.rows[1].cells[2], Data::Float(8.0));
    assert_eq!(tiers.rows[2].cells[2], Data::Empty);
}

#[test]
fn cells_take_their_toml_types() {
    let t = Template::parse(
        "name = \"x\"\n[sheets.Settings]\ncolumns = [\"Setting\", \"Value\"]\nrows = [[\"As Of\", 2026-06-30], [\"Sticky Tiers\", true], [\"Hourly Cost\", 120], [\"Currency\", \"\"], [\"\", \"\"]]\n",
        "x",
    )
    .unwrap();
    let s = t.table(Role::Settings).unwrap();
    assert_eq!(s.rows.len(), 4, "the blank row is dropped");
    assert_eq!(s.rows[0].cells[1], Data::DateTimeIso("2026-06-30".into()));
    assert_eq!(s.rows[1].cells[1], Data::Bool(true));
    assert_eq!(s.rows[2].cells[1], Data::Float(120.0));
    assert_eq!(s.rows[3].cells[1], Data::Empty);
    assert_eq!(s.rows[3].row, 4);
    assert_eq!(s.cell_location(s.rows[3].row, 1).to_string(), "Settings (template x)!B5");
}

#[test]
fn mistakes_in_a_template_file_are_named() {
    let bad = |text: &str| Template::parse(text, "my.toml").unwrap_err().to_string();
    assert!(bad("[sheets.Crit]\ncolumns = [\"Criterion\"]\n").contains("[sheets.Crit] is not a sheet"));
    assert!(bad("[sheets.Criteria]\ncolumns = [\"Name\"]\n").contains("needs a 'Criterion' column"));
    assert!(bad("[sheets.Settings]\ncolumns = [\"Setting\"]\nrows = [[\"a\", \"b\"]]\n").contains("2 cells"));
    assert!(bad("[sheets.Settings]\ncolumns = [\"Setting\"]\nrows = [[[1]]]\n").contains("not a list"));
    assert!(bad("nmae = \"x\"\n").contains("my.toml"));
    let t = Template::parse("[sheets.Settings]\ncolumns = [\"Setting\"]\n", "dir/my-model.toml").unwrap();
    assert_eq!(t.name, "my-model.toml");
    let copy = Template::parse(BUILTIN[0].1, "dir/mine.toml").unwrap();
    assert_eq!(copy.name, "mine.toml", "a copy of abc-15 is known by its own file name");
    assert_eq!(copy.table(Role::Criteria).unwrap().sheet, "Criteria (template mine.toml)");
}

#[test]
fn an_unknown_name_lists_the_builtin_ones() {
    let e = load("abc15").unwrap_err();
    assert!(matches!(e, Error::UnknownTemplate { .. }));
    let s = e.to_string();
    for n in builtin_names() {
        assert!(s.contains(n), "{s}");
    }
    assert!(matches!(load("nowhere/x.toml").unwrap_err(), Error::Template { .. }));
}

#[test]
fn apply_never_overrides_the_books_own_sheets() {
    let t = load("abc-15").unwrap();
    let own =
        Table { sheet: "Tiers".into(), headers: vec!["Tier".into()], header_row: 0, columns: Vec::new(), rows: vec![] };
    let mut raw = book(vec![(Role::Clients, clients(&["ID", "Referrals", "Related To"])), (Role::Tiers, own)]);
    let notes = apply(&mut raw, &t);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(raw.table(Role::Tiers).unwrap().sheet, "Tiers");
    assert_eq!(raw.table(Role::Clients).unwrap().sheet, "b.csv");
    for role in [Role::Criteria, Role::Rules, Role::Services, Role::Settings] {
        assert_eq!(raw.table(role).unwrap().sheet, format!("{} (template abc-15)", role.sheet_name()));
    }
    for role in [Role::Staff, Role::Exceptions] {
        assert!(raw.table(role).is_none(), "{role:?} applied");
    }
    assert_eq!(raw.table(Role::Rules).unwrap().rows.len(), 2);
}

#[test]
fn a_sheet_the_book_has_but_could_not_read_still_wins() {
    let t = load("abc-15").unwrap();
    let mut raw = book(vec![(Role::Clients, clients(&["ID"]))]);
    raw.problems.push(crate::error::Problem::new(crate::location::Location::sheet("criteria"), "x", ""));
    apply(&mut raw, &t);
    assert!(raw.table(Role::Criteria).is_none());
}

#[test]
fn rules_reading_missing_columns_are_left_out_and_noted() {
    let t = load("abc-15").unwrap();
    let mut raw = book(vec![(Role::Clients, clients(&["Client #", "Referrals"]))]);
    let notes = apply(&mut raw, &t);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].location.to_string(), "Rules (template abc-15)!B3");
    assert!(notes[0].problem.contains("'Child of a top client' reads column 'Related To'"), "{}", notes[0]);
    let rules = raw.table(Role::Rules).unwrap();
    assert_eq!(rules.rows.len(), 1);
    assert_eq!(rules.rows[0].row, 1);
}

#[test]
fn known_columns_are_found_under_their_aliases() {
    let h: Vec<String> = ["Account #", "Full Name", "AUM", "Fees"].iter().map(|s| s.to_string()).collect();
    assert!(has_column(&h, "Revenue"));
    assert!(has_column(&h, "Assets"));
    assert!(has_column(&h, "name"));
    assert!(!has_column(&h, "Related To"));
}
