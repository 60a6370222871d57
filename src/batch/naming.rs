//! Where each book's report goes, decided from the book's place in the inbox
//! alone: `<folder>/<subfolders>/<stem>.tiers.xlsx` (and `.tiers.csv`),
//! relative to the output folder.
//!
//! The name never depends on which process handles the book, in what order,
//! or what is already on disk, so shards running at the same time can never
//! pick the same name for two books. Two books whose plain names would clash
//! (`a.xlsx` and `a.csv`; `x:y.xlsx` and `x_y.xlsx` once made safe; names
//! equal but for case, which clash on Windows and macOS shares) get their
//! extension added, `a (csv).tiers.xlsx`, or failing that a hash of their
//! inbox path, `a (1f0c…).tiers.xlsx`. As a last guard against an inbox that
//! changed between two shards' listings, each name is claimed once,
//! create-exclusive, under `DIR/.tierbook/claims/` (made by
//! `outdir::prepare`).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::batch::advisor::TOP;
use crate::batch::inbox::{fnv1a, InboxBook};

/// A book's outputs, relative to the output folder, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    /// The report workbook.
    pub report: String,
    /// The CRM list.
    pub crm_csv: String,
}

impl Placement {
    fn new(dir: &str, name: &str) -> Placement {
        Placement { report: format!("{dir}/{name}.tiers.xlsx"), crm_csv: format!("{dir}/{name}.tiers.csv") }
    }

    /// The folder the outputs go in, relative to the output folder.
    pub fn folder(&self) -> &str {
        self.report.rsplit_once('/').map_or("", |(d, _)| d)
    }
}

/// The placement of every book, keyed by its inbox path. `books` must be
/// the whole inbox (before sharding), so every shard decides alike.
pub(crate) fn place_all(books: &[InboxBook]) -> HashMap<String, Placement> {
    let parts: Vec<(String, String, String)> = books.iter().map(parts).collect();
    let key = |dir: &str, name: &str| format!("{dir}/{name}").to_lowercase();
    let mut plain: HashMap<String, usize> = HashMap::new();
    for (dir, stem, _) in &parts {
        *plain.entry(key(dir, stem)).or_default() += 1;
    }
    let mut taken: HashSet<String> = plain.keys().cloned().collect();
    let mut out = HashMap::new();
    let mut clashing = Vec::new();
    for (b, (dir, stem, ext)) in books.iter().zip(&parts) {
        if plain.get(&key(dir, stem)) == Some(&1) {
            out.insert(b.relative.clone(), Placement::new(dir, stem));
        } else {
            clashing.push((b, dir, stem, ext));
        }
    }
    let mut with_ext: HashMap<String, usize> = HashMap::new();
    for (_, dir, stem, ext) in &clashing {
        *with_ext.entry(key(dir, &format!("{stem} ({ext})"))).or_default() += 1;
    }
    for (b, dir, stem, ext) in clashing {
        let named = format!("{stem} ({ext})");
        let name = if with_ext.get(&key(dir, &named)) == Some(&1) && !taken.contains(&key(dir, &named)) {
            named
        } else {
            hashed(stem, &b.relative)
        };
        taken.insert(key(dir, &name));
        out.insert(b.relative.clone(), Placement::new(dir, &name));
    }
    out
}

/// The name a book gets when every readable name is taken: unique to its
/// inbox path.
fn hashed(stem: &str, relative: &str) -> String {
    format!("{stem} ({:016x})", fnv1a(relative.as_bytes()))
}

/// A book's output folder, safe stem and lower-case extension.
fn parts(book: &InboxBook) -> (String, String, String) {
    let rel = Path::new(&book.relative);
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into());
    let ext = rel.extension().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    let folders: Vec<String> = rel
        .parent()
        .map(|p| p.components().map(|c| safe_name(&c.as_os_str().to_string_lossy())).collect())
        .unwrap_or_default();
    let dir = if folders.is_empty() { TOP.to_string() } else { folders.join("/") };
    (dir, safe_name(&stem), ext)
}

/// Claims `placement` for `book` under `out/.tierbook/claims/`,
/// create-exclusive: the first book to claim a name keeps it for good. A
/// name another book holds is replaced by the hashed one (claimed the same
/// way). Returns the placement to use.
pub(crate) fn claim(out: &Path, book: &str, placement: Placement) -> std::io::Result<Placement> {
    if try_claim(out, &placement.report, book)? {
        return Ok(placement);
    }
    let dir = placement.folder().to_string();
    let stem = Path::new(book).file_stem().map(|s| safe_name(&s.to_string_lossy())).unwrap_or_else(|| "book".into());
    let fallback = Placement::new(&dir, &hashed(&stem, book));
    if try_claim(out, &fallback.report, book)? {
        Ok(fallback)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("the report names {} and {} are held by other books", placement.report, fallback.report),
        ))
    }
}

