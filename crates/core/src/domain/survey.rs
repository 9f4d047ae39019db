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

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::growth::{self, Measured, WHO_POSITION_CORRECTION_CM};
use crate::domain::person::{age_days, age_years, Sex, MAX_AGE_YEARS};
use crate::domain::skip::{questions, Ask, SkipRules};
use crate::i18n::Text;

/// Earliest and latest year a survey or an entered figure may refer to. The plan runs to 2030;
/// the margin admits baselines and a few years of follow-up, and catches typing slips.
pub const MIN_YEAR: i32 = 2015;
pub const MAX_YEAR: i32 = 2045;
/// Largest plausible floor area of one household's dwelling, m².
pub const MAX_FLOOR_AREA_M2: f64 = 1000.0;
/// |z| above this makes a height implausible (WHO flag); the record must be re-measured.
pub const IMPLAUSIBLE_Z: f64 = 6.0;
/// More births than this to one woman in 12 months is taken as a typing error.
pub const MAX_BIRTHS_12M: i32 = 3;

// ---------------------------------------------------------------------------------------------
// Metadata and enums
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

/// Whether the enumerator has finished the household (trạng thái phiếu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Completeness {
    /// Nháp: answers may be missing.
    #[default]
    Draft,
    /// Hoàn thành: every required answer given, no errors.
    Complete,
}

impl Completeness {
    pub fn label(self) -> Text {
        match self {
            Completeness::Draft => Text::new("Nháp", "Draft"),
            Completeness::Complete => Text::new("Hoàn thành", "Complete"),
        }
    }
}

/// The household's answer to the notice on personal data processing (thông báo xử lý dữ liệu
/// cá nhân, `crate::domain::consent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentAnswer {
    /// Đồng ý: the survey goes on.
    Agreed,
    /// Không đồng ý: only what the commune may keep without consent is kept.
    Refused,
    /// Không trả lời được (absent, cannot decide): no consent, kept like a refusal.
    UnableToAnswer,
}

impl ConsentAnswer {
    pub fn label(self) -> Text {
        match self {
            ConsentAnswer::Agreed => Text::new("Đồng ý", "Agreed"),
            ConsentAnswer::Refused => Text::new("Không đồng ý", "Refused"),
            ConsentAnswer::UnableToAnswer => Text::new("Không trả lời được", "Not able to answer"),
        }
    }

    /// Only an explicit "yes" is consent (silence or inability is not, Decree 13/2023 art. 11).
    pub fn allows_survey(self) -> bool {
        self == ConsentAnswer::Agreed
    }
}

/// That the notice was read to the household, which version, when, and the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub answer: ConsentAnswer,
    /// The day the notice was read and answered.
    #[serde(with = "crate::base::dates::ymd")]
    pub date: NaiveDate,
    /// `crate::domain::consent::NOTICE_VERSION` of the text that was read.
    pub notice_version: u32,
}

/// Household poverty classification (phân loại hộ theo chuẩn nghèo đa chiều).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PovertyStatus {
    /// Hộ nghèo.
    Poor,
    /// Hộ cận nghèo.
    NearPoor,
    /// Không (neither poor nor near-poor).
    NotPoor,
}

impl PovertyStatus {
    pub fn label(self) -> Text {
        match self {
            PovertyStatus::Poor => Text::new("Hộ nghèo", "Poor"),
            PovertyStatus::NearPoor => Text::new("Hộ cận nghèo", "Near-poor"),
            PovertyStatus::NotPoor => Text::new("Không", "Neither"),
        }
    }

    pub fn is_poor_or_near_poor(self) -> bool {
        matches!(self, PovertyStatus::Poor | PovertyStatus::NearPoor)
    }
}

/// Type of dwelling (loại nhà ở).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HousingType {
    /// Nhà kiên cố.
    Permanent,
    /// Nhà bán kiên cố.
    SemiPermanent,
    /// Nhà tạm.
    Temporary,
    /// Nhà dột nát.
    Dilapidated,
}

impl HousingType {
    pub fn label(self) -> Text {
        match self {
            HousingType::Permanent => Text::new("Nhà kiên cố", "Permanent"),
            HousingType::SemiPermanent => Text::new("Nhà bán kiên cố", "Semi-permanent"),
            HousingType::Temporary => Text::new("Nhà tạm", "Temporary"),
            HousingType::Dilapidated => Text::new("Nhà dột nát", "Dilapidated"),
        }
    }

    /// The houses the plan aims to eliminate for poor, near-poor and disaster-hit households.
    pub fn is_temporary_or_dilapidated(self) -> bool {
        matches!(self, HousingType::Temporary | HousingType::Dilapidated)
    }
}

/// Main source of drinking and cooking water (nguồn nước ăn uống chính).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaterSource {
    /// Nước máy / công trình cấp nước tập trung — clean water.
    Piped,
    /// Another source treated to the clean-water standard (nguồn khác đã xử lý đạt quy chuẩn).
    Treated,
    /// Protected well or rainwater, hygienic but not treated to the standard (hợp vệ sinh).
    ProtectedWell,
    /// River, stream, unprotected well (sông, suối, giếng không được bảo vệ).
    Unprotected,
}

