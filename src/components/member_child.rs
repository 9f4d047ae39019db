//! The questions for young children: vaccination before the first birthday (required in the
//! plan's 12–23-month band, optional up to 59 months) and length/height with how it was
//! measured and when (under 5). The record holds a measurement only with both the figure and
//! the position; a figure without a position stays in the form and is flagged.

use ansinh_core::domain::growth::Measured;
use ansinh_core::domain::skip::{Ask, MemberQuestions};
use ansinh_core::domain::survey::HeightMeasurement;
use ansinh_core::i18n::{Msg, Text};
use ansinh_core::views::survey_form::{format_decimal, parse_decimal};
use leptos::prelude::*;

use crate::components::choice_buttons::{enum_choices, msg_text, ChoiceButtons};
use crate::components::form_ctx::{iso_date, parse_iso_date, MemberRef};
use crate::components::member_health::member_yes_no;
use crate::components::number_input::{Keypad, NumberInput};
use crate::components::question::Question;
use crate::components::t::T;
use crate::components::when::When;

const POSITIONS: &[Measured] = &[Measured::Lying, Measured::Standing];

/// Vaccination and length/height.
///
/// Props:
/// - `member`: the member edited.
/// - `q`: the questions that apply to the member now.
#[component]
pub fn MemberChild(member: MemberRef, q: Memo<MemberQuestions>) -> impl IntoView {
    let m = member;
    let form = m.ctx;
    let cm = RwSignal::new(Ok::<Option<f64>, Text>(None));
    let position = RwSignal::new(None::<Measured>);
    let date = RwSignal::new(None::<chrono::NaiveDate>);
    let load = move || {
        let h = m.read(|x| x.height);
        cm.set(Ok(h.map(|h| h.height_cm)));
        position.set(h.map(|h| h.measured));
        date.set(h.map(|h| h.date));
    };
    Effect::new(move |_| {
        form.reloaded.track();
        untrack(load);
    });
    let apply = move || {
        let when = date.get_untracked().unwrap_or_else(|| form.draft.with_untracked(|h| h.survey_date));
        let (value, message) = match (cm.get_untracked(), position.get_untracked()) {
            (Err(e), _) => (None, Some(e)),
            (Ok(None), _) => (None, None),
            (Ok(Some(height_cm)), Some(measured)) => {
                (Some(HeightMeasurement { height_cm, measured, date: when }), None)
            }
            (Ok(Some(_)), None) => (None, Some(msg_text(Msg::ChooseMeasured))),
        };
        form.set_pending(m.key("height"), message);
        m.edit(|x| x.height = value);
    };
    let on_cm = Callback::new(move |t: String| {
        cm.set(parse_decimal(&t));
        apply();
    });
    let (pos_l, pos_s, pos_p) = enum_choices(
        POSITIONS,
        Measured::label,
        move || position.get(),
        move |v| {
            position.set(Some(v));
            apply();
        },
    );
    let pos_l = StoredValue::new(pos_l);
    let id = m.id;
    view! {
        <When when=move || q.get().vaccination.shown()>
            {move || {
                let optional = q.get().vaccination == Ask::Optional;
                member_yes_no(m, Msg::QVaccinated, "fully_vaccinated_before_1", optional, |x| x.fully_vaccinated_before_1, |x, v| x.fully_vaccinated_before_1 = v)
            }}
        </When>
        <When when=move || q.get().height.shown()>
            <div class="member-section" data-testid="child-section">
                <h4><T m=Msg::MemberChildSection/></h4>
                <Question label=Msg::QHeight path=m.path_signal("height") input=true>
                    <NumberInput
                        keypad=Keypad::Decimal
                        stored=Signal::derive(move || m.read(|x| x.height.map(|h| format_decimal(h.height_cm))))
                        on_text=on_cm
                        testid="height"
                    />
                </Question>
                <Question label=Msg::QMeasured path=Signal::derive(String::new)>
                    <ChoiceButtons name=format!("{id}-measured") options=pos_l.get_value() selected=pos_s on_pick=pos_p testid="measured"/>
                </Question>
                <Question label=Msg::QMeasureDate path=Signal::derive(String::new) input=true>
                    <input
                        type="date"
                        data-testid="measure-date"
                        prop:value=move || iso_date(date.get().unwrap_or_else(|| form.survey_date.get()))
                        on:change=move |ev| {
                            date.set(parse_iso_date(&event_target_value(&ev)));
                            apply();
                        }
                    />
                </Question>
            </div>
        </When>
    }
}
