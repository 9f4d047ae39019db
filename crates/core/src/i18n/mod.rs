//! Languages and bilingual text.
//!
//! Contract: Vietnamese is the default language of the product; English is the second.
//! Every user-facing message exists in both languages (`Text`), so a view or the CLI can
//! pick one at render time without a lookup that can fail.

use serde::{Deserialize, Serialize};

// The message catalog: every key with its two texts (data, apart from the types here).
mod catalog;

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt — the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// BCP 47 tag, as used in `<html lang>` and in stored settings.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses a stored code; unknown codes give `None` so the caller can fall back.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A piece of text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text { vi: vi.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// The app's message catalog: one constant per user-facing string, both languages.
///
/// Why named constants rather than string keys: a missing translation is a compile error, and
/// the catalog test below checks every key in both languages. Why constants rather than one
/// enum with a `match` from key to text: that match compiles to one table referencing every
/// text, so all of them shipped in the start module; a constant's texts are data referenced
/// only by the code that uses them, so the texts of a lazily loaded page ship in its chunk
/// (code splitting, docs/benchmarks.md). Two keys with the same texts compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Msg(&'static (&'static str, &'static str));

impl Msg {
    /// The text of this key in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.0 .0,
            Lang::En => self.0 .1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_default_is_vietnamese() {
        assert_eq!(Lang::default(), Lang::Vi);
        for l in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code(" EN "), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn text_picks_language() {
        let t = Text::new("Hộ gia đình", "Households");
        assert_eq!(t.get(Lang::Vi), "Hộ gia đình");
        assert_eq!(t.get(Lang::En), "Households");
    }

    #[test]
    fn catalog_is_complete_in_both_languages() {
        for &m in Msg::ALL {
            let (vi, en) = (m.text(Lang::Vi), m.text(Lang::En));
            assert!(!vi.trim().is_empty(), "{m:?} has no Vietnamese text");
            assert!(!en.trim().is_empty(), "{m:?} has no English text");
            assert_ne!(vi, en, "{m:?} is not translated");
        }
    }

    #[test]
    fn vietnamese_keeps_its_diacritics() {
        assert!(Msg::AppName.text(Lang::Vi).contains("Kế hoạch chính sách xã hội huyện Kon Rẫy"));
        assert_eq!(Msg::NavHouseholds.text(Lang::Vi), "Hộ gia đình");
        assert_eq!(Msg::NavIndicators.text(Lang::Vi), "Chỉ tiêu");
        assert_eq!(Msg::NavSync.text(Lang::Vi), "Đồng bộ");
    }
}
