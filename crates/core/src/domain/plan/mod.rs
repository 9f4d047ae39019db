//! The district plan as data: Kế hoạch of UBND huyện Kon Rẫy implementing 193-KH/HU (to 2030).
//!
//! Contract: a `Plan` only exists validated. `Plan::from_json` parses, checks the format
//! version, deserializes with the failing field's path, then runs every semantic check and
//! returns all problems at once (`PlanError`); it never panics on any input. The embedded plan
//! (`data/plan-konray-2030.json`) is the seed document's content: targets, the formula of each
//! indicator with its assumptions as parameters (`Computation`), agencies, tasks of section III,
//! roles and deadlines of section IV, the administrative units, and the signature block.
//! Nothing in here computes indicator values; the engine reads this model.
//!
//! JSON shape (keys in this order; `Text` is `{"vi", "en"}`; enums are snake_case strings;
//! enums with data (targets, schedules, computations) are externally tagged, e.g.
//! `"target": {"at_least": {"value": 80.0}}`, `"target": "decreasing_to_zero"`; format 2):
//! `format_version`, `id`, `version`, `document`, `implements[]`, `purpose`, `requirements`,
//! `general_goal`, `vision_2045`, `target_year`, `params {retirement, reporting_decimals}`,
//! `agencies[]`, `indicator_groups[]`, `indicators[]`, `task_sections[]`, `tasks[]`,
//! `organisation {roles[], deadlines[], closing}`, `recipients[]`, `signatory`, `org_units[]`.
//! Unknown keys are rejected so a misspelt field is an error, not silently ignored.

mod computation;
mod decode;
mod error;
mod start;
mod validate;

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use computation::*;
pub use error::{PlanError, Problem, ProblemKind};
pub use start::{PlanStart, EMBEDDED_PLAN_START_JSON};

use crate::domain::labour::RetirementSchedule;
use crate::domain::org::OrgUnits;
use crate::i18n::Text;

/// Plan file format versions this build reads (`format_version` in the JSON).
pub const SUPPORTED_FORMAT_VERSIONS: &[u32] = &[2];

/// The plan file shipped with the app, as kept in the repository (indented).
pub const EMBEDDED_PLAN_JSON: &str = include_str!("../../../data/plan-konray-2030.json");

/// The same document without the indentation (made by `build.rs`): what the app embeds and
/// reads at start. `embedded_plan_min_is_the_same_plan` checks they are one plan.
pub const EMBEDDED_PLAN_MIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/plan.min.json"));

/// The whole plan document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Version of the file format (not of the plan); see `SUPPORTED_FORMAT_VERSIONS`.
    pub format_version: u32,
    /// Stable plan id, e.g. "konray-ldtbxh-2030".
    pub id: String,
    /// Revision of the plan data, e.g. "2024.1"; bumped when an office edits the data.
    pub version: String,
    /// The document header: issuer, number, place, date, title.
    pub document: DocumentInfo,
    /// Documents this plan implements (căn cứ), outermost first.
    pub implements: Vec<SourceDocument>,
    /// I.1 Mục đích.
    pub purpose: Text,
    /// I.2 Yêu cầu.
    pub requirements: Text,
    /// II.1 Mục tiêu tổng quát.
    pub general_goal: Text,
    /// II.2.2 Tầm nhìn đến năm 2045.
    pub vision_2045: Text,
    /// Year the II.2.1 targets refer to.
    pub target_year: i32,
    /// Plan-wide parameters of the computations.
    pub params: PlanParams,
    /// Agencies and collective actors named in the plan.
    pub agencies: Vec<Agency>,
    /// The bullets of II.2.1, each grouping some indicators.
    pub indicator_groups: Vec<IndicatorGroup>,
    /// The 2030 indicators (II.2.1 and its footnote), in the seed's order.
    pub indicators: Vec<Indicator>,
    /// Headings of section III (numbered sections, subsections, lettered parts).
    pub task_sections: Vec<TaskSection>,
    /// Tasks of section III, in the seed's order.
    pub tasks: Vec<Task>,
    /// Section IV: roles, deadlines, closing paragraph.
    pub organisation: Organisation,
    /// Nơi nhận (distribution list).
    pub recipients: Vec<Recipient>,
    /// Signature block.
    pub signatory: Signatory,
    /// Administrative units of the plan's area.
    pub org_units: OrgUnits,
}

