//! Shown for any path that is not a page of the app.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::context::use_lang;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="not-found">
            <h2>{move || lang.t(Msg::NotFoundTitle)}</h2>
            <p>{move || lang.t(Msg::NotFoundBody)}</p>
            <p><A href="/">{move || lang.t(Msg::BackHome)}</A></p>
        </section>
    }
}
