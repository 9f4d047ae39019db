//! The record store over an in-memory backend: per-record cost, quota, corrupt and foreign
//! entries, migration from the v1 fixture, revisions (two tabs), tombstones and export.

use std::collections::BTreeMap;

use ansinh_core::domain::survey::{Dataset, EnteredFigures, Household};
use ansinh_core::sync::bundle::{RecordKey, RecordKind};
use ansinh_core::sync::store::{
    record_key, tombstone_key, Channel, Counting, DatasetRevs, EntryIssue, KeyValue, MemoryKv, RecordStore, StoreError,
    EXPORT_KEY, SCHEMA_KEY, SCHEMA_VERSION,
};
use ansinh_core::synth;
use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 7, 0, 0).unwrap()
}

fn filled(n: usize) -> (RecordStore<Counting<MemoryKv>>, Vec<Household>) {
    let d = synth::district(n, 11);
    let (mut s, _) = RecordStore::open(Counting::new(MemoryKv::new()), t0()).unwrap();
    for h in &d.households {
        s.save(h, None, t0()).unwrap();
    }
    (s, d.households)
}

#[test]
fn saving_one_record_costs_the_same_with_10_or_2000_households() {
    let mut costs = Vec::new();
    for n in [10, 2000] {
        let (mut s, _) = filled(n);
        // The same record in both stores, so only the store's size differs.
        let mut h = synth::district(1, 99).households.remove(0);
        s.save(&h, None, t0()).unwrap();
        h.members[0].name = "Nguyễn Văn An".into();
        s.kv_mut().reset();
        s.save(&h, Some(1), t0() + Duration::seconds(5)).unwrap();
        let st = s.kv().stats();
        costs.push((st.reads, st.writes, st.removes, st.enumerations, st.units_written));
    }
    assert_eq!(costs[0], costs[1], "10 vs 2000 households: (reads, writes, removes, enumerations, units)");
    let (reads, writes, removes, enumerations, units) = costs[0];
    assert_eq!((reads, writes, removes, enumerations), (2, 1, 0, 0));
    assert!(units < 600, "one household costs {units} units");
}

#[test]
fn round_trip_of_each_kind_through_a_reopened_store() {
    let d = synth::district(5, 2);
    let (mut s, _) = RecordStore::open(MemoryKv::new(), t0()).unwrap();
    for h in &d.households {
        assert_eq!(s.save(h, None, t0()).unwrap(), 1);
    }
    for f in &d.figures {
        s.save(f, None, t0()).unwrap();
    }
    s.delete(RecordKind::Household, d.households[0].meta.id, t0()).unwrap();
    let (again, report) = RecordStore::open(s.kv().clone(), t0()).unwrap();
    assert_eq!((report.from_version, report.migrated), (SCHEMA_VERSION, 0));
    assert!(again.bad_entries().is_empty());
    for h in &d.households {
        assert_eq!(&again.get::<Household>(h.meta.id).unwrap().record, h);
    }
    for f in &d.figures {
        assert_eq!(&again.get::<EnteredFigures>(f.meta.id).unwrap().record, f);
    }
    assert!(again.is_deleted(d.households[0].meta.id));
    assert_eq!(again.live::<Household>().count(), 4);
    // The engine's input: live records only, deleted ones left out.
    let ds = again.dataset();
    let mut expected: Vec<_> = d.households[1..].to_vec();
    expected.sort_by_key(|h| h.meta.id);
    assert_eq!(ds.households, expected);
    assert_eq!(ds.figures.len(), d.figures.len());
    assert_eq!(again.tombstones().count(), 1);
}

#[test]
fn a_full_quota_refuses_the_write_and_keeps_the_last_saved_version() {
    let mut d = synth::district(3, 5).households;
    let (mut s, _) = RecordStore::open(MemoryKv::with_quota(4_000), t0()).unwrap();
    s.save(&d[0], None, t0()).unwrap();
    let before = s.kv().get(&record_key(RecordKind::Household, d[0].meta.id)).unwrap();
    d[0].members[0].name = "x".repeat(20_000);
    match s.save(&d[0], Some(1), t0()) {
        Err(StoreError::Quota { key }) => assert_eq!(key, record_key(RecordKind::Household, d[0].meta.id)),
        other => panic!("expected Quota, got {other:?}"),
    }
    assert_eq!(s.kv().get(&record_key(RecordKind::Household, d[0].meta.id)).unwrap(), before);
    assert_ne!(s.get::<Household>(d[0].meta.id).unwrap().record.members[0].name, d[0].members[0].name);
    assert_eq!(s.get::<Household>(d[0].meta.id).unwrap().rev, 1);
    // The next save still works from the kept revision once there is room.
    d[0].members[0].name = "Y Lan".into();
    assert_eq!(s.save(&d[0], Some(1), t0()).unwrap(), 2);
}

