//! Where the household form stands: draft or complete, how many errors and unanswered
//! questions are left, and the button to mark it complete (or back to draft).
//!
//! Contract: "complete" is set only when the core's report has no problem at all; otherwise
//! the button reveals every "not answered" next to its field and says so.

use ansinh_core::domain::survey::Completeness;
use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::form_ctx::use_form;
use crate::components::t::T;
use crate::components::when::When;
use crate::context::use_lang;

/// The status line and the completeness button. No props: reads the form context.
#[component]
pub fn CompletenessBar() -> impl IntoView {
    let lang = use_lang();
    let form = use_form();
    let status = Memo::new(move |_| form.draft.with(|h| h.completeness));
    let counts = Memo::new(move |_| form.report.with(|r| (r.errors(), r.missing())));
    let refused = RwSignal::new(false);
    let mark = move |_| {
        if form.report.with_untracked(|r| r.can_complete()) {
            refused.set(false);
            form.edit(|h| h.completeness = Completeness::Complete);
        } else {
            refused.set(true);
            form.show_missing.set(true);
        }
    };
    let back = move |_| form.edit(|h| h.completeness = Completeness::Draft);
    let summary = move || {
        let (e, m) = counts.get();
        if e + m == 0 {
            lang.t(Msg::FormAllGood).to_owned()
        } else {
            lang.t(Msg::FormSummary).replace("{e}", &e.to_string()).replace("{m}", &m.to_string())
        }
    };
    view! {
        <div class="completeness" data-testid="completeness">
            <span class="badge" class:complete=move || status.get() == Completeness::Complete data-testid="completeness-status">
                {move || status.get().label().get(lang.0.get()).to_owned()}
            </span>
            <span data-testid="form-summary">{summary}</span>
            <When
                when=move || status.get() == Completeness::Complete
                fallback=move || view! {
                    <button type="button" class="primary" data-testid="mark-complete" on:click=mark>
                        <T m=Msg::MarkComplete/>
                    </button>
                }
            >
                <button type="button" data-testid="back-to-draft" on:click=back><T m=Msg::BackToDraft/></button>
            </When>
        </div>
        <When when=move || refused.get() && counts.with(|(e, m)| e + m > 0)>
            <p class="callout warning" role="alert" data-testid="cannot-complete"><T m=Msg::CannotComplete/></p>
        </When>
    }
}
