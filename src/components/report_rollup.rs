//! The district roll-up of a year (tổng hợp toàn huyện): which communes reported and when (on
//! time / late / missing / not yet due), and every indicator with a column per commune and the
//! district total, computed from all records by the engine (not an average of the communes).

use ansinh_core::domain::survey::RecordMeta;
use ansinh_core::engine::{format_value, unit_suffix};
use ansinh_core::i18n::Msg;
use ansinh_core::report::rollup_evaluation;
use chrono::{Local, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::report_editor::local_time;
use crate::components::report_picker::stored_reports;
use crate::components::report_table::year_evaluation;
use crate::context::{use_lang, use_plan, use_store};

/// The roll-up of `year` from the live survey data and the reports stored on this device.
///
/// Props:
/// - `year`: the reporting year.
#[component]
pub fn ReportRollup(#[prop(into)] year: Signal<i32>) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let store = use_store();
    let today = Local::now().date_naive();
    let evaluation = year_evaluation(year);
    move || {
        let l = lang.0.get();
        let p = plan.0.get();
        let Some(Ok(e)) = evaluation.get() else { return ().into_any() };
        let reports = stored_reports(store);
        // The roll-up's district draft is not used here: a placeholder id and time.
        let rollup = match rollup_evaluation(&p, &e, &reports, today, RecordMeta::new(Uuid::nil(), Utc::now())) {
            Ok(r) => r,
            Err(err) => {
                return view! { <p class="callout" role="alert">{err.message().get(l).to_owned()}</p> }.into_any()
            }
        };
        let decimals = p.params.reporting_decimals;
        let cell = move |v: Option<f64>, unit| {
            format!("{}{}", format_value(v, unit, decimals, l), if v.is_some() { unit_suffix(unit, l) } else { "" })
        };
        let status_rows = rollup
            .communes
            .iter()
            .map(|c| {
                let (code, word, when) = match &c.reporting {
                    Some(s) => (s.status.code(), s.status.label().get(l).to_owned(), s.finalised_at.map(local_time)),
                    None => ("", String::new(), None),
                };
                view! {
                    <tr data-testid="rollup-unit" data-org=c.org_unit_id.clone() data-status=code>
                        <td>{c.name.get(l).to_owned()}</td>
                        <td class:late=code == "late" || code == "missing">{word}</td>
                        <td>{when.unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        let heads =
            rollup.communes.iter().map(|c| view! { <th scope="col">{c.name.get(l).to_owned()}</th> }).collect_view();
        let rows = rollup
            .table
            .iter()
            .map(|r| {
                let cells = r
                    .communes
                    .iter()
                    .map(|c| view! { <td class="num" data-status=c.status.code() title=c.status_label.get(l).to_owned()>{cell(c.value, r.unit)}</td> })
                    .collect_view();
                view! {
                    <tr data-testid="rollup-row" data-id=r.indicator_id.clone()>
                        <td class="num">{r.indicator_id.clone()}</td>
                        <td>{r.name.get(l).to_owned()}</td>
                        {cells}
                        <td class="num" data-testid="rollup-district" data-status=r.district.status.code()
                            title=r.district.status_label.get(l).to_owned()>
                            <strong>{cell(r.district.value, r.unit)}</strong>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>{lang.t(Msg::RollupTitle)}" "{rollup.year}</h3>
            <h4>{lang.t(Msg::RollupReported)}</h4>
            <table class="plan-table" data-testid="rollup-status">
                <thead><tr><th scope="col">{lang.t(Msg::ReportUnit)}</th><th scope="col">{lang.t(Msg::DashStatus)}</th><th scope="col">{lang.t(Msg::RollupWhen)}</th></tr></thead>
                <tbody>{status_rows}</tbody>
            </table>
            <div class="table-scroll">
                <table class="plan-table" data-testid="rollup-table">
                    <thead><tr><th scope="col">"#"</th><th scope="col">{lang.t(Msg::PlanIndicatorName)}</th>{heads}<th scope="col">{lang.t(Msg::RollupDistrict)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
