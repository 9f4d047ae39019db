//! What the app's start screen reads of the plan: the administrative units and the deadlines
//! of section IV (`PlanStart`), a projection of the one plan model, not a second model.
//!
//! Contract: `EMBEDDED_PLAN_START_JSON` is made by `build.rs` from the same plan file as
//! `EMBEDDED_PLAN_JSON` (its `org_units` and `organisation.deadlines`, same values);
//! `PlanStart::from_json` of it equals `Plan::embedded().start()` (tested natively). Why it
//! exists: the whole plan's decoder, validator and text are about a fifth of the app's start
//! module; Tổng quan needs only these two members, so the app decodes the whole plan in a lazy
//! chunk when a page that needs it opens (issue 22, first load).

use serde::Deserialize;

use super::{Deadline, Plan, PlanError};
use crate::domain::org::OrgUnits;

/// The plan's start projection, as `build.rs` writes it.
pub const EMBEDDED_PLAN_START_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/plan.start.json"));

/// The org units and the deadlines of a plan.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStart {
    pub org_units: OrgUnits,
    pub deadlines: Vec<Deadline>,
}

impl PlanStart {
    /// Parses a start projection. Its values are the plan's, which `Plan::from_json` validates
    /// in full when the whole plan is loaded; a shape error here says what is wrong without a
    /// path, like the app's whole-plan decoder (`Plan::from_json_untracked`).
    pub fn from_json(json: &str) -> Result<PlanStart, PlanError> {
        serde_json::from_str(json).map_err(|e| PlanError::Field {
            path: ".".into(),
            position: Some((e.line(), e.column())),
            detail: super::validate::strip_position(&e.to_string()),
        })
    }
}

impl Plan {
    /// This plan's start projection.
    pub fn start(&self) -> PlanStart {
        PlanStart { org_units: self.org_units.clone(), deadlines: self.organisation.deadlines.clone() }
    }

    /// The deadlines of section IV.
    pub fn deadlines(&self) -> &[Deadline] {
        &self.organisation.deadlines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_start_is_the_plans() {
        let start = PlanStart::from_json(EMBEDDED_PLAN_START_JSON).expect("start projection parses");
        assert_eq!(start, Plan::embedded().start());
        assert!(!start.deadlines.is_empty() && !start.org_units.0.is_empty());
    }

    #[test]
    fn a_damaged_start_projection_is_an_error_not_a_panic() {
        for bad in ["", "{}", r#"{"org_units": [], "deadlines": [], "tasks": []}"#, r#"{"org_units": 1}"#] {
            assert!(matches!(PlanStart::from_json(bad), Err(PlanError::Field { .. })), "{bad}");
        }
    }
}
