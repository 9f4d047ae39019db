//! The household form's core: skip logic by age and sex, form-level checks (numbers as typed,
//! answers that no longer apply, completeness), and the household list's index and progress.

use ansinh_core::domain::growth::Measured;
use ansinh_core::domain::person::Sex;
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::skip::{questions, Ask, SkipRules};
use ansinh_core::domain::survey::*;
use ansinh_core::synth;
use ansinh_core::views::household_index::*;
use ansinh_core::views::survey_form::*;
use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const SURVEY: (i32, u32, u32) = (2025, 10, 1);

fn survey() -> NaiveDate {
    d(SURVEY.0, SURVEY.1, SURVEY.2)
}

fn q(sex: Sex, dob: NaiveDate) -> ansinh_core::domain::skip::MemberQuestions {
    questions(Some(sex), Some(dob), survey(), &SkipRules::DEFAULT)
}

// ---------------------------------------------------------------------------------------------
// Skip logic
// ---------------------------------------------------------------------------------------------

#[test]
fn a_three_year_old_gets_height_not_labour() {
    let boy = q(Sex::Male, d(2022, 6, 1)); // 40 months
    assert_eq!(boy.age.map(|a| (a.years, a.months)), Some((3, 40)));
    assert_eq!(boy.height, Ask::Required);
    assert_eq!(boy.labour, Ask::NotAsked);
    assert_eq!(boy.schooling, Ask::NotAsked);
    assert_eq!(boy.births, Ask::NotAsked);
    assert_eq!(boy.vaccination, Ask::Optional, "24–59 months: kept if given, not required");
    assert_eq!(boy.lonely_elderly, Ask::NotAsked);
    assert_eq!(boy.old_age_benefit, Ask::NotAsked);
}

#[test]
fn labour_questions_start_on_the_fifteenth_birthday() {
    assert_eq!(q(Sex::Male, d(2010, 10, 1)).labour, Ask::Required);
    assert_eq!(q(Sex::Male, d(2010, 10, 2)).labour, Ask::NotAsked);
    assert_eq!(q(Sex::Male, d(2010, 10, 2)).schooling, Ask::Required);
}

#[test]
fn births_only_for_women_15_to_49() {
    assert_eq!(q(Sex::Female, d(1995, 1, 1)).births, Ask::Required);
    assert_eq!(q(Sex::Male, d(1995, 1, 1)).births, Ask::NotAsked);
    assert_eq!(q(Sex::Female, d(2010, 10, 1)).births, Ask::Required, "15 today");
    assert_eq!(q(Sex::Female, d(2010, 10, 2)).births, Ask::NotAsked, "15 tomorrow");
    assert_eq!(q(Sex::Female, d(1975, 10, 2)).births, Ask::Required, "49, 50 tomorrow");
    assert_eq!(q(Sex::Female, d(1975, 10, 1)).births, Ask::NotAsked, "50 today");
}

#[test]
fn vaccination_for_12_to_23_months_height_under_5() {
    let at = |y, m, day| q(Sex::Female, d(y, m, day));
    assert_eq!(at(2024, 10, 2).vaccination, Ask::NotAsked, "11 months");
    assert_eq!(at(2024, 10, 1).vaccination, Ask::Required, "12 months");
    assert_eq!(at(2023, 10, 2).vaccination, Ask::Required, "23 months");
    assert_eq!(at(2023, 10, 1).vaccination, Ask::Optional, "24 months");
    assert_eq!(at(2020, 10, 2).vaccination, Ask::Optional, "59 months");
    assert_eq!(at(2020, 10, 2).height, Ask::Required, "59 months");
    assert_eq!(at(2020, 10, 1).vaccination, Ask::NotAsked, "60 months");
    assert_eq!(at(2020, 10, 1).height, Ask::NotAsked, "60 months");
    assert_eq!(at(2025, 10, 1).height, Ask::Required, "born today");
}

