//! `ansinh_core::base::dates` against chrono itself: the hand printer and parser must give what
//! chrono's serde impls (and the `FromStr` they call) gave, value for value and error for
//! error, so records stored or exported by earlier builds read back unchanged.

use ansinh_core::base::dates::{self, parse_date, parse_stamp, Short};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Ours {
    #[serde(with = "dates::ymd")]
    day: NaiveDate,
    #[serde(with = "dates::stamp")]
    at: DateTime<Utc>,
    #[serde(default, with = "dates::ymd_opt", skip_serializing_if = "Option::is_none")]
    born: Option<NaiveDate>,
    #[serde(default, with = "dates::stamp_opt", skip_serializing_if = "Option::is_none")]
    since: Option<DateTime<Utc>>,
}

/// The same record with chrono's own serde impls.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Chrono {
    day: NaiveDate,
    at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    born: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    since: Option<DateTime<Utc>>,
}

fn chrono_date_text(d: NaiveDate) -> String {
    serde_json::to_value(d).unwrap().as_str().unwrap().to_owned()
}

fn chrono_stamp_text(t: DateTime<Utc>) -> String {
    serde_json::to_value(t).unwrap().as_str().unwrap().to_owned()
}

/// Both parsers' answers as text: the value printed by chrono, or the error's message.
fn both_dates(s: &str) -> (String, String) {
    let ours = parse_date(s).map(|d| d.to_string()).map_err(|e| e.to_string());
    let theirs = s.parse::<NaiveDate>().map(|d| d.to_string()).map_err(|e| e.to_string());
    (format!("{ours:?}"), format!("{theirs:?}"))
}

fn both_stamps(s: &str) -> (String, String) {
    // Debug shows the leap-second nanoseconds too.
    let ours = parse_stamp(s).map(|t| format!("{t:?}")).map_err(|e| e.to_string());
    let theirs = s.parse::<DateTime<Utc>>().map(|t| format!("{t:?}")).map_err(|e| e.to_string());
    (format!("{ours:?}"), format!("{theirs:?}"))
}

#[test]
fn every_date_of_years_1_to_9999_prints_and_reads_as_chrono() {
    let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let mut d = first;
    let mut count = 0;
    while d <= last {
        let short = Short::date(d).unwrap();
        let text = chrono_date_text(d);
        assert_eq!(short.as_str(), text);
        assert_eq!(parse_date(&text), Ok(d), "{text}");
        d = d.succ_opt().unwrap();
        count += 1;
    }
    assert_eq!(count, 3_652_059);
    // Outside 0..=9999 chrono signs the year; both directions still agree.
    for (y, text) in [(0, "0000-01-01"), (-1, "-0001-01-01"), (10_000, "+10000-01-01"), (-262_143, "-262143-01-01")] {
        let d = NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
        assert_eq!(dates::date_text(d), text);
        assert_eq!(chrono_date_text(d), text);
        assert_eq!(parse_date(text), Ok(d));
        assert_eq!(Short::date(d).is_some(), (0..=9999).contains(&y));
    }
}

#[test]
fn fixed_examples_read_as_written_here_by_hand() {
    let t = |s: &str| parse_stamp(s).map(|t| t.timestamp_millis());
    assert_eq!(t("2026-11-29T08:30:00Z"), Ok(1_795_941_000_000));
    assert_eq!(t("2026-11-29T15:30:00+07:00"), Ok(1_795_941_000_000));
    assert_eq!(t("2026-11-29 15:30:00.250 +0700"), Ok(1_795_941_000_250));
    assert_eq!(t("2026-11-29T08:30:00UTC"), Ok(1_795_941_000_000));
    assert_eq!(t("2026-11-29T08:30:00"), Err(dates::DateError::TooShort));
    assert_eq!(t("2026-11-29T24:00:00Z"), Err(dates::DateError::OutOfRange));
    assert_eq!(t("2026-11-29T08:30:00Zx"), Err(dates::DateError::TooLong));
    assert_eq!(t("2026/11/29T08:30:00Z"), Err(dates::DateError::Invalid));
    assert_eq!(parse_date("2026-02-29").unwrap_err().to_string(), "input is out of range");
    assert_eq!(parse_date(" 2026- 2-9 "), Ok(NaiveDate::from_ymd_opt(2026, 2, 9).unwrap()));
    let leap = parse_stamp("2016-12-31T23:59:60.5Z").unwrap();
    assert_eq!(Short::stamp(leap).unwrap().as_str(), "2016-12-31T23:59:60.500Z");
    assert_eq!(dates::stamp_json(leap), "\"2016-12-31T23:59:60.500Z\"");
}

/// Pieces of dates and timestamps, in and out of range, with every separator chrono knows.
const PIECES: &[&str] = &[
    "2026",
    "-",
    "11",
    "29",
    "T",
    "t",
    " ",
    "08",
    ":",
    "30",
    "00",
    ".",
    "123",
    "123456",
    "123456789",
    "1234567891",
    "Z",
    "z",
    "+07:00",
    "+0700",
    "-05:30",
    "\u{2212}07:00",
    "+07",
    "+07: 00",
    "UTC",
    "utc",
    "60",
    "59",
    "24",
    "13",
    "32",
    "0",
    "1",
    "9",
    "5",
    "6",
    "+",
    "-0001",
    "+10000",
    "+99:59",
    "99",
    "\t",
    "\u{3000}",
    "x",
    "é",
    "02",
    "30",
    "00:00",
    "2016-12-31",
    "2026-11-29T08:30:00",
    "9999999999999999999",
    "+2147483648",
    "-262144",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..16).prop_map(|v| v.concat())
}

