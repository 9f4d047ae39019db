//! One stored entry's text: a record with its revision, save time and sync metadata (v3,
//! packed), a tombstone (plain JSON), and their decoding from every format this app wrote.

use super::*;

/// A record as stored: the record, its revision, when this device saved it, and what sync
/// needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<R> {
    pub record: R,
    /// 1 on the first save, +1 on every save; 0 for an entry still in the v1 format.
    pub rev: u64,
    /// When it was saved or changed by an import; `None` for v1 entries (never counted as
    /// exported).
    pub saved_at: Option<DateTime<Utc>>,
    /// Lineage, origin and conflicting versions (empty for entries written before sync).
    pub sync: EntrySync,
}

/// A tombstone entry as stored (plain JSON): the deletion, plus when this device stored it and
/// its sync metadata (both absent in entries written before sync, and ignored by older apps).
#[derive(Serialize, Deserialize)]
pub(super) struct TombstoneEntry {
    pub(super) kind: RecordKind,
    pub(super) id: Uuid,
    #[serde(with = "crate::base::dates::stamp")]
    pub(super) deleted_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) org_unit_id: Option<String>,
    #[serde(default, with = "crate::base::dates::stamp_opt", skip_serializing_if = "Option::is_none")]
    pub(super) saved_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "EntrySync::is_empty")]
    pub(super) sync: EntrySync,
}

/// The stored text of a tombstone.
pub(crate) fn encode_tombstone(t: &Stored<Tombstone>) -> Result<String, StoreError> {
    let entry = TombstoneEntry {
        kind: t.record.kind,
        id: t.record.id,
        deleted_at: t.record.deleted_at,
        org_unit_id: t.record.org_unit_id.clone(),
        saved_at: t.saved_at,
        sync: t.sync.clone(),
    };
    crate::base::json::to_text(&entry, false)
        .map_err(|e| StoreError::Encode { key: tombstone_key(t.record.id), reason: e.to_string() })
}

/// A decoded entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<R> {
    pub stored: Stored<R>,
    /// 1 = plain JSON, 2 = compact.
    pub version: u32,
}

/// The stored text of a record with empty sync metadata in the current format.
pub fn encode_entry<R: Serialize>(rev: u64, saved_at: DateTime<Utc>, record: &R) -> Result<String, String> {
    encode_synced(rev, saved_at, record, &EntrySync::default())
}

/// The stored text of a record and its sync metadata (v3): `3` + packed
/// `varint rev, zigzag millis saved_at, value [record, sync]`.
pub fn encode_synced<R: Serialize>(
    rev: u64,
    saved_at: DateTime<Utc>,
    record: &R,
    sync: &EntrySync,
) -> Result<String, String> {
    let record = serde_json::to_value(record).map_err(|e| e.to_string())?;
    let sync = serde_json::to_value(sync).map_err(|e| e.to_string())?;
    let value = serde_json::Value::Array(vec![record, sync]);
    let mut bytes = Vec::with_capacity(300);
    codec::put_varint(&mut bytes, rev);
    codec::put_signed(&mut bytes, saved_at.timestamp_millis());
    bytes.extend(codec::encode_value(&value));
    let mut out = String::with_capacity(bytes.len());
    out.push(V3_MARKER);
    out.push_str(&codec::pack15(&bytes));
    Ok(out)
}

