//! The nightly batch over an inbox of advisors' books: finding the books
//! ([`inbox`]), deciding who each advisor is and where each report goes
//! (`advisor`, `naming`), the output folder shared by shards (`outdir`),
//! the memory between nights (`ledger`), the run report (`run_report`) and
//! the coach's roll-up ([`portfolio`]). `cmd::batch` runs them in order.

pub(crate) mod advisor;
pub mod inbox;
pub(crate) mod ledger;
pub(crate) mod naming;
pub(crate) mod outdir;
pub mod portfolio;
pub(crate) mod progress;
pub(crate) mod run_report;

use std::path::PathBuf;

use crate::error::Error;

/// Why a night could not start or finish.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The inbox cannot be listed.
    #[error("{}: cannot read the inbox: {}", path.display(), outdir::cause(source))]
    Inbox {
        /// The inbox folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The output folder (or an advisor's folder in it) cannot take the
    /// night's outputs; found before any book is tried.
    #[error("{}: cannot use this output folder: {}", path.display(), outdir::cause(source))]
    OutputFolder {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A failure shared with the other commands (template, run report).
    #[error(transparent)]
    Core(#[from] Error),
}
