//! The plan the formula tests evaluate: the embedded plan without the rules of "enough data"
//! (no coverage or minimum count, drafts counted). Those tests check something else on a
//! handful of draft records; the rules themselves are tested in `engine_sufficiency.rs`.

use ansinh_core::domain::plan::Plan;

pub fn relaxed_plan() -> &'static Plan {
    static PLAN: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    PLAN.get_or_init(|| {
        let mut p = Plan::embedded().clone();
        p.params.sufficiency.min_coverage_percent = 0.0;
        p.params.sufficiency.min_denominator = 0;
        p.params.sufficiency.drafts_count = true;
        for i in &mut p.indicators {
            i.min_denominator = None;
        }
        p
    })
}
