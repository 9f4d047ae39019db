//! Validation of survey records: each rule fires on its own field, with the right severity,
//! and all problems come back at once.

use ansinh_core::domain::growth::Measured;
use ansinh_core::domain::person::Sex;
use ansinh_core::domain::survey::*;
use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn meta(n: u128) -> RecordMeta {
    RecordMeta::new(id(n), Utc.with_ymd_and_hms(2025, 10, 1, 3, 0, 0).unwrap())
}

fn everyone(mut m: Member) -> Member {
    m.health_insurance = Some(true);
    m.health_record = Some(true);
    m.primary_care = Some(PrimaryCare::UsedInsurancePaid);
    m.social_assistance = Some(false);
    m
}

fn adult(n: u128, name: &str, sex: Sex, dob: NaiveDate, relation: Relation) -> Member {
    let mut m = everyone(Member::new(id(n), name, sex, dob, relation));
    m.schooling =
        Some(Schooling { enrolment: Enrolment::NotEnrolled, highest_completed: EducationLevel::LowerSecondary });
    m.labour_status = Some(LabourStatus::Employed);
    m.qualification = Some(Qualification::VocationalCertificate);
    m.social_insurance = Some(SocialInsurance::Compulsory);
    m.unemployment_insurance = Some(true);
    m
}

/// A complete, valid household of six in Đắk Kôi, surveyed on 1 October 2025.
fn household() -> Household {
    let mut h = Household::new(meta(1), "dak-koi", "dak-koi-thon-3", d(2025, 10, 1));
    h.completeness = Completeness::Complete;
    h.ethnic_minority = Some(true);
    h.remote_village = Some(false);
    h.poverty = Some(PovertyStatus::NearPoor);
    h.disaster_affected = Some(false);
    h.meritorious_service = Some(false);
    h.income_per_person_vnd = Some(1_800_000);
    h.housing = Some(HousingType::SemiPermanent);
    h.floor_area_m2 = Some(64.5);
    h.water = Some(WaterSource::Piped);
    h.latrine = Some(Latrine::Hygienic);
    h.radio_tv = Some(true);
    h.deaths_last_12m = Some(0);

    let head = adult(10, "A Thuyên", Sex::Male, d(1985, 5, 10), Relation::Head);
    let mut wife = adult(11, "Y Hiên", Sex::Female, d(1990, 2, 1), Relation::Spouse);
    wife.social_insurance = Some(SocialInsurance::NotInsured);
    wife.unemployment_insurance = Some(false);
    wife.births_last_12m = Some(1);
    let mut baby = everyone(Member::new(id(12), "Y Blơng", Sex::Female, d(2025, 3, 15), Relation::Child));
    baby.height = Some(HeightMeasurement { height_cm: 63.0, measured: Measured::Lying, date: d(2025, 10, 1) });
    let mut boy = everyone(Member::new(id(13), "A Đeo", Sex::Male, d(2022, 6, 1), Relation::Child));
    boy.fully_vaccinated_before_1 = Some(true);
    boy.height = Some(HeightMeasurement { height_cm: 92.0, measured: Measured::Standing, date: d(2025, 9, 30) });
    let mut grandma = adult(14, "Y Thoa", Sex::Female, d(1955, 1, 1), Relation::Parent);
    grandma.labour_status = Some(LabourStatus::NotInLabourForce);
    grandma.qualification = Some(Qualification::NoQualification);
    grandma.social_insurance = Some(SocialInsurance::NotInsured);
    grandma.unemployment_insurance = Some(false);
    grandma.old_age_benefit = Some(OldAgeBenefit::SocialPension);
    grandma.lonely_elderly = Some(false);
    let mut pupil = everyone(Member::new(id(15), "A Nhâm", Sex::Male, d(2015, 9, 1), Relation::Child));
    pupil.schooling =
        Some(Schooling { enrolment: Enrolment::Grade(5), highest_completed: EducationLevel::BelowPrimary });
    h.members = vec![head, wife, baby, boy, grandma, pupil];
    h
}

fn has(problems: &[Problem], field: &str, severity: Severity) -> bool {
    problems.iter().any(|p| p.field == field && p.severity == severity)
}

#[track_caller]
fn assert_only(h: &Household, field: &str, severity: Severity) {
    let p = h.validate();
    assert!(has(&p, field, severity), "expected {severity:?} on {field}, got {p:#?}");
    assert_eq!(p.len(), 1, "expected exactly one problem, got {p:#?}");
}

