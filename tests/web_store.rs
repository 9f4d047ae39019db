//! Browser tier: the record store over Chromium's real localStorage (`LocalKv`): round trips
//! of each record kind, the cost of one save with few or many records, a full quota, corrupt
//! entries, migration from the v1 fixture, and tombstones.
//!
//! Each test starts from an empty origin (`reset`), since the tests share one origin.
#![cfg(target_arch = "wasm32")]

use ansinh_app::storage::LocalKv;
use ansinh_core::domain::survey::{EnteredFigures, Household};
use ansinh_core::sync::bundle::RecordKind;
use ansinh_core::sync::store::{
    record_key, tombstone_key, Channel, Counting, EntryIssue, KeyValue, RecordStore, StoreError, SCHEMA_KEY,
};
use ansinh_core::synth;
use chrono::{DateTime, Duration, TimeZone, Utc};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn reset() {
    local().clear().unwrap();
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 7, 0, 0).unwrap()
}

#[wasm_bindgen_test]
fn each_kind_round_trips_through_local_storage() {
    reset();
    let d = synth::district(6, 21);
    let (mut s, report) = RecordStore::open(LocalKv, t0()).unwrap();
    assert_eq!(report.migrated, 0);
    for h in &d.households {
        s.save(h, None, t0()).unwrap();
    }
    for f in &d.figures {
        s.save(f, None, t0()).unwrap();
    }
    s.delete(RecordKind::Household, d.households[1].meta.id, t0()).unwrap();
    // What the browser holds is compact (v3: v2 with sync metadata), under the per-record keys.
    let raw = local().get_item(&record_key(RecordKind::Household, d.households[0].meta.id)).unwrap().unwrap();
    assert!(raw.starts_with('3'));
    assert!(raw.encode_utf16().count() < serde_json::to_string(&d.households[0]).unwrap().len() / 3);

    let (again, _) = RecordStore::open(LocalKv, t0()).unwrap();
    assert!(again.bad_entries().is_empty());
    for h in &d.households {
        assert_eq!(&again.get::<Household>(h.meta.id).unwrap().record, h);
    }
    for f in &d.figures {
        assert_eq!(&again.get::<EnteredFigures>(f.meta.id).unwrap().record, f);
    }
    assert!(again.is_deleted(d.households[1].meta.id));
    assert_eq!(again.live::<Household>().count(), 5);
    reset();
}

fn cost_of_one_save(stored: usize) -> (usize, usize, usize, usize, usize) {
    reset();
    let (mut s, _) = RecordStore::open(Counting::new(LocalKv), t0()).unwrap();
    for h in synth::district(stored, 5).households {
        s.save(&h, None, t0()).unwrap();
    }
    let mut probe = synth::district(1, 77).households.remove(0);
    s.save(&probe, None, t0()).unwrap();
    probe.members[0].name = "Nguyễn Thị Hoa".into();
    s.kv_mut().reset();
    s.save(&probe, Some(1), t0()).unwrap();
    let st = s.kv().stats();
    (st.reads, st.writes, st.removes, st.enumerations, st.units_written)
}

#[wasm_bindgen_test]
fn one_save_costs_the_same_with_10_or_1500_households_stored() {
    let small = cost_of_one_save(10);
    let large = cost_of_one_save(1500);
    assert_eq!(small, large, "(reads, writes, removes, enumerations, units written)");
    assert_eq!(
        (small.0, small.1, small.2, small.3),
        (2, 1, 0, 0),
        "one record key read and written, one tombstone check"
    );
    reset();
}

#[wasm_bindgen_test]
fn a_full_quota_is_reported_and_nothing_is_lost() {
    reset();
    let mut h = synth::district(1, 8).households.remove(0);
    let (mut s, _) = RecordStore::open(LocalKv, t0()).unwrap();
    s.save(&h, None, t0()).unwrap();
    let key = record_key(RecordKind::Household, h.meta.id);
    let before = local().get_item(&key).unwrap().unwrap();

    // Fill the origin until the browser refuses even small entries.
    let mut size = 1 << 20;
    let mut i = 0;
    while size >= 64 {
        if local().set_item(&format!("filler/{i}"), &"x".repeat(size)).is_ok() {
            i += 1;
        } else {
            size /= 2;
        }
    }
    h.members[0].name = "Một cái tên rất dài ".repeat(50);
    let result = s.save(&h, Some(1), t0() + Duration::seconds(1));
    let still = local().get_item(&key).unwrap().unwrap();
    let reopened = RecordStore::open(LocalKv, t0()).map(|(s, _)| s.get::<Household>(h.meta.id).cloned());
    for j in 0..i {
        local().remove_item(&format!("filler/{j}")).unwrap();
    }
    match result {
        Err(StoreError::Quota { key: k }) => assert_eq!(k, key),
        other => panic!("expected Quota, got {other:?}"),
    }
    assert_eq!(still, before, "the stored entry is the last saved one");
    let kept = reopened.unwrap().unwrap();
    assert_eq!(kept.rev, 1);
    assert_ne!(kept.record.members[0].name, h.members[0].name);
    // With room again, the same edit saves from the kept revision.
    assert_eq!(s.save(&h, Some(1), t0()).unwrap(), 2);
    reset();
}