#[test]
fn corrupt_and_foreign_entries_are_reported_and_the_rest_loads() {
    let (s, hs) = filled(4);
    let mut kv = s.kv().inner.clone();
    kv.set(&record_key(RecordKind::Household, hs[1].meta.id), "{not json").unwrap();
    kv.set(&record_key(RecordKind::Household, hs[2].meta.id), "9future-format").unwrap();
    kv.set("ansinh/v1/household/not-a-uuid", "{}").unwrap();
    kv.set("ansinh/v1/reports/x", "draft").unwrap();
    kv.set("ansinh/v7/household/x", "?").unwrap();
    kv.set("another-app", "ignored").unwrap();
    let (mut s, _) = RecordStore::open(kv, t0()).unwrap();
    assert_eq!(s.live::<Household>().count(), 2);
    let bad: Vec<(&str, bool)> =
        s.bad_entries().iter().map(|b| (b.key.as_str(), matches!(b.issue, EntryIssue::Corrupt(_)))).collect();
    assert_eq!(bad.len(), 5, "{bad:?}");
    assert!(bad.contains(&(record_key(RecordKind::Household, hs[1].meta.id).as_str(), true)));
    assert!(bad.contains(&(record_key(RecordKind::Household, hs[2].meta.id).as_str(), false)));
    assert!(bad.contains(&("ansinh/v7/household/x", false)));
    let raw = s.bad_entries_json();
    assert!(raw.contains("{not json") && raw.contains("9future-format"));
    // Nothing was written over them; removing one is explicit.
    assert_eq!(s.kv().get("ansinh/v1/reports/x").unwrap().as_deref(), Some("draft"));
    s.remove_bad("ansinh/v1/reports/x").unwrap();
    assert_eq!(s.kv().get("ansinh/v1/reports/x").unwrap(), None);
    assert_eq!(s.bad_entries().len(), 4);
    // A corrupt record is never overwritten by a save either.
    assert!(matches!(s.save(&hs[1], Some(1), t0()), Err(StoreError::Unreadable { .. })));
}

#[test]
fn migrates_the_v1_fixture_and_keeps_every_record() {
    let fixture: std::collections::BTreeMap<String, String> =
        serde_json::from_str(include_str!("fixtures/store-v1.json")).unwrap();
    let mut kv = MemoryKv::new();
    for (k, v) in &fixture {
        kv.set(k, v).unwrap();
    }
    let (s, report) = RecordStore::open(kv, t0()).unwrap();
    assert_eq!((report.from_version, report.migrated, report.migration_error.clone()), (1, 4, None));
    assert_eq!(s.kv().get(SCHEMA_KEY).unwrap().as_deref(), Some("3"));
    assert!(s.bad_entries().is_empty());
    for (k, v) in &fixture {
        let stored = s.kv().get(k).unwrap().unwrap();
        if k.contains("/household/") {
            let h: Household = serde_json::from_str(v).unwrap();
            assert_eq!(s.get::<Household>(h.meta.id).unwrap().record, h);
            assert!(stored.starts_with('3') && stored.len() < v.len(), "{k} is re-encoded");
        } else if k.contains("/figures/") {
            let f: EnteredFigures = serde_json::from_str(v).unwrap();
            assert_eq!(s.get::<EnteredFigures>(f.meta.id).unwrap().record, f);
        } else {
            assert_eq!(&stored, v, "settings are not the store's");
        }
    }
    let heads: Vec<String> = s.live::<Household>().filter_map(|h| h.record.head().map(|m| m.name.clone())).collect();
    assert_eq!(heads.len(), 3);
    // Migrated records have not been exported yet.
    assert_eq!(s.changed_count(Channel::File), 4);
    let (_, again) = RecordStore::open(s.kv().clone(), t0()).unwrap();
    assert_eq!((again.from_version, again.migrated), (3, 0));
}

