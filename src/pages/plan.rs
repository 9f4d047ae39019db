//! Kế hoạch (the plan): goals, the 2030 indicators, the tasks with their agencies and linked
//! indicators, and section IV — searchable without diacritics and filterable by lead agency.

use std::sync::Arc;

use ansinh_core::i18n::Msg;
use ansinh_core::views::plan_index::PlanIndex;
use leptos::prelude::*;

use crate::components::plan_indicators::PlanIndicators;
use crate::components::plan_tasks::PlanTasks;
use crate::components::when::When;
use crate::context::{use_lang, use_plan};

#[component]
pub fn PlanPage() -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let index = Memo::new(move |_| Arc::new(PlanIndex::new(&plan.0.read())));
    let (query, set_query) = signal(String::new());
    let (lead, set_lead) = signal(String::new());

    // Ids of what matches, in plan order; the lists below render from these.
    let matches = Memo::new(move |_| {
        let p = plan.0.get();
        let lead = lead.get();
        let m = index.get().search(&p, &query.get(), (!lead.is_empty()).then_some(lead.as_str()));
        (
            m.indicators.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
            m.tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
        )
    });
    let searching = move || !query.get().trim().is_empty() || !lead.get().is_empty();

    let agencies = move || {
        let p = plan.0.get();
        let mut leads: Vec<(String, String)> = p
            .agencies
            .iter()
            .filter(|a| {
                p.indicators.iter().any(|i| i.lead_agency == a.id) || p.tasks.iter().any(|t| t.leads.contains(&a.id))
            })
            .map(|a| (a.id.clone(), a.short_name.clone()))
            .collect();
        ansinh_core::base::sort::sort_by(&mut leads, |a, b| a.1.cmp(&b.1));
        leads
    };

    view! {
        <section class="plan">
            <h2>{move || lang.t(Msg::NavPlan)}</h2>
            <p class="doc-title">
                {move || {
                    let p = plan.0.get();
                    let l = lang.0.get();
                    format!("{} — {}", p.document.kind.get(l), p.document.title.get(l))
                }}
            </p>
            <div class="plan-filters">
                <label class="field">
                    <span>{move || lang.t(Msg::PlanSearchLabel)}</span>
                    <input
                        type="search"
                        data-testid="plan-search"
                        placeholder=move || lang.t(Msg::PlanSearchHint)
                        prop:value=query
                        on:input=move |ev| set_query.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>{move || lang.t(Msg::PlanFilterAgency)}</span>
                    <select data-testid="plan-agency" on:change=move |ev| set_lead.set(event_target_value(&ev))>
                        <option value="">{move || lang.t(Msg::PlanAllAgencies)}</option>
                        {move || {
                            agencies()
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id>{name}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <When when=searching>
                <p class="match-count" data-testid="plan-match-count">
                    {move || {
                        let (i, t) = matches.get();
                        format!("{}: {} {} · {} {}", lang.t(Msg::PlanMatchCount), i.len(), lang.t(Msg::PlanIndicatorName).to_lowercase(), t.len(), lang.t(Msg::PlanLinkedTasks).to_lowercase())
                    }}
                </p>
                <When when=move || { let (i, t) = matches.get(); i.is_empty() && t.is_empty() }>
                    <p class="callout">{move || lang.t(Msg::PlanNoMatch)}</p>
                </When>
            </When>
            <When when=move || !searching()>
                <h3>{move || lang.t(Msg::PlanGeneralGoal)}</h3>
                <p>{move || plan.0.get().general_goal.get(lang.0.get()).to_owned()}</p>
                <h3>{move || lang.t(Msg::PlanVision)}</h3>
                <p>{move || plan.0.get().vision_2045.get(lang.0.get()).to_owned()}</p>
            </When>
            <h3>{move || lang.t(Msg::PlanIndicators)}</h3>
            <PlanIndicators ids=Signal::derive(move || matches.get().0)/>
            <h3>{move || lang.t(Msg::PlanTasks)}</h3>
            <PlanTasks ids=Signal::derive(move || matches.get().1)/>
            <When when=move || !searching()>
                <h3>{move || lang.t(Msg::PlanOrganisation)}</h3>
                {move || {
                    let p = plan.0.get();
                    let l = lang.0.get();
                    p.organisation
                        .roles
                        .iter()
                        .map(|r| {
                            view! {
                                <h4>{r.heading.get(l).to_owned()}</h4>
                                <ul>{r.duties.iter().map(|d| view! { <li>{d.get(l).to_owned()}</li> }).collect_view()}</ul>
                            }
                        })
                        .collect_view()
                }}
            </When>
        </section>
    }
}
