//! The notice on personal data processing at the head of the household form, and the
//! household's answer (agreed / refused / not able to answer) with the day.
//!
//! Contract: until an answer is recorded the notice is shown in full (readable aloud) and the
//! form shows no survey question (`HouseholdForm` asks `consent_given`). An answer that does not
//! consent clears the household's personal data (`ansinh_core::domain::consent::answer_notice`), after
//! a confirmation when there is any. A recorded answer shows as one line with a way to change
//! it. The words live in the core (`consent`) and here, not in the shared catalog: this code is
//! in the households page's lazy chunk, so the first load does not grow.

use ansinh_core::domain::consent::{self, answer_notice, has_personal_data, Status};
use ansinh_core::domain::survey::ConsentAnswer;
use ansinh_core::i18n::{Lang, Text};
use chrono::Local;
use leptos::prelude::*;

use crate::components::form_ctx::use_form;
use crate::components::when::When;
use crate::context::use_lang;

const ANSWERS: [(ConsentAnswer, &str); 3] = [
    (ConsentAnswer::Agreed, "consent-agreed"),
    (ConsentAnswer::Refused, "consent-refused"),
    (ConsentAnswer::UnableToAnswer, "consent-unable"),
];

/// The few words of this component (Vietnamese, English).
fn words(key: &str) -> Text {
    let (vi, en) = match key {
        "legacy" => (
            "Phiếu này lập trước khi có thông báo: chưa ghi nhận thông báo. Đọc thông báo cho hộ và ghi câu trả lời.",
            "This record predates the notice: notice not recorded. Read the notice to the household and record the answer.",
        ),
        "read" => ("Đã đọc thông báo cho hộ. Câu trả lời của hộ:", "The notice was read. The household's answer:"),
        "confirm" => (
            "Hộ không đồng ý: mọi thông tin cá nhân đã nhập của hộ sẽ bị xóa, chỉ giữ thôn, ngày khảo sát và câu trả lời. Xóa?",
            "The household does not consent: every personal answer entered will be deleted, keeping only the village, the survey date and the answer. Delete?",
        ),
        "clear" => ("Xóa và ghi nhận", "Delete and record"),
        "cancel" => ("Hủy", "Cancel"),
        "change" => ("Đổi câu trả lời", "Change the answer"),
        "declined" => (
            "Hộ không đồng ý cung cấp thông tin: không hỏi thêm câu nào. Phiếu chỉ giữ thôn, ngày khảo sát và câu trả lời.",
            "The household did not consent: no further question is asked. The record keeps only the village, the survey date and the answer.",
        ),
        _ => ("Ngày", "Date"),
    };
    Text::new(vi, en)
}

/// Whether the household agreed: the survey questions may be shown.
pub fn consent_given(h: &ansinh_core::domain::survey::Household) -> bool {
    h.consent.is_some_and(|c| c.answer.allows_survey())
}

/// The notice and the answer. No props: the draft comes from the form context.
#[component]
pub fn ConsentNotice() -> impl IntoView {
    let form = use_form();
    let lang = use_lang();
    let d = form.draft;
    let status = Memo::new(move |_| d.with(Status::of));
    let legacy = Memo::new(move |_| d.with(|h| h.consent.is_none() && has_personal_data(h)));
    let reopened = RwSignal::new(false);
    let confirm = RwSignal::new(None::<ConsentAnswer>);
    let w = move |key: &'static str| move || words(key).get(lang.0.get()).to_owned();

    let record = move |a: ConsentAnswer| {
        form.edit(|h| answer_notice(h, a, Local::now().date_naive()));
        confirm.set(None);
        reopened.set(false);
    };
    let pick = move |a: ConsentAnswer| {
        if !a.allows_survey() && d.with_untracked(has_personal_data) {
            confirm.set(Some(a));
        } else {
            record(a);
        }
    };
    let open = move || reopened.get() || status.get() == Status::NotRecorded;
    let answered_line = move || {
        let l = lang.0.get();
        d.with(|h| {
            h.consent.map(|c| {
                let when = c.date.format("%d/%m/%Y");
                format!("{}: {} ({} {when})", in_lang(consent::TITLE, l), c.answer.label().get(l), words("date").get(l))
            })
        })
    };

    view! {
        <When
            when=open
            fallback=move || view! {
                <section class="consent-answered" data-testid="consent-answered">
                    <p><strong>{answered_line}</strong></p>
                    <When when=move || d.with(|h| h.declined_consent())>
                        <p class="callout" data-testid="consent-declined">{w("declined")}</p>
                    </When>
                    <button type="button" data-testid="consent-change" on:click=move |_| reopened.set(true)>
                        {w("change")}
                    </button>
                </section>
            }
        >
            <section class="consent-notice callout" data-testid="consent-notice" aria-labelledby="consent-title">
                <h3 id="consent-title">{move || in_lang(consent::TITLE, lang.0.get())}</h3>
                <When when=move || legacy.get()>
                    <p class="warning" data-testid="consent-legacy">{w("legacy")}</p>
                </When>
                {consent::NOTICE
                    .iter()
                    .map(|&(vi, en)| view! { <p>{move || in_lang((vi, en), lang.0.get())}</p> })
                    .collect_view()}
                <p>{w("read")}</p>
                <div class="choices" role="group" aria-labelledby="consent-title">
                    {ANSWERS
                        .into_iter()
                        .map(|(a, testid)| {
                            let pressed = move || d.with(|h| h.consent.map(|c| c.answer) == Some(a));
                            view! {
                                <button type="button" class="choice" class:chosen=pressed data-testid=testid aria-pressed=move || pressed().to_string() on:click=move |_| pick(a)>
                                    {move || a.label().get(lang.0.get()).to_owned()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                {move || {
                    confirm
                        .get()
                        .map(|a| {
                            view! {
                                <div class="callout warning" role="alertdialog" aria-labelledby="consent-confirm-text" data-testid="consent-confirm">
                                    <p id="consent-confirm-text">{w("confirm")}</p>
                                    <button type="button" class="danger" data-testid="consent-confirm-clear" on:click=move |_| record(a)>
                                        {w("clear")}
                                    </button>
                                    <button type="button" data-testid="consent-confirm-cancel" on:click=move |_| confirm.set(None)>
                                        {w("cancel")}
                                    </button>
                                </div>
                            }
                        })
                }}
            </section>
        </When>
    }
}

/// A (Vietnamese, English) pair in one language.
fn in_lang((vi, en): (&'static str, &'static str), lang: Lang) -> &'static str {
    if lang == Lang::Vi {
        vi
    } else {
        en
    }
}