impl WaterSource {
    pub fn label(self) -> Text {
        match self {
            WaterSource::Piped => Text::new("Nước máy, công trình cấp nước tập trung", "Piped or piped scheme"),
            WaterSource::Treated => Text::new("Nguồn khác đã xử lý đạt quy chuẩn", "Other source treated to standard"),
            WaterSource::ProtectedWell => {
                Text::new("Giếng, nước mưa có bảo vệ (chưa xử lý)", "Protected well or rainwater")
            }
            WaterSource::Unprotected => Text::new("Sông, suối, giếng không bảo vệ", "River, stream, unprotected well"),
        }
    }

    /// Counts as clean water (nước sạch) for the plan.
    pub fn is_clean(self) -> bool {
        matches!(self, WaterSource::Piped | WaterSource::Treated)
    }
}

/// Latrine (nhà tiêu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Latrine {
    /// Nhà tiêu hợp vệ sinh.
    Hygienic,
    /// Nhà tiêu không hợp vệ sinh.
    Unhygienic,
    /// Không có nhà tiêu.
    #[serde(rename = "none")]
    NoLatrine,
}

impl Latrine {
    pub fn label(self) -> Text {
        match self {
            Latrine::Hygienic => Text::new("Nhà tiêu hợp vệ sinh", "Hygienic latrine"),
            Latrine::Unhygienic => Text::new("Nhà tiêu không hợp vệ sinh", "Unhygienic latrine"),
            Latrine::NoLatrine => Text::new("Không có nhà tiêu", "No latrine"),
        }
    }

    pub fn is_hygienic(self) -> bool {
        self == Latrine::Hygienic
    }

    /// Has some sanitation facility (indicator 33 for households).
    pub fn has_facility(self) -> bool {
        self != Latrine::NoLatrine
    }
}

/// Relation to the household head (quan hệ với chủ hộ). Exactly one member is `Head`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Chủ hộ.
    Head,
    /// Vợ/chồng.
    Spouse,
    /// Con.
    Child,
    /// Con dâu/con rể.
    ChildInLaw,
    /// Cháu.
    Grandchild,
    /// Bố/mẹ.
    Parent,
    /// Anh/chị/em.
    Sibling,
    /// Họ hàng khác.
    OtherRelative,
    /// Không có quan hệ họ hàng.
    NonRelative,
}

impl Relation {
    pub fn label(self) -> Text {
        match self {
            Relation::Head => Text::new("Chủ hộ", "Head"),
            Relation::Spouse => Text::new("Vợ/chồng", "Spouse"),
            Relation::Child => Text::new("Con", "Child"),
            Relation::ChildInLaw => Text::new("Con dâu/con rể", "Child-in-law"),
            Relation::Grandchild => Text::new("Cháu", "Grandchild"),
            Relation::Parent => Text::new("Bố/mẹ", "Parent"),
            Relation::Sibling => Text::new("Anh/chị/em", "Sibling"),
            Relation::OtherRelative => Text::new("Họ hàng khác", "Other relative"),
            Relation::NonRelative => Text::new("Không họ hàng", "Not related"),
        }
    }
}

/// Labour status in the last 7 days (tình trạng việc làm), asked from age 15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabourStatus {
    /// Có việc làm.
    Employed,
    /// Thất nghiệp: without work, available and looking for work.
    Unemployed,
    /// Không thuộc lực lượng lao động (students, homemakers, unable to work, retired…).
    NotInLabourForce,
}

impl LabourStatus {
    pub fn label(self) -> Text {
        match self {
            LabourStatus::Employed => Text::new("Có việc làm", "Employed"),
            LabourStatus::Unemployed => {
                Text::new("Thất nghiệp (không có việc, đang tìm việc)", "Unemployed (no work, looking)")
            }
            LabourStatus::NotInLabourForce => Text::new("Không tham gia lực lượng lao động", "Not in the labour force"),
        }
    }

    pub fn in_labour_force(self) -> bool {
        self != LabourStatus::NotInLabourForce
    }
}

/// Highest degree or certificate of professional training (trình độ chuyên môn kỹ thuật).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualification {
    /// Không có bằng cấp, chứng chỉ.
    #[serde(rename = "none")]
    NoQualification,
    /// Sơ cấp / chứng chỉ nghề (vocational certificate of 3 months or more).
    VocationalCertificate,
    /// Trung cấp.
    Intermediate,
    /// Cao đẳng.
    College,
    /// Đại học.
    University,
    /// Trên đại học.
    Postgraduate,
}

impl Qualification {
    pub fn label(self) -> Text {
        match self {
            Qualification::NoQualification => Text::new("Không có bằng cấp, chứng chỉ", "None"),
            Qualification::VocationalCertificate => Text::new("Sơ cấp, chứng chỉ nghề", "Vocational certificate"),
            Qualification::Intermediate => Text::new("Trung cấp", "Intermediate vocational"),
            Qualification::College => Text::new("Cao đẳng", "College"),
            Qualification::University => Text::new("Đại học", "University"),
            Qualification::Postgraduate => Text::new("Trên đại học", "Postgraduate"),
        }
    }

