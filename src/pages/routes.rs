//! The page of each path: `/` Tổng quan, `/ho-gia-dinh`, `/chi-tieu`, `/bao-cao`,
//! `/bao-cao/in` (a report's print view), `/dong-bo`, `/ke-hoach`; any other path shows the
//! not-found page. A trailing slash is ignored.
//!
//! Why not `leptos_router`'s `<Routes>`: every `<Route>` is its own generic type (path segments,
//! view), and the route tuple's matching compiles per route; the app's routes are flat and
//! static, so one `match` on the pathname does the same for a fraction of the wasm
//! (docs/benchmarks.md). `<Router>` stays: it owns the location, link clicks and navigation;
//! every link in the app is absolute, so nothing needs a matched route to resolve against.
//! What `<Routes>` did besides matching, `Pages` does too: it tells the router when a new
//! path's page is built, so the address bar and the history follow.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::pages::{
    households::HouseholdsPage,
    indicators::IndicatorsPage,
    not_found::NotFoundPage,
    overview::OverviewPage,
    plan::PlanPage,
    reports::{ReportPrintPage, ReportsPage},
    sync::SyncPage,
};

/// Which page a pathname shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Overview,
    Households,
    Indicators,
    Reports,
    ReportPrint,
    Sync,
    Plan,
    NotFound,
}

impl Page {
    /// The page of `path` (a URL's pathname, without query or hash).
    pub fn of(path: &str) -> Page {
        let path = path.strip_suffix('/').unwrap_or(path);
        match path {
            "" => Page::Overview,
            "/ho-gia-dinh" => Page::Households,
            "/chi-tieu" => Page::Indicators,
            "/bao-cao" => Page::Reports,
            "/bao-cao/in" => Page::ReportPrint,
            "/dong-bo" => Page::Sync,
            "/ke-hoach" => Page::Plan,
            _ => Page::NotFound,
        }
    }
}

/// The current page: rebuilt when the pathname moves to another page (not on query changes,
/// which the pages follow themselves). No props; must be inside `<Router>`.
#[component]
pub fn Pages() -> impl IntoView {
    let pathname = use_location().pathname;
    let page = Memo::new(move |_| Page::of(&pathname.read()));
    // The router holds a link's new address out of the address bar and the history until it is
    // told the page is ready (`<Routes>` tells it after matching). Pages are built
    // synchronously when the path changes, so they are ready once this effect runs.
    if let Some(url) = use_context::<BrowserUrl>() {
        Effect::new(move |_| {
            pathname.track();
            url.ready_to_complete();
        });
    }
    move || match page.get() {
        Page::Overview => view! { <OverviewPage/> }.into_any(),
        Page::Households => view! { <HouseholdsPage/> }.into_any(),
        Page::Indicators => view! { <IndicatorsPage/> }.into_any(),
        Page::Reports => view! { <ReportsPage/> }.into_any(),
        Page::ReportPrint => view! { <ReportPrintPage/> }.into_any(),
        Page::Sync => view! { <SyncPage/> }.into_any(),
        Page::Plan => view! { <PlanPage/> }.into_any(),
        Page::NotFound => view! { <NotFoundPage/> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::*;

    use super::Page;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn every_path_has_its_page_and_others_are_not_found() {
        assert_eq!(Page::of("/"), Page::Overview);
        assert_eq!(Page::of(""), Page::Overview);
        assert_eq!(Page::of("/ho-gia-dinh"), Page::Households);
        assert_eq!(Page::of("/ho-gia-dinh/"), Page::Households);
        assert_eq!(Page::of("/chi-tieu"), Page::Indicators);
        assert_eq!(Page::of("/bao-cao"), Page::Reports);
        assert_eq!(Page::of("/bao-cao/in"), Page::ReportPrint);
        assert_eq!(Page::of("/dong-bo"), Page::Sync);
        assert_eq!(Page::of("/ke-hoach"), Page::Plan);
        assert_eq!(Page::of("/bao-cao/in/x"), Page::NotFound);
        assert_eq!(Page::of("/ho-gia-dinh-x"), Page::NotFound);
        assert_eq!(Page::of("/khong-co"), Page::NotFound);
        assert_eq!(Page::of("//"), Page::NotFound);
    }
}
