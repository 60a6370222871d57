//! What a night shows while it runs: on a terminal, a progress bar drawn at
//! once with an ETA, cleared when the night ends or is interrupted; under
//! cron or CI (no terminal), one plain line per book.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::batch::portfolio::{BookResult, Status};
use crate::batch::run_report::status_text;

/// Progress of a night's books.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    total: u64,
    done: Mutex<u64>,
}

impl Progress {
    /// A bar on a terminal (unless `quiet`); plain lines otherwise.
    pub fn new(total: u64, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total);
            let template = "{bar:40} {pos}/{len} books  {elapsed_precise}  ETA {eta}  {msg}";
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            // Drawn now and redrawn while the first (possibly long) book
            // runs, so the terminal never looks stuck.
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Progress { bar, quiet, total, done: Mutex::new(0) }
    }

    /// Prints a line above the bar (or plainly).
    pub fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    /// One book is done.
    pub fn done(&self, r: &BookResult) {
        let n = {
            let mut d = self.done.lock().unwrap_or_else(|p| p.into_inner());
            *d += 1;
            *d
        };
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
            eprintln!("[{n}/{}] {}: {} ({detail}) {:.2}s", self.total, r.book, status_text(r), r.seconds);
        }
    }

    /// Clears the bar, leaving the terminal as it was.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
