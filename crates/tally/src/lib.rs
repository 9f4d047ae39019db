//! The indicator engine's hot pass (`ansinh_core::engine` owns everything else): one year's
//! survey households and members, already placed in the org tree and reduced to plain facts,
//! accumulated per indicator and org unit, then rolled up villages → communes → district.
//!
//! Contract:
//! - Input is flat: `Household`s with their members as a contiguous range of `Person`s, the
//!   indicators compiled to `Op`s (one per plan indicator, `Op::Entered` for those not computed
//!   from the survey), the org tree as indices. No strings, no hashing, no allocation per record.
//! - Output (`Tally`): numerator, denominator and records per (unit, indicator), unit-major
//!   (`unit * ops.len() + k`); the fertility age groups; and every exclusion as an `Event`,
//!   indicator by indicator and within one indicator in household then member order (the
//!   order of each unit's list), from which the core builds its `Exclusion`s. The meaning of each outcome is the core's (`engine/compute.rs`) and is
//!   checked bit for bit against the core's test oracle.
//! - `UnitIds` (placing a household by its village id) is the one place that reads strings: it
//!   is the core's per-household lookup, built here so that it runs at opt-level 3 too.
//! - Nothing here is generic: this crate is compiled at opt-level 3 while the rest of the app is
//!   built for size (`[profile.release.package.ansinh-tally]` in the workspace `Cargo.toml`),
//!   and generic code would be compiled (and sized) in the caller instead.
//! - Pure: no I/O, clock or threads.

mod age;
mod ids;
mod income;
mod pass;

pub use age::AgeAt;
pub use ids::UnitIds;
pub use income::income_stats;
pub use pass::tally;

use chrono::NaiveDate;

/// Employment status (tình trạng việc làm).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labour {
    Employed,
    Unemployed,
    NotInLabourForce,
}

/// Social insurance participation (BHXH).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Social {
    NotInsured,
    Compulsory,
    Voluntary,
}

/// Old-age benefits, as bits so a plan's list of accepted benefits is one mask.
pub mod benefit {
    pub const PENSION: u8 = 1;
    pub const MONTHLY_SOCIAL_INSURANCE: u8 = 2;
    pub const SOCIAL_PENSION: u8 = 4;
    /// No benefit: matches no plan benefit.
    pub const NONE: u8 = 0;
}

/// Primary care at a grassroots facility in the last 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Care {
    NotUsed,
    UsedInsurancePaid,
    UsedNotInsurancePaid,
}

/// Current enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enrolment {
    NotEnrolled,
    Preschool,
    Grade(u8),
    PostSecondary,
}

/// Enrolment and the highest completed level (0 below primary, 1 primary, 2 lower secondary,
/// 3 upper secondary: the survey's order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schooling {
    pub enrolment: Enrolment,
    pub highest_completed: u8,
}

/// A length/height measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Height {
    pub cm: f64,
    pub standing: bool,
    pub date: NaiveDate,
}

/// One household member's answers the indicators read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Person {
    pub date_of_birth: Option<NaiveDate>,
    pub female: bool,
    pub labour: Option<Labour>,
    /// Has a degree or certificate (`qualification` other than none).
    pub trained: Option<bool>,
    pub social: Option<Social>,
    pub unemployment_insured: Option<bool>,
    pub health_insured: Option<bool>,
    /// One of `benefit::*`.
    pub old_age_benefit: Option<u8>,
    pub health_record: Option<bool>,
    pub primary_care: Option<Care>,
    pub schooling: Option<Schooling>,
    pub births_last_12m: Option<i32>,
    pub fully_vaccinated_before_1: Option<bool>,
    pub height: Option<Height>,
    pub lonely_elderly: Option<bool>,
    pub social_assistance: Option<bool>,
}

/// Poverty status, as bits so a plan's list is one mask.
pub mod poverty {
    pub const POOR: u8 = 1;
    pub const NEAR_POOR: u8 = 2;
    pub const NOT_POOR: u8 = 4;
}

/// Latrine (nhà tiêu).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Latrine {
    Hygienic,
    Unhygienic,
    NoLatrine,
}

/// Housing types, as bits so a plan's list of bad conditions is one mask.
pub mod housing {
    pub const PERMANENT: u8 = 1;
    pub const SEMI_PERMANENT: u8 = 2;
    pub const TEMPORARY: u8 = 4;
    pub const DILAPIDATED: u8 = 8;
}

/// One placed household of the year: where it counts and its own answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Household {
    pub village: u32,
    pub commune: u32,
    /// Thành thị.
    pub urban: bool,
    pub survey_date: NaiveDate,
    /// Its members: `persons[first_member .. first_member + members]`.
    pub first_member: u32,
    pub members: u32,
    pub meritorious_service: Option<bool>,
    pub income_per_person_vnd: Option<i64>,
    /// One of `poverty::*`.
    pub poverty: Option<u8>,
    pub disaster_affected: Option<bool>,
    pub ethnic_minority: Option<bool>,
    pub remote_village: Option<bool>,
    pub latrine: Option<Latrine>,
    pub clean_water: Option<bool>,
    /// One of `housing::*`.
    pub housing: Option<u8>,
    pub floor_area_m2: Option<f64>,
    pub radio_tv: Option<bool>,
    pub deaths_last_12m: Option<i32>,
}

