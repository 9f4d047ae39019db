//! Records held in memory (the CLI's merge of bundles, tests and benchmarks): each record's
//! `Heads` kept in maps by kind, with a change counter for delta exports. The rules — save,
//! delete, merge, resolve, export — are `Heads`'s, as in the browser's record store and the
//! hub, so this is a holder of the one record model, not a second one.
//!
//! Contract:
//! - Each record (kind + UUID) has one or more *heads*: versions no other known version
//!   supersedes. One head is the record's current version (in `households`, `figures`,
//!   `reports` or, when deleted, `tombstones`); two or more heads are a `Conflict`, and the
//!   current one is then the provisional winner (latest stamp, ties by canonical JSON), so every
//!   device shows the same value until a person resolves it.
//! - `SyncMeta::supersedes` lists the stamps of versions the heads replace. A local save adds
//!   the replaced version's stamp when that version had left the device (exported or
//!   imported); a version that never left cannot be held elsewhere, so it needs no trace.
//! - Local stamps only grow: a save, delete or resolution stamped no later than a version it
//!   replaces is moved 1 ms past it (a tablet clock may be behind), and returns the stamp used.
//! - `export` marks each record it exported as shared and as exported at its current change, so
//!   a delta export carries exactly the records changed here since they last left.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use super::heads::Heads;
use super::{Bundle, PlanRef, RecordKey, RecordKind, RecordVersion, Tombstone, VersionRef};
use super::{FORMAT_NAME, FORMAT_VERSION};
use crate::domain::org::VillageRecord;
use crate::domain::plan::Plan;
use crate::domain::survey::{Dataset, EnteredFigures, Household};
use crate::i18n::{Lang, Text};
use crate::report::Report;

/// Everything the tablet holds, plus what sync needs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LocalState {
    #[serde(default)]
    pub(crate) households: BTreeMap<Uuid, Household>,
    #[serde(default)]
    pub(crate) figures: BTreeMap<Uuid, EnteredFigures>,
    #[serde(default)]
    pub(crate) reports: BTreeMap<Uuid, Report>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) villages: BTreeMap<Uuid, VillageRecord>,
    #[serde(default)]
    pub(crate) tombstones: BTreeMap<RecordKey, Tombstone>,
    #[serde(default)]
    pub(crate) conflicts: BTreeMap<RecordKey, Conflict>,
    #[serde(default)]
    pub(crate) sync: BTreeMap<RecordKey, SyncMeta>,
    /// Bundles already merged: the same file imported or uploaded again is skipped.
    #[serde(default)]
    pub(crate) imported_bundles: BTreeSet<Uuid>,
    /// Local change counter; `SyncMeta::changed` refers to it.
    #[serde(default)]
    pub(crate) seq: u64,
    /// Time of the previous export (the `since` of the next delta export).
    #[serde(default, with = "crate::base::dates::stamp_opt", skip_serializing_if = "Option::is_none")]
    pub(crate) last_export_at: Option<DateTime<Utc>>,
}

/// A record in conflict: two or more concurrent versions, oldest first (by stamp, then
/// canonical JSON); the last is the provisional current version, shown meanwhile.
/// `resolve_conflict(key, i, …)` (here or in the record store) keeps `versions[i]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub key: RecordKey,
    pub versions: Vec<RecordVersion>,
}

/// Sync bookkeeping of one record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncMeta {
    /// Versions the heads supersede.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub supersedes: BTreeSet<VersionRef>,
    /// The current version was made here and has not been exported yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unshared: bool,
    /// `LocalState` change counter when this record last changed.
    #[serde(default)]
    pub changed: u64,
    /// The value of `changed` when the record was last exported: a delta export carries the
    /// records changed since. Kept per record because exports limited to an org unit or a time
    /// carry only part of what changed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub exported: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportScope {
    /// Every record and tombstone.
    #[default]
    All,
    /// Only what changed on this device (edited here or received) since the last export.
    ChangedSinceLastExport,
    /// Only records with a version stamped after this time (`updated_at` or `deleted_at`), e.g.
    /// to resend a period's work. Records received late with older stamps are not included:
    /// relays should use `ChangedSinceLastExport`.
    UpdatedSince(DateTime<Utc>),
}

impl ExportScope {
    /// The time an `UpdatedSince` export starts from (`None` for the other scopes).
    pub fn newer_than(self) -> Option<DateTime<Utc>> {
        match self {
            ExportScope::UpdatedSince(t) => Some(t),
            _ => None,
        }
    }
}

/// Parameters of an export; ids and times come from the caller (no clock or RNG in the core).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    pub bundle_id: Uuid,
    pub device_id: String,
    pub exported_at: DateTime<Utc>,
    /// Only records of this unit and below (`kon-ray` for everything).
    pub org_unit: String,
    pub scope: ExportScope,
}

/// Why a conflict could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ResolveError {
    #[error("{key} has no conflict to resolve")]
    NoConflict { key: RecordKey },
    #[error("{key} has {count} conflicting versions; there is no version {index}")]
    NoSuchVersion { key: RecordKey, index: usize, count: usize },
}

