//! An Sinh web app: a thin Leptos (client-side) shell over `ansinh-core`.
//!
//! Contract: domain logic lives in the core crate; this crate renders it, keeps it in the
//! browser's local storage (`storage`) and wires user actions. `main()` mounts the app.

pub mod app;
pub mod components;
pub mod context;
pub mod crypt;
pub mod download;
pub mod export;
pub mod file_worker;
pub mod hub_key;
pub mod lock;
pub mod office;
pub mod pages;
pub mod pull;
pub mod storage;
pub mod upload;

/// Entry point called by the `ansinh-app` binary that trunk builds.
pub fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
