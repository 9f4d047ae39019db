//! The fast load path of stored households (`decode_entry_fast`, which `RecordStore::open` uses)
//! against the reference path (`decode_entry`, through `serde_json::Value`): the same answer,
//! error text included, for good entries, entries of every format, odd but valid values, and
//! damaged entries (random bytes, random edits of real entries).

use std::collections::BTreeSet;

use ansinh_core::domain::survey::{Household, PovertyStatus};
use ansinh_core::sync::bundle::{RecordKind, RecordVersion, VersionRef};
use ansinh_core::sync::store::codec::{encode_value, pack15, unpack15};
use ansinh_core::sync::store::{
    decode_entry, decode_entry_fast, decode_entry_typed, encode_synced, record_key, Decoded, EntryIssue, EntrySync,
    KeyValue, MemoryKv, RecordStore,
};
use ansinh_core::synth;
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};

type Answer = Result<Decoded<Household>, EntryIssue>;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 7, 0, 0).unwrap()
}

/// Both paths' answers, after checking the typed path alone: whenever it answers, it is the
/// reference answer (it never reads a damaged entry, or reads one differently).
fn both(raw: &str) -> (Answer, Answer) {
    let eager = decode_entry::<Household>(raw);
    if let Some(typed) = decode_entry_typed::<Household>(raw) {
        assert_eq!(Ok(&typed), eager.as_ref(), "typed path on {raw:?}");
    }
    (decode_entry_fast::<Household>(raw), eager)
}

