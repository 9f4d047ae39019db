//! `ansinh-hub`: the district hub on its own (the same as `ansinh serve`).

use std::process::ExitCode;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(
    name = "ansinh-hub",
    version,
    about = "An Sinh district hub: receives, merges and hands back the communes' records"
)]
struct Cli {
    #[command(flatten)]
    serve: ansinh_hub::cli::ServeArgs,
}

fn main() -> ExitCode {
    match ansinh_hub::cli::run(Cli::parse().serve) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ansinh-hub: error: {e}");
            ExitCode::FAILURE
        }
    }
}