/// Header of the administrative document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInfo {
    /// Issuing body id (an `Agency`).
    pub issuer: String,
    /// Issuer as printed in the header, e.g. "ỦY BAN NHÂN DÂN HUYỆN KON RẪY".
    pub issuer_header: Text,
    /// Number before the slash; `None` while the draft leaves it blank ("Số: /KH-UBND").
    pub number: Option<u32>,
    /// Symbol after the slash, e.g. "KH-UBND".
    pub symbol: String,
    /// Place of issue ("Kon Rẫy").
    pub place: String,
    /// Date of issue; `None` while the draft leaves it blank ("ngày tháng năm").
    #[serde(default, with = "crate::base::dates::ymd_opt")]
    pub date: Option<NaiveDate>,
    /// Document kind, e.g. "Kế hoạch".
    pub kind: Text,
    /// Subject line ("Về việc triển khai thực hiện …").
    pub title: Text,
}

impl DocumentInfo {
    /// "Số: 12/KH-UBND", or "Số: /KH-UBND" while the number is blank.
    pub fn number_line(&self) -> String {
        match self.number {
            Some(n) => format!("Số: {n}/{}", self.symbol),
            None => format!("Số: /{}", self.symbol),
        }
    }
}

/// A higher-level document this plan implements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDocument {
    /// Stable id, e.g. "42-NQ/TW".
    pub id: String,
    /// Number and symbol as written, e.g. "42-NQ/TW".
    pub number: String,
    /// Kind, e.g. Nghị quyết / Chương trình / Kế hoạch.
    pub kind: Text,
    #[serde(with = "crate::base::dates::ymd")]
    pub date: NaiveDate,
    /// Issuing body, e.g. "Ban Chấp hành Trung ương Đảng".
    pub issuer: Text,
    /// Subject, where the seed gives one.
    pub subject: Option<Text>,
    /// Id of the document this one implements, if any (the chain 42 → 81 → 193).
    pub implements: Option<String>,
}

/// Plan-wide parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanParams {
    /// Retirement ages by sex and year; working age starts at `min_working_age_years`.
    pub retirement: RetirementSchedule,
    /// Decimals of every reported ratio and rate.
    pub reporting_decimals: u8,
    /// How school ages are counted for #11–#13 (education sector's convention).
    #[serde(default)]
    pub school_age: SchoolAge,
    /// When a status may be claimed (coverage, minimum counts, drafts).
    #[serde(default)]
    pub sufficiency: Sufficiency,
    /// Bounds beyond which an answer is a validation error (app forms, import, `ansinh eval`).
    #[serde(default)]
    pub validation: ValidationBounds,
}

/// The education sector's age convention (Decree 20/2014/NĐ-CP on universal education and its
/// circulars): a child's school age in a school year is the year the school year starts minus
/// the birth year, whatever the survey's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolAge {
    /// Month (1–12) in which the school year starts (September).
    pub school_year_start_month: u32,
}

impl Default for SchoolAge {
    fn default() -> Self {
        SchoolAge { school_year_start_month: 9 }
    }
}

impl SchoolAge {
    /// The calendar year in which the school year containing `date` started.
    pub fn school_year_of(&self, date: NaiveDate) -> i32 {
        if date.month() >= self.school_year_start_month {
            date.year()
        } else {
            date.year() - 1
        }
    }
}

/// "Enough data to judge" (spec): below these a value is shown but no status is claimed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sufficiency {
    /// Survey coverage (complete households / expected households) below which the status is
    /// "chưa đủ số liệu" (percent).
    pub min_coverage_percent: f64,
    /// Default minimum denominator (persons or households) below which the status is
    /// "ít số liệu — chỉ tham khảo"; an indicator may set its own (`Indicator::min_denominator`).
    pub min_denominator: u32,
    /// Whether the answers of draft households count in the indicators (they always count
    /// toward coverage as "đang nhập", never as complete).
    pub drafts_count: bool,
}

