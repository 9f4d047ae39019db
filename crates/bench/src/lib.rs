//! Benchmark scenarios shared by the native criterion suite (`benches/suite.rs`) and the WASM
//! build run in headless Chromium (`scripts/bench.mjs`), so both sides time the same work.
//!
//! Contract: every scenario is deterministic for its inputs (synthetic district of
//! `synth::district(n, SEED)`), does the work once per call, and returns something derived
//! from the result so the optimiser cannot drop the work. Timing is the caller's job.

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{Dataset, Household};
use ansinh_core::engine::{evaluate, Evaluation};
use ansinh_core::sync::bundle::{import, parse_bundle, ExportOptions, ExportScope, Limits, LocalState};
use ansinh_core::sync::store::{KeyValue, RecordStore};
use ansinh_core::synth;
use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

#[cfg(target_arch = "wasm32")]
mod web;

/// Seed of every synthetic district measured here.
pub const SEED: u64 = 1;
/// One district (issue 8): 7,500 households.
pub const DISTRICT: usize = 7_500;

pub fn plan() -> &'static Plan {
    Plan::embedded()
}

pub fn district(households: usize) -> Dataset {
    synth::district(households, SEED)
}

/// A fixed clock: benchmarks must not depend on when they run.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 7, 0, 0).single().unwrap_or_default()
}

/// Every indicator for every org unit of the district, for the survey year.
pub fn evaluate_all(data: &Dataset) -> Evaluation {
    match evaluate(plan(), data, synth::SURVEY_YEAR) {
        Ok(e) => e,
        Err(e) => panic!("the embedded plan evaluates: {e}"),
    }
}

/// A store holding `data`'s households, and one more household to save repeatedly.
pub fn filled_store<K: KeyValue>(kv: K, data: &Dataset) -> (RecordStore<K>, Household) {
    let (mut store, _) = RecordStore::open(kv, t0()).unwrap_or_else(|e| panic!("store opens: {e}"));
    for h in &data.households {
        store.save(h, None, t0()).unwrap_or_else(|e| panic!("fill: {e}"));
    }
    let extra = synth::district(1, SEED + 1).households.remove(0);
    store.save(&extra, None, t0()).unwrap_or_else(|e| panic!("fill: {e}"));
    (store, extra)
}

/// Saves `h` once more (an edit of one field), as autosave does after a keystroke pause.
pub fn save_one<K: KeyValue>(store: &mut RecordStore<K>, h: &mut Household, i: u64) -> u64 {
    let base = store.get::<Household>(h.meta.id).map(|s| s.rev);
    h.members[0].name = format!("Thử {i}");
    h.meta.updated_at = t0() + Duration::seconds(i as i64);
    store.save(h, base, h.meta.updated_at).unwrap_or_else(|e| panic!("save: {e}"))
}

/// The district as one bundle (JSON text), everything.
pub fn export_bundle(data: &Dataset) -> String {
    let mut state = LocalState::new();
    for h in &data.households {
        state.save_household(h.clone());
    }
    for f in &data.figures {
        state.save_figures(f.clone());
    }
    let options = ExportOptions {
        bundle_id: Uuid::from_u128(0xb0),
        device_id: "bench".into(),
        exported_at: t0(),
        org_unit: "kon-ray".into(),
        scope: ExportScope::All,
    };
    state.export(plan(), &options).to_json(false)
}

/// Validates and merges a bundle into an empty state; returns the records added.
pub fn import_bundle(json: &str) -> usize {
    let limits = Limits { max_bytes: usize::MAX };
    let mut state = LocalState::new();
    match import(&mut state, json.as_bytes(), plan(), &limits) {
        Ok(report) => report.added,
        Err(e) => panic!("bundle imports: {e}"),
    }
}

/// Parses only (for reporting parse vs merge separately).
pub fn parse_only(json: &str) -> usize {
    let limits = Limits { max_bytes: usize::MAX };
    parse_bundle(json.as_bytes(), plan(), &limits).map(|b| b.households.len()).unwrap_or(0)
}

/// The district's bundle with one wrong type in its last household (a member's name given as
/// a number): the hostile file of issue 20, to be refused about as fast as a good one is read.
pub fn bad_bundle(json: &str) -> String {
    let lists_end = json.find("],\"figures\":[").unwrap_or(json.len());
    let last = json[..lists_end].rfind("{\"commune_id\"").unwrap_or(0);
    let tail = json[last..].replacen("\"name\":\"", "\"name\":7,\"x\":\"", 1);
    format!("{}{tail}", &json[..last])
}

/// Parses a bundle that must be refused; returns the length of the error's message.
pub fn refuse_bundle(json: &str) -> usize {
    let limits = Limits { max_bytes: usize::MAX };
    match parse_bundle(json.as_bytes(), plan(), &limits) {
        Ok(_) => panic!("the bad bundle is refused"),
        Err(e) => e.to_string().len(),
    }
}
