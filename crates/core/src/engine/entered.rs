//! Office-entered figures (số liệu do cơ quan nhập): merging, binding, district aggregation.
//!
//! Contract:
//! - **Merging.** Several records for the same unit and year are overlaid field by field in
//!   order of `updated_at` (ties by record id, so input order never matters): the newest record
//!   that has a field wins, so an office can enter beds and doctors in separate records.
//! - **Binding.** `Computation` names the formula, not the form field; `entered_binding` says
//!   which `EnteredFigures` field carries each entered indicator of the plan, by the plan's
//!   stable indicator id. Health resources (#18–#21) and facilities (#33) are bound by their
//!   enum, not by id. `check_binding` rejects a plan whose entered indicator has no binding.
//! - **Units.** Commune-level units use their own figures. Villages have no entered figures.
//!   The district uses its own figure when entered; otherwise a sum over the communes (both
//!   counts of a ratio — health stations, schools, rural residential points —, a per-10,000
//!   count when the plan enters it per commune, the official population) is made only when
//!   *every* commune-level unit entered it: otherwise no value, `UnitsEntered` says "k/7 đơn vị
//!   đã nhập" and names the missing units (spec, "Enough data to judge"). Yes/no statuses,
//!   qualitative assessments and entered values (life expectancy, percent of wastewater
//!   treated) are never derived from communes: no district figure, no data.
//! - An indicator entered at `EntryLevel::District` only has a value for the district; the
//!   per-10,000 rates are district-only unless the plan says otherwise (communes have no
//!   hospital beds).
//! - Per-10,000 rates: count / the unit's **official population** × multiplier; without an
//!   official population there is no value, and the note names the missing figure. Never the
//!   persons surveyed: a partial survey would inflate the rate.
//! - Yes/no statuses and qualitative assessments: value 1 when reached (every aspect "đạt"),
//!   0 otherwise; an aspect not assessed leaves the whole indicator without data.

use crate::domain::org::OrgKind;
use crate::domain::plan::{Computation, EntryLevel, FacilityKind, HealthResource, PopulationSource};
use crate::domain::survey::{Assessment, DiseaseStatus, EnteredFigures};
use crate::i18n::Text;

use super::index::OrgIndex;
use super::labels::field_label;
use super::raw::{Acc, Raw};
use super::sufficiency::{NamedUnit, UnitsEntered};
use super::{Component, Exclusion, ExclusionReason};

/// The form field behind an office-entered indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnteredField {
    /// `preschool_universalised` (#10).
    PreschoolUniversalised,
    /// `literacy_level2_kept` (#14).
    LiteracyLevel2Kept,
    /// `life_expectancy_years` (#17).
    LifeExpectancy,
    /// `wastewater_treated_percent` (#35).
    WastewaterTreatedPercent,
    /// `health_stations_sanitation_ok` / `health_stations_total` (#28).
    HealthStationSanitation,
    /// `rural_points_wastewater_collected` / `rural_points_total` (#34).
    RuralPointsWastewater,
    /// `aids`, `tuberculosis`, `malaria`, in the order of the plan's aspects (#26).
    DiseaseAssessments,
}

/// Which field carries the entered indicator `indicator_id` of the Kon Rẫy plan.
pub fn entered_binding(indicator_id: &str) -> Option<EnteredField> {
    Some(match indicator_id {
        "10" => EnteredField::PreschoolUniversalised,
        "14" => EnteredField::LiteracyLevel2Kept,
        "17" => EnteredField::LifeExpectancy,
        "35" => EnteredField::WastewaterTreatedPercent,
        "28" => EnteredField::HealthStationSanitation,
        "34" => EnteredField::RuralPointsWastewater,
        "26" => EnteredField::DiseaseAssessments,
        _ => return None,
    })
}

const DISEASES: usize = 3;

pub(crate) fn check_binding(id: &str, c: &Computation) -> Result<(), String> {
    let b = entered_binding(id);
    let ok = match c {
        Computation::EnteredStatus { .. } => status_field(b).is_some(),
        Computation::EnteredValue { .. } => value_field(b).is_some(),
        Computation::EnteredRatio { .. } => ratio_fields(b).is_some(),
        Computation::QualitativeStatus { aspects } => {
            b == Some(EnteredField::DiseaseAssessments) && aspects.len() == DISEASES
        }
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("no entered-figures field is bound to indicator {id} for method {}", c.method()))
    }
}

