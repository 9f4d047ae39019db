//! The uploader: sends the outbox's bundles to the district's receiver once the tablet is online.
//!
//! Contract:
//! - One upload at a time in this tab. A run starts when the app starts, on the browser's
//!   `online` event, a few seconds after the last saved change, when the next retry is due, and
//!   on "Gửi ngay". A run queues what changed since the last outbox bundle (only when online and
//!   an upload address is set), then sends due bundles oldest first until one fails; a failure
//!   waits for its backoff (`ansinh_core::sync::outbox::Timing`).
//! - Each attempt rebuilds the bundle's body from the current records under its own id (a body
//!   that differs from the first one built under that id moves to a new id: `Outbox::check_body`),
//!   sends the hub's device token when one is stored (`settings/hub_token`), POSTs
//!   it (`docs/bundle-format.md`, "Upload"), and aborts it after the timeout. Only an answer that
//!   acknowledges the bundle id marks it sent; the outcome is written to storage before the
//!   page shows it, and a failed write is shown as a notice, never dropped.
//! - After the pushes, a tablet enrolled with the district hub pulls what changed there
//!   (`crate::pull`); a refused or failed attempt waits its backoff, or the hub's `Retry-After`
//!   when that is later (`Timing::next_attempt`).
//! - Settings live under `ansinh/v1/settings/`: `upload_url` (the address, JSON string) and
//!   `upload_timing` (`{"timeout_ms", "backoff_ms", "backoff_max_ms"}`, for tests; absent in the
//!   field, where the defaults apply: 60 s, 5 s doubling to 10 min).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use ansinh_core::i18n::Msg;
use ansinh_core::sync::bundle::ExportOptions;
use ansinh_core::sync::outbox::{self, parse_ack, parse_retry_after, Ack, Outbox, SendFailure, Timing};
use ansinh_core::sync::pull::LastPull;
use ansinh_core::sync::store::{Channel, KeyValue, StoreError};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::context::{ensure_plan, Notice, NoticesCtx, Part, PlanCtx, StoreCtx};
use crate::storage::{self, Key, LocalKv};

/// The upload address, `None` until the user sets one.
pub fn url_key() -> Key<String> {
    Key::new("settings/upload_url")
}

/// The device token the district hub gave this tablet at enrolment, sent on every request.
pub fn token_key() -> Key<String> {
    Key::new("settings/hub_token")
}

/// The org unit the hub enrolled this device for (`kon-ray`: the district's device).
pub fn unit_key() -> Key<String> {
    Key::new("settings/hub_unit")
}

/// Upload timing for tests (raw JSON, read with `Timing::from_json`).
pub const TIMING_KEY: &str = "ansinh/v1/settings/upload_timing";

/// Keys of outbox entries (`ansinh_core::sync::outbox::entry_key`).
const OUTBOX_PREFIX: &str = "ansinh/v1/outbox/";

/// A saved change starts a run this long after the last save, so a form typed into for a
/// minute makes one bundle, not sixty.
const AFTER_SAVE_MS: u64 = 3_000;

/// The uploader's state, shared with the Sync page.
#[derive(Debug, Clone, Copy)]
pub struct UploadCtx {
    pub outbox: RwSignal<Outbox>,
    pub url: RwSignal<Option<String>>,
    /// A run is under way.
    pub busy: RwSignal<bool>,
    /// What the browser says about the network.
    pub online: RwSignal<bool>,
    /// The last pulls from the district hub (time and outcome, newest first, at most
    /// `pull::HISTORY`), for the Sync page: the stored ones at the first run, then each pull's.
    pub pulled: RwSignal<Vec<LastPull>>,
    /// When a failed pull may be tried again.
    pub(crate) pull_wake: StoredValue<Option<DateTime<Utc>>>,
    /// A trigger arrived during a run: run once more at its end (`Some(force)`).
    again: StoredValue<Option<bool>>,
    retry_timer: StoredValue<Option<TimeoutHandle>>,
    save_timer: StoredValue<Option<TimeoutHandle>>,
    pub(crate) store: StoreCtx,
    pub(crate) notices: NoticesCtx,
}

pub fn use_upload() -> UploadCtx {
    expect_context::<UploadCtx>()
}