/// A canonical timestamp or date with one character changed, added or removed.
fn mutated() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "0123456789-:.TtZz+ \tUCé\u{2212}".chars().collect();
    (-62_135_596_800_000i64..253_402_300_799_999, any::<bool>(), 0usize..40, 0u8..3, prop::sample::select(alphabet))
        .prop_map(|(ms, as_date, at, how, c)| {
            let t = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
            let mut chars: Vec<char> =
                if as_date { chrono_date_text(t.date_naive()) } else { chrono_stamp_text(t) }.chars().collect();
            let at = at % (chars.len() + 1);
            match how {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 if at < chars.len() => chars[at] = c,
                _ => chars.insert(at, c),
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn timestamps_print_and_read_as_chrono(
        secs in -8_210_298_412_800i64..8_210_266_876_799,
        nanos in prop_oneof![Just(0u32), (0u32..1000).prop_map(|m| m * 1_000_000), (0u32..1_000_000).prop_map(|u| u * 1000), 0u32..1_000_000_000],
    ) {
        let t = DateTime::<Utc>::from_timestamp(secs, nanos).unwrap();
        let text = chrono_stamp_text(t);
        prop_assert_eq!(dates::stamp_text(t), text.clone());
        if let Some(short) = Short::stamp(t) {
            prop_assert_eq!(short.as_str(), text.as_str());
        }
        prop_assert_eq!(parse_stamp(&text), Ok(t));
        prop_assert_eq!(parse_stamp(&text), text.parse::<DateTime<Utc>>().map_err(|_| dates::DateError::Invalid));
    }

    #[test]
    fn any_string_of_date_pieces_reads_as_chrono_reads_it(s in pieces()) {
        let (ours, theirs) = both_dates(&s);
        prop_assert_eq!(ours, theirs, "date {:?}", s);
        let (ours, theirs) = both_stamps(&s);
        prop_assert_eq!(ours, theirs, "timestamp {:?}", s);
    }

    #[test]
    fn mistyped_dates_and_timestamps_read_as_chrono_reads_them(s in mutated()) {
        let (ours, theirs) = both_dates(&s);
        prop_assert_eq!(ours, theirs, "date {:?}", s);
        let (ours, theirs) = both_stamps(&s);
        prop_assert_eq!(ours, theirs, "timestamp {:?}", s);
    }

    #[test]
    fn records_serialize_and_deserialize_as_with_chrono_serde(
        days in -719_162i64..2_932_896,
        ms in -62_135_596_800_000i64..253_402_300_799_999,
        born in prop::option::of(-719_162i64..2_932_896),
        since in prop::option::of(0i64..4_102_444_800_000),
    ) {
        let day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + TimeDelta::days(days);
        let at = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
        let born = born.map(|d| NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + TimeDelta::days(d));
        let since = since.map(|ms| DateTime::<Utc>::from_timestamp_millis(ms).unwrap());
        let ours = Ours { day, at, born, since };
        let theirs = Chrono { day, at, born, since };
        let text = serde_json::to_string(&ours).unwrap();
        prop_assert_eq!(&text, &serde_json::to_string(&theirs).unwrap());
        prop_assert_eq!(serde_json::from_str::<Ours>(&text).unwrap(), ours);
        let value: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(serde_json::to_value(&theirs).unwrap(), value.clone());
        let back: Ours = serde_json::from_value(value).unwrap();
        prop_assert_eq!(back.at, at);
    }
}

#[test]
fn wrong_values_give_chrono_serde_error_texts() {
    let base = json!({"day": "2026-11-29", "at": "2026-11-29T08:30:00Z"});
    let cases = [
        ("day", json!(20261129)),
        ("day", json!(null)),
        ("day", json!("2026-11-31")),
        ("day", json!("2026-11-29x")),
        ("day", json!(["2026-11-29"])),
        ("at", json!(true)),
        ("at", json!("2026-11-29")),
        ("at", json!("2026-11-29T08:30:00+25:00")),
        ("at", json!("+262143-12-31T23:59:59-23:59")),
        ("born", json!(1)),
        ("born", json!("1990-13-01")),
        ("born", json!({})),
        ("since", json!("yesterday")),
        ("since", json!(0.5)),
    ];
    for (field, bad) in cases {
        let mut v = base.clone();
        v[field] = bad.clone();
        let ours = serde_json::from_value::<Ours>(v.clone()).unwrap_err().to_string();
        let theirs = serde_json::from_value::<Chrono>(v.clone()).unwrap_err().to_string();
        assert_eq!(ours, theirs, "{field}: {bad}");
        let text = v.to_string();
        let ours = serde_json::from_str::<Ours>(&text).unwrap_err().to_string();
        let theirs = serde_json::from_str::<Chrono>(&text).unwrap_err().to_string();
        assert_eq!(ours, theirs, "{field}: {bad} (text)");
    }
    // Missing optional fields and nulls are `None`, as with chrono; missing required ones fail alike.
    let with_nulls = json!({"day": "2026-11-29", "at": "2026-11-29T08:30:00Z", "born": null, "since": null});
    let ours: Ours = serde_json::from_value(with_nulls).unwrap();
    assert_eq!((ours.born, ours.since), (None, None));
    let ours: Ours = serde_json::from_value(base).unwrap();
    assert_eq!((ours.born, ours.since), (None, None));
    let missing = json!({"day": "2026-11-29"});
    assert_eq!(
        serde_json::from_value::<Ours>(missing.clone()).unwrap_err().to_string(),
        serde_json::from_value::<Chrono>(missing).unwrap_err().to_string()
    );
}
