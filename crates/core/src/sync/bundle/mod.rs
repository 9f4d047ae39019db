//! Bundles: the JSON file that carries a tablet's records to other tablets and to the district
//! (`docs/bundle-format.md`, `docs/bundle.schema.json`), its import validation, and the merge.
//!
//! Contract:
//! - A `Bundle` is plain data in a documented, versioned shape (`format` = `ansinh-bundle`,
//!   `format_version` = 2; version 1 files, whose tombstones had no `org_unit_id`, are still
//!   read). Every record carries its UUID and `updated_at`; deletions travel as
//!   tombstones; versions a record supersedes travel in `lineage`; versions still in conflict on
//!   the exporting device travel in `conflicts`, so nothing a device holds is left behind.
//! - `parse_bundle` checks the *whole* file (size, JSON syntax, format, version, plan, every
//!   record) before anything is returned; `import` = `parse_bundle` + `merge`, so a rejected file
//!   never touches the state. Errors say where (line/column or a field path such as
//!   `households[12].members[3].date_of_birth`) in Vietnamese and English.
//! - `merge` is a join: idempotent, commutative and associative over bundles. Each record is a
//!   multi-value register: versions one device has seen superseded are dropped, concurrent
//!   versions are all kept as a `Conflict` until a user resolves it. Nothing is silently lost.
//! - No clock, randomness or I/O here: times and ids are passed in (the core also runs in WASM).

mod error;
mod heads;
mod locate;
mod merge;
mod read;
mod store;
mod validate;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::base::ids::fnv1a;
use crate::report::Report;

use crate::domain::org::VillageRecord;
use crate::domain::survey::{EnteredFigures, Household};

pub use error::{BundleProblem, ImportError, ProblemKind};
pub use heads::{Heads, Merged, Outcome};
pub use merge::{import, merge, unknown_villages, MergeReport};
pub(crate) use store::later_than;
pub use store::{Conflict, ExportOptions, ExportScope, LocalState, ResolveError, SyncMeta};
pub use validate::{json_path_at, parse_bundle, parse_bundle_whole, validate_bundle, Limits, DEFAULT_MAX_BYTES};

/// Value of the `format` field: tells a bundle from any other JSON file.
pub const FORMAT_NAME: &str = "ansinh-bundle";
/// The bundle format version this build writes (2: tombstones carry `org_unit_id`). A build
/// that reads only older versions refuses such files with "cập nhật ứng dụng", never with a
/// confusing message about an unknown field.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest bundle format version this build still reads (1: tombstones without
/// `org_unit_id`; nothing else differs).
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// Whether this build reads bundles of `version`.
pub fn reads_format_version(version: u64) -> bool {
    (u64::from(OLDEST_FORMAT_VERSION)..=u64::from(FORMAT_VERSION)).contains(&version)
}

/// The keys of a bundle object in the order of `Bundle`'s fields (checked by a test).
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "format",
    "format_version",
    "bundle_id",
    "plan",
    "device_id",
    "exported_at",
    "org_unit",
    "since",
    "households",
    "figures",
    "reports",
    "villages",
    "tombstones",
    "lineage",
    "conflicts",
];

/// The file that leaves a tablet.
///
/// Field order here is the order in the JSON, header first, so a person opening the file sees
/// what it is before the records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always `FORMAT_NAME`.
    pub format: String,
    /// Always `FORMAT_VERSION` for files this build writes.
    pub format_version: u32,
    /// Unique per export: a receiver that has seen this id already can skip the file, so a
    /// bundle uploaded or carried twice is never counted twice.
    pub bundle_id: Uuid,
    /// The plan the records were collected under.
    pub plan: PlanRef,
    /// Free-form id of the exporting device (set once per tablet).
    pub device_id: String,
    #[serde(with = "crate::base::dates::stamp")]
    pub exported_at: DateTime<Utc>,
    /// Org unit whose records this bundle carries (`kon-ray` for the whole district).
    pub org_unit: String,
    /// For a delta export: the time of the export this one follows; only records changed on the
    /// device since then are included. `None` for a full export.
    #[serde(default, with = "crate::base::dates::stamp_opt", skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    #[serde(default)]
    pub households: Vec<Household>,
    #[serde(default)]
    pub figures: Vec<EnteredFigures>,
    #[serde(default)]
    pub reports: Vec<Report>,
    /// A commune's village list (thôn, làng, tổ dân phố) as it changed. Absent from the JSON
    /// when empty, so a bundle without village changes is what it was before villages became
    /// records (and older builds still read it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub villages: Vec<VillageRecord>,
    #[serde(default)]
    pub tombstones: Vec<Tombstone>,
    /// Per record, the `updated_at` of earlier versions the carried version supersedes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lineage: Vec<Lineage>,
    /// Other versions of records above that are still in conflict on the exporting device.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<RecordVersion>,
}

