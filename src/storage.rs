//! The one place the app touches the browser's local storage.
//!
//! Contract:
//! - Every key is typed (`Key<T>`) and lives under the versioned prefix `ansinh/v1/`, so a
//!   future format can migrate old entries instead of misreading them.
//! - Every read and write returns `Result<_, StorageError>`; nothing here panics or swallows a
//!   failed write. A quota failure is reported as `QuotaExceeded` and leaves the previously
//!   stored value untouched (the browser rejects the write as a whole).
//! - A missing key is `Ok(None)`; an entry that is present but unreadable is
//!   `Err(Corrupt { key, .. })`, so the caller can list it instead of treating it as absent.
//! - Survey records go through the core's `RecordStore` over `LocalKv`, this module's
//!   `KeyValue` backend: the same contract (one key per record, every write a `Result`, quota
//!   failures named as such) with the logic tested natively in the core.

use std::cell::Cell;
use std::marker::PhantomData;

use ansinh_core::i18n::Msg;
use ansinh_core::sync::store::{KeyValue, KvError, RecordStore, StoreError};
use gloo_storage::{errors::StorageError as GlooError, LocalStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};

/// Prefix of every key this app writes. Bump the version only together with a migration.
pub const PREFIX: &str = "ansinh/v1/";

/// A typed storage key: the stored value at `path` is JSON of a `T`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<T> {
    path: String,
    _value: PhantomData<fn() -> T>,
}

impl<T> Key<T> {
    /// A key under the app's prefix, e.g. `Key::new("settings/lang")` → `ansinh/v1/settings/lang`.
    pub fn new(relative: &str) -> Self {
        Key { path: format!("{PREFIX}{relative}"), _value: PhantomData }
    }

    /// The full storage key.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// The UI language chosen by the user ("vi" / "en").
pub fn lang_key() -> Key<String> {
    Key::new("settings/lang")
}

/// The district's public key (`age1…`) that exports are encrypted to (`src/crypt.rs`); checked
/// as an age recipient before it is stored. Public: it opens nothing.
pub fn district_key_key() -> Key<String> {
    Key::new("settings/district_key")
}

/// A district key the hub announced that differs from the stored one, kept until the user
/// takes it or keeps the old one (`crate::hub_key`).
pub fn district_key_offered_key() -> Key<String> {
    Key::new("settings/district_key_offered")
}

/// The last announced key the user chose not to take: never asked about again.
pub fn district_key_declined_key() -> Key<String> {
    Key::new("settings/district_key_declined")
}

/// The app lock's PIN, as a salted hash only (`ansinh_core::security::pin`, `src/lock.rs`). Removing
/// this one key unlocks the tablet and touches no data (docs/privacy.md).
pub fn pin_key() -> Key<ansinh_core::security::pin::PinRecord> {
    Key::new("settings/lock/pin")
}

/// The hash of the tablet's recovery code, which removes the PIN (docs/privacy.md).
pub fn recovery_key() -> Key<ansinh_core::security::pin::PinRecord> {
    Key::new("settings/lock/recovery")
}

/// Wrong PIN entries in a row and when the next try is allowed (survives a reload).
pub fn attempts_key() -> Key<ansinh_core::security::pin::Attempts> {
    Key::new("settings/lock/attempts")
}

/// Minutes without a touch or a key before the app locks.
pub fn idle_minutes_key() -> Key<u32> {
    Key::new("settings/lock/idle_minutes")
}

/// The column mappings the user confirmed for household lists, by the list's header row
/// (`ansinh_core::views::list_import::layout_signature`: folded header texts, nothing personal), so a
/// list of the same layout maps itself next year.
pub fn list_layouts_key() -> Key<std::collections::BTreeMap<String, ansinh_core::views::list_import::Mapping>> {
    Key::new("settings/list_import/layouts")
}

/// This device's id (a UUID v4 made once), written into every bundle it exports.
pub fn device_id_key() -> Key<String> {
    Key::new("settings/device_id")
}

/// The device id, made and stored on first use. Fails only if it cannot be read or, the first
/// time, stored: a bundle must never carry an id the device would not keep.
pub fn device_id() -> Result<String, StorageError> {
    let key = device_id_key();
    if let Some(id) = get(&key)?.filter(|id| !id.trim().is_empty()) {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    set(&key, &id)?;
    Ok(id)
}

/// Why a storage operation failed. Each variant has a Vietnamese message with what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("local storage is not available: {0}")]
    Unavailable(String),
    #[error("storage quota exceeded while writing {key}")]
    QuotaExceeded { key: String },
    #[error("stored entry {key} is unreadable: {reason}")]
    Corrupt { key: String, reason: String },
    #[error("could not encode value for {key}: {reason}")]
    Serialize { key: String, reason: String },
    #[error("browser storage error on {key}: {reason}")]
    Other { key: String, reason: String },
}

impl StorageError {
    /// The user-facing message key (both languages live in the core's catalog).
    pub fn msg(&self) -> Msg {
        match self {
            StorageError::Unavailable(_) => Msg::StorageUnavailable,
            StorageError::QuotaExceeded { .. } => Msg::StorageQuotaExceeded,
            StorageError::Corrupt { .. } => Msg::StorageCorrupt,
            StorageError::Serialize { .. } => Msg::StorageSerialize,
            StorageError::Other { .. } => Msg::StorageOther,
        }
    }

