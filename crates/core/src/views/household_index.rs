//! The household list as a query over a precomputed index, and survey progress per village.
//!
//! Contract:
//! - `HouseholdIndex` keeps one `Entry` per household with its names already folded
//!   (`search::fold`). `sync` rebuilds only the entries whose revision changed, so a search
//!   keystroke never folds a name: 7,500 households cost one fold each per saved change.
//! - `HouseholdIndex::query` filters (text over the head's and every member's name, commune,
//!   village, poverty status, completeness) and sorts; it returns entries, never copies of
//!   records. Every query word must occur in some name of the household, without diacritics
//!   ("dak" finds "Đắk").
//! - `village_progress` counts households surveyed per village against the expected number an
//!   office entered (`EnteredFigures::expected_households`) for the year.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::survey::{Completeness, EnteredFigures, Household, PovertyStatus};
use crate::views::search::{fold, Query};

/// One household as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: Uuid,
    /// Revision of the record the entry was built from.
    pub rev: u64,
    /// The head's name, or the first member's if there is no single head; `None` if unnamed.
    pub head: Option<String>,
    pub members: usize,
    pub commune_id: String,
    pub village_id: String,
    pub survey_date: NaiveDate,
    pub poverty: Option<PovertyStatus>,
    pub completeness: Completeness,
    pub updated_at: DateTime<Utc>,
    /// Folded names, one per line: the head (if any) first, then every member.
    folded_names: String,
    /// Folded head name, the sort key by name.
    folded_head: String,
}

impl Entry {
    pub fn of(h: &Household, rev: u64) -> Self {
        let head = h.head().or(h.members.first()).map(|m| m.name.trim().to_owned()).filter(|n| !n.is_empty());
        let folded_head = head.as_deref().map(fold).unwrap_or_default();
        let folded_names = h.members.iter().map(|m| fold(m.name.trim())).collect::<Vec<_>>().join("\n");
        Entry {
            id: h.meta.id,
            rev,
            head,
            members: h.members.len(),
            commune_id: h.commune_id.clone(),
            village_id: h.village_id.clone(),
            survey_date: h.survey_date,
            poverty: h.poverty,
            completeness: h.completeness,
            updated_at: h.meta.updated_at,
            folded_names,
            folded_head,
        }
    }

    /// Whether every word of `q` occurs in one of the names (words may match different
    /// members: "thuyen hien" finds the household of A Thuyên and Y Hiên; a word cannot span
    /// two names, as the names are joined by a line break and words hold no whitespace).
    fn matches(&self, q: &Query) -> bool {
        q.matches_folded(&self.folded_names)
    }
}

/// Poverty filter: a status, or "not answered yet".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PovertyFilter {
    Is(PovertyStatus),
    NotAnswered,
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortBy {
    /// Head's name, A–Z without diacritics; unnamed households last.
    Name,
    /// Commune, then village in its number order (thôn 2 before thôn 10), then name.
    Village,
    /// Most recently saved first.
    #[default]
    Updated,
}

/// What the list asks for. Empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListQuery {
    pub text: String,
    pub commune_id: Option<String>,
    pub village_id: Option<String>,
    pub poverty: Option<PovertyFilter>,
    pub completeness: Option<Completeness>,
    pub sort: SortBy,
}

/// The index of every household on the device.
#[derive(Debug, Clone, Default)]
pub struct HouseholdIndex {
    entries: Vec<Entry>,
    pos: HashMap<Uuid, usize>,
}