impl Default for Sufficiency {
    fn default() -> Self {
        Sufficiency { min_coverage_percent: 80.0, min_denominator: 30, drafts_count: false }
    }
}

/// Validation bounds of survey answers (an answer beyond one is an error, and the household
/// is left out of every indicator).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationBounds {
    /// Largest plausible dwelling floor area (m²).
    pub max_floor_area_m2: f64,
    /// Largest plausible monthly income per person (VND).
    pub max_income_per_person_vnd: i64,
    /// Most members in one household.
    pub max_members: u32,
    /// Most births to one woman in 12 months.
    pub max_births_last_12m: i32,
    /// Most deaths in one household in 12 months.
    pub max_deaths_last_12m: i32,
}

impl ValidationBounds {
    /// The bounds of the embedded plan (and of a plan that gives none). The survey's own limits
    /// (`survey::MAX_FLOOR_AREA_M2`, `survey::MAX_BIRTHS_12M`) are read from here: the survey
    /// depends on the plan, never the reverse.
    pub const DEFAULT: ValidationBounds = ValidationBounds {
        max_floor_area_m2: 1000.0,
        max_income_per_person_vnd: 1_000_000_000,
        max_members: 50,
        max_births_last_12m: 3,
        max_deaths_last_12m: 20,
    };
}

impl Default for ValidationBounds {
    fn default() -> Self {
        ValidationBounds::DEFAULT
    }
}

/// What kind of actor an agency is; used for grouping in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// Uỷ ban nhân dân (district or commune level).
    PeoplesCommittee,
    /// Phòng / cơ quan chuyên môn of the district.
    DistrictOffice,
    /// Đơn vị sự nghiệp or branch unit in the district (TTYT, BHXH, BCH Quân sự).
    DistrictUnit,
    /// Party body (Huyện ủy, Ban Tuyên giáo).
    Party,
    /// Mặt trận Tổ quốc and đoàn thể.
    Front,
    /// Provincial department.
    Provincial,
    /// A collective ("các phòng, ban chuyên môn", "UBND các xã, thị trấn", …).
    Collective,
    /// Anything else (the district web portal, the archive).
    Other,
}

/// An agency or collective actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub id: String,
    pub kind: AgencyKind,
    /// Full name (Vietnamese) and English name.
    pub name: Text,
    /// Short Vietnamese name as used in the plan, e.g. "Phòng LĐ-TB&XH".
    pub short_name: String,
}

/// A bullet of II.2.1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorGroup {
    pub id: String,
    pub order: u32,
    /// Short title.
    pub title: Text,
}

/// Unit of an indicator's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Per10000People,
    ChildrenPerWoman,
    Years,
    SquareMetresPerPerson,
    Count,
    /// A yes/no or qualitative status.
    Status,
}

/// Which side of a target is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherBetter,
    LowerBetter,
    /// Distance from the value matters, not the side (e.g. replacement fertility).
    CloserBetter,
}

/// Whether a status target is reached once or must be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusGoal {
    /// Hoàn thành / đạt.
    Reach,
    /// Duy trì.
    Keep,
}

/// Slack added to an `About` tolerance so decimal bounds stay inclusive in binary floats.
const ABOUT_SLACK: f64 = 1e-9;

/// The 2030 target of an indicator. Serialized externally tagged (`{"at_least": {"value": 80.0}}`);
/// deserialized by hand (`plan::decode`), with the same format and wording of errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// value ≥ `value` ("đạt … trở lên", "100%").
    AtLeast { value: f64 },
    /// value > `value` ("trên").
    MoreThan { value: f64 },
    /// value < `value` ("dưới").
    Below { value: f64 },
    /// `min` ≤ value ≤ `max` ("từ a-b"). With `below_is_met`, a value under `min` is met too
    /// (#3: urban unemployment below 1.5% is no failure; spec "Corrections (2026-12)").
    Range {
        min: f64,
        max: f64,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        below_is_met: bool,
    },
    /// About `value` ("khoảng", "ở mức"): met when the value is within `tolerance` on the
    /// worse side (`higher_better`: value ≥ value − tolerance; `lower_better`: value ≤
    /// value + tolerance; `closer_better`: |value − target| ≤ tolerance).
    About { value: f64, tolerance: f64, direction: Direction },
    /// A status to reach or keep.
    Status { goal: StatusGoal },
    /// A count to bring down to zero, step by step ("từng bước xóa bỏ").
    DecreasingToZero,
}

