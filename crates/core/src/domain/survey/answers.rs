//! The answers of the household survey: one enum per closed question, with its Vietnamese and
//! English labels and the stored word of each choice (snake_case).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::growth::Measured;
use crate::i18n::Text;

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