impl Bundle {
    /// The JSON text, indented for reading when `pretty`, with a final newline. The header
    /// keys come first in field order (`TOP_LEVEL_KEYS`); inside the records the keys are
    /// sorted, as everything written through `crate::base::json` (one serializer per record type).
    /// Written record by record into one buffer (`json::ObjectWriter`): a district's bundle is
    /// 16 MB, and one `Value` tree of it would cost several times that.
    pub fn to_json(&self, pretty: bool) -> String {
        // serde_json fails only on non-string map keys or a failing custom Serialize; a bundle
        // has neither, so the fallback text is never produced in practice.
        let mut s = self.write(pretty).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }

    /// The members in the order of `TOP_LEVEL_KEYS`, optional ones as serde skips them.
    fn write(&self, pretty: bool) -> Result<String, serde_json::Error> {
        // About 2 KB per household in compact text: one allocation for a district.
        let mut w = crate::base::json::ObjectWriter::new(pretty, 1024 + 2200 * self.households.len());
        w.member("format", &self.format)?;
        w.member("format_version", &self.format_version)?;
        w.member("bundle_id", &self.bundle_id)?;
        w.member("plan", &self.plan)?;
        w.member("device_id", &self.device_id)?;
        w.member("exported_at", &crate::base::dates::stamp_text(self.exported_at))?;
        w.member("org_unit", &self.org_unit)?;
        if let Some(since) = &self.since {
            w.member("since", &crate::base::dates::stamp_text(*since))?;
        }
        w.list("households", &self.households)?;
        w.list("figures", &self.figures)?;
        w.list("reports", &self.reports)?;
        if !self.villages.is_empty() {
            w.list("villages", &self.villages)?;
        }
        w.list("tombstones", &self.tombstones)?;
        if !self.lineage.is_empty() {
            w.list("lineage", &self.lineage)?;
        }
        if !self.conflicts.is_empty() {
            w.list("conflicts", &self.conflicts)?;
        }
        Ok(w.finish())
    }

    /// Every record version in the bundle: current versions, tombstones, then conflicts.
    pub fn versions(&self) -> impl Iterator<Item = RecordVersion> + '_ {
        let h = self.households.iter().cloned().map(RecordVersion::Household);
        let f = self.figures.iter().cloned().map(RecordVersion::Figures);
        let r = self.reports.iter().cloned().map(RecordVersion::Report);
        let v = self.villages.iter().cloned().map(RecordVersion::Village);
        let t = self.tombstones.iter().cloned().map(RecordVersion::Tombstone);
        h.chain(f).chain(r).chain(v).chain(t).chain(self.conflicts.iter().cloned())
    }
}

/// Which plan a bundle belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRef {
    pub id: String,
    pub version: String,
}

/// The kinds of records a bundle carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Household,
    Figures,
    Report,
    /// A village of a commune's list (`crate::domain::org::VillageRecord`).
    Village,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] =
        [RecordKind::Household, RecordKind::Figures, RecordKind::Report, RecordKind::Village];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Household => "household",
            RecordKind::Figures => "figures",
            RecordKind::Report => "report",
            RecordKind::Village => "village",
        }
    }

    /// The kind named `name` (`as_str`'s text: a key segment, a stored column).
    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Vietnamese name, for messages.
    pub fn label_vi(self) -> &'static str {
        match self {
            RecordKind::Household => "phiếu hộ gia đình",
            RecordKind::Figures => "số liệu nhập",
            RecordKind::Report => "báo cáo",
            RecordKind::Village => "thôn, tổ dân phố",
        }
    }
}

/// A record's identity across kinds: UUIDs are unique per kind. Written as `household:<uuid>`
/// where a string is needed (JSON map keys of the stored state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKey {
    pub kind: RecordKind,
    pub id: Uuid,
}

impl RecordKey {
    pub fn new(kind: RecordKind, id: Uuid) -> Self {
        RecordKey { kind, id }
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.as_str(), self.id)
    }
}

impl FromStr for RecordKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (kind, id) = s.split_once(':').ok_or_else(|| format!("not a record key: {s}"))?;
        let kind = RecordKind::from_name(kind).ok_or_else(|| format!("unknown record kind: {kind}"))?;
        let id = Uuid::parse_str(id).map_err(|e| e.to_string())?;
        Ok(RecordKey { kind, id })
    }
}

