//! Small reusable components, one per file.

pub mod header;
pub mod lang_switch;
pub mod nav;
pub mod not_built;
pub mod notices;
pub mod plan_error;
pub mod plan_indicators;
pub mod plan_tasks;
pub mod next_deadline;
