//! Properties over generated books (issue 11): any values in any column,
//! blank and duplicate IDs, odd sheet shapes. `run` exits 0 or 1 and never
//! panics or aborts; every data row ends on exactly one tier sheet or is
//! named on Issues as not a client; two runs give identical cells.

use proptest::prelude::*;

use crate::readback::issues;
use crate::util::{read_sheet, sheet_names, text, tier_rows, BookBuilder, Cell, Rows, Workdir};

/// Any cell an advisor (or an export) might leave.
fn any_cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        3 => Just(Cell::Empty),
        2 => "[ -~]{0,10}".prop_map(Cell::Text),
        1 => "[0-9]{1,3}([.,' \u{a0}][0-9]{3}){0,2}([.,][0-9]{1,2})?".prop_map(Cell::Text),
        1 => prop::sample::select(vec!["yes", "no", "n/a", "-", "Total", "€ 1.234,50", "Renée", "0007001", "#N/A"])
            .prop_map(|s| Cell::Text(s.to_string())),
        2 => (-1e7f64..1e10).prop_map(Cell::Num),
        1 => prop::sample::select(vec![0.0, -0.0, 1e300, -1e300, f64::MIN_POSITIVE]).prop_map(Cell::Num),
        1 => any::<bool>().prop_map(Cell::Bool),
    ]
}

/// IDs from a small pool, so that blanks and duplicates (however typed) come up.
fn any_id() -> impl Strategy<Value = Cell> {
    prop::sample::select(vec!["C-1", "C-2", " c-1 ", "7001", "0007001", "", "C-3", "C-4", "C-5"])
        .prop_map(Cell::from)
        .boxed()
        .prop_union(Just(Cell::Num(7001.0)).boxed())
}

#[derive(Debug, Clone)]
struct GenBook {
    top: usize,
    left: usize,
    extra: Vec<String>,
    rows: Vec<(Cell, Vec<Cell>)>,
}

fn any_book() -> impl Strategy<Value = GenBook> {
    (0usize..3, 0usize..3, prop::collection::vec("[A-Za-z ]{0,8}", 0..4)).prop_flat_map(|(top, left, extra)| {
        let width = 3 + extra.len();
        prop::collection::vec((any_id(), prop::collection::vec(any_cell(), width)), 0..12)
            .prop_map(move |rows| GenBook { top, left, extra: extra.clone(), rows })
    })
}

impl GenBook {
    fn clients(&self) -> Rows {
        let mut out: Rows = vec![vec![]; self.top];
        let pad = || vec![Cell::Empty; self.left];
        let mut header = pad();
        header.extend(["Client ID", "Name", "Assets", "Values Advice"].map(Cell::from));
        header.extend(self.extra.iter().map(|h| Cell::from(h.as_str())));
        out.push(header);
        for (id, cells) in &self.rows {
            let mut r = pad();
            r.push(id.clone());
            r.extend(cells.iter().cloned());
            out.push(r);
        }
        out
    }

    /// Data rows holding anything at all (as the reader counts them).
    fn data_rows(&self) -> usize {
        let blank = |c: &Cell| match c {
            Cell::Empty => true,
            Cell::Text(s) => matches!(s.trim().to_lowercase().as_str(), "" | "-" | "--" | "n/a" | "na" | "none"),
            _ => false,
        };
        self.rows.iter().filter(|(id, cells)| !(blank(id) && cells.iter().all(blank))).count()
    }
}

fn criteria() -> Rows {
    vec![
        row!["Criterion", "Column", "Test", "Value"],
        row!["Assets 500k+", "Assets", ">=", 500000],
        row!["Values advice", "Values Advice", "yes", ""],
    ]
}

/// Every sheet of a report, cell by cell.
fn all_cells(report: &std::path::Path) -> Vec<(String, Vec<Vec<String>>)> {
    sheet_names(report)
        .into_iter()
        .map(|s| {
            let grid = read_sheet(report, &s).iter().map(|r| r.iter().map(text).collect()).collect();
            (s, grid)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_books_never_crash_keep_every_row_and_are_deterministic(book in any_book()) {
        let wd = Workdir::new("prop");
        wd.write_book("book.xlsx", &BookBuilder::new().sheet("Clients", book.clients()).sheet("Criteria", criteria()));
        let first = wd.run(&["run", "book.xlsx", "-o", "one.xlsx"]);
        prop_assert!(matches!(first.code, Some(0) | Some(1)), "{}", first);
        let check = wd.run(&["check", "book.xlsx"]);
        prop_assert_eq!(check.code, first.code, "check and run disagree\n{}\n{}", check, first);
        if first.code == Some(0) {
            let report = wd.path("one.xlsx");
            let placed = tier_rows(&report).len();
            let skipped = issues(&report).iter().filter(|i| i.2.starts_with("not a client")).count();
            prop_assert_eq!(placed + skipped, book.data_rows(), "{}", first);
            let second = wd.run(&["run", "book.xlsx", "-o", "two.xlsx"]);
            prop_assert_eq!(second.code, Some(0));
            prop_assert_eq!(all_cells(&report), all_cells(&wd.path("two.xlsx")));
        } else {
            prop_assert!(!wd.path("one.xlsx").exists(), "a report after exit 1");
        }
    }
}
