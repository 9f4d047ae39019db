//! The documented format and the schema match the code: the example in
//! `docs/bundle-format.md` imports, and real bundles conform to `docs/bundle.schema.json`
//! (checked by a small validator of the schema keywords the file uses).

mod bundle_support;

use ansinh_core::sync::bundle::{merge, parse_bundle, Bundle, ExportScope, Limits, LocalState, RecordKind};
use ansinh_core::synth;
use bundle_support::*;
use serde_json::Value;

const DOC: &str = include_str!("../../../docs/bundle-format.md");
const SCHEMA: &str = include_str!("../../../docs/bundle.schema.json");

fn doc_example() -> &'static str {
    let start = DOC.find("## Example").expect("an Example section");
    let rest = &DOC[start..];
    let open = rest.find("```json\n").expect("a json block") + "```json\n".len();
    let close = rest[open..].find("```").unwrap();
    &rest[open..open + close]
}

fn schema() -> Value {
    serde_json::from_str(SCHEMA).unwrap()
}

/// A bundle with every optional part present: delta `since`, lineage, conflicts of each kind,
/// tombstones, complete synthetic households with all answer types.
fn rich_bundle() -> Bundle {
    let data = synth::district(40, 5);
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    for h in &data.households {
        a.save_household(h.clone());
    }
    for f in data.figures {
        a.save_figures(f);
    }
    a.save_report(report(1, 1, "Q4"));
    a.save_household(household(2, 1, 10));
    a.save_figures(figures(3, 1, 1));
    merge(&mut b, &export(&mut a, 1, "a", 2, ExportScope::All));
    a.save_household(household(2, 3, 11));
    b.save_household(household(2, 4, 12));
    a.save_figures(figures(3, 3, 2));
    b.delete(RecordKind::Figures, id(3), t(4));
    a.delete(RecordKind::Report, id(1), t(5));
    merge(&mut a, &export(&mut b, 2, "b", 6, ExportScope::All));
    a.save_report(report(4, 7, "Q1"));
    // A village of the commune's list, renamed after it first left (so lineage names it too).
    a.save_village(village(9, 7, "Làng Kon Gu"));
    // Edited again after the first export, so the delta carries full households too.
    for mut h in data.households {
        h.meta.updated_at += chrono::TimeDelta::days(1);
        a.save_household(h);
    }
    let bundle = export(&mut a, 3, "a", 8, ExportScope::ChangedSinceLastExport);
    assert!(bundle.since.is_some() && bundle.conflicts.len() >= 2 && !bundle.lineage.is_empty());
    bundle
}

#[test]
fn the_documented_example_imports() {
    let b = parse_bundle(doc_example().as_bytes(), plan(), &Limits::default()).unwrap();
    assert_eq!(b.plan.id, plan().id);
    assert_eq!((b.households.len(), b.figures.len(), b.reports.len(), b.tombstones.len()), (1, 1, 1, 1));
    // The report is read as the app's own report type.
    assert_eq!(b.reports[0].content().header.title, "Báo cáo quý IV/2025 xã Đắk Kôi");
    // And the store imports the whole example.
    let mut store =
        ansinh_core::sync::store::RecordStore::open(ansinh_core::sync::store::MemoryKv::new(), t(0)).unwrap().0;
    let report = store.import_bundle(doc_example().as_bytes(), plan(), &Limits::default(), t(1)).unwrap();
    assert_eq!((report.added, report.conflicts), (3, 1));
    let mut state = LocalState::new();
    let r = merge(&mut state, &b);
    assert_eq!((r.added, r.conflicts), (3, 1));
    assert_eq!(state.conflicts().len(), 1);
    assert_eq!(check(&schema(), &serde_json::from_str(doc_example()).unwrap(), "$"), Vec::<String>::new());
}

#[test]
fn the_schema_lists_the_bundle_keys() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["properties"]["format"]["const"], "ansinh-bundle");
    assert_eq!(s["properties"]["format_version"]["const"], ansinh_core::sync::bundle::FORMAT_VERSION);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let mut full = serde_json::to_value(rich_bundle()).unwrap();
    let mut properties = keys(&s["properties"]);
    let mut present = keys(&full);
    properties.sort();
    present.sort();
    assert_eq!(properties, present, "schema properties vs a bundle with every optional key");
    // `required` is exactly what a minimal bundle (full export of an empty state) still writes.
    let minimal = serde_json::to_value(export(&mut LocalState::new(), 9, "a", 1, ExportScope::All)).unwrap();
    let mut required: Vec<String> =
        s["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let mut written = keys(&minimal);
    required.sort();
    written.sort();
    assert_eq!(required, written);
    // And the rich bundle conforms in every nested record.
    assert_eq!(check(&s, &full, "$"), Vec::<String>::new());
    // The checker is not blind: a wrong type, an unknown key and a missing key are caught.
    full["households"][0]["members"][0]["sex"] = "other".into();
    full["plan"]["name"] = "x".into();
    full["tombstones"][0].as_object_mut().unwrap().remove("deleted_at");
    let errors = check(&s, &full, "$");
    assert_eq!(errors.len(), 3, "{errors:?}");
}

