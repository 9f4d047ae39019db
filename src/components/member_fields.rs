//! One household member as a card: its header (number, name, how many questions are left —
//! "còn 3 câu") opens and closes it; a complete member is shown closed, and closes when the
//! surveyor leaves it complete. Inside: identity (name, sex, date of birth, relation to the
//! head), the age at the survey date, and the questions that apply at that age and sex (skip
//! logic from the core's `skip::questions`). Questions that stop applying disappear and their
//! answers are cleared (`survey_form::clear_inapplicable`) when the age, sex or survey date
//! changes. Nothing is preset: sex and relation start unanswered. Removing asks first, naming
//! the person; the form then offers to undo.

use ansinh_core::domain::person::Sex;
use ansinh_core::domain::skip::{questions, MemberQuestions};
use ansinh_core::domain::survey::Relation;
use ansinh_core::i18n::Msg;
use ansinh_core::views::survey_form::clear_inapplicable;
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::components::choice_buttons::{enum_choices, msg_text, ChoiceButtons};
use crate::components::form_ctx::{iso_date, parse_iso_date, use_form};
use crate::components::member_child::MemberChild;
use crate::components::member_health::MemberHealth;
use crate::components::member_school::MemberSchool;
use crate::components::member_work::MemberWork;
use crate::components::question::Question;
use crate::components::t::T;
use crate::components::when::When;
use crate::context::use_lang;

/// Every relation, in the order the form offers them.
const RELATIONS: [Relation; 9] = [
    Relation::Head,
    Relation::Spouse,
    Relation::Child,
    Relation::ChildInLaw,
    Relation::Grandchild,
    Relation::Parent,
    Relation::Sibling,
    Relation::OtherRelative,
    Relation::NonRelative,
];

