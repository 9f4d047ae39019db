//! Browser tier: the writes that depend on the whole store — the outbox taking every change
//! since its marker, a page pulled from the hub merged into the records — run under the
//! cross-tab lock from what another tab wrote a moment ago under that lock, even when this
//! tab's in-memory store has not heard of it yet (its `storage` events not yet handled).
//!
//! "Another tab" is a second record store over the same local storage, which writes and then
//! counts its write (`settings/write_seq`) as `scripts/storage/lock.js` does; this page has no
//! `storage` event from it (a tab does not receive its own), exactly the window in which a
//! real second tab's events are still on their way.

use ansinh_app::pull::apply_locked;
use ansinh_app::storage::{self, LocalKv};
use ansinh_app::upload::queue_locked;
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::Household;
use ansinh_core::sync::bundle::{ExportOptions, ExportScope, RecordKey, RecordKind};
use ansinh_core::sync::outbox::Outbox;
use ansinh_core::sync::pull::Page;
use ansinh_core::sync::store::{Channel, MemoryKv, RecordStore};
use ansinh_core::synth;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen_test::*;

mod support;

use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn households(n: usize) -> Vec<Household> {
    synth::district(n, 11).households
}

fn key(h: &Household) -> RecordKey {
    RecordKey::new(RecordKind::Household, h.meta.id)
}

#[wasm_bindgen_test]
fn the_outbox_takes_a_record_another_tab_saved_that_this_tab_has_not_heard_of() {
    let (owner, store) = start();
    let mut hs = households(2);
    let (b, a) = (hs.pop().unwrap(), hs.pop().unwrap());
    store.update(|s| s.save(&a, None, t(1))).unwrap();

    let (mut other, _) = RecordStore::open(LocalKv, t(2)).unwrap();
    other.save(&b, None, t(2)).unwrap();
    count_another_tabs_write();
    assert_eq!(store.with_untracked(|s| s.live::<Household>().count()), Some(1), "this tab has not heard of it");

    let outbox = RwSignal::new(Outbox::default());
    let ids = queue_locked(store, outbox, t(3)).unwrap();
    assert!(!ids.is_empty());
    let queued: Vec<RecordKey> = outbox.with_untracked(|o| o.entries().iter().flat_map(|e| e.keys.clone()).collect());
    assert!(queued.contains(&key(&a)), "{queued:?}");
    assert!(queued.contains(&key(&b)), "the other tab's record went with the marker: {queued:?}");
    // The outbox as stored says the same, and nothing is left behind the marker.
    let stored: Vec<RecordKey> =
        Outbox::load(&LocalKv).unwrap().0.entries().iter().flat_map(|e| e.keys.clone()).collect();
    assert_eq!(stored.len(), queued.len());
    assert_eq!(store.with_untracked(|s| s.changed_keys(Channel::Outbox).len()), Some(0));
    assert_eq!(store.with_untracked(|s| s.live::<Household>().count()), Some(2));

    // With nothing new from another tab, the next queue does not read the store again.
    let mut a2 = a.clone();
    a2.members[0].name = "Y Sửa".into();
    let rev = store.with_untracked(|s| s.get::<Household>(a.meta.id).unwrap().rev).unwrap();
    store.update(|s| s.save(&a2, Some(rev), t(4))).unwrap();
    let before = local().get_item(storage::WRITE_SEQ_KEY).unwrap();
    assert!(storage::memory_current(), "this tab holds every counted write: {before:?}");
    queue_locked(store, outbox, t(5)).unwrap();
    assert_eq!(outbox.with_untracked(|o| o.entries().len()), 2);
    owner.unset();
}

/// What the hub hands back of device `x`: every record, as a page.
fn page_of(x: &RecordStore<MemoryKv>, n: u128, at: DateTime<Utc>) -> Vec<u8> {
    let options = ExportOptions {
        bundle_id: Uuid::from_u128(0x7ab5_0000 + n),
        device_id: "ansinh-hub".into(),
        exported_at: at,
        org_unit: "kon-ray".into(),
        scope: ExportScope::All,
    };
    x.export_bundle(Plan::embedded(), &options, Channel::Outbox).to_json(false).into_bytes()
}

#[wasm_bindgen_test]
fn a_pulled_page_does_not_overwrite_an_edit_another_tab_saved_a_moment_ago() {
    let (owner, store) = start();
    let plan = Plan::embedded();
    let source = "hub-test";
    let outbox = RwSignal::new(Outbox::default());
    // Tablet x made the household; this tablet pulled it.
    let h = households(1).remove(0);
    let mut x = RecordStore::open(MemoryKv::new(), t(0)).unwrap().0;
    x.save(&h, None, t(1)).unwrap();
    let first = page_of(&x, 1, t(2));
    let (state, applied) =
        apply_locked(store, outbox, source, plan, Page { body: &first, cursor: 1, more: false }, t(3));
    applied.unwrap();
    assert_eq!(state.cursor, 1);

    // Another tab of this tablet edits it under the lock; this tab has not heard of it.
    let (mut other, _) = RecordStore::open(LocalKv, t(4)).unwrap();
    let rev = other.get::<Household>(h.meta.id).unwrap().rev;
    let mut ours = h.clone();
    ours.members[0].name = "Sửa ở thẻ khác".into();
    ours.meta.updated_at = t(4);
    other.save(&ours, Some(rev), t(4)).unwrap();
    count_another_tabs_write();

    // Tablet x edits it too, and the hub hands x's edit to this tablet.
    let mut theirs = h.clone();
    theirs.members[0].name = "Sửa ở máy khác".into();
    theirs.meta.updated_at = t(5);
    let xrev = x.get::<Household>(h.meta.id).unwrap().rev;
    x.save(&theirs, Some(xrev), t(5)).unwrap();
    let second = page_of(&x, 2, t(6));
    let (state, applied) =
        apply_locked(store, outbox, source, plan, Page { body: &second, cursor: 2, more: false }, t(7));
    applied.unwrap();
    assert_eq!(state.cursor, 2);

    // Both edits are kept, as a conflict, in storage and in this tab.
    let (stored, _) = RecordStore::open(LocalKv, t(8)).unwrap();
    assert_eq!(stored.conflict_count(), 1, "the other tab's edit was overwritten");
    assert_eq!(store.with_untracked(|s| s.conflict_count()), Some(1));
    // And the other tab's edit was queued for the hub before the page was merged.
    let queued: Vec<RecordKey> = outbox.with_untracked(|o| o.entries().iter().flat_map(|e| e.keys.clone()).collect());
    assert!(queued.contains(&key(&h)), "{queued:?}");
    owner.unset();
}
