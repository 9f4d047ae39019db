//! Schooling of a member from the schooling age: current enrolment (with the grade for general
//! school) and the highest level completed. The record holds both or nothing; a partial answer
//! stays in the form and is flagged until completed.

use ansinh_core::domain::survey::{EducationLevel, Enrolment, Schooling};
use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::choice_buttons::{enum_choices, msg_text, ChoiceButtons};
use crate::components::form_ctx::MemberRef;
use crate::components::question::Question;
use crate::components::t::T;
use crate::components::when::When;

const LEVELS: &[EducationLevel] = &[
    EducationLevel::BelowPrimary,
    EducationLevel::Primary,
    EducationLevel::LowerSecondary,
    EducationLevel::UpperSecondary,
];

/// The enrolment kinds offered as buttons; general school then asks the grade.
fn enrolment_kind(e: Enrolment) -> usize {
    match e {
        Enrolment::NotEnrolled => 0,
        Enrolment::Preschool => 1,
        Enrolment::Grade(_) => 2,
        Enrolment::PostSecondary => 3,
    }
}

/// Enrolment and level completed.
///
/// Props:
/// - `member`: the member edited.
#[component]
pub fn MemberSchool(member: MemberRef) -> impl IntoView {
    let m = member;
    let form = m.ctx;
    let stored = move || m.read(|x| x.schooling);
    let kind = RwSignal::new(None::<usize>);
    let grade = RwSignal::new(None::<u8>);
    let level = RwSignal::new(None::<EducationLevel>);
    let load = move || {
        let s = stored();
        kind.set(s.map(|s| enrolment_kind(s.enrolment)));
        grade.set(match s.map(|s| s.enrolment) {
            Some(Enrolment::Grade(g)) => Some(g),
            _ => None,
        });
        level.set(s.map(|s| s.highest_completed));
    };
    Effect::new(move |_| {
        form.reloaded.track();
        untrack(load);
    });
    let apply = move || {
        let enrolment = match (kind.get_untracked(), grade.get_untracked()) {
            (Some(0), _) => Some(Enrolment::NotEnrolled),
            (Some(1), _) => Some(Enrolment::Preschool),
            (Some(2), Some(g)) => Some(Enrolment::Grade(g)),
            (Some(3), _) => Some(Enrolment::PostSecondary),
            _ => None,
        };
        let partial = kind.get_untracked().is_some() || level.get_untracked().is_some();
        let value = enrolment
            .zip(level.get_untracked())
            .map(|(enrolment, highest_completed)| Schooling { enrolment, highest_completed });
        let message = (value.is_none() && partial).then(|| msg_text(Msg::ChooseSchooling));
        form.set_pending(m.key("schooling"), message);
        m.edit(|x| x.schooling = value);
    };
    let kinds = vec![
        Enrolment::NotEnrolled.label(),
        Enrolment::Preschool.label(),
        msg_text(Msg::EnrolGeneral),
        Enrolment::PostSecondary.label(),
    ];
    let pick_kind = Callback::new(move |i: usize| {
        kind.set(Some(i));
        apply();
    });
    let (level_labels, level_sel, level_pick) = enum_choices(
        LEVELS,
        EducationLevel::label,
        move || level.get(),
        move |v| {
            level.set(Some(v));
            apply();
        },
    );
    let path = m.path_signal("schooling");
    view! {
        <div class="member-section">
            <h4><T m=Msg::MemberSchoolSection/></h4>
            <Question label=Msg::QEnrolment path=path>
                <ChoiceButtons name=format!("{}-enrolment", m.id) options=kinds selected=kind on_pick=pick_kind testid="enrolment"/>
                <When when=move || kind.get() == Some(2)>
                    <label class="inline">
                        <span><T m=Msg::QGrade/></span>
                        <select
                            data-testid="grade"
                            on:change=move |ev| {
                                grade.set(event_target_value(&ev).parse::<u8>().ok());
                                apply();
                            }
                        >
                            <option value="" prop:selected=move || grade.get().is_none()>"—"</option>
                            {(1u8..=12)
                                .map(|g| view! { <option value=g.to_string() prop:selected=move || grade.get() == Some(g)>{g}</option> })
                                .collect_view()}
                        </select>
                    </label>
                </When>
            </Question>
            <Question label=Msg::QHighestCompleted path=Signal::derive(String::new)>
                <ChoiceButtons name=format!("{}-level", m.id) options=level_labels selected=level_sel on_pick=level_pick testid="highest_completed"/>
            </Question>
        </div>
    }
}
