//! Sex and age arithmetic shared by survey validation and the indicator engine.
//!
//! Contract: ages are *completed* units at a reference date (the household's survey date),
//! as the indicator spec requires. A reference date before the birth date gives `None`, never
//! a negative age, so callers must decide what an impossible date means for them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

// Ages the survey's questions and checks depend on (here rather than in `survey`, so the skip
// rules and the survey do not depend on each other).
/// Oldest plausible age in completed years.
pub const MAX_AGE_YEARS: u32 = 120;
/// The old-age benefit question is asked from this age (completed years): below every
/// retirement age the schedule can give, so the engine always has the answer it needs.
pub const BENEFIT_QUESTION_MIN_AGE: u32 = 55;
/// Elderly (người cao tuổi) from this age, for the lonely-elderly question (Law on the Elderly).
pub const ELDERLY_MIN_AGE: u32 = 60;
/// Women of these ages (completed years) are asked about births in the last 12 months.
pub const BIRTHS_QUESTION_AGES: std::ops::RangeInclusive<u32> = 15..=49;

/// Sex as recorded in the survey (giới tính).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Nam.
    Male,
    /// Nữ.
    Female,
}

/// Completed days from `birth` to `at` (0 on the birth day).
pub fn age_days(birth: NaiveDate, at: NaiveDate) -> Option<i64> {
    let d = (at - birth).num_days();
    (d >= 0).then_some(d)
}

/// Completed calendar months from `birth` to `at`.
///
/// A month is completed on the same day-of-month; a birth on the 31st completes a month on the
/// last day of a shorter month (so 31 Jan → 28 Feb is one month), the usual civil reading.
pub fn age_months(birth: NaiveDate, at: NaiveDate) -> Option<u32> {
    AgeAt::new(at).months(birth)
}

/// A reference date broken down once, for the ages of many people at that date (the engine
/// ages every member of a household at its survey date). Same rule as [`age_months`], which
/// is defined through it; it lives in the engine's hot-pass crate.
pub use ansinh_tally::AgeAt;

/// Completed years from `birth` to `at`.
pub fn age_years(birth: NaiveDate, at: NaiveDate) -> Option<u32> {
    age_months(birth, at).map(|m| m / 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn completed_years_turn_on_the_birthday() {
        assert_eq!(age_years(d(2010, 6, 15), d(2025, 6, 14)), Some(14));
        assert_eq!(age_years(d(2010, 6, 15), d(2025, 6, 15)), Some(15));
        assert_eq!(age_years(d(2010, 6, 15), d(2010, 6, 15)), Some(0));
        assert_eq!(age_years(d(2010, 6, 15), d(2010, 6, 14)), None);
    }

    #[test]
    fn completed_months_handle_month_ends() {
        assert_eq!(age_months(d(2024, 1, 31), d(2024, 2, 28)), Some(0));
        assert_eq!(age_months(d(2024, 1, 31), d(2024, 2, 29)), Some(1));
        assert_eq!(age_months(d(2023, 1, 31), d(2023, 2, 28)), Some(1));
        assert_eq!(age_months(d(2024, 3, 10), d(2025, 3, 9)), Some(11));
        assert_eq!(age_months(d(2024, 3, 10), d(2025, 3, 10)), Some(12));
    }

    #[test]
    fn days_count_from_zero() {
        assert_eq!(age_days(d(2024, 1, 1), d(2024, 1, 1)), Some(0));
        assert_eq!(age_days(d(2024, 1, 1), d(2026, 1, 1)), Some(731));
        assert_eq!(age_days(d(2024, 1, 2), d(2024, 1, 1)), None);
    }
}
