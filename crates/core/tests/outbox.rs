//! The outbox model over an in-memory backend: entries and their keys, splitting into bundles,
//! all-or-nothing queueing, every status transition (pending → failing → sent, late answers),
//! backoff figures, history pruning, acknowledgement parsing, and upload address checks.

use ansinh_core::i18n::Lang;
use ansinh_core::sync::bundle::ExportOptions;
use ansinh_core::sync::bundle::{RecordKey, RecordKind};
use ansinh_core::sync::outbox::{
    decode_entry, entry_key, parse_ack, queue_changes, validate_upload_url, Ack, Outbox, SendFailure, Status, Timing,
    UrlError, HISTORY_KEEP, MAX_RECORDS_PER_BUNDLE,
};
use ansinh_core::sync::store::{Channel, KeyValue, KvError, MemoryKv, RecordStore, StoreError};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 3, 0, 0).unwrap()
}

fn keys(n: usize) -> Vec<RecordKey> {
    (0..n).map(|i| RecordKey::new(RecordKind::Household, Uuid::from_u128(0x1000 + i as u128))).collect()
}

/// Bundle ids 1, 2, 3, … so tests can name them.
fn ids() -> impl FnMut() -> Uuid {
    let mut n = 0u128;
    move || {
        n += 1;
        Uuid::from_u128(n)
    }
}

/// A backend whose writes fail (as a full storage) from the `n`-th `set` on.
#[derive(Debug, Clone, Default)]
struct FailAfter {
    inner: MemoryKv,
    sets_left: usize,
}

impl KeyValue for FailAfter {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        if self.sets_left == 0 {
            return Err(KvError::Quota { key: key.into() });
        }
        self.sets_left -= 1;
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, KvError> {
        self.inner.keys()
    }
}

#[test]
fn entries_are_split_at_500_records_and_stored_under_typed_keys_without_bodies() {
    let mut kv = MemoryKv::new();
    let mut ob = Outbox::default();
    let ks = keys(1201);
    let new = ob.add(&mut kv, &ks, t0(), ids()).unwrap();
    assert_eq!(new, vec![Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)]);
    let counts: Vec<usize> = ob.entries().iter().map(|e| e.records).collect();
    assert_eq!(counts, vec![500, 500, 201]);
    assert_eq!(MAX_RECORDS_PER_BUNDLE, 500);
    // Keys in order, none lost or repeated.
    let carried: Vec<RecordKey> = ob.entries().iter().flat_map(|e| e.keys.clone()).collect();
    assert_eq!(carried, ks);
    assert_eq!(entry_key(Uuid::from_u128(1)), "ansinh/v1/outbox/00000000-0000-0000-0000-000000000001");
    let raw = kv.get(&entry_key(Uuid::from_u128(3))).unwrap().unwrap();
    assert!(raw.starts_with('{') && raw.ends_with(",\"status\":\"pending\"}"), "{raw}");
    // The third bundle carries records 1000..=1200: 0x1000 + 1000 = 0x13e8 is its first.
    assert!(raw.contains("[\"household:00000000-0000-0000-0000-0000000013e8\","), "keys as household:<uuid>");
    assert!(!raw.contains("members"), "no record body is stored");
    // 500 keys of ~48 characters: about 25 KB per entry, nothing like a bundle body.
    let biggest = kv.entries().values().map(|v| v.len()).max().unwrap();
    assert!(biggest < 27_000, "{biggest}");
    // Reloading gives the same outbox.
    let (again, bad) = Outbox::load(&kv).unwrap();
    assert!(bad.is_empty());
    assert_eq!(again, ob);
    let s = ob.summary();
    assert_eq!((s.pending_bundles, s.pending_records, s.sent_bundles), (3, 1201, 0));
}

#[test]
fn nothing_changed_makes_no_entry() {
    let mut kv = MemoryKv::new();
    let mut ob = Outbox::default();
    assert_eq!(ob.add(&mut kv, &[], t0(), ids()).unwrap(), Vec::<Uuid>::new());
    assert!(kv.entries().is_empty() && ob.entries().is_empty());
}

#[test]
fn a_failed_write_while_queueing_leaves_no_entry_behind() {
    // The second entry's write fails: the first is removed again.
    let mut kv = FailAfter { sets_left: 1, ..Default::default() };
    let mut ob = Outbox::default();
    let err = ob.add(&mut kv, &keys(700), t0(), ids()).unwrap_err();
    assert_eq!(err, StoreError::Quota { key: entry_key(Uuid::from_u128(2)) });
    assert!(kv.inner.entries().is_empty());
    assert!(ob.entries().is_empty());
}

