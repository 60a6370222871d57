//! What can go wrong, and where.
//!
//! Two kinds of trouble are kept apart on purpose:
//! - an [`Issue`] is a value tierbook could not read but could work around
//!   (it is listed on the Issues sheet with what was done, and the run goes on);
//! - a [`Problem`] stops the book: the result would be wrong or meaningless
//!   (a criterion reads a column that does not exist, a tier code is unknown).
//!
//! Validation collects every problem of a book before giving up, so that
//! `tierbook check` can list them all in one pass, compiler-style.

use std::fmt;
use std::path::PathBuf;

use crate::location::Location;

/// A value tierbook could not use as written, and what it did instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Where the value is.
    pub location: Location,
    /// The value as found (possibly shortened for display).
    pub value: String,
    /// What is wrong with it.
    pub problem: String,
    /// What tierbook did about it.
    pub action: String,
}

impl Issue {
    /// Builds an issue; `value` is shortened to 200 characters for display.
    pub fn new(
        location: Location,
        value: impl AsRef<str>,
        problem: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Issue { location, value: shorten(value.as_ref(), 200), problem: problem.into(), action: action.into() }
    }
}

impl Issue {
    /// The issue as a line naming its file (see [`Location::in_file`]).
    pub fn in_file(&self, file: &str) -> String {
        self.after(&self.location.in_file(file))
    }

    /// The issue after its location as written (`at`): `at: problem
    /// (found "value"); action`, the value left out when there is none.
    fn after(&self, at: &str) -> String {
        let found = if self.value.is_empty() { String::new() } else { format!(" (found {:?})", self.value) };
        format!("{at}: {}{found}; {}", self.problem, self.action)
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.after(&self.location.to_string()))
    }
}

/// A mistake in the book that stops it from being processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the mistake is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// What to change, in the advisor's words.
    pub fix: String,
}

impl Problem {
    /// Builds a problem at `location`.
    pub fn new(location: Location, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Problem { location, message: message.into(), fix: fix.into() }
    }
}

impl Problem {
    /// The problem as a line naming its file (see [`Location::in_file`]).
    pub fn in_file(&self, file: &str) -> String {
        self.after(&self.location.in_file(file))
    }

    /// The problem after its location as written (`at`): `at: message;
    /// fix`, the fix left out when there is none.
    fn after(&self, at: &str) -> String {
        if self.fix.is_empty() {
            format!("{at}: {}", self.message)
        } else {
            format!("{at}: {}; {}", self.message, self.fix)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.after(&self.location.to_string()))
    }
}

/// Everything that can stop tierbook from turning a book into a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{}: cannot read the file: {}; check the path and that you may read it", path.display(), io_words(source))]
    Read {
        /// The input path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file holds no bytes at all.
    #[error("{}: the file is empty (0 bytes); save the workbook again from Excel or LibreOffice", path.display())]
    EmptyFile {
        /// The input path.
        path: PathBuf,
    },
    /// The file is not a workbook of a kind tierbook reads.
    #[error("{}: {detail}; tierbook reads .xlsx, .xlsm, .xlsb, .xls, .ods and .csv files", path.display())]
    NotAWorkbook {
        /// The input path.
        path: PathBuf,
        /// What the file looks like instead.
        detail: String,
    },
    /// The workbook is damaged or protected and calamine could not open it.
    #[error("{}: cannot open the workbook: {detail}; open it in Excel or LibreOffice, save it again (without a password) and retry", path.display())]
    Unreadable {
        /// The input path.
        path: PathBuf,
        /// The reader's message.
        detail: String,
    },
    /// A sheet of the workbook could not be read.
    #[error("{}: sheet '{sheet}' cannot be read: {detail}; open the workbook and save it again", path.display())]
    UnreadableSheet {
        /// The input path.
        path: PathBuf,
        /// The sheet name.
        sheet: String,
        /// The reader's message.
        detail: String,
    },
    /// A sheet's cells are spread over far more rows × columns than they
    /// fill, so laying it out would need memory out of all proportion.
    #[error("{}: sheet '{sheet}' holds {cells} cells spread over {span} rows × columns, too thin to read as a table; delete the stray cells far from the data (Ctrl+End shows the last one) and save again", path.display())]
    SheetTooSparse {
        /// The input path.
        path: PathBuf,
        /// The sheet name.
        sheet: String,
        /// Non-blank cells under the header.
        cells: u64,
        /// Rows × columns the table would span.
        span: u64,
    },
    /// The book was read but holds mistakes that must be fixed first.
    #[error("{}: {} problem{} to fix:\n{}", path.display(), problems.len(), if problems.len() == 1 { "" } else { "s" }, list_problems(path, problems))]
    Invalid {
        /// The input path.
        path: PathBuf,
        /// Every problem found, in sheet order.
        problems: Vec<Problem>,
    },
    /// tierbook itself failed on this book (a bug: the book is kept as is).
    #[error("{}: tierbook failed on this book ({detail}); nothing was written. Please report it with the file", path.display())]
    Internal {
        /// The input path.
        path: PathBuf,
        /// What failed.
        detail: String,
    },
    /// The output path given cannot be a report.
    #[error("{}: {detail}", path.display())]
    BadOutput {
        /// The output path.
        path: PathBuf,
        /// What to change.
        detail: String,
    },
    /// The book given is an office lock file (`~$practice.xlsx`), not a
    /// workbook.
    #[error("{}: this is the lock file Excel or LibreOffice keeps while a workbook is open, not a workbook; {}", path.display(), match book { Some(b) => format!("run tierbook on {} (saved) instead", b.display()), None => "run tierbook on the workbook itself".to_string() })]
    LockFile {
        /// The lock file given.
        path: PathBuf,
        /// The workbook it stands for, when it is beside it.
        book: Option<PathBuf>,
    },
    /// The report to be replaced is open in Excel or LibreOffice.
    #[error("{}: the report is open in Excel or LibreOffice ({} exists), so it cannot be replaced; close it and run again (if no one has it open, delete {})", path.display(), lock.display(), lock.display())]
    ReportOpen {
        /// The report path.
        path: PathBuf,
        /// The lock file beside it.
        lock: PathBuf,
    },
    /// The chosen output path is the input itself.
    #[error("{}: the output would overwrite the input book; choose another path with -o", path.display())]
    OutputIsInput {
        /// The input path.
        path: PathBuf,
    },
    /// The report could not be written.
    #[error("{}: cannot write the report: {detail}", path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// `--template` names neither a built-in template nor a template file.
    #[error("there is no template called '{name}'; the built-in templates are: {}; or give the path to your own .toml template (`tierbook templates` lists them)", known.join(", "))]
    UnknownTemplate {
        /// The name given.
        name: String,
        /// The built-in names.
        known: Vec<String>,
    },
    /// `init` could not write the starter book (it never overwrites a file).
    #[error("{}: cannot write the starter book: {detail}", path.display())]
    Init {
        /// The new book's path.
        path: PathBuf,
        /// What went wrong, and what to do.
        detail: String,
    },
    /// A template file could not be read, or holds a mistake.
    #[error("template {origin}: {detail}")]
    Template {
        /// The built-in name or the file path.
        origin: String,
        /// What is wrong, and where.
        detail: String,
    },
}

