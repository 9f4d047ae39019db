//! The indicator engine (bộ tính chỉ tiêu): every indicator of a `Plan`, for every org unit
//! (each village, each commune-level unit, the district), for one year, from a `Dataset`.
//!
//! Contract:
//! - **Which records count for year Y.** Households whose `survey_date` falls in calendar year Y,
//!   sorted by `sufficiency`: a household with a validation error is left out and listed; a
//!   draft counts toward coverage, and in the figures only when the plan says so. A missing
//!   answer only excludes that record from the indicators that need it, and is listed. A
//!   household that refused the notice on personal data processing (or could not answer) has
//!   no answers: it is left out of every indicator with reason `NoConsent` and counted apart in
//!   the coverage (`Coverage::refused`), never as a shortfall. Entered
//!   figures whose `year` is Y. Ages are completed days/months/years at each household's survey
//!   date (school ages of #11–#13: school-year start year − birth year); "last 12 months"
//!   answers are relative to that date. The reference year of the retirement schedule is Y.
//! - **Enough data to judge.** Coverage, minimum denominators and complete roll-ups decide
//!   whether a status may be claimed before the target does (`sufficiency`); trajectories are
//!   drawn only from earlier years that pass the same rules.
//! - **Placement.** A household counts in its village, that village's commune-level unit and the
//!   district. Urban/rural comes from the org units. A household whose village is unknown, or
//!   whose village does not belong to its `commune_id`, is excluded from everything with reason
//!   `UnknownOrgUnit`: it is listed in `Evaluation::unplaced` and in the exclusions of the
//!   district's result of every survey-based indicator (the only unit it surely belongs to).
//!   Entered figures for an unknown unit or a village are listed in `unplaced` too.
//! - **One linear pass.** Per year: one pass collecting incomes for the reference statistic of
//!   #1 (only when a plan indicator needs it), then one pass over households and members adding
//!   each record's contribution to its village's accumulator, then a roll-up of villages into
//!   communes and communes into the district (numerators, denominators and exclusions are
//!   summed); entered figures are merged per unit in one pass. No per-unit rescans, nothing
//!   quadratic. Earlier years are evaluated
//!   the same way, once each, for the trajectory baselines.
//! - **Every parameter comes from the plan's `Computation`**; the only binding kept here is which
//!   `EnteredFigures` field carries an office-entered indicator (see `entered`), because the
//!   plan data names the formula and not the form field.
//! - **Values keep full precision**; statuses are judged on them (not on the rounded display).
//!   `IndicatorResult::display_value` rounds with the plan's `reporting_decimals`.
//! - Statuses and the trajectory rule: see `status`.
//! - Pure: no I/O, clock or threads (compiled to wasm32 too).

pub mod aggregate;
mod compute;
mod entered;
mod facts;
mod index;
mod labels;
#[cfg(test)]
mod oracle;
mod raw;
mod status;
mod sufficiency;

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use crate::domain::plan::{Computation, Plan, Target, Unit};
use crate::domain::skip::SkipRules;
use crate::domain::survey::{Dataset, EnteredFigures, Household};
use crate::i18n::{Lang, Text};

pub use entered::entered_binding;
pub use labels::field_label;
pub use status::{distance, is_met, status, Baseline, Status};
pub use sufficiency::{judge, Coverage, StatusReason, UnitsEntered};

/// Why the engine cannot evaluate a plan at all.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EngineError {
    /// The plan's org units have no district root.
    #[error("the plan's org units have no district")]
    NoDistrict,
    /// A computation parameter the survey questionnaire cannot answer (e.g. a 6-month window
    /// when the questionnaire asks about the last 12 months).
    #[error("indicator {indicator}: {field}: {message}")]
    Unsupported { indicator: String, field: &'static str, message: String },
}

