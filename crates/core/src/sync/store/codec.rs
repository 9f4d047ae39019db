//! Compact, lossless encoding of stored records (storage format v2).
//!
//! Contract:
//! - `encode_value`/`decode_value` turn any `serde_json::Value` into bytes and back *exactly*
//!   (same keys, same strings, same numbers). Working on the JSON value rather than on the Rust
//!   types keeps the encoding self-describing: `skip_serializing_if` fields, new optional fields
//!   and records written by an older app all decode, which postcard/bincode cannot promise.
//! - Compactness comes from three things, each verified to round-trip before it is used:
//!   a frozen dictionary (`DICT`) of field names and enum words (one byte each), typed forms for
//!   strings that are UUIDs, dates and RFC 3339 timestamps (16, ~3 and ~6 bytes instead of 36, 10
//!   and 20+ characters), and one-decimal floats stored as integers.
//! - `pack15`/`unpack15` carry bytes in a JS string at 15 bits per UTF-16 code unit, all in
//!   U+1000..U+8FFF (no surrogates, no controls). Chromium charges localStorage per UTF-16 code
//!   unit whatever the character, so this is the densest safe text form (base64: 6 bits a unit).
//! - `DICT` is append-only: an entry's position is part of the stored format. Changing or
//!   reordering an entry corrupts every stored record; adding one at the end is safe.

use chrono::{DateTime, NaiveDate, Utc};

use crate::base::dates::Short;
use serde_json::{Map, Number, Value};
use uuid::Uuid;

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("the data ends too early")]
    Truncated,
    #[error("unknown tag {0}")]
    UnknownTag(u8),
    #[error("unknown dictionary entry {0}")]
    UnknownWord(u64),
    #[error("invalid text: {0}")]
    InvalidText(String),
    #[error("invalid number")]
    InvalidNumber,
    #[error("character U+{0:04X} is not part of the packed format")]
    BadUnit(u32),
    #[error("{0} bytes left over after the value")]
    Trailing(usize),
    #[error("nesting deeper than {MAX_DEPTH}")]
    TooDeep,
}

/// Field names and enum words of the survey records, in a fixed order (see module docs).
pub const DICT: &[&str] = &[
    // RecordMeta, Household
    "meta",
    "id",
    "created_at",
    "updated_at",
    "commune_id",
    "village_id",
    "survey_date",
    "completeness",
    "ethnic_minority",
    "remote_village",
    "poverty",
    "disaster_affected",
    "meritorious_service",
    "income_per_person_vnd",
    "housing",
    "floor_area_m2",
    "water",
    "latrine",
    "radio_tv",
    "deaths_last_12m",
    "members",
    // Member
    "name",
    "sex",
    "date_of_birth",
    "relation",
    "labour_status",
    "qualification",
    "social_insurance",
    "unemployment_insurance",
    "old_age_benefit",
    "health_insurance",
    "health_record",
    "primary_care",
    "schooling",
    "births_last_12m",
    "fully_vaccinated_before_1",
    "height",
    "lonely_elderly",
    "social_assistance",
    "enrolment",
    "highest_completed",
    "height_cm",
    "measured",
    "date",
    // EnteredFigures
    "org_unit_id",
    "year",
    "hospital_beds",
    "doctors",
    "pharmacists",
    "nurses",
    "official_population",
    "preschool_universalised",
    "literacy_level2_kept",
    "life_expectancy_years",
    "aids",
    "tuberculosis",
    "malaria",
    "health_stations_total",
    "health_stations_sanitation_ok",
    "schools_total",
    "schools_sanitation_ok",
    "rural_points_total",
    "rural_points_wastewater_collected",
    "wastewater_treated_percent",
    "expected_households",
    "status",
    "note",
    // Enum words
    "draft",
    "complete",
    "poor",
    "near_poor",
    "not_poor",
    "permanent",
    "semi_permanent",
    "temporary",
    "dilapidated",
    "piped",
    "treated",
    "protected_well",
    "unprotected",
    "hygienic",
    "unhygienic",
    "none",
    "head",
    "spouse",
    "child",
    "child_in_law",
    "grandchild",
    "parent",
    "sibling",
    "other_relative",
    "non_relative",
    "employed",
    "unemployed",
    "not_in_labour_force",
    "vocational_certificate",
    "intermediate",
    "college",
    "university",
    "postgraduate",
    "compulsory",
    "voluntary",
    "pension",
    "monthly_social_insurance",
    "social_pension",
    "not_used",
    "used_insurance_paid",
    "used_not_insurance_paid",
    "male",
    "female",
    "below_primary",
    "primary",
    "lower_secondary",
    "upper_secondary",
    "not_enrolled",
    "preschool",
    "grade",
    "post_secondary",
    "lying",
    "standing",
    "achieved",
    "in_progress",
    "not_achieved",
    // Tombstones and org units of Kon Rẫy (the ids are the contract with the plan)
    "kind",
    "deleted_at",
    "household",
    "figures",
    "kon-ray",
    "dak-rve",
    "dak-koi",
    "dak-pne",
    "dak-ruong",
    "dak-to-lung",
    "dak-to-re",
    "tan-lap",
    // Sync metadata of an entry (store schema 3)
    "supersedes",
    "at",
    "digest",
    "local",
    "conflicts",
    "report",
    "tombstone",
    // The notice on personal data processing (appended; issue #19)
    "consent",
    "answer",
    "notice_version",
    "agreed",
    "refused",
    "unable_to_answer",
];

