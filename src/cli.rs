//! The command line, declared with clap. `main` parses it and hands the
//! chosen subcommand to [`crate::cli::dispatch`].

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
  tierbook check book.xlsx                      lists every problem, changes nothing

Exit codes: 0 ok · 1 a book could not be processed · 2 bad usage.";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tier every client of BOOK and write the report workbook.
    ///
    /// BOOK is an .xlsx, .xlsm, .xlsb, .xls or .ods workbook with a Clients
    /// and a Criteria sheet (Tiers and Settings optional), or a .csv client
    /// list. The report holds a Summary, one sheet per tier, the Criteria and
    /// the Issues met. The book itself is never modified.
    #[command(after_help = "Example:\n  tierbook run samples/practice.xlsx")]
    Run {
        /// The advisor's book.
        book: PathBuf,
        /// Where to write the report [default: BOOK.tiers.xlsx beside BOOK].
        #[arg(short, long, value_name = "OUT.xlsx")]
        output: Option<PathBuf>,
        /// Last year's tierbook report, for the Review sheet (wins over the
        /// book's Previous Tier column).
        #[arg(long, value_name = "OLD.xlsx")]
        previous: Option<PathBuf>,
        /// Print nothing on success.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Read and validate BOOK without writing anything.
    ///
    /// Lists every problem and issue as `file: Sheet!Cell: message`. Exits 1
    /// when any problem stops the book from being tiered, 0 otherwise.
    #[command(after_help = "Example:\n  tierbook check samples/practice.xlsx")]
    Check {
        /// The advisor's book.
        book: PathBuf,
    },
}

/// Runs the parsed command line; returns the process exit code.
pub fn dispatch(cli: Cli) -> i32 {
    match cli.command {
        Command::Run { book, output, previous, quiet } => {
            cmd::run::execute(&cmd::run::RunOptions { book, output, previous, quiet })
        }
        Command::Check { book } => cmd::check::execute(&cmd::check::CheckOptions { book }),
    }
}
