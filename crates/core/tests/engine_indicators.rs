//! Every indicator of the embedded plan on a small hand-built dataset, with the numerator,
//! denominator, value and status computed by hand (arithmetic in the comments), plus the edge
//! cases: empty denominators, retirement boundaries, the WHO position correction at 730/731
//! days, implausible z-scores, urban/rural splits, trajectories and unknown villages.

use ansinh_core::domain::growth::Measured;
use ansinh_core::domain::person::Sex;
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{
    Assessment, Dataset, DiseaseStatus, EducationLevel, Enrolment, EnteredFigures, HeightMeasurement, Household,
    HousingType, LabourStatus, Latrine, Member, OldAgeBenefit, PovertyStatus, PrimaryCare, Qualification, RecordMeta,
    Relation, Schooling, SocialInsurance, WaterSource,
};
use ansinh_core::engine::{evaluate, years_with_data, Evaluation, ExclusionReason, IndicatorResult, Status};
use ansinh_core::i18n::Lang;
use chrono::{Days, Months, NaiveDate};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

const SURVEY: (i32, u32, u32) = (2025, 10, 1);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn survey() -> NaiveDate {
    d(SURVEY.0, SURVEY.1, SURVEY.2)
}

fn next_id() -> Uuid {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    Uuid::from_u128(u128::from(N.fetch_add(1, Ordering::Relaxed)))
}

fn meta(on: NaiveDate) -> RecordMeta {
    RecordMeta::new(next_id(), on.and_hms_opt(3, 0, 0).unwrap().and_utc())
}

fn commune_of(village: &str) -> String {
    let cut = village.find("-thon-").or_else(|| village.find("-tdp-")).unwrap_or(village.len());
    village[..cut].to_owned()
}

/// A household in `village` surveyed on `date`, members added by the caller.
fn hh_on(village: &str, date: NaiveDate) -> Household {
    Household::new(meta(date), commune_of(village), village, date)
}

fn hh(village: &str) -> Household {
    hh_on(village, survey())
}

/// Date of birth giving exactly `years` y `months` m completed at `at`.
fn born(at: NaiveDate, years: u32, months: u32) -> NaiveDate {
    at.checked_sub_months(Months::new(years * 12 + months)).unwrap()
}

fn person(sex: Sex, years: u32, months: u32) -> Member {
    Member::new(next_id(), "Người thử", sex, born(survey(), years, months), Relation::Child)
}

fn man(years: u32) -> Member {
    person(Sex::Male, years, 0)
}

fn woman(years: u32) -> Member {
    person(Sex::Female, years, 0)
}

fn labour(mut m: Member, s: LabourStatus) -> Member {
    m.labour_status = Some(s);
    m
}

fn with(mut h: Household, members: Vec<Member>) -> Household {
    h.members = members;
    h
}

fn figures(org: &str, year: i32) -> EnteredFigures {
    EnteredFigures::new(meta(d(year, 12, 1)), org, year)
}

fn data(households: Vec<Household>, figures: Vec<EnteredFigures>) -> Dataset {
    Dataset { households, figures }
}

mod plan_support;
use plan_support::relaxed_plan as formula_plan;

fn eval(ds: &Dataset) -> Evaluation {
    evaluate(formula_plan(), ds, SURVEY.0).expect("embedded plan is supported")
}

fn get<'a>(e: &'a Evaluation, ind: &str, org: &str) -> &'a IndicatorResult {
    e.result(ind, org).unwrap_or_else(|| panic!("no result {ind} / {org}"))
}

/// Numerator, denominator, value (to 1e-9) and status.
#[track_caller]
fn check(e: &Evaluation, ind: &str, org: &str, num: f64, den: f64, value: Option<f64>, status: Status) {
    let r = get(e, ind, org);
    assert_eq!(r.numerator, Some(num), "{ind}/{org} numerator");
    assert_eq!(r.denominator, Some(den), "{ind}/{org} denominator");
    match (r.value, value) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{ind}/{org} value {a} != {b}"),
        (a, b) => assert_eq!(a, b, "{ind}/{org} value"),
    }
    assert_eq!(r.status, status, "{ind}/{org} status");
}

#[track_caller]
fn check_value(e: &Evaluation, ind: &str, org: &str, value: Option<f64>, status: Status) {
    let r = get(e, ind, org);
    match (r.value, value) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{ind}/{org} value {a} != {b}"),
        (a, b) => assert_eq!(a, b, "{ind}/{org} value"),
    }
    assert_eq!(r.status, status, "{ind}/{org} status");
}

fn reasons(r: &IndicatorResult) -> Vec<ExclusionReason> {
    r.excluded.iter().map(|e| e.reason.clone()).collect()
}

fn missing(field: &str) -> ExclusionReason {
    ExclusionReason::MissingAnswer { field: field.into() }
}

const K1: &str = "dak-koi-thon-1";
const K2: &str = "dak-koi-thon-2";
const T1: &str = "tan-lap-thon-1";
const R1: &str = "dak-rve-tdp-1";
const DISTRICT: &str = "kon-ray";
const COMMUNES: [&str; 7] = ["dak-rve", "dak-koi", "dak-pne", "dak-ruong", "dak-to-lung", "dak-to-re", "tan-lap"];

// ---------------------------------------------------------------------------------------------
// Survey indicators
// ---------------------------------------------------------------------------------------------

fn income(village: &str, merit: bool, vnd: i64) -> Household {
    let mut h = with(hh(village), vec![man(40)]);
    h.meritorious_service = Some(merit);
    h.income_per_person_vnd = Some(vnd);
    h
}

#[test]
fn i01_meritorious_households_against_the_commune_median() {
    // Đắk Kôi incomes (M VND): 1.0 (merit, thôn 1), 2.0 (thôn 1), 3.0 (merit), 4.0, 2.5 (merit)
    // (thôn 2): commune median of [1, 2, 2.5, 3, 4] = 2.5. Merit households: 1.0 < 2.5 no,
    // 3.0 yes, 2.5 = median yes (inclusive) → 2/3 = 66.67 %, target ≥ 100 → not met.
    // Thôn 2 is judged by the *commune* median: 3.0 and 2.5 ≥ 2.5 → 2/2 = 100 % met (its own
    // median, 3.0, would fail the 2.5 household). Tân Lập: one merit household, median = its
    // own income → 1/1. District: 3/4 = 75 % (a district median of 2.75 would give 2/4).
    let mut missing_merit = with(hh(K1), vec![man(30)]);
    missing_merit.income_per_person_vnd = Some(9_000_000);
    let ds = data(
        vec![
            income(K1, true, 1_000_000),
            income(K1, false, 2_000_000),
            income(K2, true, 3_000_000),
            income(K2, false, 4_000_000),
            income(K2, true, 2_500_000),
            income(T1, true, 100_000_000),
        ],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "1", "dak-koi", 2.0, 3.0, Some(200.0 / 3.0), Status::NotMet);
    check(&e, "1", K1, 0.0, 1.0, Some(0.0), Status::NotMet);
    check(&e, "1", K2, 2.0, 2.0, Some(100.0), Status::Met);
    check(&e, "1", "tan-lap", 1.0, 1.0, Some(100.0), Status::Met);
    check(&e, "1", DISTRICT, 3.0, 4.0, Some(75.0), Status::NotMet);
    check_value(&e, "1", "dak-pne", None, Status::NoData);

    // A household without the meritorious answer is excluded and listed; its income still
    // enters the median (median of [1, 2, 2.5, 3, 4, 9] = 2.75 → the 2.5 household now fails).
    let mut ds = ds;
    ds.households.push(missing_merit);
    let e = eval(&ds);
    check(&e, "1", "dak-koi", 1.0, 3.0, Some(100.0 / 3.0), Status::NotMet);
    assert_eq!(reasons(get(&e, "1", "dak-koi")), vec![missing("meritorious_service")]);
}

