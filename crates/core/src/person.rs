//! Sex and age arithmetic shared by survey validation and the indicator engine.
//!
//! Contract: ages are *completed* units at a reference date (the household's survey date),
//! as the indicator spec requires. A reference date before the birth date gives `None`, never
//! a negative age, so callers must decide what an impossible date means for them.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

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
/// is defined through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeAt {
    at: NaiveDate,
    year: i32,
    month: i32,
    day: u32,
    last_day_of_month: bool,
}

impl AgeAt {
    pub fn new(at: NaiveDate) -> Self {
        AgeAt {
            at,
            year: at.year(),
            month: at.month() as i32,
            day: at.day(),
            last_day_of_month: at.day() == days_in_month(at.year(), at.month()),
        }
    }

    /// Completed calendar months from `birth` to this date (`None` before the birth).
    pub fn months(&self, birth: NaiveDate) -> Option<u32> {
        if self.at < birth {
            return None;
        }
        let mut months = (self.year - birth.year()) * 12 + self.month - birth.month() as i32;
        if self.day < birth.day() && !self.last_day_of_month {
            months -= 1;
        }
        u32::try_from(months).ok()
    }
}

/// Completed years from `birth` to `at`.
pub fn age_years(birth: NaiveDate, at: NaiveDate) -> Option<u32> {
    age_months(birth, at).map(|m| m / 12)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let first_next = NaiveDate::from_ymd_opt(ny, nm, 1).expect("valid first of month");
    first_next.pred_opt().expect("day before a first of month").day()
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