    fn from_gloo(key: &str, err: GlooError) -> Self {
        match err {
            GlooError::SerdeError(e) => StorageError::Serialize { key: key.to_owned(), reason: e.to_string() },
            GlooError::KeyNotFound(_) => StorageError::Other { key: key.to_owned(), reason: "key not found".into() },
            GlooError::JsError(e) => {
                // Browsers name the quota failure differently (Chromium: QuotaExceededError,
                // old Firefox: NS_ERROR_DOM_QUOTA_REACHED); match on the name, not the text.
                if is_quota_name(&e.name) {
                    StorageError::QuotaExceeded { key: key.to_owned() }
                } else {
                    StorageError::Other { key: key.to_owned(), reason: format!("{}: {}", e.name, e.message) }
                }
            }
        }
    }
}

fn raw_storage() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(StorageError::Unavailable("localStorage is null".into())),
        Err(e) => Err(StorageError::Unavailable(format!("{e:?}"))),
    }
}

/// Reads and decodes the value at `key`. `Ok(None)` when nothing is stored there.
pub fn get<T: DeserializeOwned>(key: &Key<T>) -> Result<Option<T>, StorageError> {
    let raw = raw_storage()?
        .get_item(key.path())
        .map_err(|e| StorageError::Other { key: key.path.clone(), reason: format!("{e:?}") })?;
    match raw {
        None => Ok(None),
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| StorageError::Corrupt { key: key.path.clone(), reason: e.to_string() }),
    }
}

/// Encodes and writes `value` at `key`. On error nothing at `key` has changed.
pub fn set<T: Serialize>(key: &Key<T>, value: &T) -> Result<(), StorageError> {
    // Probe availability first so private-mode browsers get the precise message.
    raw_storage()?;
    LocalStorage::set(key.path(), value).map_err(|e| StorageError::from_gloo(key.path(), e))
}

/// Removes the entry at `key` (a missing entry is not an error).
pub fn remove<T>(key: &Key<T>) -> Result<(), StorageError> {
    raw_storage()?
        .remove_item(key.path())
        .map_err(|e| StorageError::Other { key: key.path.clone(), reason: format!("{e:?}") })
}

/// Every key currently stored under the app's prefix.
pub fn app_keys() -> Result<Vec<String>, StorageError> {
    let s = raw_storage()?;
    let len = s.length().map_err(|e| StorageError::Other { key: PREFIX.into(), reason: format!("{e:?}") })?;
    let mut keys = Vec::new();
    for i in 0..len {
        if let Ok(Some(k)) = s.key(i) {
            if k.starts_with(PREFIX) {
                keys.push(k);
            }
        }
    }
    Ok(keys)
}

/// Browsers name the quota failure differently (Chromium: QuotaExceededError, old Firefox:
/// NS_ERROR_DOM_QUOTA_REACHED); match on the name, not the text.
fn is_quota_name(name: &str) -> bool {
    name.contains("Quota") || name.contains("QUOTA")
}

/// The browser's localStorage as the record store's backend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocalKv;

/// The app's record store.
pub type AppStore = RecordStore<ansinh_core::sync::store::Watched<LocalKv>>;

fn kv_error(key: &str, e: wasm_bindgen::JsValue) -> KvError {
    use wasm_bindgen::JsCast;
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) if is_quota_name(&d.name()) => KvError::Quota { key: key.to_owned() },
        Some(d) => KvError::Other { key: key.to_owned(), reason: format!("{}: {}", d.name(), d.message()) },
        None => KvError::Other { key: key.to_owned(), reason: format!("{e:?}") },
    }
}

fn kv_storage() -> Result<web_sys::Storage, KvError> {
    raw_storage().map_err(|e| KvError::Unavailable(e.to_string()))
}

