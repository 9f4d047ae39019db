//! Administrative units (đơn vị hành chính) of Kon Rẫy district, as plan data.
//!
//! Contract: the tree is district (huyện) → commune-level units (thị trấn / xã) → villages
//! (tổ dân phố / thôn). Unit ids are a contract shared with the survey records: a district is
//! `kon-ray`, commune-level units are slugs of their names (`dak-rve`, `dak-koi`, …), villages
//! are `<commune-id>-thon-<n>` (`dak-rve-tdp-<n>` in the town). The list lives in the plan JSON
//! so an office can replace or extend provisional village names without a code change; this
//! module only answers questions about a list that `Plan::from_json` has already validated
//! (unique ids, one district root, parents that exist and have the right kind).
//!
//! "Urban" (thành thị) is a property of a commune-level unit (only thị trấn Đắk Rve in Kon
//! Rẫy) and is inherited by its villages; the district as a whole is not urban.
//!
//! Villages are real data (`VillageRecord`): the plan's list (49 placeholders "Thôn 1–7") is
//! only the initial list. A commune keeps its own list as records that travel in bundles like
//! households: a record is one `OrgUnit` with its `RecordMeta`, whose UUID is derived from the
//! unit id (`village_record_id`), so two tablets renaming the same village edit the same record
//! and a concurrent edit is a conflict, never a duplicate. A unit id never changes and never
//! depends on the name or position: the placeholders keep `<commune>-thon-<n>` as opaque ids,
//! new villages get `<commune>-<12 hex digits>` (`new_village_id`); survey records keep pointing
//! at the id through renames. `OrgUnits::with_records` lays the records over the plan's list.
//!
//! Unit changes are data (the 2025 reorganisation merged communes): a unit may be marked
//! `merged_into` another of its level, and `effective` gives the unit whose indicators count
//! its records; a unit `retired` ("không còn sử dụng") is not offered for new records but still
//! shown for old ones.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::survey::{Problem, RecordMeta, Severity};
use crate::i18n::Text;

/// Level of an administrative unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// Huyện — the district, root of the tree.
    District,
    /// Thị trấn — an urban commune-level unit.
    Town,
    /// Xã — a rural commune.
    Commune,
    /// Thôn (in a xã) or tổ dân phố (in a thị trấn).
    Village,
}

impl OrgKind {
    /// Commune level (cấp xã): a town or a commune.
    pub fn is_commune_level(self) -> bool {
        matches!(self, OrgKind::Town | OrgKind::Commune)
    }
}

/// One administrative unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgUnit {
    /// Stable id, shared with survey records (see module docs).
    pub id: String,
    pub kind: OrgKind,
    /// Official name; for villages the generic "Thôn n" / "Tổ dân phố n".
    pub name: Text,
    /// Parent unit id; `None` only for the district.
    pub parent: Option<String>,
    /// Urban area (khu vực thành thị). Meaningful on commune-level units; villages inherit it.
    pub urban: bool,
    /// The name is a placeholder to be replaced or extended by the office that owns the list.
    pub provisional: bool,
    /// In use, or no longer used (không còn sử dụng). Absent in the JSON when in use.
    #[serde(default, skip_serializing_if = "UnitStatus::is_in_use")]
    pub status: UnitStatus,
    /// The unit this one was merged into (sáp nhập vào), of the same level: its records count
    /// there (`OrgUnits::effective`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    /// For a village: thôn, làng or tổ dân phố (absent for the plan's placeholders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village_kind: Option<VillageKind>,
}

/// Whether a unit is still in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    /// Đang sử dụng.
    #[default]
    InUse,
    /// Không còn sử dụng: kept for the records made in it, not offered for new ones.
    Retired,
}

impl UnitStatus {
    pub fn is_in_use(&self) -> bool {
        *self == UnitStatus::InUse
    }
}

/// The kind of a village-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VillageKind {
    /// Thôn.
    Thon,
    /// Làng.
    Lang,
    /// Tổ dân phố (in a thị trấn).
    ToDanPho,
}

impl VillageKind {
    pub const ALL: [VillageKind; 3] = [VillageKind::Thon, VillageKind::Lang, VillageKind::ToDanPho];

    pub fn label(self) -> Text {
        match self {
            VillageKind::Thon => Text::new("Thôn", "Village (thôn)"),
            VillageKind::Lang => Text::new("Làng", "Village (làng)"),
            VillageKind::ToDanPho => Text::new("Tổ dân phố", "Residential group"),
        }
    }
}

impl OrgUnit {
    /// Offered for new records: in use and not merged into another unit.
    pub fn is_open(&self) -> bool {
        self.status.is_in_use() && self.merged_into.is_none()
    }
}

