//! Main navigation between the app's pages; large touch targets for tablets.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::context::use_lang;

/// The pages in navigation order: (path, label).
pub const PAGES: [(&str, Msg); 6] = [
    ("/", Msg::NavOverview),
    ("/ho-gia-dinh", Msg::NavHouseholds),
    ("/chi-tieu", Msg::NavIndicators),
    ("/bao-cao", Msg::NavReports),
    ("/dong-bo", Msg::NavSync),
    ("/ke-hoach", Msg::NavPlan),
];

/// The navigation bar. The current page gets `aria-current="page"` from the router's `A`.
#[component]
pub fn Nav() -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="app-nav" aria-label=move || lang.t(Msg::NavLabel)>
            <ul>
                {PAGES
                    .into_iter()
                    .map(|(href, msg)| {
                        view! {
                            <li>
                                <A href=href exact=true>{move || lang.t(msg)}</A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
