//! The app lock: an optional PIN per tablet, the lock on start and after an idle time.
//!
//! Contract:
//! - With a PIN set (`storage::pin_key`, a salted PBKDF2 hash: `ansinh_core::security::pin`) the app
//!   starts locked, and locks again after `idle_minutes` without a touch or a key (default
//!   `DEFAULT_IDLE_MINUTES`). While locked the router is on `LOCK_PATH` (`components::lock_guard`),
//!   whose page is the lock screen (a lazy page), which makes everything else inert: the
//!   pages, the form and its data are not in the document. Leaving the form saves it (its
//!   autosave saves and keeps the draft on cleanup), so a lock loses nothing typed; unlocking
//!   goes back to the address the user was on.
//! - Checking and making hashes (the KDF) runs in a wasm chunk of its own (`split`), fetched
//!   the first time a PIN is checked or set, so the first load does not carry it.
//! - Wrong entries wait longer and longer (`ansinh_core::security::pin::delay_after`), stored so a
//!   reload does not reset the wait. The recovery code removes the PIN, never data.

use ansinh_core::security::pin::{Attempts, PinRecord};
use leptos::prelude::*;

use crate::storage::{self, StorageError};

/// The router's address while locked (its page is the lock screen).
pub const LOCK_PATH: &str = "/khoa";

/// The lock's address keeping `here` (path and query) to come back to.
pub fn parked(here: &str) -> String {
    format!("{LOCK_PATH}?tiep={}", String::from(js_sys::encode_uri_component(here)))
}

/// Idle minutes before the lock when the tablet has not chosen.
pub const DEFAULT_IDLE_MINUTES: u32 = 5;
/// The choices offered on the Đồng bộ page.
pub const IDLE_CHOICES: [u32; 6] = [1, 2, 5, 10, 15, 30];

/// The lock's state, provided by `App`.
#[derive(Debug, Clone, Copy)]
pub struct LockCtx {
    /// The app shows only the lock screen.
    pub locked: RwSignal<bool>,
    /// A PIN is set on this tablet.
    pub enabled: RwSignal<bool>,
    /// Minutes without activity before the lock.
    pub idle_minutes: RwSignal<u32>,
    last_activity: StoredValue<f64>,
}

impl LockCtx {
    /// Locks now (the page's form saves as it unmounts).
    pub fn lock(&self) {
        if self.enabled.get_untracked() {
            self.locked.set(true);
        }
    }

    /// Unlocks and counts the moment as activity.
    pub fn unlock(&self) {
        self.last_activity.set_value(now_ms());
        self.locked.set(false);
    }
}

pub fn use_lock() -> LockCtx {
    expect_context::<LockCtx>()
}

/// Reads the settings, provides `LockCtx` (locked at start when a PIN is set) and watches for
/// idleness. A PIN that cannot be read counts as set: an unreadable lock must not open.
pub fn start() -> LockCtx {
    let enabled = !matches!(storage::get(&storage::pin_key()), Ok(None));
    let idle = storage::get(&storage::idle_minutes_key()).ok().flatten().unwrap_or(DEFAULT_IDLE_MINUTES);
    let ctx = LockCtx {
        locked: RwSignal::new(enabled),
        enabled: RwSignal::new(enabled),
        idle_minutes: RwSignal::new(idle.max(1)),
        last_activity: StoredValue::new(now_ms()),
    };
    provide_context(ctx);
    // Starting locked: the router must not even start on the page (its data would be in the
    // document for a moment), so the address is the lock's before the router reads it.
    if enabled {
        park_address();
    }
    let touch = move |_| ctx.last_activity.set_value(now_ms());
    for name in ["pointerdown", "keydown", "input", "scroll", "touchstart"] {
        // Listeners for the app's whole life (App is never unmounted).
        std::mem::forget(window_event_listener_untyped(name, touch));
    }
    let check = move || {
        if ctx.enabled.get_untracked() && !ctx.locked.get_untracked() {
            let idle_ms = f64::from(ctx.idle_minutes.get_untracked()) * 60_000.0;
            if now_ms() - ctx.last_activity.get_value() >= idle_ms {
                ctx.lock();
            }
        }
    };
    set_interval(check, std::time::Duration::from_secs(5));
    ctx
}