impl KeyValue for LocalKv {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        kv_storage()?.get_item(key).map_err(|e| kv_error(key, e))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        kv_storage()?.set_item(key, value).map_err(|e| kv_error(key, e))
    }

    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        kv_storage()?.remove_item(key).map_err(|e| kv_error(key, e))
    }

    fn keys(&self) -> Result<Vec<String>, KvError> {
        let s = kv_storage()?;
        let len = s.length().map_err(|e| kv_error("", e))?;
        let mut keys = Vec::with_capacity(len as usize);
        for i in 0..len {
            // A key that vanishes mid-enumeration (another tab removed it) is simply skipped.
            if let Some(k) = s.key(i).map_err(|e| kv_error("", e))? {
                keys.push(k);
            }
        }
        Ok(keys)
    }
}

/// The user-facing message of a record store failure (both languages in the catalog).
pub fn store_error_msg(e: &StoreError) -> Msg {
    match e {
        StoreError::Quota { .. } => Msg::StorageQuotaExceeded,
        StoreError::Unavailable(_) => Msg::StorageUnavailable,
        StoreError::Backend { .. } => Msg::StorageOther,
        StoreError::Conflict { .. } => Msg::ChangedElsewhere,
        StoreError::Deleted { .. } => Msg::DeletedElsewhere,
        StoreError::Unreadable { .. } => Msg::StorageCorrupt,
        StoreError::Encode { .. } => Msg::StorageSerialize,
        StoreError::NotFound { .. } => Msg::RecordNotFound,
        StoreError::ReadOnly(_) => Msg::StoreReadOnly,
    }
}

/// Asks the browser to keep this origin's data under storage pressure
/// (`navigator.storage.persist()`). `Some(granted)`, or `None` where the browser cannot say
/// (no StorageManager, e.g. a page not served over a secure origin).
pub async fn request_persistence() -> Option<bool> {
    use wasm_bindgen_futures::JsFuture;
    let navigator = web_sys::window()?.navigator();
    // Outside secure contexts `navigator.storage` is undefined; calling into it would throw.
    if !js_sys::Reflect::has(&navigator, &"storage".into()).ok()? {
        return None;
    }
    let manager = navigator.storage();
    if JsFuture::from(manager.persisted().ok()?).await.ok()?.as_bool()? {
        return Some(true);
    }
    JsFuture::from(manager.persist().ok()?).await.ok()?.as_bool()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `ansinhStore.exclusive` of scripts/storage/lock.js (inlined into index.html).
    #[wasm_bindgen(catch, js_namespace = ansinhStore, js_name = exclusive)]
    fn js_exclusive(f: &wasm_bindgen::JsValue) -> Result<js_sys::Promise, wasm_bindgen::JsValue>;
}

