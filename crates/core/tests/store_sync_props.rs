//! Property tests of sync on the record store: random and mutated bundles never panic the
//! import and every rejection leaves the backend byte-identical; a backend that fails midway
//! (quota, or one failed write) is restored byte-identical; imports commute, are idempotent,
//! and an export imported into an empty store gives the same records.

mod bundle_support;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use ansinh_core::domain::survey::{EnteredFigures, Household};
use ansinh_core::sync::bundle::MergeReport;
use ansinh_core::sync::bundle::{Bundle, ExportOptions, ExportScope, Limits, RecordKey, RecordKind};
use ansinh_core::sync::store::{
    Channel, ImportDecoder, KeyValue, KvError, MemoryKv, RecordStore, StoreError, StoreImportError, IMPORTED_KEY,
};
use bundle_support::mutate::{mutate, mutation};
use bundle_support::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use uuid::Uuid;

/// A backend that refuses exactly one `set` (the `fail_at`-th from now), as a flaky storage
/// would, and accepts every other.
#[derive(Debug, Clone)]
struct FlakyKv {
    inner: MemoryKv,
    fail_at: Cell<Option<usize>>,
}

impl KeyValue for FlakyKv {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        match self.fail_at.get() {
            Some(0) => {
                self.fail_at.set(None);
                Err(KvError::Other { key: key.into(), reason: "simulated failure".into() })
            }
            n => {
                self.fail_at.set(n.map(|n| n - 1));
                self.inner.set(key, value)
            }
        }
    }
    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, KvError> {
        self.inner.keys()
    }
}

type Store = RecordStore<MemoryKv>;

const RECORDS: u8 = 4;

fn key_of(rec: u8) -> RecordKey {
    let kind = if rec < 3 { RecordKind::Household } else { RecordKind::Figures };
    RecordKey::new(kind, id(u128::from(rec) + 1))
}

fn options(n: u128, minute: i64, scope: ExportScope) -> ExportOptions {
    ExportOptions {
        bundle_id: Uuid::from_u128(0xcc_0000 + n),
        device_id: "tablet".into(),
        exported_at: t(minute),
        org_unit: "kon-ray".into(),
        scope,
    }
}

fn empty() -> Store {
    RecordStore::open(MemoryKv::new(), t(0)).unwrap().0
}

/// What a user sees of a store: live records, deletions, and conflicts (as version sets).
fn seen(s: &Store) -> Value {
    let conflicts: BTreeMap<String, Vec<String>> = s
        .conflicts()
        .into_iter()
        .map(|c| (c.key.to_string(), c.versions.iter().map(|v| v.canonical_json()).collect()))
        .collect();
    let ds = s.dataset();
    json!({
        "households": ds.households,
        "figures": ds.figures,
        "tombstones": s.tombstones().map(|t| (t.id, t.deleted_at)).collect::<Vec<_>>(),
        "conflicts": conflicts,
    })
}

