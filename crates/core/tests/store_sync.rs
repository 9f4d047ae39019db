//! Sync on the record store: metadata kept in each entry, the two export channels, atomic
//! import (validation, quota, rollback), relay, conflicts and their resolution, persisted.

mod bundle_support;

use ansinh_core::domain::survey::{EnteredFigures, Household};
use ansinh_core::sync::bundle::{Bundle, ExportOptions, ExportScope, Limits, RecordKey, RecordKind, RecordVersion};
use ansinh_core::sync::store::{
    codec, record_key, tombstone_key, Channel, KeyValue, MemoryKv, RecordStore, StoreError, StoreImportError,
    EXPORT_KEY, IMPORTED_KEY, MADE_KEY, OUTBOX_KEY,
};
use bundle_support::*;
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::BTreeMap;
use uuid::Uuid;

type Store = RecordStore<MemoryKv>;

fn empty() -> Store {
    RecordStore::open(MemoryKv::new(), t(0)).unwrap().0
}

fn options(n: u128, device: &str, minute: i64, scope: ExportScope) -> ExportOptions {
    ExportOptions {
        bundle_id: Uuid::from_u128(0xbb_0000 + n),
        device_id: device.to_string(),
        exported_at: t(minute),
        org_unit: "kon-ray".to_string(),
        scope,
    }
}

fn bytes(b: &Bundle) -> Vec<u8> {
    b.to_json(false).into_bytes()
}

fn import(s: &mut Store, b: &Bundle, minute: i64) -> ansinh_core::sync::bundle::MergeReport {
    s.import_bundle(&bytes(b), plan(), &Limits::default(), t(minute)).unwrap()
}

/// Every entry of the backend, for byte-identical comparisons.
fn raw(s: &Store) -> BTreeMap<String, String> {
    s.kv().entries().clone()
}

/// What a user sees: live records, deletions, conflicts.
type Seen = (Vec<Household>, Vec<EnteredFigures>, Vec<(Uuid, DateTime<Utc>)>, Vec<String>);

fn records(s: &Store) -> Seen {
    let ds = s.dataset();
    let tombs = s.tombstones().map(|t| (t.id, t.deleted_at)).collect();
    let conflicts = s
        .conflicts()
        .iter()
        .map(|c| format!("{}:{}", c.key, c.versions.iter().map(|v| v.canonical_json()).collect::<Vec<_>>().join("|")))
        .collect();
    (ds.households, ds.figures, tombs, conflicts)
}

#[test]
fn entries_without_sync_metadata_still_read_and_gain_it_on_save() {
    // A v2 entry as the previous build wrote it: `2` + packed (rev 4, saved_at, record).
    let h = household(1, 10, 500);
    let mut b = vec![4u8];
    let ms = t(10).timestamp_millis() as u64 * 2; // zigzag of a positive number
    let mut n = ms;
    while n >= 0x80 {
        b.push((n as u8) | 0x80);
        n >>= 7;
    }
    b.push(n as u8);
    b.extend(codec::encode_value(&serde_json::to_value(&h).unwrap()));
    let v2 = format!("2{}", codec::pack15(&b));
    let mut kv = MemoryKv::new();
    kv.set(&record_key(RecordKind::Household, h.meta.id), &v2).unwrap();
    kv.set(
        &tombstone_key(id(2)),
        r#"{"kind":"household","id":"5eed0000-0000-4000-8000-000000000002","deleted_at":"2025-10-01T00:20:00Z"}"#,
    )
    .unwrap();
    let (mut s, report) = RecordStore::open(kv, t(30)).unwrap();
    assert!(s.bad_entries().is_empty(), "{:?}", s.bad_entries());
    assert_eq!(report.migrated, 0);
    let stored = s.get::<Household>(h.meta.id).unwrap();
    assert_eq!((stored.rev, stored.sync.is_empty()), (4, true));
    assert_eq!(s.changed_keys(Channel::File).len(), 2, "never exported: both count as changed");

    // Saving an entry of unknown history treats its version as possibly shared: lineage.
    let mut edited = h.clone();
    edited.income_per_person_vnd = Some(600);
    edited.meta.updated_at = t(40);
    assert_eq!(s.save(&edited, Some(4), t(40)).unwrap(), 5);
    let after = s.get::<Household>(h.meta.id).unwrap();
    assert!(after.sync.local);
    let prev = RecordVersion::Household(h.clone()).version_ref();
    assert_eq!(after.sync.supersedes.iter().cloned().collect::<Vec<_>>(), vec![prev]);
    let raw_entry = s.kv().get(&record_key(RecordKind::Household, h.meta.id)).unwrap().unwrap();
    assert!(raw_entry.starts_with('3'));
    let (again, _) = RecordStore::open(s.kv().clone(), t(50)).unwrap();
    assert_eq!(again.get::<Household>(h.meta.id).unwrap(), after);
}

