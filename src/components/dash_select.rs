//! One labelled drop-down of the dashboard (unit, year, status, agency, indicator to compare).
//!
//! Why one component for all of them: each distinct Leptos view is compiled into its own code,
//! so five hand-written selects cost five times the wasm of one shared one.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::t::T;

/// A `<select>` under its label, at least 44 px tall (see `.field` in the stylesheet).
///
/// Props:
/// - `label`: the visible label (a catalog message: follows the language);
/// - `testid`: `data-testid` of the `<select>`;
/// - `options`: (value, text) pairs in display order; text is rendered as text, never HTML;
/// - `selected`: the value currently chosen;
/// - `on_change`: called with the value the user picked.
#[component]
pub fn DashSelect(
    label: Msg,
    testid: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span><T m=label/></span>
            <select data-testid=testid on:change=move |ev| on_change.run(event_target_value(&ev))>
                {move || {
                    let chosen = selected.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let sel = value == chosen;
                            view! { <option value=value selected=sel>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}
