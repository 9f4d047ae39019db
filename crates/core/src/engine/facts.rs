//! The survey and the plan in the hot pass's vocabulary (`ansinh_tally`): each household and
//! member reduced once per evaluation to the plain facts the indicators read, each indicator's
//! `Computation` compiled to an `Op`.
//!
//! Contract: a pure translation, one match per enum, so the compiler checks that every survey
//! answer and plan parameter has its counterpart; nothing is decided here (the outcomes are in
//! `ansinh_tally` and are checked against the oracle, `oracle.rs`).

use ansinh_tally as t;

use crate::domain::growth::Measured;
use crate::domain::person::Sex;
use crate::domain::person::BIRTHS_QUESTION_AGES;
use crate::domain::plan::{
    AreaScope, Computation, EducationLevel as PlanEducation, HouseCondition, HouseholdCondition, HouseholdGroup,
    IncomeStatistic, InsuranceScheme, OldAgeBenefit as PlanBenefit, Plan, PovertyStatus as PlanPoverty, ReferenceArea,
};
use crate::domain::survey::{
    EducationLevel, Enrolment, Household, HousingType, LabourStatus, Latrine, Member, OldAgeBenefit, PovertyStatus,
    PrimaryCare, SocialInsurance,
};

use super::index::Place;

/// One `Op` per plan indicator, in plan order.
pub(crate) fn compile(plan: &Plan) -> Vec<t::Op> {
    plan.indicators.iter().map(|i| op(&i.computation)).collect()
}

fn op(c: &Computation) -> t::Op {
    match c {
        Computation::MeritoriousHouseholdsLivingStandard { reference_area, statistic, inclusive } => {
            t::Op::Meritorious {
                level: match reference_area {
                    ReferenceArea::Village => t::Level::Village,
                    ReferenceArea::Commune => t::Level::Commune,
                    ReferenceArea::District => t::Level::District,
                },
                median: *statistic == IncomeStatistic::Median,
                inclusive: *inclusive,
            }
        }
        Computation::UnemploymentRate { scope, min_age_years } => {
            t::Op::Unemployment { scope: area(*scope), min_age_years: *min_age_years }
        }
        Computation::TrainedLabourShare { scope, min_age_years } => {
            t::Op::TrainedLabour { scope: area(*scope), min_age_years: *min_age_years }
        }
        Computation::WorkingAgeLabourInsured { schemes } => {
            t::Op::WorkingAgeInsured { schemes: schemes.iter().map(|s| scheme(*s)).collect() }
        }
        Computation::PastWorkingAgeWithBenefit { benefits } => t::Op::PastWorkingAgeBenefit {
            benefits: benefits.iter().fold(0, |mask, b| {
                mask | match b {
                    PlanBenefit::Pension => t::benefit::PENSION,
                    PlanBenefit::MonthlySocialInsurance => t::benefit::MONTHLY_SOCIAL_INSURANCE,
                    PlanBenefit::SocialPension => t::benefit::SOCIAL_PENSION,
                }
            }),
        },
        Computation::InsuranceCoverage { scheme: s, scope } => {
            t::Op::Coverage { scheme: scheme(*s), scope: area(*scope) }
        }
        Computation::SocialAssistanceCoverage { poverty, child_below_age_months, lonely_elderly_min_age_years } => {
            t::Op::Assistance {
                poverty: poverty.iter().fold(0, |mask, p| {
                    mask | match p {
                        PlanPoverty::Poor => t::poverty::POOR,
                        PlanPoverty::NearPoor => t::poverty::NEAR_POOR,
                    }
                }),
                child_below_age_months: *child_below_age_months,
                lonely_elderly_min_age_years: *lonely_elderly_min_age_years,
            }
        }
        Computation::EnrolmentAtAge { age_years, min_grade } => {
            t::Op::EnrolmentAtAge { age_years: *age_years, min_grade: *min_grade }
        }
        Computation::AttainmentInAgeBand { min_age_years, max_age_years, level } => t::Op::Attainment {
            min_age_years: *min_age_years,
            max_age_years: *max_age_years,
            level: education(match level {
                PlanEducation::PrimaryCompleted => EducationLevel::Primary,
                PlanEducation::UpperSecondaryOrEquivalent => EducationLevel::UpperSecondary,
            }),
        },
        Computation::TotalFertilityRate { min_age_years, max_age_years, group_width_years, .. } => t::Op::Fertility {
            min_age_years: *min_age_years,
            max_age_years: *max_age_years,
            group_width_years: *group_width_years,
        },
        Computation::NaturalIncreaseRate { .. } => t::Op::NaturalIncrease {
            births_asked_from: *BIRTHS_QUESTION_AGES.start(),
            births_asked_to: *BIRTHS_QUESTION_AGES.end(),
        },
        Computation::PrimaryCareInsurancePaid { .. } => t::Op::PrimaryCareInsurancePaid,
        Computation::HealthRecordCoverage { scope } => t::Op::HealthRecord { scope: area(*scope) },
        Computation::FullVaccination { min_age_months, max_age_months, .. } => {
            t::Op::Vaccination { min_age_months: *min_age_months, max_age_months: *max_age_months }
        }
        Computation::Stunting(m) => t::Op::Stunting(t::Stunting {
            min_age_months: m.min_age_months,
            max_age_months: m.max_age_months,
            z_cutoff: m.z_cutoff,
            implausible_abs_z: m.implausible_abs_z,
            standing_from_age_days: m.standing_from_age_days,
            position_correction_cm: m.position_correction_cm,
        }),
        Computation::HouseholdShare { condition: c, scope } => {
            t::Op::HouseholdShare { condition: condition(*c), scope: area(*scope) }
        }
        Computation::SanitationFacilities { household_condition: c, .. } => {
            t::Op::HouseholdShare { condition: condition(*c), scope: t::Scope::All }
        }
        Computation::TemporaryHousingCount { groups, conditions } => t::Op::TemporaryHousing {
            groups: groups.iter().map(|g| group(*g)).collect(),
            conditions: conditions.iter().fold(0, |mask, c| {
                mask | match c {
                    HouseCondition::Temporary => t::housing::TEMPORARY,
                    HouseCondition::Dilapidated => t::housing::DILAPIDATED,
                }
            }),
        },
        Computation::FloorAreaPerPerson { scope } => t::Op::FloorArea { scope: area(*scope) },
        Computation::BroadcastReception { groups } => {
            t::Op::Broadcast { groups: groups.iter().map(|g| group(*g)).collect() }
        }
        Computation::EnteredStatus { .. }
        | Computation::EnteredValue { .. }
        | Computation::EnteredRatio { .. }
        | Computation::QualitativeStatus { .. }
        | Computation::PerPopulation { .. } => t::Op::Entered,
    }
}

