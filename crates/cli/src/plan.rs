//! `ansinh plan`: prints the embedded plan as JSON, or validates and prints another plan file.
//!
//! Contract: success prints the plan (pretty JSON, the file's key order) on stdout and exits 0;
//! a file that cannot be read, is not JSON, has a wrong field or breaks a plan rule prints one
//! error naming the file and the field path (`PlanError`) and exits non-zero.

use std::path::PathBuf;

use ansinh_core::domain::plan::{Plan, PlanError};

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// A plan JSON file to validate and print instead of the embedded Kon Rẫy plan.
    #[arg(long, value_name = "PLAN.json")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanCmdError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: {source}", path.display())]
    Invalid { path: PathBuf, source: PlanError },
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
}

/// Reads and validates a plan file (shared with `eval --plan`).
pub fn load(path: &PathBuf) -> Result<Plan, PlanCmdError> {
    let text = std::fs::read_to_string(path).map_err(|source| PlanCmdError::Read { path: path.clone(), source })?;
    Plan::from_json(&text).map_err(|source| PlanCmdError::Invalid { path: path.clone(), source })
}

pub fn run(args: &PlanArgs) -> Result<(), PlanCmdError> {
    let owned;
    let plan = match &args.file {
        Some(path) => {
            owned = load(path)?;
            &owned
        }
        None => Plan::embedded(),
    };
    let mut json = plan.to_json_pretty();
    json.push('\n');
    crate::print_stdout(&json).map_err(PlanCmdError::Stdout)
}
