//! The key-value backend the record store writes to, and two implementations that need no
//! browser: `MemoryKv` (with a simulated quota) and `Counting` (counts what a store touches).
//!
//! Contract:
//! - A backend is string → string, like `window.localStorage`. `set` either stores the whole
//!   value or fails leaving the previous value in place; a full backend says `KvError::Quota`,
//!   never a generic failure, so the app can tell the user what to do.
//! - Sizes follow Chromium's accounting, measured (see `docs/benchmarks.md`): every entry costs
//!   the UTF-16 code units of its key plus those of its value, against a quota of
//!   `CHROMIUM_QUOTA_UNITS` per origin.

use std::collections::BTreeMap;

/// Chromium's localStorage quota per origin in UTF-16 code units of keys + values (10 MiB of
/// UTF-16), measured by filling it: see `docs/benchmarks.md`.
pub const CHROMIUM_QUOTA_UNITS: usize = 5 * 1024 * 1024;

/// Why a backend operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KvError {
    /// The backend is full; nothing was written.
    #[error("storage quota exceeded while writing {key}")]
    Quota { key: String },
    /// There is no storage at all (private mode, storage disabled).
    #[error("storage is not available: {0}")]
    Unavailable(String),
    /// Any other failure reported by the backend.
    #[error("storage error on {key}: {reason}")]
    Other { key: String, reason: String },
}

/// A string → string store such as `window.localStorage`.
pub trait KeyValue {
    /// The value at `key`, `None` if absent.
    fn get(&self, key: &str) -> Result<Option<String>, KvError>;
    /// Stores `value` at `key`; on error the previous value (if any) is unchanged.
    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError>;
    /// Removes `key`; absent keys are not an error.
    fn remove(&mut self, key: &str) -> Result<(), KvError>;
    /// Every key in the backend, whoever wrote it.
    fn keys(&self) -> Result<Vec<String>, KvError>;
}

/// What one entry costs against the quota: UTF-16 code units of key and value (Chromium).
pub fn entry_cost(key: &str, value: &str) -> usize {
    key.encode_utf16().count() + value.encode_utf16().count()
}

/// An in-memory backend with an optional quota, for tests and measurements.
#[derive(Debug, Clone, Default)]
pub struct MemoryKv {
    map: BTreeMap<String, String>,
    quota: Option<usize>,
}

impl MemoryKv {
    pub fn new() -> Self {
        Self::default()
    }

    /// A backend that refuses writes beyond `quota_units` (as Chromium does).
    pub fn with_quota(quota_units: usize) -> Self {
        MemoryKv { map: BTreeMap::new(), quota: Some(quota_units) }
    }

    /// A backend holding `entries` (no quota): a copy of another backend, such as the one a
    /// Web Worker opens from the page's local storage (`store::prepared`).
    pub fn from_entries(entries: BTreeMap<String, String>) -> Self {
        MemoryKv { map: entries, quota: None }
    }

    /// Units used by every entry.
    pub fn used(&self) -> usize {
        self.map.iter().map(|(k, v)| entry_cost(k, v)).sum()
    }

    /// Direct access for tests that plant entries (fixtures, corrupt data).
    pub fn entries(&self) -> &BTreeMap<String, String> {
        &self.map
    }
}

impl KeyValue for MemoryKv {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        Ok(self.map.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        if let Some(quota) = self.quota {
            let old = self.map.get(key).map_or(0, |v| entry_cost(key, v));
            if self.used() - old + entry_cost(key, value) > quota {
                return Err(KvError::Quota { key: key.to_owned() });
            }
        }
        self.map.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        self.map.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, KvError> {
        Ok(self.map.keys().cloned().collect())
    }
}

/// What a `Counting` backend saw since the last `reset`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KvStats {
    /// Calls to `get`.
    pub reads: usize,
    /// Successful calls to `set`.
    pub writes: usize,
    /// Calls to `remove`.
    pub removes: usize,
    /// Calls to `keys` (a full enumeration).
    pub enumerations: usize,
    /// UTF-16 units of keys and values passed to successful `set`s.
    pub units_written: usize,
}

impl KvStats {
    /// Keys written or removed: what an edit costs the backend.
    pub fn keys_touched(&self) -> usize {
        self.writes + self.removes
    }
}

/// Wraps any backend and counts operations and units written (the per-record cost tests).
#[derive(Debug, Clone, Default)]
pub struct Counting<K> {
    pub inner: K,
    // Reads take `&self`; a Cell counts them without making the trait's reads mutable.
    reads: std::cell::Cell<usize>,
    enumerations: std::cell::Cell<usize>,
    stats: KvStats,
}

impl<K> Counting<K> {
    pub fn new(inner: K) -> Self {
        Counting { inner, reads: Default::default(), enumerations: Default::default(), stats: KvStats::default() }
    }

    /// What was counted since creation or the last `reset`.
    pub fn stats(&self) -> KvStats {
        KvStats { reads: self.reads.get(), enumerations: self.enumerations.get(), ..self.stats }
    }

    pub fn reset(&mut self) {
        self.stats = KvStats::default();
        self.reads.set(0);
        self.enumerations.set(0);
    }
}

