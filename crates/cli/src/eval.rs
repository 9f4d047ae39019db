//! `ansinh eval FILE… [--year Y] [--org ID] [--table]`: evaluates the plan's indicators.
//!
//! Contract:
//! - Reads one or more files, each either a bundle exported by the app (`docs/bundle-format.md`,
//!   recognised by `"format": "ansinh-bundle"`) or a `Dataset` file (`docs/dataset-format.md`).
//!   Bundles are validated whole and merged as the app merges them (conflicts keep their
//!   provisional version, deletions apply); the result and the dataset files are then merged by
//!   record id: for the same household or figures id the newest `meta.updated_at` wins (on a
//!   tie, the file given later). Records keep the order of their first appearance.
//! - Evaluates the embedded plan (or `--plan FILE`) for `--year`, by default the latest year
//!   with data, and prints the `Evaluation` as JSON. `--org ID` keeps that unit only (the same
//!   shape with a single org unit). `--table` prints an aligned table instead, for the district
//!   or the `--org` unit: indicator, name, value, target, status, numerator/denominator.
//! - Any bad input — unreadable file, not JSON, wrong shape (the field path is named), no data
//!   at all, unknown org id — prints one error naming the file or the id and exits non-zero.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use ansinh_core::bundle::Limits;
use ansinh_core::engine::{self, format_target, EngineError, Evaluation, IndicatorResult};
use ansinh_core::i18n::Lang;
use ansinh_core::plan::Plan;
use ansinh_core::survey::Dataset;
use uuid::Uuid;

use crate::plan::{load, PlanCmdError};

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Bundle files exported by the app, or dataset JSON files; merged by record id.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Year to evaluate (default: the latest year with data).
    #[arg(long)]
    pub year: Option<i32>,
    /// Only this org unit (e.g. `dak-koi`, `dak-koi-thon-1`, `kon-ray`).
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,
    /// Print an aligned table instead of JSON.
    #[arg(long)]
    pub table: bool,
    /// Language of the table: `vi` or `en`.
    #[arg(long, default_value = "vi", value_parser = ["vi", "en"])]
    pub lang: String,
    /// Evaluate this plan file instead of the embedded plan.
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: not a dataset file: {detail}", path.display())]
    Shape { path: PathBuf, detail: String },
    #[error("the files hold no household or figure record, so there is no year to evaluate (give --year)")]
    NoData,
    #[error("unknown org unit {id:?} (known: {known})")]
    UnknownOrg { id: String, known: String },
    #[error(transparent)]
    Plan(#[from] PlanCmdError),
    #[error(transparent)]
    Bundle(#[from] crate::merge::MergeError),
    #[error("cannot evaluate the plan: {0}")]
    Engine(#[from] EngineError),
    #[error("cannot encode the result as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
}

/// Whether a file is an app bundle: only its top-level `format` is looked at here; the bundle
/// parser validates the rest.
fn is_bundle(path: &PathBuf) -> Result<bool, EvalError> {
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<serde_json::Value>,
    }
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read { path: path.clone(), source })?;
    Ok(serde_json::from_str::<Probe>(&text)
        .ok()
        .and_then(|p| p.format)
        .is_some_and(|f| f == ansinh_core::bundle::FORMAT_NAME))
}

/// Parses one dataset file, naming the failing field path and position.
fn read_dataset(path: &PathBuf) -> Result<Dataset, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read { path: path.clone(), source })?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        let detail = if field.is_empty() || field == "." { inner.to_string() } else { format!("{field}: {inner}") };
        EvalError::Shape { path: path.clone(), detail }
    })
}

/// Merges datasets by record id; the newest `updated_at` wins, a tie goes to the later file.
pub fn merge(sets: Vec<Dataset>) -> Dataset {
    fn merge_by<T>(
        items: impl Iterator<Item = T>,
        key: impl Fn(&T) -> (Uuid, chrono::DateTime<chrono::Utc>),
    ) -> Vec<T> {
        let mut out: Vec<T> = Vec::new();
        let mut at: HashMap<Uuid, usize> = HashMap::new();
        for item in items {
            let (id, updated) = key(&item);
            match at.get(&id) {
                Some(&i) if key(&out[i]).1 <= updated => out[i] = item,
                Some(_) => {}
                None => {
                    at.insert(id, out.len());
                    out.push(item);
                }
            }
        }
        out
    }
    let (mut hs, mut fs) = (Vec::new(), Vec::new());
    for d in sets {
        hs.extend(d.households);
        fs.extend(d.figures);
    }
    Dataset {
        households: merge_by(hs.into_iter(), |h| (h.meta.id, h.meta.updated_at)),
        figures: merge_by(fs.into_iter(), |f| (f.meta.id, f.meta.updated_at)),
    }
}

