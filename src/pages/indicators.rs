//! The NavIndicators page. Not built yet: it says so plainly and names what it will hold.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::not_built::NotBuilt;

#[component]
pub fn IndicatorsPage() -> impl IntoView {
    view! { <NotBuilt title=Msg::NavIndicators planned=Msg::IndicatorsPlanned/> }
}
