//! Properties of the engine over generated districts (`synth::district` with random sizes and
//! seeds, then random damage: blanked answers, implausible heights, unknown villages):
//! shares stay within [0, 100]; a commune evaluated alone equals its column in the district;
//! the order of households and members changes nothing; the district's numerator and
//! denominator are the sums over its communes (and a commune's over its villages) — not an
//! average of averages.

use ansinh_core::domain::org::OrgKind;
use ansinh_core::domain::plan::{Computation, Plan, Unit};
use ansinh_core::domain::survey::Dataset;
use ansinh_core::engine::{evaluate, is_survey_based, Evaluation, IndicatorResult};
use ansinh_core::synth;
use proptest::prelude::*;

const YEAR: i32 = synth::SURVEY_YEAR;

fn plan() -> &'static Plan {
    Plan::embedded()
}

fn eval(ds: &Dataset) -> Evaluation {
    evaluate(plan(), ds, YEAR).expect("embedded plan is supported")
}

/// Damages a generated district so that exclusions and unplaced records occur too.
fn damage(ds: &mut Dataset, hits: &[(usize, u8)]) {
    let n = ds.households.len();
    if n == 0 {
        return;
    }
    for &(i, kind) in hits {
        let h = &mut ds.households[i % n];
        match kind % 7 {
            0 => h.latrine = None,
            1 => {
                if let Some(m) = h.members.first_mut() {
                    m.labour_status = None;
                }
            }
            2 => h.village_id = format!("{}-thon-99", h.commune_id),
            3 => {
                for m in h.members.iter_mut().filter(|m| m.height.is_some()) {
                    if let Some(x) = m.height.as_mut() {
                        x.height_cm = 25.0;
                    }
                }
            }
            4 => h.floor_area_m2 = None,
            5 => {
                if let Some(m) = h.members.last_mut() {
                    m.health_insurance = None;
                    m.births_last_12m = None;
                }
            }
            _ => h.income_per_person_vnd = None,
        }
    }
}

fn district_strategy() -> impl Strategy<Value = Dataset> {
    (20usize..160, any::<u64>(), prop::collection::vec((any::<usize>(), any::<u8>()), 0..12)).prop_map(
        |(n, seed, hits)| {
            let mut ds = synth::district(n, seed);
            damage(&mut ds, &hits);
            ds
        },
    )
}

/// Fisher–Yates with a small xorshift, so a shuffle is reproducible from its seed.
fn shuffle<T>(v: &mut [T], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        (x, y) => x == y,
    }
}

/// Equal up to float summation order and the order of exclusion lists.
fn same_result(a: &IndicatorResult, b: &IndicatorResult) -> Result<(), String> {
    let key = |r: &IndicatorResult| (r.indicator_id.clone(), r.org_unit_id.clone(), r.status, r.records_used);
    if key(a) != key(b) {
        return Err(format!("{:?} != {:?}", key(a), key(b)));
    }
    for (x, y, what) in [
        (a.value, b.value, "value"),
        (a.numerator, b.numerator, "numerator"),
        (a.denominator, b.denominator, "denominator"),
    ] {
        if !close(x, y) {
            return Err(format!("{} / {}: {what} {x:?} != {y:?}", a.indicator_id, a.org_unit_id));
        }
    }
    let sorted = |r: &IndicatorResult| {
        let mut v: Vec<String> = r.excluded.iter().map(|e| format!("{e:?}")).collect();
        v.sort();
        v
    };
    if sorted(a) != sorted(b) {
        return Err(format!("{} / {}: exclusions differ", a.indicator_id, a.org_unit_id));
    }
    Ok(())
}

fn computation(id: &str) -> &'static Computation {
    &plan().indicator(id).expect("indicator").computation
}

