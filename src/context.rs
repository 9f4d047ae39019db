//! App-wide context: the plan, the UI language, user-facing notices and the record store.
//!
//! Contract: components never read storage for the language themselves; they call
//! `use_lang()`. Changing the language persists it through `storage` and reports a failed
//! write as a notice instead of dropping it. The plan's start projection (org units,
//! deadlines) is decoded at start (`use_plan_start()`); the whole plan is loaded and validated
//! once, when the first page that needs it opens (`ensure_plan`), and shared read-only through
//! `use_plan()`. Records are read and written only
//! through `use_store()`: the store is opened once at start and kept outside the reactive
//! graph; each part of it (households, figures, reports, sync state, unreadable entries) has
//! its own revision signal, notified only when a write (here or in another tab: the `storage`
//! event) touched that part, so a save recomputes only what reads that part. The space used
//! is kept up to date from each write's size, not by reading every entry after each save.

use std::sync::Arc;

use ansinh_core::domain::org::OrgUnits;
use ansinh_core::domain::plan::{Plan, PlanError, PlanStart, EMBEDDED_PLAN_MIN_JSON, EMBEDDED_PLAN_START_JSON};
use ansinh_core::domain::survey::{Dataset, EnteredFigures, Household};
use ansinh_core::i18n::{Lang, Msg};
use ansinh_core::report::Report;
use ansinh_core::sync::bundle::RecordKind;
use ansinh_core::sync::store::{entry_cost, Changes, DatasetRevs, StoreError, Usage, Watched};
use chrono::Utc;
use leptos::prelude::*;

use crate::storage::{self, store_error_msg, AppStore, LocalKv, StorageError};

/// The current UI language, provided once at the root.
#[derive(Debug, Clone, Copy)]
pub struct LangCtx(pub RwSignal<Lang>);

impl LangCtx {
    /// Text of `msg` in the current language (reactive when called inside a view closure).
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.0.get())
    }
}

/// The language context; panics only if called outside `App` (a programming error).
pub fn use_lang() -> LangCtx {
    expect_context::<LangCtx>()
}

/// A message for the user (e.g. a failed write), shown in a banner until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub prefix: Option<Msg>,
    pub msg: Msg,
    /// Show "export now" beside it (a full storage: the user's way out).
    pub offer_export: bool,
}

impl Notice {
    pub fn storage(prefix: Option<Msg>, e: &StorageError) -> Self {
        Notice { prefix, msg: e.msg(), offer_export: matches!(e, StorageError::QuotaExceeded { .. }) }
    }

    pub fn store(prefix: Option<Msg>, e: &StoreError) -> Self {
        Notice { prefix, msg: store_error_msg(e), offer_export: matches!(e, StoreError::Quota { .. }) }
    }

    pub fn info(msg: Msg) -> Self {
        Notice { prefix: None, msg, offer_export: false }
    }
}

/// The notices shown at the top of every page.
#[derive(Debug, Clone, Copy)]
pub struct NoticesCtx(pub RwSignal<Vec<Notice>>);

pub fn use_notices() -> NoticesCtx {
    expect_context::<NoticesCtx>()
}

impl NoticesCtx {
    /// Adds a notice unless the same one is already shown (a failing autosave repeats).
    pub fn push(&self, n: Notice) {
        self.0.update(|v| {
            if !v.contains(&n) {
                v.push(n);
            }
        });
    }
}

/// A part of the record store a reader depends on. Each has its own revision signal.
///
/// Every record entry also holds that record's sync state (conflicting versions, whether it
/// changed since the last export), so readers of conflicts or of what is left to export read
/// the record parts as well as `Sync`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Household records (phiếu hộ gia đình) and their deletions.
    Households,
    /// Figures entered by the offices, and their deletions.
    Figures,
    /// Yearly reports, and their deletions.
    Reports,
    /// A commune's village records (thôn, làng, tổ dân phố), and their deletions.
    Villages,
    /// Markers of the last export and outbox batch, the bundles already imported, the outbox.
    Sync,
    /// Entries the store could not read.
    Bad,
}

impl Part {
    /// Every part: what a reader of the whole store follows.
    pub const ALL: [Part; 6] = [Part::Households, Part::Figures, Part::Reports, Part::Villages, Part::Sync, Part::Bad];
    /// The kinds of records.
    pub const RECORDS: [Part; 4] = [Part::Households, Part::Figures, Part::Reports, Part::Villages];

