//! The app's Web Worker: reads a bundle file and merges it into a copy of the store, so that
//! the page's UI thread never runs the long parts of an import (issue #20). Built by
//! `scripts/worker/build.mjs` into its own wasm, fetched the first time a file is imported and
//! precached for offline use; the page's side is `src/file_worker.rs`.
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
//! - `{op: "export", entries, plan, bundle_id, device_id, exported_at (RFC 3339), org_unit,
//!   changes_only: bool, readable: bool, key?: string, passphrase?: string}`: a bundle of a store opened on `entries` (`RecordStore::export_bundle`,
//!   file channel), as JSON, encrypted to `key` (the district's) or to `passphrase` when given;
//!   answer `{op: "exported", bytes: Uint8Array, records: n}`, or `{op: "exported", empty: true}`
//!   when only changes were asked for and none were made. The page records the export as made.
//! - Any failure: `{op: "failed", vi: string, en: string}`, the person's message in both
//!   languages; nothing was written anywhere (the worker never writes; the page does).
//! - `{op: "progress", phase: string}` may come before an answer: what the worker is doing.

use std::collections::BTreeMap;

use ansinh_core::domain::plan::Plan;
use ansinh_core::i18n::Lang;
use ansinh_core::i18n::Text;
use ansinh_core::security::crypt::{self, PublicKey};
use ansinh_core::sync::bundle::{parse_bundle, Bundle, ExportOptions, ExportScope, Limits};
use ansinh_core::sync::store::{Channel, MemoryKv, PreparedImport, RecordStore, StoreError, StoreImportError};
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

impl From<Text> for Failure {
    fn from(t: Text) -> Self {
        Failure { vi: t.get(Lang::Vi).to_owned(), en: t.get(Lang::En).to_owned() }
    }
}

fn store_failure(e: StoreError) -> Failure {
    StoreImportError::Store(e).into()
}

fn plan_of(plan_json: &str) -> Result<Plan, Failure> {
    Plan::from_json_untracked(plan_json).map_err(|e| Failure {
        vi: format!("Kế hoạch đang dùng không đọc được ({e}). Không có gì thay đổi. Hãy tải lại trang."),
        en: format!("The plan in force could not be read ({e}). Nothing changed. Reload the page."),
    })
}

/// How the file is protected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seal {
    Plain,
    /// To the district's public key (`age1…`).
    Key(String),
    Passphrase(String),
}