#[test]
fn schooling_from_5_benefit_from_55_lonely_elderly_from_60() {
    assert_eq!(q(Sex::Male, d(2020, 10, 2)).schooling, Ask::NotAsked, "4 years 11 months");
    assert_eq!(q(Sex::Male, d(2020, 10, 1)).schooling, Ask::Required, "5 years");
    assert_eq!(q(Sex::Male, d(1970, 10, 2)).old_age_benefit, Ask::NotAsked, "54");
    assert_eq!(q(Sex::Male, d(1970, 10, 1)).old_age_benefit, Ask::Required, "55");
    assert_eq!(q(Sex::Female, d(1965, 10, 2)).lonely_elderly, Ask::NotAsked, "59");
    assert_eq!(q(Sex::Female, d(1965, 10, 1)).lonely_elderly, Ask::Required, "60");
    assert_eq!(q(Sex::Female, d(1965, 10, 1)).schooling, Ask::Required, "adults keep the level question");
}

#[test]
fn an_unknown_or_impossible_age_asks_nothing_age_dependent() {
    for dob in [None, Some(d(2025, 10, 2)), Some(d(1900, 1, 1))] {
        let mq = questions(Some(Sex::Female), dob, survey(), &SkipRules::DEFAULT);
        assert_eq!(mq.age, None, "{dob:?}");
        let all =
            [mq.labour, mq.old_age_benefit, mq.schooling, mq.births, mq.vaccination, mq.height, mq.lonely_elderly];
        assert!(all.iter().all(|a| *a == Ask::NotAsked), "{dob:?}: {mq:?}");
    }
}

#[test]
fn skip_ages_come_from_the_plan() {
    assert_eq!(SkipRules::from_plan(Plan::embedded()), SkipRules::DEFAULT);
    // A plan that measures vaccination at 12–35 months asks it up to 35 months.
    let mut plan = Plan::embedded().clone();
    for ind in &mut plan.indicators {
        if let ansinh_core::domain::plan::Computation::FullVaccination { max_age_months, .. } = &mut ind.computation {
            *max_age_months = 35;
        }
    }
    let rules = SkipRules::from_plan(&plan);
    assert_eq!(rules.vaccination_max_months, 35);
    let thirty_months = questions(Some(Sex::Male), Some(d(2023, 4, 1)), survey(), &rules);
    assert_eq!(thirty_months.vaccination, Ask::Required);
    assert_eq!(q(Sex::Male, d(2023, 4, 1)).vaccination, Ask::Optional);
}

// ---------------------------------------------------------------------------------------------
// Form-level checks
// ---------------------------------------------------------------------------------------------

fn uid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn everyone(mut m: Member) -> Member {
    m.health_insurance = Some(true);
    m.health_record = Some(true);
    m.primary_care = Some(PrimaryCare::NotUsed);
    m.social_assistance = Some(false);
    m
}