#[test]
fn local_saves_follow_the_lineage_rules() {
    let mut s = empty();
    let h1 = household(1, 10, 100);
    s.save(&h1, None, t(10)).unwrap();
    let mut h2 = h1.clone();
    h2.income_per_person_vnd = Some(200);
    h2.meta.updated_at = t(11);
    s.save(&h2, Some(1), t(11)).unwrap();
    // Never left the device: no lineage for an edit of an unshared version.
    assert!(s.get::<Household>(h1.meta.id).unwrap().sync.supersedes.is_empty());

    s.mark_channel(Channel::Outbox, t(12)).unwrap();
    assert!(s.changed_keys(Channel::Outbox).is_empty());
    assert_eq!(s.changed_keys(Channel::File), vec![RecordKey::new(RecordKind::Household, id(1))]);
    // A clock behind: the edit is stamped 1 ms after the version it replaces.
    let mut h3 = h2.clone();
    h3.income_per_person_vnd = Some(300);
    h3.meta.updated_at = t(5);
    s.save(&h3, Some(2), t(5)).unwrap();
    let stored = s.get::<Household>(h1.meta.id).unwrap();
    assert_eq!(stored.record.meta.updated_at, t(11) + TimeDelta::milliseconds(1));
    assert_eq!(stored.saved_at, Some(t(12) + TimeDelta::milliseconds(1)), "written after the marker");
    let superseded: Vec<_> = stored.sync.supersedes.iter().cloned().collect();
    assert_eq!(superseded, vec![RecordVersion::Household(h2).version_ref()]);
    assert_eq!(s.changed_keys(Channel::Outbox).len(), 1);
    assert_eq!(s.kv().get(OUTBOX_KEY).unwrap().as_deref(), Some("\"2025-10-01T00:12:00Z\""));
}

#[test]
fn export_then_import_into_an_empty_store_gives_identical_records() {
    let mut a = empty();
    for n in 1..=4 {
        a.save(&household(n, 10 + n as i64, 100 * n as i64), None, t(20)).unwrap();
    }
    a.save(&figures(7, 15, 3), None, t(20)).unwrap();
    a.delete(RecordKind::Household, id(2), t(25)).unwrap();
    let bundle = a.export_bundle(plan(), &options(1, "tablet-a", 30, ExportScope::All), Channel::File);
    assert_eq!((bundle.households.len(), bundle.figures.len(), bundle.tombstones.len()), (3, 1, 1));
    a.mark_bundle_made(Channel::File, &bundle).unwrap();
    assert_eq!(a.kv().get(MADE_KEY).unwrap().as_deref(), Some("\"2025-10-01T00:30:00Z\""));
    assert_eq!(a.kv().get(EXPORT_KEY).unwrap(), None, "made, not delivered");
    assert_eq!(a.pending_delivery(), Some(t(30)));
    a.confirm_delivery().unwrap();
    assert_eq!(a.kv().get(EXPORT_KEY).unwrap().as_deref(), Some("\"2025-10-01T00:30:00Z\""));
    assert_eq!(a.pending_delivery(), None);
    assert!(a.kv().get(&record_key(RecordKind::Household, id(2))).unwrap().is_some(), "a file never purges a body");

    let mut b = empty();
    let report = import(&mut b, &bundle, 40);
    assert_eq!((report.added, report.updated, report.conflicts, report.already_imported), (5, 0, 0, false));
    assert_eq!(records(&b), records(&a));
    // Reopened from storage, the same.
    let (b2, _) = RecordStore::open(b.kv().clone(), t(41)).unwrap();
    assert_eq!(records(&b2), records(&a));
    assert!(b2.imported_bundles().contains(&bundle.bundle_id));
    assert!(b2.kv().get(IMPORTED_KEY).unwrap().unwrap().contains(&bundle.bundle_id.to_string()));
}

