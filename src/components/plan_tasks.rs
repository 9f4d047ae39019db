//! The tasks of section III with their lead, coordinating agencies and linked indicators.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::{use_lang, use_plan};

/// One card per task whose id is given, headed by its section path.
///
/// Props:
/// - `ids`: task ids to show (plan order is kept).
#[component]
pub fn PlanTasks(#[prop(into)] ids: Signal<Vec<String>>) -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    move || {
        let p = plan.0.get();
        let l = lang.0.get();
        let ids = ids.get();
        let names = |agencies: &[String]| -> String {
            agencies.iter().filter_map(|a| p.agency(a)).map(|a| a.short_name.clone()).collect::<Vec<_>>().join(", ")
        };
        p.tasks
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| {
                let path = p
                    .section_path(t)
                    .iter()
                    .map(|s| format!("{} {}", s.label, s.title.get(l)))
                    .collect::<Vec<_>>()
                    .join(" › ");
                let leads = names(&t.leads);
                let coordinating = names(&t.coordinating);
                let implementers = names(&t.implementers);
                view! {
                    <article class="task" data-testid="plan-task" data-id=t.id.clone()>
                        <p class="task-path">{path}</p>
                        <p>{t.text.get(l).to_owned()}</p>
                        <dl class="task-meta">
                            {(!leads.is_empty()).then(|| view! { <dt>{lang.t(Msg::PlanLead)}</dt><dd>{leads}</dd> })}
                            {(!coordinating.is_empty()).then(|| view! { <dt>{lang.t(Msg::PlanCoordinating)}</dt><dd>{coordinating}</dd> })}
                            {(!implementers.is_empty()).then(|| view! { <dt>{lang.t(Msg::PlanImplementers)}</dt><dd>{implementers}</dd> })}
                            {(!t.indicators.is_empty()).then(|| view! { <dt>{lang.t(Msg::PlanLinkedIndicators)}</dt><dd>{t.indicators.join(", ")}</dd> })}
                        </dl>
                    </article>
                }
            })
            .collect_view()
    }
}
