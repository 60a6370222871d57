//! `tierbook batch INBOX --out DIR`: the nightly run over every advisor's
//! books.
//!
//! Orchestration only; the parts live in [`crate::batch`]. In order: the
//! output folder is checked and every advisor folder made before any book is
//! tried; each book's report path is derived from its place in the inbox;
//! books are processed in parallel exactly like `run` (one broken book never
//! stops the others; exit 1 at the end); an unchanged book is not redone
//! unless `--force`; each finished book is recorded at once in the ledger,
//! so an interrupted or killed night keeps what it finished. Ends with the
//! run report and, unsharded, the coach's `DIR/portfolio.xlsx`.
//!
//! SIGINT or SIGTERM stops the night after the books in hand (exit 130 or
//! 143); a second one ends the process at once, and the next run removes the
//! temporary files it leaves.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::batch::inbox::{discover, fnv1a, InboxBook, Shard};
use crate::batch::naming::{self, Placement};
use crate::batch::portfolio::{rollup, BookResult, Status};
use crate::batch::progress::Progress;
use crate::batch::{advisor, ledger, outdir, run_report, BatchError};
use crate::cli::BatchArgs;
use crate::cmd::run::{process, Outputs};
use crate::cmd::{exit_code, exit_unless_failed, load_template, EXIT_FAILED};
use crate::error::Issue;
use crate::location::Location;
use crate::template::Template;
use crate::write::write_portfolio;

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchSummary {
    /// Every book of this run (this shard), in path order; books an
    /// interrupted night never reached are [`Status::NotRun`].
    pub results: Vec<BookResult>,
    /// Wall time, in seconds.
    pub seconds: f64,
    /// The run report written.
    pub run_report: PathBuf,
    /// The roll-up written (not for a shard, nor an interrupted night: run
    /// `rollup` once all are done).
    pub portfolio: Option<PathBuf>,
    /// The signal that interrupted the night (2 SIGINT, 15 SIGTERM).
    pub interrupted: Option<i32>,
}

impl BatchSummary {
    /// Books that ended with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.results.iter().filter(|r| r.status == Some(status)).count()
    }
}

/// "1 book", "2 books".
pub(crate) fn count_books(n: usize) -> String {
    format!("{n} book{}", if n == 1 { "" } else { "s" })
}

/// The shard, as log lines name it.
fn shard_text(shard: Option<Shard>) -> String {
    let s = shard.unwrap_or(Shard { index: 1, count: 1 });
    format!("shard {}/{}", s.index, s.count)
}

/// Now, as log lines stamp it (ISO 8601, local time with its offset).
fn timestamp() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Runs the batch.
pub fn batch(opts: &BatchArgs, today: chrono::NaiveDate) -> Result<BatchSummary, BatchError> {
    let start = Instant::now();
    let template = load_template(opts.template.as_deref())?;
    let template_id =
        template.as_ref().map(|t| format!("{}#{:016x}", t.name, fnv1a(t.source_text.as_bytes()))).unwrap_or_default();
    if !opts.inbox.is_dir() {
        let source = std::io::Error::from(std::io::ErrorKind::NotFound);
        return Err(BatchError::Inbox { path: opts.inbox.clone(), source });
    }
    outdir::prepare(&opts.out)?;
    let inbox_error = |source| BatchError::Inbox { path: opts.inbox.clone(), source };
    let all = discover(&opts.inbox, Some(&opts.out)).map_err(inbox_error)?;
    let mut placements = naming::place_all(&all);
    let books: Vec<(InboxBook, Placement)> = all
        .into_iter()
        .filter(|b| opts.shard.is_none_or(|s| s.holds(b)))
        .filter_map(|b| placements.remove(&b.relative).map(|p| (b, p)))
        .collect();
    let folders: std::collections::BTreeSet<&str> = books.iter().map(|(_, p)| p.folder()).collect();
    outdir::make_folders(&opts.out, folders)?;
    let running = outdir::Running::register(&opts.out)
        .map_err(|source| BatchError::OutputFolder { path: opts.out.clone(), source })?;
    outdir::remove_orphans(&opts.out, &running);

    eprintln!(
        "{} tierbook batch: start: inbox {}, {}: {}, output {}",
        timestamp(),
        opts.inbox.display(),
        shard_text(opts.shard),
        count_books(books.len()),
        opts.out.display()
    );
    let signals = Signals::listen();
    let progress = Progress::new(books.len() as u64, opts.quiet);
    let job = |(book, placement): &(InboxBook, Placement)| -> BookResult {
        if signals.stop.load(Ordering::SeqCst) {
            let (advisor, _) = advisor::decide(&book.folder, None);
            return BookResult {
                book: book.relative.clone(),
                advisor,
                status: Some(Status::NotRun),
                ..BookResult::default()
            };
        }
        let r = one_book(book, placement, opts, template.as_ref(), &template_id, today);
        if let Err(e) = ledger::save(&opts.out, &r) {
            progress.line(&format!("{}: cannot record the result in {}: {e}", book.relative, opts.out.display()));
        }
        progress.done(&r);
        r
    };
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(opts.jobs.map_or(0, |j| j as usize)).build().map_err(|e| {
            crate::error::Error::Write { path: opts.out.clone(), detail: format!("cannot start the workers: {e}") }
        })?;
    let results: Vec<BookResult> = pool.install(|| books.par_iter().map(job).collect());
    let interrupted = signals.received();
    drop(signals);
    progress.finish();

    let run_report = match opts.shard {
        Some(s) => opts.out.join(format!("run-report.shard-{}-of-{}.csv", s.index, s.count)),
        None => opts.out.join("run-report.csv"),
    };
    run_report::write(&results, &run_report)?;
    let portfolio = if opts.shard.is_none() && interrupted.is_none() {
        let all = ledger::load_checked(&opts.out);
        let path = opts.out.join("portfolio.xlsx");
        write_portfolio(&rollup(&all), &all, &path)?;
        Some(path)
    } else {
        None
    };
    drop(running);
    Ok(BatchSummary { results, seconds: start.elapsed().as_secs_f64(), run_report, portfolio, interrupted })
}

