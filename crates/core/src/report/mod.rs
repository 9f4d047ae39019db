//! Yearly reports (báo cáo kết quả thực hiện Kế hoạch) of section IV of the plan: one per org
//! unit (a commune-level unit or the district) and year.
//!
//! Contract:
//! - A `Report` is a record like a household (`meta` with UUID and timestamps), stored one key
//!   per record and carried in bundles as it is (`bundle::RecordVersion::Report`: one type
//!   from the form to the file, the store and the hub). Its JSON shape: `meta`, `org_unit_id`, `year`, `content` (header, task progress,
//!   difficulties, proposals, adjustments, recipients, signatory), `finalised` (the snapshot,
//!   or null while a draft), `history` (the audit trail).
//! - A draft's indicator table is never stored: it is built from the engine's `Evaluation`
//!   each time (`Report::table`), so it always shows live figures. `finalise` freezes the rows
//!   with the time and the person; from then on the table is the snapshot, whatever the survey
//!   records become, and `edit` is refused with `ReportError::Finalised`.
//! - `reopen` needs a non-empty reason; every finalise and reopen appends one `AuditEntry`
//!   (who, when, what, why) that is never removed.
//! - Defaults come from the plan: the issuing body from the org unit in the plan's own header
//!   style, the title from the plan's document identity, the recipients from the deadline's
//!   addressees (a commune) or the plan's own list (the district), the signature block.
//! - Pure: no clock, randomness or I/O; ids and times are passed in.

mod deadline;
mod rollup;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use deadline::*;
pub use rollup::*;

use crate::domain::org::OrgKind;
use crate::domain::plan::{Plan, Recipient, Signatory, Target, Unit};
use crate::domain::survey::RecordMeta;
use crate::engine::{EngineError, Evaluation, Status};
use crate::i18n::Text;

/// Symbol after the slash of a report's number ("Số: 15/BC-UBND").
pub const REPORT_SYMBOL: &str = "BC-UBND";

/// Why a report operation was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ReportError {
    #[error("the report is finalised; reopen it before editing")]
    Finalised,
    #[error("the report is not finalised")]
    NotFinalised,
    #[error("reopening a report needs a reason")]
    EmptyReason,
    #[error("unknown org unit {0}")]
    UnknownOrgUnit(String),
    #[error("{0} is a village; reports are made by communes, the town and the district")]
    NotReportingUnit(String),
    #[error("the evaluation (year {found_year}) does not cover unit {org_unit_id} in {year}")]
    EvaluationMismatch { org_unit_id: String, year: i32, found_year: i32 },
    #[error("the indicators could not be computed: {0}")]
    Engine(#[from] EngineError),
}

impl ReportError {
    /// What to tell the user, Vietnamese first.
    pub fn message(&self) -> Text {
        match self {
            ReportError::Finalised => Text::new(
                "Báo cáo đã hoàn tất; phải mở lại (ghi rõ lý do) trước khi sửa.",
                "The report is finalised; reopen it (with a reason) before editing.",
            ),
            ReportError::NotFinalised => Text::new("Báo cáo chưa hoàn tất.", "The report is not finalised."),
            ReportError::EmptyReason => {
                Text::new("Cần ghi lý do mở lại báo cáo.", "Give the reason for reopening the report.")
            }
            ReportError::UnknownOrgUnit(id) => {
                Text::new(format!("Không rõ đơn vị hành chính {id}."), format!("Unknown org unit {id}."))
            }
            ReportError::NotReportingUnit(id) => Text::new(
                format!("{id} là thôn, tổ dân phố; báo cáo do xã, thị trấn hoặc huyện lập."),
                format!("{id} is a village; reports are made by the communes, the town and the district."),
            ),
            ReportError::EvaluationMismatch { org_unit_id, year, found_year } => Text::new(
                format!("Số liệu chỉ tiêu (năm {found_year}) không có đơn vị {org_unit_id} năm {year}."),
                format!("The indicator figures (year {found_year}) do not cover unit {org_unit_id} in {year}."),
            ),
            ReportError::Engine(e) => Text::new(
                format!("Không tính được chỉ tiêu: {e}"),
                format!("The indicators could not be computed: {e}"),
            ),
        }
    }
}

