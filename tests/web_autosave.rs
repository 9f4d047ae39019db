//! Browser tier: a form's unsaved-draft stash (`components::autosave`) is settled by the write
//! that saved it, even when the form went away while that write waited for the cross-tab lock
//! (the idle lock or a link unmounts it: its cleanup stashes the draft and writes it at once).
//! A stash left behind would come back on the next visit as an unsaved draft from the old
//! revision, and its save would report a false "changed in another tab" conflict.
//!
//! The form here is a bare `Autosave` whose write stores the draft's value in a local-storage
//! key and returns the next revision, which is all the autosave sees of a real form.

use std::cell::Cell;
use std::rc::Rc;

use ansinh_app::components::autosave::{Autosave, Job};
use ansinh_app::context::{LangCtx, NoticesCtx};
use ansinh_app::storage;
use ansinh_core::i18n::Lang;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "autosave-test-record";
const VALUE_KEY: &str = "autosave-test-value";

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Lets the spawned writes run (the wasm tests have no lock script: a write runs at once when
/// its task is polled).
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// A form at revision `rev` whose draft is `value`; its writes count revisions from `rev`.
fn form(rev: u64, value: Rc<Cell<u64>>) -> Autosave {
    let stored_rev = Rc::new(Cell::new(rev));
    let (for_write, for_snapshot) = (SendWrapper::new(value.clone()), SendWrapper::new(value));
    let stored_rev = SendWrapper::new(stored_rev);
    let autosave = Autosave::new(rev, move |base| {
        let (v, stored_rev) = (for_write.get(), (*stored_rev).clone());
        let job: Job = Box::new(move || {
            assert_eq!(base, Some(stored_rev.get()), "a write from the stored revision");
            local().set_item(VALUE_KEY, &v.to_string()).unwrap();
            stored_rev.set(stored_rev.get() + 1);
            Ok((stored_rev.get(), "08:00:00".into()))
        });
        Some(job)
    });
    let kept = autosave.keep_with(KEY.into(), move || Some(serde_json::json!(for_snapshot.get())));
    assert!(kept.is_none(), "no stash from an earlier test");
    autosave
}

fn page() -> Owner {
    // As the app's mount does: the autosave spawns its writes (a second init is refused: fine).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    local().clear().unwrap();
    storage::drop_unsaved(KEY);
    let owner = Owner::new();
    owner.set();
    provide_context(LangCtx(RwSignal::new(Lang::Vi)));
    provide_context(NoticesCtx(RwSignal::new(Vec::new())));
    owner
}

fn stashed() -> Option<serde_json::Value> {
    storage::unsaved(KEY).map(|t| serde_json::from_str(&t).unwrap())
}

#[wasm_bindgen_test]
async fn a_form_unmounted_while_its_write_waits_leaves_no_stash_behind() {
    let page = page();
    let value = Rc::new(Cell::new(0));
    let form_owner = page.child();
    let autosave = form_owner.with(|| form(7, value.clone()));
    value.set(42);
    autosave.changed();
    autosave.save_now();
    // The write is under way (waiting for the lock); the form goes away and stashes its draft.
    form_owner.cleanup();
    assert_eq!(stashed().map(|s| s["base"].clone()), Some(serde_json::json!(7)), "stashed on unmount");
    settle().await;
    assert_eq!(local().get_item(VALUE_KEY).unwrap().as_deref(), Some("42"), "the draft was saved");
    assert_eq!(stashed(), None, "the saved draft is no longer kept as unsaved");
}

#[wasm_bindgen_test]
async fn a_later_change_stashed_while_a_write_waits_starts_from_the_written_revision() {
    let page = page();
    let value = Rc::new(Cell::new(0));
    let form_owner = page.child();
    let autosave = form_owner.with(|| form(3, value.clone()));
    value.set(1);
    autosave.changed();
    autosave.save_now();
    // Typed on while the first write waits, then the form goes away: the stash holds the later
    // change, which the disposed form can no longer write.
    value.set(2);
    autosave.changed();
    form_owner.cleanup();
    settle().await;
    assert_eq!(local().get_item(VALUE_KEY).unwrap().as_deref(), Some("1"));
    let kept = stashed().expect("the later change is still kept");
    assert_eq!(kept["draft"], serde_json::json!(2));
    assert_eq!(kept["base"], serde_json::json!(4), "it now starts from the revision written");
}

#[wasm_bindgen_test]
async fn another_forms_stash_is_left_to_it() {
    let page = page();
    let value = Rc::new(Cell::new(0));
    let form_owner = page.child();
    let autosave = form_owner.with(|| form(5, value.clone()));
    // Another tab's form of the same record could not save its draft and kept it.
    let theirs = serde_json::json!({ "base": 5, "draft": 9, "owner": 12345, "change": 1 });
    storage::stash_unsaved(KEY, theirs.to_string());
    value.set(1);
    autosave.changed();
    autosave.save_now();
    settle().await;
    assert_eq!(local().get_item(VALUE_KEY).unwrap().as_deref(), Some("1"));
    assert_eq!(stashed(), Some(theirs), "their unsaved draft is theirs to save or discard");
    form_owner.cleanup();
}
