//! One year's computation: the survey pass, the entered figures, and the values per unit.
//!
//! Contract: `compute_year` touches each household and member of the year a constant number
//! of times (an income pass when #1-style indicators exist, then the accumulation pass), adds
//! every contribution to its village's accumulator, rolls villages up into their commune-level
//! unit and those into the district (sums, so the district is the pooled ratio, never an
//! average of averages), and turns accumulators and merged figures into raw values (no
//! statuses: those need history).
//! A record's outcome for an indicator is one of: not in its population (`Skip`), counted in
//! the denominator and maybe the numerator (`Share`, or weighted `Add`), or excluded with a
//! reason (`Exclude`) — never silently dropped.
//!
//! Cost: the hot pass itself is `ansinh_tally` (its own crate, built at opt-level 3; see
//! `facts.rs` for the translation): here a household is placed with one lookup, each
//! household and member is reduced once to
//! plain facts, and exclusions become `Exclusion`s with their strings only when they happen.
//! The result equals the straightforward per-indicator definition kept as the test oracle
//! (`oracle.rs`), bit for bit.

use ansinh_tally as t;

use crate::domain::growth::{self, GrowthError};
use crate::domain::org::OrgKind;
use crate::domain::person::Sex;
use crate::domain::plan::{Computation, Plan};
use crate::domain::survey::{EnteredFigures, Household};
use crate::i18n::Text;

use super::entered::{self, Figures};
use super::facts;
use super::index::{OrgIndex, Place};
use super::raw::{Acc, Raw, YearEval};
use super::{Component, EngineError, Exclusion, ExclusionReason};

/// The only WHO table shipped with the core (`growth.rs`).
const WHO_TABLE: &str = "who2006-length-height-for-age-by-day";
/// The questionnaire asks births, deaths and primary care for the last 12 months.
const QUESTION_WINDOW_MONTHS: u32 = 12;

/// Rejects parameters the questionnaire or the shipped tables cannot answer.
pub(crate) fn check_supported(plan: &Plan) -> Result<(), EngineError> {
    for ind in &plan.indicators {
        let bad = |field: &'static str, message: String| {
            Err(EngineError::Unsupported { indicator: ind.id.clone(), field, message })
        };
        match &ind.computation {
            Computation::TotalFertilityRate { window_months, .. }
            | Computation::NaturalIncreaseRate { window_months }
            | Computation::PrimaryCareInsurancePaid { window_months }
                if *window_months != QUESTION_WINDOW_MONTHS =>
            {
                return bad(
                    "window_months",
                    format!("the survey asks about the last {QUESTION_WINDOW_MONTHS} months, not {window_months}"),
                )
            }
            Computation::FullVaccination { by_first_birthday: false, .. } => {
                return bad(
                    "by_first_birthday",
                    "the survey asks only about vaccination before the first birthday".into(),
                )
            }
            Computation::Stunting(m) if m.reference_table != WHO_TABLE => {
                return bad("reference_table", format!("unknown table {:?} (only {WHO_TABLE})", m.reference_table))
            }
            Computation::TotalFertilityRate { min_age_years, max_age_years, group_width_years, .. }
                if *group_width_years == 0
                    || min_age_years > max_age_years
                    || (max_age_years.saturating_add(1) - min_age_years) % group_width_years != 0 =>
            {
                return bad("group_width_years", "the groups must tile the age band".into())
            }
            c => {
                if let Err(what) = entered::check_binding(&ind.id, c) {
                    return bad("method", what);
                }
            }
        }
    }
    Ok(())
}

fn reason(why: t::Why) -> ExclusionReason {
    match why {
        t::Why::Missing(field) => ExclusionReason::MissingAnswer { field: field.into() },
        t::Why::Invalid(field) => ExclusionReason::InvalidAnswer { field: field.into() },
        t::Why::BirthAfterSurveyDate => ExclusionReason::BirthAfterSurveyDate,
        t::Why::ImplausibleZ(z) => ExclusionReason::ImplausibleZScore { z },
        t::Why::Unusable { female, days, height_cm } => {
            let e = if !(height_cm.is_finite() && height_cm > 0.0) {
                GrowthError::BadMeasurement { height_cm }
            } else {
                // The pass gives this only because the table refused the row: ask again for
                // the table's own error.
                growth::lms(sex(female), days).err().unwrap_or(GrowthError::AgeOutOfRange { age_days: days })
            };
            ExclusionReason::MeasurementNotUsable { message: e.text() }
        }
    }
}

fn sex(female: bool) -> Sex {
    if female {
        Sex::Female
    } else {
        Sex::Male
    }
}

