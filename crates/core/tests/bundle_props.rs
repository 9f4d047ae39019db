//! Property tests of import and merge, run with `cargo test`: random histories of edits,
//! deletions, resolutions and syncs between tablets (merge laws, no loss, convergence,
//! export round trip), and thousands of mutated or random files (no panic; every rejection
//! leaves the state byte-identical).

mod bundle_support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use ansinh_core::sync::bundle::{
    import, merge, parse_bundle, Bundle, ExportScope, Limits, LocalState, RecordKey, RecordKind, RecordVersion,
    VersionRef,
};
use ansinh_core::synth;
use bundle_support::mutate::{mutate, mutation};
use bundle_support::*;
use proptest::prelude::*;
use serde_json::{json, Value};

const DEVICES: usize = 3;
/// Records 0..3 are households, 3..5 figures, 5 a report, 6 a village: few, so devices often
/// collide.
const RECORDS: u8 = 7;

#[derive(Debug, Clone)]
enum Op {
    Save { dev: usize, rec: u8, minute: i64, value: i64 },
    Delete { dev: usize, rec: u8, minute: i64 },
    Resolve { dev: usize, rec: u8, pick: usize, minute: i64 },
    Sync { from: usize, to: usize, delta: bool },
}

fn op() -> impl Strategy<Value = Op> {
    let dev = 0..DEVICES;
    let rec = 0..RECORDS;
    // Minutes are coarse and may go backwards: clocks of tablets disagree, stamps collide.
    let minute = 0..400i64;
    prop_oneof![
        5 => (dev.clone(), rec.clone(), minute.clone(), 0..50i64)
            .prop_map(|(dev, rec, minute, value)| Op::Save { dev, rec, minute, value }),
        1 => (dev.clone(), rec.clone(), minute.clone()).prop_map(|(dev, rec, minute)| Op::Delete { dev, rec, minute }),
        1 => (dev.clone(), rec.clone(), 0..3usize, minute)
            .prop_map(|(dev, rec, pick, minute)| Op::Resolve { dev, rec, pick, minute }),
        4 => (dev.clone(), dev, any::<bool>()).prop_map(|(from, to, delta)| Op::Sync { from, to, delta }),
    ]
}

fn key_of(rec: u8) -> RecordKey {
    let kind = match rec {
        0..=2 => RecordKind::Household,
        3..=4 => RecordKind::Figures,
        5 => RecordKind::Report,
        // A village's record id is derived from its unit id (`bundle_support::village`).
        _ => return RecordKey::new(RecordKind::Village, village(u128::from(rec) + 1, 0, "").meta.id),
    };
    RecordKey::new(kind, id(u128::from(rec) + 1))
}

fn version(rec: u8, minute: i64, value: i64) -> RecordVersion {
    let n = u128::from(rec) + 1;
    match key_of(rec).kind {
        RecordKind::Household => RecordVersion::Household(household(n, minute, value)),
        RecordKind::Figures => RecordVersion::Figures(figures(n, minute, value)),
        RecordKind::Report => RecordVersion::Report(report(n, minute, &format!("v{value}"))),
        RecordKind::Village => RecordVersion::Village(village(n, minute, &format!("Thôn {value}"))),
    }
}

/// Devices, every bundle they exchanged, and the ground truth of which versions someone
/// replaced on purpose (edited over, deleted, or resolved away).
struct World {
    devices: Vec<LocalState>,
    bundles: Vec<Bundle>,
    replaced: BTreeMap<RecordKey, BTreeSet<VersionRef>>,
    next_bundle: u128,
}

impl World {
    fn new() -> Self {
        World {
            devices: vec![LocalState::new(); DEVICES],
            bundles: Vec::new(),
            replaced: BTreeMap::new(),
            next_bundle: 0,
        }
    }