    /// Trained with a degree or certificate (lao động qua đào tạo có bằng, chứng chỉ).
    pub fn has_degree_or_certificate(self) -> bool {
        self != Qualification::NoQualification
    }
}

/// Social insurance participation (tham gia BHXH), asked from age 15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SocialInsurance {
    /// Không tham gia.
    #[serde(rename = "none")]
    NotInsured,
    /// BHXH bắt buộc.
    Compulsory,
    /// BHXH tự nguyện.
    Voluntary,
}

impl SocialInsurance {
    pub fn label(self) -> Text {
        match self {
            SocialInsurance::NotInsured => Text::new("Không tham gia", "None"),
            SocialInsurance::Compulsory => Text::new("BHXH bắt buộc", "Compulsory"),
            SocialInsurance::Voluntary => Text::new("BHXH tự nguyện", "Voluntary"),
        }
    }

    pub fn is_insured(self) -> bool {
        self != SocialInsurance::NotInsured
    }
}

/// Regular old-age income (indicator 7): the person's main one if several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OldAgeBenefit {
    /// Không hưởng.
    #[serde(rename = "none")]
    NoBenefit,
    /// Lương hưu.
    Pension,
    /// Trợ cấp BHXH hằng tháng.
    MonthlySocialInsurance,
    /// Trợ cấp hưu trí xã hội.
    SocialPension,
}

impl OldAgeBenefit {
    pub fn label(self) -> Text {
        match self {
            OldAgeBenefit::NoBenefit => Text::new("Không hưởng", "None"),
            OldAgeBenefit::Pension => Text::new("Lương hưu", "Pension"),
            OldAgeBenefit::MonthlySocialInsurance => {
                Text::new("Trợ cấp BHXH hằng tháng", "Monthly social-insurance benefit")
            }
            OldAgeBenefit::SocialPension => Text::new("Trợ cấp hưu trí xã hội", "Social pension"),
        }
    }

    pub fn receives(self) -> bool {
        self != OldAgeBenefit::NoBenefit
    }
}

/// Primary care at a grassroots facility (trạm y tế xã…) in the last 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrimaryCare {
    /// Không sử dụng.
    NotUsed,
    /// Có sử dụng, được BHYT chi trả.
    UsedInsurancePaid,
    /// Có sử dụng, không được BHYT chi trả.
    UsedNotInsurancePaid,
}

impl PrimaryCare {
    pub fn label(self) -> Text {
        match self {
            PrimaryCare::NotUsed => Text::new("Không sử dụng", "Not used"),
            PrimaryCare::UsedInsurancePaid => Text::new("Có, được BHYT chi trả", "Used, paid by health insurance"),
            PrimaryCare::UsedNotInsurancePaid => {
                Text::new("Có, không được BHYT chi trả", "Used, not paid by health insurance")
            }
        }
    }

    pub fn used(self) -> bool {
        self != PrimaryCare::NotUsed
    }
}

/// Current school enrolment (tình trạng đi học hiện nay).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Enrolment {
    /// Không đi học.
    NotEnrolled,
    /// Mầm non.
    Preschool,
    /// Lớp 1–12 of general education (or continuing education at that grade).
    Grade(u8),
    /// Trung cấp, cao đẳng, đại học.
    PostSecondary,
}

impl Enrolment {
    pub fn label(self) -> Text {
        match self {
            Enrolment::NotEnrolled => Text::new("Không đi học", "Not enrolled"),
            Enrolment::Preschool => Text::new("Mầm non", "Preschool"),
            Enrolment::Grade(g) => Text::new(format!("Lớp {g}"), format!("Grade {g}")),
            Enrolment::PostSecondary => Text::new("Trung cấp, cao đẳng, đại học", "Post-secondary"),
        }
    }

    /// Enrolled in grade 1 or above (indicator 11).
    pub fn in_grade_one_or_above(self) -> bool {
        matches!(self, Enrolment::Grade(g) if g >= 1) || self == Enrolment::PostSecondary
    }
}

/// Highest completed level of general education (trình độ học vấn cao nhất đã hoàn thành).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    /// Chưa hoàn thành tiểu học.
    #[serde(rename = "none")]
    BelowPrimary,
    /// Tiểu học.
    Primary,
    /// Trung học cơ sở.
    LowerSecondary,
    /// Trung học phổ thông và tương đương (incl. continuing education, intermediate vocational
    /// with the general-education programme).
    UpperSecondary,
}

impl EducationLevel {
    pub fn label(self) -> Text {
        match self {
            EducationLevel::BelowPrimary => Text::new("Chưa hoàn thành tiểu học", "Primary not completed"),
            EducationLevel::Primary => Text::new("Tiểu học", "Primary"),
            EducationLevel::LowerSecondary => Text::new("Trung học cơ sở", "Lower secondary"),
            EducationLevel::UpperSecondary => {
                Text::new("Trung học phổ thông và tương đương", "Upper secondary or equivalent")
            }
        }
    }
}

