//! The subcommands, one file each. Each takes plain options, does its work
//! through the library stages, and returns an exit code; printing the outcome
//! is the subcommand's job, parsing arguments is `main`'s.

pub mod batch;
pub mod check;
pub mod init;
pub mod rollup;
pub mod run;
pub mod send;
pub mod templates;

use std::path::Path;

use crate::error::Error;
use crate::model::Book;
use crate::read::read_book;
use crate::template::{self, Template};
use crate::validate::{validate, Rejected};

/// Exit code: everything worked.
pub const EXIT_OK: i32 = 0;
/// Exit code: a book could not be processed.
pub const EXIT_FAILED: i32 = 1;
/// Exit code: the command line was wrong.
pub const EXIT_USAGE: i32 = 2;

/// The exit code of a command that went through its books (or mails):
/// [`EXIT_FAILED`] when any of them failed, else [`EXIT_OK`].
pub fn exit_unless_failed(any_failed: bool) -> i32 {
    if any_failed {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

/// Reads and validates a book: the first two stages every command shares.
/// A template supplies the sheets the book lacks before validation, so its
/// rows are checked like the book's own; the template rules it had to leave
/// out are listed with the book's issues.
pub fn load(
    path: &Path,
    template: Option<&Template>,
    today: chrono::NaiveDate,
) -> Result<(Book, crate::read::RawBookFacts), LoadError> {
    let mut raw = read_book(path).map_err(LoadError::Fatal)?;
    let facts = raw.facts();
    let notes = template.map(|t| template::apply(&mut raw, t)).unwrap_or_default();
    match validate(raw, today) {
        Ok(mut book) => {
            book.issues.extend(notes);
            Ok((book, facts))
        }
        Err(mut rejected) => {
            rejected.issues.extend(notes);
            Err(LoadError::Rejected(rejected))
        }
    }
}

/// Loads the template named on the command line, if any.
pub fn load_template(name: Option<&str>) -> Result<Option<Template>, Error> {
    name.map(template::load).transpose()
}

/// The exit code for an error: a template name that does not exist is bad
/// usage (2), like any other wrong argument; everything else means the book
/// could not be processed (1).
pub fn exit_code(e: &Error) -> i32 {
    match e {
        // Mistakes in the command line itself, found before any book is read.
        Error::UnknownTemplate { .. } | Error::BadOutput { .. } | Error::OutputIsInput { .. } => EXIT_USAGE,
        _ => EXIT_FAILED,
    }
}

/// Why a book could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all.
    Fatal(Error),
    /// The book was read but holds mistakes.
    Rejected(Rejected),
}

/// The file name of a path, for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Today's date on this machine: the default `As Of`.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Runs `f`, turning a panic into a failure naming the book, so one bad file
/// never takes the process down with a Rust backtrace.
pub fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown failure".to_string());
            Err(Error::Internal { path: path.to_path_buf(), detail: what })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_failure_is_exit_1() {
        assert_eq!(exit_unless_failed(false), 0);
        assert_eq!(exit_unless_failed(true), 1);
    }
}
