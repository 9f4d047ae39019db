//! Encrypted bundles: the standard age format (<https://age-encryption.org/v1>) over the
//! `age` crate. Nothing here is hand-written crypto.
//!
//! Contract:
//! - [`encrypt_to_recipient`] encrypts bytes to one X25519 public key (`age1…`, the
//!   district's); only the matching identity file (`AGE-SECRET-KEY-1…`) opens the result.
//! - [`encrypt_with_passphrase`] encrypts to a passphrase, the file's sole recipient (age
//!   allows no other), with scrypt work factor `2^PASSPHRASE_LOG_N` — chosen for an
//!   entry-level tablet running the app's WASM (docs/benchmarks.md, "Passphrase files").
//! - [`decrypt_with_identity`] / [`decrypt_with_passphrase`] give the plaintext back, or a
//!   [`CryptError`] — wrong key, wrong passphrase, damaged (cut short, altered) file, not an
//!   age file — and never a partial plaintext: the whole payload is authenticated before
//!   anything is returned.
//! - [`is_age`] tells an age file from anything else by its first line.
//! - [`key_offer`] decides what a tablet does with the district key its hub announces: take it
//!   when the tablet has none, ask before replacing a different one, and never ask twice about
//!   a key the user declined.
//!
//! Every output is a standard age file: `age`/`rage` decrypt it with the same key or
//! passphrase. Error texts name no person and no file content.

use std::io::{Read, Write};
use std::iter;

use age::secrecy::{ExposeSecret, SecretString};
use thiserror::Error;

use crate::i18n::{Lang, Text};

/// The first line of every (binary, unarmored) age file.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// scrypt work factor (log2 N) for passphrase files this product writes: 2^16 × 1 KiB =
/// 64 MiB of memory. age's default (about one second on the machine, 2^18 = 256 MiB on a
/// desktop) is too much memory for the WASM heap of an entry-level tablet; measured in
/// docs/benchmarks.md.
pub const PASSPHRASE_LOG_N: u8 = 16;

/// The largest work factor the app accepts when opening a passphrase file: ours. A file that
/// demands more would grow the tablet's WASM heap past what it can afford (and could be a
/// denial of service), so it is refused rather than attempted.
pub const APP_MAX_LOG_N: u8 = PASSPHRASE_LOG_N;

/// The largest work factor the district's CLI accepts: age's own default (2^18) and a little
/// more, for files made with the standard `age -p`.
pub const CLI_MAX_LOG_N: u8 = 20;

/// Why a file could not be encrypted or opened. Nothing was read or changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CryptError {
    /// The bytes do not begin like an age file.
    #[error("this file is not an encrypted (age) file")]
    NotAgeFile,
    /// An age file, but for another key (or its key slot was altered).
    #[error("this file was not encrypted for this key (or it was altered)")]
    WrongKey,
    /// A passphrase file opened with a passphrase that does not match.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// A passphrase file, opened with an identity.
    #[error("this file is protected by a passphrase, not by a key")]
    NeedsPassphrase,
    /// A file for a key (the district's), opened with a passphrase.
    #[error("this file is encrypted for the district's key; only the district office can open it")]
    NeedsIdentity,
    /// Cut short or altered: the header or the payload fails authentication.
    #[error("the file is damaged or was altered (cut short or changed)")]
    Damaged,
    /// A passphrase file whose scrypt work factor is above the accepted maximum.
    #[error("the file asks for too much work to open (scrypt 2^{required}, limit 2^{limit})")]
    TooMuchWork { required: u8, limit: u8 },
    /// A public key that is not an age X25519 recipient.
    #[error("not a valid public key (expected age1…)")]
    BadRecipient,
    /// An identity text with no valid `AGE-SECRET-KEY-1…` line.
    #[error("not a valid identity file (expected a line AGE-SECRET-KEY-1…)")]
    BadIdentity,
    /// An empty passphrase.
    #[error("the passphrase is empty")]
    EmptyPassphrase,
}

