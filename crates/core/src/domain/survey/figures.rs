//! Figures an office enters (số liệu do cơ quan chuyên môn nhập) and their validation.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::check::{check_meta, Checker};
use super::{Assessment, Problem, RecordMeta, MAX_YEAR, MIN_YEAR};

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
