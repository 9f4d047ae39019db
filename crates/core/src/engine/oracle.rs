//! The test oracle: the engine's first, straightforward accumulation (one `Acc` with its own
//! exclusion list per indicator and unit, ages and retirement ages recomputed per indicator,
//! exclusion reasons built eagerly, one sort per unit for the income median), kept unchanged
//! so the property test `fast_path_equals_oracle` can check the shipped `compute::compute_year`
//! against it bit for bit. Test-only: never compiled into the library.

use chrono::Datelike;
use uuid::Uuid;

use crate::domain::growth::{self, ExpectedMeasure, Measured};
use crate::domain::org::OrgKind;
use crate::domain::person::BIRTHS_QUESTION_AGES;
use crate::domain::person::{age_days, age_months, Sex};
use crate::domain::plan::{
    AreaScope, Computation, EducationLevel as PlanEducation, HouseCondition, HouseholdCondition, HouseholdGroup,
    IncomeStatistic, InsuranceScheme, OldAgeBenefit as PlanBenefit, Plan, PlanParams, PovertyStatus as PlanPoverty,
    ReferenceArea, StuntingMethod,
};
use crate::domain::survey::{
    EducationLevel, Enrolment, EnteredFigures, Household, HousingType, LabourStatus, Member, OldAgeBenefit,
    PovertyStatus, PrimaryCare, SocialInsurance,
};
use crate::i18n::Text;

use super::entered::{self, Figures};
use super::index::{OrgIndex, Place};
use super::raw::{Acc, Raw, YearEval};
use super::{Component, Exclusion, ExclusionReason};

#[derive(Clone, Copy)]
struct Ages {
    months: u32,
    years: u32,
    /// Known together with the age: a person whose sex is not answered yet (a draft) has no
    /// usable age either, as in the engine's facts.
    sex: Sex,
}

struct Person<'a> {
    m: &'a Member,
    ages: Option<Ages>,
}

enum Outcome {
    /// Not in this indicator's population.
    Skip,
    /// In the denominator (1), and in the numerator when true.
    Share(bool),
    /// Adds to numerator and denominator.
    Add(f64, f64),
    Exclude(ExclusionReason),
}

fn missing(field: &str) -> Outcome {
    Outcome::Exclude(ExclusionReason::MissingAnswer { field: field.into() })
}

fn in_scope(scope: AreaScope, urban: bool) -> bool {
    match scope {
        AreaScope::All => true,
        AreaScope::Urban => urban,
        AreaScope::Rural => !urban,
    }
}

struct Pass<'p> {
    plan: &'p Plan,
    n_org: usize,
    accs: Vec<Acc>,
    /// Reference statistic of income per person, per unit: (median, mean).
    income_stats: Vec<(Option<f64>, Option<f64>)>,
    persons: Vec<u64>,
}

struct Hh<'a> {
    h: &'a Household,
    village_id: &'a str,
    people: Vec<Person<'a>>,
    place: Place,
    year: i32,
}

impl<'p> Pass<'p> {
    fn apply(&mut self, k: usize, hh: &Hh, member: Option<Uuid>, o: Outcome) {
        let (num, den) = match o {
            Outcome::Skip => return,
            Outcome::Share(b) => (if b { 1.0 } else { 0.0 }, 1.0),
            Outcome::Add(n, d) => (n, d),
            Outcome::Exclude(reason) => {
                let e = Exclusion {
                    record_id: Some(hh.h.meta.id),
                    member_id: member,
                    org_unit_id: hh.village_id.to_owned(),
                    reason,
                };
                self.accs[k * self.n_org + hh.place.village].excluded.push(e);
                return;
            }
        };
        let a = &mut self.accs[k * self.n_org + hh.place.village];
        a.num += num;
        a.den += den;
        a.used += 1;
    }

    fn household(&mut self, k: usize, hh: &Hh, scope: AreaScope, o: impl FnOnce() -> Outcome) {
        if in_scope(scope, hh.place.urban) {
            let o = o();
            self.apply(k, hh, None, o);
        }
    }

    fn members(&mut self, k: usize, hh: &Hh, scope: AreaScope, f: impl Fn(&Person) -> Outcome) {
        if !in_scope(scope, hh.place.urban) {
            return;
        }
        for p in &hh.people {
            let o = f(p);
            self.apply(k, hh, Some(p.m.id), o);
        }
    }

