//! The Vietnamese/English switch. The choice is stored and survives a reload.

use ansinh_core::i18n::{Lang, Msg};
use leptos::prelude::*;

use crate::context::{set_lang, use_lang, use_notices};

/// A button that flips between Vietnamese and English. No props.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let notices = use_notices();
    let flip = move |_| {
        let next = match lang.0.get_untracked() {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        };
        set_lang(lang, notices, next);
    };
    view! {
        <button
            type="button"
            class="lang-switch"
            data-testid="lang-switch"
            aria-label=move || lang.t(Msg::SwitchLanguageLabel)
            on:click=flip
        >
            {move || lang.t(Msg::SwitchLanguage)}
        </button>
    }
}
