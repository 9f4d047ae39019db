//! One question of the household form: its label, its answer control and its problems.
//!
//! Contract: the question's text is the accessible name of its control — a `<fieldset>` with
//! a `<legend>` around a group of choice buttons, a `<label>` around a single input — so a
//! screen reader says which question a choice belongs to. A question the report counts as
//! unanswered says "Chưa trả lời" next to its text and carries `data-todo` (what "Câu chưa trả
//! lời tiếp theo" looks for); an answered one carries neither.

use ansinh_core::domain::survey::Severity;
use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::field_problems::FieldProblems;
use crate::components::form_ctx::use_form;
use crate::components::t::T;
use crate::components::when::When;
use crate::context::use_lang;

/// A labelled question.
///
/// Props:
/// - `label`: the question's text.
/// - `path`: the field path its problems are reported at.
/// - `optional`: shows "(không bắt buộc)" after the label.
/// - `input`: the answer is one input (text, number, date): labelled by a `<label>`; otherwise
///   a group of choices in a `<fieldset>`.
/// - `children`: the answer control (choice buttons, an input).
#[component]
pub fn Question(
    label: Msg,
    #[prop(into)] path: Signal<String>,
    #[prop(optional)] optional: bool,
    #[prop(optional)] input: bool,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let form = use_form();
    // Unanswered, or answered wrongly: something left to do here.
    // Through `problems`: this field's own signal, not the whole report (see `ProblemsByPath`).
    let todo = Memo::new(move |_| path.with(|p| form.problems.with_at(p, form.report, |ps| !ps.is_empty())));
    let missing = Memo::new(move |_| {
        path.with(|p| form.problems.with_at(p, form.report, |ps| ps.iter().any(|x| x.severity == Severity::Missing)))
    });
    let text = move || {
        view! {
            {move || lang.t(label)}
            {optional.then(|| view! { " " <span class="muted"><T m=Msg::OptionalMark/></span> })}
            <When when=move || missing.get()>
                " " <span class="todo-mark" data-testid="unanswered"><T m=Msg::Unanswered/></span>
            </When>
        }
    };
    if input {
        view! {
            <div class="question" data-field=move || path.get() data-todo=move || todo.get().then_some("")>
                <label class="q-input">
                    <span class="q-label">{text()}</span>
                    {children()}
                </label>
                <FieldProblems path=path/>
            </div>
        }
        .into_any()
    } else {
        view! {
            <fieldset class="question" data-field=move || path.get() data-todo=move || todo.get().then_some("")>
                <legend class="q-label">{text()}</legend>
                {children()}
                <FieldProblems path=path/>
            </fieldset>
        }
        .into_any()
    }
}