#[test]
fn i02_unemployment_rate_counts_the_labour_force_from_15() {
    // 15+: employed, unemployed, not in LF, employed → LF 3, unemployed 1 → 33.33 % (< 5 not met).
    // (A 14-year-old marked unemployed is a validation error now, which leaves the whole
    // household out: see `engine_sufficiency.rs`.) A 30-year-old without an answer is excluded.
    let ds = data(
        vec![with(
            hh(K1),
            vec![
                labour(man(40), LabourStatus::Employed),
                labour(woman(22), LabourStatus::Unemployed),
                labour(woman(70), LabourStatus::NotInLabourForce),
                labour(man(15), LabourStatus::Employed),
                man(30),
            ],
        )],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "2", K1, 1.0, 3.0, Some(100.0 / 3.0), Status::NotMet);
    check(&e, "2", "dak-koi", 1.0, 3.0, Some(100.0 / 3.0), Status::NotMet);
    check(&e, "2", DISTRICT, 1.0, 3.0, Some(100.0 / 3.0), Status::NotMet);
    assert_eq!(reasons(get(&e, "2", K1)), vec![missing("labour_status")]);
    assert_eq!(get(&e, "2", K1).records_used, 3);
}

#[test]
fn i03_urban_unemployment_uses_town_households_only() {
    // Đắk Rve (urban): 3 households × 20 persons = 60 in the LF, 1 unemployed → 1.667 %, within
    // [1.5, 2] → met. Đắk Kôi (rural): 1 unemployed of 2. #3 for Đắk Kôi has no urban household
    // → no data; for the district it is 1/60 (rural excluded), while #2 is 2/62 = 3.226 %.
    let mut town = Vec::new();
    for i in 0..3 {
        let mut ms: Vec<Member> = (0..20).map(|_| labour(man(30), LabourStatus::Employed)).collect();
        if i == 0 {
            ms[0].labour_status = Some(LabourStatus::Unemployed);
        }
        town.push(with(hh(R1), ms));
    }
    town.push(with(hh(K1), vec![labour(man(30), LabourStatus::Unemployed), labour(man(31), LabourStatus::Employed)]));
    let e = eval(&data(town, vec![]));
    check(&e, "3", "dak-rve", 1.0, 60.0, Some(100.0 / 60.0), Status::Met);
    check(&e, "3", R1, 1.0, 60.0, Some(100.0 / 60.0), Status::Met);
    check(&e, "3", DISTRICT, 1.0, 60.0, Some(100.0 / 60.0), Status::Met);
    check(&e, "3", "dak-koi", 0.0, 0.0, None, Status::NoData);
    check(&e, "2", DISTRICT, 2.0, 62.0, Some(200.0 / 62.0), Status::Met);
}

fn qualified(m: Member, s: LabourStatus, q: Option<Qualification>) -> Member {
    let mut m = labour(m, s);
    m.qualification = q;
    m
}

#[test]
fn i04_trained_labour_share() {
    // LF: certificate (employed), none (unemployed), university (employed) → 2/3 = 66.67 % ≥ 50
    // met. Not in LF with a college degree: skipped. Employed without the answer: excluded.
    let ds = data(
        vec![with(
            hh(T1),
            vec![
                qualified(man(25), LabourStatus::Employed, Some(Qualification::VocationalCertificate)),
                qualified(man(26), LabourStatus::Unemployed, Some(Qualification::NoQualification)),
                qualified(woman(35), LabourStatus::Employed, Some(Qualification::University)),
                qualified(woman(20), LabourStatus::NotInLabourForce, Some(Qualification::College)),
                qualified(woman(45), LabourStatus::Employed, None),
            ],
        )],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "4", "tan-lap", 2.0, 3.0, Some(200.0 / 3.0), Status::Met);
    assert_eq!(reasons(get(&e, "4", "tan-lap")), vec![missing("qualification")]);
}

fn insured(m: Member, s: LabourStatus, si: SocialInsurance) -> Member {
    let mut m = labour(m, s);
    m.social_insurance = Some(si);
    m
}

/// Members around the 2025 retirement ages: men 61y3m (735 months), women 56y8m (680 months).
fn retirement_boundary_members() -> Vec<Member> {
    vec![
        insured(person(Sex::Male, 61, 2), LabourStatus::Employed, SocialInsurance::Compulsory),
        insured(person(Sex::Male, 61, 3), LabourStatus::Employed, SocialInsurance::Voluntary),
        insured(person(Sex::Female, 56, 7), LabourStatus::Employed, SocialInsurance::NotInsured),
        insured(person(Sex::Female, 56, 8), LabourStatus::Employed, SocialInsurance::Compulsory),
        insured(man(30), LabourStatus::NotInLabourForce, SocialInsurance::Compulsory),
        insured(woman(30), LabourStatus::Unemployed, SocialInsurance::Voluntary),
    ]
}

#[test]
fn i05_working_age_labour_with_social_insurance_and_the_retirement_boundary() {
    // 2025: man 61y2m (working age, compulsory) → num; man 61y3m (past working age) skipped;
    // woman 56y7m (working age, none) → den; woman 56y8m skipped; 14y11m skipped; 30 not in LF
    // skipped; woman 30 unemployed voluntary → num. 2/3 = 66.67 % ≥ 40 → met.
    let ds = data(vec![with(hh(K2), retirement_boundary_members())], vec![]);
    let e = eval(&ds);
    check(&e, "5", K2, 2.0, 3.0, Some(200.0 / 3.0), Status::Met);

    // The same people surveyed on 1 October 2028: men retire at 62y (744 months), women at
    // 57y8m (692): both boundary men and both boundary women are now of working age. Ages are
    // shifted by the 3 years so the completed ages stay as above. Working-age LF: 61y2m
    // (compulsory), 61y3m (voluntary), 56y7m (none), 56y8m (compulsory), 30 unemployed
    // (voluntary) → 4/5 = 80 %.
    let later = d(2028, 10, 1);
    let mut h = hh_on(K2, later);
    h.members = retirement_boundary_members()
        .into_iter()
        .map(|mut m| {
            m.date_of_birth = m.date_of_birth.and_then(|d| d.checked_add_months(Months::new(36)));
            m
        })
        .collect();
    let e = evaluate(formula_plan(), &data(vec![h], vec![]), 2028).unwrap();
    check(&e, "5", K2, 4.0, 5.0, Some(80.0), Status::Met);
}

#[test]
fn i06_working_age_labour_with_unemployment_insurance() {
    // Working-age LF: yes, no, no → 1/3 = 33.33 % < 34 → not met; one without the answer
    // excluded. A 65-year-old man (past 61y3m) with insurance is skipped.
    let ui = |m: Member, v: Option<bool>| {
        let mut m = labour(m, LabourStatus::Employed);
        m.unemployment_insurance = v;
        m
    };
    let ds = data(
        vec![with(
            hh(K1),
            vec![
                ui(man(30), Some(true)),
                ui(man(31), Some(false)),
                ui(woman(40), Some(false)),
                ui(woman(41), None),
                ui(man(65), Some(true)),
            ],
        )],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "6", K1, 1.0, 3.0, Some(100.0 / 3.0), Status::NotMet);
    assert_eq!(reasons(get(&e, "6", K1)), vec![missing("unemployment_insurance")]);
}