/// Why a record was left out of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExclusionReason {
    /// The household's village or commune is not in the plan's org units (or they disagree);
    /// for entered figures, the unit is unknown or is not a commune-level unit or the district.
    UnknownOrgUnit { commune_id: String, village_id: Option<String> },
    /// A needed answer is not given (field name as in the record's JSON).
    MissingAnswer { field: String },
    /// A needed answer is impossible (e.g. negative births).
    InvalidAnswer { field: String },
    /// The survey date is before the date of birth, so the age is unknown.
    BirthAfterSurveyDate,
    /// |z| beyond the plan's plausibility limit: excluded from the rate and to be re-measured.
    ImplausibleZScore { z: f64 },
    /// The measurement cannot be scored (age outside the WHO table, non-positive height, …).
    MeasurementNotUsable { message: Text },
    /// A commune-level unit has not entered a figure the district sum needs.
    NotEntered { field: String },
    /// Validation flags an error in the household (`field` as in the record's JSON, without
    /// the member's index — the exclusion names the member): the whole household is left out
    /// of every indicator.
    ValidationError { field: String, message: Text },
    /// The household refused the notice on personal data processing, or could not answer it:
    /// it holds no answers, so it is left out of every indicator (not a shortfall).
    NoConsent { answer: crate::domain::survey::ConsentAnswer },
}

impl ExclusionReason {
    /// Bilingual explanation for tables and the app.
    pub fn label(&self) -> Text {
        match self {
            ExclusionReason::UnknownOrgUnit { commune_id, village_id } => {
                let v = village_id.as_deref().unwrap_or("-");
                Text::new(
                    format!("Không rõ đơn vị hành chính (xã {commune_id}, thôn {v})"),
                    format!("Unknown org unit (commune {commune_id}, village {v})"),
                )
            }
            ExclusionReason::MissingAnswer { field } => {
                let f = field_label(field);
                Text::new(format!("Thiếu câu trả lời: {}", f.vi), format!("Missing answer: {}", f.en))
            }
            ExclusionReason::InvalidAnswer { field } => {
                let f = field_label(field);
                Text::new(format!("Câu trả lời không hợp lệ: {}", f.vi), format!("Invalid answer: {}", f.en))
            }
            ExclusionReason::BirthAfterSurveyDate => {
                Text::new("Ngày sinh sau ngày khảo sát", "Date of birth after the survey date")
            }
            ExclusionReason::ImplausibleZScore { z } => Text::new(
                format!("Chỉ số z = {z:.2} bất thường, cần đo lại"),
                format!("Implausible z-score {z:.2}, re-measure"),
            ),
            ExclusionReason::MeasurementNotUsable { message } => Text::new(
                format!("Số đo không dùng được: {}", message.vi),
                format!("Measurement not usable: {}", message.en),
            ),
            ExclusionReason::NotEntered { field } => {
                let f = field_label(field);
                Text::new(format!("Đơn vị chưa nhập: {}", f.vi), format!("Not entered by the unit: {}", f.en))
            }
            ExclusionReason::ValidationError { field, message } => {
                let f = field_label(field);
                Text::new(
                    format!("Phiếu có lỗi, không được tính ({}: {})", f.vi, message.vi),
                    format!("Record has an error and is not counted ({}: {})", f.en, message.en),
                )
            }
            ExclusionReason::NoConsent { answer } => {
                let a = answer.label();
                Text::new(
                    format!("Hộ không đồng ý cung cấp thông tin ({}), không được tính", a.vi.to_lowercase()),
                    format!("The household did not consent ({}) and is not counted", a.en.to_lowercase()),
                )
            }
        }
    }

    /// The child must be measured again (listed for re-measurement).
    pub fn needs_remeasurement(&self) -> bool {
        match self {
            ExclusionReason::ImplausibleZScore { .. } => true,
            // The form flags an implausible length/height as an error of the household.
            ExclusionReason::ValidationError { field, .. } => field == "height",
            _ => false,
        }
    }
}

/// A record left out of a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    /// Household or entered-figures record id (`None` for a figure never entered).
    pub record_id: Option<Uuid>,
    /// The member, for person-level exclusions.
    pub member_id: Option<Uuid>,
    /// The village of a household, or the unit of a figure.
    pub org_unit_id: String,
    pub reason: ExclusionReason,
}

/// One part of a composite or grouped result: the age groups of the fertility rate, the
/// households/schools/stations of #33, the diseases of #26.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub label: Text,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    /// A qualitative status or remark (e.g. the disease assessment's note).
    pub note: Option<Text>,
}

