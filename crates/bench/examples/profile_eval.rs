//! Evaluates the synthetic district in a loop, for a profiler (`perf record`):
//! `cargo run --release -p ansinh-bench --example profile_eval -- [households] [runs]`.
//! Prints the median wall time per evaluation.

use std::time::Instant;

use ansinh_bench::{district, evaluate_all, DISTRICT};

fn main() {
    let mut args = std::env::args().skip(1);
    let households = args.next().and_then(|a| a.parse().ok()).unwrap_or(DISTRICT);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let data = district(households);
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(evaluate_all(&data));
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    println!("{households} households, {runs} runs: median {:.2} ms, min {:.2} ms", ms[runs / 2], ms[0]);
}
