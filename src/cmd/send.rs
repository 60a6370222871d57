//! `tierbook send DIR --advisors ADVISORS [--smtp URL] [--from ADDRESS]
//! [--force]`: each advisor's reports from a batch, with a cover note, as
//! drafts in `DIR/outbox/` or sent through an SMTP server.
//!
//! One advisor's trouble (no address, a rejected recipient, a server that
//! went away) is listed and the others still go; the exit code is then 1.
//! Only what the server accepted is recorded as sent.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use lettre::message::Mailbox;

use crate::batch::naming::safe_name;
use crate::cli::SendArgs;
use crate::cmd::{exit_unless_failed, EXIT_FAILED, EXIT_USAGE};
use crate::send::mail::{self, Attached};
use crate::send::{advisors, ledger, match_advisors, note, report, Match, NotSent, SendError};

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct SendSummary {
    /// Advisors sent to, with the address.
    pub sent: Vec<(String, String)>,
    /// Drafts written.
    pub drafts: Vec<PathBuf>,
    /// Advisors whose reports were all sent before, unchanged.
    pub unchanged: Vec<String>,
    /// Everyone nothing went to, and why.
    pub not_sent: Vec<NotSent>,
    /// Sent but not recorded (the ledger could not be written).
    pub unrecorded: Vec<String>,
}

/// Runs `send`; `password` is `TIERBOOK_SMTP_PASSWORD`.
pub fn send(opts: &SendArgs, password: Option<String>) -> Result<SendSummary, SendError> {
    let url = opts.smtp.as_deref().map(mail::parse_url).transpose()?;
    let list = advisors::read(&opts.advisors)?;
    let from = match (&opts.from, &list.from) {
        (Some(f), _) => advisors::mailbox(f, None).map_err(|why| SendError::Sender(format!("--from: {why}")))?,
        (None, Some(Ok(f))) => f.clone(),
        (None, Some(Err(why))) => {
            return Err(SendError::Sender(format!("{}: the From row: {why}", opts.advisors.display())))
        }
        (None, None) => {
            return Err(SendError::Sender(format!(
                "no sender: pass --from coach@your-practice.com, or add a row `From` with the address to {}",
                opts.advisors.display()
            )))
        }
    };
    let transport = url.as_ref().map(|u| mail::transport(u, password, &from)).transpose()?;

    let mut summary = SendSummary::default();
    let mut reports = Vec::new();
    let paths = report::find(&opts.dir)?;
    if paths.is_empty() {
        return Err(SendError::Dir {
            path: opts.dir.clone(),
            detail: "no report (*.tiers.xlsx) in any advisor's folder".into(),
        });
    }
    for path in paths {
        match report::read(&opts.dir, &path) {
            Ok(r) => reports.push(r),
            Err(e) => {
                // The line names the report already.
                let why = match e {
                    SendError::Report { detail, .. } => detail,
                    other => other.to_string(),
                };
                summary.not_sent.push(NotSent::Unreadable { report: relative(&opts.dir, &path), why })
            }
        }
    }
    let (matches, not_sent) = match_advisors(&list, &reports);
    summary.not_sent.extend(not_sent);
    // Held to the end of the run: one send at a time per folder.
    let _held = ledger::hold(&opts.dir)?;
    let mut sent_ledger = ledger::load(&opts.dir)?;
    let outbox = opts.dir.join("outbox");
    if transport.is_none() {
        clear_outbox(&outbox)?;
    }

    let progress = Progress::new(matches.len() as u64);
    for m in &matches {
        let todo: Vec<&report::Report> = m
            .reports
            .iter()
            .copied()
            .filter(|r| opts.force || !ledger::was_sent(&sent_ledger, &m.advisor, r))
            .collect();
        if todo.is_empty() {
            progress.line(&format!("{}: unchanged since sent", m.advisor));
            summary.unchanged.push(m.advisor.clone());
            continue;
        }
        let message = match message_for(m, &todo, &from, transport.is_none()) {
            Ok(msg) => msg,
            Err(why) => {
                progress.line(&format!("{}: not sent: {why}", m.advisor));
                summary.not_sent.push(NotSent::Failed { advisor: m.advisor.clone(), why });
                continue;
            }
        };
        let to = m.row.to.as_ref().map(|t| t.email.to_string()).unwrap_or_default();
        match &transport {
            None => {
                let path = draft_path(&outbox, &m.advisor);
                crate::write::write_atomically(&path, |f| {
                    std::io::Write::write_all(f, &message.formatted()).map_err(|e| e.to_string())
                })?;
                progress.line(&format!("{}: draft {}", m.advisor, path.display()));
                summary.drafts.push(path);
            }
            Some(t) => match mail::deliver(t, &message) {
                Ok(()) => {
                    let id = message.headers().get_raw("Message-ID").unwrap_or_default().to_string();
                    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    let rows = todo
                        .iter()
                        .map(|r| ledger::Sent {
                            advisor: m.advisor.clone(),
                            report: r.relative.clone(),
                            sha256: r.sha256.clone(),
                            message_id: id.clone(),
                            sent_at: at.clone(),
                            to: to.clone(),
                        })
                        .collect();
                    if let Err(e) = ledger::record(&opts.dir, &mut sent_ledger, rows) {
                        progress.note(&format!("{}: sent, but not recorded: {e}", m.advisor));
                        summary.unrecorded.push(m.advisor.clone());
                    }
                    progress.line(&format!("{}: sent to {to} ({})", m.advisor, count(todo.len(), "report")));
                    summary.sent.push((m.advisor.clone(), to));
                }
                Err(why) => {
                    progress.line(&format!("{}: not sent: {why}", m.advisor));
                    summary.not_sent.push(NotSent::Failed { advisor: m.advisor.clone(), why });
                }
            },
        }
    }
    progress.finish();
    Ok(summary)
}

