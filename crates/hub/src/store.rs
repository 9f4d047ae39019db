//! Receiving bundles into the database and handing records back, over the core's merge.
//!
//! Contract:
//! - `receive` takes a bundle the core parsed and validated (`parse_bundle`), checks that the
//!   device may write every record in it, and merges it in **one transaction**: the records it
//!   touches are loaded (`Heads`, the core's one record model), each merged with what the
//!   bundle carries of it (`Heads::merge`, the rule every tablet applies), and the changed
//!   ones written back with new cursor values, together with the bundle's id and
//!   digest. A crash at any point leaves all of it or none of it. What depends on the bundle
//!   alone (its merge into nothing, the rows' JSON) is worked out before the writers' turn
//!   (`Db::write_turn`); when nothing of its records is stored, that merge is the result.
//!   Records are read by their whole key (`load_sql`), never by a scan of the table.
//! - A bundle id is stored once with the SHA-256 of its body: the same id again is a
//!   `Duplicate` (acknowledged, nothing merged); the same id with another body is `Mismatch`.
//!   Each written row also gets `sent_by`: the device's id when the merged record (heads and
//!   supersedes) equals what its bundle carries for that key (the bundle merged into nothing),
//!   else NULL, so another device's change, or a merge that made something new, clears it.
//! - `pull` hands back a unit's records changed after a cursor, at most `limit` looked at per
//!   page, as a bundle made by the core's `Heads::carry` (heads, lineage and conflicts as a
//!   tablet sends them), with the cursor of the last record looked at. A record whose stored
//!   state is exactly what the asking device sent (`sent_by`) is passed over: the device holds
//!   it already, and getting it back would only cost a download and a merge that changes
//!   nothing. A page may so carry fewer records than it passed, none at all with `more` set;
//!   the cursor still moves past them.

use std::collections::{BTreeMap, BTreeSet};

use ansinh_core::domain::plan::Plan;
use ansinh_core::sync::bundle::{
    Bundle, ExportOptions, ExportScope, Heads, MergeReport, RecordKey, RecordKind, RecordVersion, VersionRef,
};
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

use crate::db::Db;
use crate::tokens::Device;

/// What became of a received bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Stored(MergeReport),
    /// This id was stored before with the same body.
    Duplicate,
    /// This id was stored before with another body.
    Mismatch,
}

/// Why a bundle was refused or could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    /// The device may not write this record (another commune's, or stored under one).
    #[error("{kind:?} {id} belongs to unit {unit:?}, outside the device's unit {device_unit}")]
    Forbidden { kind: RecordKind, id: Uuid, unit: String, device_unit: String },
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error("stored record {key} cannot be read: {reason}")]
    Corrupt { key: String, reason: String },
}

/// The unit a version is filed under: its own, or the sending device's when it names none
/// (a draft without a unit yet, an old tombstone), so it reaches that unit's devices.
fn filed_unit(v: &RecordVersion, device: &Device) -> String {
    v.org_unit().unwrap_or(&device.unit).to_string()
}

/// Checks that `device` may write every version of `bundle`.
pub fn check_units(plan: &Plan, bundle: &Bundle, device: &Device) -> Result<(), ReceiveError> {
    for v in bundle.versions() {
        let unit = filed_unit(&v, device);
        if !plan.org_units.is_within(&unit, &device.unit) {
            let key = v.key();
            return Err(ReceiveError::Forbidden { kind: key.kind, id: key.id, unit, device_unit: device.unit.clone() });
        }
    }
    Ok(())
}

/// The stored row of one record.
struct StoredRow {
    unit: String,
    heads: Heads,
}

