//! Exporting the device's data to a file the user keeps or sends.
//!
//! Contract: `export_all` is the one entry point the UI calls (Sync page, the quota notice).
//! It writes a plain JSON file of every record and tombstone (`ansinh_core::store::Export`),
//! and only once the browser has accepted the download does it record the export (which lets
//! deleted records' entries go). The bundle format will replace `export_file` alone.
//! `export_bad_entries` downloads unreadable entries exactly as stored, before removal.

use ansinh_core::store::StoreError;
use chrono::{DateTime, Datelike, Local, Timelike, Utc};
use wasm_bindgen::JsCast;

use crate::context::StoreCtx;
use crate::storage::AppStore;

/// Why an export did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("could not build the export: {0}")]
    Encode(String),
    #[error("the browser refused the download: {0}")]
    Download(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file was downloaded but the export could not be recorded (e.g. a full storage):
    /// the count of records not yet exported stays as it was.
    #[error("the file was downloaded but the export was not recorded: {0}")]
    NotRecorded(StoreError),
}

impl ExportError {
    /// The user-facing message.
    pub fn msg(&self) -> ansinh_core::i18n::Msg {
        use ansinh_core::i18n::Msg;
        match self {
            ExportError::Store(s) => crate::storage::store_error_msg(s),
            ExportError::NotRecorded(_) => Msg::ExportNotRecorded,
            ExportError::Encode(_) | ExportError::Download(_) => Msg::StorageOther,
        }
    }
}

/// The file name and contents of a full export made at `at`. Swap this for the bundle format.
pub fn export_file(store: &AppStore, at: DateTime<Utc>) -> Result<(String, String), ExportError> {
    // Through `Value`, which the records already serialize to for storage: no second
    // serializer per record type in the download. (Keys come out in alphabetical order.)
    let json = serde_json::to_value(store.export(at))
        .and_then(|v| serde_json::to_string_pretty(&v))
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    let stamp = file_stamp(at.with_timezone(&Local));
    Ok((format!("ansinh-du-lieu-{stamp}.json"), json))
}

/// Downloads everything, then records the export.
pub fn export_all(store: StoreCtx) -> Result<(), ExportError> {
    let at = Utc::now();
    let (name, json) = store
        .with_untracked(|s| export_file(s, at))
        .ok_or_else(|| ExportError::Store(StoreError::Unavailable("no local storage".into())))??;
    download(&name, &json)?;
    store.update(|s| s.mark_exported(at)).map_err(ExportError::NotRecorded)?;
    Ok(())
}

/// Downloads the unreadable entries as stored (key, raw text, what is wrong).
pub fn export_bad_entries(store: StoreCtx) -> Result<(), ExportError> {
    let json = store
        .with_untracked(|s| s.bad_entries_json())
        .ok_or_else(|| ExportError::Store(StoreError::Unavailable("no local storage".into())))?;
    let stamp = file_stamp(Local::now());
    download(&format!("ansinh-muc-hong-{stamp}.json"), &json)
}

/// "20261129-140309" for file names, by hand: chrono format strings cost download size.
fn file_stamp(t: DateTime<Local>) -> String {
    format!("{:04}{:02}{:02}-{:02}{:02}{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
}

fn download(name: &str, text: &str) -> Result<(), ExportError> {
    let err = |e: wasm_bindgen::JsValue| ExportError::Download(format!("{e:?}"));
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let document =
        web_sys::window().and_then(|w| w.document()).ok_or_else(|| ExportError::Download("no document".into()))?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(err)?.dyn_into().map_err(|_| ExportError::Download("no anchor".into()))?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoking at once can cancel the download in some browsers; a minute later is safe.
    leptos::prelude::set_timeout(
        move || {
            if web_sys::Url::revoke_object_url(&url).is_err() {
                leptos::logging::warn!("could not revoke the export's object URL");
            }
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
