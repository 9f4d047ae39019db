//! Large choice buttons: a radio group drawn as a row of buttons, for questions with few
//! answers (a tablet is quicker to tap than a dropdown). Nothing is chosen until tapped, so an
//! unanswered question stays unanswered. The group is named by its question (`Question`'s
//! fieldset and legend), each radio by its answer's label.

use ansinh_core::i18n::{Lang, Msg, Text};
use leptos::prelude::*;

use crate::context::use_lang;

/// A radio group of `options`.
///
/// Props:
/// - `name`: the group's name, unique on the page (the radios of one group exclude each other).
/// - `options`: the answers' labels, both languages.
/// - `selected`: the index of the chosen answer, if any.
/// - `on_pick`: called with the index of the answer tapped.
/// - `testid`: `data-testid` of the group; each radio gets `<testid>-<index>`.
/// - `label`: the question, for a group not inside a `Question`: then the group is a
///   fieldset with this legend (its accessible name).
#[component]
pub fn ChoiceButtons(
    name: String,
    options: Vec<Text>,
    #[prop(into)] selected: Signal<Option<usize>>,
    on_pick: Callback<usize>,
    #[prop(optional)] testid: &'static str,
    #[prop(optional)] label: Option<Msg>,
) -> impl IntoView {
    let lang = use_lang();
    let group = view! {
        <div class="choices" data-testid=testid>
            {options
                .into_iter()
                .enumerate()
                .map(|(i, label)| {
                    let name = name.clone();
                    view! {
                        <label class="choice" class:chosen=move || selected.get() == Some(i)>
                            <input
                                type="radio"
                                name=name
                                data-testid=format!("{testid}-{i}")
                                prop:checked=move || selected.get() == Some(i)
                                on:change=move |_| on_pick.run(i)
                            />
                            <span>{move || label.get(lang.0.get()).to_owned()}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    };
    // Outside a `Question` (which gives its own fieldset), the group names itself.
    match label {
        Some(m) => view! {
            <fieldset class="question">
                <legend class="q-label">{move || lang.t(m)}</legend>
                {group}
            </fieldset>
        }
        .into_any(),
        None => group.into_any(),
    }
}

/// The choice-button pieces for an enum question: labels of `all`, the index of `get()`, and a
/// callback that calls `set` with the value tapped.
pub fn enum_choices<T: Copy + PartialEq + Send + Sync + 'static>(
    all: &'static [T],
    label: fn(T) -> Text,
    get: impl Fn() -> Option<T> + Send + Sync + 'static,
    set: impl Fn(T) + Send + Sync + 'static,
) -> (Vec<Text>, Signal<Option<usize>>, Callback<usize>) {
    let labels = all.iter().map(|v| label(*v)).collect();
    // A memo: the buttons redraw when the choice changes, not whenever what `get` reads does
    // (a keystroke elsewhere in the same record).
    let selected = Memo::new(move |_| get().and_then(|v| all.iter().position(|x| *x == v))).into();
    let pick = Callback::new(move |i: usize| {
        if let Some(v) = all.get(i) {
            set(*v);
        }
    });
    (labels, selected, pick)
}

/// Yes/no as choice buttons: index 0 is "Có", 1 is "Không".
pub fn yes_no(
    get: impl Fn() -> Option<bool> + Send + Sync + 'static,
    set: impl Fn(bool) + Send + Sync + 'static,
) -> (Vec<Text>, Signal<Option<usize>>, Callback<usize>) {
    let labels = vec![msg_text(Msg::Yes), msg_text(Msg::No)];
    let selected = Memo::new(move |_| get().map(|b| if b { 0 } else { 1 })).into();
    let pick = Callback::new(move |i: usize| set(i == 0));
    (labels, selected, pick)
}

/// A catalog message as a `Text` (both languages), for components that take `Text` labels.
pub fn msg_text(m: Msg) -> Text {
    Text::new(m.text(Lang::Vi), m.text(Lang::En))
}
