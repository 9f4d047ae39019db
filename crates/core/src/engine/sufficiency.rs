//! Enough data to judge (spec `indicators.md`, "Enough data to judge"): which households
//! count, the survey coverage of every org unit, and the status that replaces met / not met
//! when the data cannot carry a claim.
//!
//! Contract:
//! - **What counts.** A household whose validation (`Household::validate_with`, the plan's
//!   skip rules and bounds — the same check as the form and the import) flags an *error* is
//!   left out of every indicator and listed with its first error (`ValidationError`). Complete
//!   households are validated where they become complete (form, import, `ansinh eval`), so
//!   only drafts are validated here (validation formats every question's wording: validating
//!   all 7,500 households made an evaluation 12× slower). A draft
//!   (đang nhập) counts toward coverage as a draft; its answers count in the indicators only
//!   when `params.sufficiency.drafts_count` says so (default: complete households only).
//!   A household that did not consent to the notice is left out of every indicator
//!   (`NoConsent`) and counted in `Coverage::refused` only: coverage stays the share of
//!   expected households whose answers the figures rest on.
//! - **Coverage** of a unit = complete, valid households surveyed in its villages / the
//!   households the commune expects in them (`EnteredFigures::expected_households`, keyed by
//!   village id, entered by the commune for the year). A commune or the district has a known
//!   coverage only when every one of its villages has an expected figure; otherwise it is
//!   unknown, and says how many villages lack one.
//! - **Status rules** (`judge`), in this order, for a value that exists:
//!   1. an entered figure summed over the communes that only some entered → `PartlyEntered`
//!      ("k/7 đơn vị đã nhập", the missing units named), and no value at all;
//!   2. a survey-based indicator whose unit's coverage is unknown or below
//!      `min_coverage_percent` → `InsufficientData` ("chưa đủ số liệu"); a threshold of 0
//!      requires no coverage;
//!   3. a survey-based indicator whose denominator is below the indicator's minimum
//!      (`Indicator::min_denominator`, else `params.sufficiency.min_denominator`) → `FewData`
//!      ("ít số liệu — chỉ tham khảo");
//!   4. otherwise the target decides (`status`), with a trajectory only from earlier years that
//!      pass these same rules.
//! - **The reason** (`StatusReason`) keeps the figures it rests on and is put into words only
//!   where it is shown (`text`, `get`, and its serialization, which writes the words).
//! - Pure; one validation per draft of the year (none for a complete household).

use serde::{Deserialize, Serialize};

use crate::domain::org::OrgKind;
use crate::domain::plan::{Indicator, Plan};
use crate::domain::skip::SkipRules;
use crate::domain::survey::{Completeness, EnteredFigures, Household, Severity};
use crate::i18n::Text;

use super::index::{OrgIndex, Place};
use super::raw::Raw;
use super::{entered, localise_decimal, Exclusion, ExclusionReason, Status};
use crate::i18n::Lang;

/// Survey coverage of one org unit in one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Complete households without a validation error (hoàn thành).
    pub complete: u64,
    /// Draft households without a validation error (đang nhập).
    pub drafts: u64,
    /// Households left out for a validation error.
    pub invalid: u64,
    /// Households counted in the indicators (complete, and drafts when the plan says so).
    pub counted: u64,
    /// Households that refused the notice on personal data processing (or could not answer):
    /// visited, but with no answers; neither complete nor counted.
    #[serde(default)]
    pub refused: u64,
    /// Households the commune expects in the unit's villages; `None` when a village lacks
    /// the figure.
    pub expected: Option<u64>,
    /// Villages of the unit without an expected figure.
    pub villages_without_expected: u32,
}

impl Coverage {
    /// Complete households / expected households, in percent (`None` when unknown or 0).
    pub fn percent(&self) -> Option<f64> {
        self.expected.filter(|&e| e > 0).map(|e| 100.0 * self.complete as f64 / e as f64)
    }

