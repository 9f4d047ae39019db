//! Merge scenarios between tablets and the district: updates, conflicts, deletions, deltas.

mod bundle_support;

use ansinh_core::sync::bundle::{
    import, merge, Bundle, ExportOptions, ExportScope, Limits, LocalState, MergeReport, RecordKey, RecordKind,
    RecordVersion, ResolveError,
};
use bundle_support::*;
use chrono::TimeDelta;

const ALL: ExportScope = ExportScope::All;
const DELTA: ExportScope = ExportScope::ChangedSinceLastExport;

fn hh(n: u128) -> RecordKey {
    RecordKey::new(RecordKind::Household, id(n))
}

/// Sends everything `from` holds to `to` through the JSON text, as a USB stick would.
fn send(from: &mut LocalState, to: &mut LocalState, bundle: u128, minute: i64) -> MergeReport {
    let b = export(from, bundle, "sender", minute, ALL);
    import(to, b.to_json(false).as_bytes(), plan(), &Limits::default()).unwrap()
}

fn income(state: &LocalState, n: u128) -> Option<i64> {
    state.households().get(&id(n)).and_then(|h| h.income_per_person_vnd)
}

#[test]
fn new_records_are_added_and_a_second_import_changes_nothing() {
    let mut a = LocalState::new();
    a.save_household(household(1, 1, 100));
    a.save_figures(figures(2, 1, 3));
    a.save_report(report(3, 1, "Q4"));
    let b = export(&mut a, 1, "a", 10, ALL);
    let mut d = LocalState::new();
    let r = merge(&mut d, &b);
    assert_eq!((r.added, r.updated, r.conflicts, r.already_imported), (3, 0, 0, false));
    assert_eq!(view(&d), view(&a));
    let once = serde_json::to_string(&d).unwrap();

    let r = merge(&mut d, &b);
    assert!(r.already_imported);
    assert_eq!(serde_json::to_string(&d).unwrap(), once);
    assert!(d.imported_bundles().contains(&b.bundle_id));

    // The same content under another bundle id (exported again) changes no record either.
    let again = export(&mut a, 2, "a", 11, ALL);
    let r = merge(&mut d, &again);
    assert_eq!((r.unchanged, r.added, r.updated), (3, 0, 0));
    assert_eq!(view(&d), view(&a));
}

#[test]
fn a_newer_version_from_the_other_side_replaces_an_unchanged_one() {
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    a.save_household(household(1, 1, 100));
    send(&mut a, &mut b, 1, 2);
    b.save_household(household(1, 5, 200));
    let r = send(&mut b, &mut a, 2, 6);
    assert_eq!(r.updated, 1);
    assert_eq!(income(&a, 1), Some(200));
    assert!(a.conflicts().is_empty());

    // An old bundle arriving late does not bring the old version back.
    let old = export(&mut LocalState::new(), 3, "x", 0, ALL);
    merge(&mut a, &old);
    let mut stale = LocalState::new();
    stale.save_household(household(1, 1, 100));
    let r = send(&mut stale, &mut a, 4, 7);
    assert_eq!((r.kept_local, r.conflicts), (1, 0));
    assert_eq!(income(&a, 1), Some(200));
}

