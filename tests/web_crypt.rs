//! Browser tier: the app's encryption (`ansinh_app::crypt`, age over getrandom's
//! `crypto.getRandomValues`) in Chromium's WASM: a file for the district's key and a
//! passphrase file round trip, a wrong passphrase is refused; and the time scrypt takes at the
//! product's work factor and its neighbours (printed for docs/benchmarks.md, "Passphrase
//! files").
#![cfg(target_arch = "wasm32")]

use ansinh_app::crypt::{run, Job};
use ansinh_core::i18n::Lang;
use ansinh_core::security::crypt::{self, SecretKey, PASSPHRASE_LOG_N};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BUNDLE: &[u8] = br#"{"format":"ansinh-bundle","households":[{"name":"Y Lan"}]}"#;

#[wasm_bindgen_test]
async fn key_and_passphrase_round_trips_in_wasm() {
    let key = SecretKey::generate();
    let sealed = run(Job::ToKey { key: key.public().to_string(), plain: BUNDLE.to_vec() }).await.unwrap();
    assert!(crypt::is_age(&sealed));
    assert_eq!(crypt::decrypt_with_identity(&key, &sealed).unwrap(), BUNDLE);
    // Two files for the same key differ: fresh randomness each time.
    let again = run(Job::ToKey { key: key.public().to_string(), plain: BUNDLE.to_vec() }).await.unwrap();
    assert_ne!(sealed, again);
    assert!(run(Job::IsPassphraseFile(sealed)).await.unwrap().is_empty());

    let sealed = run(Job::ToPassphrase { passphrase: "hai con trâu".into(), plain: BUNDLE.to_vec() }).await.unwrap();
    assert!(!run(Job::IsPassphraseFile(sealed.clone())).await.unwrap().is_empty());
    let wrong = run(Job::OpenWithPassphrase { passphrase: "sai".into(), bytes: sealed.clone() }).await;
    assert!(wrong.unwrap_err().unwrap().get(Lang::Vi).contains("Sai mật khẩu"));
    let opened = run(Job::OpenWithPassphrase { passphrase: "hai con trâu".into(), bytes: sealed }).await.unwrap();
    assert_eq!(opened, BUNDLE);

    let bad = run(Job::CheckKey("age1xyz".into())).await.unwrap_err().unwrap();
    assert!(bad.get(Lang::Vi).contains("age1"));
}

#[wasm_bindgen_test]
fn scrypt_time_in_wasm() {
    for log_n in [PASSPHRASE_LOG_N - 2, PASSPHRASE_LOG_N - 1, PASSPHRASE_LOG_N, PASSPHRASE_LOG_N + 1] {
        let t0 = js_sys::Date::now();
        let sealed = crypt::encrypt_with_passphrase_at("pw", BUNDLE, log_n).unwrap();
        let t1 = js_sys::Date::now();
        let opened = crypt::decrypt_with_passphrase("pw", &sealed, log_n).unwrap();
        let t2 = js_sys::Date::now();
        assert_eq!(opened, BUNDLE);
        console_log!("scrypt log_n={log_n}: encrypt {:.0} ms, decrypt {:.0} ms", t1 - t0, t2 - t1);
    }
}