    /// "Độ bao phủ 42/50 hộ (84,0%), đang nhập 3" / "chưa rõ độ bao phủ (2 thôn chưa nhập
    /// số hộ dự kiến)".
    pub fn label(&self) -> Text {
        let drafts = |lang: Lang| match (self.drafts, lang) {
            (0, _) => String::new(),
            (n, Lang::Vi) => format!(", đang nhập {n}"),
            (n, Lang::En) => format!(", {n} in progress"),
        };
        let invalid = |lang: Lang| match (self.invalid, self.refused, lang) {
            (0, 0, _) => String::new(),
            (n, 0, Lang::Vi) => format!(", {n} phiếu có lỗi"),
            (n, 0, Lang::En) => format!(", {n} with errors"),
            (0, r, Lang::Vi) => format!(", {r} hộ không đồng ý"),
            (0, r, Lang::En) => format!(", {r} did not consent"),
            (n, r, Lang::Vi) => format!(", {n} phiếu có lỗi, {r} hộ không đồng ý"),
            (n, r, Lang::En) => format!(", {n} with errors, {r} did not consent"),
        };
        match (self.expected, self.percent()) {
            (Some(e), Some(p)) => Text::new(
                format!(
                    "Độ bao phủ {}/{e} hộ ({}%){}{}",
                    self.complete,
                    localise_decimal(format!("{p:.1}"), Lang::Vi),
                    drafts(Lang::Vi),
                    invalid(Lang::Vi)
                ),
                format!("Coverage {}/{e} households ({p:.1}%){}{}", self.complete, drafts(Lang::En), invalid(Lang::En)),
            ),
            _ if self.villages_without_expected > 0 => Text::new(
                format!(
                    "Chưa rõ độ bao phủ: {} thôn, tổ dân phố chưa nhập số hộ dự kiến ({} hộ hoàn thành{}{})",
                    self.villages_without_expected,
                    self.complete,
                    drafts(Lang::Vi),
                    invalid(Lang::Vi)
                ),
                format!(
                    "Coverage unknown: {} villages have no expected number of households ({} complete{}{})",
                    self.villages_without_expected,
                    self.complete,
                    drafts(Lang::En),
                    invalid(Lang::En)
                ),
            ),
            _ => Text::new(
                format!("Chưa rõ độ bao phủ: số hộ dự kiến là 0 ({} hộ hoàn thành)", self.complete),
                format!("Coverage unknown: 0 households expected ({} complete)", self.complete),
            ),
        }
    }
}

/// A unit named in a partial roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedUnit {
    pub id: String,
    pub name: Text,
}

/// How many commune-level units entered the figures a district sum needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitsEntered {
    pub entered: u32,
    pub total: u32,
    /// The units that did not, in file order.
    pub missing: Vec<NamedUnit>,
}

impl UnitsEntered {
    /// "3/7 đơn vị đã nhập".
    pub fn label(&self) -> Text {
        Text::new(
            format!("{}/{} đơn vị đã nhập", self.entered, self.total),
            format!("{}/{} units entered", self.entered, self.total),
        )
    }

    /// "Chưa nhập: Xã Đắk Kôi, Xã Tân Lập".
    pub fn missing_label(&self) -> Text {
        let join = |lang: Lang| self.missing.iter().map(|u| u.name.get(lang).to_owned()).collect::<Vec<_>>().join(", ");
        Text::new(format!("Chưa nhập: {}", join(Lang::Vi)), format!("Not entered: {}", join(Lang::En)))
    }
}

/// The households of one year sorted for the engine.
pub(crate) struct Selection<'a> {
    /// Households the indicators count (and the unplaced ones, which `compute_year` lists),
    /// each with its placement, looked up once here (`None` for the unplaced).
    pub counted: Vec<(&'a Household, Option<Place>)>,
    /// Placed households left out for a validation error or for lack of consent:
    /// (village index, exclusion).
    pub invalid: Vec<(usize, Exclusion)>,
    /// Per org unit.
    pub coverage: Vec<Coverage>,
}

