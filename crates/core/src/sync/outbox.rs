//! The outbox (hộp thư đi): bundles waiting to be uploaded to the district, their retries with
//! backoff, and the acknowledgement that marks them sent. Pure: no clock, randomness or I/O
//! beyond the `KeyValue` backend it is handed; times and ids are passed in.
//!
//! Contract:
//! - One entry per bundle, stored as plain JSON under `ansinh/v1/outbox/<bundle_id>`: bundle id,
//!   created-at, record count, the body's size when last built, the record keys it carries and
//!   its status (pending / failing with attempts, last error and next attempt / sent with the
//!   acknowledgement time). Bundle **bodies are never stored**: a district's bundle is far larger
//!   than localStorage; the body is rebuilt from the current records at each attempt under the
//!   same `created_at`. One id never names two bodies: the digest of the first body built under
//!   an id is kept (`body_digest`), and when a retry rebuilds a different body (a record was
//!   edited or merged meanwhile) the entry moves to a new id (`check_body`) — the district hub
//!   refuses a known id with another body (409), and a receiver that had the first body under
//!   the old id loses nothing (the new body carries the current versions of the same records).
//! - Queueing (`queue_changes`): the keys changed since the last outbox bundle are split into
//!   entries of at most `MAX_RECORDS_PER_BUNDLE` records; the entries are written first, then the
//!   store's outbox marker moves. If any of those writes fails, the entries written are removed
//!   again: a change is either in the outbox or still counted as changed, never lost between.
//! - Sending: `next_due` picks the oldest entry that is pending, or failing with its next attempt
//!   due. A bundle is sent only when the answer acknowledges it (`parse_ack`: a 2xx whose JSON
//!   body names the bundle id, `docs/bundle-format.md`); anything else is a failed attempt with
//!   a backoff of `base × 2^(attempts−1)`, capped (5 s, 10 s, 20 s, … 10 min by default).
//! - Acknowledged entries stay as history (the last `HISTORY_KEEP`) with their key lists
//!   dropped. Every status change is written before the in-memory state changes; a failed write
//!   is returned, never ignored.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

use uuid::Uuid;

use crate::i18n::Lang;
use crate::sync::bundle::RecordKey;
pub use crate::sync::outbox_entry::decode_entry;
// The entries' stored format is the outbox's API too.
pub use crate::sync::outbox_entry::{Entry, SendFailure, Status, SEGMENT};
use crate::sync::store::{Channel, KeyValue, RecordStore, StoreError, PREFIX};

/// At most this many records per bundle: each POST stays small (a few hundred KB), so a large
/// backlog never has to go as one request that times out on a slow connection.
pub const MAX_RECORDS_PER_BUNDLE: usize = 500;
/// Acknowledged entries kept as history.
pub const HISTORY_KEEP: usize = 20;

/// The storage key of an entry.
pub fn entry_key(bundle_id: Uuid) -> String {
    format!("{PREFIX}{SEGMENT}/{}", bundle_id.hyphenated())
}

/// What the receiver said about a bundle it acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ack {
    /// Stored now.
    Stored,
    /// It had this bundle id already (an earlier attempt arrived but its answer was lost).
    Duplicate,
}

/// Reads the receiver's answer to the upload of `bundle_id`: acknowledged only by a 2xx whose
/// body is `{"bundle_id": "<bundle_id>", "status": "stored" | "duplicate"}`.
pub fn parse_ack(status: u16, body: &str, bundle_id: Uuid) -> Result<Ack, SendFailure> {
    if !(200..300).contains(&status) {
        return Err(SendFailure::Http { status });
    }
    // Parsed as a `Value`: the app has that deserializer already; a typed struct adds code.
    let value: serde_json::Value = serde_json::from_str(body).map_err(|_| SendFailure::NoAck)?;
    let named = value.get("bundle_id").and_then(|v| v.as_str()).and_then(|s| Uuid::parse_str(s).ok());
    if named != Some(bundle_id) {
        return Err(SendFailure::NoAck);
    }
    match value.get("status").and_then(|v| v.as_str()) {
        Some("stored") => Ok(Ack::Stored),
        Some("duplicate") => Ok(Ack::Duplicate),
        _ => Err(SendFailure::NoAck),
    }
}

/// Timeout and backoff of uploads. The defaults are for the field; tests shorten them through
/// the `settings/upload_timing` key (`from_json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// An attempt with no answer after this long is aborted and fails.
    pub timeout_ms: u64,
    /// Delay after the first failure; doubled after each further failure.
    pub backoff_ms: u64,
    /// The delay never exceeds this.
    pub backoff_max_ms: u64,
}

