//! Tổng quan (overview): what the app is for and the plan's next deadline with days left.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::next_deadline::NextDeadline;
use crate::components::overdue_reports::OverdueReports;
use crate::context::use_lang;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="overview">
            <h2>{move || lang.t(Msg::NavOverview)}</h2>
            <p>{move || lang.t(Msg::OverviewIntro)}</p>
            <p>{move || lang.t(Msg::OverviewDeadlineNote)}</p>
            <OverdueReports/>
            <NextDeadline/>
        </section>
    }
}