#[test]
fn the_fixture_is_valid() {
    let h = household();
    assert_eq!(h.validate(), vec![]);
    assert!(h.can_complete());
    assert_eq!(h.head().unwrap().name, "A Thuyên");
}

#[test]
fn birth_after_the_survey_date_is_an_error() {
    let mut h = household();
    h.members[5].date_of_birth = Some(d(2025, 10, 2));
    assert_only(&h, "members[5].date_of_birth", Severity::Error);
    let p = &h.validate()[0];
    assert!(p.message.vi.contains("Ngày sinh sau ngày khảo sát"), "{}", p.message.vi);
    assert!(p.message.en.contains("Date of birth"));
}

#[test]
fn age_over_120_is_an_error() {
    let mut h = household();
    h.members[4].date_of_birth = Some(d(1900, 1, 1));
    assert_only(&h, "members[4].date_of_birth", Severity::Error);
    h.members[4].date_of_birth = Some(d(1905, 10, 1)); // exactly 120: allowed
    assert!(h.validate().is_empty());
}

#[test]
fn floor_area_income_and_deaths_must_be_possible() {
    for area in [0.0, -3.0, 5_000.0, f64::NAN] {
        let mut h = household();
        h.floor_area_m2 = Some(area);
        assert_only(&h, "floor_area_m2", Severity::Error);
    }
    let mut h = household();
    h.income_per_person_vnd = Some(-1);
    assert_only(&h, "income_per_person_vnd", Severity::Error);
    let mut h = household();
    h.deaths_last_12m = Some(-1);
    assert_only(&h, "deaths_last_12m", Severity::Error);
}

#[test]
fn implausible_height_for_age_is_an_error() {
    let mut h = household();
    h.members[3].height.as_mut().unwrap().height_cm = 150.0;
    assert_only(&h, "members[3].height", Severity::Error);
    assert!(h.validate()[0].message.vi.contains("cần đo lại"));
    let mut h = household();
    h.members[2].height.as_mut().unwrap().height_cm = 35.0;
    assert_only(&h, "members[2].height", Severity::Error);
}

#[test]
fn measurement_dates_must_lie_between_birth_and_survey() {
    let mut h = household();
    h.members[3].height.as_mut().unwrap().date = d(2025, 10, 5);
    assert_only(&h, "members[3].height", Severity::Error);
    let mut h = household();
    h.members[2].height.as_mut().unwrap().date = d(2025, 3, 1);
    assert_only(&h, "members[2].height", Severity::Error);
    // A child over five has no WHO row: measuring one is an error, not a z-score.
    let mut h = household();
    h.members[5].height =
        Some(HeightMeasurement { height_cm: 130.0, measured: Measured::Standing, date: d(2025, 10, 1) });
    assert_only(&h, "members[5].height", Severity::Error);
}

#[test]
fn members_need_exactly_one_head() {
    let mut h = household();
    h.members.clear();
    assert_only(&h, "members", Severity::Missing);
    let mut h = household();
    h.members[0].relation = Some(Relation::Spouse);
    assert_only(&h, "members", Severity::Missing);
    assert!(h.head().is_none());
    let mut h = household();
    h.members[4].relation = Some(Relation::Head);
    assert_only(&h, "members", Severity::Error);
    assert!(h.head().is_none());
}

#[test]
fn births_only_for_women_15_to_49() {
    let mut h = household();
    h.members[0].births_last_12m = Some(0);
    assert_only(&h, "members[0].births_last_12m", Severity::Error);
    let mut h = household();
    h.members[4].births_last_12m = Some(0);
    assert_only(&h, "members[4].births_last_12m", Severity::Error);
    let mut h = household();
    h.members[1].births_last_12m = None;
    assert_only(&h, "members[1].births_last_12m", Severity::Missing);
    for bad in [-1, 4] {
        let mut h = household();
        h.members[1].births_last_12m = Some(bad);
        assert_only(&h, "members[1].births_last_12m", Severity::Error);
    }
}

#[test]
fn village_must_belong_to_the_commune() {
    let mut h = household();
    h.village_id = "tan-lap-thon-3".into();
    assert_only(&h, "village_id", Severity::Error);
    // A bare prefix without the separator is not a village of the commune either.
    h.village_id = "dak-koithon-3".into();
    assert_only(&h, "village_id", Severity::Error);
    h.village_id = String::new();
    assert_only(&h, "village_id", Severity::Missing);
}

