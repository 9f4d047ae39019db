//! How each indicator is computed (`Computation`), with every assumption as data.
//!
//! Contract: the indicator engine matches on `Computation` and takes every threshold, age
//! band, window and rule from the variant's fields — never from constants of its own — so a
//! changed reading of the plan is a data change reviewed by the office, not a code change.
//! Ages are completed months/years at the household's survey date; "window" months count back
//! from that date. Ratios use the plan-level `PlanParams` for rounding and working age.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// Which households an indicator looks at, by area (khu vực).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaScope {
    /// Every household (toàn huyện / toàn xã).
    All,
    /// Households in units marked urban (thành thị: thị trấn Đắk Rve).
    Urban,
    /// Households in units not marked urban (nông thôn).
    Rural,
}

/// An administrative level at which an office enters a value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryLevel {
    /// One value for the district (the default: e.g. hospital beds and health staff, which
    /// communes do not have).
    #[default]
    District,
    /// One value per commune-level unit (the district value is entered, not summed).
    Commune,
    /// Per commune-level unit and for the district.
    CommuneAndDistrict,
}

/// Per-capita income statistic used as the comparison point of indicator 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeStatistic {
    /// Median of monthly income per person over all surveyed households of the area.
    Median,
    /// Arithmetic mean of the same.
    Mean,
}

/// Area whose households form the comparison population ("cộng đồng dân cư nơi cư trú").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceArea {
    /// The household's own commune-level unit.
    Commune,
    /// The household's village.
    Village,
    /// The whole district.
    District,
}

/// Social-insurance schemes a person can be enrolled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsuranceScheme {
    /// BHXH bắt buộc.
    CompulsorySocial,
    /// BHXH tự nguyện.
    VoluntarySocial,
    /// Bảo hiểm thất nghiệp.
    Unemployment,
    /// Bảo hiểm y tế.
    Health,
}

/// Old-age income benefits counted by indicator 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OldAgeBenefit {
    /// Lương hưu.
    Pension,
    /// Trợ cấp BHXH hằng tháng.
    MonthlySocialInsurance,
    /// Trợ cấp hưu trí xã hội.
    SocialPension,
}

/// Household poverty status (chuẩn nghèo) as recorded in the survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PovertyStatus {
    /// Hộ nghèo.
    Poor,
    /// Hộ cận nghèo.
    NearPoor,
}

/// Household groups used to select target households.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdGroup {
    /// Hộ nghèo.
    Poor,
    /// Hộ cận nghèo.
    NearPoor,
    /// Hộ bị ảnh hưởng bởi thiên tai, biến đổi khí hậu.
    DisasterAffected,
    /// Hộ đồng bào dân tộc thiểu số.
    EthnicMinority,
    /// Hộ ở thôn vùng sâu, vùng xa (as marked in the survey).
    RemoteVillage,
}

/// House condition categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseCondition {
    /// Nhà tạm.
    Temporary,
    /// Nhà dột nát.
    Dilapidated,
}

/// Education levels counted as attained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    /// Hoàn thành chương trình tiểu học.
    PrimaryCompleted,
    /// Trình độ trung học phổ thông và tương đương.
    UpperSecondaryOrEquivalent,
}

/// A yes/no property of a household counted by `HouseholdShare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdCondition {
    /// Nhà tiêu hợp vệ sinh.
    HygienicLatrine,
    /// Sử dụng nước sạch.
    CleanWater,
    /// Có công trình vệ sinh (any sanitation facility).
    SanitationFacility,
}

/// Health-workforce or capacity counts entered per 10,000 population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthResource {
    /// Giường bệnh viện.
    HospitalBeds,
    /// Bác sĩ.
    Doctors,
    /// Dược sĩ.
    Pharmacists,
    /// Điều dưỡng viên.
    Nurses,
}

/// Where the denominator population of a per-capita rate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationSource {
    /// The official population an office entered for the unit and year; without it there is
    /// no rate. Never the persons surveyed: a partial survey would inflate the rate
    /// (spec "Corrections (2026-12)").
    Official,
}

