//! Real services for the hub's tests: the `ansinh-hub` binary as a child process, a SQLite file
//! in a temp dir, and a private PostgreSQL cluster (Debian's package) started with initdb/pg_ctl
//! in a temp dir on a free loopback port, as the unprivileged `postgres` user when the tests run
//! as root. Everything is stopped when dropped, also when a test fails.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{Household, RecordMeta};
use ansinh_core::sync::bundle::{Bundle, ExportOptions, ExportScope, LocalState};
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

pub const BIN: &str = env!("CARGO_BIN_EXE_ansinh-hub");

pub fn plan() -> &'static Plan {
    Plan::embedded()
}

/// 2025-10-01T00:00Z plus `minutes`.
pub fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 10, 1, 0, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

/// A draft household of `commune` with one varying answer (the income).
pub fn household(id: Uuid, commune: &str, village: &str, minute: i64, income: i64) -> Household {
    let meta = RecordMeta { id, created_at: t(0), updated_at: t(minute) };
    let mut h = Household::new(meta, commune, village, NaiveDate::from_ymd_opt(2025, 9, 30).unwrap());
    h.income_per_person_vnd = Some(income);
    h
}

/// A Đắk Kôi household.
pub fn dak_koi(id: Uuid, minute: i64, income: i64) -> Household {
    household(id, "dak-koi", "dak-koi-thon-1", minute, income)
}

/// Exports what changed in `state` since its last export, as a tablet's outbox does.
pub fn export(state: &mut LocalState, device: &str, minute: i64) -> Bundle {
    state.export(
        plan(),
        &ExportOptions {
            bundle_id: Uuid::new_v4(),
            device_id: device.to_string(),
            exported_at: t(minute),
            org_unit: "kon-ray".to_string(),
            scope: ExportScope::ChangedSinceLastExport,
        },
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// A private PostgreSQL cluster.
pub struct Postgres {
    dir: tempfile::TempDir,
    pub port: u16,
    bin: PathBuf,
    as_postgres: bool,
}

fn pg_bin() -> PathBuf {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path().join("bin")).filter(|p| p.join("initdb").exists()).collect())
        .unwrap_or_default();
    versions.sort();
    versions.pop().expect("PostgreSQL is installed (scripts/setup.sh installs Debian's postgresql)")
}