impl Target {
    /// Snake-case name of the kind of target, as written in the plan file.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Target::AtLeast { .. } => "at_least",
            Target::MoreThan { .. } => "more_than",
            Target::Below { .. } => "below",
            Target::Range { .. } => "range",
            Target::About { .. } => "about",
            Target::Status { .. } => "status",
            Target::DecreasingToZero => "decreasing_to_zero",
        }
    }

    /// Numbers of the target, for checks and display.
    pub fn values(&self) -> Vec<f64> {
        match self {
            Target::AtLeast { value } | Target::MoreThan { value } | Target::Below { value } => vec![*value],
            Target::Range { min, max, .. } => vec![*min, *max],
            Target::About { value, tolerance, .. } => vec![*value, *tolerance],
            Target::Status { .. } | Target::DecreasingToZero => vec![],
        }
    }

    /// Whether `value` meets a numeric target; `None` for status and decreasing targets,
    /// which the engine judges from their own data.
    pub fn is_met_by(&self, x: f64) -> Option<bool> {
        Some(match self {
            Target::AtLeast { value } => x >= *value,
            Target::MoreThan { value } => x > *value,
            Target::Below { value } => x < *value,
            Target::Range { min, max, below_is_met } => (*below_is_met || *min <= x) && x <= *max,
            Target::About { value, tolerance, direction } => {
                // Tolerance bounds are inclusive; the slack keeps 2.2 within 2.1 ± 0.1 although
                // 2.2 − 2.1 is 0.10000000000000009 in binary floating point.
                let tol = tolerance + ABOUT_SLACK;
                match direction {
                    Direction::HigherBetter => x >= value - tol,
                    Direction::LowerBetter => x <= value + tol,
                    Direction::CloserBetter => (x - value).abs() <= tol,
                }
            }
            Target::Status { .. } | Target::DecreasingToZero => return None,
        })
    }
}

/// Where an indicator's data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    /// Computed from household survey records.
    Survey,
    /// Entered by an office per unit and year.
    Entered,
    /// Both (an entered count over a survey population, or parts of each).
    SurveyAndEntered,
    /// A qualitative assessment (status + note).
    Qualitative,
}

/// One 2030 indicator (chỉ tiêu).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id: "1".."36", "30a", "30b".
    pub id: String,
    /// Display order (the seed's order, footnote items after 30).
    pub order: u32,
    /// Id of the II.2.1 bullet (`IndicatorGroup`).
    pub group: String,
    /// Full seed wording of the indicator with its target (vi), and its translation (en).
    pub name: Text,
    /// Short label for tables and charts.
    pub short_name: Text,
    pub unit: Unit,
    pub target: Target,
    pub target_year: i32,
    pub source: DataSource,
    /// Lead agency (chủ trì) for the indicator.
    pub lead_agency: String,
    /// Ids of the section III tasks that serve this indicator.
    pub tasks: Vec<String>,
    pub computation: Computation,
    /// Reading notes: assumptions and how the seed's wording was interpreted.
    pub notes: Option<Text>,
    /// Smallest denominator on which a status is claimed; `None` = the plan's default
    /// (`params.sufficiency.min_denominator`). Small cohorts (#24) set a smaller one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_denominator: Option<u32>,
}

/// A heading of section III.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskSection {
    /// Path id, e.g. "III.3", "III.3.2", "III.3.2.a" ("dd" stands for the letter đ).
    pub id: String,
    /// Label as printed, e.g. "3.", "3.2.", "a)", "đ)".
    pub label: String,
    pub title: Text,
    /// Enclosing section id; `None` for the numbered sections 1–6.
    pub parent: Option<String>,
}

