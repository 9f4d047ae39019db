//! The tablet's optional PIN (mã khóa ứng dụng): how it is kept and checked, and how wrong
//! attempts slow down. Pure; the app stores a `PinRecord` through `src/storage.rs`.
//!
//! Contract:
//! - A PIN is 4 to 8 digits (`check_format`). It is never stored: only a `PinRecord`, the
//!   PBKDF2-HMAC-SHA256 (`pbkdf2` crate) of the PIN with a random 16-byte salt and the
//!   iteration count used, so the count can grow later without breaking stored records.
//! - The same record form keeps the tablet's recovery code (mã khôi phục), a random code shown
//!   once when the PIN is set and handed to the district office (docs/privacy.md): entering it
//!   removes the PIN and nothing else.
//! - `delay_after(failures)`: no wait for the first `FREE_ATTEMPTS` wrong entries, then a wait
//!   that doubles with every further one, capped at `MAX_DELAY_SECS`.
//! - What this protects against, and what not (a PIN of a few digits cannot resist someone who
//!   copies the stored hash and tries every PIN offline): docs/privacy.md.

use pbkdf2::pbkdf2_hmac;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// PBKDF2 iterations for new records: about a quarter of a second in WASM on an entry-level
/// tablet, a small price on unlock that still slows a guesser with the stored hash.
pub const ITERATIONS: u32 = 60_000;
/// Wrong entries allowed before any wait.
pub const FREE_ATTEMPTS: u32 = 3;
/// The longest wait between attempts, seconds (15 minutes).
pub const MAX_DELAY_SECS: u64 = 15 * 60;
/// Shortest and longest PIN.
pub const PIN_LEN: std::ops::RangeInclusive<usize> = 4..=8;

/// Why a PIN cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is 4 to 8 digits")]
    Format,
    #[error("the two entries differ")]
    Mismatch,
}

impl PinError {
    /// (Vietnamese, English) message with what to do.
    pub fn text(self) -> crate::i18n::Text {
        match self {
            PinError::Format => crate::i18n::Text::new(
                "Mã PIN gồm 4 đến 8 chữ số. Hãy nhập lại.",
                "A PIN is 4 to 8 digits. Please enter it again.",
            ),
            PinError::Mismatch => crate::i18n::Text::new(
                "Hai lần nhập mã PIN không giống nhau. Hãy nhập lại.",
                "The two PIN entries differ. Please enter them again.",
            ),
        }
    }
}

/// A 4–8 digit PIN, or why not.
pub fn check_format(pin: &str) -> Result<(), PinError> {
    if PIN_LEN.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(PinError::Format)
    }
}

/// A secret (PIN or recovery code) as stored: salted PBKDF2-HMAC-SHA256, hex-encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinRecord {
    pub salt: String,
    pub hash: String,
    pub iterations: u32,
}

impl PinRecord {
    /// The record of `secret` with `salt` (16 random bytes from the caller).
    pub fn new(secret: &str, salt: [u8; 16], iterations: u32) -> Self {
        PinRecord { salt: hex(&salt), hash: hex(&derive(secret, &salt, iterations)), iterations }
    }

    /// True when `secret` is the one this record was made from.
    pub fn matches(&self, secret: &str) -> bool {
        let Some(salt) = unhex(&self.salt) else { return false };
        hex(&derive(secret, &salt, self.iterations.max(1))) == self.hash
    }
}

/// The recovery code: 12 digits in groups of four, from 16 random bytes.
pub fn recovery_code(random: [u8; 16]) -> String {
    let n = u128::from_le_bytes(random) % 1_000_000_000_000;
    let s = format!("{n:012}");
    format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12])
}

/// The code as typed, without spaces or dashes.
pub fn normalise_code(typed: &str) -> String {
    typed.chars().filter(char::is_ascii_digit).collect()
}

/// Seconds to wait before the next attempt after `failures` wrong entries in a row.
pub fn delay_after(failures: u32) -> u64 {
    match failures.checked_sub(FREE_ATTEMPTS) {
        None => 0,
        Some(extra) => 30u64.saturating_mul(1u64 << extra.min(20)).min(MAX_DELAY_SECS),
    }
}

/// Wrong entries in a row and when the next attempt is allowed (ms since the epoch), stored
/// so that a reload does not reset the wait.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    pub failures: u32,
    pub not_before_ms: u64,
}

impl Attempts {
    /// After a wrong entry at `now_ms`.
    pub fn failed(self, now_ms: u64) -> Self {
        let failures = self.failures.saturating_add(1);
        Attempts { failures, not_before_ms: now_ms.saturating_add(delay_after(failures) * 1000) }
    }

    /// Seconds left to wait at `now_ms` (0: may try).
    pub fn wait_secs(&self, now_ms: u64) -> u64 {
        self.not_before_ms.saturating_sub(now_ms).div_ceil(1000)
    }
}

fn derive(secret: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(secret.as_bytes(), salt, iterations, &mut out);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_matches_its_pin_only() {
        let r = PinRecord::new("2468", [7; 16], 1000);
        assert!(r.matches("2468"));
        assert!(!r.matches("2469"));
        assert!(!r.hash.contains("2468") && !r.salt.is_empty());
        // Another salt, another hash.
        assert_ne!(PinRecord::new("2468", [8; 16], 1000).hash, r.hash);
        // The RFC 6070-style known answer of PBKDF2-HMAC-SHA256 ("password", "salt", 1 iteration).
        let mut out = [0u8; 32];
        pbkdf2_hmac::<Sha256>(b"password", b"salt", 1, &mut out);
        assert_eq!(hex(&out), "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert!(check_format("1234").is_ok() && check_format("12345678").is_ok());
        for bad in ["123", "123456789", "12a4", "", "12 34"] {
            assert_eq!(check_format(bad), Err(PinError::Format), "{bad}");
        }
    }

    #[test]
    fn waits_grow_after_the_free_attempts() {
        assert_eq!((0..=3).map(delay_after).collect::<Vec<_>>(), [0, 0, 0, 30]);
        assert_eq!((delay_after(4), delay_after(5), delay_after(50)), (60, 120, MAX_DELAY_SECS));
        let a = Attempts::default().failed(0).failed(0).failed(1000);
        assert_eq!((a.failures, a.wait_secs(1000), a.wait_secs(31_000)), (3, 30, 0));
    }

    #[test]
    fn recovery_codes_are_twelve_digits() {
        let c = recovery_code([255; 16]);
        assert_eq!(c.len(), 14);
        assert_eq!(normalise_code(&c).len(), 12);
        assert_eq!(normalise_code(" 1234-5678 9012 "), "123456789012");
    }
}
