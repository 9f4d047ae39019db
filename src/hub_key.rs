//! The district's public key as the district hub announces it (`ansinh serve --district-key`):
//! in the enrolment answer and on every pull page.
//!
//! Contract: [`announced`] takes the key when the tablet has none (`settings/district_key`);
//! keeps a different one aside for the user's answer on Đồng bộ
//! (`settings/district_key_offered`, see `components::district_key`) rather than replacing the
//! key that every export is encrypted to behind the user's back; does nothing for the same key
//! or one the user declined (`settings/district_key_declined`). The decision is the core's
//! (`ansinh_core::security::crypt::key_offer`), run in the lazy crypt chunk; when that chunk cannot be
//! fetched nothing changes and the next pull tries again. A failed write is returned.

use crate::crypt::{run, Job};
use crate::storage::{self, StorageError};

/// Handles an announced key. `Ok(true)` when something was stored (the key, or an offer).
pub async fn announced(key: &str) -> Result<bool, StorageError> {
    let stored = storage::get(&storage::district_key_key())?;
    if stored.as_deref().map(str::trim) == Some(key.trim()) {
        // The usual case on every pull: no need to fetch the crypt chunk.
        return Ok(false);
    }
    let declined = storage::get(&storage::district_key_declined_key())?;
    let Ok(out) = run(Job::KeyOffer { stored, declined, announced: key.to_string() }).await else {
        return Ok(false);
    };
    let Some((&code, rest)) = out.split_first() else { return Ok(false) };
    if code == 0 {
        return Ok(false);
    }
    let canonical = String::from_utf8_lossy(rest).into_owned();
    // The chunk may have taken a while, and the user may have answered an earlier offer (or
    // pasted a key) meanwhile: decide again on what is stored now. Every stored key is in the
    // canonical form, so comparing text is enough, and nothing below awaits.
    let stored = storage::get(&storage::district_key_key())?.filter(|k| !k.trim().is_empty());
    let declined = storage::get(&storage::district_key_declined_key())?;
    if stored.as_deref() == Some(canonical.as_str()) || declined.as_deref() == Some(canonical.as_str()) {
        return Ok(false);
    }
    if stored.is_none() {
        storage::set(&storage::district_key_key(), &canonical)?;
        storage::remove(&storage::district_key_offered_key())?;
        return Ok(true);
    }
    if storage::get(&storage::district_key_offered_key())?.as_deref() == Some(canonical.as_str()) {
        return Ok(false);
    }
    storage::set(&storage::district_key_offered_key(), &canonical)?;
    Ok(true)
}