    /// Members whose indicator needs the age: an unknown age excludes them.
    fn aged_members(&mut self, k: usize, hh: &Hh, scope: AreaScope, f: impl Fn(&Member, Ages) -> Outcome) {
        self.members(k, hh, scope, |p| match p.ages {
            Some(a) => f(p.m, a),
            None => Outcome::Exclude(ExclusionReason::BirthAfterSurveyDate),
        })
    }

    fn contribute(&mut self, k: usize, comp: &Computation, hh: &Hh) {
        // One helper per theme of the plan, each answering whether the computation was its own;
        // the entered figures (status, value, ratio, per population) take no household.
        let _ = self.social(k, comp, hh)
            || self.labour(k, comp, hh)
            || self.education(k, comp, hh)
            || self.health(k, comp, hh)
            || self.housing(k, comp, hh);
    }

    /// Social protection: meritorious households, insurance and social assistance. `false`: not one of these computations.
    fn social(&mut self, k: usize, comp: &Computation, hh: &Hh) -> bool {
        let h = hh.h;
        match comp {
            Computation::MeritoriousHouseholdsLivingStandard { reference_area, statistic, inclusive } => {
                let area = match reference_area {
                    ReferenceArea::Commune => hh.place.commune,
                    ReferenceArea::Village => hh.place.village,
                    ReferenceArea::District => hh.place.district,
                };
                let (median, mean) = self.income_stats[area];
                let reference = match statistic {
                    IncomeStatistic::Median => median,
                    IncomeStatistic::Mean => mean,
                };
                self.household(k, hh, AreaScope::All, || match (h.meritorious_service, h.income_per_person_vnd) {
                    (None, _) => missing("meritorious_service"),
                    (Some(false), _) => Outcome::Skip,
                    (Some(true), None) => missing("income_per_person_vnd"),
                    // The household's own income is in its reference population, so the
                    // statistic exists whenever the income does.
                    (Some(true), Some(x)) => match reference {
                        Some(r) => Outcome::Share(if *inclusive { x as f64 >= r } else { x as f64 > r }),
                        None => missing("income_per_person_vnd"),
                    },
                });
            }
            Computation::InsuranceCoverage { scheme, scope } => {
                self.members(k, hh, *scope, |p| match scheme_answer(p.m, *scheme) {
                    (Some(b), _) => Outcome::Share(b),
                    (None, field) => missing(field),
                });
            }
            Computation::SocialAssistanceCoverage { poverty, child_below_age_months, lonely_elderly_min_age_years } => {
                self.aged_members(k, hh, AreaScope::All, |m, a| {
                    let child = a.months < *child_below_age_months;
                    if !child {
                        if a.years < *lonely_elderly_min_age_years {
                            return Outcome::Skip;
                        }
                        match m.lonely_elderly {
                            None => return missing("lonely_elderly"),
                            Some(false) => return Outcome::Skip,
                            Some(true) => {}
                        }
                    }
                    match h.poverty {
                        None => return missing("poverty"),
                        Some(p) if !poverty.iter().any(|x| poverty_matches(*x, p)) => return Outcome::Skip,
                        Some(_) => {}
                    }
                    match m.social_assistance {
                        None => missing("social_assistance"),
                        Some(b) => Outcome::Share(b),
                    }
                });
            }
            _ => return false,
        }
        true
    }

