//! Banner of notices (e.g. a write that failed), each with its Vietnamese explanation.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::{use_lang, use_notices};

/// Shows every pending notice with a dismiss button. No props.
#[component]
pub fn Notices() -> impl IntoView {
    let lang = use_lang();
    let notices = use_notices();
    view! {
        <div class="notices" role="alert" aria-live="assertive">
            {move || {
                notices
                    .0
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, n)| {
                        let prefix = n.prefix.map(|p| lang.t(p));
                        view! {
                            <div class="notice notice-error" data-testid="notice">
                                <p>
                                    {prefix.map(|p| view! { <strong>{p}" "</strong> })}
                                    {lang.t(n.error.msg())}
                                </p>
                                <button
                                    type="button"
                                    on:click=move |_| notices.0.update(|v| { if i < v.len() { v.remove(i); } })
                                >
                                    {lang.t(Msg::Dismiss)}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
