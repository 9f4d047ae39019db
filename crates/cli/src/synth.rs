//! `ansinh synth`: writes a synthetic district `Dataset` (see `docs/dataset-format.md`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ansinh_core::synth;

#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// Number of households (Kon Rẫy has about 7,500).
    #[arg(long, default_value_t = 7_500, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    pub households: u32,
    /// Random seed: the same seed always gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output file; `-` or no option writes to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Indent the JSON for reading.
    #[arg(long)]
    pub pretty: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("cannot encode the dataset as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

pub fn run(args: &SynthArgs) -> Result<(), SynthError> {
    let data = synth::district(args.households as usize, args.seed);
    let mut json = if args.pretty { serde_json::to_string_pretty(&data)? } else { serde_json::to_string(&data)? };
    json.push('\n');
    let persons: usize = data.households.iter().map(|h| h.members.len()).sum();
    match args.output.as_deref() {
        None => write_stdout(&json)?,
        Some(p) if p == Path::new("-") => write_stdout(&json)?,
        Some(path) => {
            write_file(path, &json)?;
            eprintln!(
                "ansinh: wrote {} households ({persons} persons) and {} figure records to {}",
                data.households.len(),
                data.figures.len(),
                path.display()
            );
        }
    }
    Ok(())
}

fn write_stdout(json: &str) -> Result<(), SynthError> {
    let mut out = std::io::stdout().lock();
    out.write_all(json.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| SynthError::Write { path: PathBuf::from("<stdout>"), source })
}

/// Writes beside the target and renames, so a failed run never leaves half a file behind.
fn write_file(path: &Path, json: &str) -> Result<(), SynthError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let err = |source| SynthError::Write { path: path.to_owned(), source };
    fs::write(&tmp, json).map_err(err)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        err(e)
    })
}
