//! The batch's memory: one small TOML file per book under
//! `DIR/.tierbook/books/`, holding the book's last result.
//!
//! One file per book (named by a hash of the book's inbox path) means
//! parallel jobs and sharded machines never write the same file, each entry
//! is replaced atomically, and a batch killed midway keeps every book it
//! finished. The files are the manifest (is this book unchanged?) and the
//! roll-up's input (`tierbook rollup DIR`).

use std::path::{Path, PathBuf};

use crate::batch::inbox::fnv1a;
use crate::batch::portfolio::{BookResult, Status};

/// The folder of the ledger inside an output folder.
pub(crate) fn folder(out: &Path) -> PathBuf {
    out.join(".tierbook").join("books")
}

fn entry_path(out: &Path, book: &str) -> PathBuf {
    folder(out).join(format!("{:016x}.toml", fnv1a(book.as_bytes())))
}

/// The last result recorded for `book` (its inbox-relative path).
pub(crate) fn load(out: &Path, book: &str) -> Option<BookResult> {
    let text = std::fs::read_to_string(entry_path(out, book)).ok()?;
    toml::from_str::<BookResult>(&text).ok().filter(|r| r.book == book)
}

/// Every result recorded under `out`, in book order. Entries that cannot be
/// read (a file damaged by hand) are skipped.
pub(crate) fn load_all(out: &Path) -> Vec<BookResult> {
    let Ok(dir) = std::fs::read_dir(folder(out)) else { return Vec::new() };
    let mut all: Vec<BookResult> = dir
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|t| toml::from_str(&t).ok())
        .collect();
    all.sort_by(|a, b| a.book.cmp(&b.book));
    all
}

/// Every result recorded under `out`, as the roll-up must count them: a
/// book recorded as reported whose report file is no longer there counts as
/// failed, so the roll-up never counts a report that does not exist.
pub(crate) fn load_checked(out: &Path) -> Vec<BookResult> {
    load_all(out)
        .into_iter()
        .map(|r| {
            if r.status.is_some_and(Status::reported) && !out.join(&r.report).is_file() {
                BookResult {
                    status: Some(Status::Failed),
                    error: format!("its report {} is missing; run the batch again", r.report),
                    ..r
                }
            } else {
                r
            }
        })
        .collect()
}

/// Records `result`, replacing the book's previous entry atomically.
pub(crate) fn save(out: &Path, result: &BookResult) -> std::io::Result<()> {
    // The folder is made once a night, by `outdir::prepare`.
    let dir = folder(out);
    let text = toml::to_string(result).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::Builder::new().prefix(".tierbook-entry-").suffix(".tmp").tempfile_in(&dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(entry_path(out, &result.book)).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::portfolio::Metrics;

    /// An output folder as `outdir::prepare` leaves it: the ledger folder made.
    fn out_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(folder(dir.path())).unwrap();
        dir
    }

    #[test]
    fn entries_round_trip() {
        let dir = out_dir();
        let r = BookResult {
            book: "jordan/book.xlsx".into(),
            advisor: "Jordan Avery".into(),
            status: Some(Status::Ok),
            sha256: "ab".into(),
            metrics: Metrics { clients: 3, tier_codes: vec!["A".into()], tier_clients: vec![3], ..Metrics::default() },
            ..BookResult::default()
        };
        save(dir.path(), &r).unwrap();
        assert_eq!(load(dir.path(), "jordan/book.xlsx"), Some(r.clone()));
        assert_eq!(load(dir.path(), "other.xlsx"), None);
        assert_eq!(load_all(dir.path()), vec![r]);
    }

    #[test]
    fn a_missing_report_counts_as_failed() {
        let dir = out_dir();
        std::fs::create_dir_all(dir.path().join("ann")).unwrap();
        std::fs::write(dir.path().join("ann/a.tiers.xlsx"), b"x").unwrap();
        for (book, report) in [("ann/a.xlsx", "ann/a.tiers.xlsx"), ("ann/b.xlsx", "ann/b.tiers.xlsx")] {
            let r = BookResult {
                book: book.into(),
                report: report.into(),
                status: Some(Status::Ok),
                ..BookResult::default()
            };
            save(dir.path(), &r).unwrap();
        }
        let status: Vec<(String, Option<Status>, String)> =
            load_checked(dir.path()).into_iter().map(|r| (r.book, r.status, r.error)).collect();
        assert_eq!(
            status,
            [
                ("ann/a.xlsx".into(), Some(Status::Ok), String::new()),
                (
                    "ann/b.xlsx".into(),
                    Some(Status::Failed),
                    "its report ann/b.tiers.xlsx is missing; run the batch again".into()
                )
            ]
        );
    }
}