    fn of_kind(kind: RecordKind) -> Part {
        match kind {
            RecordKind::Household => Part::Households,
            RecordKind::Figures => Part::Figures,
            RecordKind::Report => Part::Reports,
            RecordKind::Village => Part::Villages,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The parts a store key belongs to (`ansinh/v1/household/<id>` → households; a tombstone
/// to its record's kind, looked up in `store`; settings to none).
fn parts_of_key(store: &AppStore, key: &str) -> Vec<Part> {
    let Some(rest) = key.strip_prefix(storage::PREFIX) else { return Vec::new() };
    let (segment, tail) = rest.split_once('/').unwrap_or((rest, ""));
    match segment {
        "household" => vec![Part::Households],
        "figures" => vec![Part::Figures],
        "report" => vec![Part::Reports],
        "village" => vec![Part::Villages],
        "tombstone" => {
            let id = uuid::Uuid::parse_str(tail).ok();
            let kind = id.and_then(|id| {
                [RecordKind::Household, RecordKind::Figures, RecordKind::Report, RecordKind::Village].into_iter().find(
                    |k| match k {
                        RecordKind::Household => store.get::<Household>(id).is_some(),
                        RecordKind::Figures => store.get::<EnteredFigures>(id).is_some(),
                        RecordKind::Report => store.get::<Report>(id).is_some(),
                        RecordKind::Village => store.get::<ansinh_core::domain::org::VillageRecord>(id).is_some(),
                    },
                )
            });
            // A deletion whose record body is gone: any kind may have changed.
            kind.map_or_else(|| Part::RECORDS.to_vec(), |k| vec![Part::of_kind(k)])
        }
        "meta" | "outbox" => vec![Part::Sync],
        _ => Vec::new(),
    }
}

/// The record store; empty inside when the browser gives no local storage at all. See the
/// module contract: the store is a plain value, and readers follow revisions per `Part`.
#[derive(Debug, Clone, Copy)]
pub struct StoreCtx {
    store: StoredValue<Option<AppStore>>,
    revisions: [Trigger; Part::ALL.len()],
    /// Space used, kept from each write's size; `None` while unknown.
    usage: RwSignal<Option<Usage>>,
}

pub fn use_store() -> StoreCtx {
    expect_context::<StoreCtx>()
}

impl StoreCtx {
    fn new(mut store: Option<AppStore>) -> Self {
        // What opening wrote (the schema marker, migrations) is in the usage read now.
        if let Some(s) = store.as_mut() {
            s.kv_mut().take_changes();
        }
        let usage = store.as_ref().and_then(|s| s.usage().ok());
        StoreCtx {
            store: StoredValue::new(store),
            revisions: std::array::from_fn(|_| Trigger::new()),
            usage: RwSignal::new(usage),
        }
    }

    /// Reads the store, following only `parts`: a view or memo calling this runs again when
    /// a write touched one of them, and not for writes to the others.
    pub fn read<R>(&self, parts: &[Part], f: impl FnOnce(&AppStore) -> R) -> Option<R> {
        self.track(parts);
        self.store.with_value(|s| s.as_ref().map(f))
    }

    /// Follows `parts` without reading (an effect that runs after every saved record).
    pub fn track(&self, parts: &[Part]) {
        for part in parts {
            self.revisions[part.index()].track();
        }
    }

    /// Reads the store following every part (for readers of nearly everything).
    pub fn with<R>(&self, f: impl FnOnce(&AppStore) -> R) -> Option<R> {
        self.read(&Part::ALL, f)
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&AppStore) -> R) -> Option<R> {
        self.store.with_value(|s| s.as_ref().map(f))
    }

    /// Space used by the origin's storage (tracked), kept up to date by every write made
    /// through the store; read in full again only when this is not enough (another tab
    /// cleared the storage, sync state changed, a size could not be read).
    pub fn usage(&self) -> Option<Usage> {
        self.usage.get()
    }

    /// Inside `storage::exclusive` (or before showing a record the user asked to load again):
    /// reads the whole store again (and tells every reader) when another tab's locked write has
    /// not reached this tab's memory yet (`storage::memory_current`). `Ok(true)` when it read it
    /// again.
    pub fn catch_up(&self) -> Result<bool, StoreError> {
        if storage::memory_current() {
            return Ok(false);
        }
        self.refresh(None, None, None)?;
        storage::memory_reloaded();
        Ok(true)
    }

    /// Runs a record write under the cross-tab lock (`storage::exclusive`), on a store that
    /// holds every other tab's locked writes ([`catch_up`](Self::catch_up)), and notifies the
    /// readers of the parts it touched. Every write of records made from what this tab holds
    /// (a delete, a save from a revision read here, a marker moved) goes through here, so `f`
    /// reads what another tab saved a moment ago, not a copy its `storage` events have not
    /// reached yet: a base revision or a record to change is read inside `f`, never before.
    ///
    /// A lock not taken in time is `StoreError::Backend` (nothing was written), like a failed
    /// write: the caller shows it as it shows any other.
    pub async fn update_locked<R: 'static>(
        self,
        f: impl FnOnce(&mut AppStore) -> Result<R, StoreError> + 'static,
    ) -> Result<R, StoreError> {
        let store = self;
        storage::exclusive(move || {
            store.catch_up()?;
            store.update(f)
        })
        .await
        .unwrap_or_else(|e| Err(StoreError::Backend { key: storage::PREFIX.into(), reason: e.to_string() }))
    }

    /// Runs a write and notifies the readers of the parts it touched. Without storage the
    /// answer is `Unavailable`. Outside `storage::exclusive`, writes of records go through
    /// [`update_locked`](Self::update_locked) instead.
    pub fn update<R>(&self, f: impl FnOnce(&mut AppStore) -> Result<R, StoreError>) -> Result<R, StoreError> {
        self.modify(f).unwrap_or_else(|| Err(StoreError::Unavailable("no local storage".into())))
    }

    /// Runs any operation on the store (`None` without storage) and notifies the readers of
    /// the parts its writes touched, whatever it returns.
    pub fn modify<R>(&self, f: impl FnOnce(&mut AppStore) -> R) -> Option<R> {
        self.modify_counted(true, f)
    }

    /// Tells the readers of what [`quietly`](Self::quietly) wrote. The space used follows from
    /// the sizes of those writes, with no new count of every entry (a district's: tens of
    /// milliseconds on a tablet): they all went through the store, no outbox entry beside it.
    pub fn tell_written(&self) {
        self.modify_counted(false, |_| ());
    }

    /// `modify`; `recount_sync`: a write touching the sync state counts the whole storage again
    /// (the outbox writes its entries beside the store).
    fn modify_counted<R>(&self, recount_sync: bool, f: impl FnOnce(&mut AppStore) -> R) -> Option<R> {
        let mut parts = Vec::new();
        let mut usage = None;
        let out = self.store.try_update_value(|s| {
            let s = s.as_mut()?;
            let bad = s.bad_entries().len();
            let out = f(s);
            let changes = s.kv_mut().take_changes();
            for key in &changes.keys {
                parts.extend(parts_of_key(s, key));
            }
            if s.bad_entries().len() != bad {
                parts.push(Part::Bad);
            }
            if !changes.keys.is_empty() {
                // Sync state changes with the outbox, whose entries are also written outside
                // the store: then (rarely: an export, a batch, an import) count everything.
                let recount = recount_sync && parts.contains(&Part::Sync);
                let known = self.usage.get_untracked().filter(|_| !recount);
                usage = Some(known.and_then(|u| u.after(&changes)).or_else(|| s.usage().ok()));
            }
            Some(out)
        })?;
        self.notify(&parts, usage);
        out
    }

    /// Runs an operation whose writes are told later: they stay in the change list until the
    /// next [`modify`](Self::modify) takes them and notifies their readers once (an import
    /// written a slice per task, `crate::file_worker`).
    pub fn quietly<R>(&self, f: impl FnOnce(&mut AppStore) -> R) -> Option<R> {
        self.store.try_update_value(|s| s.as_mut().map(f)).flatten()
    }

    /// Follows another tab's write of `key` (`None`: the storage was cleared), which changed
    /// the entry from `old` to `new`.
    pub fn refresh(&self, key: Option<&str>, old: Option<&str>, new: Option<&str>) -> Result<(), StoreError> {
        let mut parts = Vec::new();
        let mut usage = None;
        let out = self.store.try_update_value(|s| {
            let s = s.as_mut()?;
            let bad = s.bad_entries().len();
            let out = s.refresh(key);
            match (key, &out) {
                (Some(key), Ok(changed)) => {
                    parts.extend(parts_of_key(s, key));
                    parts.extend(changed.map(|(kind, _)| Part::of_kind(kind)));
                    let cost = |v: Option<&str>| v.map_or(0, |v| entry_cost(key, v)) as isize;
                    let delta = cost(new) - cost(old);
                    // Another app's key on the origin: count everything again.
                    let exact = key.starts_with(storage::PREFIX);
                    let changes = Changes { keys: Vec::new(), all: delta, ours: delta, exact };
                    usage = Some(self.usage.get_untracked().and_then(|u| u.after(&changes)).or_else(|| s.usage().ok()));
                }
                _ => {
                    parts.extend(Part::ALL);
                    usage = Some(s.usage().ok());
                }
            }
            if s.bad_entries().len() != bad {
                parts.push(Part::Bad);
            }
            Some(out)
        });
        self.notify(&parts, usage);
        out.flatten().unwrap_or(Ok(None)).map(|_| ())
    }

    fn notify(&self, parts: &[Part], usage: Option<Option<Usage>>) {
        for part in Part::ALL {
            if parts.contains(&part) {
                self.revisions[part.index()].notify();
            }
        }
        if let Some(u) = usage {
            if self.usage.get_untracked() != u {
                self.usage.set(u);
            }
        }
    }
}

/// Opens the store (migrating older data) and reports what the user must know as notices.
pub fn open_store(notices: NoticesCtx) -> StoreCtx {
    // Before the scan: the store then holds at least every locked write counted now.
    storage::memory_loading();
    match AppStore::open(Watched::new(LocalKv), Utc::now()) {
        Ok((store, report)) => {
            if let Some(e) = &report.migration_error {
                notices.push(Notice::store(None, e));
            } else if report.migrated > 0 {
                notices.push(Notice::info(Msg::Migrated));
            }
            if report.newer_schema.is_some() {
                notices.push(Notice::info(Msg::StoreReadOnly));
            }
            if !store.bad_entries().is_empty() {
                notices.push(Notice::info(Msg::BadEntriesNotice));
            }
            StoreCtx::new(Some(store))
        }
        Err(e) => {
            notices.push(Notice::store(None, &e));
            StoreCtx::new(None)
        }
    }
}

/// Follows other tabs' writes: the browser fires `storage` in every *other* tab of the origin.
pub fn follow_other_tabs(store: StoreCtx, notices: NoticesCtx) {
    let handle = window_event_listener(leptos::ev::storage, move |e: web_sys::StorageEvent| {
        let (key, old, new) = (e.key(), e.old_value(), e.new_value());
        // Settings (the lock's write count among them, on every save) are not records: no
        // reader of the store needs to hear of them. The count comes after the records its
        // write changed, which are now applied here.
        if key.as_deref().is_some_and(|k| k.starts_with("ansinh/v1/settings/")) {
            if key.as_deref() == Some(storage::WRITE_SEQ_KEY) {
                storage::saw_write_seq(new.as_deref());
            }
            return;
        }
        if let Err(err) = store.refresh(key.as_deref(), old.as_deref(), new.as_deref()) {
            notices.push(Notice::store(None, &err));
        }
    });
    // The listener lives as long as the app; the root owner is never disposed in the app.
    on_cleanup(move || handle.remove());
}

/// The language stored by an earlier visit, or Vietnamese. A corrupt entry falls back to
/// Vietnamese too, but is reported so the user knows the setting was not read.
pub fn initial_lang() -> (Lang, Option<StorageError>) {
    match storage::get(&storage::lang_key()) {
        Ok(Some(code)) => (Lang::from_code(&code).unwrap_or_default(), None),
        Ok(None) => (Lang::default(), None),
        Err(e) => (Lang::default(), Some(e)),
    }
}

/// Sets the language, stores it, and mirrors it on `<html lang>` for screen readers and
/// hyphenation. A failed write leaves the language switched for this session and says so.
pub fn set_lang(lang_ctx: LangCtx, notices: NoticesCtx, lang: Lang) {
    lang_ctx.0.set(lang);
    set_document_lang(lang);
    if let Err(error) = storage::set(&storage::lang_key(), &lang.code().to_string()) {
        notices.push(Notice::storage(Some(Msg::SettingNotSaved), &error));
    }
}

pub fn set_document_lang(lang: Lang) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        // Failing to set an attribute only affects accessibility hints; nothing to save.
        if el.set_attribute("lang", lang.code()).is_err() {
            leptos::logging::warn!("could not set <html lang>");
        }
    }
}