#[test]
fn importing_the_same_bundle_twice_changes_nothing_and_imports_are_relayed() {
    let mut a = empty();
    a.save(&household(1, 10, 100), None, t(10)).unwrap();
    let bundle = a.export_bundle(plan(), &options(1, "tablet-a", 20, ExportScope::All), Channel::File);
    let mut b = empty();
    b.save(&household(5, 10, 100), None, t(10)).unwrap();
    b.mark_channel(Channel::File, t(15)).unwrap();
    b.mark_channel(Channel::Outbox, t(15)).unwrap();
    assert!(b.changed_keys(Channel::File).is_empty());
    import(&mut b, &bundle, 30);
    let once = raw(&b);
    let again = import(&mut b, &bundle, 31);
    assert!(again.already_imported);
    assert_eq!(raw(&b), once, "byte-identical");
    // Same content under a new bundle id: no record changes.
    let mut renamed = bundle.clone();
    renamed.bundle_id = Uuid::from_u128(0xdead);
    let r = import(&mut b, &renamed, 32);
    assert_eq!((r.added, r.updated, r.unchanged), (0, 0, 1));
    // The received record counts as changed for both channels: this tablet passes it on.
    let key = RecordKey::new(RecordKind::Household, id(1));
    assert_eq!(b.changed_keys(Channel::File), vec![key]);
    assert_eq!(b.changed_keys(Channel::Outbox), vec![key]);
    let delta =
        b.export_bundle(plan(), &options(2, "tablet-b", 40, ExportScope::ChangedSinceLastExport), Channel::File);
    assert_eq!(delta.households.iter().map(|h| h.meta.id).collect::<Vec<_>>(), vec![id(1)]);
    assert_eq!(delta.since, Some(t(15)));
    let sent = b.bundle_for(plan(), &[key], &options(3, "tablet-b", 41, ExportScope::All));
    assert_eq!(sent.households.len(), 1);
    assert_eq!(sent.since, None);
}

#[test]
fn two_devices_editing_one_household_make_a_conflict_that_resolution_ends() {
    let mut a = empty();
    a.save(&household(1, 10, 100), None, t(10)).unwrap();
    let base = a.export_bundle(plan(), &options(1, "tablet-a", 11, ExportScope::All), Channel::File);
    a.mark_bundle_made(Channel::File, &base).unwrap();
    let mut b = empty();
    import(&mut b, &base, 12);

    let mut on_a = household(1, 20, 111);
    on_a.village_id = "dak-koi-thon-2".into();
    a.save(&on_a, Some(1), t(20)).unwrap();
    let on_b = household(1, 21, 222);
    b.save(&on_b, Some(1), t(21)).unwrap();
    let from_a =
        a.export_bundle(plan(), &options(2, "tablet-a", 30, ExportScope::ChangedSinceLastExport), Channel::File);
    let from_b =
        b.export_bundle(plan(), &options(3, "tablet-b", 31, ExportScope::ChangedSinceLastExport), Channel::File);
    assert_eq!((from_a.lineage.len(), from_b.lineage.len()), (1, 1), "both name the base version");

    let report = import(&mut a, &from_b, 40);
    assert_eq!(
        (report.conflicts, report.conflict_keys.clone()),
        (1, vec![RecordKey::new(RecordKind::Household, id(1))])
    );
    assert!(a.in_conflict(RecordKind::Household, id(1)));
    let conflicts = a.conflicts();
    assert_eq!(conflicts.len(), 1);
    let incomes: Vec<Option<i64>> = conflicts[0]
        .versions
        .iter()
        .map(|v| match v {
            RecordVersion::Household(h) => h.income_per_person_vnd,
            _ => None,
        })
        .collect();
    assert_eq!(incomes, vec![Some(111), Some(222)], "oldest first; the later shown meanwhile");
    assert_eq!(a.get::<Household>(id(1)).unwrap().record.income_per_person_vnd, Some(222));

    // Keep A's version (index 0).
    let stamp = a.resolve_conflict(conflicts[0].key, 0, t(50)).unwrap();
    assert_eq!(stamp, t(50));
    let (a2, _) = RecordStore::open(a.kv().clone(), t(51)).unwrap();
    assert!(a2.conflicts().is_empty() && !a2.in_conflict(RecordKind::Household, id(1)));
    let kept = &a2.get::<Household>(id(1)).unwrap().record;
    assert_eq!((kept.income_per_person_vnd, kept.village_id.as_str()), (Some(111), "dak-koi-thon-2"));

    // The resolution wins on B too, and A's older edit arriving late changes nothing there.
    let resolved =
        a.export_bundle(plan(), &options(4, "tablet-a", 60, ExportScope::ChangedSinceLastExport), Channel::File);
    import(&mut b, &from_a, 61);
    assert_eq!(b.conflicts().len(), 1);
    import(&mut b, &resolved, 62);
    assert!(b.conflicts().is_empty());
    assert_eq!(records(&b).0, records(&a2).0);
}

