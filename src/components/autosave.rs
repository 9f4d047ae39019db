//! Autosave of a form's draft, shared by the household form and the report editor.
//!
//! Contract:
//! - `changed` marks the draft unsaved, shows "saving" (unless a conflict is shown, which only
//!   the user resolves) and writes it `DEBOUNCE_MS` after the last change; `commit` writes at
//!   once. Leaving or hiding the page and unmounting the form write at once too, so the last
//!   keystrokes are never lost.
//! - A write has two parts: the form's `write` closure takes a snapshot of the draft at once
//!   (so a form going away still saves what it held) and returns the store write, which runs
//!   under the cross-tab lock (`storage::exclusive`): two tabs saving at the same moment are
//!   ordered, and the second one sees the first one's revision and gets `Conflict`, never
//!   "Đã lưu" for a value that was overwritten. One write at a time per form; a change made
//!   while one is under way is written after it.
//! - On success the base moves on (inside the lock, before any reader sees the new revision)
//!   and the draft is clean unless it changed meanwhile; on failure the draft stays unsaved (the
//!   next change, page hide or unmount tries again with all of it) and the status says why:
//!   another tab's newer version or deletion as the form's own state, anything else also as a
//!   notice (`SaveState::after_failed_save`), never silently.
//! - Unsaved edits are kept: a draft that could not be saved is stashed (`storage::stash_unsaved`,
//!   in memory and in a small reserved key) until it is saved or knowingly discarded; the form
//!   restores it when the record is opened again. Leaving the form by a link or closing the
//!   page while a draft could not be saved asks first.
//! - A stash names the form that kept it (`owner`, random per form) and the change it holds. A
//!   successful write settles this form's stash inside the lock, where it cannot depend on the
//!   form still being there (the idle lock or a link can unmount it while the write waits): a
//!   stash holding no later change than the one written is dropped, a later one now starts from
//!   the new revision. Another form's stash (another tab's) is left to its owner.
//! - Every accessor used by a write tolerates a disposed form (`try_` accessors): a write can
//!   run from cleanup or page hide while the form goes away.

use ansinh_core::i18n::Msg;
use ansinh_core::sync::store::StoreError;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::save_status::SaveState;
use crate::context::{use_lang, use_notices, Notice, NoticesCtx};
use crate::storage;

/// How long a form waits after the last change before writing (well within a second).
pub const DEBOUNCE_MS: u64 = 400;

/// What a form's write returns: the new revision and the time to show, or why it failed.
pub type WriteResult = Result<(u64, String), StoreError>;

/// The store write of one snapshot of the draft, run under the cross-tab lock.
pub type Job = Box<dyn FnOnce() -> WriteResult>;

/// The draft as JSON, kept while it is unsaved.
pub type Snapshot = Box<dyn Fn() -> Option<serde_json::Value> + Send + Sync>;

type Write = Box<dyn Fn(Option<u64>) -> Option<Job> + Send + Sync>;

/// One form's autosave (see the module contract); `Copy`, to be captured by handlers.
#[derive(Clone, Copy)]
pub struct Autosave {
    /// What the status line under the form shows.
    pub state: RwSignal<SaveState>,
    /// The revision the draft starts from; the store refuses a save from another one.
    base: StoredValue<Option<u64>>,
    /// Counts changes; the draft is clean when the last successful write took the latest.
    changes: StoredValue<u64>,
    saved_change: StoredValue<u64>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
    /// Moves on when the user settles a conflict ("Tải bản mới", "Giữ bản của tôi"): a write
    /// taken before, still waiting for the cross-tab lock, is then dropped instead of landing
    /// over the choice (it would conflict again and swallow the next save).
    epoch: StoredValue<u64>,
    timer: StoredValue<Option<TimeoutHandle>>,
    write: StoredValue<Write>,
    snapshot: StoredValue<Option<(String, Snapshot)>>,
    /// Names this form in its stash (see the module contract).
    owner: u64,
    notices: NoticesCtx,
}

