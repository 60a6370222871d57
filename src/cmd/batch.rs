//! `tierbook batch INBOX --out DIR`: the nightly run over every advisor's
//! books.
//!
//! Each book is processed exactly like `run`, in parallel, into
//! `DIR/<advisor>/<book>.tiers.xlsx` plus a CRM list `<book>.tiers.csv`. A
//! book that fails is reported and the others go on (the ripgrep rule: log
//! it, remember it, exit 1 at the end). A book whose content, template and
//! tierbook version are unchanged since its last successful run is skipped
//! unless `--force`. Every finished book is recorded at once in the ledger
//! (`DIR/.tierbook/`), so a batch killed midway loses nothing it finished
//! and the next run does only what is left. Ends with `DIR/run-report.csv`
//! and the coach's `DIR/portfolio.xlsx`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::cmd::run::{process, Outputs};
use crate::cmd::{exit_code, load_template, EXIT_FAILED, EXIT_OK};
use crate::error::Error;
use crate::inbox::{discover, fnv1a, InboxBook, Shard};
use crate::ledger;
use crate::portfolio::{rollup, BookResult, Status};
use crate::template::Template;
use crate::write::{write_atomically, write_portfolio};

/// What `batch` was asked to do.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The folder of advisors' folders of books.
    pub inbox: PathBuf,
    /// Where reports, the run report and the roll-up go.
    pub out: PathBuf,
    /// A template for books that lack sheets.
    pub template: Option<String>,
    /// Books processed at once (default: all cores).
    pub jobs: Option<usize>,
    /// Redo books even when unchanged.
    pub force: bool,
    /// Process only this slice of the books.
    pub shard: Option<Shard>,
    /// No progress output (errors are still printed).
    pub quiet: bool,
}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchSummary {
    /// Every book of this run (this shard), in path order.
    pub results: Vec<BookResult>,
    /// Wall time, in seconds.
    pub seconds: f64,
    /// The run report written.
    pub run_report: PathBuf,
    /// The roll-up written (not for a shard: run `rollup` once all are done).
    pub portfolio: Option<PathBuf>,
}

impl BatchSummary {
    /// Books that ended with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.results.iter().filter(|r| r.status == Some(status)).count()
    }
}

/// Runs the batch.
pub fn batch(opts: &BatchOptions, today: chrono::NaiveDate) -> Result<BatchSummary, Error> {
    let start = Instant::now();
    let template = load_template(opts.template.as_deref())?;
    let template_id =
        template.as_ref().map(|t| format!("{}#{:016x}", t.name, fnv1a(t.source_text.as_bytes()))).unwrap_or_default();
    if !opts.inbox.is_dir() {
        let source = std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder");
        return Err(Error::Read { path: opts.inbox.clone(), source });
    }
    std::fs::create_dir_all(&opts.out).map_err(|e| Error::Write { path: opts.out.clone(), detail: e.to_string() })?;
    let books =
        discover(&opts.inbox, Some(&opts.out)).map_err(|source| Error::Read { path: opts.inbox.clone(), source })?;
    let books: Vec<InboxBook> = books.into_iter().filter(|b| opts.shard.is_none_or(|s| s.holds(b))).collect();
    remove_stale_temp_files(&opts.out);

    let progress = Progress::new(books.len() as u64, opts.quiet);
    // Report paths already taken, by this run or recorded runs, so two books
    // never write the same report.
    let claimed: Mutex<HashMap<String, String>> = Mutex::new(
        ledger::load_all(&opts.out).into_iter().filter(|r| !r.report.is_empty()).map(|r| (r.report, r.book)).collect(),
    );
    let job = |book: &InboxBook| -> BookResult {
        let r = one_book(book, opts, template.as_ref(), &template_id, &claimed, today);
        if let Err(e) = ledger::save(&opts.out, &r) {
            progress.line(&format!("{}: cannot record the result in {}: {e}", book.relative, opts.out.display()));
        }
        progress.done(&r);
        r
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Write { path: opts.out.clone(), detail: format!("cannot start the workers: {e}") })?;
    let results: Vec<BookResult> = pool.install(|| books.par_iter().map(job).collect());
    progress.finish();

    let run_report = match opts.shard {
        Some(s) => opts.out.join(format!("run-report.shard-{}-of-{}.csv", s.index, s.count)),
        None => opts.out.join("run-report.csv"),
    };
    write_run_report(&results, &run_report)?;
    let portfolio = if opts.shard.is_none() {
        let all = ledger::load_all(&opts.out);
        let path = opts.out.join("portfolio.xlsx");
        write_portfolio(&rollup(&all), &all, &path)?;
        Some(path)
    } else {
        None
    };
    Ok(BatchSummary { results, seconds: start.elapsed().as_secs_f64(), run_report, portfolio })
}

