//! Pulling from the hub on the record store: pages applied with the atomic import, records
//! that arrived by pull never queued back for the hub while local changes are, conflicts kept,
//! the cursor advanced only after a page is applied and stored, a new hub or token starting
//! from 0; and the Retry-After timing shared with the uploader.

mod bundle_support;

use ansinh_core::sync::bundle::{ExportOptions, ExportScope, Limits, RecordKey, RecordKind};
use ansinh_core::sync::outbox::{parse_retry_after, Outbox, SendFailure, Timing, MAX_RETRY_AFTER};
use ansinh_core::sync::pull::{apply_page, page_headers, source_id, state_key, Outcome, Page, PullError, PullState};
use ansinh_core::sync::store::{Channel, KeyValue, KvError, MemoryKv, RecordStore};
use bundle_support::*;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use uuid::Uuid;

type Store<K = MemoryKv> = RecordStore<K>;

fn empty() -> Store {
    RecordStore::open(MemoryKv::new(), t(0)).unwrap().0
}

fn ids() -> impl FnMut() -> Uuid {
    let mut n = 0u128;
    move || {
        n += 1;
        Uuid::from_u128(0xb0_0000 + n)
    }
}

/// What the hub hands back: a page made from another device's store (as the hub's own
/// `LocalState::export` makes it), under a fresh bundle id.
fn page_from(other: &Store, n: u128, minute: i64) -> Vec<u8> {
    let options = ExportOptions {
        bundle_id: Uuid::from_u128(0xfa6e_0000 + n),
        device_id: "ansinh-hub".into(),
        exported_at: t(minute),
        org_unit: "kon-ray".into(),
        scope: ExportScope::All,
    };
    other.export_bundle(plan(), &options, Channel::Outbox).to_json(false).into_bytes()
}

fn hh(n: u128) -> RecordKey {
    RecordKey::new(RecordKind::Household, id(n))
}

fn apply(
    state: &mut PullState,
    outbox: &mut Outbox,
    store: &mut Store,
    body: &[u8],
    cursor: i64,
    minute: i64,
) -> Result<ansinh_core::sync::pull::Applied, PullError> {
    let page = Page { body, cursor, more: false };
    apply_page(state, outbox, store, plan(), page, &Limits::default(), t(minute), ids())
}

#[test]
fn pulled_records_are_applied_and_not_queued_back_for_the_hub() {
    let mut other = empty();
    other.save(&household(1, 5, 100), None, t(5)).unwrap();
    other.save(&household(2, 6, 200), None, t(6)).unwrap();
    let body = page_from(&other, 1, 7);

    let mut tablet = empty();
    let mut outbox = Outbox::default();
    let mut state = PullState { source: "hub".into(), ..PullState::default() };
    let applied = apply(&mut state, &mut outbox, &mut tablet, &body, 42, 10).unwrap();
    assert_eq!(applied.records, 2);
    assert_eq!(applied.report.as_ref().unwrap().added, 2);
    assert!(applied.queued.is_empty());
    assert_eq!(tablet.dataset().households.len(), 2);
    // Nothing to push: the hub has these records already.
    assert!(tablet.changed_keys(Channel::Outbox).is_empty(), "{:?}", tablet.changed_keys(Channel::Outbox));
    assert!(outbox.entries().is_empty());
    // They still count as changed for files (a tablet relays what it received).
    assert_eq!(tablet.changed_keys(Channel::File).len(), 2);
    // The cursor moved and is stored.
    assert_eq!(state.cursor, 42);
    assert_eq!(PullState::load(tablet.kv()).unwrap().unwrap().cursor, 42);

    // An edit made here afterwards is a local change again, superseding the pulled version.
    let stored = tablet.get::<ansinh_core::domain::survey::Household>(id(1)).unwrap();
    let (mut edited, rev) = (stored.record.clone(), stored.rev);
    edited.income_per_person_vnd = Some(999);
    tablet.save(&edited, Some(rev), t(11)).unwrap();
    assert_eq!(tablet.changed_keys(Channel::Outbox), vec![hh(1)]);
}