/// The member's card, editing the household draft in place.
///
/// Props:
/// - `id`: the member's id within the household (its position is looked up on every read, so
///   labels and field paths follow when another member is removed).
#[component]
pub fn MemberFields(id: Uuid) -> impl IntoView {
    let lang = use_lang();
    let form = use_form();
    let m = form.member(id);
    let q: Memo<MemberQuestions> = Memo::new(move |_| {
        let (sex, dob) = m.read(|x| (x.sex, x.date_of_birth));
        questions(sex, dob, form.survey_date.get(), &form.rules)
    });
    // An age or sex change may end questions: their answers go (the form no longer shows them).
    let reshape = move || form.draft.update(|h| drop(clear_inapplicable(h, &form.rules)));

    let index = m.index;
    let counts = Memo::new(move |_| form.report.with(|r| r.member_counts(index.get())));
    let fresh = form.fresh.get_untracked() == Some(id);
    let open = RwSignal::new(fresh || !counts.get_untracked().done());
    Effect::new(move |_| {
        if form.reveal.get() == Some(id) {
            open.set(true);
        }
    });
    let card = NodeRef::<leptos::html::Fieldset>::new();
    let name_input = NodeRef::<leptos::html::Input>::new();
    // A member just added: its name is the first thing to type (saves a tap per member).
    Effect::new(move |_| {
        if let Some(el) = name_input.get() {
            if form.fresh.get_untracked() == Some(id) {
                form.fresh.set(None);
                let _ = el.focus();
            }
        }
    });
    let confirming = RwSignal::new(false);
    // Leaving a complete member for another control closes its card, so the next one is in
    // view. Focus that goes nowhere (the focused button replaced by the removal question, the
    // tablet switching apps) is not leaving: closing then would hide the question just asked.
    let left = move |ev: leptos::ev::FocusEvent| {
        if !counts.get_untracked().done() || confirming.get_untracked() {
            return;
        }
        let Some(to) = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) else { return };
        if card.get_untracked().is_some_and(|card| !card.contains(Some(&to))) {
            open.set(false);
        }
    };
    // Adding a member closes the complete cards too: by touch, a tap on a choice does not move
    // the focus there, so no focusout ever leaves the card.
    Effect::new(move |_| {
        if form.fresh.get().is_some_and(|f| f != id) && counts.get_untracked().done() && !confirming.get_untracked() {
            open.set(false);
        }
    });

    let display_name = move || {
        let n = m.read(|x| x.name.trim().to_owned());
        if n.is_empty() {
            lang.t(Msg::UnnamedMember).to_owned()
        } else {
            n
        }
    };
    let sex_pick = Callback::new(move |i: usize| {
        let s = if i == 0 { Sex::Male } else { Sex::Female };
        m.edit(|x| x.sex = Some(s));
        reshape();
    });
    let sex_selected = Signal::derive(move || m.read(|x| x.sex.map(|s| if s == Sex::Male { 0 } else { 1 })));
    let (rel_labels, rel_selected, rel_pick) = enum_choices(
        &RELATIONS,
        Relation::label,
        move || m.read(|x| x.relation),
        move |r| m.edit(|x| x.relation = Some(r)),
    );
    let age_text = move || {
        q.get().age.map(|a| {
            if a.years >= 2 {
                lang.t(Msg::AgeYears).replace("{n}", &a.years.to_string())
            } else {
                lang.t(Msg::AgeMonths).replace("{n}", &a.months.to_string())
            }
        })
    };
    let progress = move || {
        let c = counts.get();
        let mut parts = Vec::new();
        if c.missing > 0 {
            parts.push(lang.t(Msg::QuestionsLeft).replace("{n}", &c.missing.to_string()));
        }
        if c.errors > 0 {
            parts.push(lang.t(Msg::ErrorsLeft).replace("{n}", &c.errors.to_string()));
        }
        if parts.is_empty() {
            lang.t(Msg::PartDone).to_owned()
        } else {
            parts.join(", ")
        }
    };
    let body_id = format!("member-body-{id}");

    view! {
        <fieldset class="member" data-testid="member" data-member=id.to_string() node_ref=card on:focusout=left>
            <legend class="member-head">
                <button
                    type="button"
                    class="member-toggle"
                    data-testid="member-toggle"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=body_id.clone()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="member-title">{move || format!("{} {} — {}", lang.t(Msg::Members), index.get() + 1, display_name())}</span>
                    <span class="member-progress" class:done=move || counts.get().done() data-testid="member-progress">{progress}</span>
                </button>
            </legend>
            <div class="member-body" id=body_id hidden=move || !open.get()>
                <div class="identity">
                    <Question label=Msg::MemberName path=m.path_signal("name") input=true>
                        <input
                            type="text"
                            data-testid="member-name"
                            autocomplete="off"
                            node_ref=name_input
                            prop:value=move || m.read(|x| x.name.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                m.edit(|x| x.name = v);
                            }
                        />
                    </Question>
                    <Question label=Msg::MemberSex path=m.path_signal("sex")>
                        <ChoiceButtons
                            name=format!("{id}-sex")
                            options=vec![msg_text(Msg::Male), msg_text(Msg::Female)]
                            selected=sex_selected
                            on_pick=sex_pick
                            testid="member-sex"
                        />
                    </Question>
                    <Question label=Msg::MemberBirth path=m.path_signal("date_of_birth") input=true>
                        <input
                            type="date"
                            data-testid="member-birth"
                            // No date yet is an empty field (never the text "undefined").
                            prop:value=move || m.read(|x| x.date_of_birth.map(iso_date).unwrap_or_default())
                            on:change=move |ev| {
                                let d = parse_iso_date(&event_target_value(&ev));
                                m.edit(|x| x.date_of_birth = d);
                                reshape();
                            }
                        />
                        // A household list gave only the year: shown so the surveyor asks the
                        // day and month, never filled in for them.
                        {move || m.read(|x| x.birth_year.filter(|_| x.date_of_birth.is_none())).map(|y| view! {
                            <p class="hint" data-testid="member-birth-year">{move || match lang.0.get() {
                                ansinh_core::i18n::Lang::Vi => format!("Danh sách ghi năm sinh {y}: hãy hỏi ngày, tháng sinh."),
                                ansinh_core::i18n::Lang::En => format!("The list gives the year {y}: ask the day and month."),
                            }}</p>
                        })}
                    </Question>
                    <Question label=Msg::MemberRelation path=m.path_signal("relation")>
                        <ChoiceButtons
                            name=format!("{id}-relation")
                            options=rel_labels
                            selected=rel_selected
                            on_pick=rel_pick
                            testid="member-relation"
                        />
                    </Question>
                </div>
                <p class="age" data-testid="member-age">
                    {move || age_text().unwrap_or_else(|| lang.t(Msg::NeedBirthDate).to_owned())}
                </p>
                <MemberHealth member=m/>
                <When when=move || q.get().schooling.shown()>
                    <MemberSchool member=m/>
                </When>
                <MemberWork member=m q=q/>
                <MemberChild member=m q=q/>
                <When
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="danger" data-testid="remove-member" on:click=move |_| confirming.set(true)>
                            <T m=Msg::RemoveMember/>
                        </button>
                    }
                >
                    <div class="callout warning confirm" role="alertdialog" aria-labelledby=format!("remove-q-{id}") data-testid="confirm-remove-member">
                        <p id=format!("remove-q-{id}")>{move || lang.t(Msg::RemoveMemberConfirm).replace("{name}", &display_name())}</p>
                        <button type="button" class="danger" data-testid="confirm-remove" on:click=move |_| form.remove_member(id)>
                            <T m=Msg::RemoveMemberYes/>
                        </button>
                        <button type="button" data-testid="cancel-remove" on:click=move |_| confirming.set(false)>
                            <T m=Msg::Cancel/>
                        </button>
                    </div>
                </When>
            </div>
        </fieldset>
    }
}
