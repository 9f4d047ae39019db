//! Dates (`NaiveDate`) and timestamps (`DateTime<Utc>`) read and written by hand, in exactly
//! the forms chrono's own serde impls used, so that no record type pulls chrono's generic
//! format-string parser (`parse_internal`, `DateTimeVisitor`) into the app.
//!
//! Contract:
//! - `parse_date` / `parse_stamp` accept exactly the strings that chrono's `FromStr` for
//!   `NaiveDate` / `DateTime<Utc>` accepts (what chrono's `Deserialize` called: `2026-11-29`,
//!   `2026-11-29T08:30:00Z`, `…00.123Z`, `…+07:00`, and chrono's relaxed forms: spaces between
//!   parts, `t`/space for `T`, `UTC`, `+0700`, unpadded numbers, signed years, leap second 60),
//!   give the same value, and fail with the same text (`DateError` prints chrono's
//!   `ParseError` wording, which bundle import errors show).
//! - `Short::date` / `Short::stamp` print on the stack exactly what chrono's `Serialize` printed
//!   (`YYYY-MM-DD`; RFC 3339 with `Z`, seconds fraction of 0, 3, 6 or 9 digits) for years
//!   0..=9999; `date_text` / `stamp_text` cover every year (chrono's own printing outside).
//! - `ymd`, `ymd_opt`, `stamp`, `stamp_opt` are the `#[serde(with = "…")]` modules over these,
//!   with chrono's "expecting" wording. A field using an `_opt` module needs `#[serde(default)]`
//!   to stay optional when missing (serde only defaults `Option` fields without `with`).
//! - Checked against chrono itself (its serde impls and `FromStr`) in `tests/dates_chrono.rs`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, TimeZone, Timelike, Utc};
use serde::{de, Deserializer, Serializer};
use std::fmt;

/// Why a date or timestamp does not parse; `Display` is chrono's `ParseError` text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("input is out of range")]
    OutOfRange,
    #[error("no possible date and time matching input")]
    Impossible,
    #[error("input contains invalid characters")]
    Invalid,
    #[error("premature end of input")]
    TooShort,
    #[error("trailing input")]
    TooLong,
}

use DateError::{Impossible, Invalid, OutOfRange, TooLong, TooShort};

/// The rest of the input, consumed the way chrono's `format::parse` consumes it.
struct Scan<'a> {
    s: &'a str,
}