fn claims_folder(out: &Path) -> PathBuf {
    out.join(".tierbook").join("claims")
}

/// True when `report` is (now) `book`'s.
fn try_claim(out: &Path, report: &str, book: &str) -> std::io::Result<bool> {
    let path = claims_folder(out).join(format!("{:016x}", fnv1a(report.to_lowercase().as_bytes())));
    let text = format!("{report}\n{book}\n");
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(mut f) => {
            f.write_all(text.as_bytes())?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            // A claim being written by another process may still be empty:
            // wait for it a little before reading whose it is.
            for _ in 0..50 {
                let held = std::fs::read_to_string(&path)?;
                if held.ends_with('\n') && held.lines().count() == 2 {
                    return Ok(held == text);
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// A file or folder name safe on every system: no separators, reserved
/// characters or trailing dots and blanks.
pub(crate) fn safe_name(raw: &str) -> String {
    let s: String =
        raw.chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    let s = s.trim().trim_end_matches('.').trim();
    if s.is_empty() || s == "." || s == ".." {
        "_".to_string()
    } else {
        s.chars().take(120).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn books(paths: &[&str]) -> Vec<InboxBook> {
        paths
            .iter()
            .map(|p| InboxBook {
                path: PathBuf::from(p),
                relative: p.to_string(),
                folder: p.split_once('/').map(|(f, _)| f.to_string()).unwrap_or_default(),
            })
            .collect()
    }

    #[test]
    fn safe_names() {
        for (raw, safe) in [
            ("Jordan Avery", "Jordan Avery"),
            ("A/B: C?", "A_B_ C_"),
            ("a\\b*c\"d<e>f|g", "a_b_c_d_e_f_g"),
            ("tab\there", "tab_here"),
            (" .. ", "_"),
            ("...", "_"),
            ("name.", "name"),
            (" name. ", "name"),
            ("Zoë Ångström", "Zoë Ångström"),
        ] {
            assert_eq!(safe_name(raw), safe, "{raw:?}");
        }
        assert_eq!(safe_name(&"ü".repeat(200)), "ü".repeat(120), "cut to 120 characters");
    }

    #[test]
    fn names_come_from_the_inbox_place_and_never_clash() {
        let all = books(&[
            "ann/book.xlsx",
            "ann/book.csv",
            "ann/x:y.xlsx",
            "ann/x_y.xlsx",
            "ann/Case.xlsx",
            "ann/case.xlsx",
            "ann/sub/deep.xlsx",
            "bob/book.xlsx",
            "top.xlsx",
        ]);
        let placed = place_all(&all);
        let report = |b: &str| placed[b].report.clone();
        assert_eq!(report("ann/book.xlsx"), "ann/book (xlsx).tiers.xlsx");
        assert_eq!(report("ann/book.csv"), "ann/book (csv).tiers.xlsx");
        assert_eq!(report("bob/book.xlsx"), "bob/book.tiers.xlsx");
        assert_eq!(report("ann/sub/deep.xlsx"), "ann/sub/deep.tiers.xlsx");
        assert_eq!(report("top.xlsx"), "(inbox)/top.tiers.xlsx");
        assert_eq!(placed["bob/book.xlsx"].crm_csv, "bob/book.tiers.csv");
        assert!(report("ann/x:y.xlsx").starts_with("ann/x_y ("), "{}", report("ann/x:y.xlsx"));
        let lower: HashSet<String> = placed.values().map(|p| p.report.to_lowercase()).collect();
        assert_eq!(lower.len(), all.len(), "{placed:?}");
        // Sharding or listing order changes nothing.
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(place_all(&reversed), placed);
    }

    #[test]
    fn a_claimed_name_stays_with_its_book() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(claims_folder(dir.path())).unwrap();
        let p = Placement::new("ann", "book");
        assert_eq!(claim(dir.path(), "ann/book.xlsx", p.clone()).unwrap(), p);
        assert_eq!(claim(dir.path(), "ann/book.xlsx", p.clone()).unwrap(), p, "a rerun keeps its name");
        let other = claim(dir.path(), "ann/Book.xlsx", p.clone()).unwrap();
        assert_ne!(other, p);
        assert!(other.report.starts_with("ann/Book ("), "{other:?}");
    }
}