    /// Labour: unemployment, trained labour, insurance of working age, benefits past it. `false`: not one of these computations.
    fn labour(&mut self, k: usize, comp: &Computation, hh: &Hh) -> bool {
        let params: &PlanParams = &self.plan.params;
        match comp {
            Computation::UnemploymentRate { scope, min_age_years } => {
                self.aged_members(k, hh, *scope, |m, a| {
                    if a.years < *min_age_years {
                        return Outcome::Skip;
                    }
                    match m.labour_status {
                        None => missing("labour_status"),
                        Some(LabourStatus::NotInLabourForce) => Outcome::Skip,
                        Some(s) => Outcome::Share(s == LabourStatus::Unemployed),
                    }
                });
            }
            Computation::TrainedLabourShare { scope, min_age_years } => {
                self.aged_members(k, hh, *scope, |m, a| {
                    if a.years < *min_age_years {
                        return Outcome::Skip;
                    }
                    match (m.labour_status, m.qualification) {
                        (None, _) => missing("labour_status"),
                        (Some(s), _) if !s.in_labour_force() => Outcome::Skip,
                        (Some(_), None) => missing("qualification"),
                        (Some(_), Some(q)) => Outcome::Share(q.has_degree_or_certificate()),
                    }
                });
            }
            Computation::WorkingAgeLabourInsured { schemes } => {
                let year = hh.year;
                self.aged_members(k, hh, AreaScope::All, |m, a| {
                    if !params.retirement.is_working_age(a.sex, a.months, year) {
                        return Outcome::Skip;
                    }
                    match m.labour_status {
                        None => return missing("labour_status"),
                        Some(s) if !s.in_labour_force() => return Outcome::Skip,
                        Some(_) => {}
                    }
                    any_scheme(m, schemes)
                });
            }
            Computation::PastWorkingAgeWithBenefit { benefits } => {
                let year = hh.year;
                self.aged_members(k, hh, AreaScope::All, |m, a| {
                    if !params.retirement.is_past_working_age(a.sex, a.months, year) {
                        return Outcome::Skip;
                    }
                    match m.old_age_benefit {
                        None => missing("old_age_benefit"),
                        Some(b) => Outcome::Share(benefits.iter().any(|x| benefit_matches(*x, b))),
                    }
                });
            }
            _ => return false,
        }
        true
    }

    /// Education: enrolment at an age, attainment in an age band. `false`: not one of these computations.
    fn education(&mut self, k: usize, comp: &Computation, hh: &Hh) -> bool {
        match comp {
            Computation::EnrolmentAtAge { age_years, min_grade } => {
                let sy = self.plan.params.school_age.school_year_of(hh.h.survey_date);
                self.aged_members(k, hh, AreaScope::All, |m, _| {
                    let school_age = m.date_of_birth.and_then(|d| u32::try_from(sy - d.year()).ok());
                    if school_age != Some(*age_years) {
                        return Outcome::Skip;
                    }
                    match m.schooling {
                        None => missing("schooling"),
                        Some(s) => Outcome::Share(match s.enrolment {
                            Enrolment::Grade(g) => u32::from(g) >= *min_grade,
                            Enrolment::PostSecondary => true,
                            Enrolment::NotEnrolled | Enrolment::Preschool => false,
                        }),
                    }
                });
            }
            Computation::AttainmentInAgeBand { min_age_years, max_age_years, level } => {
                let required = match level {
                    PlanEducation::PrimaryCompleted => EducationLevel::Primary,
                    PlanEducation::UpperSecondaryOrEquivalent => EducationLevel::UpperSecondary,
                };
                let sy = self.plan.params.school_age.school_year_of(hh.h.survey_date);
                self.aged_members(k, hh, AreaScope::All, |m, _| {
                    let school_age = m.date_of_birth.and_then(|d| u32::try_from(sy - d.year()).ok());
                    if !school_age.is_some_and(|a| (*min_age_years..=*max_age_years).contains(&a)) {
                        return Outcome::Skip;
                    }
                    match m.schooling {
                        None => missing("schooling"),
                        Some(s) => Outcome::Share(s.highest_completed >= required),
                    }
                });
            }
            _ => return false,
        }
        true
    }

