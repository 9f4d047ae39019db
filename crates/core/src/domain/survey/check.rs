//! Validation of survey records: every problem at once, each with a field path, a bilingual
//! message and a `Severity` (the module contract of `survey` says which blocks what).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::*;

impl Household {
    pub(super) fn check_household(&self, c: &mut Checker, bounds: &crate::domain::plan::ValidationBounds) {
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

    /// A member's identity and date of birth: the date when every question that depends on the
    /// age can be checked, `None` when none can (the date missing, impossible or in the future;
    /// a missing date still lets the questions asked of everyone be checked).
    fn check_birth(&self, c: &mut Checker, i: usize, m: &Member) -> Option<NaiveDate> {
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
            return None;
        };
        if dob > self.survey_date {
            c.error(
                f("date_of_birth"),
                "Ngày sinh sau ngày khảo sát (hoặc ở tương lai)",
                "Date of birth is after the survey date (or in the future)",
            );
            // Every other rule depends on the age, which does not exist here.
            return None;
        }
        let years = age_years(dob, self.survey_date)?;
        if years > MAX_AGE_YEARS {
            c.error(
                f("date_of_birth"),
                format!("Tuổi {years} không hợp lý (quá {MAX_AGE_YEARS} tuổi)"),
                format!("Age {years} is impossible (over {MAX_AGE_YEARS})"),
            );
            return None;
        }
        Some(dob)
    }

    pub(super) fn check_member(&self, c: &mut Checker, i: usize, m: &Member, rules: &SkipRules) {
        let f = |name: &str| format!("members[{i}].{name}");
        let Some(dob) = self.check_birth(c, i, m) else { return };
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
pub(super) struct Checker {
    pub(super) problems: Vec<Problem>,
}

impl Checker {
    pub(super) fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    pub(super) fn error(&mut self, field: impl Into<String>, vi: impl Into<String>, en: impl Into<String>) {
        self.push(Problem { field: field.into(), message: Text::new(vi, en), severity: Severity::Error });
    }

    pub(super) fn missing(&mut self, field: impl Into<String>, vi_what: &str, en_what: &str) {
        self.push(Problem {
            field: field.into(),
            message: Text::new(format!("Chưa trả lời: {vi_what}"), format!("Not answered: {en_what}")),
            severity: Severity::Missing,
        });
    }
}

pub(super) fn check_meta(c: &mut Checker, meta: &RecordMeta) {
    if meta.updated_at < meta.created_at {
        c.error("meta.updated_at", "Thời điểm cập nhật trước thời điểm tạo phiếu", "Updated before it was created");
    }
}
