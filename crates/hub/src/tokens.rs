//! Devices, enrolment codes and device tokens.
//!
//! Contract:
//! - The district office creates a device (`token create --unit … --label …`): a one-time
//!   enrolment code is printed once (text and QR) and only its SHA-256 is stored; it expires
//!   after `CODE_DAYS` days.
//! - The tablet exchanges the code for a device token (`POST /api/enrol`): 32 random bytes from
//!   the OS, base64url; only its SHA-256 is stored, and the code is consumed in the same
//!   statement, so a code works once even when two tablets race.
//! - Every request carries `Authorization: Bearer <token>`; a revoked device's token is refused.
//! - A device belongs to one org unit: a commune's device pushes and pulls only that commune's
//!   records, the district's device reads everything.

use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::Row;
use uuid::Uuid;

use crate::db::Db;

/// Days an enrolment code stays valid.
pub const CODE_DAYS: i64 = 7;

/// Letters and digits that cannot be misread for each other (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters of an enrolment code (31^12 ≈ 2^59 codes).
const CODE_LEN: usize = 12;

/// A device known to the hub.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Device {
    pub id: String,
    pub unit: String,
    pub label: String,
    pub created_at: String,
    pub enrolled_at: Option<String>,
    pub revoked_at: Option<String>,
    pub last_push_at: Option<String>,
    pub last_pull_at: Option<String>,
}

/// SHA-256 as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // The OS generator failing is not something a server can work around.
    getrandom::getrandom(&mut buf).expect("the operating system's random generator is available");
    buf
}

/// A new device token: 32 random bytes, base64url without padding.
pub fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// A new enrolment code, grouped by four for reading aloud (`ABCD-EFGH-JKMN`).
pub fn new_code() -> String {
    let mut out = String::new();
    while out.len() < CODE_LEN + CODE_LEN / 4 - 1 {
        for b in random_bytes::<32>() {
            // Rejection sampling keeps every symbol equally likely.
            if (b as usize) >= 256 - 256 % CODE_ALPHABET.len() {
                continue;
            }
            if out.len() == CODE_LEN + CODE_LEN / 4 - 1 {
                break;
            }
            if out.len() % 5 == 4 {
                out.push('-');
            }
            out.push(CODE_ALPHABET[b as usize % CODE_ALPHABET.len()] as char);
        }
    }
    out
}

/// A code as typed (any case, spaces or dashes) in the form it was hashed in.
pub fn normalise_code(typed: &str) -> String {
    typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

fn device_from(row: &sqlx::any::AnyRow) -> Result<Device, sqlx::Error> {
    Ok(Device {
        id: row.try_get("id")?,
        unit: row.try_get("unit")?,
        label: row.try_get("label")?,
        created_at: row.try_get("created_at")?,
        enrolled_at: row.try_get("enrolled_at")?,
        revoked_at: row.try_get("revoked_at")?,
        last_push_at: row.try_get("last_push_at")?,
        last_pull_at: row.try_get("last_pull_at")?,
    })
}

const DEVICE_COLUMNS: &str = "id, unit, label, created_at, enrolled_at, revoked_at, last_push_at, last_pull_at";

/// Creates a device and returns it with its enrolment code (shown once, stored hashed).
pub async fn create(db: &Db, unit: &str, label: &str) -> Result<(Device, String), sqlx::Error> {
    let code = new_code();
    let now = chrono::Utc::now();
    let expires = crate::stamp(now + chrono::TimeDelta::days(CODE_DAYS));
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO devices (id, unit, label, code_hash, code_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(unit)
    .bind(label)
    .bind(sha256_hex(normalise_code(&code).as_bytes()))
    .bind(&expires)
    .bind(crate::stamp(now))
    .execute(&db.pool)
    .await?;
    let device = by_id(db, &id).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok((device, code))
}

/// Exchanges an enrolment code for a device token: `None` when the code is unknown, used,
/// expired or its device revoked.
pub async fn enrol(db: &Db, code: &str) -> Result<Option<(Device, String)>, sqlx::Error> {
    let code_hash = sha256_hex(normalise_code(code).as_bytes());
    let token = new_token();
    let now = crate::now_text();
    // One statement: of two tablets racing with one code, one gets the token.
    let done = sqlx::query(
        "UPDATE devices SET token_hash = $1, code_hash = NULL, code_expires_at = NULL, enrolled_at = $2 \
         WHERE code_hash = $3 AND revoked_at IS NULL AND code_expires_at > $2",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(&now)
    .bind(&code_hash)
    .execute(&db.pool)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    Ok(by_token(db, &token).await?.map(|d| (d, token)))
}

/// The device a token belongs to, if the token is known and not revoked.
pub async fn by_token(db: &Db, token: &str) -> Result<Option<Device>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = $1 AND revoked_at IS NULL"))
            .bind(sha256_hex(token.as_bytes()))
            .fetch_optional(&db.pool)
            .await?;
    row.as_ref().map(device_from).transpose()
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<Device>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(device_from).transpose()
}

/// Every device, oldest first.
pub async fn list(db: &Db) -> Result<Vec<Device>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {DEVICE_COLUMNS} FROM devices ORDER BY created_at, id"))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(device_from).collect()
}

/// Revokes a device (by id or a unique id prefix): its token and any unused code stop working.
/// Returns the revoked device, `None` when no single device matches.
pub async fn revoke(db: &Db, id_or_prefix: &str) -> Result<Option<Device>, sqlx::Error> {
    let matches: Vec<Device> =
        list(db).await?.into_iter().filter(|d| !id_or_prefix.is_empty() && d.id.starts_with(id_or_prefix)).collect();
    let [device] = matches.as_slice() else { return Ok(None) };
    sqlx::query("UPDATE devices SET revoked_at = $1, code_hash = NULL WHERE id = $2 AND revoked_at IS NULL")
        .bind(crate::now_text())
        .bind(&device.id)
        .execute(&db.pool)
        .await?;
    by_id(db, &device.id).await
}

/// Notes when a device last pushed or pulled (for the district view).
pub async fn touch(db: &Db, device: &str, column: Touch) -> Result<(), sqlx::Error> {
    let sql = match column {
        Touch::Push => "UPDATE devices SET last_push_at = $1 WHERE id = $2",
        Touch::Pull => "UPDATE devices SET last_pull_at = $1 WHERE id = $2",
    };
    let _turn = db.write_turn().await;
    sqlx::query(sql).bind(crate::now_text()).bind(device).execute(&db.pool).await?;
    Ok(())
}

#[derive(Debug, Clone, Copy)]
pub enum Touch {
    Push,
    Pull,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_from_the_unambiguous_alphabet() {
        for _ in 0..200 {
            let code = new_code();
            assert_eq!(code.len(), 14, "{code}");
            let groups: Vec<&str> = code.split('-').collect();
            assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), vec![4, 4, 4], "{code}");
            assert!(normalise_code(&code).bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        }
        assert_ne!(new_code(), new_code());
    }

    #[test]
    fn a_code_typed_loosely_hashes_like_the_printed_one() {
        assert_eq!(normalise_code(" abcd-efgh jkmn "), "ABCDEFGHJKMN");
    }

    #[test]
    fn tokens_are_32_random_bytes_and_stored_as_their_sha256() {
        let t = new_token();
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&t).unwrap();
        assert_eq!(bytes.len(), 32);
        assert_ne!(t, new_token());
        // The SHA-256 of "abc" (FIPS 180-2 test vector).
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
