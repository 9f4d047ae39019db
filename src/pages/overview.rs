//! Tổng quan (overview), the start page: the next action as a button, the year's survey
//! (households surveyed, complete, drafts, drafts with errors, and surveyed / expected per
//! village), what has not left the tablet (not exported, not sent, conflicts), the indicators
//! by status, overdue reports and the plan's next deadline.
//!
//! Contract: every figure comes from the core's `overview::overview` (tested natively) over
//! the store, recomputed on every saved change; the page only draws it. The drafts with
//! errors (`overview::drafts_with_errors`) validate every draft: with the `split` feature that
//! count runs behind a split point (`overview_drafts`), so validation and the growth tables
//! are a chunk fetched after the page shows (the figure says "…" until then).

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{EnteredFigures, Household};
use ansinh_core::i18n::Msg;
use ansinh_core::sync::store::Channel;
use ansinh_core::views::household_index::village_progress;
use ansinh_core::views::overview::{overview, NextAction, Overview, SyncCounts};
use chrono::{Datelike, Local};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::household_list::{org_units, unit_name};
use crate::components::next_deadline::NextDeadline;
use crate::components::overdue_reports::OverdueReports;
use crate::components::overview_indicators::OverviewIndicators;
use crate::components::report_picker::stored_reports;
use crate::components::t::T;
use crate::context::{current_units, use_lang, use_plan_start, use_store, Part, StoreCtx};
use crate::upload::use_upload;

/// Drafts of `year` with errors among the stored households.
fn draft_errors(plan: &Plan, store: StoreCtx, year: i32) -> u32 {
    store
        .with_untracked(|s| {
            ansinh_core::views::overview::drafts_with_errors(plan, s.live::<Household>().map(|x| &x.record), year)
        })
        .unwrap_or(0)
}

/// The counting function, from its chunk (validation and the growth tables).
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(overview_drafts, wasm_split_path = ::leptos::wasm_split, fallible)]
fn draft_errors_split() -> Result<DraftFn, leptos::wasm_split::SplitLoaderError> {
    Ok(|plan, store, year| draft_errors(&plan.0.get_untracked(), store, year))
}

#[cfg(feature = "split")]
type DraftFn = fn(crate::context::PlanCtx, StoreCtx, i32) -> u32;

