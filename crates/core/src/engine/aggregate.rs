//! Aggregate-only export (xuất số liệu tổng hợp): the indicator table of one org unit and year,
//! with no personal data — what a district sends upward without encryption
//! (`docs/aggregate-format.md`).
//!
//! Contract:
//! - Built only from an `Evaluation` and the plan: values, numerators, denominators, counts of
//!   records used and left out, survey coverage, targets and statuses. Nothing is read from a
//!   survey record, so no name, date of birth, record id, member id or household answer can reach
//!   the table; exclusions appear as a count only (their record ids stay behind). Engine notes and
//!   components are left out too: they are not needed upward and a future note could quote a record.
//! - Units: the chosen unit first, then every unit below it the evaluation has results for
//!   (for the district: each commune-level unit followed by its villages), in org-tree order.
//! - Rows: unit-major, indicators in plan order (II.2.1 groups by `order`, then indicator `order`).
//! - The status words are those the app shows (`IndicatorResult::status_label`, e.g.
//!   "Chưa đủ số liệu", "3/7 đơn vị đã nhập"), in both languages.
//! - Pure and deterministic: the same evaluation gives the same JSON, byte for byte.

use serde::{Deserialize, Serialize};

use crate::domain::org::OrgKind;
use crate::domain::plan::{Plan, Unit};
use crate::engine::{format_target_with_unit, unit_suffix, Evaluation, Status};
use crate::i18n::{Lang, Text};

/// The `format` field of every aggregate file.
pub const FORMAT: &str = "ansinh-aggregate";
/// The version of the layout described in `docs/aggregate-format.md`.
pub const FORMAT_VERSION: u32 = 1;

/// The indicator table of one unit and year (see the module contract).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateTable {
    pub format: String,
    pub format_version: u32,
    pub plan_id: String,
    pub plan_version: String,
    pub year: i32,
    /// The unit the table was made for.
    pub unit_id: String,
    /// Decimals the plan reports values with (values here are full precision).
    pub reporting_decimals: u8,
    pub units: Vec<AggregateUnit>,
    pub indicators: Vec<AggregateIndicator>,
    pub rows: Vec<AggregateRow>,
}

/// One org unit of the table with its survey coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateUnit {
    pub id: String,
    pub name: Text,
    pub kind: OrgKind,
    pub parent_id: Option<String>,
    pub coverage: Option<UnitCoverage>,
}

/// Household counts of a unit's survey (numbers only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCoverage {
    /// Complete households without a validation error.
    pub complete: u64,
    pub drafts: u64,
    /// Households left out for a validation error.
    pub invalid: u64,
    /// Households counted in the indicators.
    pub counted: u64,
    /// Households the commune expects; `None` when some village lacks the figure.
    pub expected: Option<u64>,
    /// complete / expected, in percent.
    pub percent: Option<f64>,
    /// The coverage in words, as the app shows it.
    pub label: Text,
}

/// One indicator of the plan, as the table's columns describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateIndicator {
    pub id: String,
    pub group: String,
    pub name: Text,
    pub unit: Unit,
    /// What the value is counted in ("%", "/10.000 dân"; empty for counts and yes/no).
    pub unit_of_measure: Text,
    /// The target with its unit ("≥ 80%").
    pub target: Text,
    pub target_year: i32,
}

/// One indicator for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateRow {
    pub unit_id: String,
    pub indicator_id: String,
    /// Full precision; `None` without data. Yes/no indicators: 1 = yes, 0 = no.
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Persons, households or figure records the value rests on.
    pub records_used: u64,
    /// Records left out of this value (how many only).
    pub records_excluded: u64,
    /// Survey coverage of the unit in percent (survey-based indicators).
    pub coverage_percent: Option<f64>,
    pub status: Status,
    /// The status in words, as the app shows it.
    pub status_label: Text,
    /// Why there is no claim (not enough data, too few, units missing), as the app shows it.
    pub status_reason: Option<Text>,
}

/// The aggregate table of `unit_id` from `eval` (see the module contract). A unit the
/// evaluation does not know gives a table with no unit and no row.
pub fn aggregate_table(plan: &Plan, eval: &Evaluation, unit_id: &str) -> AggregateTable {
    let units = &plan.org_units;
    let known = |id: &str| eval.org_unit_ids.iter().any(|x| x == id);
    let chosen: Vec<_> = units.get(unit_id).filter(|u| known(&u.id)).into_iter().collect();
    let below = if chosen.is_empty() { Vec::new() } else { units.descendants(unit_id) };
    let listed: Vec<_> = chosen.into_iter().chain(below.into_iter().filter(|u| known(&u.id))).collect();

    let mut groups: Vec<_> = plan.indicator_groups.iter().collect();
    crate::base::sort::sort_by_key(&mut groups, |g| g.order);
    let mut inds: Vec<_> = plan.indicators.iter().filter(|i| eval.indicator_ids.contains(&i.id)).collect();
    crate::base::sort::sort_by_key(&mut inds, |i| {
        (groups.iter().position(|g| g.id == i.group).unwrap_or(usize::MAX), i.order)
    });

    let both = |f: &dyn Fn(Lang) -> String| Text::new(f(Lang::Vi), f(Lang::En));
    let indicators = inds
        .iter()
        .map(|i| AggregateIndicator {
            id: i.id.clone(),
            group: i.group.clone(),
            name: i.short_name.clone(),
            unit: i.unit,
            unit_of_measure: both(&|l| unit_suffix(i.unit, l).trim().to_owned()),
            target: both(&|l| format_target_with_unit(i, l)),
            target_year: i.target_year,
        })
        .collect();

    let rows = listed
        .iter()
        .flat_map(|u| inds.iter().filter_map(move |i| eval.result(&i.id, &u.id)))
        .map(|r| AggregateRow {
            unit_id: r.org_unit_id.clone(),
            indicator_id: r.indicator_id.clone(),
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            records_used: r.records_used,
            records_excluded: r.excluded.len() as u64,
            coverage_percent: r.coverage.and_then(|c| c.percent()),
            status: r.status,
            status_label: r.status_label(),
            status_reason: r.status_reason.as_ref().map(|why| why.text()),
        })
        .collect();

    let units = listed
        .iter()
        .map(|u| AggregateUnit {
            id: u.id.clone(),
            name: u.name.clone(),
            kind: u.kind,
            parent_id: u.parent.clone(),
            coverage: eval.coverage_of(&u.id).map(|c| UnitCoverage {
                complete: c.complete,
                drafts: c.drafts,
                invalid: c.invalid,
                counted: c.counted,
                expected: c.expected,
                percent: c.percent(),
                label: c.label(),
            }),
        })
        .collect();

    AggregateTable {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        plan_id: eval.plan_id.clone(),
        plan_version: eval.plan_version.clone(),
        year: eval.year,
        unit_id: unit_id.into(),
        reporting_decimals: eval.reporting_decimals,
        units,
        indicators,
        rows,
    }
}

impl AggregateTable {
    /// The file's JSON, indented (it is read by people as well as programs).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an aggregate table always serializes")
    }

    /// Reads a file written by `to_json`.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The unit of a row.
    pub fn unit(&self, id: &str) -> Option<&AggregateUnit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The indicator of a row.
    pub fn indicator(&self, id: &str) -> Option<&AggregateIndicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// A file name that says the unit and year and nothing about people.
    pub fn file_stem(&self) -> String {
        format!("ansinh-tong-hop-{}-{}", self.unit_id, self.year)
    }
}
