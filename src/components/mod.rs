//! Small reusable components, one per file.

pub mod bad_entries;
pub mod dash_bar;
pub mod dash_compare;
pub mod dash_demo;
pub mod dash_exclusions;
pub mod dash_progress;
pub mod dash_select;
pub mod dash_status;
pub mod dash_table;
pub mod header;
pub mod household_form;
pub mod household_list;
pub mod lang_switch;
pub mod member_fields;
pub mod nav;
pub mod next_deadline;
pub mod not_built;
pub mod notices;
pub mod plan_error;
pub mod plan_indicators;
pub mod plan_tasks;
pub mod save_status;
pub mod storage_status;
pub mod online_status;
pub mod update_prompt;
