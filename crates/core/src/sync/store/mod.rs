//! The record store: survey records kept in a string key-value backend (the browser's
//! localStorage in the app, `MemoryKv` in tests), one entry per record.
//!
//! Contract:
//! - Keys: `ansinh/v1/household/<uuid>`, `ansinh/v1/figures/<uuid>`, `ansinh/v1/report/<uuid>`,
//!   `ansinh/v1/village/<uuid>` (a commune's village list, `org::VillageRecord`),
//!   `ansinh/v1/tombstone/<uuid>`,
//!   `ansinh/v1/meta/schema`, `ansinh/v1/meta/last_export`, `ansinh/v1/meta/last_made`,
//!   `ansinh/v1/meta/last_outbox`, `ansinh/v1/meta/imported`. `ansinh/v1/settings/*` belongs to the app's settings and
//!   `ansinh/v1/outbox/*` to the outbox (`crate::sync::outbox`); both are left alone (a damaged outbox
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
//!   conflicts), through `bundle::LocalState`: one merge semantics for the app and the CLI.

pub mod codec;
pub mod kv;
mod sync;
mod typed;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use uuid::Uuid;

pub use kv::{entry_cost, Changes, Counting, KeyValue, KvError, KvStats, MemoryKv, Watched, CHROMIUM_QUOTA_UNITS};
pub use sync::{type_reports, Channel, EntrySync, StoreConflict, StoreImportError, StoreResolveError};

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

/// A record kind the store can keep.
pub trait Record: Serialize + DeserializeOwned + Clone + 'static {
    const KIND: RecordKind;
    fn meta(&self) -> &RecordMeta;
    fn meta_mut(&mut self) -> &mut RecordMeta;
    /// This record as a version a bundle carries.
    fn version(&self) -> RecordVersion;
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>>;
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>>;
}

impl Record for Household {
    const KIND: RecordKind = RecordKind::Household;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn version(&self) -> RecordVersion {
        RecordVersion::Household(self.clone())
    }
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>> {
        &store.households
    }
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>> {
        &mut store.households
    }
}

impl Record for EnteredFigures {
    const KIND: RecordKind = RecordKind::Figures;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn version(&self) -> RecordVersion {
        RecordVersion::Figures(self.clone())
    }
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>> {
        &store.figures
    }
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>> {
        &mut store.figures
    }
}

impl Record for Report {
    const KIND: RecordKind = RecordKind::Report;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn version(&self) -> RecordVersion {
        RecordVersion::Report(self.to_record())
    }
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>> {
        &store.reports
    }
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>> {
        &mut store.reports
    }
}

impl Record for VillageRecord {
    const KIND: RecordKind = RecordKind::Village;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn version(&self) -> RecordVersion {
        RecordVersion::Village(self.clone())
    }
    fn table<K>(store: &RecordStore<K>) -> &BTreeMap<Uuid, Stored<Self>> {
        &store.villages
    }
    fn table_mut<K>(store: &mut RecordStore<K>) -> &mut BTreeMap<Uuid, Stored<Self>> {
        &mut store.villages
    }
}

/// A record as stored: the record, its revision, when this device saved it, and what sync
/// needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<R> {
    pub record: R,
    /// 1 on the first save, +1 on every save; 0 for an entry still in the v1 format.
    pub rev: u64,
    /// When it was saved or changed by an import; `None` for v1 entries (never counted as
    /// exported).
    pub saved_at: Option<DateTime<Utc>>,
    /// Lineage, origin and conflicting versions (empty for entries written before sync).
    pub sync: EntrySync,
}

/// A tombstone entry as stored (plain JSON): the deletion, plus when this device stored it and
/// its sync metadata (both absent in entries written before sync, and ignored by older apps).
#[derive(Serialize, Deserialize)]
struct TombstoneEntry {
    kind: RecordKind,
    id: Uuid,
    #[serde(with = "crate::base::dates::stamp")]
    deleted_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    org_unit_id: Option<String>,
    #[serde(default, with = "crate::base::dates::stamp_opt", skip_serializing_if = "Option::is_none")]
    saved_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "EntrySync::is_empty")]
    sync: EntrySync,
}

