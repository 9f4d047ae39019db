//! The core's folders are layers (`src/lib.rs`): a module uses only the layers listed before
//! its own. This test reads the sources and fails on a `crate::` path that reaches a later
//! layer, so a new circle between layers is caught when it is written, not when it hurts.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// The layers in order; each may use the ones before it (`synth` comes before `engine`, whose
/// tests evaluate the synthetic district).
const ORDER: &[&str] = &["base", "i18n", "domain", "synth", "engine", "report", "security", "sync", "views"];

fn layer_of(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component").as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layers a file names in `crate::…` paths, comments left out.
fn used_layers(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if ORDER.contains(&name.as_str()) {
                used.insert(name);
            }
            rest = after;
        }
    }
    used
}

#[test]
fn every_module_uses_only_earlier_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for path in &files {
        let layer = layer_of(path, &src);
        let Some(own) = ORDER.iter().position(|l| *l == layer) else { continue };
        for used in used_layers(&fs::read_to_string(path).expect("readable file")) {
            let at = ORDER.iter().position(|l| *l == used).expect("a layer");
            if at > own {
                wrong.push(format!("{} uses crate::{used}", path.strip_prefix(&src).unwrap().display()));
            }
        }
    }
    assert!(wrong.is_empty(), "a module uses a later layer:\n{}", wrong.join("\n"));
    assert!(files.len() > 50, "the sources were found ({} files)", files.len());
}

#[test]
fn a_later_layer_is_caught() {
    assert!(used_layers("use crate::sync::store::RecordStore;").contains("sync"));
    assert!(used_layers("// see crate::views::search").is_empty());
    assert!(used_layers("let x = crate::base::sort::sort_by(v, f);").contains("base"));
}

/// Inside `domain`, the plan is read by the survey (its checks take the plan's bounds) and never
/// reads it: the plan is the spine, a plan file is checked with no survey code.
#[test]
fn the_plan_does_not_use_the_survey() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain/plan");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let wrong: Vec<String> = files
        .iter()
        .filter(|p| {
            fs::read_to_string(p).expect("readable file").lines().any(|l| {
                let code = l.split("//").next().unwrap_or("");
                code.contains("domain::survey") || code.contains("super::survey")
            })
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(wrong.is_empty(), "the plan names the survey in {wrong:?}");
}