#[test]
fn survey_year_and_dates_are_checked() {
    let mut h = household();
    h.survey_date = d(2010, 10, 1);
    h.meta.updated_at = Utc.with_ymd_and_hms(2010, 10, 1, 3, 0, 0).unwrap();
    h.meta.created_at = h.meta.updated_at;
    // Every member and measurement shifts too far; the year problem must be among them.
    assert!(has(&h.validate(), "survey_date", Severity::Error));
    let mut h = household();
    h.survey_date = d(2025, 10, 3);
    assert_only(&h, "survey_date", Severity::Error);
    let mut h = household();
    h.survey_date = d(2025, 10, 2); // one day ahead of UTC: Vietnam's morning, allowed
    assert!(h.validate().is_empty());
    let mut h = household();
    h.meta.updated_at = Utc.with_ymd_and_hms(2025, 9, 30, 3, 0, 0).unwrap();
    assert!(has(&h.validate(), "meta.updated_at", Severity::Error));
}

#[test]
fn questions_that_do_not_apply_are_errors() {
    let mut h = household();
    h.members[5].labour_status = Some(LabourStatus::Employed);
    assert_only(&h, "members[5].labour_status", Severity::Error);
    let mut h = household();
    h.members[3].schooling =
        Some(Schooling { enrolment: Enrolment::Preschool, highest_completed: EducationLevel::BelowPrimary });
    assert_only(&h, "members[3].schooling", Severity::Error);
    let mut h = household();
    h.members[5].fully_vaccinated_before_1 = Some(true);
    assert_only(&h, "members[5].fully_vaccinated_before_1", Severity::Error);
    let mut h = household();
    h.members[0].lonely_elderly = Some(true);
    assert_only(&h, "members[0].lonely_elderly", Severity::Error);
}

#[test]
fn answers_must_agree_with_each_other() {
    let mut h = household();
    h.members[1].unemployment_insurance = Some(true);
    assert_only(&h, "members[1].unemployment_insurance", Severity::Error);
    let mut h = household();
    h.members[5].schooling.as_mut().unwrap().enrolment = Enrolment::Grade(13);
    assert_only(&h, "members[5].schooling", Severity::Error);
    let mut h = household();
    h.members[5].id = h.members[0].id;
    assert_only(&h, "members[5].id", Severity::Error);
}

#[test]
fn required_answers_by_age() {
    type Clear = fn(&mut Member);
    let cases: [(usize, Clear, &str); 7] = [
        (0, |m| m.labour_status = None, "labour_status"),
        (0, |m| m.health_insurance = None, "health_insurance"),
        (4, |m| m.old_age_benefit = None, "old_age_benefit"),
        (4, |m| m.lonely_elderly = None, "lonely_elderly"),
        (5, |m| m.schooling = None, "schooling"),
        (2, |m| m.height = None, "height"),
        (2, |m| m.name = "  ".into(), "name"),
    ];
    for (i, clear, field) in cases {
        let mut h = household();
        clear(&mut h.members[i]);
        assert_only(&h, &format!("members[{i}].{field}"), Severity::Missing);
    }
    // A baby under 12 months is not asked about vaccination yet.
    let h = household();
    assert!(h.members[2].fully_vaccinated_before_1.is_none() && h.validate().is_empty());
    // Vaccination is required at 12–23 months (indicator 24) and only welcome at 24–59: the
    // boy of 3 years 4 months may leave it unanswered.
    let mut h = household();
    h.members[3].fully_vaccinated_before_1 = None;
    assert!(h.validate().is_empty(), "{:#?}", h.validate());
    h.members[3].date_of_birth = Some(d(2024, 4, 1)); // 18 months on 1 October 2025
    h.members[3].height.as_mut().unwrap().height_cm = 81.0;
    h.members[3].height.as_mut().unwrap().measured = Measured::Lying;
    assert_only(&h, "members[3].fully_vaccinated_before_1", Severity::Missing);
}

