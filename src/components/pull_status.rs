//! The pulls from the district hub on the Sync page: the last one (when, and what it brought —
//! records, conflicts — or why it stopped), then the last 10 as a short history ("Các lần nhận
//! gần đây"), each with its local time and outcome, in the user's language. Shown once a pull
//! was tried.

use ansinh_core::i18n::Lang;
use ansinh_core::sync::pull::LastPull;
use leptos::prelude::*;

use crate::components::outbox_list::local_time;
use crate::context::use_lang;
use crate::upload::use_upload;

fn state(l: &LastPull) -> &'static str {
    if l.outcome.is_ok() {
        "ok"
    } else {
        "failed"
    }
}

/// The panel. No props: it reads the uploader's context (the puller fills it from storage at
/// its first run, so the state's decoder stays in the uploader's chunk alone).
#[component]
pub fn PullStatus() -> impl IntoView {
    let lang = use_lang();
    let up = use_upload();
    let pulled = up.pulled;
    let last = move || {
        let lang = lang.0.get();
        pulled.with(|p| p.first().map(|l| (state(l), local_time(l.at), l.outcome.message(lang))))
    };
    let title = move || match lang.0.get() {
        Lang::Vi => "Lần nhận gần nhất từ máy chủ huyện",
        Lang::En => "Last pull from the district hub",
    };
    let recent = move || {
        let n = pulled.with(Vec::len);
        match lang.0.get() {
            Lang::Vi => format!("Các lần nhận gần đây ({n})"),
            Lang::En => format!("Recent pulls ({n})"),
        }
    };
    let rows = move || {
        let lang = lang.0.get();
        pulled
            .get()
            .into_iter()
            .map(|p| {
                view! {
                    <li data-testid="pull-history-item" data-state=state(&p)>
                        <span class="pull-time">{local_time(p.at)}</span>" — "{p.outcome.message(lang)}
                    </li>
                }
            })
            .collect_view()
    };
    // The panel is made once a pull was tried; its parts follow each pull (the list stays open
    // or closed as the user left it).
    view! {
        <Show when=move || pulled.with(|p| !p.is_empty())>
            <div class="pull-status-panel">
                <p
                    class="pull-status"
                    data-testid="pull-status"
                    data-state=move || last().map(|l| l.0).unwrap_or("ok")
                >
                    {title}": "
                    <span data-testid="pull-time">{move || last().map(|l| l.1).unwrap_or_default()}</span>
                    " — "
                    <span data-testid="pull-result">{move || last().map(|l| l.2).unwrap_or_default()}</span>
                </p>
                <details class="pull-history" data-testid="pull-history">
                    <summary>{recent}</summary>
                    <ol>{rows}</ol>
                </details>
            </div>
        </Show>
    }
}
