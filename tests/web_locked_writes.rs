//! Browser tier: every record write the pages make outside a form's autosave — adding, deleting
//! and bringing back a household, a figure or an expected count, a village of the list, a new
//! report, a version kept from a conflict, removing an unreadable entry, the file export's
//! markers, the purge after the hub's acknowledgement — runs through `StoreCtx::update_locked`: under the cross-tab lock, on a store
//! that holds what another tab wrote a moment ago under that lock, even when this tab's
//! in-memory store has not heard of it yet (its `storage` events not yet handled).
//!
//! "Another tab" is a second record store over the same local storage, which writes and then
//! counts its write (`settings/write_seq`) as `scripts/storage/lock.js` does; this page has no
//! `storage` event from it (a tab does not receive its own), exactly the window in which a
//! real second tab's events are still on their way (as in tests/web_tabs.rs). Each test ends
//! with what a write made from this tab's stale copy would have done instead.

use ansinh_app::components::office_figures::Answer;
use ansinh_app::components::report_picker::open_or_create;
use ansinh_app::components::village_list::VillageChange;
use ansinh_app::components::village_progress::Expected;
use ansinh_app::context::{open_store, NoticesCtx, StoreCtx};
use ansinh_app::storage::LocalKv;
use ansinh_core::domain::org::{village_record_id, OrgUnit, UnitStatus, VillageRecord};
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{EnteredFigures, Household, RecordMeta};
use ansinh_core::i18n::Text;
use ansinh_core::report::Report;
use ansinh_core::sync::bundle::{ExportOptions, ExportScope, Limits, RecordKey, RecordKind};
use ansinh_core::sync::store::{record_key, Channel, MemoryKv, RecordStore, StoreError};
use ansinh_core::synth;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen_test::*;

mod support;

use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn household() -> Household {
    synth::district(1, 23).households.remove(0)
}

fn key(h: &Household) -> RecordKey {
    RecordKey::new(RecordKind::Household, h.meta.id)
}

fn commune() -> String {
    Plan::embedded().org_units.communes()[0].id.clone()
}

fn first_village() -> OrgUnit {
    let units = &Plan::embedded().org_units;
    units.villages_of(&commune())[0].clone()
}

fn live_figures(s: &RecordStore<LocalKv>, unit: &str, year: i32) -> Vec<EnteredFigures> {
    s.live::<EnteredFigures>()
        .filter(|f| f.record.org_unit_id == unit && f.record.year == year)
        .map(|f| f.record.clone())
        .collect()
}

#[wasm_bindgen_test]
async fn deleting_a_household_another_tab_deleted_a_moment_ago_keeps_its_deletion() {
    let (owner, store) = start();
    let h = household();
    store.update(|s| s.save(&h, None, t(1))).unwrap();

    let mut other = other_tab();
    other.delete(RecordKind::Household, h.meta.id, t(4)).unwrap();
    count_another_tabs_write();
    assert_eq!(store.with_untracked(|s| s.is_deleted(h.meta.id)), Some(false), "this tab has not heard of it");

    let id = h.meta.id;
    let result = store.update_locked(move |s| s.delete(RecordKind::Household, id, t(5))).await;
    assert!(matches!(result, Err(StoreError::NotFound { .. })), "{result:?}");
    // The other tab's deletion as it made it (not written again over it), and this tab knows.
    let deleted_at = stored().tombstones().find(|x| x.id == id).map(|x| x.deleted_at);
    assert_eq!(deleted_at, Some(t(4)), "the other tab's deletion was written over");
    assert_eq!(store.with_untracked(|s| s.is_deleted(id)), Some(true));
    owner.unset();
}