/// Processes one book (or skips it), never failing the batch.
fn one_book(
    book: &InboxBook,
    opts: &BatchOptions,
    template: Option<&Template>,
    template_id: &str,
    claimed: &Mutex<HashMap<String, String>>,
    today: chrono::NaiveDate,
) -> BookResult {
    let started = Instant::now();
    let last = ledger::load(&opts.out, &book.relative);
    let version = env!("CARGO_PKG_VERSION").to_string();
    // The book is hashed here only when there is a run to compare with;
    // processing hashes it anyway. An unreadable book never matches.
    if let (Some(last), false) = (&last, opts.force) {
        let sha = std::fs::read(&book.path).map(|b| crate::read::hex(&Sha256::digest(&b))).unwrap_or_default();
        let unchanged = matches!(last.status, Some(Status::Ok | Status::Skipped))
            && !sha.is_empty()
            && last.sha256 == sha
            && last.template == template_id
            && last.version == version
            && opts.out.join(&last.report).is_file()
            && opts.out.join(&last.crm_csv).is_file();
        if unchanged {
            return BookResult { status: Some(Status::Skipped), seconds: 0.0, ..last.clone() };
        }
    }
    let mut placed = (String::new(), String::new(), String::new());
    let outcome = process(&book.path, template, None, today, |b| {
        let advisor =
            b.settings.advisor.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| advisor_of_folder(book));
        let (report, csv) = place(book, &advisor, &opts.out, claimed);
        placed = (advisor, report.clone(), csv.clone());
        if let Some(parent) = opts.out.join(&report).parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        Outputs { report: opts.out.join(report), crm_csv: Some(opts.out.join(csv)) }
    });
    let seconds = started.elapsed().as_secs_f64();
    match outcome {
        Ok(o) => BookResult {
            book: book.relative.clone(),
            advisor: placed.0,
            status: Some(Status::Ok),
            error: String::new(),
            seconds,
            sha256: o.sha256,
            template: template_id.to_string(),
            version,
            report: placed.1,
            crm_csv: placed.2,
            metrics: o.metrics,
        },
        Err(e) => {
            // Keep the last good figures for the roll-up, and flag tonight's
            // failure.
            let base = last.unwrap_or_default();
            BookResult {
                book: book.relative.clone(),
                advisor: if base.advisor.is_empty() { advisor_of_folder(book) } else { base.advisor.clone() },
                status: Some(Status::Failed),
                error: e.to_string().replace('\n', " "),
                seconds,
                ..base
            }
        }
    }
}

fn advisor_of_folder(book: &InboxBook) -> String {
    if book.folder.is_empty() {
        "(inbox)".to_string()
    } else {
        book.folder.clone()
    }
}

/// The report and CRM list paths of a book, relative to the output folder:
/// `<advisor>/<subfolders>/<stem>.tiers.xlsx`. A path another book already
/// holds gets the book's inbox folder added to its name.
fn place(book: &InboxBook, advisor: &str, out: &Path, claimed: &Mutex<HashMap<String, String>>) -> (String, String) {
    let rel = Path::new(&book.relative);
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into());
    let inner: Vec<String> = rel
        .parent()
        .map(|p| p.components().skip(1).map(|c| safe_name(&c.as_os_str().to_string_lossy())).collect())
        .unwrap_or_default();
    let mut dir = vec![safe_name(advisor)];
    dir.extend(inner);
    let dir = dir.join("/");
    let mut name = safe_name(&stem);
    let mut claimed = claimed.lock().unwrap_or_else(|p| p.into_inner());
    let mut n = 1;
    loop {
        let report = format!("{dir}/{name}.tiers.xlsx");
        match claimed.get(&report) {
            Some(owner) if owner != &book.relative => {
                n += 1;
                name = format!(
                    "{} ({})",
                    safe_name(&stem),
                    if n == 2 { safe_name(&advisor_of_folder(book)) } else { n.to_string() }
                );
            }
            _ => {
                claimed.insert(report.clone(), book.relative.clone());
                let _ = out;
                return (report, format!("{dir}/{name}.tiers.csv"));
            }
        }
    }
}