/// The stored text of a tombstone.
pub(crate) fn encode_tombstone(t: &Stored<Tombstone>) -> Result<String, StoreError> {
    let entry = TombstoneEntry {
        kind: t.record.kind,
        id: t.record.id,
        deleted_at: t.record.deleted_at,
        org_unit_id: t.record.org_unit_id.clone(),
        saved_at: t.saved_at,
        sync: t.sync.clone(),
    };
    crate::base::json::to_text(&entry, false)
        .map_err(|e| StoreError::Encode { key: tombstone_key(t.record.id), reason: e.to_string() })
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

/// A decoded entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<R> {
    pub stored: Stored<R>,
    /// 1 = plain JSON, 2 = compact.
    pub version: u32,
}

/// The stored text of a record with empty sync metadata in the current format.
pub fn encode_entry<R: Serialize>(rev: u64, saved_at: DateTime<Utc>, record: &R) -> Result<String, String> {
    encode_synced(rev, saved_at, record, &EntrySync::default())
}

/// The stored text of a record and its sync metadata (v3): `3` + packed
/// `varint rev, zigzag millis saved_at, value [record, sync]`.
pub fn encode_synced<R: Serialize>(
    rev: u64,
    saved_at: DateTime<Utc>,
    record: &R,
    sync: &EntrySync,
) -> Result<String, String> {
    let record = serde_json::to_value(record).map_err(|e| e.to_string())?;
    let sync = serde_json::to_value(sync).map_err(|e| e.to_string())?;
    let value = serde_json::Value::Array(vec![record, sync]);
    let mut bytes = Vec::with_capacity(300);
    codec::put_varint(&mut bytes, rev);
    codec::put_signed(&mut bytes, saved_at.timestamp_millis());
    bytes.extend(codec::encode_value(&value));
    let mut out = String::with_capacity(bytes.len());
    out.push(V3_MARKER);
    out.push_str(&codec::pack15(&bytes));
    Ok(out)
}

/// Reads a stored record in any format this app knows.
pub fn decode_entry<R: DeserializeOwned>(raw: &str) -> Result<Decoded<R>, EntryIssue> {
    match raw.chars().next() {
        // Through `Value` like v2, not straight from the text: one typed decoder per record type
        // in the wasm instead of two (v1 entries are only read once, to migrate them).
        Some('{') => serde_json::from_str::<serde_json::Value>(raw)
            .and_then(serde_json::from_value)
            .map(|record| Decoded {
                stored: Stored { record, rev: 0, saved_at: None, sync: EntrySync::default() },
                version: 1,
            })
            .map_err(|e| EntryIssue::Corrupt(format!("v1 JSON: {e}"))),
        Some(c @ (V2_MARKER | V3_MARKER)) => {
            let corrupt = |e: &dyn std::fmt::Display| EntryIssue::Corrupt(e.to_string());
            let bytes = codec::unpack15(&raw[1..]).map_err(|e| corrupt(&e))?;
            let (rev, saved_ms, body) = codec::read_header(&bytes).map_err(|e| corrupt(&e))?;
            let mut value = codec::decode_value(body).map_err(|e| corrupt(&e))?;
            let mut sync = EntrySync::default();
            if c == V3_MARKER {
                let serde_json::Value::Array(parts) = &mut value else {
                    return Err(EntryIssue::Corrupt("a v3 entry is not [record, sync]".into()));
                };
                let [record, meta] = std::mem::take(parts)
                    .try_into()
                    .map_err(|_| EntryIssue::Corrupt("a v3 entry is not [record, sync]".into()))?;
                sync = serde_json::from_value(meta).map_err(|e| corrupt(&e))?;
                value = record;
            }
            let record = serde_json::from_value(value).map_err(|e| corrupt(&e))?;
            let saved_at = DateTime::<Utc>::from_timestamp_millis(saved_ms);
            let version = if c == V3_MARKER { 3 } else { 2 };
            Ok(Decoded { stored: Stored { record, rev, saved_at, sync }, version })
        }
        Some(c) if c.is_ascii_digit() => Err(EntryIssue::Foreign(format!("unknown format version {c}"))),
        _ => Err(EntryIssue::Corrupt("not a record in any known format".into())),
    }
}

