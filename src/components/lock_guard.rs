//! Keeps the router off every page while the app is locked (`src/lock.rs`).
//!
//! Contract: while `LockCtx::locked`, the address is `LOCK_PATH` (whose page is the lock screen) with the page the user was on
//! in `tiep` (set before the router starts when the app starts locked, and by navigation when
//! it locks later), so the page's components — the household form and its data included — are
//! unmounted (the form saves as it goes). Any other address reached while locked (the back
//! button) is sent there too. Unlocking navigates back to `tiep`.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::lock::{use_lock, LOCK_PATH};

/// The guard. No props; renders nothing.
#[component]
pub fn LockGuard() -> impl IntoView {
    let lock = use_lock();
    let navigate = use_navigate();
    let location = use_location();
    let query = use_query_map();
    Effect::new(move |_| {
        let locked = lock.locked.get();
        let path = location.pathname.get();
        let replace = NavigateOptions { replace: true, ..Default::default() };
        if locked && path != LOCK_PATH {
            // The router's `search` has no leading "?".
            let search = location.search.get_untracked();
            let here = if search.is_empty() { path } else { format!("{path}?{search}") };
            navigate(&crate::lock::parked(&here), replace);
        } else if !locked && path == LOCK_PATH {
            let back = query.with_untracked(|q| q.get("tiep")).filter(|t| t.starts_with('/') && !t.starts_with("//"));
            navigate(&back.unwrap_or_else(|| "/".to_owned()), replace);
        }
    });
}