/// A village of a commune's list, as a record that is saved, exported and merged like the
/// others (store kind `village`, bundle list `villages`). Its UUID is `village_record_id` of
/// the unit id, so one unit is one record everywhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VillageRecord {
    pub meta: RecordMeta,
    pub unit: OrgUnit,
}

/// The record UUID of the village with this unit id: derived from the id alone (64-bit FNV-1a
/// twice, as bundle ids derived from others), the same on every tablet.
pub fn village_record_id(unit_id: &str) -> Uuid {
    crate::base::ids::name_uuid(&format!("ansinh-org-unit:{unit_id}"))
}

/// A new village id in `commune`: the commune id and 12 hex digits of a random UUID (the
/// caller's; no randomness in the core). It says nothing about the name or the position.
pub fn new_village_id(commune: &str, random: Uuid) -> String {
    format!("{commune}-{}", &random.simple().to_string()[..12])
}

impl VillageRecord {
    /// A record for `unit`, made at `meta`'s times; its id is the unit's derived id.
    pub fn new(unit: OrgUnit, at: chrono::DateTime<chrono::Utc>) -> Self {
        VillageRecord { meta: RecordMeta::new(village_record_id(&unit.id), at), unit }
    }

    /// The commune the village belongs to (its parent).
    pub fn commune_id(&self) -> &str {
        self.unit.parent.as_deref().unwrap_or("")
    }

    /// The structural part of `validate` without its messages (so the app's start, which lays
    /// the records over the plan, carries none of their text): a village of a commune-level
    /// unit of `base`, with an id under that commune that `base` gives to no other commune, and
    /// a record id derived from it. Merge targets are checked by `with_records` on the result.
    fn fits(&self, base: &OrgUnits) -> bool {
        let u = &self.unit;
        let commune = self.commune_id();
        self.meta.id == village_record_id(&u.id)
            && u.kind == OrgKind::Village
            && base.get(commune).is_some_and(|c| c.kind.is_commune_level())
            && u.id.starts_with(&format!("{commune}-"))
            && base.get(&u.id).is_none_or(|p| p.parent == u.parent && p.kind == u.kind)
            && !u.name.vi.trim().is_empty()
    }

    /// The rules a village record must follow, against the plan's list `base` (before any
    /// record is laid over it): a village under a commune-level unit of the plan, an id that
    /// starts with that commune's id (so a commune can only name its own villages) and that the
    /// plan does not give to another commune, a record id derived from the unit id, a name, and
    /// a merge target that is another village known to `known` (the list with the records).
    pub fn validate(&self, base: &OrgUnits, known: &OrgUnits) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut err = |field: &str, vi: String, en: String| {
            out.push(Problem { field: field.into(), message: Text::new(vi, en), severity: Severity::Error })
        };
        let u = &self.unit;
        if self.meta.id != village_record_id(&u.id) {
            err(
                "meta.id",
                format!("Mã bản ghi không khớp với mã thôn “{}”", u.id),
                format!("The record id does not match the village id “{}”", u.id),
            );
        }
        if u.kind != OrgKind::Village {
            err(
                "unit.kind",
                "Danh sách thôn chỉ chứa thôn, làng, tổ dân phố".into(),
                "Only villages belong in a village list".into(),
            );
        }
        let commune = self.commune_id();
        match base.get(commune) {
            Some(c) if c.kind.is_commune_level() => {}
            _ => err(
                "unit.parent",
                format!("Xã “{commune}” không có trong kế hoạch"),
                format!("Commune “{commune}” is not in the plan"),
            ),
        }
        if u.id.trim().is_empty() || !u.id.starts_with(&format!("{commune}-")) {
            err(
                "unit.id",
                format!("Mã thôn “{}” phải bắt đầu bằng mã xã “{commune}-”", u.id),
                format!("Village id “{}” must start with the commune id “{commune}-”", u.id),
            );
        }
        if let Some(planned) = base.get(&u.id) {
            if planned.parent != u.parent || planned.kind != u.kind {
                let owner = planned.parent.as_deref().unwrap_or("-");
                err(
                    "unit.parent",
                    format!("Thôn “{}” thuộc xã “{owner}”, không thể chuyển sang xã “{commune}”", u.id),
                    format!("Village “{}” belongs to commune “{owner}” and cannot move to “{commune}”", u.id),
                );
            }
        }
        if u.name.vi.trim().is_empty() {
            err("unit.name.vi", "Chưa có tên thôn".into(), "The village has no name".into());
        }
        if let Some(target) = &u.merged_into {
            if target == &u.id {
                err(
                    "unit.merged_into",
                    "Thôn không thể sáp nhập vào chính nó".into(),
                    "A village cannot merge into itself".into(),
                );
            } else if known.get(target).is_none_or(|t| t.kind != OrgKind::Village) {
                err(
                    "unit.merged_into",
                    format!("Thôn “{target}” (nơi sáp nhập vào) chưa có trong danh sách"),
                    format!("Village “{target}” (merged into) is not in the list"),
                );
            }
        }
        out
    }
}