impl HouseholdIndex {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Makes the index hold exactly `records` (household, revision). Entries whose revision is
    /// unchanged are kept as they are; returns how many entries were (re)built.
    pub fn sync<'a>(&mut self, records: impl IntoIterator<Item = (&'a Household, u64)>) -> usize {
        let mut rebuilt = 0;
        let mut next = Vec::with_capacity(self.entries.len());
        let mut old: Vec<Option<Entry>> = std::mem::take(&mut self.entries).into_iter().map(Some).collect();
        for (h, rev) in records {
            let kept = self.pos.get(&h.meta.id).and_then(|&i| old.get_mut(i)).and_then(Option::take);
            match kept {
                Some(e) if e.rev == rev => next.push(e),
                _ => {
                    rebuilt += 1;
                    next.push(Entry::of(h, rev));
                }
            }
        }
        self.pos = next.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        self.entries = next;
        rebuilt
    }

    /// The entries matching `q`, in `q.sort` order.
    pub fn query(&self, q: &ListQuery) -> Vec<&Entry> {
        let text = Query::new(&q.text);
        let mut out: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| q.commune_id.as_ref().is_none_or(|c| &e.commune_id == c))
            .filter(|e| q.village_id.as_ref().is_none_or(|v| &e.village_id == v))
            .filter(|e| match q.poverty {
                None => true,
                Some(PovertyFilter::Is(s)) => e.poverty == Some(s),
                Some(PovertyFilter::NotAnswered) => e.poverty.is_none(),
            })
            .filter(|e| q.completeness.is_none_or(|c| e.completeness == c))
            .filter(|e| e.matches(&text))
            .collect();
        let by_name = |a: &Entry, b: &Entry| {
            (a.folded_head.is_empty(), &a.folded_head, a.id).cmp(&(b.folded_head.is_empty(), &b.folded_head, b.id))
        };
        match q.sort {
            SortBy::Name => crate::base::sort::sort_by(&mut out, |a, b| by_name(a, b)),
            SortBy::Village => crate::base::sort::sort_by(&mut out, |a, b| {
                a.commune_id
                    .cmp(&b.commune_id)
                    .then_with(|| natural_cmp(&a.village_id, &b.village_id))
                    .then_with(|| by_name(a, b))
            }),
            SortBy::Updated => {
                crate::base::sort::sort_by(&mut out, |a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)))
            }
        }
        out
    }
}

/// Compares ids with their digit runs as numbers: `thon-2` < `thon-10`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = x.iter().take_while(|b| b.is_ascii_digit()).count();
                let m = y.iter().take_while(|b| b.is_ascii_digit()).count();
                let (p, q) = (trim_zeros(&x[..n]), trim_zeros(&y[..m]));
                let o = p.len().cmp(&q.len()).then_with(|| p.cmp(q));
                if o != Ordering::Equal {
                    return o;
                }
                x = &x[n..];
                y = &y[m..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let z = digits.iter().take_while(|&&b| b == b'0').count();
    &digits[z..]
}

/// Survey progress of one village.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct VillageProgress {
    pub village_id: String,
    /// Households of the village surveyed in the year (drafts included).
    pub surveyed: u32,
    /// Of those, marked complete.
    pub complete: u32,
    /// The number an office entered for the year; `None` if none was entered.
    pub expected: Option<i64>,
}

impl VillageProgress {
    /// Surveyed / expected in percent, one decimal; `None` without a positive expected figure.
    pub fn percent(&self) -> Option<f64> {
        let e = self.expected.filter(|&e| e > 0)?;
        Some((1000.0 * f64::from(self.surveyed) / e as f64).round() / 10.0)
    }
}

/// Progress of every village in `villages` (in that order) for `year`: households whose survey
/// date falls in the year, against the expected figure entered for that year. When several
/// figure records give the same village, the most recently updated wins.
pub fn village_progress<'a>(
    villages: &[String],
    households: impl IntoIterator<Item = &'a Household>,
    figures: impl IntoIterator<Item = &'a EnteredFigures>,
    year: i32,
) -> Vec<VillageProgress> {
    let mut counts: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for h in households {
        if h.survey_date.year() == year {
            let c = counts.entry(h.village_id.as_str()).or_default();
            c.0 += 1;
            c.1 += u32::from(h.completeness == Completeness::Complete);
        }
    }
    let mut expected: BTreeMap<&str, (DateTime<Utc>, i64)> = BTreeMap::new();
    for f in figures {
        if f.year != year {
            continue;
        }
        for (v, n) in &f.expected_households {
            let newer = expected.get(v.as_str()).is_none_or(|(at, _)| f.meta.updated_at > *at);
            if newer {
                expected.insert(v.as_str(), (f.meta.updated_at, *n));
            }
        }
    }
    villages
        .iter()
        .map(|v| {
            let (surveyed, complete) = counts.get(v.as_str()).copied().unwrap_or_default();
            VillageProgress {
                village_id: v.clone(),
                surveyed,
                complete,
                expected: expected.get(v.as_str()).map(|(_, n)| *n),
            }
        })
        .collect()
}
