//! The one scanner over JSON *text*: where values start, which containers are open (the path to
//! a value), where each value ends.
//!
//! Contract: `Scanner` walks a document once, front to back, and reports an `Event` at each
//! value start, each `,` and each closing bracket, keeping the stack of open containers (the
//! key or index of the value being read in each). It checks the *structure* — brackets match,
//! keys, `:` and `,` where JSON puts them, one top-level value with nothing but whitespace after
//! it — and stops (`next` returns `None`, `is_complete` is false) at the first byte that breaks
//! it. It does not check what is inside strings or scalars (escapes, numbers, literals): a
//! caller that needs a valid document gives the values it cut out to `serde_json`, which
//! checks them. No allocation per value: keys are kept as byte ranges of the text.
//!
//! Whitespace is JSON's (space, tab, line feed, carriage return), so on a text serde_json
//! accepts, the scanner sees the same values at the same bytes (pinned by a differential
//! property test below). It never decides whether a file is accepted — serde_json does —
//! it only turns paths into positions and back when a bundle is rejected
//! (`bundle::locate::position_of`, `bundle::json_path_at`).

use std::ops::Range;

/// An open container and where the scanner is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Frame {
    /// An object; `key` is the byte range (inside the quotes) of the current member's key,
    /// once read.
    Object { key: Option<Range<usize>> },
    /// An array; `index` is the position of the current element.
    Array { index: usize },
}

/// What the scanner met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// A value starts at this byte; `frames` is the path to it (its container last).
    Value(usize),
    /// A `,` at this byte ended the value before it; `frames` already points at the next one.
    Comma(usize),
    /// A `}` or `]` at this byte closed a container; `frames` no longer holds it.
    Close(usize),
}

/// What the grammar allows next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Due {
    Value,
    /// After `[`.
    ValueOrClose,
    /// After `{`.
    KeyOrClose,
    /// After `,` in an object.
    Key,
    Colon,
    CommaOrClose,
    /// The top-level value is complete: only whitespace may follow.
    End,
    /// A byte broke the structure; the scan is over.
    Broken,
}

/// See the module contract.
pub(crate) struct Scanner<'a> {
    text: &'a [u8],
    pos: usize,
    frames: Vec<Frame>,
    due: Due,
    /// The `Value` event of the byte at `pos` was reported; the value is consumed next.
    announced: bool,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Scanner { text: text.as_bytes(), pos: 0, frames: Vec::new(), due: Due::Value, announced: false }
    }

    /// The byte offset the scan has reached.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The containers open at `pos`, outermost first.
    pub(crate) fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// The raw text of a key range (escapes left as written).
    pub(crate) fn slice(&self, range: &Range<usize>) -> &'a [u8] {
        &self.text[range.clone()]
    }

    /// Whether the whole text was one well-structured value (after `next` returned `None`).
    #[cfg(test)]
    pub(crate) fn is_complete(&self) -> bool {
        self.due == Due::End && self.pos >= self.text.len()
    }

    /// The path of the value being read (`a.b[3].c`, `.` for the top level), keys as written.
    pub(crate) fn path(&self) -> String {
        let mut out = String::new();
        for frame in &self.frames {
            match frame {
                Frame::Object { key: Some(k) } => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&String::from_utf8_lossy(self.slice(k)));
                }
                Frame::Object { key: None } => {}
                Frame::Array { index } => {
                    out.push('[');
                    out.push_str(&index.to_string());
                    out.push(']');
                }
            }
        }
        if out.is_empty() {
            out.push('.');
        }
        out
    }

    /// The next event, or `None` at the end of the text or at the first structural error.
    pub(crate) fn next(&mut self) -> Option<Event> {
        let b = self.text;
        loop {
            while self.pos < b.len() && is_json_whitespace(b[self.pos]) {
                self.pos += 1;
            }
            if self.pos >= b.len() {
                return None;
            }
            let at = self.pos;
            let c = b[at];
            match (self.due, c) {
                (Due::ValueOrClose, b']') | (Due::KeyOrClose, b'}') | (Due::CommaOrClose, b'}' | b']') => {
                    let matches = match self.frames.pop() {
                        Some(Frame::Object { .. }) => c == b'}',
                        Some(Frame::Array { .. }) => c == b']',
                        None => false,
                    };
                    if !matches {
                        return self.broken();
                    }
                    self.pos += 1;
                    self.due = self.after_value();
                    return Some(Event::Close(at));
                }
                (Due::Value | Due::ValueOrClose, b',' | b':' | b'}' | b']') => return self.broken(),
                (Due::Value | Due::ValueOrClose, _) if !self.announced => {
                    self.announced = true;
                    return Some(Event::Value(at));
                }
                (Due::Value | Due::ValueOrClose, _) => {
                    self.announced = false;
                    match c {
                        b'{' => {
                            self.frames.push(Frame::Object { key: None });
                            self.pos += 1;
                            self.due = Due::KeyOrClose;
                        }
                        b'[' => {
                            self.frames.push(Frame::Array { index: 0 });
                            self.pos += 1;
                            self.due = Due::ValueOrClose;
                        }
                        b'"' => {
                            let Some(end) = string_end(b, at) else { return self.broken() };
                            self.pos = end;
                            self.due = self.after_value();
                        }
                        _ => {
                            // A number or literal: its bytes are checked by whoever parses it.
                            while self.pos < b.len()
                                && !matches!(b[self.pos], b',' | b'}' | b']' | b':' | b'"' | b'{' | b'[')
                                && !is_json_whitespace(b[self.pos])
                            {
                                self.pos += 1;
                            }
                            self.due = self.after_value();
                        }
                    }
                }
                (Due::KeyOrClose | Due::Key, b'"') => {
                    let Some(end) = string_end(b, at) else { return self.broken() };
                    if let Some(Frame::Object { key }) = self.frames.last_mut() {
                        *key = Some(at + 1..end - 1);
                    }
                    self.pos = end;
                    self.due = Due::Colon;
                }
                (Due::Colon, b':') => {
                    self.pos += 1;
                    self.due = Due::Value;
                }
                (Due::CommaOrClose, b',') => {
                    self.due = match self.frames.last_mut() {
                        Some(Frame::Array { index }) => {
                            *index += 1;
                            Due::Value
                        }
                        Some(Frame::Object { key }) => {
                            *key = None;
                            Due::Key
                        }
                        None => return self.broken(),
                    };
                    self.pos += 1;
                    return Some(Event::Comma(at));
                }
                _ => return self.broken(),
            }
        }
    }

    fn after_value(&self) -> Due {
        if self.frames.is_empty() {
            Due::End
        } else {
            Due::CommaOrClose
        }
    }

    fn broken(&mut self) -> Option<Event> {
        self.due = Due::Broken;
        None
    }
}