fn area(s: AreaScope) -> t::Scope {
    match s {
        AreaScope::All => t::Scope::All,
        AreaScope::Urban => t::Scope::Urban,
        AreaScope::Rural => t::Scope::Rural,
    }
}

fn scheme(s: InsuranceScheme) -> t::Scheme {
    match s {
        InsuranceScheme::CompulsorySocial => t::Scheme::CompulsorySocial,
        InsuranceScheme::VoluntarySocial => t::Scheme::VoluntarySocial,
        InsuranceScheme::Unemployment => t::Scheme::Unemployment,
        InsuranceScheme::Health => t::Scheme::Health,
    }
}

fn group(g: HouseholdGroup) -> t::Group {
    match g {
        HouseholdGroup::Poor => t::Group::Poor,
        HouseholdGroup::NearPoor => t::Group::NearPoor,
        HouseholdGroup::DisasterAffected => t::Group::DisasterAffected,
        HouseholdGroup::EthnicMinority => t::Group::EthnicMinority,
        HouseholdGroup::RemoteVillage => t::Group::RemoteVillage,
    }
}

fn condition(c: HouseholdCondition) -> t::Condition {
    match c {
        HouseholdCondition::HygienicLatrine => t::Condition::HygienicLatrine,
        HouseholdCondition::SanitationFacility => t::Condition::SanitationFacility,
        HouseholdCondition::CleanWater => t::Condition::CleanWater,
    }
}

/// The survey's order of levels (`EducationLevel` derives `Ord` in this order).
fn education(l: EducationLevel) -> u8 {
    match l {
        EducationLevel::BelowPrimary => 0,
        EducationLevel::Primary => 1,
        EducationLevel::LowerSecondary => 2,
        EducationLevel::UpperSecondary => 3,
    }
}

