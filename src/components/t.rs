//! A catalog message as a text node that follows the language switch.
//!
//! Why a component for one line: every `{move || lang.t(Msg::X)}` in a view is a closure of its
//! own type, and each one compiles its own copy of the reactive text node's code; one component
//! taking the message as data compiles it once (it measurably shrinks the download).

use ansinh_core::i18n::Msg;
use leptos::prelude::*;

use crate::context::use_lang;

/// The text of `m` in the current language.
///
/// Props:
/// - `m`: the message.
#[component]
pub fn T(m: Msg) -> impl IntoView {
    let lang = use_lang();
    move || lang.t(m)
}