#[test]
fn i07_past_working_age_with_benefit_and_the_retirement_boundary() {
    // 2025: man 61y2m (not past: skipped), man 61y3m pension → num; woman 56y7m skipped; woman
    // 56y8m no benefit → den; woman 70 monthly social insurance → num. 2/3 = 66.67 % ≥ 50
    // (about 50, higher better, tolerance 0) → met.
    let ben = |m: Member, b: OldAgeBenefit| {
        let mut m = m;
        m.old_age_benefit = Some(b);
        m
    };
    let ds = data(
        vec![with(
            hh(T1),
            vec![
                ben(person(Sex::Male, 61, 2), OldAgeBenefit::Pension),
                ben(person(Sex::Male, 61, 3), OldAgeBenefit::Pension),
                ben(person(Sex::Female, 56, 7), OldAgeBenefit::SocialPension),
                ben(person(Sex::Female, 56, 8), OldAgeBenefit::NoBenefit),
                ben(woman(70), OldAgeBenefit::MonthlySocialInsurance),
            ],
        )],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "7", T1, 2.0, 3.0, Some(200.0 / 3.0), Status::Met);
}

#[test]
fn i08_health_insurance_coverage() {
    // 3 of 4 answered persons insured → 75 %, not > 95 → not met; one unanswered excluded.
    let bhyt = |v: Option<bool>| {
        let mut m = man(20);
        m.health_insurance = v;
        m
    };
    let ds = data(
        vec![with(hh(K1), vec![bhyt(Some(true)), bhyt(Some(true)), bhyt(Some(true)), bhyt(Some(false)), bhyt(None)])],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "8", K1, 3.0, 4.0, Some(75.0), Status::NotMet);
    assert_eq!(reasons(get(&e, "8", K1)), vec![missing("health_insurance")]);
}

#[test]
fn i09_social_assistance_for_young_children_and_lonely_elderly_in_poor_households() {
    // Poor household: child 35 m (assisted) → num; child 36 m (not eligible, skipped); lonely
    // 65-year-old not assisted → den; 70-year-old not lonely skipped; adult skipped.
    // Near-poor household: child 10 m assisted → num. Non-poor household: child 5 m skipped.
    // 2/3 = 66.67 % < 100 → not met.
    let sa = |mut m: Member, lonely: Option<bool>, assisted: bool| {
        m.lonely_elderly = lonely;
        m.social_assistance = Some(assisted);
        m
    };
    let mut poor = with(
        hh(K1),
        vec![
            sa(person(Sex::Male, 2, 11), None, true),
            sa(person(Sex::Female, 3, 0), None, false),
            sa(woman(65), Some(true), false),
            sa(man(70), Some(false), false),
            sa(man(40), None, false),
        ],
    );
    poor.poverty = Some(PovertyStatus::Poor);
    let mut near = with(hh(K1), vec![sa(person(Sex::Female, 0, 10), None, true)]);
    near.poverty = Some(PovertyStatus::NearPoor);
    let mut rich = with(hh(K1), vec![sa(person(Sex::Female, 0, 5), None, false)]);
    rich.poverty = Some(PovertyStatus::NotPoor);
    let e = eval(&data(vec![poor, near, rich], vec![]));
    check(&e, "9", K1, 2.0, 3.0, Some(200.0 / 3.0), Status::NotMet);
}

fn schooled(m: Member, enrolment: Enrolment, highest: EducationLevel) -> Member {
    let mut m = m;
    m.schooling = Some(Schooling { enrolment, highest_completed: highest });
    m
}

#[test]
fn i11_six_year_olds_in_grade_one_or_above() {
    // School age 6 (born in 2019, school year 2025–26): grade 1, preschool, grade 2 → 2/3 =
    // 66.67 %, not > 99. A 7-year-old out of school is skipped; a 6-year-old without the
    // answer is excluded.
    let ds = data(
        vec![with(
            hh(K1),
            vec![
                schooled(man(6), Enrolment::Grade(1), EducationLevel::BelowPrimary),
                schooled(woman(6), Enrolment::Preschool, EducationLevel::BelowPrimary),
                schooled(woman(6), Enrolment::Grade(2), EducationLevel::BelowPrimary),
                schooled(man(7), Enrolment::NotEnrolled, EducationLevel::BelowPrimary),
                man(6),
            ],
        )],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "11", K1, 2.0, 3.0, Some(200.0 / 3.0), Status::NotMet);
    assert_eq!(reasons(get(&e, "11", K1)), vec![missing("schooling")]);
}

#[test]
fn i12_and_i13_attainment_in_age_bands() {
    // #12 (11–14, primary): 11 primary ✓, 14 lower secondary ✓, 12 below primary ✗; 10 and 15
    // are outside the band → 2/3 = 66.67 %, < 99.8 → not met.
    // #13 (18–21, upper secondary): 18 upper ✓, 21 lower ✗; 17 and 22 outside → 1/2 = 50 %.
    let g = Enrolment::NotEnrolled;
    let ds = data(
        vec![with(
            hh(T1),
            vec![
                schooled(man(11), g, EducationLevel::Primary),
                schooled(woman(14), g, EducationLevel::LowerSecondary),
                schooled(man(12), g, EducationLevel::BelowPrimary),
                schooled(man(10), g, EducationLevel::BelowPrimary),
                schooled(woman(15), g, EducationLevel::BelowPrimary),
                schooled(woman(18), g, EducationLevel::UpperSecondary),
                schooled(man(21), g, EducationLevel::LowerSecondary),
                schooled(man(17), g, EducationLevel::UpperSecondary),
                schooled(woman(22), g, EducationLevel::UpperSecondary),
            ],
        )],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "12", T1, 2.0, 3.0, Some(200.0 / 3.0), Status::NotMet);
    check(&e, "13", T1, 1.0, 2.0, Some(50.0), Status::NotMet);
}

fn mother(years: u32, months: u32, births: i32) -> Member {
    let mut m = person(Sex::Female, years, months);
    m.births_last_12m = Some(births);
    m
}

#[test]
fn i15_total_fertility_rate() {
    // Groups 15–19 … 45–49: women (births) = 1 (0), 5 (1), 5 (1), 1 (0), 1 (0), 1 (0), 1 (0).
    // Rates 0, 0.2, 0.2, 0, 0, 0, 0 → Σ 0.4 × 5 = 2.0, within 2.1 ± 0.1 → met. Numerator and
    // denominator are the totals (2 births, 15 women). A 50-year-old and a man are ignored; the
    // 49y11m woman is in 45–49.
    let mut ms = vec![mother(17, 0, 0)];
    ms.extend((0..5).map(|i| mother(20 + i, 0, i32::from(i == 0))));
    ms.extend((0..5).map(|i| mother(25 + i, 0, i32::from(i == 4))));
    ms.extend([mother(30, 0, 0), mother(39, 11, 0), mother(40, 0, 0), mother(49, 11, 0), woman(50), man(30)]);
    let e = eval(&data(vec![with(hh(K1), ms)], vec![]));
    check(&e, "15", K1, 2.0, 15.0, Some(2.0), Status::Met);
    let r = get(&e, "15", K1);
    assert_eq!(r.components.len(), 7);
    assert_eq!(r.components[1].numerator, Some(1.0));
    assert_eq!(r.components[1].denominator, Some(5.0));

    // A village with women in only two groups has no rate (an age group without women).
    let e = eval(&data(vec![with(hh(K2), vec![mother(20, 0, 1), mother(30, 0, 0)])], vec![]));
    let r = get(&e, "15", K2);
    assert_eq!(r.value, None);
    assert_eq!(r.status, Status::NoData);
    assert_eq!((r.numerator, r.denominator), (Some(1.0), Some(2.0)));
}

