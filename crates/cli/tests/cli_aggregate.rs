//! `ansinh eval --aggregate-json`: the aggregate-only table (docs/aggregate-format.md) through the
//! built binary — the engine's figures, and no name or record id of the input.

use std::process::Command;

use ansinh_core::domain::plan::Plan;
use ansinh_core::engine::aggregate::{AggregateTable, FORMAT};
use ansinh_core::synth;

#[test]
fn eval_aggregate_json_prints_the_table_without_personal_data() {
    let d = synth::district(60, 9);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ansinh-cli-aggregate");
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("d60.json");
    std::fs::write(&f, serde_json::to_string(&d).unwrap()).unwrap();
    let run = |extra: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_ansinh"))
            .args(["eval", f.to_str().unwrap(), "--aggregate-json"])
            .args(extra)
            .output()
            .expect("the binary runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let text = run(&[]);
    let t = AggregateTable::from_json(&text).expect("an aggregate table");
    assert_eq!(t.format, FORMAT);
    assert_eq!(t.unit_id, "kon-ray");
    let plan = Plan::embedded();
    assert_eq!(t.units.len(), plan.org_units.all().len());
    let r = t.rows.iter().find(|r| r.unit_id == "kon-ray" && r.indicator_id == "27").unwrap();
    assert_eq!(r.denominator, Some(60.0));
    for h in &d.households {
        assert!(!text.contains(&h.meta.id.to_string()));
        for m in &h.members {
            assert!(!text.contains(&m.id.to_string()));
            assert!(!text.contains(&format!("\"{}\"", m.name)));
        }
    }

    let t = AggregateTable::from_json(&run(&["--org", "dak-koi"])).unwrap();
    assert_eq!(t.units[0].id, "dak-koi");
    assert!(t.units[1..].iter().all(|u| u.parent_id.as_deref() == Some("dak-koi")));
}
