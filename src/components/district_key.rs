//! "Khóa công khai của huyện": the district's public key (`age1…`, made at the district with
//! `ansinh keys new`) that this tablet's exports are encrypted to. A pasted key is checked as
//! an age recipient (in the lazy crypt chunk) before it is stored (`storage::district_key_key`);
//! a bad key is refused with a message and the stored one is kept. The key is public: it can
//! only lock files, never open them.

use ansinh_core::i18n::{Lang, Text};
use leptos::prelude::*;

use crate::context::use_lang;
use crate::crypt::{run, Job};
use crate::storage;

/// The stored district key, shared by the Sync page's panels.
#[derive(Debug, Clone, Copy)]
pub struct DistrictKeyCtx(pub RwSignal<Option<String>>);

fn load() -> Option<String> {
    storage::get(&storage::district_key_key()).ok().flatten().filter(|k| !k.trim().is_empty())
}

/// Provides the key to the page's panels (called by the Sync page).
pub fn provide_district_key() {
    provide_context(DistrictKeyCtx(RwSignal::new(load())));
}

/// The district key: the page's, or read now where no page provided it.
pub fn use_district_key() -> RwSignal<Option<String>> {
    use_context::<DistrictKeyCtx>().map(|c| c.0).unwrap_or_else(|| RwSignal::new(load()))
}

fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// The district key setting. No props.
#[component]
pub fn DistrictKey() -> impl IntoView {
    let lang = use_lang();
    let key = use_district_key();
    let draft = RwSignal::new(String::new());
    let status = RwSignal::new(None::<(bool, Text)>);
    let save = move |_| {
        let text = draft.get_untracked();
        leptos::task::spawn_local(async move {
            status.set(Some(match run(Job::CheckKey(text)).await {
                Ok(bytes) => {
                    let k = String::from_utf8(bytes).unwrap_or_default();
                    match storage::set(&storage::district_key_key(), &k) {
                        Ok(()) => {
                            key.set(Some(k));
                            draft.set(String::new());
                            (true, Text::new("Đã lưu khóa của huyện.", "The district's key is saved."))
                        }
                        Err(e) => (false, Text::new(e.msg().text(Lang::Vi), e.msg().text(Lang::En))),
                    }
                }
                Err(Some(t)) => (false, t),
                Err(None) => (
                    false,
                    Text::new(
                        ansinh_core::i18n::Msg::PartNotLoaded.text(Lang::Vi),
                        ansinh_core::i18n::Msg::PartNotLoaded.text(Lang::En),
                    ),
                ),
            }));
        });
    };
    view! {
        <section class="panel district-key" data-testid="district-key">
            <h3>{move || tr(lang.0.get(), "Khóa công khai của huyện", "District public key")}</h3>
            <p class="muted">{move || tr(lang.0.get(),
                "Tệp xuất được mã hóa bằng khóa này: chỉ Phòng ở huyện mở được. Khóa do huyện cấp, bắt đầu bằng \"age1\".",
                "Exports are encrypted with this key: only the district office can open them. The district gives it; it begins with \"age1\".")}</p>
            <p data-testid="district-key-current">
                {move || match key.get() {
                    Some(k) => view! { <code>{k}</code> }.into_any(),
                    None => tr(lang.0.get(), "Chưa có khóa.", "No key yet.").into_any(),
                }}
            </p>
            <label class="field">
                <span>{move || tr(lang.0.get(), "Dán khóa mới", "Paste a new key")}</span>
                <input type="text" autocomplete="off" autocapitalize="off" spellcheck="false"
                    data-testid="district-key-input" placeholder="age1…"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))/>
            </label>
            <p>
                <button type="button" data-testid="district-key-save" on:click=save>
                    {move || tr(lang.0.get(), "Lưu khóa", "Save the key")}
                </button>
            </p>
            {move || status.get().map(|(ok, t)| view! {
                <p class=if ok { "callout" } else { "callout warning" } role=if ok { "status" } else { "alert" }
                    data-testid="district-key-status">{t.get(lang.0.get()).to_owned()}</p>
            })}
        </section>
    }
}
