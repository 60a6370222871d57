//! `tierbook rollup DIR`: rebuild the coach's `portfolio.xlsx` from the
//! results a batch recorded in DIR — after a sharded night, once every
//! machine is done.

use std::path::PathBuf;

use crate::cmd::{EXIT_FAILED, EXIT_OK};
use crate::error::Error;
use crate::ledger;
use crate::portfolio::rollup as roll_up;
use crate::write::write_portfolio;

/// Rebuilds `DIR/portfolio.xlsx`; returns its path and the books rolled up.
pub fn rollup(dir: &std::path::Path) -> Result<(PathBuf, usize), Error> {
    let results = ledger::load_all(dir);
    if results.is_empty() {
        return Err(Error::Write {
            path: dir.to_path_buf(),
            detail: "no batch results here: run `tierbook batch INBOX --out DIR` first".into(),
        });
    }
    let path = dir.join("portfolio.xlsx");
    write_portfolio(&roll_up(&results), &results, &path)?;
    Ok((path, results.len()))
}

/// Runs the command; returns the exit code.
pub fn execute(dir: &std::path::Path) -> i32 {
    match rollup(dir) {
        Ok((path, n)) => {
            println!("rollup: {n} books → {}", path.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("tierbook: {e}");
            EXIT_FAILED
        }
    }
}