#[test]
fn failures_back_off_5s_doubling_to_10_min_then_an_ack_marks_sent() {
    let mut kv = MemoryKv::new();
    let mut ob = Outbox::default();
    let id = ob.add(&mut kv, &keys(3), t0(), ids()).unwrap()[0];
    let timing = Timing::default();
    assert_eq!(ob.next_due(t0(), false).unwrap().bundle_id, id, "a new entry is due at once");

    // First failure at t0: next attempt 5 s later.
    ob.record_failure(&mut kv, id, SendFailure::Http { status: 500 }, Some(1234), t0(), &timing).unwrap();
    let e = ob.get(id).unwrap();
    assert_eq!(
        e.status,
        Status::Failing {
            attempts: 1,
            last_error: SendFailure::Http { status: 500 },
            next_attempt_at: t0() + TimeDelta::seconds(5)
        }
    );
    assert_eq!(e.bytes, Some(1234));
    assert!(ob.next_due(t0() + TimeDelta::seconds(4), false).is_none());
    assert_eq!(ob.next_due(t0() + TimeDelta::seconds(4), true).unwrap().bundle_id, id, "Gửi ngay ignores backoff");
    assert_eq!(ob.next_due(t0() + TimeDelta::seconds(5), false).unwrap().bundle_id, id);
    assert_eq!(ob.next_wake(), Some(t0() + TimeDelta::seconds(5)));

    // Second failure (a timeout) at t0+5s: 10 s more. The stored entry says the same.
    let t1 = t0() + TimeDelta::seconds(5);
    ob.record_failure(&mut kv, id, SendFailure::Timeout { seconds: 60 }, None, t1, &timing).unwrap();
    let stored = decode_entry(&kv.get(&entry_key(id)).unwrap().unwrap()).unwrap();
    assert_eq!(&stored, ob.get(id).unwrap());
    match &stored.status {
        Status::Failing { attempts, next_attempt_at, last_error } => {
            assert_eq!(*attempts, 2);
            assert_eq!(*next_attempt_at, t1 + TimeDelta::seconds(10));
            assert_eq!(last_error.message(Lang::Vi), "Máy nhận không trả lời sau 60 giây.");
        }
        s => panic!("{s:?}"),
    }
    assert_eq!(stored.bytes, Some(1234), "the last known size stays");
    let s = ob.summary();
    assert_eq!((s.pending_bundles, s.failing_bundles, s.failing_records), (0, 1, 3));

    // Acknowledged on the third attempt: sent, keys dropped, attempts counted.
    let t2 = t1 + TimeDelta::seconds(10);
    ob.record_ack(&mut kv, id, Ack::Stored, Some(1300), t2).unwrap();
    let e = decode_entry(&kv.get(&entry_key(id)).unwrap().unwrap()).unwrap();
    assert_eq!(e.status, Status::Sent { acked_at: t2, attempts: 3, duplicate: false });
    assert!(e.keys.is_empty());
    assert_eq!((e.records, e.bytes), (3, Some(1300)));
    assert!(ob.next_due(t2 + TimeDelta::days(1), true).is_none(), "a sent bundle is never sent again");
    assert_eq!(ob.next_wake(), None);
    let s = ob.summary();
    assert_eq!((s.sent_bundles, s.sent_records, s.failing_bundles), (1, 3, 0));
}

#[test]
fn late_answers_after_an_ack_change_nothing() {
    let mut kv = MemoryKv::new();
    let mut ob = Outbox::default();
    let id = ob.add(&mut kv, &keys(1), t0(), ids()).unwrap()[0];
    ob.record_ack(&mut kv, id, Ack::Duplicate, None, t0()).unwrap();
    let before = kv.entries().clone();
    ob.record_failure(&mut kv, id, SendFailure::NoAck, None, t0(), &Timing::default()).unwrap();
    ob.record_ack(&mut kv, id, Ack::Stored, None, t0() + TimeDelta::seconds(1)).unwrap();
    assert_eq!(kv.entries(), &before);
    assert_eq!(ob.get(id).unwrap().status, Status::Sent { acked_at: t0(), attempts: 1, duplicate: true });
    let unknown = Uuid::from_u128(99);
    assert!(ob.record_ack(&mut kv, unknown, Ack::Stored, None, t0()).is_err());
}

