//! Shown instead of the app when the plan file fails validation.

use ansinh_core::domain::plan::PlanError;
use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::use_lang;

/// Lists every problem of a plan file in the current language.
///
/// Props:
/// - `error`: what `Plan::from_json` returned.
#[component]
pub fn PlanErrorView(error: PlanError) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="notice notice-error plan-error" role="alert">
            <p><strong>{move || lang.t(Msg::PlanLoadError)}</strong></p>
            <p>{move || error.message(lang.0.get())}</p>
        </section>
    }
}