/// One task (nhiệm vụ, giải pháp) of section III: a bullet, or a lettered paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Stable id: innermost section id and the task's position in it, e.g. "III.3.2.a.1".
    pub id: String,
    /// Innermost section id.
    pub section: String,
    pub order: u32,
    /// Full Vietnamese text of the task, English summary.
    pub text: Text,
    /// Lead agencies (chủ trì); empty when the assignment line names none.
    pub leads: Vec<String>,
    /// Coordinating agencies (phối hợp).
    pub coordinating: Vec<String>,
    /// Implementers (triển khai thực hiện).
    pub implementers: Vec<String>,
    /// Agencies whose guidance the implementers follow ("theo hướng dẫn của").
    pub guided_by: Vec<String>,
    /// The "Thực hiện:" line as printed, and its translation.
    pub assignment: Text,
    /// Ids of the indicators this task serves.
    pub indicators: Vec<String>,
}

/// Section IV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub roles: Vec<Role>,
    pub deadlines: Vec<Deadline>,
    /// Closing paragraph ("Căn cứ nội dung Kế hoạch …").
    pub closing: Text,
}

/// The duties of one party in section IV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Agency id.
    pub agency: String,
    /// Heading as printed, e.g. "1. Phòng Lao động - TB&XH huyện".
    pub heading: Text,
    /// One entry per bullet (or the paragraph).
    pub duties: Vec<Text>,
}

/// When a deadline falls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Schedule {
    /// Once, by `date`.
    Once {
        #[serde(with = "crate::base::dates::ymd")]
        date: NaiveDate,
    },
    /// Every year on `month`/`day`, from `from_year` on.
    Yearly { month: u32, day: u32, from_year: i32 },
}

/// Whether the deadline date itself is still on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueRelation {
    /// "trước ngày …": due strictly before the date; the last on-time day is the day before.
    Before,
    /// "đến ngày …", "chậm nhất ngày …": the date itself is on time.
    OnOrBefore,
}

/// A deadline of section IV the app counts down to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub id: String,
    /// What is due.
    pub title: Text,
    /// Who must deliver (agency ids).
    pub responsible: Vec<String>,
    /// To whom (agency ids); the first is the addressee, the rest are channels ("qua …").
    pub recipients: Vec<String>,
    pub schedule: Schedule,
    pub relation: DueRelation,
}

/// One occurrence of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDate {
    /// The date as written in the plan (e.g. 05/12).
    pub reference: NaiveDate,
    /// The last day a submission is on time (the day before `reference` for `Before`).
    pub last_on_time: NaiveDate,
}

impl Deadline {
    /// The occurrence in `year`, if the schedule has one then (and the date exists).
    pub fn occurrence_in(&self, year: i32) -> Option<DueDate> {
        let reference = match self.schedule {
            Schedule::Once { date } => (date.year() == year).then_some(date)?,
            Schedule::Yearly { month, day, from_year } => {
                if year < from_year {
                    return None;
                }
                NaiveDate::from_ymd_opt(year, month, day)?
            }
        };
        let last_on_time = match self.relation {
            DueRelation::Before => reference.pred_opt()?,
            DueRelation::OnOrBefore => reference,
        };
        Some(DueDate { reference, last_on_time })
    }

    /// The first occurrence whose last on-time day is `today` or later; `None` once a one-off
    /// deadline has passed.
    pub fn next_due(&self, today: NaiveDate) -> Option<DueDate> {
        match self.schedule {
            Schedule::Once { date } => self.occurrence_in(date.year()).filter(|d| d.last_on_time >= today),
            Schedule::Yearly { from_year, .. } => {
                let start = today.year().max(from_year);
                // Next year always has the date unless it is 29 February, which can skip up
                // to eight years (2096 → 2104).
                (start..=start + 8).filter_map(|y| self.occurrence_in(y)).find(|d| d.last_on_time >= today)
            }
        }
    }
}

