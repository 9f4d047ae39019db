//! The app's Web Worker: reads a bundle file and merges it into a copy of the store, so that
//! the page's UI thread never runs the long parts of an import (issue #20). Built by
//! `scripts/worker/build.mjs` into its own wasm, fetched the first time a file is imported and
//! precached for offline use; the page's side is `src/import_worker.rs`.
//!
//! Contract (messages are plain objects, `op` says which):
//! - The worker posts `{op: "ready"}` once it can take messages.
//! - `{op: "parse", bytes: Uint8Array, plan: string}` (the plan in force, as JSON): the file is
//!   read and checked whole (`parse_bundle`) and kept; answer `{op: "parsed", records: n}`.
//! - `{op: "prepare", entries: [[key, value], …], now: string}` (every stored entry of the
//!   page's store at one moment, RFC 3339 time): the kept bundle is merged into a store opened
//!   on those entries (`RecordStore::prepare_import`), nothing else is touched; answer
//!   `{op: "prepared", report: string (MergeReport as JSON), writes: [[key, value | null], …]}`.
//!   May be asked again with newer entries (the page's store changed meanwhile).
//! - Any failure: `{op: "failed", vi: string, en: string}`, the person's message in both
//!   languages; nothing was written anywhere (the worker never writes; the page does).
//! - `{op: "progress", phase: string}` may come before an answer: what the worker is doing.

use std::collections::BTreeMap;

use ansinh_core::domain::plan::Plan;
use ansinh_core::i18n::Lang;
use ansinh_core::sync::bundle::{parse_bundle, Bundle, Limits};
use ansinh_core::sync::store::{MemoryKv, PreparedImport, RecordStore, StoreError, StoreImportError};
use chrono::{DateTime, Utc};

/// A failure as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub vi: String,
    pub en: String,
}

impl From<StoreImportError> for Failure {
    fn from(e: StoreImportError) -> Self {
        Failure { vi: e.message(Lang::Vi), en: e.message(Lang::En) }
    }
}

fn store_failure(e: StoreError) -> Failure {
    StoreImportError::Store(e).into()
}

/// The "parse" step: the plan in force and the file read and checked against it.
pub fn parse(bytes: &[u8], plan_json: &str) -> Result<(Plan, Bundle), Failure> {
    let plan = Plan::from_json_untracked(plan_json).map_err(|e| Failure {
        vi: format!("Kế hoạch đang dùng không đọc được ({e}). Không có gì thay đổi. Hãy tải lại trang."),
        en: format!("The plan in force could not be read ({e}). Nothing changed. Reload the page."),
    })?;
    let bundle =
        parse_bundle(bytes, &plan, &Limits::default()).map_err(|e| Failure::from(StoreImportError::from(e)))?;
    Ok((plan, bundle))
}

/// The "prepare" step: `bundle` merged into a store opened on `entries` at `now`.
pub fn prepare(
    plan: &Plan,
    bundle: Bundle,
    entries: BTreeMap<String, String>,
    now: DateTime<Utc>,
) -> Result<PreparedImport, Failure> {
    let (store, _) = RecordStore::open(MemoryKv::from_entries(entries), now).map_err(store_failure)?;
    Ok(store.prepare_import(bundle, plan, now)?)
}

#[cfg(target_arch = "wasm32")]
mod web {
    //! The message loop (see the crate's contract).

    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use ansinh_core::domain::plan::Plan;
    use ansinh_core::sync::bundle::Bundle;
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    use super::Failure;

