//! Whether this tablet can already work without a connection: "Sẵn sàng dùng ngoại tuyến" once
//! the offline worker has fetched and checked every file of the build (every lazily loaded page
//! included), a warning before (scripts/offline/register.js, `data-ansinh-offline`).
//!
//! Contract: follows `<html data-ansinh-offline>` through the `ansinh-offline` event; shows
//! nothing where there is no worker by design (debug builds: the attribute is absent).

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::use_lang;

fn offline_state() -> Option<String> {
    document().document_element()?.get_attribute("data-ansinh-offline")
}

/// The offline readiness label in the header. No props.
#[component]
pub fn OfflineReady() -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(offline_state());
    let handle = window_event_listener_untyped("ansinh-offline", move |_| state.set(offline_state()));
    on_cleanup(move || handle.remove());
    move || {
        let (class, msg) = match state.get().as_deref() {
            Some("ready") => ("offline-ready ok", Msg::OfflineReady),
            Some(_) => ("offline-ready warning", Msg::OfflineNotReady),
            None => return None,
        };
        Some(view! { <span class=class data-testid="offline-ready" role="status">{lang.t(msg)}</span> })
    }
}
