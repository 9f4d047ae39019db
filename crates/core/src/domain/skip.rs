//! Skip logic of the household survey (câu hỏi theo độ tuổi, giới tính): which member questions
//! apply to a person at the household's survey date.
//!
//! Contract:
//! - `questions` is a pure function of sex, date of birth and survey date (no stored data), so
//!   the form, validation and any import check agree on who is asked what.
//! - Ages are completed years/months at the survey date (`person`). An unknown or impossible
//!   age (no date of birth yet, born after the survey date, older than `MAX_AGE_YEARS`) asks
//!   only the questions for everyone; nothing age-dependent is judged until the age is known.
//! - The ages come from the plan: `SkipRules::from_plan` reads them from the indicator
//!   definitions and `params`; `SkipRules::DEFAULT` is what the embedded plan gives (a test
//!   pins the two together), used where no plan is at hand (validation, the app's form).

use chrono::NaiveDate;

use crate::domain::person::{
    age_months, Sex, BENEFIT_QUESTION_MIN_AGE, BIRTHS_QUESTION_AGES, ELDERLY_MIN_AGE, MAX_AGE_YEARS,
};
use crate::domain::plan::{Computation, Plan, ValidationBounds};

/// Whether a question is put to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ask {
    /// Not asked: an answer given anyway is flagged by validation and cleared by the form.
    NotAsked,
    /// Asked, an answer is welcome but not needed to complete the household.
    Optional,
    /// Asked, needed to mark the household complete.
    Required,
}

impl Ask {
    /// Whether the form shows the question.
    pub fn shown(self) -> bool {
        self != Ask::NotAsked
    }

    fn when(required: bool) -> Ask {
        if required {
            Ask::Required
        } else {
            Ask::NotAsked
        }
    }
}

/// The ages that decide the questions. Bounds are inclusive, in completed years or months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkipRules {
    /// Upper bounds of answers (`params.validation`): beyond one is an error.
    pub bounds: ValidationBounds,
    /// Labour status, qualification, social and unemployment insurance from this age
    /// (`params.retirement.min_working_age_years`, the labour-force age of indicators 2–6).
    pub labour_min_years: u32,
    /// Old-age benefit from this age: the lowest retirement age of the schedule, in whole
    /// years, so every person past working age (indicator 7) has an answer.
    pub benefit_min_years: u32,
    /// Women asked about births in the last 12 months (indicator 15's age groups).
    pub births_min_years: u32,
    pub births_max_years: u32,
    /// Children asked whether fully vaccinated before age 1 (indicator 24's band): required.
    pub vaccination_min_months: u32,
    pub vaccination_max_months: u32,
    /// Older children up to this age may still have the vaccination answer recorded (it stays
    /// true of them), but it is not required.
    pub vaccination_optional_max_months: u32,
    /// Length/height and how measured up to this age (indicator 25's band, under 5).
    pub height_max_months: u32,
    /// Schooling (enrolment and highest level completed) from this age: one year below the
    /// youngest education indicator's age (grade 1 at 6, indicator 11), so pupils starting
    /// school are recorded the year before.
    pub schooling_min_years: u32,
    /// Lonely elderly (người cao tuổi cô đơn) from this age (indicator 9, Law on the Elderly).
    pub elderly_min_years: u32,
}

impl SkipRules {
    /// The rules the embedded Kon Rẫy plan gives.
    pub const DEFAULT: SkipRules = SkipRules {
        bounds: ValidationBounds::DEFAULT,
        labour_min_years: 15,
        benefit_min_years: BENEFIT_QUESTION_MIN_AGE,
        births_min_years: *BIRTHS_QUESTION_AGES.start(),
        births_max_years: *BIRTHS_QUESTION_AGES.end(),
        vaccination_min_months: 12,
        vaccination_max_months: 23,
        vaccination_optional_max_months: 59,
        height_max_months: 59,
        schooling_min_years: 5,
        elderly_min_years: ELDERLY_MIN_AGE,
    };