#[test]
fn pulled_pages_are_not_remembered_among_imported_bundles_and_a_page_again_changes_nothing() {
    let mut other = empty();
    let mut tablet = empty();
    let mut outbox = Outbox::default();
    let mut state = PullState { source: "hub".into(), ..PullState::default() };
    // A day of pulls: every page comes under a new id (the hub makes one per page).
    for n in 1..=30u128 {
        other.save(&household(n, 5, 100 * n as i64), None, t(n as i64)).unwrap();
        let body = page_from(&other, n, n as i64);
        apply(&mut state, &mut outbox, &mut tablet, &body, n as i64, 100 + n as i64).unwrap();
    }
    assert_eq!(tablet.dataset().households.len(), 30);
    // Nothing grows with the number of pages (the cursor keeps a page from being asked again).
    assert!(tablet.imported_bundles().is_empty(), "{} page ids kept", tablet.imported_bundles().len());
    assert_eq!(tablet.kv().get(ansinh_core::sync::store::IMPORTED_KEY).unwrap(), None);

    // A page asked again (a failure after the merge, before the cursor was stored) changes nothing.
    let body = page_from(&other, 99, 200);
    let before = tablet.dataset();
    let again = apply(&mut state, &mut outbox, &mut tablet, &body, 31, 201).unwrap();
    let report = again.report.unwrap();
    assert!(!report.already_imported);
    assert_eq!((report.added, report.updated, report.deleted, report.conflicts), (0, 0, 0, 0));
    assert_eq!(tablet.dataset(), before);
    assert!(tablet.changed_keys(Channel::Outbox).is_empty());

    // A file imported twice is still recognised by its id.
    let file = page_from(&other, 100, 300);
    let mut office = empty();
    assert!(!office.import_bundle(&file, plan(), &Limits::default(), t(301)).unwrap().already_imported);
    assert!(office.import_bundle(&file, plan(), &Limits::default(), t(302)).unwrap().already_imported);
    assert_eq!(office.imported_bundles().len(), 1);
}

#[test]
fn local_changes_not_yet_queued_are_queued_before_the_page_and_still_sent() {
    let mut tablet = empty();
    tablet.save(&household(1, 5, 100), None, t(5)).unwrap();
    let mut other = empty();
    other.save(&household(2, 6, 200), None, t(6)).unwrap();
    let body = page_from(&other, 1, 7);

    let mut outbox = Outbox::default();
    let mut state = PullState::default();
    let applied = apply(&mut state, &mut outbox, &mut tablet, &body, 3, 10).unwrap();
    // The local household went to the outbox; the pulled one did not.
    assert_eq!(applied.queued.len(), 1);
    let entries = outbox.entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].keys, vec![hh(1)]);
    assert!(tablet.changed_keys(Channel::Outbox).is_empty());
    assert_eq!(tablet.dataset().households.len(), 2);
}

#[test]
fn a_conflict_pulled_is_kept_as_an_import_keeps_it_and_our_version_still_goes_to_the_hub() {
    // Both tablets have version 1 from the hub; each edits it.
    let mut a = empty();
    a.save(&household(1, 1, 100), None, t(1)).unwrap();
    let base = page_from(&a, 1, 2);
    let mut b = empty();
    let (mut sb, mut ob) = (PullState::default(), Outbox::default());
    apply(&mut sb, &mut ob, &mut b, &base, 1, 3).unwrap();
    // a's version 1 is shared (the outbox took it).
    let mut oa = Outbox::default();
    ansinh_core::sync::outbox::queue_changes(&mut oa, &mut a, t(2), ids()).unwrap();

    let mut va = household(1, 10, 111);
    va.meta.updated_at = t(10);
    a.save(&va, Some(1), t(10)).unwrap();
    let mut vb = household(1, 11, 222);
    vb.meta.updated_at = t(11);
    let rev = b.get::<ansinh_core::domain::survey::Household>(id(1)).unwrap().rev;
    b.save(&vb, Some(rev), t(11)).unwrap();

    // b's edit reaches the hub, then a pulls it.
    let from_b = page_from(&b, 2, 12);
    let mut sa = PullState::default();
    let applied = apply(&mut sa, &mut oa, &mut a, &from_b, 2, 13).unwrap();
    assert_eq!(applied.report.unwrap().conflicts, 1);
    assert_eq!(a.conflicts().len(), 1);
    assert_eq!(a.conflicts()[0].versions.len(), 2);
    assert_eq!(a.changed_keys(Channel::Outbox), vec![], "what the page brought is not a change to send");
    // a's own edit was queued before the page (so it is sent, and the hub sees the conflict).
    let pending: Vec<_> = oa.entries().into_iter().filter(|e| !e.is_sent()).flat_map(|e| e.keys.clone()).collect();
    assert_eq!(pending, vec![hh(1)]);
    // The bundle the outbox builds for it carries both versions.
    let opts = ExportOptions {
        bundle_id: Uuid::from_u128(9),
        device_id: "a".into(),
        exported_at: t(14),
        org_unit: "kon-ray".into(),
        scope: ExportScope::All,
    };
    let sent = a.bundle_for(plan(), &pending, &opts);
    assert_eq!(sent.versions().count(), 2);
}

