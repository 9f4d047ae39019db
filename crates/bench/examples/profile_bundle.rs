//! Exports and imports the synthetic district's bundle in a loop, for a profiler (callgrind,
//! `perf record`): `cargo run --release -p ansinh-bench --example profile_bundle --
//! [export|parse|refuse|import|all] [runs] [households]`. Prints the median wall time of each
//! step; `refuse` parses the district's bundle with a wrong type in its last household.
//!
//! For peak memory, one reading of a file and nothing else: `… -- write DIR` writes
//! `good.json` and `bad.json` there, then `/usr/bin/time -v … -- read FILE` reads one.

use std::time::Instant;

use ansinh_bench::{bad_bundle, district, export_bundle, import_bundle, parse_only, refuse_bundle, DISTRICT};

fn median(runs: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut out = 0;
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            out = std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[runs / 2], out)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "all".into());
    if what == "read" {
        let path = args.next().unwrap_or_else(|| "good.json".into());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let t = Instant::now();
        let limits = ansinh_core::sync::bundle::Limits { max_bytes: usize::MAX };
        let read = ansinh_core::sync::bundle::parse_bundle(text.as_bytes(), ansinh_bench::plan(), &limits);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match read {
            Ok(b) => println!("read {path}: {ms:.1} ms ({} households)", b.households.len()),
            Err(e) => println!("read {path}: {ms:.1} ms, refused: {e}"),
        }
        return;
    }
    if what == "write" {
        let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
        let json = export_bundle(&district(DISTRICT));
        for (name, text) in [("good.json", json.clone()), ("bad.json", bad_bundle(&json))] {
            std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        return;
    }
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10).max(1);
    let households = args.next().and_then(|a| a.parse().ok()).unwrap_or(DISTRICT);
    let data = district(households);
    let json = export_bundle(&data);
    if what == "export" || what == "all" {
        let (ms, len) = median(runs, || export_bundle(&data).len());
        println!("export: median {ms:.1} ms ({len} bytes)");
    }
    if what == "parse" || what == "all" {
        let (ms, n) = median(runs, || parse_only(&json));
        println!("parse: median {ms:.1} ms ({n} households)");
    }
    if what == "refuse" || what == "all" {
        let bad = bad_bundle(&json);
        let (ms, n) = median(runs, || refuse_bundle(&bad));
        println!("refuse: median {ms:.1} ms ({n} bytes of message)");
    }
    if what == "import" || what == "all" {
        let (ms, n) = median(runs, || import_bundle(&json));
        println!("import: median {ms:.1} ms ({n} records added)");
    }
}