    fn export(&mut self, dev: usize, scope: ExportScope) -> Bundle {
        self.next_bundle += 1;
        let b = export(&mut self.devices[dev], self.next_bundle, &format!("tablet-{dev}"), 500, scope);
        self.bundles.push(b.clone());
        b
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Save { dev, rec, minute, value } => {
                let key = key_of(rec);
                if let Some(current) = self.devices[dev].heads(&key).last() {
                    self.replaced.entry(key).or_default().insert(current.version_ref());
                }
                match version(rec, minute, value) {
                    RecordVersion::Household(h) => drop(self.devices[dev].save_household(h)),
                    RecordVersion::Figures(f) => drop(self.devices[dev].save_figures(f)),
                    RecordVersion::Report(r) => drop(self.devices[dev].save_report(r)),
                    RecordVersion::Village(v) => drop(self.devices[dev].save_village(v)),
                    RecordVersion::Tombstone(_) => unreachable!(),
                }
            }
            Op::Delete { dev, rec, minute } => {
                let key = key_of(rec);
                if let Some(current) = self.devices[dev].heads(&key).last() {
                    let r = current.version_ref();
                    if self.devices[dev].delete(key.kind, key.id, t(minute)).is_some() {
                        self.replaced.entry(key).or_default().insert(r);
                    }
                }
            }
            Op::Resolve { dev, rec, pick, minute } => {
                let key = key_of(rec);
                let heads = self.devices[dev].heads(&key);
                if heads.len() > 1 {
                    self.replaced.entry(key).or_default().extend(heads.iter().map(|v| v.version_ref()));
                    self.devices[dev].resolve_conflict(key, pick % heads.len(), t(minute)).unwrap();
                }
            }
            Op::Sync { from, to, delta } => {
                let scope = if delta { ExportScope::ChangedSinceLastExport } else { ExportScope::All };
                let b = self.export(from, scope);
                if from != to {
                    // Through the text, as a file would travel; an exported bundle always imports.
                    let text = b.to_json(delta);
                    import(&mut self.devices[to], text.as_bytes(), plan(), &Limits::default())
                        .unwrap_or_else(|e| panic!("{e}\n{text}"));
                }
            }
        }
    }
}

