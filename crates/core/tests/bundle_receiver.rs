//! A receiver that stores records one by one (the district hub's table: heads and supersedes per
//! record) and merges each bundle record by record (`Heads::merge` of what it stores with what
//! the bundle carries, storing back the changed ones) ends with exactly what one `LocalState`
//! merging every bundle holds: one record model, whoever holds the records.

mod bundle_support;

use std::collections::{BTreeMap, BTreeSet};

use ansinh_core::sync::bundle::{merge, Bundle, ExportScope, Heads, LocalState, RecordKey, RecordKind};
use bundle_support::*;

type Rows = BTreeMap<RecordKey, Heads>;

/// Merges `bundle` into `rows` the way the hub does; returns the keys written.
fn receive(rows: &mut Rows, bundle: &Bundle) -> Vec<RecordKey> {
    let mut written = Vec::new();
    for (key, (versions, supersedes)) in bundle.incoming() {
        let merged = rows.get(&key).cloned().unwrap_or_default().merge(&versions, &supersedes);
        if merged.changed {
            rows.insert(key, merged.heads);
            written.push(key);
        }
    }
    written
}

fn hh(n: u128) -> RecordKey {
    RecordKey::new(RecordKind::Household, id(n))
}

#[test]
fn a_row_by_row_receiver_holds_what_one_state_holds() {
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    a.save_household(household(1, 1, 100));
    a.save_household(household(2, 1, 100));
    a.save_figures(figures(3, 1, 2));
    let first = export(&mut a, 1, "a", 2, ExportScope::ChangedSinceLastExport);
    merge(&mut b, &first);
    // Both tablets edit household 1 (a conflict), a deletes household 2, b adds a report.
    a.save_household(household(1, 5, 200));
    b.save_household(household(1, 6, 300));
    a.delete(RecordKind::Household, id(2), t(7));
    b.save_report(report(4, 8, "Q4"));
    let from_a = export(&mut a, 2, "a", 9, ExportScope::ChangedSinceLastExport);
    let from_b = export(&mut b, 3, "b", 9, ExportScope::ChangedSinceLastExport);

    let mut whole = LocalState::new();
    let mut rows = Rows::new();
    for bundle in [&first, &from_a, &from_b, &from_a] {
        merge(&mut whole, bundle);
        receive(&mut rows, bundle);
    }
    let keys: Vec<RecordKey> = whole.keys().copied().collect();
    assert_eq!(keys, rows.keys().copied().collect::<Vec<_>>());
    for key in &keys {
        assert_eq!(Some(&whole.record(key)), rows.get(key), "{key}");
    }
    assert_eq!(rows[&hh(1)].versions().len(), 2, "the concurrent edits are kept as a conflict");
    assert!(rows[&hh(2)].current().is_some_and(|v| v.is_tombstone()));
}

#[test]
fn a_bundle_that_changes_nothing_writes_nothing() {
    let mut a = LocalState::new();
    a.save_household(household(1, 1, 100));
    let b1 = export(&mut a, 1, "a", 2, ExportScope::All);
    let b2 = export(&mut a, 2, "a", 3, ExportScope::All);
    let mut rows = Rows::new();
    assert_eq!(receive(&mut rows, &b1), vec![hh(1)]);
    // The same content under a new bundle id: the record is unchanged, no write (no new cursor).
    assert_eq!(receive(&mut rows, &b2), Vec::<RecordKey>::new());
    // An older version arriving late changes nothing either.
    let mut late = b1.clone();
    late.bundle_id = id(99);
    a.save_household(household(1, 4, 150));
    let b3 = export(&mut a, 3, "a", 5, ExportScope::All);
    assert_eq!(receive(&mut rows, &b3), vec![hh(1)]);
    assert_eq!(receive(&mut rows, &late), Vec::<RecordKey>::new());
}

#[test]
fn an_unknown_record_is_empty_and_merging_nothing_changes_nothing() {
    let s = LocalState::new();
    assert!(s.record(&hh(1)).is_empty());
    let mut a = LocalState::new();
    a.save_household(household(1, 1, 100));
    let held = a.record(&hh(1));
    let same = held.merge(held.versions(), &held.supersedes);
    assert!(!same.changed && same.same_current, "a record merged with itself is unchanged");
    let none = held.merge(&[], &BTreeSet::new());
    assert!(!none.changed);
}
