//! Stored entries that could not be read (damaged, or of an unknown version): listed so the
//! user knows, exportable exactly as stored, and removable one by one after confirmation.
//! Shows nothing when every entry loaded.

use ansinh_core::i18n::Msg;
use ansinh_core::sync::store::EntryIssue;
use leptos::prelude::*;

use crate::components::when::When;
use crate::context::{use_lang, use_notices, use_store, Notice, Part};
use crate::export::export_bad_entries;

/// The list. No props.
#[component]
pub fn BadEntries() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let notices = use_notices();
    let entries = Memo::new(move |_| store.read(&[Part::Bad], |s| s.bad_entries().to_vec()).unwrap_or_default());
    let confirming = RwSignal::new(None::<String>);
    let export_raw = move |_| {
        if export_bad_entries(store).is_err() {
            notices.push(Notice { prefix: Some(Msg::ExportFailed), msg: Msg::StorageOther, offer_export: false });
        }
    };
    view! {
        <When when=move || !entries.with(|e| e.is_empty())>
            <section class="panel bad-entries" data-testid="bad-entries">
                <h3>{move || lang.t(Msg::BadEntriesTitle)}</h3>
                <p>{move || lang.t(Msg::BadEntriesIntro)}</p>
                <button type="button" data-testid="export-raw" on:click=export_raw>{move || lang.t(Msg::ExportRaw)}</button>
                <ul>
                    <For each=move || entries.get() key=|b| b.key.clone() let:b>
                        {
                            let key = b.key.clone();
                            let key2 = b.key.clone();
                            let key3 = b.key.clone();
                            let (what, detail) = match &b.issue {
                                EntryIssue::Corrupt(d) => (Msg::BadCorrupt, d.clone()),
                                EntryIssue::Foreign(d) => (Msg::BadForeign, d.clone()),
                            };
                            view! {
                                <li data-testid="bad-entry">
                                    <code>{b.key.clone()}</code>" — "<strong>{move || lang.t(what)}</strong>
                                    " ("{detail}")"
                                    <When
                                        when=move || confirming.get().as_deref() == Some(key.as_str())
                                        fallback=move || {
                                            let k = key2.clone();
                                            view! {
                                                <button type="button" on:click=move |_| confirming.set(Some(k.clone()))>
                                                    {move || lang.t(Msg::RemoveEntry)}
                                                </button>
                                            }
                                        }
                                    >
                                        {
                                            let k = key3.clone();
                                            view! {
                                                <button type="button" class="danger" on:click=move |_| {
                                                    let k = k.clone();
                                                    // Under the lock, from the store as stored now: an
                                                    // entry another tab replaced is not removed.
                                                    leptos::task::spawn_local(async move {
                                                        if let Err(e) = store.update_locked(move |s| s.remove_bad(&k)).await {
                                                            notices.push(Notice::store(None, &e));
                                                        }
                                                    });
                                                    confirming.set(None);
                                                }>{move || lang.t(Msg::Delete)}</button>
                                                <button type="button" on:click=move |_| confirming.set(None)>
                                                    {move || lang.t(Msg::Cancel)}
                                                </button>
                                            }
                                        }
                                    </When>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </When>
    }
}
