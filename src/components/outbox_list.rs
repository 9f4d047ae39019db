//! The outbox on the Sync page: counts of records waiting, bundles pending, failing and sent,
//! and one row per bundle with its time, record count, size, attempts, the next attempt or the
//! acknowledgement time, and the last error in the user's language. Records count as sent only
//! once their bundle is acknowledged.

use ansinh_core::i18n::{Lang, Msg};
use ansinh_core::sync::outbox::{Entry, Status};
use ansinh_core::sync::store::Channel;
use chrono::{DateTime, Datelike, Local, Timelike, Utc};
use leptos::prelude::*;

use crate::context::{use_lang, use_store, Part};
use crate::upload::use_upload;

/// `14:03:21 29/11/2026` in the tablet's time zone, formatted by hand (no chrono format strings
/// in the wasm).
pub fn local_time(t: DateTime<Utc>) -> String {
    let l = t.with_timezone(&Local);
    format!("{:02}:{:02}:{:02} {:02}/{:02}/{}", l.hour(), l.minute(), l.second(), l.day(), l.month(), l.year())
}

fn size(bytes: Option<u64>) -> String {
    match bytes {
        None => "—".into(),
        Some(b) if b < 10_000 => format!("{b} B"),
        Some(b) => format!("{} KB", b.div_ceil(1000)),
    }
}

fn row(e: &Entry, lang: Lang) -> impl IntoView {
    let (class, word, detail) = match &e.status {
        Status::Pending => ("pending", Msg::OutboxPending, String::new()),
        Status::Failing { last_error, next_attempt_at, .. } => (
            "failing",
            Msg::OutboxFailing,
            format!(
                "{} {} {}",
                last_error.message(lang),
                Msg::OutboxNextAttempt.text(lang),
                local_time(*next_attempt_at)
            ),
        ),
        Status::Sent { acked_at, duplicate, .. } => {
            let dup = if *duplicate { format!(" {}", Msg::OutboxDuplicate.text(lang)) } else { String::new() };
            ("sent", Msg::OutboxSent, format!("{} {}{dup}", Msg::OutboxAckedAt.text(lang), local_time(*acked_at)))
        }
    };
    let id = e.bundle_id.to_string();
    view! {
        <tr data-testid="outbox-row" data-status=class data-bundle=id.clone()>
            <td><code title=id.clone()>{id[..8].to_string()}</code></td>
            <td>{local_time(e.created_at)}</td>
            <td class="num">{e.records}</td>
            <td class="num">{size(e.bytes)}</td>
            <td class="num" data-testid="outbox-attempts">{e.attempts()}</td>
            <td class=format!("outbox-{class}")><strong>{word.text(lang)}</strong>" "<span data-testid="outbox-detail">{detail}</span></td>
        </tr>
    }
}

/// The list. No props.
#[component]
pub fn OutboxList() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let up = use_upload();
    // What changed is kept in each record's entry and the outbox marker.
    let parts = [Part::Households, Part::Figures, Part::Reports, Part::Sync];
    let waiting = Memo::new(move |_| store.read(&parts, |s| s.changed_count(Channel::Outbox)).unwrap_or(0));
    let summary = Memo::new(move |_| up.outbox.with(|o| o.summary()));
    let count = |n: usize, what: Msg, l: Lang| format!("{n} {}", what.text(l));
    view! {
        <section class="panel outbox" data-testid="outbox">
            <h3>{move || lang.t(Msg::OutboxTitle)}</h3>
            <ul class="outbox-summary">
                <li>{move || lang.t(Msg::UploadWaiting)}" "<strong data-testid="outbox-waiting">{move || waiting.get()}</strong></li>
                <li>{move || lang.t(Msg::OutboxPending)}": "
                    <strong data-testid="outbox-pending">{move || summary.get().pending_bundles}</strong>" "
                    {move || lang.t(Msg::OutboxBundles)}" ("{move || count(summary.get().pending_records, Msg::OutboxRecords, lang.0.get())}")"</li>
                <li>{move || lang.t(Msg::OutboxFailing)}": "
                    <strong data-testid="outbox-failing">{move || summary.get().failing_bundles}</strong>" "
                    {move || lang.t(Msg::OutboxBundles)}" ("{move || count(summary.get().failing_records, Msg::OutboxRecords, lang.0.get())}")"</li>
                <li>{move || lang.t(Msg::OutboxSent)}": "
                    <strong data-testid="outbox-sent">{move || summary.get().sent_bundles}</strong>" "
                    {move || lang.t(Msg::OutboxBundles)}" ("
                    <span data-testid="outbox-sent-records">{move || summary.get().sent_records}</span>" "
                    {move || lang.t(Msg::OutboxRecords)}")"</li>
            </ul>
            {move || {
                let l = lang.0.get();
                let rows: Vec<_> = up.outbox.with(|o| o.entries().into_iter().rev().map(|e| row(e, l)).collect());
                if rows.is_empty() {
                    view! { <p class="muted">{Msg::OutboxEmpty.text(l)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table class="records outbox-table">
                                <thead><tr>
                                    <th>{Msg::OutboxBundle.text(l)}</th>
                                    <th>{Msg::OutboxCreated.text(l)}</th>
                                    <th>{Msg::OutboxRecordsHead.text(l)}</th>
                                    <th>{Msg::OutboxSize.text(l)}</th>
                                    <th>{Msg::OutboxAttempts.text(l)}</th>
                                    <th>{Msg::OutboxStatus.text(l)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
