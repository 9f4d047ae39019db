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
//! Cost: a household is placed with one lookup; each member's age at the survey date is
//! computed once (not once per indicator) and the retirement ages once per year; accumulators
//! are plain numbers in one flat unit-major table, so the hot loop allocates nothing and builds
//! no strings (an exclusion's strings are made only when it happens). The result equals the
//! straightforward per-indicator definition kept as the test oracle (`oracle.rs`), bit for bit.

use crate::growth::{self, ExpectedMeasure, GrowthError, Measured};
use crate::i18n::Text;
use crate::labour::WorkingAge;
use crate::org::OrgKind;
use crate::person::{age_days, AgeAt, Sex};
use crate::plan::{
    AreaScope, Computation, EducationLevel as PlanEducation, HouseCondition, HouseholdCondition, HouseholdGroup,
    IncomeStatistic, InsuranceScheme, OldAgeBenefit as PlanBenefit, Plan, PovertyStatus as PlanPoverty, ReferenceArea,
    StuntingMethod,
};
use crate::survey::{
    EducationLevel, Enrolment, EnteredFigures, Household, HousingType, LabourStatus, Member, OldAgeBenefit,
    PovertyStatus, PrimaryCare, SocialInsurance, BIRTHS_QUESTION_AGES,
};

use super::entered::{self, Figures};
use super::index::{OrgIndex, Place};
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

/// A value before its status is known.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Raw {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub records_used: u64,
    pub excluded: Vec<Exclusion>,
    pub components: Vec<Component>,
    pub note: Option<Text>,
}

#[derive(Debug, PartialEq)]
pub(crate) struct YearEval {
    /// Indicator-major, `indicators × org units`.
    pub raws: Vec<Raw>,
    pub households_used: u64,
    pub unplaced: Vec<Exclusion>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Acc {
    pub num: f64,
    pub den: f64,
    pub used: u64,
    pub excluded: Vec<Exclusion>,
    /// Per age group (births, women) for the fertility rate.
    pub groups: Vec<(f64, f64)>,
}
/// Numerator, denominator and records of one indicator in one unit.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    num: f64,
    den: f64,
    used: u64,
}

#[derive(Clone, Copy)]
struct Ages {
    months: u32,
    years: u32,
}

/// A member with the age at the survey date, computed once per member and year.
#[derive(Clone, Copy)]
struct Person<'a> {
    m: &'a Member,
    ages: Option<Ages>,
}