/// Which households or persons an indicator covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Urban,
    Rural,
}

/// An insurance scheme a member may be enrolled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    CompulsorySocial,
    VoluntarySocial,
    Unemployment,
    Health,
}

/// A household group of the plan (#29, #36).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Poor,
    NearPoor,
    DisasterAffected,
    EthnicMinority,
    RemoteVillage,
}

/// A household condition (#27, #31, #32, #33).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    HygienicLatrine,
    SanitationFacility,
    CleanWater,
}

/// The org level whose income statistic #1 compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Village,
    Commune,
    District,
}

/// One indicator's formula with its parameters (the core compiles the plan's `Computation`).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Not computed from the survey (entered by an office).
    Entered,
    Meritorious {
        level: Level,
        median: bool,
        inclusive: bool,
    },
    Unemployment {
        scope: Scope,
        min_age_years: u32,
    },
    TrainedLabour {
        scope: Scope,
        min_age_years: u32,
    },
    WorkingAgeInsured {
        schemes: Vec<Scheme>,
    },
    /// `benefits`: a mask of `benefit::*`.
    PastWorkingAgeBenefit {
        benefits: u8,
    },
    Coverage {
        scheme: Scheme,
        scope: Scope,
    },
    /// `poverty`: a mask of `poverty::*`.
    Assistance {
        poverty: u8,
        child_below_age_months: u32,
        lonely_elderly_min_age_years: u32,
    },
    /// School age (school-year start year − birth year) `age_years`.
    EnrolmentAtAge {
        age_years: u32,
        min_grade: u32,
    },
    /// School age in `min_age_years..=max_age_years`.
    Attainment {
        min_age_years: u32,
        max_age_years: u32,
        level: u8,
    },
    Fertility {
        min_age_years: u32,
        max_age_years: u32,
        group_width_years: u32,
    },
    /// Births are asked of women aged `births_asked_from..=births_asked_to` years.
    NaturalIncrease {
        births_asked_from: u32,
        births_asked_to: u32,
    },
    PrimaryCareInsurancePaid,
    HealthRecord {
        scope: Scope,
    },
    Vaccination {
        min_age_months: u32,
        max_age_months: u32,
    },
    Stunting(Stunting),
    HouseholdShare {
        condition: Condition,
        scope: Scope,
    },
    /// `conditions`: a mask of `housing::*`.
    TemporaryHousing {
        groups: Vec<Group>,
        conditions: u8,
    },
    FloorArea {
        scope: Scope,
    },
    Broadcast {
        groups: Vec<Group>,
    },
}

/// The stunting method's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stunting {
    pub min_age_months: u32,
    pub max_age_months: u32,
    pub z_cutoff: f64,
    pub implausible_abs_z: f64,
    pub standing_from_age_days: u32,
    pub position_correction_cm: f64,
}

/// Working-age bounds in months for the reference year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingAge {
    pub min_months: u32,
    pub retirement_male: u32,
    pub retirement_female: u32,
}

/// Why a record is left out (the core turns it into its `ExclusionReason`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Why {
    /// The answer to this field (its JSON name) is missing.
    Missing(&'static str),
    Invalid(&'static str),
    BirthAfterSurveyDate,
    ImplausibleZ(f64),
    /// The WHO table has no row for this child, or the height is not a usable number.
    Unusable {
        female: bool,
        days: i64,
        height_cm: f64,
    },
}

/// One exclusion: indicator `op`, household index, member index within all persons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub op: u32,
    pub household: u32,
    pub person: Option<u32>,
    pub why: Why,
}

/// Numerator, denominator and records of one indicator in one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cell {
    pub num: f64,
    pub den: f64,
    pub used: u64,
}

/// The org tree as indices.
#[derive(Debug, Clone, Copy)]
pub struct Tree<'a> {
    pub units: usize,
    pub district: u32,
    /// Every village with its commune-level unit, in file order.
    pub villages: &'a [(u32, u32)],
    /// Commune-level units, in file order.
    pub communes: &'a [u32],
}

/// Height-for-age z of a child (female?, completed days, length/height in cm on the table's
/// scale); `None` when the table has no row for that age.
pub type ZScore<'a> = &'a dyn Fn(bool, i64, f64) -> Option<f64>;

/// Everything one year's pass reads.
pub struct Input<'a> {
    pub ops: &'a [Op],
    pub households: &'a [Household],
    pub persons: &'a [Person],
    pub tree: Tree<'a>,
    pub working: WorkingAge,
    /// Reference statistic of income per person, per unit: (median, mean); only read by
    /// `Op::Meritorious` (see `income_stats`).
    pub income: &'a [(Option<f64>, Option<f64>)],
    pub z_score: ZScore<'a>,
    /// Month (1–12) the school year starts: school ages (#11–#13) are the start year of the
    /// school year of the survey date minus the birth year.
    pub school_year_start_month: u32,
}

/// What one year's pass gives, rolled up.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Unit-major: `unit * ops.len() + k`.
    pub cells: Vec<Cell>,
    /// Per (unit, indicator) the fertility age groups (births, women); empty where no woman of
    /// the band counted.
    pub groups: Vec<Vec<(f64, f64)>>,
    /// Exclusions, indicator by indicator, then in household and member order; not rolled up.
    pub events: Vec<Event>,
}