/// Runs `f` — a read-check-write of local storage — while no other tab of the origin runs one,
/// and only once this tab's copy of local storage holds every earlier such write
/// (scripts/storage/lock.js; docs/storage.md, "Two tabs"). Every write whose correctness
/// depends on what it read (a save from a revision, an import, the outbox) goes through here,
/// so two tabs saving at the same moment cannot both write the same next revision.
///
/// `Err` when the lock could not be taken in time: `f` did not run, nothing was written. Where
/// the page has no lock script (the wasm tests), `f` runs at once: one tab, nothing to race.
pub async fn exclusive<R: 'static>(f: impl FnOnce() -> R + 'static) -> Result<R, StorageError> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    let slot: Rc<RefCell<Option<R>>> = Rc::new(RefCell::new(None));
    let out = slot.clone();
    let callback = Closure::once_into_js(move || {
        let current = memory_current();
        RELOADED.with(|r| r.set(false));
        let pending = pending_seq();
        *out.borrow_mut() = Some(f());
        if let Some(n) = pending.filter(|_| current || RELOADED.with(Cell::get)) {
            // The count lock.js gives this write once `f` returns: this tab has seen it too.
            SEEN_SEQ.with(|s| s.set(s.get().max(n)));
        }
    });
    let promise = match js_exclusive(&callback) {
        Ok(p) => p,
        Err(_) => {
            // No lock script on this page: call the callback ourselves (it was not used).
            let f: &js_sys::Function = wasm_bindgen::JsCast::unchecked_ref(&callback);
            f.call0(&wasm_bindgen::JsValue::NULL)
                .map_err(|e| StorageError::Other { key: PREFIX.into(), reason: format!("{e:?}") })?;
            return slot
                .borrow_mut()
                .take()
                .ok_or_else(|| StorageError::Other { key: PREFIX.into(), reason: "the write did not run".into() });
        }
    };
    let settled = wasm_bindgen_futures::JsFuture::from(promise).await;
    let result = slot.borrow_mut().take();
    match (settled, result) {
        (_, Some(r)) => Ok(r),
        (Err(e), None) => Err(StorageError::Other { key: PREFIX.into(), reason: format!("lock: {e:?}") }),
        (Ok(_), None) => Err(StorageError::Other { key: PREFIX.into(), reason: "the write did not run".into() }),
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `ansinhStore.snapshot` of scripts/storage/lock.js: `{seq, entries: [[key, value], …]}`.
    #[wasm_bindgen(catch, js_namespace = ansinhStore, js_name = snapshot)]
    fn js_snapshot() -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

/// Every record entry of local storage at one moment (settings and outbox left out), as an
/// array of `[key, value]` pairs for the import worker, and the count of locked writes they
/// hold (compare with [`locked_write_count`] under the lock). `None` where the page has no
/// lock script (the wasm tests).
pub fn snapshot() -> Option<(u64, js_sys::Array)> {
    let snap = js_snapshot().ok()?;
    let seq = js_sys::Reflect::get(&snap, &"seq".into()).ok()?.as_f64()?;
    let entries = js_sys::Reflect::get(&snap, &"entries".into()).ok()?;
    Some((seq as u64, wasm_bindgen::JsCast::dyn_into(entries).ok()?))
}

/// [`exclusive`] for a write spread over several tasks: `f` starts synchronously when the lock
/// is granted, and the lock is held (every other tab's and this tab's locked writes wait) until
/// its future ends. For a write too long for one task (a district's import, written a slice per
/// task so the page keeps responding); between its slices, the storage holds part of it.
pub async fn exclusive_async<R: 'static>(
    f: impl FnOnce() -> std::pin::Pin<Box<dyn std::future::Future<Output = R>>> + 'static,
) -> Result<R, StorageError> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    let slot: Rc<RefCell<Option<R>>> = Rc::new(RefCell::new(None));
    let out = slot.clone();
    let callback = Closure::once_into_js(move || -> wasm_bindgen::JsValue {
        let current = memory_current();
        RELOADED.with(|r| r.set(false));
        let pending = pending_seq();
        let work = f();
        wasm_bindgen_futures::future_to_promise(async move {
            let r = work.await;
            *out.borrow_mut() = Some(r);
            if let Some(n) = pending.filter(|_| current || RELOADED.with(Cell::get)) {
                SEEN_SEQ.with(|s| s.set(s.get().max(n)));
            }
            Ok(wasm_bindgen::JsValue::UNDEFINED)
        })
        .into()
    });
    let settled = match js_exclusive(&callback) {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await,
        Err(_) => {
            // No lock script on this page: call the callback ourselves and wait for its work.
            let f: &js_sys::Function = wasm_bindgen::JsCast::unchecked_ref(&callback);
            match f.call0(&wasm_bindgen::JsValue::NULL) {
                Ok(p) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(p)).await,
                Err(e) => Err(e),
            }
        }
    };
    let result = slot.borrow_mut().take();
    match (settled, result) {
        (_, Some(r)) => Ok(r),
        (Err(e), None) => Err(StorageError::Other { key: PREFIX.into(), reason: format!("lock: {e:?}") }),
        (Ok(_), None) => Err(StorageError::Other { key: PREFIX.into(), reason: "the write did not run".into() }),
    }
}

/// lock.js's count of locked writes (`settings/write_seq`; docs/storage.md, "Two tabs").
pub const WRITE_SEQ_KEY: &str = "ansinh/v1/settings/write_seq";

thread_local! {
    /// The highest locked write whose changes this tab's in-memory store holds: another tab's
    /// count arrives by its `storage` event after the events of the records it wrote (the
    /// browser keeps a tab's writes in order), and this tab's own writes count as they happen.
    static SEEN_SEQ: Cell<u64> = const { Cell::new(0) };
    /// Set inside a locked write that read the whole store again.
    static RELOADED: Cell<bool> = const { Cell::new(false) };
}

/// Inside a locked write: the count lock.js will give it (`ansinhStore.pendingSeq`); `None`
/// where writes are not counted (no IndexedDB, no lock script).
fn pending_seq() -> Option<u64> {
    let store = js_sys::Reflect::get(&wasm_bindgen::JsValue::from(web_sys::window()?), &"ansinhStore".into()).ok()?;
    let n = js_sys::Reflect::get(&store, &"pendingSeq".into()).ok()?.as_f64()?;
    (n >= 0.0).then_some(n as u64)
}