fn list_problems(path: &std::path::Path, problems: &[Problem]) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    problems.iter().map(|p| format!("  {}", p.in_file(&name))).collect::<Vec<_>>().join("\n")
}

/// What went wrong with a file, in words, without an OS error code or a
/// temporary file's path (which mean nothing to the person reading it).
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "there is no such file or folder".into(),
        K::PermissionDenied => "permission denied".into(),
        K::StorageFull => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        K::AlreadyExists => "a file of that name already exists".into(),
        K::IsADirectory => "it is a folder, not a file".into(),
        _ => {
            let text = e.to_string();
            let text = text.split(" at path ").next().unwrap_or(&text);
            text.split(" (os error").next().unwrap_or(text).to_string()
        }
    }
}

/// `message` without the leading `path: ` every [`Error`] begins with, for a
/// caller that names the file in its own words (the batch by its place in
/// the inbox, `send` by the advisors list it was given).
pub fn without_path<'a>(message: &'a str, path: &std::path::Path) -> &'a str {
    message.strip_prefix(&format!("{}: ", path.display())).unwrap_or(message)
}

/// The first `shown` of `items`, joined by ", ", then " and N more" for the
/// rest: a message names a few and counts the others, since a large practice
/// can have thousands (more than a cell holds).
pub fn listed<T: fmt::Display>(items: &[T], shown: usize) -> String {
    let mut text = items.iter().take(shown).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
    if items.len() > shown {
        text.push_str(&format!(" and {} more", items.len() - shown));
    }
    text
}

/// Shortens `text` to at most `max` characters, marking the cut with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_names_a_few_and_counts_the_rest() {
        assert_eq!(listed(&["Ann", "Bob"], 5), "Ann, Bob");
        assert_eq!(listed(&["a", "b", "c", "d"], 3), "a, b, c and 1 more");
        assert_eq!(listed::<&str>(&[], 5), "");
    }

    #[test]
    fn issue_reads_like_a_sentence() {
        let i = Issue::new(Location::cell("Clients", 4, 3), "about 2M", "Assets is not a number", "left blank");
        assert_eq!(i.to_string(), "Clients!D5: Assets is not a number (found \"about 2M\"); left blank");
        assert_eq!(i.in_file("b.xlsx"), "b.xlsx: Clients!D5: Assets is not a number (found \"about 2M\"); left blank");
        let blank = Issue::new(Location::cell("crm.csv", 1, 0), "", "no Client ID", "kept");
        assert_eq!(blank.to_string(), "crm.csv!A2: no Client ID; kept");
        assert_eq!(blank.in_file("crm.csv"), "crm.csv!A2: no Client ID; kept");
    }

    #[test]
    fn problem_reads_like_a_sentence() {
        let p = Problem::new(Location::cell("Tiers", 2, 0), "this tier has no code", "write a code");
        assert_eq!(p.to_string(), "Tiers!A3: this tier has no code; write a code");
        assert_eq!(p.in_file("b.xlsx"), "b.xlsx: Tiers!A3: this tier has no code; write a code");
        let bare = Problem::new(Location::sheet("Criteria"), "x", "");
        assert_eq!(bare.to_string(), format!("{}: x", Location::sheet("Criteria")));
        assert_eq!(bare.in_file("b.xlsx"), format!("b.xlsx: {}: x", Location::sheet("Criteria")));
    }

    #[test]
    fn invalid_lists_every_problem_with_the_file_name() {
        let e = Error::Invalid {
            path: PathBuf::from("/tmp/book.xlsx"),
            problems: vec![
                Problem::new(Location::cell("Criteria", 3, 2), "unknown test \"=>\"", "did you mean \">=\"?"),
                Problem::new(Location::sheet("Criteria"), "x", ""),
            ],
        };
        let s = e.to_string();
        assert!(s.contains("2 problems to fix"), "{s}");
        assert!(s.contains("  book.xlsx: Criteria!C4: unknown test \"=>\"; did you mean \">=\"?"), "{s}");
    }

    #[test]
    fn shorten_marks_the_cut() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