impl Autosave {
    /// The autosave of a draft read at revision `rev`, written by `write`. Installs the page
    /// hide, leave and unmount hooks in the current owner (the form).
    pub fn new(rev: u64, write: impl Fn(Option<u64>) -> Option<Job> + Send + Sync + 'static) -> Self {
        let autosave = Autosave {
            state: RwSignal::new(SaveState::Idle),
            base: StoredValue::new(Some(rev)),
            changes: StoredValue::new(0),
            saved_change: StoredValue::new(0),
            in_flight: StoredValue::new(false),
            again: StoredValue::new(false),
            epoch: StoredValue::new(0),
            timer: StoredValue::new(None),
            write: StoredValue::new(Box::new(write)),
            snapshot: StoredValue::new(None),
            // Random, so that forms in two tabs (or two sessions) never share an owner.
            owner: (js_sys::Math::random() * 9.007_199_254_740_991e15) as u64,
            notices: use_notices(),
        };
        let lang = use_lang();
        // Leaving the page (reload, tab closed, app switched) must not lose the last keystrokes.
        let hide = window_event_listener(leptos::ev::pagehide, move |_| {
            autosave.stash();
            autosave.save_now();
        });
        let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| autosave.save_now());
        // Closing the page with a draft that could not be saved: the browser asks first.
        let unload = window_event_listener(leptos::ev::beforeunload, move |ev: web_sys::BeforeUnloadEvent| {
            if autosave.must_ask() {
                autosave.stash();
                ev.prevent_default();
                ev.set_return_value(lang.t(Msg::UnsavedLeave));
            }
        });
        // Leaving the form by a link (Đồng bộ, the list, another household) asks first too: on
        // the document, so it runs before the router's handler on the window, which skips a
        // click whose default was prevented.
        let leave = document_listener("click", move |ev: web_sys::MouseEvent| {
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten());
            if link.is_none() || !autosave.must_ask() {
                return;
            }
            if window().confirm_with_message(lang.t(Msg::UnsavedLeave)).unwrap_or(true) {
                autosave.stash();
            } else {
                ev.prevent_default();
            }
        });
        on_cleanup(move || {
            autosave.stash();
            autosave.save_now();
            hide.remove();
            hidden.remove();
            unload.remove();
            if let Some(leave) = leave {
                leave.take()();
            }
        });
        autosave
    }

    /// How to keep the draft while it is unsaved: under `key` (the record id), as `snapshot`
    /// gives it. Returns what an earlier session or form kept under `key` — the revision it
    /// started from and the draft — for the form to restore (then call `restored`).
    pub fn keep_with(
        self,
        key: String,
        snapshot: impl Fn() -> Option<serde_json::Value> + Send + Sync + 'static,
    ) -> Option<(Option<u64>, serde_json::Value)> {
        let kept = storage::unsaved(&key).and_then(|text| {
            let mut v: serde_json::Value = serde_json::from_str(&text).ok()?;
            let base = v.get("base").and_then(serde_json::Value::as_u64);
            Some((base, v.get_mut("draft")?.take()))
        });
        self.snapshot.set_value(Some((key, Box::new(snapshot))));
        kept
    }

    /// `keep_with` for a typed draft: keeps `draft` while it is unsaved, and brings back what an
    /// earlier form kept under `key` (an edit a write refused, or one the page could not write
    /// before it went away) unless `same(current, kept)`: a draft whose save landed after all
    /// is the stored record already, and its stash is dropped.
    pub fn keep_draft<T>(self, key: String, draft: RwSignal<T>, same: impl Fn(&T, &T) -> bool)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    {
        let kept = self.keep_with(key.clone(), move || draft.try_with_untracked(|d| serde_json::to_value(d).ok())?);
        let Some((base, kept)) = kept.and_then(|(b, v)| Some((b, serde_json::from_value::<T>(v).ok()?))) else {
            return;
        };
        if draft.with_untracked(|d| same(d, &kept)) {
            storage::drop_unsaved(&key);
        } else {
            draft.set(kept);
            self.restored(base);
        }
    }

    /// Whether leaving must ask: the draft has changes that a write refused (not merely ones
    /// waiting for the debounce, which leaving writes at once).
    pub fn must_ask(self) -> bool {
        self.is_dirty()
            && matches!(
                self.state.try_get_untracked(),
                Some(SaveState::Conflict | SaveState::DeletedElsewhere | SaveState::Failed(_))
            )
    }

    /// Keeps the unsaved draft (in memory and, when possible, in the reserved key).
    fn stash(self) {
        if !self.is_dirty() {
            return;
        }
        let Some(base) = self.base.try_get_value() else { return };
        let Some(change) = self.changes.try_get_value() else { return };
        let kept = self.snapshot.try_with_value(|s| s.as_ref().and_then(|(k, f)| Some((k.clone(), f()?))));
        if let Some(Some((key, draft))) = kept {
            let kept = Kept { base, draft, owner: Some(self.owner), change: Some(change) };
            if let Ok(json) = serde_json::to_string(&kept) {
                storage::stash_unsaved(&key, json);
            }
        }
    }

    fn stash_key(self) -> Option<String> {
        self.snapshot.try_with_value(|s| s.as_ref().map(|(k, _)| k.clone())).flatten()
    }

    fn forget_stash(self) {
        if let Some(key) = self.stash_key() {
            storage::drop_unsaved(&key);
        }
    }

    /// Writes the draft now if it has unsaved changes (under the cross-tab lock; the result
    /// arrives a moment later).
    pub fn save_now(self) {
        if let Some(Some(t)) = self.timer.try_get_value() {
            t.clear();
        }
        self.timer.try_set_value(None);
        if !self.is_dirty() {
            return;
        }
        if self.in_flight.try_get_value() == Some(true) {
            self.again.try_set_value(true);
            return;
        }
        let Some(base) = self.base.try_get_value() else { return };
        let Some(change) = self.changes.try_get_value() else { return };
        let Some(Some(job)) = self.write.try_with_value(|w| w(base)) else { return };
        // Taken now: the form may be gone when the write succeeds.
        let key = self.stash_key();
        let owner = self.owner;
        self.in_flight.try_set_value(true);
        let epoch = self.epoch.try_get_value();
        // Runs inside the lock: the base moves on before any reader sees the new revision.
        // `None`: the user settled a conflict while this write waited; it is not made. A form
        // gone meanwhile (left, its values disposed) still has its last edit written.
        let locked = move || {
            if self.epoch.try_get_value().is_some_and(|now| Some(now) != epoch) {
                return None;
            }
            let result = job();
            if let Ok((rev, _)) = &result {
                self.base.try_set_value(Some(*rev));
                self.saved_change.try_set_value(change);
                if let Some(key) = &key {
                    settle_stash(key, owner, change, *rev);
                }
            }
            Some(result)
        };
        leptos::task::spawn_local(async move {
            let result = storage::exclusive(locked).await.unwrap_or_else(|e| {
                Some(Err(StoreError::Backend { key: storage::PREFIX.into(), reason: e.to_string() }))
            });
            self.in_flight.try_set_value(false);
            let Some(result) = result else {
                // Dropped: what was asked meanwhile is written from the user's choice.
                if self.again.try_get_value() == Some(true) {
                    self.again.try_set_value(false);
                    self.save_now();
                }
                return;
            };
            match result {
                Ok((_, at)) => {
                    if self.is_dirty() {
                        // Changed while the write was under way: the next write takes it.
                        self.again.try_set_value(true);
                    } else {
                        // The stash was settled inside the lock.
                        self.state.try_set(SaveState::Saved(at));
                    }
                }
                Err(e) => {
                    self.state.try_set(SaveState::after_failed_save(&e, self.notices));
                    self.stash();
                }
            }
            if self.again.try_get_value() == Some(true) {
                self.again.try_set_value(false);
                if self.state.try_get_untracked() == Some(SaveState::Conflict) {
                    return;
                }
                self.save_now();
            }
        });
    }

    /// The draft changed: write it after the debounce.
    pub fn changed(self) {
        self.changes.update_value(|n| *n += 1);
        if !matches!(self.state.get_untracked(), SaveState::Conflict | SaveState::DeletedElsewhere) {
            self.state.set(SaveState::Pending);
        }
        if let Some(t) = self.timer.get_value() {
            t.clear();
        }
        let handle = set_timeout_with_handle(move || self.save_now(), std::time::Duration::from_millis(DEBOUNCE_MS));
        self.timer.set_value(handle.ok());
    }

    /// Writes the draft at once (a finalise, or "keep mine" over another tab's version).
    pub fn commit(self) {
        self.changes.update_value(|n| *n += 1);
        self.save_now();
    }

    /// The revision the draft starts from.
    pub fn base(self) -> Option<u64> {
        self.base.get_value()
    }

    /// The draft now starts from `rev` (the user keeps their version over a newer one).
    pub fn rebase(self, rev: u64) {
        self.epoch.update_value(|e| *e += 1);
        self.base.set_value(Some(rev));
    }

    /// The draft was replaced by the stored version `rev`: nothing is unsaved (an unsaved
    /// draft kept for it is discarded: the user chose the stored version).
    pub fn reloaded(self, rev: u64) {
        self.epoch.update_value(|e| *e += 1);
        self.forget_stash();
        self.base.set_value(Some(rev));
        self.saved_change.set_value(self.changes.get_value());
    }

    /// The draft was restored from what `keep_with` returned (started from `base`): unsaved,
    /// to be written (a conflict if the record changed since).
    pub fn restored(self, base: Option<u64>) {
        self.base.set_value(base);
        self.notices.push(Notice::info(Msg::UnsavedRestored));
        self.changed();
        // The stash is this form's now: its successful write settles it.
        self.stash();
    }

    /// Whether the draft has changes not written yet.
    pub fn is_dirty(self) -> bool {
        match (self.changes.try_get_value(), self.saved_change.try_get_value()) {
            (Some(c), Some(s)) => c != s,
            _ => false,
        }
    }
}

