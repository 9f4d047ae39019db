//! Helpers shared by the report tests: fixed ids and times, small hand-built households whose
//! one answer (the latrine, indicator 27) is easy to count by hand.
#![allow(dead_code)]

use ansinh_core::domain::person::Sex;
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{Dataset, Household, Latrine, Member, RecordMeta, Relation};
use ansinh_core::report::Report;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

pub const YEAR: i32 = 2026;
pub const DISTRICT: &str = "kon-ray";
pub const KOI: &str = "dak-koi";
pub const TAN_LAP: &str = "tan-lap";

#[path = "../plan_support/mod.rs"]
mod plan_support;
pub use plan_support::relaxed_plan;

pub fn plan() -> &'static Plan {
    relaxed_plan()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An instant in UTC.
pub fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x7e90_0000_0000_4000_8000_0000_0000_0000 | n)
}

pub fn meta(n: u128) -> RecordMeta {
    RecordMeta::new(id(n), at(YEAR, 10, 1, 2, 0))
}

/// A household of `village` surveyed in September of `YEAR`, one man of 40, its latrine answer.
pub fn latrine_household(n: u128, village: &str, latrine: Latrine) -> Household {
    let commune = village.split("-thon-").next().unwrap();
    let mut h = Household::new(meta(n), commune, village, d(YEAR, 9, 15));
    h.latrine = Some(latrine);
    let born = d(YEAR - 40, 1, 1);
    h.members = vec![Member::new(id(n + 10_000), "Người thử", Sex::Male, born, Relation::Head)];
    h
}

pub fn dataset(households: Vec<Household>) -> Dataset {
    Dataset { households, figures: Vec::new() }
}

pub fn draft(n: u128, org: &str, year: i32) -> Report {
    Report::new_draft(plan(), org, year, meta(n)).unwrap()
}