    /// Health and population: fertility, natural increase, primary care, health records,
    /// vaccination, stunting. `false`: not one of these computations.
    fn health(&mut self, k: usize, comp: &Computation, hh: &Hh) -> bool {
        match comp {
            Computation::TotalFertilityRate { min_age_years, max_age_years, group_width_years, .. } => {
                // `check_supported` guarantees a non-empty band tiled by non-empty groups.
                let groups = ((max_age_years.saturating_add(1) - min_age_years) / group_width_years) as usize;
                for p in &hh.people {
                    if p.m.sex != Some(Sex::Female) {
                        continue;
                    }
                    let o = match p.ages {
                        None => Outcome::Exclude(ExclusionReason::BirthAfterSurveyDate),
                        Some(a) if !(*min_age_years..=*max_age_years).contains(&a.years) => Outcome::Skip,
                        Some(a) => match p.m.births_last_12m {
                            None => missing("births_last_12m"),
                            Some(b) if b < 0 => {
                                Outcome::Exclude(ExclusionReason::InvalidAnswer { field: "births_last_12m".into() })
                            }
                            Some(b) => {
                                let g = ((a.years - min_age_years) / group_width_years) as usize;
                                let acc = &mut self.accs[k * self.n_org + hh.place.village];
                                if acc.groups.len() != groups {
                                    acc.groups = vec![(0.0, 0.0); groups];
                                }
                                acc.groups[g].0 += f64::from(b);
                                acc.groups[g].1 += 1.0;
                                Outcome::Add(f64::from(b), 1.0)
                            }
                        },
                    };
                    self.apply(k, hh, Some(p.m.id), o);
                }
            }
            Computation::NaturalIncreaseRate { .. } => {
                self.household(k, hh, AreaScope::All, || natural_increase(hh));
            }
            Computation::PrimaryCareInsurancePaid { .. } => {
                self.members(k, hh, AreaScope::All, |p| match p.m.primary_care {
                    None => missing("primary_care"),
                    Some(PrimaryCare::NotUsed) => Outcome::Skip,
                    Some(c) => Outcome::Share(c == PrimaryCare::UsedInsurancePaid),
                });
            }
            Computation::HealthRecordCoverage { scope } => {
                self.members(k, hh, *scope, |p| match p.m.health_record {
                    None => missing("health_record"),
                    Some(b) => Outcome::Share(b),
                });
            }
            Computation::FullVaccination { min_age_months, max_age_months, .. } => {
                self.aged_members(k, hh, AreaScope::All, |m, a| {
                    if !(*min_age_months..=*max_age_months).contains(&a.months) {
                        return Outcome::Skip;
                    }
                    match m.fully_vaccinated_before_1 {
                        None => missing("fully_vaccinated_before_1"),
                        Some(b) => Outcome::Share(b),
                    }
                });
            }
            Computation::Stunting(method) => {
                self.aged_members(k, hh, AreaScope::All, |m, a| {
                    if !(method.min_age_months..=method.max_age_months).contains(&a.months) {
                        return Outcome::Skip;
                    }
                    stunting(m, a.sex, method)
                });
            }
            _ => return false,
        }
        true
    }

    /// Housing and living conditions. `false`: not one of these computations.
    fn housing(&mut self, k: usize, comp: &Computation, hh: &Hh) -> bool {
        let h = hh.h;
        match comp {
            Computation::HouseholdShare { condition, scope } => {
                self.household(k, hh, *scope, || household_condition(h, *condition));
            }
            Computation::SanitationFacilities { household_condition: condition, .. } => {
                self.household(k, hh, AreaScope::All, || household_condition(h, *condition));
            }
            Computation::TemporaryHousingCount { groups, conditions } => {
                self.household(k, hh, AreaScope::All, || match in_groups(h, groups) {
                    Err(field) => missing(field),
                    Ok(false) => Outcome::Add(0.0, 1.0),
                    Ok(true) => match h.housing {
                        None => missing("housing"),
                        Some(t) => {
                            let bad = conditions.iter().any(|c| house_matches(*c, t));
                            Outcome::Add(if bad { 1.0 } else { 0.0 }, 1.0)
                        }
                    },
                });
            }
            Computation::FloorAreaPerPerson { scope } => {
                self.household(k, hh, *scope, || match h.floor_area_m2 {
                    None => missing("floor_area_m2"),
                    Some(a) if !(a.is_finite() && a >= 0.0) => {
                        Outcome::Exclude(ExclusionReason::InvalidAnswer { field: "floor_area_m2".into() })
                    }
                    Some(a) => Outcome::Add(a, h.members.len() as f64),
                });
            }
            Computation::BroadcastReception { groups } => {
                self.household(k, hh, AreaScope::All, || match in_groups(h, groups) {
                    Err(field) => missing(field),
                    Ok(false) => Outcome::Skip,
                    Ok(true) => match h.radio_tv {
                        None => missing("radio_tv"),
                        Some(b) => {
                            let n = h.members.len() as f64;
                            Outcome::Add(if b { n } else { 0.0 }, n)
                        }
                    },
                });
            }
            _ => return false,
        }
        true
    }
}

