//! Where in a bundle a decoding error is, found after the fact.
//!
//! Contract: a bundle is decoded from a parsed `serde_json::Value` by the same typed decoders
//! as the stored records (one decoder per type in the wasm, no path tracker). When that fails,
//! `failing_path` finds the path of the failing value by decoding *truncated copies* of the
//! document: serde decodes an object's entries in their (sorted) order and arrays in order, and
//! stops at the first bad one, so the shortest prefix of a container that still gives the very
//! same error ends with the entry holding it (binary search, a few decodes per level). A
//! "missing field" error belongs to an object rather than to one of its entries, so it is
//! placed on the record (`households[3]`) or on the document (`.`), not deeper.
//! The record-by-record reader runs it on a small document (the header and the failing
//! record of each list), so a bad file costs about what a good one does.
//! `position_of` gives the line and column of a path's value in the text, found by the
//! structure scanner (`json::scan`) without building a path per value. Only failing imports
//! pay for any of this.

use serde_json::Value;

use crate::base::json::scan::{line_column, Event, Frame, Scanner};

/// One step of a path: an object key or an array index.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// The path (`households[3].members[1].date_of_birth`, empty for the document) of the value
/// where `decode(root)` fails with `message`; `decode` returns the error message, if any.
pub(super) fn failing_path(root: &Value, message: &str, decode: impl Fn(Value) -> Option<String>) -> Vec<Step> {
    let missing_field = message.starts_with("missing field");
    let mut path: Vec<Step> = Vec::new();
    while let Some(node) = get(root, &path) {
        let len = match node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => break,
        };
        let same = |cut: usize| decode(truncated(root, &path, cut)).as_deref() == Some(message);
        // The error is this container's own (or not reproducible by truncation): stop here.
        if len == 0 || same(0) || !same(len) {
            break;
        }
        // Smallest cut that still fails the same way: same(lo) is false, same(hi) is true.
        let (mut lo, mut hi) = (0, len);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if same(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let step = match node {
            Value::Object(m) => Step::Key(m.keys().nth(hi - 1).cloned().unwrap_or_default()),
            _ => Step::Index(hi - 1),
        };
        if missing_field {
            // Only descend to a record of a list (`households[3]`), never to a plain value.
            let child = get(node_child(node, &step), &[]);
            let scalar = !matches!(child, Some(Value::Object(_) | Value::Array(_)));
            if scalar || path.len() >= 2 {
                break;
            }
        }
        path.push(step);
    }
    path
}

fn node_child<'a>(node: &'a Value, step: &Step) -> &'a Value {
    match (node, step) {
        (Value::Object(m), Step::Key(k)) => m.get(k).unwrap_or(&Value::Null),
        (Value::Array(a), Step::Index(i)) => a.get(*i).unwrap_or(&Value::Null),
        _ => &Value::Null,
    }
}

fn get<'a>(root: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, s| match (v, s) {
        (Value::Object(m), Step::Key(k)) => m.get(k),
        (Value::Array(a), Step::Index(i)) => a.get(*i),
        _ => None,
    })
}

/// A copy of `root` in which every container along `path` keeps only its entries up to the
/// next step, and the container at the end of `path` only its first `cut` entries.
fn truncated(root: &Value, path: &[Step], cut: usize) -> Value {
    match (root, path.first()) {
        (Value::Object(m), Some(Step::Key(k))) => {
            let mut out = serde_json::Map::new();
            for (key, v) in m {
                if key == k {
                    out.insert(key.clone(), truncated(v, &path[1..], cut));
                    break;
                }
                out.insert(key.clone(), v.clone());
            }
            Value::Object(out)
        }
        (Value::Array(a), Some(Step::Index(i))) => {
            let mut out: Vec<Value> = a.iter().take(*i).cloned().collect();
            if let Some(v) = a.get(*i) {
                out.push(truncated(v, &path[1..], cut));
            }
            Value::Array(out)
        }
        (Value::Object(m), None) => Value::Object(m.iter().take(cut).map(|(k, v)| (k.clone(), v.clone())).collect()),
        (Value::Array(a), None) => Value::Array(a.iter().take(cut).cloned().collect()),
        (other, _) => other.clone(),
    }
}