/// The plan in force. A signal so that a plan imported later (another district's, or a new
/// version) replaces it without a rebuild. It exists once `ensure_plan` has loaded the whole
/// plan: every page but Tổng quan waits for that before it renders (`app::lazy`), so their
/// components read it with `use_plan()`; code on Tổng quan's path (the start module) reads the
/// start projection (`use_plan_start`) or awaits `ensure_plan` itself.
#[derive(Debug, Clone, Copy)]
pub struct PlanCtx(pub RwSignal<Arc<Plan>>);

/// The whole plan; only for pages and components that render after `ensure_plan` (every page
/// but Tổng quan). Panics otherwise: a programming error the tests meet at once.
pub fn use_plan() -> PlanCtx {
    expect_context::<PlanCtx>()
}

/// The plan's start projection (org units and deadlines of section IV), decoded at start.
#[derive(Debug, Clone)]
pub struct PlanStartCtx(pub Arc<PlanStart>);

pub fn use_plan_start() -> PlanStartCtx {
    expect_context::<PlanStartCtx>()
}

/// Decodes the embedded plan's start projection (`PlanStart`): what Tổng quan needs, without
/// the whole plan's decoder and text in the start module (docs/benchmarks.md, "First load").
/// The app shows the problems instead of panicking if a build ever ships a broken one.
pub fn load_plan_start() -> Result<Arc<PlanStart>, PlanError> {
    let start = PlanStart::from_json(EMBEDDED_PLAN_START_JSON)?;
    START_UNITS.get_or_init(|| start.org_units.clone());
    Ok(Arc::new(start))
}

