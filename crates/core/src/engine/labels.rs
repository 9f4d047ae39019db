//! Field names as officials read them: the engine names a missing or invalid answer, or a
//! figure a unit has not entered, by the record's JSON field (`labour_status`,
//! `health_stations_sanitation_ok`); the interface shows these words instead.
//!
//! Contract: `field_label` knows every field the engine and validation name (survey answers,
//! entered figures, and `members[i].x` paths, which read "nhân khẩu thứ i+1: …"); an unknown
//! name is returned as "(mục khác)" / "(other item)" rather than the raw code, and a test
//! checks that every field the hot pass emits has a label.

use crate::i18n::Text;

fn known(field: &str) -> Option<(&'static str, &'static str)> {
    Some(match field {
        // Household.
        "commune_id" => ("xã, thị trấn", "commune"),
        "village_id" => ("thôn, làng, tổ dân phố", "village"),
        "survey_date" => ("ngày khảo sát", "survey date"),
        "ethnic_minority" => ("hộ dân tộc thiểu số", "ethnic minority household"),
        "remote_village" => ("vùng sâu, vùng xa", "remote village"),
        "poverty" => ("phân loại hộ nghèo, cận nghèo", "poverty status"),
        "disaster_affected" => ("hộ bị ảnh hưởng thiên tai", "disaster-affected"),
        "meritorious_service" => ("hộ có người có công", "meritorious-service member"),
        "income_per_person_vnd" => ("thu nhập bình quân đầu người", "income per person"),
        "housing" => ("loại nhà ở", "housing type"),
        "floor_area_m2" => ("diện tích nhà ở", "floor area"),
        "water" => ("nguồn nước", "water source"),
        "latrine" => ("nhà tiêu", "latrine"),
        "radio_tv" => ("nghe, xem phát thanh, truyền hình", "radio/TV reception"),
        "deaths_last_12m" => ("số người chết trong 12 tháng qua", "deaths in the last 12 months"),
        "members" => ("danh sách nhân khẩu", "household members"),
        "meta" | "meta.id" => ("mã phiếu", "record id"),
        // Member.
        "id" => ("mã nhân khẩu", "member id"),
        "name" => ("họ và tên", "name"),
        "sex" => ("giới tính", "sex"),
        "relation" => ("quan hệ với chủ hộ", "relation to the head"),
        "date_of_birth" => ("ngày sinh", "date of birth"),
        "birth_year" => ("năm sinh", "year of birth"),
        "labour_status" => ("tình trạng việc làm", "labour status"),
        "qualification" => ("trình độ chuyên môn", "qualification"),
        "social_insurance" => ("bảo hiểm xã hội", "social insurance"),
        "unemployment_insurance" => ("bảo hiểm thất nghiệp", "unemployment insurance"),
        "health_insurance" => ("bảo hiểm y tế", "health insurance"),
        "health_record" => ("được quản lý sức khỏe", "health record"),
        "primary_care" => ("khám chữa bệnh ban đầu tại y tế cơ sở", "primary care"),
        "old_age_benefit" => ("lương hưu, trợ cấp hằng tháng", "pension or monthly allowance"),
        "lonely_elderly" => ("người cao tuổi cô đơn", "lonely elderly"),
        "social_assistance" => ("trợ cấp xã hội hằng tháng", "monthly social assistance"),
        "schooling" => ("tình trạng đi học", "schooling"),
        "births_last_12m" => ("số con sinh trong 12 tháng qua", "births in the last 12 months"),
        "fully_vaccinated_before_1" => ("tiêm chủng đầy đủ trước 1 tuổi", "fully vaccinated before age 1"),
        "height" => ("chiều dài/chiều cao", "length/height"),
        "height.date" => ("ngày đo chiều dài/chiều cao", "date of the length/height measurement"),
        // Entered figures.
        "hospital_beds" => ("số giường bệnh viện", "hospital beds"),
        "doctors" => ("số bác sĩ", "doctors"),
        "pharmacists" => ("số dược sĩ", "pharmacists"),
        "nurses" => ("số điều dưỡng viên", "nurses"),
        "official_population" => ("dân số chính thức", "official population"),
        "preschool_universalised" => ("đạt phổ cập giáo dục mầm non", "universal preschool reached"),
        "literacy_level2_kept" => ("duy trì chuẩn xóa mù chữ mức độ 2", "literacy level 2 kept"),
        "life_expectancy_years" => ("tuổi thọ trung bình", "life expectancy"),
        "aids" => ("đánh giá AIDS", "AIDS assessment"),
        "tuberculosis" => ("đánh giá bệnh lao", "tuberculosis assessment"),
        "malaria" => ("đánh giá sốt rét", "malaria assessment"),
        "aids, tuberculosis, malaria" => ("đánh giá AIDS, lao, sốt rét", "AIDS, tuberculosis and malaria assessments"),
        "health_stations_total" => ("tổng số trạm y tế", "health stations"),
        "health_stations_sanitation_ok" => {
            ("số trạm y tế có công trình vệ sinh đạt chuẩn", "health stations with standard sanitation")
        }
        "schools_total" => ("tổng số trường học", "schools"),
        "schools_sanitation_ok" => {
            ("số trường học có công trình vệ sinh đạt chuẩn", "schools with standard sanitation")
        }
        "rural_points_total" => ("tổng số điểm dân cư nông thôn tập trung", "rural residential points"),
        "rural_points_wastewater_collected" => {
            ("số điểm dân cư có hệ thống thu gom nước thải", "rural residential points with wastewater collection")
        }
        "wastewater_treated_percent" => ("tỷ lệ nước thải sinh hoạt được xử lý", "domestic wastewater treated"),
        "expected_households" => ("số hộ dự kiến", "expected households"),
        _ => return None,
    })
}