#[test]
fn edits_on_both_sides_since_they_last_agreed_are_kept_as_a_conflict() {
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    a.save_household(household(1, 1, 100));
    send(&mut a, &mut b, 1, 2);
    a.save_household(household(1, 10, 111));
    b.save_household(household(1, 12, 222));
    let ra = send(&mut b, &mut a, 2, 20);
    let rb = send(&mut a, &mut b, 3, 21);
    assert_eq!((ra.conflicts, rb.conflicts), (1, 1));
    assert_eq!(ra.conflict_keys, vec![hh(1)]);
    for s in [&a, &b] {
        let c = &s.conflicts()[&hh(1)];
        let incomes: Vec<_> = c
            .versions
            .iter()
            .map(|v| match v {
                RecordVersion::Household(h) => h.income_per_person_vnd,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(incomes, vec![Some(111), Some(222)]);
        // Both devices show the same provisional value: the later edit.
        assert_eq!(income(s, 1), Some(222));
    }
    assert_eq!(view(&a), view(&b));

    // Resolved on A in favour of A's own version; the choice reaches B and wins there.
    let stamp = a.resolve_conflict(hh(1), 0, t(30)).unwrap();
    assert_eq!(stamp, t(30));
    assert!(a.conflicts().is_empty());
    assert_eq!(income(&a, 1), Some(111));
    let r = send(&mut a, &mut b, 4, 31);
    assert_eq!(r.updated, 1);
    assert!(b.conflicts().is_empty());
    assert_eq!(view(&a), view(&b));

    assert_eq!(a.resolve_conflict(hh(1), 0, t(40)), Err(ResolveError::NoConflict { key: hh(1) }));
}

#[test]
fn the_district_keeps_concurrent_edits_from_two_tablets_in_either_order() {
    let mut district = LocalState::new();
    district.save_household(household(1, 1, 100));
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    send(&mut district, &mut a, 1, 2);
    send(&mut district, &mut b, 2, 2);
    a.save_household(household(1, 10, 111));
    b.save_household(household(1, 12, 222));
    let ba = export(&mut a, 3, "a", 20, ALL);
    let bb = export(&mut b, 4, "b", 20, ALL);

    let mut d1 = district.clone();
    merge(&mut d1, &ba);
    let r = merge(&mut d1, &bb);
    assert_eq!(r.conflicts, 1);
    let mut d2 = district.clone();
    merge(&mut d2, &bb);
    merge(&mut d2, &ba);
    assert_eq!(view(&d1), view(&d2));
    assert_eq!(d1.conflicts()[&hh(1)].versions.len(), 2);

    // A merge of the two tablet bundles alone (as `ansinh merge` does) keeps both too.
    let mut fresh = LocalState::new();
    merge(&mut fresh, &ba);
    merge(&mut fresh, &bb);
    assert_eq!(fresh.conflicts()[&hh(1)].versions.len(), 2);

    // A later edit on A made from the old version still conflicts: it descends from 111, not 222.
    a.save_household(household(1, 30, 333));
    let r = merge(&mut d1, &export(&mut a, 5, "a", 31, ALL));
    assert_eq!(r.conflicts, 1);
    let incomes: Vec<_> = d1.heads(&hh(1)).iter().map(|v| v.stamp()).collect();
    assert_eq!(incomes, vec![t(12), t(30)]);
}

#[test]
fn a_newer_tombstone_deletes_and_a_concurrent_edit_survives_as_a_conflict() {
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    a.save_household(household(1, 1, 100));
    a.save_household(household(2, 1, 100));
    send(&mut a, &mut b, 1, 2);

    assert_eq!(b.delete(RecordKind::Household, id(1), t(5)), Some(t(5)));
    assert_eq!(b.delete(RecordKind::Household, id(1), t(6)), None);
    assert_eq!(b.delete(RecordKind::Household, id(77), t(6)), None);
    let r = send(&mut b, &mut a, 2, 6);
    assert_eq!(r.deleted, 1);
    assert!(!a.households().contains_key(&id(1)));
    assert_eq!(a.tombstones()[&hh(1)].deleted_at, t(5));

    // Edit on A, deletion on B, of the same agreed version: neither is dropped.
    a.save_household(household(2, 10, 222));
    b.delete(RecordKind::Household, id(2), t(8));
    let r = send(&mut b, &mut a, 3, 11);
    assert_eq!(r.conflicts, 1);
    assert_eq!(income(&a, 2), Some(222), "the later edit is current until someone decides");
    let heads = a.heads(&hh(2));
    assert!(heads[0].is_tombstone() && !heads[1].is_tombstone());
    // Choosing the deletion deletes it on every device the choice reaches.
    a.resolve_conflict(hh(2), 0, t(12)).unwrap();
    assert!(!a.households().contains_key(&id(2)));
    send(&mut a, &mut b, 4, 13);
    assert_eq!(view(&a), view(&b));
    assert!(b.tombstones().contains_key(&hh(2)));
}

#[test]
fn a_tombstone_for_an_unknown_record_is_kept_so_the_record_cannot_come_back() {
    let mut a = LocalState::new();
    a.save_household(household(1, 1, 100));
    let original = export(&mut a, 1, "a", 2, ALL);
    a.delete(RecordKind::Household, id(1), t(3));
    let deletion = export(&mut a, 2, "a", 4, DELTA);
    assert_eq!((deletion.households.len(), deletion.tombstones.len()), (0, 1));

    let mut d = LocalState::new();
    assert_eq!(merge(&mut d, &deletion).added, 1);
    let r = merge(&mut d, &original);
    assert_eq!(r.kept_local, 1);
    assert!(d.households().is_empty());
}

#[test]
fn an_edit_after_a_deletion_brings_the_record_back_everywhere() {
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    a.save_household(household(1, 1, 100));
    a.delete(RecordKind::Household, id(1), t(2));
    send(&mut a, &mut b, 1, 3);
    a.save_household(household(1, 4, 150));
    let r = send(&mut a, &mut b, 2, 5);
    assert_eq!(r.updated, 1);
    assert_eq!(income(&b, 1), Some(150));
    assert!(b.tombstones().is_empty());
}

#[test]
fn delta_exports_carry_what_changed_here_since_the_last_export() {
    let mut a = LocalState::new();
    for n in 1..=5 {
        a.save_household(household(n, 1, 100));
    }
    let full = export(&mut a, 1, "a", 10, ALL);
    assert_eq!((full.households.len(), full.since), (5, None));
    let empty = export(&mut a, 2, "a", 11, DELTA);
    assert_eq!(empty.since, Some(t(10)));
    assert!(empty.households.is_empty() && empty.tombstones.is_empty());

    a.save_household(household(2, 12, 200));
    a.delete(RecordKind::Household, id(3), t(12));
    // Records received from elsewhere count as changes here, whatever their own age.
    let mut other = LocalState::new();
    other.save_household(household(9, 0, 900));
    send(&mut other, &mut a, 3, 1);
    let delta = export(&mut a, 4, "a", 13, DELTA);
    assert_eq!(delta.since, Some(t(11)));
    let ids: Vec<_> = delta.households.iter().map(|h| h.meta.id).collect();
    assert_eq!(ids, vec![id(2), id(9)]);
    assert_eq!(delta.tombstones.len(), 1);
    assert_eq!(delta.lineage.len(), 2, "the edit and the deletion supersede the exported versions");

    // Full then deltas, applied anywhere in any order, give the same records as one full export.
    let mut x = LocalState::new();
    merge(&mut x, &delta);
    merge(&mut x, &full);
    merge(&mut x, &empty);
    let mut y = LocalState::new();
    merge(&mut y, &export(&mut a, 5, "a", 14, ALL));
    assert_eq!(view(&x), view(&y));
}

#[test]
fn local_stamps_only_grow_and_unexported_edits_leave_no_lineage() {
    let mut a = LocalState::new();
    assert_eq!(a.save_household(household(1, 10, 100)), t(10));
    // A clock behind the last save: the stamp moves just past it.
    assert_eq!(a.save_household(household(1, 5, 101)), t(10) + TimeDelta::milliseconds(1));
    a.save_household(household(1, 20, 102));
    assert!(a.sync_meta(&hh(1)).unwrap().supersedes.is_empty(), "nothing left the device yet");
    export(&mut a, 1, "a", 21, ALL);
    a.save_household(household(1, 22, 103));
    a.save_household(household(1, 23, 104));
    let lineage: Vec<_> = a.sync_meta(&hh(1)).unwrap().supersedes.iter().map(|r| r.at).collect();
    assert_eq!(lineage, vec![t(20)]);
}

#[test]
fn exports_can_be_limited_to_one_commune() {
    let mut a = LocalState::new();
    a.save_household(household(1, 1, 100));
    let mut other = household(2, 1, 100);
    other.commune_id = "tan-lap".into();
    other.village_id = "tan-lap-thon-2".into();
    a.save_household(other);
    let mut draft = household(3, 1, 100);
    draft.commune_id.clear();
    draft.village_id.clear();
    a.save_household(draft);
    // Reports of the commune, of another commune and of the district; one naming no unit.
    for (n, unit) in [(10, "dak-koi"), (11, "tan-lap"), (12, "kon-ray"), (13, "")] {
        let mut r = report(n, 1, "Báo cáo năm 2025");
        r.org_unit_id = unit.into();
        a.save_report(r);
    }
    let b = a.export(
        plan(),
        &ExportOptions {
            bundle_id: id(500),
            device_id: "a".into(),
            exported_at: t(2),
            org_unit: "dak-koi".into(),
            scope: ALL,
        },
    );
    let ids: Vec<_> = b.households.iter().map(|h| h.meta.id).collect();
    assert_eq!(ids, vec![id(1), id(3)]);
    let reports: Vec<_> = b.reports.iter().map(|r| r.meta.id).collect();
    assert_eq!(reports, vec![id(10), id(13)]);
    ansinh_core::sync::bundle::parse_bundle(b.to_json(true).as_bytes(), plan(), &Limits::default()).unwrap();
}

#[test]
fn resolving_checks_the_choice() {
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    a.save_household(household(1, 1, 1));
    b.save_household(household(1, 2, 2));
    send(&mut b, &mut a, 1, 3);
    assert_eq!(a.conflicts().len(), 1, "the same id created on two devices is a conflict too");
    let e = a.resolve_conflict(hh(1), 2, t(5)).unwrap_err();
    assert_eq!(e, ResolveError::NoSuchVersion { key: hh(1), index: 2, count: 2 });
    assert!(e.message(ansinh_core::i18n::Lang::Vi).contains("có 2 phiên bản xung đột"));
    // A resolution stamped before the conflicting versions is moved after them.
    let stamp = a.resolve_conflict(hh(1), 1, t(0)).unwrap();
    assert_eq!(stamp, t(2) + TimeDelta::milliseconds(1));
}

#[test]
fn the_state_survives_its_own_json() {
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    a.save_household(household(1, 1, 1));
    b.save_household(household(1, 2, 2));
    b.save_report(report(2, 2, "r"));
    b.delete(RecordKind::Report, id(2), t(3));
    send(&mut b, &mut a, 1, 3);
    let text = serde_json::to_string(&a).unwrap();
    let back: LocalState = serde_json::from_str(&text).unwrap();
    assert_eq!(back, a);
    let _: Bundle = export(&mut a.clone(), 2, "a", 4, ALL);
}

#[test]
fn two_edits_with_the_same_stamp_are_told_apart_by_content() {
    // Both tablets' clocks are behind the district's version, so both edits get its stamp + 1 ms.
    let mut district = LocalState::new();
    district.save_household(household(1, 100, 100));
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    send(&mut district, &mut a, 1, 101);
    send(&mut district, &mut b, 2, 101);
    let sa = a.save_household(household(1, 5, 111));
    let sb = b.save_household(household(1, 7, 222));
    assert_eq!(sa, sb);
    let from_a = export(&mut a, 3, "a", 102, ALL);
    // B edits again on top of its own version: its lineage names B's version, not A's.
    let _ = export(&mut b, 4, "b", 102, ALL);
    b.save_household(household(1, 8, 333));
    let from_b = export(&mut b, 5, "b", 103, ALL);
    let r1 = merge(&mut district, &from_b);
    let r2 = merge(&mut district, &from_a);
    assert_eq!((r1.updated, r2.conflicts), (1, 1));
    let incomes: Vec<_> = district
        .heads(&hh(1))
        .iter()
        .map(|v| match v {
            RecordVersion::Household(h) => h.income_per_person_vnd.unwrap(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(incomes, vec![111, 333]);
}

#[test]
fn the_dataset_view_holds_live_records_only() {
    let mut a = LocalState::new();
    a.save_household(household(1, 1, 1));
    a.save_household(household(2, 1, 1));
    a.save_figures(figures(3, 1, 1));
    a.delete(RecordKind::Household, id(2), t(2));
    let d = a.dataset();
    assert_eq!(d.households.iter().map(|h| h.meta.id).collect::<Vec<_>>(), vec![id(1)]);
    assert_eq!(d.figures.len(), 1);
}

#[test]
fn derived_bundle_ids_depend_on_the_set_of_inputs_only() {
    use ansinh_core::sync::bundle::derived_bundle_id;
    let (x, y, z) = (id(1), id(2), id(3));
    assert_eq!(derived_bundle_id(&[x, y]), derived_bundle_id(&[y, x, y]));
    assert_ne!(derived_bundle_id(&[x, y]), derived_bundle_id(&[x, z]));
    assert_ne!(derived_bundle_id(&[x]), x);
    assert_eq!(derived_bundle_id(&[x, y]).get_version_num(), 4);
}

#[test]
fn an_export_can_be_limited_to_records_updated_after_a_time() {
    let mut a = LocalState::new();
    a.save_household(household(1, 1, 1));
    a.save_household(household(2, 10, 1));
    a.save_report(report(3, 20, "r"));
    a.delete(RecordKind::Report, id(3), t(30));
    let b = export(&mut a, 1, "a", 40, ExportScope::UpdatedSince(t(10)));
    assert_eq!(b.since, Some(t(10)));
    assert!(b.households.is_empty() && b.reports.is_empty());
    assert_eq!(b.tombstones.len(), 1);
    let b = export(&mut a, 2, "a", 40, ExportScope::UpdatedSince(t(9)));
    assert_eq!(b.households.iter().map(|h| h.meta.id).collect::<Vec<_>>(), vec![id(2)]);
}

#[test]
fn a_partial_export_does_not_hide_other_changes_from_the_next_delta() {
    let mut a = LocalState::new();
    a.save_household(household(1, 1, 1));
    let mut other = household(2, 1, 1);
    other.commune_id = "tan-lap".into();
    other.village_id = "tan-lap-thon-1".into();
    a.save_household(other);
    let commune = a.export(
        plan(),
        &ExportOptions {
            bundle_id: id(600),
            device_id: "a".into(),
            exported_at: t(2),
            org_unit: "dak-koi".into(),
            scope: DELTA,
        },
    );
    assert_eq!(commune.households.len(), 1);
    let rest = export(&mut a, 601, "a", 3, DELTA);
    assert_eq!(rest.since, Some(t(2)));
    assert_eq!(rest.households.iter().map(|h| h.meta.id).collect::<Vec<_>>(), vec![id(2)]);
}
