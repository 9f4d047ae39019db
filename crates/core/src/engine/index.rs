//! Placing records in the org tree (village → commune-level unit → district).
//!
//! Contract: built once per evaluation from the plan's validated `OrgUnits`; placing a household
//! is one lookup in a small open-addressing table (`ansinh_tally::UnitIds`, built for speed).
//! A household is placed only when its `village_id` is a known village whose commune-level unit
//! is exactly `commune_id`; anything else is an unknown org unit, so a typo never silently lands
//! a household in "rural" or in the wrong commune. A unit merged into another (`merged_into`,
//! plan data or a commune's village record) places its households in the unit it was merged
//! into (`OrgUnits::effective`, `effective_commune`): the check of `commune_id` is against the
//! village's own commune, the counting is in the effective units.

use ansinh_tally::UnitIds;

use crate::domain::org::{OrgKind, OrgUnits};
use crate::domain::survey::Household;

use super::{EngineError, ExclusionReason};

/// Where a placed household's contributions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub village: usize,
    pub commune: usize,
    pub district: usize,
    /// Thành thị: the commune-level unit (or the village) is marked urban.
    pub urban: bool,
}

impl Place {
    /// The three accumulators a record adds to (the oracle's view; the fast path adds to the
    /// village and rolls up).
    #[cfg(test)]
    pub fn levels(&self) -> [usize; 3] {
        [self.village, self.commune, self.district]
    }
}

pub(crate) struct OrgIndex<'a> {
    pub units: &'a OrgUnits,
    pos: UnitIds<'a>,
    pub district: usize,
    /// For each unit, the commune-level unit it rolls up into (itself for a commune, `None` for
    /// the district): its own commune, or the one that commune was merged into.
    commune_of: Vec<Option<usize>>,
    /// For each village: its own commune-level unit (what a household's `commune_id` must
    /// name) and where its households count; `None` for other units and for a village that
    /// cannot be placed. Precomputed so that placing a household is one id lookup and one
    /// comparison (`place` runs once per household).
    placement: Vec<Option<(usize, Place)>>,
}

impl<'a> OrgIndex<'a> {
    /// Same answers as `OrgUnits::commune_of`, `effective`, `effective_commune` and `is_urban`
    /// for every unit, computed over positions: those methods look units up by id with a
    /// linear scan, which made building the index quadratic in the number of units.
    pub fn new(units: &'a OrgUnits) -> Result<Self, EngineError> {
        let all = units.all();
        let district_id = units.district().ok_or(EngineError::NoDistrict)?.id.as_str();
        let pos = UnitIds::new(all.iter().map(|u| u.id.as_str()).collect());
        let district = pos.get(district_id).ok_or(EngineError::NoDistrict)?;
        // `OrgUnits::get` finds the first unit with an id, as `UnitIds` does: from here on a
        // unit is its first position, so equal ids are equal positions.
        let first: Vec<usize> = all.iter().enumerate().map(|(i, u)| pos.get(&u.id).unwrap_or(i)).collect();
        let parent: Vec<Option<usize>> = all.iter().map(|u| u.parent.as_deref().and_then(|p| pos.get(p))).collect();
        let mut seen: Vec<usize> = Vec::new();
        // `ancestors_and_self`: the unit, then its parents, until the first repeated unit.
        let ancestors = |start: usize, seen: &mut Vec<usize>| {
            seen.clear();
            let mut next = Some(start);
            while let Some(u) = next.filter(|u| !seen.contains(u)) {
                seen.push(u);
                next = parent[u];
            }
        };
        let mut own_commune: Vec<Option<usize>> = Vec::with_capacity(all.len());
        let mut urban: Vec<bool> = Vec::with_capacity(all.len());
        for &s in &first {
            ancestors(s, &mut seen);
            own_commune.push(seen.iter().copied().find(|&u| all[u].kind.is_commune_level()));
            urban.push(seen.iter().any(|&u| all[u].urban));
        }
        // `effective`: follow `merged_into` until an unknown unit (`None`) or a repeated one.
        let effective = |start: usize, seen: &mut Vec<usize>| -> Option<usize> {
            seen.clear();
            seen.push(start);
            let mut cur = start;
            while let Some(next) = all[cur].merged_into.as_deref() {
                let n = pos.get(next)?;
                if seen.contains(&n) {
                    break;
                }
                cur = n;
                seen.push(n);
            }
            Some(cur)
        };
        let counts_in: Vec<Option<usize>> = first.iter().map(|&s| effective(s, &mut seen)).collect();
        // `effective_commune`: the effective unit's own commune, followed through merges.
        let commune_of: Vec<Option<usize>> =
            counts_in.iter().map(|&e| e.and_then(|e| own_commune[e]).and_then(|c| effective(c, &mut seen))).collect();
        let placement = (0..all.len())
            .map(|v| {
                let own = own_commune[v].filter(|_| all[v].kind == OrgKind::Village)?;
                let village = counts_in[v]?;
                let commune = commune_of[village]?;
                Some((own, Place { village, commune, district, urban: urban[village] }))
            })
            .collect();
        Ok(OrgIndex { units, pos, district, commune_of, placement })
    }

