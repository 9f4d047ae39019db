//! The record store: survey records kept in a string key-value backend (the browser's
//! localStorage in the app, `MemoryKv` in tests), one entry per record.
//!
//! Contract:
//! - Keys: `ansinh/v1/household/<uuid>`, `ansinh/v1/figures/<uuid>`, `ansinh/v1/report/<uuid>`,
//!   `ansinh/v1/village/<uuid>` (a commune's village list, `org::VillageRecord`),
//!   `ansinh/v1/tombstone/<uuid>`,
//!   `ansinh/v1/meta/schema`, `ansinh/v1/meta/last_export`, `ansinh/v1/meta/last_made`,
//!   `ansinh/v1/meta/last_outbox`, `ansinh/v1/meta/imported`. `ansinh/v1/settings/*` belongs to the app's settings and
//!   `ansinh/v1/outbox/*` to the outbox (format in `crate::sync::outbox_entry`); both are left alone (a damaged outbox
//!   entry is listed as corrupt). The `v1` in the prefix is the *key layout*; how a value is
//!   encoded is told by its first character (`{` = v1 plain JSON, `2` = v2 compact, see
//!   `codec`), and `meta/schema` says which encoding the whole store has been migrated to.
//! - No index entry: the keys themselves are the index. They are enumerated once at `open`, the
//!   in-memory maps serve every query after that, and `refresh` re-reads one key when another
//!   tab writes it. So saving one record reads two keys and writes one, whatever the number of
//!   records, and no crash between two writes can leave an index disagreeing with the records.
//! - Every write returns a `Result`. A failed write (full quota included) changes neither the
//!   backend entry nor the in-memory state: the last saved version stays.
//! - Every saved record carries a revision. `save` takes the revision the editor started from
//!   and refuses (`Conflict`) if the stored one differs, so an edit made in another tab is never
//!   overwritten silently; a record deleted elsewhere refuses with `Deleted`.
//! - Loading never fails because of one entry: unreadable entries (`Corrupt`) and entries of a
//!   format this app does not know (`Foreign`) are listed with their raw text in `bad_entries`
//!   and left untouched until the user exports or removes them.
//! - Deleting writes a tombstone and keeps the record's entry, so `undo_delete` can restore it.
//!   Only the district's acknowledgement of the deletion (`purge_acknowledged`: the hub
//!   acknowledged a bundle carrying it) removes the body; a file export never does, since
//!   nobody knows whether the file reached anyone. The tombstones stay for sync.
//! - A file export is *made* (`meta/last_made`, for lineage only) when the download starts and
//!   *delivered* (`meta/last_export`) only when the user confirms the file was saved
//!   (`mark_delivered`): only then do its records leave the not-yet-exported count and the
//!   next "changes only" export.
//! - Each record and tombstone entry carries its own sync metadata (`EntrySync`: lineage,
//!   whether the version was made here, conflicting versions), so a save is still one write.
//!   Bundles are made from and merged into the store by `sync` (export, atomic import,
//!   conflicts) with the rules of `bundle::Heads`: one record model and one merge for the app,
//!   the CLI and the hub.

pub mod codec;
mod entry;
pub mod kv;
mod open;
mod prepared;
mod record;
mod sync;
mod typed;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Serialize};
use uuid::Uuid;

pub(crate) use entry::encode_tombstone;
pub use entry::{decode_entry, decode_entry_fast, decode_entry_typed, encode_entry, encode_synced, Decoded, Stored};
use entry::{decode_tombstone, stored_rev};
pub use kv::{entry_cost, Changes, Counting, KeyValue, KvError, KvStats, MemoryKv, Watched, CHROMIUM_QUOTA_UNITS};
use open::is_ours;
pub use prepared::{ImportDecoder, PreparedImport, ReadyImport};
pub use record::Record;
pub use sync::{Channel, EntrySync, StoreImportError, StoreResolveError};

use std::collections::BTreeSet;

use crate::domain::org::VillageRecord;
use crate::domain::survey::{Dataset, EnteredFigures, Household, RecordMeta};
use crate::report::Report;
use crate::sync::bundle::{RecordKind, RecordVersion, Tombstone};

