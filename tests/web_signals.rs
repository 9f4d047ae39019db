//! Browser tier: the record store's revisions per part (`context::StoreCtx`) over Chromium's
//! real localStorage. A save notifies the readers of what it wrote and no others; the space
//! used follows every write from its size without reading every entry again.
#![cfg(target_arch = "wasm32")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use ansinh_app::components::form_ctx::{FormParts, ProblemsByPath};
use ansinh_app::context::{open_store, DatasetCtx, DemoCtx, NoticesCtx, Part, StoreCtx};
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::skip::SkipRules;
use ansinh_core::domain::survey::{Dataset, Household, RecordMeta};
use ansinh_core::report::Report;
use ansinh_core::synth;
use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn reset() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
}

/// A memo reading `parts` of the store (the number of live records of a kind), and how many
/// times it ran.
fn counting_memo(
    store: StoreCtx,
    parts: &'static [Part],
    f: fn(&ansinh_app::storage::AppStore) -> usize,
) -> (Memo<usize>, Arc<AtomicUsize>) {
    let runs = Arc::new(AtomicUsize::new(0));
    let r = runs.clone();
    let memo = Memo::new(move |_| {
        r.fetch_add(1, Ordering::SeqCst);
        store.read(parts, f).unwrap_or(0)
    });
    (memo, runs)
}

#[wasm_bindgen_test]
fn a_household_save_reruns_only_what_reads_households() {
    reset();
    let owner = Owner::new();
    owner.set();
    let store = open_store(NoticesCtx(RwSignal::new(Vec::new())));
    let (reports, report_runs) = counting_memo(store, &[Part::Reports], |s| s.live::<Report>().count());
    let (households, household_runs) = counting_memo(store, &[Part::Households], |s| s.live::<Household>().count());
    let (everything, all_runs) = counting_memo(store, &Part::ALL, |s| s.live::<Household>().count());
    assert_eq!((reports.get(), households.get(), everything.get()), (0, 0, 0));
    let runs =
        || (report_runs.load(Ordering::SeqCst), household_runs.load(Ordering::SeqCst), all_runs.load(Ordering::SeqCst));
    assert_eq!(runs(), (1, 1, 1));

    // Autosaves of a household: the reports-only memo does not run again.
    let mut h = synth::district(1, 3).households.remove(0);
    let mut rev = None;
    for i in 0..3 {
        h.members[0].name = format!("Thử {i}");
        rev = Some(store.update(|s| s.save(&h, rev, Utc::now())).unwrap());
        assert_eq!((reports.get(), households.get(), everything.get()), (0, 1, 1));
    }
    assert_eq!(runs(), (1, 4, 4));

    // A report's save: the household memo does not run again.
    let meta = RecordMeta {
        id: Uuid::from_u128(7),
        created_at: Utc.with_ymd_and_hms(2026, 3, 1, 7, 0, 0).unwrap(),
        updated_at: Utc.with_ymd_and_hms(2026, 3, 1, 7, 0, 0).unwrap(),
    };
    let report = Report::new_draft(Plan::embedded(), "dak-koi", 2026, meta).unwrap();
    store.update(|s| s.save(&report, None, Utc::now())).unwrap();
    assert_eq!((reports.get(), households.get(), everything.get()), (1, 1, 1));
    assert_eq!(runs(), (2, 4, 5));

    // A deletion (a tombstone entry) belongs to its record's kind.
    store.update(|s| s.delete(ansinh_core::sync::bundle::RecordKind::Household, h.meta.id, Utc::now())).unwrap();
    assert_eq!((reports.get(), households.get()), (1, 0));
    assert_eq!(runs().0, 2);
    owner.unset();
}

#[wasm_bindgen_test]
fn the_space_used_follows_each_save_without_reading_every_entry() {
    reset();
    let owner = Owner::new();
    owner.set();
    let store = open_store(NoticesCtx(RwSignal::new(Vec::new())));
    let full = || store.with_untracked(|s| s.usage().unwrap()).unwrap();
    let enumerations = || store.with_untracked(|s| s.kv().enumerations()).unwrap();
    let before = enumerations();
    let start = store.usage().unwrap();
    let data = synth::district(20, 5);
    for h in &data.households {
        store.update(|s| s.save(h, None, Utc::now())).unwrap();
    }
    let mut h = data.households[0].clone();
    let mut rev = Some(1);
    for i in 0..10 {
        h.members[0].name = "Đ".repeat(i);
        rev = Some(store.update(|s| s.save(&h, rev, Utc::now())).unwrap());
    }
    // Thirty saves, and not one full read of the storage.
    assert_eq!(enumerations(), before);
    let kept = store.usage().unwrap();
    assert!(kept.all > start.all + 20 * 100, "{kept:?} vs {start:?}");
    // What was kept is what counting every entry gives.
    assert_eq!(kept, full());
    owner.unset();
}