#[test]
fn a_store_written_by_a_newer_app_is_read_but_never_written() {
    let (s, hs) = filled(2);
    let mut kv = s.kv().inner.clone();
    kv.set(SCHEMA_KEY, "4").unwrap();
    let (mut s, report) = RecordStore::open(kv, t0()).unwrap();
    assert_eq!(report.newer_schema, Some(4));
    assert_eq!(s.live::<Household>().count(), 2);
    assert!(matches!(s.save(&hs[0], Some(1), t0()), Err(StoreError::ReadOnly(4))));
}

#[test]
fn a_stale_edit_from_another_tab_is_refused_not_written() {
    let (tab_a, hs) = filled(2);
    let kv = tab_a.kv().inner.clone();
    // Two tabs share one backend: simulate with two stores over clones, syncing by copying.
    let (mut a, _) = RecordStore::open(kv.clone(), t0()).unwrap();
    let (mut b, _) = RecordStore::open(kv, t0()).unwrap();
    let mut in_a = hs[0].clone();
    in_a.members[0].name = "Sửa ở thẻ A".into();
    assert_eq!(a.save(&in_a, Some(1), t0()).unwrap(), 2);
    // Tab B still edits from revision 1; it sees tab A's write through the shared backend.
    *b.kv_mut() = a.kv().clone();
    let mut in_b = hs[0].clone();
    in_b.members[0].name = "Sửa ở thẻ B".into();
    match b.save(&in_b, Some(1), t0()) {
        Err(StoreError::Conflict { stored, base, .. }) => assert_eq!((stored, base), (Some(2), Some(1))),
        other => panic!("expected Conflict, got {other:?}"),
    }
    // B refreshes the key (the storage event) and learns the newer version.
    let key = record_key(RecordKind::Household, hs[0].meta.id);
    assert_eq!(b.refresh(Some(&key)).unwrap(), Some((RecordKind::Household, hs[0].meta.id)));
    let newer = b.get::<Household>(hs[0].meta.id).unwrap();
    assert_eq!((newer.rev, newer.record.members[0].name.as_str()), (2, "Sửa ở thẻ A"));
    assert_eq!(b.save(&in_b, Some(2), t0()).unwrap(), 3);
    // A record saved as new twice (two tabs creating the same id) conflicts too.
    assert!(matches!(b.save(&hs[1], None, t0()), Err(StoreError::Conflict { stored: Some(1), base: None, .. })));
}

#[test]
fn delete_keeps_a_tombstone_and_can_be_undone_until_exported() {
    let (mut s, hs) = filled(3);
    let id = hs[0].meta.id;
    s.delete(RecordKind::Household, id, t0() + Duration::minutes(1)).unwrap();
    assert!(s.is_deleted(id));
    assert_eq!(s.live::<Household>().count(), 2);
    assert!(s.kv().get(&tombstone_key(id)).unwrap().unwrap().contains("\"kind\":\"household\""));
    assert!(matches!(s.save(&hs[0], Some(1), t0()), Err(StoreError::Deleted { .. })));
    s.undo_delete(id, t0() + Duration::minutes(1)).unwrap();
    assert!(!s.is_deleted(id) && s.kv().get(&tombstone_key(id)).unwrap().is_none());
    assert_eq!(s.live::<Household>().count(), 3);

    s.delete(RecordKind::Household, id, t0() + Duration::minutes(2)).unwrap();
    assert_eq!(s.changed_count(Channel::File), 3, "2 live records and 1 deletion, nothing exported");
    assert_eq!((s.live::<Household>().count(), s.tombstones().count()), (2, 1));
    s.mark_delivered(t0() + Duration::minutes(3)).unwrap();
    assert_eq!(s.changed_count(Channel::File), 0);
    assert!(s.kv().get(&record_key(RecordKind::Household, id)).unwrap().is_some(), "a file export purges nothing");
    // Only the district's acknowledgement of the deletion lets the body go.
    let key = RecordKey::new(RecordKind::Household, id);
    assert_eq!(s.purge_acknowledged(&[key], t0() + Duration::minutes(1)).unwrap(), 0, "sent before the deletion");
    assert_eq!(s.purge_acknowledged(&[key], t0() + Duration::minutes(3)).unwrap(), 1);
    assert!(
        s.kv().get(&record_key(RecordKind::Household, id)).unwrap().is_none(),
        "body removed after acknowledgement"
    );
    assert!(s.kv().get(&tombstone_key(id)).unwrap().is_some(), "tombstone kept for sync");
    assert!(matches!(s.undo_delete(id, t0() + Duration::minutes(5)), Err(StoreError::NotFound { .. })));
    assert!(s.kv().get(EXPORT_KEY).unwrap().is_some());
    // A later edit counts as not exported again.
    let mut h = hs[1].clone();
    h.members[0].name = "Mới sửa".into();
    s.save(&h, Some(1), t0() + Duration::minutes(4)).unwrap();
    assert_eq!(s.changed_count(Channel::File), 1);
    let (reopened, _) = RecordStore::open(s.kv().clone(), t0()).unwrap();
    assert_eq!(reopened.changed_count(Channel::File), 1);
    assert_eq!(reopened.last_export(), Some(t0() + Duration::minutes(3)));
}

