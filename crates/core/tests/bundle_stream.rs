//! The bundle writer and reader that work record by record (`Bundle::to_json` through
//! `json::ObjectWriter`, `parse_bundle` reading records one at a time in one serde_json pass)
//! against the whole-document ones they replace: the same text out, the same bundle or the
//! very same error in, for a district, random histories, thousands of damaged files, and
//! every class of byte (all control characters, non-ASCII, escapes, surrogates) anywhere.

mod bundle_support;

use std::sync::OnceLock;

use ansinh_core::base::json::to_text_ordered;
use ansinh_core::sync::bundle::{
    merge, parse_bundle, parse_bundle_whole, Bundle, ExportScope, Limits, LocalState, RecordKind, TOP_LEVEL_KEYS,
};
use ansinh_core::synth;
use bundle_support::mutate::{mutate, mutation};
use bundle_support::*;
use proptest::prelude::*;
use serde_json::{json, Value};

/// What `Bundle::to_json` wrote before: the whole bundle as one `Value`, header keys first.
fn whole_text(b: &Bundle, pretty: bool) -> String {
    to_text_ordered(b, TOP_LEVEL_KEYS, pretty).unwrap() + "\n"
}

fn same_reading(bytes: &[u8]) -> Result<(), TestCaseError> {
    let limits = Limits::default();
    prop_assert_eq!(parse_bundle(bytes, plan(), &limits), parse_bundle_whole(bytes, plan(), &limits));
    Ok(())
}

/// Two tablets' history over `n` synthetic households from `seed`: edits, a conflict,
/// deletions of every kind, a delta export; the last bundle has lineage, conflicts and
/// tombstones when `n` ≥ 3.
fn history(n: usize, seed: u64, delta: bool) -> Bundle {
    let data = synth::district(n.max(1), seed);
    let (mut a, mut b) = (LocalState::new(), LocalState::new());
    for h in data.households.iter().take(n) {
        a.save_household(h.clone());
    }
    for f in data.figures.iter().take(2) {
        a.save_figures(f.clone());
    }
    a.save_report(report(1, 1, "Quý IV \"nháp\"\n"));
    a.save_household(household(2, 1, 10));
    merge(&mut b, &export(&mut a, 1, "a", 2, ExportScope::All));
    a.save_household(household(2, 3, 11));
    b.save_household(household(2, 4, 12));
    a.delete(RecordKind::Report, id(1), t(5));
    if let Some(h) = data.households.first().filter(|_| n > 0) {
        b.delete(RecordKind::Household, h.meta.id, t(6));
    }
    merge(&mut a, &export(&mut b, 2, "b", 7, ExportScope::All));
    let scope = if delta { ExportScope::ChangedSinceLastExport } else { ExportScope::All };
    export(&mut a, 3, "a", 8, scope)
}

#[test]
fn a_district_is_written_byte_for_byte_as_before_and_read_back() {
    let data = synth::district(300, 7);
    let mut state = LocalState::new();
    for h in &data.households {
        state.save_household(h.clone());
    }
    for f in &data.figures {
        state.save_figures(f.clone());
    }
    let bundle = export(&mut state, 9, "huyện", 10, ExportScope::All);
    for pretty in [false, true] {
        let text = bundle.to_json(pretty);
        assert_eq!(text, whole_text(&bundle, pretty));
        assert_eq!(parse_bundle(text.as_bytes(), plan(), &Limits::default()).unwrap(), bundle);
    }
    let rich = history(5, 3, false);
    assert!(!rich.lineage.is_empty() && !rich.conflicts.is_empty() && rich.tombstones.len() == 2);
    let text = rich.to_json(true);
    assert_eq!(text, whole_text(&rich, true));
    assert!(text.contains("\n  \"tombstones\": [\n    {\n      \"deleted_at\": "), "{text}");
    assert_eq!(parse_bundle(text.as_bytes(), plan(), &Limits::default()).unwrap(), rich);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_histories_are_written_as_before(n in 0usize..6, seed in any::<u64>(), delta in any::<bool>(), pretty in any::<bool>()) {
        let b = history(n, seed, delta);
        let text = b.to_json(pretty);
        prop_assert_eq!(&text, &whole_text(&b, pretty));
        prop_assert_eq!(parse_bundle(text.as_bytes(), plan(), &Limits::default()).unwrap(), b);
    }
}

