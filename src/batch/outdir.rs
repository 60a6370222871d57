//! The output folder of a night: checked before any book is tried, shared
//! safely by shards running at the same time, and cleaned of the temporary
//! files a killed run left behind.
//!
//! Every running batch holds an exclusive lock on a file of its own under
//! `DIR/.tierbook/running/`; the kernel drops the lock when the process dies,
//! however it dies. A temporary file (`.tierbook-*.tmp`) older than every
//! live batch's lock file was left by a dead one, so it can go whatever its
//! age, while the files other live shards are writing stay. Ages are
//! compared by the file system's own clock (both are file times), so skewed
//! clocks between machines sharing the folder do not matter. The sweep runs
//! before this batch writes anything, so with no other batch alive every
//! temporary file is an orphan.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::batch::BatchError;

/// Checks that `out` can take a night's outputs, making it (but not a
/// missing parent: that is more often a typo) and the batch's own folders.
/// Errors name the folder and the cause.
pub(crate) fn prepare(out: &Path) -> Result<(), BatchError> {
    let fail = |path: &Path, source: std::io::Error| BatchError::OutputFolder { path: path.to_path_buf(), source };
    if out.exists() && !out.is_dir() {
        return Err(fail(out, std::io::Error::from(std::io::ErrorKind::NotADirectory)));
    }
    if !out.exists() {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !parent.is_dir() {
            return Err(fail(parent, std::io::Error::from(std::io::ErrorKind::NotFound)));
        }
        match std::fs::create_dir(out) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && out.is_dir() => {}
            Err(e) => return Err(fail(out, e)),
        }
    }
    for sub in ["books", "claims", "running"] {
        std::fs::create_dir_all(out.join(".tierbook").join(sub)).map_err(|e| fail(out, e))?;
    }
    // A folder can be listed and still refuse new files (read-only mounts,
    // ACLs): try one.
    tempfile::Builder::new().prefix(".tierbook-probe-").suffix(".tmp").tempfile_in(out).map_err(|e| fail(out, e))?;
    Ok(())
}

/// Makes each of `folders` (relative to `out`) before any book is tried.
pub(crate) fn make_folders<'a>(out: &Path, folders: impl IntoIterator<Item = &'a str>) -> Result<(), BatchError> {
    for f in folders {
        let path = out.join(f);
        if let Err(source) = std::fs::create_dir_all(&path) {
            let source = if path.exists() && !path.is_dir() {
                std::io::Error::new(std::io::ErrorKind::AlreadyExists, "a file of that name is in the way")
            } else {
                source
            };
            return Err(BatchError::OutputFolder { path, source });
        }
    }
    Ok(())
}

/// This process's registration as a live batch: dropped (and its file
/// removed) when the night ends.
pub(crate) struct Running {
    file: File,
    path: PathBuf,
}

