//! "Khóa ứng dụng" on the Đồng bộ page: set, change or remove the tablet's PIN, the idle time
//! before the lock, and "Khóa ngay".
//!
//! Contract: a new PIN is typed twice and must be 4–8 digits (`ansinh_core::security::pin`). Setting it
//! shows the recovery code once, to be written down and handed to the district office; the
//! tablet keeps only its hash. Every failed write is shown. The words are local to this file
//! (the Đồng bộ page's chunk).

use ansinh_core::i18n::{Lang, Text};
use ansinh_core::security::pin::check_format;
use leptos::prelude::*;

use crate::context::use_lang;
use crate::lock::{remove_pin, set_pin, use_lock, IDLE_CHOICES};
use crate::storage;

fn words(key: &str) -> Text {
    let (vi, en) = match key {
        "title" => ("Khóa ứng dụng", "App lock"),
        "intro" => (
            "Đặt mã PIN để người khác không xem được phiếu khi cầm máy. Ứng dụng khóa khi mở và khi không dùng một lúc.",
            "Set a PIN so that nobody else can read the records on this tablet. The app locks on start and when left unused.",
        ),
        "on" => ("Đã đặt mã PIN.", "A PIN is set."),
        "new" => ("Mã PIN mới (4–8 chữ số)", "New PIN (4–8 digits)"),
        "again" => ("Nhập lại mã PIN", "PIN again"),
        "set" => ("Đặt mã PIN", "Set the PIN"),
        "change" => ("Đổi mã PIN", "Change the PIN"),
        "remove" => ("Gỡ mã PIN", "Remove the PIN"),
        "lock_now" => ("Khóa ngay", "Lock now"),
        "idle" => ("Tự khóa sau (phút không dùng)", "Lock after (idle minutes)"),
        "code" => (
            "Mã khôi phục: ghi ra giấy và gửi Phòng LĐ-TB&XH huyện giữ. Mã chỉ hiện một lần; dùng khi quên mã PIN.",
            "Recovery code: write it down and give it to the district office. It is shown only once; it opens the tablet if the PIN is forgotten.",
        ),
        "saved" => ("Đã lưu.", "Saved."),
        "not_loaded" => ("Chưa tải được phần này. Hãy thử lại khi có mạng.", "This part could not be loaded. Try again online."),
        _ => ("Không lưu được. Hãy thử lại.", "Could not be saved. Please try again."),
    };
    Text::new(vi, en)
}

fn say(key: &str, lang: Lang) -> String {
    words(key).get(lang).to_owned()
}

/// The lock's settings. No props.
#[component]
pub fn LockSettings() -> impl IntoView {
    let lang = use_lang();
    let lock = use_lock();
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let code = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.0.get_untracked();
        let (a, b) = (first.get_untracked(), second.get_untracked());
        if let Err(e) = check_format(&a) {
            message.set(Some(e.text().get(l).to_owned()));
            return;
        }
        if a != b {
            message.set(Some(ansinh_core::security::pin::PinError::Mismatch.text().get(l).to_owned()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = set_pin(a).await;
            busy.set(false);
            first.set(String::new());
            second.set(String::new());
            match result {
                Ok(Some(c)) => {
                    lock.enabled.set(true);
                    code.set(Some(c));
                    message.set(Some(say("saved", l)));
                }
                Ok(None) => message.set(Some(say("not_loaded", l))),
                Err(_) => message.set(Some(say("failed", l))),
            }
        });
    };
    let remove = move |_| {
        let l = lang.0.get_untracked();
        match remove_pin() {
            Ok(()) => {
                lock.enabled.set(false);
                code.set(None);
                message.set(Some(say("saved", l)));
            }
            Err(_) => message.set(Some(say("failed", l))),
        }
    };
    let set_idle = move |ev| {
        let Ok(m) = event_target_value(&ev).parse::<u32>() else { return };
        match storage::set(&storage::idle_minutes_key(), &m) {
            Ok(()) => lock.idle_minutes.set(m),
            Err(_) => message.set(Some(say("failed", lang.0.get_untracked()))),
        }
    };
    let t = move |key: &'static str| move || say(key, lang.0.get());

    view! {
        <section class="lock-settings" data-testid="lock-settings" aria-labelledby="lock-settings-title">
            <h3 id="lock-settings-title">{t("title")}</h3>
            <p>{t("intro")}</p>
            <Show when=move || lock.enabled.get()>
                <p data-testid="pin-on">{t("on")}</p>
            </Show>
            <form on:submit=submit class="fields">
                <label>
                    <span>{t("new")}</span>
                    <input
                        type="password"
                        inputmode="numeric"
                        autocomplete="new-password"
                        maxlength="8"
                        data-testid="new-pin"
                        prop:value=move || first.get()
                        on:input=move |ev| first.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>{t("again")}</span>
                    <input
                        type="password"
                        inputmode="numeric"
                        autocomplete="new-password"
                        maxlength="8"
                        data-testid="new-pin-again"
                        prop:value=move || second.get()
                        on:input=move |ev| second.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="primary" data-testid="set-pin" disabled=move || busy.get()>
                    {move || if lock.enabled.get() { say("change", lang.0.get()) } else { say("set", lang.0.get()) }}
                </button>
            </form>
            <p role="status" data-testid="lock-settings-message">{move || message.get()}</p>
            {move || {
                code.get()
                    .map(|c| {
                        view! {
                            <div class="callout warning" data-testid="recovery-shown">
                                <p>{t("code")}</p>
                                <p><strong data-testid="recovery-value">{c}</strong></p>
                            </div>
                        }
                    })
            }}
            <label>
                <span>{t("idle")}</span>
                <select data-testid="idle-minutes" on:change=set_idle>
                    {IDLE_CHOICES
                        .into_iter()
                        .map(|m| {
                            view! {
                                <option value=m.to_string() prop:selected=move || lock.idle_minutes.get() == m>
                                    {m.to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || lock.enabled.get()>
                <p class="actions">
                    <button type="button" data-testid="lock-now" on:click=move |_| lock.lock()>{t("lock_now")}</button>
                    <button type="button" class="danger" data-testid="remove-pin" on:click=remove>{t("remove")}</button>
                </p>
            </Show>
        </section>
    }
}