/// The path as the user reads it: `households[3].members[1].name`, `.` for the document.
pub(super) fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// The 1-based line and column (in bytes) where the value at `path` starts in `text`, a
/// syntactically valid JSON document; (1, 1) for the document or a path that is not there.
pub(super) fn position_of(text: &str, path: &[Step]) -> (usize, usize) {
    offset_of(text, path).map_or((1, 1), |at| line_column(text, at))
}

/// The byte where the first value at `path` starts in `text` (valid JSON), if there is one.
/// Keys are compared as written in the text (a key written with escapes is not found).
pub(super) fn offset_of(text: &str, path: &[Step]) -> Option<usize> {
    let mut scan = Scanner::new(text);
    while let Some(event) = scan.next() {
        if let Event::Value(at) = event {
            if at_path(&scan, path) {
                return Some(at);
            }
        }
    }
    None
}

/// Whether the scanner's open containers lead to the value at `path`.
fn at_path(scan: &Scanner, path: &[Step]) -> bool {
    let frames = scan.frames();
    frames.len() == path.len()
        && frames.iter().zip(path).all(|(frame, step)| match (frame, step) {
            (Frame::Object { key: Some(range) }, Step::Key(k)) => scan.slice(range) == k.as_bytes(),
            (Frame::Array { index }, Step::Index(i)) => index == i,
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TEXT: &str = "{\n  \"a\": [\n    {\"x\": 1, \"y\": [true, {\"z\": \"s,]\"}]},\n    {\"x\": 2}\n  ],\n  \"b\": {\"c\": null}\n}";

    fn k(key: &str) -> Step {
        Step::Key(key.into())
    }

    #[test]
    fn positions_of_paths_in_the_text() {
        use Step::Index as I;
        assert_eq!(position_of(TEXT, &[]), (1, 1));
        assert_eq!(position_of(TEXT, &[k("a")]), (2, 8));
        assert_eq!(position_of(TEXT, &[k("a"), I(0)]), (3, 5));
        assert_eq!(position_of(TEXT, &[k("a"), I(0), k("x")]), (3, 11));
        assert_eq!(position_of(TEXT, &[k("a"), I(0), k("y"), I(1), k("z")]), (3, 32));
        assert_eq!(position_of(TEXT, &[k("a"), I(1), k("x")]), (4, 11));
        assert_eq!(position_of(TEXT, &[k("b"), k("c")]), (6, 14));
        assert_eq!(position_of(TEXT, &[k("nowhere")]), (1, 1));
        assert_eq!(position_of(TEXT, &[k("a"), I(2)]), (1, 1));
    }

    /// A stand-in decoder: every `z` must be a number, every object in `a` must have `x`.
    fn decode(v: &Value) -> Option<String> {
        fn walk(v: &Value, in_a: bool) -> Option<String> {
            match v {
                Value::Object(m) => {
                    for (k, v) in m {
                        if k == "z" && !v.is_number() {
                            return Some("invalid type: expected a number".into());
                        }
                        if let Some(e) = walk(v, k == "a") {
                            return Some(e);
                        }
                    }
                    None
                }
                Value::Array(a) => a.iter().find_map(|v| {
                    if in_a && v.get("x").is_none() {
                        // serde reports a missing field after reading the object's entries.
                        return walk(v, false).or_else(|| Some("missing field `x`".into()));
                    }
                    walk(v, false)
                }),
                _ => None,
            }
        }
        walk(v, false)
    }

    #[test]
    fn the_failing_value_is_found_by_truncation() {
        let v: Value = serde_json::from_str(TEXT).unwrap();
        let msg = decode(&v).unwrap();
        assert_eq!(render(&failing_path(&v, &msg, |v| decode(&v))), "a[0].y[1].z");

        let v = json!({"a": [{"x": 1}, {"x": 2}, {"y": [1, 2]}, {"x": 3}], "b": 1});
        let msg = decode(&v).unwrap();
        assert_eq!(msg, "missing field `x`");
        assert_eq!(render(&failing_path(&v, &msg, |v| decode(&v))), "a[2]");
    }
}