/// A complete household of three: a 35-year-old head, his wife of 30, their boy of 3.
fn household() -> Household {
    let at = Utc.with_ymd_and_hms(2025, 10, 1, 3, 0, 0).unwrap();
    let mut h = Household::new(RecordMeta::new(uid(1), at), "dak-koi", "dak-koi-thon-2", survey());
    h.ethnic_minority = Some(true);
    h.remote_village = Some(true);
    h.poverty = Some(PovertyStatus::Poor);
    h.disaster_affected = Some(false);
    h.meritorious_service = Some(false);
    h.income_per_person_vnd = Some(900_000);
    h.housing = Some(HousingType::Temporary);
    h.floor_area_m2 = Some(24.0);
    h.water = Some(WaterSource::ProtectedWell);
    h.latrine = Some(Latrine::Unhygienic);
    h.radio_tv = Some(true);
    h.deaths_last_12m = Some(0);
    let adult = |m: Member| {
        let mut m = everyone(m);
        m.schooling = Some(Schooling { enrolment: Enrolment::NotEnrolled, highest_completed: EducationLevel::Primary });
        m.labour_status = Some(LabourStatus::Employed);
        m.qualification = Some(Qualification::NoQualification);
        m.social_insurance = Some(SocialInsurance::NotInsured);
        m.unemployment_insurance = Some(false);
        m
    };
    let head = adult(Member::new(uid(10), "A Blưu", Sex::Male, d(1990, 3, 1), Relation::Head));
    let mut wife = adult(Member::new(uid(11), "Y Đắk", Sex::Female, d(1995, 5, 5), Relation::Spouse));
    wife.births_last_12m = Some(0);
    let mut boy = everyone(Member::new(uid(12), "A Hơn", Sex::Male, d(2022, 6, 1), Relation::Child));
    boy.height = Some(HeightMeasurement { height_cm: 95.0, measured: Measured::Standing, date: survey() });
    h.members = vec![head, wife, boy];
    h.completeness = Completeness::Complete;
    h
}

fn report(h: &Household, unparsed: &Unparsed) -> FormReport {
    FormReport::new(h, unparsed, &SkipRules::DEFAULT)
}

fn fields(r: &FormReport) -> Vec<(String, Severity)> {
    r.problems.iter().map(|p| (p.field.clone(), p.severity)).collect()
}

#[test]
fn the_fixture_may_be_complete() {
    let r = report(&household(), &Unparsed::new());
    assert!(r.can_complete(), "{r:#?}");
}

#[test]
fn amounts_parse_as_vietnamese_write_them() {
    assert_eq!(parse_amount("1.800.000"), Ok(Some(1_800_000)));
    assert_eq!(parse_amount(" 1 800 000 "), Ok(Some(1_800_000)));
    assert_eq!(parse_amount("1,800,000"), Ok(Some(1_800_000)));
    assert_eq!(parse_amount("950000"), Ok(Some(950_000)));
    assert_eq!(parse_amount("0"), Ok(Some(0)));
    assert_eq!(parse_amount("   "), Ok(None));
    for bad in ["abc", "1.8", "12tr", "1..000", ".500", "1.8000", "99999999999999999999"] {
        let e = parse_amount(bad).unwrap_err();
        assert!(e.vi.contains("không phải là số tiền"), "{bad}: {}", e.vi);
    }
    assert_eq!(parse_amount("-5").unwrap_err().vi, "Số tiền không được âm");
}

#[test]
fn numbers_are_written_back_as_they_are_read() {
    assert_eq!(format_amount(1_800_000), "1.800.000");
    assert_eq!(format_amount(950), "950");
    assert_eq!(format_amount(1000), "1.000");
    assert_eq!(format_amount(-12_345), "-12.345");
    assert_eq!(format_decimal(64.5), "64,5");
    assert_eq!(format_decimal(30.0), "30");
    assert_eq!(format_decimal(87.25), "87,25");
    for v in [0, 7, 1000, 123_456_789] {
        assert_eq!(parse_amount(&format_amount(v)), Ok(Some(v)));
    }
    for v in [0.5, 64.5, 120.0] {
        assert_eq!(parse_decimal(&format_decimal(v)), Ok(Some(v)));
    }
}

#[test]
fn decimals_take_a_comma_or_a_point() {
    assert_eq!(parse_decimal("64,5"), Ok(Some(64.5)));
    assert_eq!(parse_decimal("64.5"), Ok(Some(64.5)));
    assert_eq!(parse_decimal("-3"), Ok(Some(-3.0)));
    assert_eq!(parse_decimal(""), Ok(None));
    for bad in ["1e5", "6,4,5", "mười", ",", "NaN", "inf"] {
        assert!(parse_decimal(bad).unwrap_err().vi.contains("không phải là số"), "{bad}");
    }
    assert_eq!(parse_count("2"), Ok(Some(2)));
    assert_eq!(parse_count("-1"), Ok(Some(-1)));
    assert!(parse_count("1,5").is_err());
}

