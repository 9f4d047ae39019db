//! The root component: context, the page frame and the routes.
//!
//! Contract: every page of the app has a Vietnamese path (`pages::routes`); unknown paths
//! show a plain "not found" page with a way back.

use std::sync::Arc;

use ansinh_core::store::DatasetRevs;
use leptos::prelude::*;
use leptos_router::components::Router;

use crate::components::plan_error::PlanErrorView;
use crate::components::{header::Header, nav::Nav, notices::Notices};
use crate::context::{
    follow_other_tabs, initial_lang, load_plan, open_store, request_persistence, set_document_lang, DatasetCtx,
    DemoCtx, LangCtx, Notice, NoticesCtx, PlanCtx,
};
use crate::pages::routes::Pages;

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
    // The device id goes into every bundle: made once, at the first start.
    if let Err(error) = crate::storage::device_id() {
        notices.push(Notice::storage(Some(ansinh_core::i18n::Msg::SettingNotSaved), &error));
    }
    provide_context(request_persistence());

    let plan = match load_plan() {
        Ok(plan) => plan,
        Err(error) => {
            return view! {
                <Header/>
                <main id="main" class="page"><PlanErrorView error/></main>
            }
            .into_any();
        }
    };
    let plan = PlanCtx(RwSignal::new(plan));
    provide_context(plan);
    provide_context(crate::upload::start(store, plan, notices));
    let dataset = DatasetCtx(RwSignal::new(Default::default()));
    let demo = DemoCtx(RwSignal::new(false));
    provide_context(dataset);
    provide_context(demo);
    // The stored records feed the indicators on every saved change (this tab's or another's),
    // updated in place: only new or changed records are cloned (`sync_dataset`), not the whole
    // district on every save. While the demo is shown it owns the dataset; removing it brings
    // the stored records back (the revisions no longer match, so it is rebuilt in full).
    let revs = StoredValue::new(DatasetRevs::default());
    Effect::new(move |_| {
        if demo.0.get() {
            return;
        }
        let synced = store.with(|s| {
            dataset.0.update(|ds| revs.update_value(|r| s.sync_dataset(Arc::make_mut(ds), r)));
        });
        if synced.is_none() {
            dataset.0.set(Arc::default());
        }
    });

    view! {
        <Router>
            <Header/>
            <Nav/>
            <Notices/>
            <main id="main" class="page">
                <Pages/>
            </main>
        </Router>
    }
    .into_any()
}
