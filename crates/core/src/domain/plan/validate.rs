//! Loading and checking a plan file.
//!
//! Contract: three stages, each with its own error — syntax (line/column), format version
//! (checked before the shape, so a future format is reported as such and not as a field
//! error), shape (serde with the failing field's path) — then every semantic rule, collecting
//! all problems. No input makes this panic.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde_json::Value;

use super::error::{PlanError, Problem, ProblemKind};
use super::{Plan, Schedule, Target, Unit, SUPPORTED_FORMAT_VERSIONS};
use crate::domain::org::OrgKind;
use crate::i18n::Text;

/// Stages one and two, shared by both loaders: the syntax (with line and column), then the
/// format version, before any shape is read.
fn parsed(json: &str) -> Result<Value, PlanError> {
    let value: Value = serde_json::from_str(json).map_err(|e| PlanError::Syntax {
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    check_format_version(&value)?;
    Ok(value)
}

/// The last stage, shared by both loaders: every semantic rule, all problems at once.
fn checked(plan: Plan) -> Result<Plan, PlanError> {
    let problems = problems(&plan);
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(PlanError::Invalid(problems))
    }
}

pub(super) fn parse_and_validate(json: &str) -> Result<Plan, PlanError> {
    parsed(json)?;
    let mut de = serde_json::Deserializer::from_str(json);
    let plan: Plan = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        PlanError::Field {
            path,
            position: Some((inner.line(), inner.column())),
            detail: strip_position(&inner.to_string()),
        }
    })?;
    checked(plan)
}

/// Like `parse_and_validate`, but the shape is read from the parsed `Value` with no path
/// tracking: every plan type is then decoded by the same `Value` deserializer as the stored
/// records, so the app compiles one decoder per type (the path tracker and the text
/// deserializer cost over 100 KB of wasm). A shape error names the problem but not its path;
/// syntax errors keep their line and column, and every semantic rule runs.
pub(super) fn parse_and_validate_untracked(json: &str) -> Result<Plan, PlanError> {
    let value = parsed(json)?;
    let plan: Plan = serde_json::from_value(value).map_err(|e| PlanError::Field {
        path: ".".into(),
        position: None,
        detail: strip_position(&e.to_string()),
    })?;
    checked(plan)
}

/// serde_json appends " at line L column C"; the error carries those separately.
pub(super) fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn check_format_version(value: &Value) -> Result<(), PlanError> {
    let field =
        |detail: &str| PlanError::Field { path: "format_version".into(), detail: detail.into(), position: None };
    let Some(obj) = value.as_object() else {
        return Err(PlanError::Field {
            path: ".".into(),
            detail: "the plan must be a JSON object".into(),
            position: None,
        });
    };
    let v = obj.get("format_version").ok_or_else(|| field("missing field `format_version`"))?;
    let n = v.as_u64().ok_or_else(|| field("expected a non-negative integer"))?;
    if SUPPORTED_FORMAT_VERSIONS.iter().any(|s| u64::from(*s) == n) {
        Ok(())
    } else {
        Err(PlanError::UnsupportedVersion { found: n, supported: SUPPORTED_FORMAT_VERSIONS.to_vec() })
    }
}

