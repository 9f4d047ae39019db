//! `ansinh keys new [-o FILE]`, and the options that open encrypted bundles
//! (`--identity FILE`, a passphrase) for `merge` and `eval`.
//!
//! Contract:
//! - `keys new` makes the district's key pair (age X25519, `ansinh_core::security::crypt`). With `-o`,
//!   the identity file is created new (never overwritten) with permissions 0600 and the public
//!   key is printed on stdout; without it, the identity goes to stdout and the public key to
//!   stderr (as `age-keygen` does). The identity file stays at the district office; the public
//!   key (`age1…`) is what tablets are given.
//! - [`Opener`] turns a file's bytes into the bundle's JSON: plain JSON passes through; an age
//!   file is opened with the identity (`--identity`) or the passphrase (`ANSINH_PASSPHRASE`,
//!   else a prompt on the terminal, asked once). Failures carry the core's message in the
//!   chosen language; the caller writes nothing.

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use ansinh_core::i18n::Lang;
use ansinh_core::security::crypt::{self, CryptError, PublicKey, SecretKey, CLI_MAX_LOG_N};

/// Environment variable holding the passphrase of passphrase-protected bundles.
pub const PASSPHRASE_ENV: &str = "ANSINH_PASSPHRASE";

#[derive(Debug, clap::Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Make the district's key pair: the identity file (secret, keep it at the district) and
    /// the public key `age1…` (give it to the tablets).
    New {
        /// Write the identity file here (created with permissions 0600; never overwritten).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    #[error("{} already exists; choose another file (an identity file is never overwritten)", path.display())]
    Exists { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

pub fn run(args: &KeysArgs) -> Result<(), KeysError> {
    match &args.command {
        KeysCommand::New { output } => new_key(output.as_deref()),
    }
}

fn new_key(output: Option<&Path>) -> Result<(), KeysError> {
    let key = SecretKey::generate();
    let text = key.identity_file(&chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let public = key.public().to_string();
    match output.filter(|p| *p != Path::new("-")) {
        None => {
            crate::print_stdout(&text).map_err(|source| KeysError::Write { path: "<stdout>".into(), source })?;
            eprintln!("Public key: {public}");
        }
        Some(path) => {
            write_secret(path, &text)?;
            crate::print_stdout(&format!("{public}\n"))
                .map_err(|source| KeysError::Write { path: "<stdout>".into(), source })?;
        }
    }
    Ok(())
}

/// Creates `path` for the owner only, failing if it exists: a second `keys new` must not
/// replace the key that opens every file already sent.
fn write_secret(path: &Path, text: &str) -> Result<(), KeysError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::AlreadyExists => KeysError::Exists { path: path.to_owned() },
        _ => KeysError::Write { path: path.to_owned(), source },
    })?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(|source| {
        let _ = std::fs::remove_file(path);
        KeysError::Write { path: path.to_owned(), source }
    })
}

/// How `merge` and `eval` open encrypted bundles.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OpenArgs {
    /// Identity file (from `ansinh keys new`) that opens bundles encrypted to the district's key.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
}

/// Why an input could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot read the identity file {}: {source}", path.display())]
    ReadIdentity { path: PathBuf, source: std::io::Error },
    /// The core's message, in the chosen language.
    #[error("{}: {message}", path.display())]
    Crypt { path: PathBuf, message: String, source: CryptError },
    #[error("{}: {message}", path.display())]
    Missing { path: PathBuf, message: String },
}

/// Opens inputs; holds the identity and the passphrase (asked at most once).
pub struct Opener {
    identity: Option<SecretKey>,
    passphrase: RefCell<Option<String>>,
    lang: Lang,
}

impl Opener {
    pub fn new(args: &OpenArgs, lang: Lang) -> Result<Opener, OpenError> {
        let identity = match &args.identity {
            None => None,
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|source| OpenError::ReadIdentity { path: path.clone(), source })?;
                Some(SecretKey::from_identity_file(&text).map_err(|source| OpenError::Crypt {
                    path: path.clone(),
                    message: source.message(lang),
                    source,
                })?)
            }
        };
        Ok(Opener {
            identity,
            passphrase: RefCell::new(std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.is_empty())),
            lang,
        })
    }

    /// The plaintext of `bytes` read from `path`: plain files unchanged, age files decrypted.
    pub fn open(&self, path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, OpenError> {
        if !crypt::is_age(&bytes) {
            return Ok(bytes);
        }
        let crypt_err =
            |source: CryptError| OpenError::Crypt { path: path.to_owned(), message: source.message(self.lang), source };
        if crypt::is_passphrase_file(&bytes) {
            let pass = self.passphrase(path)?;
            return crypt::decrypt_with_passphrase(&pass, &bytes, CLI_MAX_LOG_N).map_err(crypt_err);
        }
        match &self.identity {
            Some(key) => crypt::decrypt_with_identity(key, &bytes).map_err(crypt_err),
            None => Err(OpenError::Missing {
                path: path.to_owned(),
                message: match self.lang {
                    Lang::Vi => "tệp được mã hóa cho khóa của huyện; hãy thêm --identity TỆP_KHÓA".into(),
                    Lang::En => "the file is encrypted to the district's key; give --identity FILE".into(),
                },
            }),
        }
    }

    fn passphrase(&self, path: &Path) -> Result<String, OpenError> {
        if let Some(p) = self.passphrase.borrow().as_ref() {
            return Ok(p.clone());
        }
        let prompt = match self.lang {
            Lang::Vi => format!("Mật khẩu của {}: ", path.display()),
            Lang::En => format!("Passphrase for {}: ", path.display()),
        };
        // rpassword reads from the terminal (not stdin), so a pipe cannot answer by accident.
        let pass =
            rpassword::prompt_password(prompt).ok().filter(|p| !p.is_empty()).ok_or_else(|| OpenError::Missing {
                path: path.to_owned(),
                message: match self.lang {
                    Lang::Vi => {
                        format!("tệp được bảo vệ bằng mật khẩu; hãy nhập mật khẩu hoặc đặt biến {PASSPHRASE_ENV}")
                    }
                    Lang::En => format!("the file is protected by a passphrase; type it, or set {PASSPHRASE_ENV}"),
                },
            })?;
        *self.passphrase.borrow_mut() = Some(pass.clone());
        Ok(pass)
    }
}

/// Parses `--recipient age1…`.
pub fn parse_recipient(text: &str) -> Result<PublicKey, String> {
    PublicKey::parse(text).map_err(|e| e.to_string())
}