impl Default for Timing {
    fn default() -> Self {
        Timing { timeout_ms: 60_000, backoff_ms: 5_000, backoff_max_ms: 600_000 }
    }
}

impl Timing {
    /// Reads `{"timeout_ms": …, "backoff_ms": …, "backoff_max_ms": …}`; a missing or invalid
    /// field keeps its default, and no value is allowed below 1 ms.
    pub fn from_json(text: &str) -> Timing {
        let d = Timing::default();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else { return d };
        let field = |name: &str, default: u64| v.get(name).and_then(|x| x.as_u64()).unwrap_or(default).max(1);
        Timing {
            timeout_ms: field("timeout_ms", d.timeout_ms),
            backoff_ms: field("backoff_ms", d.backoff_ms),
            backoff_max_ms: field("backoff_max_ms", d.backoff_max_ms),
        }
    }

    /// The wait after the `attempts`-th failure in a row: `backoff_ms × 2^(attempts−1)`, capped.
    pub fn backoff(&self, attempts: u32) -> TimeDelta {
        let doublings = attempts.saturating_sub(1).min(40);
        let ms = self.backoff_ms.saturating_mul(1u64 << doublings).min(self.backoff_max_ms);
        TimeDelta::milliseconds(i64::try_from(ms).unwrap_or(i64::MAX / 2))
    }

    /// When to try again after the `attempts`-th failure at `at`: after the backoff, or at the
    /// time the server asked for (`retry_after`, from its `Retry-After` header) when that is
    /// later — a busy hub says how long it needs, and asking sooner only adds to its load. The
    /// server's wish is capped at `MAX_RETRY_AFTER` so a wrong header cannot stop uploads for
    /// days ("Gửi ngay" ignores both).
    pub fn next_attempt(&self, at: DateTime<Utc>, attempts: u32, retry_after: Option<DateTime<Utc>>) -> DateTime<Utc> {
        let own = at + self.backoff(attempts);
        match retry_after {
            Some(asked) => own.max(asked.min(at + MAX_RETRY_AFTER)),
            None => own,
        }
    }
}

/// The longest wait a server's `Retry-After` may impose.
pub const MAX_RETRY_AFTER: TimeDelta = TimeDelta::hours(1);

/// Reads an HTTP `Retry-After` value received at `now`: delay-seconds (`"5"`) or an HTTP date
/// (`"Wed, 02 Dec 2026 08:00:05 GMT"`, RFC 9110 §10.2.3). `None` when absent or unreadable (the
/// client's own backoff applies).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        let seconds = i64::try_from(seconds.min(MAX_RETRY_AFTER.num_seconds() as u64)).ok()?;
        return Some(now + TimeDelta::seconds(seconds));
    }
    // IMF-fixdate is an RFC 2822 date with the zone "GMT", which chrono reads.
    DateTime::parse_from_rfc2822(value).ok().map(|d| d.with_timezone(&Utc))
}

/// Counts for the Sync page: bundles and records by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub pending_bundles: usize,
    pub pending_records: usize,
    pub failing_bundles: usize,
    pub failing_records: usize,
    pub sent_bundles: usize,
    pub sent_records: usize,
}

/// Why the outbox could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutboxError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("outbox entry {key} is unreadable: {reason}")]
    Corrupt { key: String, reason: String },
    #[error("no outbox entry for bundle {0}")]
    Unknown(Uuid),
}

fn encode_entry(e: &Entry) -> Result<String, StoreError> {
    let key = entry_key(e.bundle_id);
    crate::base::json::to_text(e, false).map_err(|err| StoreError::Encode { key, reason: err.to_string() })
}

/// The outbox in memory, mirroring its entries in the backend.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outbox {
    entries: BTreeMap<Uuid, Entry>,
}

impl Outbox {
    /// Reads every entry. Damaged entries are left out here (the record store lists them with
    /// the other unreadable entries, for export or removal); their keys are returned.
    pub fn load(kv: &impl KeyValue) -> Result<(Outbox, Vec<String>), StoreError> {
        let prefix = format!("{PREFIX}{SEGMENT}/");
        let mut out = Outbox::default();
        let mut bad = Vec::new();
        for key in kv.keys()?.into_iter().filter(|k| k.starts_with(&prefix)) {
            let Some(raw) = kv.get(&key)? else { continue };
            match decode_entry(&raw) {
                Ok(e) if entry_key(e.bundle_id) == key => drop(out.entries.insert(e.bundle_id, e)),
                _ => bad.push(key),
            }
        }
        Ok((out, bad))
    }

