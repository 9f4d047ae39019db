//! An Sinh core: the pure domain of the app (no leptos, web-sys or wasm-bindgen).
//!
//! Contract: everything here is deterministic, plain Rust, and tested natively with
//! `cargo test -p ansinh-core`. The Leptos app (`src/`), the district hub (`crates/hub`) and the
//! `ansinh` CLI (`crates/cli`) are thin shells over these modules; the same code runs natively
//! and in WASM.
//!
//! The modules are grouped by layer; a layer uses only the layers listed before it (tests
//! aside, which may use `synth`):
//! - `base`: dates, JSON text, one stable sort and derived ids, written by hand for size
//!   (docs/benchmarks.md);
//! - `i18n`: the message catalog (Vietnamese first, English);
//! - `domain`: the plan, the org units, the household survey and its rules;
//! - `synth`: a synthetic district built from the domain, for demos, tests and benchmarks;
//! - `engine`: the indicator evaluation against the 2030 targets, and the aggregate export;
//! - `report`: the yearly report drafted from the engine's figures;
//! - `security`: encrypted bundles (age) and the tablet's PIN;
//! - `sync`: bundles and their merge, the record store, the outbox and the hub's pull;
//! - `views`: view models the app's pages render (dashboard, forms, lists, search).
//!
//! Inside `domain` too, the survey reads the plan (its checks take the plan's bounds) and the
//! plan never reads the survey (`tests/layers.rs` checks it).

pub mod base;
pub mod domain;
pub mod engine;
pub mod i18n;
pub mod report;
pub mod security;
pub mod sync;
pub mod synth;
pub mod views;
