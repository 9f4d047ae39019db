//! The yearly report's deadline ("trước ngày 05/12"): the last on-time day is 04/12 in
//! Vietnam (UTC+7); statuses before, on and after it, across the year boundary, and the
//! overdue list of the overview page.

mod report_support;

use ansinh_core::domain::survey::Latrine;
use ansinh_core::engine::evaluate;
use ansinh_core::report::{
    find_report, local_date, overdue, report_deadline, report_due, reporting_status, submission_status, Report,
    SubmissionStatus,
};
use chrono::{DateTime, Utc};
use report_support::*;

use SubmissionStatus::*;

fn finalised(n: u128, org: &str, year: i32, when: DateTime<Utc>) -> Report {
    let mut r = draft(n, org, year);
    let ds = dataset(vec![latrine_household(n, "dak-koi-thon-1", Latrine::Hygienic)]);
    r.finalise(plan(), &evaluate(plan(), &ds, year).unwrap(), "Hoa", when).unwrap();
    r
}

#[test]
fn the_report_of_a_year_is_due_before_5_december_of_that_year() {
    assert_eq!(report_deadline(plan().deadlines()).unwrap().id, "commune-annual-report");
    let due = report_due(plan().deadlines(), 2026).unwrap();
    assert_eq!((due.reference, due.last_on_time), (d(2026, 12, 5), d(2026, 12, 4)));
    assert_eq!(report_due(plan().deadlines(), 2024).unwrap().last_on_time, d(2024, 12, 4));
    assert_eq!(report_due(plan().deadlines(), 2023), None, "the schedule starts in 2024");
}

#[test]
fn without_a_finalised_report_the_deadline_turns_missing_on_5_december() {
    let due = report_due(plan().deadlines(), 2026).unwrap();
    assert_eq!(submission_status(due, None, d(2026, 12, 3)), NotYetDue, "before");
    assert_eq!(submission_status(due, None, d(2026, 12, 4)), NotYetDue, "the last on-time day");
    assert_eq!(submission_status(due, None, d(2026, 12, 5)), Missing, "on 05/12 'before 05/12' is missed");
    assert_eq!(submission_status(due, None, d(2026, 12, 6)), Missing, "after");
    assert_eq!(submission_status(due, None, d(2027, 1, 3)), Missing, "next year, report of 2026");
    let next = report_due(plan().deadlines(), 2027).unwrap();
    assert_eq!(submission_status(next, None, d(2027, 1, 3)), NotYetDue, "next year, report of 2027");
}

#[test]
fn a_finalised_report_is_on_time_or_late_by_its_date_in_vietnam() {
    let due = report_due(plan().deadlines(), 2026).unwrap();
    // 16:59 UTC on 04/12 is 23:59 in Kon Rẫy: still 04/12.
    assert_eq!(local_date(at(2026, 12, 4, 16, 59)), d(2026, 12, 4));
    assert_eq!(submission_status(due, Some(at(2026, 12, 4, 16, 59)), d(2027, 1, 3)), OnTime);
    // 17:00 UTC on 04/12 is midnight of 05/12 in Kon Rẫy: late, though still 04/12 in UTC.
    assert_eq!(local_date(at(2026, 12, 4, 17, 0)), d(2026, 12, 5));
    assert_eq!(submission_status(due, Some(at(2026, 12, 4, 17, 0)), d(2026, 12, 5)), Late);
    assert_eq!(submission_status(due, Some(at(2026, 11, 20, 2, 0)), d(2026, 11, 21)), OnTime, "early");
    assert_eq!(submission_status(due, Some(at(2027, 1, 2, 2, 0)), d(2027, 1, 3)), Late, "next year");
    assert_eq!(SubmissionStatus::Late.label().vi, "Trễ hạn");
    assert_eq!(SubmissionStatus::Missing.code(), "missing");
}

