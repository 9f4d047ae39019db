//! The lock screen: the only thing shown while the app is locked (`src/lock.rs`). It is the
//! view of the lock's address (`/khoa`), a lazy page: its code is not in the first load.
//!
//! Contract: covers the whole window and makes everything else inert; asks for the PIN; a wrong one says so and, after a few, how long to wait (the
//! button stays disabled until then, across reloads). "Quên mã PIN?" takes the tablet's
//! recovery code, which removes the PIN and no data. The words are local (a short table), not
//! the shared catalog.

use ansinh_core::i18n::{Lang, Text};
use leptos::prelude::*;

use crate::context::use_lang;
use crate::lock::{check_pin, recover, use_lock, wait_secs};

fn words(key: &str) -> Text {
    let (vi, en) = match key {
        "title" => ("Ứng dụng đang khóa", "The app is locked"),
        "pin" => ("Mã PIN", "PIN"),
        "open" => ("Mở khóa", "Unlock"),
        "wrong" => ("Mã PIN không đúng. Hãy thử lại.", "Wrong PIN. Please try again."),
        "wait" => ("Nhập sai nhiều lần. Chờ {s} giây rồi thử lại.", "Too many wrong entries. Wait {s} seconds."),
        "forgot" => ("Quên mã PIN?", "Forgot the PIN?"),
        "code" => ("Mã khôi phục (do huyện giữ)", "Recovery code (kept by the district)"),
        "use_code" => ("Gỡ mã PIN", "Remove the PIN"),
        "bad_code" => (
            "Mã khôi phục không đúng. Liên hệ Phòng LĐ-TB&XH huyện.",
            "Wrong recovery code. Contact the district office.",
        ),
        _ => ("Không lưu được. Hãy thử lại.", "Could not be saved. Please try again."),
    };
    Text::new(vi, en)
}

fn say(key: &str, lang: Lang) -> String {
    words(key).get(lang).to_owned()
}

/// The lock screen. No props: the lock comes from context.
#[component]
pub fn LockScreen() -> impl IntoView {
    let lang = use_lang();
    let lock = use_lock();
    let pin = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let message = RwSignal::new(None::<&'static str>);
    let forgot = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let wait = RwSignal::new(wait_secs());
    // The countdown: once a second while there is a wait.
    if let Ok(h) = set_interval_with_handle(move || wait.set(wait_secs()), std::time::Duration::from_secs(1)) {
        on_cleanup(move || h.clear());
    }
    let blocked = move || busy.get() || wait.get() > 0;
    // Everything beside the lock screen is inert (no focus, no click, hidden from screen
    // readers) while it is shown.
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(el) = root.get() else { return };
        // The screen is the lock's page, inside <main>: every sibling of it and of each of its
        // ancestors up to <body> (header, menu, skip link) becomes inert.
        let mut node: web_sys::Element = el.into();
        while let Some(parent) = node.parent_element() {
            let mut sib = parent.first_element_child();
            while let Some(e) = sib {
                if e != node {
                    let _ = e.set_attribute("inert", "");
                }
                sib = e.next_element_sibling();
            }
            if parent.tag_name().eq_ignore_ascii_case("body") {
                break;
            }
            node = parent;
        }
    });
    on_cleanup(|| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        while let Ok(Some(e)) = doc.query_selector("[inert]") {
            let _ = e.remove_attribute("inert");
        }
    });

    let try_pin = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if blocked() {
            return;
        }
        busy.set(true);
        let typed = pin.get_untracked();
        leptos::task::spawn_local(async move {
            let result = check_pin(typed).await;
            busy.set(false);
            pin.set(String::new());
            wait.set(wait_secs());
            match result {
                Ok(true) => {
                    message.set(None);
                    lock.unlock();
                }
                Ok(false) => message.set(Some("wrong")),
                Err(_) => message.set(Some("failed")),
            }
        });
    };
    let try_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if blocked() {
            return;
        }
        busy.set(true);
        let typed = code.get_untracked();
        leptos::task::spawn_local(async move {
            let result = recover(typed).await;
            busy.set(false);
            wait.set(wait_secs());
            match result {
                Ok(true) => {
                    lock.enabled.set(false);
                    lock.unlock();
                }
                Ok(false) => message.set(Some("bad_code")),
                Err(_) => message.set(Some("failed")),
            }
        });
    };

    view! {
        <div node_ref=root class="lock-screen" role="dialog" aria-modal="true" data-testid="lock-screen" aria-labelledby="lock-title">
            <h1 id="lock-title">{move || say("title", lang.0.get())}</h1>
            <form on:submit=try_pin>
                <label>
                    <span>{move || say("pin", lang.0.get())}</span>
                    <input
                        type="password"
                        inputmode="numeric"
                        autocomplete="off"
                        maxlength="8"
                        data-testid="lock-pin"
                        prop:value=move || pin.get()
                        on:input=move |ev| pin.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="primary" data-testid="unlock" disabled=blocked>
                    {move || say("open", lang.0.get())}
                </button>
            </form>
            <p role="alert" data-testid="lock-message">
                {move || {
                    let l = lang.0.get();
                    match wait.get() {
                        0 => message.get().map(|k| say(k, l)).unwrap_or_default(),
                        s => say("wait", l).replace("{s}", &s.to_string()),
                    }
                }}
            </p>
            <button type="button" class="link" data-testid="forgot-pin" on:click=move |_| forgot.update(|f| *f = !*f)>
                {move || say("forgot", lang.0.get())}
            </button>
            <Show when=move || forgot.get()>
                <form on:submit=try_code>
                    <label>
                        <span>{move || say("code", lang.0.get())}</span>
                        <input
                            type="text"
                            inputmode="numeric"
                            autocomplete="off"
                            data-testid="recovery-code"
                            prop:value=move || code.get()
                            on:input=move |ev| code.set(event_target_value(&ev))
                        />
                    </label>
                    <button type="submit" data-testid="use-recovery" disabled=blocked>
                        {move || say("use_code", lang.0.get())}
                    </button>
                </form>
            </Show>
        </div>
    }
}