/// Inside [`exclusive`]: the count this write will have, `None` where writes are not counted.
/// A write prepared from a [`snapshot`] taken at count `n` is still right when this is `n + 1`
/// (no locked write came between).
pub fn locked_write_count() -> Option<u64> {
    pending_seq()
}

fn local_seq() -> u64 {
    raw_storage().ok().and_then(|s| s.get_item(WRITE_SEQ_KEY).ok().flatten()).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Another tab's locked write reached this tab (the `storage` event of the count, `new`),
/// after the events of what it wrote were applied to the in-memory store.
pub fn saw_write_seq(new: Option<&str>) {
    if let Some(n) = new.and_then(|v| v.parse::<u64>().ok()) {
        SEEN_SEQ.with(|s| s.set(s.get().max(n)));
    }
}

/// Inside [`exclusive`]: whether this tab's in-memory store holds every locked write made so
/// far by any tab. Local storage itself has caught up when `exclusive` runs its function, but
/// the in-memory copy follows other tabs' writes only as their `storage` events are handled:
/// a write that depends on more than the keys it reads again (the outbox taking every change
/// since its marker, a pulled page merged into the records) must read the store again first
/// when this is false, and say so with [`memory_reloaded`] (`StoreCtx::catch_up`, which every
/// record write runs first: `StoreCtx::update_locked`). Writes made without the lock (settings)
/// are not counted.
pub fn memory_current() -> bool {
    SEEN_SEQ.with(Cell::get) >= local_seq()
}

/// The store is about to be read whole (the app's start): it will hold every locked write
/// counted so far.
pub fn memory_loading() {
    SEEN_SEQ.with(|s| s.set(s.get().max(local_seq())));
}

/// Inside [`exclusive`]: the function read the whole store again; the memory is current.
pub fn memory_reloaded() {
    RELOADED.with(|r| r.set(true));
    SEEN_SEQ.with(|s| s.set(s.get().max(local_seq())));
}

/// Where unsaved drafts are kept between sessions: `ansinh/v1/settings/unsaved/<key>`.
const UNSAVED_PREFIX: &str = "ansinh/v1/settings/unsaved/";
/// Space held back for unsaved drafts: removed to make room for one when the storage is full.
const RESERVE_KEY: &str = "ansinh/v1/settings/reserve";
/// About 8 KB in Chromium's units (UTF-16): a large household's draft.
const RESERVE_CHARS: usize = 4096;

thread_local! {
    /// Unsaved drafts of this tab, by stash key (the record id): kept even when storage is full.
    static UNSAVED: std::cell::RefCell<std::collections::BTreeMap<String, String>> = Default::default();
}

/// Holds `RESERVE_CHARS` back for unsaved drafts, if it is not held and there is room.
pub fn keep_reserve() {
    let Ok(s) = raw_storage() else { return };
    if matches!(s.get_item(RESERVE_KEY), Ok(Some(_))) {
        return;
    }
    // No room: nothing to do now; the next stash still keeps the draft in memory.
    let _ = s.set_item(RESERVE_KEY, &".".repeat(RESERVE_CHARS));
}

/// Keeps an unsaved draft (`json`) under `key`: in memory for this tab, and in local storage
/// so a reload finds it — using the reserved space when the storage is full.
pub fn stash_unsaved(key: &str, json: String) {
    UNSAVED.with(|u| u.borrow_mut().insert(key.to_owned(), json.clone()));
    let Ok(s) = raw_storage() else { return };
    let full = format!("{UNSAVED_PREFIX}{key}");
    if s.set_item(&full, &json).is_ok() {
        return;
    }
    if s.remove_item(RESERVE_KEY).is_ok() && s.set_item(&full, &json).is_err() {
        // Even the reserve was not enough: the draft stays in memory for this session.
        leptos::logging::warn!("an unsaved draft is kept in memory only");
    }
}

/// The unsaved draft kept under `key`, if any (this tab's, else one left by an earlier session).
pub fn unsaved(key: &str) -> Option<String> {
    UNSAVED
        .with(|u| u.borrow().get(key).cloned())
        .or_else(|| raw_storage().ok()?.get_item(&format!("{UNSAVED_PREFIX}{key}")).ok().flatten())
}

/// The draft under `key` was saved or knowingly discarded: forget it, and hold the reserve again.
pub fn drop_unsaved(key: &str) {
    let had = UNSAVED.with(|u| u.borrow_mut().remove(key)).is_some();
    if let Ok(s) = raw_storage() {
        let full = format!("{UNSAVED_PREFIX}{key}");
        if had || matches!(s.get_item(&full), Ok(Some(_))) {
            let _ = s.remove_item(&full);
            keep_reserve();
        }
    }
}
