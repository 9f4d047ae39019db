//! View model of Tổng quan (the overview), the page a commune official starts from: the year's
//! survey progress per village, what has not left the tablet yet, what waits for a decision,
//! and the one next action.
//!
//! Contract:
//! - Pure and deterministic: every input (records, sync counts, today) is given, so each number
//!   on the page is tested natively here; the app only draws it.
//! - Villages listed are those with a household surveyed in the year or an expected number
//!   entered for it (a tablet serves one commune; the district's other 40-odd villages would
//!   bury its own), in the order given.
//! - "Drafts with errors" (`drafts_with_errors`) are drafts of the year with at least one
//!   `Severity::Error` problem (a missing answer is normal in a draft and is not counted
//!   there). Apart from `overview` because it validates every draft: the app runs it behind a
//!   split point, so validation and the growth tables stay out of the start module.
//! - `next_action` is the first that applies of: conflicts waiting → resolve them; the yearly
//!   report due within `REPORT_SOON_DAYS` and no report of the year finalised on this device →
//!   write it; no household yet, or a village below its expected number → add a household;
//!   records not exported → export; otherwise add a household.
//! - `almost_empty`: a yearly report whose indicators are at least
//!   `ALMOST_EMPTY_PERCENT` % without data asks before it is finalised (it would freeze blanks).
//! - `status_counts` counts the indicators of the plan by status for one unit; indicators the
//!   evaluation has no result for count as `NoData` (never as met).

use chrono::{Datelike, NaiveDate};

use crate::domain::plan::{Deadline, Plan};
use crate::domain::skip::SkipRules;
use crate::domain::survey::{Completeness, Household, Severity};
use crate::engine::{Evaluation, Status};
use crate::report::{report_due, Report};
use crate::views::household_index::VillageProgress;

/// The yearly report becomes the next action this many days before it is due.
pub const REPORT_SOON_DAYS: i64 = 30;

/// What the overview proposes to do next (one button).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextAction {
    /// "Giải quyết xung đột" (Đồng bộ).
    ResolveConflicts,
    /// "Lập báo cáo" (Báo cáo).
    WriteReport,
    /// "Thêm hộ" (Hộ gia đình).
    AddHousehold,
    /// "Xuất dữ liệu" (Đồng bộ).
    Export,
}

/// Counts about what has not left the tablet, read from the store by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncCounts {
    /// Records changed since the last exported file.
    pub not_exported: usize,
    /// Records changed since the last upload; `None` when no upload address is set.
    pub not_sent: Option<usize>,
    /// Records with conflicting versions waiting for a choice.
    pub conflicts: usize,
}

/// Everything Tổng quan shows but the indicators and the drafts with errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub year: i32,
    /// Progress of the villages that have something this year (see the module contract).
    pub villages: Vec<VillageProgress>,
    /// Households surveyed in the year (every village), drafts included.
    pub surveyed: u32,
    pub complete: u32,
    pub drafts: u32,
    pub sync: SyncCounts,
    /// Days until the year's report is due (last day on time); `None` if the plan has none.
    pub report_due_in_days: Option<i64>,
    pub report_finalised: bool,
    pub next_action: NextAction,
}

/// The overview at `today` from the village progress rows (`household_index::village_progress`
/// for today's year), the stored households, reports and sync counts.
pub fn overview<'a>(
    deadlines: &[Deadline],
    progress: Vec<VillageProgress>,
    households: impl IntoIterator<Item = &'a Household>,
    reports: &[Report],
    sync: SyncCounts,
    today: NaiveDate,
) -> Overview {
    let year = today.year();
    let (mut surveyed, mut complete, mut drafts) = (0, 0, 0);
    for h in households.into_iter().filter(|h| h.survey_date.year() == year) {
        surveyed += 1;
        match h.completeness {
            Completeness::Complete => complete += 1,
            Completeness::Draft => drafts += 1,
        }
    }
    let behind = progress.iter().any(|v| v.expected.is_some_and(|e| i64::from(v.surveyed) < e));
    let villages: Vec<VillageProgress> =
        progress.into_iter().filter(|v| v.surveyed > 0 || v.expected.is_some()).collect();
    let report_due_in_days = report_due(deadlines, year).map(|d| (d.last_on_time - today).num_days());
    let report_finalised = reports.iter().any(|r| r.year == year && r.is_finalised());

    let report_soon = report_due_in_days.is_some_and(|d| (0..=REPORT_SOON_DAYS).contains(&d)) && !report_finalised;
    let next_action = if sync.conflicts > 0 {
        NextAction::ResolveConflicts
    } else if report_soon {
        NextAction::WriteReport
    } else if surveyed == 0 || behind {
        NextAction::AddHousehold
    } else if sync.not_exported > 0 {
        NextAction::Export
    } else {
        NextAction::AddHousehold
    };
    Overview { year, villages, surveyed, complete, drafts, sync, report_due_in_days, report_finalised, next_action }
}

/// Drafts surveyed in `year` with at least one error (see the module contract).
pub fn drafts_with_errors<'a>(plan: &Plan, households: impl IntoIterator<Item = &'a Household>, year: i32) -> u32 {
    let rules = SkipRules::from_plan(plan);
    let with_errors = households
        .into_iter()
        .filter(|h| h.survey_date.year() == year && matches!(h.completeness, Completeness::Draft))
        .filter(|h| h.validate_with(&rules).iter().any(|p| p.severity == Severity::Error))
        .count();
    u32::try_from(with_errors).unwrap_or(u32::MAX)
}

/// Where "Chưa có số liệu" (no data) sits in `dashboard::STATUSES`, and so in the counts of
/// `status_counts`.
pub const NO_DATA: usize = 7;
const _: () = assert!(matches!(crate::views::dashboard::STATUSES[NO_DATA], Status::NoData));

/// How many statuses `status_counts` counts: one per entry of `dashboard::STATUSES`.
pub const STATUS_KINDS: usize = crate::views::dashboard::STATUSES.len();

/// The number of the plan's indicators in each status for `org_id`, in
/// `dashboard::STATUSES` order (met, on track, behind, not met, few data, insufficient data,
/// partly entered, no data).
pub fn status_counts(plan: &Plan, eval: &Evaluation, org_id: &str) -> [usize; STATUS_KINDS] {
    let mut counts = [0; STATUS_KINDS];
    for i in &plan.indicators {
        let s = eval.result(&i.id, org_id).map_or(Status::NoData, |r| r.status);
        let k = crate::views::dashboard::STATUSES.iter().position(|x| *x == s).unwrap_or(NO_DATA);
        counts[k] += 1;
    }
    counts
}

/// From this share of indicators without data (percent), a report is "almost empty".
pub const ALMOST_EMPTY_PERCENT: usize = 90;

/// Whether counts from `status_counts` describe an almost empty report: at least
/// `ALMOST_EMPTY_PERCENT` % of the indicators without data ("Chưa có số liệu"; a figure too
/// small to judge is still a figure the report shows) and at least one indicator.
pub fn almost_empty(counts: [usize; STATUS_KINDS]) -> bool {
    let total: usize = counts.iter().sum();
    total > 0 && counts[NO_DATA] * 100 >= total * ALMOST_EMPTY_PERCENT
}