fn decode_row(key: &RecordKey, row: &sqlx::any::AnyRow) -> Result<StoredRow, ReceiveError> {
    let corrupt = |reason: String| ReceiveError::Corrupt { key: key.to_string(), reason };
    let heads: String = row.try_get("heads")?;
    let supersedes: String = row.try_get("supersedes")?;
    let versions: Vec<RecordVersion> = serde_json::from_str(&heads).map_err(|e| corrupt(e.to_string()))?;
    let supersedes: BTreeSet<VersionRef> = serde_json::from_str(&supersedes).map_err(|e| corrupt(e.to_string()))?;
    Ok(StoredRow { unit: row.try_get("unit")?, heads: Heads::new(versions, supersedes) })
}

async fn known_bundle(tx: &mut Transaction<'_, Any>, bundle_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT digest FROM bundles WHERE bundle_id = $1")
        .bind(bundle_id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| r.try_get("digest")).transpose()
}

/// Rows per statement when records are read or written in batches: one statement instead of
/// one per record (a bundle of 100 households was 200 round trips inside the write lock),
/// far below both databases' limit on parameters (SQLite's can be 999).
const ROWS_PER_STATEMENT: usize = 100;

/// The statement reading `n` records by key (`$1, $2` the first one's kind and id, …).
///
/// The wanted keys are a table joined on the whole primary key, so each record is one lookup
/// in the key's index (SQLite always; PostgreSQL with hash and merge joins off, `Db::connect`,
/// as without statistics of the table it hashed every row against the keys). A filter
/// let PostgreSQL's generic plan of the prepared statement compare every row with every id in
/// turn: by id alone (before), over the whole table; with `kind = … AND id IN (…)` or an OR of
/// keys, over every row of the kind (without statistics the planner takes one kind for 0.5 %
/// of the rows). That was hundreds of milliseconds per bundle at 40,000 records, inside the
/// writers' turn: the tablets' p99 of seconds.
fn load_sql(n: usize) -> String {
    let values: Vec<String> = (0..n).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2)).collect();
    format!(
        "WITH wanted (kind, id) AS (VALUES {}) SELECT r.kind, r.id, r.unit, r.heads, r.supersedes \
         FROM wanted JOIN records r ON r.kind = wanted.kind AND r.id = wanted.id",
        values.join(", ")
    )
}

/// The stored rows of `keys`, read in batches.
async fn load_rows(
    tx: &mut Transaction<'_, Any>,
    wanted: &BTreeSet<RecordKey>,
) -> Result<Vec<(RecordKey, StoredRow)>, ReceiveError> {
    let keys: Vec<&RecordKey> = wanted.iter().collect();
    let mut out = Vec::new();
    for chunk in keys.chunks(ROWS_PER_STATEMENT) {
        let sql = load_sql(chunk.len());
        let mut query = sqlx::query(&sql);
        for key in chunk {
            query = query.bind(key.kind.as_str()).bind(key.id.to_string());
        }
        for row in query.fetch_all(&mut **tx).await? {
            let kind: String = row.try_get("kind")?;
            let id: String = row.try_get("id")?;
            let key = match (RecordKind::from_name(&kind), Uuid::parse_str(&id)) {
                (Some(kind), Ok(id)) => RecordKey::new(kind, id),
                _ => continue,
            };
            if wanted.contains(&key) {
                out.push((key, decode_row(&key, &row)?));
            }
        }
    }
    Ok(out)
}

/// Answers a repeated bundle id without parsing its body: `None` when the id is new.
pub async fn repeated(db: &Db, bundle_id: Uuid, digest: &str) -> Result<Option<Received>, sqlx::Error> {
    let row = sqlx::query("SELECT digest FROM bundles WHERE bundle_id = $1")
        .bind(bundle_id.to_string())
        .fetch_optional(&db.pool)
        .await?;
    let known: Option<String> = row.map(|r| r.try_get("digest")).transpose()?;
    Ok(known.map(|d| if d == digest { Received::Duplicate } else { Received::Mismatch }))
}

/// A record's row as the bundle alone makes it (merged into nothing), encoded before the
/// writer's turn: what is written when the hub held nothing of the record, or held something
/// the merge absorbed into exactly this.
struct SentRow {
    heads: Heads,
    /// The current version's own unit, if it names one.
    unit: Option<String>,
    heads_json: String,
    supersedes_json: String,
}

