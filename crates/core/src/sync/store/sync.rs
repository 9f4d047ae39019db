//! Sync on stored data: bundles made from the record store, bundles merged into it, and the
//! conflicts it keeps.
//!
//! Contract:
//! - One record model: each entry keeps a record's `bundle::Heads` (the current version in the
//!   entry, the others and the lineage in its `EntrySync`), and every rule — save, delete,
//!   merge, resolve, export — is `Heads`'s, applied to the entries concerned in place; nothing
//!   is converted to another model and back. Nothing here decides which version wins.
//! - Each entry carries its `EntrySync`; the origin flag `local` plus the channel markers give
//!   "made here and not yet shared": a version is shared once a bundle or outbox batch was
//!   taken after it was saved (`saved_at` ≤ a marker). Over-approximating "shared" only adds a
//!   lineage entry; the reverse could turn an edit into a false conflict, so markers are never
//!   trusted beyond that.
//! - Two channels, each with its own marker: `File` (`meta/last_export`, downloads the user
//!   confirmed as saved) and `Outbox` (`meta/last_outbox`, uploads). A file download only
//!   moves `meta/last_made`, which counts for "may have left the device" (lineage) and never
//!   for "changed since" or the not-yet-exported count. A record counts as changed for a channel when its
//!   entry was written after the marker (saved here, or changed by an import, so a tablet
//!   relays what it received). Every write's `saved_at` is later than both markers.
//! - `import_bundle` validates the whole file, computes every write, then applies them; if one
//!   fails, every key already written is put back to its previous raw value (or removed), so
//!   the backend is byte-identical to before, and the error says whether that succeeded.
//!   Imported bundle ids persist (`meta/imported`): the same bundle again changes nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use super::{
    encode_synced, encode_tombstone, entry_cost, record_key, tombstone_key, KeyValue, Record, RecordStore, StoreError,
    Stored, EXPORT_KEY, IMPORTED_KEY, MADE_KEY, OUTBOX_KEY,
};
use crate::domain::org::VillageRecord;
use crate::domain::plan::Plan;
use crate::domain::survey::{EnteredFigures, Household};
use crate::i18n::{Lang, Text};
use crate::report::Report;
use crate::sync::bundle::{
    later_than, parse_bundle, Bundle, Conflict, ExportOptions, ExportScope, Heads, ImportError, Limits, MergeReport,
    RecordKey, RecordKind, RecordVersion, ResolveError, Tombstone, VersionRef,
};

/// What sync knows about one stored version, kept inside its entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EntrySync {
    /// Versions the stored version (and its conflicting versions) supersede.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub supersedes: BTreeSet<VersionRef>,
    /// The stored version was made on this device (saved, deleted or resolved here). It is
    /// unshared while no channel marker is later than the entry's `saved_at`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub local: bool,
    /// Other versions of the record, concurrent with the stored one: a conflict to resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<RecordVersion>,
}

impl EntrySync {
    pub fn is_empty(&self) -> bool {
        self.supersedes.is_empty() && !self.local && self.conflicts.is_empty()
    }
}

/// A way records leave the device, with its own "changed since" marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Bundle files downloaded by the user (`meta/last_export`).
    File,
    /// Bundles uploaded by the outbox (`meta/last_outbox`).
    Outbox,
}

impl Channel {
    pub fn key(self) -> &'static str {
        match self {
            Channel::File => EXPORT_KEY,
            Channel::Outbox => OUTBOX_KEY,
        }
    }
}

/// Why an import changed nothing (or, for `Write` with `restored: false`, may have).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum StoreImportError {
    /// The file is not a valid bundle for this plan.
    #[error(transparent)]
    Invalid(#[from] ImportError),
    /// The bundle's record id is used here by a record of another kind.
    #[error("record id {id} is used by records of two kinds; nothing was imported")]
    IdClash { id: Uuid },
    /// Storage refused before anything was written (read-only store, unreadable backend).
    #[error("{0}; nothing was imported")]
    Store(StoreError),
    /// A write failed. `restored`: every entry written before it was put back as it was.
    #[error("{error}; {}", if *restored { "every entry was restored, nothing changed" } else { "restoring the entries written before failed" })]
    Write { error: StoreError, restored: bool },
}

