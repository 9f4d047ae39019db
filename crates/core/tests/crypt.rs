//! Encrypted bundles (crypt.rs): round trips, and every wrong key, wrong passphrase, cut or
//! altered file refused with nothing returned.

use ansinh_core::i18n::Lang;
use ansinh_core::security::crypt::{
    decrypt_with_identity, decrypt_with_passphrase, encrypt_to_recipient, encrypt_with_passphrase,
    encrypt_with_passphrase_at, is_age, is_passphrase_file, key_offer, CryptError, KeyOffer, PublicKey, SecretKey,
    APP_MAX_LOG_N, PASSPHRASE_LOG_N,
};
use proptest::prelude::*;

const BUNDLE: &[u8] = br#"{"format":"ansinh-bundle","households":[{"head_name":"Nguyen Van A"}]}"#;

#[test]
fn key_round_trip_and_standard_layout() {
    let key = SecretKey::generate();
    let public = key.public().to_string();
    assert!(public.starts_with("age1"), "{public}");
    let file = encrypt_to_recipient(&PublicKey::parse(&public).unwrap(), BUNDLE);
    assert!(is_age(&file));
    assert!(!is_passphrase_file(&file));
    assert!(!file.windows(12).any(|w| w == b"Nguyen Van A"), "plaintext leaked");
    assert_eq!(decrypt_with_identity(&key, &file).unwrap(), BUNDLE);
}

#[test]
fn identity_file_reads_back() {
    let key = SecretKey::generate();
    let text = key.identity_file("2026-12-03T07:00:00Z");
    assert!(text.starts_with("# created: 2026-12-03T07:00:00Z\n# public key: age1"));
    let again = SecretKey::from_identity_file(&text).unwrap();
    assert_eq!(again.public().to_string(), key.public().to_string());
    assert_eq!(SecretKey::from_identity_file("# nothing\n\n").err(), Some(CryptError::BadIdentity));
    assert_eq!(PublicKey::parse("age1notakey").err(), Some(CryptError::BadRecipient));
    assert_eq!(PublicKey::parse(&format!("  {}\n", key.public())).unwrap().to_string(), key.public().to_string());
}

#[test]
fn wrong_key_refused() {
    let file = encrypt_to_recipient(&SecretKey::generate().public(), BUNDLE);
    assert_eq!(decrypt_with_identity(&SecretKey::generate(), &file), Err(CryptError::WrongKey));
}

#[test]
fn passphrase_round_trip_at_the_product_work_factor() {
    let file = encrypt_with_passphrase("bốn con mèo trên mái nhà", BUNDLE).unwrap();
    assert!(is_passphrase_file(&file));
    let header = String::from_utf8_lossy(&file[..200]);
    assert!(header.contains(&format!(" {PASSPHRASE_LOG_N}\n")), "work factor in the stanza: {header}");
    assert_eq!(decrypt_with_passphrase("bốn con mèo trên mái nhà", &file, APP_MAX_LOG_N).unwrap(), BUNDLE);
    assert_eq!(decrypt_with_passphrase("bon con meo", &file, APP_MAX_LOG_N), Err(CryptError::WrongPassphrase));
}

#[test]
fn kinds_and_limits() {
    let key = SecretKey::generate();
    let for_key = encrypt_to_recipient(&key.public(), BUNDLE);
    let for_pass = encrypt_with_passphrase_at("pw", BUNDLE, 4).unwrap();
    assert_eq!(decrypt_with_identity(&key, &for_pass), Err(CryptError::NeedsPassphrase));
    assert_eq!(decrypt_with_passphrase("pw", &for_key, APP_MAX_LOG_N), Err(CryptError::NeedsIdentity));
    assert_eq!(decrypt_with_passphrase("", &for_pass, APP_MAX_LOG_N), Err(CryptError::EmptyPassphrase));
    assert_eq!(encrypt_with_passphrase("", BUNDLE), Err(CryptError::EmptyPassphrase));
    let heavy = encrypt_with_passphrase_at("pw", BUNDLE, 12).unwrap();
    assert_eq!(decrypt_with_passphrase("pw", &heavy, 11), Err(CryptError::TooMuchWork { required: 12, limit: 11 }));
    assert_eq!(decrypt_with_identity(&key, BUNDLE), Err(CryptError::NotAgeFile));
    assert_eq!(decrypt_with_identity(&key, b""), Err(CryptError::NotAgeFile));
    assert!(!is_age(BUNDLE));
}

