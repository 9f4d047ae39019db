//! The household's own questions (phần thông tin chung của hộ): classification, income,
//! housing, water, latrine, radio/TV, deaths. Few-answer questions are choice buttons; numbers
//! use the numeric keypad.

use ansinh_core::domain::survey::{HousingType, Latrine, PovertyStatus, WaterSource};
use ansinh_core::i18n::Msg;
use ansinh_core::views::survey_form::{format_amount, format_decimal, parse_amount, parse_count, parse_decimal};
use leptos::prelude::*;

use crate::components::choice_buttons::{enum_choices, yes_no, ChoiceButtons};
use crate::components::form_ctx::{use_form, FormCtx};
use crate::components::number_input::{Keypad, NumberInput};
use crate::components::question::Question;
use crate::components::t::T;

const POVERTY: &[PovertyStatus] = &[PovertyStatus::Poor, PovertyStatus::NearPoor, PovertyStatus::NotPoor];
const HOUSING: &[HousingType] =
    &[HousingType::Permanent, HousingType::SemiPermanent, HousingType::Temporary, HousingType::Dilapidated];
const WATER: &[WaterSource] =
    &[WaterSource::Piped, WaterSource::Treated, WaterSource::ProtectedWell, WaterSource::Unprotected];
const LATRINE: &[Latrine] = &[Latrine::Hygienic, Latrine::Unhygienic, Latrine::NoLatrine];

/// A yes/no question of the household.
fn yes_no_question(
    form: FormCtx,
    label: Msg,
    field: &'static str,
    get: fn(&ansinh_core::domain::survey::Household) -> Option<bool>,
    set: fn(&mut ansinh_core::domain::survey::Household, bool),
) -> impl IntoView {
    let (labels, selected, pick) = yes_no(move || form.draft.with(get), move |v| form.edit(|h| set(h, v)));
    view! {
        <Question label=label path=field.to_owned()>
            <ChoiceButtons name=field.to_owned() options=labels selected=selected on_pick=pick testid=field/>
        </Question>
    }
}

/// The household questions. No props: the draft comes from the form context.
#[component]
pub fn HouseholdFields() -> impl IntoView {
    let form = use_form();
    let d = form.draft;

    let (pov_labels, pov_sel, pov_pick) = enum_choices(
        POVERTY,
        PovertyStatus::label,
        move || d.with(|h| h.poverty),
        move |v| form.edit(|h| h.poverty = Some(v)),
    );
    let (house_labels, house_sel, house_pick) = enum_choices(
        HOUSING,
        HousingType::label,
        move || d.with(|h| h.housing),
        move |v| form.edit(|h| h.housing = Some(v)),
    );
    let (water_labels, water_sel, water_pick) =
        enum_choices(WATER, WaterSource::label, move || d.with(|h| h.water), move |v| form.edit(|h| h.water = Some(v)));
    let (lat_labels, lat_sel, lat_pick) = enum_choices(
        LATRINE,
        Latrine::label,
        move || d.with(|h| h.latrine),
        move |v| form.edit(|h| h.latrine = Some(v)),
    );

    let income = Callback::new(move |t: String| {
        let r = parse_amount(&t);
        form.set_pending("income_per_person_vnd".into(), r.as_ref().err().cloned());
        form.edit(|h| h.income_per_person_vnd = r.ok().flatten());
    });
    let area = Callback::new(move |t: String| {
        let r = parse_decimal(&t);
        form.set_pending("floor_area_m2".into(), r.as_ref().err().cloned());
        form.edit(|h| h.floor_area_m2 = r.ok().flatten());
    });
    let deaths = Callback::new(move |t: String| {
        let r = parse_count(&t);
        form.set_pending("deaths_last_12m".into(), r.as_ref().err().cloned());
        form.edit(|h| h.deaths_last_12m = r.ok().flatten());
    });

    view! {
        <fieldset class="section" data-testid="household-fields">
            <legend><T m=Msg::FormHouseholdSection/></legend>
            {yes_no_question(form, Msg::QEthnicMinority, "ethnic_minority", |h| h.ethnic_minority, |h, v| h.ethnic_minority = Some(v))}
            {yes_no_question(form, Msg::QRemoteVillage, "remote_village", |h| h.remote_village, |h, v| h.remote_village = Some(v))}
            <Question label=Msg::QPoverty path="poverty".to_owned()>
                <ChoiceButtons name="poverty".into() options=pov_labels selected=pov_sel on_pick=pov_pick testid="poverty"/>
            </Question>
            {yes_no_question(form, Msg::QDisaster, "disaster_affected", |h| h.disaster_affected, |h, v| h.disaster_affected = Some(v))}
            {yes_no_question(form, Msg::QMeritorious, "meritorious_service", |h| h.meritorious_service, |h, v| h.meritorious_service = Some(v))}
            <Question label=Msg::QIncome path="income_per_person_vnd".to_owned() input=true>
                <NumberInput
                    keypad=Keypad::Numeric
                    stored=Signal::derive(move || d.with(|h| h.income_per_person_vnd.map(format_amount)))
                    on_text=income
                    testid="income"
                />
            </Question>
            <Question label=Msg::QHousing path="housing".to_owned()>
                <ChoiceButtons name="housing".into() options=house_labels selected=house_sel on_pick=house_pick testid="housing"/>
            </Question>
            <Question label=Msg::QFloorArea path="floor_area_m2".to_owned() input=true>
                <NumberInput
                    keypad=Keypad::Decimal
                    stored=Signal::derive(move || d.with(|h| h.floor_area_m2.map(format_decimal)))
                    on_text=area
                    testid="floor-area"
                />
            </Question>
            <Question label=Msg::QWater path="water".to_owned()>
                <ChoiceButtons name="water".into() options=water_labels selected=water_sel on_pick=water_pick testid="water"/>
            </Question>
            <Question label=Msg::QLatrine path="latrine".to_owned()>
                <ChoiceButtons name="latrine".into() options=lat_labels selected=lat_sel on_pick=lat_pick testid="latrine"/>
            </Question>
            {yes_no_question(form, Msg::QRadioTv, "radio_tv", |h| h.radio_tv, |h, v| h.radio_tv = Some(v))}
            <Question label=Msg::QDeaths path="deaths_last_12m".to_owned() input=true>
                <NumberInput
                    keypad=Keypad::Numeric
                    stored=Signal::derive(move || d.with(|h| h.deaths_last_12m.map(|n| n.to_string())))
                    on_text=deaths
                    testid="deaths"
                />
            </Question>
        </fieldset>
    }
}