    thread_local! {
        /// The file read by the last "parse", with the plan it was checked against.
        static PARSED: RefCell<Option<(Plan, Bundle)>> = const { RefCell::new(None) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(fields: &[(&str, JsValue)]) {
        let msg = Object::new();
        for (k, v) in fields {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&msg, &JsValue::from_str(k), v);
        }
        // A message that cannot be cloned would be a bug here; the page then waits for
        // nothing, which its cancel button ends.
        let _ = scope().post_message(&msg);
    }

    fn fail(f: Failure) {
        post(&[("op", "failed".into()), ("vi", f.vi.into()), ("en", f.en.into())]);
    }

    fn field(data: &JsValue, name: &str) -> JsValue {
        Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    fn bad_message() -> Failure {
        Failure {
            vi: "Trang và bộ xử lý tệp không cùng phiên bản. Không có gì thay đổi. Hãy tải lại trang rồi nhập lại."
                .into(),
            en: "The page and the file worker are of different versions. Nothing changed. Reload the page and import again."
                .into(),
        }
    }

    fn handle(data: JsValue) {
        match field(&data, "op").as_string().as_deref() {
            Some("parse") => {
                let bytes = field(&data, "bytes").dyn_into::<Uint8Array>().map(|b| b.to_vec());
                let plan = field(&data, "plan").as_string();
                let (Ok(bytes), Some(plan)) = (bytes, plan) else { return fail(bad_message()) };
                post(&[("op", "progress".into()), ("phase", "parse".into())]);
                match super::parse(&bytes, &plan) {
                    Ok((plan, bundle)) => {
                        let records = bundle.versions().count();
                        PARSED.with_borrow_mut(|p| *p = Some((plan, bundle)));
                        post(&[("op", "parsed".into()), ("records", JsValue::from(records as u32))]);
                    }
                    Err(f) => fail(f),
                }
            }
            Some("prepare") => {
                let now = field(&data, "now").as_string().and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok());
                let entries = field(&data, "entries").dyn_into::<Array>().ok();
                let (Some(now), Some(entries)) = (now, entries) else { return fail(bad_message()) };
                let mut map = BTreeMap::new();
                for pair in entries.iter() {
                    let pair: Array = pair.unchecked_into();
                    if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                        map.insert(k, v);
                    }
                }
                let Some((plan, bundle)) = PARSED.with_borrow(|p| p.clone()) else { return fail(bad_message()) };
                post(&[("op", "progress".into()), ("phase", "merge".into())]);
                match super::prepare(&plan, bundle, map, now.with_timezone(&chrono::Utc)) {
                    Ok(prepared) => {
                        let writes = Array::new_with_length(prepared.writes.len() as u32);
                        for (i, (k, v)) in prepared.writes.into_iter().enumerate() {
                            let value = v.map_or(JsValue::NULL, JsValue::from);
                            writes.set(i as u32, Array::of2(&JsValue::from(k), &value).into());
                        }
                        let report = serde_json::to_string(&prepared.report).unwrap_or_default();
                        post(&[("op", "prepared".into()), ("report", report.into()), ("writes", writes.into())]);
                    }
                    Err(f) => fail(f),
                }
            }
            _ => fail(bad_message()),
        }
    }

    #[wasm_bindgen(start)]
    pub fn start() {
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| handle(e.data()));
        scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // The worker lives as long as the page wants it: the handler is never dropped.
        onmessage.forget();
        post(&[("op", "ready".into())]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ansinh_core::sync::store::{ImportDecoder, KeyValue};

    fn now() -> DateTime<Utc> {
        "2026-12-05T01:00:00Z".parse().unwrap()
    }

    /// A tablet's store with one household, and its full export as a file.
    fn tablet() -> (RecordStore<MemoryKv>, Vec<u8>) {
        let plan = Plan::embedded();
        let data = ansinh_core::synth::district(3, 7);
        let (mut store, _) = RecordStore::open(MemoryKv::new(), now()).unwrap();
        for h in &data.households {
            store.save(h, None, now()).unwrap();
        }
        let options = ansinh_core::sync::bundle::ExportOptions {
            bundle_id: uuid::Uuid::from_u128(0xab),
            device_id: "tablet".into(),
            exported_at: now(),
            org_unit: "kon-ray".into(),
            scope: Default::default(),
        };
        let bundle = store.export_bundle(plan, &options, ansinh_core::sync::store::Channel::File);
        (store, bundle.to_json(false).into_bytes())
    }

    #[test]
    fn the_worker_steps_merge_as_the_store_does() {
        let (source, bytes) = tablet();
        let plan_json = serde_json::to_string(Plan::embedded()).unwrap();
        let (plan, bundle) = parse(&bytes, &plan_json).unwrap();
        let (mut page, _) = RecordStore::open(MemoryKv::new(), now()).unwrap();
        let prepared = prepare(&plan, bundle, page.kv().entries().clone(), now()).unwrap();
        assert_eq!(prepared.report.added, source.dataset().households.len());
        let mut decoder = ImportDecoder::new();
        for (key, value) in prepared.writes {
            decoder.add(key, value).unwrap();
        }
        page.apply_prepared(decoder.finish()).unwrap();
        assert_eq!(page.dataset().households, source.dataset().households);
        assert!(page.kv().get(ansinh_core::sync::store::IMPORTED_KEY).unwrap().is_some());
    }

    #[test]
    fn a_bad_file_fails_in_both_languages() {
        let plan_json = serde_json::to_string(Plan::embedded()).unwrap();
        let f = parse(b"{\"format\": 1", &plan_json).unwrap_err();
        assert!(f.vi.starts_with("Tệp không phải JSON hợp lệ tại dòng 1, cột 12"), "{}", f.vi);
        assert!(f.en.to_lowercase().contains("json"), "{}", f.en);
        let f = parse(b"{}", "not a plan").unwrap_err();
        assert!(f.vi.contains("Kế hoạch đang dùng"), "{}", f.vi);
    }
}
