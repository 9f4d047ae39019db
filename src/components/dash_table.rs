//! The indicator table of the dashboard: one row per indicator for the chosen unit and year,
//! under the plan's II.2.1 group headings.

use std::sync::Arc;

use ansinh_core::engine::{format_target_with_unit, Evaluation, Status};
use ansinh_core::i18n::Msg;
use ansinh_core::views::dashboard::{format_amount, grouped_rows};
use leptos::prelude::*;

use crate::components::dash_bar::DashBar;
use crate::components::dash_exclusions::DashExclusions;
use crate::components::dash_status::DashStatus;
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
    move || {
        let p = plan.0.get();
        let e = eval.get();
        let l = lang.0.get();
        let org = org.get();
        let open_id = open.get();
        let groups = grouped_rows(&p, &e, &org, status.get(), lead.get().as_deref());
        if groups.is_empty() {
            return view! { <p class="callout" data-testid="dash-no-rows">{lang.t(Msg::DashNoRows)}</p> }.into_any();
        }
        let org_name = p.org_units.get(&org).map(|u| u.name.get(l).to_owned()).unwrap_or_default();
        groups
            .into_iter()
            .map(|g| {
                let title = p.indicator_groups.iter().find(|x| x.id == g.group_id).map(|x| x.title.get(l).to_owned());
                let body = g
                    .indicator_ids
                    .iter()
                    .filter_map(|id| Some((p.indicator(id)?, e.result(id, &org)?)))
                    .map(|(ind, r)| {
                        let value = r.display_value(e.reporting_decimals, l);
                        let target = format_target_with_unit(ind, l);
                        // Coverage beside every survey value (issue #15).
                        let coverage = r.coverage.map(|c| c.label().get(l).to_owned());
                        let bar_label = format!("{} {value}; {} {target}", lang.t(Msg::DashValue), lang.t(Msg::DashTargetLine));
                        let lead = p.agency(&ind.lead_agency).map(|a| a.short_name.clone()).unwrap_or_default();
                        let n_excl = r.excluded.len();
                        let id = ind.id.clone();
                        let is_open = open_id.as_deref() == Some(id.as_str());
                        let toggle = {
                            let id = id.clone();
                            move |_| open.update(|o| *o = if o.as_deref() == Some(id.as_str()) { None } else { Some(id.clone()) })
                        };
                        let excl_title = format!("{} — {org_name}", ind.short_name.get(l));
                        let excluded = is_open.then(|| Arc::new(r.excluded.clone()));
                        view! {
                            <tr data-testid="dash-row" data-id=id.clone() data-status=r.status.code()
                                data-num=r.numerator.map(|x| x.to_string()) data-den=r.denominator.map(|x| x.to_string())>
                                <th scope="row" class="num">{id.clone()}</th>
                                <td>
                                    <span title=ind.name.get(l).to_owned()>{ind.short_name.get(l).to_owned()}</span>
                                    <span class="dash-lead">{lead}</span>
                                </td>
                                <td class="dash-value">
                                    <span class="num" data-testid="dash-value">{value}</span>
                                    <DashBar unit=r.unit target=r.target.clone() value=r.value label=bar_label/>
                                    {coverage.map(|c| view! { <small class="dash-coverage" data-testid="dash-coverage">{c}</small> })}
                                </td>
                                <td class="num">{target}</td>
                                <td><DashStatus status=r.status label=r.status_label() reason=r.status_reason.as_ref().map(|why| why.text())/></td>
                                <td class="num" data-testid="dash-numden">
                                    {format_amount(r.numerator, l)}" / "{format_amount(r.denominator, l)}
                                </td>
                                <td class="num">
                                    {if n_excl == 0 {
                                        view! { <span>"0"</span> }.into_any()
                                    } else {
                                        view! {
                                            <button type="button" class="dash-excl-button" data-testid="dash-excluded"
                                                aria-expanded={if is_open { "true" } else { "false" }}
                                                aria-label=format!("{} ({n_excl})", lang.t(Msg::DashExcludedShow))
                                                on:click=toggle>
                                                {n_excl}
                                            </button>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                            {excluded.map(|excluded| view! {
                                <tr class="dash-excl-row">
                                    <td colspan="7">
                                        <DashExclusions excluded title=excl_title on_close=Callback::new(move |_| open.set(None))/>
                                    </td>
                                </tr>
                            })}
                        }
                    })
                    .collect_view();
                view! {
                    <h4>{title}</h4>
                    <div class="table-scroll">
                        <table class="plan-table dash-table">
                            <thead>
                                <tr>
                                    <th scope="col">"#"</th>
                                    <th scope="col">{lang.t(Msg::PlanIndicatorName)}</th>
                                    <th scope="col">{lang.t(Msg::DashValue)}</th>
                                    <th scope="col">{lang.t(Msg::PlanTarget)}</th>
                                    <th scope="col">{lang.t(Msg::DashStatus)}</th>
                                    <th scope="col">{lang.t(Msg::DashNumDen)}</th>
                                    <th scope="col">{lang.t(Msg::DashExcluded)}</th>
                                </tr>
                            </thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    }
}
