//! The household form's checks beyond the record: numbers as typed, answers the skip logic no
//! longer asks, and whether the household may be marked complete.
//!
//! Contract:
//! - The form holds numbers as the surveyor typed them. `parse_*` turn that text into the
//!   record's value, accepting Vietnamese writing (`1.800.000`, `64,5`); text that is not a
//!   number gives a `Text` message and the record keeps *no* value for the field (never the
//!   previous one), so what is stored never contradicts what is on the screen.
//! - `FormReport::new` is every problem at once: the record's own (`Household::validate_with`)
//!   plus one error per unparsed text, which replaces the "not answered" of that field.
//! - Drafts may be saved with problems; `Complete` only when the report is empty.
//!   `settle_completeness` turns a complete household with a problem back into a draft.
//! - `clear_inapplicable` removes the answers the skip logic does not ask (after an age or sex
//!   change); a person whose age (or, for births, sex) is unknown keeps every answer until it
//!   is known.

use std::collections::BTreeMap;

use crate::domain::skip::{questions, Ask, SkipRules};
use crate::domain::survey::{Completeness, Household, Problem, Severity};
use crate::i18n::Text;

/// Parses a whole amount of đồng: digits, optionally grouped by thousands with `.`, `,` or
/// spaces ("1.800.000", "1 800 000"). Empty text is no answer.
pub fn parse_amount(text: &str) -> Result<Option<i64>, Text> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || {
        Text::new(
            format!("“{t}” không phải là số tiền; chỉ nhập chữ số, ví dụ 1.800.000"),
            format!("“{t}” is not an amount; enter digits only, e.g. 1800000"),
        )
    };
    if t.starts_with('-') {
        return Err(Text::new("Số tiền không được âm", "An amount cannot be negative"));
    }
    let groups: Vec<&str> = t.split(['.', ',', ' ']).collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    groups.concat().parse::<i64>().map(Some).map_err(|_| bad())
}

/// Parses a decimal number with a comma or a point as the decimal mark ("64,5", "64.5").
/// Empty text is no answer.
pub fn parse_decimal(text: &str) -> Result<Option<f64>, Text> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let normal = t.replace(',', ".");
    let shape_ok = normal.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && normal.matches('.').count() <= 1
        && normal.bytes().any(|b| b.is_ascii_digit());
    match normal.parse::<f64>() {
        Ok(v) if shape_ok && v.is_finite() => Ok(Some(v)),
        _ => Err(Text::new(format!("“{t}” không phải là số; ví dụ 64,5"), format!("“{t}” is not a number; e.g. 64.5"))),
    }
}

/// Parses a count (whole number, may be negative so validation can say why it is wrong).
pub fn parse_count(text: &str) -> Result<Option<i32>, Text> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i32>().map(Some).map_err(|_| {
        Text::new(
            format!("“{t}” không phải là số nguyên; ví dụ 0, 1, 2"),
            format!("“{t}” is not a whole number; e.g. 0, 1, 2"),
        )
    })
}

/// An amount as Vietnamese write it, thousands grouped by points: 1800000 → "1.800.000".
/// `parse_amount` reads it back.
pub fn format_amount(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A decimal with a comma, without trailing zeros: 64.5 → "64,5", 30.0 → "30".
/// `parse_decimal` reads it back.
pub fn format_decimal(v: f64) -> String {
    let s = format!("{}", (v * 100.0).round() / 100.0);
    s.replace('.', ",")
}

/// Texts the form could not turn into values, by field path (`income_per_person_vnd`,
/// `members[1].height`), with the parser's message.
pub type Unparsed = BTreeMap<String, Text>;

/// Every problem of the form, ready to show next to each field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormReport {
    pub problems: Vec<Problem>,
}

impl FormReport {
    pub fn new(h: &Household, unparsed: &Unparsed, rules: &SkipRules) -> Self {
        let mut problems: Vec<Problem> = h
            .validate_with(rules)
            .into_iter()
            .filter(|p| !(p.severity == Severity::Missing && unparsed.contains_key(&p.field)))
            .collect();
        for (field, message) in unparsed {
            problems.push(Problem { field: field.clone(), message: message.clone(), severity: Severity::Error });
        }
        FormReport { problems }
    }