impl StoreImportError {
    /// What happened and what to do, in `lang` (Vietnamese first).
    pub fn message(&self, lang: Lang) -> String {
        let t = match self {
            StoreImportError::Invalid(e) => return e.message(lang),
            StoreImportError::IdClash { id } => Text::new(
                format!("Mã {id} trong gói đã được dùng cho một loại bản ghi khác trên máy này. Không có gì thay đổi."),
                format!("Id {id} in the bundle is used by a record of another kind on this device. Nothing changed."),
            ),
            StoreImportError::Store(e) => Text::new(
                format!("Không ghi được vào bộ nhớ của trình duyệt ({e}). Không có gì thay đổi."),
                format!("Could not write to the browser's storage ({e}). Nothing changed."),
            ),
            StoreImportError::Write { error, restored: true } => Text::new(
                match error {
                    StoreError::Quota { .. } => "Bộ nhớ của trình duyệt đã đầy nên không nhập được gói. Mọi mục đã ghi \
                                                 đều được khôi phục như trước: không có gì thay đổi. Hãy xuất dữ liệu \
                                                 rồi giải phóng bộ nhớ."
                        .to_string(),
                    e => format!("Không ghi được gói vào bộ nhớ ({e}). Mọi mục đã ghi đều được khôi phục như trước: không có gì thay đổi."),
                },
                format!("The bundle could not be written ({error}). Every entry written was restored: nothing changed."),
            ),
            StoreImportError::Write { error, restored: false } => Text::new(
                format!(
                    "Không ghi được gói vào bộ nhớ ({error}) và không khôi phục được hết các mục đã ghi. \
                     Hãy tải lại trang; nhập lại cùng tệp sẽ hoàn tất việc nhập."
                ),
                format!(
                    "The bundle could not be written ({error}) and some entries could not be restored. Reload the \
                     page; importing the same file again completes the import."
                ),
            ),
        };
        t.get(lang).to_string()
    }
}

/// Why a conflict was not resolved.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum StoreResolveError {
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error(transparent)]
    Store(StoreError),
    #[error("{error} (entries restored: {restored})")]
    Write { error: StoreError, restored: bool },
}

/// Staged entries being written, possibly over several calls (`write_part`): what each entry
/// written so far replaced, to put it back on a failure.
pub(super) struct Writing {
    pub(super) staged: Staged,
    pub(super) before: Vec<Option<String>>,
}

impl Writing {
    pub(super) fn new(staged: Staged) -> Self {
        let before = Vec::with_capacity(staged.writes.len());
        Writing { staged, before }
    }
}

/// A write that failed, and whether the writes before it were undone.
pub(super) struct WriteFailure {
    pub(super) error: StoreError,
    pub(super) restored: bool,
}

/// Writes to make (value `None`: remove the key) and the in-memory changes that follow them.
#[derive(Default)]
pub(super) struct Staged {
    pub(super) writes: Vec<(String, Option<String>)>,
    pub(super) memory: Vec<Change>,
}

pub(super) enum Change {
    Household(Box<Stored<Household>>),
    Figures(Box<Stored<EnteredFigures>>),
    Report(Box<Stored<Report>>),
    Village(Box<Stored<VillageRecord>>),
    Tombstone(Box<Stored<Tombstone>>),
    Untombstone(Uuid),
    Imported(BTreeSet<Uuid>),
}

/// The sync metadata of an entry whose current version was just made here.
fn made_here(heads: Heads) -> EntrySync {
    let conflicts = heads.others().to_vec();
    EntrySync { supersedes: heads.supersedes, local: true, conflicts }
}

/// Whether an entry written at `at` counts as changed since a channel's `marker`: written
/// after it, or never marked, or written before saves were timed (`at` is `None`).
fn written_after(at: Option<DateTime<Utc>>, marker: Option<DateTime<Utc>>) -> bool {
    match (at, marker) {
        (Some(at), Some(m)) => at > m,
        _ => true,
    }
}

impl<K> RecordStore<K> {
    /// The marker of a channel: when its last bundle (or outbox batch) was taken.
    pub fn marker(&self, channel: Channel) -> Option<DateTime<Utc>> {
        match channel {
            Channel::File => self.last_export,
            Channel::Outbox => self.last_outbox,
        }
    }

    /// Bundles already imported.
    pub fn imported_bundles(&self) -> &BTreeSet<Uuid> {
        &self.imported
    }