/// Parses and validates the whole embedded plan.
///
/// Why not `Plan::from_json`: its field-path tracking (serde_path_to_error over the text
/// deserializer) compiles a second decoder of every plan type, tens of KB of wasm, and the
/// embedded file's paths are already checked natively by `embedded_plan_is_valid`.
/// `from_json_untracked` decodes through `serde_json::Value` (one decoder per type); a syntax
/// error still shows its line and column, a shape error its problem, and the semantic rules
/// run in full. Plans imported later should use `Plan::from_json`.
pub fn load_plan() -> Result<Plan, PlanError> {
    Plan::from_json_untracked(EMBEDDED_PLAN_MIN_JSON)
}

/// Why the whole plan is not there.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PlanLoadError {
    /// The chunk with the plan could not be fetched (split builds, offline before the worker
    /// cached the build); the next page opened tries again.
    #[error("the plan's part of the app could not be loaded")]
    NotLoaded,
    /// The embedded plan does not validate (never in a tested build).
    #[error(transparent)]
    Invalid(#[from] PlanError),
}

/// `load_plan` behind a split point: the plan's decoder, validator and text are a lazy chunk,
/// fetched (from the worker's cache) when the first page that needs the plan opens.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(whole_plan, wasm_split_path = ::leptos::wasm_split, fallible)]
fn load_plan_split() -> Result<Result<Plan, PlanError>, leptos::wasm_split::SplitLoaderError> {
    Ok(load_plan())
}

