//! A bundle's text read in one pass of serde_json, record by record.
//!
//! Contract: `read` runs serde_json's own deserializer over the whole text, exactly once, and
//! keeps each top-level member: header members as `Value`s, and the items of the record lists
//! (`LISTS`) decoded to their types one at a time (each item's `Value` is dropped as soon as it
//! is typed, so the memory peak is the text plus the typed records, never a `Value` tree of
//! the whole file). Because the text is read by serde_json's deserializer from its first byte
//! to its last — the same one `serde_json::from_str::<Value>` runs, with the same recursion
//! budget at every depth — the grammar is serde_json's by construction: a text is accepted
//! here exactly when the whole-document reader accepts it, and a syntax error is the very
//! error (message, line, column) that reader gives. The members are what a `Value` object of
//! the whole text would hold: a key given twice keeps its last value.
//!
//! An item that does not decode is not an error here: its list and index are noted (the first
//! per list) and the pass goes on reading the rest *as values*, so a syntax error further on
//! still wins, as it does in the whole-document reader. The caller turns the notes into the
//! shape error the whole-document reader would give (see `validate`).

use std::collections::BTreeMap;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::locate::{offset_of, Step};
use super::{Lineage, RecordVersion, Tombstone};
use crate::domain::org::VillageRecord;
use crate::domain::survey::{EnteredFigures, Household};
use crate::report::Report;

/// The top-level members whose arrays are read item by item.
pub(super) const LISTS: [&str; 7] =
    ["households", "figures", "reports", "villages", "tombstones", "lineage", "conflicts"];

/// What one pass over a bundle's text found (see the module contract).
#[derive(Debug, Default)]
pub(super) struct Read {
    /// Every top-level member but the record lists read as arrays, as a `Value` object of
    /// the whole text would hold them.
    pub header: Map<String, Value>,
    /// The record lists read as arrays, with their items typed (until the first that fails).
    pub records: Lists,
    /// The record lists read as arrays: their keys.
    pub lists: Vec<&'static str>,
    /// Per record list, the index of its first item that does not decode.
    pub failed: BTreeMap<&'static str, usize>,
}

/// The record lists, typed.
#[derive(Debug, Default)]
pub(super) struct Lists {
    pub households: Vec<Household>,
    pub figures: Vec<EnteredFigures>,
    pub reports: Vec<Report>,
    pub villages: Vec<VillageRecord>,
    pub tombstones: Vec<Tombstone>,
    pub lineage: Vec<Lineage>,
    pub conflicts: Vec<RecordVersion>,
}

/// Reads `text` (see the module contract). `Ok(None)`: the text is JSON but its top level is
/// not an object.
pub(super) fn read(text: &str) -> Result<Option<Read>, serde_json::Error> {
    // Only an object is read member by member; any other first byte (whitespace as JSON
    // defines it skipped) is left to the caller, which reads it as one value.
    let first = text.bytes().find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(b'{') {
        return Ok(None);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let read = de::Deserializer::deserialize_map(&mut de, TopLevel)?;
    de.end()?;
    Ok(Some(read))
}

struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Read;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a bundle object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut read = Read::default();
        while let Some(key) = map.next_key::<String>()? {
            // A key given again replaces what it held (as in a `Value` object).
            read.header.remove(&key);
            let list = LISTS.iter().copied().find(|l| *l == key);
            if let Some(list) = list {
                read.lists.retain(|l| *l != list);
                read.failed.remove(list);
                let member = match list {
                    "households" => map.next_value_seed(ListSeed(&mut read.records.households))?,
                    "figures" => map.next_value_seed(ListSeed(&mut read.records.figures))?,
                    "reports" => map.next_value_seed(ListSeed(&mut read.records.reports))?,
                    "villages" => map.next_value_seed(ListSeed(&mut read.records.villages))?,
                    "tombstones" => map.next_value_seed(ListSeed(&mut read.records.tombstones))?,
                    "lineage" => map.next_value_seed(ListSeed(&mut read.records.lineage))?,
                    _ => map.next_value_seed(ListSeed(&mut read.records.conflicts))?,
                };
                match member {
                    ListMember::Items { failed } => {
                        read.lists.push(list);
                        if let Some(i) = failed {
                            read.failed.insert(list, i);
                        }
                    }
                    ListMember::Other(value) => {
                        read.header.insert(key, value);
                    }
                }
            } else {
                let value = map.next_value::<Value>()?;
                read.header.insert(key, value);
            }
        }
        Ok(read)
    }
}

/// A record list's member as read: an array (its items typed into the target, the index of
/// the first that failed) or any other value, kept as it is for the error it will cause.
enum ListMember {
    Items { failed: Option<usize> },
    Other(Value),
}

/// Reads one record list's value into the typed vector it borrows.
struct ListSeed<'a, T>(&'a mut Vec<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = ListMember;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<ListMember, D::Error> {
        // A list given again replaces the earlier one, whatever the new value is.
        self.0.clear();
        d.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for ListSeed<'_, T> {
    type Value = ListMember;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListMember, A::Error> {
        let items = self.0;
        let mut failed = None;
        let mut index = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            // After a failure the rest is still read, as values, for its syntax.
            if failed.is_none() {
                match serde_json::from_value::<T>(value) {
                    Ok(item) => items.push(item),
                    Err(_) => failed = Some(index),
                }
            }
            index += 1;
        }
        Ok(ListMember::Items { failed })
    }

    // Anything but an array: the value a `Value` would hold (serde_json's `Value` visitor).
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ListMember, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(ListMember::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<ListMember, E> {
        Ok(ListMember::Other(Value::Null))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<ListMember, E> {
        Ok(ListMember::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ListMember, E> {
        Ok(ListMember::Other(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ListMember, E> {
        Ok(ListMember::Other(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ListMember, E> {
        Ok(ListMember::Other(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ListMember, E> {
        Ok(ListMember::Other(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<ListMember, E> {
        Ok(ListMember::Other(Value::String(v)))
    }
}

/// The value of item `index` of the record list `list`, in a text `read` accepted, with the
/// byte where it starts: found by the structure scanner (the text is valid JSON, so it agrees
/// with serde_json on where values are: `json::scan`'s differential test) and parsed by
/// serde_json.
pub(super) fn item_value(text: &str, list: &str, index: usize) -> Option<(Value, usize)> {
    let at = offset_of(text, &[Step::Key(list.into()), Step::Index(index)])?;
    let mut stream = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Value>();
    Some((stream.next()?.ok()?, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_what_a_value_object_holds() {
        let text =
            r#" {"format": "x", "households": 3, "figures": [], "n": 1, "n": [2], "tombstones": [{"kind": 1}, 7]} "#;
        let r = read(text).unwrap().unwrap();
        let whole: Value = serde_json::from_str(text).unwrap();
        let mut header = whole.as_object().unwrap().clone();
        header.remove("figures");
        header.remove("tombstones");
        assert_eq!(r.header, header);
        assert_eq!(r.lists, ["figures", "tombstones"]);
        assert_eq!(r.failed, BTreeMap::from([("tombstones", 0)]));
        assert!(read("[1]").unwrap().is_none());
        assert!(read("\u{c}{}").unwrap().is_none());
    }

    #[test]
    fn syntax_errors_are_the_whole_readers() {
        for text in [r#"{"a": 1,}"#, "{\"a\": [1, 2\u{c}]}", r#"{"households": [{"x": "\ud800"}]}"#, "{} x"] {
            let whole = serde_json::from_str::<Value>(text).unwrap_err().to_string();
            assert_eq!(read(text).unwrap_err().to_string(), whole, "{text}");
        }
    }
}
