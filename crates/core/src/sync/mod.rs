//! Sync: the bundle format and its merge, the record store (local storage's model, with its
//! key-value backend as the adapter), the outbox of bundles waiting for the hub, and pulls.

pub mod bundle;
pub mod outbox;
pub mod outbox_entry;
pub mod pull;
pub mod store;