    /// The latest time a version may have left the device: any file made (delivered or not),
    /// any outbox batch taken.
    fn latest_marker(&self) -> Option<DateTime<Utc>> {
        self.last_export.max(self.last_made).max(self.last_outbox)
    }

    /// When the last file export not yet confirmed as saved was made (`None`: every file made
    /// was confirmed, or none was made).
    pub fn pending_delivery(&self) -> Option<DateTime<Utc>> {
        self.last_made.filter(|made| self.last_export.is_none_or(|e| e < *made))
    }

    /// Whether a version stored with `local` at `saved_at` is made here and not yet shared.
    fn unshared_parts(&self, local: bool, saved_at: Option<DateTime<Utc>>) -> bool {
        local
            && match (saved_at, self.latest_marker()) {
                (_, None) => true,
                (Some(at), Some(m)) => at > m,
                (None, Some(_)) => false,
            }
    }

    pub(crate) fn is_unshared<R>(&self, s: &Stored<R>) -> bool {
        self.unshared_parts(s.sync.local, s.saved_at)
    }

    /// The `saved_at` of a write made now: later than every channel marker, so the change is
    /// never mistaken for one a bundle already carried (a clock set back).
    pub(crate) fn change_time(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        later_than(now, self.latest_marker())
    }

    /// The record as saved here: stamped after every version it replaces or conflicts with,
    /// superseding the version it replaces if that may have left the device.
    pub(crate) fn next_local_version<R: Record>(&self, record: &R) -> (R, EntrySync) {
        let mut record = record.clone();
        let key = RecordKey::new(R::KIND, record.meta().id);
        let (mut held, unshared) = self.held(key).unwrap_or_default();
        record.meta_mut().updated_at = held.save(record.version(), !unshared);
        (record, made_here(held))
    }

    /// The tombstone of a deletion made here (the record exists and is not deleted).
    pub(crate) fn local_deletion(&self, kind: RecordKind, id: Uuid, now: DateTime<Utc>) -> Stored<Tombstone> {
        let key = RecordKey::new(kind, id);
        let (mut held, unshared) = self.held(key).unwrap_or_default();
        let mut record = match held.current() {
            Some(v) => v.tombstone(now),
            None => Tombstone { kind, id, deleted_at: now, org_unit_id: None },
        };
        record.deleted_at = held.save(RecordVersion::Tombstone(record.clone()), !unshared);
        Stored { record, rev: 0, saved_at: Some(self.change_time(now)), sync: made_here(held) }
    }

    /// A record's sync state as its entry keeps it, and whether its current version is made
    /// here and not yet shared. `None` for a record the store does not hold.
    fn held(&self, key: RecordKey) -> Option<(Heads, bool)> {
        let (version, sync, saved_at) = self.current(key)?;
        let mut versions = sync.conflicts.clone();
        versions.push(version);
        Some((Heads::new(versions, sync.supersedes.clone()), self.unshared_parts(sync.local, saved_at)))
    }

    /// The metadata of a record's current entry and when it was written, without copying the
    /// record (the list and conflict views ask this of every record).
    fn current_sync(&self, key: RecordKey) -> Option<(&EntrySync, Option<DateTime<Utc>>)> {
        if let Some(t) = self.tombstones.get(&key.id) {
            let at = t.saved_at.unwrap_or(t.record.deleted_at);
            return ((t.record.kind) == key.kind).then_some((&t.sync, Some(at)));
        }
        match key.kind {
            RecordKind::Household => self.households.get(&key.id).map(|s| (&s.sync, s.saved_at)),
            RecordKind::Figures => self.figures.get(&key.id).map(|s| (&s.sync, s.saved_at)),
            RecordKind::Report => self.reports.get(&key.id).map(|s| (&s.sync, s.saved_at)),
            RecordKind::Village => self.villages.get(&key.id).map(|s| (&s.sync, s.saved_at)),
        }
    }

    /// The current version of a record (its tombstone when deleted), its metadata, and when
    /// its entry was written (`None`: before saves were timed, always counted as changed).
    fn current(&self, key: RecordKey) -> Option<(RecordVersion, &EntrySync, Option<DateTime<Utc>>)> {
        if let Some(t) = self.tombstones.get(&key.id) {
            if (t.record.kind) != key.kind {
                return None;
            }
            let at = t.saved_at.unwrap_or(t.record.deleted_at);
            return Some((RecordVersion::Tombstone(t.record.clone()), &t.sync, Some(at)));
        }
        fn view<R: Record>(s: &Stored<R>) -> (RecordVersion, &EntrySync, Option<DateTime<Utc>>) {
            (s.record.version(), &s.sync, s.saved_at)
        }
        match key.kind {
            RecordKind::Household => self.households.get(&key.id).map(view),
            RecordKind::Figures => self.figures.get(&key.id).map(view),
            RecordKind::Report => self.reports.get(&key.id).map(view),
            RecordKind::Village => self.villages.get(&key.id).map(view),
        }
    }