/// The bundle merged into nothing, with each record's row encoded: what the device holds of
/// each record it sent (an export carries a record's heads and lineage whole).
fn sent_rows(
    bundle: &Bundle,
    incoming: &Incoming,
) -> Result<(MergeReport, BTreeMap<RecordKey, SentRow>), ReceiveError> {
    let mut report = MergeReport { bundle_id: bundle.bundle_id, ..MergeReport::default() };
    let mut rows = BTreeMap::new();
    for (key, (versions, supersedes)) in incoming {
        let merged = Heads::default().merge(versions, supersedes);
        report.count(*key, merged.outcome);
        if !merged.changed {
            continue;
        }
        let heads = merged.heads;
        let unit = heads.current().and_then(|v| v.org_unit()).map(str::to_string);
        let heads_json = serde_json::to_string(heads.versions()).map_err(|e| corrupt_encode(key, e))?;
        let supersedes_json = serde_json::to_string(&heads.supersedes).map_err(|e| corrupt_encode(key, e))?;
        rows.insert(*key, SentRow { heads, unit, heads_json, supersedes_json });
    }
    Ok((report, rows))
}

/// A bundle's versions by record, with what its lineage says they supersede (`Bundle::incoming`).
type Incoming = BTreeMap<RecordKey, (Vec<RecordVersion>, BTreeSet<VersionRef>)>;

