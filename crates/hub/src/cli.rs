//! `ansinh serve` (and the `ansinh-hub` binary): run the hub, or manage device tokens.
//!
//! Contract:
//! - `serve` with no options keeps everything in one SQLite file (`ansinh-hub.sqlite3` in the
//!   current directory), listens on 127.0.0.1:8080 and serves `dist/` when it exists.
//! - A non-loopback address needs TLS (`--tls-cert`, `--tls-key`) unless `--insecure-http` says
//!   explicitly that a reverse proxy in front does it.
//! - `serve token create|list|revoke` work on the database directly (the server may be running).
//! - Failures print one line and exit non-zero; nothing personal is logged (ids and units only).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use ansinh_core::domain::plan::Plan;
use ansinh_core::i18n::Lang;
use ansinh_core::security::crypt::PublicKey;
use clap::{Args, Subcommand};

use crate::api::{self, Config, Hub};
use crate::db::Db;
use crate::tokens;

/// Options of `ansinh serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Database: a SQLite file path (created when missing), or postgres://user@host/db.
    #[arg(long, global = true, default_value = "ansinh-hub.sqlite3")]
    pub database: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The built app to serve to tablets (`trunk build --release`); skipped when missing.
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
    /// TLS certificate chain (PEM). With --tls-key, the hub speaks HTTPS itself.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Allow plain HTTP on a non-loopback address (only behind a reverse proxy doing TLS).
    #[arg(long)]
    pub insecure_http: bool,
    /// Largest request body, in MB.
    #[arg(long, default_value_t = 20)]
    pub max_body_mb: usize,
    /// Requests per device per minute.
    #[arg(long, default_value_t = 600)]
    pub rate_per_minute: u32,
    /// The district's public key (`age1…`, from `ansinh keys new`), announced to enrolled
    /// tablets so that their exports are encrypted to it.
    #[arg(long, value_name = "AGE1…")]
    pub district_key: Option<String>,
    /// Validate bundles against this plan file instead of the embedded plan.
    #[arg(long, global = true)]
    pub plan: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<ServeCommand>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ServeCommand {
    /// Device tokens: create (prints a one-time enrolment code), list, revoke.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Make a one-time enrolment code for a device of an org unit (a commune, or the district).
    Create {
        /// Org unit id (e.g. dak-koi; the district id gives a district device that reads all).
        #[arg(long)]
        unit: String,
        /// A name for the device, shown in lists (e.g. "Máy tính bảng 1").
        #[arg(long)]
        label: String,
        /// Print the code only (no QR), e.g. for scripts.
        #[arg(long)]
        plain: bool,
    },
    /// List devices: unit, label, enrolled, revoked, last push and pull.
    List,
    /// Revoke a device (its id, or a unique beginning of it): its token stops working at once.
    Revoke { device: String },
}

/// Why `serve` stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("cannot read the plan {path}: {reason}")]
    Plan { path: PathBuf, reason: String },
    #[error(
        "refusing to serve plain HTTP on {0}, which is not a loopback address: give --tls-cert and --tls-key, or \
         --insecure-http when a reverse proxy in front of the hub does TLS"
    )]
    InsecureListen(SocketAddr),
    #[error("TLS certificate or key: {0}")]
    Tls(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("org unit “{0}” is not in the plan")]
    UnknownUnit(String),
    #[error("no single device matches “{0}” (see `ansinh serve token list`)")]
    UnknownDevice(String),
    #[error("--district-key is not an age public key (age1…): use the public key `ansinh keys new` printed, never the secret one")]
    DistrictKey,
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

fn load_plan(path: &Option<PathBuf>) -> Result<Plan, ServeError> {
    match path {
        None => Ok(Plan::embedded().clone()),
        Some(p) => {
            let text =
                std::fs::read_to_string(p).map_err(|e| ServeError::Plan { path: p.clone(), reason: e.to_string() })?;
            Plan::from_json(&text).map_err(|e| ServeError::Plan { path: p.clone(), reason: e.to_string() })
        }
    }
}

/// Runs `ansinh serve …` to the end.
pub fn run(args: ServeArgs) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Runtime)?;
    runtime.block_on(run_async(args))
}

async fn run_async(args: ServeArgs) -> Result<(), ServeError> {
    let plan = load_plan(&args.plan)?;
    match args.command.clone() {
        Some(ServeCommand::Token(cmd)) => token(&args, &plan, cmd).await,
        None => serve(args, plan).await,
    }
}

