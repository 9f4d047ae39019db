//! Chỉ tiêu (the indicator dashboard): every indicator of the plan for a chosen org unit and
//! year — value, target, status word and colour, numerator/denominator, excluded records —
//! grouped as in II.2.1 and filterable by status and lead agency, with a per-commune
//! comparison chart and the progress toward 2030.
//!
//! Contract: the page reads the survey data only from `use_dataset()`. The engine runs in a
//! `Memo` over (plan, dataset, year): once per change of those, never per row or per render;
//! choosing a unit or a filter only re-reads the evaluation. The years of the progress chart are
//! evaluated in a memo of their own, only when there are two or more years.

use std::sync::Arc;

use ansinh_core::domain::plan::Unit;
use ansinh_core::engine::{evaluate, years_with_data, EngineError, Evaluation, Status};
use ansinh_core::i18n::Msg;
use ansinh_core::views::dashboard::{lead_agencies, org_choices, series, status_counts, STATUSES};
use leptos::prelude::*;

use crate::components::aggregate_export::AggregateExport;
use crate::components::dash_compare::DashCompare;
use crate::components::dash_demo::DashDemo;
use crate::components::dash_progress::DashProgress;
use crate::components::dash_select::DashSelect;
use crate::components::dash_table::DashTable;
use crate::components::when::When;
use crate::context::{use_dataset, use_lang, use_plan};

type EvalResult = Option<Result<Arc<Evaluation>, EngineError>>;