/// Loads the outbox and the address, and wires every trigger of a run.
pub fn start(store: StoreCtx, notices: NoticesCtx) -> UploadCtx {
    let outbox = match Outbox::load(&LocalKv) {
        // Damaged entries are listed by the store with the other unreadable entries.
        Ok((outbox, _bad)) => outbox,
        Err(e) => {
            notices.push(Notice::store(Some(Msg::OutboxNotRead), &e));
            Outbox::default()
        }
    };
    let url = match storage::get(&url_key()) {
        Ok(url) => url,
        Err(e) => {
            notices.push(Notice::storage(Some(Msg::OutboxNotRead), &e));
            None
        }
    };
    // The pull state is read by the puller and the Sync page (lazy chunks), not here: its
    // decoder would add to the first load.
    let ctx = UploadCtx {
        pulled: RwSignal::new(Vec::new()),
        pull_wake: StoredValue::new(None),
        outbox: RwSignal::new(outbox),
        url: RwSignal::new(url),
        busy: RwSignal::new(false),
        online: RwSignal::new(window().navigator().on_line()),
        again: StoredValue::new(None),
        retry_timer: StoredValue::new(None),
        save_timer: StoredValue::new(None),
        store,
        notices,
    };
    let net = move |_| {
        let online = window().navigator().on_line();
        ctx.online.set(online);
        if online {
            ctx.kick(false);
        }
    };
    let on = window_event_listener_untyped("online", net);
    let off = window_event_listener_untyped("offline", net);
    // Another tab sent a bundle or changed the address: follow it.
    let other = window_event_listener(leptos::ev::storage, move |e: web_sys::StorageEvent| match e.key() {
        Some(k) if k == url_key().path() => match storage::get(&url_key()) {
            Ok(url) => ctx.url.set(url),
            Err(err) => notices.push(Notice::storage(Some(Msg::OutboxNotRead), &err)),
        },
        Some(k) if k.starts_with(OUTBOX_PREFIX) => {
            if let Err(err) = ctx.outbox.try_update(|o| o.refresh(&LocalKv, &k)).unwrap_or(Ok(())) {
                notices.push(Notice::store(Some(Msg::OutboxNotRead), &err));
            }
        }
        _ => {}
    });
    on_cleanup(move || {
        on.remove();
        off.remove();
        other.remove();
    });
    // Every saved change (here or in another tab) starts a run shortly after; the first run of
    // this effect is the run at start. Only a change waiting to be sent does: what a pull
    // brought is on the hub already, and a run for it would only pull again (and replace the
    // pull's outcome on Đồng bộ, its conflicts among them, with "nothing new").
    Effect::new(move |first: Option<()>| {
        store.track(&Part::RECORDS);
        if first.is_none() {
            ctx.kick(false);
        } else if store.with_untracked(|s| s.has_changes(Channel::Outbox)) == Some(true) {
            ctx.save_timer.update_value(|t| {
                if let Some(t) = t.take() {
                    t.clear();
                }
            });
            let handle = set_timeout_with_handle(move || ctx.kick(false), Duration::from_millis(AFTER_SAVE_MS));
            ctx.save_timer.set_value(handle.ok());
        }
    });
    ctx
}

impl UploadCtx {
    /// Starts a run now (`force`: "Gửi ngay", failing bundles do not wait for their backoff).
    pub fn kick(self, force: bool) {
        if self.busy.get_untracked() {
            let force = force || self.again.get_value().unwrap_or(false);
            self.again.set_value(Some(force));
            return;
        }
        // Marked busy before the task starts, so two triggers in one tick make one run.
        self.busy.set(true);
        leptos::task::spawn_local(async move { self.run(force).await });
    }

    /// Stores a validated address (`None` removes it) and starts a run.
    pub fn set_url(self, url: Option<String>) -> Result<(), storage::StorageError> {
        match &url {
            Some(u) => storage::set(&url_key(), u)?,
            None => storage::remove(&url_key())?,
        }
        self.url.set(url);
        self.kick(false);
        Ok(())
    }

    async fn run(self, mut force: bool) {
        loop {
            self.again.set_value(None);
            self.send_due(force).await;
            match self.again.get_value() {
                Some(f) => force = f,
                None => break,
            }
        }
        self.busy.set(false);
        self.schedule_retry();
    }

    /// Queues changes, then sends due bundles until none is due or one fails.
    async fn send_due(self, force: bool) {
        let Some(url) = self.url.get_untracked() else { return };
        if !window().navigator().on_line() {
            return;
        }
        #[cfg(feature = "split")]
        match sender(self, url, force).await {
            Ok(run) => run.await,
            // Nothing is lost: the changes stay queued and the next trigger tries again.
            Err(e) => leptos::logging::warn!("uploader: {e}"),
        }
        #[cfg(not(feature = "split"))]
        send_queued(self, url, force).await;
    }

