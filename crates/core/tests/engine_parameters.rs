//! The engine takes every assumption from the plan data: changing a parameter in a (cloned)
//! plan changes the result accordingly, and parameters the questionnaire cannot answer are
//! rejected with a typed error instead of being silently ignored.

use ansinh_core::domain::growth::Measured;
use ansinh_core::domain::person::Sex;
use ansinh_core::domain::plan::{Computation, IncomeStatistic, Plan, ReferenceArea, Target};
use ansinh_core::domain::survey::{
    Dataset, EducationLevel, Enrolment, HeightMeasurement, Household, LabourStatus, Member, RecordMeta, Relation,
    Schooling, SocialInsurance,
};
use ansinh_core::engine::{evaluate, EngineError, Status};
use chrono::{Days, Months, NaiveDate};
use uuid::Uuid;

mod plan_support;
use plan_support::relaxed_plan;

fn survey() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn household(n: u128, members: Vec<Member>) -> Household {
    let mut h = Household::new(
        RecordMeta::new(id(n), survey().and_hms_opt(3, 0, 0).unwrap().and_utc()),
        "dak-koi",
        "dak-koi-thon-1",
        survey(),
    );
    h.members = members;
    h
}

fn member(n: u128, sex: Sex, months: u32) -> Member {
    Member::new(id(n), "Người thử", sex, survey().checked_sub_months(Months::new(months)).unwrap(), Relation::Child)
}

fn with_computation(id: &str, f: impl FnOnce(&mut Computation)) -> Plan {
    let mut plan = relaxed_plan().clone();
    let ind = plan.indicators.iter_mut().find(|i| i.id == id).unwrap();
    f(&mut ind.computation);
    plan
}

fn value(plan: &Plan, ds: &Dataset, ind: &str) -> Option<f64> {
    evaluate(plan, ds, 2025).unwrap().result(ind, "dak-koi").unwrap().value
}

#[test]
fn the_youth_age_band_of_13_comes_from_the_plan() {
    // 18 with upper secondary, 22 without. Band 18–21: 1/1 = 100 %; band 18–22: 1/2 = 50 %.
    let school = |n, years: u32, level| {
        let mut m = member(n, Sex::Male, years * 12);
        m.schooling = Some(Schooling { enrolment: Enrolment::NotEnrolled, highest_completed: level });
        m
    };
    let ds = Dataset {
        households: vec![household(
            1,
            vec![school(2, 18, EducationLevel::UpperSecondary), school(3, 22, EducationLevel::LowerSecondary)],
        )],
        figures: vec![],
    };
    assert_eq!(value(relaxed_plan(), &ds, "13"), Some(100.0));
    let wider = with_computation("13", |c| {
        if let Computation::AttainmentInAgeBand { max_age_years, .. } = c {
            *max_age_years = 22;
        }
    });
    assert_eq!(value(&wider, &ds, "13"), Some(50.0));
}

#[test]
fn the_reference_statistic_of_1_comes_from_the_plan() {
    // Incomes 1, 2, 9 (M VND), the 2 M household meritorious: median 2 → met (≥, inclusive);
    // mean 4 → not; median but not inclusive → not.
    let hh = |n, merit, vnd| {
        let mut h = household(n, vec![member(n + 100, Sex::Male, 480)]);
        h.meritorious_service = Some(merit);
        h.income_per_person_vnd = Some(vnd);
        h
    };
    let ds = Dataset {
        households: vec![hh(1, false, 1_000_000), hh(2, true, 2_000_000), hh(3, false, 9_000_000)],
        figures: vec![],
    };
    assert_eq!(value(relaxed_plan(), &ds, "1"), Some(100.0));
    let mean = with_computation("1", |c| {
        if let Computation::MeritoriousHouseholdsLivingStandard { statistic, .. } = c {
            *statistic = IncomeStatistic::Mean;
        }
    });
    assert_eq!(value(&mean, &ds, "1"), Some(0.0));
    let strict = with_computation("1", |c| {
        if let Computation::MeritoriousHouseholdsLivingStandard { inclusive, .. } = c {
            *inclusive = false;
        }
    });
    assert_eq!(value(&strict, &ds, "1"), Some(0.0));
    let district = with_computation("1", |c| {
        if let Computation::MeritoriousHouseholdsLivingStandard { reference_area, .. } = c {
            *reference_area = ReferenceArea::District;
        }
    });
    assert_eq!(value(&district, &ds, "1"), Some(100.0));
}