/// The words for a field name or path (see the module contract).
pub fn field_label(field: &str) -> Text {
    // `members[2].date_of_birth` → "nhân khẩu thứ 3: ngày sinh".
    if let Some(rest) = field.strip_prefix("members[") {
        if let Some((i, tail)) = rest.split_once(']') {
            if let Ok(i) = i.parse::<usize>() {
                let inner = field_label(tail.trim_start_matches('.'));
                if tail.is_empty() {
                    return Text::new(format!("nhân khẩu thứ {}", i + 1), format!("member {}", i + 1));
                }
                return Text::new(
                    format!("nhân khẩu thứ {}: {}", i + 1, inner.vi),
                    format!("member {}: {}", i + 1, inner.en),
                );
            }
        }
    }
    if let Some(rest) = field.strip_prefix("expected_households[") {
        let village = rest.trim_end_matches(']');
        return Text::new(format!("số hộ dự kiến của thôn {village}"), format!("expected households of {village}"));
    }
    match known(field) {
        Some((vi, en)) => Text::new(vi, en),
        None => Text::new("(mục khác)", "(other item)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_field_reads_in_vietnamese() {
        // Every field name `ansinh_tally` and `entered` emit.
        for f in [
            "labour_status",
            "qualification",
            "social_insurance",
            "unemployment_insurance",
            "health_insurance",
            "old_age_benefit",
            "lonely_elderly",
            "poverty",
            "social_assistance",
            "schooling",
            "births_last_12m",
            "deaths_last_12m",
            "primary_care",
            "health_record",
            "fully_vaccinated_before_1",
            "height",
            "height.date",
            "meritorious_service",
            "income_per_person_vnd",
            "latrine",
            "water",
            "housing",
            "floor_area_m2",
            "radio_tv",
            "disaster_affected",
            "ethnic_minority",
            "remote_village",
            "hospital_beds",
            "doctors",
            "pharmacists",
            "nurses",
            "official_population",
            "preschool_universalised",
            "literacy_level2_kept",
            "life_expectancy_years",
            "aids, tuberculosis, malaria",
            "health_stations_total",
            "health_stations_sanitation_ok",
            "schools_total",
            "schools_sanitation_ok",
            "rural_points_total",
            "rural_points_wastewater_collected",
            "wastewater_treated_percent",
        ] {
            let l = field_label(f);
            assert!(known(f).is_some(), "{f} has no label");
            assert!(!l.vi.contains('_'), "{f}: {}", l.vi);
        }
        assert_eq!(field_label("members[2].date_of_birth").vi, "nhân khẩu thứ 3: ngày sinh");
        assert_eq!(field_label("health_stations_sanitation_ok").vi, "số trạm y tế có công trình vệ sinh đạt chuẩn");
    }
}