fn scheme_answer(m: &Member, scheme: InsuranceScheme) -> (Option<bool>, &'static str) {
    match scheme {
        InsuranceScheme::CompulsorySocial => {
            (m.social_insurance.map(|s| s == SocialInsurance::Compulsory), "social_insurance")
        }
        InsuranceScheme::VoluntarySocial => {
            (m.social_insurance.map(|s| s == SocialInsurance::Voluntary), "social_insurance")
        }
        InsuranceScheme::Unemployment => (m.unemployment_insurance, "unemployment_insurance"),
        InsuranceScheme::Health => (m.health_insurance, "health_insurance"),
    }
}

/// Enrolled in any of `schemes`: one known "yes" is enough; otherwise every answer is needed.
fn any_scheme(m: &Member, schemes: &[InsuranceScheme]) -> Outcome {
    let answers = || schemes.iter().map(|s| scheme_answer(m, *s));
    if answers().any(|(a, _)| a == Some(true)) {
        return Outcome::Share(true);
    }
    match answers().find(|(a, _)| a.is_none()) {
        Some((_, field)) => missing(field),
        None => Outcome::Share(false),
    }
}

fn benefit_matches(plan: PlanBenefit, b: OldAgeBenefit) -> bool {
    matches!(
        (plan, b),
        (PlanBenefit::Pension, OldAgeBenefit::Pension)
            | (PlanBenefit::MonthlySocialInsurance, OldAgeBenefit::MonthlySocialInsurance)
            | (PlanBenefit::SocialPension, OldAgeBenefit::SocialPension)
    )
}

fn poverty_matches(plan: PlanPoverty, p: PovertyStatus) -> bool {
    matches!((plan, p), (PlanPoverty::Poor, PovertyStatus::Poor) | (PlanPoverty::NearPoor, PovertyStatus::NearPoor))
}

fn house_matches(c: HouseCondition, t: HousingType) -> bool {
    matches!(
        (c, t),
        (HouseCondition::Temporary, HousingType::Temporary) | (HouseCondition::Dilapidated, HousingType::Dilapidated)
    )
}

/// Whether the household belongs to any of `groups`: one known "yes" is enough; otherwise an
/// unanswered group question leaves it unknown (`Err(field)`).
fn in_groups(h: &Household, groups: &[HouseholdGroup]) -> Result<bool, &'static str> {
    let answers = || {
        groups.iter().map(|g| match g {
            HouseholdGroup::Poor => (h.poverty.map(|p| p == PovertyStatus::Poor), "poverty"),
            HouseholdGroup::NearPoor => (h.poverty.map(|p| p == PovertyStatus::NearPoor), "poverty"),
            HouseholdGroup::DisasterAffected => (h.disaster_affected, "disaster_affected"),
            HouseholdGroup::EthnicMinority => (h.ethnic_minority, "ethnic_minority"),
            HouseholdGroup::RemoteVillage => (h.remote_village, "remote_village"),
        })
    };
    if answers().any(|(a, _)| a == Some(true)) {
        return Ok(true);
    }
    match answers().find(|(a, _)| a.is_none()) {
        Some((_, field)) => Err(field),
        None => Ok(false),
    }
}

fn household_condition(h: &Household, c: HouseholdCondition) -> Outcome {
    let (answer, field) = match c {
        HouseholdCondition::HygienicLatrine => (h.latrine.map(|l| l.is_hygienic()), "latrine"),
        HouseholdCondition::SanitationFacility => (h.latrine.map(|l| l.has_facility()), "latrine"),
        HouseholdCondition::CleanWater => (h.water.map(|w| w.is_clean()), "water"),
    };
    match answer {
        None => missing(field),
        Some(b) => Outcome::Share(b),
    }
}

/// Births to the household's women in the last 12 months minus its deaths, over its persons.
/// The household needs its deaths answer and every birth answer the questionnaire asks.
fn natural_increase(hh: &Hh) -> Outcome {
    let h = hh.h;
    let Some(deaths) = h.deaths_last_12m else { return missing("deaths_last_12m") };
    if deaths < 0 {
        return Outcome::Exclude(ExclusionReason::InvalidAnswer { field: "deaths_last_12m".into() });
    }
    let mut births = 0i64;
    for p in &hh.people {
        let Some(a) = p.ages else { return Outcome::Exclude(ExclusionReason::BirthAfterSurveyDate) };
        let asked = a.sex == Sex::Female && BIRTHS_QUESTION_AGES.contains(&a.years);
        match p.m.births_last_12m {
            None if asked => return missing("births_last_12m"),
            Some(b) if b < 0 => {
                return Outcome::Exclude(ExclusionReason::InvalidAnswer { field: "births_last_12m".into() })
            }
            Some(b) => births += i64::from(b),
            None => {}
        }
    }
    Outcome::Add((births - i64::from(deaths)) as f64, h.members.len() as f64)
}

