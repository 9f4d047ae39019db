//! Broken plan files: each gives the right error, with the field path, in both languages,
//! and no input makes `Plan::from_json` panic.

use ansinh_core::domain::plan::*;
use ansinh_core::i18n::Lang;
use proptest::prelude::*;
use serde_json::{json, Value};

fn embedded_value() -> Value {
    serde_json::from_str(EMBEDDED_PLAN_JSON).unwrap()
}

fn load(v: &Value) -> Result<Plan, PlanError> {
    Plan::from_json(&serde_json::to_string_pretty(v).unwrap())
}

fn problems(v: &Value) -> Vec<Problem> {
    match load(v) {
        Err(PlanError::Invalid(p)) => p,
        other => panic!("expected semantic problems, got {other:?}"),
    }
}

fn has(problems: &[Problem], path: &str, pred: impl Fn(&ProblemKind) -> bool) -> bool {
    problems.iter().any(|p| p.path == path && pred(&p.kind))
}

#[test]
fn invalid_json_reports_line_and_column() {
    let err = Plan::from_json("{\n  \"format_version\": 1,\n  \"id\": \n}").unwrap_err();
    match &err {
        PlanError::Syntax { line, .. } => assert_eq!(*line, 4),
        other => panic!("{other:?}"),
    }
    assert!(err.message(Lang::Vi).contains("không phải JSON hợp lệ"));
    assert!(err.message(Lang::En).contains("invalid JSON"));
    assert!(matches!(Plan::from_json(""), Err(PlanError::Syntax { .. })));
    let truncated = &EMBEDDED_PLAN_JSON[..EMBEDDED_PLAN_JSON.len() / 2];
    assert!(matches!(Plan::from_json(truncated), Err(PlanError::Syntax { .. })));
}

#[test]
fn not_an_object_or_no_version() {
    assert!(matches!(Plan::from_json("[1, 2]"), Err(PlanError::Field { .. })));
    let mut v = embedded_value();
    v.as_object_mut().unwrap().remove("format_version");
    let err = load(&v).unwrap_err();
    assert_eq!(err.path(), Some("format_version"));
    assert!(matches!(err, PlanError::Field { position: None, .. }));
    assert_eq!(err.to_string(), "format_version: missing field `format_version`");
    assert_eq!(err.message(Lang::Vi), "format_version: thiếu trường `format_version` (missing field `format_version`)");
}

#[test]
fn unsupported_version_is_reported_before_the_shape() {
    let mut v = embedded_value();
    v["format_version"] = json!(3);
    // A future format may change the shape; the version must be the error, not a field.
    v["indicators"] = json!("changed in v3");
    let err = load(&v).unwrap_err();
    assert_eq!(err, PlanError::UnsupportedVersion { found: 3, supported: vec![2] });
    assert!(err.message(Lang::Vi).contains("chưa được hỗ trợ"));
    assert!(err.to_string().contains("unsupported plan format version 3"));
}