#[derive(Debug, Clone)]
enum Op {
    Save { dev: usize, rec: u8, minute: i64, value: i64 },
    Delete { dev: usize, rec: u8, minute: i64 },
    Resolve { dev: usize, rec: u8, pick: usize, minute: i64 },
    Sync { from: usize, delta: bool, minute: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    let minute = 1..300i64;
    prop_oneof![
        5 => (0..2usize, 0..RECORDS, minute.clone(), 0..40i64)
            .prop_map(|(dev, rec, minute, value)| Op::Save { dev, rec, minute, value }),
        1 => (0..2usize, 0..RECORDS, minute.clone()).prop_map(|(dev, rec, minute)| Op::Delete { dev, rec, minute }),
        1 => (0..2usize, 0..RECORDS, 0..3usize, minute.clone())
            .prop_map(|(dev, rec, pick, minute)| Op::Resolve { dev, rec, pick, minute }),
        3 => (0..2usize, any::<bool>(), minute).prop_map(|(from, delta, minute)| Op::Sync { from, delta, minute }),
    ]
}

/// Two tablets that edit, delete, resolve and exchange files; returns them.
fn run(ops: &[Op]) -> [Store; 2] {
    let mut devs = [empty(), empty()];
    let mut n = 0;
    for op in ops {
        match *op {
            Op::Save { dev, rec, minute, value } => {
                let s = &mut devs[dev];
                let key = key_of(rec);
                let result = if key.kind == RecordKind::Household {
                    let base = s.get::<Household>(key.id).map(|x| x.rev);
                    s.save(&household(u128::from(rec) + 1, minute, value), base, t(minute))
                } else {
                    let base = s.get::<EnteredFigures>(key.id).map(|x| x.rev);
                    s.save(&figures(u128::from(rec) + 1, minute, value), base, t(minute))
                };
                match result {
                    Ok(_) | Err(StoreError::Deleted { .. }) => {}
                    Err(e) => panic!("save: {e}"),
                }
            }
            Op::Delete { dev, rec, minute } => {
                let key = key_of(rec);
                let kind = if key.kind == RecordKind::Household {
                    ansinh_core::sync::bundle::RecordKind::Household
                } else {
                    ansinh_core::sync::bundle::RecordKind::Figures
                };
                match devs[dev].delete(kind, key.id, t(minute)) {
                    Ok(()) | Err(StoreError::NotFound { .. }) => {}
                    Err(e) => panic!("delete: {e}"),
                }
            }
            Op::Resolve { dev, rec, pick, minute } => {
                let key = key_of(rec);
                if let Some(c) = devs[dev].conflicts().into_iter().find(|c| c.key == key) {
                    devs[dev].resolve_conflict(key, pick % c.versions.len(), t(minute)).unwrap();
                }
            }
            Op::Sync { from, delta, minute } => {
                n += 1;
                let scope = if delta { ExportScope::ChangedSinceLastExport } else { ExportScope::All };
                let b = devs[from].export_bundle(plan(), &options(n, minute, scope), Channel::File);
                devs[from].mark_bundle_made(Channel::File, &b).unwrap();
                let bytes = b.to_json(false);
                devs[1 - from].import_bundle(bytes.as_bytes(), plan(), &Limits::default(), t(minute)).unwrap();
                // The file reached the other device: the user confirms it was saved.
                devs[from].confirm_delivery().unwrap();
            }
        }
        // Tổng quan's cheap count agrees with the list Đồng bộ shows, after every step.
        for d in &devs {
            assert_eq!(d.conflict_count(), d.conflicts().len());
        }
    }
    devs
}

fn full(s: &Store, n: u128) -> Bundle {
    s.export_bundle(plan(), &options(n, 400, ExportScope::All), Channel::File)
}

fn import(s: &mut Store, b: &Bundle) {
    s.import_bundle(b.to_json(false).as_bytes(), plan(), &Limits::default(), t(500)).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn imports_commute_are_idempotent_and_round_trip(ops in prop::collection::vec(op(), 1..30)) {
        let devs = run(&ops);
        let (a, b) = (full(&devs[0], 1000), full(&devs[1], 1001));

        let (mut x, mut y) = (empty(), empty());
        import(&mut x, &a);
        import(&mut x, &b);
        import(&mut y, &b);
        import(&mut y, &a);
        prop_assert_eq!(seen(&x), seen(&y));

        let once = x.kv().entries().clone();
        import(&mut x, &a);
        prop_assert_eq!(x.kv().entries(), &once);
        // The same content under another id changes no record (only the imported ids).
        let mut renamed = a.clone();
        renamed.bundle_id = Uuid::from_u128(0xfeed);
        let before = seen(&x);
        import(&mut x, &renamed);
        prop_assert_eq!(seen(&x), before);
        let changed: Vec<&str> =
            x.kv().entries().iter().filter(|(k, v)| once.get(*k) != Some(v)).map(|(k, _)| k.as_str()).collect();
        prop_assert_eq!(changed, vec![IMPORTED_KEY]);

        for (dev, bundle) in devs.iter().zip([&a, &b]) {
            let mut fresh = empty();
            import(&mut fresh, bundle);
            prop_assert_eq!(seen(&fresh), seen(dev));
            let (reopened, _) = RecordStore::open(fresh.kv().clone(), t(600)).unwrap();
            prop_assert_eq!(seen(&reopened), seen(dev));
        }
    }
}

/// A store with live, deleted, edited and conflicting records, and the bundle text that
/// mutations start from (a full export of another tablet that shares its history).
fn busy() -> &'static (Store, String) {
    static BUSY: OnceLock<(Store, String)> = OnceLock::new();
    BUSY.get_or_init(|| {
        let ops = [
            Op::Save { dev: 0, rec: 0, minute: 1, value: 1 },
            Op::Save { dev: 0, rec: 1, minute: 2, value: 2 },
            Op::Save { dev: 0, rec: 3, minute: 3, value: 3 },
            Op::Sync { from: 0, delta: false, minute: 4 },
            Op::Save { dev: 1, rec: 0, minute: 5, value: 11 },
            Op::Save { dev: 0, rec: 0, minute: 6, value: 12 },
            Op::Delete { dev: 1, rec: 1, minute: 7 },
            Op::Save { dev: 1, rec: 2, minute: 8, value: 13 },
            Op::Save { dev: 1, rec: 3, minute: 9, value: 14 },
            Op::Sync { from: 0, delta: true, minute: 10 },
        ];
        let devs = run(&ops);
        let [zero, one] = devs;
        let text = full(&one, 77).to_json(true);
        assert!(!zero.conflicts().is_empty() || !one.conflicts().is_empty());
        (zero, text)
    })
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        Just(json!(1e300)),
        Just(json!(u64::MAX)),
        Just(json!(-1)),
        "[a-zA-Z0-9 :-]{0,12}".prop_map(Value::String),
        Just(json!("00000000-0000-0000-0000-000000000000")),
        Just(json!("2025-13-45T99:00:00Z")),
        Just(json!([])),
        Just(json!({})),
    ]
}

