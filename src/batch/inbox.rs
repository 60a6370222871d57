//! Finding the books of a nightly batch: every workbook or client list under
//! the inbox, minus what is not a book.
//!
//! Skipped: Excel's owner files (`~$Book.xlsx`) and LibreOffice's lock files
//! (`.~lock.Book.xlsx#`), which match `*.xlsx` but are not workbooks; hidden
//! files and folders (`.name`); temporary files (`*.tmp`, `~name`, `name~`);
//! and links that lead out of the inbox (a link inside it is followed once).
//! Books are listed in path order, so runs, shards and reports are stable.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The extensions of books, compared without case.
pub(crate) const BOOK_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// One book of the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InboxBook {
    /// Full path.
    pub path: PathBuf,
    /// Path relative to the inbox, with `/` separators: the book's identity.
    pub relative: String,
    /// The advisor folder: the first folder under the inbox, or empty for a
    /// book at the top.
    pub folder: String,
}

/// Lists every book under `inbox`, in path order, leaving out the folder
/// `skip` (the batch's own output, when it sits inside the inbox).
pub(crate) fn discover(inbox: &Path, skip: Option<&Path>) -> std::io::Result<Vec<InboxBook>> {
    let root = inbox.canonicalize()?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    if let Some(skip) = skip.and_then(|s| s.canonicalize().ok()) {
        seen.insert(skip);
    }
    walk(&root, &root, &mut out, &mut seen)?;
    out.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<InboxBook>, seen: &mut HashSet<PathBuf>) -> std::io::Result<()> {
    // A folder reached twice (through a link) is walked once.
    if !seen.insert(dir.to_path_buf()) {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_skipped_name(&name) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let target = if meta.file_type().is_symlink() {
            // Never follow a link out of the inbox.
            match path.canonicalize() {
                Ok(t) if t.starts_with(root) => t,
                _ => continue,
            }
        } else {
            path.clone()
        };
        if target.is_dir() {
            walk(root, &target, out, seen)?;
        } else if target.is_file() && is_book_name(&name) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let relative =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
            let folder = if rel.components().count() > 1 {
                rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default()
            } else {
                String::new()
            };
            out.push(InboxBook { path, relative, folder });
        }
    }
    Ok(())
}

/// Names that are never books: lock, hidden and temporary files, and
/// tierbook's own reports and CRM lists.
pub(crate) fn is_skipped_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".tiers.xlsx")
        || lower.ends_with(".tiers.csv")
        || name.starts_with("~$")
        || name.starts_with(".~lock.")
        || name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.to_ascii_lowercase().ends_with(".tmp")
}

/// True for a file name with a book extension (any case).
pub(crate) fn is_book_name(name: &str) -> bool {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| BOOK_EXTENSIONS.contains(&e.as_str()))
}

/// A slice `K/N` of the books (1 ≤ K ≤ N): books are dealt to slices by a
/// hash of their relative path, so every machine agrees without talking and
/// a book stays in its slice as others come and go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This slice, from 1.
    pub index: u32,
    /// Number of slices.
    pub count: u32,
}

impl Shard {
    /// Parses `K/N`.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (k, n) = text.split_once('/').ok_or_else(|| format!("--shard takes K/N, such as 2/4, not {text:?}"))?;
        let k: u32 = k.trim().parse().map_err(|_| format!("--shard {text:?}: K is not a number"))?;
        let n: u32 = n.trim().parse().map_err(|_| format!("--shard {text:?}: N is not a number"))?;
        if n == 0 || k == 0 || k > n {
            return Err(format!("--shard {text:?}: K must be between 1 and N"));
        }
        Ok(Shard { index: k, count: n })
    }

    /// True when `book` belongs to this slice.
    pub(crate) fn holds(&self, book: &InboxBook) -> bool {
        (fnv1a(book.relative.as_bytes()) % self.count as u64) as u32 == self.index - 1
    }
}

/// FNV-1a, 64-bit: a small, fixed hash (std's hasher is seeded per process,
/// which would move books between shards from one machine to the next).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_hidden_and_temp_files_are_not_books() {
        for n in [
            "~$Book.xlsx",
            ".~lock.Book.xlsx#",
            ".hidden.xlsx",
            "Book.xlsx~",
            "x.TMP",
            "~tmp.xlsx",
            "b.tiers.xlsx",
            "b.Tiers.CSV",
        ] {
            assert!(is_skipped_name(n), "{n}");
        }
        assert!(!is_skipped_name("Book.xlsx"));
        assert!(is_book_name("Book.XLSX") && is_book_name("list.csv") && is_book_name("old.xls"));
        assert!(!is_book_name("notes.txt") && !is_book_name("Book"));
    }

    #[test]
    fn shards_split_every_book_exactly_once() {
        let books: Vec<InboxBook> = (0..200)
            .map(|i| InboxBook {
                path: PathBuf::new(),
                relative: format!("adv{}/book{i}.xlsx", i % 7),
                folder: String::new(),
            })
            .collect();
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        for b in &books {
            assert_eq!(shards.iter().filter(|s| s.holds(b)).count(), 1);
        }
        let sizes: Vec<usize> = shards.iter().map(|s| books.iter().filter(|b| s.holds(b)).count()).collect();
        assert!(sizes.iter().all(|&n| n > 40), "{sizes:?}");
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert!(Shard::parse("5/4").is_err() && Shard::parse("0/4").is_err() && Shard::parse("x").is_err());
    }

    #[test]
    fn discovers_books_in_path_order_skipping_what_is_not_a_book() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let planted = [
            "b/2.xlsx",
            "a/1.xlsx",
            "a/~$1.xlsx",
            "a/.~lock.1.xlsx#",
            "a/notes.txt",
            ".hidden/x.xlsx",
            "top.csv",
            "a/1.tiers.xlsx",
            "out/x/2.xlsx",
        ];
        for p in planted {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        let found: Vec<(String, String)> =
            discover(root, Some(&root.join("out"))).unwrap().into_iter().map(|b| (b.relative, b.folder)).collect();
        let want = [("a/1.xlsx", "a"), ("b/2.xlsx", "b"), ("top.csv", "")];
        assert_eq!(found, want.map(|(a, b)| (a.to_string(), b.to_string())));
    }
}
