//! View model of the indicator dashboard (bảng theo dõi chỉ tiêu): which rows to show, in which
//! groups, and the geometry of its pictures, computed from one `Evaluation`.
//!
//! Contract:
//! - Pure and deterministic (no I/O, clock or randomness); the app only draws what these
//!   functions return, so every number on a chart is tested natively here.
//! - Rows follow the plan: II.2.1 groups in their `order`, indicators in their `order` within
//!   a group; filters only hide rows and never reorder them. Groups left empty are dropped.
//! - Geometry is in SVG user units of a fixed `viewBox`; the app scales it with CSS. A scale
//!   always starts at 0 and ends at a "nice" number (1, 2, 2.5 or 5 × 10ⁿ) at or above every
//!   value and target number drawn on it, so a bar never overflows and a target line is never
//!   off the chart. Percentages use 0–100 whenever everything fits, so they read alike.
//! - Yes/no and qualitative indicators (`Unit::Status`) have no bar: their word says it all.

use std::collections::HashMap;

use crate::domain::org::{OrgKind, OrgUnits};
use crate::domain::plan::{Plan, Target, Unit};
use crate::domain::survey::{Completeness, Dataset, SocialInsurance};
use crate::engine::{localise_decimal, Evaluation, Exclusion, Status};
use crate::i18n::{Lang, Text};
use crate::synth;

/// Every status, in the order the dashboard lists them (best first).
pub const STATUSES: [Status; 8] = [
    Status::Met,
    Status::OnTrack,
    Status::Behind,
    Status::NotMet,
    Status::FewData,
    Status::InsufficientData,
    Status::PartlyEntered,
    Status::NoData,
];

/// One entry of the org unit chooser.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgChoice {
    pub id: String,
    pub name: Text,
    /// 0 = district, 1 = commune-level unit, 2 = village (for indentation).
    pub depth: u8,
}

/// The org units as a chooser lists them: the district, then each commune-level unit directly
/// followed by its villages (file order within each level).
pub fn org_choices(units: &OrgUnits) -> Vec<OrgChoice> {
    let choice = |u: &crate::domain::org::OrgUnit, depth| OrgChoice { id: u.id.clone(), name: u.name.clone(), depth };
    let Some(district) = units.district() else { return Vec::new() };
    let mut out = vec![choice(district, 0)];
    for c in units.children(&district.id).into_iter().filter(|u| u.kind.is_commune_level()) {
        out.push(choice(c, 1));
        out.extend(units.children(&c.id).into_iter().filter(|u| u.kind == OrgKind::Village).map(|v| choice(v, 2)));
    }
    out
}

/// Rows of one II.2.1 group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRows {
    pub group_id: String,
    pub indicator_ids: Vec<String>,
}

/// The indicators to show for `org_id`, grouped as in the plan, keeping those whose status is
/// `status` (all when `None`) and whose lead agency is `lead` (all when `None`).
pub fn grouped_rows(
    plan: &Plan,
    eval: &Evaluation,
    org_id: &str,
    status: Option<Status>,
    lead: Option<&str>,
) -> Vec<GroupRows> {
    let mut groups: Vec<_> = plan.indicator_groups.iter().collect();
    crate::base::sort::sort_by_key(&mut groups, |g| g.order);
    groups
        .into_iter()
        .filter_map(|g| {
            let mut inds: Vec<_> = plan.indicators.iter().filter(|i| i.group == g.id).collect();
            crate::base::sort::sort_by_key(&mut inds, |i| i.order);
            let ids: Vec<String> = inds
                .into_iter()
                .filter(|i| lead.is_none_or(|l| i.lead_agency == l))
                .filter(|i| status.is_none_or(|s| eval.result(&i.id, org_id).map(|r| r.status) == Some(s)))
                .map(|i| i.id.clone())
                .collect();
            (!ids.is_empty()).then(|| GroupRows { group_id: g.id.clone(), indicator_ids: ids })
        })
        .collect()
}

/// How many indicators of `org_id` have each status, in `STATUSES` order.
pub fn status_counts(eval: &Evaluation, org_id: &str) -> Vec<(Status, usize)> {
    let results = eval.for_org(org_id);
    STATUSES.iter().map(|&s| (s, results.iter().filter(|r| r.status == s).count())).collect()
}

