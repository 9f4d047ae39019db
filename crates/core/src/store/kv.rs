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
