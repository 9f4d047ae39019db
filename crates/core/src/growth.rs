//! WHO Child Growth Standards (2006): length/height-for-age z-scores for children 0–5 years.
//!
//! Contract: the LMS table is the CSV in `crates/core/data/` (0–1826 days, by sex), embedded in
//! the binary and parsed once on first use. `height_for_age_z` follows the WHO method as the
//! data README states it: the row is chosen by sex and *completed days*; a child measured
//! standing where recumbent length is expected (below 731 days) gets `correction_cm` added, one
//! measured lying where standing height is expected gets it subtracted; then the LMS formula.
//! Cut-offs (stunted, severely stunted, implausible) are plan parameters, so classification takes
//! them as an argument (`StuntingThresholds`) instead of hard-coding them.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::i18n::Text;
use crate::person::Sex;

const WHO_CSV: &str = include_str!("../data/who2006-length-height-for-age-by-day.csv");

/// The position correction of the WHO method, in cm (standing height is on average 0.7 cm less
/// than recumbent length).
pub const WHO_POSITION_CORRECTION_CM: f64 = 0.7;

/// Oldest age covered by the table, in completed days (5 years).
pub const MAX_AGE_DAYS: i64 = 1826;

/// How a child was measured (cách đo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measured {
    /// Lying down: recumbent length (đo nằm).
    Lying,
    /// Standing: height (đo đứng).
    Standing,
}

impl Measured {
    pub fn label(self) -> Text {
        match self {
            Measured::Lying => Text::new("Đo nằm (chiều dài)", "Lying (length)"),
            Measured::Standing => Text::new("Đo đứng (chiều cao)", "Standing (height)"),
        }
    }
}

/// Which measurement the standard expects at an age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpectedMeasure {
    /// Recumbent length (below 731 days).
    Length,
    /// Standing height (731 days and over).
    Height,
}

/// One row of the table: Box-Cox power `l`, median `m` (cm) and coefficient of variation `s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lms {
    pub measure: ExpectedMeasure,
    pub l: f64,
    pub m: f64,
    pub s: f64,
}

impl Lms {
    /// z-score of a value already on this row's scale (general LMS formula; L = 0 uses the log form).
    pub fn z(&self, x: f64) -> f64 {
        if self.l.abs() < 1e-12 {
            (x / self.m).ln() / self.s
        } else {
            ((x / self.m).powf(self.l) - 1.0) / (self.l * self.s)
        }
    }

    /// The value on this row's scale whose z-score is `z` (inverse of [`Lms::z`]).
    pub fn value_at(&self, z: f64) -> f64 {
        if self.l.abs() < 1e-12 {
            self.m * (self.s * z).exp()
        } else {
            self.m * (1.0 + self.l * self.s * z).powf(1.0 / self.l)
        }
    }
}

/// Why a z-score could not be computed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GrowthError {
    #[error("age {age_days} days is outside the WHO table (0–{max} days)", max = MAX_AGE_DAYS)]
    AgeOutOfRange { age_days: i64 },
    #[error("measurement {height_cm} cm is not a positive finite number")]
    BadMeasurement { height_cm: f64 },
    #[error("the embedded WHO table is malformed: {0}")]
    Table(String),
}

impl GrowthError {
    /// The error as a bilingual message for people (validation, CLI).
    pub fn text(&self) -> Text {
        match self {
            GrowthError::AgeOutOfRange { age_days } => Text::new(
                format!("Tuổi {age_days} ngày nằm ngoài bảng chuẩn WHO (0–{MAX_AGE_DAYS} ngày)"),
                format!("Age {age_days} days is outside the WHO table (0–{MAX_AGE_DAYS} days)"),
            ),
            GrowthError::BadMeasurement { height_cm } => Text::new(
                format!("Số đo {height_cm} cm không hợp lệ"),
                format!("Measurement {height_cm} cm is not valid"),
            ),
            GrowthError::Table(e) => {
                Text::new(format!("Bảng chuẩn WHO bị lỗi: {e}"), format!("The WHO table is malformed: {e}"))
            }
        }
    }
}

struct Table {
    male: Vec<Lms>,
    female: Vec<Lms>,
}

fn parse_table(csv: &str) -> Result<Table, GrowthError> {
    let mut male = Vec::with_capacity(MAX_AGE_DAYS as usize + 1);
    let mut female = Vec::with_capacity(MAX_AGE_DAYS as usize + 1);
    let mut lines = csv.lines();
    let header = lines.next().ok_or_else(|| GrowthError::Table("empty file".into()))?;
    if header.trim() != "sex,age_days,measure,L,M,S" {
        return Err(GrowthError::Table(format!("unexpected header {header:?}")));
    }
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |what: &str| GrowthError::Table(format!("line {}: {what}", i + 2));
        let cols: Vec<&str> = line.trim().split(',').collect();
        if cols.len() != 6 {
            return Err(bad("expected 6 columns"));
        }
        let rows = match cols[0] {
            "male" => &mut male,
            "female" => &mut female,
            _ => return Err(bad("unknown sex")),
        };
        let day: usize = cols[1].parse().map_err(|_| bad("bad age_days"))?;
        // Rows must be consecutive days so that a lookup is an index, never a search.
        if day != rows.len() {
            return Err(bad("age_days not consecutive from 0"));
        }
        let measure = match cols[2] {
            "length" => ExpectedMeasure::Length,
            "height" => ExpectedMeasure::Height,
            _ => return Err(bad("unknown measure")),
        };
        let num = |s: &str| s.parse::<f64>().map_err(|_| bad("bad number"));
        rows.push(Lms { measure, l: num(cols[3])?, m: num(cols[4])?, s: num(cols[5])? });
    }
    let expected = MAX_AGE_DAYS as usize + 1;
    if male.len() != expected || female.len() != expected {
        return Err(GrowthError::Table(format!(
            "expected {expected} rows per sex, found {} male and {} female",
            male.len(),
            female.len()
        )));
    }
    Ok(Table { male, female })
}