/// Prefix of every key the app writes.
pub const PREFIX: &str = "ansinh/v1/";
/// The encoding this app writes (`meta/schema`). 1 = plain JSON values, 2 = compact, 3 = compact
/// with the record's sync metadata (v2 entries are still read, with empty metadata; an older
/// app opening a schema-3 store turns read-only instead of dropping the metadata).
pub const SCHEMA_VERSION: u32 = 3;
/// Key of the schema version.
pub const SCHEMA_KEY: &str = "ansinh/v1/meta/schema";
/// Key of the time of the last file export the user confirmed as saved (the file channel's
/// marker: "changes only" exports and the not-yet-exported count start from it).
pub const EXPORT_KEY: &str = "ansinh/v1/meta/last_export";
/// Key of the time of the last file export made (downloaded, not necessarily saved): versions
/// saved before it may have left the device, which is all lineage needs to know.
pub const MADE_KEY: &str = "ansinh/v1/meta/last_made";
/// Key of the outbox channel's marker: when its last batch of changed records was taken.
pub const OUTBOX_KEY: &str = "ansinh/v1/meta/last_outbox";
/// Key of the ids of the bundles already imported (a JSON array of UUIDs).
pub const IMPORTED_KEY: &str = "ansinh/v1/meta/imported";
/// Entries under this part of the prefix are the app's settings, not records.
const SETTINGS_SEGMENT: &str = "settings";
/// First character of a v2 (compact) value.
const V2_MARKER: char = '2';
/// First character of a v3 value: compact, `[record, sync metadata]`.
const V3_MARKER: char = '3';

/// Key of a record.
pub fn record_key(kind: RecordKind, id: Uuid) -> String {
    format!("{PREFIX}{}/{}", kind.as_str(), id.hyphenated())
}

/// Key of a tombstone (ids are UUIDs, unique across kinds).
pub fn tombstone_key(id: Uuid) -> String {
    format!("{PREFIX}tombstone/{}", id.hyphenated())
}

/// What is wrong with an entry that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "issue", content = "detail", rename_all = "snake_case")]
pub enum EntryIssue {
    /// Damaged: it claims a known format but does not decode.
    Corrupt(String),
    /// Not ours to read: an unknown version or kind (e.g. written by a newer app).
    Foreign(String),
}

/// An entry under the app's prefix that did not load. Its raw text is kept for export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadEntry {
    pub key: String,
    pub raw: String,
    #[serde(flatten)]
    pub issue: EntryIssue,
}

/// What `open` found and did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadReport {
    /// The encoding the store was in before opening (1 for a v1 store, `SCHEMA_VERSION` if new).
    pub from_version: u32,
    /// Entries re-encoded from v1 to the current format.
    pub migrated: usize,
    /// Why migration stopped early, if it did (the v1 entries left are still read).
    pub migration_error: Option<StoreError>,
    /// Set when the store was written by a newer app: nothing is written then.
    pub newer_schema: Option<u32>,
}

/// Why a store operation failed. The app shows each with what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("storage quota exceeded while writing {key}")]
    Quota { key: String },
    #[error("storage is not available: {0}")]
    Unavailable(String),
    #[error("storage error on {key}: {reason}")]
    Backend { key: String, reason: String },
    #[error("{key} was saved elsewhere (stored revision {stored:?}, edited from {base:?})")]
    Conflict { key: String, stored: Option<u64>, base: Option<u64> },
    #[error("{key} was deleted")]
    Deleted { key: String },
    #[error("{key} is unreadable: {reason}")]
    Unreadable { key: String, reason: String },
    #[error("could not encode {key}: {reason}")]
    Encode { key: String, reason: String },
    #[error("{key} not found")]
    NotFound { key: String },
    #[error("the stored data is from a newer version of the app (schema {0}); nothing is written")]
    ReadOnly(u32),
}