fn typed(raw: &str) -> bool {
    decode_entry_typed::<Household>(raw).is_some()
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// An entry of format `marker` ('2' or '3') holding `body` (codec bytes) after the header.
fn entry(marker: char, rev: u64, saved_ms: i64, body: &[u8]) -> String {
    let mut bytes = Vec::new();
    put_varint(&mut bytes, rev);
    put_varint(&mut bytes, ((saved_ms << 1) ^ (saved_ms >> 63)) as u64);
    bytes.extend_from_slice(body);
    format!("{marker}{}", pack15(&bytes))
}

/// A v3 entry whose record is the JSON value `record` (any shape) and metadata `meta`.
fn v3_of(record: &Value, meta: &Value) -> String {
    entry('3', 4, at().timestamp_millis(), &encode_value(&json!([record, meta])))
}

fn household() -> Household {
    synth::district(1, 5).households.remove(0)
}

fn sync_with_everything() -> EntrySync {
    let mut other = household();
    other.members[0].name = "Phiên bản khác".into();
    EntrySync {
        supersedes: BTreeSet::from([VersionRef { at: at(), digest: "00112233445566ff".into() }]),
        local: true,
        conflicts: vec![RecordVersion::Household(other)],
    }
}

#[test]
fn every_household_of_a_district_reads_the_same_both_ways() {
    let d = synth::district(300, 11);
    let syncs = [EntrySync::default(), EntrySync { local: true, ..EntrySync::default() }, sync_with_everything()];
    for (i, h) in d.households.iter().enumerate() {
        let raw = encode_synced(i as u64 + 1, at(), h, &syncs[i % 3]).unwrap();
        assert!(typed(&raw), "a good entry takes the fast path");
        let (fast, eager) = both(&raw);
        assert_eq!(fast, eager);
        let fast = fast.unwrap();
        assert_eq!((&fast.stored.record, fast.stored.rev, fast.version), (h, i as u64 + 1, 3));
        assert_eq!(fast.stored.sync, syncs[i % 3]);
    }
}

#[test]
fn v1_and_v2_entries_read_the_same_both_ways() {
    let h = household();
    let v1 = serde_json::to_string(&h).unwrap();
    let v2 = entry('2', 9, 1_764_374_400_123, &encode_value(&serde_json::to_value(&h).unwrap()));
    assert!(!typed(&v1) && typed(&v2));
    for raw in [v1, v2] {
        let (fast, eager) = both(&raw);
        assert_eq!(fast, eager);
        assert_eq!(fast.unwrap().stored.record, h);
    }
    let v2 = decode_entry_fast::<Household>(&entry('2', 9, 1_764_374_400_123, &encode_value(&json!(h)))).unwrap();
    assert_eq!((v2.version, v2.stored.rev), (2, 9));
    assert_eq!(v2.stored.saved_at, Utc.timestamp_millis_opt(1_764_374_400_123).single());
}

#[test]
fn odd_but_valid_values_read_the_same_both_ways() {
    let h = household();
    let base = serde_json::to_value(&h).unwrap();
    let mut cases: Vec<(&str, Value)> = Vec::new();
    // A field a newer app added, with nesting: ignored by both.
    let mut v = base.clone();
    v["future_field"] =
        json!({"nested": [1, -2, 2.5, null, {"x": "2026-01-01"}], "s": "6b40a1c2-0000-4000-8000-000000000001"});
    cases.push(("unknown field", v));
    // An id in capitals: not the canonical UUID text, so stored as text (the fast path falls back).
    let mut v = base.clone();
    v["meta"]["id"] = json!(h.meta.id.hyphenated().to_string().to_uppercase());
    cases.push(("uppercase id", v));
    // Explicit nulls where fields are usually left out.
    let mut v = base.clone();
    v["poverty"] = Value::Null;
    v["members"][0]["schooling"] = Value::Null;
    cases.push(("explicit nulls", v));
    // Timestamps with milliseconds, an integer where a float is expected, text needing escapes.
    let mut v = base.clone();
    v["meta"]["updated_at"] = json!("2026-11-29T03:00:00.120Z");
    v["floor_area_m2"] = json!(40);
    v["members"][0]["name"] = json!("Y \"Hơn\" \\ Đắk\u{1}\n😀");
    cases.push(("ms, integer float, escapes", v));
    // A float where an integer is expected: refused both ways.
    let mut v = base.clone();
    v["income_per_person_vnd"] = json!(1.5);
    cases.push(("float for an integer", v));
    // A year outside 0..=9999 is not a typed date: text both ways.
    let mut v = base.clone();
    v["survey_date"] = json!("+10000-01-01");
    cases.push(("five-digit year", v));
    // Shapes that are not a household.
    cases.push(("array", json!([1, 2])));
    cases.push(("string", json!("household")));
    cases.push(("empty object", json!({})));
    let mut v = base.clone();
    v["members"] = json!({"0": base["members"][0].clone()});
    cases.push(("members as a map", v));
    let mut v = base.clone();
    v["completeness"] = json!({"draft": null});
    cases.push(("unit variant as a map", v));
    let mut v = base.clone();
    v["completeness"] = json!({"draft": 1});
    cases.push(("unit variant with content", v));
    let mut v = base.clone();
    v["completeness"] = json!("finished");
    cases.push(("unknown variant", v));
    for meta in [json!({}), json!({"local": true}), serde_json::to_value(sync_with_everything()).unwrap(), json!([])] {
        for (name, record) in &cases {
            let raw = v3_of(record, &meta);
            let (fast, eager) = both(&raw);
            assert_eq!(fast, eager, "{name} with {meta}");
        }
    }
    // The unknown field, nulls and ms take the fast path; the uppercase id reads through the
    // fallback; the float for an integer does not read.
    for i in [0, 2, 3] {
        assert!(typed(&v3_of(&cases[i].1, &json!({"local": true}))), "{}", cases[i].0);
    }
    assert!(!typed(&v3_of(&cases[1].1, &json!({}))));
    assert!(both(&v3_of(&cases[1].1, &json!({}))).0.is_ok());
    assert!(matches!(both(&v3_of(&cases[4].1, &json!({}))).0, Err(EntryIssue::Corrupt(_))));
}

#[test]
fn a_repeated_key_reads_as_the_value_path_reads_it() {
    // Never written by the encoder; a `Value` keeps the last of repeated keys, so the fast path
    // (which would see both) must give the same answer through its fallback.
    let mut h = household();
    h.poverty = Some(PovertyStatus::NearPoor);
    let mut body = encode_value(&json!([h, {}]));
    // `[` (12), 2 items, then the household object: tag 13 and its entry count (one byte here).
    assert_eq!(&body[..3], &[12, 2, 13]);
    let count = body[3];
    assert!(count < 0x7f);
    body[3] = count + 1;
    // Append `"poverty": "poor"` as the object's last entry, before the `{}` of the metadata.
    let meta_at = body.len() - 2;
    assert_eq!(&body[meta_at..], &[13, 0]);
    let extra = &encode_value(&json!({"poverty": "poor"}))[2..];
    body.splice(meta_at..meta_at, extra.iter().copied());
    let raw = entry('3', 1, 0, &body);
    assert!(!typed(&raw));
    let (fast, eager) = both(&raw);
    assert_eq!(fast, eager);
    assert_eq!(fast.unwrap().stored.record.poverty, Some(PovertyStatus::Poor));
}

#[test]
fn damaged_entries_give_the_reference_error() {
    let h = household();
    let good = encode_synced(3, at(), &h, &EntrySync::default()).unwrap();
    let bytes = unpack15(&good[1..]).unwrap();
    let mut cases = vec![
        String::new(),
        "3".to_string(),
        "5abc".to_string(),
        format!("3{}", pack15(&bytes[..bytes.len() - 1])),
        format!("3{}", pack15(&[bytes.as_slice(), &[0]].concat())),
        format!("2{}", &good[1..]),
        format!("{}A", good),
    ];
    // Every byte set to 0xff in turn (tags, lengths, varints, text).
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] = 0xff;
        cases.push(format!("3{}", pack15(&b)));
    }
    for raw in &cases {
        let (fast, eager) = both(raw);
        assert_eq!(fast, eager, "{raw:?}");
    }
}