/// Whitespace as JSON (RFC 8259) and serde_json define it: not form feed, which
/// `u8::is_ascii_whitespace` also counts.
fn is_json_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The index just after the closing quote of the string opening at `start`, if it closes.
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        // Most of a bundle's bytes are inside strings: one tight search per run.
        i += b.get(i..)?.iter().position(|&c| c == b'"' || c == b'\\')?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// The 1-based line and byte column of the byte at `offset`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line_start = before.iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    (line, before.len() - line_start + 1)
}

/// The byte offset of a 1-based line and byte column (clamped to the text).
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let b = text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        b.iter().enumerate().filter(|(_, &c)| c == b'\n').nth(line - 2).map_or(b.len(), |(i, _)| i + 1)
    };
    (line_start + column).min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every event of a text, with the path at each value start.
    fn events(text: &str) -> (Vec<String>, bool) {
        let mut s = Scanner::new(text);
        let mut out = Vec::new();
        while let Some(e) = s.next() {
            out.push(match e {
                Event::Value(at) => format!("v{at}@{}", s.path()),
                Event::Comma(at) => format!(",{at}"),
                Event::Close(at) => format!("c{at}"),
            });
        }
        (out, s.is_complete())
    }

    #[test]
    fn events_and_paths_of_a_document() {
        let (ev, ok) = events(r#" {"a": [1, {"b\"": "x,]"}], "c": {}} "#);
        assert!(ok);
        assert_eq!(
            ev,
            ["v1@.", "v7@a", "v8@a[0]", ",9", "v11@a[1]", "v19@a[1].b\\\"", "c24", "c25", ",26", "v33@c", "c34", "c35"]
        );
    }

    #[test]
    fn structure_errors_stop_the_scan() {
        for bad in [
            r#"{"a": 1"#,
            r#"{"a": [1}"#,
            r#"{"a" 1}"#,
            r#"{"a": 1,}"#,
            r#"{"a": 1} x"#,
            r#"[1 2]"#,
            r#"{1: 2}"#,
            r#"{"a": "x}"#,
            r#"[,]"#,
            "",
        ] {
            let (_, ok) = events(bad);
            assert!(!ok, "{bad}");
        }
        for good in ["1", "[]", "{}", " [ [ ] , { } ] ", r#""s""#] {
            assert!(events(good).1, "{good}");
        }
    }

    /// Pieces from every class of byte, to put anywhere in a JSON text.
    fn piece() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            " ",
            "\t",
            "\n",
            "\r",
            "\u{c}",
            "\u{b}",
            "\u{a0}",
            "\u{feff}",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\\",
            "\\\"",
            "\\u0041",
            "\\ud800",
            "\\udc00",
            "\\ud83d\\ude00",
            "\\x",
            "é",
            "😀",
            "0",
            "-1",
            "1e5",
            "01",
            "true",
            "nul",
            "null",
        ];
        prop_oneof![
            (0u8..0x20).prop_map(|b| char::from(b).to_string()),
            prop::sample::select(PIECES).prop_map(str::to_string),
            any::<char>().prop_map(|c| c.to_string()),
        ]
    }

    fn value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]

        /// Pinned to serde_json: on every text serde_json accepts, the scanner completes, and
        /// every value it reports starts where serde_json reads one whole value.
        #[test]
        fn the_scanner_sees_the_values_serde_json_reads(
            v in value(),
            pretty in any::<bool>(),
            edits in prop::collection::vec((any::<usize>(), piece()), 0..3),
        ) {
            let mut text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
            for (at, p) in edits {
                let at = (0..=at % (text.len() + 1)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
                text.insert_str(at, &p);
            }
            let accepted = serde_json::from_str::<serde_json::Value>(&text).is_ok();
            let mut scan = Scanner::new(&text);
            let mut starts = Vec::new();
            while let Some(e) = scan.next() {
                if let Event::Value(at) = e {
                    starts.push(at);
                }
            }
            if accepted {
                proptest::prop_assert!(scan.is_complete(), "{text:?}");
                for at in starts {
                    let mut one = serde_json::Deserializer::from_str(&text[at..]).into_iter::<serde::de::IgnoredAny>();
                    proptest::prop_assert!(matches!(one.next(), Some(Ok(_))), "{text:?} at {at}");
                }
            }
        }
    }

    #[test]
    fn lines_and_columns() {
        let text = "ab\ncd\n\nef";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (2, 2));
        assert_eq!(line_column(text, 7), (4, 1));
        assert_eq!(offset_of(text, 2, 1), 4);
        assert_eq!(offset_of(text, 4, 1), 8);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
