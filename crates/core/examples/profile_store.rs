//! The store's start-up and save work on the synthetic district, for callgrind:
//! `cargo build --release -p ansinh-core --example profile_store`, then
//! `valgrind --tool=callgrind target/release/examples/profile_store MODE` with MODE `fill`
//! (fill only), `open` (fill, then open the filled store once) or `save` (fill, then 100 saves
//! of one household). The cost of an open or a save is the difference with `fill`.

use ansinh_core::domain::survey::Household;
use ansinh_core::sync::store::{MemoryKv, RecordStore};
use ansinh_core::synth;
use chrono::{TimeDelta, TimeZone, Utc};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "fill".into());
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 7, 0, 0).single().expect("valid time");
    let data = synth::district(7_500, 1);
    let (mut store, _) = RecordStore::open(MemoryKv::new(), t0).expect("store opens");
    for h in &data.households {
        store.save(h, None, t0).expect("fill");
    }
    match mode.as_str() {
        "open" => {
            let (again, report) = RecordStore::open(store.kv().clone(), t0).expect("store opens");
            println!("open: {} households, from version {}", again.live::<Household>().count(), report.from_version);
        }
        "save" => {
            let mut h = data.households[0].clone();
            for i in 0..100 {
                let base = store.get::<Household>(h.meta.id).map(|s| s.rev);
                h.members[0].name = format!("Thử {i}");
                h.meta.updated_at = t0 + TimeDelta::seconds(i + 1);
                store.save(&h, base, h.meta.updated_at).expect("save");
            }
            println!("save: 100 saves");
        }
        _ => println!("fill: {} households", data.households.len()),
    }
}
