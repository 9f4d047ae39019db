//! The JSON form of records: compact (no nulls), readable words for enums, lossless.

use ansinh_core::domain::growth::Measured;
use ansinh_core::domain::person::Sex;
use ansinh_core::domain::survey::*;
use ansinh_core::i18n::Lang;
use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

fn sample() -> Dataset {
    let at = Utc.with_ymd_and_hms(2025, 10, 1, 3, 0, 0).unwrap();
    let mut h = Household::new(
        RecordMeta::new(Uuid::from_u128(1), at),
        "dak-rve",
        "dak-rve-tdp-2",
        NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
    );
    h.poverty = Some(PovertyStatus::NearPoor);
    h.latrine = Some(Latrine::NoLatrine);
    let mut m = Member::new(
        Uuid::from_u128(2),
        "Nguyễn Văn Hùng",
        Sex::Male,
        NaiveDate::from_ymd_opt(2024, 1, 2).unwrap(),
        Relation::Head,
    );
    m.height = Some(HeightMeasurement {
        height_cm: 80.5,
        measured: Measured::Lying,
        date: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
    });
    m.schooling = Some(Schooling { enrolment: Enrolment::Grade(3), highest_completed: EducationLevel::BelowPrimary });
    h.members.push(m);
    let mut f = EnteredFigures::new(RecordMeta::new(Uuid::from_u128(3), at), "kon-ray", 2025);
    f.malaria = Some(Assessment { status: DiseaseStatus::Achieved, note: None });
    Dataset { households: vec![h], figures: vec![f] }
}

#[test]
fn json_skips_absent_answers_and_uses_words() {
    let json = serde_json::to_string(&sample()).unwrap();
    assert!(!json.contains("null"), "{json}");
    assert!(!json.contains("ethnic_minority"), "unanswered questions are left out: {json}");
    for needle in [
        r#""poverty":"near_poor""#,
        r#""latrine":"none""#,
        r#""completeness":"draft""#,
        r#""measured":"lying""#,
        r#""enrolment":{"grade":3}"#,
        r#""highest_completed":"none""#,
        r#""sex":"male""#,
        r#""date_of_birth":"2024-01-02""#,
        r#""malaria":{"status":"achieved"}"#,
        r#""id":"00000000-0000-0000-0000-000000000001""#,
    ] {
        assert!(json.contains(needle), "{needle} not in {json}");
    }
    assert!(!json.contains("expected_households"), "empty maps are left out");
}

#[test]
fn json_round_trips_and_tolerates_missing_sections() {
    let d = sample();
    let back: Dataset = serde_json::from_str(&serde_json::to_string_pretty(&d).unwrap()).unwrap();
    assert_eq!(back, d);
    let empty: Dataset = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, Dataset::default());
    let only_figures: Dataset = serde_json::from_str(r#"{"figures":[]}"#).unwrap();
    assert!(only_figures.households.is_empty());
}

#[test]
fn unknown_enum_words_are_rejected() {
    let json = serde_json::to_string(&sample()).unwrap().replace("near_poor", "rich");
    assert!(serde_json::from_str::<Dataset>(&json).is_err());
}

#[test]
fn enums_have_vietnamese_labels() {
    assert_eq!(PovertyStatus::Poor.label().get(Lang::Vi), "Hộ nghèo");
    assert_eq!(HousingType::Dilapidated.label().get(Lang::Vi), "Nhà dột nát");
    assert_eq!(Latrine::Hygienic.label().get(Lang::Vi), "Nhà tiêu hợp vệ sinh");
    assert_eq!(Enrolment::Grade(4).label().get(Lang::Vi), "Lớp 4");
    assert_eq!(Severity::Missing.label().get(Lang::En), "Missing");
    assert!(WaterSource::Piped.is_clean() && WaterSource::Treated.is_clean());
    assert!(!WaterSource::ProtectedWell.is_clean() && !WaterSource::Unprotected.is_clean());
    assert!(Latrine::Unhygienic.has_facility() && !Latrine::NoLatrine.has_facility());
    assert!(Enrolment::Grade(1).in_grade_one_or_above() && !Enrolment::Preschool.in_grade_one_or_above());
}

#[test]
fn the_documented_example_parses_and_is_valid() {
    let doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/dataset-format.md"));
    let start = doc.find("```json\n").expect("the doc has a JSON example") + "```json\n".len();
    let end = start + doc[start..].find("```").expect("the example is closed");
    let d: Dataset = serde_json::from_str(&doc[start..end]).expect("the example parses");
    assert_eq!(d.households.len(), 1);
    assert_eq!(d.figures.len(), 1);
    assert_eq!(d.households[0].validate(), vec![]);
    assert_eq!(d.figures[0].validate(), vec![]);
    assert_eq!(d.households[0].members[1].births_last_12m, Some(1));
}
