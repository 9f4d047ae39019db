//! `ansinh merge BUNDLE… [-o FILE] [--pretty]`: merges tablets' bundles into one bundle
//! (`docs/bundle-format.md`).
//!
//! Contract:
//! - Every input is read and fully validated against the plan (embedded, or `--plan`) before
//!   anything is written; one bad file stops the command with its name and the core's message
//!   (Vietnamese by default, `--lang en`), and no output file is created.
//! - The inputs are merged with the core's merge (newer versions win along a history,
//!   concurrent edits are kept as conflicts, tombstones are kept); a bundle given twice (same
//!   `bundle_id`) counts once. The output is a full export of the merged state: its id is
//!   derived from the inputs' ids, so merging the same bundles again gives the same id.
//! - Inputs may be age-encrypted (`--identity FILE` for the district's key, a passphrase from
//!   `ANSINH_PASSPHRASE` or the terminal); a file that does not open stops the command and
//!   nothing is written. `--recipient age1…` encrypts the output to that key.
//! - The output's org unit (`--org-unit`, default the district) must contain every input's org
//!   unit, so no record is left out. A summary goes to stderr; the file is written atomically.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use ansinh_core::domain::plan::Plan;
use ansinh_core::i18n::Lang;
use ansinh_core::sync::bundle::{
    derived_bundle_id, merge, parse_bundle, validate_bundle, Bundle, ExportOptions, ExportScope, ImportError, Limits,
    LocalState, MergeReport, DEFAULT_MAX_BYTES,
};
use chrono::{DateTime, Utc};

use crate::keys::{OpenArgs, OpenError, Opener};
use crate::plan::{load, PlanCmdError};

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Bundle files exported by tablets (or by earlier merges).
    #[arg(required = true, value_name = "BUNDLE")]
    pub files: Vec<PathBuf>,
    /// Output file; `-` or no option writes to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Indent the JSON for reading.
    #[arg(long)]
    pub pretty: bool,
    /// Org unit of the merged bundle (default: the plan's district).
    #[arg(long, value_name = "ID")]
    pub org_unit: Option<String>,
    /// Device id written in the merged bundle.
    #[arg(long, default_value = "ansinh-cli")]
    pub device_id: String,
    /// Export time written in the merged bundle (RFC 3339; default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<DateTime<Utc>>,
    /// Largest bundle accepted, in MB.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES / 1_000_000)]
    pub max_mb: usize,
    /// Language of messages: `vi` or `en`.
    #[arg(long, default_value = "vi", value_parser = ["vi", "en"])]
    pub lang: String,
    /// Validate against this plan file instead of the embedded plan.
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub open: OpenArgs,
    /// Encrypt the output to this public key (`age1…`, from `ansinh keys new`).
    #[arg(long, value_name = "AGE1_KEY")]
    pub recipient: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// The core's message, already in the chosen language.
    #[error("{}:\n{message}", path.display())]
    Import { path: PathBuf, message: String, source: ImportError },
    #[error("{0}")]
    Scope(String),
    #[error("the merged bundle does not validate (a bug, please report it): {0}")]
    Output(ImportError),
    #[error(transparent)]
    Plan(#[from] PlanCmdError),
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("--recipient: {0}")]
    Recipient(String),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// Bundle files read and merged, in the order given.
pub struct Merged {
    pub state: LocalState,
    pub bundles: Vec<(PathBuf, Bundle)>,
    pub reports: Vec<MergeReport>,
}

/// Reads, validates and merges bundle files into one state, in order; any bad file stops it.
/// Shared with commands that read bundles (`eval` can take `state.dataset()`).
pub fn read_bundles(
    files: &[PathBuf],
    plan: &Plan,
    limits: &Limits,
    lang: Lang,
    opener: &Opener,
) -> Result<Merged, MergeError> {
    // Validate everything first: a bad last file must not leave a half-merged result behind.
    let mut bundles = Vec::with_capacity(files.len());
    for path in files {
        let bytes = opener.open(path, read_limited(path, limits.max_bytes, lang)?)?;
        let bundle = parse_bundle(&bytes, plan, limits).map_err(|source| MergeError::Import {
            path: path.clone(),
            message: source.message(lang),
            source,
        })?;
        bundles.push((path.clone(), bundle));
    }
    let mut state = LocalState::new();
    let reports = bundles.iter().map(|(_, b)| merge(&mut state, b)).collect();
    Ok(Merged { state, bundles, reports })
}

/// Reads a file unless it is over the limit: a huge file is refused by its size, with the
/// core's message, before it is loaded. At most `limit + 1` bytes are read in any case (a file
/// growing meanwhile), which the parser then refuses.
fn read_limited(path: &Path, limit: usize, lang: Lang) -> Result<Vec<u8>, MergeError> {
    let err = |source| MergeError::Read { path: path.to_owned(), source };
    let file = fs::File::open(path).map_err(err)?;
    let size = file.metadata().map_err(err)?.len();
    if size > limit as u64 {
        let source = ImportError::TooLarge { size: usize::try_from(size).unwrap_or(usize::MAX), limit };
        return Err(MergeError::Import { path: path.to_owned(), message: source.message(lang), source });
    }
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(err)?;
    Ok(bytes)
}

