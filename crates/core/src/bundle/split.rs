//! A bundle's text cut into its header members and its records, without parsing it whole.
//!
//! Contract: `split` runs the JSON scanner (`json::scan`) over the text once and returns, for a
//! top-level object, each member's key and value text, with the values of the record lists
//! (`LISTS`) cut into one text per item. It returns `None` — the caller then reads the file the
//! slow, exact way — whenever the text is not simply that: structure broken, top level not an
//! object, a key written with escapes or given twice, nesting deep enough to near serde_json's
//! recursion limit. It does not check the values themselves: each slice is parsed by
//! serde_json, and a document whose structure the scanner accepted and whose every slice
//! serde_json accepts is valid JSON with the same values as the whole text would give.

use crate::json::scan::{Event, Frame, Scanner};

/// The top-level members whose arrays are cut into items.
pub(super) const LISTS: [&str; 6] = ["households", "figures", "reports", "tombstones", "lineage", "conflicts"];

/// serde_json stops at 128 nested containers; anything near it is left to the exact reader.
const MAX_DEPTH: usize = 100;

/// A bundle's text in parts (see the module contract).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Parts<'a> {
    /// Members other than record lists: key and value text.
    pub header: Vec<(&'a str, &'a str)>,
    /// Record lists: key and the text of each item.
    pub lists: Vec<(&'a str, Vec<&'a str>)>,
}

/// What is being cut at depth 1 (a top-level member's value).
enum Member<'a> {
    None,
    /// A header value starting at this byte.
    Header(&'a str, usize),
    /// A record list; an item starts at the byte given, if one is open.
    List(Option<usize>),
}

pub(super) fn split(text: &str) -> Option<Parts<'_>> {
    let mut scan = Scanner::new(text);
    let Some(Event::Value(at)) = scan.next() else { return None };
    if text.as_bytes()[at] != b'{' {
        return None;
    }
    let mut parts = Parts::default();
    let mut member = Member::None;
    let mut keys: Vec<&str> = Vec::new();
    while let Some(event) = scan.next() {
        let depth = scan.frames().len();
        if depth > MAX_DEPTH {
            return None;
        }
        match (event, depth) {
            (Event::Value(at), 1) => {
                let Some(Frame::Object { key: Some(range) }) = scan.frames().first() else { return None };
                let key = std::str::from_utf8(scan.slice(range)).ok()?;
                if key.contains('\\') || keys.contains(&key) {
                    return None;
                }
                keys.push(key);
                if LISTS.contains(&key) && text.as_bytes()[at] == b'[' {
                    parts.lists.push((key, Vec::new()));
                    member = Member::List(None);
                } else {
                    member = Member::Header(key, at);
                }
            }
            (Event::Value(at), 2) => {
                if let Member::List(start) = &mut member {
                    *start = Some(at);
                }
            }
            // A list item ends at the next `,` of the list, or at the list's `]`.
            (Event::Comma(at), 2) | (Event::Close(at), 1) => {
                if let Member::List(start) = &mut member {
                    if let (Some(s), Some((_, items))) = (start.take(), parts.lists.last_mut()) {
                        items.push(&text[s..at]);
                    }
                    if depth == 1 {
                        member = Member::None;
                    }
                }
            }
            // A header member ends at the next `,` between members, or at the object's `}`.
            (Event::Comma(at), 1) | (Event::Close(at), 0) => {
                if let Member::Header(key, s) = member {
                    parts.header.push((key, &text[s..at]));
                }
                member = Member::None;
            }
            _ => {}
        }
    }
    scan.is_complete().then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_cut_into_header_and_items() {
        let text = r#" {"format": "x", "plan": {"id": "p", "l": [1]}, "households": [ {"a": [1, {}]} , {"b": 2}],
            "figures": [], "tombstones": null, "n": 3 }"#;
        let p = split(text).unwrap();
        assert_eq!(
            p.header,
            [("format", r#""x""#), ("plan", r#"{"id": "p", "l": [1]}"#), ("tombstones", "null"), ("n", "3 ")]
        );
        assert_eq!(p.lists, [("households", vec![r#"{"a": [1, {}]} "#, r#"{"b": 2}"#]), ("figures", vec![])]);
    }

    #[test]
    fn anything_unusual_is_left_to_the_exact_reader() {
        for text in [
            "[1]",
            r#"{"format": "x""#,
            r#"{"format": "x", "format": "y"}"#,
            r#"{"form\u0061t": "x"}"#,
            r#"{"households": [1 2]}"#,
            r#"{"households": [1,]}"#,
            r#"{"a": 1} {}"#,
            &format!(r#"{{"households": [{}1{}]}}"#, "[".repeat(120), "]".repeat(120)),
        ] {
            assert_eq!(split(text), None, "{text}");
        }
        assert_eq!(split("{}"), Some(Parts::default()));
    }
}
