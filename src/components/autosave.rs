//! Autosave of a form's draft, shared by the household form and the report editor.
//!
//! Contract:
//! - `changed` marks the draft unsaved, shows "saving" (unless a conflict is shown, which only
//!   the user resolves) and writes it `DEBOUNCE_MS` after the last change; `commit` writes at
//!   once. Leaving or hiding the page and unmounting the form write at once too, so the last
//!   keystrokes are never lost.
//! - The form's `write` closure saves the draft from the given base revision and returns the new
//!   revision and the time to show ("Đã lưu lúc …"), or `None` when the form is gone. On success
//!   the base moves on and the draft is clean; on failure the draft stays unsaved (the next
//!   change, page hide or unmount tries again with all of it) and the status says why: another
//!   tab's newer version or deletion as the form's own state, anything else also as a notice
//!   (`SaveState::after_failed_save`), never silently.
//! - Every accessor used by a write tolerates a disposed form (`try_` accessors): a write can
//!   run from cleanup or page hide while the form goes away.

use ansinh_core::store::StoreError;
use leptos::prelude::*;

use crate::components::save_status::SaveState;
use crate::context::{use_notices, NoticesCtx};

/// How long a form waits after the last change before writing (well within a second).
pub const DEBOUNCE_MS: u64 = 400;

/// What a form's write returns: the new revision and the time to show, or why it failed.
pub type WriteResult = Result<(u64, String), StoreError>;

type Write = Box<dyn Fn(Option<u64>) -> Option<WriteResult> + Send + Sync>;

/// One form's autosave (see the module contract); `Copy`, to be captured by handlers.
#[derive(Clone, Copy)]
pub struct Autosave {
    /// What the status line under the form shows.
    pub state: RwSignal<SaveState>,
    /// The revision the draft starts from; the store refuses a save from another one.
    base: StoredValue<Option<u64>>,
    dirty: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    write: StoredValue<Write>,
    notices: NoticesCtx,
}

impl Autosave {
    /// The autosave of a draft read at revision `rev`, written by `write`. Installs the page
    /// hide and unmount writes in the current owner (the form).
    pub fn new(rev: u64, write: impl Fn(Option<u64>) -> Option<WriteResult> + Send + Sync + 'static) -> Self {
        let autosave = Autosave {
            state: RwSignal::new(SaveState::Idle),
            base: StoredValue::new(Some(rev)),
            dirty: StoredValue::new(false),
            timer: StoredValue::new(None),
            write: StoredValue::new(Box::new(write)),
            notices: use_notices(),
        };
        // Leaving the page (reload, tab closed, app switched) must not lose the last keystrokes.
        let hide = window_event_listener(leptos::ev::pagehide, move |_| autosave.save_now());
        let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| autosave.save_now());
        on_cleanup(move || {
            autosave.save_now();
            hide.remove();
            hidden.remove();
        });
        autosave
    }

    /// Writes the draft now if it has unsaved changes.
    pub fn save_now(self) {
        if let Some(Some(t)) = self.timer.try_get_value() {
            t.clear();
        }
        self.timer.try_set_value(None);
        if self.dirty.try_get_value() != Some(true) {
            return;
        }
        let Some(base) = self.base.try_get_value() else { return };
        let Some(Some(result)) = self.write.try_with_value(|w| w(base)) else { return };
        match result {
            Ok((rev, at)) => {
                self.base.try_set_value(Some(rev));
                self.dirty.try_set_value(false);
                self.state.try_set(SaveState::Saved(at));
            }
            Err(e) => {
                self.state.try_set(SaveState::after_failed_save(&e, self.notices));
            }
        }
    }

    /// The draft changed: write it after the debounce.
    pub fn changed(self) {
        self.dirty.set_value(true);
        if self.state.get_untracked() != SaveState::Conflict {
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
        self.dirty.set_value(true);
        self.save_now();
    }

    /// The revision the draft starts from.
    pub fn base(self) -> Option<u64> {
        self.base.get_value()
    }

    /// The draft now starts from `rev` (the user keeps their version over a newer one).
    pub fn rebase(self, rev: u64) {
        self.base.set_value(Some(rev));
    }

    /// The draft was replaced by the stored version `rev`: nothing is unsaved.
    pub fn reloaded(self, rev: u64) {
        self.base.set_value(Some(rev));
        self.dirty.set_value(false);
    }

    /// Whether the draft has changes not written yet.
    pub fn is_dirty(self) -> bool {
        self.dirty.get_value()
    }
}