#[test]
fn income_that_is_not_a_number_is_an_error_on_its_field() {
    let mut h = household();
    // The form keeps no value for a text it cannot read.
    h.income_per_person_vnd = None;
    let mut unparsed = Unparsed::new();
    unparsed.insert("income_per_person_vnd".into(), parse_amount("hai triệu").unwrap_err());
    let r = report(&h, &unparsed);
    assert_eq!(fields(&r), vec![("income_per_person_vnd".to_owned(), Severity::Error)]);
    let p = r.at("income_per_person_vnd").next().unwrap();
    assert_eq!(p.message.vi, "“hai triệu” không phải là số tiền; chỉ nhập chữ số, ví dụ 1.800.000");
    assert!(!r.can_complete());
}

#[test]
fn every_form_problem_at_once_each_on_its_field() {
    let mut h = household();
    h.floor_area_m2 = Some(0.0);
    h.members[1].date_of_birth = Some(d(2026, 1, 1)); // after the survey date
    h.members[2].height.as_mut().unwrap().height_cm = 160.0; // z far above 6 at 40 months
    h.members[0].relation = Some(Relation::Child); // no head left
    let mut mai = Member::blank(uid(13));
    mai.name = "Y Mai".into();
    mai.sex = Some(Sex::Female);
    mai.relation = Some(Relation::Child);
    h.members.push(mai);
    let mut unparsed = Unparsed::new();
    unparsed.insert("income_per_person_vnd".into(), parse_amount("x").unwrap_err());
    h.income_per_person_vnd = None;
    let r = report(&h, &unparsed);
    let got = fields(&r);
    for want in [
        ("floor_area_m2", Severity::Error),
        ("members[1].date_of_birth", Severity::Error),
        ("members[2].height", Severity::Error),
        ("members", Severity::Missing),
        ("members[3].date_of_birth", Severity::Missing),
        ("income_per_person_vnd", Severity::Error),
    ] {
        assert!(got.contains(&(want.0.to_owned(), want.1)), "{want:?} not in {got:#?}");
    }
    // The unborn member is also missing the four questions for everyone; nothing else.
    assert_eq!(got.len(), 6 + 4, "{got:#?}");
    assert!(r.at("members[2].height").next().unwrap().message.vi.contains("cần đo lại"));
    assert_eq!(r.errors(), 4);
    assert_eq!(r.missing(), 6);
}

#[test]
fn two_heads_and_impossible_age_are_errors() {
    let mut h = household();
    h.members[1].relation = Some(Relation::Head);
    h.members[0].date_of_birth = Some(d(1890, 1, 1));
    let r = report(&h, &Unparsed::new());
    let got = fields(&r);
    assert!(got.contains(&("members".into(), Severity::Error)), "{got:?}");
    assert!(got.contains(&("members[0].date_of_birth".into(), Severity::Error)), "{got:?}");
    assert!(r.at("members[0].date_of_birth").next().unwrap().message.vi.contains("Tuổi 135 không hợp lý"));
}

#[test]
fn a_member_without_a_date_of_birth_keeps_the_household_a_draft() {
    let mut h = household();
    h.members[2].date_of_birth = None;
    let r = report(&h, &Unparsed::new());
    // Only the date is asked for; the boy's height is not judged without an age.
    assert_eq!(fields(&r), vec![("members[2].date_of_birth".to_owned(), Severity::Missing)]);
    assert!(settle_completeness(&mut h, &r));
    assert_eq!(h.completeness, Completeness::Draft);
    assert!(!settle_completeness(&mut h, &r), "already a draft");
    let json = serde_json::to_string(&h.members[2]).unwrap();
    assert!(!json.contains("date_of_birth"), "no stand-in date is stored: {json}");
}

