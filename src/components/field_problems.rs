//! The validation messages of one field, right under it, in the current language.

use ansinh_core::domain::survey::Severity;
use leptos::prelude::*;

use crate::components::form_ctx::use_form;
use crate::components::when::When;
use crate::context::use_lang;

/// The problems of the form's report at exactly `path`. Errors always show; "not answered"
/// shows once the surveyor has tried to mark the household complete.
///
/// Props:
/// - `path`: the field path (`floor_area_m2`, `members[1].date_of_birth`), reactive because a
///   member's position changes when another is removed.
#[component]
pub fn FieldProblems(#[prop(into)] path: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let form = use_form();
    let messages = Memo::new(move |_| {
        let show_missing = form.show_missing.get();
        let l = lang.0.get();
        path.with(|p| {
            form.problems.with_at(p, form.report, |ps| {
                ps.iter()
                    .filter(|x| show_missing || x.severity == Severity::Error)
                    .map(|x| (x.severity == Severity::Error, x.message.get(l).to_owned()))
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <When when=move || messages.with(|m| !m.is_empty())>
            <ul class="problems" data-testid="problems" data-field=move || path.get()>
                {move || {
                    messages
                        .get()
                        .into_iter()
                        .map(|(error, text)| {
                            view! {
                                <li class:error=error class:missing=!error data-testid="problem" role=if error { "alert" } else { "note" }>
                                    {text}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </When>
    }
}