/// Facilities whose counts are entered by an office for indicator 33.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilityKind {
    /// Trường học.
    School,
    /// Trạm y tế.
    HealthStation,
}

/// How the parts of a composite indicator combine into one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CombineRule {
    /// Every part must meet the target on its own; the reported value is the lowest part.
    EachMustMeet,
}

/// Height-for-age method for stunting (WHO Child Growth Standards 2006).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StuntingMethod {
    /// Name of the LMS reference table shipped with the core (sex × age in days).
    pub reference_table: String,
    /// Youngest age counted, completed months (inclusive).
    pub min_age_months: u32,
    /// Oldest age counted, completed months (inclusive).
    pub max_age_months: u32,
    /// Stunted when z is strictly below this value.
    pub z_cutoff: f64,
    /// |z| strictly above this is biologically implausible: excluded, listed for re-measurement.
    pub implausible_abs_z: f64,
    /// Age in days from which standing height (not recumbent length) is expected.
    pub standing_from_age_days: u32,
    /// Added when measured standing where lying is expected; subtracted in the other case.
    pub position_correction_cm: f64,
}

/// The formula for one indicator. Serialized externally tagged: `{"<method>": {params}}` in
/// snake_case (an internally tagged enum cost ~20 KB of gzipped wasm in serde's buffering code).
/// Deserialized by hand (`plan::decode`): the derive's visitor per variant cost 18 KB of wasm.
///
/// Unless a variant says otherwise, the value is a percentage `100 × numerator / denominator`
/// over the persons or households of the org unit (and its descendants) in `scope`, and the
/// result carries the numerator, denominator and excluded records.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Computation {
    /// #1. Households with a member who is a người có công: share whose monthly income per
    /// person is at least (`inclusive`) or above the `statistic` of income per person over
    /// all households of the `reference_area` ("mức sống trung bình khá trở lên").
    MeritoriousHouseholdsLivingStandard {
        reference_area: ReferenceArea,
        statistic: IncomeStatistic,
        /// `true`: equal to the statistic counts as meeting it.
        inclusive: bool,
    },
    /// #2, #3. Unemployed / labour force. Labour force = persons aged `min_age_years`+ who are
    /// employed or unemployed (without work, available and looking for work).
    UnemploymentRate { scope: AreaScope, min_age_years: u32 },
    /// #4. Labour force holding a degree or vocational certificate / labour force.
    TrainedLabourShare { scope: AreaScope, min_age_years: u32 },
    /// #5, #6. Labour force in working age (plan `params.retirement`) enrolled in any of
    /// `schemes` / labour force in working age.
    WorkingAgeLabourInsured { schemes: Vec<InsuranceScheme> },
    /// #7. Persons past working age (at or above the retirement age of the reference year)
    /// receiving any of `benefits` / persons past working age.
    PastWorkingAgeWithBenefit { benefits: Vec<OldAgeBenefit> },
    /// #8. Persons enrolled in `scheme` / all persons.
    InsuranceCoverage { scheme: InsuranceScheme, scope: AreaScope },
    /// #9. Eligible persons receiving monthly social assistance / eligible persons. Eligible:
    /// living in a household of `poverty` status and either a child younger than
    /// `child_below_age_months` or a lonely elderly person (người cao tuổi cô đơn, no spouse or
    /// children to rely on) aged `lonely_elderly_min_age_years` or more.
    SocialAssistanceCoverage {
        poverty: Vec<PovertyStatus>,
        child_below_age_months: u32,
        lonely_elderly_min_age_years: u32,
    },
    /// #10, #14. A yes/no status entered by an office at `level` (e.g. "đạt chuẩn").
    EnteredStatus { level: EntryLevel },
    /// #11. Children aged exactly `age_years` enrolled in grade `min_grade` or above / children
    /// of that age.
    EnrolmentAtAge { age_years: u32, min_grade: u32 },
    /// #12, #13. Persons aged `min_age_years..=max_age_years` who attained `level` / persons in
    /// that band.
    AttainmentInAgeBand { min_age_years: u32, max_age_years: u32, level: EducationLevel },
    /// #15. Total fertility rate (not a percentage): `group_width_years` × Σ over the age
    /// groups from `min_age_years` to `max_age_years` of (births in the last `window_months` to
    /// women of the group / women of the group).
    TotalFertilityRate { min_age_years: u32, max_age_years: u32, group_width_years: u32, window_months: u32 },
    /// #16. (Births − deaths in the last `window_months`) / persons, in percent.
    NaturalIncreaseRate { window_months: u32 },
    /// #17, #35. A number entered by an office at `level`, reported as is.
    EnteredValue { level: EntryLevel },
    /// #18–#21. Entered count of `resource` / official population × `multiplier`, shown at
    /// `level` (district only by default: communes have no hospital beds).
    PerPopulation { resource: HealthResource, multiplier: u32, population: PopulationSource, level: EntryLevel },
    /// #22. Persons who used primary care at a grassroots facility (y tế cơ sở) in the last
    /// `window_months` with the cost paid by health insurance / persons who used it.
    PrimaryCareInsurancePaid { window_months: u32 },
    /// #23. Persons with a health record managed by the commune health station / all persons.
    HealthRecordCoverage { scope: AreaScope },
    /// #24. Children aged `min_age_months..=max_age_months` fully vaccinated before their first
    /// birthday (if `by_first_birthday`) / children in that band.
    FullVaccination { min_age_months: u32, max_age_months: u32, by_first_birthday: bool },
    /// #25. Measured children in the age band with height-for-age z below the cutoff /
    /// measured children with a plausible z.
    Stunting(StuntingMethod),
    /// #26. A qualitative status with a note, assessed per `aspects` (e.g. each disease).
    QualitativeStatus { aspects: Vec<Text> },
    /// #27, #31, #32. Households with `condition` / households in `scope`.
    HouseholdShare { condition: HouseholdCondition, scope: AreaScope },
    /// #28, #34. Entered count meeting the criterion / entered total, at `level`.
    EnteredRatio { numerator: Text, denominator: Text, level: EntryLevel },
    /// #29. Count (not a share) of households in any of `groups` living in a house of any of
    /// `conditions`.
    TemporaryHousingCount { groups: Vec<HouseholdGroup>, conditions: Vec<HouseCondition> },
    /// #30, #30a, #30b. Σ floor area / Σ persons over households in `scope` (m² per person).
    FloorAreaPerPerson { scope: AreaScope },
    /// #33. Households with `household_condition` / households, and for each of `facilities`
    /// an entered count meeting the standard / entered total; parts combine by `combine`.
    SanitationFacilities {
        household_condition: HouseholdCondition,
        facilities: Vec<FacilityKind>,
        combine: CombineRule,
    },
    /// #36. Persons in households of any of `groups` with national and local radio/TV
    /// reception / persons in those households.
    BroadcastReception { groups: Vec<HouseholdGroup> },
}