fn base_text(pretty: bool) -> &'static str {
    static TEXTS: OnceLock<[String; 2]> = OnceLock::new();
    &TEXTS.get_or_init(|| [history(4, 11, false).to_json(false), history(4, 11, false).to_json(true)])
        [usize::from(pretty)]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z0-9 _:,\\]\\[{}\"\\\\-]{0,12}".prop_map(Value::from),
        Just(json!("2025-10-01T00:00:00Z")),
        Just(json!("household")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_are_read_exactly_as_the_whole_document_reader_reads_them(
        m in mutation(json_value().boxed()),
        pretty in any::<bool>(),
    ) {
        same_reading(&mutate(base_text(pretty).as_bytes(), &m))?;
    }

    #[test]
    fn damaged_bytes_of_the_pretty_text_are_read_the_same(at in any::<usize>(), bytes in "[ \\n,:\\[\\]{}\"\\\\0-9a-z]{1,3}") {
        let text = base_text(true);
        let at = at % text.len();
        let mut damaged = text.as_bytes().to_vec();
        damaged.splice(at..(at + bytes.len()).min(text.len()), bytes.bytes());
        same_reading(&damaged)?;
    }
}

#[test]
fn unusual_but_valid_files_are_read_as_before() {
    let base: Value = serde_json::from_str(base_text(false)).unwrap();
    let mut cases: Vec<String> = Vec::new();
    // A key given twice (the last one counts), a key written with an escape, lists written as
    // something else, whitespace everywhere, a deep value in a report (serde_json's limit).
    let text = base_text(false);
    cases.push(text.replacen("{\"format\":", "{\"device_id\":\"x\",\"format\":", 1));
    cases.push(text.replacen("\"device_id\":", "\"device\\u005fid\":", 1));
    cases.push(text.replacen("\"figures\":[", "\"figures\":null,\"x\":[", 1));
    cases.push(text.replace(',', " ,\n\t").replace(':', " : "));
    for depth in [90, 126, 127, 130] {
        let mut b = base.clone();
        let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        b["reports"] = json!([]);
        let mut t = serde_json::to_string(&b).unwrap();
        t = t.replacen("\"tombstones\":", &format!("\"deep\":{deep},\"tombstones\":"), 1);
        cases.push(t);
    }
    for case in &cases {
        let limits = Limits::default();
        let whole = parse_bundle_whole(case.as_bytes(), plan(), &limits);
        assert_eq!(parse_bundle(case.as_bytes(), plan(), &limits), whole, "{}", &case[..200]);
    }
    // The escaped key and the extra whitespace are accepted; the others are rejected, each
    // with the whole-file reader's error.
    assert!(parse_bundle(cases[1].as_bytes(), plan(), &Limits::default()).is_ok());
    assert!(parse_bundle(cases[3].as_bytes(), plan(), &Limits::default()).is_ok());
}

/// Pieces of text from every class of byte: each control character, JSON whitespace and the
/// whitespace JSON does not allow (form feed, vertical tab, no-break space, BOM, U+2028),
/// structure, every escape (valid, invalid, cut short), lone and paired surrogates in both
/// orders, non-ASCII of 2, 3 and 4 bytes, numbers and literals good and bad, any char.
fn byte_class_piece() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        " ",
        "\t",
        "\n",
        "\r",
        "\u{c}",
        "\u{b}",
        "\u{a0}",
        "\u{feff}",
        "\u{2028}",
        "\u{7f}",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\\"",
        "\\\\",
        "\\/",
        "\\b",
        "\\f",
        "\\n",
        "\\r",
        "\\t",
        "\\x",
        "\\u",
        "\\u12",
        "\\u0041",
        "\\u00e9",
        "\\u0000",
        "\\u001f",
        "\\ud800",
        "\\udbff",
        "\\udc00",
        "\\ud83d\\ude00",
        "\\udc00\\ud800",
        "\\ud800\\u0041",
        "é",
        "ạ",
        "Đắk",
        "😀",
        "0",
        "-0",
        "-1",
        "1e5",
        "1E+2",
        "01",
        "1.",
        ".5",
        "1e",
        "true",
        "tru",
        "null",
        "nul",
        "false",
        "NaN",
    ];
    prop_oneof![
        (0u8..0x20).prop_map(|b| char::from(b).to_string()),
        prop::sample::select(PIECES).prop_map(str::to_string),
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

/// The nearest char boundary at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// One grammar: whatever bytes are put wherever, both readers accept the same files and
    /// refuse the others with the same error.
    #[test]
    fn every_byte_class_anywhere_is_read_as_the_whole_document_reader_reads_it(
        pieces in prop::collection::vec((any::<usize>(), byte_class_piece(), 0usize..3), 1..4),
        pretty in any::<bool>(),
    ) {
        let mut text = base_text(pretty).to_string();
        for (at, piece, cut) in pieces {
            let at = boundary(&text, at % text.len());
            let end = boundary(&text, at + cut);
            text.replace_range(at..end.max(at), &piece);
        }
        same_reading(text.as_bytes())?;
    }
}