/// Height-for-age z with the plan's parameters: the row of the child's sex and completed days at
/// the measurement date; the position correction from the plan's age (not the table's column).
fn stunting(m: &Member, sex: Sex, method: &StuntingMethod) -> Outcome {
    let Some(h) = m.height else { return missing("height") };
    let unusable =
        |e: growth::GrowthError| Outcome::Exclude(ExclusionReason::MeasurementNotUsable { message: e.text() });
    let Some(days) = m.date_of_birth.and_then(|dob| age_days(dob, h.date)) else {
        return Outcome::Exclude(ExclusionReason::InvalidAnswer { field: "height.date".into() });
    };
    if !(h.height_cm.is_finite() && h.height_cm > 0.0) {
        return unusable(growth::GrowthError::BadMeasurement { height_cm: h.height_cm });
    }
    let row = match growth::lms(sex, days) {
        Ok(r) => r,
        Err(e) => return unusable(e),
    };
    let expected = if days >= i64::from(method.standing_from_age_days) {
        ExpectedMeasure::Height
    } else {
        ExpectedMeasure::Length
    };
    let adjust = match (expected, h.measured) {
        (ExpectedMeasure::Length, Measured::Standing) => method.position_correction_cm,
        (ExpectedMeasure::Height, Measured::Lying) => -method.position_correction_cm,
        _ => 0.0,
    };
    let z = row.z(h.height_cm + adjust);
    if !z.is_finite() || z.abs() > method.implausible_abs_z {
        return Outcome::Exclude(ExclusionReason::ImplausibleZScore { z });
    }
    Outcome::Share(z < method.z_cutoff)
}

fn median(v: &mut [i64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] as f64 + v[n / 2] as f64) / 2.0 })
}

/// Computes the raw values of every indicator for every unit in `year`.
pub(crate) fn compute_year(
    plan: &Plan,
    idx: &OrgIndex,
    households: &[&Household],
    figures: &[&EnteredFigures],
    year: i32,
) -> YearEval {
    let n_org = idx.len();
    let n_ind = plan.indicators.len();
    let mut unplaced = Vec::new();
    let mut placed: Vec<(&Household, Place)> = Vec::with_capacity(households.len());
    for h in households {
        match idx.place(h) {
            Ok(p) => placed.push((h, p)),
            Err(reason) => unplaced.push(Exclusion {
                record_id: Some(h.meta.id),
                member_id: None,
                org_unit_id: h.village_id.clone(),
                reason,
            }),
        }
    }

    // Pass 1 (only when needed): incomes per person for the #1 reference statistic.
    let mut income_stats = vec![(None, None); n_org];
    let needs_income = plan
        .indicators
        .iter()
        .any(|i| matches!(i.computation, Computation::MeritoriousHouseholdsLivingStandard { .. }));
    if needs_income {
        let mut incomes: Vec<Vec<i64>> = vec![Vec::new(); n_org];
        for (h, p) in &placed {
            if let Some(x) = h.income_per_person_vnd {
                for o in p.levels() {
                    incomes[o].push(x);
                }
            }
        }
        for (stat, v) in income_stats.iter_mut().zip(incomes.iter_mut()) {
            let mean = (!v.is_empty()).then(|| v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64);
            *stat = (median(v), mean);
        }
    }

    // Pass 2: every record's contribution to its village's accumulator; communes and the
    // district are then the sums of their children (`roll_up`), never averages.
    let mut pass =
        Pass { plan, n_org, accs: vec![Acc::default(); n_ind * n_org], income_stats, persons: vec![0; n_org] };
    for (h, place) in &placed {
        for o in place.levels() {
            pass.persons[o] += h.members.len() as u64;
        }
        let people = h
            .members
            .iter()
            .map(|m| Person {
                m,
                ages: m.sex.zip(m.date_of_birth).and_then(|(sex, dob)| {
                    age_months(dob, h.survey_date).map(|months| Ages { months, years: months / 12, sex })
                }),
            })
            .collect();
        let hh = Hh { h, village_id: &h.village_id, people, place: *place, year };
        for (k, ind) in plan.indicators.iter().enumerate() {
            pass.contribute(k, &ind.computation, &hh);
        }
    }
    roll_up(&mut pass.accs, idx, n_ind);
    for (k, ind) in plan.indicators.iter().enumerate() {
        if super::is_survey_based(&ind.computation) {
            pass.accs[k * n_org + idx.district].excluded.extend(unplaced.iter().cloned());
        }
    }

    let (merged, mut unplaced_figures) = entered::merge(idx, figures);
    unplaced.append(&mut unplaced_figures);
    let figs = Figures { idx, merged: &merged };

    let mut raws = Vec::with_capacity(n_ind * n_org);
    let mut accs = std::mem::take(&mut pass.accs).into_iter();
    for ind in &plan.indicators {
        for o in 0..n_org {
            let acc = accs.next().unwrap_or_default();
            raws.push(finish(&ind.id, &ind.computation, acc, o, &figs));
        }
    }
    YearEval { raws, households_used: placed.len() as u64, unplaced }
}

