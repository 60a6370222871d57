//! `tierbook rollup DIR`: rebuild the coach's `portfolio.xlsx` from the
//! results a batch recorded in DIR — after a sharded night, once every
//! machine is done. It counts what exists: a recorded report whose file is
//! gone counts as failed.

use std::path::PathBuf;

use crate::batch::ledger;
use crate::batch::portfolio::{rollup as roll_up, Status};
use crate::cmd::{exit_unless_failed, EXIT_FAILED};
use crate::error::Error;
use crate::write::write_portfolio;

/// What a roll-up counted.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupSummary {
    /// The workbook written.
    pub path: PathBuf,
    /// Books recorded.
    pub books: usize,
    /// Of those, books whose report stands (ok or unchanged) and exists.
    pub reported: usize,
}

/// Rebuilds `DIR/portfolio.xlsx`.
pub fn rollup(dir: &std::path::Path) -> Result<RollupSummary, Error> {
    let results = ledger::load_checked(dir);
    if results.is_empty() {
        return Err(Error::Write {
            path: dir.to_path_buf(),
            detail: "no batch results here: run `tierbook batch INBOX --out DIR` first".into(),
        });
    }
    let path = dir.join("portfolio.xlsx");
    write_portfolio(&roll_up(&results), &results, &path)?;
    let reported = results.iter().filter(|r| r.status.is_some_and(Status::reported)).count();
    Ok(RollupSummary { path, books: results.len(), reported })
}

/// Runs the command; returns the exit code: 1 when any book has no report.
pub fn execute(dir: &std::path::Path) -> i32 {
    match rollup(dir) {
        Ok(s) => {
            let failed = s.books - s.reported;
            println!(
                "rollup: {} → {}: {} reported, {failed} failed",
                crate::cmd::batch::count_books(s.books),
                s.path.display(),
                s.reported
            );
            exit_unless_failed(failed > 0)
        }
        Err(e) => {
            eprintln!("tierbook: {e}");
            EXIT_FAILED
        }
    }
}
