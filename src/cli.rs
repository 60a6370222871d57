//! The command line, declared with clap. `main` parses it and hands the
//! chosen subcommand to [`crate::cli::dispatch`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::batch::inbox::Shard;
use crate::cmd;

/// Score an advisor's clients, sort them into service tiers, and write a
/// tiered service-plan workbook.
#[derive(Debug, Parser)]
#[command(name = "tierbook", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  tierbook run samples/practice.xlsx            writes samples/practice.tiers.xlsx
  tierbook run book.xlsx -o reports/2026.xlsx   chooses where the report goes
  tierbook run clients.csv --template abc-15    tiers a bare client list with a ready model
  tierbook check book.xlsx                      lists every problem, changes nothing
  tierbook init my-book.xlsx                    writes a starter book to fill in
  tierbook templates                            lists the ready models
  tierbook batch inbox --out reports            the nightly run over every advisor's books
  tierbook send reports --advisors list.csv     each advisor's report and a note, as drafts

Exit codes: 0 ok · 1 a book could not be processed · 2 bad usage.";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tier every client of BOOK and write the report workbook.
    ///
    /// BOOK is an .xlsx, .xlsm, .xlsb, .xls or .ods workbook with a Clients
    /// and a Criteria sheet (Tiers, Exceptions, Rules, Services, Staff and
    /// Settings optional), or a .csv client list. With --template, the
    /// template supplies the sheets the book lacks. The report holds a
    /// Summary, one sheet per tier, the service grid, resources, calendar,
    /// exceptions, review, criteria and the Issues met. The book itself is
    /// never modified.
    #[command(after_help = "Examples:\n  tierbook run samples/practice.xlsx\n  \
                            tierbook run clients.csv --template abc-15\n  \
                            tierbook run book.xlsx --template my-model.toml -o plan.xlsx")]
    Run(RunArgs),
    /// Read and validate BOOK without writing anything.
    ///
    /// Lists every problem and issue as `file: Sheet!Cell: message`. Exits 1
    /// when any problem stops the book from being tiered, 0 otherwise.
    #[command(after_help = "Examples:\n  tierbook check samples/practice.xlsx\n  \
                            tierbook check clients.csv --template abc-15")]
    Check(CheckArgs),
    /// Write a starter book to fill in.
    ///
    /// Every input sheet, with its headers and the template's rows (criteria,
    /// tiers, rules, services, settings, an example team and a few example
    /// clients), dropdowns for the usual values, a note on every column and
    /// an Instructions sheet. Never overwrites an existing file.
    #[command(after_help = "Examples:\n  tierbook init my-book.xlsx\n  \
                            tierbook init my-book.xlsx --template ideal-preideal\n  \
                            tierbook init my-book.xlsx --from crm-export.csv")]
    Init(InitArgs),
    /// Tier every book under INBOX (the nightly batch) into DIR.
    ///
    /// Finds every workbook and CSV list under INBOX (one folder per advisor
    /// is typical; lock, hidden and temporary files are skipped), processes
    /// them in parallel exactly like `run`, and writes
    /// DIR/<inbox folder>/<book>.tiers.xlsx, a CRM list <book>.tiers.csv,
    /// DIR/run-report.csv and the coach's DIR/portfolio.xlsx. Books unchanged
    /// since their last successful run are not redone. One broken book never
    /// stops the others; the exit code is 1 when any failed, 130/143 when
    /// interrupted by SIGINT/SIGTERM (finished books are kept).
    #[command(after_help = "Examples:\n  tierbook batch /srv/books --out /srv/reports\n  \
                            tierbook batch inbox --out reports --jobs 2 --force\n  \
                            tierbook batch inbox --out reports --shard 2/4   # this machine's quarter\n  \
                            tierbook rollup reports                          # after every shard")]
    Batch(BatchArgs),
    /// Rebuild the coach's DIR/portfolio.xlsx from a batch's results.
    #[command(after_help = "Example:\n  tierbook rollup /srv/reports")]
    Rollup {
        /// The batch's output folder.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Send each advisor their reports from a batch, with a cover note.
    ///
    /// DIR is a batch's output folder; ADVISORS a CSV or workbook with the
    /// columns Advisor and Email (Cc and Coach Note optional, and a From row
    /// for the sender). One message per advisor: their report workbooks
    /// attached, and a note from the reports' own figures (clients per tier
    /// and movement, reviews overdue, warnings, input issues). Without
    /// --smtp, writes drafts to DIR/outbox/ to open and send from a mail
    /// program. With --smtp, sends them; the password is read from
    /// TIERBOOK_SMTP_PASSWORD. What was sent is recorded in
    /// DIR/.tierbook-sent/, so a rerun sends only new or changed reports.
    /// The exit code is 1 when any advisor's report did not go.
    #[command(after_help = "Examples:\n  tierbook send reports --advisors advisors.csv --from coach@practice.com\n  \
                            TIERBOOK_SMTP_PASSWORD=… tierbook send reports --advisors advisors.xlsx \\\n      \
                            --smtp smtps://coach%40practice.com@mail.practice.com:465")]
    Send(SendArgs),
    /// List the ready models, or print one.
    #[command(after_help = "Examples:\n  tierbook templates\n  tierbook templates show abc-15 > my-model.toml")]
    Templates {
        /// What to do; without it, list them.
        #[command(subcommand)]
        action: Option<TemplatesAction>,
    },
}

