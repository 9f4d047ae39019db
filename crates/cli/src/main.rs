//! `ansinh`: the district office's command line over the An Sinh core.
//!
//! Contract: every subcommand is a thin shell over `ansinh-core`; failures print one clear line
//! (`ansinh: error: …`) on stderr and exit non-zero. Today: `synth`. `plan`, `eval` and `merge`
//! are added as further `Command` variants by their owners.

mod synth;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "ansinh", version, about = "An Sinh — Kon Rẫy social-policy plan to 2030: command-line tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a synthetic Kon Rẫy district dataset (households and entered figures) as JSON.
    Synth(synth::SynthArgs),
}

/// Errors of any subcommand, as shown to the user.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Synth(#[from] synth::SynthError),
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Synth(args) => synth::run(&args)?,
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ansinh: error: {e}");
            ExitCode::FAILURE
        }
    }
}
