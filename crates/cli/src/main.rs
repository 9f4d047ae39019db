//! `ansinh`: the district office's command line over the An Sinh core.
//!
//! Contract: every subcommand is a thin shell over `ansinh-core`; failures print one clear line
//! (`ansinh: error: …`) on stderr and exit non-zero. Today: `synth`, `plan`, `eval`, `merge`, `keys`, and
//! `serve` (the district hub, `crates/hub`).

mod eval;
mod keys;
mod merge;
mod plan;
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
    /// Print the embedded plan as JSON, or validate and print another plan file (--file).
    Plan(plan::PlanArgs),
    /// Evaluate every indicator for every org unit from dataset files; JSON or --table.
    Eval(eval::EvalArgs),
    /// Make the district's key pair for encrypted bundles (`keys new -o identity.txt`).
    Keys(keys::KeysArgs),
    /// Merge bundles from tablets into one bundle (conflicts kept, duplicates counted once).
    Merge(merge::MergeArgs),
    /// Run the district hub (receives, merges and hands back the tablets' records), or manage its
    /// device tokens (`serve token create|list|revoke`).
    #[cfg(feature = "serve")]
    Serve(ansinh_hub::cli::ServeArgs),
}

/// Errors of any subcommand, as shown to the user.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Synth(#[from] synth::SynthError),
    #[error(transparent)]
    Plan(#[from] plan::PlanCmdError),
    #[error(transparent)]
    Eval(#[from] eval::EvalError),
    #[error(transparent)]
    Merge(#[from] merge::MergeError),
    #[error(transparent)]
    Keys(#[from] keys::KeysError),
    #[cfg(feature = "serve")]
    #[error(transparent)]
    Serve(#[from] ansinh_hub::cli::ServeError),
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Synth(args) => synth::run(&args)?,
        Command::Plan(args) => plan::run(&args)?,
        Command::Eval(args) => eval::run(&args)?,
        Command::Merge(args) => merge::run(&args)?,
        Command::Keys(args) => keys::run(&args)?,
        #[cfg(feature = "serve")]
        Command::Serve(args) => ansinh_hub::cli::run(args)?,
    }
    Ok(())
}

/// Writes `text` to standard output. A reader that stops early (`| head`) is not an error.
pub(crate) fn print_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
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
