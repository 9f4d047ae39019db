//! The storage panel: space used against Chromium's quota, whether the browser keeps the data,
//! how many records are not yet exported (what clearing the browser would lose), and an export
//! at once.

use ansinh_core::i18n::Msg;
use ansinh_core::sync::store::{Channel, CHROMIUM_QUOTA_UNITS};
use chrono::{Datelike, Local, Timelike};
use leptos::prelude::*;

use crate::context::{use_lang, use_notices, use_persist, use_plan, use_store, Notice, Part};
use crate::export::{export_all, ExportError};

/// Size as the browser counts it (2 bytes per UTF-16 unit), in KB below a megabyte, with the
/// Vietnamese decimal comma.
fn megabytes(units: usize) -> String {
    let bytes = units as f64 * 2.0;
    if bytes < 1_000_000.0 {
        format!("{:.0} KB", bytes / 1000.0)
    } else {
        format!("{:.1} MB", bytes / 1_000_000.0).replace('.', ",")
    }
}

/// The panel. No props: it reads the store, the persistence answer and the language.
#[component]
pub fn StorageStatus() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let plan = use_plan();
    let notices = use_notices();
    let persist = use_persist();
    // Kept up to date by every write (here or in another tab) from its size: a save does not
    // read every entry again.
    let usage = Memo::new(move |_| store.usage());
    // What is left to export is kept in each record's entry and the export marker.
    let parts = [Part::Households, Part::Figures, Part::Reports, Part::Sync];
    let unexported = Memo::new(move |_| store.read(&parts, |s| s.changed_count(Channel::File)).unwrap_or(0));
    let last_export = Memo::new(move |_| {
        store
            .read(&[Part::Sync], |s| {
                s.last_export().map(|t| {
                    // "14:03:09 29/11/2026", by hand: chrono format strings cost download size.
                    let t = t.with_timezone(&Local);
                    format!(
                        "{:02}:{:02}:{:02} {:02}/{:02}/{}",
                        t.hour(),
                        t.minute(),
                        t.second(),
                        t.day(),
                        t.month(),
                        t.year()
                    )
                })
            })
            .flatten()
    });
    let export = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(e) = export_all(store, plan).await {
                let prefix = if matches!(e, ExportError::NotRecorded(_)) { None } else { Some(Msg::ExportFailed) };
                notices.push(Notice { prefix, msg: e.msg(), offer_export: false });
            }
        });
    };
    view! {
        <section class="panel storage-status" data-testid="storage-status">
            <h3>{move || lang.t(Msg::StorageTitle)}</h3>
            <p data-testid="storage-used">
                {move || lang.t(Msg::StorageUsed)}" "
                {move || usage.get().map(|u| megabytes(u.all)).unwrap_or_else(|| "?".into())}" "
                {move || lang.t(Msg::StorageOfAbout)}" "{megabytes(CHROMIUM_QUOTA_UNITS)}
                {move || usage.get().map(|u| format!(" ({:.0}%)", u.all as f64 * 100.0 / CHROMIUM_QUOTA_UNITS as f64))}
            </p>
            <meter min="0" max="1" high="0.6" optimum="0"
                value=move || usage.get().map(|u| u.all as f64 / CHROMIUM_QUOTA_UNITS as f64).unwrap_or(0.0)/>
            <p data-testid="persist">
                {move || lang.t(match persist.0.get() {
                    Some(true) => Msg::Persisted,
                    Some(false) => Msg::NotPersisted,
                    None => Msg::PersistUnknown,
                })}
            </p>
            <p>
                {move || lang.t(Msg::Unexported)}" "
                <strong data-testid="unexported">{move || unexported.get()}</strong>
                ". "{move || lang.t(Msg::LastExport)}" "
                {move || last_export.get().unwrap_or_else(|| lang.t(Msg::NeverExported).to_owned())}
            </p>
            <p class="callout warning">{move || lang.t(Msg::ClearWarning)}</p>
            <button type="button" class="primary" data-testid="export-now" on:click=export>
                {move || lang.t(Msg::ExportNow)}
            </button>
        </section>
    }
}
