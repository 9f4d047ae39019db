//! Import validation: each stage rejects what it should, says where in both languages, and a
//! rejected file changes nothing.

mod bundle_support;

use ansinh_core::domain::survey::Completeness;
use ansinh_core::i18n::Lang;
use ansinh_core::sync::bundle::{
    import, parse_bundle, Bundle, ExportScope, ImportError, Limits, LocalState, ProblemKind, RecordKind, RecordVersion,
    Tombstone, FORMAT_VERSION,
};
use ansinh_core::synth;
use bundle_support::*;
use serde_json::{json, Value};
use uuid::Uuid;

/// A full export of a small synthetic district (complete, valid households of every commune).
fn sample() -> Bundle {
    let data = synth::district(14, 3);
    let mut state = LocalState::new();
    for h in data.households {
        state.save_household(h);
    }
    for f in data.figures {
        state.save_figures(f);
    }
    state.save_report(report(900, 5, "Báo cáo quý IV"));
    export(&mut state, 1, "tablet-01", 60 * 24 * 120, ExportScope::All)
}

fn json_of(b: &Bundle) -> Value {
    serde_json::to_value(b).unwrap()
}

fn parse_value(v: &Value) -> Result<Bundle, ImportError> {
    parse_bundle(serde_json::to_string_pretty(v).unwrap().as_bytes(), plan(), &Limits::default())
}

fn problems(e: ImportError) -> Vec<(String, ProblemKind)> {
    match e {
        ImportError::Invalid(p) => p.into_iter().map(|p| (p.path, p.kind)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_valid_bundle_parses_back_equal_pretty_or_compact() {
    let b = sample();
    assert!(b.households.len() >= 14 && !b.figures.is_empty() && b.reports.len() == 1);
    for pretty in [true, false] {
        let text = b.to_json(pretty);
        assert_eq!(text.contains("\n  "), pretty);
        let back = parse_bundle(text.as_bytes(), plan(), &Limits::default()).unwrap();
        assert_eq!(back, b);
    }
}

/// The top-level keys of a JSON object text, in the order written.
fn top_level_keys(text: &str) -> Vec<String> {
    let (mut depth, mut keys, mut chars) = (0, Vec::new(), text.char_indices());
    while let Some((i, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            '"' => {
                let mut end = i + 1;
                while let Some((j, c)) = chars.next() {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        end = j;
                        break;
                    }
                }
                if depth == 1 && text[end + 1..].trim_start().starts_with(':') {
                    keys.push(text[i + 1..end].to_string());
                }
            }
            _ => {}
        }
    }
    keys
}

#[test]
fn the_header_comes_first_in_field_order_and_the_content_is_unchanged() {
    let mut b = sample();
    b.since = Some(b.exported_at);
    // serde's derive writes the fields in declaration order: the order a reader must see.
    let declared = top_level_keys(&serde_json::to_string(&b).unwrap());
    assert_eq!(&declared[..4], ["format", "format_version", "bundle_id", "plan"]);
    assert!(declared.iter().all(|k| ansinh_core::sync::bundle::TOP_LEVEL_KEYS.contains(&k.as_str())), "{declared:?}");
    for pretty in [false, true] {
        let text = b.to_json(pretty);
        assert_eq!(top_level_keys(&text), declared);
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), json_of(&b));
    }
}

#[test]
fn the_size_limit_is_checked_first() {
    let text = sample().to_json(false);
    let limits = Limits { max_bytes: text.len() - 1 };
    let e = parse_bundle(text.as_bytes(), plan(), &limits).unwrap_err();
    assert_eq!(e, ImportError::TooLarge { size: text.len(), limit: text.len() - 1 });
    assert!(e.message(Lang::Vi).starts_with("Tệp quá lớn"), "{}", e.message(Lang::Vi));
    // Exactly at the limit is accepted.
    parse_bundle(text.as_bytes(), plan(), &Limits { max_bytes: text.len() }).unwrap();
    // Even garbage is refused for its size before anything is parsed.
    let e = parse_bundle(&[b'x'; 11], plan(), &Limits { max_bytes: 10 }).unwrap_err();
    assert!(matches!(e, ImportError::TooLarge { .. }));
}