/// Merges `bundle` (parsed and validated by the core) in one transaction. `digest` is the
/// SHA-256 of the body as received.
///
/// Everything that depends on the bundle alone (its merge into nothing, the rows' JSON) is
/// done before this writer's turn; within it are the reads and writes, and the merge with
/// what is stored only when something is.
pub async fn receive(
    db: &Db,
    plan: &Plan,
    bundle: &Bundle,
    digest: &str,
    device: &Device,
) -> Result<Received, ReceiveError> {
    check_units(plan, bundle, device)?;
    let incoming = bundle.incoming();
    let (sent_report, sent_rows) = sent_rows(bundle, &incoming)?;
    let keys: BTreeSet<RecordKey> = incoming.keys().copied().collect();
    let _turn = db.write_turn().await;
    let mut tx = db.pool.begin().await?;
    // First statement a write: it serialises writers (SQLite takes its write lock here, with
    // the busy timeout; PostgreSQL locks the counter row) until commit.
    let row =
        sqlx::query("UPDATE hub_counter SET seq = seq + 0 WHERE id = 1 RETURNING seq").fetch_one(&mut *tx).await?;
    let mut seq: i64 = row.try_get("seq")?;
    if let Some(known) = known_bundle(&mut tx, bundle.bundle_id).await? {
        tx.rollback().await?;
        return Ok(if known == digest { Received::Duplicate } else { Received::Mismatch });
    }

    let stored = load_rows(&mut tx, &keys).await?;
    // (kind, id, unit, heads, supersedes, sent_by) of each row to write, in `keys` order.
    let mut changed: Vec<(RecordKey, String, String, String, Option<String>)> = Vec::new();
    let report = if stored.is_empty() {
        // Nothing stored: the merge is the bundle's merge into nothing, done already, and every
        // row is exactly the device's state.
        for (key, row) in &sent_rows {
            let unit = row.unit.clone().unwrap_or_else(|| device.unit.clone());
            changed.push((*key, unit, row.heads_json.clone(), row.supersedes_json.clone(), Some(device.id.clone())));
        }
        sent_report
    } else {
        let mut held: BTreeMap<RecordKey, StoredRow> = BTreeMap::new();
        for (key, stored) in stored {
            // A tombstone naming no unit must not reach another commune's record.
            if !plan.org_units.is_within(&stored.unit, &device.unit) {
                return Err(ReceiveError::Forbidden {
                    kind: key.kind,
                    id: key.id,
                    unit: stored.unit,
                    device_unit: device.unit.clone(),
                });
            }
            held.insert(key, stored);
        }
        let mut report = MergeReport { bundle_id: bundle.bundle_id, ..MergeReport::default() };
        for (key, (versions, supersedes)) in &incoming {
            let row = held.get(key);
            let merged = row.map(|r| &r.heads).cloned().unwrap_or_default().merge(versions, supersedes);
            report.count(*key, merged.outcome);
            if !merged.changed {
                continue;
            }
            let heads = merged.heads;
            let unit = match heads.current().and_then(|v| v.org_unit()) {
                Some(u) => u.to_string(),
                None => row.map(|r| r.unit.clone()).unwrap_or_else(|| device.unit.clone()),
            };
            // Exactly the device's own state: its pulls need not bring it back, and its JSON
            // is made. Anything else (a conflict with another device's version, a union of
            // lineages) goes to it too.
            match sent_rows.get(key).filter(|r| r.heads == heads) {
                Some(r) => {
                    changed.push((*key, unit, r.heads_json.clone(), r.supersedes_json.clone(), Some(device.id.clone())))
                }
                None => {
                    let json = serde_json::to_string(heads.versions()).map_err(|e| corrupt_encode(key, e))?;
                    let supersedes = serde_json::to_string(&heads.supersedes).map_err(|e| corrupt_encode(key, e))?;
                    changed.push((*key, unit, json, supersedes, None));
                }
            }
        }
        report
    };
    let written = changed.len() as i64;
    // In `keys` order, so a record's `seq` does not depend on how the rows are batched.
    for chunk in changed.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = i * 7;
                format!("(${}, ${}, ${}, ${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7)
            })
            .collect();
        let sql = format!(
            "INSERT INTO records (kind, id, unit, seq, heads, supersedes, sent_by) VALUES {} ON CONFLICT (kind, id) \
             DO UPDATE SET unit = excluded.unit, seq = excluded.seq, heads = excluded.heads, \
             supersedes = excluded.supersedes, sent_by = excluded.sent_by",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (key, unit, heads, supersedes, sent_by) in chunk {
            seq += 1;
            query = query
                .bind(key.kind.as_str())
                .bind(key.id.to_string())
                .bind(unit)
                .bind(seq)
                .bind(heads)
                .bind(supersedes)
                .bind(sent_by.clone());
        }
        query.execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE hub_counter SET seq = $1 WHERE id = 1").bind(seq).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO bundles (bundle_id, digest, device, received_at, records, written) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(bundle.bundle_id.to_string())
    .bind(digest)
    .bind(&device.id)
    .bind(crate::now_text())
    .bind(keys.len() as i64)
    .bind(written)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE devices SET last_push_at = $1 WHERE id = $2")
        .bind(crate::now_text())
        .bind(&device.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Received::Stored(report))
}

fn corrupt_encode(key: &RecordKey, e: serde_json::Error) -> ReceiveError {
    ReceiveError::Corrupt { key: key.to_string(), reason: e.to_string() }
}

/// One page of a pull.
#[derive(Debug)]
pub struct Page {
    pub bundle: Bundle,
    /// The cursor to ask from next time (the last record's, or the one asked from).
    pub cursor: i64,
    /// More records wait after this page.
    pub more: bool,
    pub records: usize,
}

/// Units whose records a device of `unit` reads: it and every unit below it.
fn readable_units(plan: &Plan, unit: &str) -> Vec<String> {
    plan.org_units.all().iter().filter(|u| plan.org_units.is_within(&u.id, unit)).map(|u| u.id.clone()).collect()
}

