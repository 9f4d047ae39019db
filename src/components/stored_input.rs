//! A text input that shows a stored value without writing over what is being typed into it.
//!
//! Contract: [`show_stored`] puts `value` into the input when the input is mounted and each time
//! the value changes, except while the input has the focus and holds text other than what was
//! shown last: the officer is typing an answer not sent yet (it goes on its `change` event, as
//! usual). A write that lands meanwhile — their previous answer delayed by the cross-tab lock,
//! another tab's save, a pull from the hub — would otherwise replace the typing, and the answer
//! would be lost without a word.

use leptos::html::Input;
use leptos::prelude::*;

/// Binds `input`'s text to `value` (use instead of `prop:value`), keeping what is being typed.
pub fn show_stored(input: NodeRef<Input>, value: Signal<String>) {
    Effect::new(move |shown: Option<String>| {
        let stored = value.get();
        if let Some(el) = input.get() {
            let focused = document().active_element().is_some_and(|a| {
                let a: &web_sys::Element = &a;
                let el: &web_sys::Element = &el;
                a == el
            });
            let typing = focused && shown.as_ref().is_some_and(|s| el.value() != *s);
            if !typing && el.value() != stored {
                el.set_value(&stored);
            }
        }
        stored
    });
}
