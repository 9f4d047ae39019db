//! Completed ages at a reference date (the household's survey date).
//!
//! Contract: `AgeAt::months` gives completed calendar months from a birth date to the
//! reference date, `None` before the birth. A month is completed on the same day-of-month; a
//! birth on the 31st completes a month on the last day of a shorter month (31 Jan → 28 Feb is
//! one month), the usual civil reading. Re-exported by `ansinh_core::domain::person`, whose tests pin it.

use chrono::{Datelike, NaiveDate};

/// A reference date broken down once, for the ages of many people at that date.
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
            last_day_of_month: at.succ_opt().is_none_or(|next| next.day() == 1),
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
