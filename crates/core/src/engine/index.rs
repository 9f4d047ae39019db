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

use crate::org::{OrgKind, OrgUnits};
use crate::survey::Household;

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
    /// For each unit, its own commune-level unit (what a household's `commune_id` must name).
    own_commune: Vec<Option<usize>>,
    /// For each unit, the unit its records count in (itself unless merged).
    counts_in: Vec<Option<usize>>,
    urban: Vec<bool>,
}

impl<'a> OrgIndex<'a> {
    pub fn new(units: &'a OrgUnits) -> Result<Self, EngineError> {
        let district_id = units.district().ok_or(EngineError::NoDistrict)?.id.as_str();
        let pos = UnitIds::new(units.all().iter().map(|u| u.id.as_str()).collect());
        let district = pos.get(district_id).ok_or(EngineError::NoDistrict)?;
        let own_commune = units.all().iter().map(|u| units.commune_of(&u.id).and_then(|c| pos.get(&c.id))).collect();
        let commune_of =
            units.all().iter().map(|u| units.effective_commune(&u.id).and_then(|c| pos.get(&c.id))).collect();
        let urban = units.all().iter().map(|u| units.is_urban(&u.id).unwrap_or(false)).collect();
        let counts_in = units.all().iter().map(|u| units.effective(&u.id).and_then(|e| pos.get(&e.id))).collect();
        Ok(OrgIndex { units, pos, district, commune_of, own_commune, counts_in, urban })
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
        let unknown = || ExclusionReason::UnknownOrgUnit {
            commune_id: h.commune_id.clone(),
            village_id: Some(h.village_id.clone()),
        };
        let village = self.position(&h.village_id).ok_or_else(unknown)?;
        if self.kind(village) != OrgKind::Village {
            return Err(unknown());
        }
        let own_commune = self.own_commune[village].ok_or_else(unknown)?;
        if self.id(own_commune) != h.commune_id {
            return Err(unknown());
        }
        let village = self.counts_in[village].ok_or_else(unknown)?;
        let commune = self.commune_of[village].ok_or_else(unknown)?;
        Ok(Place { village, commune, district: self.district, urban: self.urban[village] })
    }
}