/// Reads a stored record like [`decode_entry`], faster on the common case (a good v2/v3
/// entry): the packed value is read straight into `R` (`typed`), without the
/// `serde_json::Value` tree `decode_entry` builds and drops (most of the start-up time with a
/// district stored). Any entry that does not read that way (v1, damaged, foreign) goes through
/// `decode_entry`, so the answer, error text included, is always `decode_entry`'s (tested on
/// random and damaged entries in `tests/store_fast_decode.rs`).
pub fn decode_entry_fast<R: DeserializeOwned>(raw: &str) -> Result<Decoded<R>, EntryIssue> {
    decode_entry_typed(raw).map_or_else(|| decode_entry(raw), Ok)
}

/// The fast path of [`decode_entry_fast`] alone: `Some` only with what `decode_entry` would
/// answer; `None` when the entry needs `decode_entry` (v1, damaged, or a shape the typed reader
/// does not mirror, such as a repeated key).
pub fn decode_entry_typed<R: DeserializeOwned>(raw: &str) -> Option<Decoded<R>> {
    let version = match raw.chars().next()? {
        V2_MARKER => 2,
        V3_MARKER => 3,
        _ => return None,
    };
    let bytes = codec::unpack15(&raw[1..]).ok()?;
    let (rev, saved_ms, body) = codec::read_header(&bytes).ok()?;
    let (record, sync) = if version == 3 {
        let (record, meta) = typed::record_and_value(body)?;
        (record, serde_json::from_value(meta).ok()?)
    } else {
        (typed::record(body)?, EntrySync::default())
    };
    let saved_at = DateTime::<Utc>::from_timestamp_millis(saved_ms);
    Some(Decoded { stored: Stored { record, rev, saved_at, sync }, version })
}