/// Schooling answers, asked from age 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schooling {
    pub enrolment: Enrolment,
    pub highest_completed: EducationLevel,
}

impl Schooling {
    /// Completed primary school (hoàn thành chương trình tiểu học; indicator 12).
    pub fn completed_primary(&self) -> bool {
        self.highest_completed >= EducationLevel::Primary
    }
}

/// A length or height measurement (đo chiều dài/chiều cao) of a child under 5.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HeightMeasurement {
    /// Length or height in cm, as read.
    pub height_cm: f64,
    pub measured: Measured,
    #[serde(with = "crate::base::dates::ymd")]
    pub date: NaiveDate,
}

/// Qualitative status of a disease target (AIDS, tuberculosis, malaria).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiseaseStatus {
    /// Đạt (basically ended / eliminated).
    Achieved,
    /// Đang tiến triển.
    InProgress,
    /// Chưa đạt.
    NotAchieved,
}

impl DiseaseStatus {
    pub fn label(self) -> Text {
        match self {
            DiseaseStatus::Achieved => Text::new("Đạt", "Achieved"),
            DiseaseStatus::InProgress => Text::new("Đang tiến triển", "In progress"),
            DiseaseStatus::NotAchieved => Text::new("Chưa đạt", "Not achieved"),
        }
    }
}

