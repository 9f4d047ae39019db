//! Helpers shared by the bundle tests: small records, fixed times, exports with known ids, a
//! comparable view of a state's records, and damaged bundle files (`mutate`).
#![allow(dead_code)]

pub mod mutate;

use ansinh_core::domain::org::{OrgKind, OrgUnit, VillageRecord};
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{EnteredFigures, Household, RecordMeta};
use ansinh_core::report::Report;
use ansinh_core::sync::bundle::{Bundle, ExportOptions, ExportScope, LocalState, RecordVersion};
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use serde_json::json;
use uuid::Uuid;

pub fn plan() -> &'static Plan {
    Plan::embedded()
}

/// 2025-10-01T00:00Z plus `minutes`.
pub fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 10, 1, 0, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0000 | n)
}

/// A draft household of Đắk Kôi with one varying answer (the income), created at minute 0.
pub fn household(n: u128, minute: i64, income: i64) -> Household {
    let meta = RecordMeta { id: id(n), created_at: t(0), updated_at: t(minute) };
    let mut h = Household::new(meta, "dak-koi", "dak-koi-thon-1", NaiveDate::from_ymd_opt(2025, 9, 30).unwrap());
    h.income_per_person_vnd = Some(income);
    h
}

pub fn figures(n: u128, minute: i64, doctors: i64) -> EnteredFigures {
    let meta = RecordMeta { id: id(n), created_at: t(0), updated_at: t(minute) };
    let mut f = EnteredFigures::new(meta, "dak-koi", 2025);
    f.doctors = Some(doctors);
    f
}

/// Đắk Kôi's 2025 report, a draft whose difficulties (khó khăn) say `text`, saved at `minute`.
pub fn report(n: u128, minute: i64, text: &str) -> Report {
    let meta = RecordMeta { id: id(n), created_at: t(0), updated_at: t(0) };
    let mut r = Report::new_draft(plan(), "dak-koi", 2025, meta).unwrap();
    r.edit(t(minute), |c| c.difficulties = text.to_string()).unwrap();
    r
}

/// Village `n` of Đắk Kôi's list (unit id `dak-koi-<n as 12 hex digits>`, record id derived
/// from it), with a name.
pub fn village(n: u128, minute: i64, name: &str) -> VillageRecord {
    let unit_id = format!("dak-koi-{n:012x}");
    let meta = RecordMeta {
        id: ansinh_core::domain::org::village_record_id(&unit_id),
        created_at: t(0),
        updated_at: t(minute),
    };
    let unit = OrgUnit {
        id: unit_id,
        kind: OrgKind::Village,
        name: ansinh_core::i18n::Text::new(name, name),
        parent: Some("dak-koi".into()),
        urban: false,
        provisional: false,
        status: Default::default(),
        merged_into: None,
        village_kind: None,
    };
    VillageRecord { meta, unit }
}

pub fn export(state: &mut LocalState, bundle: u128, device: &str, minute: i64, scope: ExportScope) -> Bundle {
    state.export(
        plan(),
        &ExportOptions {
            bundle_id: Uuid::from_u128(0xb0_0000 + bundle),
            device_id: device.to_string(),
            exported_at: t(minute),
            org_unit: "kon-ray".to_string(),
            scope,
        },
    )
}

/// What a user can see of a state's records: current versions, tombstones, conflicts, and the
/// lineage that decides future merges. Excludes local counters, which depend on arrival order.
pub fn view(state: &LocalState) -> serde_json::Value {
    let lineage: serde_json::Map<String, serde_json::Value> = state
        .keys()
        .filter_map(|k| {
            let m = state.sync_meta(k)?;
            Some((k.to_string(), json!(m.supersedes)))
        })
        .collect();
    json!({
        "households": state.households(),
        "figures": state.figures(),
        "reports": state.reports(),
        "villages": state.villages(),
        "tombstones": state.tombstones(),
        "conflicts": state.conflicts(),
        "lineage": lineage,
    })
}

/// Canonical text of every version a state holds (current and in conflict).
pub fn held_versions(state: &LocalState) -> Vec<RecordVersion> {
    state.keys().flat_map(|k| state.heads(k)).collect()
}
