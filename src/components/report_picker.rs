//! Choosing a report: the reporting unit (a commune, the town or the district) and the year,
//! then opening that unit's report of the year, created from the plan's defaults if there is
//! none on this device yet (under the cross-tab lock: `open_or_create`). Below, the reports
//! stored here with their submission status; a report finalised after its deadline is marked
//! late.

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::RecordMeta;
use ansinh_core::i18n::Msg;
use ansinh_core::report::{commune_quotes, find_report, report_due, submission_status, Report, SubmissionStatus};
use ansinh_core::sync::store::StoreError;
use chrono::{DateTime, Datelike, Local, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::components::dash_select::DashSelect;
use crate::components::report_rollup::ReportRollup;
use crate::context::{use_lang, use_notices, use_plan, use_store, Notice, Part};
use crate::storage::AppStore;

/// The stored reports (live records), newest year first.
pub fn stored_reports(store: crate::context::StoreCtx) -> Vec<Report> {
    store.read(&[Part::Reports], sorted_reports).unwrap_or_default()
}

fn sorted_reports(s: &AppStore) -> Vec<Report> {
    let mut v = s.live::<Report>().map(|x| x.record.clone()).collect::<Vec<_>>();
    ansinh_core::base::sort::sort_by(&mut v, |a, b| b.year.cmp(&a.year).then(a.org_unit_id.cmp(&b.org_unit_id)));
    v
}

/// The id of `org`'s report of `year`, made now from the plan's defaults unless the store holds
/// one; run inside `StoreCtx::update_locked` (public for the browser tests), so a report another
/// tab made a moment ago is opened, not doubled by a second one. `None` when the plan cannot
/// make the draft (logged; nothing written).
pub fn open_or_create(
    s: &mut AppStore,
    plan: &Plan,
    org: &str,
    year: i32,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, StoreError> {
    let reports = sorted_reports(s);
    if let Some(r) = find_report(&reports, org, year) {
        return Ok(Some(r.meta.id));
    }
    let mut r = match Report::new_draft(plan, org, year, RecordMeta::new(Uuid::new_v4(), now)) {
        Ok(r) => r,
        Err(e) => {
            leptos::logging::warn!("{e}");
            return Ok(None);
        }
    };
    // The district's draft quotes the communes' finalised difficulties and proposals.
    if plan.org_units.district().is_some_and(|d| d.id == org) {
        let q = commune_quotes(plan, &reports, year);
        if let Err(e) = r.edit(now, |c| {
            c.difficulties = q.difficulties;
            c.proposals = q.proposals;
            c.adjustments = q.adjustments;
        }) {
            leptos::logging::warn!("{e}");
        }
    }
    s.save(&r, None, now)?;
    Ok(Some(r.meta.id))
}

/// Unit and year selection, the open button and the list of stored reports. No props: the plan
/// and the store come from context.
#[component]
pub fn ReportPicker() -> impl IntoView {
    let lang = use_lang();
    let plan = use_plan();
    let store = use_store();
    let notices = use_notices();
    let navigate = use_navigate();
    let today = Local::now().date_naive();
    let (units, last_year) = plan.0.with_untracked(|p| {
        let mut ids: Vec<String> = p.org_units.communes().into_iter().map(|u| u.id.clone()).collect();
        ids.extend(p.org_units.district().map(|d| d.id.clone()));
        (ids, p.target_year)
    });
    let org = RwSignal::new(units.first().cloned().unwrap_or_default());
    let year = RwSignal::new(today.year().min(last_year).to_string());
    let unit_options = Signal::derive(move || {
        let l = lang.0.get();
        let p = plan.0.read();
        units
            .iter()
            .filter_map(|id| p.org_units.get(id))
            .map(|u| (u.id.clone(), u.name.get(l).to_owned()))
            .collect::<Vec<_>>()
    });
    let year_options =
        Signal::derive(move || (2024..=last_year).rev().map(|y| (y.to_string(), y.to_string())).collect::<Vec<_>>());

    let open = move |_| {
        let (o, Ok(y)) = (org.get_untracked(), year.get_untracked().parse::<i32>()) else { return };
        if let Some(id) = find_report(&stored_reports(store), &o, y).map(|r| r.meta.id) {
            return navigate(&format!("/bao-cao?bc={id}"), Default::default());
        }
        let plan = plan.0.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match store.update_locked(move |s| open_or_create(s, &plan, &o, y, Utc::now())).await {
                Ok(Some(id)) => navigate(&format!("/bao-cao?bc={id}"), Default::default()),
                Ok(None) => {}
                Err(e) => notices.push(Notice::store(Some(Msg::NotSaved), &e)),
            }
        });
    };

    let list = move || {
        let l = lang.0.get();
        let p = plan.0.get();
        let reports = stored_reports(store);
        if reports.is_empty() {
            // Inside the <ul>: a list holds only list items (axe `list`).
            return view! { <li class="muted">{lang.t(Msg::ReportNone)}</li> }.into_any();
        }
        reports
            .into_iter()
            .map(|r| {
                let status =
                    report_due(p.deadlines(), r.year).map(|due| submission_status(due, r.finalised_at(), today));
                let late = status == Some(SubmissionStatus::Late);
                let name =
                    p.org_units.get(&r.org_unit_id).map(|u| u.name.get(l).to_owned()).unwrap_or(r.org_unit_id.clone());
                let state =
                    if r.is_finalised() { lang.t(Msg::ReportFinalisedWord) } else { lang.t(Msg::ReportDraftWord) };
                view! {
                    <li data-testid="report-item" data-status=status.map(|s| s.code()) class:late=late>
                        <A href=format!("/bao-cao?bc={}", r.meta.id)>{format!("{name} — {}", r.year)}</A>
                        " · "{state}
                        {status.map(|s| view! { " · "<strong>{s.label().get(l).to_owned()}</strong> })}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    view! {
        <div class="dash-filters">
            <DashSelect label=Msg::ReportUnit testid="report-org"
                options=unit_options selected=org on_change=Callback::new(move |v| org.set(v))/>
            <DashSelect label=Msg::DashYear testid="report-year"
                options=year_options selected=year on_change=Callback::new(move |v| year.set(v))/>
        </div>
        <button type="button" data-testid="report-open" on:click=open>{move || lang.t(Msg::ReportOpen)}</button>
        <h3>{move || lang.t(Msg::ReportStored)}</h3>
        <ul class="report-list">{list}</ul>
        <ReportRollup year=Signal::derive(move || year.get().parse().unwrap_or_default())/>
    }
}
