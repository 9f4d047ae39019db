//! Damaged bundle files for the import property tests (`bundle_props`, `store_sync_props`): a
//! valid bundle's text with bytes flipped, cut short or inserted, or with its JSON tree edited
//! (a node replaced, removed or duplicated, a header field overwritten). Each test brings its
//! own generator of JSON values, so each keeps the values it means to probe with.

use proptest::prelude::*;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub enum Mutation {
    /// XOR bytes at positions (taken modulo the length) with a non-zero mask.
    Flip(Vec<(usize, u8)>),
    /// Keep only the first `n % len` bytes.
    Truncate(usize),
    Insert(usize, Vec<u8>),
    /// Replace the node a path leads to (see `at_path`).
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    /// Append a copy of the array element a path leads to (an object member stays as it is).
    Duplicate(Vec<usize>),
    /// Overwrite one header field.
    Header(&'static str, Value),
}

/// Every kind of mutation, with JSON values from `values`.
pub fn mutation(values: BoxedStrategy<Value>) -> impl Strategy<Value = Mutation> {
    let path = prop::collection::vec(any::<usize>(), 1..7);
    prop_oneof![
        prop::collection::vec((any::<usize>(), any::<u8>()), 1..6).prop_map(Mutation::Flip),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8)).prop_map(|(p, b)| Mutation::Insert(p, b)),
        (path.clone(), values.clone()).prop_map(|(p, v)| Mutation::Replace(p, v)),
        path.clone().prop_map(Mutation::Remove),
        path.prop_map(Mutation::Duplicate),
        (
            prop_oneof![Just("format"), Just("format_version"), Just("plan"), Just("org_unit"), Just("bundle_id")],
            prop_oneof![
                values,
                Just(json!({"id": "another-plan", "version": "1"})),
                Just(json!(2)),
                Just(json!("ansinh-store-export")),
            ]
        )
            .prop_map(|(k, v)| Mutation::Header(k, v)),
    ]
}

/// `base` (a bundle's JSON text) damaged by `m`.
pub fn mutate(base: &[u8], m: &Mutation) -> Vec<u8> {
    let edited = |path: &[usize], edit: Edit| {
        let mut v: Value = serde_json::from_slice(base).unwrap();
        at_path(&mut v, path, &edit);
        serde_json::to_vec(&v).unwrap()
    };
    match m {
        Mutation::Flip(flips) => {
            let mut b = base.to_vec();
            for (p, x) in flips {
                let i = p % b.len();
                b[i] ^= x | 1;
            }
            b
        }
        Mutation::Truncate(n) => base[..n % base.len()].to_vec(),
        Mutation::Insert(p, bytes) => {
            let mut b = base.to_vec();
            let i = p % b.len();
            b.splice(i..i, bytes.iter().copied());
            b
        }
        Mutation::Replace(path, value) => edited(path, Edit::Replace(value)),
        Mutation::Remove(path) => edited(path, Edit::Remove),
        Mutation::Duplicate(path) => edited(path, Edit::Duplicate),
        Mutation::Header(k, value) => {
            let mut v: Value = serde_json::from_slice(base).unwrap();
            v[*k] = value.clone();
            serde_json::to_vec(&v).unwrap()
        }
    }
}

enum Edit<'a> {
    Replace(&'a Value),
    Remove,
    Duplicate,
}

/// Walks `path` (indices taken modulo each container's size) down to a scalar or the end of
/// the path, and edits the node reached in its container; an empty container reached is
/// replaced whole by `Replace` and left alone otherwise.
fn at_path(v: &mut Value, path: &[usize], edit: &Edit) {
    let Some((first, rest)) = path.split_first() else { return };
    let container = |x: &Value| matches!(x, Value::Object(_) | Value::Array(_));
    match v {
        Value::Object(map) if !map.is_empty() => {
            let k = map.keys().nth(first % map.len()).unwrap().clone();
            if rest.is_empty() || !container(&map[&k]) {
                match edit {
                    Edit::Replace(r) => drop(map.insert(k, (*r).clone())),
                    Edit::Remove => drop(map.remove(&k)),
                    Edit::Duplicate => {}
                }
            } else {
                at_path(map.get_mut(&k).unwrap(), rest, edit);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = first % items.len();
            if rest.is_empty() || !container(&items[i]) {
                match edit {
                    Edit::Replace(r) => items[i] = (*r).clone(),
                    Edit::Remove => drop(items.remove(i)),
                    Edit::Duplicate => items.push(items[i].clone()),
                }
            } else {
                at_path(&mut items[i], rest, edit);
            }
        }
        other => {
            if let Edit::Replace(r) = edit {
                *other = (*r).clone();
            }
        }
    }
}
