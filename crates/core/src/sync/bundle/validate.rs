//! Reading a bundle file: every check, in the order a person fixing the file needs them.
//!
//! Contract: `parse_bundle` never panics and returns either a bundle that passed *every* check
//! or the first failing stage's error: size, JSON syntax (line/column), `format`,
//! `format_version`, plan id, shape of every field (path, line/column), then the rules of
//! `validate_bundle` (all problems at once). It changes nothing anywhere.
//!
//! Record rules: a `complete` household must have no blocking problem (as when it is saved);
//! a `draft` may carry answer errors — the survey module lets a tablet keep such a draft and
//! shows the errors — so only the identity of a draft (meta, member ids) must be sound, or the
//! tablet could never hand its work over. Entered figures have no draft state: any error
//! rejects them. A different plan *version* is accepted (records are answers, not plan data);
//! a different plan *id* is not.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};

use super::error::{BundleProblem, ImportError, ProblemKind};
use super::{locate, read};
use super::{Bundle, RecordKey, RecordKind, RecordVersion, Tombstone, VersionRef, FORMAT_NAME, FORMAT_VERSION};
use crate::base::json::scan::{offset_of, Scanner};
use crate::domain::org::{OrgUnits, VillageRecord};
use crate::domain::plan::Plan;
use crate::domain::survey::{Completeness, EnteredFigures, Household, Severity};
use crate::report::Report;

/// Default largest bundle accepted: 50 MB is several times a whole district's survey.
pub const DEFAULT_MAX_BYTES: usize = 50_000_000;
/// Problems collected before validation stops listing (the file is hopeless by then).
const MAX_PROBLEMS: usize = 1000;

/// Limits of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes; checked before parsing anything.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// Parses and fully validates a bundle file for `plan`. See the module contract.
///
/// Why through `Value` and a path found afterwards (`locate`) rather than straight from the
/// text or with `serde_path_to_error`: the store decodes every record type from a `Value`
/// already, so decoding the bundle the same way compiles no second decoder per record type
/// (the text deserializer's copy cost about 50 KB of wasm, the path tracker's would cost
/// more); only a failing file pays for finding the path of the failing field.
///
/// Why record by record (`read`): one `Value` tree of a district's 16 MB file costs several
/// times its size in memory and most of the import's time. The text is still read by
/// serde_json from end to end, so the grammar and every syntax error are serde_json's; a
/// record that does not decode is located inside a small document made of the header and
/// the failing record (not by re-decoding copies of the whole file), and every error is
/// exactly the one the whole-document reading (`parse_bundle_whole`) gives.
pub fn parse_bundle(bytes: &[u8], plan: &Plan, limits: &Limits) -> Result<Bundle, ImportError> {
    let text = checked_text(bytes, limits)?;
    let Some(read) = read::read(text).map_err(|e| syntax(&e))? else {
        // Not an object: no bundle, whatever it holds; the whole reading says which error.
        return parse_text_whole(text, plan);
    };
    let mut header = read.header;
    for key in &read.lists {
        header.insert((*key).to_string(), serde_json::Value::Array(Vec::new()));
    }
    let header = serde_json::Value::Object(header);
    // Say what kind of file it is before blaming a field (as the whole reading does).
    check_header(&header, plan)?;
    if read.failed.is_empty() {
        if let Ok(mut bundle) = serde_json::from_value::<Bundle>(header.clone()) {
            let lists = read.records;
            bundle.households = lists.households;
            bundle.figures = lists.figures;
            bundle.reports = lists.reports;
            bundle.villages = lists.villages;
            bundle.tombstones = lists.tombstones;
            bundle.lineage = lists.lineage;
            bundle.conflicts = lists.conflicts;
            validate_bundle(&bundle, plan)?;
            return Ok(bundle);
        }
    }
    // Some member does not decode. serde reads the members in key order and stops at the
    // first failing value, and a record list's items before its first failing one decode
    // fine: so the document made of the header and, in each list, only its first failing
    // item fails with the very error of the whole file, at the same path but for the index.
    let mut small = header;
    let mut at = BTreeMap::new();
    for (list, index) in &read.failed {
        let Some((value, _)) = read::item_value(text, list, *index) else {
            return parse_text_whole(text, plan);
        };
        small[*list] = serde_json::Value::Array(vec![value]);
        at.insert(*list, *index);
    }
    let decode = |v: serde_json::Value| serde_json::from_value::<Bundle>(v).err();
    let Some(e) = decode(small.clone()) else {
        // Cannot happen (some member failed alone); the whole reading is the safe answer.
        return parse_text_whole(text, plan);
    };
    let mut path = locate::failing_path(&small, &e.to_string(), |v| decode(v).map(|e| e.to_string()));
    if let [locate::Step::Key(list), locate::Step::Index(i), ..] = path.as_mut_slice() {
        if let Some(index) = at.get(list.as_str()) {
            *i = *index;
        }
    }
    Err(field_error(text, &e, &path))
}