/// A line of "Nơi nhận".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Agency id, when the recipient is one.
    pub agency: Option<String>,
    /// As printed (vi) and translated (en).
    pub name: Text,
    /// Purpose abbreviation as printed ("b/c", "p/h", "d/b", "đăng tin") and its meaning.
    pub purpose: Option<Text>,
}

/// Signature block for report headers and footers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// "TM. ỦY BAN NHÂN DÂN".
    pub on_behalf_of: Text,
    /// "KT. CHỦ TỊCH".
    pub authority: Text,
    /// "PHÓ CHỦ TỊCH".
    pub title: Text,
    /// "Đinh Thị Hồng Thu".
    pub name: String,
}

static EMBEDDED: OnceLock<Plan> = OnceLock::new();

impl Plan {
    /// Parses and validates a plan file. Errors name the field path and the problem; every
    /// semantic problem found is returned, not only the first.
    pub fn from_json(json: &str) -> Result<Plan, PlanError> {
        validate::parse_and_validate(json)
    }

    /// Parses and validates a plan file like `from_json`, but a shape error carries no field
    /// path (see `validate::parse_and_validate_untracked`): for the app's embedded plan, whose
    /// paths `embedded_plan_is_valid` checks natively, at a fraction of the decoder's size.
    pub fn from_json_untracked(json: &str) -> Result<Plan, PlanError> {
        validate::parse_and_validate_untracked(json)
    }

    /// The validated plan shipped with the app. The embedded file is checked by the test
    /// `embedded_plan_is_valid`, so the `expect` cannot fire in a tested build.
    pub fn embedded() -> &'static Plan {
        EMBEDDED.get_or_init(|| Plan::from_json(EMBEDDED_PLAN_MIN_JSON).expect("embedded plan is valid (tested)"))
    }

    /// The plan as pretty-printed JSON in the file's key order.
    pub fn to_json_pretty(&self) -> String {
        // Serializing plain structs, enums, strings, finite numbers and dates cannot fail;
        // a non-finite f64 would have been rejected by validation (and serializes as null).
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Re-checks the semantic rules on a plan built or edited in code.
    pub fn validate(&self) -> Result<(), PlanError> {
        let problems = validate::problems(self);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(PlanError::Invalid(problems))
        }
    }

    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&TaskSection> {
        self.task_sections.iter().find(|s| s.id == id)
    }

    pub fn deadline(&self, id: &str) -> Option<&Deadline> {
        self.organisation.deadlines.iter().find(|d| d.id == id)
    }

    /// Sections from the outermost to the task's own (for "III › 3 › 3.2 › a)" breadcrumbs).
    pub fn section_path(&self, task: &Task) -> Vec<&TaskSection> {
        let mut out: Vec<&TaskSection> = Vec::new();
        let mut next = self.section(&task.section);
        while let Some(s) = next {
            if out.iter().any(|seen| seen.id == s.id) {
                break;
            }
            out.push(s);
            next = s.parent.as_deref().and_then(|p| self.section(p));
        }
        out.reverse();
        out
    }

    /// Tasks whose innermost section is `section_id` or lies below it.
    pub fn tasks_under(&self, section_id: &str) -> Vec<&Task> {
        self.tasks.iter().filter(|t| self.section_path(t).iter().any(|s| s.id == section_id)).collect()
    }

    /// Tasks that serve an indicator.
    pub fn tasks_for_indicator(&self, indicator_id: &str) -> Vec<&Task> {
        self.tasks.iter().filter(|t| t.indicators.iter().any(|i| i == indicator_id)).collect()
    }

    /// Tasks an agency leads.
    pub fn tasks_led_by(&self, agency_id: &str) -> Vec<&Task> {
        self.tasks.iter().filter(|t| t.leads.iter().any(|a| a == agency_id)).collect()
    }

    /// Indicators of a II.2.1 bullet, in order.
    pub fn indicators_in_group(&self, group_id: &str) -> Vec<&Indicator> {
        self.indicators.iter().filter(|i| i.group == group_id).collect()
    }
}