    /// Every record the store knows (live, deleted or in conflict), in key order.
    pub fn record_keys(&self) -> Vec<RecordKey> {
        let mut keys: BTreeSet<RecordKey> = BTreeSet::new();
        keys.extend(self.households.keys().map(|id| RecordKey::new(RecordKind::Household, *id)));
        keys.extend(self.figures.keys().map(|id| RecordKey::new(RecordKind::Figures, *id)));
        keys.extend(self.reports.keys().map(|id| RecordKey::new(RecordKind::Report, *id)));
        keys.extend(self.villages.keys().map(|id| RecordKey::new(RecordKind::Village, *id)));
        keys.extend(self.tombstones.values().map(|t| RecordKey::new(t.record.kind, t.record.id)));
        keys.into_iter().filter(|k| self.current_sync(*k).is_some()).collect()
    }

    /// Whether the record `key` has a current version written after `marker` (never marked, or
    /// written before saves were timed: changed).
    fn changed_since(&self, key: RecordKey, marker: Option<DateTime<Utc>>) -> bool {
        match self.current_sync(key) {
            None => false,
            Some((_, at)) => written_after(at, marker),
        }
    }

    /// Records whose entry was written after the channel's marker (saved, deleted, resolved
    /// or changed by an import), in key order.
    pub fn changed_keys(&self, channel: Channel) -> Vec<RecordKey> {
        let marker = self.marker(channel);
        let mut keys = self.record_keys();
        keys.retain(|k| self.changed_since(*k, marker));
        keys
    }

    /// `changed_keys(channel).len()`, without listing them (Tổng quan, the outbox and the
    /// storage status show it; for `File`, the records saved and deletions made since the last
    /// confirmed export: what clearing the browser's data would lose): one pass over the
    /// entries' write times. A live entry whose id has a tombstone is the tombstone's to count
    /// (the tombstone is the current version, or the key has none).
    pub fn changed_count(&self, channel: Channel) -> usize {
        let marker = self.marker(channel);
        let live =
            |id: &Uuid, at: Option<DateTime<Utc>>| !self.tombstones.contains_key(id) && written_after(at, marker);
        self.households.iter().filter(|(id, s)| live(id, s.saved_at)).count()
            + self.figures.iter().filter(|(id, s)| live(id, s.saved_at)).count()
            + self.reports.iter().filter(|(id, s)| live(id, s.saved_at)).count()
            + self.villages.iter().filter(|(id, s)| live(id, s.saved_at)).count()
            + self
                .tombstones
                .values()
                .filter(|t| written_after(Some(t.saved_at.unwrap_or(t.record.deleted_at)), marker))
                .count()
    }

    /// `!changed_keys(channel).is_empty()`, without listing them: the uploader asks after every
    /// save. One pass over the entries' own write times, no lookup per record (a district's
    /// tablet holds 7,500); an entry written after the marker is confirmed by the exact rule
    /// (its tombstone, if any, is the current version).
    pub fn has_changes(&self, channel: Channel) -> bool {
        let marker = self.marker(channel);
        let hit = |kind: RecordKind, id: Uuid, at: Option<DateTime<Utc>>| {
            written_after(at, marker) && self.changed_since(RecordKey::new(kind, id), marker)
        };
        self.households.iter().any(|(id, s)| hit(RecordKind::Household, *id, s.saved_at))
            || self.figures.iter().any(|(id, s)| hit(RecordKind::Figures, *id, s.saved_at))
            || self.reports.iter().any(|(id, s)| hit(RecordKind::Report, *id, s.saved_at))
            || self.villages.iter().any(|(id, s)| hit(RecordKind::Village, *id, s.saved_at))
            || self
                .tombstones
                .values()
                .any(|t| hit(t.record.kind, t.record.id, Some(t.saved_at.unwrap_or(t.record.deleted_at))))
    }

