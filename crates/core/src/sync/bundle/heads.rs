//! One record's sync state and its rules: the one model every holder of records applies — the
//! in-memory `LocalState` (CLI, hub), the browser's record store (`crate::sync::store`, whose
//! entries keep exactly this, the current version in the entry and the others beside it) and,
//! through `merge`, the district hub.
//!
//! Contract:
//! - `Heads` is a record's versions that no known version supersedes, oldest first by stamp
//!   (ties: canonical JSON), the last being current, plus the versions they supersede. Two or
//!   more versions are a conflict; the current one is the provisional winner everywhere.
//! - `merge` is the join of two holders' knowledge of one record (see `merge.rs`); `save`,
//!   `resolve` and `carry` are the local save, a person's choice in a conflict and the record
//!   put into a bundle. A holder decides only where the result is kept, never which version
//!   wins: that is decided here, once.
//! - Pure: no clock, storage or I/O; times come from the caller.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::store::{later_than, sort_versions};
use super::{Bundle, Lineage, RecordKey, RecordVersion, VersionRef};
use crate::domain::plan::Plan;

/// One record's heads and the versions they supersede (see the module contract).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heads {
    /// Oldest first; the last is the current version. Empty for a record not held.
    versions: Vec<RecordVersion>,
    pub supersedes: BTreeSet<VersionRef>,
}

/// What merging a bundle's versions of one record did to it (`MergeReport` counts these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The bundle carried exactly what is held.
    Unchanged,
    /// The bundle's versions are superseded by what is held: it stays.
    KeptLocal,
    /// The record was not held.
    Added,
    /// A newer version replaced the held one.
    Updated,
    /// A newer tombstone deleted the record.
    Deleted,
    /// Concurrent versions are now kept side by side (a new conflict, or a version added).
    Conflict,
}

/// The result of `Heads::merge`.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub heads: Heads,
    pub outcome: Outcome,
    /// The heads or the lineage differ from what was held: the holder must store the result.
    pub changed: bool,
    /// The current version is the one held before (a version made here stays unshared only then).
    pub same_current: bool,
}

impl Heads {
    /// A record's heads in any order (sorted here, exact duplicates dropped) and what they supersede.
    pub fn new(mut versions: Vec<RecordVersion>, supersedes: BTreeSet<VersionRef>) -> Self {
        sort_versions(&mut versions);
        Heads { versions, supersedes }
    }

    /// The versions, oldest first, the current one last.
    pub fn versions(&self) -> &[RecordVersion] {
        &self.versions
    }

    pub fn into_versions(self) -> Vec<RecordVersion> {
        self.versions
    }

    pub fn current(&self) -> Option<&RecordVersion> {
        self.versions.last()
    }

    /// The versions in conflict with the current one (empty when there is no conflict).
    pub fn others(&self) -> &[RecordVersion] {
        &self.versions[..self.versions.len().saturating_sub(1)]
    }

    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    pub fn in_conflict(&self) -> bool {
        self.versions.len() > 1
    }

    /// The join of what is held with `incoming` versions of this record and the versions
    /// `incoming_supersedes` names: supersede-sets are united, and the heads are every known
    /// version no one supersedes.
    pub fn merge(&self, incoming: &[RecordVersion], incoming_supersedes: &BTreeSet<VersionRef>) -> Merged {
        let mut all_supersedes = self.supersedes.clone();
        all_supersedes.extend(incoming_supersedes.iter().cloned());

        let mut candidates: Vec<RecordVersion> = self.versions.iter().chain(incoming).cloned().collect();
        sort_versions(&mut candidates);
        // Digests are computed only for versions whose stamp a supersedes entry names.
        let named: BTreeSet<_> = all_supersedes.iter().map(|r| r.at).collect();
        let superseded = |v: &RecordVersion| named.contains(&v.stamp()) && all_supersedes.contains(&v.version_ref());
        let mut heads: Vec<RecordVersion> = candidates.iter().filter(|v| !superseded(v)).cloned().collect();
        if heads.is_empty() {
            // Only crossing lineages (each side superseding the other) get here; keeping every
            // candidate as a conflict is the one answer that loses nothing.
            heads = candidates;
        }

        // Versions compare by value: equal values serialize to equal canonical JSON.
        let old = &self.versions;
        let heads_changed = heads != *old;
        let outcome = if !heads_changed {
            if incoming.iter().all(|v| old.contains(v)) {
                Outcome::Unchanged
            } else {
                Outcome::KeptLocal
            }
        } else if heads.len() > 1 {
            Outcome::Conflict
        } else if old.is_empty() {
            Outcome::Added
        } else if heads[0].is_tombstone() && !old.last().is_some_and(|v| v.is_tombstone()) {
            Outcome::Deleted
        } else {
            Outcome::Updated
        };
        let changed = !heads.is_empty() && (heads_changed || all_supersedes != self.supersedes || old.is_empty());
        let same_current = heads.last() == old.last();
        Merged { heads: Heads { versions: heads, supersedes: all_supersedes }, outcome, changed, same_current }
    }