impl ResolveError {
    pub fn message(&self, lang: Lang) -> String {
        let t = match self {
            ResolveError::NoConflict { key } => Text::new(
                format!("{} mã {} không có xung đột cần giải quyết", key.kind.label_vi(), key.id),
                self.to_string(),
            ),
            ResolveError::NoSuchVersion { key, index, count } => Text::new(
                format!(
                    "{} mã {} có {count} phiên bản xung đột; không có phiên bản số {index}",
                    key.kind.label_vi(),
                    key.id
                ),
                self.to_string(),
            ),
        };
        t.get(lang).to_string()
    }
}

/// Orders versions the same way on every device: by stamp, then (only for equal stamps, which
/// are rare) canonical JSON; drops exact duplicates.
pub(crate) fn sort_versions(versions: &mut Vec<RecordVersion>) {
    if versions.len() < 2 {
        return;
    }
    crate::base::sort::sort_by(versions, |a, b| {
        a.stamp().cmp(&b.stamp()).then_with(|| {
            if a == b {
                std::cmp::Ordering::Equal
            } else {
                a.canonical_json().cmp(&b.canonical_json())
            }
        })
    });
    versions.dedup();
}

impl LocalState {
    pub fn new() -> Self {
        LocalState::default()
    }

    /// Current households (deleted ones are in `tombstones`).
    pub fn households(&self) -> &BTreeMap<Uuid, Household> {
        &self.households
    }

    pub fn figures(&self) -> &BTreeMap<Uuid, EnteredFigures> {
        &self.figures
    }

    pub fn reports(&self) -> &BTreeMap<Uuid, Report> {
        &self.reports
    }

    /// The village records (a commune's list as it changed; `OrgUnits::with_records`).
    pub fn villages(&self) -> &BTreeMap<Uuid, VillageRecord> {
        &self.villages
    }

    pub fn tombstones(&self) -> &BTreeMap<RecordKey, Tombstone> {
        &self.tombstones
    }

    /// Records with concurrent versions waiting for a person's choice.
    pub fn conflicts(&self) -> &BTreeMap<RecordKey, Conflict> {
        &self.conflicts
    }

    pub fn sync_meta(&self, key: &RecordKey) -> Option<&SyncMeta> {
        self.sync.get(key)
    }

    pub fn imported_bundles(&self) -> &BTreeSet<Uuid> {
        &self.imported_bundles
    }

    /// The current live records as a `Dataset`, for the indicator engine (deleted records are
    /// left out; a record in conflict counts with its provisional current version).
    pub fn dataset(&self) -> Dataset {
        Dataset {
            households: self.households.values().cloned().collect(),
            figures: self.figures.values().cloned().collect(),
        }
    }

