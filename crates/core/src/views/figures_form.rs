//! The office figures form (nhập số liệu của cơ quan) as data: every field of `EnteredFigures`
//! an office types, with its label, its kind, and reading/writing it as the text of an input.
//!
//! Contract: the app renders one generic row per entry of [`FIELDS`] and never parses by
//! itself; `set` either stores the parsed answer (empty text clears it) or returns a Vietnamese
//! and English message and leaves the record unchanged; `problems` lists every cross-field
//! problem (a part larger than its total, a percent above 100) at once, by field id.
//! `expected_households` is entered on the survey progress view, not here.

use crate::domain::survey::{Assessment, DiseaseStatus, EnteredFigures};
use crate::i18n::Text;
use crate::views::survey_form::{parse_count, parse_decimal};

/// How a field is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A whole number ≥ 0 (numeric keypad).
    Count,
    /// A decimal number ≥ 0, comma or point (decimal keypad).
    Decimal,
    /// Có / Không: stored as `"yes"` / `"no"`.
    YesNo,
    /// Đạt / Đang tiến triển / Chưa đạt: stored as `"achieved"` / `"in_progress"` / `"not_achieved"`.
    Assessment,
}

/// One field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureField {
    /// The JSON field name of `EnteredFigures`.
    pub id: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
    pub kind: FieldKind,
}

impl FigureField {
    pub fn label(&self) -> Text {
        Text::new(self.vi, self.en)
    }
}

const fn f(id: &'static str, vi: &'static str, en: &'static str, kind: FieldKind) -> FigureField {
    FigureField { id, vi, en, kind }
}

/// Every field, in the order of the plan's indicators they serve.
pub const FIELDS: &[FigureField] = &[
    f("official_population", "Dân số chính thức (người)", "Official population (persons)", FieldKind::Count),
    f("hospital_beds", "Giường bệnh", "Hospital beds", FieldKind::Count),
    f("doctors", "Bác sĩ", "Doctors", FieldKind::Count),
    f("pharmacists", "Dược sĩ", "Pharmacists", FieldKind::Count),
    f("nurses", "Điều dưỡng viên", "Nurses", FieldKind::Count),
    f(
        "preschool_universalised",
        "Đạt phổ cập giáo dục mầm non cho trẻ 3–5 tuổi",
        "Preschool universalised for children aged 3–5",
        FieldKind::YesNo,
    ),
    f(
        "literacy_level2_kept",
        "Duy trì đạt chuẩn xóa mù chữ mức độ 2",
        "Literacy standard level 2 maintained",
        FieldKind::YesNo,
    ),
    f("life_expectancy_years", "Tuổi thọ trung bình (năm)", "Life expectancy (years)", FieldKind::Decimal),
    f("aids", "Chấm dứt dịch bệnh AIDS", "Ending AIDS", FieldKind::Assessment),
    f("tuberculosis", "Chấm dứt bệnh lao", "Ending tuberculosis", FieldKind::Assessment),
    f("malaria", "Loại trừ sốt rét", "Eliminating malaria", FieldKind::Assessment),
    f("health_stations_total", "Trạm y tế: tổng số", "Health stations: total", FieldKind::Count),
    f(
        "health_stations_sanitation_ok",
        "Trạm y tế đạt chuẩn vệ sinh",
        "Health stations meeting sanitation standards",
        FieldKind::Count,
    ),
    f("schools_total", "Trường học: tổng số", "Schools: total", FieldKind::Count),
    f(
        "schools_sanitation_ok",
        "Trường học có công trình vệ sinh đạt chuẩn",
        "Schools with proper sanitation",
        FieldKind::Count,
    ),
    f(
        "rural_points_total",
        "Điểm dân cư nông thôn tập trung: tổng số",
        "Concentrated rural residential points: total",
        FieldKind::Count,
    ),
    f(
        "rural_points_wastewater_collected",
        "Điểm dân cư có hệ thống thu gom nước thải sinh hoạt",
        "Points with domestic wastewater collection",
        FieldKind::Count,
    ),
    f(
        "wastewater_treated_percent",
        "Nước thải sinh hoạt được xử lý (%)",
        "Domestic wastewater treated (%)",
        FieldKind::Decimal,
    ),
];

/// A field of the form by id.
pub fn field(id: &str) -> Option<&'static FigureField> {
    FIELDS.iter().find(|f| f.id == id)
}

fn count_slot<'a>(fig: &'a mut EnteredFigures, id: &str) -> Option<&'a mut Option<i64>> {
    Some(match id {
        "official_population" => &mut fig.official_population,
        "hospital_beds" => &mut fig.hospital_beds,
        "doctors" => &mut fig.doctors,
        "pharmacists" => &mut fig.pharmacists,
        "nurses" => &mut fig.nurses,
        "health_stations_total" => &mut fig.health_stations_total,
        "health_stations_sanitation_ok" => &mut fig.health_stations_sanitation_ok,
        "schools_total" => &mut fig.schools_total,
        "schools_sanitation_ok" => &mut fig.schools_sanitation_ok,
        "rural_points_total" => &mut fig.rural_points_total,
        "rural_points_wastewater_collected" => &mut fig.rural_points_wastewater_collected,
        _ => return None,
    })
}