    /// Puts what changed since the last outbox bundle into new bundles, under the cross-tab
    /// lock ([`queue_locked`]).
    async fn queue(self) {
        // Checked untracked first: a write through the store signal notifies every reader
        // (the dashboard recomputes), and would start another run after the save delay. A
        // change only another tab has seen yet is queued by that tab.
        let changed = self.store.with_untracked(|s| s.has_changes(Channel::Outbox));
        if changed != Some(true) {
            return;
        }
        let (store, outbox) = (self.store, self.outbox);
        let result = match storage::exclusive(move || queue_locked(store, outbox, Utc::now())).await {
            Ok(r) => r.map(drop),
            Err(e) => {
                Err(StoreError::Backend { key: ansinh_core::sync::store::OUTBOX_KEY.into(), reason: e.to_string() })
            }
        };
        if let Err(e) = result {
            self.notices.push(Notice::store(Some(Msg::OutboxNotSaved), &e));
        }
    }

    /// A timer for the earliest retry (replacing any earlier one).
    fn schedule_retry(self) {
        self.retry_timer.update_value(|t| {
            if let Some(t) = t.take() {
                t.clear();
            }
        });
        let pull = self.pull_wake.get_value();
        let outbox = self.outbox.with_untracked(|o| o.next_wake());
        let Some(at) = outbox.into_iter().chain(pull).min() else { return };
        let wait = (at - Utc::now()).num_milliseconds().max(0) as u64;
        let handle = set_timeout_with_handle(move || self.kick(false), Duration::from_millis(wait + 50));
        self.retry_timer.set_value(handle.ok());
    }
}

/// Queues every change since the outbox's marker; run inside `storage::exclusive` (public for
/// the browser tests). The marker and the outbox are shared by the tabs: this reads the outbox
/// as stored now and a store that holds every other tab's locked writes (`StoreCtx::catch_up`),
/// because moving the marker past a record another tab saved a moment ago, not yet seen here,
/// would leave that record unsent for ever, and two tabs queueing at once would make the same
/// bundle twice. The new bundles' ids.
pub fn queue_locked(store: StoreCtx, outbox: RwSignal<Outbox>, now: DateTime<Utc>) -> Result<Vec<Uuid>, StoreError> {
    store.catch_up()?;
    let mut fresh = Outbox::load(&LocalKv)?.0;
    let result = store.update(|s| outbox::queue_changes(&mut fresh, s, now, Uuid::new_v4));
    // The outbox as stored now, whatever the outcome (a failed queue removed its entries).
    outbox.try_set(fresh);
    result
}

fn outbox_error_notice(e: &outbox::OutboxError) -> Notice {
    match e {
        outbox::OutboxError::Store(s) => Notice::store(Some(Msg::OutboxNotSaved), s),
        _ => Notice { prefix: Some(Msg::OutboxNotSaved), msg: Msg::StorageOther, offer_export: false },
    }
}

/// The timing in force: the test setting if present, else the defaults.
pub(crate) fn timing() -> Timing {
    match LocalKv.get(TIMING_KEY) {
        Ok(Some(text)) => Timing::from_json(&text),
        _ => Timing::default(),
    }
}

/// An answer as the uploader and the puller need it.
pub(crate) struct Fetched {
    pub status: u16,
    pub text: String,
    /// `Retry-After`, as sent (seconds or an HTTP date).
    pub retry_after: Option<String>,
    /// The pull page headers (`X-Ansinh-Cursor`, `X-Ansinh-More`).
    pub cursor: Option<String>,
    pub more: Option<String>,
    /// The district's public key the hub announces (`X-Ansinh-District-Key`), `crate::hub_key`.
    pub district_key: Option<String>,
}