#[test]
fn answers_that_no_longer_apply_are_flagged_then_cleared() {
    let mut h = household();
    // The wife's date of birth was mistyped as a child's: 3 years old.
    h.members[1].date_of_birth = Some(d(2022, 1, 1));
    let flagged: Vec<_> = report(&h, &Unparsed::new())
        .problems
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.field)
        .collect();
    let expected = [
        "members[1].schooling",
        "members[1].labour_status",
        "members[1].qualification",
        "members[1].social_insurance",
        "members[1].unemployment_insurance",
        "members[1].births_last_12m",
    ];
    assert_eq!(flagged, expected);
    let cleared = clear_inapplicable(&mut h, &SkipRules::DEFAULT);
    let mut sorted = cleared.clone();
    sorted.sort();
    let mut want = expected.to_vec();
    want.sort();
    assert_eq!(sorted, want);
    let m = &h.members[1];
    assert!(m.labour_status.is_none() && m.schooling.is_none() && m.births_last_12m.is_none());
    assert!(m.health_insurance.is_some(), "questions for everyone stay");
    // Now the 3-year-old needs a height, and has no error left.
    assert_eq!(fields(&report(&h, &Unparsed::new())), vec![("members[1].height".to_owned(), Severity::Missing)]);
    // Without a date of birth nothing is cleared.
    let mut h = household();
    h.members[0].date_of_birth = None;
    assert!(clear_inapplicable(&mut h, &SkipRules::DEFAULT).is_empty());
    assert!(h.members[0].labour_status.is_some());
}

// ---------------------------------------------------------------------------------------------
// Household list
// ---------------------------------------------------------------------------------------------

fn small() -> Vec<Household> {
    let mut a = household();
    let mut b = household();
    b.meta.id = uid(2);
    b.village_id = "dak-koi-thon-10".into();
    b.members[0].name = "Nguyễn Văn Đông".into();
    b.members[1].name = "Trần Thị Kôi".into();
    b.poverty = None;
    b.completeness = Completeness::Draft;
    b.meta.updated_at = Utc.with_ymd_and_hms(2025, 10, 2, 3, 0, 0).unwrap();
    let mut c = household();
    c.meta.id = uid(3);
    c.commune_id = "tan-lap".into();
    c.village_id = "tan-lap-thon-1".into();
    c.members[0].name = "Bùi Đắk Lắk".into();
    c.poverty = Some(PovertyStatus::NotPoor);
    c.meta.updated_at = Utc.with_ymd_and_hms(2025, 9, 30, 3, 0, 0).unwrap();
    a.members[0].name = "A Blưu".into();
    vec![a, b, c]
}

fn ids(v: &[&Entry]) -> Vec<u128> {
    v.iter().map(|e| e.id.as_u128()).collect()
}

#[test]
fn search_without_diacritics_over_head_and_members() {
    let hs = small();
    let mut idx = HouseholdIndex::new();
    assert_eq!(idx.sync(hs.iter().map(|h| (h, 1))), 3);
    let find = |text: &str| ids(&idx.query(&ListQuery { text: text.into(), sort: SortBy::Name, ..Default::default() }));
    assert_eq!(find("dak"), vec![1, 3], "“Y Đắk” is a member of 1, “Bùi Đắk Lắk” heads 3");
    assert_eq!(find("DONG"), vec![2]);
    assert_eq!(find("đông"), vec![2]);
    assert_eq!(find("dak lak"), vec![3], "both words in one name");
    assert_eq!(find("lak dak"), vec![3], "in any order");
    assert_eq!(find("dong koi"), vec![2], "words may match different members");
    assert_eq!(find("dongtran"), vec![], "a word does not run across two names");
    assert_eq!(find("hon"), vec![1, 3, 2], "every household has a boy A Hơn");
    assert_eq!(find(""), vec![1, 3, 2], "A Blưu, Bùi Đắk Lắk, Nguyễn Văn Đông");
}