    /// A new version made here replaces the current one; the other heads stay (an edit is not
    /// a resolution). The replaced version is recorded as superseded when it may have left
    /// the device (`shared`). The version is stamped after every version it replaces or
    /// conflicts with (a tablet clock may be behind); returns the stamp used.
    pub fn save(&mut self, mut version: RecordVersion, shared: bool) -> DateTime<Utc> {
        let current = self.versions.pop();
        if let Some(c) = current.as_ref().filter(|_| shared) {
            self.supersedes.insert(c.version_ref());
        }
        // The floor counts the replaced version even when it needs no lineage entry.
        let floor = self
            .versions
            .iter()
            .chain(current.iter())
            .map(|v| v.stamp())
            .chain(self.supersedes.iter().map(|r| r.at))
            .max();
        let stamp = later_than(version.stamp(), floor);
        version.set_stamp(stamp);
        // Later than every other head: it is the last, as sorting would put it.
        self.versions.push(version);
        stamp
    }

    /// Keeps `versions()[index]` as a new version at `at` that supersedes every version in
    /// conflict, so the choice wins on every holder it reaches. `None` when there is no such
    /// version. Returns the stamp used.
    pub fn resolve(&mut self, index: usize, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut chosen = self.versions.get(index).cloned()?;
        self.supersedes.extend(self.versions.iter().map(RecordVersion::version_ref));
        let stamp = later_than(at, self.supersedes.iter().map(|r| r.at).max());
        chosen.set_stamp(stamp);
        self.versions = vec![chosen];
        Some(stamp)
    }

    /// Whether the record goes into an export of `org_unit` (records of that unit or below;
    /// a record in conflict travels whole or not at all) limited to versions stamped after
    /// `newer_than`.
    pub fn exportable(&self, plan: &Plan, org_unit: &str, newer_than: Option<DateTime<Utc>>) -> bool {
        !self.versions.is_empty()
            && self.versions.iter().all(|v| in_scope(plan, org_unit, v))
            && newer_than.is_none_or(|t| self.versions.iter().any(|v| v.stamp() > t))
    }

    /// Puts the record into `bundle`: its lineage, its other heads as conflicts, its current
    /// version in its list.
    pub fn carry(&self, key: RecordKey, bundle: &mut Bundle) {
        let Some((current, others)) = self.versions.split_last() else { return };
        if !self.supersedes.is_empty() {
            bundle.lineage.push(Lineage {
                kind: key.kind,
                id: key.id,
                supersedes: self.supersedes.iter().cloned().collect(),
            });
        }
        bundle.conflicts.extend(others.iter().cloned());
        match current.clone() {
            RecordVersion::Household(h) => bundle.households.push(h),
            RecordVersion::Figures(f) => bundle.figures.push(f),
            RecordVersion::Report(r) => bundle.reports.push(r),
            RecordVersion::Village(v) => bundle.villages.push(v),
            RecordVersion::Tombstone(t) => bundle.tombstones.push(t),
        }
    }
}

/// Whether a version belongs in an export of `org_unit`: its unit is `org_unit` or below it in
/// the plan's org tree, so a commune's bundle carries neither the district's report nor another
/// commune's, nor their deletions. Records without a unit yet (drafts), reports that name none
/// and tombstones that recorded none (made before tombstones carried a unit) go with any export.
fn in_scope(plan: &Plan, org_unit: &str, v: &RecordVersion) -> bool {
    v.org_unit().is_none_or(|unit| plan.org_units.is_within(unit, org_unit))
}
