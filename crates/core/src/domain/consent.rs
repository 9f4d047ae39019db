//! The notice on personal data processing (thông báo xử lý dữ liệu cá nhân) read to every
//! household before the first question, and what a household that does not consent keeps.
//!
//! Contract:
//! - `NOTICE` is the text read aloud: what is collected, why, who receives it, how long it is
//!   kept, the household's rights. Plain Vietnamese in short sentences; English second. Any
//!   change to its meaning bumps `NOTICE_VERSION`, which each answer records
//!   (`survey::Consent::notice_version`), so the district knows which text a household heard.
//! - Only `ConsentAnswer::Agreed` lets the survey go on. A household that refused, or could not
//!   answer, keeps only `KEPT_WITHOUT_CONSENT` (the record's id and times, commune, village,
//!   survey date, completeness and the answer itself): an assumption for the district office to
//!   confirm (docs/privacy.md). `has_personal_data` says whether anything else is left;
//!   `answer_notice` records the answer and, for a refusal, clears the rest — the caller asks
//!   for confirmation first when `has_personal_data` is true.
//! - A record without a `consent` (made before the notice existed) is "not recorded", never
//!   agreement: `status` says so.

use chrono::NaiveDate;

use crate::domain::survey::{Consent, ConsentAnswer, Household};
use crate::i18n::Text;

/// Version of `NOTICE`; bump it with any change to what the text says.
pub const NOTICE_VERSION: u32 = 1;

/// The notice's title.
pub const TITLE: (&str, &str) = ("Thông báo về xử lý dữ liệu cá nhân", "Notice on personal data processing");

/// The notice, paragraph by paragraph (Vietnamese, English): short sentences for reading aloud.
pub const NOTICE: &[(&str, &str)] = &[
    (
        "Ủy ban nhân dân xã hỏi thông tin về hộ và về từng người trong hộ.",
        "The commune People's Committee asks about the household and about each person in it.",
    ),
    (
        "Thông tin gồm: họ tên, ngày sinh, giới tính, dân tộc, nhà ở, nước sạch, thu nhập, việc làm, \
         học tập, bảo hiểm, sức khỏe. Dân tộc và sức khỏe là thông tin nhạy cảm.",
        "It covers: names, dates of birth, sex, ethnicity, housing, clean water, income, work, \
         schooling, insurance and health. Ethnicity and health are sensitive information.",
    ),
    (
        "Mục đích: theo dõi Kế hoạch chính sách xã hội của huyện Kon Rẫy đến năm 2030, để hỗ trợ \
         đúng người, đúng nơi.",
        "Why: to follow Kon Rẫy district's social policy plan to 2030, so that support reaches the \
         right people and places.",
    ),
    (
        "Người được xem: cán bộ xã và các phòng của huyện. Tỉnh và trung ương chỉ nhận số liệu \
         tổng hợp, không có tên người.",
        "Who sees it: commune officials and the district's offices. The province and the \
         government receive only totals, without names.",
    ),
    (
        "Thời gian lưu: đến hết năm 2030. Sau đó thông tin được xóa, chỉ giữ số liệu tổng hợp.",
        "How long: until the end of 2030. Then it is deleted; only totals are kept.",
    ),
    (
        "Quyền của hộ: được biết; đồng ý hoặc không đồng ý; xem lại, sửa, yêu cầu xóa thông tin. \
         Không đồng ý không làm mất quyền lợi nào của hộ. Liên hệ: Ủy ban nhân dân xã.",
        "The household's rights: to know; to agree or refuse; to see, correct or ask to delete the \
         information. Refusing takes away no benefit. Contact: the commune People's Committee.",
    ),
    ("Hộ có đồng ý cung cấp thông tin không?", "Does the household agree to give this information?"),
];

/// What a record keeps when the household does not consent (field names of the record's
/// JSON): enough to know the household was visited and refused, so it is not asked again and
/// is not counted as a shortfall. An assumption for the district office to confirm.
pub const KEPT_WITHOUT_CONSENT: &[&str] =
    &["meta", "commune_id", "village_id", "survey_date", "completeness", "consent"];

/// The notice as `Text`s (title first).
pub fn notice() -> Vec<Text> {
    std::iter::once(TITLE).chain(NOTICE.iter().copied()).map(|(vi, en)| Text::new(vi, en)).collect()
}

/// Where a record stands with the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No answer recorded (a record from before the notice, or not read yet).
    NotRecorded,
    Answered(ConsentAnswer),
}

impl Status {
    pub fn of(h: &Household) -> Self {
        h.consent.map_or(Status::NotRecorded, |c| Status::Answered(c.answer))
    }

    pub fn label(self) -> Text {
        match self {
            Status::NotRecorded => Text::new("Chưa ghi nhận thông báo", "Notice not recorded"),
            Status::Answered(a) => a.label(),
        }
    }
}

/// True when the record holds anything beyond `KEPT_WITHOUT_CONSENT`.
pub fn has_personal_data(h: &Household) -> bool {
    let mut bare = h.clone();
    clear_personal_data(&mut bare);
    bare != *h
}

/// Removes everything but `KEPT_WITHOUT_CONSENT`.
pub fn clear_personal_data(h: &mut Household) {
    let kept = Household::new(h.meta.clone(), h.commune_id.clone(), h.village_id.clone(), h.survey_date);
    *h = Household { completeness: h.completeness, consent: h.consent, ..kept };
}

/// Records the household's answer read on `date`; a refusal (or no answer) clears the personal
/// data — ask the user first when `has_personal_data` is true.
pub fn answer_notice(h: &mut Household, answer: ConsentAnswer, date: NaiveDate) {
    h.consent = Some(Consent { answer, date, notice_version: NOTICE_VERSION });
    if !answer.allows_survey() {
        clear_personal_data(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_says_what_why_who_how_long_and_the_rights() {
        let vi = NOTICE.iter().map(|(vi, _)| *vi).collect::<Vec<_>>().join(" ");
        for needed in ["Thông tin gồm", "Mục đích", "Người được xem", "Thời gian lưu", "Quyền của hộ"]
        {
            assert!(vi.contains(needed), "{needed}");
        }
        // Readable aloud: no sentence longer than about 30 words.
        for sentence in vi.split(['.', '?', ';']) {
            assert!(sentence.split_whitespace().count() <= 30, "{sentence}");
        }
        assert!(NOTICE.iter().all(|(vi, en)| !vi.is_empty() && !en.is_empty()));
    }
}
