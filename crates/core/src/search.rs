//! Diacritics-insensitive text search, as people type on a tablet in the field.
//!
//! Contract: `fold` maps Vietnamese text to a search key — lowercase, tone and vowel marks
//! removed, đ → d — so "dak" finds "Đắk" and "to re" finds "Tờ Re". `Query` matches when every
//! word of the query occurs in the folded haystack (order-free), which is how officials search
//! for "Y Hơn Đắk Kôi" or "kon ray bhxh".

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// The search key of `text`.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            // đ/Đ is a letter of its own, not d + a mark, so NFD leaves it alone.
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A parsed query: folded words, all of which must occur.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(query: &str) -> Self {
        Query { words: fold(query).split_whitespace().map(str::to_owned).collect() }
    }

    /// An empty query matches everything.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every word occurs in `folded_haystack` (already passed through `fold`).
    pub fn matches_folded(&self, folded_haystack: &str) -> bool {
        self.words.iter().all(|w| folded_haystack.contains(w.as_str()))
    }

    /// Whether every word occurs in `haystack`.
    pub fn matches(&self, haystack: &str) -> bool {
        self.matches_folded(&fold(haystack))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese_marks_and_d_bar() {
        assert_eq!(fold("Đắk Tờ Re"), "dak to re");
        assert_eq!(fold("Kon Rẫy"), "kon ray");
        assert_eq!(fold("Hộ GIA ĐÌNH"), "ho gia dinh");
        assert_eq!(fold("Phòng LĐ-TB&XH"), "phong ld-tb&xh");
        assert_eq!(fold("Tân Lập"), "tan lap");
    }

    #[test]
    fn query_words_match_in_any_order_without_diacritics() {
        let q = Query::new("  dak  KOI y hon ");
        assert!(q.matches("Y Hơn, thôn 3, Đắk Kôi"));
        assert!(!q.matches("Y Hơn, Đắk Pne"));
        assert!(Query::new("").matches("anything"));
        assert!(Query::new("").is_empty());
        assert!(Query::new("ĐẮK").matches("dak ruong"));
    }

    proptest! {
        #[test]
        fn folding_is_idempotent_and_never_grows_marks(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert!(once.nfd().all(|c| !is_combining_mark(c)));
        }

        #[test]
        fn text_always_matches_its_own_words(s in "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễđĐìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹ ]{0,40}") {
            prop_assert!(Query::new(&s).matches(&s));
        }
    }
}