impl CryptError {
    /// The message for a person: what happened, that nothing changed, what to do next.
    /// Kept here rather than in the app's catalog (`i18n::Msg`) so that it ships in the
    /// lazily loaded encryption chunk, not in the first load.
    pub fn text(&self) -> Text {
        match self {
            CryptError::NotAgeFile => Text::new(
                "Tệp này không phải là tệp đã mã hóa. Không có gì thay đổi.",
                "This file is not an encrypted file. Nothing was changed.",
            ),
            CryptError::WrongKey => Text::new(
                "Tệp không được mã hóa cho khóa này (hoặc đã bị sửa). Không có gì thay đổi. Hãy dùng đúng tệp khóa của huyện.",
                "The file was not encrypted for this key (or was altered). Nothing was changed. Use the district's identity file.",
            ),
            CryptError::WrongPassphrase => Text::new(
                "Sai mật khẩu. Không có gì thay đổi. Hãy hỏi người gửi tệp và nhập lại.",
                "Wrong passphrase. Nothing was changed. Ask the sender and try again.",
            ),
            CryptError::NeedsPassphrase => Text::new(
                "Tệp này được bảo vệ bằng mật khẩu. Hãy nhập mật khẩu của người gửi.",
                "This file is protected by a passphrase. Enter the sender's passphrase.",
            ),
            CryptError::NeedsIdentity => Text::new(
                "Tệp này được mã hóa cho huyện: chỉ Phòng ở huyện mở được, bằng tệp khóa của huyện. Không có gì thay đổi.",
                "This file is encrypted for the district: only the district office can open it, with its identity file. Nothing was changed.",
            ),
            CryptError::Damaged => Text::new(
                "Tệp bị hỏng hoặc đã bị sửa (bị cắt ngắn hay thay đổi). Không có gì thay đổi. Hãy xin người gửi tệp khác.",
                "The file is damaged or was altered (cut short or changed). Nothing was changed. Ask the sender for the file again.",
            ),
            CryptError::TooMuchWork { .. } => Text::new(
                "Tệp đòi hỏi quá nhiều bộ nhớ để mở trên máy này. Không có gì thay đổi. Hãy xuất lại tệp từ ứng dụng An Sinh.",
                "The file needs too much memory to open on this device. Nothing was changed. Export it again from the An Sinh app.",
            ),
            CryptError::BadRecipient => Text::new(
                "Khóa công khai không hợp lệ: khóa của huyện bắt đầu bằng \"age1\". Hãy sao chép lại cả dòng.",
                "Not a valid public key: the district's key begins with \"age1\". Copy the whole line again.",
            ),
            CryptError::BadIdentity => Text::new(
                "Tệp khóa không hợp lệ: cần một dòng bắt đầu bằng \"AGE-SECRET-KEY-1\".",
                "Not a valid identity file: it needs a line beginning with \"AGE-SECRET-KEY-1\".",
            ),
            CryptError::EmptyPassphrase => Text::new(
                "Mật khẩu đang để trống. Hãy nhập mật khẩu.",
                "The passphrase is empty. Enter a passphrase.",
            ),
        }
    }

    /// The message in one language.
    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_owned()
    }
}

