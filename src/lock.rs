//! The lock files Excel and LibreOffice leave beside a workbook they have
//! open: `~$practice.xlsx` (Excel; for long names the first two characters
//! are replaced: `~$actice.xlsx`) and `.~lock.practice.xlsx#` (LibreOffice).
//!
//! They matter twice to `run` (issue 13): a book that is open may have
//! unsaved edits the report will not include, and a report that is open
//! cannot be replaced on Windows or a network share (and replacing it under
//! Excel's feet elsewhere loses the advisor's view silently).

use std::path::{Path, PathBuf};

/// True when `path` is itself an office lock file, not a workbook.
pub fn is_lock_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.starts_with("~$") || (name.starts_with(".~lock.") && name.ends_with('#'))
}

/// The workbook a lock file stands for, when it can be told (`~$practice.xlsx`
/// → `practice.xlsx`); `None` for Excel's shortened names.
pub fn locked_book(lock: &Path) -> Option<PathBuf> {
    let name = lock.file_name()?.to_string_lossy().into_owned();
    let book = name.strip_prefix("~$").or_else(|| name.strip_prefix(".~lock.").and_then(|n| n.strip_suffix('#')))?;
    let candidate = lock.with_file_name(book);
    candidate.is_file().then_some(candidate)
}

/// The lock file showing that `book` is open in Excel or LibreOffice, if
/// there is one beside it.
pub fn open_lock(book: &Path) -> Option<PathBuf> {
    let name = book.file_name()?.to_string_lossy().into_owned();
    let mut candidates = vec![format!("~${name}"), format!(".~lock.{name}#")];
    if let Some((i, _)) = name.char_indices().nth(2) {
        candidates.push(format!("~${}", &name[i..]));
    }
    candidates.into_iter().map(|c| book.with_file_name(c)).find(|p| p.symlink_metadata().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_files_are_told_by_name() {
        assert!(is_lock_file(Path::new("dir/~$practice.xlsx")));
        assert!(is_lock_file(Path::new(".~lock.practice.xlsx#")));
        assert!(!is_lock_file(Path::new("practice.xlsx")));
        assert!(!is_lock_file(Path::new(".~lock.practice.xlsx")));
    }

    #[test]
    fn an_open_book_is_found_by_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("practice.xlsx");
        std::fs::write(&book, b"x").unwrap();
        assert_eq!(open_lock(&book), None);
        for lock in ["~$practice.xlsx", ".~lock.practice.xlsx#", "~$actice.xlsx"] {
            let p = dir.path().join(lock);
            std::fs::write(&p, b"").unwrap();
            assert_eq!(open_lock(&book), Some(p.clone()), "{lock}");
            std::fs::remove_file(&p).unwrap();
        }
        let lock = dir.path().join("~$practice.xlsx");
        assert_eq!(locked_book(&lock), Some(book));
        assert_eq!(locked_book(&dir.path().join("~$other.xlsx")), None);
    }
}
