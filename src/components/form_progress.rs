//! Where the survey stands, always in view at the top of the household form: the household's
//! own questions left, members complete out of all, and "Câu chưa trả lời tiếp theo", which
//! takes the surveyor to the first question (in page order) still unanswered or wrong —
//! opening its member's card, scrolling it into view and putting the focus on it.

use ansinh_core::i18n::Msg;
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::components::form_ctx::{use_form, FormCtx};
use crate::components::t::T;
use crate::context::use_lang;

/// The progress bar. No props: reads the form context.
#[component]
pub fn FormProgress() -> impl IntoView {
    let lang = use_lang();
    let form = use_form();
    let household = Memo::new(move |_| form.report.with(|r| r.household_counts()));
    let members = Memo::new(move |_| {
        let n = form.draft.with(|h| h.members.len());
        let done = form.report.with(|r| (0..n).filter(|&i| r.member_counts(i).done()).count());
        (done, n)
    });
    let any_left = Memo::new(move |_| form.report.with(|r| !r.problems.is_empty()));
    let household_text = move || {
        let c = household.get();
        let left = if c.done() {
            lang.t(Msg::PartDone).to_owned()
        } else {
            let mut parts = Vec::new();
            if c.missing > 0 {
                parts.push(lang.t(Msg::QuestionsLeft).replace("{n}", &c.missing.to_string()));
            }
            if c.errors > 0 {
                parts.push(lang.t(Msg::ErrorsLeft).replace("{n}", &c.errors.to_string()));
            }
            parts.join(", ")
        };
        format!("{}: {left}", lang.t(Msg::FormHouseholdSection))
    };
    let members_text = move || {
        let (d, n) = members.get();
        lang.t(Msg::MembersDone).replace("{d}", &d.to_string()).replace("{n}", &n.to_string())
    };
    view! {
        <div class="form-progress" data-testid="form-progress" role="status">
            <span data-testid="household-progress" class:done=move || household.get().done()>{household_text}</span>
            <span data-testid="members-progress">{members_text}</span>
            <button type="button" data-testid="next-unanswered" disabled=move || !any_left.get() on:click=move |_| go_to_next(form)>
                <T m=Msg::NextUnanswered/>
            </button>
        </div>
    }
}

/// Moves to the first question with something left to do (`data-todo`, set by `Question`).
fn go_to_next(form: FormCtx) {
    let Some(q) = document().query_selector("[data-testid=household-form] .question[data-todo]").ok().flatten() else {
        return;
    };
    // A question inside a closed member card: open the card first.
    let member = q.closest("[data-member]").ok().flatten().and_then(|c| c.get_attribute("data-member"));
    if let Some(id) = member.and_then(|s| Uuid::parse_str(&s).ok()) {
        form.reveal.set(None);
        form.reveal.set(Some(id));
    }
    // After the card has opened (effects run before the next frame).
    request_animation_frame(move || {
        q.scroll_into_view();
        let target = q.query_selector("input:not([type=hidden]), select, textarea").ok().flatten();
        if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}
