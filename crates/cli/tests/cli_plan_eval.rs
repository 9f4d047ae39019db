//! `ansinh plan` and `ansinh eval` through the built binary: outputs, merging, error exits.

use std::path::PathBuf;
use std::process::{Command, Output};

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{Dataset, Latrine};
use ansinh_core::engine::{Evaluation, Status};
use ansinh_core::synth;

fn ansinh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ansinh")).args(args).output().expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ansinh-cli-eval-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn write(name: &str, text: &str) -> String {
    let p = tmp(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

fn write_dataset(name: &str, d: &Dataset) -> String {
    write(name, &serde_json::to_string(d).unwrap())
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn fails_with(o: &Output, needles: &[&str]) {
    assert!(!o.status.success(), "expected failure, got stdout {}", stdout(o));
    let e = stderr(o);
    assert!(e.starts_with("ansinh: error: "), "{e}");
    for n in needles {
        assert!(e.contains(n), "{e:?} lacks {n:?}");
    }
}

#[allow(dead_code)]
fn hygienic(d: &Dataset) -> usize {
    d.households.iter().filter(|h| h.latrine == Some(Latrine::Hygienic)).count()
}

/// One valid complete household of the synthetic district, as JSON to damage.
fn one_household() -> serde_json::Value {
    let d = synth::district(40, 3);
    let h = d
        .households
        .iter()
        .find(|h| h.completeness == ansinh_core::domain::survey::Completeness::Complete && h.members.len() >= 2)
        .unwrap();
    serde_json::to_value(h).unwrap()
}

#[test]
fn eval_refuses_garbage_naming_every_bad_record() {
    let h = one_household();
    let dataset = |hs: Vec<serde_json::Value>| serde_json::json!({ "households": hs }).to_string();
    // Births on a man (#16 was 300 %).
    let mut man_births = h.clone();
    let men = man_births["members"].as_array_mut().unwrap();
    let i = men.iter().position(|m| m["sex"] == "male").unwrap();
    men[i]["births_last_12m"] = serde_json::json!(3);
    let o = ansinh(&["eval", &write("g-births.json", &dataset(vec![man_births]))]);
    fails_with(&o, &["1 record(s) fail validation", &format!("households[0].members[{i}].births_last_12m")]);
    // A floor area of 1.7e308 (its sum overflowed to inf and was "met").
    let mut huge = h.clone();
    huge["floor_area_m2"] = serde_json::json!(1.7e308);
    fails_with(&ansinh(&["eval", &write("g-area.json", &dataset(vec![huge]))]), &["households[0].floor_area_m2"]);
    // Two households with the same id (one was dropped without a word).
    let o = ansinh(&["eval", &write("g-dup.json", &dataset(vec![h.clone(), h.clone()]))]);
    fails_with(&o, &["households[1]: the same id as households[0]"]);
    // Two heads; no members.
    let mut two_heads = h.clone();
    for m in two_heads["members"].as_array_mut().unwrap() {
        m["relation"] = serde_json::json!("head");
    }
    let mut nobody = h.clone();
    nobody["meta"]["id"] = serde_json::json!("7e900000-0000-4000-8000-00000000beef");
    nobody["members"] = serde_json::json!([]);
    let o = ansinh(&["eval", &write("g-heads.json", &dataset(vec![two_heads, nobody]))]);
    fails_with(&o, &["households[0].members:", "households[1].members:"]);
    // A top-level array.
    let o = ansinh(&["eval", &write("g-array.json", &serde_json::json!([[h.clone()], []]).to_string())]);
    fails_with(&o, &["the top level must be an object"]);
    // A misspelt member key (read as a missing answer before).
    let mut typo = h.clone();
    let v = typo["members"][0].as_object_mut().unwrap();
    let ins = v.remove("health_insurance").unwrap_or(serde_json::json!(true));
    v.insert("health_insurence".into(), ins);
    let o = ansinh(&["eval", &write("g-typo.json", &dataset(vec![typo.clone()]))]);
    fails_with(&o, &["households[0].members[0].health_insurence: unknown field"]);

    // With --skip-invalid the bad records are left out and listed; the good one is evaluated.
    let mut good = h.clone();
    good["meta"]["id"] = serde_json::json!("7e900000-0000-4000-8000-00000000f00d");
    let mut huge = h.clone();
    huge["floor_area_m2"] = serde_json::json!(1.7e308);
    let f = write("g-skip.json", &dataset(vec![good, huge]));
    let o = ansinh(&["eval", &f, "--skip-invalid"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("households[1].floor_area_m2"), "{}", stderr(&o));
    let e: Evaluation = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(e.households_used, 1);
    let r = e.result("30", &e.district_id).unwrap();
    assert!(r.value.is_some_and(f64::is_finite), "{r:?}");
}

#[test]
fn plan_prints_the_embedded_plan_and_validates_files() {
    let o = ansinh(&["plan"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = Plan::from_json(&stdout(&o)).expect("the printed plan is valid");
    assert_eq!(&printed, Plan::embedded());

    let good = write("plan-good.json", &stdout(&o));
    let o2 = ansinh(&["plan", "--file", &good]);
    assert!(o2.status.success(), "{}", stderr(&o2));
    assert_eq!(stdout(&o2), stdout(&o));

    let broken = stdout(&o).replacen("\"target_year\": 2030", "\"target_year\": \"2030\"", 1);
    assert_ne!(broken, stdout(&o), "the fixture must change the file");
    let bad = write("plan-bad.json", &broken);
    fails_with(&ansinh(&["plan", "--file", &bad]), &["plan-bad.json", "target_year"]);
    fails_with(&ansinh(&["plan", "--file", "/nonexistent/plan.json"]), &["/nonexistent/plan.json"]);
}

#[test]
fn eval_prints_json_for_every_indicator_and_unit() {
    let d = synth::district(40, 5);
    let f = write_dataset("d40.json", &d);
    let o = ansinh(&["eval", &f]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: Evaluation = serde_json::from_str(&stdout(&o)).expect("JSON evaluation");
    let plan = Plan::embedded();
    assert_eq!(e.year, synth::SURVEY_YEAR, "default year = latest with data");
    assert_eq!(e.results.len(), plan.indicators.len() * plan.org_units.all().len());
    let r = e.result("27", "kon-ray").unwrap();
    assert_eq!(r.numerator, Some(hygienic(&d) as f64));
    assert_eq!(r.denominator, Some(40.0));

    let o = ansinh(&["eval", &f, "--org", "dak-koi"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: Evaluation = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(e.results.len(), plan.indicators.len());
    assert!(e.results.iter().all(|r| r.org_unit_id == "dak-koi"));
    assert_eq!(e.result("27", "dak-koi").unwrap().indicator_id, "27");

    // A year without data evaluates to "no data" everywhere.
    let o = ansinh(&["eval", &f, "--year", "2019"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: Evaluation = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(e.results.iter().all(|r| r.status == Status::NoData));
}

#[test]
fn eval_table_is_aligned_and_readable() {
    let d = synth::district(40, 6);
    let f = write_dataset("d40t.json", &d);
    let o = ansinh(&["eval", &f, "--table", "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("Kon Rẫy district") && lines[0].contains("2025"), "{}", lines[0]);
    // The chosen unit's household count and coverage, then the table.
    let complete: Vec<_> =
        d.households.iter().filter(|h| h.completeness == ansinh_core::domain::survey::Completeness::Complete).collect();
    assert!(lines[1].starts_with(&format!("Households counted: {}; ", complete.len())), "{}", lines[1]);
    assert!(lines[2].starts_with("Indicator") && lines[2].contains("Status"));
    assert_eq!(lines.len(), 4 + Plan::embedded().indicators.len());
    // The status column starts at the same character in every row.
    let col = lines[2].find("Status").map(|b| lines[2][..b].chars().count()).unwrap();
    let labels = ["Met", "Not met", "On track", "Behind", "No data", "Not enough data", "Too few", "1/7", "0/7"];
    for row in &lines[4..] {
        let rest: String = row.chars().skip(col).collect();
        assert!(labels.iter().any(|l| rest.starts_with(l)), "misaligned row {row:?}");
    }
    let row27 = lines.iter().find(|l| l.starts_with("27 ")).expect("row 27");
    let hyg = complete.iter().filter(|h| h.latrine == Some(Latrine::Hygienic)).count();
    assert!(row27.contains(&format!("{hyg}/{}", complete.len())), "{row27}");
    // Targets with their unit.
    let row18 = lines.iter().find(|l| l.starts_with("18 ")).expect("row 18");
    assert!(row18.contains("> 40 beds per 10,000 people"), "{row18}");
    let vi = stdout(&ansinh(&["eval", &f, "--table"]));
    assert!(vi.contains("> 40 giường/10.000 dân") && vi.contains("≥ 100%"), "{vi}");

    let o = ansinh(&["eval", &f, "--table", "--org", "tan-lap"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("Xã Tân Lập — 2025"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Chỉ tiêu"));
}

#[test]
fn eval_merges_files_by_record_id_newest_wins() {
    let d = synth::district(30, 8);
    let base = write_dataset("m-base.json", &d);
    // The same household edited later: its latrine changes.
    let mut edited = d.clone();
    let h = &mut edited.households[0];
    let flipped = if h.latrine == Some(Latrine::Hygienic) { Latrine::NoLatrine } else { Latrine::Hygienic };
    h.latrine = Some(flipped);
    h.meta.updated_at += chrono::Duration::hours(2);
    let newer = write_dataset("m-newer.json", &Dataset { households: vec![h.clone()], figures: vec![] });
    let mut older_h = h.clone();
    older_h.meta.updated_at -= chrono::Duration::hours(4);
    // (A record updated before it was created fails validation.)
    older_h.meta.created_at = older_h.meta.created_at.min(older_h.meta.updated_at);
    let older = write_dataset("m-older.json", &Dataset { households: vec![older_h], figures: vec![] });

    let count = |files: &[&str]| {
        let mut args = vec!["eval"];
        args.extend(files);
        let o = ansinh(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let e: Evaluation = serde_json::from_str(&stdout(&o)).unwrap();
        let r = e.result("27", "kon-ray").unwrap();
        (r.numerator.unwrap() as usize, r.denominator.unwrap() as usize)
    };
    assert_eq!(count(&[&base]), (hygienic(&d), 30));
    assert_eq!(count(&[&base, &base]), (hygienic(&d), 30), "the same records twice count once");
    assert_eq!(count(&[&base, &newer]), (hygienic(&edited), 30));
    assert_eq!(count(&[&newer, &base]), (hygienic(&edited), 30), "newest wins whatever the file order");
    assert_eq!(count(&[&base, &older]), (hygienic(&d), 30), "an older copy does not win");
}

#[test]
fn eval_rejects_bad_input_with_a_clear_message() {
    let not_json = write("not.json", "households: none");
    fails_with(&ansinh(&["eval", &not_json]), &["not.json", "not a dataset file"]);
    let wrong = write("wrong.json", r#"{"households": [{"meta": 1}]}"#);
    fails_with(&ansinh(&["eval", &wrong]), &["wrong.json", "households[0].meta"]);
    fails_with(&ansinh(&["eval", "/nonexistent/data.json"]), &["/nonexistent/data.json"]);
    let empty = write("empty.json", "{}");
    fails_with(&ansinh(&["eval", &empty]), &["no household"]);
    let good = write_dataset("g.json", &synth::district(10, 1));
    fails_with(&ansinh(&["eval", &good, "--org", "dak-koi-thon-99"]), &["dak-koi-thon-99", "unknown org unit"]);
    // A bad file among good ones is still named.
    fails_with(&ansinh(&["eval", &good, &wrong]), &["wrong.json"]);
    assert!(!ansinh(&["eval"]).status.success(), "at least one file is required");
}
