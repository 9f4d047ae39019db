//! The member questions for everyone: health insurance, health record, primary care, social
//! assistance.

use ansinh_core::domain::survey::{Member, PrimaryCare};
use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::components::choice_buttons::{enum_choices, yes_no, ChoiceButtons};
use crate::components::form_ctx::MemberRef;
use crate::components::question::Question;
use crate::components::t::T;

const PRIMARY_CARE: &[PrimaryCare] =
    &[PrimaryCare::NotUsed, PrimaryCare::UsedInsurancePaid, PrimaryCare::UsedNotInsurancePaid];

/// A yes/no question of a member.
pub fn member_yes_no(
    m: MemberRef,
    label: Msg,
    field: &'static str,
    optional: bool,
    get: fn(&Member) -> Option<bool>,
    set: fn(&mut Member, Option<bool>),
) -> impl IntoView {
    let (labels, selected, pick) = yes_no(move || m.read(get), move |v| m.edit(|x| set(x, Some(v))));
    view! {
        <Question label=label path=m.path_signal(field) optional=optional>
            <ChoiceButtons name=format!("{}-{field}", m.id) options=labels selected=selected on_pick=pick testid=field/>
        </Question>
    }
}

/// Health and social assistance.
///
/// Props:
/// - `member`: the member edited.
#[component]
pub fn MemberHealth(member: MemberRef) -> impl IntoView {
    let m = member;
    let (pc_labels, pc_sel, pc_pick) = enum_choices(
        PRIMARY_CARE,
        PrimaryCare::label,
        move || m.read(|x| x.primary_care),
        move |v| m.edit(|x| x.primary_care = Some(v)),
    );
    view! {
        <div class="member-section">
            <h4><T m=Msg::MemberHealthSection/></h4>
            {member_yes_no(m, Msg::QHealthInsurance, "health_insurance", false, |x| x.health_insurance, |x, v| x.health_insurance = v)}
            {member_yes_no(m, Msg::QHealthRecord, "health_record", false, |x| x.health_record, |x, v| x.health_record = v)}
            <Question label=Msg::QPrimaryCare path=m.path_signal("primary_care")>
                <ChoiceButtons name=format!("{}-primary_care", m.id) options=pc_labels selected=pc_sel on_pick=pc_pick testid="primary_care"/>
            </Question>
            {member_yes_no(m, Msg::QSocialAssistance, "social_assistance", false, |x| x.social_assistance, |x, v| x.social_assistance = v)}
        </div>
    }
}
