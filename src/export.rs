//! Exporting the device's records as a bundle file the user keeps or carries to another device
//! (`docs/bundle-format.md`), and unreadable entries as they are.
//!
//! Contract: `export_bundle_file` is the one entry point for records (the Sync page's "Xuất tệp"
//! and, through `export_all`, "Xuất dữ liệu ngay" and the full-storage notice). The bundle is
//! built by the core from the store (`RecordStore::export_bundle`, file channel; in the file
//! worker from a copy of the stored entries, off the UI thread, `crate::file_worker`), encrypted as
//! chosen (`Protection`: to the district's public key by default, or to a passphrase; plain
//! JSON only when asked for; `src/crypt.rs`, a lazy chunk), downloaded as
//! `ansinh-<org unit>-<yyyymmdd-hhmm>.age` (`.json` when plain; the name says nothing about the
//! people inside), and recorded as *made*: the browser never says
//! whether the file was saved, so nothing leaves the not-yet-exported count until the user
//! confirms it (`confirm_delivery`, the export panel's "Tệp đã được lưu"); a cancelled download
//! leaves the next "changes only" export carrying everything. Deleted records keep their
//! entries (and their undo) until the district acknowledges the deletion. A "changes only"
//! export with nothing changed downloads nothing (`Ok(None)`).
//! `export_bad_entries` downloads unreadable entries exactly as stored, before removal.

use ansinh_core::domain::plan::Plan;
use ansinh_core::sync::bundle::{ExportOptions, ExportScope};
use ansinh_core::sync::store::{Channel, StoreError};
use chrono::{DateTime, Datelike, Local, Timelike, Utc};

use std::rc::Rc;

use crate::context::{PlanCtx, StoreCtx};
use crate::file_worker::{FileJob, Phase, Seal, Stop};
use crate::storage::{self, StorageError};

/// Why an export did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("the browser refused the download: {0}")]
    Download(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The device id could not be read or stored.
    #[error(transparent)]
    Device(#[from] StorageError),
    /// The file was downloaded but the export could not be recorded (e.g. a full storage):
    /// the count of records not yet exported stays as it was.
    #[error("the file was downloaded but the export was not recorded: {0}")]
    NotRecorded(StoreError),
    /// The wasm chunk with the exporter could not be fetched (split builds, offline).
    #[error("the exporter could not be loaded")]
    NotLoaded,
    /// Encryption refused the key or passphrase (the message, both languages); nothing made.
    #[error("{}", .0.en)]
    Crypt(ansinh_core::i18n::Text),
    /// The person cancelled; nothing downloaded or recorded.
    #[error("the export was cancelled")]
    Cancelled,
}

impl ExportError {
    /// The user-facing message.
    pub fn msg(&self) -> ansinh_core::i18n::Msg {
        use ansinh_core::i18n::Msg;
        match self {
            ExportError::Store(s) => crate::storage::store_error_msg(s),
            ExportError::Device(e) => e.msg(),
            ExportError::NotRecorded(_) => Msg::ExportNotRecorded,
            ExportError::Download(_) | ExportError::Crypt(_) | ExportError::Cancelled => Msg::StorageOther,
            ExportError::NotLoaded => Msg::PartNotLoaded,
        }
    }
}

/// How the file is protected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Protection {
    /// Encrypted to the district's public key (`age1…`): only the district office opens it.
    DistrictKey(String),
    /// Encrypted to a passphrase, for another tablet of the commune.
    Passphrase(String),
    /// Plain JSON: readable by whoever finds the file (an explicit choice, with a warning).
    #[default]
    Plain,
}

/// What the user chose to export.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportChoice {
    /// Only records changed since the last file export (else everything).
    pub changes_only: bool,
    /// Indented JSON (else compact).
    pub readable: bool,
    pub protection: Protection,
}

