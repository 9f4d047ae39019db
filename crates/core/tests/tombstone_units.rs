//! Tombstones carry the org unit of the record they delete, so a commune's bundle carries only
//! that commune's deletions; tombstones without a unit (made before, or of records without
//! one) still go with every bundle, and bundles written before still import.

mod bundle_support;

use std::collections::BTreeSet;

use ansinh_core::domain::survey::Household;
use ansinh_core::sync::bundle::{
    parse_bundle, Bundle, ExportOptions, ExportScope, ImportError, Limits, LocalState, RecordKey, RecordKind, Tombstone,
};
use ansinh_core::sync::store::{tombstone_key, KeyValue, MemoryKv, RecordStore};
use bundle_support::*;
use proptest::prelude::*;
use uuid::Uuid;

/// Household `n` of Đắk Kôi, or of the town Đắk Rve when `town`.
fn household_in(n: u128, town: bool) -> Household {
    let mut h = household(n, 1, 100);
    if town {
        h.commune_id = "dak-rve".into();
        h.village_id = "dak-rve-tdp-1".into();
    }
    h
}

fn options(unit: &str, minute: i64) -> ExportOptions {
    ExportOptions {
        bundle_id: Uuid::from_u128(0x70b0_0000 + minute as u128),
        device_id: "tablet".into(),
        exported_at: t(minute),
        org_unit: unit.into(),
        scope: ExportScope::All,
    }
}

fn deleted(b: &Bundle) -> BTreeSet<Uuid> {
    b.tombstones.iter().map(|t| t.id).collect()
}

fn ids(ns: &[u128]) -> BTreeSet<Uuid> {
    ns.iter().map(|&n| id(n)).collect()
}

