//! The root component: context, the page frame and the routes.
//!
//! Contract: every page of the app has a route here with a Vietnamese path; unknown paths
//! show a plain "not found" page with a way back. With the `split` feature (release builds)
//! every page but Tổng quan is a lazy route: its code is a wasm chunk fetched on the first
//! visit, so the start page downloads only what it shows (`lazy` below).

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::components::plan_error::PlanErrorView;
use crate::components::{header::Header, nav::Nav, notices::Notices};
use crate::context::{
    follow_other_tabs, initial_lang, load_plan_start, open_store, request_persistence, set_document_lang, DatasetCtx,
    DemoCtx, LangCtx, Notice, NoticesCtx, PlanStartCtx,
};
use crate::pages::{not_found::NotFoundPage, overview::OverviewPage};

/// The routes loaded on demand. With `split`, each page's view is a split point
/// (`wasm_split`, as leptos' `#[lazy_route]` makes, but `fallible`): the split step moves it and
/// all code only it reaches into its own wasm chunk. A chunk that cannot be fetched (offline
/// before the worker has cached the build) shows a message instead of the page, and the next
/// visit tries again; leptos' own `#[lazy_route]` would panic, which ends the whole app. Without
/// `split` (tests, and any build that skips the split step, where a split point's import would
/// have no module to come from) each route is the plain page component.
mod lazy {
    #[cfg(feature = "split")]
    use ansinh_core::i18n::Msg;
    #[cfg(feature = "split")]
    use leptos::prelude::*;
    use leptos_router::ChooseView;

    use crate::components::lock_screen::LockScreen;
    #[cfg(feature = "split")]
    use crate::components::t::T;
    use crate::pages::{
        households::HouseholdsPage,
        indicators::IndicatorsPage,
        list_import::ListImportPage,
        plan::PlanPage,
        reports::{ReportPrintPage, ReportsPage},
        sync::SyncPage,
    };

    /// Shown in place of a page whose chunk could not be fetched.
    #[cfg(feature = "split")]
    fn not_loaded() -> AnyView {
        view! { <p class="callout" role="alert" data-testid="part-not-loaded"><T m=Msg::PartNotLoaded/></p> }.into_any()
    }

    /// A page from its chunk (`load`: the split point, which hands back the page's render
    /// function), with the whole plan loaded first when it reads it (`use_plan`): both chunks
    /// are fetched at once, the page is drawn once both are there.
    #[cfg(feature = "split")]
    async fn page_with_plan(
        needs_plan: bool,
        load: impl std::future::Future<Output = Result<fn() -> AnyView, leptos::wasm_split::SplitLoaderError>>,
    ) -> AnyView {
        let (plan, render) = if needs_plan {
            let (plan, render) = crate::context::ensure_plan_with(load).await;
            (Some(plan), render)
        } else {
            (None, load.await)
        };
        match (plan, render) {
            (Some(Err(crate::context::PlanLoadError::Invalid(error))), _) => {
                view! { <crate::components::plan_error::PlanErrorView error/> }.into_any()
            }
            (Some(Err(crate::context::PlanLoadError::NotLoaded)), _) | (_, Err(_)) => not_loaded(),
            (_, Ok(render)) => render(),
        }
    }

    macro_rules! lazy_page {
        ($fn_name:ident, $route:ident, $split:ident, $page:ident) => {
            lazy_page!($fn_name, $route, $split, $page, true);
        };
        ($fn_name:ident, $route:ident, $split:ident, $page:ident, $needs_plan:expr) => {
            #[cfg(feature = "split")]
            #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $split() -> Result<fn() -> AnyView, leptos::wasm_split::SplitLoaderError> {
                // The page's render function, called once the plan is there too: its code
                // stays in the chunk (reached only from here).
                Ok(|| $page().into_any())
            }

            #[cfg(feature = "split")]
            pub struct $route;

            #[cfg(feature = "split")]
            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    page_with_plan($needs_plan, $split()).await
                }
            }

            pub fn $fn_name() -> impl ChooseView {
                #[cfg(feature = "split")]
                return leptos_router::Lazy::<$route>::new();
                #[cfg(not(feature = "split"))]
                return $page;
            }
        };
    }

    lazy_page!(households, HouseholdsRoute, households_page, HouseholdsPage);
    lazy_page!(indicators, IndicatorsRoute, indicators_page, IndicatorsPage);
    lazy_page!(reports, ReportsRoute, reports_page, ReportsPage);
    lazy_page!(report_print, ReportPrintRoute, report_print_page, ReportPrintPage);
    lazy_page!(sync, SyncRoute, sync_page, SyncPage);
    lazy_page!(plan, PlanRoute, plan_page, PlanPage);
    // The household list import: the spreadsheet reader (calamine, csv) comes with it.
    lazy_page!(list_import, ListImportRoute, list_import_page, ListImportPage);
    // The lock screen is the lock's page (`/khoa`): the start module only decides "locked" and
    // parks the router there; the screen's code comes with it (precached for offline use).
    // It does not read the plan: no wait for it on a locked start.
    lazy_page!(locked, LockRoute, lock_screen, LockScreen, false);
}

