//! A number typed on the tablet's numeric keypad, kept as typed until it is a valid value.

use leptos::prelude::*;

use crate::components::form_ctx::use_form;

/// Which keypad the tablet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keypad {
    /// Digits only (`inputmode="numeric"`): amounts, counts.
    Numeric,
    /// Digits and a decimal mark (`inputmode="decimal"`): areas, heights.
    Decimal,
}

/// A text input for a number. It keeps its own text (so "64," stays while typing "64,5");
/// the parent parses it on every keystroke. When the form loads another tab's version, the
/// text becomes `stored` again.
///
/// Props:
/// - `keypad`: numeric or decimal keypad.
/// - `stored`: the record's value as text (`None` when empty), read at start and on reloads.
/// - `on_text`: called with the text after every keystroke.
/// - `testid`: `data-testid` of the input.
#[component]
pub fn NumberInput(
    keypad: Keypad,
    #[prop(into)] stored: Signal<Option<String>>,
    on_text: Callback<String>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let form = use_form();
    let text = RwSignal::new(stored.get_untracked().unwrap_or_default());
    Effect::new(move |first: Option<()>| {
        form.reloaded.track();
        if first.is_some() {
            text.set(stored.get_untracked().unwrap_or_default());
        }
    });
    let mode = match keypad {
        Keypad::Numeric => "numeric",
        Keypad::Decimal => "decimal",
    };
    view! {
        <input
            type="text"
            inputmode=mode
            autocomplete="off"
            data-testid=testid
            prop:value=move || text.get()
            on:input=move |ev| {
                let v = event_target_value(&ev);
                text.set(v.clone());
                on_text.run(v);
            }
        />
    }
}