/// The export's protection when nobody chose: the district's key if the tablet has one, else
/// plain (the full-storage notice's way out must not fail for want of a key).
pub fn default_protection() -> Protection {
    match storage::get(&storage::district_key_key()) {
        Ok(Some(key)) if !key.trim().is_empty() => Protection::DistrictKey(key),
        _ => Protection::Plain,
    }
}

/// What a finished export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub file_name: String,
    /// Records carried (current versions and tombstones).
    pub records: usize,
}

/// `yyyymmdd-hhmm` in local time, formatted by hand (no chrono format strings in the app).
fn stamp(at: DateTime<Utc>) -> String {
    let l = at.with_timezone(&Local);
    format!("{:04}{:02}{:02}-{:02}{:02}", l.year(), l.month(), l.day(), l.hour(), l.minute())
}

/// Builds the bundle, encrypts it as chosen, downloads it, then records it as made on the file
/// channel. `Ok(None)`: only changes were asked for and nothing changed; no file. A refused key
/// or passphrase (`ExportError::Crypt`) downloads and records nothing. The file is made in the
/// file worker, off the UI thread (`crate::file_worker::export`), or here where there is none;
/// `job` cancels it (`ExportError::Cancelled`: nothing downloaded or recorded) and `on_phase`
/// follows it.
pub async fn export_bundle_file(
    store: StoreCtx,
    plan: PlanCtx,
    choice: ExportChoice,
    job: Rc<FileJob>,
    on_phase: Rc<dyn Fn(Phase)>,
) -> Result<Option<Exported>, ExportError> {
    use leptos::prelude::WithUntracked;
    let at = Utc::now();
    let (options, file_stem) = plan.0.with_untracked(|p| export_options(p, &choice, at))?;
    let seal = match &choice.protection {
        Protection::Plain => Seal::Plain,
        Protection::DistrictKey(key) => Seal::Key(key.clone()),
        Protection::Passphrase(p) => Seal::Passphrase(p.clone()),
    };
    let made = match crate::file_worker::export(plan, &options, choice.readable, seal, job.clone(), on_phase).await {
        Ok(made) => made,
        Err(Stop::Cancelled) => return Err(ExportError::Cancelled),
        Err(Stop::Refused(text)) => return Err(ExportError::Crypt(text)),
        Err(Stop::Store(e)) => return Err(ExportError::Store(StoreError::Unavailable(e.to_string()))),
        Err(Stop::NoWorker) if job.is_cancelled() => return Err(ExportError::Cancelled),
        Err(Stop::NoWorker) => made_here(store, plan, &options, &choice).await?,
    };
    let Some((bytes, records)) = made else { return Ok(None) };
    if job.is_cancelled() {
        return Err(ExportError::Cancelled);
    }
    let (file_name, mime) = match choice.protection {
        Protection::Plain => (format!("{file_stem}.json"), "application/json"),
        _ => (format!("{file_stem}.age"), "application/octet-stream"),
    };
    download_bytes(&file_name, &bytes, mime)?;
    // Under the lock, from the markers as stored now: another tab's later file is not moved back.
    store.update_locked(move |s| s.mark_file_made(at)).await.map_err(ExportError::NotRecorded)?;
    Ok(Some(Exported { file_name, records }))
}

/// The export's options (a new id, `at`, the district) and the file name without extension.
fn export_options(
    plan: &Plan,
    choice: &ExportChoice,
    at: DateTime<Utc>,
) -> Result<(ExportOptions, String), ExportError> {
    let org_unit = plan.org_units.district().map(|u| u.id.clone()).unwrap_or_else(|| "kon-ray".into());
    let options = ExportOptions {
        bundle_id: uuid::Uuid::new_v4(),
        device_id: storage::device_id()?,
        exported_at: at,
        org_unit: org_unit.clone(),
        scope: if choice.changes_only { ExportScope::ChangedSinceLastExport } else { ExportScope::All },
    };
    Ok((options, format!("ansinh-{org_unit}-{}", stamp(at))))
}

