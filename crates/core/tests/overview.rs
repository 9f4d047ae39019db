//! Tổng quan's view model: per-village progress, drafts with errors, what has not left the
//! tablet, the indicators by status, and the next action.

use ansinh_core::domain::person::Sex;
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::*;
use ansinh_core::engine::evaluate;
use ansinh_core::report::Report;
use ansinh_core::views::household_index::{village_progress, VillageProgress};
use ansinh_core::views::overview::*;
use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn hh(n: u128, village: &str, date: NaiveDate, complete: bool) -> Household {
    let at = Utc.with_ymd_and_hms(2026, 10, 20, 3, 0, 0).unwrap();
    let commune = village.split("-thon-").next().unwrap();
    let mut h = Household::new(RecordMeta::new(Uuid::from_u128(n), at), commune, village, date);
    let mut head = Member::new(Uuid::from_u128(n * 100), "A Nhâm", Sex::Male, d(1980, 1, 1), Relation::Head);
    head.health_insurance = Some(true);
    h.members.push(head);
    if complete {
        h.completeness = Completeness::Complete;
    }
    h
}

const VILLAGES: [&str; 3] = ["dak-koi-thon-1", "dak-koi-thon-2", "dak-koi-thon-3"];

fn progress(hs: &[Household], expected: &[(&str, i64)]) -> Vec<VillageProgress> {
    let at = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
    let mut f = EnteredFigures::new(RecordMeta::new(Uuid::from_u128(900), at), "dak-koi", 2026);
    for (v, n) in expected {
        f.expected_households.insert((*v).into(), *n);
    }
    let villages: Vec<String> = VILLAGES.map(String::from).to_vec();
    village_progress(&villages, hs, [&f], 2026)
}

/// A scripted day: three households of thôn 1 this year (one complete, one draft with a date
/// of birth after the survey date, one plain draft) and one of last year.
fn day() -> Vec<Household> {
    let today = d(2026, 10, 20);
    let mut bad = hh(2, "dak-koi-thon-1", today, false);
    bad.members[0].date_of_birth = Some(d(2027, 1, 1));
    vec![
        hh(1, "dak-koi-thon-1", today, true),
        bad,
        hh(3, "dak-koi-thon-1", today, false),
        hh(4, "dak-koi-thon-2", d(2025, 10, 1), true),
    ]
}

#[test]
fn counts_after_a_day_of_work() {
    let plan = Plan::embedded();
    let hs = day();
    let sync = SyncCounts { not_exported: 4, not_sent: Some(2), conflicts: 0 };
    let o = overview(plan.deadlines(), progress(&hs, &[("dak-koi-thon-1", 3)]), &hs, &[], sync, d(2026, 10, 20));
    assert_eq!(o.year, 2026);
    assert_eq!((o.surveyed, o.complete, o.drafts, drafts_with_errors(plan, &hs, 2026)), (3, 1, 2, 1));
    // Only the village with something this year; thôn 2's household is of last year.
    assert_eq!(
        o.villages,
        vec![VillageProgress { village_id: "dak-koi-thon-1".into(), surveyed: 3, complete: 1, expected: Some(3) }]
    );
    assert_eq!(o.sync, sync);
    // 05/12 is the reference; the last day on time is 04/12: 45 days from 20/10.
    assert_eq!(o.report_due_in_days, Some(45));
    assert!(!o.report_finalised);
    // Every expected household surveyed, records not exported: export.
    assert_eq!(o.next_action, NextAction::Export);
}

