//! Hộ gia đình: the households stored on this device and the household form (first version).
//!
//! Contract: `/ho-gia-dinh` lists the households; `/ho-gia-dinh?ho=<uuid>` opens the form of
//! one, so a reload comes back to the same form with what was last saved.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::components::{household_form::HouseholdForm, household_list::HouseholdList};
use crate::context::use_lang;

#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let open = Memo::new(move |_| query.with(|q| q.get("ho").and_then(|s| Uuid::parse_str(&s).ok())));
    view! {
        <section class="households">
            <h2>{move || lang.t(Msg::NavHouseholds)}</h2>
            {move || match open.get() {
                Some(id) => view! { <HouseholdForm id=id/> }.into_any(),
                None => view! { <HouseholdList/> }.into_any(),
            }}
        </section>
    }
}