thread_local! {
    /// The app root's owner (`set_root_owner`): the whole plan's signal and context are made
    /// under it whenever `ensure_plan` first runs, so every page finds them.
    static ROOT: std::cell::RefCell<Option<Owner>> = const { std::cell::RefCell::new(None) };
    static PLAN: std::cell::RefCell<Option<PlanCtx>> = const { std::cell::RefCell::new(None) };
}

/// Called by the app root, under its owner, before anything awaits the plan.
pub fn set_root_owner() {
    ROOT.with_borrow_mut(|r| *r = Owner::current());
}

/// The whole plan if it is loaded.
pub fn loaded_plan() -> Option<PlanCtx> {
    PLAN.with_borrow(|p| *p)
}

/// The whole plan, loaded on the first call (decoded and validated, with this tablet's
/// villages laid over its org units) and then shared as `PlanCtx` from the app root. Callers
/// that come while it loads (Tổng quan's two counts, a page) wait for the same load: the plan
/// is decoded once. A failed load is forgotten, so the next caller tries again.
pub async fn ensure_plan() -> Result<PlanCtx, PlanLoadError> {
    if let Some(ctx) = loaded_plan() {
        return Ok(ctx);
    }
    #[cfg(not(feature = "split"))]
    return ensure_plan_now();
    #[cfg(feature = "split")]
    {
        use futures_util::FutureExt;
        let loading = LOADING.with_borrow_mut(|l| {
            l.get_or_insert_with(|| {
                async {
                    let plan = load_plan_split().await.map_err(|_| PlanLoadError::NotLoaded)??;
                    Ok(install_plan(plan))
                }
                .boxed_local()
                .shared()
            })
            .clone()
        });
        let result = loading.await;
        LOADING.with_borrow_mut(|l| *l = None);
        result
    }
}