#[test]
fn stunting_cutoff_and_correction_come_from_the_plan() {
    // A boy of 731 days measured standing at 81.0 cm: z = −2.006 with the plan's parameters
    // (stunted). Cut-off −2.1 → not stunted. Standing expected only from 800 days → +0.7 cm →
    // 81.7 cm on the 731-day row: z = −1.777 → not stunted.
    let mut boy = Member::new(id(2), "Bé", Sex::Male, survey() - Days::new(731), Relation::Child);
    boy.height = Some(HeightMeasurement { height_cm: 81.0, measured: Measured::Standing, date: survey() });
    let ds = Dataset { households: vec![household(1, vec![boy])], figures: vec![] };
    assert_eq!(value(relaxed_plan(), &ds, "25"), Some(100.0));
    let cutoff = with_computation("25", |c| {
        if let Computation::Stunting(m) = c {
            m.z_cutoff = -2.1;
        }
    });
    assert_eq!(value(&cutoff, &ds, "25"), Some(0.0));
    let later = with_computation("25", |c| {
        if let Computation::Stunting(m) = c {
            m.standing_from_age_days = 800;
        }
    });
    assert_eq!(value(&later, &ds, "25"), Some(0.0));
}

#[test]
fn the_retirement_schedule_comes_from_the_plan() {
    // A man of 61y (732 months), employed with social insurance: of working age under the
    // embedded schedule (61y3m in 2025) → #5 = 100 %; with a base age of 60y flat he is past
    // working age → no one left → no data.
    let mut m = member(2, Sex::Male, 732);
    m.labour_status = Some(LabourStatus::Employed);
    m.social_insurance = Some(SocialInsurance::Compulsory);
    let ds = Dataset { households: vec![household(1, vec![m])], figures: vec![] };
    assert_eq!(value(relaxed_plan(), &ds, "5"), Some(100.0));
    let mut plan = relaxed_plan().clone();
    plan.params.retirement.male.base_months = 720;
    plan.params.retirement.male.step_months = 0;
    plan.params.retirement.male.cap_months = 720;
    let e = evaluate(&plan, &ds, 2025).unwrap();
    assert_eq!(e.result("5", "dak-koi").unwrap().status, Status::NoData);
}

#[test]
fn the_target_comes_from_the_plan() {
    // Same 100 % value: met at ≥ 100, not met when the target is "below 50".
    let mut m = member(2, Sex::Male, 400);
    m.health_insurance = Some(true);
    let ds = Dataset { households: vec![household(1, vec![m])], figures: vec![] };
    let mut plan = relaxed_plan().clone();
    plan.indicators.iter_mut().find(|i| i.id == "8").unwrap().target = Target::Below { value: 50.0 };
    assert_eq!(evaluate(relaxed_plan(), &ds, 2025).unwrap().result("8", "dak-koi").unwrap().status, Status::Met);
    assert_eq!(evaluate(&plan, &ds, 2025).unwrap().result("8", "dak-koi").unwrap().status, Status::NotMet);
}

#[test]
fn parameters_the_survey_cannot_answer_are_rejected() {
    let six = with_computation("16", |c| {
        if let Computation::NaturalIncreaseRate { window_months } = c {
            *window_months = 6;
        }
    });
    match evaluate(&six, &Dataset::default(), 2025) {
        Err(EngineError::Unsupported { indicator, field, .. }) => {
            assert_eq!((indicator.as_str(), field), ("16", "window_months"))
        }
        other => panic!("expected an unsupported-parameter error, got {other:?}"),
    }
    let table = with_computation("25", |c| {
        if let Computation::Stunting(m) = c {
            m.reference_table = "cdc2000".into();
        }
    });
    assert!(matches!(
        evaluate(&table, &Dataset::default(), 2025),
        Err(EngineError::Unsupported { field: "reference_table", .. })
    ));
    // An entered indicator whose id has no form field cannot be evaluated.
    let mut renamed = relaxed_plan().clone();
    renamed.indicators.iter_mut().find(|i| i.id == "17").unwrap().id = "17x".into();
    assert!(matches!(
        evaluate(&renamed, &Dataset::default(), 2025),
        Err(EngineError::Unsupported { field: "method", .. })
    ));
}
