//! `ansinh plan` and `ansinh eval` through the built binary: outputs, merging, error exits.

use std::path::PathBuf;
use std::process::{Command, Output};

use ansinh_core::engine::{Evaluation, Status};
use ansinh_core::plan::Plan;
use ansinh_core::survey::{Dataset, Latrine};
use ansinh_core::synth;

fn ansinh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ansinh")).args(args).output().expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ansinh-cli-eval-test-{}", std::process::id()));
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

fn hygienic(d: &Dataset) -> usize {
    d.households.iter().filter(|h| h.latrine == Some(Latrine::Hygienic)).count()
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
    assert!(lines[1].starts_with("Indicator") && lines[1].contains("Status"));
    assert_eq!(lines.len(), 3 + Plan::embedded().indicators.len());
    // The status column starts at the same character in every row.
    let col = lines[1].find("Status").map(|b| lines[1][..b].chars().count()).unwrap();
    let labels = ["Met", "Not met", "On track", "Behind", "No data"];
    for row in &lines[3..] {
        let rest: String = row.chars().skip(col).collect();
        assert!(labels.iter().any(|l| rest.starts_with(l)), "misaligned row {row:?}");
    }
    let row27 = lines.iter().find(|l| l.starts_with("27 ")).expect("row 27");
    assert!(row27.contains(&format!("{}/40", hygienic(&d))), "{row27}");

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