/// The revision of a stored entry without decoding the record.
fn stored_rev(raw: &str) -> Result<u64, EntryIssue> {
    match raw.chars().next() {
        Some('{') => serde_json::from_str::<serde_json::Value>(raw)
            .map(|_| 0)
            .map_err(|e| EntryIssue::Corrupt(format!("v1 JSON: {e}"))),
        Some(V2_MARKER | V3_MARKER) => {
            let bytes = codec::unpack15(&raw[1..]).map_err(|e| EntryIssue::Corrupt(e.to_string()))?;
            codec::read_header(&bytes).map(|(rev, _, _)| rev).map_err(|e| EntryIssue::Corrupt(e.to_string()))
        }
        _ => decode_entry::<serde_json::Value>(raw).map(|d| d.stored.rev),
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

/// What one scan of the backend found.
struct Scan {
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
    schema: Option<u32>,
    v1: Vec<(RecordKind, Uuid)>,
}

enum Parsed {
    // Boxed: a household is much larger than the other variants.
    Household(Uuid, Box<Decoded<Household>>),
    Figures(Uuid, Box<Decoded<EnteredFigures>>),
    Report(Uuid, Box<Decoded<Report>>),
    Village(Uuid, Box<Decoded<VillageRecord>>),
    Tombstone(Box<Stored<Tombstone>>),
    Schema(u32),
    LastExport(DateTime<Utc>),
    LastMade(DateTime<Utc>),
    LastOutbox(DateTime<Utc>),
    Imported(BTreeSet<Uuid>),
    Ignored,
}

fn parse_entry(key: &str, raw: &str) -> Result<Parsed, EntryIssue> {
    let Some(rest) = key.strip_prefix(PREFIX) else {
        // `ansinh/v2/...` and later: a newer key layout this app cannot read.
        return Err(EntryIssue::Foreign("key layout of another version".into()));
    };
    let (segment, tail) = rest.split_once('/').unwrap_or((rest, ""));
    match segment {
        SETTINGS_SEGMENT => Ok(Parsed::Ignored),
        // The outbox's own entries (`crate::sync::outbox`); a damaged one is listed like any other.
        crate::sync::outbox::SEGMENT => crate::sync::outbox::decode_entry(raw)
            .map(|_| Parsed::Ignored)
            .map_err(|e| EntryIssue::Corrupt(format!("outbox entry: {e}"))),
        "meta" => match tail {
            "schema" => raw
                .trim()
                .parse()
                .map(Parsed::Schema)
                .map_err(|_| EntryIssue::Corrupt(format!("schema version {raw:?}"))),
            // Through `Value` like the records: one decoder per type in the wasm.
            "last_export" => serde_json::from_str::<serde_json::Value>(raw)
                .and_then(crate::base::dates::stamp::deserialize)
                .map(Parsed::LastExport)
                .map_err(|e| EntryIssue::Corrupt(format!("last export time: {e}"))),
            "last_made" => serde_json::from_str::<serde_json::Value>(raw)
                .and_then(crate::base::dates::stamp::deserialize)
                .map(Parsed::LastMade)
                .map_err(|e| EntryIssue::Corrupt(format!("last export made: {e}"))),
            "last_outbox" => serde_json::from_str::<serde_json::Value>(raw)
                .and_then(crate::base::dates::stamp::deserialize)
                .map(Parsed::LastOutbox)
                .map_err(|e| EntryIssue::Corrupt(format!("last outbox time: {e}"))),
            "imported" => serde_json::from_str::<serde_json::Value>(raw)
                .and_then(serde_json::from_value)
                .map(Parsed::Imported)
                .map_err(|e| EntryIssue::Corrupt(format!("imported bundles: {e}"))),
            _ => Err(EntryIssue::Foreign(format!("unknown setting {tail}"))),
        },
        "tombstone" => {
            let t: TombstoneEntry = serde_json::from_str::<serde_json::Value>(raw)
                .and_then(serde_json::from_value)
                .map_err(|e| EntryIssue::Corrupt(format!("tombstone: {e}")))?;
            if t.id.hyphenated().to_string() != tail {
                return Err(EntryIssue::Corrupt("the id in the key and in the tombstone differ".into()));
            }
            Ok(Parsed::Tombstone(Box::new(Stored {
                record: Tombstone { kind: t.kind, id: t.id, deleted_at: t.deleted_at, org_unit_id: t.org_unit_id },
                rev: 0,
                saved_at: t.saved_at,
                sync: t.sync,
            })))
        }
        seg => {
            let kind = RecordKind::from_name(seg).ok_or_else(|| EntryIssue::Foreign(format!("unknown kind {seg}")))?;
            let id = Uuid::parse_str(tail).map_err(|_| EntryIssue::Corrupt(format!("bad id {tail:?} in the key")))?;
            fn check<R: Record>(id: Uuid, d: Decoded<R>) -> Result<Decoded<R>, EntryIssue> {
                if d.stored.record.meta().id != id {
                    return Err(EntryIssue::Corrupt("the id in the key and in the record differ".into()));
                }
                Ok(d)
            }
            Ok(match kind {
                // Only households are numerous enough to need the fast path; it costs a typed
                // decoder per record type in the wasm, so the few figures and reports keep the
                // `Value` path.
                RecordKind::Household => Parsed::Household(id, Box::new(check(id, decode_entry_fast(raw)?)?)),
                RecordKind::Figures => Parsed::Figures(id, Box::new(check(id, decode_entry(raw)?)?)),
                RecordKind::Report => Parsed::Report(id, Box::new(check(id, decode_entry(raw)?)?)),
                RecordKind::Village => Parsed::Village(id, Box::new(check(id, decode_entry(raw)?)?)),
            })
        }
    }
}

fn is_ours(key: &str) -> bool {
    // Only `ansinh/v<digits>/` keys: other apps on the same origin are not our business.
    key.strip_prefix("ansinh/v")
        .and_then(|r| r.split_once('/'))
        .is_some_and(|(v, _)| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
}

impl<K: KeyValue> RecordStore<K> {
    /// Loads every entry, migrates v1 entries to the current format, and reports what it could
    /// not read. Fails only when the backend cannot even list its keys.
    pub fn open(kv: K, now: DateTime<Utc>) -> Result<(Self, LoadReport), StoreError> {
        let scan = Self::scan(&kv)?;
        let found_records = !scan.households.is_empty()
            || !scan.figures.is_empty()
            || !scan.reports.is_empty()
            || !scan.villages.is_empty();
        let from_version = scan.schema.unwrap_or(if found_records { 1 } else { SCHEMA_VERSION });
        let v1 = scan.v1.clone();
        let schema_written = scan.schema;
        let mut store = RecordStore {
            kv,
            households: scan.households,
            figures: scan.figures,
            reports: scan.reports,
            villages: scan.villages,
            tombstones: scan.tombstones,
            bad: scan.bad,
            last_export: scan.last_export,
            last_made: scan.last_made,
            last_outbox: scan.last_outbox,
            imported: scan.imported,
            read_only: None,
        };
        let mut report = LoadReport { from_version, ..Default::default() };
        if from_version > SCHEMA_VERSION {
            store.read_only = Some(from_version);
            report.newer_schema = Some(from_version);
            return Ok((store, report));
        }
        for (kind, id) in v1 {
            let result = match kind {
                RecordKind::Household => store.migrate_one::<Household>(id, now),
                RecordKind::Figures => store.migrate_one::<EnteredFigures>(id, now),
                RecordKind::Report => store.migrate_one::<Report>(id, now),
                RecordKind::Village => store.migrate_one::<VillageRecord>(id, now),
            };
            match result {
                Ok(()) => report.migrated += 1,
                Err(e) => {
                    report.migration_error = Some(e);
                    break;
                }
            }
        }
        if report.migration_error.is_none() && schema_written != Some(SCHEMA_VERSION) {
            if let Err(e) = store.kv.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string()) {
                report.migration_error = Some(e.into());
            }
        }
        Ok((store, report))
    }

    fn migrate_one<R: Record>(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        let key = record_key(R::KIND, id);
        let Some(stored) = R::table(self).get(&id).cloned() else { return Ok(()) };
        let value = encode_synced(1, now, &stored.record, &stored.sync)
            .map_err(|reason| StoreError::Encode { key: key.clone(), reason })?;
        self.kv.set(&key, &value)?;
        R::table_mut(self).insert(id, Stored { rev: 1, saved_at: Some(now), ..stored });
        Ok(())
    }

    fn scan(kv: &K) -> Result<Scan, StoreError> {
        let mut keys = kv.keys()?;
        crate::base::sort::sort_by(&mut keys, |a, b| a.cmp(b));
        let mut s = Scan {
            households: BTreeMap::new(),
            figures: BTreeMap::new(),
            reports: BTreeMap::new(),
            villages: BTreeMap::new(),
            tombstones: BTreeMap::new(),
            bad: Vec::new(),
            last_export: None,
            last_made: None,
            last_outbox: None,
            imported: BTreeSet::new(),
            schema: None,
            v1: Vec::new(),
        };
        for key in keys.into_iter().filter(|k| is_ours(k)) {
            let Some(raw) = kv.get(&key)? else { continue };
            match parse_entry(&key, &raw) {
                Ok(Parsed::Household(id, d)) => {
                    if d.version == 1 {
                        s.v1.push((RecordKind::Household, id));
                    }
                    s.households.insert(id, d.stored);
                }
                Ok(Parsed::Figures(id, d)) => {
                    if d.version == 1 {
                        s.v1.push((RecordKind::Figures, id));
                    }
                    s.figures.insert(id, d.stored);
                }
                Ok(Parsed::Report(id, d)) => {
                    if d.version == 1 {
                        s.v1.push((RecordKind::Report, id));
                    }
                    s.reports.insert(id, d.stored);
                }
                Ok(Parsed::Village(id, d)) => {
                    if d.version == 1 {
                        s.v1.push((RecordKind::Village, id));
                    }
                    s.villages.insert(id, d.stored);
                }
                Ok(Parsed::Tombstone(t)) => {
                    s.tombstones.insert(t.record.id, *t);
                }
                Ok(Parsed::Schema(v)) => s.schema = Some(v),
                Ok(Parsed::LastExport(t)) => s.last_export = Some(t),
                Ok(Parsed::LastMade(t)) => s.last_made = Some(t),
                Ok(Parsed::LastOutbox(t)) => s.last_outbox = Some(t),
                Ok(Parsed::Imported(ids)) => s.imported = ids,
                Ok(Parsed::Ignored) => {}
                Err(issue) => s.bad.push(BadEntry { key, raw, issue }),
            }
        }
        Ok(s)
    }

    /// Re-reads everything (e.g. after another tab cleared storage). Writes nothing.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let s = Self::scan(&self.kv)?;
        self.households = s.households;
        self.figures = s.figures;
        self.reports = s.reports;
        self.villages = s.villages;
        self.tombstones = s.tombstones;
        self.bad = s.bad;
        self.last_export = s.last_export;
        self.last_made = s.last_made;
        self.last_outbox = s.last_outbox;
        self.imported = s.imported;
        Ok(())
    }

    /// Re-reads one key after another tab changed it (`None`: the whole storage was cleared).
    /// Returns the record the key belongs to, if any, so an open form can check its revision.
    pub fn refresh(&mut self, key: Option<&str>) -> Result<Option<(RecordKind, Uuid)>, StoreError> {
        let Some(key) = key else {
            self.reload()?;
            return Ok(None);
        };
        if !is_ours(key) {
            return Ok(None);
        }
        self.bad.retain(|b| b.key != key);
        let raw = self.kv.get(key)?;
        let rest = key.strip_prefix(PREFIX).unwrap_or("");
        let (segment, tail) = rest.split_once('/').unwrap_or((rest, ""));
        let id = Uuid::parse_str(tail).ok();
        let Some(raw) = raw else {
            // Removed elsewhere.
            match (segment, id) {
                ("tombstone", Some(id)) => {
                    let kind = self.tombstones.remove(&id).map(|t| t.record.kind);
                    return Ok(kind.map(|k| (k, id)));
                }
                (seg, Some(id)) => {
                    if let Some(kind) = RecordKind::from_name(seg) {
                        match kind {
                            RecordKind::Household => self.households.remove(&id).map(|_| ()),
                            RecordKind::Figures => self.figures.remove(&id).map(|_| ()),
                            RecordKind::Report => self.reports.remove(&id).map(|_| ()),
                            RecordKind::Village => self.villages.remove(&id).map(|_| ()),
                        };
                        return Ok(Some((kind, id)));
                    }
                }
                _ => {}
            }
            match key {
                EXPORT_KEY => self.last_export = None,
                MADE_KEY => self.last_made = None,
                OUTBOX_KEY => self.last_outbox = None,
                IMPORTED_KEY => self.imported.clear(),
                _ => {}
            }
            return Ok(None);
        };
        Ok(match parse_entry(key, &raw) {
            Ok(Parsed::Household(id, d)) => {
                self.households.insert(id, d.stored);
                Some((RecordKind::Household, id))
            }
            Ok(Parsed::Figures(id, d)) => {
                self.figures.insert(id, d.stored);
                Some((RecordKind::Figures, id))
            }
            Ok(Parsed::Report(id, d)) => {
                self.reports.insert(id, d.stored);
                Some((RecordKind::Report, id))
            }
            Ok(Parsed::Village(id, d)) => {
                self.villages.insert(id, d.stored);
                Some((RecordKind::Village, id))
            }
            Ok(Parsed::Tombstone(t)) => {
                let changed = (t.record.kind, t.record.id);
                self.tombstones.insert(t.record.id, *t);
                Some(changed)
            }
            Ok(Parsed::LastExport(t)) => {
                self.last_export = Some(t);
                None
            }
            Ok(Parsed::LastMade(t)) => {
                self.last_made = Some(t);
                None
            }
            Ok(Parsed::LastOutbox(t)) => {
                self.last_outbox = Some(t);
                None
            }
            Ok(Parsed::Imported(ids)) => {
                self.imported = ids;
                None
            }
            Ok(Parsed::Schema(_)) | Ok(Parsed::Ignored) => None,
            Err(issue) => {
                self.bad.push(BadEntry { key: key.to_owned(), raw, issue });
                None
            }
        })
    }

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
    /// Sync rules (as `LocalState`'s): the version replaced is recorded as superseded if it may
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

    fn unexported_at(&self, saved: Option<DateTime<Utc>>) -> bool {
        match (saved, self.last_export) {
            (Some(s), Some(e)) => s > e,
            _ => true,
        }
    }

    /// Records saved, and deletions made, since the last export: what clearing the browser's
    /// data would lose.
    pub fn unexported(&self) -> usize {
        let h = self.live::<Household>().filter(|s| self.unexported_at(s.saved_at)).count();
        let f = self.live::<EnteredFigures>().filter(|s| self.unexported_at(s.saved_at)).count();
        let r = self.live::<Report>().filter(|s| self.unexported_at(s.saved_at)).count();
        let v = self.live::<VillageRecord>().filter(|s| self.unexported_at(s.saved_at)).count();
        let t = self
            .tombstones
            .values()
            .filter(|t| self.unexported_at(Some(t.saved_at.unwrap_or(t.record.deleted_at))))
            .count();
        h + f + r + v + t
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