#[test]
fn a_typed_report_conforms_to_the_schema() {
    use ansinh_core::report::{Report, TaskStatus};
    let data = synth::district(30, 2);
    let evaluation = ansinh_core::engine::evaluate(plan(), &data, synth::SURVEY_YEAR).unwrap();
    let meta = ansinh_core::domain::survey::RecordMeta::new(id(50), t(0));
    let mut r = Report::new_draft(plan(), "dak-koi", synth::SURVEY_YEAR, meta).unwrap();
    r.edit(t(1), |c| {
        c.header.number = Some(3);
        c.header.date = chrono::NaiveDate::from_ymd_opt(2025, 12, 1);
        c.set_task("III.1.1", TaskStatus::Done, "Đã tổ chức 4 hội nghị");
    })
    .unwrap();
    r.finalise(plan(), &evaluation, "Hoa", t(2)).unwrap();
    r.reopen("Sửa số hiệu", "Hoa", t(3)).unwrap();
    r.finalise(plan(), &evaluation, "Hoa", t(4)).unwrap();
    let mut state = LocalState::new();
    state.save_report(r);
    let mut v = serde_json::to_value(export(&mut state, 7, "a", 5, ExportScope::All)).unwrap();
    assert_eq!(check(&schema(), &v, "$"), Vec::<String>::new());
    // A target in the plan file's format 1 shape (tagged by "kind") is not format 2.
    let mut old_target = v.clone();
    old_target["reports"][0]["finalised"]["rows"][1]["target"] = serde_json::json!({"kind": "at_least", "value": 80.0});
    assert_eq!(check(&schema(), &old_target, "$"), vec!["$.reports[0].finalised: matches 0 of oneOf".to_string()]);
    // Typed parts are checked, not waved through as additional properties.
    let report = &mut v["reports"][0];
    report["content"]["tasks"][0]["status"] = "finished".into();
    report["finalised"]["rows"][0]["value"] = "12".into();
    report["history"][1]["reason"] = 1.into();
    report["content"]["header"]["extra"] = true.into();
    assert_eq!(check(&schema(), &v, "$").len(), 4);
}

/// Checks `v` against `schema` for the keywords `bundle.schema.json` uses. Strict on purpose:
/// an object key not listed in `properties` is an error unless `additionalProperties` allows
/// it, so the schema must name every field the code writes.
fn check(schema: &Value, v: &Value, at: &str) -> Vec<String> {
    let root = schema;
    let mut errors = Vec::new();
    walk(root, schema, v, at, &mut errors);
    errors
}

fn walk(root: &Value, s: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local refs only");
        return walk(root, &root["$defs"][name], v, at, errors);
    }
    if let Some(c) = s.get("const") {
        if c != v {
            errors.push(format!("{at}: expected {c}"));
        }
    }
    if let Some(options) = s.get("enum").and_then(Value::as_array) {
        if !options.contains(v) {
            errors.push(format!("{at}: {v} not in enum"));
        }
    }
    if let Some(options) = s.get("oneOf").and_then(Value::as_array) {
        let ok = options.iter().filter(|o| check_sub(root, o, v, at)).count();
        if ok != 1 {
            errors.push(format!("{at}: matches {ok} of oneOf"));
        }
    }
    if let Some(t) = s.get("type").and_then(Value::as_str) {
        let fits = match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            other => panic!("type {other} not supported by the checker"),
        };
        if !fits {
            errors.push(format!("{at}: not {t}"));
            return;
        }
    }
    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
        assert_eq!(p, "^[0-9a-f]{16}$", "the checker knows this one pattern");
        let text = v.as_str().unwrap_or("");
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            errors.push(format!("{at}: does not match {p}"));
        }
    }
    if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
        if (v.as_str().unwrap_or("").chars().count() as u64) < min {
            errors.push(format!("{at}: shorter than {min}"));
        }
    }
    if let Some(items) = s.get("items") {
        for (i, item) in v.as_array().into_iter().flatten().enumerate() {
            walk(root, items, item, &format!("{at}[{i}]"), errors);
        }
    }
    if let Some(obj) = v.as_object() {
        if s.get("type").and_then(Value::as_str) != Some("object") {
            return;
        }
        let len = obj.len() as u64;
        if s.get("minProperties").and_then(Value::as_u64).is_some_and(|min| len < min) {
            errors.push(format!("{at}: fewer than minProperties keys"));
        }
        if s.get("maxProperties").and_then(Value::as_u64).is_some_and(|max| len > max) {
            errors.push(format!("{at}: more than maxProperties keys"));
        }
        for r in s.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !obj.contains_key(r.as_str().unwrap()) {
                errors.push(format!("{at}: missing {r}"));
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (k, child) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => walk(root, ps, child, &format!("{at}.{k}"), errors),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(true)) => {}
                    Some(extra @ Value::Object(_)) => walk(root, extra, child, &format!("{at}.{k}"), errors),
                    _ => errors.push(format!("{at}: key {k} not in the schema")),
                },
            }
        }
    }
}

fn check_sub(root: &Value, s: &Value, v: &Value, at: &str) -> bool {
    let mut e = Vec::new();
    walk(root, s, v, at, &mut e);
    e.is_empty()
}
