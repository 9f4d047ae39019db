//! The hub's database: SQLite (one file, the default) or PostgreSQL, through one code path.
//!
//! Contract:
//! - Every query is a runtime query over `sqlx::Any` written in the SQL both databases accept
//!   (`$n` parameters, TEXT and BIGINT columns, no autoincrement): there is no database at build
//!   time, and one code path means one behaviour to test.
//! - The schema is versioned (`hub_schema`): `migrate` applies each missing step in its own
//!   transaction, in order, at start; a database from a newer build is refused.
//! - Records are stored as the core serialises them: one row per record (kind + id) holding its
//!   heads (`RecordVersion` JSON, oldest first, current last) and the versions they supersede
//!   (`VersionRef` JSON). The hub never has a record model of its own.
//! - `seq` is the hand-back cursor. Every bundle is merged in one transaction whose first
//!   statement takes the counter row (`hub_counter`), so writers are serialised and a record's
//!   `seq` is visible only after every smaller one: a puller that saw `seq = n` never misses a
//!   record with a smaller `seq` committed later.
//! - Writers also take their turn in the process first (`Db::write_turn`, a FIFO queue), before
//!   they hold a connection: SQLite's busy handler lets a waiting writer sleep with a growing
//!   back-off (up to 100 ms a try) and wake in no order, which was the tail of the tablets'
//!   acknowledgement latency; a queue hands the write lock over at once, in arrival order, and
//!   leaves the pool's connections to pulls meanwhile. The counter row stays the guarantee
//!   (several hubs on one PostgreSQL); the queue is only the order within one hub.
//! - `sent_by` (step 2) names the device whose bundle the stored state (heads and supersedes)
//!   is exactly, NULL when none is (the merge made something else, or the row predates step 2):
//!   that device already holds this state, so its pulls skip the row (`store::pull`).

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The schema steps, applied in order. Never edit a step that shipped: add one.
const MIGRATIONS: &[(i64, &str, &[&str])] = &[
    (
        1,
        "records, bundles, devices, refusals",
        &[
            "CREATE TABLE hub_counter (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL)",
            "INSERT INTO hub_counter (id, seq) VALUES (1, 0)",
            "CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, unit TEXT NOT NULL, seq BIGINT NOT NULL, \
         heads TEXT NOT NULL, supersedes TEXT NOT NULL, PRIMARY KEY (kind, id))",
            "CREATE INDEX records_seq ON records (seq)",
            "CREATE INDEX records_unit_seq ON records (unit, seq)",
            "CREATE TABLE bundles (bundle_id TEXT PRIMARY KEY, digest TEXT NOT NULL, device TEXT NOT NULL, \
         received_at TEXT NOT NULL, records BIGINT NOT NULL, written BIGINT NOT NULL)",
            "CREATE INDEX bundles_received ON bundles (received_at)",
            "CREATE TABLE devices (id TEXT PRIMARY KEY, unit TEXT NOT NULL, label TEXT NOT NULL, code_hash TEXT, \
         code_expires_at TEXT, token_hash TEXT, created_at TEXT NOT NULL, enrolled_at TEXT, revoked_at TEXT, \
         last_push_at TEXT, last_pull_at TEXT)",
            "CREATE UNIQUE INDEX devices_token ON devices (token_hash)",
            "CREATE UNIQUE INDEX devices_code ON devices (code_hash)",
            "CREATE TABLE refusals (id TEXT PRIMARY KEY, at TEXT NOT NULL, device TEXT NOT NULL, bundle_id TEXT, \
         status BIGINT NOT NULL, reason TEXT NOT NULL)",
            "CREATE INDEX refusals_at ON refusals (at)",
        ],
    ),
    (
        2,
        "records: the device whose bundle the stored state is",
        // NULL: no device sent exactly this state (a merge of several, or stored before step 2).
        &["ALTER TABLE records ADD COLUMN sent_by TEXT"],
    ),
];

/// The newest schema version this build knows.
pub fn schema_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Why the database could not be opened or prepared.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database address not understood (use a file path, sqlite://… or postgres://…): {0}")]
    Url(String),
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error("the database has schema version {found}, newer than this build's {known}: update ansinh")]
    Newer { found: i64, known: i64 },
}