fn canon(vs: &[RecordVersion]) -> Vec<String> {
    vs.iter().map(|v| v.canonical_json()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_histories_merge_lawfully_and_lose_nothing(ops in prop::collection::vec(op(), 1..40), seed in any::<u64>()) {
        let mut w = World::new();
        for op in &ops {
            w.apply(op);
        }
        // Deltas lose nothing: what a device exported over time, merged anywhere, is the device.
        for dev in 0..DEVICES {
            w.export(dev, ExportScope::ChangedSinceLastExport);
            let mut receiver = LocalState::new();
            for b in w.bundles.iter().filter(|b| b.device_id == format!("tablet-{dev}")) {
                merge(&mut receiver, b);
            }
            prop_assert_eq!(view(&receiver), view(&w.devices[dev]));
        }
        for dev in 0..DEVICES {
            w.export(dev, ExportScope::All);
        }
        let bundles = w.bundles.clone();

        // Commutative and associative: any arrival order gives the same records.
        let mut forward = LocalState::new();
        for b in &bundles {
            merge(&mut forward, b);
        }
        let mut backward = LocalState::new();
        for b in bundles.iter().rev() {
            merge(&mut backward, b);
        }
        let mut shuffled_order: Vec<usize> = (0..bundles.len()).collect();
        let mut s = seed;
        for i in (1..shuffled_order.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled_order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let mut shuffled = LocalState::new();
        for &i in &shuffled_order {
            merge(&mut shuffled, &bundles[i]);
        }
        prop_assert_eq!(view(&forward), view(&backward));
        prop_assert_eq!(view(&forward), view(&shuffled));

        // Idempotent: the same bundle again changes nothing at all, and the same content under
        // another bundle id changes no record.
        let before = serde_json::to_string(&forward).unwrap();
        for b in &bundles {
            prop_assert!(merge(&mut forward, b).already_imported);
        }
        prop_assert_eq!(&serde_json::to_string(&forward).unwrap(), &before);
        let before_view = view(&forward);
        for (i, b) in bundles.iter().enumerate() {
            let mut again = b.clone();
            again.bundle_id = id(0xffff_0000 + i as u128);
            let r = merge(&mut forward, &again);
            prop_assert_eq!(r.added + r.updated + r.deleted + r.conflicts, 0);
        }
        prop_assert_eq!(view(&forward), before_view);

        // Nothing lost: every version that ever travelled is held, or was replaced on purpose
        // by someone (and the district knows it was).
        for b in &bundles {
            for v in b.versions() {
                let key = v.key();
                prop_assert!(forward.current(&key).is_some(), "{key} vanished");
                let held = canon(&forward.heads(&key)).contains(&v.canonical_json());
                let r = v.version_ref();
                let superseded = forward.sync_meta(&key).is_some_and(|m| m.supersedes.contains(&r));
                let on_purpose = w.replaced.get(&key).is_some_and(|s| s.contains(&r));
                prop_assert!(held || (superseded && on_purpose), "{key} version {r:?} lost");
            }
        }
        // A conflict always has two or more versions, the current one among them.
        for (key, c) in forward.conflicts() {
            prop_assert!(c.versions.len() >= 2);
            prop_assert_eq!(canon(&c.versions[c.versions.len() - 1..]), canon(&[forward.current(key).unwrap()]));
        }

        // Convergence: after everyone sends to the district and gets its state back, all agree.
        let mut district = LocalState::new();
        for dev in 0..DEVICES {
            let b = w.export(dev, ExportScope::All);
            merge(&mut district, &b);
        }
        let back = export(&mut district, 0xd15, "district", 600, ExportScope::All);
        for dev in 0..DEVICES {
            merge(&mut w.devices[dev], &back);
            prop_assert_eq!(view(&w.devices[dev]), view(&district));
        }

        // Export → text → parse → merge into an empty state reproduces the records exactly.
        for dev in 0..DEVICES {
            let b = export(&mut w.devices[dev], 0xe00 + dev as u128, "x", 700, ExportScope::All);
            let parsed = parse_bundle(b.to_json(false).as_bytes(), plan(), &Limits::default()).unwrap();
            prop_assert_eq!(&parsed, &b);
            let mut empty = LocalState::new();
            merge(&mut empty, &parsed);
            prop_assert_eq!(view(&empty), view(&w.devices[dev]));
        }
    }
}

/// A rich valid bundle: complete synthetic households, figures, a report, a tombstone,
/// lineage and a conflict.
fn base_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let data = synth::district(5, 11);
        let (mut a, mut b) = (LocalState::new(), LocalState::new());
        for h in data.households.iter().take(5) {
            a.save_household(h.clone());
        }
        a.save_figures(data.figures[0].clone());
        a.save_report(report(1, 1, "Quý IV"));
        a.save_household(household(2, 1, 10));
        let first = export(&mut a, 1, "a", 2, ExportScope::All);
        merge(&mut b, &first);
        a.save_household(household(2, 3, 11));
        b.save_household(household(2, 4, 12));
        a.delete(RecordKind::Report, id(1), t(5));
        merge(&mut a, &export(&mut b, 2, "b", 6, ExportScope::All));
        let bundle = export(&mut a, 3, "a", 7, ExportScope::All);
        assert!(!bundle.conflicts.is_empty() && !bundle.lineage.is_empty() && !bundle.tombstones.is_empty());
        bundle.to_json(true)
    })
}