#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let dataset = use_dataset();

    let district = plan.0.with_untracked(|p| p.org_units.district().map(|d| d.id.clone()).unwrap_or_default());
    let org = RwSignal::new(district);
    let year_choice = RwSignal::new(None::<i32>);
    let status = RwSignal::new(None::<Status>);
    let lead = RwSignal::new(None::<String>);
    let open = RwSignal::new(None::<String>);
    let first_drawable = plan.0.with_untracked(|p| {
        p.indicators.iter().find(|i| i.unit != Unit::Status).map(|i| i.id.clone()).unwrap_or_default()
    });
    let compare = RwSignal::new(first_drawable);

    let years = Memo::new(move |_| dataset.0.with(|d| years_with_data(d)));
    // The chosen year while it still has data, else the latest.
    let year = Memo::new(move |_| {
        let ys = years.get();
        year_choice.get().filter(|y| ys.contains(y)).or_else(|| ys.last().copied())
    });
    // `changed` is always true: the memo only reruns when plan, dataset or year changed, and a
    // deep comparison of two evaluations would cost more than it saves.
    let evaluation: Memo<EvalResult> = Memo::new_with_compare(
        move |_| {
            let y = year.get()?;
            Some(plan.0.with(|p| dataset.0.with(|d| evaluate(p, d, y).map(Arc::new))))
        },
        |_, _| true,
    );
    let all_years: Memo<Arc<Vec<Evaluation>>> = Memo::new_with_compare(
        move |_| {
            let ys = years.get();
            if ys.len() < 2 {
                return Arc::new(Vec::new());
            }
            Arc::new(plan.0.with(|p| dataset.0.with(|d| ys.iter().filter_map(|&y| evaluate(p, d, y).ok()).collect())))
        },
        |_, _| true,
    );
    let progress = Signal::derive(move || series(&all_years.get(), &compare.get(), &org.get()));

    // Options of the drop-downs, rebuilt only when the plan, the data or the language change.
    let org_options = Signal::derive(move || {
        let l = lang.0.get();
        // Villages are indented under their commune: their names ("Thôn 1") repeat.
        org_choices(&plan.0.read().org_units)
            .into_iter()
            .map(|c| (c.id, format!("{}{}", "\u{2003}".repeat(usize::from(c.depth)), c.name.get(l))))
            .collect::<Vec<_>>()
    });
    let year_options = Signal::derive(move || {
        years.get().into_iter().rev().map(|y| (y.to_string(), y.to_string())).collect::<Vec<_>>()
    });
    let status_options = Signal::derive(move || {
        let l = lang.0.get();
        std::iter::once((String::new(), lang.t(Msg::DashAllStatuses).to_owned()))
            .chain(STATUSES.into_iter().map(|s| (s.code().to_owned(), s.label().get(l).to_owned())))
            .collect::<Vec<_>>()
    });
    let agency_options = Signal::derive(move || {
        std::iter::once((String::new(), lang.t(Msg::PlanAllAgencies).to_owned()))
            .chain(lead_agencies(&plan.0.read()))
            .collect::<Vec<_>>()
    });
    let compare_options = Signal::derive(move || {
        let l = lang.0.get();
        plan.0
            .read()
            .indicators
            .iter()
            .filter(|i| i.unit != Unit::Status)
            .map(|i| (i.id.clone(), format!("{}. {}", i.id, i.short_name.get(l))))
            .collect::<Vec<_>>()
    });

    // What the body shows: nothing yet, the engine's error, or the figures. Only a change of
    // that rebuilds it; a new evaluation reaches the figures through `eval` below (issue 22:
    // rebuilding the page per saved household cost more than the evaluation itself).
    let shown = Memo::new(move |_| {
        evaluation.with(|e| match e {
            None => None,
            Some(Err(error)) => Some(Err(error.to_string())),
            Some(Ok(_)) => Some(Ok(())),
        })
    });
    let body = move || match shown.get() {
        None => ().into_any(),
        Some(Err(error)) => view! {
            <p class="callout" role="alert">{lang.t(Msg::DashEngineError)}" "{error}</p>
        }
        .into_any(),
        Some(Ok(())) => {
            let Some(Ok(first)) = evaluation.get_untracked() else { return ().into_any() };
            // The latest evaluation with figures (kept while an error or "no year" is being
            // replaced by the branch above).
            let eval: Memo<Arc<Evaluation>> = Memo::new_with_compare(
                move |prev: Option<&Arc<Evaluation>>| {
                    evaluation.with(|e| match e {
                        Some(Ok(e)) => e.clone(),
                        _ => prev.cloned().unwrap_or_else(|| first.clone()),
                    })
                },
                |_, _| true,
            );
            let counts = Signal::derive(move || eval.with(|e| status_counts(e, &org.get())));
            let coverage = move || {
                let l = lang.0.get();
                eval.with(|e| e.coverage_of(&org.get()).map(|c| format!("{} ({})", c.counted, c.label().get(l))))
                    .unwrap_or_default()
            };
            view! {
                <p class="dash-summary" data-testid="dash-summary">
                    // The chosen unit's households, with its coverage (issue #15).
                    {move || lang.t(Msg::DashHouseholdsUsed)}": "
                    {coverage}
                    {move || counts.get().into_iter().map(|(s, n)| {
                        format!(" · {}: {n}", s.label().get(lang.0.get()))
                    }).collect::<String>()}
                </p>
                <AggregateExport eval org=org/>
                <DashTable eval org=org status=status lead=lead open=open/>
                <h3>{move || lang.t(Msg::DashCompare)}</h3>
                <div class="dash-compare-choice">
                    <DashSelect label=Msg::DashCompareIndicator
                        testid="dash-compare-indicator" options=compare_options selected=compare
                        on_change=Callback::new(move |v| compare.set(v))/>
                </div>
                <DashCompare eval indicator=compare/>
                <h3>{move || lang.t(Msg::DashProgress)}</h3>
                <DashProgress indicator=compare series=progress/>
            }
            .into_any()
        }
    };

    view! {
        <section class="dashboard">
            <h2>{move || lang.t(Msg::NavIndicators)}</h2>
            <DashDemo/>
            <When when=move || evaluation.with(|e| e.is_some())>
                <div class="dash-filters">
                    <DashSelect label=Msg::DashOrgUnit testid="dash-org"
                        options=org_options selected=org on_change=Callback::new(move |v| org.set(v))/>
                    <DashSelect label=Msg::DashYear testid="dash-year"
                        options=year_options
                        selected=Signal::derive(move || year.get().map(|y| y.to_string()).unwrap_or_default())
                        on_change=Callback::new(move |v: String| year_choice.set(v.parse().ok()))/>
                    <DashSelect label=Msg::DashStatus
                        testid="dash-status-filter" options=status_options
                        selected=Signal::derive(move || status.get().map(|s| s.code().to_owned()).unwrap_or_default())
                        on_change=Callback::new(move |v: String| status.set(STATUSES.into_iter().find(|s| s.code() == v)))/>
                    <DashSelect label=Msg::PlanFilterAgency
                        testid="dash-agency" options=agency_options
                        selected=Signal::derive(move || lead.get().unwrap_or_default())
                        on_change=Callback::new(move |v: String| lead.set((!v.is_empty()).then_some(v)))/>
                </div>
            </When>
            {body}
        </section>
    }
}