    /// Re-reads one key another tab changed (any key: others are ignored).
    pub fn refresh(&mut self, kv: &impl KeyValue, key: &str) -> Result<(), StoreError> {
        let Some(id) = key.strip_prefix(PREFIX).and_then(|r| r.strip_prefix(SEGMENT)).and_then(|r| r.strip_prefix('/'))
        else {
            return Ok(());
        };
        let Ok(id) = Uuid::parse_str(id) else { return Ok(()) };
        match kv.get(key)?.map(|raw| decode_entry(&raw)) {
            Some(Ok(e)) if e.bundle_id == id => drop(self.entries.insert(id, e)),
            _ => drop(self.entries.remove(&id)),
        }
        Ok(())
    }

    /// Entries, oldest first (by created-at, then id).
    pub fn entries(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.entries.values().collect();
        v.sort_by_key(|e| (e.created_at, e.bundle_id));
        v
    }

    pub fn get(&self, bundle_id: Uuid) -> Option<&Entry> {
        self.entries.get(&bundle_id)
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for e in self.entries.values() {
            let (b, r) = match e.status {
                Status::Pending => (&mut s.pending_bundles, &mut s.pending_records),
                Status::Failing { .. } => (&mut s.failing_bundles, &mut s.failing_records),
                Status::Sent { .. } => (&mut s.sent_bundles, &mut s.sent_records),
            };
            *b += 1;
            *r += e.records;
        }
        s
    }

    /// The oldest entry an attempt may start on at `now`. With `force` ("Gửi ngay") a failing
    /// entry is due at once.
    pub fn next_due(&self, now: DateTime<Utc>, force: bool) -> Option<&Entry> {
        self.entries().into_iter().find(|e| e.is_due(now, force))
    }

    /// When the next failing entry becomes due (to set a timer), if any is waiting.
    pub fn next_wake(&self) -> Option<DateTime<Utc>> {
        self.entries
            .values()
            .filter_map(|e| match &e.status {
                Status::Failing { next_attempt_at, .. } => Some(*next_attempt_at),
                _ => None,
            })
            .min()
    }

    /// Splits `keys` into new pending entries (at most `MAX_RECORDS_PER_BUNDLE` each, in the
    /// given order) and writes them. All or nothing: if one write fails, those already written
    /// are removed again and the error is returned. Returns the new bundle ids.
    pub fn add<K: KeyValue>(
        &mut self,
        kv: &mut K,
        keys: &[RecordKey],
        now: DateTime<Utc>,
        mut new_id: impl FnMut() -> Uuid,
    ) -> Result<Vec<Uuid>, StoreError> {
        let mut written: Vec<Entry> = Vec::new();
        for chunk in keys.chunks(MAX_RECORDS_PER_BUNDLE) {
            let entry = Entry {
                bundle_id: new_id(),
                created_at: now,
                records: chunk.len(),
                bytes: None,
                keys: chunk.to_vec(),
                status: Status::Pending,
                body_digest: None,
            };
            let result = encode_entry(&entry).and_then(|raw| Ok(kv.set(&entry_key(entry.bundle_id), &raw)?));
            if let Err(e) = result {
                let ids: Vec<Uuid> = written.iter().map(|w| w.bundle_id).collect();
                // If the undo fails too, its error is the one reported: an entry left behind
                // only sends its records once more (merging is idempotent), never loses one.
                return remove_keys(kv, &ids).and(Err(e));
            }
            written.push(entry);
        }
        let ids = written.iter().map(|e| e.bundle_id).collect();
        self.entries.extend(written.into_iter().map(|e| (e.bundle_id, e)));
        Ok(ids)
    }

    /// Before an attempt: whether `body` (built under `bundle_id`) may be sent under that id.
    /// `Ok(None)`: yes — the first body built under it (its digest is written now, before the
    /// request), or the same body again. `Ok(Some(new))`: the body differs from the first one,
    /// so the entry has moved to the new id `new_id()` (pending again, same records and
    /// `created_at`): build the body under the new id and check again. The new entry is written
    /// before the old one is removed, so a failed write leaves the records queued.
    pub fn check_body<K: KeyValue>(
        &mut self,
        kv: &mut K,
        bundle_id: Uuid,
        body: &str,
        new_id: impl FnOnce() -> Uuid,
    ) -> Result<Option<Uuid>, OutboxError> {
        let mut e = self.entries.get(&bundle_id).cloned().ok_or(OutboxError::Unknown(bundle_id))?;
        let digest = body_digest(body);
        match &e.body_digest {
            Some(d) if *d == digest => Ok(None),
            None => {
                e.body_digest = Some(digest);
                self.write(kv, e)?;
                Ok(None)
            }
            Some(_) => {
                let id = new_id();
                let moved = Entry { bundle_id: id, status: Status::Pending, body_digest: None, bytes: None, ..e };
                self.write(kv, moved)?;
                self.remove(kv, &[bundle_id])?;
                Ok(Some(id))
            }
        }
    }

