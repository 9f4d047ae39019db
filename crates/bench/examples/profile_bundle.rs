//! Exports and imports the synthetic district's bundle in a loop, for a profiler (callgrind,
//! `perf record`): `cargo run --release -p ansinh-bench --example profile_bundle --
//! [export|parse|import|all] [runs] [households]`. Prints the median wall time of each step.

use std::time::Instant;

use ansinh_bench::{district, export_bundle, import_bundle, parse_only, DISTRICT};

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
    if what == "import" || what == "all" {
        let (ms, n) = median(runs, || import_bundle(&json));
        println!("import: median {ms:.1} ms ({n} records added)");
    }
}