impl Computation {
    /// Snake-case name of the variant: the key of the computation object in the plan file.
    pub fn method(&self) -> &'static str {
        match self {
            Computation::MeritoriousHouseholdsLivingStandard { .. } => "meritorious_households_living_standard",
            Computation::UnemploymentRate { .. } => "unemployment_rate",
            Computation::TrainedLabourShare { .. } => "trained_labour_share",
            Computation::WorkingAgeLabourInsured { .. } => "working_age_labour_insured",
            Computation::PastWorkingAgeWithBenefit { .. } => "past_working_age_with_benefit",
            Computation::InsuranceCoverage { .. } => "insurance_coverage",
            Computation::SocialAssistanceCoverage { .. } => "social_assistance_coverage",
            Computation::EnteredStatus { .. } => "entered_status",
            Computation::EnrolmentAtAge { .. } => "enrolment_at_age",
            Computation::AttainmentInAgeBand { .. } => "attainment_in_age_band",
            Computation::TotalFertilityRate { .. } => "total_fertility_rate",
            Computation::NaturalIncreaseRate { .. } => "natural_increase_rate",
            Computation::EnteredValue { .. } => "entered_value",
            Computation::PerPopulation { .. } => "per_population",
            Computation::PrimaryCareInsurancePaid { .. } => "primary_care_insurance_paid",
            Computation::HealthRecordCoverage { .. } => "health_record_coverage",
            Computation::FullVaccination { .. } => "full_vaccination",
            Computation::Stunting(_) => "stunting",
            Computation::QualitativeStatus { .. } => "qualitative_status",
            Computation::HouseholdShare { .. } => "household_share",
            Computation::EnteredRatio { .. } => "entered_ratio",
            Computation::TemporaryHousingCount { .. } => "temporary_housing_count",
            Computation::FloorAreaPerPerson { .. } => "floor_area_per_person",
            Computation::SanitationFacilities { .. } => "sanitation_facilities",
            Computation::BroadcastReception { .. } => "broadcast_reception",
        }
    }

    /// Problems with the variant's own parameters (empty band, empty lists, …), as
    /// (field, message) pairs; the caller prefixes the path.
    pub(crate) fn parameter_problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        fn band(out: &mut Vec<(&'static str, String)>, field: &'static str, lo: u32, hi: u32) {
            if lo > hi {
                out.push((field, format!("{lo} > {hi}")));
            }
        }
        match self {
            Computation::AttainmentInAgeBand { min_age_years, max_age_years, .. } => {
                band(&mut out, "min_age_years", *min_age_years, *max_age_years)
            }
            Computation::TotalFertilityRate { min_age_years, max_age_years, group_width_years, window_months } => {
                band(&mut out, "min_age_years", *min_age_years, *max_age_years);
                let span = max_age_years.saturating_sub(*min_age_years) + 1;
                if *group_width_years == 0 || span % group_width_years != 0 {
                    out.push(("group_width_years", format!("{group_width_years} does not divide the band")));
                }
                if *window_months == 0 {
                    out.push(("window_months", "0".into()));
                }
            }
            Computation::FullVaccination { min_age_months, max_age_months, .. } => {
                band(&mut out, "min_age_months", *min_age_months, *max_age_months)
            }
            Computation::Stunting(m) => {
                band(&mut out, "min_age_months", m.min_age_months, m.max_age_months);
                if !(m.z_cutoff.is_finite() && m.implausible_abs_z.is_finite() && m.implausible_abs_z > 0.0) {
                    out.push(("implausible_abs_z", "must be a positive number".into()));
                }
                if !(m.position_correction_cm.is_finite() && m.position_correction_cm >= 0.0) {
                    out.push(("position_correction_cm", "must be ≥ 0".into()));
                }
            }
            Computation::NaturalIncreaseRate { window_months }
            | Computation::PrimaryCareInsurancePaid { window_months }
                if *window_months == 0 =>
            {
                out.push(("window_months", "0".into()))
            }
            Computation::PerPopulation { multiplier, .. } if *multiplier == 0 => out.push(("multiplier", "0".into())),
            Computation::WorkingAgeLabourInsured { schemes } if schemes.is_empty() => {
                out.push(("schemes", "empty list".into()))
            }
            Computation::PastWorkingAgeWithBenefit { benefits } if benefits.is_empty() => {
                out.push(("benefits", "empty list".into()))
            }
            Computation::SocialAssistanceCoverage { poverty, .. } if poverty.is_empty() => {
                out.push(("poverty", "empty list".into()))
            }
            Computation::TemporaryHousingCount { groups, conditions } => {
                if groups.is_empty() {
                    out.push(("groups", "empty list".into()));
                }
                if conditions.is_empty() {
                    out.push(("conditions", "empty list".into()));
                }
            }
            Computation::BroadcastReception { groups } if groups.is_empty() => {
                out.push(("groups", "empty list".into()))
            }
            _ => {}
        }
        out
    }
}
