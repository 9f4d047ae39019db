//! The autosave acknowledgement under a form: "Đã lưu lúc 14:03:21", saving, or why not.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use ansinh_core::sync::store::StoreError;

use crate::context::{use_lang, Notice, NoticesCtx};
use crate::storage::store_error_msg;

/// Where a form's autosave stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// Opened, nothing changed yet.
    Idle,
    /// A change waits for the debounce (saved within a second).
    Pending,
    /// Saved; the local time of the save.
    Saved(String),
    /// Another tab saved a newer version and this form, with no unsaved change, loaded it.
    ReloadedNewer,
    /// Another tab saved while this form had unsaved changes: the user must choose.
    Conflict,
    /// Another tab deleted the record.
    DeletedElsewhere,
    /// The write failed; the last saved version is kept. The message says what to do.
    Failed(Msg),
}

/// Shows `state` in the current language.
///
/// Props:
/// - `state`: the form's autosave state.
#[component]
pub fn SaveStatus(#[prop(into)] state: Signal<SaveState>) -> impl IntoView {
    let lang = use_lang();
    let class = move || match state.get() {
        SaveState::Saved(_) | SaveState::Idle => "save-status ok",
        SaveState::Pending => "save-status",
        _ => "save-status bad",
    };
    let text = move || match state.get() {
        SaveState::Idle => String::new(),
        SaveState::Pending => lang.t(Msg::Saving).to_owned(),
        SaveState::Saved(at) => format!("{} {at}", lang.t(Msg::SavedAt)),
        SaveState::ReloadedNewer => format!("{} {}", lang.t(Msg::ChangedElsewhere), lang.t(Msg::ReloadedNewer)),
        SaveState::Conflict => lang.t(Msg::ChangedElsewhere).to_owned(),
        SaveState::DeletedElsewhere => lang.t(Msg::DeletedElsewhere).to_owned(),
        SaveState::Failed(m) => format!("{} {}", lang.t(Msg::NotSaved), lang.t(m)),
    };
    view! { <p class=class role="status" aria-live="polite" data-testid="save-status">{text}</p> }
}

impl SaveState {
    /// What an autosave that failed with `e` shows. Another tab's newer version or deletion is
    /// the form's own state; any other failure is also raised as a notice, so it is never silent.
    pub fn after_failed_save(e: &StoreError, notices: NoticesCtx) -> SaveState {
        match e {
            StoreError::Conflict { .. } => SaveState::Conflict,
            StoreError::Deleted { .. } => SaveState::DeletedElsewhere,
            _ => {
                notices.push(Notice::store(Some(Msg::NotSaved), e));
                SaveState::Failed(store_error_msg(e))
            }
        }
    }
}