impl Scan<'_> {
    /// chrono's `Item::Space`: any (Unicode) white space.
    fn space(&mut self) {
        self.s = self.s.trim_start();
    }

    /// chrono's `Item::Literal` of one ASCII character.
    fn literal(&mut self, c: u8) -> Result<(), DateError> {
        match self.s.as_bytes().first() {
            None => Err(TooShort),
            Some(&b) if b == c => {
                self.s = &self.s[1..];
                Ok(())
            }
            Some(_) => Err(Invalid),
        }
    }

    /// chrono's `scan::number(s, 1, max)`: at least one ASCII digit, at most `max` read.
    fn digits(&mut self, max: usize) -> Result<i64, DateError> {
        let b = self.s.as_bytes();
        if b.is_empty() {
            return Err(TooShort);
        }
        let mut n = 0i64;
        for (i, &c) in b.iter().take(max).enumerate() {
            if !c.is_ascii_digit() {
                if i == 0 {
                    return Err(Invalid);
                }
                self.s = &self.s[i..];
                return Ok(n);
            }
            n = n.checked_mul(10).and_then(|n| n.checked_add(i64::from(c - b'0'))).ok_or(OutOfRange)?;
        }
        self.s = &self.s[max.min(b.len())..];
        Ok(n)
    }

    /// chrono's unsigned `Item::Numeric` of `width` digits, then its range check.
    fn field(&mut self, width: usize, range: std::ops::RangeInclusive<i64>) -> Result<u32, DateError> {
        self.space();
        let v = self.digits(width)?;
        if range.contains(&v) {
            Ok(v as u32)
        } else {
            Err(OutOfRange)
        }
    }

    /// chrono's `Numeric::Year`: four digits, or any number of digits after a sign.
    fn year(&mut self) -> Result<i32, DateError> {
        self.space();
        let v = if let Some(rest) = self.s.strip_prefix('-') {
            self.s = rest;
            -self.digits(usize::MAX)?
        } else if let Some(rest) = self.s.strip_prefix('+') {
            self.s = rest;
            self.digits(usize::MAX)?
        } else {
            self.digits(4)?
        };
        i32::try_from(v).map_err(|_| OutOfRange)
    }

    /// Year, month and day as chrono's date items read them (`%Y-%m-%d` with optional spaces).
    fn ymd(&mut self) -> Result<(i32, u32, u32), DateError> {
        let y = self.year()?;
        self.space();
        self.literal(b'-')?;
        let m = self.field(2, 1..=12)?;
        self.space();
        self.literal(b'-')?;
        let d = self.field(2, 1..=31)?;
        Ok((y, m, d))
    }

    /// chrono's `Fixed::Nanosecond`: optional `.` and 1 to 9 digits (more are skipped).
    fn fraction(&mut self) -> Result<u32, DateError> {
        let Some(rest) = self.s.strip_prefix('.') else { return Ok(0) };
        self.s = rest;
        let before = self.s.len();
        let v = self.digits(9)? as u32;
        const SCALE: [u32; 10] = [0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
        let v = v * SCALE[before - self.s.len()];
        self.s = self.s.trim_start_matches(|c: char| c.is_ascii_digit());
        Ok(v)
    }

    /// chrono's `scan::timezone_offset` with `Z`, a colon or spaces between hours and minutes,
    /// minutes required and U+2212 allowed as the minus sign; seconds east of UTC.
    fn offset(&mut self) -> Result<i32, DateError> {
        let sign = self.s.chars().next().ok_or(TooShort)?;
        let negative = match sign {
            'Z' | 'z' => {
                self.s = &self.s[1..];
                return Ok(0);
            }
            '+' => false,
            '-' | '\u{2212}' => true,
            _ => return Err(Invalid),
        };
        self.s = &self.s[sign.len_utf8()..];
        let hours = match *self.s.as_bytes() {
            [h1 @ b'0'..=b'9', h2 @ b'0'..=b'9', ..] => i32::from((h1 - b'0') * 10 + (h2 - b'0')),
            [_, _, ..] => return Err(Invalid),
            _ => return Err(TooShort),
        };
        self.s = self.s[2..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
        let minutes = match *self.s.as_bytes() {
            [m1 @ b'0'..=b'5', m2 @ b'0'..=b'9', ..] => i32::from((m1 - b'0') * 10 + (m2 - b'0')),
            [b'6'..=b'9', b'0'..=b'9', ..] => return Err(OutOfRange),
            [_, _, ..] => return Err(Invalid),
            _ => return Err(TooShort),
        };
        self.s = &self.s[2..];
        let seconds = hours * 3600 + minutes * 60;
        Ok(if negative { -seconds } else { seconds })
    }
}

/// A date as chrono's `NaiveDate::from_str` reads it (see the module contract).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    // The canonical form, the only one the app writes, without the general scan.
    if let Some(d) = canonical_date(s.as_bytes()) {
        return Ok(d);
    }
    let mut scan = Scan { s };
    let (y, m, d) = scan.ymd()?;
    scan.space();
    if !scan.s.is_empty() {
        return Err(TooLong);
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or(OutOfRange)
}

/// `YYYY-MM-DD` exactly, if it is a real date.
fn canonical_date(b: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *b else { return None };
    let num = |ds: &[u8]| ds.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    NaiveDate::from_ymd_opt(num(&[y1, y2, y3, y4])? as i32, num(&[m1, m2])?, num(&[d1, d2])?)
}

/// A timestamp as chrono's `DateTime<Utc>::from_str` reads it (relaxed RFC 3339, any offset,
/// converted to UTC; see the module contract).
pub fn parse_stamp(s: &str) -> Result<DateTime<Utc>, DateError> {
    let mut scan = Scan { s };
    let (y, mo, d) = scan.ymd()?;
    match scan.s.as_bytes().first() {
        Some(b't' | b'T' | b' ') => scan.s = &scan.s[1..],
        Some(_) => return Err(Invalid),
        None => return Err(TooShort),
    }
    let h = scan.field(2, 0..=23)?;
    scan.space();
    scan.literal(b':')?;
    let mi = scan.field(2, 0..=59)?;
    scan.space();
    scan.literal(b':')?;
    let sec = scan.field(2, 0..=60)?;
    let nano = scan.fraction()?;
    scan.space();
    let offset = match scan.s.as_bytes() {
        [u, t, c, ..] if [*u, *t, *c].eq_ignore_ascii_case(b"UTC") => {
            scan.s = &scan.s[3..];
            0
        }
        _ => scan.offset()?,
    };
    scan.space();
    if !scan.s.is_empty() {
        return Err(TooLong);
    }
    let date = NaiveDate::from_ymd_opt(y, mo, d).ok_or(OutOfRange)?;
    // A leap second is second 59 with the nanoseconds past 10^9, as chrono keeps it.
    let (sec, nano) = if sec == 60 { (59, nano + 1_000_000_000) } else { (sec, nano) };
    let time = NaiveTime::from_hms_nano_opt(h, mi, sec, nano).ok_or(OutOfRange)?;
    let offset = FixedOffset::east_opt(offset).ok_or(OutOfRange)?;
    let local = offset.from_local_datetime(&date.and_time(time)).single().ok_or(Impossible)?;
    Ok(local.with_timezone(&Utc))
}

/// A date or timestamp printed on the stack (see the module contract).
pub struct Short {
    b: [u8; 32],
    n: usize,
}

impl Short {
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written.
        std::str::from_utf8(&self.b[..self.n]).unwrap_or_default()
    }

    fn push(&mut self, c: u8) {
        self.b[self.n] = c;
        self.n += 1;
    }

    fn two(&mut self, v: u32) {
        self.push(b'0' + (v / 10 % 10) as u8);
        self.push(b'0' + (v % 10) as u8);
    }

    fn digits(&mut self, v: u32, count: u32) {
        for i in (0..count).rev() {
            self.push(b'0' + (v / 10u32.pow(i) % 10) as u8);
        }
    }

    /// `YYYY-MM-DD`, or `None` outside years 0..=9999 (chrono adds a sign there).
    pub fn date(d: NaiveDate) -> Option<Short> {
        let y = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
        let mut s = Short { b: [0; 32], n: 0 };
        s.digits(y, 4);
        s.push(b'-');
        s.two(d.month());
        s.push(b'-');
        s.two(d.day());
        Some(s)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff[fff[fff]]]Z` (the shortest of 0, 3, 6, 9 fraction digits that
    /// is exact), or `None` outside years 0..=9999.
    pub fn stamp(t: DateTime<Utc>) -> Option<Short> {
        let mut s = Short::date(t.date_naive())?;
        let (mut sec, mut nano) = (t.second(), t.nanosecond());
        if nano >= 1_000_000_000 {
            sec += 1;
            nano -= 1_000_000_000;
        }
        s.push(b'T');
        s.two(t.hour());
        s.push(b':');
        s.two(t.minute());
        s.push(b':');
        s.two(sec);
        if nano != 0 {
            s.push(b'.');
            if nano % 1_000_000 == 0 {
                s.digits(nano / 1_000_000, 3);
            } else if nano % 1_000 == 0 {
                s.digits(nano / 1_000, 6);
            } else {
                s.digits(nano, 9);
            }
        }
        s.push(b'Z');
        Some(s)
    }
}

/// `d` as chrono's serde printed it, every year.
pub fn date_text(d: NaiveDate) -> String {
    Short::date(d).map_or_else(|| d.to_string(), |s| s.as_str().to_owned())
}

/// `t` as chrono's serde printed it, every year.
pub fn stamp_text(t: DateTime<Utc>) -> String {
    Short::stamp(t).map_or_else(|| t.to_rfc3339_opts(SecondsFormat::AutoSi, true), |s| s.as_str().to_owned())
}

/// `t` as a JSON string, as `serde_json` writes it (the text holds nothing to escape).
pub fn stamp_json(t: DateTime<Utc>) -> String {
    format!("\"{}\"", stamp_text(t))
}

fn put_date<S: Serializer>(d: NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    match Short::date(d) {
        Some(short) => s.serialize_str(short.as_str()),
        None => s.serialize_str(&d.to_string()),
    }
}

fn put_stamp<S: Serializer>(t: DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    match Short::stamp(t) {
        Some(short) => s.serialize_str(short.as_str()),
        None => s.serialize_str(&stamp_text(t)),
    }
}

/// Reads a string with `parse`; `expecting` is chrono's wording for the wrong type.
struct StrVisitor<T> {
    parse: fn(&str) -> Result<T, DateError>,
    expecting: &'static str,
}

impl<T> de::Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).map_err(E::custom)
    }
}

const DATE_EXPECTING: &str = "a formatted date string";
const STAMP_EXPECTING: &str = "an RFC 3339 formatted date and time string";

/// `None` for null, else the inner visitor's value (serde's own `Option` reading).
struct OptVisitor<T>(StrVisitor<T>);

impl<'de, T> de::Visitor<'de> for OptVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_str(self.0).map(Some)
    }
}

/// `#[serde(with = "crate::base::dates::ymd")]` for a `NaiveDate`.
pub mod ymd {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        put_date(*d, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_str(StrVisitor { parse: parse_date, expecting: DATE_EXPECTING })
    }
}

/// `#[serde(default, with = "crate::base::dates::ymd_opt")]` for an `Option<NaiveDate>`.
pub mod ymd_opt {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => put_date(*d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_option(OptVisitor(StrVisitor { parse: parse_date, expecting: DATE_EXPECTING }))
    }
}

/// `#[serde(with = "crate::base::dates::stamp")]` for a `DateTime<Utc>`.
pub mod stamp {
    use super::*;

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        put_stamp(*t, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        d.deserialize_str(StrVisitor { parse: parse_stamp, expecting: STAMP_EXPECTING })
    }
}

/// `#[serde(default, with = "crate::base::dates::stamp_opt")]` for an `Option<DateTime<Utc>>`.
pub mod stamp_opt {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => put_stamp(*t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        d.deserialize_option(OptVisitor(StrVisitor { parse: parse_stamp, expecting: STAMP_EXPECTING }))
    }
}
