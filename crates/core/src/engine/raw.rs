//! What the evaluation passes hold before a status is decided: a value with its numerator,
//! denominator and exclusions (`Raw`), the running sums of a pass over households (`Acc`), and
//! one year's values (`YearEval`).
//!
//! Contract: plain data, no logic. Here rather than in `compute`, so that `compute` (survey
//! indicators) and `entered` (office figures), which both produce `Raw` values, do not depend
//! on each other.

use crate::i18n::Text;

use super::sufficiency::UnitsEntered;
use super::{Component, Exclusion};

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
    /// For district sums of entered figures: how many commune-level units entered them.
    pub units_entered: Option<UnitsEntered>,
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