/// Whether `bytes` are an age file (by its first line; the rest is checked when opened).
pub fn is_age(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

/// Whether `bytes` are an age file protected by a passphrase (rather than a key).
/// `false` for anything that is not a readable age header.
pub fn is_passphrase_file(bytes: &[u8]) -> bool {
    is_age(bytes) && age::Decryptor::new_buffered(bytes).map(|d| d.is_scrypt()).unwrap_or(false)
}

/// A parsed public key (an age X25519 recipient, `age1…`).
#[derive(Clone)]
pub struct PublicKey(age::x25519::Recipient);

impl PublicKey {
    /// Parses `age1…` (surrounding white space ignored).
    pub fn parse(text: &str) -> Result<PublicKey, CryptError> {
        text.trim().parse::<age::x25519::Recipient>().map(PublicKey).map_err(|_| CryptError::BadRecipient)
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What a tablet does with the district key its hub announces (`ansinh serve --district-key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOffer {
    /// The tablet has no key yet: store the hub's.
    Adopt,
    /// The same key as stored, or one the user already declined: nothing to do.
    Nothing,
    /// A different key than the stored one: ask the user before replacing. Replacing silently
    /// would let whoever answers at the hub's address (a mistyped address, a rebuilt hub with a
    /// new key pair) decide who can open every later export.
    Ask,
}

/// Decides on an announced key. Keys are compared in their parsed form, so surrounding white
/// space never makes the same key look new; an announced key that is not a key
/// is never adopted.
pub fn key_offer(stored: Option<&str>, declined: Option<&str>, announced: &str) -> KeyOffer {
    let canonical = |t: &str| PublicKey::parse(t).ok().map(|k| k.to_string());
    let Some(announced) = canonical(announced) else { return KeyOffer::Nothing };
    match stored.and_then(canonical) {
        None => KeyOffer::Adopt,
        Some(s) if s == announced => KeyOffer::Nothing,
        Some(_) if declined.and_then(canonical).as_deref() == Some(announced.as_str()) => KeyOffer::Nothing,
        Some(_) => KeyOffer::Ask,
    }
}

/// A secret key (age X25519 identity). It stays at the district office.
pub struct SecretKey(age::x25519::Identity);

impl SecretKey {
    /// A new random key pair.
    pub fn generate() -> SecretKey {
        SecretKey(age::x25519::Identity::generate())
    }

    /// Reads an identity file as `age-keygen` writes it: `#` comments, blank lines, and one
    /// or more `AGE-SECRET-KEY-1…` lines (the first one is used).
    pub fn from_identity_file(text: &str) -> Result<SecretKey, CryptError> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .find_map(|l| l.parse::<age::x25519::Identity>().ok())
            .map(SecretKey)
            .ok_or(CryptError::BadIdentity)
    }

    /// The public key that goes to the tablets.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.to_public())
    }

    /// The identity file's text, in `age-keygen`'s layout (so `age -d -i` reads it).
    /// `created` is an RFC 3339 time, given by the caller (the core reads no clock).
    pub fn identity_file(&self, created: &str) -> String {
        format!("# created: {created}\n# public key: {}\n{}\n", self.public(), self.0.to_string().expose_secret())
    }
}

fn encrypt_to(recipient: &dyn age::Recipient, plaintext: &[u8]) -> Vec<u8> {
    // With one recipient, neither step can fail: the only EncryptError cases are mixing
    // recipient kinds, and writing to a Vec does not fail.
    let encryptor = age::Encryptor::with_recipients(iter::once(recipient)).expect("one recipient");
    let mut out = Vec::with_capacity(plaintext.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out).expect("writing to memory");
    writer.write_all(plaintext).expect("writing to memory");
    writer.finish().expect("writing to memory");
    out
}

/// Encrypts `plaintext` to the district's public key.
pub fn encrypt_to_recipient(recipient: &PublicKey, plaintext: &[u8]) -> Vec<u8> {
    encrypt_to(&recipient.0, plaintext)
}

/// Encrypts `plaintext` to a passphrase with the product's work factor
/// ([`PASSPHRASE_LOG_N`]).
pub fn encrypt_with_passphrase(passphrase: &str, plaintext: &[u8]) -> Result<Vec<u8>, CryptError> {
    encrypt_with_passphrase_at(passphrase, plaintext, PASSPHRASE_LOG_N)
}

/// Encrypts `plaintext` to a passphrase with scrypt work factor `2^log_n` (1..=30); the
/// benchmarks use it to measure other factors.
pub fn encrypt_with_passphrase_at(passphrase: &str, plaintext: &[u8], log_n: u8) -> Result<Vec<u8>, CryptError> {
    if passphrase.is_empty() {
        return Err(CryptError::EmptyPassphrase);
    }
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
    recipient.set_work_factor(log_n.clamp(1, 30));
    Ok(encrypt_to(&recipient, plaintext))
}

/// Opens a file encrypted to the district's key.
pub fn decrypt_with_identity(key: &SecretKey, bytes: &[u8]) -> Result<Vec<u8>, CryptError> {
    let decryptor = open(bytes)?;
    if decryptor.is_scrypt() {
        return Err(CryptError::NeedsPassphrase);
    }
    let reader = decryptor.decrypt(iter::once(&key.0 as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => CryptError::WrongKey,
        _ => CryptError::Damaged,
    })?;
    read_all(reader)
}

/// Opens a passphrase file, refusing work factors above `max_log_n`
/// ([`APP_MAX_LOG_N`] in the app, [`CLI_MAX_LOG_N`] in the CLI).
pub fn decrypt_with_passphrase(passphrase: &str, bytes: &[u8], max_log_n: u8) -> Result<Vec<u8>, CryptError> {
    if passphrase.is_empty() {
        return Err(CryptError::EmptyPassphrase);
    }
    let decryptor = open(bytes)?;
    if !decryptor.is_scrypt() {
        return Err(CryptError::NeedsIdentity);
    }
    let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
    identity.set_max_work_factor(max_log_n);
    let reader = decryptor.decrypt(iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
        // The file key did not open under this passphrase.
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => CryptError::WrongPassphrase,
        age::DecryptError::ExcessiveWork { required, .. } => CryptError::TooMuchWork { required, limit: max_log_n },
        _ => CryptError::Damaged,
    })?;
    read_all(reader)
}

fn open(bytes: &[u8]) -> Result<age::Decryptor<&[u8]>, CryptError> {
    if !is_age(bytes) {
        return Err(CryptError::NotAgeFile);
    }
    age::Decryptor::new_buffered(bytes).map_err(|_| CryptError::Damaged)
}

fn read_all(mut reader: impl Read) -> Result<Vec<u8>, CryptError> {
    // The STREAM reader authenticates each chunk and the last-chunk flag, so a cut or
    // altered payload fails here; the partial output is dropped, never returned.
    let mut out = Vec::new();
    reader.read_to_end(&mut out).map_err(|_| CryptError::Damaged)?;
    Ok(out)
}
