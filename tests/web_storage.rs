//! Browser tier: the storage module against Chromium's real localStorage.
//!
//! Runs with `cargo test --target wasm32-unknown-unknown -p ansinh-app` (headless Chromium
//! via chromedriver). Each test cleans the keys it uses, since the tests share one origin.
#![cfg(target_arch = "wasm32")]

use ansinh_app::storage::{self, Key, StorageError, PREFIX};
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Sample {
    name: String,
    members: u32,
    note: Option<String>,
}

#[wasm_bindgen_test]
fn typed_value_round_trips_under_the_versioned_prefix() {
    let key: Key<Sample> = Key::new("test/sample");
    assert_eq!(key.path(), "ansinh/v1/test/sample");
    let value = Sample { name: "Y Hơn — Đắk Kôi".into(), members: 5, note: None };
    storage::set(&key, &value).expect("write succeeds");
    // The raw entry is JSON under the full key, readable by anyone exporting raw data.
    let raw = local().get_item("ansinh/v1/test/sample").unwrap().unwrap();
    assert!(raw.contains("Y Hơn — Đắk Kôi"), "stored raw: {raw}");
    assert_eq!(storage::get(&key).unwrap(), Some(value));
    storage::remove(&key).unwrap();
    assert_eq!(storage::get(&key).unwrap(), None);
}

#[wasm_bindgen_test]
fn language_setting_round_trips() {
    let key = storage::lang_key();
    storage::set(&key, &"en".to_string()).unwrap();
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("en"));
    storage::remove(&key).unwrap();
}

#[wasm_bindgen_test]
fn corrupt_entry_is_an_error_naming_the_key_not_a_missing_value() {
    local().set_item("ansinh/v1/test/corrupt", "{not json").unwrap();
    let key: Key<Sample> = Key::new("test/corrupt");
    match storage::get(&key) {
        Err(StorageError::Corrupt { key, .. }) => assert_eq!(key, "ansinh/v1/test/corrupt"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    local().remove_item("ansinh/v1/test/corrupt").unwrap();
}

#[wasm_bindgen_test]
fn app_keys_lists_only_our_prefix() {
    local().set_item("someone-else", "x").unwrap();
    storage::set(&Key::<u32>::new("test/listed"), &7).unwrap();
    let keys = storage::app_keys().unwrap();
    assert!(keys.iter().all(|k| k.starts_with(PREFIX)));
    assert!(keys.iter().any(|k| k == "ansinh/v1/test/listed"));
    local().remove_item("someone-else").unwrap();
    local().remove_item("ansinh/v1/test/listed").unwrap();
}

#[wasm_bindgen_test]
fn quota_exceeded_is_reported_and_keeps_the_last_saved_value() {
    let key: Key<Sample> = Key::new("test/quota");
    let saved = Sample { name: "đã lưu".into(), members: 3, note: None };
    storage::set(&key, &saved).unwrap();

    // Fill the origin's quota with filler entries until the browser refuses.
    let chunk = "x".repeat(512 * 1024);
    let mut filler = Vec::new();
    for i in 0..64 {
        let k = format!("filler/{i}");
        if local().set_item(&k, &chunk).is_err() {
            break;
        }
        filler.push(k);
    }
    assert!(!filler.is_empty(), "could not write any filler");

    let bigger = Sample { name: "mới".into(), members: 4, note: Some("y".repeat(1024 * 1024)) };
    let result = storage::set(&key, &bigger);
    for k in &filler {
        local().remove_item(k).unwrap();
    }
    match result {
        Err(StorageError::QuotaExceeded { key: k }) => assert_eq!(k, "ansinh/v1/test/quota"),
        other => panic!("expected QuotaExceeded, got {other:?}"),
    }
    // Nothing lost: the previous value is still there.
    assert_eq!(storage::get(&key).unwrap(), Some(saved));
    storage::remove(&key).unwrap();
}