fn park_address() {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let (Ok(path), Ok(search)) = (loc.pathname(), loc.search()) else { return };
    if path == LOCK_PATH {
        return;
    }
    if let Ok(history) = w.history() {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&parked(&format!("{path}{search}"))));
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// 16 random bytes from the browser's cryptographic generator (through uuid's `getrandom`).
fn random16() -> [u8; 16] {
    *uuid::Uuid::new_v4().as_bytes()
}

/// Whether `pin` is the tablet's PIN (`None`: no PIN stored, or the KDF's chunk could not be
/// fetched). A right PIN resets the wrong-entry count; a wrong one adds to it.
pub async fn check_pin(pin: String) -> Result<bool, StorageError> {
    let Some(record) = storage::get(&storage::pin_key())? else { return Ok(true) };
    let ok = matches_lazy(record, pin).await.unwrap_or(false);
    record_attempt(ok)?;
    Ok(ok)
}

/// Whether `code` is the tablet's recovery code; if so the PIN is removed (and nothing else).
pub async fn recover(code: String) -> Result<bool, StorageError> {
    let Some(record) = storage::get(&storage::recovery_key())? else { return Ok(false) };
    let ok = matches_lazy(record, ansinh_core::security::pin::normalise_code(&code)).await.unwrap_or(false);
    record_attempt(ok)?;
    if ok {
        remove_pin()?;
    }
    Ok(ok)
}

fn record_attempt(ok: bool) -> Result<(), StorageError> {
    let key = storage::attempts_key();
    if ok {
        return storage::remove(&key);
    }
    let before = storage::get(&key).ok().flatten().unwrap_or_default();
    storage::set(&key, &before.failed(now_ms() as u64))
}

/// Seconds to wait before the next try (0: may try now).
pub fn wait_secs() -> u64 {
    storage::get::<Attempts>(&storage::attempts_key()).ok().flatten().map_or(0, |a| a.wait_secs(now_ms() as u64))
}

/// Sets (or changes) the PIN; returns the new recovery code to show once.
pub async fn set_pin(pin: String) -> Result<Option<String>, StorageError> {
    let code = ansinh_core::security::pin::recovery_code(random16());
    let Some((pin_record, code_record)) =
        make_records_lazy(pin, ansinh_core::security::pin::normalise_code(&code), random16(), random16()).await
    else {
        return Ok(None);
    };
    storage::set(&storage::pin_key(), &pin_record)?;
    storage::set(&storage::recovery_key(), &code_record)?;
    storage::remove(&storage::attempts_key())?;
    Ok(Some(code))
}

/// Removes the PIN and its recovery code: the app no longer locks. No other key is touched.
pub fn remove_pin() -> Result<(), StorageError> {
    storage::remove(&storage::pin_key())?;
    storage::remove(&storage::recovery_key())?;
    storage::remove(&storage::attempts_key())
}

async fn matches_lazy(record: PinRecord, secret: String) -> Option<bool> {
    #[cfg(feature = "split")]
    return pin_matches_split(record, secret).await.ok();
    #[cfg(not(feature = "split"))]
    return Some(record.matches(&secret));
}

async fn make_records_lazy(
    pin: String,
    code: String,
    salt_pin: [u8; 16],
    salt_code: [u8; 16],
) -> Option<(PinRecord, PinRecord)> {
    #[cfg(feature = "split")]
    return pin_records_split(pin, code, salt_pin, salt_code).await.ok();
    #[cfg(not(feature = "split"))]
    return Some(make_records(pin, code, salt_pin, salt_code));
}

fn make_records(pin: String, code: String, salt_pin: [u8; 16], salt_code: [u8; 16]) -> (PinRecord, PinRecord) {
    let n = ansinh_core::security::pin::ITERATIONS;
    (PinRecord::new(&pin, salt_pin, n), PinRecord::new(&code, salt_code, n))
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(pin_check, wasm_split_path = ::leptos::wasm_split, fallible)]
fn pin_matches_split(record: PinRecord, secret: String) -> Result<bool, leptos::wasm_split::SplitLoaderError> {
    Ok(record.matches(&secret))
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(pin_set, wasm_split_path = ::leptos::wasm_split, fallible)]
fn pin_records_split(
    pin: String,
    code: String,
    salt_pin: [u8; 16],
    salt_code: [u8; 16],
) -> Result<(PinRecord, PinRecord), leptos::wasm_split::SplitLoaderError> {
    Ok(make_records(pin, code, salt_pin, salt_code))
}
