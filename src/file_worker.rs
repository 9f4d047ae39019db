//! Importing and exporting bundle files off the UI thread (issue #20): the page's side of the
//! file worker (crates/worker, whose crate doc has the message contract).
//!
//! Contract of [`export`]: the worker makes the file (bundle, JSON, encryption) from a copy of
//! the stored entries taken in one step; the page gets its bytes and the records it carries,
//! `None` when only changes were asked for and none were made. It writes nothing: the caller
//! downloads the file and records it as made. [`FileJob::cancel`] ends the worker.
//!
//! Contract of [`import`]:
//! - The worker reads and checks the file, then merges it into a copy of the stored entries
//!   taken in one step (`storage::snapshot`); the page decodes the entries to write in short
//!   slices (a few milliseconds each, yielding between them) and writes them under the
//!   cross-tab lock, held across slices of the same length (`storage::exclusive_async`,
//!   `RecordStore::apply_prepared_part`: all or nothing, a failed write puts every entry
//!   written back), only if no
//!   locked write came after the copy was taken (the lock's write count); otherwise the merge
//!   is made again on a fresh copy, up to [`ATTEMPTS`] times, then [`Stop::NoWorker`] hands
//!   the import to the page's own path (`parse_bundle` + `import_parsed` under the lock).
//! - [`FileJob::cancel`] stops the worker at once; a cancelled import writes nothing (the
//!   flag is read again under the lock, just before the writes). Once the writes have begun
//!   it can no longer be cancelled. A tab closed during the writes leaves whole entries and
//!   not the bundle's id: the same file imported again completes the import.
//! - `Stop::NoWorker` also when the build has no worker (wasm tests), the worker cannot start
//!   (its files not cached, offline) or breaks: the caller then imports on the page, as before.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use ansinh_core::i18n::Text;
use ansinh_core::sync::bundle::{ExportOptions, ExportScope, MergeReport};
use ansinh_core::sync::store::{ImportDecoder, StoreError, StoreImportError};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use leptos::prelude::WithUntracked;

use crate::context::{PlanCtx, StoreCtx};
use crate::storage;

/// Merges made again when another write came between the copy and the lock.
pub const ATTEMPTS: usize = 3;
/// Longest slice of decoding or writing before the page gets the thread back, in milliseconds.
const SLICE_MS: f64 = 12.0;
/// Entries decoded or written between two looks at the clock.
const STEP: usize = 50;

/// Where an import stands, for its progress bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// The file is being read and checked.
    Reading,
    /// The file is being merged with the records on this device.
    Merging,
    /// The records to write are being prepared: done, of.
    Preparing(usize, usize),
    /// A file is being made (export).
    Exporting,
    /// Waiting for the storage (another tab or save is writing); still cancellable.
    Waiting,
    /// Writing: done, of. No longer cancellable.
    Writing(usize, usize),
}

impl Phase {
    /// Share of the whole import done, 0–100.
    pub fn percent(self) -> u32 {
        match self {
            Phase::Reading | Phase::Exporting => 10,
            Phase::Merging => 45,
            Phase::Preparing(done, of) => 55 + (30 * done / of.max(1)) as u32,
            Phase::Waiting => 85,
            Phase::Writing(done, of) => 85 + (15 * done / of.max(1)) as u32,
        }
    }
}

/// Why an import through the worker ended without a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// The person cancelled; nothing was written.
    Cancelled,
    /// Refused (bad file, another plan, id clash, read-only store…); nothing was written.
    Refused(Text),
    /// The writes failed (see `StoreImportError::Write` for whether they were undone).
    Store(StoreImportError),
    /// No worker to use: import on the page instead.
    NoWorker,
}

/// One import or export in progress, shared with its cancel button.
#[derive(Default)]
pub struct FileJob {
    cancelled: Cell<bool>,
    /// Its writes have begun: too late to cancel.
    writing: Cell<bool>,
    worker: RefCell<Option<Rc<Channel>>>,
}

impl FileJob {
    pub fn new() -> Rc<Self> {
        Rc::new(Self::default())
    }

