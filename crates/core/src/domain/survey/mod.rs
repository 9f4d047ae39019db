//! Survey records: households and their members (phiếu khảo sát hộ gia đình), figures entered by
//! offices (số liệu do cơ quan nhập), the `Dataset` file that carries them, and their validation.
//!
//! Contract:
//! - Records hold *answers*, never derived results: ages, urban/rural (from the commune), indicator
//!   membership are computed later by the engine at each household's survey date.
//! - Every field an indicator in `shared/spec/indicators.md` needs is here. A question that does not
//!   apply to a person (by age or sex) is `None`; so is a question not yet answered in a draft.
//! - `validate` returns *every* problem at once, each with a field path (`members[2].date_of_birth`),
//!   a bilingual message and a `Severity`: `Error` (wrong or impossible; blocks saving as complete
//!   and is shown even on drafts) or `Missing` (a required answer not given; allowed in a `Draft`,
//!   blocks `Complete`). `Problem::blocks` applies that rule.
//! - JSON is compact: `None` fields are skipped; enums are snake_case words.
//!
//! Files: the records here; the answers' enums in `answers`; office figures in `figures`;
//! validation (`Problem`, the household's checks) in `check`.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::growth::{self, WHO_POSITION_CORRECTION_CM};
use crate::domain::person::{age_days, age_years, Sex, MAX_AGE_YEARS};
use crate::domain::skip::{questions, Ask, SkipRules};
use crate::i18n::Text;

/// Earliest and latest year a survey or an entered figure may refer to. The plan runs to 2030;
/// the margin admits baselines and a few years of follow-up, and catches typing slips.
pub const MIN_YEAR: i32 = 2015;
pub const MAX_YEAR: i32 = 2045;
/// Largest plausible floor area of one household's dwelling, m² (the plan's default bound).
pub const MAX_FLOOR_AREA_M2: f64 = crate::domain::plan::ValidationBounds::DEFAULT.max_floor_area_m2;
/// |z| above this makes a height implausible (WHO flag); the record must be re-measured.
pub const IMPLAUSIBLE_Z: f64 = 6.0;
/// More births than this to one woman in 12 months is taken as a typing error (the plan's
/// default bound).
pub const MAX_BIRTHS_12M: i32 = crate::domain::plan::ValidationBounds::DEFAULT.max_births_last_12m;

mod answers;
mod check;
mod figures;

pub use answers::*;
use check::Checker;
pub use check::{Problem, Severity};
pub use figures::EnteredFigures;

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

/// Identity and timestamps shared by every record kind. The id is stable across edits and
/// devices, so merging tablets' data is by id, newest `updated_at` wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordMeta {
    pub id: Uuid,
    #[serde(with = "crate::base::dates::stamp")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::base::dates::stamp")]
    pub updated_at: DateTime<Utc>,
}

impl RecordMeta {
    /// A record created (and last updated) at `at`.
    pub fn new(id: Uuid, at: DateTime<Utc>) -> Self {
        RecordMeta { id, created_at: at, updated_at: at }
    }
}
// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/// One household member (nhân khẩu). Answers that depend on age or sex are `None` where the
/// question does not apply (see `Household::validate` for who is asked what).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: Uuid,
    /// Họ và tên.
    pub name: String,
    /// Giới tính. `None` until the surveyor taps an answer: a new member has no preset sex (a
    /// rushed survey would otherwise record women as men). Required to be complete; the engine
    /// leaves a person without it out of everything that needs the age (age rules use the sex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Ngày sinh. `None` only while a draft has not been given it: the form never stores a
    /// stand-in date as if answered, and a record without it cannot be marked complete (the
    /// engine leaves such a person out: no age).
    #[serde(default, with = "crate::base::dates::ymd_opt", skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    /// Năm sinh, when a list gave only the year (`crate::views::list_import`): kept so the household
    /// is recognised when the list is imported again and shown to the surveyor, who still
    /// asks the date. Never used as an age: without the date, the person has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i32>,
    /// Quan hệ với chủ hộ. `None` until answered, like the sex (no preset answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,

    /// From 15: employment status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labour_status: Option<LabourStatus>,
    /// From 15: highest degree or certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<Qualification>,
    /// From 15: social insurance (BHXH).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_insurance: Option<SocialInsurance>,
    /// From 15: unemployment insurance (BH thất nghiệp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unemployment_insurance: Option<bool>,
    /// From `BENEFIT_QUESTION_MIN_AGE`: pension or other regular old-age benefit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_age_benefit: Option<OldAgeBenefit>,

    /// Everyone: has health insurance (BHYT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_insurance: Option<bool>,
    /// Everyone: has a health record at the commune station (được quản lý sức khỏe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_record: Option<bool>,
    /// Everyone: primary care at a grassroots facility in the last 12 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_care: Option<PrimaryCare>,

    /// From 5: enrolment and highest completed level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schooling: Option<Schooling>,

    /// Women 15–49 only: live births in the last 12 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub births_last_12m: Option<i32>,
    /// Children 12–59 months (may be given under 5): fully vaccinated before the first birthday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fully_vaccinated_before_1: Option<bool>,
    /// Children under 5: length/height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<HeightMeasurement>,

    /// From 60: lonely elderly (người cao tuổi cô đơn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lonely_elderly: Option<bool>,
    /// Everyone: receives monthly social assistance (trợ cấp xã hội hằng tháng).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_assistance: Option<bool>,
}

impl Member {
    /// A member with only the identity answers; every other question unanswered.
    pub fn new(id: Uuid, name: impl Into<String>, sex: Sex, date_of_birth: NaiveDate, relation: Relation) -> Self {
        let mut m = Member::blank(id);
        m.name = name.into();
        m.sex = Some(sex);
        m.date_of_birth = Some(date_of_birth);
        m.relation = Some(relation);
        m
    }

