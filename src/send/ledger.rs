//! What was sent: `DIR/.tierbook-sent/sent.csv`, one row per report sent
//! (Advisor, Report, SHA-256, Message-ID, Sent At, To).
//!
//! A report counts as sent to an advisor when a row holds the same advisor
//! (matched like names), the same path under DIR and the same SHA-256: a
//! report the batch rewrote with other figures is sent again. Only a message
//! the server accepted is recorded, right after it was accepted, and the file
//! is replaced atomically, so a run stopped midway keeps every send it made.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::names::normalize;
use crate::send::report::Report;
use crate::send::SendError;
use crate::write::write_atomically;

/// One report sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// The advisor, as the report names them.
    #[serde(rename = "Advisor")]
    pub advisor: String,
    /// The report's path under DIR.
    #[serde(rename = "Report")]
    pub report: String,
    /// The report file's SHA-256 when it was sent.
    #[serde(rename = "SHA-256")]
    pub sha256: String,
    /// The message's Message-ID.
    #[serde(rename = "Message-ID")]
    pub message_id: String,
    /// When the server accepted it (RFC 3339, UTC).
    #[serde(rename = "Sent At")]
    pub sent_at: String,
    /// The address it went to.
    #[serde(rename = "To")]
    pub to: String,
}

/// The ledger file of an output folder.
pub fn path(dir: &Path) -> PathBuf {
    dir.join(".tierbook-sent").join("sent.csv")
}

/// Holds `dir` for this run: two sends from one folder at once (the coach's
/// scheduled run and a manual one) would both find a report unsent and mail
/// it twice, and each would rewrite the ledger and the outbox over the
/// other's. The lock is the operating system's on `DIR/.tierbook-sent/send.lock`,
/// held while the returned file is open and released however the process
/// ends, so a killed run leaves nothing to clear by hand.
///
/// Errors: [`SendError::Busy`] while another send holds it;
/// [`SendError::Lock`] when the file cannot be made or locked.
pub fn hold(dir: &Path) -> Result<std::fs::File, SendError> {
    let file = path(dir).with_file_name("send.lock");
    let fail = |e: std::io::Error| SendError::Lock { path: file.clone(), detail: crate::error::io_words(&e) };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    // Opened for reading once it exists: an OS lock needs no more, and the
    // file the first account made (mode 0644, say) is then no bar to the
    // scheduled run's account or the coach's.
    let lock = match std::fs::File::open(&file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&file)
        }
        opened => opened,
    }
    .map_err(fail)?;
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(std::fs::TryLockError::WouldBlock) => Err(SendError::Busy { path: dir.to_path_buf() }),
        Err(std::fs::TryLockError::Error(e)) => Err(fail(e)),
    }
}

/// Every row recorded under `dir` (none when nothing was ever sent).
///
/// Errors: the file exists but cannot be read; sending on without it could
/// send every report twice.
pub fn load(dir: &Path) -> Result<Vec<Sent>, SendError> {
    let file = path(dir);
    let fail = |detail: String| SendError::Report {
        path: file.clone(),
        detail: format!("{detail}; the sent ledger is damaged: repair or remove it (then every report is sent again)"),
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(fail(e.to_string())),
    };
    csv::Reader::from_reader(bytes.as_slice())
        .deserialize()
        .collect::<Result<Vec<Sent>, _>>()
        .map_err(|e| fail(e.to_string()))
}

/// True when `report` was already sent to `advisor` as it is now.
pub fn was_sent(ledger: &[Sent], advisor: &str, report: &Report) -> bool {
    let key = normalize(advisor);
    ledger.iter().any(|s| s.report == report.relative && s.sha256 == report.sha256 && normalize(&s.advisor) == key)
}

/// Adds `rows` to the ledger, rewriting it atomically.
pub fn record(dir: &Path, ledger: &mut Vec<Sent>, rows: Vec<Sent>) -> Result<(), SendError> {
    ledger.extend(rows);
    let file = path(dir);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| crate::Error::Write { path: parent.to_path_buf(), detail: e.to_string() })?;
    }
    write_atomically(&file, |f| {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(f));
        for row in ledger.iter() {
            w.serialize(row).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip_and_match_by_name_path_and_hash() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = load(dir.path()).unwrap();
        assert!(ledger.is_empty());
        let row = Sent {
            advisor: "Ann Archer".into(),
            report: "ann/book.tiers.xlsx".into(),
            sha256: "ab".into(),
            message_id: "<1@x>".into(),
            sent_at: "2026-11-30T01:00:00Z".into(),
            to: "ann@example.com".into(),
        };
        record(dir.path(), &mut ledger, vec![row.clone()]).unwrap();
        let again = load(dir.path()).unwrap();
        assert_eq!(again, vec![row]);
        let report = |relative: &str, sha: &str| Report::blank("", relative, sha);
        assert!(was_sent(&again, "ann archer", &report("ann/book.tiers.xlsx", "ab")));
        assert!(!was_sent(&again, "Ann Archer", &report("ann/book.tiers.xlsx", "cd")), "changed report");
        assert!(!was_sent(&again, "Bob", &report("ann/book.tiers.xlsx", "ab")), "other advisor");
        assert!(!was_sent(&again, "Ann Archer", &report("ann/other.tiers.xlsx", "ab")), "other report");
    }

    #[test]
    fn a_damaged_ledger_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".tierbook-sent")).unwrap();
        std::fs::write(path(dir.path()), "Advisor,Report\n\"unterminated\n").unwrap();
        let e = load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("the sent ledger is damaged"), "{e}");
    }
}