/// Processes one book (or finds it unchanged), never failing the batch.
fn one_book(
    book: &InboxBook,
    placement: &Placement,
    opts: &BatchArgs,
    template: Option<&Template>,
    template_id: &str,
    today: chrono::NaiveDate,
) -> BookResult {
    let started = Instant::now();
    let last = ledger::load(&opts.out, &book.relative);
    let version = env!("CARGO_PKG_VERSION").to_string();
    // The book is hashed here only when there is a run to compare with;
    // processing hashes it anyway. An unreadable book never matches.
    if let (Some(last), false) = (&last, opts.force) {
        let sha = std::fs::read(&book.path).map(|b| crate::read::hex(&Sha256::digest(&b))).unwrap_or_default();
        let unchanged = last.status.is_some_and(Status::reported)
            && !sha.is_empty()
            && last.sha256 == sha
            && last.template == template_id
            && last.version == version
            && last.report == placement.report
            && opts.out.join(&last.report).is_file()
            && opts.out.join(&last.crm_csv).is_file();
        if unchanged {
            return BookResult { status: Some(Status::Unchanged), seconds: 0.0, ..last.clone() };
        }
    }
    // The book is named by its place in the inbox on every line and in the
    // run report, so its path is not repeated inside the message; a message
    // of several lines (every problem of the book) becomes one line, its
    // lines joined by " | " as the run report joins a book's warnings.
    let one_line = |error: &str| {
        let error = crate::error::without_path(error, &book.path);
        let file = book.path.file_name().map(|f| format!("{}: ", f.to_string_lossy())).unwrap_or_default();
        let mut joined = String::new();
        for line in error.lines().map(str::trim).map(|l| l.strip_prefix(file.as_str()).unwrap_or(l)) {
            if line.is_empty() {
                continue;
            }
            if !joined.is_empty() {
                // "3 problems to fix: Criteria!A3: … | Criteria!A4: …"
                joined.push_str(if joined.ends_with(':') { " " } else { " | " });
            }
            joined.push_str(line);
        }
        joined
    };
    let failed = |error: String, seconds: f64| {
        // Tonight's failure, with no figures: never last night's counts.
        let advisor = last
            .as_ref()
            .filter(|l| !l.advisor.is_empty())
            .map(|l| l.advisor.clone())
            .unwrap_or_else(|| advisor::decide(&book.folder, None).0);
        BookResult {
            book: book.relative.clone(),
            advisor,
            status: Some(Status::Failed),
            error: one_line(&error),
            seconds,
            template: template_id.to_string(),
            version: version.clone(),
            ..BookResult::default()
        }
    };
    let placement = match naming::claim(&opts.out, &book.relative, placement.clone()) {
        Ok(p) => p,
        Err(e) => return failed(format!("cannot claim a report name in {}: {e}", opts.out.display()), 0.0),
    };
    let outcome = process(&book.path, template, None, today, |b| {
        // The advisor disagreement is the book's own issue too: the advisor
        // reading the report sees why it was filed under another name.
        if let (_, Some(note)) = advisor::decide(&book.folder, b.settings.advisor.as_deref()) {
            b.issues.push(Issue::new(
                Location::sheet("Settings"),
                b.settings.advisor.clone().unwrap_or_default(),
                note,
                "the report is filed under the inbox folder",
            ));
        }
        Outputs { report: opts.out.join(&placement.report), crm_csv: Some(opts.out.join(&placement.crm_csv)) }
    });
    let seconds = started.elapsed().as_secs_f64();
    match outcome {
        Ok(o) => {
            let (advisor, note) = advisor::decide(&book.folder, o.advisor.as_deref());
            BookResult {
                book: book.relative.clone(),
                advisor,
                named_advisor: o.advisor.unwrap_or_default(),
                advisor_note: note.unwrap_or_default(),
                made_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                status: Some(Status::Ok),
                error: String::new(),
                seconds,
                sha256: o.sha256,
                template: template_id.to_string(),
                version,
                report: placement.report,
                crm_csv: placement.crm_csv,
                metrics: o.metrics,
            }
        }
        Err(e) => failed(e.to_string(), seconds),
    }
}