/// A qualitative assessment: status and an optional note (đánh giá định tính).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub status: DiseaseStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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

    fn check_household(&self, c: &mut Checker, bounds: &crate::domain::plan::ValidationBounds) {
        check_meta(c, &self.meta);
        if let Some(consent) = self.consent {
            if consent.date > self.meta.updated_at.date_naive() + chrono::Days::new(1) {
                c.error("consent", "Ngày đọc thông báo ở tương lai", "The notice's date is in the future");
            }
        }
        if self.commune_id.trim().is_empty() {
            c.missing("commune_id", "xã, thị trấn", "commune");
        }
        if self.village_id.trim().is_empty() {
            c.missing("village_id", "thôn, tổ dân phố", "village");
        } else if !self.commune_id.trim().is_empty() && !self.village_id.starts_with(&format!("{}-", self.commune_id)) {
            c.error(
                "village_id",
                format!("Thôn “{}” không thuộc xã “{}”", self.village_id, self.commune_id),
                format!("Village “{}” is not in commune “{}”", self.village_id, self.commune_id),
            );
        }
        let y = self.survey_date.year();
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
            c.error(
                "survey_date",
                format!("Năm khảo sát {y} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"),
                format!("Survey year {y} is outside {MIN_YEAR}–{MAX_YEAR}"),
            );
        }
        // "Future" is judged against when the record was last saved, so validation stays a pure
        // function of the record; one day of slack covers Vietnam (UTC+7) against UTC.
        let saved = self.meta.updated_at.date_naive();
        if self.survey_date > saved + chrono::Days::new(1) {
            c.error(
                "survey_date",
                "Ngày khảo sát ở tương lai (sau ngày lưu phiếu)",
                "Survey date is in the future (after the record was saved)",
            );
        }

        if self.declined_consent() {
            // Nothing is asked; anything personal left in the record is an error to clear.
            if crate::domain::consent::has_personal_data(self) {
                c.error(
                    "consent",
                    "Hộ không đồng ý nhưng phiếu còn thông tin cá nhân; cần xóa",
                    "The household did not consent but the record still holds personal data; clear it",
                );
            }
            return;
        }
        let opt = |c: &mut Checker, present: bool, field: &str, vi: &str, en: &str| {
            if !present {
                c.missing(field, vi, en);
            }
        };
        opt(c, self.ethnic_minority.is_some(), "ethnic_minority", "hộ dân tộc thiểu số", "ethnic minority household");
        opt(c, self.remote_village.is_some(), "remote_village", "vùng sâu, vùng xa", "remote village");
        opt(c, self.poverty.is_some(), "poverty", "phân loại hộ nghèo, cận nghèo", "poverty status");
        opt(c, self.disaster_affected.is_some(), "disaster_affected", "hộ bị ảnh hưởng thiên tai", "disaster-affected");
        opt(
            c,
            self.meritorious_service.is_some(),
            "meritorious_service",
            "hộ có người có công",
            "meritorious-service member",
        );
        opt(
            c,
            self.income_per_person_vnd.is_some(),
            "income_per_person_vnd",
            "thu nhập bình quân đầu người",
            "income per person",
        );
        opt(c, self.housing.is_some(), "housing", "loại nhà ở", "housing type");
        opt(c, self.floor_area_m2.is_some(), "floor_area_m2", "diện tích nhà ở", "floor area");
        opt(c, self.water.is_some(), "water", "nguồn nước", "water source");
        opt(c, self.latrine.is_some(), "latrine", "nhà tiêu", "latrine");
        opt(c, self.radio_tv.is_some(), "radio_tv", "nghe, xem phát thanh, truyền hình", "radio/TV reception");
        opt(
            c,
            self.deaths_last_12m.is_some(),
            "deaths_last_12m",
            "số người chết trong 12 tháng qua",
            "deaths in the last 12 months",
        );

        if let Some(v) = self.income_per_person_vnd {
            let max = bounds.max_income_per_person_vnd;
            if v < 0 {
                c.error("income_per_person_vnd", "Thu nhập không được âm", "Income cannot be negative");
            } else if v > max {
                c.error(
                    "income_per_person_vnd",
                    format!("Thu nhập {v} đồng/người/tháng quá lớn (tối đa {max})"),
                    format!("Income {v} VND per person a month is implausibly large (at most {max})"),
                );
            }
        }
        if let Some(a) = self.floor_area_m2 {
            let max = bounds.max_floor_area_m2;
            if !a.is_finite() || a <= 0.0 {
                c.error("floor_area_m2", "Diện tích nhà ở phải lớn hơn 0", "Floor area must be greater than 0");
            } else if a > max {
                c.error(
                    "floor_area_m2",
                    format!("Diện tích nhà ở {a} m² quá lớn (tối đa {max} m²)"),
                    format!("Floor area {a} m² is implausibly large (at most {max} m²)"),
                );
            }
        }
        if let Some(d) = self.deaths_last_12m {
            let max = bounds.max_deaths_last_12m;
            if d < 0 {
                c.error("deaths_last_12m", "Số người chết không được âm", "Deaths cannot be negative");
            } else if d > max {
                c.error(
                    "deaths_last_12m",
                    format!("{d} người chết trong 12 tháng là không hợp lý (tối đa {max})"),
                    format!("{d} deaths in 12 months is implausible (at most {max})"),
                );
            }
        }
        if self.members.len() > bounds.max_members as usize {
            c.error(
                "members",
                format!("Hộ có {} nhân khẩu, quá số tối đa {}", self.members.len(), bounds.max_members),
                format!("{} members is more than the maximum of {}", self.members.len(), bounds.max_members),
            );
        }

        if self.members.is_empty() {
            c.missing("members", "danh sách nhân khẩu", "household members");
        } else {
            let heads = self.members.iter().filter(|m| m.is_head()).count();
            if heads == 0 {
                c.missing("members", "chủ hộ", "household head");
            } else if heads > 1 {
                c.error(
                    "members",
                    format!("Hộ có {heads} chủ hộ; phải có đúng một chủ hộ"),
                    format!("{heads} members are marked as head; there must be exactly one"),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for (i, m) in self.members.iter().enumerate() {
            if !seen.insert(m.id) {
                c.error(format!("members[{i}].id"), "Mã nhân khẩu bị trùng", "Duplicate member id");
            }
        }
    }

    fn check_member(&self, c: &mut Checker, i: usize, m: &Member, rules: &SkipRules) {
        let f = |name: &str| format!("members[{i}].{name}");
        if m.name.trim().is_empty() {
            c.missing(f("name"), "họ và tên", "name");
        }
        if m.sex.is_none() {
            c.missing(f("sex"), "giới tính", "sex");
        }
        if m.relation.is_none() {
            c.missing(f("relation"), "quan hệ với chủ hộ", "relation to the head");
        }
        if let Some(y) = m.birth_year {
            let at = self.survey_date.year();
            if y > at || y < at - MAX_AGE_YEARS as i32 {
                c.error(
                    f("birth_year"),
                    format!("Năm sinh {y} không hợp lý"),
                    format!("Year of birth {y} is impossible"),
                );
            } else if let Some(dob) = m.date_of_birth.filter(|d| d.year() != y) {
                c.error(
                    f("date_of_birth"),
                    format!("Ngày sinh năm {} không khớp năm sinh {y} trong danh sách", dob.year()),
                    format!("The date of birth's year {} does not match the listed year {y}", dob.year()),
                );
            }
        }
        let Some(dob) = m.date_of_birth else {
            c.missing(f("date_of_birth"), "ngày sinh", "date of birth");
            self.check_everyone(c, i, m);
            return;
        };
        if dob > self.survey_date {
            c.error(
                f("date_of_birth"),
                "Ngày sinh sau ngày khảo sát (hoặc ở tương lai)",
                "Date of birth is after the survey date (or in the future)",
            );
            // Every other rule depends on the age, which does not exist here.
            return;
        }
        let Some(years) = age_years(dob, self.survey_date) else { return };
        if years > MAX_AGE_YEARS {
            c.error(
                f("date_of_birth"),
                format!("Tuổi {years} không hợp lý (quá {MAX_AGE_YEARS} tuổi)"),
                format!("Age {years} is impossible (over {MAX_AGE_YEARS})"),
            );
            return;
        }
        let q = questions(m.sex, Some(dob), self.survey_date, rules);

        // Asked and needed: missing when unanswered. Not asked: an error when answered.
        let ask =
            |c: &mut Checker, ask: Ask, present: bool, name: &str, vi: &str, en: &str, when_vi: &str, when_en: &str| {
                match ask {
                    Ask::Required if !present => c.missing(f(name), vi, en),
                    Ask::NotAsked if present => c.error(
                        f(name),
                        format!("Câu hỏi không áp dụng: {vi} ({when_vi})"),
                        format!("Question does not apply: {en} ({when_en})"),
                    ),
                    _ => {}
                }
            };
        self.check_everyone(c, i, m);

        let (sv, se) =
            (format!("từ {} tuổi", rules.schooling_min_years), format!("from age {}", rules.schooling_min_years));
        ask(c, q.schooling, m.schooling.is_some(), "schooling", "tình trạng đi học", "schooling", &sv, &se);
        if let Some(Schooling { enrolment: Enrolment::Grade(g), .. }) = m.schooling {
            if !(1..=12).contains(&g) {
                c.error(
                    f("schooling"),
                    format!("Lớp {g} không tồn tại (1–12)"),
                    format!("Grade {g} does not exist (1–12)"),
                );
            }
        }

        let (lv, le) = (format!("từ {} tuổi", rules.labour_min_years), format!("from age {}", rules.labour_min_years));
        ask(c, q.labour, m.labour_status.is_some(), "labour_status", "tình trạng việc làm", "labour status", &lv, &le);
        ask(c, q.labour, m.qualification.is_some(), "qualification", "trình độ chuyên môn", "qualification", &lv, &le);
        ask(
            c,
            q.labour,
            m.social_insurance.is_some(),
            "social_insurance",
            "tham gia BHXH",
            "social insurance",
            &lv,
            &le,
        );
        ask(
            c,
            q.labour,
            m.unemployment_insurance.is_some(),
            "unemployment_insurance",
            "tham gia BH thất nghiệp",
            "unemployment insurance",
            &lv,
            &le,
        );
        // Unemployment insurance is only open to compulsory social-insurance participants.
        if m.unemployment_insurance == Some(true)
            && matches!(m.social_insurance, Some(s) if s != SocialInsurance::Compulsory)
        {
            c.error(
                f("unemployment_insurance"),
                "Có BH thất nghiệp nhưng không tham gia BHXH bắt buộc",
                "Unemployment insurance without compulsory social insurance",
            );
        }

        let (bv, be) =
            (format!("từ {} tuổi", rules.benefit_min_years), format!("from age {}", rules.benefit_min_years));
        ask(
            c,
            q.old_age_benefit,
            m.old_age_benefit.is_some(),
            "old_age_benefit",
            "lương hưu, trợ cấp hằng tháng",
            "pension or monthly benefit",
            &bv,
            &be,
        );
        let (ev, ee) =
            (format!("từ {} tuổi", rules.elderly_min_years), format!("from age {}", rules.elderly_min_years));
        ask(
            c,
            q.lonely_elderly,
            m.lonely_elderly.is_some(),
            "lonely_elderly",
            "người cao tuổi cô đơn",
            "lonely elderly",
            &ev,
            &ee,
        );

        let (fv, fe) = (
            format!("phụ nữ {}–{} tuổi", rules.births_min_years, rules.births_max_years),
            format!("women aged {}–{}", rules.births_min_years, rules.births_max_years),
        );
        // Until the sex is answered the births question is not shown, but an answer given
        // before (kept by `clear_inapplicable`) is not wrong either.
        let births = if m.sex.is_none() && m.births_last_12m.is_some() { Ask::Optional } else { q.births };
        ask(
            c,
            births,
            m.births_last_12m.is_some(),
            "births_last_12m",
            "số con sinh trong 12 tháng qua",
            "births in the last 12 months",
            &fv,
            &fe,
        );
        if let (Some(b), true) = (m.births_last_12m, births.shown()) {
            if b < 0 {
                c.error(f("births_last_12m"), "Số con sinh không được âm", "Births cannot be negative");
            } else if b > rules.bounds.max_births_last_12m {
                c.error(
                    f("births_last_12m"),
                    format!("{b} con sinh trong 12 tháng là không hợp lý"),
                    format!("{b} births in 12 months is implausible"),
                );
            }
        }

        let (vv, ve) = (
            format!("trẻ {}–{} tháng tuổi", rules.vaccination_min_months, rules.vaccination_optional_max_months),
            format!("children aged {}–{} months", rules.vaccination_min_months, rules.vaccination_optional_max_months),
        );
        ask(
            c,
            q.vaccination,
            m.fully_vaccinated_before_1.is_some(),
            "fully_vaccinated_before_1",
            "tiêm chủng đầy đủ trước 1 tuổi",
            "fully vaccinated before age 1",
            &vv,
            &ve,
        );

        let (hv, he) = (
            format!("trẻ dưới {} tháng tuổi", rules.height_max_months + 1),
            format!("children under {} months", rules.height_max_months + 1),
        );
        ask(c, q.height, m.height.is_some(), "height", "chiều dài/chiều cao", "length/height", &hv, &he);
        if let (Some(h), true, Some(sex)) = (m.height, q.height.shown(), m.sex) {
            self.check_height(c, &f("height"), sex, dob, h);
        }
    }

    /// The questions put to everyone, whatever the age.
    fn check_everyone(&self, c: &mut Checker, i: usize, m: &Member) {
        let need = |c: &mut Checker, present: bool, name: &str, vi: &str, en: &str| {
            if !present {
                c.missing(format!("members[{i}].{name}"), vi, en);
            }
        };
        need(c, m.health_insurance.is_some(), "health_insurance", "thẻ BHYT", "health insurance");
        need(c, m.health_record.is_some(), "health_record", "quản lý sức khỏe", "health record");
        need(c, m.primary_care.is_some(), "primary_care", "khám chữa bệnh ban đầu tại y tế cơ sở", "primary care");
        need(c, m.social_assistance.is_some(), "social_assistance", "trợ cấp xã hội", "social assistance");
    }

    fn check_height(&self, c: &mut Checker, field: &str, sex: Sex, dob: NaiveDate, h: HeightMeasurement) {
        if h.date > self.survey_date {
            c.error(field, "Ngày đo sau ngày khảo sát", "Measurement date is after the survey date");
        }
        let Some(days) = age_days(dob, h.date) else {
            c.error(field, "Ngày đo trước ngày sinh", "Measurement date is before the date of birth");
            return;
        };
        match growth::height_for_age_z(sex, days, h.height_cm, h.measured, WHO_POSITION_CORRECTION_CM) {
            Ok(z) if z.abs() > IMPLAUSIBLE_Z => c.error(
                field,
                format!("Chiều cao {} cm không hợp lý với tuổi (z = {z:.1}); cần đo lại", h.height_cm),
                format!("Height {} cm is implausible for the age (z = {z:.1}); re-measure", h.height_cm),
            ),
            Ok(_) => {}
            Err(growth::GrowthError::AgeOutOfRange { .. }) => {
                c.error(field, "Chỉ đo chiều cao cho trẻ dưới 5 tuổi", "Height is measured only for children under 5")
            }
            Err(e) => c.push(Problem { field: field.to_owned(), message: e.text(), severity: Severity::Error }),
        }
    }
}

/// Figures an office enters for one org unit (commune or district) and one year
/// (số liệu do cơ quan chuyên môn nhập). Everything is optional: an office enters what it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnteredFigures {
    pub meta: RecordMeta,
    /// `kon-ray` or a commune-level unit id.
    pub org_unit_id: String,
    pub year: i32,

    /// Giường bệnh viện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_beds: Option<i64>,
    /// Bác sĩ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctors: Option<i64>,
    /// Dược sĩ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pharmacists: Option<i64>,
    /// Điều dưỡng viên.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nurses: Option<i64>,
    /// Official population (dân số chính thức); replaces the surveyed count in per-10,000 rates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_population: Option<i64>,

    /// Đạt phổ cập giáo dục mầm non cho trẻ 3–5 tuổi.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preschool_universalised: Option<bool>,
    /// Duy trì đạt chuẩn xóa mù chữ mức độ 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literacy_level2_kept: Option<bool>,
    /// Tuổi thọ trung bình, years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub life_expectancy_years: Option<f64>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aids: Option<Assessment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuberculosis: Option<Assessment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malaria: Option<Assessment>,

    /// Trạm y tế: total, and with sanitation meeting the standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_stations_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_stations_sanitation_ok: Option<i64>,
    /// Trường học: total, and with proper sanitation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schools_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schools_sanitation_ok: Option<i64>,
    /// Điểm dân cư nông thôn tập trung: total, and with domestic wastewater collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rural_points_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rural_points_wastewater_collected: Option<i64>,
    /// Percent of domestic wastewater treated (0–100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wastewater_treated_percent: Option<f64>,

    /// Households expected per village id (for survey progress).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub expected_households: BTreeMap<String, i64>,
}

