//! The plan's next deadline (section IV) with the days left, from today's local date.

use ansinh_core::i18n::Msg;
use chrono::{Datelike, Local, NaiveDate};
use leptos::prelude::*;

use crate::context::{use_lang, use_plan_start};

/// Lists each deadline of the plan that is still ahead, nearest first, with days left.
/// No props: the plan's deadlines (its start projection) and today's date come from context and the device clock.
#[component]
pub fn NextDeadline() -> impl IntoView {
    let lang = use_lang();
    let start = use_plan_start();
    let today: NaiveDate = Local::now().date_naive();
    move || {
        let l = lang.0.get();
        let mut upcoming: Vec<_> =
            start.0.deadlines.iter().filter_map(|d| d.next_due(today).map(|due| (due, d))).collect();
        ansinh_core::base::sort::sort_by_key(&mut upcoming, |(due, _)| due.reference);
        upcoming
            .into_iter()
            .map(|(due, d)| {
                let days = (due.last_on_time - today).num_days();
                let left = if days <= 0 {
                    lang.t(Msg::DueToday).to_owned()
                } else {
                    lang.t(Msg::DaysLeft).replace("{n}", &days.to_string())
                };
                view! {
                    <p class="callout deadline" data-testid="next-deadline">
                        <strong>{lang.t(Msg::NextDeadline)}": "</strong>
                        {d.title.get(l).to_owned()}" — "
                        {lang.t(Msg::DeadlineBefore)}" "{format!("{:02}/{:02}/{}", due.reference.day(), due.reference.month(), due.reference.year())}
                        " ("{left}")"
                    </p>
                }
            })
            .collect_view()
    }
}