/// A placed household; its members start at `first_member` in the persons list.
#[inline(never)]
pub(crate) fn household(h: &Household, place: Place, first_member: u32) -> t::Household {
    t::Household {
        village: place.village as u32,
        commune: place.commune as u32,
        urban: place.urban,
        survey_date: h.survey_date,
        first_member,
        members: h.members.len() as u32,
        meritorious_service: h.meritorious_service,
        income_per_person_vnd: h.income_per_person_vnd,
        poverty: h.poverty.map(|p| match p {
            PovertyStatus::Poor => t::poverty::POOR,
            PovertyStatus::NearPoor => t::poverty::NEAR_POOR,
            PovertyStatus::NotPoor => t::poverty::NOT_POOR,
        }),
        disaster_affected: h.disaster_affected,
        ethnic_minority: h.ethnic_minority,
        remote_village: h.remote_village,
        latrine: h.latrine.map(|l| match l {
            Latrine::Hygienic => t::Latrine::Hygienic,
            Latrine::Unhygienic => t::Latrine::Unhygienic,
            Latrine::NoLatrine => t::Latrine::NoLatrine,
        }),
        clean_water: h.water.map(|w| w.is_clean()),
        housing: h.housing.map(|x| match x {
            HousingType::Permanent => t::housing::PERMANENT,
            HousingType::SemiPermanent => t::housing::SEMI_PERMANENT,
            HousingType::Temporary => t::housing::TEMPORARY,
            HousingType::Dilapidated => t::housing::DILAPIDATED,
        }),
        floor_area_m2: h.floor_area_m2,
        radio_tv: h.radio_tv,
        deaths_last_12m: h.deaths_last_12m,
    }
}

#[inline(never)]
pub(crate) fn person(m: &Member) -> t::Person {
    t::Person {
        // A person whose sex is not answered yet (a draft) is left out of everything that needs
        // the age, like one without a date of birth: age rules depend on the sex.
        date_of_birth: m.sex.and(m.date_of_birth),
        female: m.sex == Some(Sex::Female),
        labour: m.labour_status.map(|s| match s {
            LabourStatus::Employed => t::Labour::Employed,
            LabourStatus::Unemployed => t::Labour::Unemployed,
            LabourStatus::NotInLabourForce => t::Labour::NotInLabourForce,
        }),
        trained: m.qualification.map(|q| q.has_degree_or_certificate()),
        social: m.social_insurance.map(|s| match s {
            SocialInsurance::NotInsured => t::Social::NotInsured,
            SocialInsurance::Compulsory => t::Social::Compulsory,
            SocialInsurance::Voluntary => t::Social::Voluntary,
        }),
        unemployment_insured: m.unemployment_insurance,
        health_insured: m.health_insurance,
        old_age_benefit: m.old_age_benefit.map(|b| match b {
            OldAgeBenefit::NoBenefit => t::benefit::NONE,
            OldAgeBenefit::Pension => t::benefit::PENSION,
            OldAgeBenefit::MonthlySocialInsurance => t::benefit::MONTHLY_SOCIAL_INSURANCE,
            OldAgeBenefit::SocialPension => t::benefit::SOCIAL_PENSION,
        }),
        health_record: m.health_record,
        primary_care: m.primary_care.map(|c| match c {
            PrimaryCare::NotUsed => t::Care::NotUsed,
            PrimaryCare::UsedInsurancePaid => t::Care::UsedInsurancePaid,
            PrimaryCare::UsedNotInsurancePaid => t::Care::UsedNotInsurancePaid,
        }),
        schooling: m.schooling.map(|s| t::Schooling {
            enrolment: match s.enrolment {
                Enrolment::NotEnrolled => t::Enrolment::NotEnrolled,
                Enrolment::Preschool => t::Enrolment::Preschool,
                Enrolment::Grade(g) => t::Enrolment::Grade(g),
                Enrolment::PostSecondary => t::Enrolment::PostSecondary,
            },
            highest_completed: education(s.highest_completed),
        }),
        births_last_12m: m.births_last_12m,
        fully_vaccinated_before_1: m.fully_vaccinated_before_1,
        height: m.height.map(|h| t::Height {
            cm: h.height_cm,
            standing: h.measured == Measured::Standing,
            date: h.date,
        }),
        lonely_elderly: m.lonely_elderly,
        social_assistance: m.social_assistance,
    }
}
