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

use serde::{Deserialize, Serialize};

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