/// A bundle of the whole district carrying one tombstone as a build before units wrote it.
fn old_bundle_text() -> String {
    let mut state = LocalState::new();
    state.save_household(household_in(9, false));
    let mut b = export(&mut state, 1, "old", 2, ExportScope::All);
    b.households.clear();
    b.tombstones.push(Tombstone { kind: RecordKind::Household, id: id(9), deleted_at: t(3), org_unit_id: None });
    let text = b.to_json(false);
    assert!(
        text.contains(r#""tombstones":[{"deleted_at":"2025-10-01T00:03:00Z","id":"#) && !text.contains("org_unit_id")
    );
    text
}

#[test]
fn a_communes_bundle_carries_its_own_deletions_and_those_without_a_unit() {
    let mut state = LocalState::new();
    for (n, town) in [(1, false), (2, false), (3, true)] {
        state.save_household(household_in(n, town));
    }
    state.save_figures(figures(4, 1, 3));
    parse_bundle(old_bundle_text().as_bytes(), plan(), &Limits::default())
        .map(|b| ansinh_core::sync::bundle::merge(&mut state, &b))
        .unwrap();
    state.delete(RecordKind::Household, id(1), t(5)).unwrap();
    state.delete(RecordKind::Household, id(3), t(5)).unwrap();
    state.delete(RecordKind::Figures, id(4), t(5)).unwrap();

    let unit = |n: u128, kind| state.tombstones()[&RecordKey::new(kind, id(n))].org_unit_id.clone();
    assert_eq!(unit(1, RecordKind::Household).as_deref(), Some("dak-koi"));
    assert_eq!(unit(3, RecordKind::Household).as_deref(), Some("dak-rve"));
    assert_eq!(unit(4, RecordKind::Figures).as_deref(), Some("dak-koi"));
    assert_eq!(unit(9, RecordKind::Household), None);

    let koi = state.clone().export(plan(), &options("dak-koi", 10));
    assert_eq!(deleted(&koi), ids(&[1, 4, 9]));
    let rve = state.clone().export(plan(), &options("dak-rve", 10));
    assert_eq!(deleted(&rve), ids(&[3, 9]));
    let all = state.clone().export(plan(), &options("kon-ray", 10));
    assert_eq!(deleted(&all), ids(&[1, 3, 4, 9]));
    // Each imports where it is meant to go.
    for b in [&koi, &rve, &all] {
        parse_bundle(b.to_json(true).as_bytes(), plan(), &Limits::default()).unwrap();
    }
}

#[test]
fn the_store_records_the_unit_and_keeps_reading_tombstones_without_one() {
    let mut kv = MemoryKv::new();
    // A tombstone entry as the previous build wrote it.
    kv.set(
        &tombstone_key(id(9)),
        r#"{"kind":"household","id":"5eed0000-0000-4000-8000-000000000009","deleted_at":"2025-10-01T00:20:00Z"}"#,
    )
    .unwrap();
    let (mut s, _) = RecordStore::open(kv, t(0)).unwrap();
    for (n, town) in [(1, false), (3, true)] {
        s.save(&household_in(n, town), None, t(1)).unwrap();
        s.delete(RecordKind::Household, id(n), t(2)).unwrap();
    }
    let units: Vec<(Uuid, Option<String>)> = s.tombstones().map(|t| (t.id, t.org_unit_id.clone())).collect();
    assert_eq!(units, [(id(1), Some("dak-koi".to_string())), (id(3), Some("dak-rve".to_string())), (id(9), None)]);
    let raw = s.kv().get(&tombstone_key(id(3))).unwrap().unwrap();
    assert!(raw.contains(r#""org_unit_id":"dak-rve""#), "{raw}");

    // Reopened from the backend: the same units.
    let (again, _) = RecordStore::open(s.kv().clone(), t(3)).unwrap();
    assert_eq!(again.tombstones().map(|t| (t.id, t.org_unit_id.clone())).collect::<Vec<_>>(), units);

    let keys = s.record_keys();
    assert_eq!(keys.len(), 3);
    assert_eq!(deleted(&s.bundle_for(plan(), &keys, &options("dak-koi", 4))), ids(&[1, 9]));
    assert_eq!(deleted(&s.bundle_for(plan(), &keys, &options("dak-rve", 4))), ids(&[3, 9]));
    let all = s.bundle_for(plan(), &keys, &options("kon-ray", 4));
    assert_eq!(deleted(&all), ids(&[1, 3, 9]));

    // Through a file into another tablet, the unit travels with the deletion.
    let mut other = RecordStore::open(MemoryKv::new(), t(0)).unwrap().0;
    other.import_bundle(all.to_json(false).as_bytes(), plan(), &Limits::default(), t(5)).unwrap();
    let received: Vec<(Uuid, Option<String>)> = other.tombstones().map(|t| (t.id, t.org_unit_id.clone())).collect();
    assert_eq!(received, units);
}

#[test]
fn old_bundles_import_and_a_tombstones_unit_is_checked() {
    let old = old_bundle_text();
    let mut s = RecordStore::open(MemoryKv::new(), t(0)).unwrap().0;
    let report = s.import_bundle(old.as_bytes(), plan(), &Limits::default(), t(1)).unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(s.tombstones().next().unwrap().org_unit_id, None);

    let with_unit = |unit: &str, scope: &str| {
        old.replace(r#""org_unit":"kon-ray""#, &format!(r#""org_unit":"{scope}""#)).replace(
            r#""deleted_at":"2025-10-01T00:03:00Z","#,
            &format!(r#""deleted_at":"2025-10-01T00:03:00Z","org_unit_id":"{unit}","#),
        )
    };
    let parsed = parse_bundle(with_unit("dak-rve", "kon-ray").as_bytes(), plan(), &Limits::default()).unwrap();
    assert_eq!(parsed.tombstones[0].org_unit_id.as_deref(), Some("dak-rve"));
    let problem = |text: String| match parse_bundle(text.as_bytes(), plan(), &Limits::default()) {
        Err(ImportError::Invalid(p)) => p[0].message(ansinh_core::i18n::Lang::Vi),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        problem(with_unit("xa-khong-co", "kon-ray")),
        "tombstones[0].org_unit_id: đơn vị “xa-khong-co” không có trong danh sách đơn vị hành chính của kế hoạch"
    );
    assert_eq!(
        problem(with_unit("dak-rve", "dak-koi")),
        "tombstones[0].org_unit_id: bản ghi của đơn vị “dak-rve” không thuộc phạm vi “dak-koi” của gói"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whatever was saved and deleted where, a commune's bundle carries exactly the tombstones
    /// of its own records plus those without a unit, and the district's carries all of them.
    #[test]
    fn each_commune_gets_exactly_its_deletions(
        records in prop::collection::vec((any::<bool>(), any::<bool>(), any::<bool>()), 1..12),
    ) {
        let mut state = LocalState::new();
        let mut expected_koi = BTreeSet::new();
        let mut expected_rve = BTreeSet::new();
        let mut old = Vec::new();
        for (i, &(town, delete, unitless)) in records.iter().enumerate() {
            let n = i as u128 + 1;
            let mut h = household_in(n, town);
            if unitless {
                h.commune_id.clear();
            }
            state.save_household(h);
            if delete {
                state.delete(RecordKind::Household, id(n), t(5)).unwrap();
                if unitless {
                    old.push(id(n));
                } else if town {
                    expected_rve.insert(id(n));
                } else {
                    expected_koi.insert(id(n));
                }
            }
        }
        let all: BTreeSet<Uuid> = expected_koi.iter().chain(&expected_rve).chain(&old).copied().collect();
        expected_koi.extend(old.iter().copied());
        expected_rve.extend(old.iter().copied());
        prop_assert_eq!(deleted(&state.clone().export(plan(), &options("dak-koi", 9))), expected_koi);
        prop_assert_eq!(deleted(&state.clone().export(plan(), &options("dak-rve", 9))), expected_rve);
        prop_assert_eq!(deleted(&state.clone().export(plan(), &options("kon-ray", 9))), all);
    }
}
