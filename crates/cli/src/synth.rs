//! `ansinh synth`: writes a synthetic district `Dataset` (see `docs/dataset-format.md`), or the
//! same records as a bundle file (`--bundle`), the file a tablet imports in "Nhập tệp".

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ansinh_core::domain::plan::Plan;
use ansinh_core::sync::bundle::{ExportOptions, ExportScope, LocalState};
use ansinh_core::synth;
use chrono::TimeZone;

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
    /// Write a bundle file (what tablets exchange) instead of a dataset: to try an import of
    /// the whole district on a tablet.
    #[arg(long)]
    pub bundle: bool,
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
    let mut json = if args.bundle {
        as_bundle(&data, args.seed).to_json(args.pretty)
    } else if args.pretty {
        serde_json::to_string_pretty(&data)?
    } else {
        serde_json::to_string(&data)?
    };
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

/// The dataset as one bundle of the whole district, the same for the same seed (its id and
/// time are fixed, not drawn).
fn as_bundle(data: &ansinh_core::domain::survey::Dataset, seed: u64) -> ansinh_core::sync::bundle::Bundle {
    let mut state = LocalState::new();
    for h in &data.households {
        state.save_household(h.clone());
    }
    for f in &data.figures {
        state.save_figures(f.clone());
    }
    let options = ExportOptions {
        bundle_id: uuid::Uuid::from_u128(0x5e_0000_0000 + u128::from(seed)),
        device_id: "ansinh-synth".into(),
        exported_at: chrono::Utc.with_ymd_and_hms(synth::SURVEY_YEAR, 12, 1, 0, 0, 0).single().unwrap_or_default(),
        org_unit: "kon-ray".into(),
        scope: ExportScope::All,
    };
    state.export(Plan::embedded(), &options)
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
