//! The WASM side of the suite, called from `scripts/bench.mjs` in headless Chromium: each
//! export runs one scenario `runs` times and returns the timings in milliseconds (as JSON), so
//! the script reports the median the same way for both sides.

use ansinh_app::storage::LocalKv;
use ansinh_core::domain::survey::Dataset;
use ansinh_core::sync::store::{KeyValue, RecordStore};
use wasm_bindgen::prelude::*;

use crate::{
    bad_bundle, district, evaluate_all, export_bundle, filled_store, import_bundle, parse_only, refuse_bundle,
    save_one, t0,
};

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

fn time(runs: u32, mut f: impl FnMut() -> usize) -> String {
    let mut ms = Vec::with_capacity(runs as usize);
    let mut sink = 0usize;
    for _ in 0..runs {
        let start = now();
        sink = sink.wrapping_add(f());
        ms.push(now() - start);
    }
    serde_json::json!({ "ms": ms, "sink": sink }).to_string()
}

/// Evaluates every indicator for every org unit of a district of `households`, `runs` timed
/// calls after warming up for `warmup_ms` (at least one call): the policy the native side gets
/// from criterion's `--warm-up-time`. V8 runs new wasm code in its baseline tier and optimises
/// a function only once it is hot, so both sides are timed on optimised code.
#[wasm_bindgen]
pub fn bench_evaluate_warm(households: usize, warmup_ms: f64, runs: u32) -> String {
    let data = district(households);
    let start = now();
    let mut warmups = 0u32;
    let mut sink = 0usize;
    while warmups == 0 || now() - start < warmup_ms {
        sink = sink.wrapping_add(evaluate_all(&data).results.len());
        warmups += 1;
    }
    let timed = time(runs, || evaluate_all(&data).results.len());
    format!(r#"{{"warmups":{warmups},"warm_sink":{sink},"timed":{timed}}}"#)
}

/// Saves one household `runs` times into localStorage already holding `households`.
#[wasm_bindgen]
pub fn bench_save(households: usize, runs: u32) -> Result<String, JsValue> {
    clear()?;
    let data = district(households);
    let (mut store, mut h) = filled_store(LocalKv, &data);
    let mut i = 0;
    let out = time(runs, || {
        i += 1;
        save_one(&mut store, &mut h, i) as usize
    });
    clear()?;
    Ok(out)
}

/// Exports the district as a bundle, then imports it into an empty state; parse alone too.
#[wasm_bindgen]
pub fn bench_bundle(households: usize, runs: u32) -> String {
    let data = district(households);
    let json = export_bundle(&data);
    let export = time(runs, || export_bundle(&data).len());
    let parse = time(runs, || parse_only(&json));
    let import = time(runs, || import_bundle(&json));
    let bad = bad_bundle(&json);
    let refuse = time(runs, || refuse_bundle(&bad));
    format!(r#"{{"bytes":{},"export":{export},"parse":{parse},"import":{import},"refuse":{refuse}}}"#, json.len())
}

/// Fills this origin's localStorage with the district the way the app stores it, and says how
/// much of it is used (UTF-16 units), for the start-up and storage figures.
#[wasm_bindgen]
pub fn fill_district(households: usize) -> Result<String, JsValue> {
    fill(district(households))
}

/// Like [`fill_district`], with only the households of one commune-level unit of the district
/// (`commune`, an org unit id such as `dak-ruong`) and the district's figure records: what a
/// commune's tablet holds.
#[wasm_bindgen]
pub fn fill_commune(households: usize, commune: &str) -> Result<String, JsValue> {
    fill(commune_of(households, commune))
}

/// The district's households of one commune-level unit, and its figure records.
fn commune_of(households: usize, commune: &str) -> Dataset {
    let mut data = district(households);
    data.households.retain(|h| h.commune_id == commune);
    data
}

fn fill(data: Dataset) -> Result<String, JsValue> {
    clear()?;
    let start = now();
    let (mut store, _) = filled_store(LocalKv, &data);
    for f in &data.figures {
        store.save(f, None, t0()).map_err(|e| JsValue::from_str(&e.to_string()))?;
    }
    let fill_ms = now() - start;
    let usage = store.usage().map_err(|e| JsValue::from_str(&e.to_string()))?;
    let start = now();
    let (reopened, _) = RecordStore::open(LocalKv, t0()).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let open_ms = now() - start;
    let start = now();
    let records = reopened.dataset().households.len();
    let dataset_ms = now() - start;
    // A household of eight members (the typing scenario), else the largest one below eight.
    let eight = data
        .households
        .iter()
        .filter(|h| h.members.len() <= 8)
        .max_by_key(|h| (h.members.len(), std::cmp::Reverse(h.meta.id)))
        .map(|h| (h.meta.id.to_string(), h.members.len()));
    Ok(serde_json::json!({
        "units": usage.all, "ours": usage.ours, "fill_ms": fill_ms, "open_ms": open_ms, "dataset_ms": dataset_ms,
        "records": records, "eight": eight.as_ref().map(|e| e.0.clone()), "eight_members": eight.map(|e| e.1),
    })
    .to_string())
}

/// Exports one commune's households (and the figure records) as a bundle and imports it into
/// an empty state, as [`bench_bundle`] does for the district.
#[wasm_bindgen]
pub fn bench_bundle_commune(households: usize, commune: &str, runs: u32) -> String {
    let data = commune_of(households, commune);
    let json = export_bundle(&data);
    let export = time(runs, || export_bundle(&data).len());
    let import = time(runs, || import_bundle(&json));
    format!(r#"{{"households":{},"bytes":{},"export":{export},"import":{import}}}"#, data.households.len(), json.len())
}

fn clear() -> Result<(), JsValue> {
    let keys = LocalKv.keys().map_err(|e| JsValue::from_str(&e.to_string()))?;
    let mut kv = LocalKv;
    for k in keys {
        kv.remove(&k).map_err(|e| JsValue::from_str(&e.to_string()))?;
    }
    Ok(())
}

/// The synthetic district as a bundle file's text: the file the app's import is measured with.
#[wasm_bindgen]
pub fn district_bundle(households: usize) -> String {
    export_bundle(&district(households))
}
