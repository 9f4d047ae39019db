//! The indicator table of the dashboard: one row per indicator for the chosen unit and year,
//! under the plan's II.2.1 group headings.
//!
//! Contract: the groups and their rows are redrawn only when which rows show changes (the plan,
//! the unit, a filter, a status filter meeting a status that moved); each row follows its own
//! figures (`DashRow`), so a new evaluation redraws the rows it changed.

use std::sync::Arc;

use ansinh_core::engine::{Evaluation, Status};
use ansinh_core::i18n::Msg;
use ansinh_core::views::dashboard::grouped_rows;
use leptos::prelude::*;

use crate::components::dash_row::DashRow;
use crate::context::{use_lang, use_plan};

/// Grouped table of results with value, bar, target, status word, numerator/denominator and
/// a button per row that opens that row's excluded records.
///
/// Props:
/// - `eval`: the evaluation of the chosen year (computed once per change by the page);
/// - `org`: the chosen org unit id;
/// - `status`, `lead`: the filters (`None` = all);
/// - `open`: the indicator whose exclusions are open (owned by the page so a filter change
///   or a new evaluation keeps or closes it consistently).
#[component]
pub fn DashTable(
    #[prop(into)] eval: Signal<Arc<Evaluation>>,
    #[prop(into)] org: Signal<String>,
    #[prop(into)] status: Signal<Option<Status>>,
    #[prop(into)] lead: Signal<Option<String>>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    // (group id, its indicators shown), in the plan's order.
    let groups = Memo::new(move |_| {
        let p = plan.0.get();
        let org = org.get();
        let (status, lead) = (status.get(), lead.get());
        eval.with(|e| {
            grouped_rows(&p, e, &org, status, lead.as_deref())
                .into_iter()
                .map(|g| (g.group_id, g.indicator_ids))
                .collect::<Vec<_>>()
        })
    });
    let empty = Memo::new(move |_| groups.with(Vec::is_empty));
    move || {
        if empty.get() {
            return view! { <p class="callout" data-testid="dash-no-rows">{lang.t(Msg::DashNoRows)}</p> }.into_any();
        }
        view! {
            <For each=move || groups.get() key=|g| g.clone() let:group>
                {
                    let (group_id, ids) = group;
                    let title = move || {
                        let l = lang.0.get();
                        plan.0.with(|p| p.indicator_groups.iter().find(|x| x.id == group_id).map(|x| x.title.get(l).to_owned()))
                    };
                    view! {
                        <h4>{title}</h4>
                        <div class="table-scroll">
                            <table class="plan-table dash-table">
                                <thead>
                                    <tr>
                                        <th scope="col">"#"</th>
                                        <th scope="col">{move || lang.t(Msg::PlanIndicatorName)}</th>
                                        <th scope="col">{move || lang.t(Msg::DashValue)}</th>
                                        <th scope="col">{move || lang.t(Msg::PlanTarget)}</th>
                                        <th scope="col">{move || lang.t(Msg::DashStatus)}</th>
                                        <th scope="col">{move || lang.t(Msg::DashNumDen)}</th>
                                        <th scope="col">{move || lang.t(Msg::DashExcluded)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {ids.into_iter().map(|id| view! { <DashRow id eval org open/> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                }
            </For>
        }
        .into_any()
    }
}