/// SIGINT and SIGTERM, while a night runs: the first asks the night to stop
/// after the books in hand; a second ends the process at once.
struct Signals {
    stop: Arc<AtomicBool>,
    which: Arc<AtomicUsize>,
    ids: Vec<signal_hook::SigId>,
}

impl Signals {
    fn listen() -> Signals {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use signal_hook::flag;
        let stop = Arc::new(AtomicBool::new(false));
        let which = Arc::new(AtomicUsize::new(0));
        let mut ids = Vec::new();
        for sig in [SIGINT, SIGTERM] {
            // Registered first, so it sees the flag as the previous signal
            // left it.
            ids.extend(flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&stop)).ok());
            ids.extend(flag::register_usize(sig, Arc::clone(&which), sig as usize).ok());
            ids.extend(flag::register(sig, Arc::clone(&stop)).ok());
        }
        Signals { stop, which, ids }
    }

    fn received(&self) -> Option<i32> {
        match self.which.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
        // Unregistering leaves the signals caught and ignored; after the
        // books, a signal ends the process as it would have before.
        let always = Arc::new(AtomicBool::new(true));
        for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            let _ = signal_hook::flag::register_conditional_default(sig, Arc::clone(&always));
        }
    }
}

/// Runs the command and prints its outcome; returns the exit code.
pub fn execute(opts: &BatchArgs) -> i32 {
    match batch(opts, crate::cmd::today()) {
        Ok(s) => {
            let (ok, unchanged, failed) = (s.count(Status::Ok), s.count(Status::Unchanged), s.count(Status::Failed));
            let total = s.results.len();
            let next = match (&s.portfolio, s.interrupted) {
                (Some(p), _) => format!("; roll-up {}", p.display()),
                (None, None) => "; run `tierbook rollup` when every shard is done".into(),
                (None, Some(_)) => String::new(),
            };
            println!(
                "{} tierbook batch: end: inbox {}, {}: {}: {ok} processed, {unchanged} unchanged, {failed} failed in {:.1}s; run report {}{next}",
                timestamp(),
                opts.inbox.display(),
                shard_text(opts.shard),
                count_books(total),
                s.seconds,
                s.run_report.display(),
            );
            for r in s.results.iter().filter(|r| r.status == Some(Status::Failed)) {
                eprintln!("tierbook: {}: {}", r.book, r.error);
            }
            if let Some(sig) = s.interrupted {
                eprintln!(
                    "tierbook: interrupted after {} of {total} books; finished reports kept; run again to finish",
                    ok + unchanged + failed
                );
                return 128 + sig;
            }
            exit_unless_failed(failed > 0)
        }
        Err(e) => {
            eprintln!("tierbook: {e}");
            match &e {
                BatchError::Core(core) => exit_code(core),
                _ => EXIT_FAILED,
            }
        }
    }
}