#[wasm_bindgen_test]
async fn undoing_a_deletion_another_tab_already_queued_brings_the_household_back_everywhere() {
    let (owner, store) = start();
    let h = household();
    let id = h.meta.id;
    store.update(|s| s.save(&h, None, t(1))).unwrap();
    store.update(|s| s.delete(RecordKind::Household, id, t(2))).unwrap();

    // Another tab's outbox took every change up to now, the deletion with it.
    let mut other = other_tab();
    other.mark_channel(Channel::Outbox, t(3)).unwrap();
    count_another_tabs_write();

    store.update_locked(move |s| s.undo_delete(id, t(4))).await.unwrap();
    let now = stored();
    assert!(!now.is_deleted(id));
    // The deletion has left the device: the undo is a new version that goes after it, so the
    // household comes back at the district too. Merely dropping the deletion (what an undo
    // of a deletion that never left does) would leave nothing to send, and the district
    // would keep the household deleted.
    assert!(now.changed_keys(Channel::Outbox).contains(&key(&h)), "the undo would not reach the district");
    owner.unset();
}

#[wasm_bindgen_test]
async fn a_first_figure_completes_the_figures_another_tab_made_a_moment_ago() {
    let (owner, store) = start();
    let (unit, year) = (commune(), 2026);
    let mut theirs = EnteredFigures::new(RecordMeta::new(Uuid::new_v4(), t(1)), unit.clone(), year);
    theirs.hospital_beds = Some(40);
    let mut other = other_tab();
    other.save(&theirs, None, t(1)).unwrap();
    count_another_tabs_write();
    assert_eq!(store.with_untracked(|s| s.live::<EnteredFigures>().count()), Some(0), "this tab has not heard of it");

    // This tab's form showed no figures yet.
    let answer = Answer {
        unit: unit.clone(),
        year,
        field: "doctors",
        seen: String::new(),
        seen_rev: None,
        text: "7".into(),
        mine: None,
    };
    store.update_locked(move |s| answer.save(s, t(2))).await.unwrap();
    let figures = live_figures(&stored(), &unit, year);
    assert_eq!(figures.len(), 1, "a second record of the same unit and year: {figures:?}");
    assert_eq!(figures[0].meta.id, theirs.meta.id);
    assert_eq!((figures[0].hospital_beds, figures[0].doctors), (Some(40), Some(7)));

    // This form's next answer of the field, given before its first one landed (so shown as
    // before it), is not taken for another tab's change.
    let answer = Answer {
        unit: unit.clone(),
        year,
        field: "doctors",
        seen: String::new(),
        seen_rev: None,
        text: "8".into(),
        mine: Some("7".into()),
    };
    store.update_locked(move |s| answer.save(s, t(3))).await.unwrap();
    assert_eq!(live_figures(&stored(), &unit, year)[0].doctors, Some(8));
    owner.unset();
}

#[wasm_bindgen_test]
async fn a_figure_another_tab_changed_since_the_form_showed_it_conflicts_instead_of_being_overwritten() {
    let (owner, store) = start();
    let (unit, year) = (commune(), 2026);
    let mine = EnteredFigures::new(RecordMeta::new(Uuid::new_v4(), t(1)), unit.clone(), year);
    let rev = store.update(|s| s.save(&mine, None, t(1))).unwrap();

    // Another tab enters the beds; this tab's form still shows them empty.
    let mut other = other_tab();
    let mut theirs = mine.clone();
    theirs.hospital_beds = Some(40);
    theirs.meta.updated_at = t(2);
    other.save(&theirs, Some(rev), t(2)).unwrap();
    count_another_tabs_write();

    let answer = Answer {
        unit: unit.clone(),
        year,
        field: "hospital_beds",
        seen: String::new(),
        seen_rev: Some(rev),
        text: "35".into(),
        mine: None,
    };
    let result = store.update_locked(move |s| answer.save(s, t(3))).await;
    assert!(matches!(result, Err(StoreError::Conflict { .. })), "{result:?}");
    let figures = live_figures(&stored(), &unit, year);
    assert_eq!(figures.len(), 1);
    assert_eq!(figures[0].hospital_beds, Some(40), "the other tab's figure was overwritten");
    // This tab now shows the other tab's figure.
    let shown = store.with_untracked(|s| s.get::<EnteredFigures>(mine.meta.id).unwrap().record.hospital_beds);
    assert_eq!(shown, Some(Some(40)));

    // Another field, which nobody else changed, goes into the stored figures.
    let answer = Answer {
        unit: unit.clone(),
        year,
        field: "doctors",
        seen: String::new(),
        seen_rev: Some(rev),
        text: "7".into(),
        mine: None,
    };
    store.update_locked(move |s| answer.save(s, t(4))).await.unwrap();
    let figures = live_figures(&stored(), &unit, year);
    assert_eq!((figures[0].hospital_beds, figures[0].doctors), (Some(40), Some(7)));
    owner.unset();
}