impl Serialize for RecordKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RecordKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A deletion: the record `kind`/`id` was deleted at `deleted_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tombstone {
    pub kind: RecordKind,
    pub id: Uuid,
    #[serde(with = "crate::base::dates::stamp")]
    pub deleted_at: DateTime<Utc>,
    /// The org unit of the deleted record (a household's commune, the unit of figures or a
    /// report), so a commune's bundle carries only that commune's deletions. `None` in
    /// tombstones made before it was recorded and for records that had no unit: those go
    /// with every export, the safe side. Absent from the JSON when `None`, so such a
    /// tombstone's text and digest are what they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit_id: Option<String>,
}

/// The versions a record's carried version(s) supersede. A receiver drops any version it holds
/// that is named here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lineage {
    pub kind: RecordKind,
    pub id: Uuid,
    pub supersedes: Vec<VersionRef>,
}

/// Names one version of a record: its stamp (`updated_at`, or `deleted_at`) and a digest of its
/// canonical JSON. The stamp alone is not enough: two tablets whose clocks are behind both
/// stamp their edit 1 ms after the same version, and a lineage naming one of them must not
/// drop the other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionRef {
    #[serde(with = "crate::base::dates::stamp")]
    pub at: DateTime<Utc>,
    /// 64-bit FNV-1a of the canonical JSON, 16 lower-case hex digits.
    pub digest: String,
}

/// One version of one record, of any kind, or its deletion. In JSON: `{"household": {…}}`,
/// `{"figures": {…}}`, `{"report": {…}}` or `{"tombstone": {…}}`.
// Boxing would change nothing in the JSON and only add indirection; versions are few at a time.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordVersion {
    Household(Household),
    Figures(EnteredFigures),
    Report(Report),
    Village(VillageRecord),
    Tombstone(Tombstone),
}

impl RecordVersion {
    pub fn key(&self) -> RecordKey {
        match self {
            RecordVersion::Household(h) => RecordKey::new(RecordKind::Household, h.meta.id),
            RecordVersion::Figures(f) => RecordKey::new(RecordKind::Figures, f.meta.id),
            RecordVersion::Report(r) => RecordKey::new(RecordKind::Report, r.meta.id),
            RecordVersion::Village(v) => RecordKey::new(RecordKind::Village, v.meta.id),
            RecordVersion::Tombstone(t) => RecordKey::new(t.kind, t.id),
        }
    }

    /// The version's time: `updated_at`, or `deleted_at` for a tombstone. With the record key it
    /// names the version (lineage refers to versions by it).
    pub fn stamp(&self) -> DateTime<Utc> {
        match self {
            RecordVersion::Household(h) => h.meta.updated_at,
            RecordVersion::Figures(f) => f.meta.updated_at,
            RecordVersion::Report(r) => r.meta.updated_at,
            RecordVersion::Village(v) => v.meta.updated_at,
            RecordVersion::Tombstone(t) => t.deleted_at,
        }
    }

    /// Sets the version's time (for a new local version).
    pub(crate) fn set_stamp(&mut self, at: DateTime<Utc>) {
        match self {
            RecordVersion::Household(h) => h.meta.updated_at = at,
            RecordVersion::Figures(f) => f.meta.updated_at = at,
            RecordVersion::Report(r) => r.meta.updated_at = at,
            RecordVersion::Village(v) => v.meta.updated_at = at,
            RecordVersion::Tombstone(t) => t.deleted_at = at,
        }
    }

    /// The name of this version in lineage.
    pub fn version_ref(&self) -> VersionRef {
        VersionRef { at: self.stamp(), digest: digest(&self.canonical_json()) }
    }

    pub fn is_tombstone(&self) -> bool {
        matches!(self, RecordVersion::Tombstone(_))
    }

    /// The org unit the version belongs to, when it names one: a household's commune, the
    /// unit of figures or of a report, the unit a tombstone recorded.
    pub fn org_unit(&self) -> Option<&str> {
        let unit = match self {
            RecordVersion::Household(h) => Some(h.commune_id.as_str()),
            RecordVersion::Figures(f) => Some(f.org_unit_id.as_str()),
            RecordVersion::Report(r) => Some(r.org_unit_id.as_str()),
            // A village belongs to its commune: only that commune's bundles carry it.
            RecordVersion::Village(v) => Some(v.commune_id()),
            RecordVersion::Tombstone(t) => t.org_unit_id.as_deref(),
        };
        unit.filter(|u| !u.trim().is_empty())
    }

    /// The tombstone deleting this version at `at`, recording its unit.
    pub fn tombstone(&self, at: DateTime<Utc>) -> Tombstone {
        let key = self.key();
        Tombstone { kind: key.kind, id: key.id, deleted_at: at, org_unit_id: self.org_unit().map(str::to_string) }
    }

    /// Canonical JSON (object keys sorted at every level): equal content ⇔ equal text, whatever
    /// the serde_json features of the build. Breaks ties between versions with equal stamps, so
    /// every device picks the same current version.
    pub fn canonical_json(&self) -> String {
        let v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        let mut out = String::new();
        write_canonical(&v, &mut out);
        out
    }
}

/// A bundle id derived from other bundle ids (order and repeats ignored): a merge of the same
/// bundles gets the same id, so a receiver that has it already skips it as it should.
pub fn derived_bundle_id(parts: &[Uuid]) -> Uuid {
    let set: std::collections::BTreeSet<&Uuid> = parts.iter().collect();
    let text: String = set.iter().map(|u| u.to_string()).collect::<Vec<_>>().join(",");
    let hi = fnv1a(0xcbf2_9ce4_8422_2325, &format!("ansinh-merge:{text}"));
    let lo = fnv1a(hi, &text);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_be_bytes());
    bytes[8..].copy_from_slice(&lo.to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// 64-bit FNV-1a as 16 hex digits: stable across platforms and builds, which a std hasher is not.
pub(crate) fn digest(text: &str) -> String {
    format!("{:016x}", fnv1a(0xcbf2_9ce4_8422_2325, text))
}

fn write_canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            crate::base::sort::sort_by(&mut keys, |a, b| a.cmp(b));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}
