//! An import computed on a copy of the store and applied to the store itself: how the app
//! merges a large file away from its UI thread. A Web Worker opens a copy of the stored entries
//! (`RecordStore::open` over a `MemoryKv`), reads the file and merges it (`prepare_import`),
//! and hands back the entries to write; the page decodes them a slice at a time
//! (`ImportDecoder`, one write at a time) and applies them in one step under the cross-tab lock (`apply_prepared`).
//!
//! Contract:
//! - `prepare_import` does what `import_parsed` does and writes nothing: it returns the merge
//!   report and every entry `import_parsed` would write, in its order.
//! - Applied to a store holding the same entries as the copy it was prepared on, the decoded
//!   writes make exactly the store `import_parsed` makes: the same entries, the same records
//!   in memory (a property test, `tests/store_prepared.rs`, proves it). Checking that the
//!   store still holds those entries is the caller's part (the app compares the cross-tab
//!   write count under the lock, and prepares again when another write came between).
//! - Decoding changes nothing; a write that does not decode (a worker of another build) is an
//!   error, and nothing is written. `apply_prepared` writes every entry or none, as an import
//!   does; the memory changes only when every write landed. `apply_prepared_part` does the
//!   same a slice at a time, so that no single step of the page writes a district's entries.

use chrono::{DateTime, Utc};

use super::open::{parse_entry, Parsed};
use super::sync::{Change, Staged, WriteFailure, Writing};
use super::*;
use crate::domain::plan::Plan;
use crate::sync::bundle::{Bundle, MergeReport};

/// An import's result on a copy of the store: what it did and the entries to write (`None`:
/// remove the key).
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedImport {
    pub report: MergeReport,
    pub writes: Vec<(String, Option<String>)>,
}

/// Turns a prepared import's writes into the in-memory changes that follow them, one write at a
/// time (`add`), so the page can spread a district's records over many short tasks.
#[derive(Default)]
pub struct ImportDecoder {
    staged: Staged,
}

/// A prepared import decoded, ready for `apply_prepared` (or `apply_prepared_part`, slice by
/// slice).
pub struct ReadyImport(Writing);

impl ReadyImport {
    /// Entries written so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.0.before.len(), self.0.staged.writes.len())
    }
}

impl<K: KeyValue> RecordStore<K> {
    /// `import_parsed` without writing: see the module contract.
    pub fn prepare_import(
        &self,
        bundle: Bundle,
        plan: &Plan,
        now: DateTime<Utc>,
    ) -> Result<PreparedImport, StoreImportError> {
        let (report, staged) = self.stage_import(bundle, plan, now, true)?;
        Ok(PreparedImport { report, writes: staged.writes })
    }

    /// Writes a decoded import, all of it or nothing (see the module contract).
    pub fn apply_prepared(&mut self, mut ready: ReadyImport) -> Result<(), StoreImportError> {
        self.apply_prepared_part(&mut ready, usize::MAX).map(|_| ())
    }

    /// Writes up to `n` more entries of `ready`; `Ok(true)` once all are written, and only then
    /// does the in-memory state follow. On a failed write every entry written so far, in this
    /// call or an earlier one, is put back. Between two calls the backend holds part of the
    /// import: the caller keeps other writers out meanwhile (the app holds the cross-tab lock
    /// across the slices), and an import cut short there (the tab closed) has written whole
    /// entries only, and not the bundle's id, so importing the file again completes it.
    pub fn apply_prepared_part(&mut self, ready: &mut ReadyImport, n: usize) -> Result<bool, StoreImportError> {
        self.writable().map_err(StoreImportError::Store)?;
        self.write_part(&mut ready.0, n)
            .map_err(|WriteFailure { error, restored }| StoreImportError::Write { error, restored })
    }
}

impl ImportDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes the next write (`None`: remove the key), in the order `prepare_import` gave.
    pub fn add(&mut self, key: String, value: Option<String>) -> Result<(), StoreImportError> {
        let change = change_of(&key, value.as_deref())?;
        self.staged.writes.push((key, value));
        self.staged.memory.push(change);
        Ok(())
    }

    /// Writes decoded so far.
    pub fn len(&self) -> usize {
        self.staged.writes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.staged.writes.is_empty()
    }

    /// The writes decoded, ready to apply.
    pub fn finish(self) -> ReadyImport {
        ReadyImport(Writing::new(self.staged))
    }
}

/// The in-memory change that follows writing `value` at `key`, as an import writes them.
fn change_of(key: &str, value: Option<&str>) -> Result<Change, StoreImportError> {
    let refused = |reason: String| StoreImportError::Store(StoreError::Unreadable { key: key.to_owned(), reason });
    let Some(raw) = value else {
        // An import removes only the tombstones of records it brings back.
        let id =
            key.strip_prefix(PREFIX).and_then(|r| r.strip_prefix("tombstone/")).and_then(|id| Uuid::parse_str(id).ok());
        return id.map(Change::Untombstone).ok_or_else(|| refused("an import removes no such entry".into()));
    };
    match parse_entry(key, raw) {
        Ok(Parsed::Household(_, d)) => Ok(Change::Household(Box::new(d.stored))),
        Ok(Parsed::Figures(_, d)) => Ok(Change::Figures(Box::new(d.stored))),
        Ok(Parsed::Report(_, d)) => Ok(Change::Report(Box::new(d.stored))),
        Ok(Parsed::Village(_, d)) => Ok(Change::Village(Box::new(d.stored))),
        Ok(Parsed::Tombstone(t)) => Ok(Change::Tombstone(t)),
        Ok(Parsed::Imported(ids)) => Ok(Change::Imported(ids)),
        Ok(_) => Err(refused("an import writes no such entry".into())),
        Err(EntryIssue::Corrupt(r) | EntryIssue::Foreign(r)) => Err(refused(r)),
    }
}
