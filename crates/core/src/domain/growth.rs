//! WHO Child Growth Standards (2006): length/height-for-age z-scores for children 0–5 years.
//!
//! Contract: the LMS table is the CSV in `crates/core/data/` (0–1826 days, by sex), embedded in
//! the binary as an exact fixed-point encoding made by `build.rs` (a few KB instead of ~28 KB
//! gzipped) and decoded once on first use; a test checks every row against the CSV. `height_for_age_z` follows the WHO method as the
//! data README states it: the row is chosen by sex and *completed days*; a child measured
//! standing where recumbent length is expected (below 731 days) gets `correction_cm` added, one
//! measured lying where standing height is expected gets it subtracted; then the LMS formula.
//! Cut-offs (stunted, severely stunted, implausible) are plan parameters, so classification takes
//! them as an argument (`StuntingThresholds`) instead of hard-coding them.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::person::Sex;
use crate::i18n::Text;

/// The CSV's numbers as `build.rs` encodes them (layout documented there).
const WHO_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/who_lhfa.bin"));

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

/// Reads the table that `build.rs` wrote: per sex the row count, the first day measured
/// standing, then the L, M and S columns as delta-coded fixed-point integers.
fn decode_table(bytes: &[u8]) -> Result<Table, GrowthError> {
    let bad = |what: &str| GrowthError::Table(what.to_string());
    let mut r = bytes.strip_prefix(b"WHO2").ok_or_else(|| bad("unknown encoding"))?;
    let u16_le = |r: &mut &[u8]| -> Result<usize, GrowthError> {
        let (b, rest) = r.split_first_chunk::<2>().ok_or_else(|| bad("truncated"))?;
        *r = rest;
        Ok(usize::from(u16::from_le_bytes(*b)))
    };
    let mut sexes = Vec::with_capacity(2);
    for _ in 0..2 {
        let rows = u16_le(&mut r)?;
        let first_height = u16_le(&mut r)?;
        let mut cols = [Vec::new(), Vec::new(), Vec::new()];
        for col in &mut cols {
            let (&decimals, rest) = r.split_first().ok_or_else(|| bad("truncated"))?;
            r = rest;
            let scale = 10f64.powi(i32::from(decimals));
            let mut acc = 0i64;
            for _ in 0..rows {
                acc += varint(&mut r).ok_or_else(|| bad("truncated"))?;
                // Exact: integer / power of ten rounds to the same f64 as parsing the decimal.
                col.push(acc as f64 / scale);
            }
        }
        let [l, m, s] = cols;
        let measure = |day: usize| if day < first_height { ExpectedMeasure::Length } else { ExpectedMeasure::Height };
        sexes.push((0..rows).map(|d| Lms { measure: measure(d), l: l[d], m: m[d], s: s[d] }).collect::<Vec<_>>());
    }
    if !r.is_empty() {
        return Err(bad("trailing bytes"));
    }
    let expected = MAX_AGE_DAYS as usize + 1;
    let female = sexes.pop().unwrap_or_default();
    let male = sexes.pop().unwrap_or_default();
    if male.len() != expected || female.len() != expected {
        return Err(GrowthError::Table(format!(
            "expected {expected} rows per sex, found {} male and {} female",
            male.len(),
            female.len()
        )));
    }
    Ok(Table { male, female })
}

/// A zigzag LEB128 varint, advancing `r`.
fn varint(r: &mut &[u8]) -> Option<i64> {
    let mut z = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = r.split_first()?;
        *r = rest;
        z |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some((z >> 1) as i64 ^ -((z & 1) as i64));
        }
    }
    None
}

fn table() -> Result<&'static Table, GrowthError> {
    static TABLE: OnceLock<Result<Table, GrowthError>> = OnceLock::new();
    TABLE.get_or_init(|| decode_table(WHO_TABLE)).as_ref().map_err(Clone::clone)
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

    /// Every row of the CSV, parsed as text, equals the decoded row bit for bit.
    #[test]
    fn decoded_table_equals_the_csv_exactly() {
        let csv = include_str!("../../data/who2006-length-height-for-age-by-day.csv");
        let t = table().expect("table decodes");
        assert_eq!((t.male.len(), t.female.len()), (1827, 1827));
        let mut rows = 0;
        for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let c: Vec<&str> = line.split(',').collect();
            let row = match c[0] {
                "male" => t.male[c[1].parse::<usize>().unwrap()],
                "female" => t.female[c[1].parse::<usize>().unwrap()],
                other => panic!("sex {other}"),
            };
            let measure = if c[2] == "length" { ExpectedMeasure::Length } else { ExpectedMeasure::Height };
            assert_eq!(row.measure, measure, "{line}");
            for (got, text) in [row.l, row.m, row.s].into_iter().zip(&c[3..]) {
                assert_eq!(got.to_bits(), text.parse::<f64>().unwrap().to_bits(), "{line}");
            }
            rows += 1;
        }
        assert_eq!(rows, 2 * 1827);
    }

    #[test]
    fn decoder_rejects_other_encodings_and_truncation() {
        assert!(matches!(decode_table(b"WHO1"), Err(GrowthError::Table(_))));
        assert!(matches!(decode_table(&WHO_TABLE[..WHO_TABLE.len() - 1]), Err(GrowthError::Table(_))));
        let mut extra = WHO_TABLE.to_vec();
        extra.push(0);
        assert!(matches!(decode_table(&extra), Err(GrowthError::Table(_))));
    }

    #[test]
    fn varints_round_trip_signed_values() {
        // The same zigzag LEB128 as build.rs writes.
        for v in [0i64, 1, -1, 63, -64, 64, 300, -300, 1 << 40, -(1 << 40)] {
            let mut z = ((v << 1) ^ (v >> 63)) as u64;
            let mut buf = Vec::new();
            loop {
                let b = (z & 0x7f) as u8;
                z >>= 7;
                if z == 0 {
                    buf.push(b);
                    break;
                }
                buf.push(b | 0x80);
            }
            let mut r = &buf[..];
            assert_eq!(varint(&mut r), Some(v));
            assert!(r.is_empty());
        }
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