/// The pool and what it connects to.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// The writers' queue (tokio's mutex is fair: first come, first served).
    writers: Arc<tokio::sync::Mutex<()>>,
}

/// Turns `--database` into a URL: `postgres://…`/`postgresql://…` and `sqlite:…` are taken as
/// given; anything else is a file path (created when missing).
pub fn database_url(arg: &str) -> Result<(String, Backend), DbError> {
    if arg.starts_with("postgres://") || arg.starts_with("postgresql://") {
        return Ok((arg.to_string(), Backend::Postgres));
    }
    if arg.starts_with("sqlite:") {
        return Ok((arg.to_string(), Backend::Sqlite));
    }
    if arg.contains("://") || arg.is_empty() {
        return Err(DbError::Url(arg.to_string()));
    }
    Ok((format!("sqlite://{arg}?mode=rwc"), Backend::Sqlite))
}

impl Db {
    /// Connects and brings the schema up to date.
    pub async fn open(arg: &str) -> Result<Db, DbError> {
        let db = Db::connect(arg).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Connects without touching the schema (`open` is this and `migrate`).
    pub async fn connect(arg: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let (url, backend) = database_url(arg)?;
        let options: AnyConnectOptions = url.parse().map_err(|_| DbError::Url(arg.to_string()))?;
        let pool = AnyPoolOptions::new()
            // SQLite has one writer at a time anyway; a few readers serve pulls meanwhile.
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 16,
            })
            // A request waits this long for a connection, then answers 503 (database busy or down).
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Writers queue instead of failing at once; FULL sync: an acknowledged
                        // bundle survives a power cut.
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    } else {
                        // The one join (`store::load_sql`, a bundle's keys against `records`)
                        // is an index lookup per key. Without statistics of the table (until
                        // autovacuum's first ANALYZE, a whole first day of uploads on a new
                        // hub) PostgreSQL took a hash join: a pass over every record per
                        // bundle, inside the writers' turn. No other query joins.
                        conn.execute("SET enable_hashjoin = off").await?;
                        conn.execute("SET enable_mergejoin = off").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if backend == Backend::Sqlite {
            // Readers do not block the writer; persistent in the file.
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        Ok(Db { pool, backend, writers: Arc::default() })
    }

    /// Waits for this hub's writers before this one to finish; hold the guard until the write
    /// transaction has committed or rolled back.
    pub async fn write_turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.writers.lock().await
    }

    /// Applies the missing schema steps, each in its own transaction.
    pub async fn migrate(&self) -> Result<(), DbError> {
        self.migrate_to(schema_version()).await
    }

    /// The schema version applied (0: none).
    pub async fn version(&self) -> Result<i64, DbError> {
        self.pool
            .execute("CREATE TABLE IF NOT EXISTS hub_schema (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            .await?;
        let current: Option<i64> =
            sqlx::query("SELECT MAX(version) AS v FROM hub_schema").fetch_one(&self.pool).await?.try_get("v")?;
        Ok(current.unwrap_or(0))
    }

    /// Applies the missing schema steps up to `target` (the tests make a database of an older
    /// build this way), each in its own transaction.
    pub async fn migrate_to(&self, target: i64) -> Result<(), DbError> {
        let current = self.version().await?;
        if current > schema_version() {
            return Err(DbError::Newer { found: current, known: schema_version() });
        }
        for (version, name, steps) in MIGRATIONS.iter().filter(|m| m.0 > current && m.0 <= target) {
            let mut tx = self.pool.begin().await?;
            for step in *steps {
                tx.execute(*step).await?;
            }
            sqlx::query("INSERT INTO hub_schema (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(*version)
                .bind(*name)
                .bind(crate::now_text())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Whether an error means the database cannot be reached now (answer 503, retry later) rather
/// than a bug or bad data.
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(d) => {
            // PostgreSQL: class 08 (connection), 53 (resources), 57P (shutdown); SQLite: BUSY/LOCKED.
            let code = d.code().map(|c| c.to_string()).unwrap_or_default();
            code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") || code == "5" || code == "6"
        }
        _ => false,
    }
}
