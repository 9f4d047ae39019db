//! The indicator table of a report: the frozen snapshot once finalised, else the live figures
//! of the engine for the report's unit and year (`Report::table`).

use std::sync::Arc;

use ansinh_core::engine::{evaluate, format_target, format_value, unit_suffix, EngineError, Evaluation};
use ansinh_core::i18n::{Lang, Msg};
use ansinh_core::report::Report;
use leptos::prelude::*;

use crate::components::report_editor::local_time;
use crate::context::{use_dataset, use_lang, use_plan};

pub type EvalMemo = Memo<Option<Result<Arc<Evaluation>, EngineError>>>;

/// The evaluation of `year` over the live survey data, once per change of plan, data or year
/// (`year` may notify on every keystroke of a report: it is memoised here, in one place).
pub fn year_evaluation(year: Signal<i32>) -> EvalMemo {
    let plan = use_plan();
    let dataset = use_dataset();
    let year = Memo::new(move |_| year.get());
    // Always "changed": comparing two evaluations costs more than the rerun it would save.
    Memo::new_with_compare(
        move |_| Some(plan.0.with(|p| dataset.0.with(|d| evaluate(p, d, year.get()).map(Arc::new)))),
        |_, _| true,
    )
}

/// One row per indicator: id, name, unit, value, target, status; above it whether the figures
/// are live or frozen (when and by whom).
///
/// Props:
/// - `report`: the report shown;
/// - `evaluation`: the evaluation of the report's year (used only while a draft);
/// - `print`: the document version (Vietnamese whatever the UI language, no live/frozen note).
#[component]
pub fn ReportTable(
    #[prop(into)] report: Signal<Report>,
    evaluation: EvalMemo,
    #[prop(optional)] print: bool,
) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    move || {
        let l = if print { Lang::Vi } else { lang.0.get() };
        let p = plan.0.get();
        let rows = report.with(|r| match (r.snapshot(), evaluation.get()) {
            (Some(s), _) => Ok(s.rows.clone()),
            (None, Some(Ok(e))) => r.table(&p, &e).map_err(|e| e.message().get(l).to_owned()),
            (None, Some(Err(e))) => Err(e.to_string()),
            (None, None) => Ok(Vec::new()),
        });
        let note = (!print).then(|| {
            report.with(|r| match r.snapshot() {
                Some(s) => format!(
                    "{} {} {} {}",
                    lang.t(Msg::ReportFrozen),
                    local_time(s.taken_at),
                    lang.t(Msg::ReportBy),
                    s.by
                ),
                None => lang.t(Msg::ReportLive).to_owned(),
            })
        });
        let rows = match rows {
            Ok(rows) => rows,
            Err(msg) => return view! { <p class="callout" role="alert">{msg}</p> }.into_any(),
        };
        let decimals = p.params.reporting_decimals;
        let body = rows
            .into_iter()
            .map(|r| {
                let value = format!(
                    "{}{}",
                    format_value(r.value, r.unit, decimals, l),
                    if r.value.is_some() { unit_suffix(r.unit, l) } else { "" }
                );
                view! {
                    <tr data-testid="report-row" data-id=r.indicator_id.clone() data-status=r.status.code()>
                        <td class="num">{r.indicator_id.clone()}</td>
                        <td>{r.name.get(l).to_owned()}</td>
                        <td class="num" data-testid="report-value">{value}</td>
                        <td class="num">{format_target(&r.target, l)}</td>
                        <td>
                            {r.status_words().get(l).to_owned()}
                            {r.coverage.as_ref().map(|c| view! { <small class="dash-coverage">" "{c.get(l).to_owned()}</small> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let t = |m: Msg| m.text(l);
        view! {
            {note.map(|n| view! { <p class="muted" data-testid="report-figures-note">{n}</p> })}
            <div class="table-scroll">
                <table class="plan-table report-table" data-testid="report-table">
                    <thead>
                        <tr>
                            <th scope="col">"TT"</th>
                            <th scope="col">{t(Msg::PlanIndicatorName)}</th>
                            <th scope="col">{t(Msg::DashValue)}</th>
                            <th scope="col">{t(Msg::PlanTarget)}</th>
                            <th scope="col">{t(Msg::DashStatus)}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