/// One indicator for one org unit and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorResult {
    pub indicator_id: String,
    pub org_unit_id: String,
    pub year: i32,
    pub unit: Unit,
    /// Full precision; `None` when there is no data. Yes/no indicators: 1 = yes, 0 = no.
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Records the value rests on: persons or households for survey indicators (the unit of
    /// the denominator's count; households for area and reception sums), figure records for
    /// entered ones.
    pub records_used: u64,
    pub excluded: Vec<Exclusion>,
    pub target: Target,
    pub target_year: i32,
    pub status: Status,
    /// The first earlier year with data, when the trajectory line was drawn from it.
    pub baseline: Option<Baseline>,
    pub components: Vec<Component>,
    /// Why there is no value, or how it was obtained (e.g. summed over communes).
    pub note: Option<Text>,
    /// Survey coverage of the unit (survey-based indicators only): shown beside the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
    /// Entered figures rolled up from the commune-level units: how many entered them (and
    /// which did not). Set when the district's figure is a sum over the communes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units_entered: Option<UnitsEntered>,
    /// Why the status is not met/not met (`insufficient_data`, `few_data`, `partly_entered`);
    /// put into words when shown (serialized as its words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<StatusReason>,
}

impl IndicatorResult {
    /// The value rounded for display: counts as integers, yes/no as Đạt/Chưa đạt, everything
    /// else with `decimals` (the plan's `reporting_decimals`); "–" without data.
    pub fn display_value(&self, decimals: u8, lang: Lang) -> String {
        format_value(self.value, self.unit, decimals, lang)
    }

    /// The status in words, the same everywhere (dashboard, report, roll-up, `ansinh eval`):
    /// "3/7 đơn vị đã nhập" for a partial roll-up, else the status's label.
    pub fn status_label(&self) -> Text {
        match (&self.units_entered, self.status) {
            (Some(u), Status::PartlyEntered) => u.label(),
            (_, s) => s.label(),
        }
    }

    /// Records to re-measure (implausible z-scores) among the exclusions.
    pub fn remeasurements(&self) -> impl Iterator<Item = &Exclusion> {
        self.excluded.iter().filter(|e| e.reason.needs_remeasurement())
    }
}

/// Formats a value of `unit` for display (see `IndicatorResult::display_value`).
pub fn format_value(value: Option<f64>, unit: Unit, decimals: u8, lang: Lang) -> String {
    let Some(v) = value else { return "–".into() };
    match unit {
        Unit::Status => {
            let t = if v >= 1.0 { Text::new("Đạt", "Yes") } else { Text::new("Chưa đạt", "No") };
            t.get(lang).to_owned()
        }
        Unit::Count => format!("{v:.0}"),
        _ => localise_decimal(format!("{v:.*}", usize::from(decimals)), lang),
    }
}

/// The unit written after a value or target ("%", "/10.000 dân", "m²/người"); empty for
/// counts and statuses, whose words say it already.
pub fn unit_suffix(unit: Unit, lang: Lang) -> &'static str {
    match (unit, lang) {
        (Unit::Percent, _) => "%",
        (Unit::Per10000People, Lang::Vi) => " /10.000 dân",
        (Unit::Per10000People, Lang::En) => " per 10,000",
        (Unit::ChildrenPerWoman, Lang::Vi) => " con/phụ nữ",
        (Unit::ChildrenPerWoman, Lang::En) => " children/woman",
        (Unit::Years, Lang::Vi) => " tuổi",
        (Unit::Years, Lang::En) => " years",
        (Unit::SquareMetresPerPerson, Lang::Vi) => " m²/người",
        (Unit::SquareMetresPerPerson, Lang::En) => " m²/person",
        (Unit::Count | Unit::Status, _) => "",
    }
}

/// Vietnamese writes a decimal comma ("1,5"); English a decimal point.
pub fn localise_decimal(formatted: String, lang: Lang) -> String {
    match lang {
        Lang::Vi => formatted.replace('.', ","),
        Lang::En => formatted,
    }
}

/// The target in a short human form ("≥ 50", "1.5–2", "≈ 2.1 ± 0.1", "đạt", "→ 0").
pub fn format_target(target: &Target, lang: Lang) -> String {
    let text = match target {
        Target::AtLeast { value } => format!("≥ {value}"),
        Target::MoreThan { value } => format!("> {value}"),
        Target::Below { value } => format!("< {value}"),
        Target::Range { min, max, .. } => format!("{min}–{max}"),
        Target::About { value, tolerance, .. } if *tolerance > 0.0 => format!("≈ {value} ± {tolerance}"),
        Target::About { value, .. } => format!("≈ {value}"),
        Target::Status { .. } => Text::new("đạt", "yes").get(lang).to_owned(),
        Target::DecreasingToZero => "→ 0".into(),
    };
    localise_decimal(text, lang)
}