/// Progress of one task of section III in the reporting year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    #[default]
    NotStarted,
    InProgress,
    Done,
    NotApplicable,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] =
        [TaskStatus::NotStarted, TaskStatus::InProgress, TaskStatus::Done, TaskStatus::NotApplicable];

    pub fn label(self) -> Text {
        match self {
            TaskStatus::NotStarted => Text::new("Chưa triển khai", "Not started"),
            TaskStatus::InProgress => Text::new("Đang triển khai", "In progress"),
            TaskStatus::Done => Text::new("Đã hoàn thành", "Done"),
            TaskStatus::NotApplicable => Text::new("Không áp dụng", "Not applicable"),
        }
    }
}

/// What a unit did on one task of section III.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskProgress {
    pub task_id: String,
    pub status: TaskStatus,
    /// Kết quả thực hiện: what was done, in the unit's words.
    pub narrative: String,
}

/// The document header (Decree 30/2020 layout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportHeader {
    /// Issuing body as printed, e.g. "ỦY BAN NHÂN DÂN XÃ ĐẮK KÔI".
    pub issuing_body: String,
    /// Number before the slash; `None` until the office numbers it ("Số: /BC-UBND").
    pub number: Option<u32>,
    /// Symbol after the slash, `REPORT_SYMBOL` by default.
    pub symbol: String,
    /// Place of issue, e.g. "Đắk Kôi".
    pub place: String,
    /// Date of issue; `None` until signed.
    #[serde(default, with = "crate::base::dates::ymd_opt")]
    pub date: Option<NaiveDate>,
    /// Subject line.
    pub title: String,
}

impl ReportHeader {
    /// "Số: 15/BC-UBND", or "Số: /BC-UBND" while the number is blank.
    pub fn number_line(&self) -> String {
        match self.number {
            Some(n) => format!("Số: {n}/{}", self.symbol),
            None => format!("Số: /{}", self.symbol),
        }
    }

    /// "Đắk Kôi, ngày 03 tháng 12 năm 2026", with blanks while the date is not set.
    pub fn place_date_line(&self) -> String {
        match self.date {
            Some(d) => format!("{}, ngày {:02} tháng {:02} năm {}", self.place, d.day(), d.month(), d.year()),
            None => format!("{}, ngày    tháng    năm", self.place),
        }
    }
}

/// The editable part of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportContent {
    pub header: ReportHeader,
    /// One entry per task of section III, in plan order.
    pub tasks: Vec<TaskProgress>,
    /// Khó khăn, vướng mắc.
    pub difficulties: String,
    /// Đề xuất, kiến nghị.
    pub proposals: String,
    /// Requested adjustments of the plan (điều chỉnh chỉ tiêu, nhiệm vụ).
    pub adjustments: String,
    /// Nơi nhận.
    pub recipients: Vec<Recipient>,
    pub signatory: Signatory,
}

impl ReportContent {
    /// The progress entry of a task, if the report has one.
    pub fn task(&self, task_id: &str) -> Option<&TaskProgress> {
        self.tasks.iter().find(|t| t.task_id == task_id)
    }

    /// Sets a task's status and narrative, adding the entry if the plan gained the task later.
    pub fn set_task(&mut self, task_id: &str, status: TaskStatus, narrative: impl Into<String>) {
        let narrative = narrative.into();
        match self.tasks.iter_mut().find(|t| t.task_id == task_id) {
            Some(t) => {
                t.status = status;
                t.narrative = narrative;
            }
            None => self.tasks.push(TaskProgress { task_id: task_id.to_owned(), status, narrative }),
        }
    }
}

/// One line of the indicator table (Biểu tổng hợp chỉ tiêu).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub indicator_id: String,
    /// The indicator's short name.
    pub name: Text,
    pub unit: Unit,
    /// Full precision, as the engine computed it.
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub target: Target,
    pub status: Status,
    /// The status in words when frozen (`IndicatorResult::status_label`: "3/7 đơn vị đã nhập").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_label: Option<Text>,
    /// Why no met/not met was claimed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<Text>,
    /// The survey coverage beside the value (survey-based indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Text>,
}

impl IndicatorRow {
    /// The status in words, as on the dashboard (older frozen rows: the status's label).
    pub fn status_words(&self) -> Text {
        self.status_label.clone().unwrap_or_else(|| self.status.label())
    }
}

/// The frozen figures of a finalised report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// When the report was finalised (the submission time judged against the deadline).
    #[serde(with = "crate::base::dates::stamp")]
    pub taken_at: DateTime<Utc>,
    pub by: String,
    /// Plan version the figures were computed under.
    pub plan_version: String,
    pub rows: Vec<IndicatorRow>,
}

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Finalised,
    Reopened,
}

