//! `keikaku` binary: parse the command line, run it, turn the outcome into an exit status.

use std::process::ExitCode;

use clap::Parser;
use keikaku::cli::{self, Cli, EXIT_USAGE};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`keikaku extract | head`) is a normal way to stop reading.
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || e.downcast_ref::<serde_json::Error>()
                        .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("keikaku: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
