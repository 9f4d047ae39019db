//! The app header: the app's name, the online/offline indicator, the language switch, and the
//! new-version prompt when there is one.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::lang_switch::LangSwitch;
use crate::components::offline_ready::OfflineReady;
use crate::components::online_status::OnlineStatus;
use crate::components::update_prompt::UpdatePrompt;
use crate::context::use_lang;

/// Header bar shown on every page. No props.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="app-header">
            <div class="app-title">
                <h1 data-testid="app-name">{move || lang.t(Msg::AppName)}</h1>
                <p class="tagline">{move || lang.t(Msg::AppTagline)}</p>
            </div>
            <div class="header-tools">
                <OnlineStatus/>
                <OfflineReady/>
                <LangSwitch/>
            </div>
            <UpdatePrompt/>
        </header>
    }
}
