//! An Sinh core: the pure domain of the app (no leptos, web-sys or wasm-bindgen).
//!
//! Contract: everything here is deterministic, plain Rust, and tested natively with
//! `cargo test -p ansinh-core`. The Leptos app (`src/`) and the `ansinh` CLI (`crates/cli`)
//! are thin shells over these modules; the same code runs natively and in WASM.

pub mod aggregate;
pub mod bundle;
pub mod consent;
pub mod crypt;
pub mod dashboard;
pub mod dates;
pub mod engine;
pub mod figures_form;
pub mod growth;
pub mod household_index;
pub mod i18n;
pub mod json;
pub mod labour;
pub mod list_import;
pub mod org;
pub mod outbox;
pub mod overview;
pub mod person;
pub mod pin;
pub mod plan;
pub mod plan_index;
pub mod pull;
pub mod report;
pub mod search;
pub mod skip;
pub mod sort;
pub mod store;
pub mod survey;
pub mod survey_form;
pub mod synth;
