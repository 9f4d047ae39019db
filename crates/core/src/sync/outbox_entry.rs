//! The outbox's stored format: one entry per bundle waiting to be sent (`Entry`), its status
//! (`Status`) and why an attempt failed (`SendFailure`), under `ansinh/v1/outbox/<bundle_id>`.
//!
//! Contract: plain data and its decoding (`decode_entry`), with no dependency on the store or
//! the outbox's behaviour: the record store reads it to tell a damaged entry from a good one
//! when it opens, and the outbox (`sync::outbox`) keeps the queue. Apart from the outbox so
//! that the store and the outbox do not depend on each other.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::i18n::{Lang, Text};
use crate::sync::bundle::RecordKey;

/// Key segment of outbox entries (`ansinh/v1/outbox/<bundle_id>`).
pub const SEGMENT: &str = "outbox";

/// Decodes a stored entry.
pub fn decode_entry(raw: &str) -> Result<Entry, String> {
    let v: serde_json::Value = serde_json::from_str(raw).map_err(|e| e.to_string())?;
    serde_json::from_value(v).map_err(|e| e.to_string())
}

/// Where a bundle stands.
// Externally tagged (serde's default): an internally tagged enum buffers its input and costs
// several KB more wasm for the same data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not tried yet.
    Pending,
    /// Every attempt so far failed; the next one is due at `next_attempt_at`.
    Failing {
        attempts: u32,
        last_error: SendFailure,
        #[serde(with = "crate::base::dates::stamp")]
        next_attempt_at: DateTime<Utc>,
    },
    /// The receiver acknowledged the bundle (`duplicate`: it had it already).
    Sent {
        #[serde(with = "crate::base::dates::stamp")]
        acked_at: DateTime<Utc>,
        attempts: u32,
        duplicate: bool,
    },
}

/// One bundle of the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub bundle_id: Uuid,
    /// The bundle's `exported_at`, the same on every attempt.
    #[serde(with = "crate::base::dates::stamp")]
    pub created_at: DateTime<Utc>,
    /// Records the bundle carries (kept after the key list is dropped).
    pub records: usize,
    /// Size of the JSON body when it was last built, once tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The records to carry; emptied once the bundle is acknowledged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<RecordKey>,
    pub status: Status,
    /// Digest (`body_digest`) of the body first built under this id, once built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_digest: Option<String>,
}

impl Entry {
    /// Attempts made so far.
    pub fn attempts(&self) -> u32 {
        match &self.status {
            Status::Pending => 0,
            Status::Failing { attempts, .. } | Status::Sent { attempts, .. } => *attempts,
        }
    }

    pub fn is_sent(&self) -> bool {
        matches!(self.status, Status::Sent { .. })
    }

    /// Whether an attempt may start at `now` (`force`: "Gửi ngay" ignores the backoff).
    pub fn is_due(&self, now: DateTime<Utc>, force: bool) -> bool {
        match &self.status {
            Status::Pending => true,
            Status::Failing { next_attempt_at, .. } => force || *next_attempt_at <= now,
            Status::Sent { .. } => false,
        }
    }
}

/// Why an attempt failed. Stored in the entry, shown in Vietnamese on the Sync page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum SendFailure {
    /// The request did not reach the receiver or the connection broke (offline, refused, reset).
    #[error("network error: {detail}")]
    Network { detail: String },
    /// No answer within the timeout; the request was aborted.
    #[error("no answer within {seconds} s")]
    Timeout { seconds: u32 },
    /// The receiver answered with a status other than 2xx.
    #[error("the receiver answered HTTP {status}")]
    Http { status: u16 },
    /// A 2xx answer that does not name this bundle: it may not have been stored.
    #[error("the answer does not acknowledge the bundle")]
    NoAck,
    /// The body could not be made (should not happen; kept so it is shown, not lost).
    #[error("could not build the bundle: {detail}")]
    Build { detail: String },
}

impl SendFailure {
    /// The message for the user, Vietnamese first.
    pub fn message(&self, lang: Lang) -> String {
        let t = match self {
            SendFailure::Network { .. } => Text::new(
                "Không kết nối được tới máy nhận (lỗi mạng).",
                "Could not reach the receiver (network error).",
            ),
            SendFailure::Timeout { seconds } => Text::new(
                format!("Máy nhận không trả lời sau {seconds} giây."),
                format!("The receiver did not answer within {seconds} s."),
            ),
            // The district hub's refusals (README, "The district hub"): what to do about each.
            SendFailure::Http { status: 401 } => Text::new(
                "Máy này chưa được đăng ký với máy chủ huyện, hoặc đã bị thu hồi quyền (mã HTTP 401). Hãy xin cán bộ \
                 huyện mã đăng ký mới. Dữ liệu vẫn được giữ trên máy.",
                "This device is not enrolled with the district hub, or its access was revoked (HTTP 401). Ask the \
                 district office for a new enrolment code. The data stays on the device.",
            ),
            SendFailure::Http { status: 403 } => Text::new(
                "Máy chủ huyện từ chối: gói có bản ghi của xã khác (mã HTTP 403). Không có gì được ghi; hãy báo cán bộ huyện.",
                "The district hub refused: the bundle holds another commune's record (HTTP 403). Nothing was \
                 stored; tell the district office.",
            ),
            SendFailure::Http { status: 429 | 503 } => Text::new(
                "Máy chủ huyện đang bận; máy sẽ tự gửi lại sau.",
                "The district hub is busy; the device will send again later.",
            ),
            SendFailure::Http { status } => Text::new(
                format!("Máy nhận báo lỗi (mã HTTP {status})."),
                format!("The receiver answered with an error (HTTP {status})."),
            ),
            SendFailure::NoAck => Text::new(
                "Máy nhận trả lời nhưng không xác nhận đã nhận gói này.",
                "The receiver answered but did not acknowledge this bundle.",
            ),
            SendFailure::Build { detail } => Text::new(
                format!("Không tạo được gói dữ liệu: {detail}"),
                format!("Could not build the bundle: {detail}"),
            ),
        };
        t.get(lang).to_string()
    }
}