/// Why a record is left out, without owned strings: the hot loop allocates nothing, and the
/// `ExclusionReason` is built only when an exclusion actually happens (rare).
#[derive(Clone, Copy)]
enum Why {
    Missing(&'static str),
    Invalid(&'static str),
    BirthAfterSurveyDate,
    ImplausibleZ(f64),
    /// The WHO table has no row for this child, or the height is not a usable number.
    Unusable {
        sex: Sex,
        days: i64,
        height_cm: f64,
    },
}

impl Why {
    fn reason(self) -> ExclusionReason {
        match self {
            Why::Missing(field) => ExclusionReason::MissingAnswer { field: field.into() },
            Why::Invalid(field) => ExclusionReason::InvalidAnswer { field: field.into() },
            Why::BirthAfterSurveyDate => ExclusionReason::BirthAfterSurveyDate,
            Why::ImplausibleZ(z) => ExclusionReason::ImplausibleZScore { z },
            Why::Unusable { sex, days, height_cm } => {
                let e = if !(height_cm.is_finite() && height_cm > 0.0) {
                    GrowthError::BadMeasurement { height_cm }
                } else {
                    // `stunting` gave this only because the table refused the row: ask again
                    // for the table's own error.
                    growth::lms(sex, days).err().unwrap_or(GrowthError::AgeOutOfRange { age_days: days })
                };
                ExclusionReason::MeasurementNotUsable { message: e.text() }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Outcome {
    /// Not in this indicator's population.
    Skip,
    /// In the denominator (1), and in the numerator when true.
    Share(bool),
    /// Adds to numerator and denominator.
    Add(f64, f64),
    Exclude(Why),
}

/// A member's outcome for a member-level indicator: those are all shares of persons.
#[derive(Clone, Copy)]
enum Answer {
    Skip,
    Share(bool),
    Exclude(Why),
}

fn missing(field: &'static str) -> Outcome {
    Outcome::Exclude(Why::Missing(field))
}

fn unanswered(field: &'static str) -> Answer {
    Answer::Exclude(Why::Missing(field))
}

fn in_scope(scope: AreaScope, urban: bool) -> bool {
    match scope {
        AreaScope::All => true,
        AreaScope::Urban => urban,
        AreaScope::Rural => !urban,
    }
}

/// One placed household of the year with its members' ages.
struct Hh<'a, 'b> {
    h: &'a Household,
    place: Place,
    people: &'b [Person<'a>],
}

/// The accumulation pass of one year. Accumulators are unit-major (`o * n_ind + k`): one
/// household's contributions all land in its village's row, and the roll-up sums rows.
struct Pass<'p> {
    plan: &'p Plan,
    n_ind: usize,
    cells: Vec<Cell>,
    excluded: Vec<Vec<Exclusion>>,
    /// Per age group (births, women), fertility indicators only.
    groups: Vec<Vec<(f64, f64)>>,
    /// Reference statistic of income per person, per unit: (median, mean).
    income_stats: Vec<(Option<f64>, Option<f64>)>,
    /// The retirement schedule resolved for the year evaluated.
    working: WorkingAge,
}

impl<'p> Pass<'p> {
    fn tally(&mut self, slot: usize, h: &Household, member: Option<&Member>, o: Outcome) {
        let (num, den) = match o {
            Outcome::Skip => return,
            Outcome::Share(b) => (if b { 1.0 } else { 0.0 }, 1.0),
            Outcome::Add(n, d) => (n, d),
            Outcome::Exclude(why) => return self.exclude(slot, h, member, why),
        };
        let c = &mut self.cells[slot];
        c.num += num;
        c.den += den;
        c.used += 1;
    }

    #[cold]
    #[inline(never)]
    fn exclude(&mut self, slot: usize, h: &Household, member: Option<&Member>, why: Why) {
        self.excluded[slot].push(Exclusion {
            record_id: Some(h.meta.id),
            member_id: member.map(|m| m.id),
            org_unit_id: h.village_id.clone(),
            reason: why.reason(),
        });
    }

    fn household(&mut self, slot: usize, hh: &Hh, scope: AreaScope, o: impl FnOnce() -> Outcome) {
        if in_scope(scope, hh.place.urban) {
            self.tally(slot, hh.h, None, o());
        }
    }

    /// Member-level indicators. Their contributions are whole numbers, so summing a household's
    /// members first and adding the sum to the village once is exact (no rounding in f64 below
    /// 2^53) and gives the same bits as adding member by member.
    fn members(&mut self, slot: usize, hh: &Hh, scope: AreaScope, f: impl Fn(&Person) -> Answer) {
        if !in_scope(scope, hh.place.urban) {
            return;
        }
        let (mut num, mut den, mut used) = (0u32, 0u32, 0u64);
        for p in hh.people {
            match f(p) {
                Answer::Skip => {}
                Answer::Share(b) => {
                    num += u32::from(b);
                    den += 1;
                    used += 1;
                }
                Answer::Exclude(why) => self.exclude(slot, hh.h, Some(p.m), why),
            }
        }
        if used > 0 {
            let c = &mut self.cells[slot];
            c.num += f64::from(num);
            c.den += f64::from(den);
            c.used += used;
        }
    }

    /// Members whose indicator needs the age: an unknown age excludes them.
    fn aged_members(&mut self, slot: usize, hh: &Hh, scope: AreaScope, f: impl Fn(&Member, Ages) -> Answer) {
        self.members(slot, hh, scope, |p| match p.ages {
            Some(a) => f(p.m, a),
            None => Answer::Exclude(Why::BirthAfterSurveyDate),
        })
    }

    /// Adds every survey-based indicator's contribution of one household to its village.
    fn add_household(&mut self, hh: &Hh) {
        let plan = self.plan;
        let row = hh.place.village * self.n_ind;
        for (k, ind) in plan.indicators.iter().enumerate() {
            self.contribute(row + k, &ind.computation, hh);
        }
    }

    fn contribute(&mut self, slot: usize, comp: &Computation, hh: &Hh) {
        let h = hh.h;
        let working = self.working;
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
                self.household(slot, hh, AreaScope::All, || match (h.meritorious_service, h.income_per_person_vnd) {
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
            Computation::UnemploymentRate { scope, min_age_years } => {
                self.aged_members(slot, hh, *scope, |m, a| {
                    if a.years < *min_age_years {
                        return Answer::Skip;
                    }
                    match m.labour_status {
                        None => unanswered("labour_status"),
                        Some(LabourStatus::NotInLabourForce) => Answer::Skip,
                        Some(s) => Answer::Share(s == LabourStatus::Unemployed),
                    }
                });
            }
            Computation::TrainedLabourShare { scope, min_age_years } => {
                self.aged_members(slot, hh, *scope, |m, a| {
                    if a.years < *min_age_years {
                        return Answer::Skip;
                    }
                    match (m.labour_status, m.qualification) {
                        (None, _) => unanswered("labour_status"),
                        (Some(s), _) if !s.in_labour_force() => Answer::Skip,
                        (Some(_), None) => unanswered("qualification"),
                        (Some(_), Some(q)) => Answer::Share(q.has_degree_or_certificate()),
                    }
                });
            }
            Computation::WorkingAgeLabourInsured { schemes } => {
                self.aged_members(slot, hh, AreaScope::All, |m, a| {
                    if !working.is_working_age(m.sex, a.months) {
                        return Answer::Skip;
                    }
                    match m.labour_status {
                        None => return unanswered("labour_status"),
                        Some(s) if !s.in_labour_force() => return Answer::Skip,
                        Some(_) => {}
                    }
                    any_scheme(m, schemes)
                });
            }
            Computation::PastWorkingAgeWithBenefit { benefits } => {
                self.aged_members(slot, hh, AreaScope::All, |m, a| {
                    if !working.is_past_working_age(m.sex, a.months) {
                        return Answer::Skip;
                    }
                    match m.old_age_benefit {
                        None => unanswered("old_age_benefit"),
                        Some(b) => Answer::Share(benefits.iter().any(|x| benefit_matches(*x, b))),
                    }
                });
            }
            Computation::InsuranceCoverage { scheme, scope } => {
                self.members(slot, hh, *scope, |p| match scheme_answer(p.m, *scheme) {
                    (Some(b), _) => Answer::Share(b),
                    (None, field) => unanswered(field),
                });
            }
            Computation::SocialAssistanceCoverage { poverty, child_below_age_months, lonely_elderly_min_age_years } => {
                self.aged_members(slot, hh, AreaScope::All, |m, a| {
                    let child = a.months < *child_below_age_months;
                    if !child {
                        if a.years < *lonely_elderly_min_age_years {
                            return Answer::Skip;
                        }
                        match m.lonely_elderly {
                            None => return unanswered("lonely_elderly"),
                            Some(false) => return Answer::Skip,
                            Some(true) => {}
                        }
                    }
                    match h.poverty {
                        None => return unanswered("poverty"),
                        Some(p) if !poverty.iter().any(|x| poverty_matches(*x, p)) => return Answer::Skip,
                        Some(_) => {}
                    }
                    match m.social_assistance {
                        None => unanswered("social_assistance"),
                        Some(b) => Answer::Share(b),
                    }
                });
            }
            Computation::EnrolmentAtAge { age_years, min_grade } => {
                self.aged_members(slot, hh, AreaScope::All, |m, a| {
                    if a.years != *age_years {
                        return Answer::Skip;
                    }
                    match m.schooling {
                        None => unanswered("schooling"),
                        Some(s) => Answer::Share(match s.enrolment {
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
                self.aged_members(slot, hh, AreaScope::All, |m, a| {
                    if !(*min_age_years..=*max_age_years).contains(&a.years) {
                        return Answer::Skip;
                    }
                    match m.schooling {
                        None => unanswered("schooling"),
                        Some(s) => Answer::Share(s.highest_completed >= required),
                    }
                });
            }
            Computation::TotalFertilityRate { min_age_years, max_age_years, group_width_years, .. } => {
                // `check_supported` guarantees a non-empty band tiled by non-empty groups.
                let groups = ((max_age_years.saturating_add(1) - min_age_years) / group_width_years) as usize;
                for p in hh.people {
                    if p.m.sex != Sex::Female {
                        continue;
                    }
                    let o = match p.ages {
                        None => Outcome::Exclude(Why::BirthAfterSurveyDate),
                        Some(a) if !(*min_age_years..=*max_age_years).contains(&a.years) => Outcome::Skip,
                        Some(a) => match p.m.births_last_12m {
                            None => missing("births_last_12m"),
                            Some(b) if b < 0 => Outcome::Exclude(Why::Invalid("births_last_12m")),
                            Some(b) => {
                                let g = ((a.years - min_age_years) / group_width_years) as usize;
                                let acc = &mut self.groups[slot];
                                if acc.len() != groups {
                                    *acc = vec![(0.0, 0.0); groups];
                                }
                                acc[g].0 += f64::from(b);
                                acc[g].1 += 1.0;
                                Outcome::Add(f64::from(b), 1.0)
                            }
                        },
                    };
                    self.tally(slot, h, Some(p.m), o);
                }
            }
            Computation::NaturalIncreaseRate { .. } => {
                self.household(slot, hh, AreaScope::All, || natural_increase(hh));
            }
            Computation::PrimaryCareInsurancePaid { .. } => {
                self.members(slot, hh, AreaScope::All, |p| match p.m.primary_care {
                    None => unanswered("primary_care"),
                    Some(PrimaryCare::NotUsed) => Answer::Skip,
                    Some(c) => Answer::Share(c == PrimaryCare::UsedInsurancePaid),
                });
            }
            Computation::HealthRecordCoverage { scope } => {
                self.members(slot, hh, *scope, |p| match p.m.health_record {
                    None => unanswered("health_record"),
                    Some(b) => Answer::Share(b),
                });
            }
            Computation::FullVaccination { min_age_months, max_age_months, .. } => {
                self.aged_members(slot, hh, AreaScope::All, |m, a| {
                    if !(*min_age_months..=*max_age_months).contains(&a.months) {
                        return Answer::Skip;
                    }
                    match m.fully_vaccinated_before_1 {
                        None => unanswered("fully_vaccinated_before_1"),
                        Some(b) => Answer::Share(b),
                    }
                });
            }
            Computation::Stunting(method) => {
                self.aged_members(slot, hh, AreaScope::All, |m, a| {
                    if !(method.min_age_months..=method.max_age_months).contains(&a.months) {
                        return Answer::Skip;
                    }
                    stunting(m, method)
                });
            }
            Computation::HouseholdShare { condition, scope } => {
                self.household(slot, hh, *scope, || household_condition(h, *condition));
            }
            Computation::SanitationFacilities { household_condition: condition, .. } => {
                self.household(slot, hh, AreaScope::All, || household_condition(h, *condition));
            }
            Computation::TemporaryHousingCount { groups, conditions } => {
                self.household(slot, hh, AreaScope::All, || match in_groups(h, groups) {
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
                self.household(slot, hh, *scope, || match h.floor_area_m2 {
                    None => missing("floor_area_m2"),
                    Some(a) if !(a.is_finite() && a >= 0.0) => Outcome::Exclude(Why::Invalid("floor_area_m2")),
                    Some(a) => Outcome::Add(a, h.members.len() as f64),
                });
            }
            Computation::BroadcastReception { groups } => {
                self.household(slot, hh, AreaScope::All, || match in_groups(h, groups) {
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
            Computation::EnteredStatus { .. }
            | Computation::EnteredValue { .. }
            | Computation::EnteredRatio { .. }
            | Computation::QualitativeStatus { .. }
            | Computation::PerPopulation { .. } => {}
        }
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
fn any_scheme(m: &Member, schemes: &[InsuranceScheme]) -> Answer {
    let answers = || schemes.iter().map(|s| scheme_answer(m, *s));
    if answers().any(|(a, _)| a == Some(true)) {
        return Answer::Share(true);
    }
    match answers().find(|(a, _)| a.is_none()) {
        Some((_, field)) => unanswered(field),
        None => Answer::Share(false),
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
        return Outcome::Exclude(Why::Invalid("deaths_last_12m"));
    }
    let mut births = 0i64;
    for p in hh.people {
        let Some(a) = p.ages else { return Outcome::Exclude(Why::BirthAfterSurveyDate) };
        let asked = p.m.sex == Sex::Female && BIRTHS_QUESTION_AGES.contains(&a.years);
        match p.m.births_last_12m {
            None if asked => return missing("births_last_12m"),
            Some(b) if b < 0 => return Outcome::Exclude(Why::Invalid("births_last_12m")),
            Some(b) => births += i64::from(b),
            None => {}
        }
    }
    Outcome::Add((births - i64::from(deaths)) as f64, h.members.len() as f64)
}

/// Height-for-age z with the plan's parameters: the row of the child's sex and completed days at
/// the measurement date; the position correction from the plan's age (not the table's column).
fn stunting(m: &Member, method: &StuntingMethod) -> Answer {
    let Some(h) = m.height else { return unanswered("height") };
    let Some(days) = m.date_of_birth.and_then(|dob| age_days(dob, h.date)) else {
        return Answer::Exclude(Why::Invalid("height.date"));
    };
    let unusable = Answer::Exclude(Why::Unusable { sex: m.sex, days, height_cm: h.height_cm });
    if !(h.height_cm.is_finite() && h.height_cm > 0.0) {
        return unusable;
    }
    let Ok(row) = growth::lms(m.sex, days) else { return unusable };
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
        return Answer::Exclude(Why::ImplausibleZ(z));
    }
    Answer::Share(z < method.z_cutoff)
}

/// Median and mean of the incomes per person of each unit's households. One sort of all
/// incomes, then each unit's list is filled in ascending order (no sort per unit); the means
/// sum in household order.
fn income_stats(placed: &[(&Household, Place)], n_org: usize) -> Vec<(Option<f64>, Option<f64>)> {
    let mut sums = vec![(0.0f64, 0usize); n_org];
    let mut by_income: Vec<(i64, Place)> = Vec::with_capacity(placed.len());
    for (h, p) in placed {
        if let Some(x) = h.income_per_person_vnd {
            for o in p.levels() {
                sums[o].0 += x as f64;
                sums[o].1 += 1;
            }
            by_income.push((x, *p));
        }
    }
    by_income.sort_unstable_by_key(|&(x, _)| x);
    let mut sorted: Vec<Vec<i64>> = sums.iter().map(|&(_, n)| Vec::with_capacity(n)).collect();
    for (x, p) in &by_income {
        for o in p.levels() {
            sorted[o].push(*x);
        }
    }
    sorted.iter().zip(&sums).map(|(v, &(sum, n))| (median_of_sorted(v), (n > 0).then(|| sum / n as f64))).collect()
}

fn median_of_sorted(v: &[i64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
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
    let needs_income = plan
        .indicators
        .iter()
        .any(|i| matches!(i.computation, Computation::MeritoriousHouseholdsLivingStandard { .. }));
    let income_stats = if needs_income { income_stats(&placed, n_org) } else { vec![(None, None); n_org] };

    // Pass 2: every record's contribution to its village's row; communes and the district are
    // then the sums of their children (`roll_up`), never averages.
    let mut pass = Pass {
        plan,
        n_ind,
        cells: vec![Cell::default(); n_org * n_ind],
        excluded: vec![Vec::new(); n_org * n_ind],
        groups: vec![Vec::new(); n_org * n_ind],
        income_stats,
        working: plan.params.retirement.in_year(year),
    };
    let mut persons = vec![0u64; n_org];
    let mut people: Vec<Person> = Vec::new();
    for &(h, place) in &placed {
        for o in place.levels() {
            persons[o] += h.members.len() as u64;
        }
        let at = AgeAt::new(h.survey_date);
        people.clear();
        people.extend(h.members.iter().map(|m| Person {
            m,
            ages: m.date_of_birth.and_then(|dob| at.months(dob)).map(|months| Ages { months, years: months / 12 }),
        }));
        pass.add_household(&Hh { h, place, people: &people });
    }
    pass.roll_up(idx);
    for (k, ind) in plan.indicators.iter().enumerate() {
        if super::is_survey_based(&ind.computation) {
            pass.excluded[idx.district * n_ind + k].extend(unplaced.iter().cloned());
        }
    }

    let (merged, mut unplaced_figures) = entered::merge(idx, figures);
    unplaced.append(&mut unplaced_figures);
    let figs = Figures { idx, merged: &merged, persons: &persons };

    let mut raws = Vec::with_capacity(n_ind * n_org);
    for (k, ind) in plan.indicators.iter().enumerate() {
        for o in 0..n_org {
            let slot = o * n_ind + k;
            let Cell { num, den, used } = pass.cells[slot];
            let acc = Acc {
                num,
                den,
                used,
                excluded: std::mem::take(&mut pass.excluded[slot]),
                groups: std::mem::take(&mut pass.groups[slot]),
            };
            raws.push(finish(&ind.id, &ind.computation, acc, o, &figs));
        }
    }
    YearEval { raws, households_used: placed.len() as u64, unplaced }
}

impl Pass<'_> {
    /// Villages into their commune-level units, then those into the district: each parent's
    /// row is the sum of its children's rows (numerators, denominators, records, exclusions
    /// and age groups), children in file order.
    fn roll_up(&mut self, idx: &OrgIndex) {
        let n_org = idx.len();
        for v in (0..n_org).filter(|&v| idx.kind(v) == OrgKind::Village) {
            if let Some(c) = idx.commune_index(v) {
                self.add_row(v, c);
            }
        }
        for c in idx.communes() {
            self.add_row(c, idx.district);
        }
    }

    fn add_row(&mut self, from: usize, to: usize) {
        let n = self.n_ind;
        for k in 0..n {
            let (src, dst) = (from * n + k, to * n + k);
            let s = self.cells[src];
            let d = &mut self.cells[dst];
            d.num += s.num;
            d.den += s.den;
            d.used += s.used;
            if !self.excluded[src].is_empty() {
                let moved = self.excluded[src].clone();
                self.excluded[dst].extend(moved);
            }
            if !self.groups[src].is_empty() {
                let src_groups = std::mem::take(&mut self.groups[src]);
                let dst_groups = &mut self.groups[dst];
                if dst_groups.len() != src_groups.len() {
                    *dst_groups = vec![(0.0, 0.0); src_groups.len()];
                }
                for (d, s) in dst_groups.iter_mut().zip(&src_groups) {
                    d.0 += s.0;
                    d.1 += s.1;
                }
                self.groups[src] = src_groups;
            }
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
                raw.note = Some(Text::new(
                    "Có nhóm tuổi không có phụ nữ nào được khảo sát",
                    "An age group has no surveyed women",
                ));
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