#[test]
fn i16_natural_increase_rate() {
    // A: 4 persons, 1 birth, 0 deaths; B: 6 persons, 0 births, 1 death; C: 2 persons, 1 birth,
    // 0 deaths → (2 − 1) / 12 = 8.333 %, not < 1.2 → not met. D (no deaths answer) excluded,
    // E (a woman of 25 without the births answer) excluded.
    let mut a = with(hh(K1), vec![mother(25, 0, 1), man(30), man(2), man(60)]);
    a.deaths_last_12m = Some(0);
    let mut b = with(hh(K1), vec![mother(30, 0, 0), man(1), man(2), man(3), man(4), man(50)]);
    b.deaths_last_12m = Some(1);
    let mut c = with(hh(K2), vec![mother(20, 0, 1), man(0)]);
    c.deaths_last_12m = Some(0);
    let dd = with(hh(K2), vec![mother(20, 0, 0)]);
    let mut ee = with(hh(K2), vec![woman(25)]);
    ee.deaths_last_12m = Some(0);
    let e = eval(&data(vec![a, b, c, dd, ee], vec![]));
    check(&e, "16", "dak-koi", 1.0, 12.0, Some(100.0 / 12.0), Status::NotMet);
    assert_eq!(get(&e, "16", "dak-koi").records_used, 3);
    let mut rs = reasons(get(&e, "16", "dak-koi"));
    rs.sort_by_key(|r| format!("{r:?}"));
    assert_eq!(rs, vec![missing("births_last_12m"), missing("deaths_last_12m")]);
}

#[test]
fn i22_primary_care_paid_by_health_insurance() {
    // Used & paid, used & not paid, used & paid → 2/3 = 66.67 %, not > 95; not used skipped;
    // unanswered excluded.
    let pc = |v: Option<PrimaryCare>| {
        let mut m = man(30);
        m.primary_care = v;
        m
    };
    let ds = data(
        vec![with(
            hh(K1),
            vec![
                pc(Some(PrimaryCare::UsedInsurancePaid)),
                pc(Some(PrimaryCare::UsedNotInsurancePaid)),
                pc(Some(PrimaryCare::NotUsed)),
                pc(Some(PrimaryCare::UsedInsurancePaid)),
                pc(None),
            ],
        )],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "22", K1, 2.0, 3.0, Some(200.0 / 3.0), Status::NotMet);
}

#[test]
fn i23_health_records() {
    // 3 of 4 with a record → 75 %, not > 95.
    let rec = |v: bool| {
        let mut m = woman(30);
        m.health_record = Some(v);
        m
    };
    let e = eval(&data(vec![with(hh(T1), vec![rec(true), rec(true), rec(false), rec(true)])], vec![]));
    check(&e, "23", T1, 3.0, 4.0, Some(75.0), Status::NotMet);
}

#[test]
fn i24_full_vaccination_of_children_12_to_23_months() {
    // 12 m yes, 23 m no, 18 m yes → 2/3 = 66.67 % < 97; 24 m and 11 m are outside the band.
    let vac = |months: u32, v: bool| {
        let mut m = person(Sex::Female, months / 12, months % 12);
        m.fully_vaccinated_before_1 = Some(v);
        m
    };
    let ds = data(
        vec![with(hh(K1), vec![vac(12, true), vac(23, false), vac(24, true), person(Sex::Male, 0, 11), vac(18, true)])],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "24", K1, 2.0, 3.0, Some(200.0 / 3.0), Status::NotMet);
}

/// A boy `days` old at the survey date, measured that day.
fn boy_measured(days: u64, cm: f64, how: Measured) -> Member {
    let mut m = Member::new(next_id(), "Bé", Sex::Male, survey() - Days::new(days), Relation::Child);
    m.height = Some(HeightMeasurement { height_cm: cm, measured: how, date: survey() });
    m
}

