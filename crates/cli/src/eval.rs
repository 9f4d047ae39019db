//! `ansinh eval FILE… [--year Y] [--org ID] [--table]`: evaluates the plan's indicators.
//!
//! Contract:
//! - Reads one or more files, each either a bundle exported by the app (`docs/bundle-format.md`,
//!   recognised by `"format": "ansinh-bundle"`, or age-encrypted: `--identity`, passphrase) or a `Dataset` file (`docs/dataset-format.md`).
//!   Bundles are validated whole and merged as the app merges them (conflicts keep their
//!   provisional version, deletions apply); the result and the dataset files are then merged by
//!   record id: for the same household or figures id the newest `meta.updated_at` wins (on a
//!   tie, the file given later). Records keep the order of their first appearance.
//! - Evaluates the embedded plan (or `--plan FILE`) for `--year`, by default the latest year
//!   with data, and prints the `Evaluation` as JSON. `--org ID` keeps that unit only (the same
//!   shape with a single org unit). `--table` prints an aligned table instead, for the district
//!   or the `--org` unit: indicator, name, value, target, status, numerator/denominator.
//! - `--aggregate-json` prints the aggregate-only table instead (`docs/aggregate-format.md`):
//!   the district, or the `--org` unit, with every unit below it; no personal data.
//! - Any bad input — unreadable file, not JSON, wrong shape (the field path is named), no data
//!   at all, unknown org id — prints one error naming the file or the id and exits non-zero.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::Dataset;
use ansinh_core::engine::{
    self, format_target, format_target_with_unit, unit_suffix, EngineError, Evaluation, IndicatorResult,
};
use ansinh_core::i18n::Lang;
use ansinh_core::sync::bundle::Limits;
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
    #[arg(long, conflicts_with = "aggregate_json")]
    pub table: bool,
    /// Print the aggregate-only table (no personal data; docs/aggregate-format.md) of the
    /// district, or of the `--org` unit and the units below it.
    #[arg(long)]
    pub aggregate_json: bool,
    /// Language of the table: `vi` or `en`.
    #[arg(long, default_value = "vi", value_parser = ["vi", "en"])]
    pub lang: String,
    /// Evaluate this plan file instead of the embedded plan.
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub open: crate::keys::OpenArgs,
    /// Leave out the records that fail validation (listed on standard error) instead of
    /// refusing the whole input.
    #[arg(long)]
    pub skip_invalid: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: not a dataset file: {detail}", path.display())]
    Shape { path: PathBuf, detail: String },
    #[error("{count} record(s) fail validation (give --skip-invalid to leave them out):\n{listing}")]
    Invalid { count: usize, listing: String },
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
    let bytes = std::fs::read(path).map_err(|source| EvalError::Read { path: path.clone(), source })?;
    // Only bundles are encrypted (an exported file); they are opened with the bundles.
    if ansinh_core::security::crypt::is_age(&bytes) {
        return Ok(true);
    }
    let text = String::from_utf8(bytes).map_err(|e| EvalError::Read {
        path: path.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })?;
    Ok(serde_json::from_str::<Probe>(&text)
        .ok()
        .and_then(|p| p.format)
        .is_some_and(|f| f == ansinh_core::sync::bundle::FORMAT_NAME))
}

/// Parses one dataset file, naming the failing field path and position. The top level must be
/// an object (an array would be read as a tuple), and every key must be known: a misspelt key
/// would otherwise be read as a missing answer.
fn read_dataset(path: &PathBuf, bad: &mut Vec<String>) -> Result<Dataset, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read { path: path.clone(), source })?;
    let shape = |detail: String| EvalError::Shape { path: path.clone(), detail };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| shape(e.to_string()))?;
    if !value.is_object() {
        return Err(shape("the top level must be an object {\"households\": [...], \"figures\": [...]}".into()));
    }
    let data: Dataset = serde_path_to_error::deserialize(value.clone()).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        shape(if field.is_empty() || field == "." { inner.to_string() } else { format!("{field}: {inner}") })
    })?;
    // Unknown keys: every key of the file must come back when the record is written again.
    let again = serde_json::to_value(&data)?;
    unknown_keys(&value, &again, String::new(), &mut |at| {
        bad.push(format!("{}: {at}: unknown field (misspelt?)", path.display()))
    });
    Ok(data)
}

/// Reports every key of `orig` that `again` lacks, by path (arrays element by element).
fn unknown_keys(orig: &serde_json::Value, again: &serde_json::Value, at: String, report: &mut impl FnMut(String)) {
    use serde_json::Value;
    match (orig, again) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let here = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                match b.get(k) {
                    Some(w) => unknown_keys(v, w, here, report),
                    // Absent when written again: unknown, unless it is a null or empty default.
                    None if v.is_null() || v.as_object().is_some_and(|o| o.is_empty()) => {}
                    None if v.as_array().is_some_and(|a| a.is_empty()) => {}
                    None => report(here),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                unknown_keys(v, w, format!("{at}[{i}]"), report);
            }
        }
        _ => {}
    }
}