impl AuditAction {
    pub fn label(self) -> Text {
        match self {
            AuditAction::Finalised => Text::new("Hoàn tất", "Finalised"),
            AuditAction::Reopened => Text::new("Mở lại", "Reopened"),
        }
    }
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    #[serde(with = "crate::base::dates::stamp")]
    pub at: DateTime<Utc>,
    pub by: String,
    pub action: AuditAction,
    /// Why (required when reopening).
    pub reason: Option<String>,
}

/// A yearly report of one org unit. Fields that must not change behind the audit trail are
/// private: the content changes through `edit`, the snapshot through `finalise`/`reopen`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub meta: RecordMeta,
    pub org_unit_id: String,
    pub year: i32,
    content: ReportContent,
    finalised: Option<Snapshot>,
    history: Vec<AuditEntry>,
}

impl Report {
    /// A new draft for a commune-level unit or the district, filled with the plan's defaults.
    pub fn new_draft(plan: &Plan, org_unit_id: &str, year: i32, meta: RecordMeta) -> Result<Report, ReportError> {
        let content = default_content(plan, org_unit_id, year)?;
        Ok(Report { meta, org_unit_id: org_unit_id.to_owned(), year, content, finalised: None, history: Vec::new() })
    }

    pub fn content(&self) -> &ReportContent {
        &self.content
    }

    /// Changes the content of a draft and stamps `updated_at`; refused once finalised.
    pub fn edit(&mut self, now: DateTime<Utc>, change: impl FnOnce(&mut ReportContent)) -> Result<(), ReportError> {
        if self.finalised.is_some() {
            return Err(ReportError::Finalised);
        }
        change(&mut self.content);
        self.meta.updated_at = now;
        Ok(())
    }

    pub fn is_finalised(&self) -> bool {
        self.finalised.is_some()
    }

    /// The frozen figures, while finalised.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.finalised.as_ref()
    }

    /// When the report was (last) finalised, while it is.
    pub fn finalised_at(&self) -> Option<DateTime<Utc>> {
        self.finalised.as_ref().map(|s| s.taken_at)
    }

    /// Every finalise and reopen, oldest first.
    pub fn history(&self) -> &[AuditEntry] {
        &self.history
    }

    /// The indicator table: the snapshot once finalised, else built from `evaluation` (which
    /// must be of the report's year and contain its unit).
    pub fn table(&self, plan: &Plan, evaluation: &Evaluation) -> Result<Vec<IndicatorRow>, ReportError> {
        match &self.finalised {
            Some(s) => Ok(s.rows.clone()),
            None => indicator_rows(plan, evaluation, &self.org_unit_id, self.year),
        }
    }

    /// Freezes the indicator rows of `evaluation` with the time and the person, and records it
    /// in the history.
    pub fn finalise(
        &mut self,
        plan: &Plan,
        evaluation: &Evaluation,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ReportError> {
        if self.finalised.is_some() {
            return Err(ReportError::Finalised);
        }
        let rows = indicator_rows(plan, evaluation, &self.org_unit_id, self.year)?;
        self.finalised =
            Some(Snapshot { taken_at: now, by: by.to_owned(), plan_version: evaluation.plan_version.clone(), rows });
        self.history.push(AuditEntry { at: now, by: by.to_owned(), action: AuditAction::Finalised, reason: None });
        self.meta.updated_at = now;
        Ok(())
    }

    /// Makes a finalised report a draft again (live figures, editable). The reason is kept.
    pub fn reopen(&mut self, reason: &str, by: &str, now: DateTime<Utc>) -> Result<(), ReportError> {
        if self.finalised.is_none() {
            return Err(ReportError::NotFinalised);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ReportError::EmptyReason);
        }
        self.finalised = None;
        self.history.push(AuditEntry {
            at: now,
            by: by.to_owned(),
            action: AuditAction::Reopened,
            reason: Some(reason.to_owned()),
        });
        self.meta.updated_at = now;
        Ok(())
    }
}