#[test]
fn broken_json_reports_line_and_column() {
    let text = sample().to_json(true);
    let cut = &text.as_bytes()[..text.len() / 2];
    let e = parse_bundle(cut, plan(), &Limits::default()).unwrap_err();
    let ImportError::Syntax { line, .. } = e else { panic!("{e:?}") };
    assert!(line > 10);
    let e = parse_bundle(b"{\n  \"format\": \"ansinh-bundle\",\n  oops\n}", plan(), &Limits::default()).unwrap_err();
    assert!(matches!(e, ImportError::Syntax { line: 3, column: 3, .. }), "{e:?}");
    assert!(e.message(Lang::Vi).contains("dòng 3, cột 3"), "{}", e.message(Lang::Vi));
    assert!(e.message(Lang::En).contains("line 3, column 3"));
    // A whole valid bundle followed by anything is not one JSON document.
    let doubled = format!("{text}{text}");
    assert!(matches!(parse_bundle(doubled.as_bytes(), plan(), &Limits::default()), Err(ImportError::Syntax { .. })));
    for junk in [&b""[..], b"\xff\xfe", b"null trailing", b"{} {}"] {
        assert!(matches!(parse_bundle(junk, plan(), &Limits::default()), Err(ImportError::Syntax { .. })), "{junk:?}");
    }
}