/// A state that already holds data, so "unchanged" is a real claim.
fn busy_state() -> LocalState {
    let mut s = LocalState::new();
    s.save_household(household(2, 0, 5));
    s.save_household(household(40, 0, 5));
    s.delete(RecordKind::Household, id(40), t(1));
    s
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6..1e6f64).prop_map(Value::from),
        "[a-z0-9 _:-]{0,12}".prop_map(Value::from),
        Just(json!("ansinh-bundle")),
        Just(json!("2025-10-01T00:00:00Z")),
        Just(json!("2025-02-30")),
        Just(json!("00000000-0000-0000-0000-000000000000")),
        Just(json!("household")),
        Just(json!(-1)),
        Just(json!(1)),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("format".to_string()),
        Just("format_version".to_string()),
        Just("households".to_string()),
        Just("meta".to_string()),
        Just("id".to_string()),
        "[a-z_]{1,8}",
    ];
    json_leaf().prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Imports `bytes` into a busy state: never panics; a rejection leaves the state byte-identical;
/// an accepted file leaves a consistent state that the same file does not change again.
fn check_import(bytes: &[u8]) -> Result<bool, TestCaseError> {
    let mut state = busy_state();
    let before = serde_json::to_string(&state).unwrap();
    match import(&mut state, bytes, plan(), &Limits::default()) {
        Err(e) => {
            prop_assert_eq!(serde_json::to_string(&state).unwrap(), before);
            prop_assert!(!e.message(ansinh_core::i18n::Lang::Vi).is_empty());
            Ok(false)
        }
        Ok(_) => {
            for key in state.keys() {
                prop_assert!(state.current(key).is_some());
            }
            let once = serde_json::to_string(&state).unwrap();
            import(&mut state, bytes, plan(), &Limits::default()).unwrap();
            prop_assert_eq!(serde_json::to_string(&state).unwrap(), once);
            Ok(true)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_bundles_never_panic_and_rejections_change_nothing(m in mutation(json_value().boxed())) {
        check_import(&mutate(base_text().as_bytes(), &m))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn random_json_and_bytes_never_panic_and_change_nothing(v in json_value(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut headed = v.clone();
        if let Value::Object(map) = &mut headed {
            map.insert("format".into(), json!("ansinh-bundle"));
            map.insert("format_version".into(), json!(1));
        }
        for input in [serde_json::to_vec(&v).unwrap(), serde_json::to_vec(&headed).unwrap(), bytes.clone()] {
            prop_assert!(!check_import(&input)?, "random input accepted: {}", String::from_utf8_lossy(&input));
        }
    }
}

/// The properties above only mean something if the generators reach the interesting cases:
/// conflicts, deletions, lineage and delta syncs in histories; both accepted and rejected files
/// among mutations, and rejections at every stage.
#[test]
fn the_generators_reach_the_cases_that_matter() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let (mut conflicts, mut tombstones, mut lineage, mut deltas) = (0, 0, 0, 0);
    for _ in 0..200 {
        let ops = prop::collection::vec(op(), 1..40).new_tree(&mut runner).unwrap().current();
        let mut w = World::new();
        for op in &ops {
            w.apply(op);
        }
        let mut all = LocalState::new();
        for b in &w.bundles {
            merge(&mut all, b);
            deltas += usize::from(b.since.is_some());
        }
        conflicts += usize::from(!all.conflicts().is_empty());
        tombstones += usize::from(!all.tombstones().is_empty());
        lineage += usize::from(w.bundles.iter().any(|b| !b.lineage.is_empty()));
    }
    assert!(
        conflicts > 30 && tombstones > 30 && lineage > 60 && deltas > 60,
        "{conflicts} {tombstones} {lineage} {deltas}"
    );

    let mut stages = std::collections::HashSet::new();
    let mut accepted = 0;
    for _ in 0..600 {
        let m = mutation(json_value().boxed()).new_tree(&mut runner).unwrap().current();
        let bytes = mutate(base_text().as_bytes(), &m);
        match parse_bundle(&bytes, plan(), &Limits::default()) {
            Ok(_) => accepted += 1,
            Err(e) => drop(stages.insert(std::mem::discriminant(&e))),
        }
    }
    assert!(accepted > 20 && accepted < 580, "{accepted} of 600 mutated files accepted");
    assert!(stages.len() >= 5, "only {} rejection stages reached", stages.len());
    assert!(check_import(base_text().as_bytes()).unwrap());
}