/// The records `device` may read that changed after `cursor`, at most `limit` looked at, as a
/// bundle. Records whose stored state is exactly what `device` sent (`sent_by`) are looked at
/// but left out: the page may hold fewer records than it passed, even none with `more`, and its
/// cursor is the last record looked at, so they are not asked for again.
pub async fn pull(db: &Db, plan: &Plan, device: &Device, cursor: i64, limit: usize) -> Result<Page, ReceiveError> {
    let district = plan.org_units.district().map(|d| d.id.clone()).unwrap_or_default();
    // The device's own rows come without their content (never read).
    let mut sql = String::from(
        "SELECT kind, id, unit, seq, CASE WHEN sent_by = $3 THEN '' ELSE heads END AS heads, \
         CASE WHEN sent_by = $3 THEN '' ELSE supersedes END AS supersedes, \
         CASE WHEN sent_by = $3 THEN 'own' ELSE '' END AS own FROM records WHERE seq > $1",
    );
    let units = if device.unit == district { Vec::new() } else { readable_units(plan, &device.unit) };
    if !units.is_empty() {
        let marks: Vec<String> = (0..units.len()).map(|i| format!("${}", i + 4)).collect();
        sql.push_str(&format!(" AND unit IN ({})", marks.join(", ")));
    }
    sql.push_str(" ORDER BY seq LIMIT $2");
    let mut query = sqlx::query(&sql).bind(cursor).bind(limit as i64 + 1).bind(device.id.clone());
    for u in &units {
        query = query.bind(u.clone());
    }
    let rows = query.fetch_all(&db.pool).await?;
    let more = rows.len() > limit;
    // In record order, as a tablet's export lists them.
    let mut held: BTreeMap<RecordKey, Heads> = BTreeMap::new();
    let mut last = cursor;
    let mut records = 0;
    for row in rows.iter().take(limit) {
        last = row.try_get("seq")?;
        if row.try_get::<String, _>("own")? == "own" {
            continue;
        }
        let kind: String = row.try_get("kind")?;
        let id: String = row.try_get("id")?;
        let (Some(kind), Ok(id)) = (RecordKind::from_name(&kind), Uuid::parse_str(&id)) else {
            return Err(ReceiveError::Corrupt { key: format!("{kind}:{id}"), reason: "unknown kind or id".into() });
        };
        let key = RecordKey::new(kind, id);
        held.insert(key, decode_row(&key, row)?.heads);
        records += 1;
    }
    let options = ExportOptions {
        // A new id per page: a page asked again may hold newer versions, and a tablet skips an
        // id it imported before.
        bundle_id: Uuid::new_v4(),
        device_id: "ansinh-hub".to_string(),
        exported_at: chrono::Utc::now(),
        org_unit: device.unit.clone(),
        scope: ExportScope::All,
    };
    let mut bundle = Bundle::empty(plan, &options, None);
    for (key, heads) in &held {
        if heads.exportable(plan, &options.org_unit, None) {
            heads.carry(*key, &mut bundle);
        }
    }
    Ok(Page { bundle, cursor: last, more, records })
}

/// Counts for tests and the district view: records stored, by kind.
pub async fn count_records(db: &Db) -> Result<BTreeMap<String, i64>, sqlx::Error> {
    let rows = sqlx::query("SELECT kind, COUNT(*) AS n FROM records GROUP BY kind").fetch_all(&db.pool).await?;
    let mut out = BTreeMap::new();
    for r in rows {
        out.insert(r.try_get::<String, _>("kind")?, r.try_get::<i64, _>("n")?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The batched read looks records up by key: a scan of the table per bundle was the hub's
    /// p99 (issue 18).
    #[tokio::test]
    async fn records_are_read_by_key_not_scanned() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("hub.sqlite3").display().to_string()).await.unwrap();
        let sql = format!("EXPLAIN QUERY PLAN {}", load_sql(3));
        let mut query = sqlx::query(&sql);
        for i in 0..3 {
            query = query.bind("household").bind(Uuid::from_u128(i).to_string());
        }
        let plan: Vec<String> = query
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String, _>("detail").unwrap())
            .collect();
        assert!(
            plan.iter().any(|d| d.contains("records") && d.contains("(kind=? AND id=?)")),
            "a lookup by the key: {plan:?}"
        );
        assert!(!plan.iter().any(|d| d.starts_with("SCAN r") || d.starts_with("SCAN records")), "no scan: {plan:?}");
    }
}