impl<K: KeyValue> KeyValue for Counting<K> {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        self.reads.set(self.reads.get() + 1);
        self.inner.get(key)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        self.inner.set(key, value)?;
        self.stats.writes += 1;
        self.stats.units_written += entry_cost(key, value);
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        self.stats.removes += 1;
        self.inner.remove(key)
    }

    fn keys(&self) -> Result<Vec<String>, KvError> {
        self.enumerations.set(self.enumerations.get() + 1);
        self.inner.keys()
    }
}

/// What a `Watched` backend saw written since the last `take_changes`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Keys written or removed, each once, in the order first changed.
    pub keys: Vec<String>,
    /// UTF-16 units the writes added to the backend (negative: freed), every key.
    pub all: isize,
    /// The same, for keys under the app's prefix only.
    pub ours: isize,
    /// False when an entry's earlier size could not be read: the deltas are not exact, and
    /// whoever keeps a running total must read the usage again.
    pub exact: bool,
}

impl super::Usage {
    /// The usage after `changes` (see `Watched`); `None` when they are not exact.
    pub fn after(self, changes: &Changes) -> Option<super::Usage> {
        let add = |units: usize, delta: isize| units.checked_add_signed(delta);
        changes
            .exact
            .then(|| Some(super::Usage { all: add(self.all, changes.all)?, ours: add(self.ours, changes.ours)? }))
            .flatten()
    }
}

/// Wraps the app's backend and remembers what this process changed in it: the keys written or
/// removed, and the units those writes added or freed (each write reads the entry's earlier
/// value first, one key). So the app can tell the readers of exactly what changed, and keep
/// the space used up to date after a save without reading every entry again.
#[derive(Debug, Clone, Default)]
pub struct Watched<K> {
    pub inner: K,
    changes: Changes,
    // The keys of `changes.keys`, to keep each once without a search of the list per write (an
    // import of a district writes 7,500 entries: the search made it quadratic, 0.4 s in WASM).
    noted: std::collections::HashSet<String>,
    // Reads take `&self`; an atomic counts them without making the trait's reads mutable (and
    // keeps the store `Sync`, as the app's reactive storage requires).
    enumerations: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl<K: KeyValue> Watched<K> {
    pub fn new(inner: K) -> Self {
        Watched {
            inner,
            changes: Changes { exact: true, ..Changes::default() },
            noted: Default::default(),
            enumerations: Default::default(),
        }
    }

    /// What changed since creation or the last call, and starts a new account.
    pub fn take_changes(&mut self) -> Changes {
        self.noted.clear();
        std::mem::replace(&mut self.changes, Changes { exact: true, ..Changes::default() })
    }

    /// Full enumerations of the backend (`keys`) so far: what reading the usage costs.
    pub fn enumerations(&self) -> usize {
        self.enumerations.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn note(&mut self, key: &str, old: Result<Option<String>, KvError>, new: Option<&str>) {
        if !self.noted.contains(key) {
            self.noted.insert(key.to_owned());
            self.changes.keys.push(key.to_owned());
        }
        let Ok(old) = old else {
            self.changes.exact = false;
            return;
        };
        let cost = |v: Option<&str>| v.map_or(0, |v| entry_cost(key, v)) as isize;
        let delta = cost(new) - cost(old.as_deref());
        self.changes.all += delta;
        if super::is_ours(key) {
            self.changes.ours += delta;
        }
    }
}

impl<K: KeyValue> KeyValue for Watched<K> {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        self.inner.get(key)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        let old = self.inner.get(key);
        self.inner.set(key, value)?;
        self.note(key, old, Some(value));
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        let old = self.inner.get(key);
        self.inner.remove(key)?;
        self.note(key, old, None);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, KvError> {
        self.enumerations.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::store::Usage;

    #[test]
    fn a_watched_backend_tells_what_changed_and_by_how_much() {
        let mut kv = Watched::new(MemoryKv::new());
        kv.set("other", "abc").unwrap();
        kv.set("ansinh/v1/household/1", "xyz").unwrap();
        kv.set("ansinh/v1/household/1", "x").unwrap();
        kv.remove("other").unwrap();
        kv.remove("absent").unwrap();
        let c = kv.take_changes();
        assert_eq!(c.keys, ["other", "ansinh/v1/household/1", "absent"]);
        assert_eq!(c.all, entry_cost("ansinh/v1/household/1", "x") as isize);
        assert_eq!(c.ours, c.all);
        assert!(c.exact);
        assert_eq!(kv.take_changes(), Changes { exact: true, ..Changes::default() });
        // A new account lists a key written again.
        kv.set("ansinh/v1/household/1", "y").unwrap();
        kv.set("ansinh/v1/household/1", "z").unwrap();
        assert_eq!(kv.take_changes().keys, ["ansinh/v1/household/1"]);
        // A failed write changes nothing.
        let mut full = Watched::new(MemoryKv::with_quota(10));
        assert!(full.set("k", "a value too long").is_err());
        assert!(full.take_changes().keys.is_empty());
        // The running total is what a full count gives.
        let before = Usage { all: 100, ours: 60 };
        let c = Changes { keys: vec![], all: -10, ours: 5, exact: true };
        assert_eq!(before.after(&c), Some(Usage { all: 90, ours: 65 }));
        assert_eq!(before.after(&Changes { exact: false, ..c }), None);
        assert_eq!(kv.enumerations(), 0);
        kv.keys().unwrap();
        assert_eq!(kv.enumerations(), 1);
    }
}
