//! One question of the household form: its label, its answer control and its problems.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::field_problems::FieldProblems;
use crate::components::t::T;
use crate::context::use_lang;

/// A labelled question.
///
/// Props:
/// - `label`: the question's text.
/// - `path`: the field path its problems are reported at.
/// - `optional`: shows "(không bắt buộc)" after the label.
/// - `children`: the answer control (choice buttons, an input).
#[component]
pub fn Question(
    label: Msg,
    #[prop(into)] path: Signal<String>,
    #[prop(optional)] optional: bool,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="question" data-field=move || path.get()>
            <span class="q-label">
                {move || lang.t(label)}
                {optional.then(|| view! { " " <span class="muted"><T m=Msg::OptionalMark/></span> })}
            </span>
            {children()}
            <FieldProblems path=path/>
        </div>
    }
}
