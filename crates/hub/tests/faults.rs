//! Faults against real databases: the hub killed with SIGKILL at random moments while a tablet
//! pushes 20 bundles, restarted, the tablet retrying each bundle (same id, same body) until it
//! is acknowledged — every record is stored exactly once and nothing is lost; and the database
//! going away → 503 with Retry-After, then service again once it is back.

mod support;

use std::time::{Duration, Instant};

use ansinh_core::sync::bundle::{Bundle, LocalState};
use support::*;
use uuid::Uuid;

/// Bundles the tablet pushes per round.
const BUNDLES: usize = 20;
/// Households per bundle.
const PER_BUNDLE: usize = 25;

/// A small deterministic generator (xorshift): the kill moments differ per round, and a failure
/// can be replayed from the seed printed with it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn tablet_bundles() -> (Vec<Bundle>, Vec<Uuid>) {
    let mut state = LocalState::new();
    let mut ids = Vec::new();
    let mut bundles = Vec::new();
    for b in 0..BUNDLES {
        for _ in 0..PER_BUNDLE {
            let id = Uuid::new_v4();
            ids.push(id);
            state.save_household(dak_koi(id, 1 + b as i64, 100));
        }
        bundles.push(export(&mut state, "tablet", 2 + b as i64));
    }
    ids.sort();
    (bundles, ids)
}

/// Pushes every bundle in order while another thread kills the hub at random moments; after
/// each kill the hub is restarted and the tablet retries the bundle it was sending.
fn kill_while_pushing(db: &Database, seed: u64) {
    let mut rng = Rng(seed);
    let mut hub = Hub::start(db);
    let (token, _) = enrol(&hub, db, "dak-koi", "A");
    let (district, _) = enrol(&hub, db, "kon-ray", "D");
    let (bundles, ids) = tablet_bundles();
    let bodies: Vec<String> = bundles.iter().map(|b| b.to_json(false)).collect();
    let mut kills = 0;
    let mut acked = [false; BUNDLES];
    let mut next = 0;
    let deadline = Instant::now() + Duration::from_secs(120);
    while next < BUNDLES {
        assert!(Instant::now() < deadline, "seed {seed}: the pushes did not complete");
        // Kill during one of the next pushes, at a random point of it (before, during, after).
        let kill_after = Duration::from_micros(rng.next() % 40_000);
        let pid = hub_pid(&hub);
        let killer = (rng.next() % 3 != 0).then(|| {
            std::thread::spawn(move || {
                std::thread::sleep(kill_after);
                let _ = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
            })
        });
        // Push from `next` until a failure (the server died) or the end.
        while next < BUNDLES {
            match try_push(&hub, Some(&token), bundles[next].bundle_id, &bodies[next]) {
                Ok(a) if a.status == 200 => {
                    let status = a.json()["status"].as_str().unwrap().to_string();
                    assert!(status == "stored" || status == "duplicate", "seed {seed}: {}", a.body);
                    acked[next] = true;
                    next += 1;
                }
                Ok(a) => panic!("seed {seed}: bundle {next} refused: {} {}", a.status, a.body),
                Err(_) => break,
            }
        }
        if let Some(k) = killer {
            k.join().unwrap();
            kills += 1;
            hub.kill();
            hub = Hub::start(db);
        }
    }
    assert!(acked.iter().all(|a| *a));
    // Every record exactly once: the district's full pull holds each id once, and the hub's
    // record count is the number of households sent.
    let mut d = LocalState::new();
    pull_all(&hub, &district, &mut d, 0, 2000);
    assert_eq!(households(&d), ids, "seed {seed} ({kills} kills)");
    let view = get(&hub, Some(&district), "/api/district").json();
    assert_eq!(view["records"]["household"].as_i64(), Some((BUNDLES * PER_BUNDLE) as i64), "seed {seed}");
    // Each bundle stored once, whatever the number of attempts.
    let received: i64 = view["days"].as_array().unwrap().iter().map(|d| d["bundles"].as_i64().unwrap()).sum();
    assert_eq!(received, BUNDLES as i64, "seed {seed}");
}

fn hub_pid(hub: &Hub) -> u32 {
    hub.pid()
}

/// Rounds per database: each round is a fresh database and new kill moments.
fn rounds() -> u64 {
    std::env::var("HUB_FAULT_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5)
}

#[test]
fn sigkill_while_pushing_on_sqlite() {
    for round in 0..rounds() {
        kill_while_pushing(&Database::sqlite(), 0x9e37_79b9_7f4a_7c15 ^ (round + 1));
    }
}

#[test]
fn sigkill_while_pushing_on_postgres() {
    let pg = Postgres::start();
    for round in 0..rounds() {
        kill_while_pushing(&Database::postgres(&pg, &format!("faults{round}")), 0x5851_f42d_4c95_7f2d ^ (round + 1));
    }
}

#[test]
fn database_down_is_503_with_retry_after_then_service_resumes() {
    let pg = Postgres::start();
    let db = Database::postgres(&pg, "down");
    let hub = Hub::start(&db);
    let (token, _) = enrol(&hub, &db, "dak-koi", "A");
    let mut a = LocalState::new();
    a.save_household(dak_koi(Uuid::new_v4(), 1, 100));
    let bundle = export(&mut a, "a", 2);
    pg.stop();
    let down = push(&hub, &token, &bundle);
    assert_eq!(down.status, 503, "{}", down.body);
    assert_eq!(down.retry_after.as_deref(), Some("5"));
    assert!(down.json()["message"].as_str().unwrap().contains("tự gửi lại"), "{}", down.body);
    assert_eq!(get(&hub, None, "/api/health").status, 503);
    pg.start_again();
    // The pool reconnects: the tablet's retry of the same bundle is stored.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let a = push(&hub, &token, &bundle);
        if a.status == 200 {
            assert_eq!(a.json()["status"], serde_json::json!("stored"));
            break;
        }
        assert!(Instant::now() < deadline, "service did not resume: {} {}", a.status, a.body);
        std::thread::sleep(Duration::from_millis(200));
    }
}
