//! Sending each advisor their report (`tierbook send`, issue 16).
//!
//! The stages, each in its own module: [`advisors`] reads the coach's list,
//! [`report`] finds the batch's reports and reads their figures back,
//! [`match_advisors`] pairs the two (pure), [`note`] writes the cover note
//! (pure), [`mail`] builds the message with lettre and hands it to a draft
//! file or an SMTP server, and [`ledger`] remembers what was sent so a rerun
//! sends only what is new or changed. `cmd::send` runs them in order.

pub mod advisors;
pub mod ledger;
pub mod mail;
pub mod note;
pub mod report;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::names::{closest, normalize};
use advisors::{AdvisorList, AdvisorRow};
use report::Report;

/// What stops `send` as a whole (a single advisor's trouble never does: it
/// is listed and the others go on).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The advisors list cannot be used.
    #[error("{}: {detail}", path.display())]
    Advisors {
        /// The list.
        path: PathBuf,
        /// What is wrong, and the fix.
        detail: String,
    },
    /// The batch's output folder cannot be read.
    #[error("{}: cannot read the folder: {detail}; give the folder `tierbook batch --out` wrote", path.display())]
    Dir {
        /// The folder.
        path: PathBuf,
        /// The system's message.
        detail: String,
    },
    /// A report cannot be read or lacks a figure the note needs.
    #[error("{}: {detail}", path.display())]
    Report {
        /// The report.
        path: PathBuf,
        /// What is missing.
        detail: String,
    },
    /// `--smtp` or the password cannot be used. Never holds the password.
    #[error("--smtp: {0}")]
    Smtp(String),
    /// No sender address, or one that is not an address.
    #[error("{0}")]
    Sender(String),
    /// A draft or the ledger could not be written.
    #[error(transparent)]
    Write(#[from] crate::Error),
    /// Another `tierbook send` is working on the same output folder.
    #[error(
        "{}: another `tierbook send` is sending from this folder; nothing was sent: run again when it has finished",
        path.display()
    )]
    Busy {
        /// The batch's output folder.
        path: PathBuf,
    },
    /// The lock that keeps one send at a time cannot be taken.
    #[error("{}: cannot take the lock that keeps one send at a time: {detail}", path.display())]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// The system's message.
        detail: String,
    },
}

/// An advisor with reports and one usable row of the list.
#[derive(Debug, Clone)]
pub struct Match<'a> {
    /// The advisor's name as the reports give it.
    pub advisor: String,
    /// Their row of the list.
    pub row: &'a AdvisorRow,
    /// Their reports, in path order.
    pub reports: Vec<&'a Report>,
}

/// Why nothing goes to someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSent {
    /// Reports, but no row in the list; `hint` is the closest listed name.
    NoAddress {
        /// The advisor.
        advisor: String,
        /// A listed name that looks like a typo of it.
        hint: Option<String>,
    },
    /// A row of the list, but no report.
    NoReports {
        /// The name as listed.
        advisor: String,
    },
    /// Two or more rows for one advisor.
    TwoRows {
        /// The advisor.
        advisor: String,
        /// Where the rows are.
        rows: Vec<String>,
    },
    /// The advisor's row has no usable address.
    BadAddress {
        /// The advisor.
        advisor: String,
        /// Which cell and why.
        why: String,
    },
    /// A report that cannot be read (its advisor is unknown).
    Unreadable {
        /// The report, under DIR.
        report: String,
        /// Why.
        why: String,
    },
    /// The message could not be built, written or sent.
    Failed {
        /// The advisor.
        advisor: String,
        /// The cause, as the server or system gave it.
        why: String,
    },
}

impl NotSent {
    /// True when a report did not reach its advisor (the run exits 1); an
    /// address with no report is only listed.
    pub fn is_failure(&self) -> bool {
        !matches!(self, NotSent::NoReports { .. })
    }

    /// The short kind, for the summary line (`no address: Ann, Bob`).
    pub fn kind(&self) -> &'static str {
        match self {
            NotSent::NoAddress { .. } => "no address",
            NotSent::NoReports { .. } => "no reports",
            NotSent::TwoRows { .. } => "two rows",
            NotSent::BadAddress { .. } => "bad address",
            NotSent::Unreadable { .. } => "unreadable report",
            NotSent::Failed { .. } => "failed",
        }
    }

    /// Who or what, for the summary line.
    pub fn who(&self) -> &str {
        match self {
            NotSent::NoAddress { advisor, .. }
            | NotSent::NoReports { advisor }
            | NotSent::TwoRows { advisor, .. }
            | NotSent::BadAddress { advisor, .. }
            | NotSent::Failed { advisor, .. } => advisor,
            NotSent::Unreadable { report, .. } => report,
        }
    }
}

