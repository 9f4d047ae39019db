//! JSON text of typed values, always through `serde_json::Value`.
//!
//! Contract: `to_text` writes what `serde_json::to_string`/`to_string_pretty` would write for
//! the same value, except that object keys come in sorted order (a `Value` object is a
//! `BTreeMap`); `to_text_ordered` puts the named top-level keys first, in the given order (a
//! file's header before its records). Every typed value the app writes as text goes through
//! here, so each type's `Serialize` is compiled for the `Value` serializer only (which the
//! store, the canonical form of records and the reports need anyway), not once more for the
//! compact and the pretty text serializers: `Value`'s own `Serialize` is small.
//!
//! `ObjectWriter` writes a large object (a bundle) member by member into one buffer, arrays
//! item by item, so only one item's `Value` exists at a time; its text is byte for byte what
//! `to_text_ordered` writes for the whole object. `scan` reads JSON text back structurally.

pub(crate) mod scan;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// The value as JSON text, compact or indented by two spaces.
pub fn to_text<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Result<String, serde_json::Error> {
    write(&serde_json::to_value(value)?, pretty)
}

/// Like `to_text`, with the top-level keys named in `first` first and in that order (the
/// others follow, sorted). A value that is not an object is written as `to_text` writes it.
pub fn to_text_ordered<T: Serialize + ?Sized>(
    value: &T,
    first: &[&str],
    pretty: bool,
) -> Result<String, serde_json::Error> {
    match serde_json::to_value(value)? {
        Value::Object(map) => write(&Ordered { map: &map, first }, pretty),
        other => write(&other, pretty),
    }
}

fn write<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Result<String, serde_json::Error> {
    if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
}

/// A JSON object written member by member, in the order of the calls (see the module
/// contract). Keys are written as given, so they must need no escaping (field names).
pub struct ObjectWriter {
    out: Vec<u8>,
    pretty: bool,
    empty: bool,
}

impl ObjectWriter {
    /// An object of about `capacity` bytes, compact or indented by two spaces.
    pub fn new(pretty: bool, capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        out.push(b'{');
        ObjectWriter { out, pretty, empty: true }
    }

    /// A member with its value written whole.
    pub fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), serde_json::Error> {
        let value = serde_json::to_value(value)?;
        self.key(key);
        self.value(&value, 1)
    }

    /// A member whose value is the array of `items`, each converted and written on its own.
    pub fn list<T: Serialize>(&mut self, key: &str, items: &[T]) -> Result<(), serde_json::Error> {
        self.key(key);
        if items.is_empty() {
            self.out.extend_from_slice(b"[]");
            return Ok(());
        }
        self.out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            if self.pretty {
                self.out.extend_from_slice(b"\n    ");
            }
            let value = serde_json::to_value(item)?;
            self.value(&value, 2)?;
        }
        if self.pretty {
            self.out.extend_from_slice(b"\n  ");
        }
        self.out.push(b']');
        Ok(())
    }

    /// The text, closed.
    pub fn finish(mut self) -> String {
        if self.pretty && !self.empty {
            self.out.push(b'\n');
        }
        self.out.push(b'}');
        // serde_json writes UTF-8 and keys are `&str`: the check never fails, and a lossy copy
        // would be the same text if it did.
        String::from_utf8(self.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        if self.pretty {
            self.out.extend_from_slice(b"\n  ");
        }
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        if self.pretty {
            self.out.push(b' ');
        }
    }

    /// `value` as it appears `depth` levels deep: serde_json's pretty text has a line break
    /// only between tokens (never inside a string, where it is escaped), so indenting every
    /// line after the first gives the text the whole document would have.
    fn value(&mut self, value: &Value, depth: usize) -> Result<(), serde_json::Error> {
        if !self.pretty {
            write_compact(value, &mut self.out);
            return Ok(());
        }
        let mut text = Vec::new();
        serde_json::to_writer_pretty(&mut text, value)?;
        let mut lines = text.split(|&b| b == b'\n');
        if let Some(first) = lines.next() {
            self.out.extend_from_slice(first);
        }
        for line in lines {
            self.out.push(b'\n');
            for _ in 0..depth {
                self.out.extend_from_slice(b"  ");
            }
            self.out.extend_from_slice(line);
        }
        Ok(())
    }
}

/// `value` as compact JSON text, byte for byte what `serde_json::to_writer` writes (tested
/// against it): keys in map order, strings escaped as serde_json escapes them, numbers through
/// serde_json. Why by hand: serde_json's string writer, built at opt-level "z", costs about
/// 40 instructions per byte of a bundle; copying the runs between escapes costs a few.
pub(crate) fn write_compact(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        // A number's text cannot fail to write into a `Vec`.
        Value::Number(n) => drop(serde_json::to_writer(&mut *out, n)),
        Value::String(s) => write_str(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_compact(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            out.push(b'{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(key, out);
                out.push(b':');
                write_compact(item, out);
            }
            out.push(b'}');
        }
    }
}

