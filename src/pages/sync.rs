//! The NavSync page. Not built yet: it says so plainly and names what it will hold.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::not_built::NotBuilt;

#[component]
pub fn SyncPage() -> impl IntoView {
    view! { <NotBuilt title=Msg::NavSync planned=Msg::SyncPlanned/> }
}