/// `tierbook send`: the arguments, as clap reads them.
#[derive(Debug, Clone, Args)]
pub struct SendArgs {
    /// The batch's output folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The advisors list (CSV or workbook): Advisor, Email, Cc, Coach Note.
    #[arg(long, value_name = "ADVISORS")]
    pub advisors: PathBuf,
    /// Send through this server: smtp://host:587 (STARTTLS) or
    /// smtps://host:465; plain smtp:// only to this machine. Without it,
    /// drafts go to DIR/outbox/.
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// The sender's address [default: the From row of ADVISORS].
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
    /// Send again what was already sent.
    #[arg(long)]
    pub force: bool,
}

/// `tierbook run`: the arguments, as clap reads them.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The advisor's book.
    pub book: PathBuf,
    /// Where to write the report [default: BOOK.tiers.xlsx beside BOOK].
    #[arg(short, long, value_name = "OUT.xlsx")]
    pub output: Option<PathBuf>,
    /// Last year's tierbook report, for the Review sheet (wins over the
    /// book's Previous Tier column).
    #[arg(long, value_name = "OLD.xlsx")]
    pub previous: Option<PathBuf>,
    /// A ready model (`tierbook templates` lists them) or the path to your
    /// own .toml template: it supplies Criteria, Tiers, Rules, Services and
    /// Settings wherever the book has no such sheet.
    #[arg(long, value_name = "T")]
    pub template: Option<String>,
    /// Print nothing on success.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `tierbook check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The advisor's book.
    pub book: PathBuf,
    /// A template supplying the sheets the book lacks, as for `run`.
    #[arg(long, value_name = "T")]
    pub template: Option<String>,
}

/// `tierbook init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The new book (.xlsx); it must not exist yet.
    #[arg(value_name = "NEW.xlsx")]
    pub book: PathBuf,
    /// The ready model to start from, or a .toml template [default: abc-15].
    #[arg(long, value_name = "T")]
    pub template: Option<String>,
    /// Build the book around your own client list (a CRM export as CSV,
    /// or any workbook) instead of example clients: every row and column
    /// is kept, the template's criteria read your columns where you have
    /// them, and the others get blank columns to fill in.
    #[arg(long, value_name = "LIST")]
    pub from: Option<PathBuf>,
}

/// `tierbook batch`: the arguments, as clap reads them.
#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// The folder holding the advisors' folders of books.
    pub inbox: PathBuf,
    /// Where to write the reports.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A ready model (or .toml) for books that lack sheets.
    #[arg(long, value_name = "T")]
    pub template: Option<String>,
    /// Books processed at once [default: every core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub jobs: Option<u32>,
    /// Redo every book, even unchanged ones.
    #[arg(long)]
    pub force: bool,
    /// Process only slice K of N (1-based), for several machines sharing a night.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// No per-book lines: only the start and end lines and failures.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `templates` subcommands.
#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Print a template's TOML text (a built-in name or a .toml path).
    Show {
        /// The template.
        #[arg(value_name = "NAME")]
        name: String,
    },
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    Shard::parse(text)
}

/// Runs the parsed command line; returns the process exit code. An error a
/// command returns is printed here, once, and mapped to its exit code
/// ([`cmd::exit_code`]).
pub fn dispatch(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Run(args) => cmd::run::execute(&args),
        Command::Check(args) => cmd::check::execute(&args),
        Command::Init(args) => cmd::init::execute(&args),
        Command::Batch(args) => return cmd::batch::execute(&args),
        Command::Send(args) => return cmd::send::execute(&args),
        Command::Rollup { dir } => return cmd::rollup::execute(&dir),
        Command::Templates { action } => cmd::templates::execute(action.as_ref()),
    };
    result.unwrap_or_else(|e| {
        eprintln!("tierbook: {e}");
        cmd::exit_code(&e)
    })
}
