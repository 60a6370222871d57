//! tierbook's entry point: parse the command line, run the library.

use clap::Parser;

fn main() {
    let cli = tierbook::cli::Cli::parse();
    std::process::exit(tierbook::cli::dispatch(cli));
}