#[wasm_bindgen_test]
fn a_corrupt_entry_is_skipped_and_reported_and_the_rest_loads() {
    reset();
    let d = synth::district(3, 9);
    let (mut s, _) = RecordStore::open(LocalKv, t0()).unwrap();
    for h in &d.households {
        s.save(h, None, t0()).unwrap();
    }
    let broken = record_key(RecordKind::Household, d.households[0].meta.id);
    local().set_item(&broken, "{\"meta\": broken").unwrap();
    local().set_item("ansinh/v1/figures/00000000-0000-4000-8000-000000000000", "7from-the-future").unwrap();
    let (s, _) = RecordStore::open(LocalKv, t0()).unwrap();
    assert_eq!(s.live::<Household>().count(), 2);
    let bad = s.bad_entries();
    assert_eq!(bad.len(), 2);
    assert!(bad.iter().any(|b| b.key == broken && matches!(b.issue, EntryIssue::Corrupt(_))));
    assert!(bad.iter().any(|b| b.raw == "7from-the-future" && matches!(b.issue, EntryIssue::Foreign(_))));
    assert!(s.bad_entries_json().contains("{\\\"meta\\\": broken"));
    // Left as it was until the user removes it.
    assert_eq!(local().get_item(&broken).unwrap().as_deref(), Some("{\"meta\": broken"));
    reset();
}

#[wasm_bindgen_test]
fn migrates_the_first_version_fixture() {
    reset();
    let fixture: std::collections::BTreeMap<String, String> =
        serde_json::from_str(include_str!("../crates/core/tests/fixtures/store-v1.json")).unwrap();
    for (k, v) in &fixture {
        local().set_item(k, v).unwrap();
    }
    let (s, report) = RecordStore::open(LocalKv, t0()).unwrap();
    assert_eq!((report.from_version, report.migrated, report.migration_error), (1, 4, None));
    assert_eq!(local().get_item(SCHEMA_KEY).unwrap().as_deref(), Some("3"));
    for (k, v) in &fixture {
        let now = local().get_item(k).unwrap().unwrap();
        if k.contains("/household/") {
            let h: Household = serde_json::from_str(v).unwrap();
            assert_eq!(s.get::<Household>(h.meta.id).unwrap().record, h);
            assert!(now.starts_with('3'));
        } else if k.ends_with("settings/lang") {
            assert_eq!(&now, v);
        }
    }
    assert_eq!(s.live::<Household>().count(), 3);
    assert_eq!(s.live::<EnteredFigures>().count(), 1);
    reset();
}

#[wasm_bindgen_test]
fn delete_writes_a_tombstone_that_undo_and_export_respect() {
    reset();
    let d = synth::district(2, 4);
    let (mut s, _) = RecordStore::open(LocalKv, t0()).unwrap();
    for h in &d.households {
        s.save(h, None, t0()).unwrap();
    }
    let id = d.households[0].meta.id;
    s.delete(RecordKind::Household, id, t0() + Duration::minutes(1)).unwrap();
    let t = local().get_item(&tombstone_key(id)).unwrap().unwrap();
    assert!(t.contains("\"kind\":\"household\"") && t.contains(&id.to_string()), "{t}");
    s.undo_delete(id, t0() + Duration::minutes(1)).unwrap();
    assert!(local().get_item(&tombstone_key(id)).unwrap().is_none());
    s.delete(RecordKind::Household, id, t0() + Duration::minutes(2)).unwrap();
    s.mark_delivered(t0() + Duration::minutes(3)).unwrap();
    assert!(
        local().get_item(&record_key(RecordKind::Household, id)).unwrap().is_some(),
        "a file export purges nothing"
    );
    let key = ansinh_core::sync::bundle::RecordKey::new(ansinh_core::sync::bundle::RecordKind::Household, id);
    assert_eq!(s.purge_acknowledged(&[key], t0() + Duration::minutes(3)).unwrap(), 1);
    assert!(local().get_item(&record_key(RecordKind::Household, id)).unwrap().is_none());
    assert!(local().get_item(&tombstone_key(id)).unwrap().is_some());
    let (again, _) = RecordStore::open(LocalKv, t0()).unwrap();
    assert_eq!(again.changed_count(Channel::File), 0);
    assert!(again.is_deleted(id));
    reset();
}

#[wasm_bindgen_test]
fn local_kv_reports_every_key_and_removes() {
    reset();
    let mut kv = LocalKv;
    kv.set("ansinh/v1/x", "1").unwrap();
    kv.set("other", "2").unwrap();
    let mut keys = kv.keys().unwrap();
    keys.sort();
    assert_eq!(keys, vec!["ansinh/v1/x".to_string(), "other".to_string()]);
    kv.remove("ansinh/v1/x").unwrap();
    assert_eq!(kv.get("ansinh/v1/x").unwrap(), None);
    reset();
}
