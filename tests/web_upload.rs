//! Browser tier: the uploader's `post` in Chromium — the request it makes (method, headers,
//! body), the acknowledgement, an error status (with the server's `Retry-After`), the timeout through AbortController, and a
//! network error. `window.fetch` is replaced by a scripted function for all but the last, which
//! uses the real fetch against a closed port.
#![cfg(target_arch = "wasm32")]

use ansinh_app::upload::post;
use ansinh_core::sync::outbox::{Ack, SendFailure};
use js_sys::{Function, Reflect};
use uuid::Uuid;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces `window.fetch` with `function(url, init) { body }` and returns the original.
fn script_fetch(body: &str) -> JsValue {
    let w = web_sys::window().unwrap();
    let original = Reflect::get(&w, &"fetch".into()).unwrap();
    let f = Function::new_with_args("url, init", body);
    Reflect::set(&w, &"fetch".into(), &f).unwrap();
    original
}

fn restore_fetch(original: JsValue) {
    Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &original).unwrap();
}

fn last(field: &str) -> String {
    let w = web_sys::window().unwrap();
    let seen = Reflect::get(&w, &"__seen".into()).unwrap();
    Reflect::get(&seen, &field.into()).unwrap().as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn an_acknowledging_answer_is_an_ack_and_the_request_names_the_bundle() {
    let id = Uuid::from_u128(0x5eed);
    let original = script_fetch(
        "window.__seen = { url, method: init.method, id: init.headers.get('X-Ansinh-Bundle-Id'),
           type: init.headers.get('Content-Type'), body: init.body };
         return Promise.resolve(new Response(JSON.stringify({ bundle_id: window.__seen.id, status: 'duplicate' }),
           { status: 200 }));",
    );
    let got = post("http://127.0.0.1:1/nhan", id, "{\"x\":1}".into(), 5_000).await;
    restore_fetch(original);
    assert_eq!(got, Ok(Ack::Duplicate));
    assert_eq!(last("url"), "http://127.0.0.1:1/nhan");
    assert_eq!(last("method"), "POST");
    assert_eq!(last("id"), "00000000-0000-0000-0000-000000005eed");
    assert_eq!(last("type"), "application/json");
    assert_eq!(last("body"), "{\"x\":1}");
}

#[wasm_bindgen_test]
async fn an_error_status_and_an_answer_without_the_id_are_failures() {
    let id = Uuid::from_u128(7);
    let original = script_fetch("return Promise.resolve(new Response('oops', { status: 503 }));");
    let got = post("http://127.0.0.1:1/", id, "{}".into(), 5_000).await;
    restore_fetch(original);
    assert_eq!(got, Err((SendFailure::Http { status: 503 }, None)));

    // A busy hub says when to come back: the time is handed to the outbox.
    let original =
        script_fetch("return Promise.resolve(new Response('{}', { status: 503, headers: { 'Retry-After': '7' } }));");
    let before = chrono::Utc::now();
    let got = post("http://127.0.0.1:1/", id, "{}".into(), 5_000).await;
    restore_fetch(original);
    let Err((SendFailure::Http { status: 503 }, Some(at))) = got else { panic!("{got:?}") };
    let wait = (at - before).num_milliseconds();
    assert!((6_000..9_000).contains(&wait), "retry after {wait} ms");

    let original = script_fetch("return Promise.resolve(new Response('{\"status\":\"stored\"}', { status: 200 }));");
    let got = post("http://127.0.0.1:1/", id, "{}".into(), 5_000).await;
    restore_fetch(original);
    assert_eq!(got, Err((SendFailure::NoAck, None)));
}

#[wasm_bindgen_test]
async fn no_answer_is_aborted_at_the_timeout() {
    // Never answers; rejects only when the request's signal aborts, as the real fetch does.
    let original = script_fetch(
        "window.__aborted = false;
         return new Promise((resolve, reject) => init.signal.addEventListener('abort', () => {
           window.__aborted = true; reject(new DOMException('aborted', 'AbortError')); }));",
    );
    let started = js_sys::Date::now();
    let got = post("http://127.0.0.1:1/", Uuid::from_u128(8), "{}".into(), 300).await;
    let waited = js_sys::Date::now() - started;
    restore_fetch(original);
    assert_eq!(got, Err((SendFailure::Timeout { seconds: 1 }, None)));
    let aborted = Reflect::get(&web_sys::window().unwrap(), &"__aborted".into()).unwrap();
    assert_eq!(aborted.as_bool(), Some(true));
    assert!((250.0..3_000.0).contains(&waited), "waited {waited} ms");
}

#[wasm_bindgen_test]
async fn a_closed_port_is_a_network_error() {
    let got = post("http://127.0.0.1:9/nhan", Uuid::from_u128(9), "{}".into(), 10_000).await;
    assert!(matches!(got, Err((SendFailure::Network { .. }, None))), "{got:?}");
}
