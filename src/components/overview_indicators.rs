//! The district's indicators at a glance on Tổng quan: how many are met, on track, behind, not
//! met or without data this year, each count linking to Chỉ tiêu.
//!
//! Contract: the counts come from the same evaluation as Chỉ tiêu (`engine::evaluate` over the
//! records on this tablet, `overview::status_counts`). Tổng quan is the start page, in the
//! first-load module; the engine is not: with the `split` feature the evaluation runs behind a
//! split point, so its code is a wasm chunk fetched after the page shows (the counts say
//! "Đang tính…" until then). Recomputed on every saved change.

use ansinh_core::i18n::Msg;
use ansinh_core::views::dashboard::STATUSES;
use chrono::{Datelike, Local};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::t::T;
use crate::context::{current_units, use_dataset, use_lang, DatasetCtx, PlanCtx};

/// Counts per status (in `STATUSES` order) for the district in `year`; `None` when the plan
/// cannot be evaluated (the Chỉ tiêu page says why).
fn counts(
    plan: PlanCtx,
    dataset: DatasetCtx,
    year: i32,
) -> Option<[usize; ansinh_core::views::overview::STATUS_KINDS]> {
    let p = plan.0.get_untracked();
    let district = p.org_units.district().map(|u| u.id.clone())?;
    let eval = dataset.0.with_untracked(|d| ansinh_core::engine::evaluate(&p, d, year)).ok()?;
    Some(ansinh_core::views::overview::status_counts(&p, &eval, &district))
}

/// The counting function, from its chunk (the engine).
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(overview_counts, wasm_split_path = ::leptos::wasm_split, fallible)]
fn counts_split() -> Result<CountFn, leptos::wasm_split::SplitLoaderError> {
    Ok(counts)
}

#[cfg(feature = "split")]
type CountFn = fn(PlanCtx, DatasetCtx, i32) -> Option<[usize; ansinh_core::views::overview::STATUS_KINDS]>;

/// The counts, or `None` when the whole plan or the evaluation's chunk could not be loaded
/// (both fetched at once).
async fn counts_lazy(dataset: DatasetCtx, year: i32) -> Option<[usize; ansinh_core::views::overview::STATUS_KINDS]> {
    #[cfg(feature = "split")]
    {
        let (plan, count) = crate::context::ensure_plan_with(counts_split()).await;
        let count: CountFn = count.ok()?;
        count(plan.ok()?, dataset, year)
    }
    #[cfg(not(feature = "split"))]
    {
        counts(crate::context::ensure_plan().await.ok()?, dataset, year)
    }
}

/// The status counts. No props: the plan (loaded on the first count) and the records from
/// context, the year from the clock.
#[component]
pub fn OverviewIndicators() -> impl IntoView {
    let lang = use_lang();
    let dataset = use_dataset();
    let year = Local::now().year();
    let result = RwSignal::new(None::<[usize; ansinh_core::views::overview::STATUS_KINDS]>);
    Effect::new(move |_| {
        dataset.0.track();
        // The plan's villages in force (the whole plan's org units follow them).
        current_units();
        spawn_local(async move {
            let c = counts_lazy(dataset, year).await;
            let _ = result.try_set(c);
        });
    });
    view! {
        <section class="overview-card" data-testid="overview-indicators" aria-labelledby="ov-ind">
            <h3 id="ov-ind">{move || lang.t(Msg::OverviewIndicators).replace("{y}", &year.to_string())}</h3>
            {move || match result.get() {
                None => view! { <p class="muted"><T m=Msg::OverviewIndicatorsLoading/></p> }.into_any(),
                Some(c) => view! {
                    <ul class="status-counts">
                        {STATUSES
                            .iter()
                            .zip(c)
                            .map(|(s, n)| {
                                let s = *s;
                                view! {
                                    <li>
                                        <a href="/chi-tieu" class=format!("dash-status st-{}", s.code()) data-testid="status-count" data-status=s.code()>
                                            <strong>{n}</strong>" "{move || s.label().get(lang.0.get()).to_owned()}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}
