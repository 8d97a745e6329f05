//! `keikaku` binary: parse the command line, run it, turn the outcome into an exit status.

use std::process::ExitCode;

use clap::Parser;
use keikaku::cli::{self, Cli, UsageError, EXIT_USAGE};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`keikaku extract | head`) is a normal way to stop reading.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("keikaku: {err:#}");
            let _ = err.downcast_ref::<UsageError>();
            ExitCode::from(EXIT_USAGE)
        }
    }
}