/// Every semantic problem of a deserialized plan, in file order.
pub(super) fn problems(plan: &Plan) -> Vec<Problem> {
    let mut c = Checker { out: Vec::new() };

    if !SUPPORTED_FORMAT_VERSIONS.contains(&plan.format_version) {
        c.push("format_version", ProblemKind::BadParameter { detail: format!("unsupported {}", plan.format_version) });
    }
    c.non_empty("id", &plan.id);
    c.non_empty("version", &plan.version);
    for (path, t) in [
        ("purpose", &plan.purpose),
        ("requirements", &plan.requirements),
        ("general_goal", &plan.general_goal),
        ("vision_2045", &plan.vision_2045),
        ("document.title", &plan.document.title),
    ] {
        c.text(path, t);
    }

    // Agencies first: everything else refers to them.
    let agencies = c.unique_ids("agencies", "agency", plan.agencies.iter().map(|a| a.id.as_str()));
    for (i, a) in plan.agencies.iter().enumerate() {
        c.text(&format!("agencies[{i}].name"), &a.name);
    }
    c.reference("document.issuer", "agency", &agencies, &plan.document.issuer);

    // Source documents.
    let docs = c.unique_ids("implements", "source document", plan.implements.iter().map(|d| d.id.as_str()));
    for (i, d) in plan.implements.iter().enumerate() {
        if let Some(parent) = &d.implements {
            c.reference(&format!("implements[{i}].implements"), "source document", &docs, parent);
        }
    }

    // Params.
    let r = &plan.params.retirement;
    for (who, s) in [("male", &r.male), ("female", &r.female)] {
        if s.cap_months < s.base_months {
            c.push(
                format!("params.retirement.{who}.cap_months"),
                ProblemKind::BadParameter { detail: format!("cap {} < base {}", s.cap_months, s.base_months) },
            );
        }
    }
    if plan.params.reporting_decimals > 6 {
        c.push("params.reporting_decimals", ProblemKind::BadParameter { detail: "more than 6 decimals".into() });
    }

    // Indicators and groups.
    let groups =
        c.unique_ids("indicator_groups", "indicator group", plan.indicator_groups.iter().map(|g| g.id.as_str()));
    let indicators = c.unique_ids("indicators", "indicator", plan.indicators.iter().map(|i| i.id.as_str()));
    let sections = c.unique_ids("task_sections", "task section", plan.task_sections.iter().map(|s| s.id.as_str()));
    let tasks = c.unique_ids("tasks", "task", plan.tasks.iter().map(|t| t.id.as_str()));

    for (i, ind) in plan.indicators.iter().enumerate() {
        let p = format!("indicators[{i}]");
        c.text(&format!("{p}.name"), &ind.name);
        c.text(&format!("{p}.short_name"), &ind.short_name);
        c.reference(&format!("{p}.group"), "indicator group", &groups, &ind.group);
        c.reference(&format!("{p}.lead_agency"), "agency", &agencies, &ind.lead_agency);
        c.target(&format!("{p}.target"), ind.unit, &ind.target);
        if ind.tasks.is_empty() {
            c.push(format!("{p}.tasks"), ProblemKind::IndicatorWithoutTask);
        }
        for (j, t) in ind.tasks.iter().enumerate() {
            let tp = format!("{p}.tasks[{j}]");
            if c.reference(&tp, "task", &tasks, t) {
                let back = plan.tasks.iter().filter(|x| &x.id == t).any(|x| x.indicators.contains(&ind.id));
                if !back {
                    c.push(tp, ProblemKind::LinkNotMirrored { from: ind.id.clone(), to: t.clone() });
                }
            }
        }
        for (field, detail) in ind.computation.parameter_problems() {
            let method = ind.computation.method();
            c.push(format!("{p}.computation.{method}.{field}"), ProblemKind::BadParameter { detail });
        }
    }

    for (i, s) in plan.task_sections.iter().enumerate() {
        c.text(&format!("task_sections[{i}].title"), &s.title);
        if let Some(parent) = &s.parent {
            c.reference(&format!("task_sections[{i}].parent"), "task section", &sections, parent);
        }
    }
    c.acyclic("task_sections", plan.task_sections.iter().map(|s| (s.id.as_str(), s.parent.as_deref())));

    for (i, t) in plan.tasks.iter().enumerate() {
        let p = format!("tasks[{i}]");
        c.text(&format!("{p}.text"), &t.text);
        c.reference(&format!("{p}.section"), "task section", &sections, &t.section);
        for (field, list) in [
            ("leads", &t.leads),
            ("coordinating", &t.coordinating),
            ("implementers", &t.implementers),
            ("guided_by", &t.guided_by),
        ] {
            for (j, a) in list.iter().enumerate() {
                c.reference(&format!("{p}.{field}[{j}]"), "agency", &agencies, a);
            }
        }
        if t.leads.is_empty() && t.implementers.is_empty() {
            c.push(format!("{p}.implementers"), ProblemKind::Empty);
        }
        for (j, ind) in t.indicators.iter().enumerate() {
            let ip = format!("{p}.indicators[{j}]");
            if c.reference(&ip, "indicator", &indicators, ind) {
                let back = plan.indicators.iter().filter(|x| &x.id == ind).any(|x| x.tasks.contains(&t.id));
                if !back {
                    c.push(ip, ProblemKind::LinkNotMirrored { from: t.id.clone(), to: ind.clone() });
                }
            }
        }
    }

    // Section IV.
    let o = &plan.organisation;
    for (i, r) in o.roles.iter().enumerate() {
        c.reference(&format!("organisation.roles[{i}].agency"), "agency", &agencies, &r.agency);
        for (j, d) in r.duties.iter().enumerate() {
            c.text(&format!("organisation.roles[{i}].duties[{j}]"), d);
        }
    }
    c.unique_ids("organisation.deadlines", "deadline", o.deadlines.iter().map(|d| d.id.as_str()));
    for (i, d) in o.deadlines.iter().enumerate() {
        let p = format!("organisation.deadlines[{i}]");
        c.text(&format!("{p}.title"), &d.title);
        // The seed names no addressee for some deadlines (the commune action plan), so only
        // the responsible list must be non-empty.
        if d.responsible.is_empty() {
            c.push(format!("{p}.responsible"), ProblemKind::Empty);
        }
        for (field, list) in [("responsible", &d.responsible), ("recipients", &d.recipients)] {
            for (j, a) in list.iter().enumerate() {
                c.reference(&format!("{p}.{field}[{j}]"), "agency", &agencies, a);
            }
        }
        if let Schedule::Yearly { month, day, .. } = d.schedule {
            // A leap year accepts 29 February; anything else that fails there never exists.
            if NaiveDate::from_ymd_opt(2024, month, day).is_none() {
                c.push(format!("{p}.schedule.yearly"), ProblemKind::InvalidDate { month, day });
            }
        }
    }
    for (i, r) in plan.recipients.iter().enumerate() {
        c.text(&format!("recipients[{i}].name"), &r.name);
        if let Some(a) = &r.agency {
            c.reference(&format!("recipients[{i}].agency"), "agency", &agencies, a);
        }
    }
    c.non_empty("signatory.name", &plan.signatory.name);

    check_org_units(&mut c, plan);

    c.out
}

