//! `When`: its children while a condition holds, else an optional fallback.
//!
//! Contract: as leptos' `Show` — the condition is memoised, so the children are built when it
//! turns true, kept while it stays true (whatever else its signals do) and dropped when it
//! turns false.
//!
//! Why not `Show`: `Show<W, C>` is generic over the condition closure and the children's view
//! type, so every use compiles its own memo, render effect and two-branch view code (about
//! 1 KB of wasm each, 32 uses). `When` takes the condition and the children boxed, so all uses
//! share one copy (docs/benchmarks.md, "Release transfer size").

use std::sync::Arc;

use leptos::prelude::*;

/// A boxed condition: any `Fn() -> bool` converts into it (`when=move || …`).
pub struct Cond(Arc<dyn Fn() -> bool + Send + Sync>);

impl<F> From<F> for Cond
where
    F: Fn() -> bool + Send + Sync + 'static,
{
    fn from(f: F) -> Self {
        Cond(Arc::new(f))
    }
}

/// Shows `children` while `when` is true, else `fallback` (nothing by default).
///
/// Props:
/// - `when`: the condition (reactive: read inside a memo).
/// - `fallback`: what to show while it is false.
#[component]
pub fn When(#[prop(into)] when: Cond, children: ChildrenFn, #[prop(optional, into)] fallback: ViewFn) -> impl IntoView {
    let shown = Memo::new(move |_| (when.0)());
    move || if shown.get() { children() } else { fallback.run() }
}