    /// A bundle of the current versions (with lineage and conflicting versions) of exactly
    /// `keys` — what the outbox sends for a batch of keys it kept. `options.scope` is ignored
    /// except `UpdatedSince`; `since` is left empty.
    pub fn bundle_for(&self, plan: &Plan, keys: &[RecordKey], options: &ExportOptions) -> Bundle {
        let newer_than = options.scope.newer_than();
        let mut bundle = Bundle::empty(plan, options, newer_than);
        for key in keys {
            if let Some((held, _)) = self.held(*key).filter(|(h, _)| h.exportable(plan, &options.org_unit, newer_than))
            {
                held.carry(*key, &mut bundle);
            }
        }
        bundle
    }

    /// A bundle of everything (`ExportScope::All`), of what changed since the channel's
    /// marker (`ChangedSinceLastExport`, with `since` = the marker), or of versions stamped
    /// after a time (`UpdatedSince`). Changes nothing: call `mark_bundle_made` once the bundle
    /// has left (downloaded).
    pub fn export_bundle(&self, plan: &Plan, options: &ExportOptions, channel: Channel) -> Bundle {
        let delta = options.scope == ExportScope::ChangedSinceLastExport;
        let keys = if delta { self.changed_keys(channel) } else { self.record_keys() };
        let mut bundle = self.bundle_for(plan, &keys, options);
        if delta {
            bundle.since = self.marker(channel);
        }
        bundle
    }

    /// Records in conflict, in key order, each with its versions as `resolve_conflict` numbers
    /// them.
    pub fn conflicts(&self) -> Vec<Conflict> {
        self.record_keys()
            .into_iter()
            .filter(|k| self.current_sync(*k).is_some_and(|(s, _)| !s.conflicts.is_empty()))
            .filter_map(|key| Some(Conflict { key, versions: self.held(key)?.0.into_versions() }))
            .collect()
    }

    /// How many records `conflicts` would list, without building their versions: Tổng quan
    /// shows the count on the start page, whose code must stay small (no merge state there).
    pub fn conflict_count(&self) -> usize {
        self.record_keys()
            .into_iter()
            .filter(|k| self.current_sync(*k).is_some_and(|(s, _)| !s.conflicts.is_empty()))
            .count()
    }

    /// Whether a record has conflicting versions waiting for a choice.
    pub fn in_conflict(&self, kind: RecordKind, id: Uuid) -> bool {
        self.current_sync(RecordKey::new(kind, id)).is_some_and(|(s, _)| !s.conflicts.is_empty())
    }

    /// The entries that keep `records` (each with whether its current version is made here
    /// and unshared), written at `now`.
    fn stage(&self, records: Vec<(RecordKey, Heads, bool)>, now: DateTime<Utc>) -> Result<Staged, StoreError> {
        let saved_at = Some(self.change_time(now));
        let mut staged = Staged::default();
        for (key, mut heads, local) in records {
            let supersedes = std::mem::take(&mut heads.supersedes);
            let mut versions = heads.into_versions();
            let Some(current) = versions.pop() else { continue };
            let sync = EntrySync { supersedes, local, conflicts: versions };
            let id = key.id;
            if let RecordVersion::Tombstone(t) = current {
                let record = Tombstone { id, ..t };
                let stored = Stored { record, rev: 0, saved_at, sync };
                staged.writes.push((tombstone_key(id), Some(encode_tombstone(&stored)?)));
                staged.memory.push(Change::Tombstone(Box::new(stored)));
                continue;
            }
            fn body<R: Record>(
                store_rev: Option<u64>,
                record: R,
                saved_at: Option<DateTime<Utc>>,
                sync: EntrySync,
            ) -> Result<(String, Stored<R>), StoreError> {
                let key = record_key(R::KIND, record.meta().id);
                let rev = store_rev.map_or(1, |r| r + 1);
                let at = saved_at.unwrap_or_default();
                let raw =
                    encode_synced(rev, at, &record, &sync).map_err(|reason| StoreError::Encode { key, reason })?;
                Ok((raw, Stored { record, rev, saved_at, sync }))
            }
            let (raw, change) = match current {
                RecordVersion::Household(h) => {
                    let (raw, s) = body(self.households.get(&id).map(|s| s.rev), h, saved_at, sync)?;
                    (raw, Change::Household(Box::new(s)))
                }
                RecordVersion::Figures(f) => {
                    let (raw, s) = body(self.figures.get(&id).map(|s| s.rev), f, saved_at, sync)?;
                    (raw, Change::Figures(Box::new(s)))
                }
                RecordVersion::Report(r) => {
                    let (raw, s) = body(self.reports.get(&id).map(|s| s.rev), r, saved_at, sync)?;
                    (raw, Change::Report(Box::new(s)))
                }
                RecordVersion::Village(v) => {
                    let (raw, s) = body(self.villages.get(&id).map(|s| s.rev), v, saved_at, sync)?;
                    (raw, Change::Village(Box::new(s)))
                }
                RecordVersion::Tombstone(_) => continue,
            };
            staged.writes.push((record_key(key.kind, id), Some(raw)));
            staged.memory.push(change);
            if self.tombstones.contains_key(&id) {
                staged.writes.push((tombstone_key(id), None));
                staged.memory.push(Change::Untombstone(id));
            }
        }
        Ok(staged)
    }

