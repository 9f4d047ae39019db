//! Hộ gia đình: the households stored on this device and the household form (first version).
//!
//! Contract: `/ho-gia-dinh` lists the households; `/ho-gia-dinh?xem=tien-do` shows the survey
//! progress per village; `/ho-gia-dinh?xem=thon` the commune's village list (danh sách thôn);
//! `/ho-gia-dinh?xem=so-lieu` the office figures; `/ho-gia-dinh?ho=<uuid>` opens the form of one household, so a reload
//! comes back to the same form with what was last saved.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::components::t::T;
use crate::components::{
    household_form::HouseholdForm, household_list::HouseholdList, office_figures::OfficeFigures,
    village_list::VillageList, village_progress::VillageProgress,
};
use crate::context::use_lang;

#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let open = Memo::new(move |_| query.with(|q| q.get("ho").and_then(|s| Uuid::parse_str(&s).ok())));
    let view_param = Memo::new(move |_| query.with(|q| q.get("xem")));
    let tabs = move || {
        view! {
            <nav class="view-switch" aria-label=move || lang.t(Msg::NavHouseholds)>
                <A href="/ho-gia-dinh" exact=true attr:data-testid="view-list"><T m=Msg::ViewList/></A>
                <A href="/ho-gia-dinh?xem=tien-do" exact=true attr:data-testid="view-progress"><T m=Msg::ViewProgress/></A>
                <A href="/ho-gia-dinh?xem=thon" exact=true attr:data-testid="view-villages"><T m=Msg::ViewVillages/></A>
                <A href="/ho-gia-dinh?xem=so-lieu" exact=true attr:data-testid="view-figures"><T m=Msg::ViewFigures/></A>
            </nav>
        }
    };
    view! {
        <section class="households">
            <h2><T m=Msg::NavHouseholds/></h2>
            {move || match open.get() {
                Some(id) => view! { <HouseholdForm id=id/> }.into_any(),
                None if view_param.get().as_deref() == Some("tien-do") => view! { {tabs} <VillageProgress/> }.into_any(),
                None if view_param.get().as_deref() == Some("thon") => view! { {tabs} <VillageList/> }.into_any(),
                None if view_param.get().as_deref() == Some("so-lieu") => view! { {tabs} <OfficeFigures/> }.into_any(),
                None => view! { {tabs} <HouseholdList/> }.into_any(),
            }}
        </section>
    }
}
