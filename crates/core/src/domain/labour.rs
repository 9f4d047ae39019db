//! Working age (độ tuổi lao động) under the Labor Code 2019 and Decree 135/2020.
//!
//! Contract: the retirement schedule is *data* (it lives in the plan's parameters), not code:
//! this module only applies a `RetirementSchedule`. `konray_default()` is the schedule the
//! indicator spec states, used by the embedded plan and by tests.
//! The reference year's threshold is applied to everyone (a documented simplification).

use serde::{Deserialize, Serialize};

use crate::domain::person::Sex;

/// How the retirement age moves for one sex: `base_months` in `base_year`, plus `step_months`
/// each later year, never above `cap_months`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetirementStep {
    pub base_months: u32,
    pub step_months: u32,
    pub cap_months: u32,
}

/// The retirement-age schedule by sex, from `base_year` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetirementSchedule {
    pub base_year: i32,
    /// Youngest age (completed years) counted in the working-age population.
    pub min_working_age_years: u32,
    pub male: RetirementStep,
    pub female: RetirementStep,
    /// Retirement ages before `base_year` (Labor Code 2012: 60 years for men, 55 for women up
    /// to 2020); `None` applies the base ages to earlier years too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_base_year: Option<RetirementBefore>,
}

/// Fixed retirement ages (months) before the schedule's base year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetirementBefore {
    pub male_months: u32,
    pub female_months: u32,
}

impl RetirementSchedule {
    /// Men 60y3m in 2021, +3 months a year, 62y from 2028; women 55y4m in 2021, +4 months a
    /// year, 60y from 2035; working age from 15.
    pub fn konray_default() -> Self {
        RetirementSchedule {
            base_year: 2021,
            min_working_age_years: 15,
            male: RetirementStep { base_months: 60 * 12 + 3, step_months: 3, cap_months: 62 * 12 },
            female: RetirementStep { base_months: 55 * 12 + 4, step_months: 4, cap_months: 60 * 12 },
            before_base_year: Some(RetirementBefore { male_months: 60 * 12, female_months: 55 * 12 }),
        }
    }

    /// Retirement age in months for `sex` in reference `year`. Years before `base_year` use
    /// `before_base_year` (Labor Code 2012), else the base age.
    pub fn retirement_age_months(&self, sex: Sex, year: i32) -> u32 {
        if let Some(b) = self.before_base_year.filter(|_| year < self.base_year) {
            return match sex {
                Sex::Male => b.male_months,
                Sex::Female => b.female_months,
            };
        }
        let step = match sex {
            Sex::Male => self.male,
            Sex::Female => self.female,
        };
        let years_after = u32::try_from(year - self.base_year).unwrap_or(0);
        step.base_months
            .saturating_add(step.step_months.saturating_mul(years_after))
            .min(step.cap_months.max(step.base_months))
    }

    /// In working age: from `min_working_age_years` up to, not including, the retirement age.
    pub fn is_working_age(&self, sex: Sex, age_months: u32, year: i32) -> bool {
        self.in_year(year).is_working_age(sex, age_months)
    }

    /// Past working age (hết tuổi lao động): at or above the retirement age.
    pub fn is_past_working_age(&self, sex: Sex, age_months: u32, year: i32) -> bool {
        self.in_year(year).is_past_working_age(sex, age_months)
    }

    /// The schedule resolved for one reference year, to classify many people without
    /// recomputing the retirement age for each.
    pub fn in_year(&self, year: i32) -> WorkingAge {
        WorkingAge {
            min_months: self.min_working_age_years * 12,
            retirement_male: self.retirement_age_months(Sex::Male, year),
            retirement_female: self.retirement_age_months(Sex::Female, year),
        }
    }
}

/// Working-age bounds in months for one reference year (see [`RetirementSchedule::in_year`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingAge {
    pub min_months: u32,
    pub retirement_male: u32,
    pub retirement_female: u32,
}

impl WorkingAge {
    fn retirement(&self, sex: Sex) -> u32 {
        match sex {
            Sex::Male => self.retirement_male,
            Sex::Female => self.retirement_female,
        }
    }

    pub fn is_working_age(&self, sex: Sex, age_months: u32) -> bool {
        age_months >= self.min_months && age_months < self.retirement(sex)
    }

    pub fn is_past_working_age(&self, sex: Sex, age_months: u32) -> bool {
        age_months >= self.retirement(sex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_matches_decree_135() {
        let s = RetirementSchedule::konray_default();
        assert_eq!(s.retirement_age_months(Sex::Male, 2021), 723);
        assert_eq!(s.retirement_age_months(Sex::Male, 2024), 60 * 12 + 12);
        assert_eq!(s.retirement_age_months(Sex::Male, 2027), 61 * 12 + 9);
        assert_eq!(s.retirement_age_months(Sex::Male, 2028), 62 * 12);
        assert_eq!(s.retirement_age_months(Sex::Male, 2040), 62 * 12);
        assert_eq!(s.retirement_age_months(Sex::Female, 2021), 55 * 12 + 4);
        assert_eq!(s.retirement_age_months(Sex::Female, 2025), 56 * 12 + 8);
        assert_eq!(s.retirement_age_months(Sex::Female, 2034), 59 * 12 + 8);
        assert_eq!(s.retirement_age_months(Sex::Female, 2035), 60 * 12);
        // Before 2021, the Labor Code 2012: 60 (men) and 55 (women), as plan data.
        assert_eq!(s.retirement_age_months(Sex::Female, 2019), 55 * 12);
        assert_eq!(s.retirement_age_months(Sex::Male, 2020), 60 * 12);
        assert_eq!(s.retirement_age_months(Sex::Male, 2021), 60 * 12 + 3);
        // A schedule without `before_base_year` keeps its base ages for earlier years.
        let bare = RetirementSchedule { before_base_year: None, ..s };
        assert_eq!(bare.retirement_age_months(Sex::Female, 2019), 55 * 12 + 4);
    }

    #[test]
    fn boundary_is_inclusive_for_past_working_age() {
        let s = RetirementSchedule::konray_default();
        // 2025: men retire at 61y3m, women at 56y8m.
        assert!(s.is_working_age(Sex::Male, 61 * 12 + 2, 2025));
        assert!(s.is_past_working_age(Sex::Male, 61 * 12 + 3, 2025));
        assert!(!s.is_working_age(Sex::Male, 61 * 12 + 3, 2025));
        assert!(s.is_working_age(Sex::Female, 56 * 12 + 7, 2025));
        assert!(s.is_past_working_age(Sex::Female, 56 * 12 + 8, 2025));
        assert!(!s.is_working_age(Sex::Female, 15 * 12 - 1, 2025));
        assert!(s.is_working_age(Sex::Female, 15 * 12, 2025));
    }
}