#[test]
fn filters_and_sorts() {
    let hs = small();
    let mut idx = HouseholdIndex::new();
    idx.sync(hs.iter().map(|h| (h, 1)));
    let run = |q: ListQuery| ids(&idx.query(&q));
    assert_eq!(run(ListQuery { commune_id: Some("dak-koi".into()), ..Default::default() }), vec![2, 1]);
    assert_eq!(run(ListQuery { village_id: Some("dak-koi-thon-10".into()), ..Default::default() }), vec![2]);
    assert_eq!(run(ListQuery { poverty: Some(PovertyFilter::Is(PovertyStatus::Poor)), ..Default::default() }), vec![1]);
    assert_eq!(run(ListQuery { poverty: Some(PovertyFilter::NotAnswered), ..Default::default() }), vec![2]);
    assert_eq!(run(ListQuery { completeness: Some(Completeness::Complete), ..Default::default() }), vec![1, 3]);
    assert_eq!(run(ListQuery { sort: SortBy::Updated, ..Default::default() }), vec![2, 1, 3], "newest first");
    assert_eq!(run(ListQuery { sort: SortBy::Village, ..Default::default() }), vec![1, 2, 3], "thôn 2 before thôn 10");
    assert_eq!(natural_cmp("dak-koi-thon-2", "dak-koi-thon-10"), std::cmp::Ordering::Less);
    assert_eq!(natural_cmp("tdp-02", "tdp-2"), std::cmp::Ordering::Equal);
}

#[test]
fn sync_refolds_only_changed_records() {
    let mut hs = small();
    let mut idx = HouseholdIndex::new();
    assert_eq!(idx.sync(hs.iter().map(|h| (h, 1))), 3);
    assert_eq!(idx.sync(hs.iter().map(|h| (h, 1))), 0, "nothing changed: nothing folded");
    hs[1].members[0].name = "Lê Văn Thành".into();
    let revs = [1, 2, 1];
    assert_eq!(idx.sync(hs.iter().zip(revs)), 1);
    let q = ListQuery { text: "thanh".into(), ..Default::default() };
    assert_eq!(ids(&idx.query(&q)), vec![2]);
    // A deleted record leaves the index.
    assert_eq!(idx.sync(hs[..1].iter().map(|h| (h, 1))), 0);
    assert_eq!(idx.len(), 1);
}

#[test]
fn the_synthetic_district_of_7500_is_searched_like_a_scan() {
    let d = synth::district(7500, 1);
    let mut idx = HouseholdIndex::new();
    assert_eq!(idx.sync(d.households.iter().map(|h| (h, 1))), 7500);
    let fold = ansinh_core::views::search::fold;
    // Brute force: the households with a member whose folded name holds the word.
    let scan = |word: &str| -> std::collections::BTreeSet<Uuid> {
        d.households
            .iter()
            .filter(|h| h.members.iter().any(|m| fold(&m.name).contains(word)))
            .map(|h| h.meta.id)
            .collect()
    };
    for (typed, word) in [("Đặng", "dang"), ("dang", "dang"), ("blơng", "blong"), ("Y", "y")] {
        let got: std::collections::BTreeSet<Uuid> =
            idx.query(&ListQuery { text: typed.into(), ..Default::default() }).iter().map(|e| e.id).collect();
        let want = scan(word);
        assert_eq!(got, want, "{typed}");
    }
    assert!(!scan("dang").is_empty() && !scan("blong").is_empty(), "the district has names to find");
    // Filters: commune + complete + poor, sorted by village; every row satisfies them.
    let q = ListQuery {
        commune_id: Some("dak-koi".into()),
        completeness: Some(Completeness::Complete),
        poverty: Some(PovertyFilter::Is(PovertyStatus::Poor)),
        sort: SortBy::Village,
        ..Default::default()
    };
    let rows = idx.query(&q);
    let want =
        d.households.iter().filter(|h| h.commune_id == "dak-koi" && h.poverty == Some(PovertyStatus::Poor)).count();
    assert_eq!(rows.len(), want);
    assert!(want > 0);
    assert!(rows.windows(2).all(|w| natural_cmp(&w[0].village_id, &w[1].village_id).is_le()));
    let by_name = idx.query(&ListQuery { sort: SortBy::Name, ..Default::default() });
    assert!(by_name
        .windows(2)
        .all(|w| fold(w[0].head.as_deref().unwrap_or("")) <= fold(w[1].head.as_deref().unwrap_or(""))));
}