#[component]
pub fn App() -> impl IntoView {
    let (lang, read_error) = initial_lang();
    set_document_lang(lang);
    let lang_ctx = LangCtx(RwSignal::new(lang));
    let notices =
        NoticesCtx(RwSignal::new(read_error.map(|error| Notice::storage(None, &error)).into_iter().collect()));
    provide_context(lang_ctx);
    provide_context(notices);
    let store = open_store(notices);
    provide_context(store);
    follow_other_tabs(store, notices);
    // Room for an unsaved draft should the storage fill up (docs/storage.md, "Unsaved edits").
    crate::storage::keep_reserve();
    // The device id goes into every bundle: made once, at the first start.
    if let Err(error) = crate::storage::device_id() {
        notices.push(Notice::storage(Some(ansinh_core::i18n::Msg::SettingNotSaved), &error));
    }
    provide_context(request_persistence());

    crate::context::set_root_owner();
    let start = match load_plan_start() {
        Ok(start) => start,
        Err(error) => {
            return view! {
                <Header/>
                <main id="main" class="page"><PlanErrorView error/></main>
            }
            .into_any();
        }
    };
    // Without the split step every page renders at once, so the whole plan is loaded now; with
    // it, the first page that needs the plan loads it (`app::lazy`, `ensure_plan`).
    #[cfg(not(feature = "split"))]
    if let Err(crate::context::PlanLoadError::Invalid(error)) = crate::context::ensure_plan_now() {
        return view! {
            <Header/>
            <main id="main" class="page"><PlanErrorView error/></main>
        }
        .into_any();
    }
    provide_context(crate::context::follow_villages(store, &start));
    provide_context(PlanStartCtx(start));
    provide_context(crate::upload::start(store, notices));
    let demo = DemoCtx(RwSignal::new(None));
    provide_context(demo);
    provide_context(DatasetCtx::new(store, demo));

    // The app lock (src/lock.rs): while locked the router is on the lock's page (`LOCK_PATH`,
    // the lock screen, a lazy page), so no other page's data is in the document; unlocking
    // goes back.
    crate::lock::start();
    view! {
        <Router>
            <crate::components::lock_guard::LockGuard/>
            // The first thing a keyboard or switch user meets: past the header and the menu.
            // The router takes over clicks on same-page links, so the jump to `#main` would not
            // move the focus: the link moves it itself.
            <a class="skip-link" href="#main" data-testid="skip-link" on:click=skip_to_main>{move || lang_ctx.t(ansinh_core::i18n::Msg::SkipToContent)}</a>
            <Header/>
            <Nav/>
            <Notices/>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=OverviewPage/>
                    <Route path=path!("/ho-gia-dinh") view=lazy::households()/>
                    <Route path=path!("/ho-gia-dinh/nhap") view=lazy::list_import()/>
                    <Route path=path!("/chi-tieu") view=lazy::indicators()/>
                    <Route path=path!("/bao-cao") view=lazy::reports()/>
                    <Route path=path!("/bao-cao/in") view=lazy::report_print()/>
                    <Route path=path!("/dong-bo") view=lazy::sync()/>
                    <Route path=path!("/ke-hoach") view=lazy::plan()/>
                    <Route path=path!("/khoa") view=lazy::locked()/>
                </Routes>
            </main>
        </Router>
    }
    .into_any()
}

/// The skip link's action: focus the main content (`<main tabindex="-1">`), past the header and
/// the menu.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    let main = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main"));
    if let Some(el) = main.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
