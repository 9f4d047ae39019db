//! Báo cáo: the yearly reports of section IV.
//!
//! Contract: `/bao-cao` chooses a unit and year and lists the stored reports;
//! `/bao-cao?bc=<uuid>` opens the form of one (a reload comes back to it);
//! `/bao-cao/in?bc=<uuid>` is its print view (the document alone when printing).

use ansinh_core::i18n::Msg;
use ansinh_core::report::Report;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::components::report_docx::ReportDocx;
use crate::components::report_table::year_evaluation;
use crate::components::{report_editor::ReportEditor, report_picker::ReportPicker, report_print::ReportPrint};
use crate::context::{use_lang, use_store, Part};

fn query_id() -> Memo<Option<Uuid>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("bc").and_then(|s| Uuid::parse_str(&s).ok())))
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let lang = use_lang();
    let open = query_id();
    view! {
        <section class="reports">
            <h2>{move || lang.t(Msg::NavReports)}</h2>
            {move || match open.get() {
                Some(id) => view! { <ReportEditor id=id/> }.into_any(),
                None => view! { <ReportPicker/> }.into_any(),
            }}
        </section>
    }
}

/// The print view of one report: the document, with a print button and a way back on screen.
#[component]
pub fn ReportPrintPage() -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let id = query_id();
    let report = Memo::new(move |_| {
        id.get()
            .and_then(|id| store.read(&[Part::Reports], |s| s.get::<Report>(id).map(|x| x.record.clone())).flatten())
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            if w.print().is_err() {
                leptos::logging::warn!("window.print failed");
            }
        }
    };
    move || match report.get() {
        // No report chosen, or one not on this device: say so and offer the way back.
        None => {
            let msg = if id.get().is_none() { Msg::ReportPrintNoId } else { Msg::RecordNotFound };
            view! {
                // The page's heading, as on every page (a screen reader user lands on it).
                <h2>{move || lang.t(Msg::NavReports)}</h2>
                <p class="back no-print"><A href="/bao-cao" attr:data-testid="print-back">{move || lang.t(Msg::ReportBack)}</A></p>
                <p class="callout" data-testid="not-found">{lang.t(msg)}</p>
            }
            .into_any()
        }
        Some(r) => {
            let current = Signal::derive(move || report.get().unwrap_or_else(|| r.clone()));
            let evaluation = year_evaluation(Signal::derive(move || current.with(|r| r.year)));
            let back = format!("/bao-cao?bc={}", current.with_untracked(|r| r.meta.id));
            view! {
                <p class="no-print">
                    <A href=back>{move || lang.t(Msg::NavReports)}</A>" "
                    <button type="button" data-testid="report-print" on:click=print>{move || lang.t(Msg::ReportPrintNow)}</button>" "
                    <ReportDocx report=current evaluation=evaluation/>
                </p>
                <ReportPrint report=current evaluation=evaluation/>
            }
            .into_any()
        }
    }
}
