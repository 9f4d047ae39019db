//! The online/offline indicator in the header.
//!
//! Contract: shows what `navigator.onLine` says and follows the browser's `online`/`offline`
//! events. Offline is the normal state in the villages, so the offline text says the data is
//! still being saved on the device; nothing else in the app waits on this signal.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::use_lang;

/// A small status label ("Trực tuyến" / "Ngoại tuyến — …"). No props.
#[component]
pub fn OnlineStatus() -> impl IntoView {
    let lang = use_lang();
    let online = RwSignal::new(window().navigator().on_line());
    // One closure for both events: the browser's flag is the truth either way.
    let sync = move |_| online.set(window().navigator().on_line());
    let on = window_event_listener_untyped("online", sync);
    let off = window_event_listener_untyped("offline", sync);
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    // One closure rebuilding the label: smaller in the wasm than a reactive class plus text.
    move || {
        let (class, msg) =
            if online.get() { ("net-status", Msg::Online) } else { ("net-status offline", Msg::Offline) };
        view! { <span class=class data-testid="online-status" role="status">{lang.t(msg)}</span> }
    }
}