async fn token(args: &ServeArgs, plan: &Plan, cmd: TokenCommand) -> Result<(), ServeError> {
    let db = Db::open(&args.database).await?;
    match cmd {
        TokenCommand::Create { unit, label, plain } => {
            let Some(org) = plan.org_units.get(&unit) else { return Err(ServeError::UnknownUnit(unit)) };
            let (device, code) = tokens::create(&db, &unit, &label).await?;
            if plain {
                println!("{code}");
                return Ok(());
            }
            println!("Thiết bị / Device: {} — {} ({})", device.label, org.name.get(Lang::Vi), device.unit);
            println!("Mã thiết bị / Device id: {}", device.id);
            println!();
            println!(
                "Mã đăng ký (dùng một lần, hết hạn sau {} ngày) / Enrolment code (once, {} days):",
                tokens::CODE_DAYS,
                tokens::CODE_DAYS
            );
            println!();
            println!("    {code}");
            println!();
            if let Ok(qr) = qrcode::QrCode::new(code.as_bytes()) {
                println!("{}", qr.render::<qrcode::render::unicode::Dense1x2>().quiet_zone(true).build());
            }
            println!(
                "Trên máy tính bảng: Đồng bộ → Đăng ký với máy chủ huyện → nhập mã này.\n\
                 On the tablet: Sync → Enrol with the district hub → enter this code."
            );
        }
        TokenCommand::List => {
            let devices = tokens::list(&db).await?;
            println!(
                "{:<36}  {:<12}  {:<24}  {:<8}  {:<24}  {:<24}",
                "id", "unit", "label", "state", "last push", "last pull"
            );
            for d in devices {
                let state = if d.revoked_at.is_some() {
                    "revoked"
                } else if d.enrolled_at.is_some() {
                    "enrolled"
                } else {
                    "waiting"
                };
                println!(
                    "{:<36}  {:<12}  {:<24}  {:<8}  {:<24}  {:<24}",
                    d.id,
                    d.unit,
                    d.label,
                    state,
                    d.last_push_at.as_deref().unwrap_or("-"),
                    d.last_pull_at.as_deref().unwrap_or("-")
                );
            }
        }
        TokenCommand::Revoke { device } => {
            let Some(d) = tokens::revoke(&db, &device).await? else { return Err(ServeError::UnknownDevice(device)) };
            println!("Đã thu hồi / Revoked: {} — {} ({})", d.id, d.label, d.unit);
        }
    }
    Ok(())
}

async fn serve(args: ServeArgs, plan: Plan) -> Result<(), ServeError> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(c), Some(k)) => Some((c.clone(), k.clone())),
        _ => None,
    };
    if tls.is_none() && !args.listen.ip().is_loopback() && !args.insecure_http {
        return Err(ServeError::InsecureListen(args.listen));
    }
    // Checked before anything starts: a tablet must never be told a key nobody can open with.
    let district_key = match args.district_key.as_deref() {
        Some(k) => Some(PublicKey::parse(k).map_err(|_| ServeError::DistrictKey)?.to_string()),
        None => None,
    };
    let db = Db::open(&args.database).await?;
    let dist = args.dist.join("index.html").is_file().then(|| args.dist.clone());
    if dist.is_none() {
        eprintln!("ansinh-hub: {} has no built app (index.html): serving the sync API only", args.dist.display());
    }
    let config = Config {
        max_body: args.max_body_mb.max(1) * 1024 * 1024,
        rate_per_minute: args.rate_per_minute.max(1),
        dist,
        district_key,
        ..Config::default()
    };
    let app = api::router(Hub::new(db, plan, config));
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        stopper.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    let listener =
        std::net::TcpListener::bind(args.listen).map_err(|source| ServeError::Listen { addr: args.listen, source })?;
    listener.set_nonblocking(true).map_err(|source| ServeError::Listen { addr: args.listen, source })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Listen { addr: args.listen, source })?;
    let service = app.into_make_service();
    match tls {
        Some((cert, key)) => {
            // ring is the one provider compiled in; installing it twice is harmless.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .map_err(|e| ServeError::Tls(e.to_string()))?;
            // The line tests and scripts wait for.
            eprintln!("ansinh-hub: listening on https://{addr}");
            axum_server::from_tcp_rustls(listener, config)
                .handle(handle)
                .serve(service)
                .await
                .map_err(|source| ServeError::Listen { addr, source })?;
        }
        None => {
            eprintln!("ansinh-hub: listening on http://{addr}");
            axum_server::from_tcp(listener)
                .handle(handle)
                .serve(service)
                .await
                .map_err(|source| ServeError::Listen { addr, source })?;
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
