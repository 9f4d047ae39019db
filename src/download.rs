//! Saving bytes as a file: a Blob offered through an `<a download>` (exports, office files, the
//! damaged-entries file, the list template).
//!
//! Contract: [`save`] starts the browser's download or says why it could not (the browser's
//! reason, for the caller's typed error). A started download is not a saved file — the browser
//! never says whether the user kept it — so callers that need delivery ask the user.

use wasm_bindgen::JsCast;

/// Starts the download of `bytes` as `name` (`mime`).
pub fn save(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(err)?.dyn_into().map_err(|_| "no anchor".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoking at once can cancel the download in some browsers; a minute later is safe.
    leptos::prelude::set_timeout(
        move || {
            if web_sys::Url::revoke_object_url(&url).is_err() {
                leptos::logging::warn!("could not revoke a download's object URL");
            }
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
