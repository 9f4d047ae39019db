//! `ansinh synth` through the built binary.

use std::path::PathBuf;
use std::process::{Command, Output};

use ansinh_core::domain::survey::Dataset;

fn ansinh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ansinh")).args(args).output().expect("the binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ansinh-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn synth_writes_a_valid_deterministic_dataset() {
    let (a, b, c) = (tmp("a.json"), tmp("b.json"), tmp("c.json"));
    for (path, seed) in [(&a, "9"), (&b, "9"), (&c, "10")] {
        let out = ansinh(&["synth", "--households", "40", "--seed", seed, "-o", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("40 households"));
    }
    let bytes_a = std::fs::read(&a).unwrap();
    assert_eq!(bytes_a, std::fs::read(&b).unwrap(), "same seed, same bytes");
    assert_ne!(bytes_a, std::fs::read(&c).unwrap(), "another seed, another district");
    let data: Dataset = serde_json::from_slice(&bytes_a).unwrap();
    assert_eq!(data.households.len(), 40);
    assert_eq!(data.figures.len(), 8);
    assert!(data.households.iter().all(|h| h.validate().is_empty()));
    assert!(!tmp("a.json.part").exists());
    for p in [a, b, c] {
        std::fs::remove_file(p).unwrap();
    }
}

#[test]
fn pretty_and_stdout_carry_the_same_data() {
    let compact = ansinh(&["synth", "--households", "12", "--seed", "3"]);
    assert!(compact.status.success());
    let pretty = ansinh(&["synth", "--households", "12", "--seed", "3", "--pretty", "-o", "-"]);
    assert!(pretty.status.success());
    assert!(pretty.stdout.len() > compact.stdout.len());
    assert_eq!(compact.stdout.iter().filter(|&&b| b == b'\n').count(), 1, "compact is one line");
    let x: Dataset = serde_json::from_slice(&compact.stdout).unwrap();
    let y: Dataset = serde_json::from_slice(&pretty.stdout).unwrap();
    assert_eq!(x, y);
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let missing_dir = tmp("no-such-dir").join("out.json");
    let out = ansinh(&["synth", "--households", "5", "-o", missing_dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("ansinh: error: cannot write"), "{err}");
    assert!(err.contains("out.json"), "{err}");

    for args in [&["synth", "--households", "0"][..], &["synth", "--households", "many"], &["frobnicate"], &[]] {
        let out = ansinh(args);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn synth_bundle_is_a_file_a_tablet_imports_with_the_same_records() {
    let (data, file) = (tmp("d.json"), tmp("d.bundle.json"));
    for (path, extra) in [(&data, None), (&file, Some("--bundle"))] {
        let mut args = vec!["synth", "--households", "30", "--seed", "4", "-o", path.to_str().unwrap()];
        args.extend(extra);
        let out = ansinh(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let data: Dataset = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let plan = ansinh_core::domain::plan::Plan::embedded();
    let limits = ansinh_core::sync::bundle::Limits::default();
    let bundle = ansinh_core::sync::bundle::parse_bundle(&bytes, plan, &limits).unwrap();
    // The bundle lists records by id.
    let (mut households, mut figures) = (data.households, data.figures);
    households.sort_by_key(|h| h.meta.id);
    figures.sort_by_key(|f| f.meta.id);
    assert!(bundle.households == households, "the bundle's households are the dataset's");
    assert!(bundle.figures == figures, "the bundle's figures are the dataset's");
    let again = ansinh(&["synth", "--households", "30", "--seed", "4", "--bundle"]);
    assert_eq!(again.stdout, bytes, "same seed, same file");
    for p in [tmp("d.json"), file] {
        std::fs::remove_file(p).unwrap();
    }
}