    fn apply_memory(&mut self, changes: Vec<Change>) {
        for change in changes {
            match change {
                Change::Household(s) => drop(self.households.insert(s.record.meta.id, *s)),
                Change::Figures(s) => drop(self.figures.insert(s.record.meta.id, *s)),
                Change::Report(s) => drop(self.reports.insert(s.record.meta.id, *s)),
                Change::Village(s) => drop(self.villages.insert(s.record.meta.id, *s)),
                Change::Tombstone(t) => drop(self.tombstones.insert(t.record.id, *t)),
                Change::Untombstone(id) => drop(self.tombstones.remove(&id)),
                Change::Imported(ids) => self.imported = ids,
            }
        }
    }
}

impl<K: KeyValue> RecordStore<K> {
    /// Moves a channel's marker to `at`: records written up to then count as carried by that
    /// channel. For `File`, that a file was delivered (`mark_delivered`).
    pub fn mark_channel(&mut self, channel: Channel, at: DateTime<Utc>) -> Result<(), StoreError> {
        match channel {
            Channel::File => self.mark_delivered(at),
            Channel::Outbox => {
                self.writable()?;
                let raw = crate::base::dates::stamp_json(at);
                self.kv.set(OUTBOX_KEY, &raw)?;
                self.last_outbox = Some(at);
                Ok(())
            }
        }
    }

    /// Records that `bundle` (made by `export_bundle`) left through `channel`. For `File`, the
    /// download started but nobody knows yet whether the file was saved: only `last_made`
    /// moves (lineage), and the file channel's marker waits for `confirm_delivery`.
    pub fn mark_bundle_made(&mut self, channel: Channel, bundle: &Bundle) -> Result<(), StoreError> {
        match channel {
            Channel::File => self.mark_file_made(bundle.exported_at),
            Channel::Outbox => self.mark_channel(channel, bundle.exported_at),
        }
    }

    /// A file exported at `at` was made (downloaded): `mark_bundle_made` for the file channel,
    /// from the export's time alone (the app's file worker makes the bundle; the page keeps its
    /// time). The marker never moves back.
    pub fn mark_file_made(&mut self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.writable()?;
        let at = at.max(self.last_made.unwrap_or(at));
        self.kv.set(MADE_KEY, &crate::base::dates::stamp_json(at))?;
        self.last_made = Some(at);
        Ok(())
    }

    /// The user confirmed that the last file made was saved: it is delivered (see
    /// `pending_delivery`). Without a pending file, nothing changes.
    pub fn confirm_delivery(&mut self) -> Result<(), StoreError> {
        match self.pending_delivery() {
            Some(at) => self.mark_delivered(at),
            None => Ok(()),
        }
    }

    /// Validates the whole file, then merges it: every write is computed first, then applied;
    /// on a failed write, every entry already written is restored. A bundle imported before
    /// changes nothing (`already_imported`).
    pub fn import_bundle(
        &mut self,
        bytes: &[u8],
        plan: &Plan,
        limits: &Limits,
        now: DateTime<Utc>,
    ) -> Result<MergeReport, StoreImportError> {
        self.writable().map_err(StoreImportError::Store)?;
        let bundle = parse_bundle(bytes, plan, limits)?;
        self.import_parsed(bundle, plan, now)
    }

