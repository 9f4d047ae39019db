//! One module per page of the app, in navigation order.

pub mod households;
pub mod indicators;
pub mod list_import;
pub mod not_found;
pub mod overview;
pub mod plan;
pub mod reports;
pub mod sync;