/// `parse_bundle` reading the file as one `Value` tree: the reference the record-by-record
/// reader is tested against (same bundle, same error).
#[doc(hidden)]
pub fn parse_bundle_whole(bytes: &[u8], plan: &Plan, limits: &Limits) -> Result<Bundle, ImportError> {
    parse_text_whole(checked_text(bytes, limits)?, plan)
}

/// The file as text, if it is within the size limit and UTF-8.
fn checked_text<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a str, ImportError> {
    if bytes.len() > limits.max_bytes {
        return Err(ImportError::TooLarge { size: bytes.len(), limit: limits.max_bytes });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        ImportError::Syntax { line, column, detail: "invalid UTF-8".into() }
    })
}

fn parse_text_whole(text: &str, plan: &Plan) -> Result<Bundle, ImportError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax(&e))?;
    // Say what kind of file it is before blaming a field: another kind of JSON, another
    // format version or plan.
    check_header(&value, plan)?;
    match serde_json::from_value::<Bundle>(value) {
        Ok(bundle) => {
            validate_bundle(&bundle, plan)?;
            Ok(bundle)
        }
        Err(e) => {
            // The value was consumed by the decoder; a failing file is parsed once more.
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax(&e))?;
            let path = locate::failing_path(&value, &e.to_string(), |v| {
                serde_json::from_value::<Bundle>(v).err().map(|e| e.to_string())
            });
            Err(field_error(text, &e, &path))
        }
    }
}

/// The shape error `e` at `path`, with the line and column of that value in `text`.
fn field_error(text: &str, e: &serde_json::Error, path: &[locate::Step]) -> ImportError {
    let (line, column) = locate::position_of(text, path);
    ImportError::Field { path: locate::render(path), detail: bare_detail(e), line, column }
}

/// The JSON path (`households[3].members[1].date_of_birth`) of the value being read at
/// `line`/`column` (serde_json's 1-based line, byte column) of a syntactically valid `text`:
/// the keys and indices of the containers open at that point. `.` for the top level.
pub fn json_path_at(text: &str, line: usize, column: usize) -> String {
    let end = offset_of(text, line, column);
    let mut scan = Scanner::new(text);
    while scan.pos() < end && scan.next().is_some() {}
    scan.path()
}

fn syntax(e: &serde_json::Error) -> ImportError {
    ImportError::Syntax { line: e.line(), column: e.column(), detail: bare_detail(e) }
}