/// Fetches `url`, aborting the whole exchange (headers and body) after `timeout_ms`.
pub(crate) async fn fetch_timed(
    url: &str,
    init: &web_sys::RequestInit,
    timeout_ms: u64,
) -> Result<Fetched, SendFailure> {
    let network = |e: JsValue| SendFailure::Network { detail: js_error_text(&e) };
    let controller = web_sys::AbortController::new().map_err(network)?;
    init.set_signal(Some(&controller.signal()));
    let timed_out = Rc::new(Cell::new(false));
    let flag = timed_out.clone();
    let timer = set_timeout_with_handle(
        move || {
            flag.set(true);
            controller.abort();
        },
        Duration::from_millis(timeout_ms),
    )
    .ok();
    let result = exchange(url, init).await;
    if let Some(t) = timer {
        t.clear();
    }
    let seconds = u32::try_from(timeout_ms.div_ceil(1000)).unwrap_or(u32::MAX);
    match result {
        Ok((status, text, headers)) => {
            let get = |name: &str| headers.get(name).ok().flatten();
            Ok(Fetched {
                status,
                text,
                retry_after: get("retry-after"),
                cursor: get("x-ansinh-cursor"),
                more: get("x-ansinh-more"),
                district_key: get("x-ansinh-district-key"),
            })
        }
        Err(_) if timed_out.get() => Err(SendFailure::Timeout { seconds }),
        Err(e) => Err(network(e)),
    }
}

/// POSTs one bundle and reads the acknowledgement, aborting after `timeout_ms`. On failure,
/// also when the receiver asked to come back (`Retry-After`).
pub async fn post(
    url: &str,
    bundle_id: Uuid,
    body: String,
    timeout_ms: u64,
) -> Result<Ack, (SendFailure, Option<DateTime<Utc>>)> {
    let network = |e: JsValue| (SendFailure::Network { detail: js_error_text(&e) }, None);
    let headers = web_sys::Headers::new().map_err(network)?;
    headers.set("Content-Type", "application/json").map_err(network)?;
    headers.set("X-Ansinh-Bundle-Id", &bundle_id.to_string()).map_err(network)?;
    // The district hub's device token (`ansinh serve token create`, exchanged at enrolment).
    if let Ok(Some(token)) = storage::get(&token_key()) {
        headers.set("Authorization", &format!("Bearer {token}")).map_err(network)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    let answer = fetch_timed(url, &init, timeout_ms).await.map_err(|f| (f, None))?;
    parse_ack(answer.status, &answer.text, bundle_id)
        .map_err(|f| (f, answer.retry_after.as_deref().and_then(|v| parse_retry_after(v, Utc::now()))))
}

/// Exchanges a one-time enrolment code for the hub's device token (`POST /api/enrol` on the
/// upload address's server) and stores it. `Err`: the message to show (the hub's own
/// Vietnamese message when it gave one).
pub async fn enrol(upload_url: &str, code: &str) -> Result<(), String> {
    let text = |e: JsValue| js_error_text(&e);
    let url = web_sys::Url::new_with_base("/api/enrol", upload_url).map_err(text)?.href();
    let headers = web_sys::Headers::new().map_err(text)?;
    headers.set("Content-Type", "application/json").map_err(text)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    let body = serde_json::json!({ "code": code }).to_string();
    init.set_body(&JsValue::from_str(&body));
    let (status, answer, _) = exchange(&url, &init).await.map_err(text)?;
    let value: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
    match value.get("token").and_then(|t| t.as_str()) {
        Some(token) if (200..300).contains(&status) => {
            // The unit tells a district device (which may open the district view) from a commune's.
            let unit = value.get("unit").and_then(|u| u.as_str()).unwrap_or_default().to_string();
            storage::set(&unit_key(), &unit).map_err(|e| e.to_string())?;
            storage::set(&token_key(), &token.to_string()).map_err(|e| e.to_string())?;
            // The district's key, when the hub has one: the first exports after enrolment are
            // already encrypted to it (the pull that follows announces it again).
            match value.get("district_key").and_then(|k| k.as_str()) {
                Some(key) => crate::hub_key::announced(key).await.map(|_| ()).map_err(|e| e.to_string()),
                None => Ok(()),
            }
        }
        _ => {
            Err(value.get("message").and_then(|m| m.as_str()).map_or_else(|| format!("HTTP {status}"), str::to_string))
        }
    }
}

pub(crate) async fn exchange(
    url: &str,
    init: &web_sys::RequestInit,
) -> Result<(u16, String, web_sys::Headers), JsValue> {
    let response: web_sys::Response = JsFuture::from(window().fetch_with_str_and_init(url, init)).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    Ok((response.status(), text.as_string().unwrap_or_default(), response.headers()))
}

pub(crate) fn js_error_text(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.message()),
        None => format!("{e:?}"),
    }
}