    /// A new row of the form: no name and no answer at all, not even sex or relation.
    pub fn blank(id: Uuid) -> Self {
        Member {
            id,
            name: String::new(),
            sex: None,
            date_of_birth: None,
            birth_year: None,
            relation: None,
            labour_status: None,
            qualification: None,
            social_insurance: None,
            unemployment_insurance: None,
            old_age_benefit: None,
            health_insurance: None,
            health_record: None,
            primary_care: None,
            schooling: None,
            births_last_12m: None,
            fully_vaccinated_before_1: None,
            height: None,
            lonely_elderly: None,
            social_assistance: None,
        }
    }

    pub fn is_head(&self) -> bool {
        self.relation == Some(Relation::Head)
    }

    /// Height-for-age z-score of the recorded measurement (WHO correction), if there is one.
    pub fn height_for_age_z(&self) -> Option<Result<f64, growth::GrowthError>> {
        let h = self.height?;
        let days = age_days(self.date_of_birth?, h.date)?;
        Some(growth::height_for_age_z(self.sex?, days, h.height_cm, h.measured, WHO_POSITION_CORRECTION_CM))
    }
}

/// A surveyed household (hộ gia đình). Urban/rural is not stored: it follows from the commune.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Household {
    pub meta: RecordMeta,
    /// Commune-level unit id, e.g. `dak-koi`.
    pub commune_id: String,
    /// Village id, `<commune_id>-thon-<n>` (or `dak-rve-tdp-<n>`).
    pub village_id: String,
    /// Reference date for ages and "last 12 months".
    #[serde(with = "crate::base::dates::ymd")]
    pub survey_date: NaiveDate,
    pub completeness: Completeness,

    /// Dân tộc thiểu số (household of an ethnic minority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnic_minority: Option<bool>,
    /// Vùng sâu, vùng xa.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_village: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poverty: Option<PovertyStatus>,
    /// Bị ảnh hưởng thiên tai.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disaster_affected: Option<bool>,
    /// Has a member or relative with meritorious service (người có công với cách mạng).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meritorious_service: Option<bool>,
    /// Monthly income per person, VND (thu nhập bình quân đầu người/tháng).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_per_person_vnd: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub housing: Option<HousingType>,
    /// Floor area of the dwelling, m² (diện tích sàn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor_area_m2: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub water: Option<WaterSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latrine: Option<Latrine>,
    /// Receives national and local radio or television (nghe, xem được phát thanh, truyền hình).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radio_tv: Option<bool>,
    /// Members who died in the last 12 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deaths_last_12m: Option<i32>,

    #[serde(default)]
    pub members: Vec<Member>,

    /// The notice on personal data processing and the household's answer. `None`: not
    /// recorded — a record made before the notice existed ("chưa ghi nhận thông báo"), or a
    /// new one whose notice has not been read yet. Never taken as agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
}

impl Household {
    /// An empty draft household.
    pub fn new(
        meta: RecordMeta,
        commune_id: impl Into<String>,
        village_id: impl Into<String>,
        survey_date: NaiveDate,
    ) -> Self {
        Household {
            meta,
            commune_id: commune_id.into(),
            village_id: village_id.into(),
            survey_date,
            completeness: Completeness::Draft,
            ethnic_minority: None,
            remote_village: None,
            poverty: None,
            disaster_affected: None,
            meritorious_service: None,
            income_per_person_vnd: None,
            housing: None,
            floor_area_m2: None,
            water: None,
            latrine: None,
            radio_tv: None,
            deaths_last_12m: None,
            members: Vec::new(),
            consent: None,
        }
    }

    /// The head (chủ hộ), if exactly one member is marked as head.
    pub fn head(&self) -> Option<&Member> {
        let mut heads = self.members.iter().filter(|m| m.is_head());
        match (heads.next(), heads.next()) {
            (Some(h), None) => Some(h),
            _ => None,
        }
    }

    /// Every problem of the record (errors and missing answers), whatever its completeness,
    /// with the skip logic of the embedded plan (`SkipRules::DEFAULT`).
    pub fn validate(&self) -> Vec<Problem> {
        self.validate_with(&SkipRules::DEFAULT)
    }

    /// Every problem, with the skip logic of `rules`.
    pub fn validate_with(&self, rules: &SkipRules) -> Vec<Problem> {
        let mut c = Checker::default();
        self.check_household(&mut c, &rules.bounds);
        if self.declined_consent() {
            return c.problems;
        }
        for (i, m) in self.members.iter().enumerate() {
            self.check_member(&mut c, i, m, rules);
        }
        c.problems
    }

    /// The problems that forbid this record's current completeness (all errors; missing
    /// answers too when it is `Complete`). Empty means the record may be saved as it is.
    pub fn blocking_problems(&self) -> Vec<Problem> {
        self.validate().into_iter().filter(|p| p.blocks(self.completeness)).collect()
    }

    /// True when the record could be marked `Complete`: no problem at all.
    pub fn can_complete(&self) -> bool {
        self.validate().is_empty()
    }

    /// True when the household refused the notice or could not answer it: the record keeps
    /// only `crate::domain::consent::KEPT_WITHOUT_CONSENT`.
    pub fn declined_consent(&self) -> bool {
        self.consent.is_some_and(|c| !c.answer.allows_survey())
    }
}

/// The file the CLI reads and writes until the bundle format lands (`docs/dataset-format.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dataset {
    #[serde(default)]
    pub households: Vec<Household>,
    #[serde(default)]
    pub figures: Vec<EnteredFigures>,
}