    /// Every record key the state knows (current, deleted or in conflict).
    pub fn keys(&self) -> impl Iterator<Item = &RecordKey> + '_ {
        self.sync.keys()
    }

    /// The current version of a record (a tombstone when deleted).
    pub fn current(&self, key: &RecordKey) -> Option<RecordVersion> {
        let live = match key.kind {
            RecordKind::Household => self.households.get(&key.id).cloned().map(RecordVersion::Household),
            RecordKind::Figures => self.figures.get(&key.id).cloned().map(RecordVersion::Figures),
            RecordKind::Report => self.reports.get(&key.id).cloned().map(RecordVersion::Report),
            RecordKind::Village => self.villages.get(&key.id).cloned().map(RecordVersion::Village),
        };
        live.or_else(|| self.tombstones.get(key).cloned().map(RecordVersion::Tombstone))
    }

    /// All heads of a record: the conflict's versions, or the current version alone.
    pub fn heads(&self, key: &RecordKey) -> Vec<RecordVersion> {
        match self.conflicts.get(key) {
            Some(c) => c.versions.clone(),
            None => self.current(key).into_iter().collect(),
        }
    }

    /// A record's sync state (empty when the state does not hold it).
    pub fn record(&self, key: &RecordKey) -> Heads {
        Heads::new(self.heads(key), self.sync.get(key).map(|m| m.supersedes.clone()).unwrap_or_default())
    }

    /// Keeps `heads` as the record's state (non-empty heads).
    pub(super) fn keep(&mut self, key: RecordKey, mut heads: Heads) {
        let supersedes = std::mem::take(&mut heads.supersedes);
        self.set_heads(key, heads.into_versions());
        self.sync.entry(key).or_default().supersedes = supersedes;
    }

    /// Replaces a record's heads (non-empty): the last after sorting becomes current.
    pub(crate) fn set_heads(&mut self, key: RecordKey, mut heads: Vec<RecordVersion>) {
        sort_versions(&mut heads);
        match key.kind {
            RecordKind::Household => drop(self.households.remove(&key.id)),
            RecordKind::Figures => drop(self.figures.remove(&key.id)),
            RecordKind::Report => drop(self.reports.remove(&key.id)),
            RecordKind::Village => drop(self.villages.remove(&key.id)),
        }
        self.tombstones.remove(&key);
        self.conflicts.remove(&key);
        self.sync.entry(key).or_default();
        let Some(winner) = heads.last().cloned() else { return };
        match winner {
            RecordVersion::Household(h) => drop(self.households.insert(key.id, h)),
            RecordVersion::Figures(f) => drop(self.figures.insert(key.id, f)),
            RecordVersion::Report(r) => drop(self.reports.insert(key.id, r)),
            RecordVersion::Village(v) => drop(self.villages.insert(key.id, v)),
            RecordVersion::Tombstone(t) => drop(self.tombstones.insert(key, t)),
        }
        if heads.len() > 1 {
            self.conflicts.insert(key, Conflict { key, versions: heads });
        }
    }

    /// Records that `key` changed now (for delta exports).
    pub(crate) fn touch(&mut self, key: RecordKey) {
        self.seq += 1;
        self.sync.entry(key).or_default().changed = self.seq;
    }

    /// Saves a household edited (or created) on this device; returns the stamp stored.
    pub fn save_household(&mut self, household: Household) -> DateTime<Utc> {
        self.save(RecordVersion::Household(household))
    }

    pub fn save_figures(&mut self, figures: EnteredFigures) -> DateTime<Utc> {
        self.save(RecordVersion::Figures(figures))
    }

    pub fn save_report(&mut self, report: Report) -> DateTime<Utc> {
        self.save(RecordVersion::Report(report))
    }

    pub fn save_village(&mut self, village: VillageRecord) -> DateTime<Utc> {
        self.save(RecordVersion::Village(village))
    }

    /// Deletes a record on this device at `at`, leaving a tombstone; `None` if it does not
    /// exist (or is already deleted).
    pub fn delete(&mut self, kind: RecordKind, id: Uuid, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let key = RecordKey::new(kind, id);
        match self.current(&key) {
            Some(v) if !v.is_tombstone() => Some(self.save(RecordVersion::Tombstone(v.tombstone(at)))),
            _ => None,
        }
    }

    /// A new local version replacing the current one (`Heads::save`).
    fn save(&mut self, version: RecordVersion) -> DateTime<Utc> {
        let key = version.key();
        let mut held = self.record(&key);
        let shared = !self.sync.get(&key).is_some_and(|m| m.unshared);
        let stamp = held.save(version, shared);
        self.keep(key, held);
        self.sync.entry(key).or_default().unshared = true;
        self.touch(key);
        stamp
    }

    /// Resolves a conflict by keeping `versions[index]` as a new version at `at` that supersedes
    /// every conflicting version, so the choice wins on every device it reaches.
    pub fn resolve_conflict(
        &mut self,
        key: RecordKey,
        index: usize,
        at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, ResolveError> {
        let count = self.conflicts.get(&key).ok_or(ResolveError::NoConflict { key })?.versions.len();
        let mut held = self.record(&key);
        let stamp = held.resolve(index, at).ok_or(ResolveError::NoSuchVersion { key, index, count })?;
        self.keep(key, held);
        self.sync.entry(key).or_default().unshared = true;
        self.touch(key);
        Ok(stamp)
    }

    /// Builds a bundle of this state for `plan` and marks what it carries as shared.
    pub fn export(&mut self, plan: &Plan, options: &ExportOptions) -> Bundle {
        let delta = options.scope == ExportScope::ChangedSinceLastExport;
        let newer_than = options.scope.newer_than();
        let mut bundle = Bundle::empty(plan, options, if delta { self.last_export_at } else { newer_than });
        let keys: Vec<RecordKey> = self.sync.keys().copied().collect();
        for key in keys {
            let meta = &self.sync[&key];
            if delta && meta.changed <= meta.exported {
                continue;
            }
            let held = self.record(&key);
            if !held.exportable(plan, &options.org_unit, newer_than) {
                continue;
            }
            held.carry(key, &mut bundle);
            if let Some(meta) = self.sync.get_mut(&key) {
                meta.unshared = false;
                meta.exported = meta.changed;
            }
        }
        self.last_export_at = Some(options.exported_at);
        bundle
    }
}

impl Bundle {
    /// A bundle of no records yet, with the header of an export of `plan` made with `options`
    /// (`since`: the time a delta export follows, or the time an `UpdatedSince` export starts).
    pub fn empty(plan: &Plan, options: &ExportOptions, since: Option<DateTime<Utc>>) -> Bundle {
        Bundle {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            bundle_id: options.bundle_id,
            plan: PlanRef { id: plan.id.clone(), version: plan.version.clone() },
            device_id: options.device_id.clone(),
            exported_at: options.exported_at,
            org_unit: options.org_unit.clone(),
            since,
            households: Vec::new(),
            figures: Vec::new(),
            reports: Vec::new(),
            villages: Vec::new(),
            tombstones: Vec::new(),
            lineage: Vec::new(),
            conflicts: Vec::new(),
        }
    }
}

/// `wanted`, or 1 ms after `floor` when `wanted` is not later than it.
pub(crate) fn later_than(wanted: DateTime<Utc>, floor: Option<DateTime<Utc>>) -> DateTime<Utc> {
    match floor {
        Some(f) if wanted <= f => f + TimeDelta::milliseconds(1),
        _ => wanted,
    }
}
