//! `tierbook check BOOK`: read and validate only, and list every problem and
//! issue compiler-style (`book.xlsx: Criteria!C4: unknown test "=>"; …`).

use std::path::PathBuf;

use crate::cmd::{file_name, guarded, load, LoadError, EXIT_FAILED, EXIT_OK};
use crate::error::{Error, Issue, Problem};

/// What `check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The advisor's book.
    pub book: PathBuf,
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Mistakes that stop the book.
    pub problems: Vec<Problem>,
    /// Values worked around.
    pub issues: Vec<Issue>,
    /// Clients read, when the book validated.
    pub clients: Option<usize>,
    /// Criteria read, when the book validated.
    pub criteria: Option<usize>,
}

/// Reads and validates the book.
pub fn check(opts: &CheckOptions, today: chrono::NaiveDate) -> Result<CheckReport, Error> {
    guarded(&opts.book, || match load(&opts.book, today) {
        Ok((book, _)) => Ok(CheckReport {
            problems: vec![],
            clients: Some(book.clients.rows.len()),
            criteria: Some(book.criteria.len()),
            issues: book.issues,
        }),
        Err(LoadError::Fatal(e)) => Err(e),
        Err(LoadError::Rejected(r)) => {
            Ok(CheckReport { problems: r.problems, issues: r.issues, clients: None, criteria: None })
        }
    })
}

/// Runs the command and prints its findings; returns the exit code.
pub fn execute(opts: &CheckOptions) -> i32 {
    let name = file_name(&opts.book);
    match check(opts, crate::cmd::today()) {
        Ok(report) => {
            for p in &report.problems {
                println!(
                    "{name}: {}: error: {}{}",
                    p.location,
                    p.message,
                    if p.fix.is_empty() { String::new() } else { format!("; {}", p.fix) }
                );
            }
            for i in &report.issues {
                println!("{name}: {i}");
            }
            if report.problems.is_empty() {
                println!(
                    "{name}: ok: {} clients, {} criteria; {} issue{} to look at, none blocking",
                    report.clients.unwrap_or(0),
                    report.criteria.unwrap_or(0),
                    report.issues.len(),
                    if report.issues.len() == 1 { "" } else { "s" }
                );
                EXIT_OK
            } else {
                let n = report.problems.len();
                eprintln!("{name}: {n} error{} to fix before this book can be tiered", if n == 1 { "" } else { "s" });
                EXIT_FAILED
            }
        }
        Err(e) => {
            eprintln!("tierbook: {e}");
            EXIT_FAILED
        }
    }
}