/// Sorts the year's households (see the module contract) and computes every unit's coverage.
pub(crate) fn select<'a>(
    plan: &Plan,
    idx: &OrgIndex,
    rules: &SkipRules,
    households: &[&'a Household],
    figures: &[&EnteredFigures],
) -> Selection<'a> {
    let n_org = idx.len();
    let drafts_count = plan.params.sufficiency.drafts_count;
    let mut coverage = vec![Coverage::default(); n_org];
    let mut counted = Vec::with_capacity(households.len());
    let mut invalid = Vec::new();
    for &h in households {
        let place = idx.place(h).ok();
        // No consent, no answers: listed with its reason, never counted as a shortfall.
        if let (Some(consent), Some(pl)) = (h.consent.filter(|_| h.declined_consent()), place) {
            coverage[pl.village].refused += 1;
            invalid.push((
                pl.village,
                Exclusion {
                    record_id: Some(h.meta.id),
                    member_id: None,
                    org_unit_id: h.village_id.clone(),
                    reason: ExclusionReason::NoConsent { answer: consent.answer },
                },
            ));
            continue;
        }
        // Complete households passed this same validation when they were marked complete (the
        // form), imported (bundles) or read by `ansinh eval`; drafts may be saved with errors,
        // so only they are validated here. Validating every household formats every question's
        // wording: 12× the whole evaluation (docs/benchmarks.md, issue #15). A complete
        // household takes no step of it (not even an empty list of problems).
        let draft = h.completeness == Completeness::Draft;
        let error = if !draft { None } else { first_error(h, rules) };
        if let Some((member_id, field, message)) = error {
            let ex = Exclusion {
                record_id: Some(h.meta.id),
                member_id,
                org_unit_id: h.village_id.clone(),
                reason: ExclusionReason::ValidationError { field, message },
            };
            match place {
                Some(pl) => {
                    coverage[pl.village].invalid += 1;
                    invalid.push((pl.village, ex));
                }
                // Unplaced and wrong: listed once, among the unplaced records.
                None => counted.push((h, None)),
            }
            continue;
        }
        if let Some(pl) = place {
            let c = &mut coverage[pl.village];
            if draft {
                c.drafts += 1;
            } else {
                c.complete += 1;
            }
            if !draft || drafts_count {
                c.counted += 1;
            }
        }
        if !draft || drafts_count || place.is_none() {
            counted.push((h, place));
        }
    }

    // Expected households per village, from its commune's merged figures of the year.
    let (merged, _) = entered::merge(idx, figures);
    for (v, cov) in coverage.iter_mut().enumerate() {
        if idx.kind(v) != OrgKind::Village {
            continue;
        }
        let id = idx.id(v);
        let expected =
            idx.commune_index(v).and_then(|c| merged[c].as_ref()).and_then(|f| f.expected_households.get(id).copied());
        match expected {
            Some(e) => cov.expected = Some(u64::try_from(e).unwrap_or(0)),
            None => cov.villages_without_expected = 1,
        }
    }
    // Roll up: villages into communes, communes into the district.
    let villages: Vec<(usize, usize)> = (0..n_org)
        .filter(|&v| idx.kind(v) == OrgKind::Village)
        .filter_map(|v| idx.commune_index(v).map(|c| (v, c)))
        .collect();
    let communes: Vec<usize> = idx.communes().collect();
    for &c in communes.iter().chain(std::iter::once(&idx.district)) {
        coverage[c].expected = Some(0);
    }
    for (from, to) in villages.iter().copied().chain(communes.iter().map(|&c| (c, idx.district))) {
        let src = coverage[from];
        let dst = &mut coverage[to];
        dst.complete += src.complete;
        dst.drafts += src.drafts;
        dst.invalid += src.invalid;
        dst.refused += src.refused;
        dst.counted += src.counted;
        dst.villages_without_expected += src.villages_without_expected;
        dst.expected = match (dst.expected, src.expected) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }
    Selection { counted, invalid, coverage }
}

/// A draft's first validation error (member id, field, message), in an order that does not
/// depend on the order of the members (a path's member index does): by member id, then field,
/// then message.
fn first_error(h: &Household, rules: &SkipRules) -> Option<(Option<uuid::Uuid>, String, Text)> {
    h.validate_with(rules)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| {
            let (member, field) = split_member(&p.field);
            let member_id = member.and_then(|i| h.members.get(i)).map(|m| m.id);
            (member_id, field.to_owned(), p.message)
        })
        .min_by(|a, b| (a.0, &a.1, &a.2.vi).cmp(&(b.0, &b.1, &b.2.vi)))
}

/// `members[2].height` → (Some(2), "height"); a household field → (None, field).
fn split_member(path: &str) -> (Option<usize>, &str) {
    if let Some((i, rest)) = path.strip_prefix("members[").and_then(|r| r.split_once(']')) {
        if let Ok(i) = i.parse() {
            return (Some(i), rest.trim_start_matches('.'));
        }
    }
    (None, path)
}

/// Adds the households left out for a validation error to the exclusions of every
/// survey-based indicator of their village, commune and district.
pub(crate) fn list_invalid(plan: &Plan, idx: &OrgIndex, raws: &mut [Raw], invalid: &[(usize, Exclusion)]) {
    let n_org = idx.len();
    for (k, ind) in plan.indicators.iter().enumerate() {
        if !super::is_survey_based(&ind.computation) {
            continue;
        }
        for (v, ex) in invalid {
            let levels = [Some(*v), idx.commune_index(*v), Some(idx.district)];
            for o in levels.into_iter().flatten() {
                raws[k * n_org + o].excluded.push(ex.clone());
            }
        }
    }
}

