//! Status of one indicator value against its 2030 target (đánh giá mức độ đạt chỉ tiêu).
//!
//! Contract (the trajectory rule of `shared/spec/indicators.md`):
//! - no value → `NoData`;
//! - the target is already met by the value (at full precision, never the rounded display) →
//!   `Met`; for a `Status` target a value of 1 (yes) is met, for `DecreasingToZero` a count of 0;
//! - in or after the target year → `NotMet`;
//! - before it, the value is compared with the straight line drawn from the *first earlier
//!   year with data* (its value) to the target in the target year, interpolated at the year:
//!   `OnTrack` when the value is on the line or on its better side, else `Behind`. The line is
//!   expressed as a *distance to the target* that shrinks linearly to zero, which honours every
//!   kind of target at once: for `≥`/`>` the distance is the shortfall, for `<` the excess, for a
//!   range the distance to the nearest bound, for "about" the distance beyond the tolerance on the
//!   worse side (both sides when closer is better), for a count to eliminate the count itself;
//! - no earlier year with data (nothing to draw the line from), or a yes/no target not reached →
//!   `NotMet`.

use serde::{Deserialize, Serialize};

use crate::domain::plan::{Direction, Target};
use crate::i18n::Text;

/// Where an indicator stands for an org unit and a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Đạt: the target is met.
    Met,
    /// Chưa đạt: not met, and no trajectory says otherwise.
    NotMet,
    /// Đúng tiến độ: not met yet, on or above the line to the target.
    OnTrack,
    /// Chậm tiến độ: not met yet, below the line to the target.
    Behind,
    /// Chưa có số liệu.
    NoData,
    /// Chưa đủ số liệu: survey coverage unknown or below the plan's threshold; the value is
    /// shown, no claim is made (`sufficiency`).
    InsufficientData,
    /// Ít số liệu — chỉ tham khảo: the denominator is below the indicator's minimum.
    FewData,
    /// Only some commune-level units entered the figures a district sum needs ("k/7 đơn vị đã
    /// nhập"): no value, no claim.
    PartlyEntered,
}

impl Status {
    pub fn label(self) -> Text {
        match self {
            Status::Met => Text::new("Đạt", "Met"),
            Status::NotMet => Text::new("Chưa đạt", "Not met"),
            Status::OnTrack => Text::new("Đúng tiến độ", "On track"),
            Status::Behind => Text::new("Chậm tiến độ", "Behind"),
            Status::NoData => Text::new("Chưa có số liệu", "No data"),
            Status::InsufficientData => Text::new("Chưa đủ số liệu", "Not enough data"),
            Status::FewData => Text::new("Ít số liệu — chỉ tham khảo", "Too few to judge — for reference only"),
            Status::PartlyEntered => Text::new("Chưa đủ đơn vị nhập", "Not every unit entered"),
        }
    }

    /// Snake-case code as serialized (for tables and scripts).
    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::NoData => "no_data",
            Status::InsufficientData => "insufficient_data",
            Status::FewData => "few_data",
            Status::PartlyEntered => "partly_entered",
        }
    }
}

/// The first earlier year with data, from which the trajectory line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub year: i32,
    pub value: f64,
}

/// Whether `value` meets `target` (status targets: 1 = yes; counts to eliminate: 0).
pub fn is_met(target: &Target, value: f64) -> bool {
    match target {
        Target::Status { .. } => value >= 1.0,
        Target::DecreasingToZero => value <= 0.0,
        t => t.is_met_by(value).unwrap_or(false),
    }
}

/// How far `value` is from meeting `target`, in the value's unit (0 when met or on the
/// boundary of a strict target). `None` for yes/no targets, which have no line.
pub fn distance(target: &Target, value: f64) -> Option<f64> {
    let d = match target {
        Target::AtLeast { value: t } | Target::MoreThan { value: t } => t - value,
        Target::Below { value: t } => value - t,
        Target::Range { min, max, .. } => (min - value).max(value - max),
        Target::About { value: t, tolerance, direction } => match direction {
            Direction::HigherBetter => (t - tolerance) - value,
            Direction::LowerBetter => value - (t + tolerance),
            Direction::CloserBetter => (value - t).abs() - tolerance,
        },
        Target::DecreasingToZero => value,
        Target::Status { .. } => return None,
    };
    Some(d.max(0.0))
}

