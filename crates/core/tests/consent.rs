//! Issue #19, "The household was told": the notice's answer is part of the household record,
//! travels in bundles and survives merges; a refusal keeps only the minimal set; records made
//! before the notice load as "not recorded", never as agreement.

mod bundle_support;

use ansinh_core::domain::consent::{
    self, answer_notice, has_personal_data, Status, KEPT_WITHOUT_CONSENT, NOTICE_VERSION,
};
use ansinh_core::domain::survey::{Consent, ConsentAnswer, Household, Member, Relation, Severity};
use ansinh_core::sync::bundle::{import, merge, parse_bundle, ExportScope, Limits, LocalState};
use bundle_support::*;
use chrono::NaiveDate;
use proptest::prelude::*;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 9, 1).unwrap() + chrono::Days::new(u64::from(n % 29))
}

fn with_member(mut h: Household) -> Household {
    let dob = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap();
    h.members.push(Member::new(id(900), "Nguyễn Văn A", ansinh_core::domain::person::Sex::Male, dob, Relation::Head));
    h.ethnic_minority = Some(true);
    h
}

#[test]
fn a_record_from_before_the_notice_loads_as_not_recorded() {
    let h = household(1, 5, 1_000_000);
    let mut json = serde_json::to_value(&h).unwrap();
    assert!(json.get("consent").is_none(), "no field written when nothing is recorded");
    json.as_object_mut().unwrap().remove("consent");
    let back: Household = serde_json::from_value(json).unwrap();
    assert_eq!(back.consent, None);
    assert_eq!(Status::of(&back), Status::NotRecorded);
    assert_eq!(Status::of(&back).label().vi, "Chưa ghi nhận thông báo");
    assert!(!back.declined_consent());
}

#[test]
fn the_answer_is_stored_with_its_date_and_the_notice_version() {
    let mut h = household(1, 5, 1_000_000);
    answer_notice(&mut h, ConsentAnswer::Agreed, day(3));
    assert_eq!(
        h.consent,
        Some(Consent { answer: ConsentAnswer::Agreed, date: day(3), notice_version: NOTICE_VERSION })
    );
    let json = serde_json::to_value(&h).unwrap();
    assert_eq!(json["consent"]["answer"], "agreed");
    assert_eq!(json["consent"]["date"], "2025-09-04");
    assert_eq!(json["consent"]["notice_version"], NOTICE_VERSION);
    // Agreement keeps the answers.
    assert_eq!(h.income_per_person_vnd, Some(1_000_000));
}

#[test]
fn a_refusal_keeps_only_the_minimal_set() {
    for answer in [ConsentAnswer::Refused, ConsentAnswer::UnableToAnswer] {
        let mut h = with_member(household(1, 5, 1_000_000));
        assert!(has_personal_data(&h));
        answer_notice(&mut h, answer, day(0));
        assert!(!has_personal_data(&h));
        assert!(h.declined_consent());
        let json = serde_json::to_value(&h).unwrap();
        let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        keys.retain(|k| *k != "members" || !json["members"].as_array().unwrap().is_empty());
        for k in &keys {
            assert!(KEPT_WITHOUT_CONSENT.contains(k), "{k} kept without consent");
        }
        assert_eq!(h.village_id, "dak-koi-thon-1");
        // Nothing is asked of a household without consent: no missing answers.
        assert!(h.validate().is_empty(), "{:?}", h.validate());
    }
}

#[test]
fn personal_data_left_in_a_refused_record_is_an_error() {
    let mut h = with_member(household(1, 5, 1_000_000));
    h.consent = Some(Consent { answer: ConsentAnswer::Refused, date: day(0), notice_version: NOTICE_VERSION });
    let problems = h.validate();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].field.as_str(), problems[0].severity), ("consent", Severity::Error));
    // Such a file is refused at import.
    let mut state = LocalState::new();
    state.save_household(h);
    let b = export(&mut state, 1, "tab-a", 10, ExportScope::All);
    assert!(parse_bundle(b.to_json(false).as_bytes(), plan(), &Limits::default()).is_err());
}

#[test]
fn the_notice_is_in_both_languages() {
    let n = consent::notice();
    assert!(n.len() >= 7);
    assert_eq!(n[0].vi, "Thông báo về xử lý dữ liệu cá nhân");
}

fn answer() -> impl Strategy<Value = Option<ConsentAnswer>> {
    prop_oneof![
        Just(None),
        Just(Some(ConsentAnswer::Agreed)),
        Just(Some(ConsentAnswer::Refused)),
        Just(Some(ConsentAnswer::UnableToAnswer)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the answer, it comes back identical through a bundle file (export, parse,
    /// import on another tablet), and a merge keeps the newer edit's answer on every side.
    #[test]
    fn the_answer_travels_in_bundles_and_survives_merges(
        first in answer(),
        second in answer(),
        d1 in 0u32..60,
        d2 in 0u32..60,
        version in 1u32..4,
    ) {
        let mut h = household(7, 10, 1_500_000);
        if let Some(a) = first {
            answer_notice(&mut h, a, day(d1));
            h.consent.as_mut().unwrap().notice_version = version;
        }
        let mut a = LocalState::new();
        a.save_household(h.clone());
        let bundle = export(&mut a, 1, "tab-a", 20, ExportScope::All);
        let text = bundle.to_json(false);
        let parsed = parse_bundle(text.as_bytes(), plan(), &Limits::default()).unwrap();
        let mut b = LocalState::new();
        import(&mut b, text.as_bytes(), plan(), &Limits::default()).unwrap();
        prop_assert_eq!(b.households().get(&h.meta.id).map(|x| x.consent), Some(h.consent));
        prop_assert_eq!(b.households().get(&h.meta.id), Some(&h));

        // Tablet B answers (again) later; A merges B's export, B merges A's: both keep B's.
        let mut h2 = h.clone();
        h2.meta.updated_at = t(30);
        if let Some(ans) = second {
            answer_notice(&mut h2, ans, day(d2));
        }
        b.save_household(h2.clone());
        let from_b = export(&mut b, 2, "tab-b", 40, ExportScope::All);
        merge(&mut a, &from_b);
        merge(&mut b, &parsed);
        prop_assert_eq!(a.households().get(&h.meta.id).map(|x| x.consent), Some(h2.consent));
        prop_assert_eq!(b.households().get(&h.meta.id).map(|x| x.consent), Some(h2.consent));
        prop_assert_eq!(a.households().get(&h.meta.id), b.households().get(&h.meta.id));
    }
}