/// Why the data cannot carry a met / not met claim, kept as the figures it rests on and put into
/// words only when shown (`text`, `get`). Formatting every village-level reason during the
/// evaluation cost more than judging it (docs/benchmarks.md, issue #15), and most are never
/// shown. Serialized as its words, `{"vi": …, "en": …}`, exactly as the dashboard, the report
/// and `ansinh eval` show them; read back as those words (`Words`).
#[derive(Debug, Clone, PartialEq)]
pub enum StatusReason {
    /// `PartlyEntered`: the units that did not enter ("Chưa nhập: Xã Đắk Kôi, Xã Tân Lập").
    UnitsMissing(UnitsEntered),
    /// `InsufficientData`: the unit's coverage, unknown, or below the plan's threshold
    /// (`min_percent`, `Some` only then).
    Coverage { coverage: Coverage, min_percent: Option<f64> },
    /// `FewData`: the denominator's whole count and the indicator's minimum.
    FewCases { cases: u64, min: u32 },
    /// A reason read back from its words (JSON).
    Words(Text),
}

impl StatusReason {
    /// The reason in both languages.
    pub fn text(&self) -> Text {
        match self {
            StatusReason::UnitsMissing(u) => u.missing_label(),
            StatusReason::Coverage { coverage, min_percent: None } => coverage.label(),
            StatusReason::Coverage { coverage, min_percent: Some(min) } => {
                let l = coverage.label();
                let min_vi = localise_decimal(format!("{min}"), Lang::Vi);
                Text::new(
                    format!("{}; cần ít nhất {min_vi}% số hộ dự kiến", l.vi),
                    format!("{}; at least {min}% of the expected households are needed", l.en),
                )
            }
            StatusReason::FewCases { cases, min } => Text::new(
                format!("Chỉ có {cases} trường hợp trong mẫu số (cần ít nhất {min})"),
                format!("Only {cases} cases in the denominator (at least {min} needed)"),
            ),
            StatusReason::Words(t) => t.clone(),
        }
    }

    /// The reason in one language.
    pub fn get(&self, lang: Lang) -> String {
        match self {
            StatusReason::Words(t) => t.get(lang).to_owned(),
            r => {
                let Text { vi, en } = r.text();
                match lang {
                    Lang::Vi => vi,
                    Lang::En => en,
                }
            }
        }
    }
}

impl std::fmt::Display for StatusReason {
    /// The Vietnamese words, as the interface shows them first.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.get(Lang::Vi))
    }
}

impl Serialize for StatusReason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StatusReason {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Text::deserialize(deserializer).map(StatusReason::Words)
    }
}

/// The status that replaces the target's verdict when the data cannot carry it, with the
/// reason (see the module contract); `None` when the target decides.
pub fn judge(
    plan: &Plan,
    ind: &Indicator,
    value: Option<f64>,
    denominator: Option<f64>,
    coverage: Option<&Coverage>,
    units_entered: Option<&UnitsEntered>,
) -> Option<(Status, StatusReason)> {
    if let Some(u) = units_entered.filter(|u| u.entered < u.total) {
        return Some((Status::PartlyEntered, StatusReason::UnitsMissing(u.clone())));
    }
    value?;
    if !super::is_survey_based(&ind.computation) {
        return None;
    }
    let s = &plan.params.sufficiency;
    // A threshold of 0 asks for no coverage at all (even an unknown one).
    if let Some(&c) = coverage.filter(|_| s.min_coverage_percent > 0.0) {
        match c.percent() {
            None => return Some((Status::InsufficientData, StatusReason::Coverage { coverage: c, min_percent: None })),
            Some(p) if p < s.min_coverage_percent => {
                let reason = StatusReason::Coverage { coverage: c, min_percent: Some(s.min_coverage_percent) };
                return Some((Status::InsufficientData, reason));
            }
            Some(_) => {}
        }
    }
    let min = ind.min_denominator.unwrap_or(s.min_denominator);
    let den = denominator.unwrap_or(0.0);
    if den < f64::from(min) {
        // Whole counts (persons or households).
        return Some((Status::FewData, StatusReason::FewCases { cases: den.max(0.0) as u64, min }));
    }
    None
}