/// The load of the whole plan under way, if one is (`ensure_plan`).
#[cfg(feature = "split")]
type PlanLoading =
    futures_util::future::Shared<futures_util::future::LocalBoxFuture<'static, Result<PlanCtx, PlanLoadError>>>;

#[cfg(feature = "split")]
thread_local! {
    static LOADING: std::cell::RefCell<Option<PlanLoading>> = const { std::cell::RefCell::new(None) };
}

/// The whole plan at once, for builds without the `split` feature (tests): there every page is
/// a plain component that renders without waiting, so the app root loads the plan at start.
#[cfg(not(feature = "split"))]
pub fn ensure_plan_now() -> Result<PlanCtx, PlanLoadError> {
    match loaded_plan() {
        Some(ctx) => Ok(ctx),
        None => Ok(install_plan(load_plan()?)),
    }
}

/// `ensure_plan` and `other` at once: a lazy chunk that needs the plan is fetched while the
/// plan's own chunk is fetched and decoded, not after it (each fetch waits on the worker's
/// cache and the wasm's compilation).
pub async fn ensure_plan_with<F: std::future::Future>(other: F) -> (Result<PlanCtx, PlanLoadError>, F::Output) {
    futures_util::future::join(ensure_plan(), other).await
}

/// Shares `plan` as the plan in force, unless another caller did meanwhile.
fn install_plan(mut plan: Plan) -> PlanCtx {
    if let Some(ctx) = loaded_plan() {
        return ctx;
    }
    if let Some(units) = CURRENT_UNITS.with_borrow(|u| u.clone()) {
        plan.org_units = (*units).clone();
    }
    let make = move || {
        let ctx = PlanCtx(RwSignal::new(Arc::new(plan)));
        provide_context(ctx);
        ctx
    };
    let ctx = match ROOT.with_borrow(|r| r.clone()) {
        Some(owner) => owner.with(make),
        None => make(),
    };
    PLAN.with_borrow_mut(|p| *p = Some(ctx));
    ctx
}

/// The org units of the plan decoded at start (`load_plan_start` fills it).
static START_UNITS: std::sync::OnceLock<OrgUnits> = std::sync::OnceLock::new();

/// The org units in force: the plan's list with this tablet's village records laid over it
/// (`RecordStore::org_units`), kept by the app root (`follow_villages`). Reading it in a view
/// or memo follows every change of the village list.
#[derive(Debug, Clone, Copy)]
pub struct UnitsCtx(pub RwSignal<Arc<OrgUnits>>);

thread_local! {
    /// The same list for code that runs outside the component tree (event handlers after the
    /// owner is gone); set together with `UnitsCtx`.
    static CURRENT_UNITS: std::cell::RefCell<Option<Arc<OrgUnits>>> = const { std::cell::RefCell::new(None) };
}

/// The org units in force (tracked when read in a view or memo): the plan's villages as the
/// commune keeps them, the placeholders until it changes them.
pub fn current_units() -> Arc<OrgUnits> {
    if let Some(ctx) = use_context::<UnitsCtx>() {
        return ctx.0.get();
    }
    CURRENT_UNITS.with_borrow(|u| u.clone()).unwrap_or_else(|| Arc::new(plan_org_units().clone()))
}

