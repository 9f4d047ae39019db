//! A status word on its status colour: the colour helps, the word carries the meaning.

use ansinh_core::engine::Status;
use ansinh_core::i18n::Text;
use leptos::prelude::*;

use crate::context::use_lang;

/// Badge with the word of `status` in the current language.
///
/// Props:
/// - `status`: the status to show; its code is also set as `data-status` for tests and CSS.
/// - `label`: the words when they say more than the status's label ("3/7 đơn vị đã nhập").
/// - `reason`: why no met/not met is claimed, shown under the word.
#[component]
pub fn DashStatus(
    status: Status,
    #[prop(optional)] label: Option<Text>,
    #[prop(optional_no_strip)] reason: Option<Text>,
) -> impl IntoView {
    let lang = use_lang();
    let label = label.unwrap_or_else(|| status.label());
    view! {
        <span class=format!("dash-status st-{}", status.code()) data-status=status.code() data-testid="dash-status">
            {move || label.get(lang.0.get()).to_owned()}
        </span>
        {reason.map(|r| view! {
            <small class="dash-reason" data-testid="dash-status-reason">{move || r.get(lang.0.get()).to_owned()}</small>
        })}
    }
}
