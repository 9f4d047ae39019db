//! One household member: identity (name, sex, date of birth, relation to the head), the age
//! at the survey date, and the questions that apply at that age and sex (skip logic from the
//! core's `skip::questions`). Questions that stop applying disappear and their answers are
//! cleared (`survey_form::clear_inapplicable`) when the age, sex or survey date changes.

use ansinh_core::i18n::Msg;
use ansinh_core::person::Sex;
use ansinh_core::skip::{questions, MemberQuestions};
use ansinh_core::survey::Relation;
use ansinh_core::survey_form::clear_inapplicable;
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::choice_buttons::{msg_text, ChoiceButtons};
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

/// The member's fields, editing the household draft in place.
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
        let survey_date = form.draft.with(|h| h.survey_date);
        let (sex, dob) = m.read(|x| Some((x.sex, x.date_of_birth))).unwrap_or((Sex::Male, None));
        questions(sex, dob, survey_date, &form.rules)
    });
    // An age or sex change may end questions: their answers go (the form no longer shows them).
    let reshape = move || form.draft.update(|h| drop(clear_inapplicable(h, &form.rules)));

    let number = move || form.draft.with(|h| h.members.iter().position(|x| x.id == id).map_or(0, |i| i + 1));
    let remove = move |_| {
        form.pending.update(|p| p.retain(|k, _| !k.starts_with(&format!("m:{id}."))));
        form.edit(|h| h.members.retain(|x| x.id != id));
    };
    let sex_pick = Callback::new(move |i: usize| {
        let s = if i == 0 { Sex::Male } else { Sex::Female };
        m.edit(|x| x.sex = s);
        reshape();
    });
    let sex_selected = Signal::derive(move || m.read(|x| Some(if x.sex == Sex::Male { 0 } else { 1 })));
    let age_text = move || {
        q.get().age.map(|a| {
            if a.years >= 2 {
                lang.t(Msg::AgeYears).replace("{n}", &a.years.to_string())
            } else {
                lang.t(Msg::AgeMonths).replace("{n}", &a.months.to_string())
            }
        })
    };

    view! {
        <fieldset class="member" data-testid="member">
            <legend>{move || format!("{} {}", lang.t(Msg::Members), number())}</legend>
            <div class="identity">
                <Question label=Msg::MemberName path=m.path_signal("name")>
                    <input
                        type="text"
                        data-testid="member-name"
                        autocomplete="off"
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
                <Question label=Msg::MemberBirth path=m.path_signal("date_of_birth")>
                    <input
                        type="date"
                        data-testid="member-birth"
                        prop:value=move || m.read(|x| x.date_of_birth.map(iso_date))
                        on:change=move |ev| {
                            let d = parse_iso_date(&event_target_value(&ev));
                            m.edit(|x| x.date_of_birth = d);
                            reshape();
                        }
                    />
                </Question>
                <Question label=Msg::MemberRelation path=m.path_signal("relation")>
                    <select
                        data-testid="member-relation"
                        on:change=move |ev| {
                            let i = event_target_value(&ev).parse::<usize>().ok();
                            if let Some(r) = i.and_then(|i| RELATIONS.get(i)).copied() {
                                m.edit(|x| x.relation = r);
                            }
                        }
                    >
                        {RELATIONS
                            .into_iter()
                            .enumerate()
                            .map(|(i, r)| {
                                view! {
                                    <option value=i.to_string() prop:selected=move || m.read(|x| x.relation == r)>
                                        {move || r.label().get(lang.0.get()).to_owned()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
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
            <button type="button" class="danger" data-testid="remove-member" on:click=remove>
                <T m=Msg::RemoveMember/>
            </button>
        </fieldset>
    }
}
