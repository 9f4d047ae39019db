//! TEMPORARY stand-in for the sync helper's API (branch `sync`): removed when it is merged.
//! Only what the outbox calls: `Channel`, `changed_keys`, `bundle_for`, `mark_channel`.

use chrono::{DateTime, Utc};

use super::{Kind, KeyValue, RecordStore, StoreError};
use crate::bundle::{Bundle, ExportOptions, PlanRef, RecordKey, RecordKind, Tombstone, FORMAT_NAME, FORMAT_VERSION};
use crate::plan::Plan;
use crate::report::Report;
use crate::survey::{EnteredFigures, Household};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    File,
    Outbox,
}

const OUTBOX_KEY: &str = "ansinh/v1/meta/last_outbox";

fn rk(k: Kind) -> RecordKind {
    match k {
        Kind::Household => RecordKind::Household,
        Kind::Figures => RecordKind::Figures,
        Kind::Report => RecordKind::Report,
    }
}

impl<K: KeyValue> RecordStore<K> {
    fn marker(&self, ch: Channel) -> Option<DateTime<Utc>> {
        match ch {
            Channel::File => self.last_export,
            Channel::Outbox => self.kv.get(OUTBOX_KEY).ok().flatten().and_then(|r| serde_json::from_str(&r).ok()),
        }
    }

    pub fn changed_keys(&self, ch: Channel) -> Vec<RecordKey> {
        let m = self.marker(ch);
        let after = |t: Option<DateTime<Utc>>| match (t, m) {
            (Some(t), Some(m)) => t > m,
            _ => true,
        };
        let mut out = Vec::new();
        out.extend(self.live::<Household>().filter(|s| after(s.saved_at)).map(|s| RecordKey::new(RecordKind::Household, s.record.meta.id)));
        out.extend(self.live::<EnteredFigures>().filter(|s| after(s.saved_at)).map(|s| RecordKey::new(RecordKind::Figures, s.record.meta.id)));
        out.extend(self.live::<Report>().filter(|s| after(s.saved_at)).map(|s| RecordKey::new(RecordKind::Report, s.record.meta.id)));
        out.extend(self.tombstones.values().filter(|t| after(Some(t.deleted_at))).map(|t| RecordKey::new(rk(t.kind), t.id)));
        out.sort();
        out
    }

    pub fn bundle_for(&self, plan: &Plan, keys: &[RecordKey], o: &ExportOptions) -> Bundle {
        let mut b = Bundle {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            bundle_id: o.bundle_id,
            plan: PlanRef { id: plan.id.clone(), version: plan.version.clone() },
            device_id: o.device_id.clone(),
            exported_at: o.exported_at,
            org_unit: o.org_unit.clone(),
            since: None,
            households: vec![],
            figures: vec![],
            reports: vec![],
            tombstones: vec![],
            lineage: vec![],
            conflicts: vec![],
        };
        for k in keys {
            if let Some(t) = self.tombstones.get(&k.id) {
                b.tombstones.push(Tombstone { kind: k.kind, id: t.id, deleted_at: t.deleted_at });
                continue;
            }
            match k.kind {
                RecordKind::Household => b.households.extend(self.households.get(&k.id).map(|s| s.record.clone())),
                RecordKind::Figures => b.figures.extend(self.figures.get(&k.id).map(|s| s.record.clone())),
                RecordKind::Report => b.reports.extend(self.reports.get(&k.id).map(|s| s.record.to_record())),
            }
        }
        b
    }

    pub fn mark_channel(&mut self, ch: Channel, at: DateTime<Utc>) -> Result<(), StoreError> {
        match ch {
            Channel::File => self.mark_exported(at).map(|_| ()),
            Channel::Outbox => {
                let raw = serde_json::to_string(&at).map_err(|e| StoreError::Encode { key: OUTBOX_KEY.into(), reason: e.to_string() })?;
                Ok(self.kv.set(OUTBOX_KEY, &raw)?)
            }
        }
    }
}