/// Height-for-age z from the shipped WHO table; `None` when the table has no row for the age.
fn z_score(female: bool, days: i64, height_cm: f64) -> Option<f64> {
    growth::lms(sex(female), days).ok().map(|row| row.z(height_cm))
}

/// Computes the raw values of every indicator for every unit in `year`: each household with
/// its placement as the caller looked it up (`None`: not placed — looked up again here for the
/// reason).
pub(crate) fn compute_year(
    plan: &Plan,
    idx: &OrgIndex,
    households: &[(&Household, Option<Place>)],
    figures: &[&EnteredFigures],
    year: i32,
) -> YearEval {
    let n_org = idx.len();
    let n_ind = plan.indicators.len();
    let mut unplaced = Vec::new();
    // Placed households' facts, and all their members' facts in one list. The positions of the
    // unplaced ones (rare) map a placed household back to its record, without a list of the
    // placed (a push per household, not inlined in the size-optimised core).
    let mut skipped: Vec<usize> = Vec::new();
    let mut hh_facts: Vec<t::Household> = Vec::with_capacity(households.len());
    let mut persons: Vec<t::Person> = Vec::with_capacity(households.iter().map(|(h, _)| h.members.len()).sum());
    for (i, &(h, place)) in households.iter().enumerate() {
        let place = match place {
            Some(p) => Ok(p),
            None => idx.place(h),
        };
        match place {
            Ok(p) => {
                hh_facts.push(facts::household(h, p, persons.len() as u32));
                persons.extend(h.members.iter().map(facts::person));
            }
            Err(reason) => {
                skipped.push(i);
                unplaced.push(Exclusion {
                    record_id: Some(h.meta.id),
                    member_id: None,
                    org_unit_id: h.village_id.clone(),
                    reason,
                });
            }
        }
    }
    // The record of the `i`-th placed household: `i` plus the unplaced ones before it.
    let record = |i: usize| {
        let mut at = i;
        for &u in &skipped {
            if u > at {
                break;
            }
            at += 1;
        }
        households[at].0
    };

    let ops = facts::compile(plan);
    let villages: Vec<(u32, u32)> = (0..n_org)
        .filter(|&v| idx.kind(v) == OrgKind::Village)
        .filter_map(|v| idx.commune_index(v).map(|c| (v as u32, c as u32)))
        .collect();
    let communes: Vec<u32> = idx.communes().map(|c| c as u32).collect();
    let tree = t::Tree { units: n_org, district: idx.district as u32, villages: &villages, communes: &communes };
    // The #1 reference statistic, only when a plan indicator needs it.
    let income = if ops.iter().any(|o| matches!(o, t::Op::Meritorious { .. })) {
        t::income_stats(&hh_facts, &tree)
    } else {
        vec![(None, None); n_org]
    };
    let w = plan.params.retirement.in_year(year);
    let school_year_start_month = plan.params.school_age.school_year_start_month;
    let tally = t::tally(&t::Input {
        ops: &ops,
        households: &hh_facts,
        persons: &persons,
        tree,
        working: t::WorkingAge {
            min_months: w.min_months,
            retirement_male: w.retirement_male,
            retirement_female: w.retirement_female,
        },
        income: &income,
        z_score: &z_score,
        school_year_start_month,
    });

    // Exclusions: built only now (they are rare), into their village's row, then rolled up
    // like the cells; the unplaced households go to the district of every survey indicator.
    // Not `vec![Vec::new(); n]`: that clones the empty vector once per cell, a call each in
    // the size-optimised core.
    let mut excluded: Vec<Vec<Exclusion>> = std::iter::repeat_with(Vec::new).take(n_org * n_ind).collect();
    for e in &tally.events {
        let (h, f) = (record(e.household as usize), &hh_facts[e.household as usize]);
        excluded[f.village as usize * n_ind + e.op as usize].push(Exclusion {
            record_id: Some(h.meta.id),
            member_id: e.person.map(|p| h.members[(p - f.first_member) as usize].id),
            org_unit_id: h.village_id.clone(),
            reason: reason(e.why),
        });
    }
    for (from, to) in villages.iter().copied().chain(communes.iter().map(|&c| (c, tree.district))) {
        for k in 0..n_ind {
            let src = from as usize * n_ind + k;
            if !excluded[src].is_empty() {
                let moved = excluded[src].clone();
                excluded[to as usize * n_ind + k].extend(moved);
            }
        }
    }
    for (k, ind) in plan.indicators.iter().enumerate() {
        if super::is_survey_based(&ind.computation) {
            excluded[idx.district * n_ind + k].extend(unplaced.iter().cloned());
        }
    }

    let (merged, mut unplaced_figures) = entered::merge(idx, figures);
    unplaced.append(&mut unplaced_figures);
    let figs = Figures { idx, merged: &merged };

    let mut groups = tally.groups;
    let mut raws = Vec::with_capacity(n_ind * n_org);
    for (k, ind) in plan.indicators.iter().enumerate() {
        // Formatted once per indicator, cloned into each unit's components.
        let labels = group_labels(&ind.computation);
        for o in 0..n_org {
            let slot = o * n_ind + k;
            let t::Cell { num, den, used } = tally.cells[slot];
            let acc = Acc {
                num,
                den,
                used,
                excluded: std::mem::take(&mut excluded[slot]),
                groups: std::mem::take(&mut groups[slot]),
            };
            raws.push(finish(&ind.id, &ind.computation, acc, o, &figs, &labels));
        }
    }
    YearEval { raws, households_used: hh_facts.len() as u64, unplaced }
}