/// Keeps `UnitsCtx` and the plan in force (`PlanCtx` once loaded, which the indicators and the
/// import read) up to date with the village records of the store: on every store change the
/// list is laid over the plan's again (a few dozen units), and readers are notified only when
/// it changed. A plan loaded later gets the list in force then (`ensure_plan`).
pub fn follow_villages(store: StoreCtx, start: &PlanStart) -> UnitsCtx {
    let base = start.org_units.clone();
    let units = UnitsCtx(RwSignal::new(Arc::new(base.clone())));
    CURRENT_UNITS.with_borrow_mut(|u| *u = Some(units.0.get_untracked()));
    Effect::new(move |_| {
        let list = store.read(&[Part::Villages], |s| s.org_units(&base)).unwrap_or_else(|| base.clone());
        if units.0.with_untracked(|u| **u == list) {
            return;
        }
        let list = Arc::new(list);
        CURRENT_UNITS.with_borrow_mut(|u| *u = Some(list.clone()));
        units.0.set(list.clone());
        if let Some(plan) = loaded_plan() {
            plan.0.update(|p| Arc::make_mut(p).org_units = (*list).clone());
        }
    });
    units
}

/// The org units (communes, villages) of the embedded plan, for code that needs them outside
/// the component tree. Taken from the start projection decoded at start rather than parsed
/// again. Empty if the plan is broken.
pub fn plan_org_units() -> &'static OrgUnits {
    static EMPTY: std::sync::OnceLock<OrgUnits> = std::sync::OnceLock::new();
    // The app decodes it first; only code run outside it (tests) gets here undecoded.
    if START_UNITS.get().is_none() && load_plan_start().is_err() {
        return EMPTY.get_or_init(OrgUnits::default);
    }
    START_UNITS.get().unwrap_or_else(|| EMPTY.get_or_init(OrgUnits::default))
}

/// Whether the browser agreed to keep the data: `None` while unknown or not answerable.
#[derive(Debug, Clone, Copy)]
pub struct PersistCtx(pub RwSignal<Option<bool>>);

pub fn use_persist() -> PersistCtx {
    expect_context::<PersistCtx>()
}

/// Asks for persistent storage once at start and keeps the answer for the status panel.
pub fn request_persistence() -> PersistCtx {
    let ctx = PersistCtx(RwSignal::new(None));
    leptos::task::spawn_local(async move {
        let answer = storage::request_persistence().await;
        ctx.0.set(answer);
    });
    ctx
}

/// The survey data the indicators are computed from. The dashboard reads only this.
///
/// A memo over the stored households and figures, followed in place
/// (`RecordStore::sync_dataset`: only new or changed records are cloned), and lazily: it is
/// brought up to date when a page reads it, so pages that do not (the household form, the
/// list, Đồng bộ) pay nothing per save (issue 22: on a tablet's CPU the sync was a fifth of a
/// save). While the demo is shown, it is the demo.
#[derive(Debug, Clone, Copy)]
pub struct DatasetCtx(pub Memo<Arc<Dataset>>);

impl DatasetCtx {
    pub fn new(store: StoreCtx, demo: DemoCtx) -> Self {
        let revs = StoredValue::new(DatasetRevs::default());
        DatasetCtx(Memo::new_owning(move |prev: Option<Arc<Dataset>>| {
            if let Some(shown) = demo.0.get() {
                // The stored records come back in full once the demo goes.
                revs.set_value(DatasetRevs::default());
                return (shown, true);
            }
            // Only a dataset nobody else holds is updated in place (the demo's is shared with
            // `DemoCtx`); a new one is filled in full (`sync_dataset` sees no matching list).
            let mut ds = prev.filter(|p| Arc::strong_count(p) == 1).unwrap_or_default();
            let synced = store.read(&[Part::Households, Part::Figures], |s| {
                revs.update_value(|r| s.sync_dataset(Arc::make_mut(&mut ds), r));
            });
            if synced.is_none() {
                revs.set_value(DatasetRevs::default());
                return (Arc::default(), true);
            }
            (ds, true)
        }))
    }
}

pub fn use_dataset() -> DatasetCtx {
    expect_context::<DatasetCtx>()
}

/// The dashboard's demo data while it is shown (in memory only, never stored): `DatasetCtx`
/// is then the demo, and every page can say the figures are not real.
#[derive(Debug, Clone, Copy)]
pub struct DemoCtx(pub RwSignal<Option<Arc<Dataset>>>);

impl DemoCtx {
    /// Whether the demo is shown (tracked).
    pub fn shown(&self) -> bool {
        self.0.with(Option::is_some)
    }
}