impl Running {
    /// Registers this process under `out/.tierbook/running/`.
    pub fn register(out: &Path) -> std::io::Result<Running> {
        let dir = out.join(".tierbook").join("running");
        std::fs::create_dir_all(&dir)?;
        // Locked before it is renamed into view, so no other batch can see
        // it unlocked and take it for a dead one's.
        let tmp = tempfile::Builder::new().prefix(".lock-").tempfile_in(&dir)?;
        tmp.as_file().lock()?;
        let path = dir.join(format!(
            "{}-{}.lock",
            std::process::id(),
            crate::batch::inbox::fnv1a(tmp.path().as_os_str().as_encoded_bytes())
        ));
        let file = tmp.persist(&path).map_err(|e| e.error)?;
        Ok(Running { file, path })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Removes every temporary file under `out` that a dead batch left, before
/// this one writes any: all of them when no other batch is running, else
/// those older than the oldest other live batch (a file as old as that is
/// kept, to be safe, and goes on a later night). Dead batches'
/// registrations are removed too. Returns how many temporary files went.
pub(crate) fn remove_orphans(out: &Path, me: &Running) -> usize {
    let older_than = |before: Option<SystemTime>, t: SystemTime| before.is_none_or(|b| t < b);
    let first = oldest_other(out, me);
    let mut found = Vec::new();
    temp_files(out, &mut found);
    // A batch that registered while the tree was walked may have written
    // some of these since: look again, then keep what it could own.
    let second = oldest_other(out, me);
    found
        .into_iter()
        .filter(|(_, t)| older_than(first, *t) && older_than(second, *t))
        .filter(|(path, _)| std::fs::remove_file(path).is_ok())
        .count()
}

/// The registration time of the oldest other live batch, removing the
/// registrations of dead ones.
fn oldest_other(out: &Path, me: &Running) -> Option<SystemTime> {
    let mut oldest: Option<SystemTime> = None;
    let entries = std::fs::read_dir(out.join(".tierbook").join("running")).ok()?;
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        if path == me.path || path.extension().is_none_or(|x| x != "lock") {
            continue;
        }
        let Ok(file) = File::open(&path) else { continue };
        match file.try_lock() {
            // Nobody holds it: its batch is gone.
            Ok(()) => {
                let _ = std::fs::remove_file(&path);
            }
            Err(_) => {
                // A live batch whose time cannot be read protects everything.
                let since = file.metadata().and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
                oldest = Some(oldest.map_or(since, |t| t.min(since)));
            }
        }
    }
    oldest
}

/// Every `.tierbook-*.tmp` file under `dir`, with its modification time.
fn temp_files(dir: &Path, found: &mut Vec<(PathBuf, SystemTime)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.filter_map(Result::ok) {
        let Ok(kind) = e.file_type() else { continue };
        let name = e.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            temp_files(&e.path(), found);
        } else if kind.is_file() && name.starts_with(".tierbook-") && name.ends_with(".tmp") {
            if let Ok(t) = e.metadata().and_then(|m| m.modified()) {
                found.push((e.path(), t));
            }
        }
    }
}

/// The cause of an I/O error in plain words, as an office manager reads it.
pub(crate) fn cause(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => "permission denied".into(),
        K::ReadOnlyFilesystem => "read-only file system".into(),
        K::NotFound => "no such folder".into(),
        K::NotADirectory => "it is a file, not a folder".into(),
        K::StorageFull => "no space left on the device".into(),
        K::QuotaExceeded => "disk quota exceeded".into(),
        K::AlreadyExists => "a file of that name is in the way".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orphans_go_and_live_batches_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        prepare(out).unwrap();
        std::fs::create_dir_all(out.join("ann")).unwrap();
        let orphan = out.join("ann/.tierbook-abc.tmp");
        std::fs::write(&orphan, b"half").unwrap();
        // A registration nobody holds (its process was killed).
        std::fs::write(out.join(".tierbook/running/999-1.lock"), b"").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let other = Running::register(out).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let live = out.join("ann/.tierbook-live.tmp");
        std::fs::write(&live, b"being written").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let me = Running::register(out).unwrap();
        assert_eq!(remove_orphans(out, &me), 1);
        assert!(!orphan.exists() && live.exists());
        assert!(!out.join(".tierbook/running/999-1.lock").exists());
        drop(other);
        assert_eq!(remove_orphans(out, &me), 1, "once the other batch is gone, its file is an orphan");
        drop(me);
        assert_eq!(std::fs::read_dir(out.join(".tierbook/running")).unwrap().count(), 0);
    }

    #[test]
    fn a_file_in_the_way_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ann"), b"x").unwrap();
        let e = make_folders(dir.path(), ["bob", "ann"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}: cannot use this output folder: a file of that name is in the way",
                dir.path().join("ann").display()
            )
        );
        let e = prepare(&dir.path().join("ann")).unwrap_err();
        assert!(e.to_string().ends_with("ann: cannot use this output folder: it is a file, not a folder"), "{e}");
        let e = prepare(&dir.path().join("no/such")).unwrap_err();
        assert!(e.to_string().ends_with("no: cannot use this output folder: no such folder"), "{e}");
    }
}