fn share(acc: &Acc, scale: f64) -> Option<f64> {
    (acc.den > 0.0).then(|| scale * acc.num / acc.den)
}

/// The fertility rate's age-group labels ("Phụ nữ 15–19 tuổi", …); none for other methods.
fn group_labels(comp: &Computation) -> Vec<Text> {
    let Computation::TotalFertilityRate { min_age_years, max_age_years, group_width_years, .. } = comp else {
        return Vec::new();
    };
    // `check_supported` guarantees groups that tile the band.
    let groups = (max_age_years.saturating_add(1) - min_age_years) / group_width_years;
    (0..groups)
        .map(|g| {
            let lo = min_age_years + g * group_width_years;
            let hi = lo + group_width_years - 1;
            Text::new(format!("Phụ nữ {lo}–{hi} tuổi"), format!("Women {lo}–{hi}"))
        })
        .collect()
}

/// #15 without a value: which age groups have no surveyed woman (never a rate computed as if
/// their rate were zero).
pub(crate) fn empty_groups_note(components: &[Component]) -> Text {
    let empty: Vec<&Component> = components.iter().filter(|c| c.denominator.is_none_or(|n| n <= 0.0)).collect();
    let join = |f: fn(&Text) -> &str| empty.iter().map(|c| f(&c.label)).collect::<Vec<_>>().join(", ");
    Text::new(
        format!("Không có giá trị: không có phụ nữ nào được khảo sát trong nhóm {}", join(|t| t.vi.as_str())),
        format!("No value: no surveyed women in {}", join(|t| t.en.as_str())),
    )
}

/// Turns one accumulator (and the unit's figures) into a raw value; `labels` are the fertility
/// rate's age groups (`group_labels`).
fn finish(id: &str, comp: &Computation, acc: Acc, org: usize, figs: &Figures, labels: &[Text]) -> Raw {
    let survey = |value: Option<f64>, acc: Acc| Raw {
        value,
        numerator: Some(acc.num),
        denominator: Some(acc.den),
        records_used: acc.used,
        excluded: acc.excluded,
        components: Vec::new(),
        note: None,
        units_entered: None,
    };
    match comp {
        Computation::TotalFertilityRate { group_width_years, .. } => {
            let mut raw = survey(None, Acc { groups: Vec::new(), ..acc.clone() });
            if acc.groups.is_empty() {
                return raw;
            }
            let w = f64::from(*group_width_years);
            raw.components = acc
                .groups
                .iter()
                .zip(labels)
                .map(|(&(b, n), label)| Component {
                    label: label.clone(),
                    numerator: Some(b),
                    denominator: Some(n),
                    value: (n > 0.0).then(|| b / n),
                    note: None,
                })
                .collect();
            if acc.groups.iter().all(|&(_, n)| n > 0.0) {
                raw.value = Some(w * acc.groups.iter().map(|&(b, n)| b / n).sum::<f64>());
            } else {
                raw.note = Some(empty_groups_note(&raw.components));
            }
            raw
        }
        Computation::FloorAreaPerPerson { .. } => survey(share(&acc, 1.0), acc),
        Computation::TemporaryHousingCount { .. } => survey((acc.den > 0.0).then_some(acc.num), acc),
        Computation::SanitationFacilities { facilities, .. } => entered::sanitation(facilities, acc, org, figs),
        c if super::is_survey_based(c) => survey(share(&acc, 100.0), acc),
        c => {
            if figs.idx.kind(org) == OrgKind::Village {
                return Raw {
                    note: Some(Text::new(
                        "Số liệu do cơ quan nhập theo xã hoặc huyện, không theo thôn",
                        "Entered per commune or for the district, not per village",
                    )),
                    ..Raw::default()
                };
            }
            entered::finish(id, c, org, figs)
        }
    }
}