/// serde_json's message without its " at line L column C" suffix (we report those apart).
fn bare_detail(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn check_header(value: &serde_json::Value, plan: &Plan) -> Result<(), ImportError> {
    let Some(obj) = value.as_object() else {
        return Err(ImportError::NotABundle { found: None });
    };
    match obj.get("format") {
        Some(serde_json::Value::String(s)) if s == FORMAT_NAME => {}
        Some(serde_json::Value::String(s)) => return Err(ImportError::NotABundle { found: Some(s.clone()) }),
        Some(other) => return Err(ImportError::NotABundle { found: Some(other.to_string()) }),
        None => return Err(ImportError::NotABundle { found: None }),
    }
    match obj.get("format_version") {
        Some(v) if v.as_u64().is_some_and(super::reads_format_version) => {}
        Some(v) => return Err(ImportError::UnsupportedVersion { found: v.to_string(), supported: FORMAT_VERSION }),
        None => {
            return Err(ImportError::UnsupportedVersion {
                found: "(thiếu / missing)".into(),
                supported: FORMAT_VERSION,
            })
        }
    }
    if let Some(id) = obj.get("plan").and_then(|p| p.get("id")).and_then(|id| id.as_str()) {
        if id != plan.id {
            return Err(ImportError::WrongPlan { found: id.to_string(), expected: plan.id.clone() });
        }
    }
    Ok(())
}

/// Checks the rules of a bundle already in memory (one built by `export`, or parsed); every
/// problem at once. `parse_bundle` calls it; callers holding a `Bundle` from elsewhere should too.
pub fn validate_bundle(bundle: &Bundle, plan: &Plan) -> Result<(), ImportError> {
    if bundle.format != FORMAT_NAME {
        return Err(ImportError::NotABundle { found: Some(bundle.format.clone()) });
    }
    if !super::reads_format_version(u64::from(bundle.format_version)) {
        return Err(ImportError::UnsupportedVersion {
            found: bundle.format_version.to_string(),
            supported: FORMAT_VERSION,
        });
    }
    if bundle.plan.id != plan.id {
        return Err(ImportError::WrongPlan { found: bundle.plan.id.clone(), expected: plan.id.clone() });
    }
    // Villages the bundle adds count as known to the households and merges it carries.
    let village_records = bundle.villages.iter().chain(bundle.conflicts.iter().filter_map(|c| match c {
        RecordVersion::Village(v) => Some(v),
        _ => None,
    }));
    let known = plan.org_units.with_records(village_records);
    let mut v = Validator { plan, known: &known, scope: &bundle.org_unit, problems: Vec::new() };
    if bundle.device_id.trim().is_empty() {
        v.push("device_id", ProblemKind::Empty);
    }
    if bundle.org_unit.trim().is_empty() {
        v.push("org_unit", ProblemKind::Empty);
    } else if plan.org_units.get(&bundle.org_unit).is_none() {
        v.push("org_unit", ProblemKind::UnknownOrgUnit { id: bundle.org_unit.clone() });
    }
    let scope_known = plan.org_units.get(&bundle.org_unit).is_some();

    // Current versions: one per record. Records are looked at in place (a district's bundle
    // is thousands of them) and their paths written only for a problem.
    let main = (bundle.households.iter().enumerate().map(|(i, h)| (At::new("households", i), Carried::Household(h))))
        .chain(bundle.figures.iter().enumerate().map(|(i, f)| (At::new("figures", i), Carried::Figures(f))))
        .chain(bundle.reports.iter().enumerate().map(|(i, r)| (At::new("reports", i), Carried::Report(r))))
        .chain(bundle.villages.iter().enumerate().map(|(i, r)| (At::new("villages", i), Carried::Village(r))))
        .chain(bundle.tombstones.iter().enumerate().map(|(i, t)| (At::new("tombstones", i), Carried::Tombstone(t))));
    let mut carried: BTreeMap<RecordKey, Vec<Carried>> = BTreeMap::new();
    for (at, version) in main {
        v.check_version(at, version, scope_known);
        let versions = carried.entry(version.key()).or_default();
        if !versions.is_empty() {
            v.push(format!("{at}.{}", version.id_field()), ProblemKind::DuplicateRecord { key: version.key() });
        }
        versions.push(version);
    }

    // Conflicting versions: of a carried record, each distinct from the others. Equal stamps
    // are legal only with different content (two devices saving at the same instant).
    for (i, c) in bundle.conflicts.iter().enumerate() {
        let at = At { list: "conflicts", index: i, variant: Some(variant_name(c)) };
        let c = Carried::Version(c);
        v.check_version(at, c, scope_known);
        let key = c.key();
        let Some(versions) = carried.get_mut(&key) else {
            v.push(at.to_string(), ProblemKind::NoCurrentVersion { key });
            continue;
        };
        let same_stamp: Vec<&Carried> = versions.iter().filter(|o| o.stamp() == c.stamp()).collect();
        if !same_stamp.is_empty() {
            let canon = c.canonical_json();
            if same_stamp.iter().any(|o| o.canonical_json() == canon) {
                v.push(format!("{at}.{}", c.id_field()), ProblemKind::DuplicateRecord { key });
            }
        }
        versions.push(c);
    }

    let mut with_lineage = BTreeSet::new();
    for (i, l) in bundle.lineage.iter().enumerate() {
        let key = RecordKey::new(l.kind, l.id);
        let path = format!("lineage[{i}]");
        let Some(versions) = carried.get(&key) else {
            v.push(path, ProblemKind::NoCurrentVersion { key });
            continue;
        };
        if !with_lineage.insert(key) {
            v.push(path.clone(), ProblemKind::DuplicateLineage { key });
        }
        for (j, r) in l.supersedes.iter().enumerate() {
            if r.digest.len() != 16 || !r.digest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                v.push(format!("{path}.supersedes[{j}].digest"), ProblemKind::BadDigest);
            }
        }
        // A digest is worth computing only for a version with the stamp the entry names.
        let carries = |s: &VersionRef| versions.iter().any(|o| o.stamp() == s.at && o.version_ref() == *s);
        if let Some(j) = l.supersedes.iter().position(carries) {
            v.push(format!("{path}.supersedes[{j}]"), ProblemKind::SupersedesCarriedVersion { key });
        }
    }

    if v.problems.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Invalid(v.problems))
    }
}