#[test]
fn progress_per_village_against_the_entered_figure() {
    let mut hs = small();
    let mut d2 = household();
    d2.meta.id = uid(4);
    d2.completeness = Completeness::Draft;
    let mut old = household();
    old.meta.id = uid(5);
    old.survey_date = d(2024, 12, 31);
    hs.push(d2);
    hs.push(old);
    let at = |day| Utc.with_ymd_and_hms(2025, 10, day, 0, 0, 0).unwrap();
    let mut f = EnteredFigures::new(RecordMeta::new(uid(20), at(5)), "dak-koi", 2025);
    f.expected_households.insert("dak-koi-thon-2".into(), 8);
    f.expected_households.insert("dak-koi-thon-10".into(), 3);
    let mut older = EnteredFigures::new(RecordMeta::new(uid(21), at(1)), "dak-koi", 2025);
    older.expected_households.insert("dak-koi-thon-2".into(), 50);
    let mut other_year = EnteredFigures::new(RecordMeta::new(uid(22), at(9)), "dak-koi", 2024);
    other_year.expected_households.insert("dak-koi-thon-2".into(), 99);
    let villages: Vec<String> =
        ["dak-koi-thon-2", "dak-koi-thon-10", "tan-lap-thon-1", "tan-lap-thon-2"].map(String::from).to_vec();
    let p = village_progress(&villages, &hs, [&older, &f, &other_year], 2025);
    assert_eq!(
        p,
        vec![
            VillageProgress { village_id: "dak-koi-thon-2".into(), surveyed: 2, complete: 1, expected: Some(8) },
            VillageProgress { village_id: "dak-koi-thon-10".into(), surveyed: 1, complete: 0, expected: Some(3) },
            VillageProgress { village_id: "tan-lap-thon-1".into(), surveyed: 1, complete: 1, expected: None },
            VillageProgress { village_id: "tan-lap-thon-2".into(), surveyed: 0, complete: 0, expected: None },
        ]
    );
    assert_eq!(p[0].percent(), Some(25.0));
    assert_eq!(p[1].percent(), Some(33.3));
    assert_eq!(p[2].percent(), None);
}

// ---------------------------------------------------------------------------------------------
// No answer assumed; progress by part of the form
// ---------------------------------------------------------------------------------------------

#[test]
fn a_new_member_starts_with_no_answer_at_all() {
    let m = Member::blank(uid(30));
    assert_eq!(m.sex, None, "no preset sex");
    assert_eq!(m.relation, None, "no preset relation");
    assert_eq!(m.date_of_birth, None);
    // Stored, it carries nothing but its id and (empty) name: no answer is invented.
    let json = serde_json::to_value(&m).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "name"], "{json}");
    let back: Member = serde_json::from_value(json).unwrap();
    assert_eq!(back, m);

    // In a household, every identity question and every question for everyone is missing.
    let mut h = household();
    h.members.push(m);
    let r = report(&h, &Unparsed::new());
    let mine: Vec<(String, Severity)> = fields(&r).into_iter().filter(|(f, _)| f.starts_with("members[3].")).collect();
    let want = [
        "name",
        "sex",
        "relation",
        "date_of_birth",
        "health_insurance",
        "health_record",
        "primary_care",
        "social_assistance",
    ];
    for f in want {
        assert!(mine.contains(&(format!("members[3].{f}"), Severity::Missing)), "{f} not missing: {mine:?}");
    }
    assert_eq!(mine.len(), want.len(), "{mine:?}");
    assert_eq!(r.member_counts(3), Counts { errors: 0, missing: 8 });
    assert!(r.member_counts(0).done());
    assert!(r.household_counts().done());
}

