//! Overdue yearly reports, in red on the overview: every report deadline passed without a
//! finalised report, for the units that keep reports on this device, from the first year they
//! have one (a device does not know which unit it serves; a unit with no report here is not
//! listed, so a tablet of one commune is not flooded with the others' deadlines).

use ansinh_core::i18n::Msg;
use ansinh_core::report::overdue;
use chrono::{Datelike, Local};
use leptos::prelude::*;

use crate::components::report_picker::stored_reports;
use crate::context::{current_units, use_lang, use_plan_start, use_store};

/// The overdue list; nothing when none. No props: the plan's deadlines (its start projection),
/// the store and today from context and the clock.
#[component]
pub fn OverdueReports() -> impl IntoView {
    let lang = use_lang();
    let start = use_plan_start();
    let store = use_store();
    let today = Local::now().date_naive();
    move || {
        let l = lang.0.get();
        let org = current_units();
        let reports = stored_reports(store);
        let mut units: Vec<&str> = reports.iter().map(|r| r.org_unit_id.as_str()).collect();
        units.sort_unstable();
        units.dedup();
        let Some(first) = reports.iter().map(|r| r.year).min() else { return ().into_any() };
        let items = overdue(&start.0.deadlines, &reports, &units, first, today);
        if items.is_empty() {
            return ().into_any();
        }
        let rows = items
            .into_iter()
            .map(|i| {
                let name = org.get(&i.org_unit_id).map(|u| u.name.get(l).to_owned()).unwrap_or_default();
                let d = i.due.reference;
                view! {
                    <li data-testid="overdue-item" data-org=i.org_unit_id.clone() data-year=i.year>
                        {format!("{name} — {} {} ({} {:02}/{:02}/{}) — ", i.title.get(l), i.year, lang.t(Msg::DeadlineBefore), d.day(), d.month(), d.year())}
                        <strong>{lang.t(Msg::ReportDaysOverdue).replace("{n}", &i.days_overdue.to_string())}</strong>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="callout overdue" role="alert" data-testid="overdue">
                <strong>{lang.t(Msg::ReportOverdue)}</strong>
                <ul>{rows}</ul>
            </div>
        }
        .into_any()
    }
}