/// Survey-based indicators whose numerator and denominator are plain sums over records.
fn additive(id: &str) -> bool {
    let c = computation(id);
    is_survey_based(c) && !matches!(c, Computation::SanitationFacilities { .. })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn shares_stay_within_0_and_100(ds in district_strategy()) {
        let e = eval(&ds);
        for r in &e.results {
            let c = computation(&r.indicator_id);
            if r.unit == Unit::Percent && !matches!(c, Computation::NaturalIncreaseRate { .. }) {
                if let Some(v) = r.value {
                    prop_assert!((0.0..=100.0).contains(&v), "{} / {} = {v}", r.indicator_id, r.org_unit_id);
                }
            }
            if let (Some(n), Some(d)) = (r.numerator, r.denominator) {
                if additive(&r.indicator_id) && !matches!(c, Computation::NaturalIncreaseRate { .. } | Computation::FloorAreaPerPerson { .. } | Computation::TotalFertilityRate { .. }) {
                    prop_assert!(n >= 0.0 && n <= d, "{} / {}: {n} of {d}", r.indicator_id, r.org_unit_id);
                }
            }
        }
    }

    #[test]
    fn a_commune_alone_equals_its_column(ds in district_strategy()) {
        let whole = eval(&ds);
        let units = &plan().org_units;
        for commune in units.communes() {
            let only = Dataset {
                households: ds.households.iter().filter(|h| h.commune_id == commune.id).cloned().collect(),
                figures: ds.figures.iter().filter(|f| f.org_unit_id == commune.id).cloned().collect(),
            };
            let alone = eval(&only);
            let mut orgs = vec![commune.id.as_str()];
            orgs.extend(units.children(&commune.id).iter().map(|v| v.id.as_str()));
            for org in orgs {
                for (a, b) in alone.for_org(org).into_iter().zip(whole.for_org(org)) {
                    prop_assert_eq!(a, b);
                }
            }
        }
    }

    #[test]
    fn order_of_households_and_members_changes_nothing(ds in district_strategy(), seed in 1u64..) {
        let before = eval(&ds);
        let mut shuffled = ds.clone();
        let mut s = seed;
        shuffle(&mut shuffled.households, &mut s);
        for h in &mut shuffled.households {
            shuffle(&mut h.members, &mut s);
        }
        shuffle(&mut shuffled.figures, &mut s);
        let after = eval(&shuffled);
        prop_assert_eq!(before.results.len(), after.results.len());
        for (a, b) in before.results.iter().zip(&after.results) {
            if let Err(msg) = same_result(a, b) {
                prop_assert!(false, "{}", msg);
            }
        }
        let mut u1: Vec<String> = before.unplaced.iter().map(|x| format!("{x:?}")).collect();
        let mut u2: Vec<String> = after.unplaced.iter().map(|x| format!("{x:?}")).collect();
        u1.sort();
        u2.sort();
        prop_assert_eq!(u1, u2);
    }

    #[test]
    fn district_sums_its_communes_and_communes_their_villages(ds in district_strategy()) {
        let e = eval(&ds);
        let units = &plan().org_units;
        let district = units.district().unwrap().id.as_str();
        for ind in &plan().indicators {
            if !additive(&ind.id) {
                continue;
            }
            let parts = |parent: &str| {
                let kids = units.children(parent);
                let rs: Vec<&IndicatorResult> = kids.iter().map(|k| e.result(&ind.id, &k.id).unwrap()).collect();
                (
                    rs.iter().map(|r| r.numerator.unwrap_or(0.0)).sum::<f64>(),
                    rs.iter().map(|r| r.denominator.unwrap_or(0.0)).sum::<f64>(),
                    rs.iter().map(|r| r.records_used).sum::<u64>(),
                )
            };
            let mut parents = vec![district];
            parents.extend(units.communes().iter().map(|c| c.id.as_str()));
            for parent in parents {
                let r = e.result(&ind.id, parent).unwrap();
                let (n, d, used) = parts(parent);
                prop_assert!(close(r.numerator, Some(n)), "{} / {parent}: numerator {:?} vs Σ {n}", ind.id, r.numerator);
                prop_assert!(close(r.denominator, Some(d)), "{} / {parent}: denominator {:?} vs Σ {d}", ind.id, r.denominator);
                prop_assert_eq!(r.records_used, used);
                // The district's share is the pooled ratio, not the mean of commune shares.
                if matches!(r.unit, Unit::Percent) && d > 0.0 && !matches!(ind.computation, Computation::TotalFertilityRate { .. }) {
                    prop_assert!(close(r.value, Some(100.0 * n / d)), "{} / {parent}: {:?} vs {}", ind.id, r.value, 100.0 * n / d);
                }
            }
        }
        // Sanity of the fixture: every kind of unit is evaluated.
        prop_assert!(units.all().iter().any(|u| u.kind == OrgKind::Village));
    }
}