fn kind_name(k: OrgKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

fn unit_name(u: Unit) -> String {
    serde_json::to_value(u).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// The org units (the 2025 reorganisation as merges): one district root, known parents of
/// the right level, no loop.
fn check_org_units(c: &mut Checker, plan: &Plan) {
    let units = &plan.org_units.0;
    let unit_ids = c.unique_ids("org_units", "org unit", units.iter().map(|u| u.id.as_str()));
    let kind_of: HashMap<&str, OrgKind> = units.iter().map(|u| (u.id.as_str(), u.kind)).collect();
    let roots = units.iter().filter(|u| u.parent.is_none()).count();
    let district_roots = units.iter().filter(|u| u.parent.is_none() && u.kind == OrgKind::District).count();
    if roots != 1 || district_roots != 1 {
        c.push("org_units", ProblemKind::DistrictRoots { count: district_roots });
    }
    for (i, u) in units.iter().enumerate() {
        let p = format!("org_units[{i}]");
        c.text(&format!("{p}.name"), &u.name);
        match &u.parent {
            None if u.kind != OrgKind::District => c.push(
                format!("{p}.parent"),
                ProblemKind::BadParent { kind: kind_name(u.kind), parent_kind: "none".into() },
            ),
            None => {}
            Some(parent) => {
                let known = c.reference(&format!("{p}.parent"), "org unit", &unit_ids, parent);
                if let (true, Some(&pk)) = (known, kind_of.get(parent.as_str())) {
                    let ok = match u.kind {
                        OrgKind::District => false,
                        OrgKind::Town | OrgKind::Commune => pk == OrgKind::District,
                        OrgKind::Village => pk.is_commune_level(),
                    };
                    if !ok {
                        c.push(
                            format!("{p}.parent"),
                            ProblemKind::BadParent { kind: kind_name(u.kind), parent_kind: kind_name(pk) },
                        );
                    }
                }
            }
        }
    }
    c.acyclic("org_units", units.iter().map(|u| (u.id.as_str(), u.parent.as_deref())));
    // Merges (the 2025 reorganisation as data): into a known unit of the same level, no loop.
    for (i, u) in units.iter().enumerate() {
        let Some(target) = &u.merged_into else { continue };
        let p = format!("org_units[{i}].merged_into");
        if c.reference(&p, "org unit", &unit_ids, target) {
            let same_level = kind_of
                .get(target.as_str())
                .is_some_and(|&tk| tk == u.kind || (tk.is_commune_level() && u.kind.is_commune_level()));
            if !same_level || target == &u.id {
                c.push(p, ProblemKind::BadParameter { detail: format!("merged into \"{target}\" of another level") });
            }
        }
    }
    c.acyclic("org_units", units.iter().map(|u| (u.id.as_str(), u.merged_into.as_deref())));
}

struct Checker {
    out: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, kind: ProblemKind) {
        self.out.push(Problem::new(path, kind));
    }

    fn non_empty(&mut self, path: &str, s: &str) {
        if s.trim().is_empty() {
            self.push(path, ProblemKind::Empty);
        }
    }

    fn text(&mut self, path: &str, t: &Text) {
        self.non_empty(&format!("{path}.vi"), &t.vi);
        self.non_empty(&format!("{path}.en"), &t.en);
    }

    /// Records duplicates and empty ids; returns the set of ids for reference checks.
    fn unique_ids<'a>(
        &mut self,
        list: &str,
        what: &'static str,
        ids: impl Iterator<Item = &'a str>,
    ) -> HashSet<String> {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.push(format!("{list}[{i}].id"), ProblemKind::Empty);
            } else if !seen.insert(id.to_string()) {
                self.push(format!("{list}[{i}].id"), ProblemKind::DuplicateId { what, id: id.to_string() });
            }
        }
        seen
    }

    /// Records an unknown reference; returns whether the reference resolves.
    fn reference(&mut self, path: &str, what: &'static str, known: &HashSet<String>, id: &str) -> bool {
        let ok = known.contains(id);
        if !ok {
            self.push(path, ProblemKind::UnknownReference { what, id: id.to_string() });
        }
        ok
    }

    fn target(&mut self, path: &str, unit: Unit, t: &Target) {
        for v in t.values() {
            if !v.is_finite() {
                self.push(path, ProblemKind::NotFinite);
                return;
            }
        }
        let numeric = !matches!(t, Target::Status { .. } | Target::DecreasingToZero);
        let fits = match unit {
            Unit::Status => matches!(t, Target::Status { .. }),
            Unit::Count => numeric || matches!(t, Target::DecreasingToZero),
            _ => numeric,
        };
        if !fits {
            let target = t.kind_name().to_string();
            self.push(path, ProblemKind::TargetUnitMismatch { unit: unit_name(unit), target });
        }
        if let Target::Range { min, max, .. } = t {
            if min > max {
                self.push(path, ProblemKind::RangeInverted { min: *min, max: *max });
            }
        }
        if let Target::About { tolerance, .. } = t {
            if *tolerance < 0.0 {
                self.push(format!("{path}.tolerance"), ProblemKind::NegativeTolerance { value: *tolerance });
            }
        }
        if unit == Unit::Percent {
            let values: Vec<f64> = match t {
                Target::About { value, .. } => vec![*value],
                other => other.values(),
            };
            for v in values {
                if !(0.0..=100.0).contains(&v) {
                    self.push(path, ProblemKind::PercentOutOfRange { value: v });
                }
            }
        } else if numeric {
            // Every non-percent unit of the plan (rates, years, m², counts) is non-negative.
            if let Some(v) = t.values().into_iter().find(|v| *v < 0.0) {
                self.push(path, ProblemKind::BadParameter { detail: format!("negative target {v}") });
            }
        }
    }

    /// Reports each id whose parent chain returns to itself.
    fn acyclic<'a>(&mut self, list: &str, edges: impl Iterator<Item = (&'a str, Option<&'a str>)>) {
        let parent: Vec<(&str, Option<&str>)> = edges.collect();
        let map: HashMap<&str, Option<&str>> = parent.iter().copied().collect();
        for (i, (id, _)) in parent.iter().enumerate() {
            let mut cur = map.get(id).copied().flatten();
            let mut steps = 0;
            while let Some(p) = cur {
                if p == *id {
                    self.push(format!("{list}[{i}].parent"), ProblemKind::Cycle);
                    break;
                }
                steps += 1;
                if steps > parent.len() {
                    break;
                }
                cur = map.get(p).copied().flatten();
            }
        }
    }
}