#[test]
fn the_next_action_follows_the_day() {
    let plan = Plan::embedded();
    let today = d(2026, 10, 20);
    let none = SyncCounts::default();
    // Nothing yet: add a household.
    assert_eq!(
        overview(plan.deadlines(), progress(&[], &[]), &[], &[], none, today).next_action,
        NextAction::AddHousehold
    );
    let hs = day();
    // A village below its expected number: keep surveying, even with records to export.
    let behind = progress(&hs, &[("dak-koi-thon-1", 3), ("dak-koi-thon-3", 12)]);
    let unexported = SyncCounts { not_exported: 3, ..none };
    let o = overview(plan.deadlines(), behind.clone(), &hs, &[], unexported, today);
    assert_eq!(o.next_action, NextAction::AddHousehold);
    assert_eq!(
        o.villages.iter().map(|v| v.village_id.as_str()).collect::<Vec<_>>(),
        ["dak-koi-thon-1", "dak-koi-thon-3"]
    );
    // Everything exported and nobody behind: add another household.
    let done = progress(&hs, &[("dak-koi-thon-1", 3)]);
    assert_eq!(overview(plan.deadlines(), done.clone(), &hs, &[], none, today).next_action, NextAction::AddHousehold);
    // Conflicts come first.
    let conflict = SyncCounts { conflicts: 1, ..unexported };
    assert_eq!(
        overview(plan.deadlines(), behind.clone(), &hs, &[], conflict, today).next_action,
        NextAction::ResolveConflicts
    );
    // Within 30 days of the report's deadline, the report comes before surveying.
    let soon = d(2026, 11, 20);
    assert_eq!(
        overview(plan.deadlines(), behind.clone(), &hs, &[], unexported, soon).next_action,
        NextAction::WriteReport
    );
    // …unless this year's report is finalised on this tablet.
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 3, 0, 0).unwrap();
    let mut report = Report::new_draft(plan, "dak-koi", 2026, RecordMeta::new(Uuid::from_u128(77), at)).unwrap();
    let eval = evaluate(plan, &Dataset::default(), 2026).unwrap();
    report.finalise(plan, &eval, "Cán bộ xã", at).unwrap();
    let o = overview(plan.deadlines(), behind, &hs, &[report], unexported, soon);
    assert!(o.report_finalised);
    assert_eq!(o.next_action, NextAction::AddHousehold);
    // After the deadline the report is no longer "soon" (the overdue list says it instead).
    let late = d(2026, 12, 10);
    assert_eq!(overview(plan.deadlines(), done, &hs, &[], unexported, late).next_action, NextAction::Export);
}

#[test]
fn indicators_by_status_cover_the_whole_plan() {
    let plan = Plan::embedded();
    let empty = evaluate(plan, &Dataset::default(), 2026).unwrap();
    let c = status_counts(plan, &empty, "kon-ray");
    assert_eq!(c.iter().sum::<usize>(), plan.indicators.len());
    assert_eq!(c[NO_DATA], plan.indicators.len(), "no data: every indicator is 'no data', none met");
    let ds = Dataset { households: day(), ..Default::default() };
    let some = evaluate(plan, &ds, 2026).unwrap();
    let c = status_counts(plan, &some, "kon-ray");
    assert_eq!(c.iter().sum::<usize>(), plan.indicators.len());
    assert!(c[NO_DATA] < plan.indicators.len(), "some indicator has data: {c:?}");
}

#[test]
fn a_report_without_data_is_almost_empty() {
    let plan = Plan::embedded();
    let empty = evaluate(plan, &Dataset::default(), 2026).unwrap();
    assert!(almost_empty(status_counts(plan, &empty, "dak-koi")));
    // The edge: 90 % without data is almost empty, below it is not.
    // Counts with `met` indicators met and `none` without data.
    let c = |met: usize, none: usize| {
        let mut c = [0; STATUS_KINDS];
        c[0] = met;
        c[NO_DATA] = none;
        c
    };
    assert!(almost_empty(c(1, 9)));
    assert!(!almost_empty(c(2, 9)));
    // A figure too small to judge is still a figure: not "no data".
    let mut few = c(0, 9);
    few[NO_DATA - 1] = 2;
    assert!(!almost_empty(few));
    assert!(!almost_empty([0; STATUS_KINDS]), "no indicator at all is not a warning about data");
}