/// Adds `src` into `dst`: numerator, denominator, records, exclusions and age groups.
fn add_into(dst: &mut Acc, src: &Acc) {
    dst.num += src.num;
    dst.den += src.den;
    dst.used += src.used;
    dst.excluded.extend(src.excluded.iter().cloned());
    if !src.groups.is_empty() {
        if dst.groups.len() != src.groups.len() {
            dst.groups = vec![(0.0, 0.0); src.groups.len()];
        }
        for (d, s) in dst.groups.iter_mut().zip(&src.groups) {
            d.0 += s.0;
            d.1 += s.1;
        }
    }
}

/// Villages into their commune-level units, then those into the district, per indicator.
fn roll_up(accs: &mut [Acc], idx: &OrgIndex, n_ind: usize) {
    let n_org = idx.len();
    let villages: Vec<(usize, usize)> = (0..n_org)
        .filter(|&v| idx.kind(v) == OrgKind::Village)
        .filter_map(|v| idx.commune_index(v).map(|c| (v, c)))
        .collect();
    let communes: Vec<usize> = idx.communes().collect();
    for k in 0..n_ind {
        let grid = &mut accs[k * n_org..(k + 1) * n_org];
        for &(v, c) in &villages {
            let src = std::mem::take(&mut grid[v]);
            add_into(&mut grid[c], &src);
            grid[v] = src;
        }
        for &c in &communes {
            let src = std::mem::take(&mut grid[c]);
            add_into(&mut grid[idx.district], &src);
            grid[c] = src;
        }
    }
}

fn share(acc: &Acc, scale: f64) -> Option<f64> {
    (acc.den > 0.0).then(|| scale * acc.num / acc.den)
}

