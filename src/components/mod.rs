//! Small reusable components, one per file.

pub mod header;
pub mod lang_switch;
pub mod nav;
pub mod not_built;
pub mod notices;