/// A backend whose writes fail from the `n`-th `set` on.
#[derive(Debug, Clone, Default)]
struct FailAfter {
    inner: MemoryKv,
    sets_left: Option<usize>,
}

impl KeyValue for FailAfter {
    fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        match &mut self.sets_left {
            Some(0) => return Err(KvError::Quota { key: key.into() }),
            Some(n) => *n -= 1,
            None => {}
        }
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, KvError> {
        self.inner.keys()
    }
}

#[test]
fn the_cursor_advances_only_after_the_page_is_applied_and_stored() {
    let mut other = empty();
    other.save(&household(1, 5, 100), None, t(5)).unwrap();
    let body = page_from(&other, 1, 7);
    // Every number of writes allowed before the backend fills: the stored cursor is the old
    // one unless the whole page was applied.
    for allowed in 0..8 {
        let mut kv = FailAfter::default();
        PullState { source: "hub".into(), cursor: 5, ..PullState::default() }.save(&mut kv).unwrap();
        let mut store: Store<FailAfter> = RecordStore::open(kv, t(0)).unwrap().0;
        store.kv_mut().sets_left = Some(allowed);
        let mut state = PullState::for_source(store.kv(), "hub");
        let mut outbox = Outbox::default();
        let page = Page { body: &body, cursor: 9, more: false };
        let result = apply_page(&mut state, &mut outbox, &mut store, plan(), page, &Limits::default(), t(10), ids());
        let stored = PullState::load(store.kv()).unwrap().unwrap().cursor;
        match result {
            Ok(_) => {
                assert_eq!((state.cursor, stored), (9, 9), "allowed {allowed}");
                assert_eq!(store.dataset().households.len(), 1);
            }
            Err(_) => {
                assert_eq!((state.cursor, stored), (5, 5), "allowed {allowed}");
            }
        }
        if allowed == 0 {
            assert!(store.dataset().households.is_empty());
        }
    }
}

#[test]
fn an_invalid_page_changes_nothing_and_keeps_the_cursor() {
    let mut tablet = empty();
    tablet.save(&household(1, 5, 100), None, t(5)).unwrap();
    let before = tablet.kv().entries().clone();
    let mut state = PullState { source: "hub".into(), cursor: 7, ..PullState::default() };
    let mut outbox = Outbox::default();
    let err = apply(&mut state, &mut outbox, &mut tablet, b"{\"format\":\"nope\"}", 99, 10).unwrap_err();
    assert!(matches!(err, PullError::Import(_)), "{err:?}");
    assert!(matches!(err.outcome(), Outcome::NotApplied { .. }));
    assert_eq!(state.cursor, 7);
    assert_eq!(tablet.kv().entries(), &before);
    assert!(outbox.entries().is_empty());
}

#[test]
fn an_empty_page_changes_no_record_and_moves_the_cursor() {
    let body = page_from(&empty(), 1, 7);
    let mut tablet = empty();
    tablet.save(&household(1, 5, 100), None, t(5)).unwrap();
    let mut state = PullState::default();
    let mut outbox = Outbox::default();
    let applied = apply(&mut state, &mut outbox, &mut tablet, &body, 12, 10).unwrap();
    assert_eq!(applied.records, 0);
    assert!(applied.report.is_none());
    assert!(tablet.imported_bundles().is_empty(), "empty pages do not pile up in the imported list");
    // The local change is untouched and still waits for the outbox.
    assert_eq!(tablet.changed_keys(Channel::Outbox), vec![hh(1)]);
    assert_eq!(state.cursor, 12);
}

