//! Finalise (hoàn tất) and reopen (mở lại) a report, and its history: who, when, what, why.
//! Finalising asks who; reopening asks a reason (required). Both are saved at once. A report
//! that is almost empty ("Chưa có số liệu" for nearly every indicator, `overview::almost_empty`)
//! is finalised only after a warning that says how many indicators have no data.

use ansinh_core::i18n::{Lang, Msg, Text};
use chrono::Utc;
use leptos::prelude::*;

use crate::components::report_editor::{local_time, DraftHandle};
use crate::components::when::When;
use crate::context::{use_lang, use_plan};

/// The finalise/reopen controls and the audit list.
///
/// Props:
/// - `handle`: the report form's draft.
#[component]
pub fn ReportAudit(handle: DraftHandle) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let h = handle;
    let who = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    // The refusal to show (an empty name or reason, figures not computable), in both languages.
    let error = RwSignal::new(None::<Text>);

    // Who acts, or the refusal shown when the name is blank.
    let name = move || {
        let by = who.get_untracked().trim().to_owned();
        if by.is_empty() {
            error.set(Some(Text::new(Msg::ReportNeedsName.text(Lang::Vi), Msg::ReportNeedsName.text(Lang::En))));
            return None;
        }
        Some(by)
    };
    // Indicators without data out of all, when the report is almost empty (asks first).
    let empty = move || match h.evaluation.get_untracked() {
        Some(Ok(e)) => {
            let p = plan.0.get_untracked();
            let org = h.report.with_untracked(|r| r.org_unit_id.clone());
            let c = ansinh_core::views::overview::status_counts(&p, &e, &org);
            ansinh_core::views::overview::almost_empty(c)
                .then(|| (c[ansinh_core::views::overview::NO_DATA], c.iter().sum::<usize>()))
        }
        _ => None,
    };
    let warning = RwSignal::new(None::<(usize, usize)>);
    let finalise = move |force: bool| {
        let Some(by) = name() else { return };
        if !force {
            if let Some(w) = empty() {
                warning.set(Some(w));
                return;
            }
        }
        warning.set(None);
        let result = match h.evaluation.get_untracked() {
            Some(Ok(e)) => {
                let p = plan.0.get_untracked();
                let mut out = Ok(());
                h.report.update(|r| out = r.finalise(&p, &e, &by, Utc::now()));
                out.map_err(|e| e.message())
            }
            Some(Err(e)) => Err(Text::new(e.to_string(), e.to_string())),
            None => Ok(()),
        };
        match result {
            Ok(()) => {
                error.set(None);
                h.commit();
            }
            Err(t) => error.set(Some(t)),
        }
    };
    let reopen = move |_| {
        let Some(by) = name() else { return };
        let mut out = Ok(());
        h.report.update(|r| out = r.reopen(&reason.get_untracked(), &by, Utc::now()));
        match out {
            Ok(()) => {
                error.set(None);
                reason.set(String::new());
                h.commit();
            }
            Err(e) => error.set(Some(e.message())),
        }
    };

    let history = move || {
        let l = lang.0.get();
        h.report.with(|r| {
            r.history()
                .iter()
                .map(|a| {
                    let reason = a.reason.as_ref().map(|x| format!(" — {x}"));
                    view! {
                        <li data-testid="report-history-entry" data-action=format!("{:?}", a.action)>
                            {local_time(a.at)}" · "{a.action.label().get(l).to_owned()}" · "{a.by.clone()}{reason}
                        </li>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <section class="report-audit no-print" data-testid="report-audit">
            <div class="fields">
                <label>
                    <span>{move || lang.t(Msg::ReportFinaliseBy)}</span>
                    <input type="text" data-testid="report-who" bind:value=who/>
                </label>
                <When when=move || h.read_only()>
                    <label class="wide">
                        <span>{move || lang.t(Msg::ReportReopenReason)}</span>
                        <input type="text" data-testid="report-reason" bind:value=reason/>
                    </label>
                </When>
            </div>
            <When when=move || h.read_only()
                fallback=move || view! { <button type="button" data-testid="report-finalise" on:click=move |_| finalise(false)>{move || lang.t(Msg::ReportFinalise)}</button> }>
                <button type="button" class="danger" data-testid="report-reopen" on:click=reopen>{move || lang.t(Msg::ReportReopen)}</button>
            </When>
            {move || {
                warning
                    .get()
                    .map(|(n, t)| {
                        view! {
                            <div class="callout warning confirm" role="alertdialog" aria-labelledby="report-empty-q" data-testid="report-empty-warning">
                                <p id="report-empty-q">{lang.t(Msg::ReportEmptyWarning).replace("{n}", &n.to_string()).replace("{t}", &t.to_string())}</p>
                                <button type="button" class="danger" data-testid="report-finalise-anyway" on:click=move |_| finalise(true)>
                                    {move || lang.t(Msg::ReportFinaliseAnyway)}
                                </button>
                                <button type="button" data-testid="report-finalise-cancel" on:click=move |_| warning.set(None)>
                                    {move || lang.t(Msg::Cancel)}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || error.get().map(|t| view! { <p class="callout" role="alert" data-testid="report-error">{t.get(lang.0.get()).to_owned()}</p> })}
            <h3>{move || lang.t(Msg::ReportHistory)}</h3>
            <ul data-testid="report-history">{history}</ul>
        </section>
    }
}