impl std::fmt::Display for NotSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotSent::NoAddress { advisor, hint: Some(h) } => {
                write!(f, "{advisor}: not sent: the advisors list has no row for them (did you mean {h:?}?)")
            }
            NotSent::NoAddress { advisor, hint: None } => {
                write!(f, "{advisor}: not sent: the advisors list has no row for them; add one with their Email")
            }
            NotSent::NoReports { advisor } => {
                write!(f, "{advisor}: nothing to send: no report of theirs in this folder")
            }
            NotSent::TwoRows { advisor, rows } => {
                write!(
                    f,
                    "{advisor}: not sent: {} rows in the advisors list ({}); keep one",
                    rows.len(),
                    rows.join("; ")
                )
            }
            NotSent::BadAddress { advisor, why } => write!(f, "{advisor}: not sent: {why}"),
            NotSent::Unreadable { report, why } => write!(f, "{report}: not sent: {why}"),
            NotSent::Failed { advisor, why } => write!(f, "{advisor}: not sent: {why}"),
        }
    }
}

/// Pairs the advisors of `reports` with the rows of `list`, by the same name
/// matching as sheets and columns. Advisors come out in name order; every
/// advisor or row that cannot be paired exactly once is in the second list.
pub fn match_advisors<'a>(list: &'a AdvisorList, reports: &'a [Report]) -> (Vec<Match<'a>>, Vec<NotSent>) {
    let mut groups: BTreeMap<String, (String, Vec<&Report>)> = BTreeMap::new();
    for r in reports {
        groups.entry(normalize(&r.advisor)).or_insert_with(|| (r.advisor.clone(), Vec::new())).1.push(r);
    }
    let with_reports: Vec<String> = groups.keys().cloned().collect();
    let (mut matched, mut not_sent) = (Vec::new(), Vec::new());
    for (advisor, reports) in groups.into_values() {
        match list.rows_for(&advisor).as_slice() {
            [] => {
                // A typo is likelier among the names that have no report.
                let unpaired =
                    list.rows.iter().map(|r| r.name.as_str()).filter(|n| !with_reports.contains(&normalize(n)));
                let hint = closest(&advisor, unpaired).map(str::to_string);
                not_sent.push(NotSent::NoAddress { advisor, hint });
            }
            [row] => match &row.to {
                Ok(_) => matched.push(Match { advisor, row, reports }),
                Err(why) => not_sent.push(NotSent::BadAddress { advisor, why: why.clone() }),
            },
            rows => not_sent.push(NotSent::TwoRows { advisor, rows: rows.iter().map(|r| r.place.clone()).collect() }),
        }
    }
    for row in &list.rows {
        if row.name.is_empty() {
            if let Err(why) = &row.to {
                not_sent.push(NotSent::BadAddress { advisor: "(no name)".into(), why: why.clone() });
            }
        } else if !with_reports.contains(&normalize(&row.name)) {
            not_sent.push(NotSent::NoReports { advisor: row.name.clone() });
        }
    }
    (matched, not_sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, email: &str) -> AdvisorRow {
        AdvisorRow {
            name: name.into(),
            place: format!("list: {name}"),
            to: advisors::mailbox(email, Some(name)),
            cc: Vec::new(),
            note: None,
        }
    }

    #[test]
    fn each_advisor_is_paired_exactly_once_or_listed() {
        let list = AdvisorList {
            rows: vec![
                row("Ann Archer", "ann@example.com"),
                row("bob_brown", "bob@example.com"),
                row("Cy", "cy@example.com"),
                row("CY", "cy2@example.com"),
                row("Di", "di@"),
                row("Eve Evans", "eve@example.com"),
                row("Fay Fox", "fay@example.com"),
            ],
            from: None,
        };
        let reports = vec![
            Report::blank("Ann Archer", "ann/a.tiers.xlsx", "1"),
            Report::blank("Ann Archer", "ann/b.tiers.xlsx", "2"),
            Report::blank("Bob Brown", "bob/a.tiers.xlsx", "3"),
            Report::blank("Cy", "cy/a.tiers.xlsx", "4"),
            Report::blank("Di", "di/a.tiers.xlsx", "5"),
            Report::blank("Eve Evens", "eve/a.tiers.xlsx", "6"),
        ];
        let (matched, not_sent) = match_advisors(&list, &reports);
        let got: Vec<(&str, &str, usize)> =
            matched.iter().map(|m| (m.advisor.as_str(), m.row.name.as_str(), m.reports.len())).collect();
        assert_eq!(got, [("Ann Archer", "Ann Archer", 2), ("Bob Brown", "bob_brown", 1)]);
        let lines: Vec<String> = not_sent.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "Cy: not sent: 2 rows in the advisors list (list: Cy; list: CY); keep one",
                "Di: not sent: \"di@\" is not an email address",
                "Eve Evens: not sent: the advisors list has no row for them (did you mean \"Eve Evans\"?)",
                "Eve Evans: nothing to send: no report of theirs in this folder",
                "Fay Fox: nothing to send: no report of theirs in this folder",
            ]
        );
        assert_eq!(not_sent.iter().filter(|n| n.is_failure()).count(), 3);
    }
}