/// Agencies that lead at least one indicator: (id, short name), sorted by short name.
pub fn lead_agencies(plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = plan
        .agencies
        .iter()
        .filter(|a| plan.indicators.iter().any(|i| i.lead_agency == a.id))
        .map(|a| (a.id.clone(), a.short_name.clone()))
        .collect();
    crate::base::sort::sort_by(&mut out, |a, b| a.1.cmp(&b.1));
    out
}

/// A numerator or denominator for display: whole numbers without decimals, others with one,
/// with the decimal comma in Vietnamese; "–" when absent.
pub fn format_amount(x: Option<f64>, lang: Lang) -> String {
    match x {
        None => "–".into(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => localise_decimal(format!("{v:.1}"), lang),
    }
}

// ---------------------------------------------------------------------------------------------
// Scales
// ---------------------------------------------------------------------------------------------

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `x`; 1 for zero, negative or non-finite `x`.
pub fn nice_ceiling(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        // A relative hair of slack so 100 stays 100 despite log10/powf rounding.
        if m * p >= x * (1.0 - 1e-12) {
            return m * p;
        }
    }
    10.0 * p
}

/// The numbers of a target worth drawing as lines: the bound(s) of ≥, >, <, a range, "about"
/// and 0 for a count to eliminate; none for yes/no targets.
pub fn target_marks(target: &Target) -> Vec<f64> {
    match target {
        Target::AtLeast { value } | Target::MoreThan { value } | Target::Below { value } => vec![*value],
        Target::Range { min, max, .. } => vec![*min, *max],
        Target::About { value, .. } => vec![*value],
        Target::DecreasingToZero => vec![0.0],
        Target::Status { .. } => vec![],
    }
}

/// The top of the scale for `values` and `target` of `unit` (see the module contract); `None`
/// for `Unit::Status`, which is not drawn.
pub fn scale_max(unit: Unit, target: &Target, values: &[f64]) -> Option<f64> {
    if unit == Unit::Status {
        return None;
    }
    let top = values.iter().chain(target_marks(target).iter()).copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
    if unit == Unit::Percent && top <= 100.0 {
        return Some(100.0);
    }
    Some(nice_ceiling(top))
}

/// `v` as a share 0–1 of a scale from 0 to `max`, clamped (negative values sit at 0).
pub fn fraction(v: f64, max: f64) -> f64 {
    if max <= 0.0 || !v.is_finite() {
        return 0.0;
    }
    (v / max).clamp(0.0, 1.0)
}

/// The small bar of one table row: the value and the target's marks as shares (0–1) of the
/// scale. `value` is `None` when there is no data (an empty track with the target still shown).
#[derive(Debug, Clone, PartialEq)]
pub struct RowBar {
    pub max: f64,
    pub value: Option<f64>,
    pub targets: Vec<f64>,
}