/// The status of `value` in `year` (see the module contract).
pub fn status(target: &Target, target_year: i32, year: i32, value: Option<f64>, baseline: Option<Baseline>) -> Status {
    let Some(v) = value else { return Status::NoData };
    if is_met(target, v) {
        return Status::Met;
    }
    if year >= target_year {
        return Status::NotMet;
    }
    let Some(b) = baseline.filter(|b| b.year < year) else { return Status::NotMet };
    let (Some(d0), Some(d)) = (distance(target, b.value), distance(target, v)) else { return Status::NotMet };
    // Share of the way from the baseline year to the target year still to go at `year`.
    let remaining = f64::from(target_year - year) / f64::from(target_year - b.year);
    let allowed = d0 * remaining;
    // A hair of slack so a value exactly on the line is not "behind" through rounding noise.
    if d <= allowed + 1e-9 * allowed.abs().max(1.0) {
        Status::OnTrack
    } else {
        Status::Behind
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_better_line() {
        let t = Target::AtLeast { value: 50.0 };
        // Line from 30 (2024) to 50 (2030): at 2025 it is 30 + 20/6 ≈ 33.33.
        let b = Some(Baseline { year: 2024, value: 30.0 });
        assert_eq!(status(&t, 2030, 2025, Some(33.4), b), Status::OnTrack);
        assert_eq!(status(&t, 2030, 2025, Some(33.3), b), Status::Behind);
        assert_eq!(status(&t, 2030, 2025, Some(50.0), b), Status::Met);
        assert_eq!(status(&t, 2030, 2025, Some(40.0), None), Status::NotMet);
        assert_eq!(status(&t, 2030, 2030, Some(49.0), b), Status::NotMet);
        assert_eq!(status(&t, 2030, 2025, None, b), Status::NoData);
    }

    #[test]
    fn lower_better_and_ranges() {
        let below = Target::Below { value: 25.0 };
        // Line from 40 (2024) to 25 (2030): at 2026 the allowed excess is 15 × 4/6 = 10 → 35.
        let b = Some(Baseline { year: 2024, value: 40.0 });
        assert_eq!(status(&below, 2030, 2026, Some(35.0), b), Status::OnTrack);
        assert_eq!(status(&below, 2030, 2026, Some(35.1), b), Status::Behind);
        let range = Target::Range { min: 1.5, max: 2.0, below_is_met: false };
        // Distance 0.5 under the range in 2024; in 2027 the allowed distance is 0.25.
        let b = Some(Baseline { year: 2024, value: 1.0 });
        assert_eq!(status(&range, 2030, 2027, Some(2.2), b), Status::OnTrack);
        assert_eq!(status(&range, 2030, 2027, Some(2.3), b), Status::Behind);
        assert_eq!(status(&range, 2030, 2027, Some(1.7), b), Status::Met);
    }

    #[test]
    fn about_closer_better_uses_the_distance_beyond_the_tolerance() {
        let t = Target::About { value: 2.1, tolerance: 0.1, direction: Direction::CloserBetter };
        // 2023: 3.0 is 0.9 away, 0.8 beyond the tolerance; allowed in 2025: 0.8 × 5/7 ≈ 0.571.
        let b = Some(Baseline { year: 2023, value: 3.0 });
        assert_eq!(status(&t, 2030, 2025, Some(2.5), b), Status::OnTrack); // 0.3 beyond
        assert_eq!(status(&t, 2030, 2025, Some(1.5), b), Status::OnTrack); // 0.5 beyond, other side
        assert_eq!(status(&t, 2030, 2025, Some(2.8), b), Status::Behind); // 0.6 beyond
        assert_eq!(status(&t, 2030, 2025, Some(2.2), b), Status::Met);
        // Higher-better "about": the worse side only.
        let h = Target::About { value: 50.0, tolerance: 0.0, direction: Direction::HigherBetter };
        assert_eq!(distance(&h, 60.0), Some(0.0));
        assert_eq!(distance(&h, 45.0), Some(5.0));
    }

    #[test]
    fn counts_and_statuses() {
        let t = Target::DecreasingToZero;
        assert_eq!(status(&t, 2030, 2025, Some(0.0), None), Status::Met);
        let b = Some(Baseline { year: 2023, value: 70.0 });
        // Allowed count in 2025: 70 × 5/7 = 50.
        assert_eq!(status(&t, 2030, 2025, Some(50.0), b), Status::OnTrack);
        assert_eq!(status(&t, 2030, 2025, Some(51.0), b), Status::Behind);
        let s = Target::Status { goal: crate::domain::plan::StatusGoal::Reach };
        assert_eq!(status(&s, 2030, 2025, Some(1.0), None), Status::Met);
        assert_eq!(status(&s, 2030, 2025, Some(0.0), b), Status::NotMet);
    }
}