#[wasm_bindgen_test]
async fn expected_counts_of_two_villages_entered_in_two_tabs_are_both_kept() {
    let (owner, store) = start();
    let (unit, year) = (commune(), 2026);
    let villages: Vec<String> =
        Plan::embedded().org_units.villages_of(&unit).into_iter().take(2).map(|v| v.id.clone()).collect();
    let mut theirs = EnteredFigures::new(RecordMeta::new(Uuid::new_v4(), t(1)), unit.clone(), year);
    theirs.expected_households.insert(villages[0].clone(), 120);
    let mut other = other_tab();
    other.save(&theirs, None, t(1)).unwrap();
    count_another_tabs_write();

    let expected =
        Expected { commune: unit.clone(), year, village: villages[1].clone(), seen: None, n: 80, mine: None };
    store.update_locked(move |s| expected.save(s, t(2))).await.unwrap();
    let figures = live_figures(&stored(), &unit, year);
    assert_eq!(figures.len(), 1, "a second record of the same commune and year: {figures:?}");
    assert_eq!(figures[0].expected_households.get(&villages[0]), Some(&120));
    assert_eq!(figures[0].expected_households.get(&villages[1]), Some(&80));

    // The other tab's own count, changed since this tab's table showed it, is not overwritten.
    let expected =
        Expected { commune: unit.clone(), year, village: villages[0].clone(), seen: None, n: 90, mine: None };
    let result = store.update_locked(move |s| expected.save(s, t(3))).await;
    assert!(matches!(result, Err(StoreError::Conflict { .. })), "{result:?}");
    assert_eq!(live_figures(&stored(), &unit, year)[0].expected_households.get(&villages[0]), Some(&120));
    owner.unset();
}

#[wasm_bindgen_test]
async fn retiring_a_village_another_tab_renamed_a_moment_ago_keeps_the_new_name() {
    let (owner, store) = start();
    let seen = first_village();
    let mut renamed = seen.clone();
    renamed.name = Text::new("Thôn Kon Brông", "Thôn Kon Brông");
    renamed.provisional = false;
    let mut other = other_tab();
    other.save(&VillageRecord::new(renamed, t(1)), None, t(1)).unwrap();
    count_another_tabs_write();

    // This tab's row still shows the plan's name, and retires the village.
    let mut edited = seen.clone();
    edited.status = UnitStatus::Retired;
    let change = VillageChange { seen: Some(seen.clone()), edited };
    let saved = store.update_locked(move |s| change.save(s, t(2))).await.unwrap();
    assert_eq!(saved, Ok(2));
    let now = stored();
    let unit = &now.get::<VillageRecord>(village_record_id(&seen.id)).unwrap().record.unit;
    assert_eq!(unit.name.vi, "Thôn Kon Brông", "the other tab's new name was lost");
    assert_eq!(unit.status, UnitStatus::Retired);

    // Another new name on top of the one this row has not shown: refused, nothing written.
    let mut edited = seen.clone();
    edited.name = Text::new("Thôn Mới", "Thôn Mới");
    let change = VillageChange { seen: Some(seen.clone()), edited };
    let result = store.update_locked(move |s| change.save(s, t(3))).await;
    assert!(matches!(result, Err(StoreError::Conflict { .. })), "{result:?}");
    assert_eq!(stored().get::<VillageRecord>(village_record_id(&seen.id)).unwrap().rev, 2);
    owner.unset();
}

