//! Aggregate-only export (issue 19): the table of a unit and year carries the engine's figures
//! and statuses, and nothing personal — no name, date of birth, or record/member id of any input
//! record, whatever the synthetic district.

use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::Dataset;
use ansinh_core::engine::aggregate::{aggregate_table, AggregateTable, FORMAT};
use ansinh_core::engine::{evaluate, latest_year_with_data};
use ansinh_core::views::dashboard::demo_dataset;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn table(data: &Dataset, unit: &str) -> AggregateTable {
    let plan = Plan::embedded();
    let year = latest_year_with_data(data).expect("the synthetic district has a year");
    let eval = evaluate(plan, data, year).expect("the embedded plan evaluates");
    aggregate_table(plan, &eval, unit)
}

/// Every personal string of the dataset: names, dates of birth (as the bundle writes them and as
/// Vietnamese write them), household, member and figure record ids.
fn personal_strings(data: &Dataset) -> Vec<String> {
    let mut out = Vec::new();
    for h in &data.households {
        out.push(h.meta.id.to_string());
        out.push(h.meta.id.simple().to_string());
        out.push(h.survey_date.to_string());
        for m in &h.members {
            out.push(m.id.to_string());
            if m.name.trim().chars().count() >= 4 {
                out.push(m.name.trim().to_owned());
            }
            if let Some(d) = m.date_of_birth {
                out.push(d.to_string());
                out.push(d.format("%d/%m/%Y").to_string());
            }
        }
    }
    out.extend(data.figures.iter().map(|f| f.meta.id.to_string()));
    out
}

/// Every distinct string of the file, keys and values (a few hundred: unit names, labels).
fn strings(json: &str) -> BTreeSet<String> {
    fn walk(v: &serde_json::Value, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::String(s) => {
                out.insert(s.clone());
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
                out.insert(k.clone());
                walk(x, out)
            }),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(&serde_json::from_str(json).expect("the file is JSON"), &mut out);
    out
}

fn assert_no_personal(data: &Dataset, json: &str) {
    let found = strings(json);
    for s in personal_strings(data) {
        assert!(!found.iter().any(|f| f.contains(&s)), "the aggregate file contains personal data: {s:?}");
    }
    // No field of a survey record by name either.
    for field in ["name_of_head", "date_of_birth", "record_id", "member_id", "household_id", "members", "survey_date"] {
        assert!(!found.contains(field), "the aggregate file has a personal field {field}");
    }
}

#[test]
fn the_district_table_has_every_unit_and_indicator_and_the_engines_figures() {
    let data = demo_dataset(600, 7);
    let plan = Plan::embedded();
    let year = latest_year_with_data(&data).unwrap();
    let eval = evaluate(plan, &data, year).unwrap();
    let t = aggregate_table(plan, &eval, &eval.district_id);
    assert_eq!(t.format, FORMAT);
    assert_eq!(t.year, year);
    // The district, each commune-level unit and their villages.
    assert_eq!(t.units[0].id, eval.district_id);
    assert_eq!(t.units.len(), eval.org_unit_ids.len());
    for c in plan.org_units.communes() {
        assert!(t.unit(&c.id).is_some(), "commune {} listed", c.id);
    }
    assert_eq!(t.indicators.len(), plan.indicators.len());
    assert_eq!(t.rows.len(), t.units.len() * t.indicators.len());
    for row in &t.rows {
        let r = eval.result(&row.indicator_id, &row.unit_id).expect("a row comes from a result");
        assert_eq!(row.value, r.value);
        assert_eq!(row.numerator, r.numerator);
        assert_eq!(row.denominator, r.denominator);
        assert_eq!(row.status, r.status);
        assert_eq!(row.status_label, r.status_label());
        assert_eq!(row.records_excluded, r.excluded.len() as u64);
        assert_eq!(row.coverage_percent, r.coverage.and_then(|c| c.percent()));
    }
    // The demo's drafts with errors are excluded somewhere: the table counts them, no ids.
    assert!(t.rows.iter().any(|r| r.records_excluded > 0));
    let json = t.to_json();
    assert_eq!(AggregateTable::from_json(&json).unwrap(), t);
    assert_no_personal(&data, &json);
}

#[test]
fn a_commune_table_has_the_commune_then_its_villages_only() {
    let data = demo_dataset(300, 3);
    let plan = Plan::embedded();
    let commune = &plan.org_units.communes()[1].id;
    let t = table(&data, commune);
    assert_eq!(&t.units[0].id, commune);
    assert!(t.units.len() > 1);
    for u in &t.units[1..] {
        assert_eq!(u.parent_id.as_deref(), Some(commune.as_str()));
    }
    assert!(t.rows.iter().all(|r| t.unit(&r.unit_id).is_some()));
}

#[test]
fn an_unknown_unit_gives_an_empty_table() {
    let t = table(&demo_dataset(50, 1), "no-such-unit");
    assert!(t.units.is_empty() && t.rows.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn no_name_date_of_birth_or_record_id_reaches_the_file(households in 20usize..400, seed in any::<u64>(), pick in 0usize..8) {
        let data = demo_dataset(households, seed);
        let plan = Plan::embedded();
        let unit = if pick == 0 {
            plan.org_units.district().unwrap().id.clone()
        } else {
            let communes = plan.org_units.communes();
            communes[(pick - 1) % communes.len()].id.clone()
        };
        let json = table(&data, &unit).to_json();
        assert_no_personal(&data, &json);
    }
}