    /// Removes entries (undoing `add` when the marker could not move).
    pub fn remove<K: KeyValue>(&mut self, kv: &mut K, ids: &[Uuid]) -> Result<(), StoreError> {
        remove_keys(kv, ids)?;
        for id in ids {
            self.entries.remove(id);
        }
        Ok(())
    }

    /// Records a failed attempt at `at`: attempts + 1, the error, and the next attempt after the
    /// backoff. `bytes` is the size of the body sent, if it was built.
    pub fn record_failure<K: KeyValue>(
        &mut self,
        kv: &mut K,
        bundle_id: Uuid,
        failure: SendFailure,
        bytes: Option<u64>,
        at: DateTime<Utc>,
        timing: &Timing,
    ) -> Result<(), OutboxError> {
        self.record_failure_until(kv, bundle_id, failure, bytes, at, timing, None)
    }

    /// `record_failure` when the server said when to come back (`retry_after`, read by
    /// `parse_retry_after`): the next attempt is `Timing::next_attempt`.
    #[allow(clippy::too_many_arguments)]
    pub fn record_failure_until<K: KeyValue>(
        &mut self,
        kv: &mut K,
        bundle_id: Uuid,
        failure: SendFailure,
        bytes: Option<u64>,
        at: DateTime<Utc>,
        timing: &Timing,
        retry_after: Option<DateTime<Utc>>,
    ) -> Result<(), OutboxError> {
        let mut e = self.entries.get(&bundle_id).cloned().ok_or(OutboxError::Unknown(bundle_id))?;
        if e.is_sent() {
            // A late failure of a bundle acknowledged meanwhile (another tab) changes nothing.
            return Ok(());
        }
        let attempts = e.attempts() + 1;
        let next_attempt_at = timing.next_attempt(at, attempts, retry_after);
        e.status = Status::Failing { attempts, last_error: failure, next_attempt_at };
        e.bytes = bytes.or(e.bytes);
        self.write(kv, e)
    }

    /// Records the acknowledgement at `at`: the entry becomes history (its key list dropped), and
    /// history beyond `HISTORY_KEEP` entries is removed, oldest first.
    pub fn record_ack<K: KeyValue>(
        &mut self,
        kv: &mut K,
        bundle_id: Uuid,
        ack: Ack,
        bytes: Option<u64>,
        at: DateTime<Utc>,
    ) -> Result<(), OutboxError> {
        let mut e = self.entries.get(&bundle_id).cloned().ok_or(OutboxError::Unknown(bundle_id))?;
        if e.is_sent() {
            return Ok(());
        }
        e.status = Status::Sent { acked_at: at, attempts: e.attempts() + 1, duplicate: ack == Ack::Duplicate };
        e.bytes = bytes.or(e.bytes);
        e.keys.clear();
        self.write(kv, e)?;
        self.prune(kv)?;
        Ok(())
    }

    fn write<K: KeyValue>(&mut self, kv: &mut K, e: Entry) -> Result<(), OutboxError> {
        kv.set(&entry_key(e.bundle_id), &encode_entry(&e)?).map_err(StoreError::from)?;
        self.entries.insert(e.bundle_id, e);
        Ok(())
    }

    /// Drops the oldest acknowledged entries beyond `HISTORY_KEEP`.
    fn prune<K: KeyValue>(&mut self, kv: &mut K) -> Result<(), StoreError> {
        let mut sent: Vec<(DateTime<Utc>, Uuid)> = self
            .entries
            .values()
            .filter_map(|e| match e.status {
                Status::Sent { acked_at, .. } => Some((acked_at, e.bundle_id)),
                _ => None,
            })
            .collect();
        if sent.len() <= HISTORY_KEEP {
            return Ok(());
        }
        sent.sort();
        let old: Vec<Uuid> = sent[..sent.len() - HISTORY_KEEP].iter().map(|(_, id)| *id).collect();
        self.remove(kv, &old)
    }
}