type Count = fn(&EnteredFigures) -> Option<i64>;
type StatusField = (fn(&EnteredFigures) -> Option<bool>, &'static str);
type ValueField = (fn(&EnteredFigures) -> Option<f64>, &'static str);

fn status_field(b: Option<EnteredField>) -> Option<StatusField> {
    match b? {
        EnteredField::PreschoolUniversalised => Some((|f| f.preschool_universalised, "preschool_universalised")),
        EnteredField::LiteracyLevel2Kept => Some((|f| f.literacy_level2_kept, "literacy_level2_kept")),
        _ => None,
    }
}

fn value_field(b: Option<EnteredField>) -> Option<ValueField> {
    match b? {
        EnteredField::LifeExpectancy => Some((|f| f.life_expectancy_years, "life_expectancy_years")),
        EnteredField::WastewaterTreatedPercent => {
            Some((|f| f.wastewater_treated_percent, "wastewater_treated_percent"))
        }
        _ => None,
    }
}

/// (part, part field, total, total field).
type RatioFields = (Count, &'static str, Count, &'static str);

fn ratio_fields(b: Option<EnteredField>) -> Option<RatioFields> {
    match b? {
        EnteredField::HealthStationSanitation => Some(facility_fields(FacilityKind::HealthStation)),
        EnteredField::RuralPointsWastewater => Some((
            |f| f.rural_points_wastewater_collected,
            "rural_points_wastewater_collected",
            |f| f.rural_points_total,
            "rural_points_total",
        )),
        _ => None,
    }
}

fn facility_fields(k: FacilityKind) -> RatioFields {
    match k {
        FacilityKind::School => {
            (|f| f.schools_sanitation_ok, "schools_sanitation_ok", |f| f.schools_total, "schools_total")
        }
        FacilityKind::HealthStation => (
            |f| f.health_stations_sanitation_ok,
            "health_stations_sanitation_ok",
            |f| f.health_stations_total,
            "health_stations_total",
        ),
    }
}

fn resource_field(r: HealthResource) -> (Count, &'static str) {
    match r {
        HealthResource::HospitalBeds => (|f| f.hospital_beds, "hospital_beds"),
        HealthResource::Doctors => (|f| f.doctors, "doctors"),
        HealthResource::Pharmacists => (|f| f.pharmacists, "pharmacists"),
        HealthResource::Nurses => (|f| f.nurses, "nurses"),
    }
}

fn facility_label(k: FacilityKind) -> Text {
    match k {
        FacilityKind::School => Text::new("Trường học", "Schools"),
        FacilityKind::HealthStation => Text::new("Trạm y tế", "Health stations"),
    }
}

/// Overlays the fields `newer` has on `base`.
fn overlay(base: &mut EnteredFigures, newer: &EnteredFigures) {
    macro_rules! take {
        ($($f:ident),*) => { $( if newer.$f.is_some() { base.$f = newer.$f.clone(); } )* };
    }
    take!(
        hospital_beds,
        doctors,
        pharmacists,
        nurses,
        official_population,
        preschool_universalised,
        literacy_level2_kept,
        life_expectancy_years,
        aids,
        tuberculosis,
        malaria,
        health_stations_total,
        health_stations_sanitation_ok,
        schools_total,
        schools_sanitation_ok,
        rural_points_total,
        rural_points_wastewater_collected,
        wastewater_treated_percent
    );
    base.expected_households.extend(newer.expected_households.iter().map(|(k, v)| (k.clone(), *v)));
    base.meta = newer.meta.clone();
}

/// Merged figures per unit (indexed like the org units), and the figures that fit no unit.
pub(crate) fn merge(idx: &OrgIndex, figures: &[&EnteredFigures]) -> (Vec<Option<EnteredFigures>>, Vec<Exclusion>) {
    let mut per: Vec<Vec<&EnteredFigures>> = vec![Vec::new(); idx.len()];
    let mut unplaced = Vec::new();
    for f in figures {
        match idx.position(&f.org_unit_id).filter(|&o| idx.kind(o) != OrgKind::Village) {
            Some(o) => per[o].push(f),
            None => unplaced.push(Exclusion {
                record_id: Some(f.meta.id),
                member_id: None,
                org_unit_id: f.org_unit_id.clone(),
                reason: ExclusionReason::UnknownOrgUnit { commune_id: f.org_unit_id.clone(), village_id: None },
            }),
        }
    }
    let merged = per
        .into_iter()
        .map(|mut v| {
            crate::base::sort::sort_by_key(&mut v, |f| (f.meta.updated_at, f.meta.id));
            let mut it = v.into_iter();
            let mut base = it.next()?.clone();
            for f in it {
                overlay(&mut base, f);
            }
            Some(base)
        })
        .collect();
    (merged, unplaced)
}

pub(crate) struct Figures<'a> {
    pub idx: &'a OrgIndex<'a>,
    pub merged: &'a [Option<EnteredFigures>],
}

fn not_entered(field: &str) -> Text {
    let f = field_label(field);
    Text::new(format!("Chưa nhập số liệu: {}", f.vi), format!("Not entered: {}", f.en))
}

fn district_only() -> Text {
    Text::new("Chỉ tiêu do huyện nhập", "Entered for the district only")
}

fn summed_note(n: u64) -> Text {
    Text::new(format!("Cộng từ {n} xã, thị trấn"), format!("Summed over {n} commune-level units"))
}

/// Why a unit has no entered figure: the note to show, the communes missing from a sum, and
/// how many entered it when only some did.
struct Unavailable {
    excluded: Vec<Exclusion>,
    note: Text,
    units: Option<UnitsEntered>,
}

impl Unavailable {
    fn note(note: Text) -> Self {
        Unavailable { excluded: Vec::new(), note, units: None }
    }

    fn into_raw(self) -> Raw {
        Raw { excluded: self.excluded, note: Some(self.note), units_entered: self.units, ..Raw::default() }
    }
}

/// A ratio of entered counts for a unit: (part, total, records used, note).
struct Ratio {
    part: i64,
    total: i64,
    records: u64,
    note: Option<Text>,
    units: Option<UnitsEntered>,
}

impl<'a> Figures<'a> {
    fn own(&self, org: usize) -> Option<&EnteredFigures> {
        self.merged[org].as_ref()
    }

    fn is_district(&self, org: usize) -> bool {
        org == self.idx.district
    }

    /// The district's sum of `get` over every commune-level unit: only when every one entered
    /// it (a partial sum would misstate the district), else what is missing.
    fn sum_all<T: Copy + std::ops::Add<Output = T> + Default>(
        &self,
        get: impl Fn(&EnteredFigures) -> Option<T>,
        missing_field: impl Fn(Option<&EnteredFigures>) -> &'static str,
    ) -> Result<(T, u64, UnitsEntered), Unavailable> {
        let mut sum = T::default();
        let mut n = 0u32;
        let mut excluded = Vec::new();
        let mut missing = Vec::new();
        let mut first_missing = None;
        for c in self.idx.communes() {
            match self.own(c).and_then(&get) {
                Some(v) => {
                    sum = sum + v;
                    n += 1;
                }
                None => {
                    let field = missing_field(self.own(c));
                    first_missing.get_or_insert(field);
                    missing.push(NamedUnit { id: self.idx.id(c).to_owned(), name: self.idx.name(c).clone() });
                    excluded.push(Exclusion {
                        record_id: self.own(c).map(|f| f.meta.id),
                        member_id: None,
                        org_unit_id: self.idx.id(c).to_owned(),
                        reason: ExclusionReason::NotEntered { field: field.into() },
                    });
                }
            }
        }
        let units = UnitsEntered { entered: n, total: n + missing.len() as u32, missing };
        if units.entered == 0 {
            return Err(Unavailable { excluded, note: not_entered(first_missing.unwrap_or("")), units: None });
        }
        if !units.missing.is_empty() {
            let note = units.missing_label();
            return Err(Unavailable { excluded, note, units: Some(units) });
        }
        Ok((sum, u64::from(n), units))
    }

    fn ratio(&self, org: usize, (pf, pname, tf, tname): RatioFields) -> Result<Ratio, Unavailable> {
        if let Some((p, t)) = self.own(org).and_then(|f| Some((pf(f)?, tf(f)?))) {
            return Ok(Ratio { part: p, total: t, records: 1, note: None, units: None });
        }
        if !self.is_district(org) {
            let missing = if self.own(org).and_then(pf).is_none() { pname } else { tname };
            return Err(Unavailable::note(not_entered(missing)));
        }
        let both = |f: &EnteredFigures| Some(Pair(pf(f)?, tf(f)?));
        let which = |f: Option<&EnteredFigures>| if f.and_then(pf).is_none() { pname } else { tname };
        let (Pair(part, total), n, units) = self.sum_all(both, which)?;
        Ok(Ratio { part, total, records: n, note: Some(summed_note(n)), units: Some(units) })
    }

    /// A count for a per-population rate: own, or (district, when communes enter it too) the
    /// sum over every commune.
    fn count(
        &self,
        org: usize,
        (f, name): (Count, &'static str),
        level: EntryLevel,
    ) -> Result<(i64, u64, Option<Text>, Option<UnitsEntered>), Unavailable> {
        if let Some(v) = self.own(org).and_then(f) {
            return Ok((v, 1, None, None));
        }
        if !self.is_district(org) || level == EntryLevel::District {
            return Err(Unavailable::note(not_entered(name)));
        }
        let (sum, n, units) = self.sum_all(f, |_| name)?;
        Ok((sum, n, Some(summed_note(n)), Some(units)))
    }

    /// The official population of a unit: its own, or (district) the sum over every commune.
    fn population(&self, org: usize) -> Result<i64, Unavailable> {
        let get = |f: &EnteredFigures| f.official_population;
        if let Some(p) = self.own(org).and_then(get) {
            return Ok(p);
        }
        if !self.is_district(org) {
            return Err(Unavailable::note(not_entered("official_population")));
        }
        self.sum_all(get, |_| "official_population").map(|(p, _, _)| p)
    }
}

/// Two counts summed together (part and total of a ratio).
#[derive(Clone, Copy, Default)]
struct Pair(i64, i64);

impl std::ops::Add for Pair {
    type Output = Pair;
    fn add(self, o: Pair) -> Pair {
        // Entered counts are validated small numbers; saturate rather than wrap regardless.
        Pair(self.0.saturating_add(o.0), self.1.saturating_add(o.1))
    }
}

fn pct(part: i64, total: i64) -> Option<f64> {
    (total > 0).then(|| 100.0 * part as f64 / total as f64)
}

/// The raw value of an entered indicator for a commune-level unit or the district.
pub(crate) fn finish(id: &str, c: &Computation, org: usize, figs: &Figures) -> Raw {
    let level = match c {
        Computation::EnteredStatus { level }
        | Computation::EnteredValue { level }
        | Computation::EnteredRatio { level, .. } => Some(*level),
        _ => None,
    };
    if level == Some(EntryLevel::District) && !figs.is_district(org) {
        return Raw { note: Some(district_only()), ..Raw::default() };
    }
    let b = entered_binding(id);
    let own = figs.own(org);
    match c {
        Computation::EnteredStatus { .. } => {
            let Some((f, name)) = status_field(b) else { return Raw::default() };
            match own.and_then(f) {
                Some(yes) => Raw { value: Some(if yes { 1.0 } else { 0.0 }), records_used: 1, ..Raw::default() },
                None => Raw { note: Some(not_entered(name)), ..Raw::default() },
            }
        }
        Computation::EnteredValue { .. } => {
            let Some((f, name)) = value_field(b) else { return Raw::default() };
            match own.and_then(f) {
                Some(v) => Raw { value: Some(v), records_used: 1, ..Raw::default() },
                None => Raw { note: Some(not_entered(name)), ..Raw::default() },
            }
        }
        Computation::EnteredRatio { .. } => {
            let Some(fields) = ratio_fields(b) else { return Raw::default() };
            match figs.ratio(org, fields) {
                Ok(r) => Raw {
                    value: pct(r.part, r.total),
                    numerator: Some(r.part as f64),
                    denominator: Some(r.total as f64),
                    records_used: r.records,
                    note: r.note,
                    units_entered: r.units,
                    ..Raw::default()
                },
                Err(u) => u.into_raw(),
            }
        }
        Computation::PerPopulation { resource, multiplier, population: PopulationSource::Official, level } => {
            if *level == EntryLevel::District && !figs.is_district(org) {
                return Raw { note: Some(district_only()), ..Raw::default() };
            }
            let (count, records, note, units) = match figs.count(org, resource_field(*resource), *level) {
                Ok(x) => x,
                Err(u) => return u.into_raw(),
            };
            // Official population only: never the persons surveyed (spec, Corrections 2026-12).
            let pop = match figs.population(org) {
                Ok(p) => p,
                Err(u) => {
                    return Raw { numerator: Some(count as f64), records_used: records, ..u.into_raw() };
                }
            };
            Raw {
                value: (pop > 0).then(|| count as f64 / pop as f64 * f64::from(*multiplier)),
                numerator: Some(count as f64),
                denominator: Some(pop as f64),
                records_used: records,
                note: Some(note.unwrap_or_else(|| Text::new("Dân số chính thức", "Official population"))),
                units_entered: units,
                ..Raw::default()
            }
        }
        Computation::QualitativeStatus { aspects } => {
            let assessments: [Option<&Assessment>; DISEASES] = match own {
                Some(f) => [f.aids.as_ref(), f.tuberculosis.as_ref(), f.malaria.as_ref()],
                None => [None; DISEASES],
            };
            let components: Vec<Component> = aspects
                .iter()
                .zip(assessments)
                .map(|(label, a)| Component {
                    label: label.clone(),
                    numerator: None,
                    denominator: None,
                    value: a.map(|a| if a.status == DiseaseStatus::Achieved { 1.0 } else { 0.0 }),
                    note: a.map(|a| {
                        let s = a.status.label();
                        match &a.note {
                            Some(n) => Text::new(format!("{}: {n}", s.vi), format!("{}: {n}", s.en)),
                            None => s,
                        }
                    }),
                })
                .collect();
            let assessed = components.iter().filter(|c| c.value.is_some()).count();
            let achieved = components.iter().filter(|c| c.value == Some(1.0)).count();
            let complete = assessed == components.len();
            Raw {
                value: complete.then_some(if achieved == assessed { 1.0 } else { 0.0 }),
                numerator: Some(achieved as f64),
                denominator: Some(assessed as f64),
                records_used: u64::from(own.is_some()),
                note: (!complete).then(|| not_entered("aids, tuberculosis, malaria")),
                components,
                ..Raw::default()
            }
        }
        _ => Raw::default(),
    }
}

/// #33: the households part from the survey, and for commune-level units and the district each
/// facility part from the figures; every part is needed there (a village has only the
/// households part, facilities being entered per commune). The value is the lowest part.
pub(crate) fn sanitation(facilities: &[FacilityKind], acc: Acc, org: usize, figs: &Figures) -> Raw {
    let mut components = vec![Component {
        label: Text::new("Hộ gia đình", "Households"),
        numerator: Some(acc.num),
        denominator: Some(acc.den),
        value: (acc.den > 0.0).then(|| 100.0 * acc.num / acc.den),
        note: None,
    }];
    let mut records = acc.used;
    let mut excluded = acc.excluded;
    let mut notes: Vec<Text> = Vec::new();
    let mut units_entered: Option<UnitsEntered> = None;
    if figs.idx.kind(org) != OrgKind::Village {
        for k in facilities {
            let (numerator, denominator, value) = match figs.ratio(org, facility_fields(*k)) {
                Ok(r) => {
                    records += r.records;
                    notes.extend(r.note);
                    (Some(r.part as f64), Some(r.total as f64), pct(r.part, r.total))
                }
                Err(u) => {
                    excluded.extend(u.excluded);
                    notes.push(u.note);
                    // The part entered by the fewest units speaks for the sum.
                    if let Some(n) = u.units {
                        if units_entered.as_ref().is_none_or(|m| n.entered < m.entered) {
                            units_entered = Some(n);
                        }
                    }
                    (None, None, None)
                }
            };
            components.push(Component { label: facility_label(*k), numerator, denominator, value, note: None });
        }
    }
    let lowest = if components.iter().all(|c| c.value.is_some()) {
        components.iter().min_by(|a, b| a.value.partial_cmp(&b.value).unwrap_or(std::cmp::Ordering::Equal))
    } else {
        None
    };
    let note = (!notes.is_empty()).then(|| {
        Text::new(
            notes.iter().map(|t| t.vi.as_str()).collect::<Vec<_>>().join("; "),
            notes.iter().map(|t| t.en.as_str()).collect::<Vec<_>>().join("; "),
        )
    });
    Raw {
        value: lowest.and_then(|c| c.value),
        numerator: lowest.and_then(|c| c.numerator),
        denominator: lowest.and_then(|c| c.denominator),
        records_used: records,
        excluded,
        note,
        components,
        units_entered,
    }
}
