//! View models: what the app's pages show, computed from the domain, the engine and the store
//! (dashboard, overview, survey and figures forms, household and plan lists, search, list import).

pub mod dashboard;
pub mod figures_form;
pub mod household_index;
pub mod list_import;
pub mod overview;
pub mod plan_index;
pub mod search;
pub mod survey_form;
