//! The domain: what the plan is (indicators, targets, tasks, org units) and what a household
//! survey records, with the rules that decide which answers apply and are valid.

pub mod consent;
pub mod growth;
pub mod labour;
pub mod org;
pub mod person;
pub mod plan;
pub mod skip;
pub mod survey;