/// A JSON string as serde_json writes it: `"` and `\\` escaped, control characters as `\b`,
/// `\t`, `\n`, `\f`, `\r` or `\u00xx` (lower-case hex), everything else as it is.
fn write_str(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    out.push(b'"');
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c >= 0x20 && c != b'"' && c != b'\\' {
            continue;
        }
        out.extend_from_slice(&b[start..i]);
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]),
        }
        start = i + 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// An object written with some keys first.
struct Ordered<'a> {
    map: &'a Map<String, Value>,
    first: &'a [&'a str],
}

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_map(Some(self.map.len()))?;
        for key in self.first {
            if let Some(v) = self.map.get(*key) {
                out.serialize_entry(key, v)?;
            }
        }
        for (key, v) in self.map {
            if !self.first.contains(&key.as_str()) {
                out.serialize_entry(key, v)?;
            }
        }
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(serde::Serialize)]
    struct Header {
        version: u32,
        name: &'static str,
        items: Vec<Item>,
        empty: Vec<u8>,
        missing: Option<u8>,
    }

    #[derive(serde::Serialize)]
    struct Item {
        z: f64,
        a: Option<&'static str>,
    }

    fn sample() -> Header {
        Header {
            version: 1,
            name: "tên \"x\"",
            items: vec![Item { z: 0.1, a: None }, Item { z: -2.5e-8, a: Some("b") }],
            empty: vec![],
            missing: None,
        }
    }

    #[test]
    fn text_is_serde_json_text_with_sorted_keys() {
        assert_eq!(
            to_text(&sample(), false).unwrap(),
            r#"{"empty":[],"items":[{"a":null,"z":0.1},{"a":"b","z":-2.5e-8}],"missing":null,"name":"tên \"x\"","version":1}"#
        );
        let pretty = to_text(&sample(), true).unwrap();
        assert_eq!(pretty, serde_json::to_string_pretty(&serde_json::to_value(sample()).unwrap()).unwrap());
        assert!(pretty.starts_with("{\n  \"empty\": [],\n  \"items\": [\n    {\n      \"a\": null,"), "{pretty}");
    }

    #[test]
    fn ordered_text_puts_the_named_keys_first() {
        let compact = to_text_ordered(&sample(), &["version", "name", "absent"], false).unwrap();
        assert_eq!(
            compact,
            r#"{"version":1,"name":"tên \"x\"","empty":[],"items":[{"a":null,"z":0.1},{"a":"b","z":-2.5e-8}],"missing":null}"#
        );
        let pretty = to_text_ordered(&sample(), &["version", "name"], true).unwrap();
        assert!(
            pretty.starts_with("{\n  \"version\": 1,\n  \"name\": \"tên \\\"x\\\"\",\n  \"empty\": []"),
            "{pretty}"
        );
        let back: Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(back, serde_json::to_value(sample()).unwrap());
        assert_eq!(to_text_ordered(&json!([1, 2]), &["a"], false).unwrap(), "[1,2]");
    }

    fn written(h: &Header, pretty: bool) -> String {
        let mut w = ObjectWriter::new(pretty, 0);
        w.member("version", &h.version).unwrap();
        w.member("name", h.name).unwrap();
        w.list("empty", &h.empty).unwrap();
        w.list("items", &h.items).unwrap();
        w.member("missing", &h.missing).unwrap();
        w.finish()
    }

    #[test]
    fn compact_text_is_serde_jsons_text() {
        let every_byte: String = (0u8..=127).map(char::from).collect();
        let values = [
            json!(null),
            json!([true, false, 0, -1, u64::MAX, i64::MIN, 0.1, -2.5e-8, 1e300, 5e-324, 1.0, -0.0]),
            json!({"": "", "k\"ey\\": every_byte, "tiếng Việt": "Đắk Kôi — “x” \u{7f}\u{2028}", "z": {"a": [[], {}]}}),
        ];
        for v in values {
            let mut out = Vec::new();
            write_compact(&v, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&v).unwrap());
        }
        let mut out = Vec::new();
        write_str("a\u{1}\u{1f}\\\"\n", &mut out);
        assert_eq!(out, br#""a\u0001\u001f\\\"\n""#);
    }

    #[test]
    fn object_writer_writes_what_the_whole_object_gives() {
        let h = sample();
        assert_eq!(
            written(&h, false),
            r#"{"version":1,"name":"tên \"x\"","empty":[],"items":[{"a":null,"z":0.1},{"a":"b","z":-2.5e-8}],"missing":null}"#
        );
        let pretty = written(&h, true);
        assert_eq!(pretty, to_text_ordered(&h, &["version", "name", "empty", "items", "missing"], true).unwrap());
        assert!(
            pretty.contains("\"items\": [\n    {\n      \"a\": null,\n      \"z\": 0.1\n    },\n    {"),
            "{pretty}"
        );
        let nested = json!({"k": [{"s": "a\nb", "l": [[], {}, [1, {"x": [2]}]]}]});
        for pretty in [false, true] {
            let mut w = ObjectWriter::new(pretty, 0);
            w.list("k", nested["k"].as_array().unwrap()).unwrap();
            assert_eq!(w.finish(), to_text(&nested, pretty).unwrap());
        }
        assert_eq!(ObjectWriter::new(true, 0).finish(), "{}");
    }
}