#[test]
fn a_failed_status_write_keeps_the_previous_status() {
    let mut kv = FailAfter { sets_left: 1, ..Default::default() };
    let mut ob = Outbox::default();
    let id = ob.add(&mut kv, &keys(2), t0(), ids()).unwrap()[0];
    let err = ob.record_ack(&mut kv, id, Ack::Stored, None, t0()).unwrap_err();
    assert!(err.to_string().contains("quota"), "{err}");
    assert_eq!(ob.get(id).unwrap().status, Status::Pending);
    assert_eq!(decode_entry(&kv.get(&entry_key(id)).unwrap().unwrap()).unwrap().status, Status::Pending);
}

#[test]
fn backoff_doubles_from_5_s_and_stops_at_10_min() {
    let t = Timing::default();
    let secs: Vec<i64> = (1..=10).map(|a| t.backoff(a).num_seconds()).collect();
    assert_eq!(secs, vec![5, 10, 20, 40, 80, 160, 320, 600, 600, 600]);
    assert_eq!(t.backoff(1000).num_seconds(), 600, "no overflow");
    assert_eq!(t.timeout_ms, 60_000);
    let short = Timing::from_json(r#"{"timeout_ms": 1500, "backoff_ms": 200, "backoff_max_ms": 1000}"#);
    assert_eq!(short, Timing { timeout_ms: 1500, backoff_ms: 200, backoff_max_ms: 1000 });
    let ms: Vec<i64> = (1..=4).map(|a| short.backoff(a).num_milliseconds()).collect();
    assert_eq!(ms, vec![200, 400, 800, 1000]);
    // Bad or partial settings keep the defaults.
    assert_eq!(Timing::from_json("not json"), Timing::default());
    assert_eq!(Timing::from_json(r#"{"backoff_ms": 0, "timeout_ms": "x"}"#).backoff_ms, 1);
    assert_eq!(Timing::from_json(r#"{"backoff_ms": 0, "timeout_ms": "x"}"#).timeout_ms, 60_000);
}

#[test]
fn history_keeps_the_last_20_acknowledged_bundles() {
    let mut kv = MemoryKv::new();
    let mut ob = Outbox::default();
    let all = ob.add(&mut kv, &keys(25 * MAX_RECORDS_PER_BUNDLE), t0(), ids()).unwrap();
    assert_eq!(all.len(), 25);
    for (i, id) in all.iter().enumerate() {
        ob.record_ack(&mut kv, *id, Ack::Stored, None, t0() + TimeDelta::seconds(i as i64)).unwrap();
    }
    assert_eq!(HISTORY_KEEP, 20);
    let left: Vec<Uuid> = ob.entries().iter().map(|e| e.bundle_id).collect();
    assert_eq!(left, all[5..].to_vec(), "the five acknowledged first are gone");
    assert_eq!(kv.entries().len(), 20);
    assert!(kv.get(&entry_key(all[4])).unwrap().is_none());
}

#[test]
fn the_oldest_due_entry_goes_first() {
    let mut kv = MemoryKv::new();
    let mut ob = Outbox::default();
    let first = ob.add(&mut kv, &keys(1), t0() + TimeDelta::seconds(1), || Uuid::from_u128(9)).unwrap()[0];
    let second = ob.add(&mut kv, &keys(1), t0() + TimeDelta::seconds(2), || Uuid::from_u128(3)).unwrap()[0];
    assert_eq!(ob.next_due(t0(), false).unwrap().bundle_id, first, "by created-at, not by id");
    ob.record_failure(&mut kv, first, SendFailure::NoAck, None, t0(), &Timing::default()).unwrap();
    assert_eq!(ob.next_due(t0(), false).unwrap().bundle_id, second);
}

#[test]
fn entries_written_by_another_tab_are_read_by_refresh() {
    let mut kv = MemoryKv::new();
    let mut tab_a = Outbox::default();
    let mut tab_b = Outbox::default();
    let id = tab_a.add(&mut kv, &keys(2), t0(), ids()).unwrap()[0];
    tab_b.refresh(&kv, &entry_key(id)).unwrap();
    assert_eq!(tab_b, tab_a);
    tab_a.record_ack(&mut kv, id, Ack::Stored, None, t0()).unwrap();
    tab_b.refresh(&kv, &entry_key(id)).unwrap();
    assert!(tab_b.get(id).unwrap().is_sent());
    tab_b.refresh(&kv, "ansinh/v1/settings/lang").unwrap();
    tab_a.remove(&mut kv, &[id]).unwrap();
    tab_b.refresh(&kv, &entry_key(id)).unwrap();
    assert!(tab_b.get(id).is_none());
}

#[test]
fn the_record_store_ignores_good_outbox_entries_and_lists_a_damaged_one() {
    let mut kv = MemoryKv::new();
    let mut ob = Outbox::default();
    ob.add(&mut kv, &keys(2), t0(), ids()).unwrap();
    kv.set(&entry_key(Uuid::from_u128(77)), "{\"bundle_id\":").unwrap();
    let (store, _) = RecordStore::open(kv.clone(), t0()).unwrap();
    let bad: Vec<&str> = store.bad_entries().iter().map(|b| b.key.as_str()).collect();
    assert_eq!(bad, vec!["ansinh/v1/outbox/00000000-0000-0000-0000-00000000004d"]);
    let (loaded, bad) = Outbox::load(&kv).unwrap();
    assert_eq!(loaded.entries().len(), 1);
    assert_eq!(bad, vec!["ansinh/v1/outbox/00000000-0000-0000-0000-00000000004d".to_string()]);
}

#[test]
fn only_a_2xx_naming_the_bundle_is_an_acknowledgement() {
    let id = Uuid::from_u128(0xabc);
    let body = |bid: &str, st: &str| format!(r#"{{"bundle_id": "{bid}", "status": "{st}"}}"#);
    let me = id.to_string();
    assert_eq!(parse_ack(200, &body(&me, "stored"), id), Ok(Ack::Stored));
    assert_eq!(parse_ack(201, &body(&me.to_uppercase(), "duplicate"), id), Ok(Ack::Duplicate));
    assert_eq!(parse_ack(500, &body(&me, "stored"), id), Err(SendFailure::Http { status: 500 }));
    assert_eq!(parse_ack(302, &body(&me, "stored"), id), Err(SendFailure::Http { status: 302 }));
    let other = Uuid::from_u128(0xabd).to_string();
    assert_eq!(parse_ack(200, &body(&other, "stored"), id), Err(SendFailure::NoAck));
    assert_eq!(parse_ack(200, &body(&me, "queued"), id), Err(SendFailure::NoAck));
    assert_eq!(parse_ack(200, "", id), Err(SendFailure::NoAck));
    assert_eq!(parse_ack(200, "OK", id), Err(SendFailure::NoAck));
    assert_eq!(parse_ack(200, r#"{"status": "stored"}"#, id), Err(SendFailure::NoAck));
    assert_eq!(SendFailure::Http { status: 500 }.message(Lang::Vi), "Máy nhận báo lỗi (mã HTTP 500).");
    assert_eq!(SendFailure::NoAck.message(Lang::Vi), "Máy nhận trả lời nhưng không xác nhận đã nhận gói này.");
}

/// Each address typed on Đồng bộ and what the check makes of it: the address kept (trimmed), or
/// why it is refused.
const ADDRESSES: &[(&str, Result<&str, UrlError>)] = &[
    ("  https://ldtbxh.konray.gov.vn/ansinh/nhan  ", Ok("https://ldtbxh.konray.gov.vn/ansinh/nhan")),
    ("HTTP://127.0.0.1:8123/", Ok("HTTP://127.0.0.1:8123/")),
    ("http://[::1]:80/x", Ok("http://[::1]:80/x")),
    ("   ", Err(UrlError::Empty)),
    ("ftp://host/x", Err(UrlError::Scheme)),
    ("konray.gov.vn/nhan", Err(UrlError::Scheme)),
    ("javascript:alert(1)", Err(UrlError::Scheme)),
    ("https:///nhan", Err(UrlError::NoHost)),
    ("http://:80/", Err(UrlError::NoHost)),
    ("https://\\\\nhan", Err(UrlError::NoHost)),
    ("http://host/a b", Err(UrlError::BadCharacter)),
    ("http://host/a\tb", Err(UrlError::BadCharacter)),
    ("https://host:99999/", Err(UrlError::Invalid)),
    ("http://[::1/", Err(UrlError::Invalid)),
    // The host is the one the request would go to, as the URL standard (and the browser) reads
    // it: plain http only to this machine.
    ("http://127.1:8123/", Ok("http://127.1:8123/")),
    ("http://LOCALHOST/nhan", Ok("http://LOCALHOST/nhan")),
    ("http://localhost:8080/api/bundles", Ok("http://localhost:8080/api/bundles")),
    ("http://127.0.0.1:8080/api/bundles", Ok("http://127.0.0.1:8080/api/bundles")),
    ("http://localhost@evil.example/", Err(UrlError::NotHttps)),
    ("http://127.0.0.1.evil.example/", Err(UrlError::NotHttps)),
    ("http://[::ffff:127.0.0.1]/", Err(UrlError::NotHttps)),
    ("http://10.0.0.5/nhan", Err(UrlError::NotHttps)),
    ("http://ldtbxh.konray.gov.vn/api/bundles", Err(UrlError::NotHttps)),
    ("http://192.168.1.10:8080/api/bundles", Err(UrlError::NotHttps)),
    ("https://10.0.0.5/nhan", Ok("https://10.0.0.5/nhan")),
    ("https://192.168.1.10:8443/api/bundles", Ok("https://192.168.1.10:8443/api/bundles")),
];

#[test]
fn upload_addresses_must_be_https_with_a_host_or_plain_http_to_this_machine() {
    for (typed, expected) in ADDRESSES {
        assert_eq!(validate_upload_url(typed).as_deref().map_err(|e| *e), *expected, "{typed:?}");
    }
    assert!(UrlError::Invalid.message(Lang::Vi).starts_with("Địa chỉ gửi không hợp lệ."));
    assert_eq!(UrlError::Scheme.message(Lang::Vi), "Địa chỉ gửi phải bắt đầu bằng http:// hoặc https://");
    assert!(UrlError::NotHttps.message(Lang::Vi).contains("https://"));
}

/// A store with two households saved at t0 over a backend that can be told to refuse one key.
#[derive(Debug, Clone, Default)]
struct Refusing {
    inner: MemoryKv,
    refuse: Option<String>,
}

impl KeyValue for Refusing {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        if self.refuse.as_deref() == Some(key) {
            return Err(KvError::Quota { key: key.into() });
        }
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, KvError> {
        self.inner.keys()
    }
}

fn store_with_two() -> (RecordStore<Refusing>, Vec<RecordKey>) {
    let d = ansinh_core::synth::district(2, 5);
    let (mut s, _) = RecordStore::open(Refusing::default(), t0()).unwrap();
    for h in &d.households {
        s.save(h, None, t0()).unwrap();
    }
    let mut ks: Vec<RecordKey> =
        d.households.iter().map(|h| RecordKey::new(RecordKind::Household, h.meta.id)).collect();
    ks.sort();
    (s, ks)
}

#[test]
fn queueing_takes_the_changed_records_then_moves_the_marker() {
    let (mut store, ks) = store_with_two();
    let mut ob = Outbox::default();
    let t1 = t0() + TimeDelta::minutes(1);
    assert_eq!(store.changed_keys(Channel::Outbox), ks);
    let made = queue_changes(&mut ob, &mut store, t1, ids()).unwrap();
    assert_eq!(made, vec![Uuid::from_u128(1)]);
    assert_eq!(ob.get(made[0]).unwrap().keys, ks);
    assert_eq!(store.marker(Channel::Outbox), Some(t1));
    assert!(store.changed_keys(Channel::Outbox).is_empty());
    assert_eq!(store.changed_keys(Channel::File), ks, "the file channel keeps its own marker");
    // Nothing changed since: no new bundle.
    assert!(queue_changes(&mut ob, &mut store, t1 + TimeDelta::minutes(1), ids()).unwrap().is_empty());

    // A record edited while its bundle is still pending goes in the next bundle too.
    let mut h = store.get::<ansinh_core::domain::survey::Household>(ks[0].id).unwrap().record.clone();
    h.members[0].name = "Y Sửa".into();
    let rev = store.get::<ansinh_core::domain::survey::Household>(ks[0].id).unwrap().rev;
    store.save(&h, Some(rev), t1 + TimeDelta::minutes(2)).unwrap();
    let next = queue_changes(&mut ob, &mut store, t1 + TimeDelta::minutes(3), || Uuid::from_u128(2)).unwrap();
    assert_eq!(next, vec![Uuid::from_u128(2)]);
    assert_eq!(ob.get(next[0]).unwrap().keys, vec![ks[0]]);
    assert_eq!(ob.summary().pending_records, 3);

    // Each body is built from the current records under the entry's own id and time.
    let plan = ansinh_core::domain::plan::Plan::embedded();
    let first = ob.get(made[0]).unwrap();
    let options = ExportOptions {
        bundle_id: first.bundle_id,
        device_id: "tablet-1".into(),
        exported_at: first.created_at,
        org_unit: "kon-ray".into(),
        scope: Default::default(),
    };
    let b = store.bundle_for(plan, &first.keys, &options);
    assert_eq!((b.bundle_id, b.exported_at), (Uuid::from_u128(1), t1));
    assert_eq!(b.households.len(), 2);
    assert!(b.households.iter().any(|x| x.members[0].name == "Y Sửa"), "the current version goes");
}

#[test]
fn when_the_marker_cannot_be_written_the_new_entries_are_removed() {
    let (mut store, ks) = store_with_two();
    store.kv_mut().refuse = Some(ansinh_core::sync::store::OUTBOX_KEY.into());
    let before = store.kv().inner.entries().clone();
    let mut ob = Outbox::default();
    let err = queue_changes(&mut ob, &mut store, t0() + TimeDelta::minutes(1), ids()).unwrap_err();
    assert_eq!(err, StoreError::Quota { key: ansinh_core::sync::store::OUTBOX_KEY.into() });
    assert_eq!(store.kv().inner.entries(), &before, "no entry left behind, marker unchanged");
    assert!(ob.entries().is_empty());
    assert_eq!(store.changed_keys(Channel::Outbox), ks, "still counted as changed");
    // Once the storage accepts the marker again, the same changes are queued.
    store.kv_mut().refuse = None;
    assert_eq!(queue_changes(&mut ob, &mut store, t0() + TimeDelta::minutes(2), ids()).unwrap().len(), 1);
    assert_eq!(ob.summary().pending_records, 2);
}

#[test]
fn one_bundle_id_never_names_two_bodies() {
    let mut kv = MemoryKv::new();
    let mut outbox = Outbox::default();
    let mut next = ids();
    let first = outbox.add(&mut kv, &keys(3), t0(), &mut next).unwrap()[0];
    // The first body built under the id: its digest is written before the request.
    assert_eq!(outbox.check_body(&mut kv, first, "body one", &mut next).unwrap(), None);
    let stored = decode_entry(&kv.get(&entry_key(first)).unwrap().unwrap()).unwrap();
    assert!(stored.body_digest.is_some());
    // A retry that rebuilds the same body keeps the id.
    outbox
        .record_failure(&mut kv, first, SendFailure::Http { status: 503 }, Some(8), t0(), &Timing::default())
        .unwrap();
    assert_eq!(outbox.check_body(&mut kv, first, "body one", &mut next).unwrap(), None);
    // A record changed meanwhile: another body, so the entry moves to a new id, pending, with
    // the same records and created_at; the old id is gone from memory and storage.
    let moved = outbox.check_body(&mut kv, first, "body two", &mut next).unwrap().expect("a new id");
    assert_ne!(moved, first);
    assert!(outbox.get(first).is_none());
    assert_eq!(kv.get(&entry_key(first)).unwrap(), None);
    let e = outbox.get(moved).unwrap();
    assert_eq!((e.records, e.keys.clone(), e.created_at, e.status.clone()), (3, keys(3), t0(), Status::Pending));
    assert_eq!(e.body_digest, None);
    assert_eq!(Outbox::load(&kv).unwrap().0, outbox);
    // The body built under the new id is its first.
    assert_eq!(outbox.check_body(&mut kv, moved, "body two'", &mut next).unwrap(), None);
}

#[test]
fn the_hubs_refusals_say_what_to_do_in_vietnamese() {
    let m = |status| SendFailure::Http { status }.message(Lang::Vi);
    assert!(m(401).contains("chưa được đăng ký") && m(401).contains("mã đăng ký mới"), "{}", m(401));
    assert!(m(403).contains("xã khác"));
    assert!(m(503).contains("tự gửi lại"));
    assert_eq!(m(500), "Máy nhận báo lỗi (mã HTTP 500).");
    assert!(SendFailure::Http { status: 401 }.message(Lang::En).contains("not enrolled"));
}