/// The scanner treated form feed as whitespace: inserted between any two tokens, the
/// record-by-record reader accepted what serde_json refuses. Now, wherever a space is
/// allowed, a form feed (and any other byte JSON does not count as whitespace) is refused by
/// both, with the same error; and the JSON whitespace bytes are accepted by both.
#[test]
fn only_json_whitespace_is_whitespace_between_tokens() {
    let text = history(1, 5, false).to_json(false);
    let limits = Limits::default();
    let mut places = 0;
    for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let with = |b: &str| format!("{}{b}{}", &text[..at], &text[at..]);
        // Only between tokens: where a space changes nothing.
        if serde_json::from_str::<Value>(&with(" ")).ok() != serde_json::from_str::<Value>(&text).ok() {
            continue;
        }
        places += 1;
        for b in ["\u{c}", "\u{b}", "\u{0}", "\u{a0}", "\u{feff}"] {
            let damaged = with(b);
            let got = parse_bundle(damaged.as_bytes(), plan(), &limits);
            assert!(got.is_err(), "{b:?} at {at} accepted");
            assert_eq!(got, parse_bundle_whole(damaged.as_bytes(), plan(), &limits), "{b:?} at {at}");
        }
        for b in [" ", "\t", "\n", "\r"] {
            assert!(parse_bundle(with(b).as_bytes(), plan(), &limits).is_ok(), "{b:?} at {at} refused");
        }
    }
    assert!(places > 100, "{places}");
}

/// A district's file with a wrong value in its last record is refused with the path and
/// position the whole-document reader gives, whichever list holds it and however deep.
#[test]
fn a_wrong_value_in_a_large_file_is_located_as_the_whole_reader_locates_it() {
    let data = synth::district(200, 3);
    let mut state = LocalState::new();
    for h in &data.households {
        state.save_household(h.clone());
    }
    for f in &data.figures {
        state.save_figures(f.clone());
    }
    let text = export(&mut state, 4, "huyện", 5, ExportScope::All).to_json(true);
    let limits = Limits::default();
    let last_household = text.rfind("\n    {\n      \"commune_id\"").unwrap();
    let cases = [
        // A member's field, in the last household.
        text[..last_household].to_string()
            + &text[last_household..].replacen("\"name\": \"", "\"name\": 7, \"x\": \"", 1),
        // A missing field in the last household (placed on the record).
        text[..last_household].to_string() + &text[last_household..].replacen("\"commune_id\"", "\"commune_idx\"", 1),
        // The header after the lists, wrong too: the first error in key order wins.
        text.replacen("\"org_unit\": \"kon-ray\"", "\"org_unit\": 1", 1),
        text.replacen("\"figures\": [", "\"figures\": [1, ", 1),
        text.replacen("\"tombstones\": []", "\"tombstones\": {\"a\": [1]}", 1),
    ];
    for case in &cases {
        let got = parse_bundle(case.as_bytes(), plan(), &limits);
        assert!(matches!(got, Err(ansinh_core::sync::bundle::ImportError::Field { .. })), "{got:?}");
        assert_eq!(got, parse_bundle_whole(case.as_bytes(), plan(), &limits));
    }
    let Err(ansinh_core::sync::bundle::ImportError::Field { path, line, .. }) =
        parse_bundle(cases[0].as_bytes(), plan(), &limits)
    else {
        unreachable!()
    };
    assert!(path.starts_with(&format!("households[{}].members[", data.households.len() - 1)), "{path}");
    assert!(path.ends_with("].name"), "{path}");
    assert!(line > 1000, "{line}");
}
