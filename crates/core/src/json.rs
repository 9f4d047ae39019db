//! JSON text of typed values, always through `serde_json::Value`.
//!
//! Contract: `to_text` writes what `serde_json::to_string`/`to_string_pretty` would write for
//! the same value, except that object keys come in sorted order (a `Value` object is a
//! `BTreeMap`); `to_text_ordered` puts the named top-level keys first, in the given order (a
//! file's header before its records). Every typed value the app writes as text goes through
//! here, so each type's `Serialize` is compiled for the `Value` serializer only (which the
//! store, the canonical form of records and the reports need anyway), not once more for the
//! compact and the pretty text serializers: `Value`'s own `Serialize` is small.

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
}