pub fn run(args: &EvalArgs) -> Result<(), EvalError> {
    let owned;
    let plan: &Plan = match &args.plan {
        Some(p) => {
            owned = load(p)?;
            &owned
        }
        None => Plan::embedded(),
    };
    if let Some(id) = &args.org {
        if plan.org_units.get(id).is_none() {
            // Villages are many; name the district and the communes, and the village pattern.
            let mut known: Vec<&str> = plan.org_units.district().map(|d| d.id.as_str()).into_iter().collect();
            known.extend(plan.org_units.communes().iter().map(|u| u.id.as_str()));
            let example = plan.org_units.villages().first().map(|v| v.id.clone()).unwrap_or_default();
            let known = format!("{}, and their villages such as {example}", known.join(", "));
            return Err(EvalError::UnknownOrg { id: id.clone(), known });
        }
    }
    let lang = Lang::from_code(&args.lang).unwrap_or(Lang::Vi);
    let (mut bundle_files, mut dataset_files) = (Vec::new(), Vec::new());
    for f in &args.files {
        if is_bundle(f)? {
            bundle_files.push(f.clone())
        } else {
            dataset_files.push(f.clone())
        }
    }
    let mut sets = Vec::new();
    if !bundle_files.is_empty() {
        let merged = crate::merge::read_bundles(&bundle_files, plan, &Limits::default(), lang)?;
        sets.push(merged.state.dataset());
    }
    for f in &dataset_files {
        sets.push(read_dataset(f)?);
    }
    let data = merge(sets);
    let year = match args.year {
        Some(y) => y,
        None => engine::latest_year_with_data(&data).ok_or(EvalError::NoData)?,
    };
    let mut evaluation = engine::evaluate(plan, &data, year)?;
    if let Some(id) = &args.org {
        keep_only(&mut evaluation, id);
    }
    let text = if args.table {
        let lang = Lang::from_code(&args.lang).unwrap_or(Lang::Vi);
        let org = args.org.clone().unwrap_or_else(|| evaluation.district_id.clone());
        table(plan, &evaluation, &org, lang)
    } else {
        serde_json::to_string_pretty(&evaluation)? + "\n"
    };
    crate::print_stdout(&text).map_err(EvalError::Stdout)
}

/// Narrows the evaluation to one org unit; the indicator-major grid stays valid (one column).
fn keep_only(e: &mut Evaluation, org: &str) {
    e.results.retain(|r| r.org_unit_id == org);
    e.org_unit_ids = vec![org.to_owned()];
}

fn fmt_count(x: Option<f64>) -> String {
    match x {
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => "–".into(),
    }
}

/// The aligned table of one org unit (widths counted in characters, not bytes).
pub fn table(plan: &Plan, e: &Evaluation, org: &str, lang: Lang) -> String {
    let name_of = |r: &IndicatorResult| {
        plan.indicator(&r.indicator_id).map(|i| i.short_name.get(lang).to_owned()).unwrap_or_default()
    };
    let head: [&str; 6] = match lang {
        Lang::Vi => ["Chỉ tiêu", "Tên", "Giá trị", "Mục tiêu", "Đánh giá", "Tử số/Mẫu số"],
        Lang::En => ["Indicator", "Name", "Value", "Target", "Status", "Num/Den"],
    };
    let mut rows: Vec<[String; 6]> = vec![head.map(str::to_owned)];
    for r in e.results.iter().filter(|r| r.org_unit_id == org) {
        let nd = match (r.numerator, r.denominator) {
            (None, None) => "–".to_owned(),
            (n, d) => format!("{}/{}", fmt_count(n), fmt_count(d)),
        };
        rows.push([
            r.indicator_id.clone(),
            name_of(r),
            r.display_value(e.reporting_decimals, lang),
            format_target(&r.target, lang),
            r.status.label().get(lang).to_owned(),
            nd,
        ]);
    }
    let width = |c: usize| rows.iter().map(|row| row[c].chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..6).map(width).collect();
    let unit = plan.org_units.get(org).map(|u| u.name.get(lang).to_owned()).unwrap_or_else(|| org.to_owned());
    let mut out = format!("{unit} — {}\n", e.year);
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            // Numbers right-aligned, text left-aligned.
            if c == 2 && i > 0 {
                let _ = write!(line, "{}{cell}", " ".repeat(pad));
            } else {
                let _ = write!(line, "{cell}{}", " ".repeat(pad));
            }
            if c < 5 {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * 5;
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    out
}
