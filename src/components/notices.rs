//! Banner of notices (e.g. a write that failed), each with its Vietnamese explanation. A full
//! storage notice offers to export at once, since exporting is how the user frees room safely.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::{use_lang, use_notices, use_store, Notice};
use crate::export::{export_all_lazy, ExportError};

/// Shows every pending notice with a dismiss button. No props.
#[component]
pub fn Notices() -> impl IntoView {
    let lang = use_lang();
    let notices = use_notices();
    let store = use_store();
    let export = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(e) = export_all_lazy(store).await {
                let prefix = if matches!(e, ExportError::NotRecorded(_)) { None } else { Some(Msg::ExportFailed) };
                notices.push(Notice { prefix, msg: e.msg(), offer_export: false });
            }
        });
    };
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
                                    {lang.t(n.msg)}
                                </p>
                                <div class="notice-actions">
                                    {n.offer_export.then(|| view! {
                                        <button type="button" class="primary" data-testid="notice-export" on:click=export>
                                            {lang.t(Msg::ExportNow)}
                                        </button>
                                    })}
                                    <button
                                        type="button"
                                        on:click=move |_| notices.0.update(|v| { if i < v.len() { v.remove(i); } })
                                    >
                                        {lang.t(Msg::Dismiss)}
                                    </button>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
