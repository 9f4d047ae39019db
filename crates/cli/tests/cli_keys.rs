//! `ansinh keys new` and encrypted bundles through the built binary: `merge`/`eval` with
//! `--identity` or a passphrase, `merge --recipient`; a wrong key or passphrase stops the
//! command with a clear message and writes nothing.

use std::path::PathBuf;
use std::process::{Command, Output};

use ansinh_core::domain::plan::Plan;
use ansinh_core::security::crypt::{self, PublicKey, SecretKey};
use ansinh_core::sync::bundle::{parse_bundle, ExportOptions, ExportScope, Limits, LocalState};
use ansinh_core::synth;
use chrono::{TimeZone, Utc};
use uuid::Uuid;

fn ansinh(args: &[&str], passphrase: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ansinh"));
    c.args(args).env_remove("ANSINH_PASSPHRASE");
    if let Some(p) = passphrase {
        c.env("ANSINH_PASSPHRASE", p);
    }
    c.output().expect("the binary runs")
}

fn dir(test: &str) -> PathBuf {
    let d = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ansinh-cli-keys-{test}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A tablet's bundle (synthetic households) as JSON.
fn bundle_json() -> String {
    let mut state = LocalState::new();
    for h in synth::district(12, 5).households {
        state.save_household(h);
    }
    state
        .export(
            Plan::embedded(),
            &ExportOptions {
                bundle_id: Uuid::from_u128(0xc0de),
                device_id: "tablet-1".into(),
                exported_at: Utc.with_ymd_and_hms(2025, 10, 1, 0, 0, 0).unwrap(),
                org_unit: "kon-ray".into(),
                scope: ExportScope::All,
            },
        )
        .to_json(false)
}

/// `keys new -o FILE` in `d`: the identity's path and the printed public key.
fn new_key(d: &std::path::Path, name: &str) -> (PathBuf, String) {
    let id = d.join(name);
    let o = ansinh(&["keys", "new", "-o", s(&id)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    (id, String::from_utf8(o.stdout).unwrap().trim().to_owned())
}

const AT: &str = "2025-10-05T00:00:00Z";

#[test]
fn keys_new_writes_a_private_identity_and_prints_the_public_key() {
    let d = dir("keys_new");
    let (id, public) = new_key(&d, "identity.txt");
    assert!(public.starts_with("age1"), "{public}");
    let text = std::fs::read_to_string(&id).unwrap();
    assert!(text.contains("AGE-SECRET-KEY-1") && text.contains(&format!("# public key: {public}")));
    assert_eq!(SecretKey::from_identity_file(&text).unwrap().public().to_string(), public);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&id).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Never overwritten: the old key still opens the files already sent.
    let o = ansinh(&["keys", "new", "-o", s(&id)], None);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&id).unwrap(), text);
    // Without -o: the identity on stdout, the public key on stderr.
    let o = ansinh(&["keys", "new"], None);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("AGE-SECRET-KEY-1"));
    assert!(stderr(&o).contains("Public key: age1"));
}

#[test]
fn merge_and_eval_open_a_bundle_encrypted_to_the_district_key() {
    let d = dir("identity");
    let (id, public) = new_key(&d, "district.txt");
    let json = bundle_json();
    let plain = d.join("plain.json");
    std::fs::write(&plain, &json).unwrap();
    let enc = d.join("ansinh-kon-ray-20251001-0000.age");
    std::fs::write(&enc, crypt::encrypt_to_recipient(&PublicKey::parse(&public).unwrap(), json.as_bytes())).unwrap();

    let (from_plain, from_enc) = (d.join("m-plain.json"), d.join("m-enc.json"));
    let o = ansinh(&["merge", s(&plain), "-o", s(&from_plain), "--at", AT], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = ansinh(&["merge", s(&enc), "--identity", s(&id), "-o", s(&from_enc), "--at", AT], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&from_plain).unwrap(), std::fs::read(&from_enc).unwrap());

    let e1 = ansinh(&["eval", s(&plain)], None);
    let e2 = ansinh(&["eval", s(&enc), "--identity", s(&id)], None);
    assert!(e2.status.success(), "{}", stderr(&e2));
    assert_eq!(e1.stdout, e2.stdout);

    // Another district's key, or none: refused, nothing written.
    let (other, _) = new_key(&d, "other.txt");
    let never = d.join("never.json");
    let o = ansinh(&["merge", s(&enc), "--identity", s(&other), "-o", s(&never)], None);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("không được mã hóa cho khóa này"), "{}", stderr(&o));
    assert!(!never.exists());
    let o = ansinh(&["merge", s(&enc), "-o", s(&never), "--lang", "en"], None);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("give --identity FILE"), "{}", stderr(&o));
    assert!(!never.exists());
    let o = ansinh(&["eval", s(&enc), "--identity", s(&other)], None);
    assert!(!o.status.success() && o.stdout.is_empty());

    // A cut file: refused as damaged.
    let bytes = std::fs::read(&enc).unwrap();
    let cut = d.join("cut.age");
    std::fs::write(&cut, &bytes[..bytes.len() - 10]).unwrap();
    let o = ansinh(&["merge", s(&cut), "--identity", s(&id), "-o", s(&never)], None);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("Tệp bị hỏng hoặc đã bị sửa"), "{}", stderr(&o));
    assert!(!never.exists());
}

#[test]
fn passphrase_bundles_open_with_the_passphrase_only() {
    let d = dir("passphrase");
    let json = bundle_json();
    let enc = d.join("x.age");
    std::fs::write(&enc, crypt::encrypt_with_passphrase("ba con gà trống", json.as_bytes()).unwrap()).unwrap();
    let out = d.join("out.json");
    let o = ansinh(&["merge", s(&enc), "-o", s(&out), "--at", AT], Some("ba con gà trống"));
    assert!(o.status.success(), "{}", stderr(&o));
    let merged = parse_bundle(&std::fs::read(&out).unwrap(), Plan::embedded(), &Limits::default()).unwrap();
    assert_eq!(merged.households.len(), 12);

    let never = d.join("never.json");
    let o = ansinh(&["merge", s(&enc), "-o", s(&never)], Some("sai"));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("Sai mật khẩu"), "{}", stderr(&o));
    assert!(!never.exists());
    // No terminal and no variable: a clear message, not a hang.
    let o = ansinh(&["merge", s(&enc), "-o", s(&never), "--lang", "en"], None);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("ANSINH_PASSPHRASE"), "{}", stderr(&o));
    assert!(!never.exists());
}

#[test]
fn merge_encrypts_its_output_to_a_recipient() {
    let d = dir("recipient");
    let (id, public) = new_key(&d, "district.txt");
    let plain = d.join("plain.json");
    std::fs::write(&plain, bundle_json()).unwrap();
    let out = d.join("merged.age");
    let o = ansinh(&["merge", s(&plain), "-o", s(&out), "--recipient", &public, "--at", AT], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert!(crypt::is_age(&bytes));
    let key = SecretKey::from_identity_file(&std::fs::read_to_string(&id).unwrap()).unwrap();
    let json = crypt::decrypt_with_identity(&key, &bytes).unwrap();
    assert_eq!(parse_bundle(&json, Plan::embedded(), &Limits::default()).unwrap().households.len(), 12);

    let never = d.join("never.age");
    let o = ansinh(&["merge", s(&plain), "-o", s(&never), "--recipient", "age1nope"], None);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--recipient"), "{}", stderr(&o));
    assert!(!never.exists());
}
