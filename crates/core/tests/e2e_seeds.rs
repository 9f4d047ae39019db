//! The households the end-to-end specs seed (`tests/e2e/seeds.json`, read by
//! `tests/e2e/helpers.mjs`) are what they claim to be: complete households with every required
//! answer, by the validation the app applies when saving and importing, that travel through a
//! bundle from a store in the first storage format; and the #8 figures the specs expect
//! (counted by hand in helpers.mjs) are what the engine computes from them.

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{Completeness, Dataset, Household};
use ansinh_core::engine::evaluate;
use ansinh_core::sync::bundle::{ExportOptions, ExportScope, Limits};
use ansinh_core::sync::store::{Channel, KeyValue, MemoryKv, RecordStore};
use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

const SEEDS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/e2e/seeds.json"));

fn seeds() -> Value {
    serde_json::from_str(SEEDS).expect("seeds.json is JSON")
}

/// `H1` as helpers.mjs exports it.
fn h1() -> Value {
    seeds()["H1"].clone()
}

/// `H2(insured)` as helpers.mjs builds it: the seed with its head's health insurance set.
fn h2(insured: bool) -> Value {
    let mut h = seeds()["H2"].clone();
    h["members"][0]["health_insurance"] = Value::Bool(insured);
    h
}

fn household(v: &Value) -> Household {
    serde_json::from_value(v.clone()).expect("a seed has the shape of a household")
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

#[test]
fn every_seed_is_a_complete_household_with_no_problem() {
    for (name, v) in [("H1", h1()), ("H2(false)", h2(false)), ("H2(true)", h2(true))] {
        let h = household(&v);
        assert_eq!(h.completeness, Completeness::Complete, "{name}");
        let problems: Vec<String> = h.validate().iter().map(|p| format!("{}: {}", p.field, p.message.vi)).collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
}

#[test]
fn the_seeds_stored_as_the_specs_store_them_travel_through_a_bundle() {
    let plan = Plan::embedded();
    // As the specs write them: plain JSON under the household key, migrated when opened.
    let mut kv = MemoryKv::new();
    for v in [h1(), h2(false)] {
        let id = v["meta"]["id"].as_str().unwrap();
        kv.set(&format!("ansinh/v1/household/{id}"), &serde_json::to_string(&v).unwrap()).unwrap();
    }
    let (a, report) = RecordStore::open(kv, at("2026-10-02T00:00:00Z")).unwrap();
    assert_eq!(report.migrated, 2);
    assert!(a.bad_entries().is_empty());
    let options = ExportOptions {
        bundle_id: Uuid::from_u128(0x5eed),
        device_id: "tablet-a".into(),
        exported_at: at("2026-10-02T01:00:00Z"),
        org_unit: "kon-ray".into(),
        scope: ExportScope::All,
    };
    let text = a.export_bundle(plan, &options, Channel::File).to_json(true);

    let (mut b, _) = RecordStore::open(MemoryKv::new(), at("2026-10-02T02:00:00Z")).unwrap();
    let merged = b
        .import_bundle(text.as_bytes(), plan, &Limits::default(), at("2026-10-02T02:00:00Z"))
        .unwrap_or_else(|e| panic!("a bundle of the seeds is refused: {e}"));
    assert_eq!((merged.added, merged.conflicts), (2, 0));
    let mut got = b.dataset().households;
    got.sort_by_key(|h| h.meta.id);
    assert_eq!(got, vec![household(&h1()), household(&h2(false))]);
}

/// Numerator, denominator and displayed value of indicator #8 (health insurance) for `org`.
fn insured(households: &[Value], org: &str) -> (f64, f64, String) {
    let plan = Plan::embedded();
    let data = Dataset { households: households.iter().map(household).collect(), figures: Vec::new() };
    let e = evaluate(plan, &data, 2026).unwrap();
    let r = e.result("8", org).unwrap();
    (r.numerator.unwrap(), r.denominator.unwrap(), r.display_value(e.reporting_decimals, ansinh_core::i18n::Lang::Vi))
}

#[test]
fn indicator_8_of_the_seeds_is_the_specs_hand_count() {
    // helpers.mjs: H1 2 of 3 insured, H2(false) 1 of 2, H2(true) 2 of 2.
    assert_eq!(insured(&[h1(), h2(false)], "kon-ray"), (3.0, 5.0, "60,0".into()));
    assert_eq!(insured(&[h1(), h2(false)], "dak-koi"), (3.0, 5.0, "60,0".into()));
    assert_eq!(insured(&[h1(), h2(false)], "dak-koi-thon-2"), (1.0, 2.0, "50,0".into()));
    assert_eq!(insured(&[h1(), h2(true)], "kon-ray"), (4.0, 5.0, "80,0".into()));
    assert_eq!(insured(&[h1()], "kon-ray"), (2.0, 3.0, "66,7".into()));
}
