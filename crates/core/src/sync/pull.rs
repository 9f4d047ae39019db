//! Pulling from the district hub: the tablet asks `GET /api/pull?cursor=n` for its unit's
//! records changed since its cursor (the district's device: everyone's), page by page, and
//! applies each page with the store's atomic import. Pure: no clock, network or randomness;
//! the app does the requests (`src/pull.rs`) and hands the pages in.
//!
//! Contract (`docs/bundle-format.md`, "Pull"):
//! - The state (`PullState`, plain JSON under `ansinh/v1/settings/hub_pull`) holds the cursor,
//!   the hub it belongs to (`source_id` of the address and the device token: another hub or a
//!   new enrolment starts again from 0), the last pull's outcome for the Sync page, the last
//!   `HISTORY` pulls (newest first; a state stored before the history existed loads with none
//!   and starts it from its last pull), and the failures in a row with the next attempt time.
//! - `apply_page` applies one page: first the local changes not yet queued go to the outbox
//!   (`outbox::queue_changes`), then the page is merged by `RecordStore::import_page` (lineage
//!   and conflicts kept, all or nothing; its id is not kept among the imported bundles' ids, which
//!   would grow by one per page for ever), then the outbox marker moves to the import's write
//!   time. So what arrived by pull is never sent back to the hub as a local change, while every
//!   local change is either already queued or saved later than the marker. Only then does the
//!   cursor advance and get written: a failure anywhere leaves the cursor where it was, and the
//!   page is asked again (merging it twice changes nothing). An empty page changes no record.
//! - A failed pull waits like an upload (`Timing::next_attempt`: own backoff, or the server's
//!   `Retry-After` when later).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::plan::Plan;
use crate::i18n::{Lang, Text};
use crate::sync::bundle::{parse_bundle, Limits, MergeReport};
use crate::sync::outbox::{queue_changes, Outbox, SendFailure, Timing};
use crate::sync::store::{Channel, KeyValue, RecordStore, StoreError, StoreImportError, PREFIX};

/// Where the state is kept (a setting: the record store ignores it).
pub fn state_key() -> String {
    format!("{PREFIX}settings/hub_pull")
}

/// Records per page asked for.
pub const PAGE_LIMIT: usize = 500;

/// Names the hub and device a cursor belongs to, without keeping the token twice: the
/// digest of the address's origin and the token.
pub fn source_id(url: &str, token: &str) -> String {
    crate::sync::bundle::digest(&format!("{url}\n{token}"))
}

/// The path and query of a page request (joined to the upload address's origin).
pub fn page_path(cursor: i64) -> String {
    format!("/api/pull?cursor={cursor}&limit={PAGE_LIMIT}")
}

/// What became of the last pull.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every page was applied: records the pages carried, and records now in conflict.
    Applied { records: usize, conflicts: usize },
    /// A request failed (network, timeout, HTTP status).
    Failed(SendFailure),
    /// A page was received but could not be applied; nothing of it was kept.
    NotApplied { vi: String, en: String },
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Applied { .. })
    }

    /// The line shown on the Sync page, Vietnamese first.
    pub fn message(&self, lang: Lang) -> String {
        let t = match self {
            Outcome::Applied { records: 0, .. } => {
                Text::new("Không có gì mới từ máy chủ huyện.", "Nothing new from the district hub.")
            }
            Outcome::Applied { records, conflicts: 0 } => Text::new(
                format!("Đã nhận {records} bản ghi từ máy chủ huyện."),
                format!("Received {records} records from the district hub."),
            ),
            Outcome::Applied { records, conflicts } => Text::new(
                format!(
                    "Đã nhận {records} bản ghi từ máy chủ huyện; {conflicts} bản ghi có xung đột, xem mục Xung đột ở trên."
                ),
                format!("Received {records} records from the district hub; {conflicts} in conflict, see Conflicts above."),
            ),
            Outcome::Failed(f) => return f.message(lang),
            Outcome::NotApplied { vi, en } => Text::new(vi.clone(), en.clone()),
        };
        t.get(lang).to_string()
    }
}

/// The last pull, for the Sync page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastPull {
    #[serde(with = "crate::base::dates::stamp")]
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
}

/// Pulls kept in `PullState::history`.
pub const HISTORY: usize = 10;

/// The tablet's pull state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PullState {
    /// `source_id` of the hub and token the cursor belongs to.
    pub source: String,
    /// Ask for records changed after this (the hub's sequence; 0: everything).
    pub cursor: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<LastPull>,
    /// The last pulls, newest first (`last` included), at most `HISTORY`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<LastPull>,
    /// Failed pulls in a row.
    #[serde(default)]
    pub failures: u32,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::base::dates::stamp_opt")]
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// Why the state or a page could not be handled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PullError {
    /// The page is not a bundle this app can apply, or the store refused it: nothing changed.
    #[error(transparent)]
    Import(#[from] StoreImportError),
    /// Storage failed (the outbox queue, the marker, or the state itself).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored state is unreadable (it is then started afresh).
    #[error("pull state unreadable: {0}")]
    Corrupt(String),
    /// The answer lacks the page headers (`X-Ansinh-Cursor`, `X-Ansinh-More`).
    #[error("the hub's answer has no page cursor")]
    NoCursor,
}

impl PullError {
    /// What the Sync page keeps as the outcome of a pull that stopped on this error.
    pub fn outcome(&self) -> Outcome {
        let (vi, en) = match self {
            PullError::Import(e) => (e.message(Lang::Vi), e.message(Lang::En)),
            PullError::Store(e) => (
                format!("Không ghi được dữ liệu nhận từ máy chủ huyện ({e}). Không có gì thay đổi; máy sẽ thử lại."),
                format!("Could not store what came from the district hub ({e}). Nothing changed; it will try again."),
            ),
            PullError::Corrupt(_) | PullError::NoCursor => (
                "Máy chủ huyện trả lời không đúng định dạng. Không có gì thay đổi; hãy báo cán bộ huyện.".to_string(),
                "The district hub's answer is not in the expected form. Nothing changed; tell the district office."
                    .to_string(),
            ),
        };
        Outcome::NotApplied { vi, en }
    }
}

