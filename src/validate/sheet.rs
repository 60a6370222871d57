//! Reading the rows of a configuration sheet (Tiers, Services, Staff,
//! Criteria, Rules, Exceptions): the one home of what every validator did for
//! itself before — find the key column that makes the sheet, look up the
//! optional columns, read a cell that may not exist, and name the cell a
//! message is about.
//!
//! A configuration sheet has one key column (`Tier`, `Service`, `Name`,
//! `Criterion`, `Rule`, `Client ID`); without it the sheet holds nothing
//! tierbook reads. Every other column may be missing: a missing column reads
//! as blank cells, and a message about it points at the row's key cell, so
//! the advisor still lands on the right row.

use calamine::Data;
use chrono::NaiveDate;

use crate::error::{Issue, Problem};
use crate::location::Location;
use crate::model::{Clients, TierRule};
use crate::names::ColumnName;
use crate::read::{Table, TableRow};
use crate::value::{self, Parsed};

/// What a missing cell reads as.
static BLANK: Data = Data::Empty;

/// What the sheets about clients (Criteria, Rules, Exceptions) are read
/// against: the client list they name columns and clients of, the tiers
/// they name, and the As Of date their dates are measured from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Against<'a> {
    /// The validated client list.
    pub clients: &'a Clients,
    /// The tiers, top first.
    pub tiers: &'a [TierRule],
    /// Settings `As Of`.
    pub as_of: NaiveDate,
}

/// What a row without its key is told: the Problem's message and fix.
#[derive(Debug, Clone, Copy)]
pub(super) struct Unkeyed {
    /// What is wrong (`this tier has no code`).
    pub message: &'static str,
    /// What to change.
    pub fix: &'static str,
}

/// A configuration sheet whose key column was found.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sheet<'t> {
    table: &'t Table,
    key: usize,
}

impl<'t> Sheet<'t> {
    /// The sheet keyed by the column headed `key`; `None` when no header
    /// matches (the validators then read nothing from the sheet).
    pub fn keyed(table: &'t Table, key: &'static str) -> Option<Self> {
        table.column(&ColumnName::plain(key)).map(|key| Sheet { table, key })
    }

    /// The index of the key column in the table.
    pub fn key(&self) -> usize {
        self.key
    }

    /// The table columns headed by `names` (no aliases), each `None` when
    /// the sheet has no such column.
    pub fn columns<const N: usize>(&self, names: [&'static str; N]) -> [Option<usize>; N] {
        names.map(|n| self.table.column(&ColumnName::plain(n)))
    }

    /// The sheet's rows under its header, in sheet order.
    pub fn rows(&self) -> impl Iterator<Item = SheetRow<'t>> + 't {
        let (table, key) = (self.table, self.key);
        table.rows.iter().map(move |row| SheetRow { table, row, key })
    }
}

/// One row of a configuration sheet.
#[derive(Debug, Clone, Copy)]
pub(super) struct SheetRow<'t> {
    table: &'t Table,
    row: &'t TableRow,
    key: usize,
}

impl<'t> SheetRow<'t> {
    /// The row's 0-based sheet row (as [`Location`] counts).
    pub fn row(&self) -> u32 {
        self.row.row
    }