#[test]
fn messages_in_both_languages() {
    for e in [
        CryptError::NotAgeFile,
        CryptError::WrongKey,
        CryptError::WrongPassphrase,
        CryptError::NeedsPassphrase,
        CryptError::NeedsIdentity,
        CryptError::Damaged,
        CryptError::TooMuchWork { required: 20, limit: 16 },
        CryptError::BadRecipient,
        CryptError::BadIdentity,
        CryptError::EmptyPassphrase,
    ] {
        assert!(!e.message(Lang::Vi).is_empty() && !e.message(Lang::En).is_empty());
        assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
    }
    assert!(CryptError::WrongPassphrase.message(Lang::Vi).contains("Sai mật khẩu"));
}

#[derive(Debug, Clone)]
enum Corruption {
    Truncate(usize),
    Flip(Vec<(usize, u8)>),
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        any::<usize>().prop_map(Corruption::Truncate),
        prop::collection::vec((any::<usize>(), 0u8..8), 1..4).prop_map(Corruption::Flip),
    ]
}

fn corrupt(file: &[u8], c: &Corruption) -> Vec<u8> {
    let mut bytes = file.to_vec();
    match c {
        Corruption::Truncate(at) => bytes.truncate(at % file.len()),
        Corruption::Flip(flips) => {
            for (at, bit) in flips {
                bytes[at % file.len()] ^= 1 << bit;
            }
            // Two flips of the same bit cancel; that is not a corruption.
            if bytes == file {
                bytes[0] ^= 1;
            }
        }
    }
    bytes
}

// A bundle larger than one 64 KiB STREAM chunk, so cuts and flips land in later chunks too.
fn big_bundle() -> Vec<u8> {
    let mut b = Vec::new();
    while b.len() < 150_000 {
        b.extend_from_slice(BUNDLE);
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_corrupted_key_file_is_refused(c in corruption(), big in any::<bool>()) {
        let key = SecretKey::generate();
        let plain = if big { big_bundle() } else { BUNDLE.to_vec() };
        let file = encrypt_to_recipient(&key.public(), &plain);
        let bad = corrupt(&file, &c);
        prop_assert!(decrypt_with_identity(&key, &bad).is_err(), "{c:?} accepted");
    }

    #[test]
    fn every_corrupted_passphrase_file_is_refused(c in corruption()) {
        // A low work factor keeps the property quick; the format is the same.
        let file = encrypt_with_passphrase_at("mật khẩu", BUNDLE, 4).unwrap();
        let bad = corrupt(&file, &c);
        prop_assert!(decrypt_with_passphrase("mật khẩu", &bad, APP_MAX_LOG_N).is_err(), "{c:?} accepted");
    }
}

/// The time scrypt takes natively around the product's work factor, for docs/benchmarks.md
/// ("Passphrase files"): `cargo test --release -p ansinh-core --test crypt -- --ignored --nocapture`.
#[test]
#[ignore]
fn scrypt_time_natively() {
    for log_n in PASSPHRASE_LOG_N - 2..=PASSPHRASE_LOG_N + 2 {
        let t0 = std::time::Instant::now();
        let file = encrypt_with_passphrase_at("pw", BUNDLE, log_n).unwrap();
        let t1 = std::time::Instant::now();
        decrypt_with_passphrase("pw", &file, log_n).unwrap();
        let t2 = std::time::Instant::now();
        println!("scrypt log_n={log_n}: encrypt {:?}, decrypt {:?}", t1 - t0, t2 - t1);
    }
}

#[test]
fn an_announced_district_key_is_adopted_once_and_a_different_one_asked_about() {
    let (a, b) = (SecretKey::generate().public().to_string(), SecretKey::generate().public().to_string());
    // No key yet: take the hub's.
    assert_eq!(key_offer(None, None, &a), KeyOffer::Adopt);
    assert_eq!(key_offer(Some("  "), None, &a), KeyOffer::Adopt, "a blank stored key is no key");
    // The same key, also with white space around it: nothing to do.
    assert_eq!(key_offer(Some(&a), None, &format!(" {a}\n")), KeyOffer::Nothing);
    // Another key: ask, unless that very key was declined before.
    assert_eq!(key_offer(Some(&a), None, &b), KeyOffer::Ask);
    assert_eq!(key_offer(Some(&a), Some(&b), &b), KeyOffer::Nothing);
    assert_eq!(key_offer(Some(&a), Some(&a), &b), KeyOffer::Ask, "declining one key is not declining all");
    // Something that is not a key is never adopted nor asked about.
    assert_eq!(key_offer(None, None, "age1notakey"), KeyOffer::Nothing);
    assert_eq!(key_offer(Some(&a), None, ""), KeyOffer::Nothing);
}