/// A file or folder name safe on every system: no separators, reserved
/// characters or trailing dots and blanks.
pub fn safe_name(raw: &str) -> String {
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

/// Temporary files left by a batch that was killed (a finished file is
/// renamed into place; an unfinished one stays a `.tierbook-*.tmp`). Only
/// files untouched for ten minutes go, so a shard still writing into the
/// same folder from another machine keeps its own.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if path.is_dir() && !name.starts_with('.') {
            remove_stale_temp_files(&path);
        } else if name.starts_with(".tierbook-") && name.ends_with(".tmp") {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 600);
            if old {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// `run-report.csv`: one row per book of this run.
fn write_run_report(results: &[BookResult], path: &Path) -> Result<(), Error> {
    write_atomically(path, |file| {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
        let io = |e: csv::Error| e.to_string();
        w.write_record([
            "Book",
            "Advisor",
            "Status",
            "Error",
            "Seconds",
            "Clients",
            "Tiers",
            "Warnings",
            "Warning Details",
            "Report",
        ])
        .map_err(io)?;
        for r in results {
            let m = &r.metrics;
            let tiers: Vec<String> =
                m.tier_codes.iter().zip(&m.tier_clients).map(|(c, n)| format!("{c} {n}")).collect();
            let clients = if r.status == Some(Status::Failed) { String::new() } else { m.clients.to_string() };
            w.write_record([
                r.book.as_str(),
                r.advisor.as_str(),
                r.status.map_or("failed", Status::label),
                r.error.as_str(),
                &format!("{:.3}", r.seconds),
                &clients,
                &tiers.join(" · "),
                &m.warnings.len().to_string(),
                &m.warnings.join(" | "),
                r.report.as_str(),
            ])
            .map_err(io)?;
        }
        w.flush().map_err(|e| e.to_string())
    })
}

/// A progress bar on a terminal; plain log lines otherwise (cron, CI).
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    total: u64,
    done: Mutex<u64>,
}

impl Progress {
    fn new(total: u64, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} books  {elapsed_precise}  {msg}") {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar, quiet, total, done: Mutex::new(0) }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn done(&self, r: &BookResult) {
        let n = {
            let mut d = self.done.lock().unwrap_or_else(|p| p.into_inner());
            *d += 1;
            *d
        };
        let status = r.status.map_or("failed", Status::label);
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(r.book.clone());
            if r.status == Some(Status::Failed) {
                bar.println(format!("{}: failed: {}", r.book, r.error));
            }
        } else if !self.quiet || r.status == Some(Status::Failed) {
            let detail = match r.status {
                Some(Status::Failed) => r.error.clone(),
                _ => format!("{} clients", r.metrics.clients),
            };
            eprintln!("[{n}/{}] {}: {status} ({detail}) {:.2}s", self.total, r.book, r.seconds);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Runs the command and prints its summary; returns the exit code.
pub fn execute(opts: &BatchOptions) -> i32 {
    match batch(opts, crate::cmd::today()) {
        Ok(s) => {
            let (ok, skipped, failed) = (s.count(Status::Ok), s.count(Status::Skipped), s.count(Status::Failed));
            println!(
                "batch: {} books: {ok} processed, {skipped} skipped (unchanged), {failed} failed in {:.1}s; run report {}{}",
                s.results.len(),
                s.seconds,
                s.run_report.display(),
                s.portfolio.as_ref().map(|p| format!("; roll-up {}", p.display())).unwrap_or_else(|| "; run `tierbook rollup` when every shard is done".into())
            );
            for r in s.results.iter().filter(|r| r.status == Some(Status::Failed)) {
                eprintln!("tierbook: {}: {}", r.book, r.error);
            }
            if failed > 0 {
                EXIT_FAILED
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            eprintln!("tierbook: {e}");
            exit_code(&e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_name("Jordan Avery"), "Jordan Avery");
        assert_eq!(safe_name("A/B: C?"), "A_B_ C_");
        assert_eq!(safe_name(" .. "), "_");
        assert_eq!(safe_name("name."), "name");
    }
}
