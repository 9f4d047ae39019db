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

/// The store's own members of a tombstone entry, beside the bundle's `Tombstone` fields: when
/// this device stored it and its sync metadata. Both are absent in entries written before sync
/// (and when empty); apps before them ignore them.
const TOMBSTONE_SAVED_AT: &str = "saved_at";
const TOMBSTONE_SYNC: &str = "sync";
/// The members of `Tombstone` (checked by a test).
pub(super) const TOMBSTONE_FIELDS: [&str; 4] = ["kind", "id", "deleted_at", "org_unit_id"];

/// The stored text of a tombstone (plain JSON): the `Tombstone` as a bundle carries it, with
/// `saved_at` and `sync` beside its fields. There is no second tombstone type for storage.
pub(crate) fn encode_tombstone(t: &Stored<Tombstone>) -> Result<String, StoreError> {
    let fail = |e: serde_json::Error| StoreError::Encode { key: tombstone_key(t.record.id), reason: e.to_string() };
    let mut value = serde_json::to_value(&t.record).map_err(fail)?;
    if let serde_json::Value::Object(map) = &mut value {
        if let Some(at) = t.saved_at {
            map.insert(TOMBSTONE_SAVED_AT.into(), serde_json::Value::String(crate::base::dates::stamp_text(at)));
        }
        if !t.sync.is_empty() {
            map.insert(TOMBSTONE_SYNC.into(), serde_json::to_value(&t.sync).map_err(fail)?);
        }
    }
    crate::base::json::to_text(&value, false).map_err(fail)
}

/// Reads a tombstone entry written by `encode_tombstone` (or before sync, without the store's
/// members).
pub(super) fn decode_tombstone(raw: &str) -> Result<Stored<Tombstone>, serde_json::Error> {
    use serde::de::Error;
    let mut value = serde_json::from_str::<serde_json::Value>(raw)?;
    let (mut saved_at, mut sync) = (None, EntrySync::default());
    if let serde_json::Value::Object(map) = &mut value {
        if let Some(at) = map.remove(TOMBSTONE_SAVED_AT).filter(|v| !v.is_null()) {
            let text = at.as_str().ok_or_else(|| serde_json::Error::custom("saved_at: expected a time stamp"))?;
            saved_at = Some(
                crate::base::dates::parse_stamp(text)
                    .map_err(|e| serde_json::Error::custom(format!("saved_at: {e}")))?,
            );
        }
        if let Some(meta) = map.remove(TOMBSTONE_SYNC) {
            sync = serde_json::from_value(meta)?;
        }
        // Members a newer app may add are left behind, as they always were: the entry still
        // loads (a bundle's tombstone, by contrast, refuses unknown members).
        map.retain(|k, _| TOMBSTONE_FIELDS.contains(&k.as_str()));
    }
    Ok(Stored { record: serde_json::from_value(value)?, rev: 0, saved_at, sync })
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp_millis(1_760_000_000_000 + ms).unwrap()
    }

    fn stored(org_unit_id: Option<&str>, saved_at: Option<DateTime<Utc>>, local: bool) -> Stored<Tombstone> {
        let record = Tombstone {
            kind: RecordKind::Household,
            id: Uuid::from_u128(7),
            deleted_at: at(0),
            org_unit_id: org_unit_id.map(str::to_string),
        };
        let sync = EntrySync { local, ..EntrySync::default() };
        Stored { record, rev: 0, saved_at, sync }
    }

    #[test]
    fn tombstone_fields_are_those_of_the_bundles_tombstone() {
        let value = serde_json::to_value(stored(Some("dak-koi"), None, false).record).unwrap();
        let keys: BTreeSet<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, TOMBSTONE_FIELDS.into_iter().collect());
    }

    #[test]
    fn a_tombstone_entry_reads_back_as_written() {
        for t in [stored(None, None, false), stored(Some("dak-koi"), Some(at(5)), true)] {
            let raw = encode_tombstone(&t).unwrap();
            assert_eq!(decode_tombstone(&raw).unwrap(), t, "{raw}");
            // The bundle's tombstone reads the entry too, once the store's members are gone.
            let mut value: serde_json::Value = serde_json::from_str(&raw).unwrap();
            let map = value.as_object_mut().unwrap();
            assert_eq!(map.remove("saved_at").is_some(), t.saved_at.is_some());
            assert_eq!(map.remove("sync").is_some(), t.sync.local);
            assert_eq!(serde_json::from_value::<Tombstone>(value).unwrap(), t.record);
        }
    }

    #[test]
    fn a_tombstone_entry_with_members_of_a_newer_app_still_loads() {
        let t = stored(Some("dak-koi"), Some(at(5)), true);
        let mut value: serde_json::Value = serde_json::from_str(&encode_tombstone(&t).unwrap()).unwrap();
        value["reason"] = serde_json::json!("trùng hộ");
        assert_eq!(decode_tombstone(&value.to_string()).unwrap(), t);
        value["saved_at"] = serde_json::json!(12);
        assert!(decode_tombstone(&value.to_string()).is_err(), "a damaged member is not ignored");
    }
}