fn table() -> Result<&'static Table, GrowthError> {
    static TABLE: OnceLock<Result<Table, GrowthError>> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(WHO_CSV)).as_ref().map_err(Clone::clone)
}

/// The LMS row for `sex` at `age_days` completed days.
pub fn lms(sex: Sex, age_days: i64) -> Result<Lms, GrowthError> {
    if !(0..=MAX_AGE_DAYS).contains(&age_days) {
        return Err(GrowthError::AgeOutOfRange { age_days });
    }
    let t = table()?;
    let rows = match sex {
        Sex::Male => &t.male,
        Sex::Female => &t.female,
    };
    Ok(rows[age_days as usize])
}

/// The signed adjustment that brings a measurement taken `measured` onto the scale the table
/// expects at that row.
fn position_adjustment(expected: ExpectedMeasure, measured: Measured, correction_cm: f64) -> f64 {
    match (expected, measured) {
        (ExpectedMeasure::Length, Measured::Standing) => correction_cm,
        (ExpectedMeasure::Height, Measured::Lying) => -correction_cm,
        _ => 0.0,
    }
}

/// Length/height-for-age z-score (HAZ) of a child of `sex`, `age_days` completed days old,
/// measured `height_cm` in position `measured`. `correction_cm` is the position correction
/// (WHO: [`WHO_POSITION_CORRECTION_CM`]).
pub fn height_for_age_z(
    sex: Sex,
    age_days: i64,
    height_cm: f64,
    measured: Measured,
    correction_cm: f64,
) -> Result<f64, GrowthError> {
    if !(height_cm.is_finite() && height_cm > 0.0) {
        return Err(GrowthError::BadMeasurement { height_cm });
    }
    let row = lms(sex, age_days)?;
    let x = height_cm + position_adjustment(row.measure, measured, correction_cm);
    Ok(row.z(x))
}

/// The measurement (as taken in position `measured`) whose z-score is `z`: the inverse of
/// [`height_for_age_z`], used by the synthetic generator.
pub fn height_at_z(
    sex: Sex,
    age_days: i64,
    z: f64,
    measured: Measured,
    correction_cm: f64,
) -> Result<f64, GrowthError> {
    let row = lms(sex, age_days)?;
    Ok(row.value_at(z) - position_adjustment(row.measure, measured, correction_cm))
}

/// Cut-offs for stunting (suy dinh dưỡng thể thấp còi). They are plan parameters; `who()` gives
/// the WHO values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StuntingThresholds {
    /// Stunted below this z (WHO: −2).
    pub stunted_below: f64,
    /// Severely stunted below this z (WHO: −3).
    pub severe_below: f64,
    /// Biologically implausible when |z| exceeds this (WHO: 6).
    pub implausible_abs: f64,
}

impl StuntingThresholds {
    pub fn who() -> Self {
        StuntingThresholds { stunted_below: -2.0, severe_below: -3.0, implausible_abs: 6.0 }
    }
}

/// A child's height-for-age class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stunting {
    /// Not stunted (bình thường).
    Normal,
    /// Stunted but not severely (thấp còi vừa).
    Stunted,
    /// Severely stunted (thấp còi nặng).
    Severe,
    /// |z| beyond the plausibility limit: excluded from rates, to be re-measured.
    Implausible,
}

impl Stunting {
    /// Counts in the stunting rate's numerator (moderate or severe).
    pub fn is_stunted(self) -> bool {
        matches!(self, Stunting::Stunted | Stunting::Severe)
    }

    /// Counts in the rate's denominator (everything but implausible values).
    pub fn is_plausible(self) -> bool {
        self != Stunting::Implausible
    }

    pub fn label(self) -> Text {
        match self {
            Stunting::Normal => Text::new("Bình thường", "Normal"),
            Stunting::Stunted => Text::new("Thấp còi vừa", "Moderately stunted"),
            Stunting::Severe => Text::new("Thấp còi nặng", "Severely stunted"),
            Stunting::Implausible => Text::new("Số đo bất thường, cần đo lại", "Implausible, re-measure"),
        }
    }
}

/// Classifies a z-score. NaN is implausible (it can only come from a bad measurement).
pub fn classify(z: f64, t: &StuntingThresholds) -> Stunting {
    if z.is_nan() || z.abs() > t.implausible_abs {
        Stunting::Implausible
    } else if z < t.severe_below {
        Stunting::Severe
    } else if z < t.stunted_below {
        Stunting::Stunted
    } else {
        Stunting::Normal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_completely() {
        let t = table().expect("table parses");
        assert_eq!(t.male.len(), 1827);
        assert_eq!(t.female.len(), 1827);
    }

    #[test]
    fn parser_rejects_gaps_and_bad_headers() {
        assert!(parse_table("sex,age,measure,L,M,S\n").is_err());
        let gap = "sex,age_days,measure,L,M,S\nmale,0,length,1,49.8842,0.03795\nmale,2,length,1,50.2,0.03\n";
        assert!(matches!(parse_table(gap), Err(GrowthError::Table(_))));
    }

    #[test]
    fn lms_inverse_round_trips_for_box_cox_powers() {
        for l in [1.0, 0.0, -0.5, 0.3] {
            let row = Lms { measure: ExpectedMeasure::Height, l, m: 90.0, s: 0.04 };
            for z in [-3.0, -1.2, 0.0, 2.5] {
                assert!((row.z(row.value_at(z)) - z).abs() < 1e-9, "l={l} z={z}");
            }
        }
    }
}