pub fn run(args: &MergeArgs) -> Result<(), MergeError> {
    let lang = Lang::from_code(&args.lang).unwrap_or_default();
    let owned;
    let plan = match &args.plan {
        Some(path) => {
            owned = load(path)?;
            &owned
        }
        None => Plan::embedded(),
    };
    let limits = Limits { max_bytes: args.max_mb.saturating_mul(1_000_000) };
    // A bad key is found before any input is read.
    let recipient = match &args.recipient {
        Some(text) => Some(crate::keys::parse_recipient(text).map_err(MergeError::Recipient)?),
        None => None,
    };
    let opener = Opener::new(&args.open, lang)?;
    let Merged { mut state, bundles, reports } = read_bundles(&args.files, plan, &limits, lang, &opener)?;

    let org_unit = match &args.org_unit {
        Some(id) => id.clone(),
        None => plan.org_units.district().map(|d| d.id.clone()).unwrap_or_default(),
    };
    if plan.org_units.get(&org_unit).is_none() {
        return Err(MergeError::Scope(match lang {
            Lang::Vi => format!("đơn vị “{org_unit}” không có trong kế hoạch"),
            Lang::En => format!("org unit “{org_unit}” is not in the plan"),
        }));
    }
    for (path, b) in &bundles {
        if !plan.org_units.is_within(&b.org_unit, &org_unit) {
            return Err(MergeError::Scope(match lang {
                Lang::Vi => format!(
                    "{}: gói thuộc đơn vị “{}”, nằm ngoài “{org_unit}”; hãy chọn --org-unit bao gồm mọi gói",
                    path.display(),
                    b.org_unit
                ),
                Lang::En => format!(
                    "{}: the bundle's org unit “{}” is outside “{org_unit}”; choose an --org-unit that covers every bundle",
                    path.display(),
                    b.org_unit
                ),
            }));
        }
    }

    let ids: Vec<_> = bundles.iter().map(|(_, b)| b.bundle_id).collect();
    let options = ExportOptions {
        bundle_id: derived_bundle_id(&ids),
        device_id: args.device_id.clone(),
        exported_at: args.at.unwrap_or_else(Utc::now),
        org_unit,
        scope: ExportScope::All,
    };
    let out = state.export(plan, &options);
    validate_bundle(&out, plan).map_err(MergeError::Output)?;
    let json = out.to_json(args.pretty);
    let bytes = match &recipient {
        Some(key) => ansinh_core::security::crypt::encrypt_to_recipient(key, json.as_bytes()),
        None => json.into_bytes(),
    };

    let target = args.output.as_deref().filter(|p| *p != Path::new("-"));
    match target {
        None => print_bytes(&bytes).map_err(|source| MergeError::Write { path: "<stdout>".into(), source })?,
        Some(path) => write_file(path, &bytes)?,
    }
    eprintln!("{}", summary(&bundles, &reports, &out, target, lang));
    Ok(())
}

fn summary(
    bundles: &[(PathBuf, Bundle)],
    reports: &[MergeReport],
    out: &Bundle,
    target: Option<&Path>,
    lang: Lang,
) -> String {
    let mut lines = Vec::new();
    for ((path, _), r) in bundles.iter().zip(reports) {
        lines.push(match (lang, r.already_imported) {
            (Lang::Vi, true) => format!("ansinh: {}: gói đã gộp trước đó (trùng mã gói), bỏ qua", path.display()),
            (Lang::En, true) => format!("ansinh: {}: already merged (same bundle id), skipped", path.display()),
            (Lang::Vi, false) => format!(
                "ansinh: {}: thêm {}, cập nhật {}, xóa {}, giữ nguyên {}, giữ bản mới hơn {}, xung đột {}",
                path.display(),
                r.added,
                r.updated,
                r.deleted,
                r.unchanged,
                r.kept_local,
                r.conflicts
            ),
            (Lang::En, false) => format!(
                "ansinh: {}: added {}, updated {}, deleted {}, unchanged {}, kept newer {}, conflicts {}",
                path.display(),
                r.added,
                r.updated,
                r.deleted,
                r.unchanged,
                r.kept_local,
                r.conflicts
            ),
        });
    }
    let dest = target.map(|p| p.display().to_string()).unwrap_or_else(|| "stdout".into());
    let conflicted = out.conflicts.iter().map(|v| v.key()).collect::<std::collections::BTreeSet<_>>().len();
    lines.push(match lang {
        Lang::Vi => format!(
            "ansinh: đã gộp {} gói → {dest}: {} hộ, {} bản số liệu, {} báo cáo, {} bản ghi đã xóa, {} bản ghi đang xung đột",
            bundles.len(),
            out.households.len(),
            out.figures.len(),
            out.reports.len(),
            out.tombstones.len(),
            conflicted
        ),
        Lang::En => format!(
            "ansinh: merged {} bundles → {dest}: {} households, {} figure records, {} reports, {} deleted records, {} records in conflict",
            bundles.len(),
            out.households.len(),
            out.figures.len(),
            out.reports.len(),
            out.tombstones.len(),
            conflicted
        ),
    });
    lines.join("\n")
}

/// Writes beside the target and renames, so a failed run never leaves half a file behind.
fn write_file(path: &Path, json: &[u8]) -> Result<(), MergeError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let err = |source| MergeError::Write { path: path.to_owned(), source };
    fs::write(&tmp, json).map_err(err)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        err(e)
    })
}

/// Writes bytes (JSON, or an encrypted file) to standard output; `| head` is not an error.
fn print_bytes(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}