/// Tags 0..=15; a first byte of 16..=255 is dictionary word 0..=239 in one byte.
pub(super) const T_NULL: u8 = 0;
pub(super) const T_FALSE: u8 = 1;
pub(super) const T_TRUE: u8 = 2;
pub(super) const T_UINT: u8 = 3;
pub(super) const T_NINT: u8 = 4;
pub(super) const T_F64: u8 = 5;
pub(super) const T_DEC1: u8 = 6;
const T_STR: u8 = 7;
pub(super) const T_UUID: u8 = 8;
const T_DATE: u8 = 9;
const T_SECS: u8 = 10;
const T_MILLIS: u8 = 11;
pub(super) const T_ARR: u8 = 12;
pub(super) const T_OBJ: u8 = 13;
const T_WORD: u8 = 14;
const FIRST_WORD_BYTE: u8 = 16;
const SHORT_WORDS: usize = 256 - FIRST_WORD_BYTE as usize;
pub(super) const MAX_DEPTH: usize = 64;

/// Bytes of `v` in the compact form.
pub fn encode_value(v: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    put_value(&mut out, v);
    out
}

/// The value encoded by `encode_value`; every byte must be used.
pub fn decode_value(bytes: &[u8]) -> Result<Value, CodecError> {
    let mut r = Reader::new(bytes);
    let v = r.value(0)?;
    r.finish()?;
    Ok(v)
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

pub(crate) fn put_signed(out: &mut Vec<u8>, n: i64) {
    put_varint(out, zigzag(n));
}

fn put_value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.push(T_NULL),
        Value::Bool(false) => out.push(T_FALSE),
        Value::Bool(true) => out.push(T_TRUE),
        Value::Number(n) => put_number(out, n),
        Value::String(s) => put_str(out, s),
        Value::Array(items) => {
            out.push(T_ARR);
            put_varint(out, items.len() as u64);
            for i in items {
                put_value(out, i);
            }
        }
        Value::Object(map) => {
            out.push(T_OBJ);
            put_varint(out, map.len() as u64);
            for (k, v) in map {
                put_str(out, k);
                put_value(out, v);
            }
        }
    }
}

fn put_number(out: &mut Vec<u8>, n: &Number) {
    if let Some(u) = n.as_u64() {
        out.push(T_UINT);
        put_varint(out, u);
    } else if let Some(i) = n.as_i64() {
        // as_u64 failed, so i < 0: store −(i+1) to keep i64::MIN in range.
        out.push(T_NINT);
        put_varint(out, !(i as u64));
    } else if let Some(f) = n.as_f64() {
        let tenths = (f * 10.0).round();
        if tenths.abs() < 9.0e15 && tenths / 10.0 == f && !(f == 0.0 && f.is_sign_negative()) {
            out.push(T_DEC1);
            put_signed(out, tenths as i64);
        } else {
            out.push(T_F64);
            out.extend_from_slice(&f.to_le_bytes());
        }
    }
}

