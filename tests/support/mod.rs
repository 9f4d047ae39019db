//! Shared by the browser-tier tests of two tabs (`web_tabs`, `web_locked_writes`): a fresh page
//! with this tab's store, a fixed clock, and "another tab" writing under the lock as
//! `scripts/storage/lock.js` counts it. Each test file uses what it needs.
#![allow(dead_code)]

use ansinh_app::context::{open_store, NoticesCtx, StoreCtx};
use ansinh_app::storage::{self, LocalKv};
use ansinh_core::sync::store::RecordStore;
use chrono::{DateTime, TimeZone, Utc};
use leptos::prelude::*;

pub fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

pub fn t(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap() + chrono::TimeDelta::minutes(minute)
}

/// A fresh page: empty storage, this tab's store opened over it.
pub fn start() -> (Owner, StoreCtx) {
    local().clear().unwrap();
    let owner = Owner::new();
    owner.set();
    (owner, open_store(NoticesCtx(RwSignal::new(Vec::new()))))
}

/// Another tab, opened now over the same local storage.
pub fn other_tab() -> RecordStore<LocalKv> {
    RecordStore::open(LocalKv, t(0)).unwrap().0
}

/// What is stored now, as a tab opened afterwards reads it.
pub fn stored() -> RecordStore<LocalKv> {
    RecordStore::open(LocalKv, t(100)).unwrap().0
}

/// Another tab's locked write is counted after it is made (lock.js). The count never goes
/// back, even when local storage is cleared (lock.js keeps it in IndexedDB too): here it
/// stays above every count of the earlier tests of this page.
pub fn count_another_tabs_write() {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(0);
    let n: u64 = local().get_item(storage::WRITE_SEQ_KEY).unwrap().and_then(|v| v.parse().ok()).unwrap_or(0);
    let next = n.max(LAST.load(Ordering::SeqCst)) + 1000;
    LAST.store(next, Ordering::SeqCst);
    local().set_item(storage::WRITE_SEQ_KEY, &next.to_string()).unwrap();
}
