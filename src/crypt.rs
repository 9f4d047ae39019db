//! Encrypting exports and opening encrypted imports in the app, through a lazily loaded wasm
//! chunk: the age code (X25519, scrypt, ChaCha20-Poly1305) and its messages are fetched the
//! first time a file is encrypted, opened or a district key is checked, never on first load.
//!
//! Contract: [`run`] takes a [`Job`] and gives its output, or the person's message (both
//! languages) when the key, the passphrase or the file is wrong — nothing is partially
//! returned. With the `split` feature the job runs behind the `crypt` split point; a chunk that
//! cannot be fetched (offline before the worker cached it) is `Err(None)`.

use ansinh_core::i18n::Text;
use ansinh_core::security::crypt::{self, PublicKey, APP_MAX_LOG_N};

/// What to do.
#[derive(Debug, Clone)]
pub enum Job {
    /// Encrypt to the district's public key (`age1…`).
    ToKey { key: String, plain: Vec<u8> },
    /// Encrypt to a passphrase (the file's only recipient).
    ToPassphrase { passphrase: String, plain: Vec<u8> },
    /// Open a passphrase file.
    OpenWithPassphrase { passphrase: String, bytes: Vec<u8> },
    /// Check a pasted public key; the output is the key as stored (trimmed).
    CheckKey(String),
    /// Whether an age file is a passphrase file (output non-empty) or for a key (empty).
    IsPassphraseFile(Vec<u8>),
    /// What to do with the key the hub announces (`crypt::key_offer`): the output is one byte
    /// (0 nothing, 1 adopt, 2 ask) followed by the announced key as it is stored.
    KeyOffer { stored: Option<String>, declined: Option<String>, announced: String },
}

/// The job's output, or the message to show (`Err(Some)`), or the chunk not loaded (`Err(None)`).
pub async fn run(job: Job) -> Result<Vec<u8>, Option<Text>> {
    #[cfg(feature = "split")]
    return crypt_split(job).await.unwrap_or(Err(None));
    #[cfg(not(feature = "split"))]
    return work(job);
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(crypt, wasm_split_path = ::leptos::wasm_split, fallible)]
fn crypt_split(job: Job) -> Result<Result<Vec<u8>, Option<Text>>, leptos::wasm_split::SplitLoaderError> {
    Ok(work(job))
}

fn work(job: Job) -> Result<Vec<u8>, Option<Text>> {
    let text = |e: crypt::CryptError| Some(e.text());
    match job {
        Job::ToKey { key, plain } => Ok(crypt::encrypt_to_recipient(&PublicKey::parse(&key).map_err(text)?, &plain)),
        Job::ToPassphrase { passphrase, plain } => crypt::encrypt_with_passphrase(&passphrase, &plain).map_err(text),
        Job::OpenWithPassphrase { passphrase, bytes } => {
            crypt::decrypt_with_passphrase(&passphrase, &bytes, APP_MAX_LOG_N).map_err(text)
        }
        Job::CheckKey(key) => PublicKey::parse(&key).map(|k| k.to_string().into_bytes()).map_err(text),
        Job::IsPassphraseFile(bytes) => Ok(if crypt::is_passphrase_file(&bytes) { vec![1] } else { vec![] }),
        Job::KeyOffer { stored, declined, announced } => {
            let code = match crypt::key_offer(stored.as_deref(), declined.as_deref(), &announced) {
                crypt::KeyOffer::Nothing => return Ok(vec![0]),
                crypt::KeyOffer::Adopt => 1,
                crypt::KeyOffer::Ask => 2,
            };
            let key = PublicKey::parse(&announced).map_err(text)?.to_string();
            Ok(std::iter::once(code).chain(key.into_bytes()).collect())
        }
    }
}
