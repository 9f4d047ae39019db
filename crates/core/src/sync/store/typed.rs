//! Typed reading of the compact form (`codec`): a serde `Deserializer` over the packed bytes, so
//! a stored household becomes a `Household` without a `serde_json::Value` tree in between
//! (building and dropping that tree took most of the start-up with a district stored).
//!
//! Contract:
//! - The bytes are read with `codec::Reader`, so this accepts and rejects the same bytes as
//!   `codec::decode_value`, and each visitor gets what `serde_json::from_value` would give it:
//!   the same visit method for the same token, the same checks that arrays and objects are used
//!   up, the same depth limit. Values a record ignores are checked by decoding them in full.
//! - Anything this reader does not mirror exactly fails instead: an object with a repeated key
//!   (a `Value` keeps the last; the encoder never writes one), tuple and struct enum variants,
//!   non-string map keys, a UUID field stored as text. Every failure only sends the caller to
//!   the `Value` path, which gives the answer and the error message, so errors carry no detail.
//! - Not human-readable, so a `Uuid` takes its 16 stored bytes instead of a hex round trip (the
//!   only type the store reads whose decoding depends on that flag).

use std::fmt;

use serde::de::{self, value::StrDeserializer, DeserializeOwned, DeserializeSeed, Visitor};
use serde_json::Value;

use super::codec::{Reader, MAX_DEPTH, T_ARR, T_DEC1, T_F64, T_FALSE, T_NINT, T_NULL, T_OBJ, T_TRUE, T_UINT, T_UUID};

/// The entry cannot be read this way; the `Value` path says why.
#[derive(Debug)]
pub(super) struct Mismatch;

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not readable by the typed path")
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Mismatch
    }
}

impl From<super::codec::CodecError> for Mismatch {
    fn from(_: super::codec::CodecError) -> Self {
        Mismatch
    }
}

/// The value encoded in `bytes` as an `R`, every byte used.
pub(super) fn record<R: DeserializeOwned>(bytes: &[u8]) -> Option<R> {
    let mut de = De { r: Reader::new(bytes), depth: 0 };
    let record = R::deserialize(&mut de).ok()?;
    de.r.finish().ok()?;
    Some(record)
}

/// A v3 body `[record, sync metadata]`: the record typed, the metadata (small, rarely more than
/// `{"local":true}`) as a `Value` for its usual decoder.
pub(super) fn record_and_value<R: DeserializeOwned>(bytes: &[u8]) -> Option<(R, Value)> {
    let mut de = De { r: Reader::new(bytes), depth: 1 };
    if de.r.byte().ok()? != T_ARR || de.r.len().ok()? != 2 {
        return None;
    }
    let record = R::deserialize(&mut de).ok()?;
    let meta = de.r.value(1).ok()?;
    de.r.finish().ok()?;
    Some((record, meta))
}

/// A string as a key, a variant name or a unit variant, as serde_json hands them over.
fn text_de(s: &str) -> StrDeserializer<'_, Mismatch> {
    StrDeserializer::new(s)
}

struct De<'a> {
    r: Reader<'a>,
    /// Nesting of the value about to be read, as `Reader::value` counts it.
    depth: usize,
}

impl De<'_> {
    fn tag(&mut self) -> Result<u8, Mismatch> {
        if self.depth > MAX_DEPTH {
            return Err(Mismatch);
        }
        Ok(self.r.byte()?)
    }

    /// Reads one nested value (an array item, an object value, an enum's content).
    fn nested<'de, T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Mismatch> {
        self.depth += 1;
        let out = seed.deserialize(&mut *self);
        self.depth -= 1;
        out
    }
}