/// `DICT`'s positions in byte order of their words, sorted at compile time, so a word is found
/// by binary search (a linear scan compared every string of a saved record with ~170 words).
const SORTED_WORDS: [u16; DICT.len()] = {
    const fn before(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let mut i = 0;
        while i < a.len() && i < b.len() {
            if a[i] != b[i] {
                return a[i] < b[i];
            }
            i += 1;
        }
        a.len() < b.len()
    }
    let mut order = [0u16; DICT.len()];
    let mut i = 0;
    while i < order.len() {
        order[i] = i as u16;
        i += 1;
    }
    // Insertion sort: const code, run once by the compiler.
    let mut i = 1;
    while i < order.len() {
        let mut j = i;
        while j > 0 && before(DICT[order[j] as usize], DICT[order[j - 1] as usize]) {
            let t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    order
};

/// The position of `s` in `DICT`.
fn word_index(s: &str) -> Option<usize> {
    SORTED_WORDS.binary_search_by(|&i| DICT[usize::from(i)].cmp(s)).ok().map(|k| usize::from(SORTED_WORDS[k]))
}

/// A strict `YYYY-MM-DD` (four-digit year), by hand: chrono's format-string parser costs
/// download size in the app. Whether the date prints back the same is checked by the caller.
fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num =
        |digits: &[u8]| digits.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    NaiveDate::from_ymd_opt(i32::try_from(num(&b[..4])?).ok()?, num(&b[5..7])?, num(&b[8..])?)
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    if let Some(i) = word_index(s) {
        if i < SHORT_WORDS {
            out.push(FIRST_WORD_BYTE + i as u8);
        } else {
            out.push(T_WORD);
            put_varint(out, (i - SHORT_WORDS) as u64);
        }
        return;
    }
    // Typed forms are used only when the typed value prints back to the very same string.
    if s.len() == 36 {
        if let Ok(u) = Uuid::parse_str(s) {
            if u.hyphenated().to_string() == s {
                out.push(T_UUID);
                out.extend_from_slice(u.as_bytes());
                return;
            }
        }
    }
    if s.len() == 10 {
        if let Some(d) = parse_ymd(s) {
            if d.to_string() == s {
                out.push(T_DATE);
                put_signed(out, d.signed_duration_since(NaiveDate::default()).num_days());
                return;
            }
        }
    }
    if s.len() >= 20 && s.ends_with('Z') {
        if let Ok(t) = crate::base::dates::parse_stamp(s) {
            let ms = t.timestamp_millis();
            if let Some(back) = DateTime::<Utc>::from_timestamp_millis(ms) {
                if Short::stamp(back).is_some_and(|p| p.as_str() == s) {
                    if ms % 1000 == 0 {
                        out.push(T_SECS);
                        put_signed(out, ms / 1000);
                    } else {
                        out.push(T_MILLIS);
                        put_signed(out, ms);
                    }
                    return;
                }
            }
        }
    }
    out.push(T_STR);
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A string read from the packed form: borrowed where the bytes or the dictionary hold it.
pub(super) enum Text<'a> {
    Word(&'static str),
    Slice(&'a str),
    Short(Short),
    Owned(String),
}

impl Text<'_> {
    pub(super) fn as_str(&self) -> &str {
        match self {
            Text::Word(w) => w,
            Text::Slice(s) => s,
            Text::Short(s) => s.as_str(),
            Text::Owned(s) => s,
        }
    }

    fn into_string(self) -> String {
        match self {
            Text::Word(w) => w.to_owned(),
            Text::Slice(s) => s.to_owned(),
            Text::Short(s) => s.as_str().to_owned(),
            Text::Owned(s) => s,
        }
    }
}

/// Reads the packed form; shared by `decode_value` and the typed reader (`super::typed`), so
/// both accept and reject exactly the same bytes.
pub(super) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    pub(super) fn byte(&mut self) -> Result<u8, CodecError> {
        let b = *self.b.get(self.pos).ok_or(CodecError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.b.len()).ok_or(CodecError::Truncated)?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub(super) fn varint(&mut self) -> Result<u64, CodecError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(CodecError::InvalidNumber)
    }

    fn signed(&mut self) -> Result<i64, CodecError> {
        self.varint().map(unzigzag)
    }

    pub(super) fn len(&mut self) -> Result<usize, CodecError> {
        let n = self.varint()?;
        // A length can never exceed the bytes left; this also bounds allocations on bad input.
        if n > (self.b.len() - self.pos) as u64 {
            return Err(CodecError::Truncated);
        }
        Ok(n as usize)
    }

    pub(super) fn finish(&self) -> Result<(), CodecError> {
        match self.b.len() - self.pos {
            0 => Ok(()),
            n => Err(CodecError::Trailing(n)),
        }
    }

    fn word(&self, i: u64) -> Result<&'static str, CodecError> {
        DICT.get(i as usize).copied().ok_or(CodecError::UnknownWord(i))
    }

    /// The 16 bytes of a `T_UUID` (its tag already read).
    pub(super) fn uuid_bytes(&mut self) -> Result<&'a [u8], CodecError> {
        self.take(16)
    }

    pub(super) fn float(&mut self, tag: u8) -> Result<Number, CodecError> {
        let f = if tag == T_F64 {
            let mut b = [0u8; 8];
            b.copy_from_slice(self.take(8)?);
            f64::from_le_bytes(b)
        } else {
            self.signed()? as f64 / 10.0
        };
        Number::from_f64(f).ok_or(CodecError::InvalidNumber)
    }

    /// The string a string tag (word, text, UUID, date, timestamp) stands for.
    pub(super) fn text(&mut self, tag: u8) -> Result<Text<'a>, CodecError> {
        match tag {
            t if t >= FIRST_WORD_BYTE => self.word(u64::from(t - FIRST_WORD_BYTE)).map(Text::Word),
            T_WORD => {
                let i = self.varint()?;
                self.word(i.saturating_add(SHORT_WORDS as u64)).map(Text::Word)
            }
            T_STR => {
                let n = self.len()?;
                let raw = self.take(n)?;
                std::str::from_utf8(raw).map(Text::Slice).map_err(|e| CodecError::InvalidText(e.to_string()))
            }
            T_UUID => {
                let mut b = [0u8; 16];
                b.copy_from_slice(self.take(16)?);
                Ok(Text::Owned(Uuid::from_bytes(b).hyphenated().to_string()))
            }
            T_DATE => {
                let days = self.signed()?;
                let d = NaiveDate::default()
                    .checked_add_signed(chrono::TimeDelta::try_days(days).ok_or(CodecError::InvalidNumber)?)
                    .ok_or(CodecError::InvalidNumber)?;
                Ok(Short::date(d).map_or_else(|| Text::Owned(crate::base::dates::date_text(d)), Text::Short))
            }
            T_SECS | T_MILLIS => {
                let n = self.signed()?;
                let ms = if tag == T_SECS { n.checked_mul(1000).ok_or(CodecError::InvalidNumber)? } else { n };
                let t = DateTime::<Utc>::from_timestamp_millis(ms).ok_or(CodecError::InvalidNumber)?;
                // The serde form of `DateTime<Utc>` (what the encoder compared against).
                Ok(Short::stamp(t).map_or_else(|| Text::Owned(crate::base::dates::stamp_text(t)), Text::Short))
            }
            other => Err(CodecError::UnknownTag(other)),
        }
    }

    pub(super) fn value(&mut self, depth: usize) -> Result<Value, CodecError> {
        if depth > MAX_DEPTH {
            return Err(CodecError::TooDeep);
        }
        let tag = self.byte()?;
        Ok(match tag {
            T_NULL => Value::Null,
            T_FALSE => Value::Bool(false),
            T_TRUE => Value::Bool(true),
            T_UINT => Value::Number(self.varint()?.into()),
            T_NINT => Value::Number((!self.varint()? as i64).into()),
            T_F64 | T_DEC1 => Value::Number(self.float(tag)?),
            T_ARR => {
                let n = self.len()?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            T_OBJ => {
                let n = self.len()?;
                let mut map = Map::new();
                for _ in 0..n {
                    let kt = self.byte()?;
                    let k = self.text(kt)?.into_string();
                    map.insert(k, self.value(depth + 1)?);
                }
                Value::Object(map)
            }
            t => Value::String(self.text(t)?.into_string()),
        })
    }
}

