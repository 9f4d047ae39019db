//! The compact encoding (v2) of stored records: lossless round trips of every record the
//! synthetic district can produce, of arbitrary JSON, and its size for the whole district.

use ansinh_core::domain::survey::{EnteredFigures, Household};
use ansinh_core::sync::bundle::RecordKind;
use ansinh_core::sync::store::codec::{decode_value, encode_value, pack15, unpack15};
use ansinh_core::sync::store::{decode_entry, encode_entry, entry_cost, record_key, CHROMIUM_QUOTA_UNITS};
use ansinh_core::synth;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        (-100_000i64..100_000).prop_map(|n| json!(n as f64 / 10.0)),
        ".*".prop_map(Value::String),
        // Strings that look like the typed forms, valid or not.
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
        "[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z".prop_map(Value::String),
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}".prop_map(Value::String),
        prop::sample::select(ansinh_core::sync::store::codec::DICT).prop_map(|w| Value::String(w.to_string())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![".*", prop::sample::select(ansinh_core::sync::store::codec::DICT).prop_map(String::from)],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_json_value_round_trips_exactly(v in arb_json()) {
        let bytes = encode_value(&v);
        let back = decode_value(&bytes).unwrap();
        // Compare the printed JSON too: it distinguishes 1 from 1.0 and keeps every digit.
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&v).unwrap());
        prop_assert_eq!(back, v);
    }

    #[test]
    fn any_bytes_round_trip_through_pack15(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let s = pack15(&bytes);
        prop_assert!(s.chars().all(|c| (0x1000..=0x8fff).contains(&(c as u32))));
        prop_assert_eq!(unpack15(&s).unwrap(), bytes);
    }

    #[test]
    fn every_synthetic_record_round_trips(seed in any::<u64>()) {
        let d = synth::district(14, seed);
        let at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        for h in &d.households {
            let raw = encode_entry(7, at, h).unwrap();
            let back = decode_entry::<Household>(&raw).unwrap();
            prop_assert_eq!(&back.stored.record, h);
            prop_assert_eq!(back.stored.rev, 7);
            prop_assert_eq!(back.stored.saved_at, Some(at));
            prop_assert_eq!(back.version, 3);
        }
        for f in &d.figures {
            let raw = encode_entry(1, at, f).unwrap();
            prop_assert_eq!(&decode_entry::<EnteredFigures>(&raw).unwrap().stored.record, f);
        }
    }

    #[test]
    fn garbage_never_panics_the_decoder(s in ".{0,200}") {
        let _ = decode_entry::<Household>(&format!("2{s}"));
        let _ = unpack15(&s);
    }
}

#[test]
fn timestamps_with_milliseconds_and_edited_records_round_trip() {
    let mut h = synth::district(1, 3).households.remove(0);
    h.meta.updated_at = Utc.timestamp_millis_opt(1_764_374_400_123).unwrap();
    h.members[0].name = "Y Hơn — Đắk Kôi \u{1F600} \"quoted\"".into();
    h.floor_area_m2 = Some(33.333);
    h.income_per_person_vnd = Some(-5);
    let raw = encode_entry(1, Utc::now(), &h).unwrap();
    assert_eq!(decode_entry::<Household>(&raw).unwrap().stored.record, h);
}

#[test]
fn v1_json_and_unknown_versions_are_told_apart() {
    let h = synth::district(1, 3).households.remove(0);
    let v1 = serde_json::to_string(&h).unwrap();
    let d = decode_entry::<Household>(&v1).unwrap();
    assert_eq!((d.version, d.stored.rev, d.stored.saved_at), (1, 0, None));
    assert!(matches!(decode_entry::<Household>("4abc"), Err(ansinh_core::sync::store::EntryIssue::Foreign(_))));
    assert!(matches!(decode_entry::<Household>("{not json"), Err(ansinh_core::sync::store::EntryIssue::Corrupt(_))));
    assert!(matches!(
        decode_entry::<Household>("2\u{1000}\u{1234}"),
        Err(ansinh_core::sync::store::EntryIssue::Corrupt(_))
    ));
}

/// The size check behind `docs/benchmarks.md`: the synthetic district of 7,500 households in
/// Chromium's units (UTF-16 code units of keys and values). Print with `--nocapture`.
#[test]
fn synthetic_district_of_7500_households_leaves_40_percent_of_the_quota() {
    let d = synth::district(7500, 1);
    let persons: usize = d.households.iter().map(|h| h.members.len()).sum();
    let at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
    let (mut units, mut json_units) = (0usize, 0usize);
    for h in &d.households {
        let key = record_key(RecordKind::Household, h.meta.id);
        units += entry_cost(&key, &encode_entry(1, at, h).unwrap());
        json_units += entry_cost(&key, &serde_json::to_string(h).unwrap());
    }
    for f in &d.figures {
        let key = record_key(RecordKind::Figures, f.meta.id);
        units += entry_cost(&key, &encode_entry(1, at, f).unwrap());
        json_units += entry_cost(&key, &serde_json::to_string(f).unwrap());
    }
    let share = units as f64 / CHROMIUM_QUOTA_UNITS as f64;
    println!(
        "district: {} households, {persons} persons; v2 compact {units} units ({:.1}% of {CHROMIUM_QUOTA_UNITS}), \
         {:.0} units/household; v1 JSON {json_units} units ({:.1}%)",
        d.households.len(),
        share * 100.0,
        units as f64 / d.households.len() as f64,
        json_units as f64 / CHROMIUM_QUOTA_UNITS as f64 * 100.0
    );
    assert!(persons > 25_000, "the district is realistic: {persons} persons");
    assert!(share <= 0.60, "the district takes {:.1}% of the quota", share * 100.0);
    assert!(json_units > CHROMIUM_QUOTA_UNITS, "plain JSON would not fit, which is why v2 exists");
}