/// Turns one accumulator (and the unit's figures) into a raw value.
fn finish(id: &str, comp: &Computation, acc: Acc, org: usize, figs: &Figures) -> Raw {
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
        Computation::TotalFertilityRate { min_age_years, group_width_years, .. } => {
            let mut raw = survey(None, Acc { groups: Vec::new(), ..acc.clone() });
            if acc.groups.is_empty() {
                return raw;
            }
            let w = f64::from(*group_width_years);
            raw.components = acc
                .groups
                .iter()
                .enumerate()
                .map(|(g, &(b, n))| {
                    let lo = min_age_years + g as u32 * group_width_years;
                    let hi = lo + group_width_years - 1;
                    Component {
                        label: Text::new(format!("Phụ nữ {lo}–{hi} tuổi"), format!("Women {lo}–{hi}")),
                        numerator: Some(b),
                        denominator: Some(n),
                        value: (n > 0.0).then(|| b / n),
                        note: None,
                    }
                })
                .collect();
            if acc.groups.iter().all(|&(_, n)| n > 0.0) {
                raw.value = Some(w * acc.groups.iter().map(|&(b, n)| b / n).sum::<f64>());
            } else {
                raw.note = Some(super::compute::empty_groups_note(&raw.components));
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

/// The shipped accumulation equals the oracle on random synthetic districts, damaged so that
/// every kind of exclusion, unplaced record, draft answer and odd age occurs.
mod equivalence {
    use chrono::{Datelike, Duration};
    use proptest::prelude::*;

    use super::super::{compute, index::OrgIndex};
    use crate::domain::plan::Plan;
    use crate::domain::survey::{Dataset, Household, LabourStatus};
    use crate::synth;

    /// One kind of damage per `kind`, applied to household `i` (modulo the count).
    fn damage(ds: &mut Dataset, hits: &[(usize, u8, i64)]) {
        let n = ds.households.len();
        if n == 0 {
            return;
        }
        for &(i, kind, x) in hits {
            let h = &mut ds.households[i % n];
            let last = h.members.len().saturating_sub(1);
            let m = (x.unsigned_abs() as usize) % h.members.len().max(1);
            match kind % 16 {
                0 => h.latrine = None,
                1 => h.members[m].labour_status = None,
                2 => h.village_id = format!("{}-thon-99", h.commune_id),
                3 => h.commune_id = "dak-koi".into(),
                4 => {
                    for p in h.members.iter_mut() {
                        if let Some(ht) = p.height.as_mut() {
                            ht.height_cm = [25.0, -1.0, f64::NAN, 200.0][(x.unsigned_abs() % 4) as usize];
                        }
                    }
                }
                5 => {
                    h.floor_area_m2 =
                        [None, Some(-3.0), Some(f64::INFINITY), Some(0.0)][(x.unsigned_abs() % 4) as usize]
                }
                6 => {
                    h.members[last].health_insurance = None;
                    h.members[last].births_last_12m = None;
                }
                7 => h.income_per_person_vnd = None,
                8 => h.members[m].births_last_12m = Some(-1),
                9 => h.deaths_last_12m = [None, Some(-2)][(x.unsigned_abs() % 2) as usize],
                // A birth after the survey date: the age is unknown.
                10 => h.members[m].date_of_birth = Some(h.survey_date + Duration::days(1 + x.rem_euclid(400))),
                11 => h.members[m].date_of_birth = None,
                // Another survey year (drafts spread over years).
                12 => {
                    h.survey_date = h.survey_date.with_year(h.survey_date.year() - 1).unwrap_or(h.survey_date);
                }
                13 => {
                    h.poverty = None;
                    h.disaster_affected = None;
                    h.ethnic_minority = None;
                    h.members[m].social_assistance = None;
                    h.members[m].lonely_elderly = None;
                }
                14 => {
                    if let Some(ht) = h.members[m].height.as_mut() {
                        ht.date -= Duration::days(x.rem_euclid(3000));
                    }
                    h.members[m].schooling = None;
                    h.members[m].fully_vaccinated_before_1 = None;
                }
                _ => {
                    h.members[m].labour_status = Some(LabourStatus::Unemployed);
                    h.members[m].qualification = None;
                    h.members[m].old_age_benefit = None;
                    h.members[m].primary_care = None;
                    h.radio_tv = None;
                    h.meritorious_service = Some(x % 2 == 0);
                }
            }
        }
    }

    fn dataset() -> impl Strategy<Value = Dataset> {
        (0usize..120, any::<u64>(), prop::collection::vec((any::<usize>(), any::<u8>(), any::<i64>()), 0..40)).prop_map(
            |(n, seed, hits)| {
                let mut ds = synth::district(n, seed);
                damage(&mut ds, &hits);
                ds
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

        #[test]
        fn fast_path_equals_oracle(ds in dataset()) {
            let plan = Plan::embedded();
            let idx = OrgIndex::new(&plan.org_units).expect("district");
            for year in [synth::SURVEY_YEAR - 1, synth::SURVEY_YEAR] {
                let hh: Vec<&Household> = ds.households.iter().filter(|h| h.survey_date.year() == year).collect();
                let ff: Vec<_> = ds.figures.iter().filter(|f| f.year == year).collect();
                let placed: Vec<_> = hh.iter().map(|&h| (h, idx.place(h).ok())).collect();
                let fast = compute::compute_year(plan, &idx, &placed, &ff, year);
                let slow = super::compute_year(plan, &idx, &hh, &ff, year);
                // Debug text tells -0.0 from 0.0 and shows every digit: equal text, equal bits.
                prop_assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
            }
        }
    }
}