impl From<KvError> for StoreError {
    fn from(e: KvError) -> Self {
        match e {
            KvError::Quota { key } => StoreError::Quota { key },
            KvError::Unavailable(r) => StoreError::Unavailable(r),
            KvError::Other { key, reason } => StoreError::Backend { key, reason },
        }
    }
}

/// Space used in the backend, in Chromium's units (UTF-16 code units of keys and values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Entries under the app's prefix.
    pub ours: usize,
    /// Every entry of the origin: what counts against the quota.
    pub all: usize,
}

/// The records of one backend, loaded in memory, written through one key per record.
#[derive(Debug, Clone)]
pub struct RecordStore<K> {
    kv: K,
    households: BTreeMap<Uuid, Stored<Household>>,
    figures: BTreeMap<Uuid, Stored<EnteredFigures>>,
    reports: BTreeMap<Uuid, Stored<Report>>,
    villages: BTreeMap<Uuid, Stored<VillageRecord>>,
    tombstones: BTreeMap<Uuid, Stored<Tombstone>>,
    bad: Vec<BadEntry>,
    last_export: Option<DateTime<Utc>>,
    last_made: Option<DateTime<Utc>>,
    last_outbox: Option<DateTime<Utc>>,
    imported: BTreeSet<Uuid>,
    read_only: Option<u32>,
}

impl<K: KeyValue> RecordStore<K> {
    fn writable(&self) -> Result<(), StoreError> {
        match self.read_only {
            Some(v) => Err(StoreError::ReadOnly(v)),
            None => Ok(()),
        }
    }

    /// Saves `record`, which the caller edited starting from revision `base` (`None` for a new
    /// record). Reads the stored entry first: if it changed since `base` (another tab saved),
    /// nothing is written and the answer is `Conflict`. Returns the new revision.
    ///
    /// Sync rules (`bundle::Heads::save`): the version replaced is recorded as superseded if it may
    /// have left the device; the stored `updated_at` is moved 1 ms past every version it
    /// replaces or conflicts with when the caller's is not later (a clock behind), so
    /// `get` may return a later stamp than the caller passed; conflicting versions stay.
    pub fn save<R: Record>(&mut self, record: &R, base: Option<u64>, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.writable()?;
        let id = record.meta().id;
        let key = record_key(R::KIND, id);
        if self.kv.get(&tombstone_key(id))?.is_some() {
            return Err(StoreError::Deleted { key });
        }
        let stored = match self.kv.get(&key)? {
            None => None,
            Some(raw) => Some(stored_rev(&raw).map_err(|issue| StoreError::Unreadable {
                key: key.clone(),
                reason: match issue {
                    EntryIssue::Corrupt(r) | EntryIssue::Foreign(r) => r,
                },
            })?),
        };
        if stored != base {
            return Err(StoreError::Conflict { key, stored, base });
        }
        let rev = stored.map_or(1, |r| r + 1);
        let (record, sync) = self.next_local_version(record);
        let saved_at = self.change_time(now);
        let value = encode_synced(rev, saved_at, &record, &sync)
            .map_err(|reason| StoreError::Encode { key: key.clone(), reason })?;
        self.kv.set(&key, &value)?;
        R::table_mut(self).insert(id, Stored { record, rev, saved_at: Some(saved_at), sync });
        Ok(rev)
    }

    /// Marks a record deleted (a tombstone); its entry stays until the next export.
    pub fn delete(&mut self, kind: RecordKind, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.writable()?;
        let key = record_key(kind, id);
        let present = match kind {
            RecordKind::Household => self.households.contains_key(&id),
            RecordKind::Figures => self.figures.contains_key(&id),
            RecordKind::Report => self.reports.contains_key(&id),
            RecordKind::Village => self.villages.contains_key(&id),
        };
        if !present || self.tombstones.contains_key(&id) {
            return Err(StoreError::NotFound { key });
        }
        let t = self.local_deletion(kind, id, now);
        self.kv.set(&tombstone_key(id), &encode_tombstone(&t)?)?;
        self.tombstones.insert(id, t);
        Ok(())
    }