    pub fn len(&self) -> usize {
        self.units.all().len()
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.pos.get(id)
    }

    pub fn kind(&self, i: usize) -> OrgKind {
        self.units.all()[i].kind
    }

    pub fn name(&self, i: usize) -> &'a crate::i18n::Text {
        &self.units.all()[i].name
    }

    pub fn id(&self, i: usize) -> &'a str {
        &self.units.all()[i].id
    }

    /// The commune-level unit of unit `i` (itself for a commune, `None` for the district).
    pub fn commune_index(&self, i: usize) -> Option<usize> {
        self.commune_of[i]
    }

    /// Commune-level units, in file order.
    pub fn communes(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|&i| self.kind(i).is_commune_level())
    }

    pub fn place(&self, h: &Household) -> Result<Place, ExclusionReason> {
        // A known village whose own commune-level unit is exactly the record's `commune_id`.
        if let Some(v) = self.position(&h.village_id) {
            if let Some((own, place)) = self.placement[v] {
                if self.id(own) == h.commune_id {
                    return Ok(place);
                }
            }
        }
        Err(ExclusionReason::UnknownOrgUnit {
            commune_id: h.commune_id.clone(),
            village_id: Some(h.village_id.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::Plan;

    /// The placement as `OrgUnits` answers it, by id (the definition `OrgIndex` must keep).
    fn by_id(units: &OrgUnits, village_id: &str, commune_id: &str) -> Option<(String, String, bool)> {
        let v = units.get(village_id).filter(|v| v.kind == OrgKind::Village)?;
        if units.commune_of(&v.id)?.id != commune_id {
            return None;
        }
        let counts_in = units.effective(&v.id)?;
        let commune = units.effective_commune(&counts_in.id)?;
        Some((counts_in.id.clone(), commune.id.clone(), units.is_urban(&counts_in.id)?))
    }

    #[test]
    fn the_index_answers_as_the_org_units_do_through_merges_cycles_and_unknown_ids() {
        let mut units = Plan::embedded().org_units.clone();
        let set = |units: &mut OrgUnits, id: &str, f: &dyn Fn(&mut crate::domain::org::OrgUnit)| {
            f(units.0.iter_mut().find(|u| u.id == id).unwrap());
        };
        let villages: Vec<String> = units.villages().iter().map(|u| u.id.clone()).collect();
        let communes: Vec<String> = units.communes().iter().map(|u| u.id.clone()).collect();
        // A village merged into another (of another commune), a chain, a cycle, an unknown
        // target; a commune merged into another; a parent cycle between two villages.
        set(&mut units, &villages[1], &|u| u.merged_into = Some(villages[9].clone()));
        set(&mut units, &villages[9], &|u| u.merged_into = Some(villages[20].clone()));
        set(&mut units, &villages[2], &|u| u.merged_into = Some(villages[3].clone()));
        set(&mut units, &villages[3], &|u| u.merged_into = Some(villages[2].clone()));
        set(&mut units, &villages[4], &|u| u.merged_into = Some("nowhere".into()));
        set(&mut units, &communes[2], &|u| u.merged_into = Some(communes[0].clone()));
        set(&mut units, &villages[30], &|u| u.parent = Some(villages[31].clone()));
        set(&mut units, &villages[31], &|u| u.parent = Some(villages[30].clone()));
        let idx = OrgIndex::new(&units).unwrap();
        let template = crate::synth::district(1, 1).households.remove(0);
        let mut placed = 0;
        for v in units.all() {
            let want_commune = units.effective_commune(&v.id).and_then(|c| idx.position(&c.id));
            assert_eq!(idx.commune_index(idx.position(&v.id).unwrap()), want_commune, "{}", v.id);
            for c in &communes {
                let mut h = template.clone();
                h.village_id = v.id.clone();
                h.commune_id = c.clone();
                let got =
                    idx.place(&h).ok().map(|p| (idx.id(p.village).to_owned(), idx.id(p.commune).to_owned(), p.urban));
                assert_eq!(got, by_id(&units, &v.id, c), "{} in {c}", v.id);
                if let Ok(p) = idx.place(&h) {
                    assert_eq!(p.district, idx.district);
                    placed += 1;
                }
            }
        }
        assert!(placed >= villages.len() - 6, "{placed}");
    }
}