impl<'de> de::Deserializer<'de> for &mut De<'_> {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Mismatch> {
        let tag = self.tag()?;
        match tag {
            T_NULL => v.visit_unit(),
            T_FALSE => v.visit_bool(false),
            T_TRUE => v.visit_bool(true),
            T_UINT => v.visit_u64(self.r.varint()?),
            T_NINT => {
                // As a `Value`: the i64 `!n`, a positive integer when n ≥ 2^63.
                let i = !self.r.varint()? as i64;
                match u64::try_from(i) {
                    Ok(u) => v.visit_u64(u),
                    Err(_) => v.visit_i64(i),
                }
            }
            T_F64 | T_DEC1 => v.visit_f64(self.r.float(tag)?.as_f64().ok_or(Mismatch)?),
            T_ARR => {
                let left = self.r.len()?;
                let mut seq = Items { de: self, left };
                let out = v.visit_seq(&mut seq)?;
                if seq.left != 0 {
                    return Err(Mismatch);
                }
                Ok(out)
            }
            T_OBJ => {
                let left = self.r.len()?;
                let mut map = Entries { de: self, left };
                let out = v.visit_map(&mut map)?;
                if map.left != 0 {
                    return Err(Mismatch);
                }
                Ok(out)
            }
            t => v.visit_str(self.r.text(t)?.as_str()),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Mismatch> {
        if self.r.peek() == Some(T_NULL) {
            self.tag()?;
            return v.visit_none();
        }
        v.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> Result<V::Value, Mismatch> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Mismatch> {
        match self.tag()? {
            // `{"variant": content}`: exactly one key, as serde_json requires of a `Value`.
            T_OBJ => {
                if self.r.len()? != 1 {
                    return Err(Mismatch);
                }
                let key = self.r.byte()?;
                let variant = self.r.text(key)?;
                v.visit_enum(Variant { de: self, name: variant.as_str() })
            }
            T_ARR | T_NULL | T_FALSE | T_TRUE | T_UINT | T_NINT | T_F64 | T_DEC1 => Err(Mismatch),
            t => v.visit_enum(text_de(self.r.text(t)?.as_str())),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Mismatch> {
        // Only `Uuid` asks for bytes (this deserializer is not human-readable).
        match self.tag()? {
            T_UUID => v.visit_bytes(self.r.uuid_bytes()?),
            _ => Err(Mismatch),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Mismatch> {
        self.deserialize_bytes(v)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Mismatch> {
        match self.tag()? {
            T_ARR | T_OBJ | T_NULL | T_FALSE | T_TRUE | T_UINT | T_NINT | T_F64 | T_DEC1 => Err(Mismatch),
            t => v.visit_str(self.r.text(t)?.as_str()),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Mismatch> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Mismatch> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Mismatch> {
        // Checked exactly as `decode_value` checks it, then dropped.
        self.r.value(self.depth)?;
        v.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char unit unit_struct seq tuple
        tuple_struct map struct
    }
}

/// The items of an array.
struct Items<'a, 'b> {
    de: &'a mut De<'b>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Mismatch> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        self.de.nested(seed).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// The entries of an object; keys are always strings.
struct Entries<'a, 'b> {
    de: &'a mut De<'b>,
    left: usize,
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Mismatch> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let tag = self.de.r.byte()?;
        let key = self.de.r.text(tag)?;
        seed.deserialize(text_de(key.as_str())).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Mismatch> {
        self.de.nested(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// An enum written as `{"variant": content}`.
struct Variant<'a, 'b, 'n> {
    de: &'a mut De<'b>,
    name: &'n str,
}

impl<'de, 'a, 'b> de::EnumAccess<'de> for Variant<'a, 'b, '_> {
    type Error = Mismatch;
    type Variant = Content<'a, 'b>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Content<'a, 'b>), Mismatch> {
        let name = seed.deserialize(text_de(self.name))?;
        Ok((name, Content { de: self.de }))
    }
}

/// The content of a `{"variant": content}` enum.
struct Content<'a, 'b> {
    de: &'a mut De<'b>,
}

impl<'de> de::VariantAccess<'de> for Content<'_, '_> {
    type Error = Mismatch;

    fn unit_variant(self) -> Result<(), Mismatch> {
        // serde_json reads the content as `()`: it must be null.
        self.de.nested(std::marker::PhantomData::<()>)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Mismatch> {
        self.de.nested(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _v: V) -> Result<V::Value, Mismatch> {
        Err(Mismatch)
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], _v: V) -> Result<V::Value, Mismatch> {
        Err(Mismatch)
    }
}
