//! The NavHouseholds page. Not built yet: it says so plainly and names what it will hold.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::not_built::NotBuilt;

#[component]
pub fn HouseholdsPage() -> impl IntoView {
    view! { <NotBuilt title=Msg::NavHouseholds planned=Msg::HouseholdsPlanned/> }
}
