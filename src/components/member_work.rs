//! The member questions by age and sex beyond schooling and childhood: work and insurance
//! (from the labour age), pension or benefit, lonely elderly, births in the last 12 months
//! (women of the fertile ages). Each shows only when the skip logic asks it.

use ansinh_core::domain::skip::MemberQuestions;
use ansinh_core::domain::survey::{LabourStatus, OldAgeBenefit, Qualification, SocialInsurance};
use ansinh_core::i18n::Msg;
use ansinh_core::views::survey_form::parse_count;
use leptos::prelude::*;

use crate::components::choice_buttons::{enum_choices, ChoiceButtons};
use crate::components::form_ctx::MemberRef;
use crate::components::member_health::member_yes_no;
use crate::components::number_input::{Keypad, NumberInput};
use crate::components::question::Question;
use crate::components::t::T;
use crate::components::when::When;

const LABOUR: &[LabourStatus] = &[LabourStatus::Employed, LabourStatus::Unemployed, LabourStatus::NotInLabourForce];
const QUALIFICATION: &[Qualification] = &[
    Qualification::NoQualification,
    Qualification::VocationalCertificate,
    Qualification::Intermediate,
    Qualification::College,
    Qualification::University,
    Qualification::Postgraduate,
];
const SOCIAL_INSURANCE: &[SocialInsurance] =
    &[SocialInsurance::NotInsured, SocialInsurance::Compulsory, SocialInsurance::Voluntary];
const BENEFITS: &[OldAgeBenefit] = &[
    OldAgeBenefit::NoBenefit,
    OldAgeBenefit::Pension,
    OldAgeBenefit::MonthlySocialInsurance,
    OldAgeBenefit::SocialPension,
];

/// Work, insurance, old age and births.
///
/// Props:
/// - `member`: the member edited.
/// - `q`: the questions that apply to the member now.
#[component]
pub fn MemberWork(member: MemberRef, q: Memo<MemberQuestions>) -> impl IntoView {
    let m = member;
    let form = m.ctx;
    let (lab_l, lab_s, lab_p) = enum_choices(
        LABOUR,
        LabourStatus::label,
        move || m.read(|x| x.labour_status),
        move |v| m.edit(|x| x.labour_status = Some(v)),
    );
    let (qual_l, qual_s, qual_p) = enum_choices(
        QUALIFICATION,
        Qualification::label,
        move || m.read(|x| x.qualification),
        move |v| m.edit(|x| x.qualification = Some(v)),
    );
    let (si_l, si_s, si_p) = enum_choices(
        SOCIAL_INSURANCE,
        SocialInsurance::label,
        move || m.read(|x| x.social_insurance),
        move |v| m.edit(|x| x.social_insurance = Some(v)),
    );
    let (ben_l, ben_s, ben_p) = enum_choices(
        BENEFITS,
        OldAgeBenefit::label,
        move || m.read(|x| x.old_age_benefit),
        move |v| m.edit(|x| x.old_age_benefit = Some(v)),
    );
    let births = Callback::new(move |t: String| {
        let r = parse_count(&t);
        form.set_pending(m.key("births_last_12m"), r.as_ref().err().cloned());
        m.edit(|x| x.births_last_12m = r.ok().flatten());
    });
    let lab_l = StoredValue::new(lab_l);
    let qual_l = StoredValue::new(qual_l);
    let si_l = StoredValue::new(si_l);
    let ben_l = StoredValue::new(ben_l);
    let id = m.id;
    view! {
        <When when=move || q.get().labour.shown()>
            <div class="member-section" data-testid="work-section">
                <h4><T m=Msg::MemberWorkSection/></h4>
                <Question label=Msg::QLabourStatus path=m.path_signal("labour_status")>
                    <ChoiceButtons name=format!("{id}-labour") options=lab_l.get_value() selected=lab_s on_pick=lab_p testid="labour_status"/>
                </Question>
                <Question label=Msg::QQualification path=m.path_signal("qualification")>
                    <ChoiceButtons name=format!("{id}-qualification") options=qual_l.get_value() selected=qual_s on_pick=qual_p testid="qualification"/>
                </Question>
                <Question label=Msg::QSocialInsurance path=m.path_signal("social_insurance")>
                    <ChoiceButtons name=format!("{id}-si") options=si_l.get_value() selected=si_s on_pick=si_p testid="social_insurance"/>
                </Question>
                {member_yes_no(m, Msg::QUnemploymentInsurance, "unemployment_insurance", false, |x| x.unemployment_insurance, |x, v| x.unemployment_insurance = v)}
            </div>
        </When>
        <When when=move || q.get().old_age_benefit.shown()>
            <Question label=Msg::QOldAgeBenefit path=m.path_signal("old_age_benefit")>
                <ChoiceButtons name=format!("{id}-benefit") options=ben_l.get_value() selected=ben_s on_pick=ben_p testid="old_age_benefit"/>
            </Question>
        </When>
        <When when=move || q.get().lonely_elderly.shown()>
            {member_yes_no(m, Msg::QLonelyElderly, "lonely_elderly", false, |x| x.lonely_elderly, |x, v| x.lonely_elderly = v)}
        </When>
        <When when=move || q.get().births.shown()>
            <Question label=Msg::QBirths path=m.path_signal("births_last_12m") input=true>
                <NumberInput
                    keypad=Keypad::Numeric
                    stored=Signal::derive(move || m.read(|x| x.births_last_12m.map(|n| n.to_string())))
                    on_text=births
                    testid="births_last_12m"
                />
            </Question>
        </When>
    }
}
