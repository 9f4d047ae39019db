//! Searching the plan (Kế hoạch page): indicators and tasks by words and by lead agency.
//!
//! Contract: `PlanIndex::new` folds every searchable text of the plan once (names in both
//! languages, task texts and assignment lines, agency names and short names, ids), so each
//! keystroke only scans prepared strings. Results keep the plan's order.

use crate::domain::plan::{Indicator, Plan, Task};
use crate::views::search::{fold, Query};

/// Prepared search keys over one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanIndex {
    indicators: Vec<(usize, String)>,
    tasks: Vec<(usize, String)>,
}

/// What a search found, in plan order.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanMatches<'p> {
    pub indicators: Vec<&'p Indicator>,
    pub tasks: Vec<&'p Task>,
}

impl PlanIndex {
    pub fn new(plan: &Plan) -> Self {
        let agency_words = |ids: &[String]| -> String {
            ids.iter()
                .filter_map(|id| plan.agency(id))
                .map(|a| format!("{} {} {} {}", a.id, a.short_name, a.name.vi, a.name.en))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let indicators = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                let key = format!(
                    "#{} {} {} {} {} {}",
                    ind.id,
                    ind.name.vi,
                    ind.name.en,
                    ind.short_name.vi,
                    ind.short_name.en,
                    agency_words(std::slice::from_ref(&ind.lead_agency)),
                );
                (i, fold(&key))
            })
            .collect();
        let tasks = plan
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let key = format!(
                    "{} {} {} {} {} {} {}",
                    t.id,
                    t.text.vi,
                    t.text.en,
                    t.assignment.vi,
                    agency_words(&t.leads),
                    agency_words(&t.coordinating),
                    agency_words(&t.implementers),
                );
                (i, fold(&key))
            })
            .collect();
        PlanIndex { indicators, tasks }
    }

    /// Indicators and tasks matching every word of `query` and, when `lead` is given, led by
    /// that agency (an indicator's lead agency; a task's chủ trì).
    pub fn search<'p>(&self, plan: &'p Plan, query: &str, lead: Option<&str>) -> PlanMatches<'p> {
        let q = Query::new(query);
        let indicators = self
            .indicators
            .iter()
            .filter(|(_, key)| q.matches_folded(key))
            .map(|(i, _)| &plan.indicators[*i])
            .filter(|ind| lead.is_none_or(|a| ind.lead_agency == a))
            .collect();
        let tasks = self
            .tasks
            .iter()
            .filter(|(_, key)| q.matches_folded(key))
            .map(|(i, _)| &plan.tasks[*i])
            .filter(|t| lead.is_none_or(|a| t.leads.iter().any(|l| l == a)))
            .collect();
        PlanMatches { indicators, tasks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids<'a>(m: &PlanMatches<'a>) -> (Vec<&'a str>, Vec<&'a str>) {
        (m.indicators.iter().map(|i| i.id.as_str()).collect(), m.tasks.iter().map(|t| t.id.as_str()).collect())
    }

    #[test]
    fn empty_query_returns_the_whole_plan_in_order() {
        let plan = Plan::embedded();
        let m = PlanIndex::new(plan).search(plan, "  ", None);
        assert_eq!(m.indicators.len(), plan.indicators.len());
        assert_eq!(m.tasks.len(), plan.tasks.len());
        assert_eq!(m.indicators[0].id, "1");
    }

    #[test]
    fn words_without_diacritics_find_indicators_and_tasks() {
        let plan = Plan::embedded();
        let index = PlanIndex::new(plan);
        let (inds, _) = ids(&index.search(plan, "that nghiep", None));
        assert!(inds.contains(&"2") && inds.contains(&"3"), "{inds:?}");
        let (inds, tasks) = ids(&index.search(plan, "nuoc sach", None));
        assert!(inds.contains(&"31") && inds.contains(&"32"), "{inds:?}");
        assert!(tasks.iter().any(|t| t.starts_with("III.3.4.e")), "{tasks:?}");
        let (inds, tasks) = ids(&index.search(plan, "zzzz khong co", None));
        assert!(inds.is_empty() && tasks.is_empty());
    }

    #[test]
    fn lead_agency_filter_keeps_only_what_it_leads() {
        let plan = Plan::embedded();
        let index = PlanIndex::new(plan);
        let lead = plan.indicators.iter().find(|i| i.id == "8").unwrap().lead_agency.clone();
        let m = index.search(plan, "", Some(&lead));
        assert!(!m.indicators.is_empty());
        assert!(m.indicators.iter().all(|i| i.lead_agency == lead));
        assert!(m.indicators.iter().any(|i| i.id == "8"));
        assert!(m.tasks.iter().all(|t| t.leads.contains(&lead)));
        assert!(m.indicators.len() < plan.indicators.len());
    }
}