#[test]
fn other_json_is_not_a_bundle() {
    let dataset = serde_json::to_string(&synth::district(3, 1)).unwrap();
    for (text, found) in [
        (dataset.as_str(), None),
        ("[1, 2]", None),
        ("\"ansinh-bundle\"", None),
        (r#"{"format": "ansinh-plan", "format_version": 1}"#, Some("ansinh-plan".to_string())),
        (r#"{"format": 1}"#, Some("1".to_string())),
    ] {
        let e = parse_bundle(text.as_bytes(), plan(), &Limits::default()).unwrap_err();
        assert_eq!(e, ImportError::NotABundle { found }, "{text}");
        assert!(e.message(Lang::Vi).contains("không phải gói dữ liệu An Sinh"));
        assert_eq!(e.path(), Some("format"));
    }
}

#[test]
fn another_format_version_is_refused_with_what_to_do() {
    let mut v = json_of(&sample());
    // A file of a newer app: the message says the app is older and must be updated.
    v["format_version"] = json!(FORMAT_VERSION + 1);
    let e = parse_value(&v).unwrap_err();
    assert_eq!(e, ImportError::UnsupportedVersion { found: (FORMAT_VERSION + 1).to_string(), supported: 2 });
    let vi = e.message(Lang::Vi);
    assert!(vi.contains("format_version") && vi.contains("mới hơn") && vi.contains("cập nhật ứng dụng"), "{vi}");
    assert!(e.message(Lang::En).contains("newer version of the app"));
    v["format_version"] = json!(0);
    let vi = parse_value(&v).unwrap_err().message(Lang::Vi);
    assert!(!vi.contains("mới hơn") && vi.contains("cập nhật ứng dụng"), "{vi}");
    // Version 1 files (tombstones without `org_unit_id`) are still read.
    let mut old = json_of(&sample());
    old["format_version"] = json!(1);
    for t in old["tombstones"].as_array_mut().unwrap() {
        t.as_object_mut().unwrap().remove("org_unit_id");
    }
    parse_value(&old).unwrap();
    v["format_version"] = json!("1");
    assert!(matches!(parse_value(&v), Err(ImportError::UnsupportedVersion { .. })));
    v.as_object_mut().unwrap().remove("format_version");
    assert!(matches!(parse_value(&v), Err(ImportError::UnsupportedVersion { .. })));
}

#[test]
fn another_plan_id_is_refused_but_another_plan_version_is_read() {
    let mut v = json_of(&sample());
    v["plan"]["id"] = json!("other-district-plan");
    let e = parse_value(&v).unwrap_err();
    assert_eq!(e, ImportError::WrongPlan { found: "other-district-plan".into(), expected: plan().id.clone() });
    assert!(e.message(Lang::Vi).contains("plan.id: gói thuộc kế hoạch “other-district-plan”"));
    let mut v = json_of(&sample());
    v["plan"]["version"] = json!("2026.3");
    assert_eq!(parse_value(&v).unwrap().plan.version, "2026.3");
}

#[test]
fn a_malformed_field_is_named_by_its_path_and_position() {
    let mut v = json_of(&sample());
    v["households"][3]["members"][1]["date_of_birth"] = json!("2025-02-30");
    let e = parse_value(&v).unwrap_err();
    let ImportError::Field { path, line, .. } = &e else { panic!("{e:?}") };
    assert_eq!(path, "households[3].members[1].date_of_birth");
    assert!(*line > 20);
    let vi = e.message(Lang::Vi);
    assert!(vi.starts_with("households[3].members[1].date_of_birth: ngày hoặc giờ không hợp lệ"), "{vi}");
    assert!(vi.contains("Chưa có dữ liệu nào được nhập hay thay đổi."), "{vi}");

    let mut v = json_of(&sample());
    v["households"][0]["poverty"] = json!("rich");
    let e = parse_value(&v).unwrap_err();
    assert_eq!(e.path(), Some("households[0].poverty"));
    assert!(e.message(Lang::Vi).contains("giá trị `rich` không hợp lệ"), "{}", e.message(Lang::Vi));

    let mut v = json_of(&sample());
    v["tombstones"] = json!([{ "kind": "household", "id": "not-a-uuid", "deleted_at": "2025-10-01T00:00:00Z" }]);
    assert_eq!(parse_value(&v).unwrap_err().path(), Some("tombstones[0].id"));

    // A missing field belongs to an object: it is placed on the record that lacks it.
    let mut v = json_of(&sample());
    v["households"][2]["members"][0].as_object_mut().unwrap().remove("name");
    let e = parse_value(&v).unwrap_err();
    assert_eq!(e.path(), Some("households[2]"));
    assert!(e.message(Lang::Vi).contains("thiếu trường `name`"), "{}", e.message(Lang::Vi));

    let mut v = json_of(&sample());
    v.as_object_mut().unwrap().remove("bundle_id");
    let e = parse_value(&v).unwrap_err();
    assert!(e.message(Lang::Vi).contains("thiếu trường `bundle_id`"), "{}", e.message(Lang::Vi));

    let mut v = json_of(&sample());
    v["houseolds"] = json!([]);
    let e = parse_value(&v).unwrap_err();
    assert!(e.message(Lang::Vi).contains("trường `houseolds` không có trong định dạng"), "{}", e.message(Lang::Vi));
}

#[test]
fn duplicate_and_nil_ids_are_refused() {
    let mut b = sample();
    b.households.push(b.households[2].clone());
    let n = b.households.len() - 1;
    let p = problems(parse_value(&json_of(&b)).unwrap_err());
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, format!("households[{n}].meta.id"));
    assert!(matches!(p[0].1, ProblemKind::DuplicateRecord { .. }));

    // A tombstone of a record the bundle also carries is a duplicate too.
    let mut b = sample();
    let h = &b.households[0];
    b.tombstones.push(Tombstone {
        kind: RecordKind::Household,
        id: h.meta.id,
        deleted_at: t(99_999),
        org_unit_id: None,
    });
    assert_eq!(problems(parse_value(&json_of(&b)).unwrap_err())[0].0, "tombstones[0].id");

    let mut b = sample();
    b.reports[0].meta.id = Uuid::nil();
    let p = problems(parse_value(&json_of(&b)).unwrap_err());
    assert_eq!(p[0], ("reports[0].meta.id".to_string(), ProblemKind::NilId));
}

#[test]
fn complete_records_must_be_valid_but_drafts_may_carry_answer_errors() {
    let mut b = sample();
    let (i, j) = b
        .households
        .iter()
        .enumerate()
        .find_map(|(i, h)| h.members.iter().position(|m| m.births_last_12m.is_some()).map(|j| (i, j)))
        .expect("a woman of 15–49 in the sample");
    assert_eq!(b.households[i].completeness, Completeness::Complete);
    b.households[i].members[j].births_last_12m = Some(9);
    let e = parse_value(&json_of(&b)).unwrap_err();
    let vi = e.message(Lang::Vi);
    assert!(vi.contains(&format!("households[{i}].members[{j}].births_last_12m: 9 con sinh")), "{vi}");
    assert!(e.message(Lang::En).contains("9 births in 12 months is implausible"));

    // The same answer in a draft travels: the tablet keeps such drafts and shows the error.
    b.households[i].completeness = Completeness::Draft;
    parse_value(&json_of(&b)).unwrap();

    // But a draft's identity must be sound.
    b.households[i].meta.updated_at = b.households[i].meta.created_at - chrono::TimeDelta::days(1);
    let p = problems(parse_value(&json_of(&b)).unwrap_err());
    assert_eq!(p[0].0, format!("households[{i}].meta.updated_at"));

    // A complete household with an answer missing is refused; figures with an error too.
    let mut b = sample();
    b.households[1].floor_area_m2 = None;
    assert_eq!(problems(parse_value(&json_of(&b)).unwrap_err())[0].0, "households[1].floor_area_m2");
    let mut b = sample();
    b.figures[0].doctors = Some(-1);
    assert_eq!(problems(parse_value(&json_of(&b)).unwrap_err())[0].0, "figures[0].doctors");
}

#[test]
fn records_must_belong_to_the_bundle_org_unit() {
    let mut b = sample();
    b.org_unit = "dak-koi".into();
    let p = problems(parse_value(&json_of(&b)).unwrap_err());
    assert!(!p.is_empty());
    for (path, kind) in &p {
        assert!(path.ends_with(".commune_id") || path.ends_with(".org_unit_id"), "{path}");
        assert!(matches!(kind, ProblemKind::OutOfScope { scope, .. } if scope == "dak-koi"));
    }
    let mut b = sample();
    b.org_unit = "atlantis".into();
    b.households[0].commune_id = "atlantis".into();
    let p = problems(parse_value(&json_of(&b)).unwrap_err());
    assert_eq!(p[0], ("org_unit".into(), ProblemKind::UnknownOrgUnit { id: "atlantis".into() }));
    assert!(p.contains(&("households[0].commune_id".into(), ProblemKind::UnknownOrgUnit { id: "atlantis".into() })));
    let mut b = sample();
    b.device_id = "  ".into();
    assert_eq!(problems(parse_value(&json_of(&b)).unwrap_err())[0], ("device_id".into(), ProblemKind::Empty));
}

#[test]
fn reports_must_belong_to_the_bundle_org_unit_too() {
    let mut b = sample();
    b.org_unit = "dak-koi".into();
    b.households.retain(|h| h.commune_id == "dak-koi");
    b.figures.retain(|f| f.org_unit_id == "dak-koi");
    // A report naming no unit goes with any bundle.
    b.reports[0].org_unit_id.clear();
    parse_value(&json_of(&b)).unwrap();
    let with_unit = |b: &mut Bundle, unit: &str| {
        b.reports[0].org_unit_id = unit.into();
    };
    with_unit(&mut b, "dak-koi");
    parse_value(&json_of(&b)).unwrap();
    // The district's report, or another commune's, is not Đắk Kôi's.
    for unit in ["kon-ray", "tan-lap"] {
        with_unit(&mut b, unit);
        let p = problems(parse_value(&json_of(&b)).unwrap_err());
        let out = ProblemKind::OutOfScope { unit: unit.into(), scope: "dak-koi".into() };
        assert_eq!(p, vec![("reports[0].org_unit_id".into(), out)]);
    }
    with_unit(&mut b, "atlantis");
    let p = problems(parse_value(&json_of(&b)).unwrap_err());
    assert_eq!(p, vec![("reports[0].org_unit_id".into(), ProblemKind::UnknownOrgUnit { id: "atlantis".into() })]);
    let e = parse_value(&json_of(&b)).unwrap_err();
    assert!(e.message(Lang::Vi).contains("reports[0].org_unit_id"), "{}", e.message(Lang::Vi));
}

#[test]
fn lineage_and_conflicts_must_refer_to_carried_records() {
    let mut v = json_of(&sample());
    let old = json!({ "at": "2025-01-01T00:00:00Z", "digest": "0123456789abcdef" });
    v["lineage"] = json!([{ "kind": "household", "id": id(12345), "supersedes": [old] }]);
    let p = problems(parse_value(&v).unwrap_err());
    assert_eq!(p[0].0, "lineage[0]");

    let b = sample();
    let h = &b.households[0];
    let mut v = json_of(&b);
    let carried = RecordVersion::Household(h.clone()).version_ref();
    let bad = json!({ "at": t(1), "digest": "XYZ" });
    v["lineage"] = json!([{ "kind": "household", "id": h.meta.id, "supersedes": [old, bad, carried] }]);
    let p = problems(parse_value(&v).unwrap_err());
    assert_eq!(p[0], ("lineage[0].supersedes[1].digest".to_string(), ProblemKind::BadDigest));
    assert_eq!(p[1].0, "lineage[0].supersedes[2]");
    assert!(matches!(p[1].1, ProblemKind::SupersedesCarriedVersion { .. }));
    // Same time, other content: another version, so not a contradiction.
    let mut v = json_of(&b);
    let same_time = json!({ "at": h.meta.updated_at, "digest": "0000000000000000" });
    v["lineage"] = json!([{ "kind": "household", "id": h.meta.id, "supersedes": [same_time] }]);
    parse_value(&v).unwrap();

    let mut b = sample();
    b.conflicts.push(RecordVersion::Household(b.households[0].clone()));
    b.conflicts.push(RecordVersion::Report(report(4242, 3, "x")));
    let p = problems(parse_value(&json_of(&b)).unwrap_err());
    assert_eq!(p[0].0, "conflicts[0].household.meta.id");
    assert!(matches!(p[0].1, ProblemKind::DuplicateRecord { .. }));
    assert_eq!(p[1].0, "conflicts[1].report");
    assert!(matches!(p[1].1, ProblemKind::NoCurrentVersion { .. }));
}

#[test]
fn every_rejection_says_nothing_changed_in_both_languages_and_leaves_the_state_alone() {
    let mut state = LocalState::new();
    state.save_household(household(1, 1, 100));
    let good = sample().to_json(false);
    import(&mut state, good.as_bytes(), plan(), &Limits::default()).unwrap();
    let before = serde_json::to_string(&state).unwrap();

    let mut bad_plan = json_of(&sample());
    bad_plan["plan"]["id"] = json!("x");
    let mut bad_record = json_of(&sample());
    bad_record["households"][0]["meta"]["id"] = json!(Uuid::nil());
    let inputs: Vec<Vec<u8>> = vec![
        good.as_bytes()[..good.len() - 3].to_vec(),
        b"{}".to_vec(),
        br#"{"format": "ansinh-bundle", "format_version": 7}"#.to_vec(),
        bad_plan.to_string().into_bytes(),
        bad_record.to_string().into_bytes(),
        good.replace("\"households\"", "\"households\": 5, \"x\"").into_bytes(),
    ];
    for bytes in inputs {
        let e = import(&mut state, &bytes, plan(), &Limits::default()).unwrap_err();
        assert!(e.message(Lang::Vi).contains("Chưa có dữ liệu nào được nhập hay thay đổi."), "{e:?}");
        assert!(e.message(Lang::En).contains("Nothing was imported or changed."), "{e:?}");
        assert!(e.to_string().contains("nothing was imported"));
        assert_eq!(serde_json::to_string(&state).unwrap(), before);
    }
    let e = import(&mut state, &[0u8; 100], plan(), &Limits { max_bytes: 99 }).unwrap_err();
    assert!(e.message(Lang::En).contains("Nothing was imported"));
    assert_eq!(serde_json::to_string(&state).unwrap(), before);
}

#[test]
fn long_problem_lists_are_cut_in_messages() {
    let mut b = sample();
    for h in &mut b.households {
        h.meta.id = Uuid::nil();
    }
    for _ in 0..2 {
        b.households.extend(b.households.clone());
    }
    let e = parse_value(&json_of(&b)).unwrap_err();
    let n = e.to_string().matches("nil UUID").count();
    assert!(n > 20);
    let vi = e.message(Lang::Vi);
    assert_eq!(vi.lines().filter(|l| l.starts_with("- ")).count(), 20);
    assert!(vi.contains("lỗi khác"), "{vi}");
}
