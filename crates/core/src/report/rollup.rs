//! The district roll-up (tổng hợp toàn huyện): who reported, one table of every indicator per
//! commune and for the district, and the district's consolidated report draft.
//!
//! Contract:
//! - Input: the plan, the whole dataset (the households and figures of every commune, as merged
//!   from their bundles), every report, a year and today's local date.
//! - Reporting: per commune-level unit of the org tree, in file order, its `ReportingStatus`
//!   (see `deadline`); `None` for a year the schedule does not cover.
//! - Table: one row per indicator in plan order, one cell per commune-level unit and one for the
//!   district, all from *one* `engine::evaluate` of the whole dataset. The district cell is the
//!   engine's district result, computed from every record (numerators and denominators over all
//!   households), never an average of the commune values. Cells are the live figures, also for
//!   communes whose report is finalised: the table and the district total must add up.
//! - Consolidated draft: a district `Report` whose difficulties, proposals and adjustments quote
//!   each commune's *finalised* report (a draft is not a submission), one paragraph per commune
//!   labelled with its name, in org order; empty texts are skipped.

use chrono::NaiveDate;

use super::{find_report, reporting_status, Report, ReportError, ReportingStatus};
use crate::domain::plan::{Plan, Target, Unit};
use crate::domain::survey::{Dataset, RecordMeta};
use crate::engine::{self, Evaluation, IndicatorResult, Status};
use crate::i18n::Text;

/// One unit's figure in the roll-up table.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupCell {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub status: Status,
    /// The status in words, the same as on the dashboard ("3/7 đơn vị đã nhập").
    pub status_label: Text,
    /// The survey coverage beside the value (survey-based indicators).
    pub coverage: Option<Text>,
}

impl From<&IndicatorResult> for RollupCell {
    fn from(r: &IndicatorResult) -> Self {
        RollupCell {
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            status: r.status,
            status_label: r.status_label(),
            coverage: r.coverage.map(|c| c.label()),
        }
    }
}

/// One indicator across the communes and the district.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupRow {
    pub indicator_id: String,
    /// The indicator's short name.
    pub name: Text,
    pub unit: Unit,
    pub target: Target,
    /// In the order of `Rollup::communes`.
    pub communes: Vec<RollupCell>,
    pub district: RollupCell,
}

/// A commune-level unit's column and its reporting.
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneColumn {
    pub org_unit_id: String,
    pub name: Text,
    pub reporting: Option<ReportingStatus>,
}

/// Everything the district office sees for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollup {
    pub year: i32,
    pub district_id: String,
    pub communes: Vec<CommuneColumn>,
    pub table: Vec<RollupRow>,
    /// The consolidated district report draft.
    pub draft: Report,
}

/// The communes' own words, quoted for the district's report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quotes {
    pub difficulties: String,
    pub proposals: String,
    pub adjustments: String,
}

/// Evaluates the whole dataset for `year` and rolls it up (see the module contract). The draft
/// gets `draft_meta` (the caller supplies the id and the time).
pub fn district_rollup(
    plan: &Plan,
    dataset: &Dataset,
    reports: &[Report],
    year: i32,
    today: NaiveDate,
    draft_meta: RecordMeta,
) -> Result<Rollup, ReportError> {
    let evaluation = engine::evaluate(plan, dataset, year)?;
    rollup_evaluation(plan, &evaluation, reports, today, draft_meta)
}

/// The roll-up of an evaluation the caller already has (it must cover the whole dataset).
pub fn rollup_evaluation(
    plan: &Plan,
    evaluation: &Evaluation,
    reports: &[Report],
    today: NaiveDate,
    draft_meta: RecordMeta,
) -> Result<Rollup, ReportError> {
    let year = evaluation.year;
    let district_id = evaluation.district_id.clone();
    let units = plan.org_units.communes();
    let communes: Vec<CommuneColumn> = units
        .iter()
        .map(|u| CommuneColumn {
            org_unit_id: u.id.clone(),
            name: u.name.clone(),
            reporting: reporting_status(plan, reports, &u.id, year, today),
        })
        .collect();
    let mut table = Vec::with_capacity(plan.indicators.len());
    for ind in &plan.indicators {
        let cell = |org: &str| {
            evaluation.result(&ind.id, org).map(RollupCell::from).ok_or_else(|| ReportError::EvaluationMismatch {
                org_unit_id: org.to_owned(),
                year,
                found_year: evaluation.year,
            })
        };
        table.push(RollupRow {
            indicator_id: ind.id.clone(),
            name: ind.short_name.clone(),
            unit: ind.unit,
            target: ind.target.clone(),
            communes: units.iter().map(|u| cell(&u.id)).collect::<Result<_, _>>()?,
            district: cell(&district_id)?,
        });
    }
    let quotes = commune_quotes(plan, reports, year);
    let mut draft = Report::new_draft(plan, &district_id, year, draft_meta.clone())?;
    draft.edit(draft_meta.updated_at, |c| {
        c.difficulties = quotes.difficulties;
        c.proposals = quotes.proposals;
        c.adjustments = quotes.adjustments;
    })?;
    Ok(Rollup { year, district_id, communes, table, draft })
}

/// Each commune's finalised difficulties, proposals and adjustments for `year`, one paragraph
/// per commune: "Xã Đắk Kôi: …".
pub fn commune_quotes(plan: &Plan, reports: &[Report], year: i32) -> Quotes {
    let mut parts: [Vec<String>; 3] = Default::default();
    for unit in plan.org_units.communes() {
        let Some(report) = find_report(reports, &unit.id, year).filter(|r| r.is_finalised()) else { continue };
        let c = report.content();
        for (out, text) in parts.iter_mut().zip([&c.difficulties, &c.proposals, &c.adjustments]) {
            let text = text.trim();
            if !text.is_empty() {
                out.push(format!("{}: {text}", unit.name.vi));
            }
        }
    }
    let [difficulties, proposals, adjustments] = parts.map(|p| p.join("\n\n"));
    Quotes { difficulties, proposals, adjustments }
}
