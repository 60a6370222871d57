//! `tierbook check BOOK [--template T]`: read and validate only, and list
//! every problem and issue compiler-style
//! (`book.xlsx: Criteria!C4: unknown test "=>"; …`).

use crate::cli::CheckArgs;
use crate::cmd::{file_name, guarded, load, load_template, LoadError, EXIT_FAILED, EXIT_OK};
use crate::error::{Error, Issue, Problem};

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
    /// The template used, if any.
    pub template: Option<String>,
}

/// Reads and validates the book.
pub fn check(opts: &CheckArgs, today: chrono::NaiveDate) -> Result<CheckReport, Error> {
    let template = load_template(opts.template.as_deref())?;
    let name = template.as_ref().map(|t| t.name.clone());
    guarded(&opts.book, || match load(&opts.book, template.as_ref(), today) {
        Ok((book, _)) => Ok(CheckReport {
            problems: vec![],
            clients: Some(book.clients.rows.len()),
            criteria: Some(book.criteria.len()),
            issues: book.issues,
            template: name.clone(),
        }),
        Err(LoadError::Fatal(e)) => Err(e),
        Err(LoadError::Rejected(r)) => Ok(CheckReport {
            problems: r.problems,
            issues: r.issues,
            clients: None,
            criteria: None,
            template: name.clone(),
        }),
    })
}

/// Runs the command and prints its findings; returns the exit code.
pub fn execute(opts: &CheckArgs) -> Result<i32, Error> {
    let name = file_name(&opts.book);
    let report = check(opts, crate::cmd::today())?;
    for p in &report.problems {
        let line = p.in_file(&name);
        let (place, rest) = line.split_at(p.location.in_file(&name).len());
        println!("{place}: error{rest}");
    }
    for i in &report.issues {
        println!("{}", i.in_file(&name));
    }
    if report.problems.is_empty() {
        println!(
            "{name}: ok: {} clients, {} criteria{}; {} issue{} to look at, none blocking",
            report.clients.unwrap_or(0),
            report.criteria.unwrap_or(0),
            report.template.as_ref().map(|t| format!(" (template {t})")).unwrap_or_default(),
            report.issues.len(),
            if report.issues.len() == 1 { "" } else { "s" }
        );
        Ok(EXIT_OK)
    } else {
        let n = report.problems.len();
        eprintln!("{name}: {n} error{} to fix before this book can be tiered", if n == 1 { "" } else { "s" });
        Ok(EXIT_FAILED)
    }
}