#[test]
fn reporting_status_follows_the_report_that_counts() {
    let today = d(2026, 12, 10);
    // A draft only: missing, with the draft noted.
    let draft_only = vec![draft(1, KOI, YEAR)];
    let s = reporting_status(plan(), &draft_only, KOI, YEAR, today).unwrap();
    assert_eq!((s.status, s.has_draft, s.finalised_at, s.report_id), (Missing, true, None, Some(id(1))));
    // A finalised report beats a draft edited later (e.g. from another tablet).
    let mut later_draft = draft(2, KOI, YEAR);
    later_draft.meta.updated_at = at(2026, 12, 9, 0, 0);
    let reports = vec![later_draft, finalised(3, KOI, YEAR, at(2026, 12, 1, 3, 0))];
    assert_eq!(find_report(&reports, KOI, YEAR).unwrap().meta.id, id(3));
    let s = reporting_status(plan(), &reports, KOI, YEAR, today).unwrap();
    assert_eq!((s.status, s.has_draft, s.finalised_at), (OnTime, false, Some(at(2026, 12, 1, 3, 0))));
    // Other units and years are not mixed up.
    assert_eq!(reporting_status(plan(), &reports, TAN_LAP, YEAR, today).unwrap().status, Missing);
    assert_eq!(reporting_status(plan(), &reports, KOI, YEAR + 1, today).unwrap().status, NotYetDue);
    assert_eq!(reporting_status(plan(), &reports, KOI, 2023, today), None);
}

#[test]
fn reopened_after_the_deadline_and_finalised_again_is_late() {
    let mut r = finalised(1, KOI, YEAR, at(2026, 12, 1, 3, 0));
    let reports = vec![r.clone()];
    assert_eq!(reporting_status(plan(), &reports, KOI, YEAR, d(2026, 12, 20)).unwrap().status, OnTime);
    r.reopen("Bổ sung số liệu tháng 12", "Hoa", at(2026, 12, 15, 1, 0)).unwrap();
    let reports = vec![r.clone()];
    assert_eq!(reporting_status(plan(), &reports, KOI, YEAR, d(2026, 12, 20)).unwrap().status, Missing);
    let ds = dataset(vec![latrine_household(5, "dak-koi-thon-1", Latrine::Hygienic)]);
    r.finalise(plan(), &evaluate(plan(), &ds, YEAR).unwrap(), "Hoa", at(2026, 12, 16, 1, 0)).unwrap();
    let reports = vec![r];
    assert_eq!(reporting_status(plan(), &reports, KOI, YEAR, d(2026, 12, 20)).unwrap().status, Late);
}

#[test]
fn overdue_lists_passed_deadlines_without_a_finalised_report() {
    let reports = vec![
        finalised(1, KOI, 2025, at(2025, 11, 28, 2, 0)),
        finalised(2, TAN_LAP, 2025, at(2025, 12, 20, 2, 0)), // late, but not overdue
        draft(3, KOI, 2026),
    ];
    let units = [KOI, TAN_LAP, "dak-pne"];
    let list = |today| {
        overdue(plan().deadlines(), &reports, &units, 2025, today)
            .into_iter()
            .map(|o| (o.year, o.org_unit_id, o.days_overdue))
            .collect::<Vec<_>>()
    };
    // 2025: only Đắk Pne never reported. 04/12/2025 → 03/01/2027 is 365 + 30 days.
    let pne_2025 = (2025, "dak-pne".to_string(), 395);
    assert_eq!(list(d(2026, 12, 4)), vec![(2025, "dak-pne".to_string(), 365)], "2026 still on time");
    assert_eq!(
        list(d(2026, 12, 5)),
        vec![
            (2025, "dak-pne".to_string(), 366),
            (2026, KOI.to_string(), 1),
            (2026, TAN_LAP.to_string(), 1),
            (2026, "dak-pne".to_string(), 1),
        ]
    );
    let at_new_year = list(d(2027, 1, 3));
    assert_eq!(at_new_year[0], pne_2025);
    assert_eq!(at_new_year[1..].iter().map(|o| o.2).collect::<Vec<_>>(), [30, 30, 30]);
    assert_eq!(at_new_year.len(), 4, "the 2027 report is not due yet");
    let first = &overdue(plan().deadlines(), &reports, &units, 2025, d(2027, 1, 3))[0];
    assert_eq!((first.deadline_id.as_str(), first.due.reference), ("commune-annual-report", d(2025, 12, 5)));
    // Years before `first_year` are the caller's to leave out.
    assert_eq!(overdue(plan().deadlines(), &reports, &units, 2026, d(2027, 1, 3)).len(), 3);
}
