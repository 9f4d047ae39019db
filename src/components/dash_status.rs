//! A status word on its status colour: the colour helps, the word carries the meaning.

use ansinh_core::engine::Status;
use leptos::prelude::*;

use crate::context::use_lang;

/// Badge with the word of `status` in the current language.
///
/// Props:
/// - `status`: the status to show; its code is also set as `data-status` for tests and CSS.
#[component]
pub fn DashStatus(status: Status) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class=format!("dash-status st-{}", status.code()) data-status=status.code() data-testid="dash-status">
            {move || status.label().get(lang.0.get()).to_owned()}
        </span>
    }
}