/// The sending part of a run as a split point (`split` feature): it and all it reaches (bundle
/// encoding, the POST, the acknowledgement) are a wasm chunk of their own, so a tablet with no
/// upload address set never loads it (docs/benchmarks.md, "Code splitting").
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(uploader, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sender(
    ctx: UploadCtx,
    url: String,
    force: bool,
) -> Result<std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>, leptos::wasm_split::SplitLoaderError> {
    Ok(Box::pin(send_queued(ctx, url, force)))
}

/// The sending part of a run: the pushes, then the pull from the hub.
async fn send_queued(ctx: UploadCtx, url: String, force: bool) {
    // Bundles name the plan and merges check against it: the whole plan, loaded on the first
    // run if no page has loaded it yet. Without it nothing is sent; the next run tries again.
    let Ok(plan) = ensure_plan().await else { return };
    push_due(ctx, plan, &url, force).await;
    crate::pull::pull(ctx, plan, &url, force).await;
}

/// Queues what changed, builds each due bundle and posts it, until none is due or one fails.
async fn push_due(ctx: UploadCtx, plan: PlanCtx, url: &str, force: bool) {
    let timing = timing();
    ctx.queue().await;
    loop {
        let now = Utc::now();
        let Some((id, created_at, keys)) =
            ctx.outbox.with_untracked(|o| o.next_due(now, force).map(|e| (e.bundle_id, e.created_at, e.keys.clone())))
        else {
            return;
        };
        let plan = plan.0.get_untracked();
        let Some(district) = plan.org_units.district().map(|u| u.id.clone()) else { return };
        let device_id = match storage::device_id() {
            Ok(d) => d,
            Err(e) => {
                ctx.notices.push(Notice::storage(Some(Msg::OutboxNotSaved), &e));
                return;
            }
        };
        let options = ExportOptions {
            bundle_id: id,
            device_id,
            exported_at: created_at,
            org_unit: district,
            scope: Default::default(),
        };
        let body = ctx.store.with_untracked(|s| s.bundle_for(&plan, &keys, &options).to_json(false));
        let Some(body) = body else { return };
        // One id, one body: a body that changed since the first attempt goes under a new id
        // (the hub refuses a known id with another body); the loop then builds it afresh.
        let checked = ctx.outbox.try_update(|o| o.check_body(&mut LocalKv, id, &body, Uuid::new_v4));
        match checked {
            Some(Ok(None)) => {}
            Some(Ok(Some(_moved))) => continue,
            Some(Err(e)) => {
                ctx.notices.push(outbox_error_notice(&e));
                return;
            }
            None => return,
        }
        let bytes = Some(body.len() as u64);
        let outcome = post(url, id, body, timing.timeout_ms).await;
        let at = Utc::now();
        let ok = outcome.is_ok();
        // The outcome is written even when the page's outbox signal is gone (the app is being
        // torn down): to storage directly, under the cross-tab lock, so it is never skipped
        // silently and another tab's outbox write is not overwritten.
        let outbox = ctx.outbox;
        let record = move || -> Result<(), outbox::OutboxError> {
            let mut fresh = match outbox.try_with_untracked(Outbox::clone) {
                Some(o) => o,
                None => Outbox::load(&LocalKv)?.0,
            };
            // Inside the lock: this entry as stored now (another tab may have sent it).
            fresh.refresh(&LocalKv, &outbox::entry_key(id))?;
            let result = match outcome {
                Ok(ack) => fresh.record_ack(&mut LocalKv, id, ack, bytes, at),
                Err((failure, retry_after)) => {
                    fresh.record_failure_until(&mut LocalKv, id, failure, bytes, at, &timing, retry_after)
                }
            };
            outbox.try_set(fresh);
            result
        };
        let written = match storage::exclusive(record).await {
            Ok(r) => r,
            Err(e) => Err(outbox::OutboxError::Store(ansinh_core::sync::store::StoreError::Backend {
                key: outbox::entry_key(id),
                reason: e.to_string(),
            })),
        };
        if let Err(e) = written {
            ctx.notices.push(outbox_error_notice(&e));
            return;
        }
        if ok {
            // The district acknowledged the bundle: deletions it carried may drop their bodies.
            // Under the lock, from the deletions as stored now: a record another tab brought
            // back a moment ago keeps its body.
            if let Err(e) = ctx.store.update_locked(move |s| s.purge_acknowledged(&keys, now)).await {
                ctx.notices.push(Notice::store(Some(Msg::OutboxNotSaved), &e));
            }
        }
        if !ok {
            return;
        }
    }
}
