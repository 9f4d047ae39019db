//! The demo switch of the dashboard: loads synthetic households (`dashboard::demo_dataset`)
//! into the dataset, in memory only (never stored), and says loudly while they are shown that
//! they are not real figures.

use std::sync::Arc;

use ansinh_core::i18n::Msg;
use ansinh_core::views::dashboard::demo_dataset;
use leptos::prelude::*;

use crate::components::when::When;
use crate::context::{use_dataset, use_lang, DemoCtx};

/// Households in the demo: enough for every commune to have figures, small enough to
/// generate and evaluate instantly on a tablet.
pub const DEMO_HOUSEHOLDS: usize = 300;
/// Fixed seed: everyone who loads the demo sees the same figures.
pub const DEMO_SEED: u64 = 2025;

/// Without data: the button that loads the demo. With the demo loaded: the banner and the
/// button that removes it in one step. With real data: nothing.
#[component]
pub fn DashDemo() -> impl IntoView {
    let lang = use_lang();
    let dataset = use_dataset();
    let demo = expect_context::<DemoCtx>();
    let load = move |_| demo.0.set(Some(Arc::new(demo_dataset(DEMO_HOUSEHOLDS, DEMO_SEED))));
    let clear = move |_| demo.0.set(None);
    let empty = move || dataset.0.with(|d| d.households.is_empty() && d.figures.is_empty());
    view! {
        <When when=move || demo.shown()>
            <div class="dash-demo-banner" role="status" data-testid="dash-demo-banner">
                <strong>{move || lang.t(Msg::DashDemoBanner)}</strong>
                <button type="button" data-testid="dash-clear-demo" on:click=clear>
                    {move || lang.t(Msg::DashClearDemo)}
                </button>
            </div>
        </When>
        <When when=move || empty() && !demo.shown()>
            <p class="callout" data-testid="dash-no-data">{move || lang.t(Msg::DashNoData)}</p>
            <button type="button" class="primary" data-testid="dash-load-demo" on:click=load>
                {move || lang.t(Msg::DashLoadDemo)}
            </button>
        </When>
    }
}