/// The validation of the app's import, for one dataset file: every household problem that
/// forbids its completeness (all errors; missing answers too when complete), every figures
/// error, and duplicate record ids. Each bad record is named by path; returns the record ids
/// to leave out.
fn validate(
    path: &std::path::Path,
    data: &Dataset,
    rules: &ansinh_core::domain::skip::SkipRules,
    bad: &mut Vec<String>,
) -> std::collections::HashSet<Uuid> {
    let mut out = std::collections::HashSet::new();
    let mut seen: HashMap<Uuid, usize> = HashMap::new();
    for (i, h) in data.households.iter().enumerate() {
        let at = format!("{}: households[{i}]", path.display());
        if let Some(first) = seen.insert(h.meta.id, i) {
            bad.push(format!("{at}: the same id as households[{first}] ({})", h.meta.id));
            out.insert(h.meta.id);
        }
        for p in h.validate_with(rules).into_iter().filter(|p| p.blocks(h.completeness)) {
            bad.push(format!("{at}.{}: {}", p.field, p.message.vi));
            out.insert(h.meta.id);
        }
    }
    let mut seen: HashMap<Uuid, usize> = HashMap::new();
    for (i, f) in data.figures.iter().enumerate() {
        let at = format!("{}: figures[{i}]", path.display());
        if let Some(first) = seen.insert(f.meta.id, i) {
            bad.push(format!("{at}: the same id as figures[{first}] ({})", f.meta.id));
            out.insert(f.meta.id);
        }
        for p in f.validate().into_iter().filter(|p| p.severity == ansinh_core::domain::survey::Severity::Error) {
            bad.push(format!("{at}.{}: {}", p.field, p.message.vi));
            out.insert(f.meta.id);
        }
    }
    out
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
        let opener = crate::keys::Opener::new(&args.open, lang).map_err(crate::merge::MergeError::from)?;
        let merged = crate::merge::read_bundles(&bundle_files, plan, &Limits::default(), lang, &opener)?;
        sets.push(merged.state.dataset());
    }
    let rules = ansinh_core::domain::skip::SkipRules::from_plan(plan);
    let mut bad = Vec::new();
    for f in &dataset_files {
        let mut d = read_dataset(f, &mut bad)?;
        let drop = validate(f, &d, &rules, &mut bad);
        d.households.retain(|h| !drop.contains(&h.meta.id));
        d.figures.retain(|x| !drop.contains(&x.meta.id));
        sets.push(d);
    }
    if !bad.is_empty() {
        if !args.skip_invalid {
            return Err(EvalError::Invalid { count: bad.len(), listing: bad.join("\n") });
        }
        eprintln!("ansinh: left out ({} problem(s)):\n{}", bad.len(), bad.join("\n"));
    }
    let data = merge(sets);
    let year = match args.year {
        Some(y) => y,
        None => engine::latest_year_with_data(&data).ok_or(EvalError::NoData)?,
    };
    let mut evaluation = engine::evaluate(plan, &data, year)?;
    if args.aggregate_json {
        let org = args.org.clone().unwrap_or_else(|| evaluation.district_id.clone());
        let text = ansinh_core::engine::aggregate::aggregate_table(plan, &evaluation, &org).to_json() + "\n";
        return crate::print_stdout(&text).map_err(EvalError::Stdout);
    }
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
    let coverage = e.coverage_of(org).copied();
    e.results.retain(|r| r.org_unit_id == org);
    e.org_unit_ids = vec![org.to_owned()];
    e.coverage = coverage.into_iter().collect();
}

fn fmt_count(x: Option<f64>) -> String {
    match x {
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => "–".into(),
    }
}

/// The aligned table of one org unit (widths counted in characters, not bytes): the same
/// words as the app (status label, coverage beside the value, targets with their unit).
pub fn table(plan: &Plan, e: &Evaluation, org: &str, lang: Lang) -> String {
    let name_of = |r: &IndicatorResult| {
        plan.indicator(&r.indicator_id).map(|i| i.short_name.get(lang).to_owned()).unwrap_or_default()
    };
    const N: usize = 7;
    let head: [&str; N] = match lang {
        Lang::Vi => ["Chỉ tiêu", "Tên", "Giá trị", "Mục tiêu", "Đánh giá", "Tử số/Mẫu số", "Độ bao phủ, ghi chú"],
        Lang::En => ["Indicator", "Name", "Value", "Target", "Status", "Num/Den", "Coverage, notes"],
    };
    let mut rows: Vec<[String; N]> = vec![head.map(str::to_owned)];
    for r in e.results.iter().filter(|r| r.org_unit_id == org) {
        let nd = match (r.numerator, r.denominator) {
            (None, None) => "–".to_owned(),
            (n, d) => format!("{}/{}", fmt_count(n), fmt_count(d)),
        };
        let value = match r.value {
            Some(_) => format!("{}{}", r.display_value(e.reporting_decimals, lang), unit_suffix(r.unit, lang)),
            None => r.display_value(e.reporting_decimals, lang),
        };
        let target = plan
            .indicator(&r.indicator_id)
            .map(|i| format_target_with_unit(i, lang))
            .unwrap_or_else(|| format_target(&r.target, lang));
        let notes: Vec<String> = r
            .status_reason
            .iter()
            .map(|why| why.get(lang))
            .chain(r.coverage.filter(|_| r.status_reason.is_none()).map(|c| c.label().get(lang).to_owned()))
            .chain(r.note.iter().filter(|_| r.status_reason.is_none()).map(|t| t.get(lang).to_owned()))
            .collect();
        rows.push([
            r.indicator_id.clone(),
            name_of(r),
            value,
            target,
            r.status_label().get(lang).to_owned(),
            nd,
            notes.join("; "),
        ]);
    }
    let width = |c: usize| rows.iter().map(|row| row[c].chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..N).map(width).collect();
    let unit = plan.org_units.get(org).map(|u| u.name.get(lang).to_owned()).unwrap_or_else(|| org.to_owned());
    let mut out = format!("{unit} — {}\n", e.year);
    if let Some(c) = e.coverage_of(org) {
        let counted = match lang {
            Lang::Vi => format!("Số hộ được tính: {}; {}", c.counted, c.label().vi),
            Lang::En => format!("Households counted: {}; {}", c.counted, c.label().en),
        };
        out.push_str(&counted);
        out.push('\n');
    }
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
            if c < N - 1 {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * (N - 1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    out
}