fn arb_edit(len: usize) -> impl Strategy<Value = (usize, u8, u8)> {
    (0..len, any::<u8>(), 0u8..4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Random edits of the packed bytes of real entries: set, insert or remove a byte, or cut.
    #[test]
    fn randomly_damaged_entries_read_the_same_both_ways(
        seed in 0u64..1000,
        edits in prop::collection::vec(arb_edit(4096), 1..4),
        with_sync in any::<bool>(),
    ) {
        let h = synth::district(1, seed).households.remove(0);
        let sync = if with_sync { sync_with_everything() } else { EntrySync::default() };
        let good = encode_synced(seed, at(), &h, &sync).unwrap();
        let mut b = unpack15(&good[1..]).unwrap();
        for (pos, byte, op) in edits {
            if b.is_empty() {
                break;
            }
            let i = pos % b.len();
            match op {
                0 => b[i] = byte,
                1 => b.insert(i, byte),
                2 => { b.remove(i); }
                _ => b.truncate(i),
            }
        }
        let raw = format!("3{}", pack15(&b));
        let (fast, eager) = both(&raw);
        prop_assert_eq!(fast, eager);
    }

    /// Random bytes after a plausible header, and random text.
    #[test]
    fn random_bytes_and_text_read_the_same_both_ways(body in prop::collection::vec(any::<u8>(), 0..300), text in ".{0,60}") {
        for raw in [entry('3', 1, 0, &body), entry('2', 1, 0, &body), format!("3{text}"), text.clone()] {
            let (fast, eager) = both(&raw);
            prop_assert_eq!(fast, eager);
        }
    }
}

#[test]
fn the_store_loads_what_the_reference_path_reads() {
    let d = synth::district(40, 2);
    let mut kv = MemoryKv::new();
    for (i, h) in d.households.iter().enumerate() {
        let key = record_key(RecordKind::Household, h.meta.id);
        let mut raw = encode_synced(1, at(), h, &EntrySync::default()).unwrap();
        if i % 7 == 3 {
            // Damage every seventh entry: drop its last unit.
            raw.pop();
        }
        kv.set(&key, &raw).unwrap();
    }
    let (store, _) = RecordStore::open(kv.clone(), at()).unwrap();
    let mut expected_bad = Vec::new();
    for h in &d.households {
        let key = record_key(RecordKind::Household, h.meta.id);
        let raw = kv.get(&key).unwrap().unwrap();
        match decode_entry::<Household>(&raw) {
            Ok(d) => assert_eq!(store.get::<Household>(h.meta.id), Some(&d.stored)),
            Err(issue) => {
                assert_eq!(store.get::<Household>(h.meta.id), None);
                expected_bad.push((key, issue));
            }
        }
    }
    let mut bad: Vec<_> = store.bad_entries().iter().map(|b| (b.key.clone(), b.issue.clone())).collect();
    bad.sort_by(|a, b| a.0.cmp(&b.0));
    expected_bad.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(expected_bad.len(), 6);
    assert_eq!(bad, expected_bad);
}