impl Postgres {
    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    pub fn start() -> Postgres {
        let dir = tempfile::Builder::new().prefix("ansinh-pg").tempdir().unwrap();
        let as_postgres = is_root();
        if as_postgres {
            // The cluster's owner must be able to write its directory.
            let ok = Command::new("chown").arg("postgres:postgres").arg(dir.path()).status().unwrap().success();
            assert!(ok, "chown of the cluster directory to postgres");
        }
        let pg = Postgres { dir, port: free_port(), bin: pg_bin(), as_postgres };
        let data = pg.dir.path().join("data");
        let out = pg
            .command("initdb")
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "-D"])
            .arg(&data)
            .output()
            .unwrap();
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        pg.pg_ctl_start();
        pg
    }

    fn pg_ctl_start(&self) {
        let data = self.dir.path().join("data");
        // `ANSINH_PG_OPTIONS` adds server settings, e.g. logging to diagnose a bench run
        // (`-c log_checkpoints=on -c log_lock_waits=on -c log_min_duration_statement=200`).
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -c unix_socket_directories={} -c fsync=off -c max_connections=200 {}",
            self.port,
            self.dir.path().display(),
            std::env::var("ANSINH_PG_OPTIONS").unwrap_or_default()
        );
        let out = self
            .command("pg_ctl")
            .args(["-w", "-t", "60", "-D"])
            .arg(&data)
            .args(["-l"])
            .arg(self.dir.path().join("log"))
            .args(["-o", &options, "start"])
            .output()
            .unwrap();
        assert!(out.status.success(), "pg_ctl start: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Stops the cluster (the "database down" fault); `start_again` brings it back.
    pub fn stop(&self) {
        let _ = self
            .command("pg_ctl")
            .args(["-w", "-m", "immediate", "-D"])
            .arg(self.dir.path().join("data"))
            .arg("stop")
            .output();
    }

    pub fn start_again(&self) {
        self.pg_ctl_start();
    }

    /// A new empty database; its URL.
    pub fn database(&self, name: &str) -> String {
        let out = self
            .command("createdb")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", name])
            .output()
            .unwrap();
        assert!(out.status.success(), "createdb: {}", String::from_utf8_lossy(&out.stderr));
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Where a test's hub keeps its data.
pub struct Database {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl Database {
    pub fn sqlite() -> Database {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("hub.sqlite3").display().to_string();
        Database { url, _dir: Some(dir) }
    }

    pub fn postgres(pg: &Postgres, name: &str) -> Database {
        Database { url: pg.database(name), _dir: None }
    }
}

/// A running `ansinh-hub` (killed with SIGKILL when dropped).
pub struct Hub {
    child: Child,
    pub base: String,
    pub log: mpsc::Receiver<String>,
}

impl Hub {
    pub fn start(db: &Database) -> Hub {
        Hub::start_with(db, &[])
    }

    pub fn start_with(db: &Database, extra: &[&str]) -> Hub {
        let listen: &[&str] = if extra.contains(&"--listen") { &[] } else { &["--listen", "127.0.0.1:0"] };
        let mut child = Command::new(BIN)
            .args(["--database", &db.url, "--dist", "/nonexistent"])
            .args(listen)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut seen = Vec::new();
        let base = loop {
            let line =
                rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| panic!("the hub did not start: {seen:?}"));
            seen.push(line.clone());
            if let Some(url) = line.strip_prefix("ansinh-hub: listening on ") {
                break url.to_string();
            }
        };
        Hub { child, base, log: rx }
    }

    /// SIGKILL, as a power cut or crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs `ansinh-hub token …` on a database; its stdout.
pub fn token_cmd(db: &Database, args: &[&str]) -> String {
    let out = Command::new(BIN).args(["--database", &db.url, "token"]).args(args).output().unwrap();
    assert!(out.status.success(), "token {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A device enrolled for `unit`: its token and id.
pub fn enrol(hub: &Hub, db: &Database, unit: &str, label: &str) -> (String, String) {
    let code = token_cmd(db, &["create", "--unit", unit, "--label", label, "--plain"]).trim().to_string();
    let res: serde_json::Value =
        ureq::post(&hub.url("/api/enrol")).send_json(serde_json::json!({"code": code})).unwrap().into_json().unwrap();
    (res["token"].as_str().unwrap().to_string(), res["device_id"].as_str().unwrap().to_string())
}

/// An HTTP answer: status, headers we look at, and body text.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub cursor: Option<i64>,
    pub more: Option<bool>,
    pub retry_after: Option<String>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn answer(result: Result<ureq::Response, ureq::Error>) -> Result<Answer, String> {
    let res = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(e.to_string()),
    };
    let status = res.status();
    let cursor = res.header("x-ansinh-cursor").and_then(|v| v.parse().ok());
    let more = res.header("x-ansinh-more").map(|v| v == "1");
    let retry_after = res.header("retry-after").map(str::to_string);
    let body = res.into_string().map_err(|e| e.to_string())?;
    Ok(Answer { status, body, cursor, more, retry_after })
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build()
}

/// POSTs a bundle body as the tablet does; `Err` on a network error (server down).
pub fn try_push(hub: &Hub, token: Option<&str>, bundle_id: Uuid, body: &str) -> Result<Answer, String> {
    let mut req = agent().post(&hub.url("/api/bundles")).set("Content-Type", "application/json");
    req = req.set("X-Ansinh-Bundle-Id", &bundle_id.to_string());
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    answer(req.send_string(body))
}

pub fn push(hub: &Hub, token: &str, bundle: &Bundle) -> Answer {
    try_push(hub, Some(token), bundle.bundle_id, &bundle.to_json(false)).unwrap()
}

pub fn get(hub: &Hub, token: Option<&str>, path: &str) -> Answer {
    let mut req = agent().get(&hub.url(path));
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    answer(req.call()).unwrap()
}

/// Pulls every page after `cursor` and merges each into `state` with the core's import (as the
/// tablet applies a pull); returns the new cursor.
pub fn pull_all(hub: &Hub, token: &str, state: &mut LocalState, mut cursor: i64, limit: usize) -> i64 {
    loop {
        let a = get(hub, Some(token), &format!("/api/pull?cursor={cursor}&limit={limit}"));
        assert_eq!(a.status, 200, "{}", a.body);
        ansinh_core::sync::bundle::import(state, a.body.as_bytes(), plan(), &Default::default())
            .expect("a pulled page imports");
        cursor = a.cursor.unwrap();
        if !a.more.unwrap() {
            return cursor;
        }
    }
}

/// Every current household a state holds, by id.
pub fn households(state: &LocalState) -> Vec<Uuid> {
    state.households().keys().copied().collect()
}

pub fn path_exists(p: &Path) -> bool {
    p.exists()
}