/// The administrative units of the plan's area, in display order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct OrgUnits(pub Vec<OrgUnit>);

impl OrgUnits {
    /// All units in file order.
    pub fn all(&self) -> &[OrgUnit] {
        &self.0
    }

    /// The unit with this id.
    pub fn get(&self, id: &str) -> Option<&OrgUnit> {
        self.0.iter().find(|u| u.id == id)
    }

    /// The root district (the first unit without a parent).
    pub fn district(&self) -> Option<&OrgUnit> {
        self.0.iter().find(|u| u.parent.is_none() && u.kind == OrgKind::District)
    }

    /// The parent of a unit; `None` for the root or an unknown id.
    pub fn parent(&self, id: &str) -> Option<&OrgUnit> {
        self.get(id)?.parent.as_deref().and_then(|p| self.get(p))
    }

    /// Direct children of a unit, in file order.
    pub fn children(&self, id: &str) -> Vec<&OrgUnit> {
        self.0.iter().filter(|u| u.parent.as_deref() == Some(id)).collect()
    }

    /// Commune-level units (thị trấn and xã), in file order.
    pub fn communes(&self) -> Vec<&OrgUnit> {
        self.0.iter().filter(|u| u.kind.is_commune_level()).collect()
    }

    /// Villages (thôn, tổ dân phố), in file order.
    pub fn villages(&self) -> Vec<&OrgUnit> {
        self.0.iter().filter(|u| u.kind == OrgKind::Village).collect()
    }

    /// The commune-level unit a unit belongs to: itself for a commune-level unit, its
    /// nearest commune-level ancestor for a village; `None` for the district or unknown ids.
    pub fn commune_of(&self, id: &str) -> Option<&OrgUnit> {
        self.ancestors_and_self(id).into_iter().find(|u| u.kind.is_commune_level())
    }

    /// Whether the unit lies in an urban area: true when it or an ancestor is marked urban.
    /// `None` for an unknown id, so a typo in a survey record is not silently "rural".
    pub fn is_urban(&self, id: &str) -> Option<bool> {
        self.get(id)?;
        Some(self.ancestors_and_self(id).iter().any(|u| u.urban))
    }

    /// The unit itself followed by its ancestors up to the root. The walk stops at the
    /// first repeated id so a cyclic (unvalidated) list cannot loop forever.
    pub fn ancestors_and_self(&self, id: &str) -> Vec<&OrgUnit> {
        let mut out: Vec<&OrgUnit> = Vec::new();
        let mut next = self.get(id);
        while let Some(u) = next {
            if out.iter().any(|seen| seen.id == u.id) {
                break;
            }
            out.push(u);
            next = u.parent.as_deref().and_then(|p| self.get(p));
        }
        out
    }

    /// Every unit below `id` (children, grandchildren, …), depth-first in file order.
    /// Guards against cycles the same way as `ancestors_and_self`.
    pub fn descendants(&self, id: &str) -> Vec<&OrgUnit> {
        let mut out: Vec<&OrgUnit> = Vec::new();
        let mut stack: Vec<&str> = vec![id];
        while let Some(cur) = stack.pop() {
            let kids = self.children(cur);
            for k in kids.iter().rev() {
                if k.id != id && !out.iter().any(|seen| seen.id == k.id) {
                    stack.push(&k.id);
                }
            }
            if cur != id {
                if let Some(u) = self.get(cur) {
                    if !out.iter().any(|seen| seen.id == u.id) {
                        out.push(u);
                    }
                }
            }
        }
        out
    }

    /// Whether `id` is `ancestor` or lies below it.
    pub fn is_within(&self, id: &str, ancestor: &str) -> bool {
        self.ancestors_and_self(id).iter().any(|u| u.id == ancestor)
    }

    /// The unit whose indicators count the records of `id`: the unit itself, or the unit it was
    /// merged into, following merges to the end (a chain stops at the first repeated id, so an
    /// unvalidated cycle cannot loop). `None` for an unknown id or a merge into an unknown unit.
    pub fn effective(&self, id: &str) -> Option<&OrgUnit> {
        let mut cur = self.get(id)?;
        let mut seen: Vec<&str> = vec![cur.id.as_str()];
        while let Some(next) = cur.merged_into.as_deref() {
            if seen.contains(&next) {
                break;
            }
            cur = self.get(next)?;
            seen.push(next);
        }
        Some(cur)
    }