/// Lets spawned effects run (the form's effects are spawned, as in the app).
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The dataset the indicators read follows the stored records when it is read (issue 22: it is
/// a memo now, brought up to date by its readers, no longer by an effect on every save), and
/// the demo stands in for it while shown.
#[wasm_bindgen_test]
fn the_dataset_follows_the_stored_records_and_gives_way_to_the_demo() {
    reset();
    let owner = Owner::new();
    owner.set();
    let store = open_store(NoticesCtx(RwSignal::new(Vec::new())));
    let demo = DemoCtx(RwSignal::new(None));
    let dataset = DatasetCtx::new(store, demo);
    let count = || dataset.0.with_untracked(|d| d.households.len());
    assert_eq!(count(), 0);
    let households = synth::district(3, 5).households;
    for h in &households {
        store.update(|s| s.save(h, None, Utc::now())).unwrap();
    }
    assert_eq!(count(), 3);
    let mut h = households[0].clone();
    h.members[0].name = "Y Thử".into();
    store.update(|s| s.save(&h, Some(1), Utc::now())).unwrap();
    let names =
        || dataset.0.with_untracked(|d| d.households.iter().map(|x| x.members[0].name.clone()).collect::<Vec<_>>());
    assert!(names().contains(&"Y Thử".to_owned()), "the saved change is in the dataset");
    assert_eq!(count(), 3);

    let shown = Arc::new(Dataset { households: synth::district(5, 9).households, figures: Vec::new() });
    demo.0.set(Some(shown.clone()));
    assert!(Arc::ptr_eq(&dataset.0.get_untracked(), &shown), "the demo is the dataset while shown");
    assert!(demo.shown());
    demo.0.set(None);
    assert_eq!(count(), 3, "the stored records come back");
    assert!(names().contains(&"Y Thử".to_owned()));
    owner.cleanup();
}

/// A question reads its own field's problems (`ProblemsByPath`): a change of the report at
/// another field does not rerun it (issue 22: every question subscribed to the whole report,
/// and each keystroke marked and checked all of them).
#[wasm_bindgen_test]
async fn a_question_reruns_only_when_its_own_fields_problems_change() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    let rules = SkipRules::from_plan(&Plan::embedded());
    let mut h =
        synth::district(30, 4).households.into_iter().find(|h| h.members.len() >= 2).expect("a household of two");
    h.members[0].name = "A Thuận".into();
    h.members[1].name = "Y Hơn".into();
    let draft = RwSignal::new(h);
    let parts = FormParts::new(draft, rules);
    let problems = ProblemsByPath::new(parts.report);
    let reader = |path: &'static str| {
        let runs = Arc::new(AtomicUsize::new(0));
        let r = runs.clone();
        let memo = Memo::new(move |_| {
            r.fetch_add(1, Ordering::SeqCst);
            problems.with_at(path, parts.report, |ps| ps.iter().map(|p| p.field.clone()).collect::<Vec<_>>())
        });
        (memo, runs)
    };
    let (first, first_runs) = reader("members[0].name");
    let (second, second_runs) = reader("members[1].name");
    assert_eq!((first.get_untracked(), second.get_untracked()), (vec![], vec![]));
    settle().await;

    // The second member's name is cleared: only its question hears of it.
    draft.update(|h| h.members[1].name.clear());
    settle().await;
    assert_eq!(second.get_untracked(), vec!["members[1].name".to_owned()]);
    assert_eq!(first.get_untracked(), Vec::<String>::new());
    assert_eq!(second_runs.load(Ordering::SeqCst), 2);
    assert_eq!(first_runs.load(Ordering::SeqCst), 1, "the first member's question did not run again");

    // Now the first member's: its question runs again; the second's stays as it was.
    draft.update(|h| h.members[0].name.clear());
    settle().await;
    assert_eq!(first.get_untracked(), vec!["members[0].name".to_owned()]);
    assert_eq!(first_runs.load(Ordering::SeqCst), 2);
    assert_eq!(second_runs.load(Ordering::SeqCst), 2);
    owner.cleanup();
}