/// The row bar of one result; `None` for yes/no indicators.
pub fn row_bar(unit: Unit, target: &Target, value: Option<f64>) -> Option<RowBar> {
    let max = scale_max(unit, target, &value.into_iter().collect::<Vec<_>>())?;
    Some(RowBar {
        max,
        value: value.map(|v| fraction(v, max)),
        targets: target_marks(target).into_iter().map(|t| fraction(t, max)).collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Per-commune comparison chart (horizontal bars)
// ---------------------------------------------------------------------------------------------

/// Width of the comparison chart's `viewBox`.
pub const COMPARE_WIDTH: f64 = 720.0;
/// Space at the left for the unit names.
pub const COMPARE_LABEL_WIDTH: f64 = 190.0;
/// Space at the right for the value text.
pub const COMPARE_VALUE_WIDTH: f64 = 80.0;
/// Height of one bar's row; the axis row below adds one more.
pub const COMPARE_ROW: f64 = 40.0;

/// One commune-level unit's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareBar {
    pub org_id: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub status: Status,
    /// Top of the row.
    pub y: f64,
    /// Length of the bar from `plot_x` (0 without data).
    pub width: f64,
}

/// The comparison chart of one indicator across the commune-level units.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareChart {
    pub width: f64,
    pub height: f64,
    pub plot_x: f64,
    pub plot_width: f64,
    pub max: f64,
    pub bars: Vec<CompareBar>,
    /// x of each target mark.
    pub target_xs: Vec<f64>,
    /// Axis ticks: (value, x) at 0, ½ and the top of the scale.
    pub ticks: Vec<(f64, f64)>,
}

/// The comparison chart of `indicator_id` over the commune-level units of the plan (file
/// order); `None` for an unknown or yes/no indicator.
pub fn compare_chart(plan: &Plan, eval: &Evaluation, indicator_id: &str) -> Option<CompareChart> {
    let ind = plan.indicator(indicator_id)?;
    let communes = plan.org_units.communes();
    let results: Vec<_> = communes.iter().filter_map(|c| eval.result(indicator_id, &c.id)).collect();
    let values: Vec<f64> = results.iter().filter_map(|r| r.value).collect();
    let max = scale_max(ind.unit, &ind.target, &values)?;
    let plot_x = COMPARE_LABEL_WIDTH;
    let plot_width = COMPARE_WIDTH - COMPARE_LABEL_WIDTH - COMPARE_VALUE_WIDTH;
    let x_of = |v: f64| plot_x + fraction(v, max) * plot_width;
    let bars = results
        .iter()
        .enumerate()
        .map(|(k, r)| CompareBar {
            org_id: r.org_unit_id.clone(),
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            status: r.status,
            y: k as f64 * COMPARE_ROW,
            width: r.value.map_or(0.0, |v| fraction(v, max) * plot_width),
        })
        .collect::<Vec<_>>();
    Some(CompareChart {
        width: COMPARE_WIDTH,
        height: (bars.len() + 1) as f64 * COMPARE_ROW,
        plot_x,
        plot_width,
        max,
        target_xs: target_marks(&ind.target).into_iter().map(x_of).collect(),
        ticks: [0.0, max / 2.0, max].into_iter().map(|v| (v, x_of(v))).collect(),
        bars,
    })
}

// ---------------------------------------------------------------------------------------------
// Progress toward the target year (line and points)
// ---------------------------------------------------------------------------------------------

/// Size of the progress chart's `viewBox` and its margins.
pub const PROGRESS_WIDTH: f64 = 480.0;
pub const PROGRESS_HEIGHT: f64 = 200.0;
pub const PROGRESS_LEFT: f64 = 48.0;
pub const PROGRESS_RIGHT: f64 = 16.0;
pub const PROGRESS_TOP: f64 = 12.0;
pub const PROGRESS_BOTTOM: f64 = 28.0;

/// One year's value, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressPoint {
    pub year: i32,
    pub value: f64,
    pub x: f64,
    pub y: f64,
}

/// Values by year from the first year with data to the target year.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressChart {
    pub max: f64,
    pub points: Vec<ProgressPoint>,
    /// SVG path through the points, in year order.
    pub path: String,
    /// y of each target mark (horizontal lines).
    pub target_ys: Vec<f64>,
    /// x of the target year.
    pub target_year_x: f64,
    /// Labelled years on the axis: (year, x) for the first, the last with data and the target year.
    pub year_ticks: Vec<(i32, f64)>,
}

/// The progress chart of a series of (year, value) (any order; years after `target_year` are
/// dropped); `None` for yes/no indicators or fewer than two years with a value.
pub fn progress_chart(series: &[(i32, f64)], unit: Unit, target: &Target, target_year: i32) -> Option<ProgressChart> {
    let mut pts: Vec<(i32, f64)> = series.iter().copied().filter(|(y, v)| *y <= target_year && v.is_finite()).collect();
    crate::base::sort::sort_by_key(&mut pts, |p| p.0);
    pts.dedup_by_key(|p| p.0);
    if pts.len() < 2 {
        return None;
    }
    let values: Vec<f64> = pts.iter().map(|p| p.1).collect();
    let max = scale_max(unit, target, &values)?;
    let first = pts[0].0;
    let span = f64::from((target_year - first).max(1));
    let plot_w = PROGRESS_WIDTH - PROGRESS_LEFT - PROGRESS_RIGHT;
    let plot_h = PROGRESS_HEIGHT - PROGRESS_TOP - PROGRESS_BOTTOM;
    let x_of = |year: i32| PROGRESS_LEFT + f64::from(year - first) / span * plot_w;
    let y_of = |v: f64| PROGRESS_TOP + (1.0 - fraction(v, max)) * plot_h;
    let points: Vec<ProgressPoint> =
        pts.iter().map(|&(year, value)| ProgressPoint { year, value, x: x_of(year), y: y_of(value) }).collect();
    let path = points
        .iter()
        .enumerate()
        .map(|(k, p)| format!("{}{:.1} {:.1}", if k == 0 { "M" } else { " L" }, p.x, p.y))
        .collect();
    let last = pts[pts.len() - 1].0;
    let mut year_ticks = vec![(first, x_of(first)), (last, x_of(last))];
    if last != target_year {
        year_ticks.push((target_year, x_of(target_year)));
    }
    Some(ProgressChart {
        max,
        target_ys: target_marks(target).into_iter().map(y_of).collect(),
        target_year_x: x_of(target_year),
        year_ticks,
        points,
        path,
    })
}