#[wasm_bindgen_test]
async fn opening_a_report_another_tab_made_a_moment_ago_opens_that_report() {
    let (owner, store) = start();
    let (unit, year) = (commune(), 2026);
    let plan = Plan::embedded();
    let theirs = Report::new_draft(plan, &unit, year, RecordMeta::new(Uuid::new_v4(), t(1))).unwrap();
    let mut other = other_tab();
    other.save(&theirs, None, t(1)).unwrap();
    count_another_tabs_write();

    let org = unit.clone();
    let opened = store.update_locked(move |s| open_or_create(s, plan, &org, year, t(2))).await.unwrap();
    assert_eq!(opened, Some(theirs.meta.id));
    let reports = stored().live::<Report>().filter(|r| r.record.org_unit_id == unit && r.record.year == year).count();
    assert_eq!(reports, 1, "a second report of the same unit and year");

    // With none stored, one is made.
    let opened = store.update_locked(move |s| open_or_create(s, plan, &unit, year - 1, t(3))).await.unwrap();
    let made = opened.and_then(|id| stored().get::<Report>(id).map(|r| r.record.year));
    assert_eq!(made, Some(year - 1));
    owner.unset();
}

#[wasm_bindgen_test]
async fn removing_an_unreadable_entry_another_tab_replaced_keeps_the_record() {
    let h = household();
    let entry = record_key(RecordKind::Household, h.meta.id);
    local().clear().unwrap();
    local().set_item(&entry, "{not json").unwrap();
    let owner = Owner::new();
    owner.set();
    let store = open_store(NoticesCtx(RwSignal::new(Vec::new())));
    assert_eq!(store.with_untracked(|s| s.bad_entries().len()), Some(1));

    // Another tab removed it and saved the household there again (from an export, say).
    let mut other = other_tab();
    other.remove_bad(&entry).unwrap();
    other.save(&h, None, t(1)).unwrap();
    count_another_tabs_write();

    let k = entry.clone();
    let result = store.update_locked(move |s| s.remove_bad(&k)).await;
    assert!(matches!(result, Err(StoreError::NotFound { .. })), "{result:?}");
    assert!(stored().get::<Household>(h.meta.id).is_some(), "the other tab's household was removed");
    assert_eq!(store.with_untracked(|s| s.bad_entries().len()), Some(0));
    owner.unset();
}

#[wasm_bindgen_test]
async fn the_hubs_acknowledgement_keeps_a_household_another_tab_brought_back() {
    let (owner, store) = start();
    let h = household();
    let id = h.meta.id;
    store.update(|s| s.save(&h, None, t(1))).unwrap();
    store.update(|s| s.delete(RecordKind::Household, id, t(2))).unwrap();
    // The outbox sent the deletion (built at t(3)).
    store.update(|s| s.mark_channel(Channel::Outbox, t(3))).unwrap();

    // Meanwhile another tab brings the household back.
    let mut other = other_tab();
    other.undo_delete(id, t(4)).unwrap();
    count_another_tabs_write();

    // The hub acknowledges the bundle that carried the deletion.
    let keys = vec![key(&h)];
    let removed = store.update_locked(move |s| s.purge_acknowledged(&keys, t(3))).await.unwrap();
    assert_eq!(removed, 0);
    let now = stored();
    assert!(now.get::<Household>(id).is_some(), "the household brought back was removed");
    assert!(!now.is_deleted(id));
    owner.unset();
}

fn file_bundle(
    s: &RecordStore<impl ansinh_core::sync::store::KeyValue>,
    at: DateTime<Utc>,
) -> ansinh_core::sync::bundle::Bundle {
    let options = ExportOptions {
        bundle_id: Uuid::new_v4(),
        device_id: "tablet".into(),
        exported_at: at,
        org_unit: "kon-ray".into(),
        scope: ExportScope::All,
    };
    s.export_bundle(Plan::embedded(), &options, Channel::File)
}

