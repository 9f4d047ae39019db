//! The last pull from the district hub on the Sync page: when, and what it brought (records,
//! conflicts) or why it stopped, in the user's language. Shown once a pull was tried.

use ansinh_core::i18n::Lang;
use leptos::prelude::*;

use crate::components::outbox_list::local_time;
use crate::context::use_lang;
use crate::upload::use_upload;

/// The panel. No props: it reads the uploader's context (the puller fills it from storage at
/// its first run, so the state's decoder stays in the uploader's chunk alone).
#[component]
pub fn PullStatus() -> impl IntoView {
    let lang = use_lang();
    let up = use_upload();
    move || {
        up.pulled.get().map(|l| {
            let lang = lang.0.get();
            let title = match lang {
                Lang::Vi => "Lần nhận gần nhất từ máy chủ huyện",
                Lang::En => "Last pull from the district hub",
            };
            let state = if l.outcome.is_ok() { "ok" } else { "failed" };
            view! {
                <p class="pull-status" data-testid="pull-status" data-state=state>
                    {title}": "<span data-testid="pull-time">{local_time(l.at)}</span>" — "
                    <span data-testid="pull-result">{l.outcome.message(lang)}</span>
                </p>
            }
        })
    }
}