/// The (year, value) series of one indicator and unit across evaluations of several years.
pub fn series(evals: &[Evaluation], indicator_id: &str, org_id: &str) -> Vec<(i32, f64)> {
    evals.iter().filter_map(|e| e.result(indicator_id, org_id)?.value.map(|v| (e.year, v))).collect()
}

// ---------------------------------------------------------------------------------------------
// Exclusions, for people
// ---------------------------------------------------------------------------------------------

/// One excluded record as the list shows it. Names are entered text: render them as text.
#[derive(Debug, Clone, PartialEq)]
pub struct ExclusionRow {
    /// The household head's name, else the first 8 characters of the record id, else "–".
    pub household: String,
    /// The member's name, for person-level exclusions.
    pub person: Option<String>,
    /// The unit's name (its id when the unit is unknown).
    pub unit: Text,
    pub reason: Text,
}

/// The exclusions of a result, with the names found in `dataset` and `units`.
pub fn exclusion_rows(exclusions: &[Exclusion], dataset: &Dataset, units: &OrgUnits) -> Vec<ExclusionRow> {
    // Only the listed households are looked up; the index is built once per list.
    let by_id: HashMap<_, _> = dataset.households.iter().map(|h| (h.meta.id, h)).collect();
    exclusions
        .iter()
        .map(|e| {
            let hh = e.record_id.and_then(|id| by_id.get(&id));
            let household = hh
                .and_then(|h| h.members.iter().find(|m| m.is_head()))
                .map(|m| m.name.clone())
                .or_else(|| e.record_id.map(|id| id.to_string()[..8].to_owned()))
                .unwrap_or_else(|| "–".into());
            let person = e.member_id.and_then(|mid| hh?.members.iter().find(|m| m.id == mid).map(|m| m.name.clone()));
            let unit =
                units.get(&e.org_unit_id).map_or_else(|| Text::new(&e.org_unit_id, &e.org_unit_id), |u| u.name.clone());
            ExclusionRow { household, person, unit, reason: e.reason.label() }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Demo data
// ---------------------------------------------------------------------------------------------

/// Every this many households of the demo, one is left as an unfinished draft.
pub const DEMO_DRAFT_EVERY: usize = 25;

/// The dashboard's demo data: `synth::district(households, seed)` with one household in
/// `DEMO_DRAFT_EVERY` turned back into a draft whose water source and last member's health
/// insurance are unanswered. Why: the synthetic district is complete, and without a gap the
/// demo could not show what an excluded record looks like; real drafts look like this.
/// Every other draft also carries an answer the form flags as an error (BH thất nghiệp
/// "Có" beside BHXH "Không tham gia" for its first member asked about social insurance): such a
/// draft is excluded from every indicator and listed with the reason whatever
/// `params.sufficiency.drafts_count` says (engine/sufficiency.rs), so the demo shows an
/// excluded record with the plan's default too.
pub fn demo_dataset(households: usize, seed: u64) -> Dataset {
    let mut data = synth::district(households, seed);
    let drafts = data.households.iter_mut().skip(DEMO_DRAFT_EVERY / 2).step_by(DEMO_DRAFT_EVERY);
    for (i, h) in drafts.enumerate() {
        h.completeness = Completeness::Draft;
        h.water = None;
        if let Some(m) = h.members.last_mut() {
            m.health_insurance = None;
        }
        if i % 2 == 0 {
            if let Some(m) = h.members.iter_mut().find(|m| m.social_insurance.is_some()) {
                m.social_insurance = Some(SocialInsurance::NotInsured);
                m.unemployment_insurance = Some(true);
            }
        }
    }
    data
}