    /// Undoes a deletion, possible while the record's entry is kept (until the district
    /// acknowledged the deletion, `purge_acknowledged`).
    /// A deletion that never left the device is simply removed; one that may have left (or
    /// came from a bundle) is undone by a new version of the record that supersedes it, so
    /// the undo wins wherever the deletion went.
    pub fn undo_delete(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.writable()?;
        let tkey = tombstone_key(id);
        let t = self.tombstones.get(&id).ok_or_else(|| StoreError::NotFound { key: tkey.clone() })?;
        let body = record_key(t.record.kind, id);
        if self.kv.get(&body)?.is_none() {
            return Err(StoreError::NotFound { key: body });
        }
        if self.is_unshared(t) {
            self.kv.remove(&tkey)?;
            self.tombstones.remove(&id);
            return Ok(());
        }
        self.revive(id, now)
    }

    /// Records that a file export covering everything up to `at` was delivered: the user
    /// confirmed the file was saved. Records written up to `at` leave the not-yet-exported
    /// count and the next "changes only" export. Removes nothing: deleted records keep their
    /// bodies (and their undo) until the district acknowledges the deletion.
    pub fn mark_delivered(&mut self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.writable()?;
        let raw = crate::base::dates::stamp_json(at);
        self.kv.set(EXPORT_KEY, &raw)?;
        self.last_export = Some(at);
        Ok(())
    }

