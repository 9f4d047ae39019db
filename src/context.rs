//! App-wide context: the plan, the survey dataset, the UI language and user-facing notices.
//!
//! Contract: components never read storage for the language themselves; they call
//! `use_lang()`. Changing the language persists it through `storage` and reports a failed
//! write as a notice instead of dropping it. The plan is loaded and validated once at start
//! (`load_plan`) and shared read-only through `use_plan()`.

use std::sync::Arc;

use ansinh_core::i18n::{Lang, Msg};
use ansinh_core::plan::{Plan, PlanError, EMBEDDED_PLAN_JSON};
use ansinh_core::survey::Dataset;
use leptos::prelude::*;

use crate::storage::{self, StorageError};

/// The current UI language, provided once at the root.
#[derive(Debug, Clone, Copy)]
pub struct LangCtx(pub RwSignal<Lang>);

impl LangCtx {
    /// Text of `msg` in the current language (reactive when called inside a view closure).
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.0.get())
    }
}

/// The language context; panics only if called outside `App` (a programming error).
pub fn use_lang() -> LangCtx {
    expect_context::<LangCtx>()
}

/// A message for the user (e.g. a failed write), shown in a banner until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub prefix: Option<Msg>,
    pub error: StorageError,
}

/// The notices shown at the top of every page.
#[derive(Debug, Clone, Copy)]
pub struct NoticesCtx(pub RwSignal<Vec<Notice>>);

pub fn use_notices() -> NoticesCtx {
    expect_context::<NoticesCtx>()
}

/// The language stored by an earlier visit, or Vietnamese. A corrupt entry falls back to
/// Vietnamese too, but is reported so the user knows the setting was not read.
pub fn initial_lang() -> (Lang, Option<StorageError>) {
    match storage::get(&storage::lang_key()) {
        Ok(Some(code)) => (Lang::from_code(&code).unwrap_or_default(), None),
        Ok(None) => (Lang::default(), None),
        Err(e) => (Lang::default(), Some(e)),
    }
}

/// Sets the language, stores it, and mirrors it on `<html lang>` for screen readers and
/// hyphenation. A failed write leaves the language switched for this session and says so.
pub fn set_lang(lang_ctx: LangCtx, notices: NoticesCtx, lang: Lang) {
    lang_ctx.0.set(lang);
    set_document_lang(lang);
    if let Err(error) = storage::set(&storage::lang_key(), &lang.code().to_string()) {
        notices.0.update(|n| n.push(Notice { prefix: Some(Msg::SettingNotSaved), error }));
    }
}

pub fn set_document_lang(lang: Lang) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        // Failing to set an attribute only affects accessibility hints; nothing to save.
        if el.set_attribute("lang", lang.code()).is_err() {
            leptos::logging::warn!("could not set <html lang>");
        }
    }
}

/// The plan in force. A signal so that a plan imported later (another district's, or a new
/// version) replaces it without a rebuild.
#[derive(Debug, Clone, Copy)]
pub struct PlanCtx(pub RwSignal<Arc<Plan>>);

pub fn use_plan() -> PlanCtx {
    expect_context::<PlanCtx>()
}

/// Parses and validates the embedded plan file: the app shows the problems instead of
/// panicking if a build ever ships a broken one.
///
/// Why not `Plan::from_json`: its field-path tracking (serde_path_to_error over a second,
/// untyped parse) costs tens of KB of wasm, and the embedded file's paths are already checked
/// natively by `embedded_plan_is_valid`. A shape error still shows, with its line and column;
/// the semantic rules run in full. Plans imported later should use `Plan::from_json`.
pub fn load_plan() -> Result<Arc<Plan>, PlanError> {
    let plan: Plan = serde_json::from_str(EMBEDDED_PLAN_JSON).map_err(|e| PlanError::Field {
        path: String::new(),
        position: Some((e.line(), e.column())),
        detail: e.to_string(),
    })?;
    plan.validate()?;
    Ok(Arc::new(plan))
}

/// The survey data the indicators are computed from. The dashboard reads only this; whoever
/// owns the records (local storage, an import) replaces the whole `Arc` on every saved change,
/// so readers recompute once per change.
#[derive(Debug, Clone, Copy)]
pub struct DatasetCtx(pub RwSignal<Arc<Dataset>>);

pub fn use_dataset() -> DatasetCtx {
    expect_context::<DatasetCtx>()
}

/// True while `DatasetCtx` holds the dashboard's demo data (in memory only, never stored), so
/// every page can say the figures are not real. Whoever loads real data sets it to false.
#[derive(Debug, Clone, Copy)]
pub struct DemoCtx(pub RwSignal<bool>);