/// The target with its unit, as an official reads it: "≥ 100%", "> 40 giường/10.000 dân",
/// "≈ 2,1 ± 0,1 con/phụ nữ", "đạt", "→ 0 hộ".
pub fn format_target_with_unit(ind: &crate::domain::plan::Indicator, lang: Lang) -> String {
    use crate::domain::plan::HealthResource;
    let t = format_target(&ind.target, lang);
    let unit: String = match (&ind.computation, lang) {
        (Computation::PerPopulation { resource, .. }, Lang::Vi) => {
            let what = match resource {
                HealthResource::HospitalBeds => "giường",
                HealthResource::Doctors => "bác sĩ",
                HealthResource::Pharmacists => "dược sĩ",
                HealthResource::Nurses => "điều dưỡng viên",
            };
            format!(" {what}/10.000 dân")
        }
        (Computation::PerPopulation { resource, .. }, Lang::En) => {
            let what = match resource {
                HealthResource::HospitalBeds => "beds",
                HealthResource::Doctors => "doctors",
                HealthResource::Pharmacists => "pharmacists",
                HealthResource::Nurses => "nurses",
            };
            format!(" {what} per 10,000 people")
        }
        (Computation::TemporaryHousingCount { .. }, Lang::Vi) => " hộ".into(),
        (Computation::TemporaryHousingCount { .. }, Lang::En) => " households".into(),
        _ => unit_suffix(ind.unit, lang).into(),
    };
    let below = match (&ind.target, lang) {
        (Target::Range { below_is_met: true, .. }, Lang::Vi) => " (thấp hơn cũng đạt)",
        (Target::Range { below_is_met: true, .. }, Lang::En) => " (lower is met too)",
        _ => "",
    };
    format!("{t}{unit}{below}")
}

/// All results of one evaluation: indicator-major, in plan order, org units in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub plan_id: String,
    pub plan_version: String,
    pub year: i32,
    pub reporting_decimals: u8,
    pub district_id: String,
    pub indicator_ids: Vec<String>,
    pub org_unit_ids: Vec<String>,
    /// Households of the year placed in the org tree and counted in the indicators.
    pub households_used: u64,
    pub results: Vec<IndicatorResult>,
    /// Records of the year that could not be placed in the org tree.
    pub unplaced: Vec<Exclusion>,
    /// Survey coverage per org unit, in the order of `org_unit_ids`.
    #[serde(default)]
    pub coverage: Vec<Coverage>,
    /// Households left out because validation flags an error, with the reason.
    #[serde(default)]
    pub invalid: Vec<Exclusion>,
}

impl Evaluation {
    /// The result of indicator `indicator_id` for org unit `org_id`.
    pub fn result(&self, indicator_id: &str, org_id: &str) -> Option<&IndicatorResult> {
        let i = self.indicator_ids.iter().position(|x| x == indicator_id)?;
        let o = self.org_unit_ids.iter().position(|x| x == org_id)?;
        self.results.get(i * self.org_unit_ids.len() + o)
    }

    /// Every indicator for one org unit, in plan order.
    pub fn for_org(&self, org_id: &str) -> Vec<&IndicatorResult> {
        let Some(o) = self.org_unit_ids.iter().position(|x| x == org_id) else { return Vec::new() };
        let n = self.org_unit_ids.len();
        (0..self.indicator_ids.len()).filter_map(|i| self.results.get(i * n + o)).collect()
    }

    /// One indicator for every org unit, in file order.
    pub fn for_indicator(&self, indicator_id: &str) -> Vec<&IndicatorResult> {
        let Some(i) = self.indicator_ids.iter().position(|x| x == indicator_id) else { return Vec::new() };
        let n = self.org_unit_ids.len();
        self.results[i * n..(i + 1) * n].iter().collect()
    }

