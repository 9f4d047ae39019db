//! The form of one yearly report (báo cáo): header fields, task progress, difficulties,
//! proposals, recipients and signer, the indicator table, finalise/reopen and the history.
//!
//! Autosave as the household form: a change is written within a second (and at once when the
//! page is hidden or left), acknowledged with the time; a failed write is shown and kept in the
//! notices, never dropped. The store refuses stale writes; a newer save from another tab is
//! loaded when this form has no unsaved change, otherwise the status says so. Finalise and
//! reopen are written at once. A finalised report is read-only (the inputs are disabled, and
//! `Report::edit` refuses anyway).

use ansinh_core::domain::plan::Recipient;
use ansinh_core::i18n::{Msg, Text};
use ansinh_core::report::{Report, ReportContent};
use chrono::{DateTime, Datelike, Local, Timelike, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::components::autosave::{Autosave, Job};
use crate::components::report_audit::ReportAudit;
use crate::components::report_table::{year_evaluation, EvalMemo, ReportTable};
use crate::components::report_tasks::ReportTasks;
use crate::components::save_status::{SaveState, SaveStatus};
use crate::components::when::When;
use crate::context::{use_lang, use_store, Part};

/// What the parts of the form share: the report being edited and how to save it.
#[derive(Clone, Copy)]
pub struct DraftHandle {
    pub report: RwSignal<Report>,
    /// The evaluation of the report's year (live figures of a draft).
    pub evaluation: EvalMemo,
    autosave: Autosave,
}

impl DraftHandle {
    /// Applies `change` to the content and schedules the autosave; a finalised report refuses
    /// and the status says so.
    pub fn edit(self, change: impl FnOnce(&mut ReportContent)) {
        let mut result = Ok(());
        self.report.update(|r| result = r.edit(Utc::now(), change));
        match result {
            Ok(()) => self.autosave.changed(),
            Err(_) => self.autosave.state.set(SaveState::Failed(Msg::ReportReadOnly)),
        }
    }

    /// Saves a finalise or reopen at once.
    pub fn commit(self) {
        self.autosave.commit();
    }

    /// Whether the report is finalised (tracked).
    pub fn read_only(self) -> bool {
        self.report.with(Report::is_finalised)
    }
}

/// "14:03 29/11/2026" in the device's time zone (by hand: no chrono format strings in the app).
pub fn local_time(at: DateTime<Utc>) -> String {
    let t = at.with_timezone(&Local);
    format!("{:02}:{:02} {:02}/{:02}/{}", t.hour(), t.minute(), t.day(), t.month(), t.year())
}

/// The recipients as edited: one per line, the purpose in brackets ("UBND huyện (b/c)").
fn recipients_text(rs: &[Recipient]) -> String {
    rs.iter()
        .map(|r| match &r.purpose {
            Some(p) => format!("{} ({})", r.name.vi, p.vi),
            None => r.name.vi.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_recipients(text: &str) -> Vec<Recipient> {
    text.lines()
        .map(|l| l.trim().trim_start_matches('-').trim().trim_end_matches([';', '.']).trim())
        .filter(|l| !l.is_empty())
        .map(|l| match l.strip_suffix(')').and_then(|x| x.rsplit_once(" (")) {
            Some((name, purpose)) => {
                Recipient { agency: None, name: Text::new(name, name), purpose: Some(Text::new(purpose, purpose)) }
            }
            None => Recipient { agency: None, name: Text::new(l, l), purpose: None },
        })
        .collect()
}

/// The form of the report `id` (read from the store; a missing id says so).
///
/// Props:
/// - `id`: the report's record id.
#[component]
pub fn ReportEditor(id: Uuid) -> impl IntoView {
    let lang = use_lang();
    let store = use_store();
    let back = move || view! { <p class="no-print"><A href="/bao-cao">{move || lang.t(Msg::ReportBack)}</A></p> };
    let Some(initial) = store.with_untracked(|s| s.get::<Report>(id).cloned()).flatten() else {
        return view! { {back} <p class="callout" data-testid="not-found">{move || lang.t(Msg::RecordNotFound)}</p> }
            .into_any();
    };

    let report = RwSignal::new(initial.record);
    let autosave = Autosave::new(initial.rev, move |base| {
        let r = report.try_get_untracked()?;
        let job: Job = Box::new(move || {
            let now = Utc::now();
            store.update(|s| s.save(&r, base, now)).map(|rev| (rev, local_time(now)))
        });
        Some(job)
    });
    let state = autosave.state;
    // An edit the page could not write before it went away (closed within the debounce, or a
    // finalisation still waiting for the cross-tab lock) comes back, as in the household form.
    autosave.keep_draft(id.to_string(), report, |stored, kept| stored == kept);

    // Another tab saved or deleted this report.
    let stored =
        Memo::new(move |_| store.read(&[Part::Reports], |s| (s.get::<Report>(id).map(|x| x.rev), s.is_deleted(id))));
    Effect::new(move |_| {
        let Some((rev, deleted)) = stored.get() else { return };
        if deleted {
            state.set(SaveState::DeletedElsewhere);
        } else if rev.is_some() && rev != autosave.base() {
            if autosave.is_dirty() {
                state.set(SaveState::Conflict);
            } else if let Some(st) = store.with_untracked(|s| s.get::<Report>(id).cloned()).flatten() {
                report.set(st.record);
                autosave.reloaded(st.rev);
                state.set(SaveState::ReloadedNewer);
            }
        }
    });

    // The engine runs once per change of plan, survey data or the report's year, not per keystroke.
    let evaluation = year_evaluation(Signal::derive(move || report.with(|r| r.year)));
    let h = DraftHandle { report, evaluation, autosave };
    let ro = move || h.read_only();

    let text_field = move |msg: Msg,
                           testid: &'static str,
                           get: fn(&ReportContent) -> String,
                           set: fn(&mut ReportContent, String)| {
        view! {
            <label class="wide">
                <span>{move || lang.t(msg)}</span>
                <textarea data-testid=testid rows="3" prop:value=move || report.with(|r| get(r.content()))
                    disabled=ro on:input=move |ev| { let v = event_target_value(&ev); h.edit(|c| set(c, v)) }></textarea>
            </label>
        }
    };
    let line_field = move |msg: Msg,
                           testid: &'static str,
                           get: fn(&ReportContent) -> String,
                           set: fn(&mut ReportContent, String)| {
        view! {
            <label>
                <span>{move || lang.t(msg)}</span>
                <input type="text" data-testid=testid prop:value=move || report.with(|r| get(r.content()))
                    disabled=ro on:input=move |ev| { let v = event_target_value(&ev); h.edit(|c| set(c, v)) }/>
            </label>
        }
    };
    let print_href = format!("/bao-cao/in?bc={id}");

    view! {
        {back}
        <form class="report-form" data-testid="report-form" on:submit=|ev| ev.prevent_default()>
            <SaveStatus state=state/>
            <When when=ro>
                <p class="callout" data-testid="report-read-only">{move || lang.t(Msg::ReportReadOnly)}</p>
            </When>
            <p><A href=print_href attr:data-testid="report-print-link">{move || lang.t(Msg::ReportPrintView)}</A></p>
            <h3>{move || lang.t(Msg::ReportDocument)}</h3>
            <div class="fields">
                {line_field(Msg::ReportIssuingBody, "report-issuer", |c| c.header.issuing_body.clone(), |c, v| c.header.issuing_body = v)}
                <label>
                    <span>{move || lang.t(Msg::ReportNumber)}</span>
                    <input type="number" min="1" data-testid="report-number" disabled=ro
                        prop:value=move || report.with(|r| r.content().header.number.map(|n| n.to_string()).unwrap_or_default())
                        on:input=move |ev| { let v = event_target_value(&ev).trim().parse().ok(); h.edit(|c| c.header.number = v) }/>
                </label>
                {line_field(Msg::ReportPlace, "report-place", |c| c.header.place.clone(), |c, v| c.header.place = v)}
                <label>
                    <span>{move || lang.t(Msg::ReportDate)}</span>
                    <input type="date" data-testid="report-date" disabled=ro
                        prop:value=move || report.with(|r| r.content().header.date.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())).unwrap_or_default())
                        on:change=move |ev| { let v = crate::components::form_ctx::parse_iso_date(&event_target_value(&ev)); h.edit(|c| c.header.date = v) }/>
                </label>
                {text_field(Msg::ReportTitle, "report-title", |c| c.header.title.clone(), |c, v| c.header.title = v)}
            </div>
            <h3>{move || lang.t(Msg::ReportIndicators)}</h3>
            <ReportTable report=report evaluation=evaluation/>
            <h3>{move || lang.t(Msg::ReportTasks)}</h3>
            <ReportTasks handle=h/>
            <div class="fields">
                {text_field(Msg::ReportDifficulties, "report-difficulties", |c| c.difficulties.clone(), |c, v| c.difficulties = v)}
                {text_field(Msg::ReportProposals, "report-proposals", |c| c.proposals.clone(), |c, v| c.proposals = v)}
                {text_field(Msg::ReportAdjustments, "report-adjustments", |c| c.adjustments.clone(), |c, v| c.adjustments = v)}
                <label class="wide">
                    <span>{move || lang.t(Msg::ReportRecipients)}</span>
                    <textarea data-testid="report-recipients" rows="4" disabled=ro
                        prop:value=move || report.with(|r| recipients_text(&r.content().recipients))
                        on:change=move |ev| { let v = parse_recipients(&event_target_value(&ev)); h.edit(|c| c.recipients = v) }></textarea>
                </label>
                {line_field(Msg::ReportSigner, "report-signer", |c| c.signatory.name.clone(), |c, v| c.signatory.name = v)}
            </div>
        </form>
        <ReportAudit handle=h/>
    }
    .into_any()
}
