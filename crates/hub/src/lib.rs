//! The district hub (`ansinh serve`): receives the tablets' bundles, merges them with the core's
//! merge into SQLite or PostgreSQL, and hands each unit's records back (`README.md`, "The
//! district hub").
//!
//! Contract: a thin shell over `ansinh-core`. Bundles are parsed and validated by
//! `bundle::parse_bundle`, each stored record merged with what the bundle carries of it by the
//! core's one record model (`bundle::Heads::merge`, `store`), and handed back as bundles the
//! same model fills (`Heads::carry`); records are stored as the core serialises them. No
//! record model of its own.

pub mod api;
pub mod cli;
pub mod db;
pub mod store;
pub mod tokens;

use chrono::{DateTime, SecondsFormat, Utc};

/// A time as stored: RFC 3339 UTC with milliseconds, fixed width, so text order is time order
/// in both databases.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Now, as stored.
pub fn now_text() -> String {
    stamp(Utc::now())
}