/// The count, or `None` when the whole plan or the count's chunk could not be loaded (offline
/// before the worker has cached the build; the next saved change or visit tries again). Both
/// are fetched at once.
async fn draft_errors_lazy(store: StoreCtx, year: i32) -> Option<u32> {
    #[cfg(feature = "split")]
    {
        let (plan, count) = crate::context::ensure_plan_with(draft_errors_split()).await;
        let count: DraftFn = count.ok()?;
        Some(count(plan.ok()?, store, year))
    }
    #[cfg(not(feature = "split"))]
    {
        let plan = crate::context::ensure_plan().await.ok()?;
        Some(draft_errors(&plan.0.get_untracked(), store, year))
    }
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let lang = use_lang();
    let start = use_plan_start();
    let store = use_store();
    let upload = use_upload();
    let today = Local::now().date_naive();
    let data = Memo::new(move |_| {
        // Villages are records a commune can add or merge, so the list is read (and tracked)
        // inside the memo rather than once when the page opens.
        let units = org_units();
        let villages: Vec<String> = units
            .communes()
            .into_iter()
            .flat_map(|c| units.children(&c.id).into_iter().map(|v| v.id.clone()))
            .collect();
        let has_url = upload.url.with(|u| u.is_some());
        let reports = stored_reports(store);
        store.with(|s| {
            let progress = village_progress(
                &villages,
                s.live::<Household>().map(|x| &x.record),
                s.live::<EnteredFigures>().map(|x| &x.record),
                today.year(),
            );
            let sync = SyncCounts {
                not_exported: s.changed_count(Channel::File),
                not_sent: has_url.then(|| s.changed_count(Channel::Outbox)),
                conflicts: s.conflict_count(),
            };
            overview(&start.0.deadlines, progress, s.live::<Household>().map(|x| &x.record), &reports, sync, today)
        })
    });
    let num = move |f: fn(&Overview) -> u32| move || data.with(|o| o.as_ref().map_or(0, f));
    let errors = RwSignal::new(None::<u32>);
    Effect::new(move |_| {
        store.track(&[Part::Households]);
        // The plan's villages in force (the whole plan's org units follow them).
        current_units();
        let year = today.year();
        leptos::task::spawn_local(async move {
            let n = draft_errors_lazy(store, year).await;
            let _ = errors.try_set(n);
        });
    });
    let has_errors = move || errors.get().is_some_and(|n| n > 0);

    view! {
        <section class="overview">
            <h2>{move || lang.t(Msg::NavOverview)}</h2>
            <p>{move || lang.t(Msg::OverviewIntro)}</p>
            <NextActionButton next=Signal::derive(move || data.with(|o| o.as_ref().map_or(NextAction::AddHousehold, |o| o.next_action)))/>
            <OverdueReports/>
            <div class="overview-grid">
                <section class="overview-card" data-testid="overview-survey" aria-labelledby="ov-survey">
                    <h3 id="ov-survey">{move || lang.t(Msg::OverviewSurvey).replace("{y}", &today.year().to_string())}</h3>
                    <dl class="figures">
                        <dt><T m=Msg::OverviewSurveyed/></dt><dd data-testid="ov-surveyed">{num(|o| o.surveyed)}</dd>
                        <dt><T m=Msg::OverviewComplete/></dt><dd data-testid="ov-complete">{num(|o| o.complete)}</dd>
                        <dt><T m=Msg::OverviewDrafts/></dt><dd data-testid="ov-drafts">{num(|o| o.drafts)}</dd>
                        <dt><T m=Msg::OverviewDraftErrors/></dt>
                        <dd data-testid="ov-draft-errors" class:alert=has_errors>{move || errors.get().map_or_else(|| "…".to_owned(), |n| n.to_string())}</dd>
                    </dl>
                    <VillageRows data=data/>
                </section>
                <section class="overview-card" data-testid="overview-sync" aria-labelledby="ov-sync">
                    <h3 id="ov-sync"><T m=Msg::OverviewLeaving/></h3>
                    <dl class="figures">
                        <dt><T m=Msg::OverviewNotExported/></dt>
                        <dd data-testid="ov-not-exported">{move || data.with(|o| o.as_ref().map_or(0, |o| o.sync.not_exported))}</dd>
                        <dt><T m=Msg::OverviewNotSent/></dt>
                        <dd data-testid="ov-not-sent">
                            {move || match data.with(|o| o.as_ref().and_then(|o| o.sync.not_sent)) {
                                Some(n) => n.to_string(),
                                None => lang.t(Msg::UploadNoUrl).to_owned(),
                            }}
                        </dd>
                        <dt><T m=Msg::OverviewConflicts/></dt>
                        <dd data-testid="ov-conflicts">{move || data.with(|o| o.as_ref().map_or(0, |o| o.sync.conflicts))}</dd>
                    </dl>
                </section>
                <OverviewIndicators/>
            </div>
            <p>{move || lang.t(Msg::OverviewDeadlineNote)}</p>
            <NextDeadline/>
        </section>
    }
}

/// The next action as one large button.
#[component]
fn NextActionButton(#[prop(into)] next: Signal<NextAction>) -> impl IntoView {
    let lang = use_lang();
    let target = move || match next.get() {
        NextAction::AddHousehold => ("/ho-gia-dinh", Msg::ActionAddHousehold),
        NextAction::Export => ("/dong-bo", Msg::ActionExport),
        NextAction::WriteReport => ("/bao-cao", Msg::ActionWriteReport),
        NextAction::ResolveConflicts => ("/dong-bo", Msg::ActionResolveConflicts),
    };
    view! {
        <p class="next-action">
            <span class="muted">{move || lang.t(Msg::OverviewNext)}": "</span>
            <A href=move || target().0.to_owned() attr:class="button primary" attr:data-testid="next-action">
                {move || lang.t(target().1)}
            </A>
        </p>
    }
}

/// Surveyed / expected per village (only villages with something this year).
#[component]
fn VillageRows(data: Memo<Option<Overview>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let rows = data.with(|o| o.as_ref().map(|o| o.villages.clone()).unwrap_or_default());
        if rows.is_empty() {
            return view! { <p class="muted" data-testid="ov-no-village"><T m=Msg::OverviewNoVillage/></p> }.into_any();
        }
        let l = lang.0.get();
        view! {
            <table class="progress-table" data-testid="ov-villages">
                <thead>
                    <tr>
                        <th scope="col">{lang.t(Msg::FieldVillage)}</th>
                        <th scope="col">{lang.t(Msg::ColSurveyed)}</th>
                        <th scope="col">{lang.t(Msg::ColExpected)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|v| {
                            let expected = v.expected.map_or_else(|| "—".to_owned(), |e| e.to_string());
                            view! {
                                <tr data-testid="ov-village" data-village=v.village_id.clone()>
                                    <th scope="row">{unit_name(&v.village_id, l)}</th>
                                    <td data-testid="ov-village-surveyed">{v.surveyed}</td>
                                    <td data-testid="ov-village-expected">{expected}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    }
}