    /// The rules of `plan`: each age read from the indicator that needs the answer; an age the
    /// plan does not define keeps its `DEFAULT`.
    pub fn from_plan(plan: &Plan) -> SkipRules {
        let mut r = SkipRules::DEFAULT;
        r.bounds = plan.params.validation;
        let schedule = &plan.params.retirement;
        r.labour_min_years = schedule.min_working_age_years;
        r.benefit_min_years = schedule.male.base_months.min(schedule.female.base_months) / 12;
        let mut school_ages = Vec::new();
        for ind in &plan.indicators {
            match &ind.computation {
                Computation::TotalFertilityRate { min_age_years, max_age_years, .. } => {
                    r.births_min_years = *min_age_years;
                    r.births_max_years = *max_age_years;
                }
                Computation::FullVaccination { min_age_months, max_age_months, .. } => {
                    r.vaccination_min_months = *min_age_months;
                    r.vaccination_max_months = *max_age_months;
                }
                Computation::Stunting(m) => {
                    r.height_max_months = m.max_age_months;
                    r.vaccination_optional_max_months = m.max_age_months.max(r.vaccination_max_months);
                }
                Computation::SocialAssistanceCoverage { lonely_elderly_min_age_years, .. } => {
                    r.elderly_min_years = *lonely_elderly_min_age_years;
                }
                Computation::EnrolmentAtAge { age_years, .. } => school_ages.push(*age_years),
                Computation::AttainmentInAgeBand { min_age_years, .. } => school_ages.push(*min_age_years),
                _ => {}
            }
        }
        if let Some(youngest) = school_ages.into_iter().min() {
            r.schooling_min_years = youngest.saturating_sub(1);
        }
        r
    }
}

impl Default for SkipRules {
    fn default() -> Self {
        SkipRules::DEFAULT
    }
}

/// A person's age at the survey date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age {
    pub years: u32,
    pub months: u32,
}

/// The member questions that apply to one person. The questions for everyone (health
/// insurance, health record, primary care, social assistance) are always `Required`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberQuestions {
    /// `None` when the age is unknown or impossible: every age-dependent question is `NotAsked`.
    pub age: Option<Age>,
    /// Labour status, qualification, social insurance, unemployment insurance.
    pub labour: Ask,
    pub old_age_benefit: Ask,
    /// Enrolment and highest completed level.
    pub schooling: Ask,
    pub births: Ask,
    pub vaccination: Ask,
    /// Length/height, how measured, and the date of measurement.
    pub height: Ask,
    pub lonely_elderly: Ask,
}

/// The questions for a person of `sex` born on `date_of_birth` (each if known), at
/// `survey_date`. Questions for one sex only are not asked until the sex is known.
pub fn questions(
    sex: Option<Sex>,
    date_of_birth: Option<NaiveDate>,
    survey_date: NaiveDate,
    rules: &SkipRules,
) -> MemberQuestions {
    let age = date_of_birth
        .and_then(|dob| age_months(dob, survey_date))
        .map(|months| Age { years: months / 12, months })
        .filter(|a| a.years <= MAX_AGE_YEARS);
    let Some(Age { years, months }) = age else {
        return MemberQuestions {
            age: None,
            labour: Ask::NotAsked,
            old_age_benefit: Ask::NotAsked,
            schooling: Ask::NotAsked,
            births: Ask::NotAsked,
            vaccination: Ask::NotAsked,
            height: Ask::NotAsked,
            lonely_elderly: Ask::NotAsked,
        };
    };
    let vaccination = if (rules.vaccination_min_months..=rules.vaccination_max_months).contains(&months) {
        Ask::Required
    } else if (rules.vaccination_min_months..=rules.vaccination_optional_max_months).contains(&months) {
        Ask::Optional
    } else {
        Ask::NotAsked
    };
    MemberQuestions {
        age,
        labour: Ask::when(years >= rules.labour_min_years),
        old_age_benefit: Ask::when(years >= rules.benefit_min_years),
        schooling: Ask::when(years >= rules.schooling_min_years),
        births: Ask::when(
            sex == Some(Sex::Female) && (rules.births_min_years..=rules.births_max_years).contains(&years),
        ),
        vaccination,
        height: Ask::when(months <= rules.height_max_months),
        lonely_elderly: Ask::when(years >= rules.elderly_min_years),
    }
}