#[test]
fn a_shared_deletion_is_undone_by_a_new_version_that_supersedes_it() {
    let mut s = empty();
    s.save(&household(1, 10, 100), None, t(10)).unwrap();
    s.delete(RecordKind::Household, id(1), t(20)).unwrap();
    s.mark_channel(Channel::Outbox, t(21)).unwrap();
    s.undo_delete(id(1), t(22)).unwrap();
    assert!(!s.is_deleted(id(1)));
    assert!(s.kv().get(&tombstone_key(id(1))).unwrap().is_none());
    let h = s.get::<Household>(id(1)).unwrap();
    assert_eq!(h.record.meta.updated_at, t(22));
    assert!(h.sync.local);
    assert!(h.sync.supersedes.iter().any(|r| r.at == t(20)), "the tombstone is superseded: {:?}", h.sync.supersedes);
}

#[test]
fn a_bad_file_is_refused_with_where_and_storage_unchanged() {
    let mut s = empty();
    s.save(&household(1, 10, 100), None, t(10)).unwrap();
    let before = raw(&s);
    let good = s.export_bundle(plan(), &options(1, "tablet-a", 20, ExportScope::All), Channel::File).to_json(true);
    let other_plan = good.replace("konray-ldtbxh-2030", "another-plan");
    let bad_date = good.replace("\"survey_date\": \"2025-09-30\"", "\"survey_date\": \"30/09/2025\"");
    assert_ne!(bad_date, good);
    let cases: [(&[u8], &str); 4] = [
        (b"{ not json", "dòng 1, cột 3"),
        (br#"{"format": "something-else"}"#, "không phải gói dữ liệu An Sinh"),
        (other_plan.as_bytes(), "another-plan"),
        (bad_date.as_bytes(), "households[0].survey_date"),
    ];
    for (input, expected) in cases {
        let e = s.import_bundle(input, plan(), &Limits::default(), t(30)).unwrap_err();
        let msg = e.message(ansinh_core::i18n::Lang::Vi);
        assert!(msg.contains(expected), "{msg}");
        assert!(matches!(e, StoreImportError::Invalid(_)));
        assert_eq!(raw(&s), before);
    }
}

#[test]
fn a_write_failing_midway_restores_every_entry() {
    let mut a = empty();
    for n in 1..=6 {
        a.save(&household(n, 10, 100), None, t(10)).unwrap();
    }
    let bundle = a.export_bundle(plan(), &options(1, "tablet-a", 20, ExportScope::All), Channel::File);
    let mut seed = empty();
    seed.save(&household(9, 10, 100), None, t(10)).unwrap();
    let used = seed.kv().used();
    let growth = {
        let mut unlimited = seed.clone();
        import(&mut unlimited, &bundle, 30);
        unlimited.kv().used() - used
    };
    assert!(growth > 500, "six households and the imported ids: {growth}");
    // Room for about half of what the import writes.
    let kv = {
        let mut kv = MemoryKv::with_quota(used + growth / 2);
        for (k, v) in seed.kv().entries() {
            kv.set(k, v).unwrap();
        }
        kv
    };
    let (mut s, _) = RecordStore::open(kv, t(15)).unwrap();
    let before = raw(&s);
    let before_records = records(&s);
    let e = s.import_bundle(&bytes(&bundle), plan(), &Limits::default(), t(30)).unwrap_err();
    assert!(matches!(e, StoreImportError::Write { error: StoreError::Quota { .. }, restored: true }), "{e:?}");
    assert!(e.message(ansinh_core::i18n::Lang::Vi).contains("không có gì thay đổi"));
    assert_eq!(raw(&s), before, "byte-identical");
    assert_eq!(records(&s), before_records);
    assert!(s.imported_bundles().is_empty());
}

#[test]
fn reports_travel_typed_and_an_unreadable_report_refuses_the_whole_file() {
    use ansinh_core::domain::survey::RecordMeta;
    use ansinh_core::report::Report;
    let meta = RecordMeta { id: id(30), created_at: t(0), updated_at: t(5) };
    let report = Report::new_draft(plan(), "dak-koi", 2025, meta).unwrap();
    let mut a = empty();
    a.save(&report, None, t(5)).unwrap();
    a.save(&household(1, 10, 100), None, t(10)).unwrap();
    let bundle = a.export_bundle(plan(), &options(1, "tablet-a", 20, ExportScope::All), Channel::File);
    assert_eq!(bundle.reports.len(), 1);
    let mut b = empty();
    import(&mut b, &bundle, 30);
    assert_eq!(b.get::<Report>(id(30)).unwrap().record, report);

    // An untyped report (an earlier build's) cannot be stored: nothing of the file is taken.
    let mut old: serde_json::Value = serde_json::from_slice(&bytes(&bundle)).unwrap();
    old["bundle_id"] = serde_json::json!(Uuid::from_u128(0x01d));
    old["reports"][0] =
        serde_json::json!({"meta": RecordMeta { id: id(31), ..report.meta.clone() }, "title": "Báo cáo quý IV"});
    let mut c = empty();
    let before = raw(&c);
    let e = c.import_bundle(old.to_string().as_bytes(), plan(), &Limits::default(), t(30)).unwrap_err();
    assert!(matches!(e, StoreImportError::Invalid(_)), "{e:?}");
    let vi = e.message(ansinh_core::i18n::Lang::Vi);
    assert!(vi.contains("reports[0]") && vi.contains("org_unit_id"), "{vi}");
    assert_eq!(raw(&c), before);
}

#[test]
fn a_commune_bundle_carries_the_reports_of_that_commune_only() {
    use ansinh_core::domain::survey::RecordMeta;
    use ansinh_core::report::Report;
    // Reports of Đắk Kôi, of another commune (Tân Lập) and of the district (Kon Rẫy), 2025.
    let mut s = empty();
    for (n, unit) in [(40, "dak-koi"), (41, "tan-lap"), (42, "kon-ray")] {
        let meta = RecordMeta { id: id(n), created_at: t(0), updated_at: t(5) };
        s.save(&Report::new_draft(plan(), unit, 2025, meta).unwrap(), None, t(5)).unwrap();
    }
    s.save(&household(1, 10, 100), None, t(10)).unwrap();
    let of =
        |org: &str, n: u128| ExportOptions { org_unit: org.into(), ..options(n, "tablet-a", 20, ExportScope::All) };
    let report_ids = |b: &Bundle| b.reports.iter().map(|r| r.meta.id).collect::<Vec<_>>();

    // The file export of one commune: its own report and household, nothing of the others.
    let commune = s.export_bundle(plan(), &of("dak-koi", 1), Channel::File);
    assert_eq!(report_ids(&commune), vec![id(40)]);
    assert_eq!(commune.households.len(), 1);
    let mut b = empty();
    assert_eq!(import(&mut b, &commune, 30).added, 2);
    // The outbox's bundle of given keys, made for the commune, filters the same way.
    let keys: Vec<RecordKey> = [40, 41, 42].map(|n| RecordKey::new(RecordKind::Report, id(n))).to_vec();
    assert_eq!(report_ids(&s.bundle_for(plan(), &keys, &of("dak-koi", 2))), vec![id(40)]);
    assert_eq!(report_ids(&s.bundle_for(plan(), &keys, &of("tan-lap", 3))), vec![id(41)]);
    // A village is below its commune: the commune's report is not the village's.
    assert_eq!(report_ids(&s.bundle_for(plan(), &keys, &of("dak-koi-thon-1", 4))), Vec::<Uuid>::new());
    // The district's bundle carries every report.
    assert_eq!(report_ids(&s.export_bundle(plan(), &of("kon-ray", 5), Channel::File)), vec![id(40), id(41), id(42)]);
}

#[test]
fn a_file_made_but_not_confirmed_leaves_every_change_in_the_next_delta() {
    let mut a = empty();
    for n in 1..=3 {
        a.save(&household(n, 10, 100 * n as i64), None, t(10)).unwrap();
    }
    a.delete(RecordKind::Household, id(3), t(12)).unwrap();
    let first =
        a.export_bundle(plan(), &options(1, "tablet-a", 20, ExportScope::ChangedSinceLastExport), Channel::File);
    assert_eq!((first.households.len(), first.tombstones.len()), (2, 1));
    // The download was cancelled (or failed): the browser said nothing, nobody confirmed.
    a.mark_bundle_made(Channel::File, &first).unwrap();
    assert_eq!(a.changed_count(Channel::File), 3, "nothing left the not-yet-exported count");
    assert_eq!(a.pending_delivery(), Some(t(20)));
    let again =
        a.export_bundle(plan(), &options(2, "tablet-a", 25, ExportScope::ChangedSinceLastExport), Channel::File);
    assert_eq!((again.households.len(), again.tombstones.len()), (2, 1), "the next delta still carries everything");
    assert_eq!(again.since, None);
    a.undo_delete(id(3), t(26)).unwrap_or_else(|e| panic!("undo still possible after a file export: {e}"));
    a.delete(RecordKind::Household, id(3), t(27)).unwrap();
    assert!(a.kv().get(&record_key(RecordKind::Household, id(3))).unwrap().is_some(), "the body stays");

    // A made file still counts for lineage: a later edit supersedes the version it may carry.
    let mut edited = household(1, 30, 111);
    edited.meta.updated_at = t(30);
    a.save(&edited, Some(1), t(30)).unwrap();
    assert_eq!(a.get::<Household>(id(1)).unwrap().sync.supersedes.len(), 1);

    // Confirmed: the changes up to the file's time leave the count and the next delta.
    let last = a.export_bundle(plan(), &options(3, "tablet-a", 40, ExportScope::ChangedSinceLastExport), Channel::File);
    a.mark_bundle_made(Channel::File, &last).unwrap();
    a.confirm_delivery().unwrap();
    assert_eq!(a.changed_count(Channel::File), 0);
    assert_eq!(a.pending_delivery(), None);
    let none = a.export_bundle(plan(), &options(4, "tablet-a", 45, ExportScope::ChangedSinceLastExport), Channel::File);
    assert_eq!(none.households.len() + none.tombstones.len() + none.figures.len() + none.reports.len(), 0);
    // Still no purge: only the district's acknowledgement removes a deleted body.
    assert!(a.kv().get(&record_key(RecordKind::Household, id(3))).unwrap().is_some());
    let (reopened, _) = RecordStore::open(a.kv().clone(), t(50)).unwrap();
    assert_eq!((reopened.changed_count(Channel::File), reopened.pending_delivery()), (0, None));
    let key = RecordKey::new(RecordKind::Household, id(3));
    assert_eq!(a.purge_acknowledged(&[key], t(41)).unwrap(), 1);
    assert!(a.kv().get(&record_key(RecordKind::Household, id(3))).unwrap().is_none());
}

/// One step of the property below.
#[derive(Debug, Clone)]
enum Step {
    SaveHousehold(u128),
    SaveFigures(u128),
    Delete(u128),
    Mark(bool),
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        (1u128..5).prop_map(Step::SaveHousehold),
        // Ids shared with households: a figures record and a household's tombstone may meet.
        (1u128..5).prop_map(Step::SaveFigures),
        (1u128..5).prop_map(Step::Delete),
        any::<bool>().prop_map(Step::Mark),
    ]
}