/// The file made on the page (no worker): the bundle from the store in memory, encrypted in the
/// lazy crypt chunk; `None` when only changes were asked for and nothing changed.
async fn made_here(
    store: StoreCtx,
    plan: PlanCtx,
    options: &ExportOptions,
    choice: &ExportChoice,
) -> Result<Option<(Vec<u8>, usize)>, ExportError> {
    use leptos::prelude::WithUntracked;
    let Some(bundle) = plan.0.with_untracked(|p| store.with_untracked(|s| s.export_bundle(p, options, Channel::File)))
    else {
        return Err(ExportError::Store(StoreError::Unavailable("no local storage".into())));
    };
    let records = bundle.households.len() + bundle.figures.len() + bundle.reports.len() + bundle.tombstones.len();
    if choice.changes_only && records == 0 && bundle.conflicts.is_empty() {
        return Ok(None);
    }
    let json = bundle.to_json(choice.readable).into_bytes();
    drop(bundle);
    let job = match &choice.protection {
        Protection::Plain => return Ok(Some((json, records))),
        Protection::DistrictKey(key) => crate::crypt::Job::ToKey { key: key.clone(), plain: json },
        Protection::Passphrase(passphrase) => {
            crate::crypt::Job::ToPassphrase { passphrase: passphrase.clone(), plain: json }
        }
    };
    let sealed = crate::crypt::run(job).await.map_err(|e| e.map_or(ExportError::NotLoaded, ExportError::Crypt))?;
    Ok(Some((sealed, records)))
}

/// Downloads everything (compact; encrypted to the district's key when the tablet has one,
/// `default_protection`), then records it as made (the Sync page asks whether the file was
/// saved): the quick way out of a full storage.
pub async fn export_all(store: StoreCtx, plan: PlanCtx) -> Result<(), ExportError> {
    let choice = ExportChoice { protection: default_protection(), ..ExportChoice::default() };
    export_bundle_file(store, plan, choice, FileJob::new(), Rc::new(|_| ())).await.map(|_| ())
}

/// `export_all` for the full-storage notice, which every page shows: with the `split` feature
/// through a split point, so the bundle encoder travels in a wasm chunk fetched on the first
/// press, not in the start module (docs/benchmarks.md, "Code splitting"). A chunk that cannot
/// be fetched (or a plan that cannot be loaded) is `ExportError::NotLoaded`; the next press
/// tries again.
pub async fn export_all_lazy(store: StoreCtx) -> Result<(), ExportError> {
    // The notice shows on every page, Tổng quan too, where the whole plan may not be loaded.
    let plan = crate::context::ensure_plan().await.map_err(|_| ExportError::NotLoaded)?;
    #[cfg(feature = "split")]
    return match export_all_split(store, plan).await {
        Ok(export) => export.await,
        Err(_) => Err(ExportError::NotLoaded),
    };
    #[cfg(not(feature = "split"))]
    return export_all(store, plan).await;
}

/// `export_all` as a boxed future, what its split point hands back.
#[cfg(feature = "split")]
type ExportAllFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ExportError>>>>;

/// The export as a boxed future: a split function cannot be `async` itself, and the future's
/// code (the bundle encoder) must stay in the chunk.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(export_all, wasm_split_path = ::leptos::wasm_split, fallible)]
fn export_all_split(store: StoreCtx, plan: PlanCtx) -> Result<ExportAllFuture, leptos::wasm_split::SplitLoaderError> {
    Ok(Box::pin(export_all(store, plan)))
}

/// Downloads the unreadable entries as stored (key, raw text, what is wrong).
pub fn export_bad_entries(store: StoreCtx) -> Result<(), ExportError> {
    let json = store
        .with_untracked(|s| s.bad_entries_json())
        .ok_or_else(|| ExportError::Store(StoreError::Unavailable("no local storage".into())))?;
    download_bytes(&format!("ansinh-muc-hong-{}.json", stamp(Utc::now())), json.as_bytes(), "application/json")
}

fn download_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), ExportError> {
    crate::download::save(name, bytes, mime).map_err(ExportError::Download)
}