impl EnteredFigures {
    /// Figures with nothing entered yet.
    pub fn new(meta: RecordMeta, org_unit_id: impl Into<String>, year: i32) -> Self {
        EnteredFigures {
            meta,
            org_unit_id: org_unit_id.into(),
            year,
            hospital_beds: None,
            doctors: None,
            pharmacists: None,
            nurses: None,
            official_population: None,
            preschool_universalised: None,
            literacy_level2_kept: None,
            life_expectancy_years: None,
            aids: None,
            tuberculosis: None,
            malaria: None,
            health_stations_total: None,
            health_stations_sanitation_ok: None,
            schools_total: None,
            schools_sanitation_ok: None,
            rural_points_total: None,
            rural_points_wastewater_collected: None,
            wastewater_treated_percent: None,
            expected_households: BTreeMap::new(),
        }
    }

    /// Every problem. Nothing is required except the org unit; a part entered without its
    /// total is `Missing` (the ratio cannot be computed until the total is entered).
    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::default();
        check_meta(&mut c, &self.meta);
        if self.org_unit_id.trim().is_empty() {
            c.missing("org_unit_id", "đơn vị", "org unit");
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&self.year) {
            c.error(
                "year",
                format!("Năm {} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}", self.year),
                format!("Year {} is outside {MIN_YEAR}–{MAX_YEAR}", self.year),
            );
        }
        let counts = [
            ("hospital_beds", self.hospital_beds),
            ("doctors", self.doctors),
            ("pharmacists", self.pharmacists),
            ("nurses", self.nurses),
            ("official_population", self.official_population),
            ("health_stations_total", self.health_stations_total),
            ("health_stations_sanitation_ok", self.health_stations_sanitation_ok),
            ("schools_total", self.schools_total),
            ("schools_sanitation_ok", self.schools_sanitation_ok),
            ("rural_points_total", self.rural_points_total),
            ("rural_points_wastewater_collected", self.rural_points_wastewater_collected),
        ];
        for (field, v) in counts {
            if matches!(v, Some(n) if n < 0) {
                c.error(field, "Số lượng không được âm", "A count cannot be negative");
            }
        }
        for (village, n) in &self.expected_households {
            let field = format!("expected_households[{village}]");
            if village.trim().is_empty() {
                c.error(field.clone(), "Thiếu mã thôn", "Village id is empty");
            }
            if *n < 0 {
                c.error(field, "Số hộ dự kiến không được âm", "Expected households cannot be negative");
            }
        }
        let parts = [
            (
                "health_stations_sanitation_ok",
                self.health_stations_sanitation_ok,
                "health_stations_total",
                self.health_stations_total,
                "tổng số trạm y tế",
                "total health stations",
            ),
            (
                "schools_sanitation_ok",
                self.schools_sanitation_ok,
                "schools_total",
                self.schools_total,
                "tổng số trường học",
                "total schools",
            ),
            (
                "rural_points_wastewater_collected",
                self.rural_points_wastewater_collected,
                "rural_points_total",
                self.rural_points_total,
                "tổng số điểm dân cư",
                "total residential points",
            ),
        ];
        for (pf, part, tf, total, vi, en) in parts {
            match (part, total) {
                (Some(p), Some(t)) if p > t => c.error(
                    pf,
                    format!("Số đạt ({p}) lớn hơn tổng số ({t})"),
                    format!("The part ({p}) exceeds the total ({t})"),
                ),
                (Some(_), None) => c.missing(tf, vi, en),
                _ => {}
            }
        }
        if let Some(e) = self.life_expectancy_years {
            if !(e.is_finite() && (20.0..=100.0).contains(&e)) {
                c.error(
                    "life_expectancy_years",
                    format!("Tuổi thọ {e} không hợp lý"),
                    format!("Life expectancy {e} is implausible"),
                );
            }
        }
        if let Some(p) = self.wastewater_treated_percent {
            if !(p.is_finite() && (0.0..=100.0).contains(&p)) {
                c.error(
                    "wastewater_treated_percent",
                    "Tỷ lệ phải trong khoảng 0–100%",
                    "A percentage must be within 0–100",
                );
            }
        }
        c.problems
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

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Lỗi: a wrong or impossible answer. Blocks any save as complete; shown on drafts too.
    Error,
    /// Thiếu: a required answer not given yet. Allowed in a draft, blocks `Complete`.
    Missing,
}