    /// The problems of exactly `field`.
    pub fn at<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.problems.iter().filter(move |p| p.field == field)
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error).count()
    }

    pub fn missing(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Missing).count()
    }

    /// Errors and missing answers of member `i` (fields `members[i].…`), for its card's
    /// progress ("còn 3 câu").
    pub fn member_counts(&self, i: usize) -> Counts {
        let prefix = format!("members[{i}].");
        Counts::of(self.problems.iter().filter(|p| p.field.starts_with(&prefix)))
    }

    /// Errors and missing answers of the household's own questions (not about its members:
    /// the member list's own problems, such as no head, are `members_counts`).
    pub fn household_counts(&self) -> Counts {
        Counts::of(self.problems.iter().filter(|p| !p.field.starts_with("members")))
    }

    /// Problems of the member list as a whole (no member, no head, two heads).
    pub fn members_counts(&self) -> Counts {
        Counts::of(self.problems.iter().filter(|p| p.field == "members"))
    }

    /// Whether the household may be marked complete: no problem at all.
    pub fn can_complete(&self) -> bool {
        self.problems.is_empty()
    }
}

/// How many problems of each severity a part of the form has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub errors: usize,
    pub missing: usize,
}

impl Counts {
    fn of<'a>(problems: impl Iterator<Item = &'a Problem>) -> Self {
        problems.fold(Counts::default(), |mut c, p| {
            match p.severity {
                Severity::Error => c.errors += 1,
                Severity::Missing => c.missing += 1,
            }
            c
        })
    }

    /// Nothing left: every question answered, no error.
    pub fn done(self) -> bool {
        self.errors + self.missing == 0
    }
}

/// Makes a `Complete` household with problems a `Draft` again; true if it did.
pub fn settle_completeness(h: &mut Household, report: &FormReport) -> bool {
    if h.completeness == Completeness::Complete && !report.can_complete() {
        h.completeness = Completeness::Draft;
        return true;
    }
    false
}

/// Removes every answer the skip logic does not ask, and returns the fields cleared.
pub fn clear_inapplicable(h: &mut Household, rules: &SkipRules) -> Vec<String> {
    let mut cleared = Vec::new();
    let survey_date = h.survey_date;
    for (i, m) in h.members.iter_mut().enumerate() {
        let q = questions(m.sex, m.date_of_birth, survey_date, rules);
        if q.age.is_none() {
            continue;
        }
        let mut clear = |ask: Ask, present: bool, name: &str| {
            let gone = ask == Ask::NotAsked && present;
            if gone {
                cleared.push(format!("members[{i}].{name}"));
            }
            gone
        };
        if clear(q.labour, m.labour_status.is_some(), "labour_status") {
            m.labour_status = None;
        }
        if clear(q.labour, m.qualification.is_some(), "qualification") {
            m.qualification = None;
        }
        if clear(q.labour, m.social_insurance.is_some(), "social_insurance") {
            m.social_insurance = None;
        }
        if clear(q.labour, m.unemployment_insurance.is_some(), "unemployment_insurance") {
            m.unemployment_insurance = None;
        }
        if clear(q.old_age_benefit, m.old_age_benefit.is_some(), "old_age_benefit") {
            m.old_age_benefit = None;
        }
        if clear(q.schooling, m.schooling.is_some(), "schooling") {
            m.schooling = None;
        }
        // Births are for women only; with the sex not answered yet the answer is kept.
        if m.sex.is_some() && clear(q.births, m.births_last_12m.is_some(), "births_last_12m") {
            m.births_last_12m = None;
        }
        if clear(q.vaccination, m.fully_vaccinated_before_1.is_some(), "fully_vaccinated_before_1") {
            m.fully_vaccinated_before_1 = None;
        }
        if clear(q.height, m.height.is_some(), "height") {
            m.height = None;
        }
        if clear(q.lonely_elderly, m.lonely_elderly.is_some(), "lonely_elderly") {
            m.lonely_elderly = None;
        }
    }
    cleared
}