/// Reads a varint header field (used by the record envelope).
pub(crate) fn read_header(bytes: &[u8]) -> Result<(u64, i64, &[u8]), CodecError> {
    let mut r = Reader::new(bytes);
    let rev = r.varint()?;
    let saved = r.signed()?;
    Ok((rev, saved, &bytes[r.pos..]))
}

/// First code unit of the packed alphabet; 2^15 units follow, ending at U+8FFF.
const BASE: u32 = 0x1000;

/// Bytes as a string of 15-bit code units. A final unit with 8 or more padding bits would be
/// ambiguous, so the string starts with one unit telling how many bytes the last unit holds.
pub fn pack15(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 / 5 + 4);
    out.push(char::from_u32(BASE + (bytes.len() % 15) as u32).unwrap_or('\u{1000}'));
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        if bits >= 15 {
            bits -= 15;
            push_unit(&mut out, (acc >> bits) & 0x7fff);
            acc &= (1 << bits) - 1;
        }
    }
    if bits > 0 {
        push_unit(&mut out, (acc << (15 - bits)) & 0x7fff);
    }
    out
}

fn push_unit(out: &mut String, v: u32) {
    // BASE + v ≤ 0x8FFF is always a valid scalar value, never a surrogate.
    if let Some(c) = char::from_u32(BASE + v) {
        out.push(c);
    }
}

