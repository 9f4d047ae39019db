//! `ansinh merge` through the built binary: merged output, conflicts kept, duplicates counted
//! once, a bad file stops everything and writes nothing.

use std::path::PathBuf;
use std::process::{Command, Output};

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{Household, RecordMeta};
use ansinh_core::sync::bundle::{
    parse_bundle, Bundle, ExportOptions, ExportScope, Limits, LocalState, RecordKey, RecordKind,
};
use ansinh_core::synth;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

fn ansinh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ansinh")).args(args).output().expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ansinh-cli-merge-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 10, 1, 0, 0, 0).unwrap() + chrono::TimeDelta::minutes(minute)
}

fn household(income: i64, minute: i64) -> Household {
    let meta = RecordMeta { id: Uuid::from_u128(42), created_at: at(0), updated_at: at(minute) };
    let mut h = Household::new(meta, "dak-koi", "dak-koi-thon-2", NaiveDate::from_ymd_opt(2025, 9, 30).unwrap());
    h.income_per_person_vnd = Some(income);
    h
}

fn export(state: &mut LocalState, n: u128, org_unit: &str) -> Bundle {
    state.export(
        Plan::embedded(),
        &ExportOptions {
            bundle_id: Uuid::from_u128(0xb000 + n),
            device_id: format!("tablet-{n}"),
            exported_at: at(100),
            org_unit: org_unit.into(),
            scope: ExportScope::All,
        },
    )
}

