//! The yearly report's deadline and each report's submission status (đúng hạn / trễ hạn /
//! chưa nộp / chưa đến hạn).
//!
//! Contract:
//! - The report deadline is the plan's first deadline with a yearly schedule (section IV: the
//!   yearly report "trước ngày 05/12"). The report of year Y is due at its occurrence in Y, and
//!   `Deadline::occurrence_in` decides the last on-time day: for "trước ngày 05/12" it is 04/12,
//!   so a report finalised on 05/12 is late. Years before the schedule starts have no status.
//! - Days are dates in Vietnam (UTC+7, no daylight saving), where the deadline is set: a
//!   finalisation time (UTC) is turned into its Vietnamese date before the comparison; `today`
//!   is the caller's local date.
//! - A draft is not a submission. A report reopened and finalised again is judged by its latest
//!   finalisation: the figures the district reads were frozen then.
//! - Among several reports of one unit and year (a conflict, two tablets) the finalised one
//!   counts, the latest finalised if more than one; else the latest edited draft.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Report;
use crate::domain::plan::{Deadline, DueDate, Plan, Schedule};
use crate::i18n::Text;

/// Vietnam's offset from UTC (Indochina Time), in seconds.
pub const VIETNAM_UTC_OFFSET_SECS: i64 = 7 * 3600;

/// The date in Vietnam at instant `at`.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    (at + TimeDelta::seconds(VIETNAM_UTC_OFFSET_SECS)).date_naive()
}

/// Where a unit's report for a year stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Finalised on or before the last on-time day.
    OnTime,
    /// Finalised after the last on-time day.
    Late,
    /// Not finalised, and the deadline has passed.
    Missing,
    /// Not finalised, and there is still time.
    NotYetDue,
}

impl SubmissionStatus {
    pub fn label(self) -> Text {
        match self {
            SubmissionStatus::OnTime => Text::new("Đúng hạn", "On time"),
            SubmissionStatus::Late => Text::new("Trễ hạn", "Late"),
            SubmissionStatus::Missing => Text::new("Chưa nộp (quá hạn)", "Missing (overdue)"),
            SubmissionStatus::NotYetDue => Text::new("Chưa đến hạn", "Not yet due"),
        }
    }

    /// Snake-case code as serialized (for CSS classes and scripts).
    pub fn code(self) -> &'static str {
        match self {
            SubmissionStatus::OnTime => "on_time",
            SubmissionStatus::Late => "late",
            SubmissionStatus::Missing => "missing",
            SubmissionStatus::NotYetDue => "not_yet_due",
        }
    }
}

/// The deadline of the yearly report: the first yearly one of the plan's deadlines
/// (`Plan::deadlines`, or `PlanStart::deadlines` where only the start projection is loaded).
pub fn report_deadline(deadlines: &[Deadline]) -> Option<&Deadline> {
    deadlines.iter().find(|d| matches!(d.schedule, Schedule::Yearly { .. }))
}

/// When the report of `year` is due; `None` before the schedule starts.
pub fn report_due(deadlines: &[Deadline], year: i32) -> Option<DueDate> {
    report_deadline(deadlines)?.occurrence_in(year)
}

/// The status of a report due at `due`, finalised at `finalised_at` (if it is), seen on `today`.
pub fn submission_status(due: DueDate, finalised_at: Option<DateTime<Utc>>, today: NaiveDate) -> SubmissionStatus {
    match finalised_at {
        Some(at) if local_date(at) <= due.last_on_time => SubmissionStatus::OnTime,
        Some(_) => SubmissionStatus::Late,
        None if today > due.last_on_time => SubmissionStatus::Missing,
        None => SubmissionStatus::NotYetDue,
    }
}

/// The report that counts for a unit and year (see the module contract).
pub fn find_report<'a>(reports: &'a [Report], org_unit_id: &str, year: i32) -> Option<&'a Report> {
    reports
        .iter()
        .filter(|r| r.org_unit_id == org_unit_id && r.year == year)
        .max_by_key(|r| (r.finalised_at(), r.meta.updated_at, r.meta.id))
}

/// A unit's reporting for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingStatus {
    pub org_unit_id: String,
    pub year: i32,
    pub due: DueDate,
    pub status: SubmissionStatus,
    /// When the counted report was finalised.
    pub finalised_at: Option<DateTime<Utc>>,
    /// The counted report (finalised, or the draft in progress).
    pub report_id: Option<Uuid>,
    /// A draft exists but is not finalised.
    pub has_draft: bool,
}

/// The reporting status of `org_unit_id` for `year` on `today`; `None` when no report is due
/// that year.
pub fn reporting_status(
    plan: &Plan,
    reports: &[Report],
    org_unit_id: &str,
    year: i32,
    today: NaiveDate,
) -> Option<ReportingStatus> {
    let due = report_due(plan.deadlines(), year)?;
    let report = find_report(reports, org_unit_id, year);
    let finalised_at = report.and_then(Report::finalised_at);
    Some(ReportingStatus {
        org_unit_id: org_unit_id.to_owned(),
        year,
        due,
        status: submission_status(due, finalised_at, today),
        finalised_at,
        report_id: report.map(|r| r.meta.id),
        has_draft: report.is_some_and(|r| !r.is_finalised()),
    })
}

/// A report deadline that passed without a finalised report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueItem {
    pub deadline_id: String,
    /// What is due (the deadline's title).
    pub title: Text,
    pub org_unit_id: String,
    pub year: i32,
    pub due: DueDate,
    /// Days since the last on-time day (1 on the day after it).
    pub days_overdue: i64,
}

/// Report deadlines of the years `first_year` to `today`'s year that have passed on `today`
/// without a finalised report of the unit, for each of `org_unit_ids`; oldest first, then in
/// the order of the units given. `first_year` is the caller's choice (e.g. the year the unit
/// started using the app), so years reported on paper are not listed forever.
pub fn overdue(
    deadlines: &[Deadline],
    reports: &[Report],
    org_unit_ids: &[&str],
    first_year: i32,
    today: NaiveDate,
) -> Vec<OverdueItem> {
    let Some(deadline) = report_deadline(deadlines) else { return Vec::new() };
    let mut out = Vec::new();
    for year in first_year..=today.year() {
        let Some(due) = deadline.occurrence_in(year) else { continue };
        for &org in org_unit_ids {
            let finalised = find_report(reports, org, year).and_then(Report::finalised_at);
            if submission_status(due, finalised, today) == SubmissionStatus::Missing {
                out.push(OverdueItem {
                    deadline_id: deadline.id.clone(),
                    title: deadline.title.clone(),
                    org_unit_id: org.to_owned(),
                    year,
                    due,
                    days_overdue: (today - due.last_on_time).num_days(),
                });
            }
        }
    }
    out
}