/// Imports `bytes` into a copy of the busy store: a rejection leaves it byte-identical; an
/// accepted file imported again changes nothing. Returns whether it was accepted.
fn check_import(bytes: &[u8]) -> Result<bool, TestCaseError> {
    let mut s = busy().0.clone();
    let before = s.kv().entries().clone();
    let seen_before = seen(&s);
    match s.import_bundle(bytes, plan(), &Limits::default(), t(900)) {
        Err(e) => {
            prop_assert_eq!(s.kv().entries(), &before);
            prop_assert_eq!(seen(&s), seen_before);
            prop_assert!(!e.message(ansinh_core::i18n::Lang::Vi).is_empty());
            Ok(false)
        }
        Ok(_) => {
            let once = s.kv().entries().clone();
            let again = s.import_bundle(bytes, plan(), &Limits::default(), t(901)).unwrap();
            prop_assert!(again.already_imported);
            prop_assert_eq!(s.kv().entries(), &once);
            let (reopened, _) = RecordStore::open(s.kv().clone(), t(902)).unwrap();
            prop_assert!(reopened.bad_entries().is_empty());
            prop_assert_eq!(seen(&reopened), seen(&s));
            Ok(true)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn mutated_bundles_never_panic_and_rejections_leave_storage_identical(m in mutation(json_leaf().boxed())) {
        check_import(&mutate(busy().1.as_bytes(), &m))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_and_json_never_panic_and_change_nothing(
        bytes in prop::collection::vec(any::<u8>(), 0..64),
        leaf in json_leaf(),
    ) {
        let headed = json!({"format": "ansinh-bundle", "format_version": 1, "households": [leaf.clone()]});
        for input in [bytes.clone(), serde_json::to_vec(&leaf).unwrap(), serde_json::to_vec(&headed).unwrap()] {
            prop_assert!(!check_import(&input)?, "accepted: {}", String::from_utf8_lossy(&input));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A quota anywhere between "nothing fits" and "everything fits", or one write refused at
    /// any position: the import either lands whole or leaves the backend byte-identical.
    #[test]
    fn a_backend_failing_midway_is_restored_byte_identical(share in 0.0..1.1f64, fail_at in 0..12usize) {
        let (store, text) = busy();
        let growth = {
            let mut s = store.clone();
            s.import_bundle(text.as_bytes(), plan(), &Limits::default(), t(900)).unwrap();
            s.kv().used() as f64 - store.kv().used() as f64
        };
        // Quota.
        let mut kv = MemoryKv::with_quota(store.kv().used() + (growth.max(1.0) * share) as usize);
        for (k, v) in store.kv().entries() {
            kv.set(k, v).unwrap();
        }
        let (mut s, _) = RecordStore::open(kv, t(899)).unwrap();
        let before = s.kv().entries().clone();
        match s.import_bundle(text.as_bytes(), plan(), &Limits::default(), t(900)) {
            Ok(r) => prop_assert!(!r.already_imported),
            Err(e) => {
                prop_assert!(matches!(e, StoreImportError::Write { error: StoreError::Quota { .. }, restored: true }), "{e:?}");
                prop_assert_eq!(s.kv().entries(), &before);
            }
        }
        // One refused write, the import written in slices (as the page writes a prepared one):
        // the slices written before the failure go back too.
        let flaky = FlakyKv { inner: store.kv().clone(), fail_at: Cell::new(None) };
        let (mut s, _) = RecordStore::open(flaky, t(899)).unwrap();
        let before = s.kv().inner.entries().clone();
        s.kv().fail_at.set(Some(fail_at));
        match prepared_import(&mut s, store.kv().clone(), text.as_bytes(), 2) {
            Ok(_) => prop_assert!(s.kv().fail_at.get().is_some(), "the failure was not reached"),
            Err(e) => {
                prop_assert!(matches!(e, StoreImportError::Write { restored: true, .. }), "{e:?}");
                prop_assert_eq!(s.kv().inner.entries(), &before);
                prop_assert!(s.imported_bundles().is_empty());
                prop_assert_eq!(s.dataset(), store.dataset());
            }
        }
        // One refused write.
        let flaky = FlakyKv { inner: store.kv().clone(), fail_at: Cell::new(None) };
        let (mut s, _) = RecordStore::open(flaky, t(899)).unwrap();
        let before = s.kv().inner.entries().clone();
        s.kv().fail_at.set(Some(fail_at));
        match s.import_bundle(text.as_bytes(), plan(), &Limits::default(), t(900)) {
            Ok(_) => prop_assert!(s.kv().fail_at.get().is_some(), "the failure was not reached"),
            Err(e) => {
                prop_assert!(matches!(e, StoreImportError::Write { restored: true, .. }), "{e:?}");
                prop_assert_eq!(s.kv().inner.entries(), &before);
                prop_assert!(s.imported_bundles().is_empty());
            }
        }
    }
}

/// The properties above only mean something if their inputs reach the interesting cases.
#[test]
fn the_generators_reach_the_cases_that_matter() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let (mut conflicts, mut tombstones) = (0, 0);
    for _ in 0..100 {
        let ops = prop::collection::vec(op(), 1..30).new_tree(&mut runner).unwrap().current();
        let devs = run(&ops);
        conflicts += usize::from(devs.iter().any(|d| !d.conflicts().is_empty()));
        tombstones += usize::from(devs.iter().any(|d| d.tombstones().count() > 0));
    }
    assert!(conflicts > 10 && tombstones > 20, "{conflicts} histories with conflicts, {tombstones} with deletions");

    let mut accepted = 0;
    for _ in 0..400 {
        let m = mutation(json_leaf().boxed()).new_tree(&mut runner).unwrap().current();
        if check_import(&mutate(busy().1.as_bytes(), &m)).unwrap() {
            accepted += 1;
        }
    }
    assert!(accepted > 10 && accepted < 390, "{accepted} of 400 mutated files accepted");
    assert!(check_import(busy().1.as_bytes()).unwrap());
}

/// The import the app runs off its UI thread (`prepare_import` on a copy opened from the
/// stored entries, in a Web Worker; the writes decoded a slice at a time; `apply_prepared`
/// under the lock) against the import it replaces (`import_bundle` on the store itself).
/// `slice`: entries written per `apply_prepared_part` (the page writes a slice per task).
fn prepared_import<K: KeyValue>(
    s: &mut RecordStore<K>,
    copy: MemoryKv,
    bytes: &[u8],
    slice: usize,
) -> Result<MergeReport, StoreImportError> {
    let bundle = ansinh_core::sync::bundle::parse_bundle(bytes, plan(), &Limits::default())?;
    let (copy, _) = RecordStore::open(copy, t(500)).unwrap();
    let prepared = copy.prepare_import(bundle, plan(), t(500))?;
    let mut decoder = ImportDecoder::new();
    for (key, value) in prepared.writes {
        decoder.add(key, value)?;
    }
    let mut ready = decoder.finish();
    while !s.apply_prepared_part(&mut ready, slice)? {}
    Ok(prepared.report)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Prepared on a copy and applied, an import makes the very store (entries and memory) the
    /// direct import makes, with the same report; again, it is recognised as imported.
    #[test]
    fn an_import_prepared_on_a_copy_equals_the_direct_import(
        ops in prop::collection::vec(op(), 1..30),
        slice in 1..5usize,
    ) {
        let devs = run(&ops);
        for (from, n) in [(1usize, 2000u128), (0, 2001)] {
            let bundle = full(&devs[from], n);
            let bytes = bundle.to_json(false).into_bytes();
            let mut direct = devs[1 - from].clone();
            let expected = direct.import_bundle(&bytes, plan(), &Limits::default(), t(500)).unwrap();
            let mut via = devs[1 - from].clone();
            let copy = MemoryKv::from_entries(via.kv().entries().clone());
            let report = prepared_import(&mut via, copy, &bytes, slice).unwrap();
            prop_assert_eq!(&report, &expected);
            prop_assert_eq!(via.kv().entries(), direct.kv().entries());
            prop_assert_eq!(format!("{via:?}"), format!("{direct:?}"));
            let copy = MemoryKv::from_entries(via.kv().entries().clone());
            let again = prepared_import(&mut via, copy, &bytes, slice).unwrap();
            prop_assert!(again.already_imported);
            prop_assert_eq!(via.kv().entries(), direct.kv().entries());
        }
    }
}

#[test]
fn a_prepared_write_this_build_cannot_read_changes_nothing() {
    let devs = run(&[Op::Save { dev: 0, rec: 0, minute: 5, value: 3 }]);
    let mut s = devs[0].clone();
    let before = s.kv().entries().clone();
    let key = ansinh_core::sync::store::record_key(RecordKind::Household, id(7));
    for value in [Some("3[not a record".to_string()), None] {
        let mut decoder = ImportDecoder::new();
        assert!(matches!(decoder.add(key.clone(), value), Err(StoreImportError::Store(StoreError::Unreadable { .. }))));
        assert!(decoder.is_empty());
        s.apply_prepared(decoder.finish()).unwrap();
        assert_eq!(s.kv().entries(), &before);
    }
}
