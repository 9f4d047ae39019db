//! Merging a validated bundle into the local state.
//!
//! Contract: per record, the state after a merge is the join of what the state knew and what
//! the bundle carries — supersede-sets are united, and the heads are every known version whose
//! stamp no one supersedes. Hence:
//! - the newer version of a linear history wins (its lineage supersedes the older one);
//! - a tombstone that supersedes a version deletes it; a deletion of an *older* version than
//!   the one edited meanwhile is concurrent with the edit: both are kept as a conflict;
//! - versions edited on two sides since they last agreed are all kept (a `Conflict`), the
//!   latest (ties: canonical JSON) being current until someone resolves it;
//! - merging is idempotent, commutative and associative, so bundles may arrive in any order,
//!   twice, or via other devices. The bundle id is also remembered so a receiver can skip and
//!   report a bundle it already has.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use super::heads::Outcome;
use super::store::LocalState;
use super::{parse_bundle, Bundle, ImportError, Limits, RecordKey, RecordVersion, VersionRef};
use crate::domain::org::OrgUnits;
use crate::domain::plan::Plan;

/// What a merge did, per record. Serializable: the app's import worker hands it to the page.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct MergeReport {
    pub bundle_id: Uuid,
    /// The bundle had been merged before; nothing was changed.
    pub already_imported: bool,
    /// Records (or tombstones of records) this state did not know.
    pub added: usize,
    /// Records replaced by a newer version.
    pub updated: usize,
    /// Records deleted by a newer tombstone.
    pub deleted: usize,
    /// Records the bundle carries exactly as held here.
    pub unchanged: usize,
    /// Records where the bundle's version is older than ours (superseded): ours stays.
    pub kept_local: usize,
    /// Records now in conflict (new conflicts, or new versions added to one).
    pub conflicts: usize,
    /// The keys of those conflicts.
    pub conflict_keys: Vec<RecordKey>,
    /// Households of the bundle whose village is in no list the receiver knows (the plan's,
    /// its own village records and the bundle's): imported, and shown as "thôn chưa có trong
    /// danh sách" until the commune's list arrives. Household id and village id.
    pub unknown_villages: Vec<(Uuid, String)>,
}

/// The households of `bundle` (current and conflicting versions) whose `village_id` is not a
/// village of `units` (the receiver's list with the bundle's village records laid over it).
/// An empty village (a draft) is not unknown, only unanswered.
pub fn unknown_villages(units: &OrgUnits, bundle: &Bundle) -> Vec<(Uuid, String)> {
    let units = units.with_records(bundle.villages.iter());
    let mut out: Vec<(Uuid, String)> = bundle
        .versions()
        .filter_map(|v| match v {
            RecordVersion::Household(h) => Some((h.meta.id, h.village_id)),
            _ => None,
        })
        .filter(|(_, v)| {
            !v.trim().is_empty() && units.get(v).is_none_or(|u| u.kind != crate::domain::org::OrgKind::Village)
        })
        .collect();
    out.dedup();
    out
}

/// Validates `bytes` fully, then merges: on any error the state is untouched.
pub fn import(state: &mut LocalState, bytes: &[u8], plan: &Plan, limits: &Limits) -> Result<MergeReport, ImportError> {
    let bundle = parse_bundle(bytes, plan, limits)?;
    let mut report = merge(state, &bundle);
    if !report.already_imported {
        report.unknown_villages = unknown_villages(&plan.org_units.with_records(state.villages.values()), &bundle);
    }
    Ok(report)
}

/// Merges a bundle that passed `validate_bundle` (as `parse_bundle` ensures). See the module
/// contract; it cannot fail.
pub fn merge(state: &mut LocalState, bundle: &Bundle) -> MergeReport {
    let mut report = MergeReport { bundle_id: bundle.bundle_id, ..MergeReport::default() };
    if state.imported_bundles.contains(&bundle.bundle_id) {
        report.already_imported = true;
        return report;
    }

    for (key, (versions, supersedes)) in bundle.incoming() {
        let merged = state.record(&key).merge(&versions, &supersedes);
        report.count(key, merged.outcome);
        if merged.changed {
            // A version made here stays unshared only while it is still the current one.
            let unshared = state.sync.get(&key).is_some_and(|m| m.unshared) && merged.same_current;
            state.keep(key, merged.heads);
            state.sync.entry(key).or_default().unshared = unshared;
            state.touch(key);
        }
    }
    state.imported_bundles.insert(bundle.bundle_id);
    report
}

impl MergeReport {
    /// Counts one record's outcome.
    pub fn count(&mut self, key: RecordKey, outcome: Outcome) {
        match outcome {
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::KeptLocal => self.kept_local += 1,
            Outcome::Added => self.added += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Deleted => self.deleted += 1,
            Outcome::Conflict => {
                self.conflicts += 1;
                self.conflict_keys.push(key);
            }
        }
    }
}

impl Bundle {
    /// The bundle's versions grouped by record, with the versions its lineage says each
    /// record's versions supersede (lineage of a record the bundle does not carry is ignored).
    pub fn incoming(&self) -> BTreeMap<RecordKey, (Vec<RecordVersion>, BTreeSet<VersionRef>)> {
        let mut incoming: BTreeMap<RecordKey, (Vec<RecordVersion>, BTreeSet<VersionRef>)> = BTreeMap::new();
        for v in self.versions() {
            incoming.entry(v.key()).or_default().0.push(v);
        }
        for l in &self.lineage {
            if let Some(entry) = incoming.get_mut(&RecordKey::new(l.kind, l.id)) {
                entry.1.extend(l.supersedes.iter().cloned());
            }
        }
        incoming
    }
}