    /// The cell in column `c`; blank when the column is missing.
    pub fn get(&self, c: Option<usize>) -> &'t Data {
        c.and_then(|c| self.row.cells.get(c)).unwrap_or(&BLANK)
    }

    /// The cell in column `c`, or the row's key cell when the column is
    /// missing (so a message about a missing value still names the row).
    pub fn at(&self, c: Option<usize>) -> Location {
        self.table.cell_location(self.row.row, c.unwrap_or(self.key))
    }

    /// The location of the row's key cell.
    pub fn at_key(&self) -> Location {
        self.at(Some(self.key))
    }

    /// The trimmed text of column `c`; `None` when blank or missing.
    pub fn text(&self, c: Option<usize>) -> Option<String> {
        value::text(self.get(c)).map(|v| v.into_owned())
    }

    /// The trimmed text of the key cell; `None` when blank.
    pub fn key_text(&self) -> Option<String> {
        self.text(Some(self.key))
    }

    /// The trimmed text of the key cell, which every row of the sheet
    /// needs: a blank key is a Problem at the key cell.
    pub fn key_or_problem(&self, problems: &mut Vec<Problem>, unkeyed: &Unkeyed) -> Option<String> {
        self.text_or_problem(Some(self.key), problems, unkeyed.message, unkeyed.fix)
    }

    /// The text of column `c`, which the row needs: when it is blank (or the
    /// column is missing) a Problem (`message`, `fix`) names the cell.
    pub fn text_or_problem(
        &self,
        c: Option<usize>,
        problems: &mut Vec<Problem>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Option<String> {
        let text = self.text(c);
        if text.is_none() {
            problems.push(Problem::new(self.at(c), message, fix));
        }
        text
    }

    /// The word in column `c` (a Test, an Action), which the row needs:
    /// when it is blank the Problem is `{subject} has no {what}`, to be fixed
    /// by writing one of `choices`.
    pub fn word_or_problem(
        &self,
        c: Option<usize>,
        problems: &mut Vec<Problem>,
        subject: &str,
        what: &str,
        choices: &str,
    ) -> Option<String> {
        self.text_or_problem(c, problems, format!("{subject} has no {what}"), format!("write one of: {choices}"))
    }

    /// The tiers listed in column `c` (`A, B`, `A;B`, `A B`, `A/B`), top
    /// first as written; `None` when the cell is blank. A code no tier has is
    /// a Problem worded `{subject} tier "Z", which does not exist`, and is
    /// left out of the list.
    pub fn tier_list(
        &self,
        c: Option<usize>,
        tiers: &[TierRule],
        subject: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<Vec<usize>> {
        let list = self.text(c)?;
        let codes = list.split([',', ';', ' ', '/']).map(str::trim).filter(|code| !code.is_empty());
        let mut listed = Vec::new();
        for code in codes {
            match tier_index(tiers, code) {
                Some(i) => listed.push(i),
                None => problems.push(Problem::new(
                    self.at(c),
                    format!("{subject} tier \"{code}\", which does not exist"),
                    format!("use tier codes from the Tiers sheet ({})", tier_codes(tiers)),
                )),
            }
        }
        Some(listed)
    }

    /// Column `c` read by `parse`. An unreadable cell is noted on Issues
    /// (its text as found, `problem`, and what was done: `action`) and is
    /// returned as [`Parsed::Invalid`] so the caller decides what it counts as.
    pub fn parse_or_note<T>(
        &self,
        c: Option<usize>,
        parse: impl FnOnce(&Data) -> Parsed<T>,
        issues: &mut Vec<Issue>,
        problem: impl Into<String>,
        action: &str,
    ) -> Parsed<T> {
        let parsed = parse(self.get(c));
        if let Parsed::Invalid = parsed {
            issues.push(Issue::new(self.at(c), value::display(self.get(c)), problem, action));
        }
        parsed
    }
}

/// The index of the tier whose code is `code` (case ignored).
pub(super) fn tier_index(tiers: &[TierRule], code: &str) -> Option<usize> {
    tiers.iter().position(|t| t.code.eq_ignore_ascii_case(code))
}

/// The tier codes top first, as messages list them: `A, B, C`.
pub(super) fn tier_codes(tiers: &[TierRule]) -> String {
    tiers.iter().map(|t| t.code.as_str()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_tiers;

    fn table() -> Table {
        Table::from_text("Staff", &["Name", "Role", "Hours"], &[&["Ann", "Advisor", "12"], &["", "", "lots"]])
    }

    #[test]
    fn a_sheet_needs_its_key_column() {
        let t = table();
        assert!(Sheet::keyed(&t, "Service").is_none());
        let sheet = Sheet::keyed(&t, "Name").expect("keyed by Name");
        assert_eq!(sheet.key(), 0);
        assert_eq!(sheet.columns(["Hours", "Tiers", "Role"]), [Some(2), None, Some(1)]);
    }

    #[test]
    fn missing_columns_read_blank_and_point_at_the_key_cell() {
        let t = table();
        let sheet = Sheet::keyed(&t, "Name").expect("keyed by Name");
        let rows: Vec<SheetRow> = sheet.rows().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].key_text().as_deref(), Some("Ann"));
        assert_eq!(rows[1].key_text(), None);
        assert_eq!(rows[0].text(Some(1)).as_deref(), Some("Advisor"));
        assert_eq!(rows[0].get(None), &Data::Empty);
        assert_eq!(rows[0].get(Some(9)), &Data::Empty, "a short row reads blank past its end");
        assert_eq!(rows[1].at(None).to_string(), "Staff!A3");
        assert_eq!(rows[1].at(Some(2)).to_string(), "Staff!C3");
        assert_eq!(rows[0].at_key().to_string(), "Staff!A2");
        assert_eq!(rows[1].row(), 2);
    }

    #[test]
    fn unreadable_cells_are_noted_once_with_their_text() {
        let t = table();
        let sheet = Sheet::keyed(&t, "Name").expect("keyed by Name");
        let mut issues = Vec::new();
        let read: Vec<Parsed<f64>> = sheet
            .rows()
            .map(|r| r.parse_or_note(Some(2), value::number, &mut issues, "Hours is not a number", "counted as 0"))
            .collect();
        assert_eq!(read, [Parsed::Value(12.0), Parsed::Invalid]);
        assert_eq!(
            issues,
            [Issue::new(Location::cell("Staff", 2, 2), "lots", "Hours is not a number", "counted as 0")]
        );
    }

    #[test]
    fn required_text_is_a_problem_when_blank() {
        let t = table();
        let sheet = Sheet::keyed(&t, "Name").expect("keyed by Name");
        let mut problems = Vec::new();
        let names: Vec<Option<String>> =
            sheet.rows().map(|r| r.text_or_problem(Some(0), &mut problems, "no name", "name them")).collect();
        assert_eq!(names, [Some("Ann".to_string()), None]);
        assert_eq!(problems, [Problem::new(Location::cell("Staff", 2, 0), "no name", "name them")]);
        let unkeyed = Unkeyed { message: "no name", fix: "name them" };
        let keys: Vec<Option<String>> = sheet.rows().map(|r| r.key_or_problem(&mut problems, &unkeyed)).collect();
        assert_eq!(keys, names);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0], problems[1]);
    }

    #[test]
    fn tier_lists_in_any_separator() {
        let tiers = default_tiers();
        assert_eq!(tier_index(&tiers, "b"), Some(1));
        assert_eq!(tier_index(&tiers, "Z"), None);
        assert_eq!(tier_codes(&tiers), "A, B, C");
        let t = Table::from_text("Staff", &["Name", "Tiers"], &[&["Ann", " a,b;  Z /c "], &["Bo", " , "], &["Cy", ""]]);
        let sheet = Sheet::keyed(&t, "Name").expect("keyed by Name");
        let mut problems = Vec::new();
        let lists: Vec<Option<Vec<usize>>> =
            sheet.rows().map(|r| r.tier_list(Some(1), &tiers, "Ann serves", &mut problems)).collect();
        assert_eq!(lists, [Some(vec![0, 1, 2]), Some(vec![]), None]);
        assert_eq!(
            problems,
            [Problem::new(
                Location::cell("Staff", 1, 1),
                "Ann serves tier \"Z\", which does not exist",
                "use tier codes from the Tiers sheet (A, B, C)"
            )]
        );
    }
}
