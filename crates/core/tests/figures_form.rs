//! The office figures form: every field of `EnteredFigures` is on it, answers round-trip as
//! input text, bad input changes nothing and says why, cross-field checks, and what an office
//! enters reaches the engine (#19 doctors per 10,000).

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{Dataset, EnteredFigures, RecordMeta};
use ansinh_core::engine::evaluate;
use ansinh_core::i18n::Lang;
use ansinh_core::views::figures_form::{field, get, problems, set, FieldKind, FIELDS};
use chrono::{TimeZone, Utc};
use uuid::Uuid;

fn blank(unit: &str) -> EnteredFigures {
    let at = Utc.with_ymd_and_hms(2026, 11, 1, 1, 0, 0).unwrap();
    EnteredFigures::new(RecordMeta::new(Uuid::from_u128(7), at), unit, 2026)
}

fn sample(kind: FieldKind) -> (&'static str, &'static str) {
    match kind {
        FieldKind::Count => ("12", "12"),
        FieldKind::Decimal => ("64.5", "64,5"),
        FieldKind::YesNo => ("no", "no"),
        FieldKind::Assessment => ("in_progress", "in_progress"),
    }
}

#[test]
fn every_entered_field_is_on_the_form_and_round_trips() {
    let mut fig = blank("dak-koi");
    for f in FIELDS {
        assert_eq!(get(&fig, f.id), "", "{} starts unanswered", f.id);
        let (typed, shown) = sample(f.kind);
        set(&mut fig, f.id, typed).unwrap_or_else(|e| panic!("{}: {}", f.id, e.vi));
        assert_eq!(get(&fig, f.id), shown, "{}", f.id);
        assert!(!f.vi.is_empty() && !f.en.is_empty());
    }
    // With everything answered, the record's JSON has exactly the form's fields besides the
    // identity and the survey-progress map: a field added to EnteredFigures but not to the form
    // fails here.
    let json = serde_json::to_value(&fig).unwrap();
    let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    keys.retain(|k| !["meta", "org_unit_id", "year", "expected_households"].contains(k));
    keys.sort_unstable();
    let mut ids: Vec<&str> = FIELDS.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    assert_eq!(keys, ids);
    // Empty text clears.
    for f in FIELDS {
        set(&mut fig, f.id, "  ").unwrap();
        assert_eq!(get(&fig, f.id), "", "{}", f.id);
    }
    assert_eq!(fig, blank("dak-koi"));
}

#[test]
fn bad_input_changes_nothing_and_says_why_in_vietnamese() {
    let mut fig = blank("dak-koi");
    set(&mut fig, "doctors", "4").unwrap();
    let before = fig.clone();
    for (id, text, says) in [
        ("doctors", "bốn", "không phải là số nguyên"),
        ("doctors", "-1", "không được âm"),
        ("life_expectancy_years", "sáu mươi", "không phải là số"),
        ("wastewater_treated_percent", "-3", "không được âm"),
        ("preschool_universalised", "có lẽ", "Chọn Có hoặc Không"),
        ("malaria", "done", "Chọn Đạt"),
        ("beds", "3", "Không có trường"),
    ] {
        let e = set(&mut fig, id, text).unwrap_err();
        assert!(e.get(Lang::Vi).contains(says), "{id} {text:?}: {}", e.vi);
        assert!(!e.get(Lang::En).is_empty());
        assert_eq!(fig, before, "{id} {text:?} changed the record");
    }
    assert_eq!(field("malaria").unwrap().kind, FieldKind::Assessment);
    assert!(field("expected_households").is_none());
}

#[test]
fn a_part_larger_than_its_total_and_impossible_values_are_problems() {
    let mut fig = blank("dak-koi");
    for (id, v) in [
        ("health_stations_total", "3"),
        ("health_stations_sanitation_ok", "4"),
        ("schools_total", "5"),
        ("schools_sanitation_ok", "5"),
        ("rural_points_total", "2"),
        ("rural_points_wastewater_collected", "3"),
        ("wastewater_treated_percent", "100,5"),
        ("life_expectancy_years", "70"),
    ] {
        set(&mut fig, id, v).unwrap();
    }
    let ids: Vec<&str> = problems(&fig).iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        ["health_stations_sanitation_ok", "rural_points_wastewater_collected", "wastewater_treated_percent"]
    );
    assert!(problems(&fig)[0].1.vi.contains("4 lớn hơn tổng số 3"));
}

#[test]
fn entered_figures_reach_the_engine() {
    // #19 doctors per 10,000 of the official population, district level: 12 / 24,000 × 10,000 = 5.
    let mut fig = blank("kon-ray");
    set(&mut fig, "doctors", "12").unwrap();
    set(&mut fig, "official_population", "24000").unwrap();
    let data = Dataset { households: vec![], figures: vec![fig] };
    let e = evaluate(Plan::embedded(), &data, 2026).unwrap();
    let r = e.result("19", "kon-ray").unwrap();
    assert_eq!(r.value, Some(5.0));
}