    /// The district acknowledged a bundle carrying `keys`, built at `sent_at` (the hub's
    /// acknowledgement of an upload): the bodies of those records whose deletion it carried
    /// (tombstone written at or before `sent_at`, still current) are removed; the tombstones
    /// stay for sync. Returns how many bodies were removed.
    pub fn purge_acknowledged(
        &mut self,
        keys: &[crate::sync::bundle::RecordKey],
        sent_at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        self.writable()?;
        let mut removed = 0;
        for key in keys {
            let Some(stored) = self.tombstones.get(&key.id) else { continue };
            let (kind, id) = (stored.record.kind, stored.record.id);
            // A deletion written after the bundle was built (deleted again after an undo) is
            // not the one acknowledged.
            if kind.as_str() != key.kind.as_str() || stored.saved_at.unwrap_or(stored.record.deleted_at) > sent_at {
                continue;
            }
            let present = match kind {
                RecordKind::Household => self.households.contains_key(&id),
                RecordKind::Figures => self.figures.contains_key(&id),
                RecordKind::Report => self.reports.contains_key(&id),
                RecordKind::Village => self.villages.contains_key(&id),
            };
            if present {
                self.kv.remove(&record_key(kind, id))?;
                match kind {
                    RecordKind::Household => self.households.remove(&id).map(|_| ()),
                    RecordKind::Figures => self.figures.remove(&id).map(|_| ()),
                    RecordKind::Report => self.reports.remove(&id).map(|_| ()),
                    RecordKind::Village => self.villages.remove(&id).map(|_| ()),
                };
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Space used, counted as Chromium counts it. Reads every entry of the backend.
    pub fn usage(&self) -> Result<Usage, StoreError> {
        let mut u = Usage::default();
        for key in self.kv.keys()? {
            if let Some(v) = self.kv.get(&key)? {
                let c = entry_cost(&key, &v);
                u.all += c;
                if is_ours(&key) {
                    u.ours += c;
                }
            }
        }
        Ok(u)
    }

    /// Removes a bad entry from the backend (after the user exported it, if they wished).
    pub fn remove_bad(&mut self, key: &str) -> Result<(), StoreError> {
        if !self.bad.iter().any(|b| b.key == key) {
            return Err(StoreError::NotFound { key: key.to_owned() });
        }
        self.kv.remove(key)?;
        self.bad.retain(|b| b.key != key);
        Ok(())
    }
}

impl<K> RecordStore<K> {
    /// A record by id, deleted or not.
    pub fn get<R: Record>(&self, id: Uuid) -> Option<&Stored<R>> {
        R::table(self).get(&id)
    }

    /// Whether a record has a tombstone.
    pub fn is_deleted(&self, id: Uuid) -> bool {
        self.tombstones.contains_key(&id)
    }

    /// Records not deleted, by id.
    pub fn live<R: Record>(&self) -> impl Iterator<Item = &Stored<R>> + '_ {
        R::table(self).iter().filter(|(id, _)| !self.tombstones.contains_key(id)).map(|(_, s)| s)
    }

    /// The live records as the engine's input, in id order (deterministic for any load order).
    pub fn dataset(&self) -> Dataset {
        Dataset {
            households: self.live::<Household>().map(|s| s.record.clone()).collect(),
            figures: self.live::<EnteredFigures>().map(|s| s.record.clone()).collect(),
        }
    }

    /// Brings `ds` up to date with the live records, in id order like [`dataset`](Self::dataset),
    /// without cloning what did not change: a record whose id, revision and `updated_at` match
    /// the last sync (`revs`, kept by the caller beside `ds`) is moved over; only new or changed
    /// records are cloned. A `ds` that was not built by this function (its `revs` do not match)
    /// is rebuilt in full.
    pub fn sync_dataset(&self, ds: &mut Dataset, revs: &mut DatasetRevs) {
        sync_table(self.live::<Household>(), &mut ds.households, &mut revs.households);
        sync_table(self.live::<EnteredFigures>(), &mut ds.figures, &mut revs.figures);
    }

    /// The plan's org units with this store's village records laid over them: the list every
    /// page, the form and the engine use (`OrgUnits::with_records`).
    pub fn org_units(&self, plan_units: &crate::domain::org::OrgUnits) -> crate::domain::org::OrgUnits {
        plan_units.with_records(self.live::<VillageRecord>().map(|s| &s.record))
    }

    pub fn tombstones(&self) -> impl Iterator<Item = &Tombstone> + '_ {
        self.tombstones.values().map(|t| &t.record)
    }

    /// Entries that did not load, with their raw text.
    pub fn bad_entries(&self) -> &[BadEntry] {
        &self.bad
    }

    /// The bad entries as a JSON document (key, raw text, issue), for the user to keep.
    pub fn bad_entries_json(&self) -> String {
        crate::base::json::to_text(&self.bad, true).unwrap_or_else(|_| "[]".into())
    }

    pub fn last_export(&self) -> Option<DateTime<Utc>> {
        self.last_export
    }

    /// Whether the store refuses writes (written by a newer app), with that app's schema.
    pub fn read_only(&self) -> Option<u32> {
        self.read_only
    }

    pub fn kv(&self) -> &K {
        &self.kv
    }

    pub fn kv_mut(&mut self) -> &mut K {
        &mut self.kv
    }
}

/// The revisions of the records of a `Dataset` kept up to date by
/// [`RecordStore::sync_dataset`], in the dataset's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetRevs {
    households: Vec<(Uuid, u64)>,
    figures: Vec<(Uuid, u64)>,
}

/// One table of `sync_dataset`: a merge of two id-ordered lists (the last sync and the live
/// records), linear in the number of records.
fn sync_table<'a, R: Record + Clone + 'a>(
    live: impl Iterator<Item = &'a Stored<R>>,
    records: &mut Vec<R>,
    revs: &mut Vec<(Uuid, u64)>,
) {
    let (mut old_revs, mut old_records) = (std::mem::take(revs), std::mem::take(records));
    if old_revs.len() != old_records.len() {
        old_revs.clear();
        old_records.clear();
    }
    records.reserve(old_records.len());
    revs.reserve(old_revs.len());
    let mut old = old_revs.into_iter().zip(old_records).peekable();
    for s in live {
        let id = s.record.meta().id;
        while old.next_if(|((old_id, _), _)| *old_id < id).is_some() {}
        let kept = old.next_if(|((old_id, old_rev), r)| {
            *old_id == id && r.meta().id == id && *old_rev == s.rev && r.meta().updated_at == s.record.meta().updated_at
        });
        records.push(match kept {
            Some((_, r)) => r,
            None => s.record.clone(),
        });
        revs.push((id, s.rev));
    }
}