#[test]
fn another_hub_or_token_starts_from_the_beginning() {
    let mut kv = MemoryKv::new();
    let a = source_id("https://huyen.example/api/bundles", "token-1");
    PullState { source: a.clone(), cursor: 40, ..PullState::default() }.save(&mut kv).unwrap();
    assert_eq!(PullState::for_source(&kv, &a).cursor, 40);
    assert_eq!(PullState::for_source(&kv, &source_id("https://huyen.example/api/bundles", "token-2")).cursor, 0);
    assert_eq!(PullState::for_source(&kv, &source_id("https://tinh.example/api/bundles", "token-1")).cursor, 0);
    // An unreadable state starts afresh too.
    kv.set(&state_key(), "{not json").unwrap();
    assert!(PullState::load(&kv).is_err());
    assert_eq!(PullState::for_source(&kv, &a).cursor, 0);
}

#[test]
fn page_headers_are_required() {
    assert_eq!(page_headers(Some("17"), Some("1")).unwrap(), (17, true));
    assert_eq!(page_headers(Some(" 0 "), Some("0")).unwrap(), (0, false));
    assert!(page_headers(None, Some("0")).is_err());
    assert!(page_headers(Some("x"), Some("0")).is_err());
    assert!(page_headers(Some("3"), None).is_err());
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap()
}

#[test]
fn retry_after_is_read_as_seconds_or_an_http_date() {
    assert_eq!(parse_retry_after("5", now()), Some(now() + TimeDelta::seconds(5)));
    assert_eq!(parse_retry_after(" 120 ", now()), Some(now() + TimeDelta::seconds(120)));
    assert_eq!(parse_retry_after("Wed, 02 Dec 2026 08:00:30 GMT", now()), Some(now() + TimeDelta::seconds(30)));
    // A huge number of seconds is capped, not an overflow.
    assert_eq!(parse_retry_after("99999999999999999", now()), Some(now() + MAX_RETRY_AFTER));
    assert_eq!(parse_retry_after("soon", now()), None);
    assert_eq!(parse_retry_after("-3", now()), None);
    assert_eq!(parse_retry_after("", now()), None);
}

#[test]
fn retry_after_replaces_the_backoff_only_when_later_and_is_capped() {
    let timing = Timing { timeout_ms: 1000, backoff_ms: 2_000, backoff_max_ms: 60_000 };
    // Own backoff after the 1st failure: 2 s. The server asks 5 s: 5 s.
    assert_eq!(timing.next_attempt(now(), 1, Some(now() + TimeDelta::seconds(5))), now() + TimeDelta::seconds(5));
    // After the 4th failure the own backoff (16 s) is longer: it stays.
    assert_eq!(timing.next_attempt(now(), 4, Some(now() + TimeDelta::seconds(5))), now() + TimeDelta::seconds(16));
    // A date in the past changes nothing; none at all neither.
    assert_eq!(timing.next_attempt(now(), 1, Some(now() - TimeDelta::hours(1))), now() + TimeDelta::seconds(2));
    assert_eq!(timing.next_attempt(now(), 1, None), now() + TimeDelta::seconds(2));
    // A date a week away is capped.
    assert_eq!(timing.next_attempt(now(), 1, Some(now() + TimeDelta::days(7))), now() + MAX_RETRY_AFTER);
}