    /// `import_bundle` of a bundle already parsed and validated by `parse_bundle`.
    pub fn import_parsed(
        &mut self,
        bundle: Bundle,
        plan: &Plan,
        now: DateTime<Utc>,
    ) -> Result<MergeReport, StoreImportError> {
        self.import_merged(bundle, plan, now, true)
    }

    /// A page pulled from the hub, parsed and validated by `parse_bundle`: merged as an
    /// import, but its id is not kept in `meta/imported`. The hub gives every page a new id and
    /// the pull's cursor already keeps a page from being asked again (a page merged twice
    /// changes nothing: the lineage knows its versions), so remembering the ids would only
    /// grow that key by one id per page for ever, rewritten whole at each import.
    pub fn import_page(
        &mut self,
        bundle: Bundle,
        plan: &Plan,
        now: DateTime<Utc>,
    ) -> Result<MergeReport, StoreImportError> {
        self.import_merged(bundle, plan, now, false)
    }

    fn import_merged(
        &mut self,
        bundle: Bundle,
        plan: &Plan,
        now: DateTime<Utc>,
        remember: bool,
    ) -> Result<MergeReport, StoreImportError> {
        let (report, staged) = self.stage_import(bundle, plan, now, remember)?;
        self.apply(staged).map_err(|WriteFailure { error, restored }| StoreImportError::Write { error, restored })?;
        Ok(report)
    }

    /// What importing `bundle` would write and change in memory, computed without writing
    /// (`import_merged` applies it; `prepare_import` hands the writes to another store).
    pub(super) fn stage_import(
        &self,
        bundle: Bundle,
        plan: &Plan,
        now: DateTime<Utc>,
        remember: bool,
    ) -> Result<(MergeReport, Staged), StoreImportError> {
        self.writable().map_err(StoreImportError::Store)?;
        // A page (not remembered) whose id was imported as a file is skipped the same way.
        if self.imported.contains(&bundle.bundle_id) {
            let report = MergeReport { bundle_id: bundle.bundle_id, already_imported: true, ..MergeReport::default() };
            return Ok((report, Staged::default()));
        }
        let incoming = bundle.incoming();
        let mut kinds: BTreeMap<Uuid, RecordKind> = BTreeMap::new();
        for key in incoming.keys() {
            let here = self.record_keys_of(key.id);
            if here.iter().any(|k| *k != key.kind) || kinds.insert(key.id, key.kind).is_some_and(|k| k != key.kind) {
                return Err(StoreImportError::IdClash { id: key.id });
            }
        }
        let mut report = MergeReport { bundle_id: bundle.bundle_id, ..MergeReport::default() };
        let mut changed = Vec::new();
        for (key, (versions, supersedes)) in incoming {
            let (held, unshared) = self.held(key).unwrap_or_default();
            let merged = held.merge(&versions, &supersedes);
            report.count(key, merged.outcome);
            if merged.changed {
                // A version made here stays unshared only while it is still the current one.
                changed.push((key, merged.heads, unshared && merged.same_current));
            }
        }
        let units = self.org_units(&plan.org_units);
        report.unknown_villages = crate::sync::bundle::unknown_villages(&units, &bundle);
        let mut staged = self.stage(changed, now).map_err(StoreImportError::Store)?;
        if remember {
            let mut imported = self.imported.clone();
            imported.insert(bundle.bundle_id);
            let raw = crate::base::json::to_text(&imported, false).map_err(|e| {
                StoreImportError::Store(StoreError::Encode { key: IMPORTED_KEY.into(), reason: e.to_string() })
            })?;
            staged.writes.push((IMPORTED_KEY.to_string(), Some(raw)));
            staged.memory.push(Change::Imported(imported));
        }
        Ok((report, staged))
    }