#[test]
fn i25_stunting_with_the_position_correction_at_730_and_731_days() {
    // WHO rows (boys): 730 d length M 87.8018 S 0.03479; 731 d height M 87.1303 S 0.03508.
    // A: 731 d, standing 80.0 → z = (80/87.1303 − 1)/0.03508 = −2.333 → stunted.
    // B: 730 d, standing 81.0 → length expected, +0.7 → 81.7: z = (81.7/87.8018 − 1)/0.03479
    //    = −1.998 → not stunted (uncorrected it would be −2.227).
    // C: 731 d, standing 81.0 → no correction: z = (81/87.1303 − 1)/0.03508 = −2.006 → stunted.
    // L: 731 d, lying 81.7 → height expected, −0.7 → 81.0: z = −2.006 → stunted.
    // D: 731 d, standing 60.0 → z = −8.876, |z| > 6 → excluded, listed for re-measurement.
    // E: no measurement → excluded. F: 60 months → outside 0–59, skipped.
    // Stunted A, C, L of A, B, C, L → 3/4 = 75 %, not < 25 → not met.
    let d_child = boy_measured(731, 60.0, Measured::Standing);
    let d_id = d_child.id;
    // (A height recorded at 60 months is not asked: a validation error, so F has none.)
    let f = person(Sex::Male, 5, 0);
    let e_child = boy_measured(400, 70.0, Measured::Lying);
    let e_child = Member { height: None, ..e_child };
    let ds = data(
        vec![
            with(
                hh(K1),
                vec![
                    boy_measured(731, 80.0, Measured::Standing),
                    boy_measured(730, 81.0, Measured::Standing),
                    boy_measured(731, 81.0, Measured::Standing),
                    boy_measured(731, 81.7, Measured::Lying),
                    e_child,
                    f,
                ],
            ),
            with(hh(K1), vec![d_child]),
        ],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "25", K1, 3.0, 4.0, Some(75.0), Status::NotMet);
    let r = get(&e, "25", K1);
    assert_eq!(r.excluded.len(), 2);
    // |z| > 6 is a validation error of the form: the household is left out, and the child is
    // listed for re-measurement.
    let implausible: Vec<_> = r.remeasurements().collect();
    assert_eq!(implausible.len(), 1);
    assert_eq!(implausible[0].member_id, Some(d_id));
    match &implausible[0].reason {
        ExclusionReason::ValidationError { field, message } => {
            assert_eq!(field, "height");
            assert!(message.vi.contains("z = -8.9"), "{}", message.vi);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(reasons(r).contains(&missing("height")));
    // The district lists the same child for re-measurement.
    assert_eq!(e.remeasurements().iter().map(|x| x.member_id).collect::<Vec<_>>(), vec![Some(d_id)]);

    // Only B (730 d, corrected) in a village: 0/1 → 0 %, met (< 25).
    let e = eval(&data(vec![with(hh(K2), vec![boy_measured(730, 81.0, Measured::Standing)])], vec![]));
    check(&e, "25", K2, 0.0, 1.0, Some(0.0), Status::Met);
}

fn household_with(village: &str, f: impl FnOnce(&mut Household)) -> Household {
    let mut h = with(hh(village), vec![man(40)]);
    f(&mut h);
    h
}

#[test]
fn i27_hygienic_latrines() {
    // Hygienic, hygienic, unhygienic, none → 2/4 = 50 %, not > 88; unanswered excluded.
    let l = |v: Option<Latrine>| household_with(K1, |h| h.latrine = v);
    let ds = data(
        vec![
            l(Some(Latrine::Hygienic)),
            l(Some(Latrine::Hygienic)),
            l(Some(Latrine::Unhygienic)),
            l(Some(Latrine::NoLatrine)),
            l(None),
        ],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "27", K1, 2.0, 4.0, Some(50.0), Status::NotMet);
    assert_eq!(reasons(get(&e, "27", K1)), vec![missing("latrine")]);
}

#[test]
fn i29_temporary_housing_count() {
    // Counted: poor + temporary, near-poor + dilapidated, disaster-affected (not poor) +
    // temporary → 3. Assessed but not counted: neither group + temporary, poor + permanent.
    // Excluded: poor without housing answer; poverty and disaster both unanswered.
    // Count 3 of 5 assessed; the target is to bring it to 0 → not met (no earlier year).
    let h = |pov: Option<PovertyStatus>, dis: Option<bool>, house: Option<HousingType>| {
        household_with(T1, |h| {
            h.poverty = pov;
            h.disaster_affected = dis;
            h.housing = house;
        })
    };
    use HousingType::*;
    use PovertyStatus::*;
    let ds = data(
        vec![
            h(Some(Poor), Some(false), Some(Temporary)),
            h(Some(NearPoor), Some(false), Some(Dilapidated)),
            h(Some(NotPoor), Some(true), Some(Temporary)),
            h(Some(NotPoor), Some(false), Some(Temporary)),
            h(Some(Poor), Some(false), Some(Permanent)),
            h(Some(Poor), Some(false), None),
            h(None, None, Some(Temporary)),
        ],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "29", T1, 3.0, 5.0, Some(3.0), Status::NotMet);
    assert_eq!(get(&e, "29", T1).excluded.len(), 2);
    assert_eq!(get(&e, "29", T1).display_value(1, Lang::Vi), "3");

    // No poor or affected household in bad housing → 0 → met.
    let e = eval(&data(vec![h(Some(Poor), Some(false), Some(Permanent))], vec![]));
    check(&e, "29", T1, 0.0, 1.0, Some(0.0), Status::Met);
}

#[test]
fn i30_floor_area_per_person_total_urban_rural() {
    // Đắk Kôi 60 m² / 2 persons, Đắk Rve (urban) 90 m² / 4, Tân Lập 30 m² / 1; a household
    // without the area is excluded. #30: 180 / 7 = 25.714 (≈ 30 higher better → not met);
    // #30a urban: 90 / 4 = 22.5 (not met); #30b rural: 90 / 3 = 30 ≥ 27.8 → met.
    let area = |v: &str, a: Option<f64>, n: u32| {
        let mut h = with(hh(v), (0..n).map(|_| man(30)).collect());
        h.floor_area_m2 = a;
        h
    };
    let ds = data(
        vec![area(K1, Some(60.0), 2), area(R1, Some(90.0), 4), area(T1, Some(30.0), 1), area(T1, None, 3)],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "30", DISTRICT, 180.0, 7.0, Some(180.0 / 7.0), Status::NotMet);
    check(&e, "30a", DISTRICT, 90.0, 4.0, Some(22.5), Status::NotMet);
    check(&e, "30b", DISTRICT, 90.0, 3.0, Some(30.0), Status::Met);
    check(&e, "30a", "dak-koi", 0.0, 0.0, None, Status::NoData);
    check(&e, "30b", "dak-rve", 0.0, 0.0, None, Status::NoData);
    check(&e, "30", "dak-rve", 90.0, 4.0, Some(22.5), Status::NotMet);
    assert_eq!(get(&e, "30", DISTRICT).excluded.len(), 1);
}

#[test]
fn i31_i32_clean_water_urban_and_rural() {
    // Urban: piped, treated, protected well → 2/3 = 66.67 % (< 100). Rural: piped, unprotected
    // → 1/2 = 50 % (< 95). Each is without data in the other area.
    let w = |v: &str, s: WaterSource| household_with(v, |h| h.water = Some(s));
    let ds = data(
        vec![
            w(R1, WaterSource::Piped),
            w(R1, WaterSource::Treated),
            w(R1, WaterSource::ProtectedWell),
            w(K1, WaterSource::Piped),
            w(T1, WaterSource::Unprotected),
        ],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "31", DISTRICT, 2.0, 3.0, Some(200.0 / 3.0), Status::NotMet);
    check(&e, "31", "dak-rve", 2.0, 3.0, Some(200.0 / 3.0), Status::NotMet);
    check(&e, "31", "dak-koi", 0.0, 0.0, None, Status::NoData);
    check(&e, "32", DISTRICT, 1.0, 2.0, Some(50.0), Status::NotMet);
    check(&e, "32", "dak-koi", 1.0, 1.0, Some(100.0), Status::Met);
    check(&e, "32", "dak-rve", 0.0, 0.0, None, Status::NoData);
}

#[test]
fn i36_broadcast_reception_in_ethnic_minority_and_remote_households() {
    // Ethnic, 4 persons, reception → 4/4; remote (not ethnic), 3 persons, none → 0/3; neither,
    // 5 persons → skipped; ethnic without the answer → excluded. 4/7 = 57.14 % < 100.
    let b = |eth: bool, remote: bool, n: u32, radio: Option<bool>| {
        let mut h = with(hh(K1), (0..n).map(|_| man(30)).collect());
        h.ethnic_minority = Some(eth);
        h.remote_village = Some(remote);
        h.radio_tv = radio;
        h
    };
    let ds = data(
        vec![
            b(true, false, 4, Some(true)),
            b(false, true, 3, Some(false)),
            b(false, false, 5, Some(false)),
            b(true, true, 2, None),
        ],
        vec![],
    );
    let e = eval(&ds);
    check(&e, "36", K1, 4.0, 7.0, Some(400.0 / 7.0), Status::NotMet);
    assert_eq!(reasons(get(&e, "36", K1)), vec![missing("radio_tv")]);
}

// ---------------------------------------------------------------------------------------------
// Entered and mixed indicators
// ---------------------------------------------------------------------------------------------

#[test]
fn i10_preschool_universalisation_per_commune_and_not_derived_for_the_district() {
    // Đắk Kôi yes → met (1); Tân Lập no → not met (0); Đắk Pne not entered → no data; villages
    // have no entered figures; the district did not enter one → no data (never derived).
    let mut k = figures("dak-koi", 2025);
    k.preschool_universalised = Some(true);
    let mut t = figures("tan-lap", 2025);
    t.preschool_universalised = Some(false);
    let e = eval(&data(vec![], vec![k, t]));
    check_value(&e, "10", "dak-koi", Some(1.0), Status::Met);
    check_value(&e, "10", "tan-lap", Some(0.0), Status::NotMet);
    check_value(&e, "10", "dak-pne", None, Status::NoData);
    check_value(&e, "10", K1, None, Status::NoData);
    check_value(&e, "10", DISTRICT, None, Status::NoData);
    assert_eq!(get(&e, "10", "dak-koi").display_value(1, Lang::Vi), "Đạt");

    let mut dd = figures(DISTRICT, 2025);
    dd.preschool_universalised = Some(true);
    let e = eval(&data(vec![], vec![dd]));
    check_value(&e, "10", DISTRICT, Some(1.0), Status::Met);
}

#[test]
fn i14_literacy_level_2_is_a_district_status() {
    // Entered for the district only: the district's yes → met; a commune's figure is ignored.
    let mut dd = figures(DISTRICT, 2025);
    dd.literacy_level2_kept = Some(true);
    let mut k = figures("dak-koi", 2025);
    k.literacy_level2_kept = Some(false);
    let e = eval(&data(vec![], vec![dd, k]));
    check_value(&e, "14", DISTRICT, Some(1.0), Status::Met);
    check_value(&e, "14", "dak-koi", None, Status::NoData);
}

#[test]
fn i17_life_expectancy_and_i35_wastewater_treated_are_district_values() {
    // 70.5 ≥ 70 (about, higher better, tolerance 0) → met; 4.8 % < 5 → not met.
    let mut dd = figures(DISTRICT, 2025);
    dd.life_expectancy_years = Some(70.5);
    dd.wastewater_treated_percent = Some(4.8);
    let e = eval(&data(vec![], vec![dd]));
    check_value(&e, "17", DISTRICT, Some(70.5), Status::Met);
    check_value(&e, "35", DISTRICT, Some(4.8), Status::NotMet);
    check_value(&e, "17", "dak-koi", None, Status::NoData);
    // 69.9 < 70 → not met.
    let mut dd = figures(DISTRICT, 2025);
    dd.life_expectancy_years = Some(69.9);
    check_value(&eval(&data(vec![], vec![dd])), "17", DISTRICT, Some(69.9), Status::NotMet);
}

#[test]
fn i18_to_i21_per_10000_population() {
    // Per 10,000 of the *official* population only, at district level (plan default):
    // #18 district: 45 beds / official 10,000 × 10,000 = 45 > 40 → met.
    // #19: every commune entered 1 doctor, the district nothing: the plan enters doctors for
    //      the district only, so no sum → no data, naming the missing figure.
    // #20 Đắk Kôi: communes have no rate (district only).
    let mut dd = figures(DISTRICT, 2025);
    dd.hospital_beds = Some(45);
    dd.official_population = Some(10_000);
    let mut fs = vec![dd];
    for c in COMMUNES {
        let mut f = figures(c, 2025);
        f.doctors = Some(1);
        if c == "dak-koi" {
            f.pharmacists = Some(1);
            f.official_population = Some(5_000);
        }
        fs.push(f);
    }
    let people = with(hh(T1), vec![man(30), man(31), woman(30), woman(2)]);
    let e = eval(&data(vec![people.clone()], fs.clone()));
    check(&e, "18", DISTRICT, 45.0, 10_000.0, Some(45.0), Status::Met);
    let r = get(&e, "19", DISTRICT);
    assert_eq!((r.value, r.status), (None, Status::NoData));
    assert_eq!(r.note.as_ref().unwrap().vi, "Chưa nhập số liệu: số bác sĩ");
    let r = get(&e, "20", "dak-koi");
    assert_eq!((r.value, r.status), (None, Status::NoData));
    assert_eq!(r.note.as_ref().unwrap().vi, "Chỉ tiêu do huyện nhập");
    check_value(&e, "19", K1, None, Status::NoData);

    // The case: 114 beds and no official population, 10 persons surveyed → never
    // 114,000 per 10,000: no value, the note names the official population.
    let mut dd = figures(DISTRICT, 2025);
    dd.hospital_beds = Some(114);
    let ten = with(hh(T1), (0..10).map(|i| man(20 + i)).collect());
    let e = eval(&data(vec![ten], vec![dd]));
    let r = get(&e, "18", DISTRICT);
    assert_eq!((r.value, r.status, r.numerator, r.denominator), (None, Status::NoData, Some(114.0), None));
    assert_eq!(r.note.as_ref().unwrap().vi, "Chưa nhập số liệu: dân số chính thức");
}

#[test]
fn per_10000_rates_entered_per_commune_sum_only_over_every_commune() {
    // A plan that enters doctors per commune too: the district (no figure of its own) sums the
    // communes only when all seven entered both doctors and the official population.
    let mut plan = formula_plan().clone();
    for i in &mut plan.indicators {
        if let ansinh_core::domain::plan::Computation::PerPopulation { level, .. } = &mut i.computation {
            *level = ansinh_core::domain::plan::EntryLevel::CommuneAndDistrict;
        }
    }
    let fs: Vec<EnteredFigures> = COMMUNES
        .iter()
        .map(|c| {
            let mut f = figures(c, 2025);
            f.doctors = Some(2);
            f.official_population = Some(1_000);
            f
        })
        .collect();
    let e = evaluate(&plan, &data(vec![], fs.clone()), 2025).unwrap();
    // 14 doctors / 7,000 × 10,000 = 20 ≥ 12 → met; a commune: 2 / 1,000 × 10,000 = 20.
    check(&e, "19", DISTRICT, 14.0, 7_000.0, Some(20.0), Status::Met);
    check(&e, "19", "dak-koi", 2.0, 1_000.0, Some(20.0), Status::Met);
    // One commune of seven entered: "1/7 đơn vị đã nhập", no value, the six others named.
    let e = evaluate(&plan, &data(vec![], fs[..1].to_vec()), 2025).unwrap();
    let r = get(&e, "19", DISTRICT);
    assert_eq!((r.value, r.status), (None, Status::PartlyEntered));
    assert_eq!(r.status_label().vi, "1/7 đơn vị đã nhập");
    let u = r.units_entered.as_ref().unwrap();
    assert_eq!(u.missing.len(), 6);
    assert!(r.status_reason.as_ref().unwrap().text().vi.starts_with("Chưa nhập: "), "{:?}", r.status_reason);
}

#[test]
fn i26_disease_assessments() {
    // All three achieved → met (3/3); tuberculosis in progress → not met (2/3); malaria not
    // assessed → no data.
    let a = |s: DiseaseStatus| Some(Assessment { status: s, note: None });
    let mut dd = figures(DISTRICT, 2025);
    dd.aids = a(DiseaseStatus::Achieved);
    dd.tuberculosis = a(DiseaseStatus::Achieved);
    dd.malaria = a(DiseaseStatus::Achieved);
    let e = eval(&data(vec![], vec![dd.clone()]));
    check(&e, "26", DISTRICT, 3.0, 3.0, Some(1.0), Status::Met);
    dd.tuberculosis = a(DiseaseStatus::InProgress);
    let e = eval(&data(vec![], vec![dd.clone()]));
    check(&e, "26", DISTRICT, 2.0, 3.0, Some(0.0), Status::NotMet);
    assert_eq!(get(&e, "26", DISTRICT).components[1].value, Some(0.0));
    dd.malaria = None;
    let e = eval(&data(vec![], vec![dd]));
    check(&e, "26", DISTRICT, 1.0, 2.0, None, Status::NoData);
}

#[test]
fn i28_health_stations_summed_only_when_every_commune_entered_both_parts() {
    // Đắk Kôi 1/1 → 100 % met; Tân Lập 0/1 → 0 %. The district entered nothing and only two
    // of seven communes did: no sum (it would claim a district figure from two communes), the
    // status says "2/7 đơn vị đã nhập" and the five others are named and listed.
    let mut k = figures("dak-koi", 2025);
    k.health_stations_total = Some(1);
    k.health_stations_sanitation_ok = Some(1);
    let mut t = figures("tan-lap", 2025);
    t.health_stations_total = Some(1);
    t.health_stations_sanitation_ok = Some(0);
    let e = eval(&data(vec![], vec![k.clone(), t.clone()]));
    check(&e, "28", "dak-koi", 1.0, 1.0, Some(100.0), Status::Met);
    check(&e, "28", "tan-lap", 0.0, 1.0, Some(0.0), Status::NotMet);
    let r = get(&e, "28", DISTRICT);
    assert_eq!((r.value, r.status), (None, Status::PartlyEntered));
    assert_eq!(r.status_label().vi, "2/7 đơn vị đã nhập");
    assert_eq!(r.excluded.len(), 5);
    // The case: one commune of seven with 1/1 never makes the district "Đạt".
    let e = eval(&data(vec![], vec![k.clone()]));
    assert_eq!(get(&e, "28", DISTRICT).status, Status::PartlyEntered);
    // Every commune entered: summed, 6/7.
    let all: Vec<EnteredFigures> = COMMUNES
        .iter()
        .map(|c| {
            let mut f = figures(c, 2025);
            f.health_stations_total = Some(1);
            f.health_stations_sanitation_ok = Some(i64::from(*c != "tan-lap"));
            f
        })
        .collect();
    let e = eval(&data(vec![], all));
    check(&e, "28", DISTRICT, 6.0, 7.0, Some(600.0 / 7.0), Status::NotMet);
    assert_eq!(get(&e, "28", DISTRICT).records_used, 7);
}

#[test]
fn i33_sanitation_every_part_must_meet() {
    // Households count a *hygienic* latrine only (as #27; spec Corrections 2026-12). Đắk Kôi:
    // hygienic, hygienic, unhygienic, none → 2/4 = 50 %; schools 5/5, stations 1/1 → lowest
    // part 50 % (2/4) → not met. Tân Lập: 1/1, 4/4, 1/1 → 100 % met. Đắk Pne: households 1/1
    // but schools not entered → no data. A village has the households part only (facilities
    // are entered per commune): thôn 1 of Đắk Kôi 50 %, the same as its #27.
    let l = |v: &str, x: Latrine| household_with(v, |h| h.latrine = Some(x));
    let fac = |org: &str, schools: Option<(i64, i64)>, stations: (i64, i64)| {
        let mut f = figures(org, 2025);
        if let Some((ok, total)) = schools {
            f.schools_sanitation_ok = Some(ok);
            f.schools_total = Some(total);
        }
        f.health_stations_sanitation_ok = Some(stations.0);
        f.health_stations_total = Some(stations.1);
        f
    };
    let ds = data(
        vec![
            l(K1, Latrine::Hygienic),
            l(K1, Latrine::Hygienic),
            l(K1, Latrine::Unhygienic),
            l(K1, Latrine::NoLatrine),
            l(T1, Latrine::Hygienic),
            l("dak-pne-thon-1", Latrine::Hygienic),
        ],
        vec![fac("dak-koi", Some((5, 5)), (1, 1)), fac("tan-lap", Some((4, 4)), (1, 1)), fac("dak-pne", None, (1, 1))],
    );
    let e = eval(&ds);
    check(&e, "33", "dak-koi", 2.0, 4.0, Some(50.0), Status::NotMet);
    assert_eq!(get(&e, "33", "dak-koi").components.len(), 3);
    check(&e, "33", "tan-lap", 1.0, 1.0, Some(100.0), Status::Met);
    check(&e, "33", K1, 2.0, 4.0, Some(50.0), Status::NotMet);
    check(&e, "27", K1, 2.0, 4.0, Some(50.0), Status::NotMet);
    assert_eq!(get(&e, "33", K1).components.len(), 1);
    let r = get(&e, "33", "dak-pne");
    assert_eq!((r.value, r.status), (None, Status::NoData));
    // District: schools entered by two communes of seven, stations by three → no sum, the
    // part entered by the fewest speaks: "2/7 đơn vị đã nhập".
    let r = get(&e, "33", DISTRICT);
    assert_eq!((r.value, r.status), (None, Status::PartlyEntered));
    assert_eq!(r.status_label().vi, "2/7 đơn vị đã nhập");
}

#[test]
fn i34_rural_residential_points_with_wastewater_collection() {
    // District entered 5 of 42 → 11.9 % ≥ 10 → met; Đắk Kôi 0 of 7 → not met.
    let mut dd = figures(DISTRICT, 2025);
    dd.rural_points_total = Some(42);
    dd.rural_points_wastewater_collected = Some(5);
    let mut k = figures("dak-koi", 2025);
    k.rural_points_total = Some(7);
    k.rural_points_wastewater_collected = Some(0);
    let e = eval(&data(vec![], vec![dd, k]));
    check(&e, "34", DISTRICT, 5.0, 42.0, Some(500.0 / 42.0), Status::Met);
    check(&e, "34", "dak-koi", 0.0, 7.0, Some(0.0), Status::NotMet);
    assert_eq!(get(&e, "34", DISTRICT).display_value(1, Lang::En), "11.9");
    assert_eq!(get(&e, "34", DISTRICT).display_value(1, Lang::Vi), "11,9");
}

#[test]
fn entered_figures_are_merged_field_by_field_newest_first() {
    // Two records for Đắk Kôi: the older has doctors 1 and pharmacists 1, the newer doctors 2.
    // Doctors come from the newer, pharmacists from the older.
    let mut old = figures(DISTRICT, 2025);
    old.doctors = Some(1);
    old.pharmacists = Some(1);
    old.official_population = Some(10_000);
    let mut new = figures(DISTRICT, 2025);
    new.meta.updated_at = old.meta.updated_at + chrono::Duration::hours(1);
    new.doctors = Some(2);
    let e = eval(&data(vec![], vec![new.clone(), old.clone()]));
    check(&e, "19", DISTRICT, 2.0, 10_000.0, Some(2.0), Status::NotMet);
    check(&e, "20", DISTRICT, 1.0, 10_000.0, Some(1.0), Status::NotMet);
    let e2 = eval(&data(vec![], vec![old, new]));
    assert_eq!(e.results, e2.results);
}

// ---------------------------------------------------------------------------------------------
// Edge cases
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_dataset_gives_no_data_everywhere() {
    let e = eval(&Dataset::default());
    assert_eq!(e.results.len(), Plan::embedded().indicators.len() * Plan::embedded().org_units.all().len());
    for r in &e.results {
        assert_eq!(r.status, Status::NoData, "{} / {}", r.indicator_id, r.org_unit_id);
        assert_eq!(r.value, None);
    }
    assert_eq!(years_with_data(&Dataset::default()), Vec::<i32>::new());
}

#[test]
fn a_commune_without_households_has_no_data_while_others_do() {
    let l = |v: &str| household_with(v, |h| h.latrine = Some(Latrine::Hygienic));
    let e = eval(&data(vec![l(K1)], vec![]));
    check(&e, "27", K1, 1.0, 1.0, Some(100.0), Status::Met);
    check(&e, "27", K2, 0.0, 0.0, None, Status::NoData);
    check(&e, "27", "tan-lap", 0.0, 0.0, None, Status::NoData);
}

#[test]
fn households_of_other_years_do_not_count() {
    // A 2024 household is not in the 2025 evaluation; it is in 2024's. 2024 (100 %, met) is the
    // baseline of 2025: falling from a met value to 0 % leaves no room on the line → behind.
    let mut h = household_with(K1, |h| h.latrine = Some(Latrine::Hygienic));
    h.survey_date = d(2024, 12, 31);
    let in_2025 = household_with(K1, |h| h.latrine = Some(Latrine::NoLatrine));
    let ds = data(vec![h, in_2025], vec![]);
    check(&eval(&ds), "27", K1, 0.0, 1.0, Some(0.0), Status::Behind);
    let e = evaluate(formula_plan(), &ds, 2024).unwrap();
    check(&e, "27", K1, 1.0, 1.0, Some(100.0), Status::Met);
    assert_eq!(years_with_data(&ds), vec![2024, 2025]);
}

#[test]
fn trajectory_on_track_and_behind_with_a_two_year_history() {
    // #27 (> 88 % in 2030). 2023: thôn 1 and thôn 2 each 1 of 4 hygienic (25 %).
    // Line from 25 (2023) to 88 (2030) at 2025: 25 + 63 × 2/7 = 43.
    // 2025: thôn 1 2 of 4 = 50 % ≥ 43 → on track; thôn 2 2 of 5 = 40 % < 43 → behind.
    // Commune: 2023 2/8 = 25 %; 2025 4/9 = 44.44 % ≥ 43 → on track. Tân Lập has only 2025
    // data (60 %): nothing to draw the line from → not met. 2023 itself → not met.
    let year_households = |v: &str, date: NaiveDate, hygienic: usize, total: usize| -> Vec<Household> {
        (0..total)
            .map(|i| {
                let mut h = with(hh_on(v, date), vec![man(40)]);
                h.latrine = Some(if i < hygienic { Latrine::Hygienic } else { Latrine::NoLatrine });
                h
            })
            .collect()
    };
    let y23 = d(2023, 6, 1);
    let mut hs = Vec::new();
    hs.extend(year_households(K1, y23, 1, 4));
    hs.extend(year_households(K2, y23, 1, 4));
    hs.extend(year_households(K1, survey(), 2, 4));
    hs.extend(year_households(K2, survey(), 2, 5));
    hs.extend(year_households(T1, survey(), 3, 5));
    let ds = data(hs, vec![]);
    let e = eval(&ds);
    check(&e, "27", K1, 2.0, 4.0, Some(50.0), Status::OnTrack);
    check(&e, "27", K2, 2.0, 5.0, Some(40.0), Status::Behind);
    check(&e, "27", "dak-koi", 4.0, 9.0, Some(400.0 / 9.0), Status::OnTrack);
    check(&e, "27", "tan-lap", 3.0, 5.0, Some(60.0), Status::NotMet);
    let b = get(&e, "27", K2).baseline.expect("baseline");
    assert_eq!((b.year, b.value), (2023, 25.0));
    assert_eq!(get(&e, "27", "tan-lap").baseline, None);
    let e23 = evaluate(formula_plan(), &ds, 2023).unwrap();
    check(&e23, "27", K1, 1.0, 4.0, Some(25.0), Status::NotMet);
    // In the target year there is no trajectory: 50 % is simply not met.
    let moved: Vec<Household> = ds
        .households
        .iter()
        .cloned()
        .map(|mut h| {
            if h.survey_date == survey() {
                h.survey_date = d(2030, 10, 1);
                h.meta.updated_at = d(2030, 10, 1).and_hms_opt(3, 0, 0).unwrap().and_utc();
            }
            h
        })
        .collect();
    let e30 = evaluate(formula_plan(), &data(moved, vec![]), 2030).unwrap();
    check(&e30, "27", K1, 2.0, 4.0, Some(50.0), Status::NotMet);
}

#[test]
fn a_decreasing_count_is_judged_against_its_line_to_zero() {
    // #29 in Tân Lập: 2023 count 7 (of 7 poor households in temporary houses), 2025 count 5.
    // Line from 7 (2023) to 0 (2030) at 2025: 7 × 5/7 = 5 → 5 ≤ 5 → on track; 6 → behind.
    let poor_temp = |date: NaiveDate| {
        let mut h = with(hh_on(T1, date), vec![man(40)]);
        h.poverty = Some(PovertyStatus::Poor);
        h.disaster_affected = Some(false);
        h.housing = Some(HousingType::Temporary);
        h
    };
    let mut hs: Vec<Household> = (0..7).map(|_| poor_temp(d(2023, 5, 1))).collect();
    hs.extend((0..5).map(|_| poor_temp(survey())));
    let e = eval(&data(hs.clone(), vec![]));
    check(&e, "29", T1, 5.0, 5.0, Some(5.0), Status::OnTrack);
    hs.push(poor_temp(survey()));
    let e = eval(&data(hs, vec![]));
    check(&e, "29", T1, 6.0, 6.0, Some(6.0), Status::Behind);
}

#[test]
fn households_with_an_unknown_village_are_excluded_with_a_reason() {
    // Thôn 99 does not exist; thôn 1 of Đắk Kôi filed under Tân Lập disagrees with the tree.
    // Neither counts anywhere; both are listed as unplaced and in the district's exclusions.
    let good = household_with(K1, |h| h.latrine = Some(Latrine::Hygienic));
    let ghost = household_with("dak-koi-thon-99", |h| h.latrine = Some(Latrine::NoLatrine));
    let mut wrong = household_with(K1, |h| h.latrine = Some(Latrine::NoLatrine));
    wrong.commune_id = "tan-lap".into();
    let ids = [ghost.meta.id, wrong.meta.id];
    let e = eval(&data(vec![good, ghost, wrong], vec![]));
    check(&e, "27", DISTRICT, 1.0, 1.0, Some(100.0), Status::Met);
    check(&e, "27", "tan-lap", 0.0, 0.0, None, Status::NoData);
    assert_eq!(e.households_used, 1);
    assert_eq!(e.unplaced.len(), 2);
    assert_eq!(e.unplaced.iter().map(|x| x.record_id.unwrap()).collect::<Vec<_>>(), ids);
    assert_eq!(
        e.unplaced[0].reason,
        ExclusionReason::UnknownOrgUnit { commune_id: "dak-koi".into(), village_id: Some("dak-koi-thon-99".into()) }
    );
    let r = get(&e, "27", DISTRICT);
    assert_eq!(r.excluded.len(), 2);
    assert!(r.excluded[0].reason.label().en.contains("Unknown org unit"));
    assert!(r.excluded[0].reason.label().vi.contains("Không rõ đơn vị"));
}

#[test]
fn figures_for_an_unknown_unit_or_a_village_are_unplaced() {
    let mut ghost = figures("nowhere", 2025);
    ghost.doctors = Some(3);
    let mut village = figures(K1, 2025);
    village.doctors = Some(2);
    let e = eval(&data(vec![], vec![ghost.clone(), village]));
    assert_eq!(e.unplaced.len(), 2);
    assert_eq!(e.unplaced[0].record_id, Some(ghost.meta.id));
    assert_eq!(
        e.unplaced[0].reason,
        ExclusionReason::UnknownOrgUnit { commune_id: "nowhere".into(), village_id: None }
    );
    check_value(&e, "19", K1, None, Status::NoData);
    check_value(&e, "19", "dak-koi", None, Status::NoData);
}

#[test]
fn a_birth_date_after_the_survey_excludes_the_person() {
    let mut m = man(30);
    m.date_of_birth = Some(survey() + Days::new(1));
    m.labour_status = Some(LabourStatus::Employed);
    // A date of birth after the survey date is a validation error: the household is left out
    // of every indicator and listed with the member's error.
    let bad = with(hh(K1), vec![m]);
    let bad_id = bad.meta.id;
    let e = eval(&data(vec![bad, with(hh(K1), vec![labour(man(30), LabourStatus::Unemployed)])], vec![]));
    check(&e, "2", K1, 1.0, 1.0, Some(100.0), Status::NotMet);
    let r = get(&e, "2", K1);
    assert_eq!(r.excluded.len(), 1);
    assert_eq!(r.excluded[0].record_id, Some(bad_id));
    assert!(
        matches!(&r.excluded[0].reason, ExclusionReason::ValidationError { field, .. } if field == "date_of_birth")
    );
    assert_eq!(e.invalid.len(), 1);
    assert_eq!(e.coverage_of(K1).unwrap().invalid, 1);
}

#[test]
fn evaluation_round_trips_through_json_and_lookups_agree() {
    let ds = ansinh_core::synth::district(60, 7);
    let e = eval(&ds);
    let json = serde_json::to_string(&e).unwrap();
    let back: Evaluation = serde_json::from_str(&json).unwrap();
    assert_eq!(back.results.len(), e.results.len());
    for (a, b) in back.results.iter().zip(&e.results) {
        assert_eq!((&a.indicator_id, &a.org_unit_id, a.status), (&b.indicator_id, &b.org_unit_id, b.status));
        assert_eq!(a.value.is_some(), b.value.is_some());
        assert!((a.value.unwrap_or(0.0) - b.value.unwrap_or(0.0)).abs() < 1e-9);
    }
    assert_eq!(e.for_org("dak-koi").len(), Plan::embedded().indicators.len());
    assert_eq!(e.for_indicator("27").len(), Plan::embedded().org_units.all().len());
    assert!(e.for_indicator("27").iter().all(|r| r.indicator_id == "27"));
    assert!(e.for_org("nowhere").is_empty());
    assert!(e.result("99", DISTRICT).is_none());
}