/// One page as received.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub body: &'a [u8],
    /// `X-Ansinh-Cursor`: ask from here next.
    pub cursor: i64,
    /// `X-Ansinh-More`: another page follows.
    pub more: bool,
}

/// Reads the page headers (`None` when either is missing or unreadable).
pub fn page_headers(cursor: Option<&str>, more: Option<&str>) -> Result<(i64, bool), PullError> {
    let cursor = cursor.and_then(|c| c.trim().parse::<i64>().ok()).ok_or(PullError::NoCursor)?;
    let more = match more.map(str::trim) {
        Some("1") => true,
        Some("0") => false,
        _ => return Err(PullError::NoCursor),
    };
    Ok((cursor, more))
}

/// What `apply_page` did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Applied {
    /// The import's report (`None`: the page was empty).
    pub report: Option<MergeReport>,
    /// Records the page carried.
    pub records: usize,
    /// Outbox bundles queued first (local changes not yet queued).
    pub queued: Vec<Uuid>,
}

impl PullState {
    /// The stored state (`Ok(None)`: none yet).
    pub fn load(kv: &impl KeyValue) -> Result<Option<PullState>, PullError> {
        let Some(raw) = kv.get(&state_key()).map_err(StoreError::from)? else { return Ok(None) };
        let v: serde_json::Value = serde_json::from_str(&raw).map_err(|e| PullError::Corrupt(e.to_string()))?;
        serde_json::from_value(v).map(Some).map_err(|e| PullError::Corrupt(e.to_string()))
    }

    /// The state for `source`: the stored one if it belongs to it, else a fresh one from
    /// cursor 0 (another hub, or the device enrolled again). An unreadable state starts afresh.
    pub fn for_source(kv: &impl KeyValue, source: &str) -> PullState {
        match PullState::load(kv) {
            Ok(Some(s)) if s.source == source => s,
            _ => PullState { source: source.to_string(), ..PullState::default() },
        }
    }

    pub fn save(&self, kv: &mut impl KeyValue) -> Result<(), StoreError> {
        let key = state_key();
        let raw = crate::base::json::to_text(self, false)
            .map_err(|e| StoreError::Encode { key: key.clone(), reason: e.to_string() })?;
        Ok(kv.set(&key, &raw)?)
    }

    /// The last pulls for the Sync page, newest first: the history, or the last pull alone
    /// for a state stored before the history was kept.
    pub fn recent(&self) -> Vec<LastPull> {
        if self.history.is_empty() {
            return self.last.iter().cloned().collect();
        }
        self.history.clone()
    }

    /// Notes a pull as the last one and at the front of the history (cut to `HISTORY`).
    fn note(&mut self, pull: LastPull) {
        let mut history = self.recent();
        history.insert(0, pull.clone());
        history.truncate(HISTORY);
        self.history = history;
        self.last = Some(pull);
    }

    /// Whether a pull may start at `now` (`force`: "Đồng bộ ngay" ignores the wait).
    pub fn is_due(&self, now: DateTime<Utc>, force: bool) -> bool {
        force || self.next_attempt_at.is_none_or(|at| at <= now)
    }

    /// Notes a failed pull at `at` and when to try again (the server's `retry_after` when
    /// later than the backoff), and writes the state.
    pub fn record_failure(
        &mut self,
        kv: &mut impl KeyValue,
        outcome: Outcome,
        at: DateTime<Utc>,
        timing: &Timing,
        retry_after: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        self.failures += 1;
        self.next_attempt_at = Some(timing.next_attempt(at, self.failures, retry_after));
        self.note(LastPull { at, outcome });
        self.save(kv)
    }

    /// Notes a pull whose pages were all applied, and writes the state.
    pub fn record_success(
        &mut self,
        kv: &mut impl KeyValue,
        records: usize,
        conflicts: usize,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.failures = 0;
        self.next_attempt_at = None;
        self.note(LastPull { at, outcome: Outcome::Applied { records, conflicts } });
        self.save(kv)
    }
}

/// Applies one page (see the module contract): queue local changes, import, move the outbox
/// marker past the import, then advance and write the cursor. On `Err` the cursor is unchanged
/// (in memory and stored); if the import itself failed, no record changed.
#[allow(clippy::too_many_arguments)]
pub fn apply_page<K: KeyValue>(
    state: &mut PullState,
    outbox: &mut Outbox,
    store: &mut RecordStore<K>,
    plan: &Plan,
    page: Page<'_>,
    limits: &Limits,
    now: DateTime<Utc>,
    new_id: impl FnMut() -> Uuid,
) -> Result<Applied, PullError> {
    let bundle = parse_bundle(page.body, plan, limits).map_err(StoreImportError::from)?;
    let records = bundle.versions().count();
    let mut applied = Applied { records, ..Applied::default() };
    if records > 0 {
        applied.queued = queue_changes(outbox, store, now, new_id)?;
        // The time the import stamps its writes with (no marker moves in between).
        let written_at = store.change_time(now);
        applied.report = Some(store.import_page(bundle, plan, now)?);
        // What the page brought is on the hub already: not a change for the outbox.
        store.mark_channel(Channel::Outbox, written_at)?;
    }
    let mut next = state.clone();
    next.cursor = page.cursor.max(state.cursor);
    next.save(store.kv_mut())?;
    *state = next;
    Ok(applied)
}