/// The indicator rows of `org_unit_id` in `evaluation`, in plan order, field for field the
/// engine's results.
pub fn indicator_rows(
    plan: &Plan,
    evaluation: &Evaluation,
    org_unit_id: &str,
    year: i32,
) -> Result<Vec<IndicatorRow>, ReportError> {
    let results = evaluation.for_org(org_unit_id);
    if evaluation.year != year || results.is_empty() {
        return Err(ReportError::EvaluationMismatch {
            org_unit_id: org_unit_id.to_owned(),
            year,
            found_year: evaluation.year,
        });
    }
    Ok(results
        .into_iter()
        .map(|r| IndicatorRow {
            indicator_id: r.indicator_id.clone(),
            name: plan.indicator(&r.indicator_id).map(|i| i.short_name.clone()).unwrap_or_else(|| {
                // An evaluation of another plan version may name an indicator this plan lacks.
                Text::new(r.indicator_id.clone(), r.indicator_id.clone())
            }),
            unit: r.unit,
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            target: r.target.clone(),
            status: r.status,
            status_label: Some(r.status_label()),
            status_reason: r.status_reason.as_ref().map(|why| why.text()),
            coverage: r.coverage.map(|c| c.label()),
        })
        .collect())
}

/// The plan's defaults for a new report of `org_unit_id`.
fn default_content(plan: &Plan, org_unit_id: &str, year: i32) -> Result<ReportContent, ReportError> {
    let unit = plan.org_units.get(org_unit_id).ok_or_else(|| ReportError::UnknownOrgUnit(org_unit_id.to_owned()))?;
    if unit.kind == OrgKind::Village {
        return Err(ReportError::NotReportingUnit(org_unit_id.to_owned()));
    }
    let district = unit.kind == OrgKind::District;
    let doc = &plan.document;
    let issuing_body = if district {
        doc.issuer_header.vi.clone()
    } else {
        format!("{}{}", issuer_prefix(plan), unit.name.vi.to_uppercase())
    };
    let place = if district { doc.place.clone() } else { strip_kind(&unit.name.vi).to_owned() };
    let number = match doc.number {
        Some(n) => format!("{n}/{}", doc.symbol),
        None => format!("…/{}", doc.symbol),
    };
    let date = doc.date.map(|d| format!(" ngày {:02}/{:02}/{}", d.day(), d.month(), d.year())).unwrap_or_default();
    let issuer = plan.agency(&doc.issuer).map(|a| format!(" của {}", a.name.vi)).unwrap_or_default();
    let title = format!("Báo cáo kết quả thực hiện {} số {number}{date}{issuer} năm {year}", doc.kind.vi);
    let header = ReportHeader { issuing_body, number: None, symbol: REPORT_SYMBOL.into(), place, date: None, title };
    let tasks = plan
        .tasks
        .iter()
        .map(|t| TaskProgress { task_id: t.id.clone(), status: TaskStatus::NotStarted, narrative: String::new() })
        .collect();
    let (recipients, signatory) = if district {
        (plan.recipients.clone(), plan.signatory.clone())
    } else {
        // The commune's own chairperson signs: keep the plan's block, blank the name.
        (commune_recipients(plan), Signatory { name: String::new(), ..plan.signatory.clone() })
    };
    Ok(ReportContent {
        header,
        tasks,
        difficulties: String::new(),
        proposals: String::new(),
        adjustments: String::new(),
        recipients,
        signatory,
    })
}

/// "ỦY BAN NHÂN DÂN " as the plan's own header writes it before the district's name.
fn issuer_prefix(plan: &Plan) -> String {
    let header = &plan.document.issuer_header.vi;
    let district = plan.org_units.district().map(|d| d.name.vi.to_uppercase()).unwrap_or_default();
    match header.strip_suffix(district.as_str()) {
        Some(prefix) if !district.is_empty() && !prefix.trim().is_empty() => prefix.to_owned(),
        _ => "ỦY BAN NHÂN DÂN ".to_owned(),
    }
}

/// "Xã Đắk Kôi" → "Đắk Kôi" (the place line names the place, not the unit).
fn strip_kind(name: &str) -> &str {
    ["Thị trấn ", "Xã ", "Huyện "].iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name)
}

/// A commune sends its report to the addressees of the plan's report deadline, for reporting,
/// and files a copy.
fn commune_recipients(plan: &Plan) -> Vec<Recipient> {
    let mut out: Vec<Recipient> = report_deadline(plan.deadlines())
        .map(|d| d.recipients.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|id| plan.agency(id))
        .map(|a| Recipient {
            agency: Some(a.id.clone()),
            name: Text::new(a.short_name.clone(), a.name.en.clone()),
            purpose: Some(Text::new("b/c", "for reporting")),
        })
        .collect();
    out.push(Recipient { agency: None, name: Text::new("Lưu: VT", "Filed: archive (VT)"), purpose: None });
    out
}