/// Reads a stored record in any format this app knows.
pub fn decode_entry<R: DeserializeOwned>(raw: &str) -> Result<Decoded<R>, EntryIssue> {
    match raw.chars().next() {
        // Through `Value` like v2, not straight from the text: one typed decoder per record type
        // in the wasm instead of two (v1 entries are only read once, to migrate them).
        Some('{') => serde_json::from_str::<serde_json::Value>(raw)
            .and_then(serde_json::from_value)
            .map(|record| Decoded {
                stored: Stored { record, rev: 0, saved_at: None, sync: EntrySync::default() },
                version: 1,
            })
            .map_err(|e| EntryIssue::Corrupt(format!("v1 JSON: {e}"))),
        Some(c @ (V2_MARKER | V3_MARKER)) => {
            let corrupt = |e: &dyn std::fmt::Display| EntryIssue::Corrupt(e.to_string());
            let bytes = codec::unpack15(&raw[1..]).map_err(|e| corrupt(&e))?;
            let (rev, saved_ms, body) = codec::read_header(&bytes).map_err(|e| corrupt(&e))?;
            let mut value = codec::decode_value(body).map_err(|e| corrupt(&e))?;
            let mut sync = EntrySync::default();
            if c == V3_MARKER {
                let serde_json::Value::Array(parts) = &mut value else {
                    return Err(EntryIssue::Corrupt("a v3 entry is not [record, sync]".into()));
                };
                let [record, meta] = std::mem::take(parts)
                    .try_into()
                    .map_err(|_| EntryIssue::Corrupt("a v3 entry is not [record, sync]".into()))?;
                sync = serde_json::from_value(meta).map_err(|e| corrupt(&e))?;
                value = record;
            }
            let record = serde_json::from_value(value).map_err(|e| corrupt(&e))?;
            let saved_at = DateTime::<Utc>::from_timestamp_millis(saved_ms);
            let version = if c == V3_MARKER { 3 } else { 2 };
            Ok(Decoded { stored: Stored { record, rev, saved_at, sync }, version })
        }
        Some(c) if c.is_ascii_digit() => Err(EntryIssue::Foreign(format!("unknown format version {c}"))),
        _ => Err(EntryIssue::Corrupt("not a record in any known format".into())),
    }
}

/// Reads a stored record like [`decode_entry`], faster on the common case (a good v2/v3
/// entry): the packed value is read straight into `R` (`typed`), without the
/// `serde_json::Value` tree `decode_entry` builds and drops (most of the start-up time with a
/// district stored). Any entry that does not read that way (v1, damaged, foreign) goes through
/// `decode_entry`, so the answer, error text included, is always `decode_entry`'s (tested on
/// random and damaged entries in `tests/store_fast_decode.rs`).
pub fn decode_entry_fast<R: DeserializeOwned>(raw: &str) -> Result<Decoded<R>, EntryIssue> {
    decode_entry_typed(raw).map_or_else(|| decode_entry(raw), Ok)
}

/// The fast path of [`decode_entry_fast`] alone: `Some` only with what `decode_entry` would
/// answer; `None` when the entry needs `decode_entry` (v1, damaged, or a shape the typed reader
/// does not mirror, such as a repeated key).
pub fn decode_entry_typed<R: DeserializeOwned>(raw: &str) -> Option<Decoded<R>> {
    let version = match raw.chars().next()? {
        V2_MARKER => 2,
        V3_MARKER => 3,
        _ => return None,
    };
    let bytes = codec::unpack15(&raw[1..]).ok()?;
    let (rev, saved_ms, body) = codec::read_header(&bytes).ok()?;
    let (record, sync) = if version == 3 {
        let (record, meta) = typed::record_and_value(body)?;
        (record, serde_json::from_value(meta).ok()?)
    } else {
        (typed::record(body)?, EntrySync::default())
    };
    let saved_at = DateTime::<Utc>::from_timestamp_millis(saved_ms);
    Some(Decoded { stored: Stored { record, rev, saved_at, sync }, version })
}

/// The revision of a stored entry without decoding the record.
pub(super) fn stored_rev(raw: &str) -> Result<u64, EntryIssue> {
    match raw.chars().next() {
        Some('{') => serde_json::from_str::<serde_json::Value>(raw)
            .map(|_| 0)
            .map_err(|e| EntryIssue::Corrupt(format!("v1 JSON: {e}"))),
        Some(V2_MARKER | V3_MARKER) => {
            let bytes = codec::unpack15(&raw[1..]).map_err(|e| EntryIssue::Corrupt(e.to_string()))?;
            codec::read_header(&bytes).map(|(rev, _, _)| rev).map_err(|e| EntryIssue::Corrupt(e.to_string()))
        }
        _ => decode_entry::<serde_json::Value>(raw).map(|d| d.stored.rev),
    }
}