#[test]
fn births_wait_for_the_sex_and_an_unknown_sex_clears_nothing() {
    let mut h = household();
    h.members[1].sex = None; // the wife of 30, births answered
    assert!(!ansinh_core::domain::skip::questions(None, h.members[1].date_of_birth, survey(), &SkipRules::DEFAULT)
        .births
        .shown());
    assert!(clear_inapplicable(&mut h, &SkipRules::DEFAULT).is_empty());
    assert_eq!(h.members[1].births_last_12m, Some(0), "kept until the sex is known");
    let r = report(&h, &Unparsed::new());
    assert_eq!(fields(&r), vec![("members[1].sex".to_owned(), Severity::Missing)]);
    // Known as a man: the births answer goes.
    h.members[1].sex = Some(Sex::Male);
    assert_eq!(clear_inapplicable(&mut h, &SkipRules::DEFAULT), vec!["members[1].births_last_12m".to_owned()]);
}

#[test]
fn a_person_without_sex_is_left_out_of_age_rules_by_the_engine() {
    let plan = Plan::embedded();
    let mut h = household();
    let ds = |h: &Household| Dataset { households: vec![h.clone()], ..Default::default() };
    let before = ansinh_core::engine::evaluate(plan, &ds(&h), 2025).unwrap();
    h.members[0].sex = None;
    let after = ansinh_core::engine::evaluate(plan, &ds(&h), 2025).unwrap();
    // Trained labour share (aged 15+): the head is no longer counted.
    let share = |e: &ansinh_core::engine::Evaluation| {
        plan.indicators
            .iter()
            .filter_map(|i| e.result(&i.id, "dak-koi-thon-2"))
            .map(|r| r.excluded.len())
            .sum::<usize>()
    };
    assert!(share(&after) > share(&before), "the person without sex is excluded somewhere");
}

mod partition {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every problem belongs to exactly one part of the form: the household's own or one
        /// member's card, so the progress shown adds up to the form's total.
        #[test]
        fn counts_by_part_add_up(clear in proptest::collection::vec(any::<bool>(), 40), extra in 0usize..3) {
            let mut h = household();
            let mut bits = clear.into_iter();
            let mut next = || bits.next().unwrap_or(false);
            if next() { h.poverty = None; }
            if next() { h.water = None; }
            if next() { h.floor_area_m2 = Some(-1.0); }
            if next() { h.deaths_last_12m = None; }
            for m in h.members.iter_mut() {
                if next() { m.sex = None; }
                if next() { m.relation = None; }
                if next() { m.date_of_birth = None; }
                if next() { m.health_insurance = None; }
                if next() { m.labour_status = None; }
                if next() { m.name.clear(); }
            }
            for k in 0..extra {
                h.members.push(Member::blank(uid(40 + k as u128)));
            }
            if next() { h.members[0].relation = Some(Relation::Spouse); } // no head: a list problem
            let r = report(&h, &Unparsed::new());
            let mut total = r.household_counts();
            total.errors += r.members_counts().errors;
            total.missing += r.members_counts().missing;
            for i in 0..h.members.len() {
                let c = r.member_counts(i);
                total.errors += c.errors;
                total.missing += c.missing;
            }
            prop_assert_eq!(total, Counts { errors: r.errors(), missing: r.missing() });
            for k in 0..extra {
                let i = 3 + k;
                prop_assert!(r.member_counts(i).missing >= 8, "a blank member misses its 8 first questions");
            }
        }
    }
}
