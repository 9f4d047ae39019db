//! The hub's load benchmark (not a test; `docs/benchmarks.md`, "District hub"): 50 simulated
//! tablets, each enrolled for a commune, push 10 bundles of 100 new households each at once
//! (one thread per tablet, one request at a time, as the outbox does) to a real `ansinh-hub` on
//! SQLite, then on a private PostgreSQL cluster; then the district's device pulls everything.
//!
//! Prints, per database: households ingested per second (wall time of the whole push), p50 and
//! p99 of the acknowledgement latency, the hub's peak resident memory (VmHWM), and the time of a
//! full district pull (every page fetched and imported with the core, as the app does).
//!
//! Run: `cargo bench -p ansinh-hub --bench load` (`-- sqlite` or `-- postgres` for one; the
//! sizes with `ANSINH_BENCH_TABLETS`, `ANSINH_BENCH_BUNDLES`, `ANSINH_BENCH_HOUSEHOLDS`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ansinh_core::sync::bundle::LocalState;
use support::*;
use uuid::Uuid;

fn size(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// `enrol`, waiting out the hub's enrolment limit (30 a minute for the whole hub, a guard
/// against guessing codes): the bench enrols 50 tablets before its clock starts.
fn enrol_paced(hub: &Hub, db: &Database, unit: &str, label: &str) -> (String, String) {
    let code = token_cmd(db, &["create", "--unit", unit, "--label", label, "--plain"]).trim().to_string();
    loop {
        match ureq::post(&hub.url("/api/enrol")).send_json(serde_json::json!({"code": code})) {
            Ok(res) => {
                let res: serde_json::Value = res.into_json().unwrap();
                let text = |k: &str| res[k].as_str().unwrap().to_string();
                return (text("token"), text("device_id"));
            }
            Err(ureq::Error::Status(429, res)) => {
                let wait = res.header("retry-after").and_then(|v| v.parse::<u64>().ok()).unwrap_or(2);
                std::thread::sleep(Duration::from_secs(wait.max(1)));
            }
            Err(e) => panic!("enrol {label}: {e}"),
        }
    }
}

fn run(label: &str, db: &Database) {
    let (tablets, bundles, per_bundle) =
        (size("ANSINH_BENCH_TABLETS", 50), size("ANSINH_BENCH_BUNDLES", 10), size("ANSINH_BENCH_HOUSEHOLDS", 100));
    let hub = Hub::start(db);
    let communes: Vec<(String, String)> = plan()
        .org_units
        .communes()
        .iter()
        .filter_map(|c| plan().org_units.villages_of(&c.id).first().map(|v| (c.id.clone(), v.id.clone())))
        .collect();
    // Bundles are made before the clock starts: the figure is the hub's, not the client's.
    let mut work = Vec::new();
    for i in 0..tablets {
        let (commune, village) = &communes[i % communes.len()];
        let (token, _) = enrol_paced(&hub, db, commune, &format!("Máy {i}"));
        let mut state = LocalState::new();
        let mut bodies = Vec::new();
        for b in 0..bundles {
            for _ in 0..per_bundle {
                state.save_household(household(Uuid::new_v4(), commune, village, 1 + b as i64, 1_000_000));
            }
            let bundle = export(&mut state, &format!("tablet-{i}"), 2 + b as i64);
            bodies.push((bundle.bundle_id, bundle.to_json(false)));
        }
        work.push((token, bodies));
    }
    let barrier = Arc::new(Barrier::new(tablets + 1));
    let url = hub.url("/api/bundles");
    let threads: Vec<_> = work
        .into_iter()
        .map(|(token, bodies)| {
            let (barrier, url) = (barrier.clone(), url.clone());
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(120)).build();
                barrier.wait();
                let mut latencies = Vec::new();
                for (id, body) in bodies {
                    let start = Instant::now();
                    let answer = agent
                        .post(&url)
                        .set("Content-Type", "application/json")
                        .set("X-Ansinh-Bundle-Id", &id.to_string())
                        .set("Authorization", &format!("Bearer {token}"))
                        .send_string(&body);
                    assert!(answer.is_ok(), "push refused: {answer:?}");
                    latencies.push(start.elapsed());
                }
                latencies
            })
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    let mut latencies: Vec<Duration> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let wall = start.elapsed();
    latencies.sort();
    let households = tablets * bundles * per_bundle;
    let rss_push = peak_rss_mb(hub.pid());

    let (district, _) = enrol(&hub, db, "kon-ray", "Phòng LĐ-TB&XH");
    let mut state = LocalState::new();
    let start = Instant::now();
    pull_all(&hub, &district, &mut state, 0, 2000);
    let pull = start.elapsed();
    assert_eq!(state.households().len(), households);
    println!(
        "{label}: {tablets} tablets × {bundles} bundles × {per_bundle} households = {households} in {:.2} s → {:.0} \
         households/s; ack p50 {:.0} ms, p99 {:.0} ms; hub peak RSS {:.0} MB after the push, {:.0} MB after the \
         pull; full district pull ({households} households, pages of 2,000, imported) {:.2} s",
        wall.as_secs_f64(),
        households as f64 / wall.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        rss_push,
        peak_rss_mb(hub.pid()),
        pull.as_secs_f64(),
    );
}

fn main() {
    let which: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wants = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    if wants("sqlite") {
        run("SQLite", &Database::sqlite());
    }
    if wants("postgres") {
        let pg = Postgres::start();
        run("PostgreSQL", &Database::postgres(&pg, "bench"));
    }
}