    /// Stops the import: the worker is ended now, and nothing is written. `false` once its
    /// writes have begun (they then go to the end, or are all undone on a failure).
    pub fn cancel(&self) -> bool {
        if self.writing.get() {
            return false;
        }
        self.cancelled.set(true);
        if let Some(w) = self.worker.borrow_mut().take() {
            w.stop(JsValue::from_str("cancelled"));
        }
        true
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }

    /// The job is over: its worker ends (it holds the file, a district's is tens of MB).
    fn end(&self) {
        self.worker.borrow_mut().take();
    }
}

/// The worker's script, as the build wrote it into index.html (scripts/worker/build.mjs).
fn worker_url() -> Option<String> {
    let doc = web_sys::window()?.document()?;
    doc.query_selector("meta[name=ansinh-import-worker]").ok()??.get_attribute("content")
}

/// A started worker: one question at a time, its answer a promise.
struct Channel {
    worker: web_sys::Worker,
    /// The pending question's resolve and reject.
    waiting: Rc<RefCell<Option<(Function, Function)>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Channel {
    /// Starts the worker and waits for its "ready".
    async fn start(url: &str, on_phase: Rc<dyn Fn(Phase)>) -> Option<Rc<Self>> {
        let worker = web_sys::Worker::new(url).ok()?;
        let waiting: Rc<RefCell<Option<(Function, Function)>>> = Rc::default();
        let w = waiting.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let op = Reflect::get(&data, &"op".into()).ok().and_then(|v| v.as_string());
            if op.as_deref() == Some("progress") {
                let phase = Reflect::get(&data, &"phase".into()).ok().and_then(|v| v.as_string());
                on_phase(if phase.as_deref() == Some("merge") { Phase::Merging } else { Phase::Reading });
            } else if let Some((resolve, _)) = w.borrow_mut().take() {
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        });
        let w = waiting.clone();
        // The script or its wasm did not load, or the wasm trapped: the question fails.
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            if let Some((_, reject)) = w.borrow_mut().take() {
                let _ = reject.call1(&JsValue::NULL, &e);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let channel = Rc::new(Channel { worker, waiting, _on_message: on_message, _on_error: on_error });
        let ready = channel.answer().await.ok()?;
        (op_of(&ready).as_deref() == Some("ready")).then_some(channel)
    }

    /// The answer to the question about to be posted (ask first, then post).
    fn answer(&self) -> JsFuture {
        let waiting = self.waiting.clone();
        JsFuture::from(Promise::new(&mut |resolve, reject| *waiting.borrow_mut() = Some((resolve, reject))))
    }

    async fn ask(&self, msg: &Object) -> Result<JsValue, JsValue> {
        let answer = self.answer();
        self.worker.post_message(msg)?;
        answer.await
    }

    /// `ask`, the buffers of `transfer` moved to the worker (no longer usable here).
    async fn ask_moving(&self, msg: &Object, transfer: &Array) -> Result<JsValue, JsValue> {
        let answer = self.answer();
        self.worker.post_message_with_transfer(msg, transfer)?;
        answer.await
    }

    /// Ends the worker; a pending question fails with `why`.
    fn stop(&self, why: JsValue) {
        self.worker.terminate();
        if let Some((_, reject)) = self.waiting.borrow_mut().take() {
            let _ = reject.call1(&JsValue::NULL, &why);
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn op_of(v: &JsValue) -> Option<String> {
    Reflect::get(v, &"op".into()).ok()?.as_string()
}

fn text_field(v: &JsValue, name: &str) -> String {
    Reflect::get(v, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn message(fields: &[(&str, &JsValue)]) -> Object {
    let msg = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&msg, &JsValue::from_str(k), v);
    }
    msg
}

/// The page gets the thread back: the rest runs in a later task.
async fn next_task() {
    let p = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(p).await;
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// What one answer of the worker means for the import.
fn refused_or(answer: Result<JsValue, JsValue>, job: &FileJob, expected: &str) -> Result<JsValue, Stop> {
    if job.is_cancelled() {
        return Err(Stop::Cancelled);
    }
    let answer = answer.map_err(|_| Stop::NoWorker)?;
    match op_of(&answer).as_deref() {
        Some(op) if op == expected => Ok(answer),
        Some("failed") => Err(Stop::Refused(Text::new(text_field(&answer, "vi"), text_field(&answer, "en")))),
        _ => Err(Stop::NoWorker),
    }
}

/// How an exported file is protected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seal {
    Plain,
    /// To the district's public key (`age1…`).
    Key(String),
    Passphrase(String),
}

/// Makes an export's file in the worker (see the module contract).
pub async fn export(
    plan: PlanCtx,
    options: &ExportOptions,
    readable: bool,
    seal: Seal,
    job: Rc<FileJob>,
    on_phase: Rc<dyn Fn(Phase)>,
) -> Result<Option<(Vec<u8>, usize)>, Stop> {
    let out = export_in(plan, options, readable, seal, job.clone(), on_phase).await;
    job.end();
    out
}

async fn export_in(
    plan: PlanCtx,
    options: &ExportOptions,
    readable: bool,
    seal: Seal,
    job: Rc<FileJob>,
    on_phase: Rc<dyn Fn(Phase)>,
) -> Result<Option<(Vec<u8>, usize)>, Stop> {
    let url = worker_url().ok_or(Stop::NoWorker)?;
    on_phase(Phase::Exporting);
    let channel = Channel::start(&url, on_phase.clone()).await.ok_or(Stop::NoWorker)?;
    *job.worker.borrow_mut() = Some(channel.clone());
    if job.is_cancelled() {
        return Err(Stop::Cancelled);
    }
    let plan_json = plan.0.with_untracked(|p| serde_json::to_string(&**p)).map_err(|_| Stop::NoWorker)?;
    let (_, entries) = storage::snapshot().ok_or(Stop::NoWorker)?;
    let exported_at = options.exported_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let changes_only = options.scope == ExportScope::ChangedSinceLastExport;
    let mut fields: Vec<(&str, JsValue)> = vec![
        ("op", "export".into()),
        ("entries", entries.into()),
        ("plan", plan_json.into()),
        ("bundle_id", options.bundle_id.to_string().into()),
        ("device_id", options.device_id.clone().into()),
        ("exported_at", exported_at.into()),
        ("org_unit", options.org_unit.clone().into()),
        ("changes_only", changes_only.into()),
        ("readable", readable.into()),
    ];
    match seal {
        Seal::Plain => {}
        Seal::Key(k) => fields.push(("key", k.into())),
        Seal::Passphrase(p) => fields.push(("passphrase", p.into())),
    }
    let msg = message(&fields.iter().map(|(k, v)| (*k, v)).collect::<Vec<_>>());
    let answer = refused_or(channel.ask(&msg).await, &job, "exported")?;
    if Reflect::get(&answer, &"empty".into()).is_ok_and(|v| v.is_truthy()) {
        return Ok(None);
    }
    let bytes: Uint8Array =
        Reflect::get(&answer, &"bytes".into()).ok().and_then(|b| b.dyn_into().ok()).ok_or(Stop::NoWorker)?;
    let records = Reflect::get(&answer, &"records".into()).ok().and_then(|r| r.as_f64()).ok_or(Stop::NoWorker)?;
    Ok(Some((bytes.to_vec(), records as usize)))
}

/// Imports `bytes` through the worker (see the module contract); their buffer is moved to the
/// worker (detached here). `on_phase` is told where it stands.
pub async fn import(
    bytes: Uint8Array,
    store: StoreCtx,
    plan: PlanCtx,
    job: Rc<FileJob>,
    on_phase: Rc<dyn Fn(Phase)>,
) -> Result<MergeReport, Stop> {
    let out = import_in(bytes, store, plan, job.clone(), on_phase).await;
    job.end();
    out
}

async fn import_in(
    bytes: Uint8Array,
    store: StoreCtx,
    plan: PlanCtx,
    job: Rc<FileJob>,
    on_phase: Rc<dyn Fn(Phase)>,
) -> Result<MergeReport, Stop> {
    let url = worker_url().ok_or(Stop::NoWorker)?;
    if storage::snapshot().is_none() {
        return Err(Stop::NoWorker);
    }
    on_phase(Phase::Reading);
    let channel = Channel::start(&url, on_phase.clone()).await.ok_or(Stop::NoWorker)?;
    *job.worker.borrow_mut() = Some(channel.clone());
    if job.is_cancelled() {
        return Err(Stop::Cancelled);
    }
    let plan_json = plan.0.with_untracked(|p| serde_json::to_string(&**p)).map_err(|_| Stop::NoWorker)?;
    // The file's buffer moves to the worker (transferred, not copied): it never passes through
    // the page's wasm, and the page's thread does not copy a district's tens of MB.
    let parse = message(&[("op", &"parse".into()), ("bytes", bytes.as_ref()), ("plan", &plan_json.into())]);
    let transfer = Array::of1(&bytes.buffer());
    drop(bytes);
    refused_or(channel.ask_moving(&parse, &transfer).await, &job, "parsed")?;
    for _ in 0..ATTEMPTS {
        on_phase(Phase::Merging);
        let (seq, entries) = storage::snapshot().ok_or(Stop::NoWorker)?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let prepare = message(&[("op", &"prepare".into()), ("entries", &entries.into()), ("now", &now.into())]);
        let prepared = refused_or(channel.ask(&prepare).await, &job, "prepared")?;
        let report: MergeReport = serde_json::from_str(&text_field(&prepared, "report")).map_err(|_| Stop::NoWorker)?;
        let writes: Array =
            Reflect::get(&prepared, &"writes".into()).ok().and_then(|w| w.dyn_into().ok()).ok_or(Stop::NoWorker)?;
        // Decoded in slices: a district's records take a good part of a second on a tablet.
        let total = writes.length() as usize;
        let mut decoder = ImportDecoder::new();
        let mut start = now_ms();
        for (i, pair) in writes.iter().enumerate() {
            let pair: Array = pair.unchecked_into();
            let key = pair.get(0).as_string().ok_or(Stop::NoWorker)?;
            decoder.add(key, pair.get(1).as_string()).map_err(Stop::Store)?;
            if i % 10 == 9 && now_ms() - start > SLICE_MS {
                on_phase(Phase::Preparing(i + 1, total));
                next_task().await;
                if job.is_cancelled() {
                    return Err(Stop::Cancelled);
                }
                start = now_ms();
            }
        }
        drop(writes);
        on_phase(Phase::Waiting);
        let mut ready = decoder.finish();
        let locked_job = job.clone();
        let phase = on_phase.clone();
        let written = storage::exclusive_async(move || {
            Box::pin(async move {
                if locked_job.is_cancelled() {
                    return Err(Stop::Cancelled);
                }
                match storage::locked_write_count() {
                    // Writes are not counted here (no IndexedDB): nothing tells whether the
                    // copy is still the store, so the page imports it itself.
                    None => return Err(Stop::NoWorker),
                    // Another write came after the copy: merge again from a fresh one.
                    Some(n) if n != seq + 1 => return Ok(false),
                    Some(_) => {}
                }
                locked_job.writing.set(true);
                store.catch_up().map_err(|e| Stop::Store(StoreImportError::Store(e)))?;
                // A slice per task, the lock held throughout; the readers are told once, at
                // the end (`modify` takes every change written quietly before).
                let no_store =
                    || Stop::Store(StoreImportError::Store(StoreError::Unavailable("no local storage".into())));
                loop {
                    let start = now_ms();
                    let mut done = false;
                    while !done && now_ms() - start < SLICE_MS {
                        done = store
                            .quietly(|s| s.apply_prepared_part(&mut ready, STEP))
                            .ok_or_else(no_store)?
                            .map_err(|e| {
                                store.modify(|_| ());
                                Stop::Store(e)
                            })?;
                    }
                    let (d, n) = ready.progress();
                    phase(Phase::Writing(d, n));
                    // Also after the last slice: the memory just took every record, and the
                    // readers' recomputing is a task of its own.
                    next_task().await;
                    if done {
                        break;
                    }
                }
                store.tell_written();
                Ok(true)
            }) as std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, Stop>>>>
        })
        .await
        .map_err(|e| {
            Stop::Store(StoreImportError::Store(StoreError::Backend {
                key: storage::PREFIX.into(),
                reason: e.to_string(),
            }))
        })??;
        if written {
            return Ok(report);
        }
    }
    Err(Stop::NoWorker)
}