#[test]
fn drafts_may_miss_answers_but_complete_records_may_not() {
    let mut h = household();
    h.latrine = None;
    h.members[0].qualification = None;
    let problems = h.validate();
    assert_eq!(problems.len(), 2);
    assert!(problems.iter().all(|p| p.severity == Severity::Missing));
    assert_eq!(h.blocking_problems().len(), 2, "complete: missing answers block");
    assert!(!h.can_complete());
    h.completeness = Completeness::Draft;
    assert!(h.blocking_problems().is_empty(), "a draft may be incomplete");
    h.income_per_person_vnd = Some(-5);
    let blocking = h.blocking_problems();
    assert_eq!(blocking.len(), 1, "errors block even a draft");
    assert_eq!(blocking[0].field, "income_per_person_vnd");
}

#[test]
fn an_empty_draft_is_only_missing_answers() {
    let h = Household::new(meta(2), "dak-rve", "dak-rve-tdp-1", d(2025, 10, 1));
    assert_eq!(h.completeness, Completeness::Draft);
    let p = h.validate();
    assert_eq!(p.len(), 13, "12 household questions and the member list: {p:#?}");
    assert!(p.iter().all(|p| p.severity == Severity::Missing));
    assert!(h.blocking_problems().is_empty());
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut h = household();
    h.floor_area_m2 = Some(0.0);
    h.income_per_person_vnd = Some(-1);
    h.members[0].births_last_12m = Some(1);
    h.members[3].height.as_mut().unwrap().height_cm = 200.0;
    h.members[5].date_of_birth = Some(d(2030, 1, 1));
    h.radio_tv = None;
    let p = h.validate();
    for (field, sev) in [
        ("floor_area_m2", Severity::Error),
        ("income_per_person_vnd", Severity::Error),
        ("members[0].births_last_12m", Severity::Error),
        ("members[3].height", Severity::Error),
        ("members[5].date_of_birth", Severity::Error),
        ("radio_tv", Severity::Missing),
    ] {
        assert!(has(&p, field, sev), "{field} missing from {p:#?}");
    }
    assert_eq!(p.len(), 6);
}

fn figures() -> EnteredFigures {
    let mut f = EnteredFigures::new(meta(3), "kon-ray", 2025);
    f.hospital_beds = Some(110);
    f.doctors = Some(34);
    f.health_stations_total = Some(7);
    f.health_stations_sanitation_ok = Some(5);
    f.schools_total = Some(40);
    f.schools_sanitation_ok = Some(38);
    f.rural_points_total = Some(42);
    f.rural_points_wastewater_collected = Some(3);
    f.life_expectancy_years = Some(68.4);
    f.wastewater_treated_percent = Some(3.5);
    f.aids = Some(Assessment { status: DiseaseStatus::InProgress, note: None });
    f.expected_households.insert("dak-koi-thon-1".into(), 160);
    f
}

#[test]
fn entered_figures_validation() {
    assert_eq!(figures().validate(), vec![]);
    assert!(EnteredFigures::new(meta(4), "dak-pne", 2030).validate().is_empty(), "nothing entered is fine");

    let only = |f: EnteredFigures, field: &str, sev: Severity| {
        let p = f.validate();
        assert!(has(&p, field, sev) && p.len() == 1, "{field}: {p:#?}");
    };
    let mut f = figures();
    f.doctors = Some(-2);
    only(f, "doctors", Severity::Error);
    let mut f = figures();
    f.year = 2200;
    only(f, "year", Severity::Error);
    let mut f = figures();
    f.year = 2014;
    only(f, "year", Severity::Error);
    let mut f = figures();
    f.health_stations_sanitation_ok = Some(8);
    only(f, "health_stations_sanitation_ok", Severity::Error);
    let mut f = figures();
    f.schools_total = None;
    only(f, "schools_total", Severity::Missing);
    let mut f = figures();
    f.life_expectancy_years = Some(170.0);
    only(f, "life_expectancy_years", Severity::Error);
    let mut f = figures();
    f.wastewater_treated_percent = Some(120.0);
    only(f, "wastewater_treated_percent", Severity::Error);
    let mut f = figures();
    f.expected_households.insert("dak-koi-thon-2".into(), -4);
    only(f, "expected_households[dak-koi-thon-2]", Severity::Error);
    let mut f = figures();
    f.org_unit_id = " ".into();
    only(f, "org_unit_id", Severity::Missing);

    let mut f = figures();
    f.nurses = Some(-1);
    f.year = 1999;
    f.rural_points_wastewater_collected = Some(50);
    assert_eq!(f.validate().len(), 3, "all at once");
}