proptest::proptest! {
    /// The uploader's quick question (`has_changes`, asked after every save) and the count
    /// Tổng quan shows (`changed_count`) answer as the list they stand for; the list stays in
    /// key order without repeats.
    #[test]
    fn has_changes_is_whether_any_key_changed(steps in proptest::collection::vec(step(), 0..24)) {
        let mut s = empty();
        for (i, st) in steps.iter().enumerate() {
            let minute = 10 + i as i64;
            match st {
                Step::SaveHousehold(n) => {
                    let base = s.get::<Household>(id(*n)).map(|x| x.rev);
                    let _ = s.save(&household(*n, minute, 100 + minute), base, t(minute));
                }
                Step::SaveFigures(n) => {
                    let base = s.get::<EnteredFigures>(id(*n)).map(|x| x.rev);
                    let _ = s.save(&figures(*n, minute, minute), base, t(minute));
                }
                Step::Delete(n) => {
                    let _ = s.delete(RecordKind::Household, id(*n), t(minute));
                }
                Step::Mark(file) => {
                    let channel = if *file { Channel::File } else { Channel::Outbox };
                    s.mark_channel(channel, t(minute)).unwrap();
                }
            }
            for channel in [Channel::File, Channel::Outbox] {
                let keys = s.changed_keys(channel);
                proptest::prop_assert_eq!(s.has_changes(channel), !keys.is_empty());
                proptest::prop_assert_eq!(s.changed_count(channel), keys.len());
                proptest::prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "{:?}", keys);
            }
            let all = s.record_keys();
            proptest::prop_assert!(all.windows(2).all(|w| w[0] < w[1]), "{:?}", all);
        }
    }
}