/// What a stash holds (as JSON under the record's stash key). `owner` and `change` are absent
/// in stashes kept before they were recorded: those are never settled by a write, only
/// restored (which makes them the restoring form's) or discarded.
#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    base: Option<u64>,
    draft: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    change: Option<u64>,
}

/// After `owner` wrote its change `change` as revision `rev`: its stash under `key` holding no
/// later change is saved now (dropped); one holding a later change starts from `rev` now.
fn settle_stash(key: &str, owner: u64, change: u64, rev: u64) {
    let Some(mut kept) = storage::unsaved(key).and_then(|t| serde_json::from_str::<Kept>(&t).ok()) else {
        return;
    };
    if kept.owner != Some(owner) {
        return;
    }
    if kept.change.is_none_or(|c| c <= change) {
        storage::drop_unsaved(key);
    } else {
        kept.base = Some(rev);
        if let Ok(json) = serde_json::to_string(&kept) {
            storage::stash_unsaved(key, json);
        }
    }
}

/// Adds `f` as a `kind` listener on the document; the returned handle removes it.
fn document_listener(
    kind: &'static str,
    f: impl Fn(web_sys::MouseEvent) + 'static,
) -> Option<send_wrapper::SendWrapper<Box<dyn FnOnce()>>> {
    let d = document();
    let handler = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MouseEvent)>::new(f);
    d.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref()).ok()?;
    let remove: Box<dyn FnOnce()> = Box::new(move || {
        // A listener that cannot be removed only keeps a no-op alive (the form is gone).
        let _ = d.remove_event_listener_with_callback(kind, handler.as_ref().unchecked_ref());
    });
    Some(send_wrapper::SendWrapper::new(remove))
}