#[wasm_bindgen_test]
async fn the_file_markers_do_not_go_back_behind_another_tabs_later_file() {
    let (owner, store) = start();
    store.update(|s| s.save(&household(), None, t(1))).unwrap();
    // This tab made a file at t(5), not yet confirmed.
    let mine = store.with_untracked(|s| file_bundle(s, t(5))).unwrap();
    store.update(|s| s.mark_bundle_made(Channel::File, &mine)).unwrap();

    // Another tab made a later file and confirmed it was saved.
    let mut other = other_tab();
    let theirs = file_bundle(&other, t(10));
    other.mark_bundle_made(Channel::File, &theirs).unwrap();
    other.confirm_delivery().unwrap();
    count_another_tabs_write();

    // Confirming here: everything up to t(10) is delivered already, and stays so.
    store.update_locked(|s| s.confirm_delivery()).await.unwrap();
    assert_eq!(stored().last_export(), Some(t(10)), "the delivered marker went back");

    // A file of this tab built before the other tab's is recorded without moving the last
    // file made back either.
    let mut other = other_tab();
    let later = file_bundle(&other, t(20));
    other.mark_bundle_made(Channel::File, &later).unwrap();
    count_another_tabs_write();
    let earlier = store.with_untracked(|s| file_bundle(s, t(15))).unwrap();
    store.update_locked(move |s| s.mark_bundle_made(Channel::File, &earlier)).await.unwrap();
    assert_eq!(stored().pending_delivery(), Some(t(20)), "the last file made went back");
    owner.unset();
}

/// What tablet `x` exports: every record, as a file.
fn bundle_of(x: &RecordStore<MemoryKv>, n: u128, at: DateTime<Utc>) -> Vec<u8> {
    let options = ExportOptions {
        bundle_id: Uuid::from_u128(0xb0_0000 + n),
        device_id: "tablet-x".into(),
        exported_at: at,
        org_unit: "kon-ray".into(),
        scope: ExportScope::All,
    };
    x.export_bundle(Plan::embedded(), &options, Channel::File).to_json(false).into_bytes()
}

/// Imports a file into this tab's store, as the import panel does.
fn import(store: StoreCtx, bytes: &[u8], at: DateTime<Utc>) {
    let merged = store.modify(|s| s.import_bundle(bytes, Plan::embedded(), &Limits::default(), at));
    merged.unwrap().unwrap();
}

#[wasm_bindgen_test]
async fn choosing_a_version_another_tab_already_chose_keeps_its_choice() {
    let (owner, store) = start();
    let h = household();
    let id = h.meta.id;
    // Tablet x made the household; this tablet imported it, then both edited it.
    let mut x = RecordStore::open(MemoryKv::new(), t(0)).unwrap().0;
    x.save(&h, None, t(1)).unwrap();
    let first = bundle_of(&x, 1, t(2));
    import(store, &first, t(3));
    let mut ours = h.clone();
    ours.members[0].name = "Sửa ở máy này".into();
    ours.meta.updated_at = t(4);
    let rev = store.with_untracked(|s| s.get::<Household>(id).unwrap().rev).unwrap();
    store.update(|s| s.save(&ours, Some(rev), t(4))).unwrap();
    let mut theirs = h.clone();
    theirs.members[0].name = "Sửa ở máy khác".into();
    theirs.meta.updated_at = t(5);
    let xrev = x.get::<Household>(id).unwrap().rev;
    x.save(&theirs, Some(xrev), t(5)).unwrap();
    let second = bundle_of(&x, 2, t(6));
    import(store, &second, t(7));
    let conflict = store.with_untracked(|s| s.conflicts()).unwrap().remove(0);
    assert_eq!(conflict.versions.len(), 2);

    // Another tab keeps the first version; this tab still shows the conflict.
    let mut other = other_tab();
    other.resolve_conflict(conflict.key, 0, t(8)).unwrap();
    count_another_tabs_write();
    let kept = other.get::<Household>(id).unwrap().record.members[0].name.clone();
    assert_eq!(store.with_untracked(|s| s.conflict_count()), Some(1), "this tab has not heard of it");

    // Choosing the other version here finds no conflict left, and writes nothing.
    let key = conflict.key;
    let result = store.update_locked(move |s| Ok(s.resolve_conflict(key, 1, t(9)))).await.unwrap();
    assert!(result.is_err(), "{result:?}");
    let now = stored();
    assert_eq!(now.conflict_count(), 0);
    assert_eq!(
        now.get::<Household>(id).unwrap().record.members[0].name,
        kept,
        "the other tab's choice was overwritten"
    );
    owner.unset();
}
