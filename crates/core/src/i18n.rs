//! Languages and bilingual text.
//!
//! Contract: Vietnamese is the default language of the product; English is the second.
//! Every user-facing message exists in both languages (`Text`), so a view or the CLI can
//! pick one at render time without a lookup that can fail.

use serde::{Deserialize, Serialize};

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
}