    /// Keeps `versions[index]` of a conflict (as `conflicts` lists them) as a new version made
    /// here at `now`, superseding all of them. Returns its stamp.
    pub fn resolve_conflict(
        &mut self,
        key: RecordKey,
        index: usize,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StoreResolveError> {
        self.writable().map_err(StoreResolveError::Store)?;
        let (mut held, _) = self.held(key).filter(|(h, _)| h.in_conflict()).ok_or(ResolveError::NoConflict { key })?;
        let count = held.versions().len();
        let stamp = held.resolve(index, now).ok_or(ResolveError::NoSuchVersion { key, index, count })?;
        let staged = self.stage(vec![(key, held, true)], now).map_err(StoreResolveError::Store)?;
        self.apply(staged).map_err(|WriteFailure { error, restored }| StoreResolveError::Write { error, restored })?;
        Ok(stamp)
    }

    /// Brings back a record whose deletion may have left the device: a new version of its
    /// last body, stamped `now`, superseding the tombstone.
    pub(crate) fn revive(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        let Some(t) = self.tombstones.get(&id) else { return Err(StoreError::NotFound { key: tombstone_key(id) }) };
        let kind = t.record.kind;
        let key = RecordKey::new(kind, id);
        let body = match kind {
            RecordKind::Household => self.households.get(&id).map(|s| s.record.version()),
            RecordKind::Figures => self.figures.get(&id).map(|s| s.record.version()),
            RecordKind::Report => self.reports.get(&id).map(|s| s.record.version()),
            RecordKind::Village => self.villages.get(&id).map(|s| s.record.version()),
        };
        let Some(mut version) = body else { return Err(StoreError::NotFound { key: record_key(kind, id) }) };
        let (mut held, unshared) = self.held(key).unwrap_or_default();
        version.set_stamp(now);
        held.save(version, !unshared);
        let staged = self.stage(vec![(key, held, true)], now)?;
        self.apply(staged).map_err(|f| f.error)
    }

    /// The kinds of the records stored under `id` (normally at most one).
    fn record_keys_of(&self, id: Uuid) -> Vec<RecordKind> {
        let mut kinds = Vec::new();
        if self.households.contains_key(&id) {
            kinds.push(RecordKind::Household);
        }
        if self.figures.contains_key(&id) {
            kinds.push(RecordKind::Figures);
        }
        if self.reports.contains_key(&id) {
            kinds.push(RecordKind::Report);
        }
        if self.villages.contains_key(&id) {
            kinds.push(RecordKind::Village);
        }
        if let Some(t) = self.tombstones.get(&id) {
            kinds.push(t.record.kind);
        }
        kinds
    }

    /// Writes every staged entry, or none: on a failure the entries already written are put
    /// back. The in-memory state changes only when all writes landed.
    pub(super) fn apply(&mut self, staged: Staged) -> Result<(), WriteFailure> {
        let mut writing = Writing::new(staged);
        self.write_part(&mut writing, usize::MAX).map(|_| ())
    }

    /// Writes up to `n` more entries of `w`, each after reading what it replaces; once all are
    /// written the memory follows and the answer is `true`. On a failed read or write, every
    /// entry written so far (in this call or an earlier one) is put back.
    pub(super) fn write_part(&mut self, w: &mut Writing, n: usize) -> Result<bool, WriteFailure> {
        let end = w.before.len().saturating_add(n).min(w.staged.writes.len());
        for i in w.before.len()..end {
            let (key, value) = &w.staged.writes[i];
            let result = self.kv.get(key).and_then(|before| {
                w.before.push(before);
                match value {
                    Some(v) => self.kv.set(key, v),
                    None => self.kv.remove(key),
                }
            });
            if let Err(e) = result {
                // The entry that failed was not written: only those before it go back.
                let done = i.min(w.before.len());
                let restored = self.restore(&w.staged.writes[..done], &w.before[..done]);
                return Err(WriteFailure { error: e.into(), restored });
            }
        }
        if w.before.len() < w.staged.writes.len() {
            return Ok(false);
        }
        self.apply_memory(std::mem::take(&mut w.staged.memory));
        Ok(true)
    }

    /// Puts `written` keys back to their `before` values. Entries that grew are restored
    /// first: each of those restores frees space, so the ones that shrank fit again afterwards
    /// (their original total did). Returns whether every restore succeeded.
    fn restore(&mut self, written: &[(String, Option<String>)], before: &[Option<String>]) -> bool {
        let cost = |key: &str, v: &Option<String>| v.as_deref().map_or(0, |v| entry_cost(key, v) as i64);
        let mut order: Vec<usize> = (0..written.len()).collect();
        order.sort_by_key(|&i| {
            let (key, new) = &written[i];
            std::cmp::Reverse(cost(key, new) - cost(key, &before[i]))
        });
        let mut ok = true;
        for i in order {
            let key = &written[i].0;
            let result = match &before[i] {
                Some(v) => self.kv.set(key, v),
                None => self.kv.remove(key),
            };
            ok &= result.is_ok();
        }
        ok
    }
}
