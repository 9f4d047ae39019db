//! "Khóa công khai của huyện": the district's public key (`age1…`, made at the district with
//! `ansinh keys new`) that this tablet's exports are encrypted to. A pasted key is checked as
//! an age recipient (in the lazy crypt chunk) before it is stored (`storage::district_key_key`);
//! a bad key is refused with a message and the stored one is kept. The key is public: it can
//! only lock files, never open them.
//!
//! A key the district hub announced that differs from the stored one (`crate::hub_key`) is
//! shown with a question: "Dùng khóa mới" replaces the stored key, "Giữ khóa cũ" keeps it and
//! is remembered so the same key is not asked about again. Both re-read storage after each pull
//! (`UploadCtx::pulled`), so a key that arrives while the page is open shows at once.

use ansinh_core::i18n::{Lang, Msg, Text};
use leptos::prelude::*;

use crate::context::{use_lang, Notice, NoticesCtx};
use crate::crypt::{run, Job};
use crate::storage;

/// The stored district key and the hub's pending offer, shared by the Sync page's panels.
#[derive(Debug, Clone, Copy)]
pub struct DistrictKeyCtx {
    pub key: RwSignal<Option<String>>,
    pub offered: RwSignal<Option<String>>,
}

/// The stored value, `None` when there is none; an unreadable one is reported (never taken
/// silently for "no key": the user would think exports are not protected, or paste a key over
/// a damaged one without knowing).
fn load(key: &storage::Key<String>) -> Option<String> {
    match storage::get(key) {
        Ok(v) => v.filter(|k| !k.trim().is_empty()),
        Err(e) => {
            if let Some(notices) = use_context::<NoticesCtx>() {
                notices.push(Notice::storage(Some(Msg::SettingNotRead), &e));
            }
            None
        }
    }
}

impl DistrictKeyCtx {
    fn read() -> DistrictKeyCtx {
        DistrictKeyCtx {
            key: RwSignal::new(load(&storage::district_key_key())),
            offered: RwSignal::new(load(&storage::district_key_offered_key())),
        }
    }

    /// Re-reads both from storage (after a pull or an enrolment stored a key).
    pub fn reload(self) {
        self.key.set(load(&storage::district_key_key()));
        self.offered.set(load(&storage::district_key_offered_key()));
    }
}

/// Provides the key to the page's panels (called by the Sync page), re-read after each pull.
pub fn provide_district_key() {
    let ctx = DistrictKeyCtx::read();
    let pulled = crate::upload::use_upload().pulled;
    Effect::new(move |first: Option<()>| {
        pulled.track();
        if first.is_some() {
            ctx.reload();
        }
    });
    provide_context(ctx);
}

/// The page's key context, or one read now where no page provided it.
pub fn use_district_key_ctx() -> DistrictKeyCtx {
    use_context::<DistrictKeyCtx>().unwrap_or_else(DistrictKeyCtx::read)
}

/// The district key: the page's, or read now where no page provided it.
pub fn use_district_key() -> RwSignal<Option<String>> {
    use_district_key_ctx().key
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
    let ctx = use_district_key_ctx();
    let key = ctx.key;
    let offered = ctx.offered;
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
    // The user's answer to the hub's new key. Either way the offer is cleared; a failed write
    // is shown and nothing else changes.
    let answer = move |take: bool| {
        let Some(new) = offered.get_untracked() else { return };
        let written = if take {
            storage::set(&storage::district_key_key(), &new)
                .and_then(|()| storage::remove(&storage::district_key_declined_key()))
        } else {
            storage::set(&storage::district_key_declined_key(), &new)
        }
        .and_then(|()| storage::remove(&storage::district_key_offered_key()));
        status.set(Some(match written {
            Ok(()) if take => (true, Text::new("Đã dùng khóa mới của huyện.", "The district's new key is in use.")),
            Ok(()) => (true, Text::new("Đã giữ khóa cũ.", "The old key is kept.")),
            Err(e) => (false, Text::new(e.msg().text(Lang::Vi), e.msg().text(Lang::En))),
        }));
        ctx.reload();
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
            {move || offered.get().map(|new| view! {
                <div class="callout warning" role="alert" data-testid="district-key-offer">
                    <p>{move || tr(lang.0.get(),
                        "Máy chủ huyện gửi một khóa khác với khóa đang dùng. Chỉ dùng khóa mới khi Phòng ở huyện xác nhận đã đổi khóa; tệp đã gửi trước vẫn mở bằng khóa cũ.",
                        "The district hub sent a key that differs from the one in use. Take it only when the district office confirms it changed its key; files sent before still open with the old key.")}</p>
                    <p><code>{new}</code></p>
                    <p>
                        <button type="button" data-testid="district-key-take" on:click=move |_| answer(true)>
                            {move || tr(lang.0.get(), "Dùng khóa mới", "Use the new key")}
                        </button>
                        " "
                        <button type="button" data-testid="district-key-keep" on:click=move |_| answer(false)>
                            {move || tr(lang.0.get(), "Giữ khóa cũ", "Keep the old key")}
                        </button>
                    </p>
                </div>
            })}
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
