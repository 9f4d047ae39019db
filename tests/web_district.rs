//! Browser tier, measurement: the synthetic district of 7,500 households (≈30,000 persons)
//! stored through the app's store in Chromium's real localStorage, then the origin filled to
//! the brim to measure the quota itself. The numbers go to `docs/benchmarks.md`:
//!
//!   cargo test --target wasm32-unknown-unknown -p ansinh-app --test web_district
#![cfg(target_arch = "wasm32")]

use ansinh_app::storage::LocalKv;
use ansinh_core::sync::store::{RecordStore, CHROMIUM_QUOTA_UNITS};
use ansinh_core::synth;
use chrono::{TimeZone, Utc};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_district_fits_with_more_than_40_percent_of_the_quota_left() {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    let at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
    let d = synth::district(7500, 1);
    let persons: usize = d.households.iter().map(|h| h.members.len()).sum();
    let (mut s, _) = RecordStore::open(LocalKv, at).unwrap();
    for h in &d.households {
        s.save(h, None, at).unwrap();
    }
    for f in &d.figures {
        s.save(f, None, at).unwrap();
    }
    let used = s.usage().unwrap().all;

    // Measure the room left by filling it (halving the chunk on each refusal).
    let mut free = 0usize;
    let mut size = 1 << 20;
    let mut i = 0;
    while size >= 1 {
        let key = format!("f{i}");
        if local.set_item(&key, &"x".repeat(size)).is_ok() {
            free += key.len() + size;
            i += 1;
        } else {
            size /= 2;
        }
    }
    local.clear().unwrap();
    let quota = used + free;
    let share = used as f64 / quota as f64;
    console_log!(
        "district: {} households, {persons} persons: {used} UTF-16 units stored; quota measured {quota} units; \
         {:.1}% used, {:.1}% left",
        d.households.len(),
        share * 100.0,
        100.0 - share * 100.0
    );
    // The constant the app shows is the measured quota, within the last chunk's rounding.
    assert!(quota.abs_diff(CHROMIUM_QUOTA_UNITS) < 64, "quota {quota} vs constant {CHROMIUM_QUOTA_UNITS}");
    assert!(share <= 0.60, "the district takes {:.1}% of the quota", share * 100.0);
}