/// The message for one advisor: the note from `reports`, each attached with
/// the very bytes the figures were read from.
fn message_for(m: &Match, reports: &[&report::Report], from: &Mailbox, draft: bool) -> Result<lettre::Message, String> {
    let to = m.row.to.as_ref().map_err(Clone::clone)?;
    let mut attachments = Vec::new();
    for r in reports {
        let bytes = std::fs::read(&r.path).map_err(|e| format!("{}: cannot read the report: {e}", r.relative))?;
        if crate::read::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes)) != r.sha256 {
            return Err(format!("{}: the report changed while being sent; run send again", r.relative));
        }
        let name = r.relative.rsplit('/').next().unwrap_or(&r.relative).to_string();
        attachments.push(Attached { name, bytes });
    }
    let note = note::compose(&m.advisor, reports, m.row.note.as_deref());
    let shas: Vec<&str> = reports.iter().map(|r| r.sha256.as_str()).collect();
    let id = mail::message_id(from, &m.advisor, &shas, chrono::Utc::now());
    mail::build(from, to, &m.row.cc, &note, attachments, id, draft)
}

/// Removes the drafts of an earlier run, so the outbox holds exactly this
/// run's: an old draft opened and sent by mistake would carry old figures.
fn clear_outbox(outbox: &Path) -> Result<(), SendError> {
    let fail = |e: std::io::Error| crate::Error::Write { path: outbox.to_path_buf(), detail: e.to_string() };
    std::fs::create_dir_all(outbox).map_err(fail)?;
    for e in std::fs::read_dir(outbox).map_err(fail)?.filter_map(Result::ok) {
        if e.path().extension().is_some_and(|x| x == "eml") {
            std::fs::remove_file(e.path()).map_err(fail)?;
        }
    }
    Ok(())
}

/// `outbox/<advisor>.eml`, numbered when two advisors' names make one file
/// name.
fn draft_path(outbox: &Path, advisor: &str) -> PathBuf {
    let base = safe_name(advisor);
    let mut path = outbox.join(format!("{base}.eml"));
    let mut n = 2;
    while path.exists() {
        path = outbox.join(format!("{base} ({n}).eml"));
        n += 1;
    }
    path
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A bar on a terminal; a line per advisor otherwise (cron, CI).
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} advisors  {elapsed_precise}") {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar }
    }

    /// One advisor done.
    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => {
                bar.inc(1);
                bar.println(text);
            }
            None => eprintln!("{text}"),
        }
    }

    /// A remark that is not an advisor done.
    fn note(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The closing line: `send: sent 2, drafts 0, unchanged 1, not sent 2 (no
/// address: Di Dao; failed: Bob Brown)`.
pub fn summary_line(s: &SendSummary) -> String {
    let mut line = format!(
        "send: sent {}, drafts {}, unchanged {}, not sent {}",
        s.sent.len(),
        s.drafts.len(),
        s.unchanged.len(),
        s.not_sent.len()
    );
    let mut kinds: Vec<(&str, Vec<&str>)> = Vec::new();
    for n in &s.not_sent {
        match kinds.iter_mut().find(|(k, _)| *k == n.kind()) {
            Some((_, who)) => who.push(n.who()),
            None => kinds.push((n.kind(), vec![n.who()])),
        }
    }
    if !kinds.is_empty() {
        let parts: Vec<String> = kinds.iter().map(|(k, who)| format!("{k}: {}", who.join(", "))).collect();
        line.push_str(&format!(" ({})", parts.join("; ")));
    }
    line
}

/// Runs the command and prints its summary; returns the exit code.
pub fn execute(opts: &SendArgs) -> i32 {
    let password = std::env::var(mail::PASSWORD_VAR).ok().filter(|p| !p.is_empty());
    match send(opts, password) {
        Ok(s) => {
            println!("{}", summary_line(&s));
            if !s.drafts.is_empty() {
                println!(
                    "drafts in {}: open each in your mail program, check it, send it",
                    opts.dir.join("outbox").display()
                );
            }
            for n in &s.not_sent {
                eprintln!("tierbook: {n}");
            }
            for a in &s.unrecorded {
                eprintln!("tierbook: {a}: sent, but the sent ledger could not be written: the next run sends it again");
            }
            exit_unless_failed(s.not_sent.iter().any(NotSent::is_failure) || !s.unrecorded.is_empty())
        }
        Err(e) => {
            eprintln!("tierbook: {e}");
            match e {
                SendError::Smtp(_) | SendError::Sender(_) => EXIT_USAGE,
                _ => EXIT_FAILED,
            }
        }
    }
}
