//! tierbook's entry point: parse the command line, run the library.

use clap::Parser;

fn main() {
    // `tierbook run book.xlsx | head -1`: when the reader of our output goes
    // away, end quietly as command-line tools do, instead of panicking on
    // the next line printed. Restoring the default SIGPIPE action is what
    // the C runtime would have done; Rust's runtime ignores the signal.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists;
    // SIG_DFL is a valid action for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = tierbook::cli::Cli::parse();
    std::process::exit(tierbook::cli::dispatch(cli));
}
