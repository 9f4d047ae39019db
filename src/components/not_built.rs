//! The honest placeholder for a page whose feature is not built yet.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::use_lang;

/// Says plainly that the page is not built and what it will hold.
///
/// Props:
/// - `title`: the page's name (a catalog key).
/// - `planned`: what the page will do once built (a catalog key).
#[component]
pub fn NotBuilt(title: Msg, planned: Msg) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="not-built" data-testid="not-built">
            <h2>{move || lang.t(title)}</h2>
            <p class="callout"><strong>{move || lang.t(Msg::NotBuiltTitle)}</strong>". "{move || lang.t(Msg::NotBuiltBody)}</p>
            <p>{move || lang.t(Msg::PlannedHere)}" "{move || lang.t(planned)}</p>
        </section>
    }
}
