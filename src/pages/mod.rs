//! One module per page of the app, and `routes`: which page each path shows.

pub mod households;
pub mod indicators;
pub mod not_found;
pub mod overview;
pub mod plan;
pub mod reports;
pub mod routes;
pub mod sync;