#[test]
fn refresh_follows_removals_and_a_cleared_storage() {
    let (mut s, hs) = filled(3);
    let key = record_key(RecordKind::Household, hs[0].meta.id);
    s.kv_mut().inner.remove(&key).unwrap();
    assert_eq!(s.refresh(Some(&key)).unwrap(), Some((RecordKind::Household, hs[0].meta.id)));
    assert!(s.get::<Household>(hs[0].meta.id).is_none());
    s.kv_mut().inner = MemoryKv::new();
    assert_eq!(s.refresh(None).unwrap(), None);
    assert_eq!(s.live::<Household>().count(), 0);
}

#[test]
fn usage_counts_utf16_units_of_keys_and_values() {
    let (s, _) = filled(2);
    let u = s.usage().unwrap();
    assert_eq!(u.all, s.kv().inner.used());
    assert_eq!(u.ours, u.all);
    assert!(u.all > 200);
}

#[test]
fn sync_dataset_moves_unchanged_records_and_clones_only_the_changed_ones() {
    let (mut s, hs) = filled(20);
    let mut ds = Dataset::default();
    let mut revs = DatasetRevs::default();
    s.sync_dataset(&mut ds, &mut revs);
    assert_eq!(ds, s.dataset());
    assert_eq!(ds.households.len(), 20);
    // Where each record's village id lives: a moved record keeps its allocation, a clone does not.
    let addresses = |ds: &Dataset| -> BTreeMap<Uuid, usize> {
        ds.households.iter().map(|h| (h.meta.id, h.village_id.as_ptr() as usize)).collect()
    };
    let before = addresses(&ds);

    let (edited_id, deleted_id) = (hs[3].meta.id, hs[5].meta.id);
    let mut edited = hs[3].clone();
    edited.members[0].name = "Đã sửa".into();
    s.save(&edited, Some(1), t0() + Duration::seconds(5)).unwrap();
    s.delete(RecordKind::Household, deleted_id, t0() + Duration::seconds(6)).unwrap();
    let added = synth::district(1, 77).households.remove(0);
    s.save(&added, None, t0() + Duration::seconds(7)).unwrap();

    s.sync_dataset(&mut ds, &mut revs);
    assert_eq!(ds, s.dataset(), "the same records, in the same order, as a fresh dataset");
    assert_eq!(ds.households.len(), 20);
    let after = addresses(&ds);
    let moved = hs.iter().map(|h| h.meta.id).filter(|id| before.contains_key(id) && before.get(id) == after.get(id));
    assert_eq!(moved.count(), 18, "every record but the edited and the deleted one is moved, not cloned");
    let mine = ds.households.iter().find(|h| h.meta.id == edited_id).unwrap();
    assert_eq!(mine.members[0].name, "Đã sửa");
    assert!(!ds.households.iter().any(|h| h.meta.id == deleted_id));
    assert!(ds.households.iter().any(|h| h.meta.id == added.meta.id));

    // A dataset the revisions do not describe (the dashboard's demo data) is rebuilt in full.
    let mut demo = synth::district(5, 3);
    s.sync_dataset(&mut demo, &mut revs);
    assert_eq!(demo, s.dataset());
}
