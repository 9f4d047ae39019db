//! Native side of the benchmark suite (criterion). `scripts/bench.mjs` runs it with the WASM
//! side and writes both into docs/benchmarks.md; ids here are the ids there.

use ansinh_bench::{
    bad_bundle, district, evaluate_all, export_bundle, filled_store, import_bundle, refuse_bundle, save_one, DISTRICT,
};
use ansinh_core::sync::store::MemoryKv;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;

fn evaluation(c: &mut Criterion) {
    let mut g = c.benchmark_group("evaluate");
    g.sample_size(20);
    for n in [DISTRICT, 10 * DISTRICT] {
        let data = district(n);
        g.bench_function(n.to_string(), |b| b.iter(|| black_box(evaluate_all(&data)).results.len()));
    }
    g.finish();
}

fn save(c: &mut Criterion) {
    let mut g = c.benchmark_group("save");
    for n in [100, DISTRICT] {
        let data = district(n);
        let (mut store, mut h) = filled_store(MemoryKv::new(), &data);
        let mut i = 0;
        g.bench_function(n.to_string(), |b| {
            b.iter(|| {
                i += 1;
                save_one(&mut store, &mut h, i)
            })
        });
    }
    g.finish();
}

fn bundles(c: &mut Criterion) {
    let mut g = c.benchmark_group("bundle");
    g.sample_size(10);
    let data = district(DISTRICT);
    g.bench_function("export", |b| b.iter(|| export_bundle(&data).len()));
    let json = export_bundle(&data);
    g.bench_function("import", |b| b.iter_batched(|| (), |_| import_bundle(&json), BatchSize::PerIteration));
    // Issue 20: a wrong type in the last household is refused about as fast as a good file
    // is read (it took 40 times as long when the error was located in the whole document).
    let bad = bad_bundle(&json);
    g.bench_function("refuse", |b| b.iter_batched(|| (), |_| refuse_bundle(&bad), BatchSize::PerIteration));
    g.finish();
}

criterion_group!(benches, evaluation, save, bundles);
criterion_main!(benches);