#[test]
fn missing_field_names_the_object_and_the_field() {
    let mut v = embedded_value();
    v["indicators"][3].as_object_mut().unwrap().remove("target");
    let err = load(&v).unwrap_err();
    match &err {
        PlanError::Field { path, detail, .. } => {
            assert_eq!(path, "indicators[3]");
            assert!(detail.contains("missing field `target`"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.message(Lang::Vi).starts_with("indicators[3]: thiếu trường `target`"), "{}", err.message(Lang::Vi));
    assert!(matches!(err, PlanError::Field { position: Some((line, _)), .. } if line > 1));
}

#[test]
fn wrong_type_names_the_path() {
    let mut v = embedded_value();
    v["indicators"][3]["target"] = json!("50%");
    let err = load(&v).unwrap_err();
    assert_eq!(err.path(), Some("indicators[3].target"), "{err}");

    let mut v = embedded_value();
    v["org_units"][2]["urban"] = json!("yes");
    assert_eq!(load(&v).unwrap_err().path(), Some("org_units[2].urban"));

    let mut v = embedded_value();
    v["params"]["retirement"]["male"]["base_months"] = json!(-1);
    assert_eq!(load(&v).unwrap_err().path(), Some("params.retirement.male.base_months"));

    let mut v = embedded_value();
    v["organisation"]["deadlines"][0]["schedule"]["once"]["date"] = json!("2024-02-30");
    assert_eq!(load(&v).unwrap_err().path(), Some("organisation.deadlines[0].schedule.once.date"));
}

#[test]
fn unknown_field_is_rejected() {
    let mut v = embedded_value();
    v["tasks"][0]["lead"] = json!(["ldtbxh"]);
    let err = load(&v).unwrap_err();
    assert_eq!(err.path(), Some("tasks[0].lead"));
    assert!(err.to_string().contains("unknown field `lead`"), "{err}");
    assert!(err.message(Lang::Vi).contains("trường `lead` không có trong định dạng"));
}

#[test]
fn unknown_agency_reference() {
    let mut v = embedded_value();
    v["tasks"][4]["leads"] = json!(["phong-khong-co"]);
    v["indicators"][0]["lead_agency"] = json!("so-khong-co");
    let p = problems(&v);
    assert!(has(
        &p,
        "tasks[4].leads[0]",
        |k| matches!(k, ProblemKind::UnknownReference { what: "agency", id } if id == "phong-khong-co")
    ));
    assert!(has(&p, "indicators[0].lead_agency", |k| matches!(k, ProblemKind::UnknownReference { .. })));
    let msg = PlanError::Invalid(p.clone()).message(Lang::Vi);
    assert!(msg.contains("tasks[4].leads[0]: không tìm thấy mã cơ quan \"phong-khong-co\""), "{msg}");
}

#[test]
fn duplicate_ids() {
    let mut v = embedded_value();
    v["indicators"][1]["id"] = json!("1");
    v["agencies"][2]["id"] = json!("ldtbxh");
    v["org_units"][3]["id"] = json!("dak-rve-tdp-1");
    v["organisation"]["deadlines"][1]["id"] = json!("commune-action-plan");
    let p = problems(&v);
    assert!(has(
        &p,
        "indicators[1].id",
        |k| matches!(k, ProblemKind::DuplicateId { what: "indicator", id } if id == "1")
    ));
    assert!(has(&p, "agencies[2].id", |k| matches!(k, ProblemKind::DuplicateId { what: "agency", .. })));
    assert!(has(&p, "org_units[3].id", |k| matches!(k, ProblemKind::DuplicateId { what: "org unit", .. })));
    assert!(has(&p, "organisation.deadlines[1].id", |k| matches!(
        k,
        ProblemKind::DuplicateId { what: "deadline", .. }
    )));
}

#[test]
fn range_min_above_max() {
    let mut v = embedded_value();
    assert_eq!(v["indicators"][2]["id"], json!("3"));
    v["indicators"][2]["target"] = json!({"range": {"min": 2.5, "max": 1.5}});
    let p = problems(&v);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(has(
        &p,
        "indicators[2].target",
        |k| matches!(k, ProblemKind::RangeInverted { min, max } if *min == 2.5 && *max == 1.5)
    ));
    assert!(p[0].message(Lang::En).contains("min 2.5 is greater than max 1.5"));
    assert!(p[0].message(Lang::Vi).contains("khoảng không hợp lệ"));
}

#[test]
fn percent_bounds_tolerance_and_unit_fit() {
    let mut v = embedded_value();
    v["indicators"][0]["target"] = json!({"at_least": {"value": 101.0}});
    v["indicators"][6]["target"]["about"]["tolerance"] = json!(-1.0);
    v["indicators"][9]["target"] = json!({"at_least": {"value": 1.0}}); // #10 is a status
    let p = problems(&v);
    assert!(has(
        &p,
        "indicators[0].target",
        |k| matches!(k, ProblemKind::PercentOutOfRange { value } if *value == 101.0)
    ));
    assert!(has(&p, "indicators[6].target.tolerance", |k| matches!(k, ProblemKind::NegativeTolerance { .. })));
    assert!(has(&p, "indicators[9].target", |k| matches!(k, ProblemKind::TargetUnitMismatch { .. })));
}

#[test]
fn all_problems_are_returned_together() {
    let mut v = embedded_value();
    v["indicators"][2]["target"] = json!({"range": {"min": 3.0, "max": 2.0}});
    v["tasks"][0]["implementers"] = json!(["khong-co"]);
    v["org_units"][1]["parent"] = json!("khong-co");
    let p = problems(&v);
    assert!(p.len() >= 3, "{p:?}");
    let paths: Vec<&str> = p.iter().map(|x| x.path.as_str()).collect();
    for expected in ["indicators[2].target", "tasks[0].implementers[0]", "org_units[1].parent"] {
        assert!(paths.contains(&expected), "{paths:?}");
    }
}

#[test]
fn org_tree_rules() {
    // A second root.
    let mut v = embedded_value();
    v["org_units"].as_array_mut().unwrap().push(json!({
        "id": "kon-tum", "kind": "district", "name": {"vi": "Kon Tum", "en": "Kon Tum"},
        "parent": null, "urban": false, "provisional": false
    }));
    assert!(has(&problems(&v), "org_units", |k| matches!(k, ProblemKind::DistrictRoots { count: 2 })));

    // A village directly under the district, a commune under a commune.
    let mut v = embedded_value();
    v["org_units"][2]["parent"] = json!("kon-ray");
    v["org_units"][9]["parent"] = json!("dak-rve");
    let p = problems(&v);
    assert!(has(&p, "org_units[2].parent", |k| matches!(k, ProblemKind::BadParent { .. })));
    assert!(has(&p, "org_units[9].parent", |k| matches!(k, ProblemKind::BadParent { .. })));

    // No district at all, and a loop.
    let mut v = embedded_value();
    v["org_units"][0]["parent"] = json!("dak-rve");
    let p = problems(&v);
    assert!(has(&p, "org_units", |k| matches!(k, ProblemKind::DistrictRoots { count: 0 })));
    assert!(has(&p, "org_units[0].parent", |k| matches!(k, ProblemKind::Cycle | ProblemKind::BadParent { .. })));
}

#[test]
fn indicator_task_links() {
    // An indicator that no task serves.
    let mut v = embedded_value();
    assert_eq!(v["indicators"][9]["id"], json!("10"));
    v["indicators"][9]["tasks"] = json!([]);
    for t in v["tasks"].as_array_mut().unwrap() {
        t["indicators"].as_array_mut().unwrap().retain(|i| i != "10");
    }
    let p = problems(&v);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(has(&p, "indicators[9].tasks", |k| matches!(k, ProblemKind::IndicatorWithoutTask)));

    // A one-sided link and a link to a task that does not exist.
    let mut v = embedded_value();
    v["indicators"][0]["tasks"].as_array_mut().unwrap().push(json!("III.5.1"));
    v["indicators"][1]["tasks"].as_array_mut().unwrap().push(json!("III.9.9"));
    let p = problems(&v);
    assert!(has(&p, "indicators[0].tasks[3]", |k| matches!(k, ProblemKind::LinkNotMirrored { .. })));
    assert!(has(&p, "indicators[1].tasks[4]", |k| matches!(k, ProblemKind::UnknownReference { what: "task", .. })));

    // A task pointing at an unknown section.
    let mut v = embedded_value();
    v["tasks"][0]["section"] = json!("III.7");
    assert!(has(&problems(&v), "tasks[0].section", |k| matches!(k, ProblemKind::UnknownReference { .. })));
}

#[test]
fn deadlines_and_parameters() {
    let mut v = embedded_value();
    v["organisation"]["deadlines"][1]["schedule"]["yearly"]["day"] = json!(31);
    v["organisation"]["deadlines"][1]["schedule"]["yearly"]["month"] = json!(2);
    v["organisation"]["deadlines"][0]["responsible"] = json!([]);
    let p = problems(&v);
    assert!(has(&p, "organisation.deadlines[1].schedule.yearly", |k| matches!(
        k,
        ProblemKind::InvalidDate { month: 2, day: 31 }
    )));
    assert!(has(&p, "organisation.deadlines[0].responsible", |k| matches!(k, ProblemKind::Empty)));

    let mut v = embedded_value();
    assert_eq!(v["indicators"][12]["id"], json!("13"));
    v["indicators"][12]["computation"]["attainment_in_age_band"]["min_age_years"] = json!(25);
    v["indicators"][14]["computation"]["total_fertility_rate"]["group_width_years"] = json!(4); // 35 years do not split into 4-year groups
    v["indicators"][17]["computation"]["per_population"]["multiplier"] = json!(0);
    let p = problems(&v);
    assert!(has(&p, "indicators[12].computation.attainment_in_age_band.min_age_years", |k| matches!(
        k,
        ProblemKind::BadParameter { .. }
    )));
    assert!(has(&p, "indicators[14].computation.total_fertility_rate.group_width_years", |k| matches!(
        k,
        ProblemKind::BadParameter { .. }
    )));
    assert!(has(&p, "indicators[17].computation.per_population.multiplier", |k| matches!(
        k,
        ProblemKind::BadParameter { .. }
    )));
}

#[test]
fn empty_text_is_a_problem() {
    let mut v = embedded_value();
    v["tasks"][7]["text"]["en"] = json!(" ");
    v["id"] = json!("");
    let p = problems(&v);
    assert!(has(&p, "tasks[7].text.en", |k| matches!(k, ProblemKind::Empty)));
    assert!(has(&p, "id", |k| matches!(k, ProblemKind::Empty)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_strings_never_panic(s in ".{0,400}") {
        let _ = Plan::from_json(&s);
    }

    #[test]
    fn json_like_strings_never_panic(s in r#"[\{\}\[\]":,0-9a-z_ \-\.]{0,200}"#) {
        let _ = Plan::from_json(&s);
    }

    #[test]
    fn mutated_plan_never_panics(cut in 0usize..EMBEDDED_PLAN_JSON.len(), len in 0usize..64, insert in "[\\{\\}\\[\\]\":,0-9a-z \\-]{0,8}") {
        // Splice a random fragment over a random span of the real file.
        let bytes = EMBEDDED_PLAN_JSON.as_bytes();
        let end = (cut + len).min(bytes.len());
        let mut out = Vec::with_capacity(bytes.len());
        out.extend_from_slice(&bytes[..cut]);
        out.extend_from_slice(insert.as_bytes());
        out.extend_from_slice(&bytes[end..]);
        let s = String::from_utf8_lossy(&out);
        let r = Plan::from_json(&s);
        if let Err(e) = r {
            prop_assert!(!e.message(Lang::Vi).is_empty());
            prop_assert!(!e.message(Lang::En).is_empty());
        }
    }

    #[test]
    fn mutated_values_never_panic(idx in 0usize..38, field in 0usize..6, n in -1.0e9f64..1.0e9) {
        // Type-correct but semantically random targets must give problems, not panics.
        let mut v = embedded_value();
        let kinds = ["at_least", "more_than", "below", "range", "about", "status"];
        v["indicators"][idx]["target"] = match kinds[field] {
            "range" => json!({"range": {"min": n, "max": -n}}),
            "about" => json!({"about": {"value": n, "tolerance": n, "direction": "closer_better"}}),
            "status" => json!({"status": {"goal": "keep"}}),
            k => json!({ k: {"value": n} }),
        };
        let _ = load(&v);
    }
}

/// The app's loader (`from_json_untracked`, through `Value`) reads the same plan as the tracked
/// one and refuses the same files, naming the problem (not the path) of a shape error.
#[test]
fn the_untracked_loader_agrees_with_the_tracked_one() {
    assert_eq!(Plan::from_json_untracked(EMBEDDED_PLAN_JSON).unwrap(), Plan::from_json(EMBEDDED_PLAN_JSON).unwrap());
    let untracked = |v: &Value| Plan::from_json_untracked(&serde_json::to_string(v).unwrap());

    let mut v = embedded_value();
    v["indicators"][3]["target"] = json!("50%");
    let Err(PlanError::Field { path, detail, position }) = untracked(&v) else { panic!() };
    assert_eq!((path.as_str(), position), (".", None));
    assert!(detail.starts_with("unknown variant `50%`, expected one of `at_least`"), "{detail}");

    let mut v = embedded_value();
    v["indicators"][14]["computation"]["total_fertility_rate"]["window_month"] = json!(12);
    let e = untracked(&v).unwrap_err();
    assert!(e.to_string().contains("total_fertility_rate: unknown field `window_month`"), "{e}");
    let tracked = load(&v).unwrap_err();
    assert_eq!(tracked.path(), Some("indicators[14].computation"), "{tracked}");

    let mut v = embedded_value();
    v["indicators"][2]["target"] = json!({"range": {"min": 3.0, "max": 2.0}});
    let Err(PlanError::Invalid(p)) = untracked(&v) else { panic!() };
    assert!(has(&p, "indicators[2].target", |k| matches!(k, ProblemKind::RangeInverted { .. })));

    let mut v = embedded_value();
    v["format_version"] = json!(3);
    assert!(matches!(untracked(&v), Err(PlanError::UnsupportedVersion { found: 3, .. })));
    assert!(matches!(Plan::from_json_untracked("{\"format_version\": 2,"), Err(PlanError::Syntax { line: 1, .. })));
}