/// Queues what changed since the last outbox bundle: the keys `store` reports as changed for
/// `Channel::Outbox` become new entries (bundle ids from `new_id`), written first; then the
/// store's outbox marker moves to `now`. If the marker cannot be written, the new entries are
/// removed again, so the changes stay counted as changed and are queued on the next run.
/// Returns the new bundle ids (none when nothing changed).
pub fn queue_changes<K: KeyValue>(
    outbox: &mut Outbox,
    store: &mut RecordStore<K>,
    now: DateTime<Utc>,
    new_id: impl FnMut() -> Uuid,
) -> Result<Vec<Uuid>, StoreError> {
    let keys = store.changed_keys(Channel::Outbox);
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let ids = outbox.add(store.kv_mut(), &keys, now, new_id)?;
    if let Err(e) = store.mark_channel(Channel::Outbox, now) {
        return outbox.remove(store.kv_mut(), &ids).and(Err(e));
    }
    Ok(ids)
}

fn remove_keys<K: KeyValue>(kv: &mut K, ids: &[Uuid]) -> Result<(), StoreError> {
    for id in ids {
        kv.remove(&entry_key(*id))?;
    }
    Ok(())
}

/// The digest of a bundle body kept in its entry: 64-bit FNV-1a of the text as 16 hex digits
/// (the version digest of `docs/bundle-format.md`). It tells this tablet's own bodies apart; it
/// is no protection against anyone.
pub fn body_digest(body: &str) -> String {
    crate::sync::bundle::digest(body)
}

/// Why an upload address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("the address is empty")]
    Empty,
    #[error("the address must start with http:// or https://")]
    Scheme,
    /// `http://` to another machine: records would cross the network unencrypted.
    #[error("the address must use https:// (http:// only for this machine)")]
    NotHttps,
    #[error("the address has no host")]
    NoHost,
    #[error("the address contains spaces or control characters")]
    BadCharacter,
    #[error("the address is not a valid web address")]
    Invalid,
}

impl UrlError {
    pub fn message(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            UrlError::Empty => ("Chưa nhập địa chỉ gửi.", "The upload address is empty."),
            UrlError::Scheme => (
                "Địa chỉ gửi phải bắt đầu bằng http:// hoặc https://",
                "The upload address must start with http:// or https://",
            ),
            UrlError::NotHttps => (
                "Địa chỉ gửi phải dùng https:// để dữ liệu được mã hoá trên đường truyền (chỉ máy chủ trên chính \
                 máy này — localhost, 127.0.0.1 — mới được dùng http://).",
                "The upload address must use https:// so the data is encrypted on the way (http:// only for a \
                 server on this machine: localhost, 127.0.0.1).",
            ),
            UrlError::NoHost => ("Địa chỉ gửi thiếu tên máy chủ.", "The upload address has no server name."),
            UrlError::BadCharacter => (
                "Địa chỉ gửi không được chứa dấu cách hoặc ký tự điều khiển.",
                "The upload address may not contain spaces or control characters.",
            ),
            UrlError::Invalid => (
                "Địa chỉ gửi không hợp lệ. Hãy nhập lại đúng địa chỉ do huyện cung cấp, ví dụ \
                 https://ldtbxh.konray.gov.vn/ansinh",
                "The upload address is not a valid web address; copy again the address the district gave, \
                 e.g. https://ldtbxh.konray.gov.vn/ansinh",
            ),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Checks an upload address typed by the user and returns it trimmed: `https://` (any case), or
/// `http://` to this machine only (localhost, 127.0.0.0/8, [::1]: tests, a hub on the same
/// laptop); a host; no spaces. Parsed by the `url` crate (the WHATWG URL standard, as the
/// browser's fetch parses it), so the host judged here is the host the request goes to:
/// `http://127.1/` is loopback, `http://localhost@evil.example/` is not.
pub fn validate_upload_url(input: &str) -> Result<String, UrlError> {
    let url = input.trim();
    if url.is_empty() {
        return Err(UrlError::Empty);
    }
    // The URL standard silently drops tabs and newlines inside an address: refuse them instead,
    // so what is stored is what the user sees.
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::BadCharacter);
    }
    let lower = url.to_ascii_lowercase();
    let https = lower.starts_with("https://");
    if !https && !lower.starts_with("http://") {
        return Err(UrlError::Scheme);
    }
    // The standard reads `https:///nhan` as the host `nhan`; a third slash is a slip, not a host.
    if url[if https { 8 } else { 7 }..].starts_with(['/', '\\']) {
        return Err(UrlError::NoHost);
    }
    let parsed = url::Url::parse(url).map_err(|e| match e {
        url::ParseError::EmptyHost => UrlError::NoHost,
        _ => UrlError::Invalid,
    })?;
    let loopback = match parsed.host() {
        None => return Err(UrlError::NoHost),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
    };
    if !https && !loopback {
        return Err(UrlError::NotHttps);
    }
    Ok(url.to_string())
}