fn write(name: &str, b: &Bundle) -> String {
    let p = tmp(name);
    std::fs::write(&p, b.to_json(true)).unwrap();
    p.to_str().unwrap().to_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Two tablets: A with a synthetic district and a shared household, B with a concurrent edit
/// of that household. `test` names the files: tests run in parallel threads of one process, and
/// shared names let one test overwrite the bundles another is reading.
fn tablets(test: &str) -> (String, String) {
    let mut shared = LocalState::new();
    shared.save_household(household(100, 1));
    let first = export(&mut shared, 1, "kon-ray");
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    ansinh_core::sync::bundle::merge(&mut a, &first);
    ansinh_core::sync::bundle::merge(&mut b, &first);
    for h in synth::district(60, 9).households {
        a.save_household(h);
    }
    a.save_household(household(111, 10));
    b.save_household(household(222, 12));
    (
        write(&format!("{test}-a.json"), &export(&mut a, 2, "kon-ray")),
        write(&format!("{test}-b.json"), &export(&mut b, 3, "dak-koi")),
    )
}

#[test]
fn merges_tablets_keeping_conflicts_and_counting_a_repeated_bundle_once() {
    let (a, b) = tablets("merges_tablets_keeping_conflicts_and_counting_a_repeated_bundle_once");
    let out = tmp("district.json");
    let o = ansinh(&["merge", &a, &b, &a, "-o", out.to_str().unwrap(), "--at", "2025-10-05T00:00:00Z"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("gói đã gộp trước đó"), "{err}");
    assert!(err.contains("61 hộ") && err.contains("1 bản ghi đang xung đột"), "{err}");

    let text = std::fs::read(&out).unwrap();
    let merged = parse_bundle(&text, Plan::embedded(), &Limits::default()).unwrap();
    assert_eq!(merged.households.len(), 61);
    assert_eq!(merged.org_unit, "kon-ray");
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].key(), RecordKey::new(RecordKind::Household, Uuid::from_u128(42)));

    // The same inputs give the same file, id included; merging the result again changes nothing.
    let out2 = tmp("district2.json");
    let o = ansinh(&["merge", &b, &a, "-o", out2.to_str().unwrap(), "--at", "2025-10-05T00:00:00Z", "--lang", "en"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("1 records in conflict"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out2).unwrap(), text);
    let out3 = tmp("district3.json");
    let o = ansinh(&["merge", out.to_str().unwrap(), &a, "-o", out3.to_str().unwrap()]);
    assert!(o.status.success());
    let again = parse_bundle(&std::fs::read(&out3).unwrap(), Plan::embedded(), &Limits::default()).unwrap();
    assert_eq!((again.households, again.conflicts), (merged.households, merged.conflicts));
}

#[test]
fn a_bad_file_stops_the_merge_and_writes_nothing() {
    let (a, _) = tablets("a_bad_file_stops_the_merge_and_writes_nothing");
    let text = std::fs::read_to_string(&a).unwrap();
    let bad = tmp("bad.json");
    std::fs::write(&bad, &text[..text.len() / 2]).unwrap();
    let out = tmp("never.json");
    let o = ansinh(&["merge", &a, bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("bad.json") && err.contains("không phải JSON hợp lệ tại dòng"), "{err}");
    assert!(err.contains("Chưa có dữ liệu nào được nhập hay thay đổi."), "{err}");
    assert!(!out.exists());

    let o = ansinh(&["merge", &a, "--max-mb", "0", "-o", out.to_str().unwrap(), "--lang", "en"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let size = format!("{:.1} MB", text.len() as f64 / 1e6);
    assert!(err.contains("too large") && err.contains(&size), "{err}");
    let o = ansinh(&["merge", "/nonexistent/x.json"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot read /nonexistent/x.json"));
    assert!(!out.exists());
}

#[test]
fn the_output_org_unit_must_cover_every_input() {
    let (a, b) = tablets("the_output_org_unit_must_cover_every_input");
    let o = ansinh(&["merge", &a, &b, "--org-unit", "dak-koi"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nằm ngoài “dak-koi”"), "{}", stderr(&o));
    // A commune bundle alone may be merged into a commune bundle, to stdout.
    let o = ansinh(&["merge", &b, "--org-unit", "dak-koi", "--pretty"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let merged = parse_bundle(&o.stdout, Plan::embedded(), &Limits::default()).unwrap();
    assert_eq!((merged.org_unit.as_str(), merged.households.len()), ("dak-koi", 1));
    let o = ansinh(&["merge", &b, "--org-unit", "atlantis"]);
    assert!(!o.status.success());
}

/// `ansinh eval` takes bundles as the app exports them: the same figures as evaluating the
/// dataset they carry, deletions applied, and bundles and dataset files can be mixed.
#[test]
fn eval_reads_bundles_and_applies_their_deletions() {
    let data = synth::district(60, 7);
    let mut state = LocalState::new();
    for h in &data.households {
        state.save_household(h.clone());
    }
    for f in &data.figures {
        state.save_figures(f.clone());
    }
    let deleted = data.households[0].meta.id;
    state.delete(RecordKind::Household, deleted, at(500)).unwrap();
    let bundle = write("eval-a.json", &export(&mut state, 7, "kon-ray"));

    let dataset_path = tmp("eval-dataset.json");
    let mut remaining = data.clone();
    remaining.households.retain(|h| h.meta.id != deleted);
    std::fs::write(&dataset_path, serde_json::to_string(&remaining).unwrap()).unwrap();

    let from_bundle = ansinh(&["eval", &bundle, "--org", "kon-ray"]);
    assert!(from_bundle.status.success(), "{}", stderr(&from_bundle));
    let from_dataset = ansinh(&["eval", dataset_path.to_str().unwrap(), "--org", "kon-ray"]);
    assert!(from_dataset.status.success(), "{}", stderr(&from_dataset));
    let a: serde_json::Value = serde_json::from_slice(&from_bundle.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&from_dataset.stdout).unwrap();
    assert_eq!(a["households_used"], b["households_used"]);
    assert_eq!(a["households_used"].as_u64().unwrap() as usize, remaining.households.len());
    assert_eq!(a["results"], b["results"]);

    // A broken bundle is refused with the file named, and nothing is printed on stdout.
    let bad = tmp("eval-bad.json");
    std::fs::write(&bad, r#"{"format":"ansinh-bundle","format_version":99}"#).unwrap();
    let o = ansinh(&["eval", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("eval-bad.json"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}
