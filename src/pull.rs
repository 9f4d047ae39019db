//! The puller: after each upload run, a tablet enrolled with the district hub asks it for its
//! unit's records changed since its cursor (`GET /api/pull`, page by page; the district's device
//! gets every unit's) and applies each page (`ansinh_core::sync::pull::apply_page`: the atomic import,
//! lineage and conflicts kept; records that came this way are not sent back).
//!
//! Contract:
//! - Runs inside the uploader's run (`upload::send_queued`, in its lazy chunk), after the
//!   pushes, only with a device token stored, and only when due: a failed pull waits its
//!   backoff, or the hub's `Retry-After` when later (`Timing::next_attempt`); "Gửi ngay" does
//!   not wait.
//! - Each page is applied and the cursor written before the next page is asked, under the
//!   cross-tab lock from the records, outbox and cursor as stored now ([`apply_locked`]); the outcome of
//!   the pull (time, records, conflicts, or why it stopped) is written with the state, in its
//!   history of the last 10 pulls, and shown on Đồng bộ (`UploadCtx::pulled`).
//! - The district key the hub announces on its pages goes to `crate::hub_key` once per pull,
//!   before `pulled` changes (the Sync page reloads the key when it does).

use ansinh_core::domain::plan::Plan;
use ansinh_core::i18n::Msg;
use ansinh_core::sync::bundle::Limits;
use ansinh_core::sync::outbox::Outbox;
use ansinh_core::sync::outbox::{parse_retry_after, SendFailure};
use ansinh_core::sync::pull::{
    apply_page, page_headers, page_path, source_id, Applied, Outcome, Page, PullError, PullState,
};
use ansinh_core::sync::store::StoreError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use crate::context::{Notice, StoreCtx};
use crate::storage::{self, LocalKv};
use crate::upload::{fetch_timed, token_key, Fetched, UploadCtx};

/// Pulls every page due from the hub at `url`'s origin.
pub async fn pull(ctx: UploadCtx, plan: crate::context::PlanCtx, url: &str, force: bool) {
    let Ok(Some(token)) = storage::get(&token_key()) else { return };
    let mut state = PullState::for_source(&LocalKv, &source_id(url, &token));
    if ctx.pulled.with_untracked(Vec::is_empty) && state.last.is_some() {
        // The pulls before this page load, for the Sync page.
        ctx.pulled.set(state.recent());
    }
    if !state.is_due(Utc::now(), force) {
        // Waiting after a failure (maybe from before a reload): the run's retry timer wakes then.
        ctx.pull_wake.set_value(state.next_attempt_at);
        return;
    }
    let timing = crate::upload::timing();
    let (mut records, mut conflicts) = (0, 0);
    let mut key_seen = false;
    loop {
        let Ok(page_url) = web_sys::Url::new_with_base(&page_path(state.cursor), url).map(|u| u.href()) else {
            return;
        };
        let fetched = get_page(&page_url, &token, timing.timeout_ms).await;
        let at = Utc::now();
        let failed = |state: &mut PullState, outcome: Outcome, retry_after| {
            let written = state.record_failure(&mut LocalKv, outcome, at, &timing, retry_after);
            if let Err(e) = written {
                ctx.notices.push(Notice::store(Some(Msg::OutboxNotSaved), &e));
            }
            ctx.pulled.set(state.recent());
            ctx.pull_wake.set_value(state.next_attempt_at);
        };
        let page = match fetched {
            Ok(f) if (200..300).contains(&f.status) => f,
            Ok(f) => {
                let retry = f.retry_after.as_deref().and_then(|v| parse_retry_after(v, at));
                return failed(&mut state, Outcome::Failed(SendFailure::Http { status: f.status }), retry);
            }
            Err(failure) => return failed(&mut state, Outcome::Failed(failure), None),
        };
        if let Some(key) = page.district_key.as_deref().filter(|_| !key_seen) {
            // Once per pull is enough (the header is on every page); a failed write is shown.
            key_seen = true;
            if let Err(e) = crate::hub_key::announced(key).await {
                ctx.notices.push(Notice::storage(Some(Msg::SettingNotSaved), &e));
            }
        }
        let (cursor, more) = match page_headers(page.cursor.as_deref(), page.more.as_deref()) {
            Ok(h) => h,
            Err(e) => return failed(&mut state, e.outcome(), None),
        };
        let plan = plan.0.get_untracked();
        let (store, outbox, text) = (ctx.store, ctx.outbox, page.text);
        let source = state.source.clone();
        let locked = move || {
            let body = Page { body: text.as_bytes(), cursor, more };
            apply_locked(store, outbox, &source, &plan, body, at)
        };
        let result = match storage::exclusive(locked).await {
            Ok((fresh, result)) => {
                state = fresh;
                result
            }
            Err(e) => Err(PullError::Store(StoreError::Backend { key: storage::PREFIX.into(), reason: e.to_string() })),
        };
        match result {
            Ok(applied) => {
                records += applied.records;
                conflicts += applied.report.map_or(0, |r| r.conflicts);
            }
            Err(e) => return failed(&mut state, e.outcome(), None),
        }
        if !more {
            break;
        }
    }
    if let Err(e) = state.record_success(&mut LocalKv, records, conflicts, Utc::now()) {
        ctx.notices.push(Notice::store(Some(Msg::OutboxNotSaved), &e));
    }
    ctx.pulled.set(state.recent());
    ctx.pull_wake.set_value(None);
}

/// Applies a page; run inside `storage::exclusive` (public for the browser tests). The merge
/// reads, checks and writes records another tab may have changed a moment ago, and queues this
/// tab's changes first: so it works on a store that holds every other tab's locked writes
/// (`StoreCtx::catch_up`), the outbox and the pull state as stored now (another tab of the
/// same tablet may have applied this very page). The state as written, and the outcome.
pub fn apply_locked(
    store: StoreCtx,
    outbox: RwSignal<Outbox>,
    source: &str,
    plan: &Plan,
    page: Page<'_>,
    at: DateTime<Utc>,
) -> (PullState, Result<Applied, PullError>) {
    let mut state = PullState::for_source(&LocalKv, source);
    let result = (|| {
        store.catch_up()?;
        let mut fresh = Outbox::load(&LocalKv)?.0;
        let result = store
            .modify(|s| apply_page(&mut state, &mut fresh, s, plan, page, &Limits::default(), at, Uuid::new_v4))
            .unwrap_or(Err(PullError::NoCursor));
        outbox.try_set(fresh);
        result
    })();
    (state, result)
}

/// `GET` one page with the device token, aborted after `timeout_ms`.
async fn get_page(url: &str, token: &str, timeout_ms: u64) -> Result<Fetched, SendFailure> {
    let network = |e: JsValue| SendFailure::Network { detail: crate::upload::js_error_text(&e) };
    let headers = web_sys::Headers::new().map_err(network)?;
    headers.set("Authorization", &format!("Bearer {token}")).map_err(network)?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    fetch_timed(url, &init, timeout_ms).await
}