#[test]
fn the_outbox_and_the_puller_wait_for_the_server_s_retry_after() {
    let timing = Timing { timeout_ms: 1000, backoff_ms: 300, backoff_max_ms: 1000 };
    let mut store = empty();
    store.save(&household(1, 5, 100), None, t(5)).unwrap();
    let mut outbox = Outbox::default();
    let ids = ansinh_core::sync::outbox::queue_changes(&mut outbox, &mut store, now(), ids()).unwrap();
    let asked = parse_retry_after("5", now());
    outbox
        .record_failure_until(store.kv_mut(), ids[0], SendFailure::Http { status: 503 }, None, now(), &timing, asked)
        .unwrap();
    assert_eq!(outbox.next_wake(), Some(now() + TimeDelta::seconds(5)));
    assert!(outbox.next_due(now() + TimeDelta::seconds(4), false).is_none());
    assert!(outbox.next_due(now() + TimeDelta::seconds(5), false).is_some());
    // Stored: a reload waits as long.
    let (reloaded, _) = Outbox::load(store.kv()).unwrap();
    assert_eq!(reloaded.next_wake(), Some(now() + TimeDelta::seconds(5)));

    let mut state = PullState::default();
    let failed = Outcome::Failed(SendFailure::Http { status: 503 });
    state.record_failure(store.kv_mut(), failed.clone(), now(), &timing, asked).unwrap();
    assert!(!state.is_due(now() + TimeDelta::seconds(4), false));
    assert!(state.is_due(now() + TimeDelta::seconds(4), true), "Đồng bộ ngay does not wait");
    assert!(state.is_due(now() + TimeDelta::seconds(5), false));
    assert_eq!(PullState::load(store.kv()).unwrap().unwrap().last.unwrap().outcome, failed);
    state.record_success(store.kv_mut(), 3, 0, now() + TimeDelta::seconds(6)).unwrap();
    assert_eq!(state.failures, 0);
    assert!(state.is_due(now() + TimeDelta::seconds(6), false));
    assert!(state.last.as_ref().unwrap().outcome.message(ansinh_core::i18n::Lang::Vi).contains("Đã nhận 3 bản ghi"));
}

#[test]
fn the_last_ten_pulls_are_kept_newest_first_with_their_outcome() {
    let timing = Timing { timeout_ms: 1000, backoff_ms: 300, backoff_max_ms: 1000 };
    let mut kv = MemoryKv::new();
    let mut state = PullState { source: "s".into(), ..PullState::default() };
    for i in 0..12i64 {
        let at = now() + TimeDelta::minutes(i);
        if i % 3 == 2 {
            let failed = Outcome::Failed(SendFailure::Http { status: 503 });
            state.record_failure(&mut kv, failed, at, &timing, None).unwrap();
        } else {
            state.record_success(&mut kv, i as usize, i as usize % 2, at).unwrap();
        }
    }
    assert_eq!(state.history.len(), ansinh_core::sync::pull::HISTORY);
    assert_eq!(ansinh_core::sync::pull::HISTORY, 10);
    let times: Vec<_> = state.history.iter().map(|p| p.at).collect();
    let expected: Vec<_> = (2..12).rev().map(|i| now() + TimeDelta::minutes(i)).collect();
    assert_eq!(times, expected, "newest first, the two oldest dropped");
    assert_eq!(state.history[0].outcome, Outcome::Failed(SendFailure::Http { status: 503 }));
    assert_eq!(state.history[1].outcome, Outcome::Applied { records: 10, conflicts: 0 });
    assert_eq!(state.history[2].outcome, Outcome::Applied { records: 9, conflicts: 1 });
    assert_eq!(state.last.as_ref(), state.history.first());
    assert_eq!(state.recent(), state.history);
    // Stored and read back whole.
    assert_eq!(PullState::load(&kv).unwrap().unwrap(), state);
}

#[test]
fn a_state_stored_before_the_history_loads_and_starts_it_from_its_last_pull() {
    let mut kv = MemoryKv::new();
    let old = r#"{"source":"s","cursor":42,"last":{"at":"2026-12-02T08:00:00Z","outcome":{"applied":{"records":3,"conflicts":1}}},"failures":0}"#;
    kv.set(&state_key(), old).unwrap();
    let mut state = PullState::for_source(&kv, "s");
    assert_eq!(state.cursor, 42, "the old state is kept, not started afresh");
    assert!(state.history.is_empty());
    let first = state.recent();
    assert_eq!(first.len(), 1);
    assert_eq!((first[0].at, &first[0].outcome), (now(), &Outcome::Applied { records: 3, conflicts: 1 }));
    state.record_success(&mut kv, 0, 0, now() + TimeDelta::hours(1)).unwrap();
    let loaded = PullState::load(&kv).unwrap().unwrap();
    let outcomes: Vec<_> = loaded.history.iter().map(|p| p.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        vec![Outcome::Applied { records: 0, conflicts: 0 }, Outcome::Applied { records: 3, conflicts: 1 }]
    );
}