    /// Survey coverage of `org_id` (households counted, drafts, expected).
    pub fn coverage_of(&self, org_id: &str) -> Option<&Coverage> {
        let o = self.org_unit_ids.iter().position(|x| x == org_id)?;
        self.coverage.get(o)
    }

    /// Children to re-measure: implausible z-scores from the district's results (every placed
    /// record reaches it), and households left out because the form flags a length/height.
    pub fn remeasurements(&self) -> Vec<&Exclusion> {
        self.results
            .iter()
            .filter(|r| r.org_unit_id == self.district_id)
            .flat_map(|r| r.excluded.iter())
            .filter(|e| matches!(e.reason, ExclusionReason::ImplausibleZScore { .. }))
            .chain(self.invalid.iter().filter(|e| e.reason.needs_remeasurement()))
            .collect()
    }
}

/// Calendar years with survey households or entered figures, ascending.
pub fn years_with_data(dataset: &Dataset) -> Vec<i32> {
    let mut years: BTreeSet<i32> = dataset.households.iter().map(|h| h.survey_date.year()).collect();
    years.extend(dataset.figures.iter().map(|f| f.year));
    years.into_iter().collect()
}

/// The latest year with data, the default year to evaluate.
pub fn latest_year_with_data(dataset: &Dataset) -> Option<i32> {
    years_with_data(dataset).last().copied()
}

/// Evaluates every indicator of `plan` for every org unit in `year` (see the module contract).
pub fn evaluate(plan: &Plan, dataset: &Dataset, year: i32) -> Result<Evaluation, EngineError> {
    compute::check_supported(plan)?;
    let idx = index::OrgIndex::new(&plan.org_units)?;
    let n_org = idx.len();

    let mut households: BTreeMap<i32, Vec<&Household>> = BTreeMap::new();
    for h in &dataset.households {
        households.entry(h.survey_date.year()).or_default().push(h);
    }
    let mut figures: BTreeMap<i32, Vec<&EnteredFigures>> = BTreeMap::new();
    for f in &dataset.figures {
        figures.entry(f.year).or_default().push(f);
    }
    let none: Vec<&Household> = Vec::new();
    let no_figures: Vec<&EnteredFigures> = Vec::new();
    let year_data =
        |y: i32| (households.get(&y).unwrap_or(&none).as_slice(), figures.get(&y).unwrap_or(&no_figures).as_slice());

    let rules = SkipRules::from_plan(plan);
    // One year: sort the households (validation errors, drafts, coverage), then compute.
    let compute = |y: i32| {
        let (hh, ff) = year_data(y);
        let sel = sufficiency::select(plan, &idx, &rules, hh, ff);
        let mut ev = compute::compute_year(plan, &idx, &sel.counted, ff, y);
        sufficiency::list_invalid(plan, &idx, &mut ev.raws, &sel.invalid);
        (ev, sel)
    };
    let survey_coverage = |k: usize, coverage: &[Coverage]| {
        let ind = &plan.indicators[k / n_org];
        is_survey_based(&ind.computation).then(|| coverage[k % n_org])
    };

    // Baselines: the first earlier year with a value that passes the rules of "enough data".
    let mut baselines: Vec<Option<Baseline>> = vec![None; plan.indicators.len() * n_org];
    let earlier: BTreeSet<i32> = households.keys().chain(figures.keys()).copied().filter(|&y| y < year).collect();
    for y in earlier {
        let (year_eval, sel) = compute(y);
        for (k, (slot, raw)) in baselines.iter_mut().zip(&year_eval.raws).enumerate() {
            if slot.is_some() {
                continue;
            }
            let ind = &plan.indicators[k / n_org];
            let cov = survey_coverage(k, &sel.coverage);
            let den = survey_denominator(ind, raw);
            let gate = judge(plan, ind, raw.value, den, cov.as_ref(), raw.units_entered.as_ref());
            if gate.is_none() {
                *slot = raw.value.map(|value| Baseline { year: y, value });
            }
        }
    }

    let (current, sel) = compute(year);
    let mut results = Vec::with_capacity(current.raws.len());
    for (k, raw) in current.raws.into_iter().enumerate() {
        let ind = &plan.indicators[k / n_org];
        let org = idx.id(k % n_org);
        let baseline = baselines[k];
        let coverage = survey_coverage(k, &sel.coverage);
        let den = survey_denominator(ind, &raw);
        let gate = judge(plan, ind, raw.value, den, coverage.as_ref(), raw.units_entered.as_ref());
        let (st, status_reason) = match gate {
            Some((s, why)) => (s, Some(why)),
            None => (status(&ind.target, ind.target_year, year, raw.value, baseline), None),
        };
        let used_baseline = matches!(st, Status::OnTrack | Status::Behind).then_some(baseline).flatten();
        results.push(IndicatorResult {
            indicator_id: ind.id.clone(),
            org_unit_id: org.to_owned(),
            year,
            unit: ind.unit,
            value: raw.value,
            numerator: raw.numerator,
            denominator: raw.denominator,
            records_used: raw.records_used,
            excluded: raw.excluded,
            target: ind.target.clone(),
            target_year: ind.target_year,
            status: st,
            baseline: used_baseline,
            components: raw.components,
            note: raw.note,
            coverage,
            units_entered: raw.units_entered,
            status_reason,
        });
    }
    Ok(Evaluation {
        plan_id: plan.id.clone(),
        plan_version: plan.version.clone(),
        year,
        reporting_decimals: plan.params.reporting_decimals,
        district_id: idx.id(idx.district).to_owned(),
        indicator_ids: plan.indicators.iter().map(|i| i.id.clone()).collect(),
        org_unit_ids: plan.org_units.all().iter().map(|u| u.id.clone()).collect(),
        households_used: current.households_used,
        results,
        unplaced: current.unplaced,
        coverage: sel.coverage,
        invalid: sel.invalid.into_iter().map(|(_, e)| e).collect(),
    })
}