    /// The commune-level unit whose indicators count the records of `id` (a village or a
    /// commune): the effective unit's commune, itself followed through merges (Đắk Kôi merged
    /// into another xã counts there).
    pub fn effective_commune(&self, id: &str) -> Option<&OrgUnit> {
        let unit = self.effective(id)?;
        let commune = self.commune_of(&unit.id)?;
        self.effective(&commune.id)
    }

    /// Villages of a commune-level unit, in list order (retired and merged ones included).
    pub fn villages_of(&self, commune: &str) -> Vec<&OrgUnit> {
        self.0.iter().filter(|u| u.kind == OrgKind::Village && u.parent.as_deref() == Some(commune)).collect()
    }

    /// The villages a new or edited record of `commune` may be put in: those still open, plus
    /// `current` (the record's own village, even retired, so an old record keeps showing it).
    pub fn offered_villages(&self, commune: &str, current: &str) -> Vec<&OrgUnit> {
        self.villages_of(commune).into_iter().filter(|u| u.is_open() || u.id == current).collect()
    }

    /// This list with a commune's village records laid over it: a record replaces the unit of
    /// the same id in place, a new village goes after the last unit of its commune (records in
    /// creation order). A record that breaks `VillageRecord::validate` against this list is left
    /// out (the import refuses such records, so only damaged local data gets here).
    pub fn with_records<'a>(&self, records: impl IntoIterator<Item = &'a VillageRecord>) -> OrgUnits {
        let mut records: Vec<&VillageRecord> = records.into_iter().collect();
        crate::base::sort::sort_by(&mut records, |a, b| {
            (a.meta.created_at, &a.unit.id).cmp(&(b.meta.created_at, &b.unit.id))
        });
        let mut out = self.0.clone();
        for r in records {
            if !r.fits(self) {
                continue;
            }
            if let Some(slot) = out.iter_mut().find(|u| u.id == r.unit.id) {
                *slot = r.unit.clone();
                continue;
            }
            let commune = r.commune_id();
            let at = out.iter().rposition(|u| u.id == commune || u.parent.as_deref() == Some(commune));
            out.insert(at.map_or(out.len(), |i| i + 1), r.unit.clone());
        }
        // A merge into a village the list does not have would hide the records: ignore it.
        let ids: std::collections::HashSet<String> = out.iter().map(|u| u.id.clone()).collect();
        for u in &mut out {
            if u.merged_into.as_ref().is_some_and(|t| !ids.contains(t)) {
                u.merged_into = None;
            }
        }
        OrgUnits(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, kind: OrgKind, parent: Option<&str>, urban: bool) -> OrgUnit {
        OrgUnit {
            id: id.into(),
            kind,
            name: Text::new(id, id),
            parent: parent.map(Into::into),
            urban,
            provisional: false,
            status: UnitStatus::InUse,
            merged_into: None,
            village_kind: None,
        }
    }

    fn sample() -> OrgUnits {
        OrgUnits(vec![
            unit("d", OrgKind::District, None, false),
            unit("t", OrgKind::Town, Some("d"), true),
            unit("t-1", OrgKind::Village, Some("t"), false),
            unit("c", OrgKind::Commune, Some("d"), false),
            unit("c-1", OrgKind::Village, Some("c"), false),
            unit("c-2", OrgKind::Village, Some("c"), false),
        ])
    }

    #[test]
    fn lookups_follow_the_tree() {
        let o = sample();
        assert_eq!(o.parent("c-2").unwrap().id, "c");
        assert_eq!(o.commune_of("t-1").unwrap().id, "t");
        assert_eq!(o.commune_of("c").unwrap().id, "c");
        assert!(o.commune_of("d").is_none());
        assert_eq!(o.is_urban("t-1"), Some(true));
        assert_eq!(o.is_urban("c-1"), Some(false));
        assert_eq!(o.is_urban("d"), Some(false));
        assert_eq!(o.is_urban("nope"), None);
        let ids: Vec<_> = o.descendants("d").iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["t", "t-1", "c", "c-1", "c-2"]);
        assert!(o.is_within("c-1", "d"));
        assert!(!o.is_within("c-1", "t"));
    }

    #[test]
    fn cycles_do_not_hang() {
        let o = OrgUnits(vec![
            unit("a", OrgKind::Commune, Some("b"), false),
            unit("b", OrgKind::Commune, Some("a"), false),
        ]);
        assert_eq!(o.ancestors_and_self("a").len(), 2);
        assert_eq!(o.descendants("a").len(), 1);
    }
}