impl Severity {
    pub fn label(self) -> Text {
        match self {
            Severity::Error => Text::new("Lỗi", "Error"),
            Severity::Missing => Text::new("Thiếu thông tin", "Missing"),
        }
    }
}

/// One validation finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Path of the field, in the JSON field names: `members[2].date_of_birth`.
    pub field: String,
    pub message: Text,
    pub severity: Severity,
}

impl Problem {
    /// Whether this problem forbids a record of `completeness`. Errors always block — a draft
    /// with an error can still be kept on the tablet, but the UI must show it; the rule here is
    /// about what may be *marked* so.
    pub fn blocks(&self, completeness: Completeness) -> bool {
        match self.severity {
            Severity::Error => true,
            Severity::Missing => completeness == Completeness::Complete,
        }
    }
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    fn error(&mut self, field: impl Into<String>, vi: impl Into<String>, en: impl Into<String>) {
        self.push(Problem { field: field.into(), message: Text::new(vi, en), severity: Severity::Error });
    }

    fn missing(&mut self, field: impl Into<String>, vi_what: &str, en_what: &str) {
        self.push(Problem {
            field: field.into(),
            message: Text::new(format!("Chưa trả lời: {vi_what}"), format!("Not answered: {en_what}")),
            severity: Severity::Missing,
        });
    }
}

fn check_meta(c: &mut Checker, meta: &RecordMeta) {
    if meta.updated_at < meta.created_at {
        c.error("meta.updated_at", "Thời điểm cập nhật trước thời điểm tạo phiếu", "Updated before it was created");
    }
}