/// The "export" step: the file's bytes and the records it carries; `None` when only changes
/// were asked for and nothing changed.
/// The page draws the id and the time of `options` (no clock or RNG here); `readable`: indented.
pub fn export(
    plan_json: &str,
    entries: BTreeMap<String, String>,
    options: &ExportOptions,
    readable: bool,
    seal: &Seal,
) -> Result<Option<(Vec<u8>, usize)>, Failure> {
    let plan = plan_of(plan_json)?;
    let (store, _) = RecordStore::open(MemoryKv::from_entries(entries), options.exported_at).map_err(store_failure)?;
    let bundle = store.export_bundle(&plan, options, Channel::File);
    let records = bundle.households.len() + bundle.figures.len() + bundle.reports.len() + bundle.tombstones.len();
    let changes_only = options.scope == ExportScope::ChangedSinceLastExport;
    if changes_only && records == 0 && bundle.conflicts.is_empty() {
        return Ok(None);
    }
    let json = bundle.to_json(readable).into_bytes();
    let bytes = match seal {
        Seal::Plain => json,
        Seal::Key(key) => {
            crypt::encrypt_to_recipient(&PublicKey::parse(key).map_err(|e| Failure::from(e.text()))?, &json)
        }
        Seal::Passphrase(p) => crypt::encrypt_with_passphrase(p, &json).map_err(|e| Failure::from(e.text()))?,
    };
    Ok(Some((bytes, records)))
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
    use ansinh_core::sync::bundle::{Bundle, ExportOptions, ExportScope};
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

    /// The `entries` of a message: `[[key, value], …]`.
    fn entries(data: &JsValue) -> Option<BTreeMap<String, String>> {
        let entries = field(data, "entries").dyn_into::<Array>().ok()?;
        let mut map = BTreeMap::new();
        for pair in entries.iter() {
            let pair: Array = pair.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                map.insert(k, v);
            }
        }
        Some(map)
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
            Some("export") => {
                let text = |name: &str| field(&data, name).as_string();
                let options = (|| {
                    Some(ExportOptions {
                        bundle_id: uuid::Uuid::parse_str(&text("bundle_id")?).ok()?,
                        device_id: text("device_id")?,
                        exported_at: chrono::DateTime::parse_from_rfc3339(&text("exported_at")?).ok()?.to_utc(),
                        org_unit: text("org_unit")?,
                        scope: if field(&data, "changes_only").is_truthy() {
                            ExportScope::ChangedSinceLastExport
                        } else {
                            ExportScope::All
                        },
                    })
                })();
                let readable = field(&data, "readable").is_truthy();
                let (Some(map), Some(plan), Some(options)) = (entries(&data), text("plan"), options) else {
                    return fail(bad_message());
                };
                let seal = match (field(&data, "key").as_string(), field(&data, "passphrase").as_string()) {
                    (Some(k), _) => super::Seal::Key(k),
                    (None, Some(p)) => super::Seal::Passphrase(p),
                    (None, None) => super::Seal::Plain,
                };
                post(&[("op", "progress".into()), ("phase", "export".into())]);
                match super::export(&plan, map, &options, readable, &seal) {
                    Ok(None) => post(&[("op", "exported".into()), ("empty", true.into())]),
                    Ok(Some((bytes, records))) => {
                        let bytes = Uint8Array::from(bytes.as_slice());
                        let msg = Object::new();
                        let _ = Reflect::set(&msg, &"op".into(), &"exported".into());
                        let _ = Reflect::set(&msg, &"records".into(), &JsValue::from(records as u32));
                        let _ = Reflect::set(&msg, &"bytes".into(), &bytes);
                        // The file's buffer moves to the page, not copied.
                        let _ = scope().post_message_with_transfer(&msg, &Array::of1(&bytes.buffer()));
                    }
                    Err(f) => fail(f),
                }
            }
            Some("prepare") => {
                let now = field(&data, "now").as_string().and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok());
                let (Some(now), Some(map)) = (now, entries(&data)) else { return fail(bad_message()) };
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
    fn the_worker_exports_what_the_store_exports_and_seals_it() {
        let (source, _) = tablet();
        let plan_json = serde_json::to_string(Plan::embedded()).unwrap();
        let options = ExportOptions {
            bundle_id: uuid::Uuid::from_u128(0xcd),
            device_id: "tablet".into(),
            exported_at: now(),
            org_unit: "kon-ray".into(),
            scope: ExportScope::All,
        };
        let entries = source.kv().entries().clone();
        let (plain, records) = export(&plan_json, entries.clone(), &options, false, &Seal::Plain).unwrap().unwrap();
        let expected = source.export_bundle(Plan::embedded(), &options, Channel::File);
        assert_eq!(plain, expected.to_json(false).into_bytes());
        assert_eq!(records, source.dataset().households.len() + source.dataset().figures.len());
        let (sealed, _) = export(&plan_json, entries.clone(), &options, false, &Seal::Passphrase("mật khẩu".into()))
            .unwrap()
            .unwrap();
        let opened = crypt::decrypt_with_passphrase("mật khẩu", &sealed, crypt::APP_MAX_LOG_N).unwrap();
        assert_eq!(opened, plain);
        let bad =
            export(&plan_json, entries.clone(), &options, false, &Seal::Key("age1khongphaikhoa".into())).unwrap_err();
        assert_eq!(bad, Failure::from(crypt::CryptError::BadRecipient.text()));
        // Nothing changed since the last file: no file.
        let (mut marked, _) = RecordStore::open(MemoryKv::from_entries(entries), now()).unwrap();
        marked.mark_channel(Channel::File, now()).unwrap();
        let only = ExportOptions { scope: ExportScope::ChangedSinceLastExport, ..options };
        assert_eq!(export(&plan_json, marked.kv().entries().clone(), &only, false, &Seal::Plain).unwrap(), None);
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