/// Where a record is in the bundle (`households[3]`, `conflicts[0].household`), written out
/// only when a problem is reported.
#[derive(Debug, Clone, Copy)]
struct At {
    list: &'static str,
    index: usize,
    variant: Option<&'static str>,
}

impl At {
    fn new(list: &'static str, index: usize) -> Self {
        At { list, index, variant: None }
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.list, self.index)?;
        match self.variant {
            Some(v) => write!(f, ".{v}"),
            None => Ok(()),
        }
    }
}

/// A version the bundle carries, borrowed from it.
#[derive(Debug, Clone, Copy)]
enum Carried<'a> {
    Household(&'a Household),
    Figures(&'a EnteredFigures),
    Report(&'a Report),
    Village(&'a VillageRecord),
    Tombstone(&'a Tombstone),
    Version(&'a RecordVersion),
}

impl Carried<'_> {
    fn owned(self) -> RecordVersion {
        match self {
            Carried::Household(h) => RecordVersion::Household(h.clone()),
            Carried::Figures(f) => RecordVersion::Figures(f.clone()),
            Carried::Report(r) => RecordVersion::Report(r.clone()),
            Carried::Village(v) => RecordVersion::Village(v.clone()),
            Carried::Tombstone(t) => RecordVersion::Tombstone(t.clone()),
            Carried::Version(v) => v.clone(),
        }
    }

    fn key(self) -> RecordKey {
        match self {
            Carried::Household(h) => RecordKey::new(RecordKind::Household, h.meta.id),
            Carried::Figures(f) => RecordKey::new(RecordKind::Figures, f.meta.id),
            Carried::Report(r) => RecordKey::new(RecordKind::Report, r.meta.id),
            Carried::Village(v) => RecordKey::new(RecordKind::Village, v.meta.id),
            Carried::Tombstone(t) => RecordKey::new(t.kind, t.id),
            Carried::Version(v) => v.key(),
        }
    }

    fn stamp(self) -> DateTime<Utc> {
        match self {
            Carried::Household(h) => h.meta.updated_at,
            Carried::Figures(f) => f.meta.updated_at,
            Carried::Report(r) => r.meta.updated_at,
            Carried::Village(v) => v.meta.updated_at,
            Carried::Tombstone(t) => t.deleted_at,
            Carried::Version(v) => v.stamp(),
        }
    }

    fn canonical_json(self) -> String {
        self.owned().canonical_json()
    }

    fn version_ref(self) -> VersionRef {
        self.owned().version_ref()
    }

    fn id_field(self) -> &'static str {
        match self {
            Carried::Tombstone(_) | Carried::Version(RecordVersion::Tombstone(_)) => "id",
            _ => "meta.id",
        }
    }
}

fn variant_name(version: &RecordVersion) -> &'static str {
    match version {
        RecordVersion::Household(_) => "household",
        RecordVersion::Figures(_) => "figures",
        RecordVersion::Report(_) => "report",
        RecordVersion::Village(_) => "village",
        RecordVersion::Tombstone(_) => "tombstone",
    }
}

struct Validator<'a> {
    plan: &'a Plan,
    /// The plan's units with the bundle's village records laid over them.
    known: &'a OrgUnits,
    scope: &'a str,
    problems: Vec<BundleProblem>,
}

impl Validator<'_> {
    fn push(&mut self, path: impl Into<String>, kind: ProblemKind) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(BundleProblem::new(path, kind));
        }
    }

    fn check_version(&mut self, at: At, version: Carried, scope_known: bool) {
        if version.key().id.is_nil() {
            self.push(format!("{at}.{}", version.id_field()), ProblemKind::NilId);
        }
        let version = match version {
            Carried::Version(RecordVersion::Household(h)) => Carried::Household(h),
            Carried::Version(RecordVersion::Figures(f)) => Carried::Figures(f),
            Carried::Version(RecordVersion::Report(r)) => Carried::Report(r),
            Carried::Version(RecordVersion::Village(r)) => Carried::Village(r),
            Carried::Version(RecordVersion::Tombstone(t)) => Carried::Tombstone(t),
            other => other,
        };
        match version {
            Carried::Household(h) => {
                for p in h.validate() {
                    let draft_identity =
                        p.field.starts_with("meta") || (p.field.starts_with("members[") && p.field.ends_with("].id"));
                    let rejected = match h.completeness {
                        Completeness::Complete => p.blocks(Completeness::Complete),
                        // A refusal that still carries personal data must not travel either.
                        Completeness::Draft => {
                            p.severity == Severity::Error && (draft_identity || p.field == "consent")
                        }
                    };
                    if rejected {
                        self.push(format!("{at}.{}", p.field), ProblemKind::Record { message: p.message });
                    }
                }
                self.check_unit(at, "commune_id", &h.commune_id, scope_known);
            }
            Carried::Figures(f) => {
                for p in f.validate() {
                    if p.severity == Severity::Error {
                        self.push(format!("{at}.{}", p.field), ProblemKind::Record { message: p.message });
                    }
                }
                self.check_unit(at, "org_unit_id", &f.org_unit_id, scope_known);
            }
            Carried::Report(r) => {
                if r.meta.updated_at < r.meta.created_at {
                    self.push(format!("{at}.meta.updated_at"), ProblemKind::UpdatedBeforeCreated);
                }
                self.check_unit(at, "org_unit_id", &r.org_unit_id, scope_known);
            }
            Carried::Village(r) => {
                if r.meta.updated_at < r.meta.created_at {
                    self.push(format!("{at}.meta.updated_at"), ProblemKind::UpdatedBeforeCreated);
                }
                for p in r.validate(&self.plan.org_units, self.known) {
                    self.push(format!("{at}.{}", p.field), ProblemKind::Record { message: p.message });
                }
                // Only the commune itself (or a bundle of a unit above it, relaying) changes
                // its list; named so the office knows whose file it is.
                let commune = r.commune_id();
                if scope_known
                    && self.plan.org_units.get(commune).is_some()
                    && !self.plan.org_units.is_within(commune, self.scope)
                {
                    self.push(
                        format!("{at}.unit.parent"),
                        ProblemKind::OtherCommuneVillage {
                            village: r.unit.name.vi.clone(),
                            commune: self
                                .plan
                                .org_units
                                .get(commune)
                                .map_or(commune, |c| c.name.vi.as_str())
                                .to_string(),
                            scope: self
                                .plan
                                .org_units
                                .get(self.scope)
                                .map_or(self.scope, |c| c.name.vi.as_str())
                                .to_string(),
                        },
                    );
                }
            }
            Carried::Tombstone(t) => {
                if let Some(unit) = &t.org_unit_id {
                    self.check_unit(at, "org_unit_id", unit, scope_known);
                }
            }
            Carried::Version(_) => {}
        }
    }

    /// A record's unit must be known and inside the bundle's scope. An empty unit is a missing
    /// answer of a draft, judged by the record's own validation.
    fn check_unit(&mut self, at: At, field: &str, unit: &str, scope_known: bool) {
        if unit.trim().is_empty() {
            return;
        }
        if self.plan.org_units.get(unit).is_none() {
            self.push(format!("{at}.{field}"), ProblemKind::UnknownOrgUnit { id: unit.to_string() });
        } else if scope_known && !self.plan.org_units.is_within(unit, self.scope) {
            self.push(
                format!("{at}.{field}"),
                ProblemKind::OutOfScope { unit: unit.to_string(), scope: self.scope.to_string() },
            );
        }
    }
}
