//! The fields of one household member: name, sex, date of birth, relation to the head. The
//! full survey adds its questions here (with skip logic) in the next version.

use ansinh_core::i18n::Msg;
use ansinh_core::person::Sex;
use ansinh_core::survey::{Household, Member, Relation};
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

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

/// The stable code of an enum value (its JSON word), used as an `<option>` value.
fn code<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn from_code<T: serde::de::DeserializeOwned>(s: String) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s)).ok()
}

/// The member's fields, editing the household draft in place.
///
/// Props:
/// - `id`: the member's id within the household.
/// - `index`: its position, for labels ("Nhân khẩu 2").
/// - `draft`: the household being edited; the member is looked up by `id` on every read, so a
///   reload of the draft from another tab shows here at once.
/// - `changed`: called after every edit (the form debounces and saves).
#[component]
pub fn MemberFields(id: Uuid, index: usize, draft: RwSignal<Household>, changed: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let read = move |f: fn(&Member) -> String| {
        draft.with(|h| h.members.iter().find(|m| m.id == id).map(f).unwrap_or_default())
    };
    let edit = move |f: Box<dyn FnOnce(&mut Member)>| {
        let mut done = false;
        draft.update(|h| {
            if let Some(m) = h.members.iter_mut().find(|m| m.id == id) {
                f(m);
                done = true;
            }
        });
        if done {
            changed.run(());
        }
    };
    let remove = move |_| {
        draft.update(|h| h.members.retain(|m| m.id != id));
        changed.run(());
    };
    let n = index + 1;
    view! {
        <fieldset class="member" data-testid="member">
            <legend>{move || format!("{} {n}", lang.t(Msg::Members))}</legend>
            <label>
                <span>{move || lang.t(Msg::MemberName)}</span>
                <input
                    type="text"
                    data-testid="member-name"
                    autocomplete="off"
                    prop:value=move || read(|m| m.name.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        edit(Box::new(move |m| m.name = v));
                    }
                />
            </label>
            <label>
                <span>{move || lang.t(Msg::MemberSex)}</span>
                <select
                    data-testid="member-sex"
                    prop:value=move || read(|m| code(m.sex))
                    on:change=move |ev| {
                        if let Some(s) = from_code::<Sex>(event_target_value(&ev)) {
                            edit(Box::new(move |m| m.sex = s));
                        }
                    }
                >
                    <option value="male">{move || lang.t(Msg::Male)}</option>
                    <option value="female">{move || lang.t(Msg::Female)}</option>
                </select>
            </label>
            <label>
                <span>{move || lang.t(Msg::MemberBirth)}</span>
                <input
                    type="date"
                    data-testid="member-birth"
                    prop:value=move || read(|m| m.date_of_birth.format("%Y-%m-%d").to_string())
                    on:change=move |ev| {
                        // An incomplete date in the picker gives ""; keep the last valid one.
                        if let Ok(d) = NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d") {
                            edit(Box::new(move |m| m.date_of_birth = d));
                        }
                    }
                />
            </label>
            <label>
                <span>{move || lang.t(Msg::MemberRelation)}</span>
                <select
                    data-testid="member-relation"
                    prop:value=move || read(|m| code(m.relation))
                    on:change=move |ev| {
                        if let Some(r) = from_code::<Relation>(event_target_value(&ev)) {
                            edit(Box::new(move |m| m.relation = r));
                        }
                    }
                >
                    {RELATIONS
                        .into_iter()
                        .map(|r| view! { <option value=code(r)>{move || r.label().get(lang.0.get()).to_owned()}</option> })
                        .collect_view()}
                </select>
            </label>
            <button type="button" class="danger" on:click=remove>{move || lang.t(Msg::RemoveMember)}</button>
        </fieldset>
    }
}