/// The count the minimum denominator applies to: the survey's (for #33, its households part,
/// not the entered schools or stations that may be the lowest part).
fn survey_denominator(ind: &crate::domain::plan::Indicator, raw: &raw::Raw) -> Option<f64> {
    match ind.computation {
        Computation::SanitationFacilities { .. } => raw.components.first().and_then(|c| c.denominator),
        _ => raw.denominator,
    }
}

/// Whether an indicator is computed (wholly or partly) from survey households.
pub fn is_survey_based(c: &Computation) -> bool {
    !matches!(
        c,
        Computation::EnteredStatus { .. }
            | Computation::EnteredValue { .. }
            | Computation::EnteredRatio { .. }
            | Computation::QualitativeStatus { .. }
            | Computation::PerPopulation { .. }
    )
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn targets_use_the_decimal_comma_in_vietnamese() {
        let range = Target::Range { min: 1.5, max: 2.0, below_is_met: false };
        assert_eq!(format_target(&range, Lang::Vi), "1,5–2");
        assert_eq!(format_target(&range, Lang::En), "1.5–2");
        assert_eq!(format_value(Some(27.84), Unit::SquareMetresPerPerson, 1, Lang::Vi), "27,8");
        assert_eq!(format_value(Some(27.84), Unit::SquareMetresPerPerson, 1, Lang::En), "27.8");
    }

    #[test]
    fn targets_carry_their_unit() {
        let plan = Plan::embedded();
        let t = |id: &str, lang| format_target_with_unit(plan.indicator(id).unwrap(), lang);
        assert_eq!(t("1", Lang::Vi), "≥ 100%");
        assert_eq!(t("18", Lang::Vi), "> 40 giường/10.000 dân");
        assert_eq!(t("19", Lang::En), "≥ 12 doctors per 10,000 people");
        assert_eq!(t("3", Lang::Vi), "1,5–2% (thấp hơn cũng đạt)");
        assert_eq!(t("15", Lang::Vi), "≈ 2,1 ± 0,1 con/phụ nữ");
        assert_eq!(t("29", Lang::Vi), "→ 0 hộ");
    }

    #[test]
    fn units_read_naturally_in_both_languages() {
        let t = Target::AtLeast { value: 100.0 };
        assert_eq!(format!("{}{}", format_target(&t, Lang::Vi), unit_suffix(Unit::Percent, Lang::Vi)), "≥ 100%");
        assert_eq!(unit_suffix(Unit::Per10000People, Lang::Vi), " /10.000 dân");
        assert_eq!(unit_suffix(Unit::Status, Lang::En), "");
    }
}
