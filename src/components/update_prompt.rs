//! The "new version" prompt ("Có phiên bản mới — tải lại").
//!
//! Contract: the offline worker's page script (`scripts/offline/register.js`, put into
//! index.html by release builds) sets `<html data-ansinh-update>` when a new build is installed
//! and waits; the stylesheet shows this prompt only then, so the attribute is the one state and
//! the prompt is right even when the build was found before the app mounted. Pressing the button
//! fires `ansinh-apply-update`; the script then switches to the new build and reloads this tab.
//! Nothing reloads without the user's press, so a form being typed is never cut off; records
//! live in local storage, which an update does not touch. Why DOM events and an attribute rather
//! than service-worker bindings: the worker's API is JavaScript's, and bindings and a signal
//! for it would add to the wasm for a dozen lines of logic.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::use_lang;

/// The prompt bar, hidden by the stylesheet until a new version is ready. No props.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let lang = use_lang();
    let apply = move |_| {
        let sent = web_sys::Event::new("ansinh-apply-update").and_then(|e| window().dispatch_event(&e));
        if sent.is_err() {
            leptos::logging::warn!("could not ask for the new version");
        }
    };
    view! {
        <div class="update-prompt" role="status">
            <button type="button" data-testid="update-prompt" on:click=apply>
                {move || lang.t(Msg::UpdateReady)}
            </button>
            <span>{move || lang.t(Msg::UpdateKeepsData)}</span>
        </div>
    }
}