fn decimal_slot<'a>(fig: &'a mut EnteredFigures, id: &str) -> Option<&'a mut Option<f64>> {
    Some(match id {
        "life_expectancy_years" => &mut fig.life_expectancy_years,
        "wastewater_treated_percent" => &mut fig.wastewater_treated_percent,
        _ => return None,
    })
}

fn yes_no_slot<'a>(fig: &'a mut EnteredFigures, id: &str) -> Option<&'a mut Option<bool>> {
    Some(match id {
        "preschool_universalised" => &mut fig.preschool_universalised,
        "literacy_level2_kept" => &mut fig.literacy_level2_kept,
        _ => return None,
    })
}

fn assessment_slot<'a>(fig: &'a mut EnteredFigures, id: &str) -> Option<&'a mut Option<Assessment>> {
    Some(match id {
        "aids" => &mut fig.aids,
        "tuberculosis" => &mut fig.tuberculosis,
        "malaria" => &mut fig.malaria,
        _ => return None,
    })
}

/// The words of an assessment as `get`/`set` use them.
pub const ASSESSMENT_WORDS: [(&str, DiseaseStatus); 3] = [
    ("achieved", DiseaseStatus::Achieved),
    ("in_progress", DiseaseStatus::InProgress),
    ("not_achieved", DiseaseStatus::NotAchieved),
];

/// The answer of `id` as the input shows it ("" when unanswered or unknown). Decimals use the
/// Vietnamese comma.
pub fn get(fig: &EnteredFigures, id: &str) -> String {
    // The slot helpers take `&mut` so that one list of ids serves reading and writing; reading
    // goes through a copy (a few small fields) rather than a second list that could drift.
    let mut copy = fig.clone();
    if let Some(v) = count_slot(&mut copy, id) {
        return v.map(|n| n.to_string()).unwrap_or_default();
    }
    if let Some(v) = decimal_slot(&mut copy, id) {
        return v.map(|x| x.to_string().replace('.', ",")).unwrap_or_default();
    }
    if let Some(v) = yes_no_slot(&mut copy, id) {
        return v.map(|b| if b { "yes" } else { "no" }.to_string()).unwrap_or_default();
    }
    if let Some(v) = assessment_slot(&mut copy, id) {
        return v
            .as_ref()
            .and_then(|a| ASSESSMENT_WORDS.iter().find(|(_, s)| *s == a.status))
            .map(|(w, _)| w.to_string())
            .unwrap_or_default();
    }
    String::new()
}

/// Stores the answer typed for `id`; empty text clears it. On an error nothing changes.
pub fn set(fig: &mut EnteredFigures, id: &str, text: &str) -> Result<(), Text> {
    let t = text.trim();
    let negative = || Text::new("Số liệu không được âm", "A figure cannot be negative");
    if let Some(slot) = count_slot(fig, id) {
        let v = parse_count(t)?;
        if v.is_some_and(|n| n < 0) {
            return Err(negative());
        }
        *slot = v.map(i64::from);
        return Ok(());
    }
    if let Some(slot) = decimal_slot(fig, id) {
        let v = parse_decimal(t)?;
        if v.is_some_and(|x| x < 0.0) {
            return Err(negative());
        }
        *slot = v;
        return Ok(());
    }
    if let Some(slot) = yes_no_slot(fig, id) {
        *slot = match t {
            "" => None,
            "yes" => Some(true),
            "no" => Some(false),
            _ => return Err(Text::new("Chọn Có hoặc Không", "Choose Yes or No")),
        };
        return Ok(());
    }
    if let Some(slot) = assessment_slot(fig, id) {
        *slot = match ASSESSMENT_WORDS.iter().find(|(w, _)| *w == t) {
            _ if t.is_empty() => None,
            // A note written elsewhere (an import) is kept when only the status changes.
            Some((_, status)) => Some(Assessment { status: *status, note: slot.take().and_then(|a| a.note) }),
            None => {
                return Err(Text::new(
                    "Chọn Đạt, Đang tiến triển hoặc Chưa đạt",
                    "Choose Achieved, In progress or Not achieved",
                ))
            }
        };
        return Ok(());
    }
    Err(Text::new(format!("Không có trường “{id}”"), format!("There is no field “{id}”")))
}

/// Cross-field problems, every one at once, by field id.
pub fn problems(fig: &EnteredFigures) -> Vec<(&'static str, Text)> {
    let mut out = Vec::new();
    let pairs = [
        ("health_stations_sanitation_ok", fig.health_stations_sanitation_ok, fig.health_stations_total),
        ("schools_sanitation_ok", fig.schools_sanitation_ok, fig.schools_total),
        ("rural_points_wastewater_collected", fig.rural_points_wastewater_collected, fig.rural_points_total),
    ];
    for (id, part, total) in pairs {
        if let (Some(p), Some(t)) = (part, total) {
            if p > t {
                out.push((
                    id,
                    Text::new(format!("{p} lớn hơn tổng số {t}"), format!("{p} is more than the total {t}")),
                ));
            }
        }
    }
    if fig.wastewater_treated_percent.is_some_and(|p| p > 100.0) {
        out.push(("wastewater_treated_percent", Text::new("Tỷ lệ không quá 100%", "A percent is at most 100")));
    }
    if fig.life_expectancy_years.is_some_and(|y| y > 120.0) {
        out.push((
            "life_expectancy_years",
            Text::new("Tuổi thọ không quá 120 năm", "Life expectancy is at most 120 years"),
        ));
    }
    out
}