/// The bytes packed by `pack15`.
pub fn unpack15(s: &str) -> Result<Vec<u8>, CodecError> {
    let mut chars = s.chars();
    let head = chars.next().ok_or(CodecError::Truncated)? as u32;
    let rem = head.checked_sub(BASE).filter(|r| *r < 15).ok_or(CodecError::BadUnit(head))? as usize;
    // Every unit of the alphabet (U+1000..=U+8FFF) is one three-byte UTF-8 sequence led by
    // 0xE1..=0xE8, so the 15 bits are read from the bytes directly (this runs over the whole
    // store at start-up); the first unit that is not one is reported as a character.
    let body = chars.as_str();
    let units = body.len() / 3;
    let mut out = vec![0u8; units * 15 / 8];
    let mut n = 0;
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for (i, unit) in body.as_bytes().chunks(3).enumerate() {
        let &[lead @ 0xE1..=0xE8, b1, b2] = unit else {
            let c = body[i * 3..].chars().next().map_or(0, |c| c as u32);
            return Err(CodecError::BadUnit(c));
        };
        let v = ((u32::from(lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F)) - BASE;
        acc = (acc << 15) | v;
        bits += 15;
        while bits >= 8 {
            bits -= 8;
            out[n] = (acc >> bits) as u8;
            n += 1;
            acc &= (1 << bits) - 1;
        }
    }
    // Units fix the byte count up to two neighbours (15 bits < 2 bytes); the remainder in the
    // head unit picks the right one.
    let max = units * 15 / 8;
    let n = [max, max.saturating_sub(1)]
        .into_iter()
        .find(|n| (n * 8).div_ceil(15) == units && n % 15 == rem)
        .ok_or(CodecError::Truncated)?;
    out.truncate(n);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn dictionary_has_no_duplicates_and_short_words_fit_one_byte() {
        let mut seen = std::collections::BTreeSet::new();
        for w in DICT {
            assert!(seen.insert(*w), "duplicate word {w}");
        }
        assert!(DICT.len() <= SHORT_WORDS, "every word is one byte today ({} words)", DICT.len());
    }

    /// The lookup before the sorted table: the oracle the binary search must match.
    fn word_index_linear(s: &str) -> Option<usize> {
        DICT.iter().position(|w| *w == s)
    }

    #[test]
    fn sorted_lookup_finds_what_the_linear_scan_found() {
        assert!(SORTED_WORDS.windows(2).all(|w| DICT[usize::from(w[0])] < DICT[usize::from(w[1])]));
        let mut probes: Vec<String> = vec![String::new(), "Meta".into(), "zzz".into(), "\u{0}".into(), "dak".into()];
        for (i, w) in DICT.iter().enumerate() {
            assert_eq!(word_index(w), Some(i), "{w}");
            // Near misses: prefixes, extensions, one byte changed.
            probes.extend([w[..w.len() - 1].to_string(), format!("{w}_"), format!("_{w}"), w.to_uppercase()]);
            probes.push(w.chars().rev().collect());
        }
        for p in &probes {
            assert_eq!(word_index(p), word_index_linear(p), "{p:?}");
        }
        // The encoded bytes are those of the linear lookup: one byte per short word.
        for (i, w) in DICT.iter().enumerate() {
            assert_eq!(encode_value(&Value::String((*w).into())), vec![FIRST_WORD_BYTE + i as u8]);
        }
        let encoded = encode_value(&serde_json::json!({"meta": {"id": "x"}, "poverty": "near_poor", "Poverty": "dak"}));
        // Keys in map order: "Poverty" (text), "meta" (word 0), "poverty" (word 10).
        let mut expected = vec![T_OBJ, 3, T_STR, 7];
        expected.extend_from_slice(b"Poverty");
        expected.extend([T_STR, 3, b'd', b'a', b'k', FIRST_WORD_BYTE, T_OBJ, 1, FIRST_WORD_BYTE + 1, T_STR, 1, b'x']);
        expected.extend([FIRST_WORD_BYTE + 10, FIRST_WORD_BYTE + word_index_linear("near_poor").unwrap() as u8]);
        assert_eq!(encoded, expected);
        assert_eq!(decode_value(&encoded).unwrap()["poverty"], "near_poor");
    }

    proptest::proptest! {
        #[test]
        fn sorted_lookup_matches_the_linear_scan_on_any_string(s in "[a-z_\\-]{0,12}|\\PC{0,8}") {
            proptest::prop_assert_eq!(word_index(&s), word_index_linear(&s));
        }
    }

    #[test]
    fn dates_are_read_strictly_by_hand() {
        assert_eq!(parse_ymd("2026-02-28"), NaiveDate::from_ymd_opt(2026, 2, 28));
        assert_eq!(parse_ymd("0999-12-31"), NaiveDate::from_ymd_opt(999, 12, 31));
        for bad in ["2026-02-30", "2026-13-01", "+026-01-01", "2026-2-028", "2026/02/28", "2026-02-2", "２026-02-28"] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
        // A canonical date takes the typed form (tag + 3-byte day count), anything else stays text.
        assert_eq!(encode_value(&Value::String("2026-11-29".into())).len(), 4);
        assert_eq!(
            decode_value(&encode_value(&Value::String("2026-11-29".into()))).unwrap(),
            Value::String("2026-11-29".into())
        );
        assert!(encode_value(&Value::String("2026-02-30".into())).len() > 10);
    }

    #[test]
    fn dates_and_times_print_as_chrono_prints_them() {
        let day0 = NaiveDate::default();
        // Every day of years 0..=9999 would be 3.6 M; a prime step visits every month and day.
        for days in (-719_530..=2_932_900).step_by(97).chain([-719_528, 2_932_896]) {
            let d = day0 + chrono::TimeDelta::days(days);
            match Short::date(d) {
                Some(s) => assert_eq!(s.as_str(), d.to_string()),
                None => assert!(!(0..=9999).contains(&d.year()), "{d}"),
            }
        }
        let mut ms: i64 = -62_167_219_200_000 - 5_000; // a little before year 0
        while ms < 253_402_300_800_000 + 5_000 {
            // ~105,000 steps of about 35 days, with a varying hour, second and millisecond.
            ms += 3_000_000_017;
            let t = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
            let chrono_text = serde_json::to_value(t).unwrap();
            match Short::stamp(t) {
                Some(s) => assert_eq!(s.as_str(), chrono_text.as_str().unwrap(), "{ms}"),
                None => assert!(!(0..=9999).contains(&t.year()), "{t}"),
            }
        }
        for (ms, text) in
            [(0, "1970-01-01T00:00:00Z"), (1, "1970-01-01T00:00:00.001Z"), (-1, "1969-12-31T23:59:59.999Z")]
        {
            let t = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
            assert_eq!(Short::stamp(t).unwrap().as_str(), text);
        }
    }

    #[test]
    fn unpack15_names_the_first_character_outside_the_alphabet() {
        let good = pack15(&[1, 2, 3, 4, 5]);
        assert_eq!(unpack15(&good).unwrap(), vec![1, 2, 3, 4, 5]);
        for (bad, unit) in [("A", 0x41), ("é", 0xE9), ("\u{0FFF}", 0x0FFF), ("\u{9000}", 0x9000), ("😀", 0x1F600)] {
            let mut chars: Vec<char> = good.chars().collect();
            chars.insert(2, bad.chars().next().unwrap());
            let s: String = chars.into_iter().collect();
            assert_eq!(unpack15(&s), Err(CodecError::BadUnit(unit)), "{bad}");
        }
        assert_eq!(unpack15("\u{1010}"), Err(CodecError::BadUnit(0x1010)));
        assert_eq!(unpack15(""), Err(CodecError::Truncated));
    }

    #[test]
    fn pack15_round_trips_every_length() {
        for n in 0..64usize {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            let s = pack15(&bytes);
            assert!(s.chars().all(|c| (0x1000..=0x8fff).contains(&(c as u32))));
            assert_eq!(s.encode_utf16().count(), 1 + (n * 8).div_ceil(15));
            assert_eq!(unpack15(&s).unwrap(), bytes, "length {n}");
        }
    }
}
