//! The 2030 indicators of the plan as a table, grouped as in II.2.1.

use ansinh_core::engine::{format_target, unit_suffix};
use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::{use_lang, use_plan};

/// Table of the indicators whose ids are given, under their II.2.1 group headings.
///
/// Props:
/// - `ids`: indicator ids to show (plan order is kept; groups with none are hidden).
#[component]
pub fn PlanIndicators(#[prop(into)] ids: Signal<Vec<String>>) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    move || {
        let p = plan.0.get();
        let l = lang.0.get();
        let ids = ids.get();
        p.indicator_groups
            .iter()
            .filter_map(|g| {
                let rows: Vec<_> = p.indicators.iter().filter(|i| i.group == g.id && ids.contains(&i.id)).collect();
                if rows.is_empty() {
                    return None;
                }
                let body = rows
                    .into_iter()
                    .map(|i| {
                        let lead = p.agency(&i.lead_agency).map(|a| a.short_name.clone()).unwrap_or_default();
                        view! {
                            <tr data-testid="plan-indicator" data-id=i.id.clone()>
                                <td class="num">{i.id.clone()}</td>
                                <td>{i.name.get(l).to_owned()}</td>
                                <td class="num">{format!("{}{}", format_target(&i.target, l), unit_suffix(i.unit, l))}</td>
                                <td>{lead}</td>
                                <td>{i.tasks.join(", ")}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                Some(view! {
                    <h4>{g.title.get(l).to_owned()}</h4>
                    <div class="table-scroll">
                        <table class="plan-table">
                            <thead>
                                <tr>
                                    <th>"#"</th>
                                    <th>{lang.t(Msg::PlanIndicatorName)}</th>
                                    <th>{lang.t(Msg::PlanTarget)}</th>
                                    <th>{lang.t(Msg::PlanLead)}</th>
                                    <th>{lang.t(Msg::PlanLinkedTasks)}</th>
                                </tr>
                            </thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                })
            })
            .collect_view()
    }
}
