//! The reference statistic of #1: median and mean income per person of each unit's households.
//!
//! Contract: a household with an income counts in its village, its commune-level unit and the
//! district. Means sum in household order (so the bits do not depend on anything else); the
//! median of an even count is the mean of the two middle values. Linear: each unit's incomes
//! are gathered once into one buffer and the middle found by selection, not by sorting.

use crate::{Household, Tree};

/// `(median, mean)` per unit, `None` where no household of the unit has an income.
// Never inlined into its size-optimised caller (see `tally`).
#[inline(never)]
pub fn income_stats(households: &[Household], tree: &Tree) -> Vec<(Option<f64>, Option<f64>)> {
    let n = tree.units;
    let levels = |h: &Household| [h.village as usize, h.commune as usize, tree.district as usize];
    let mut sums = vec![(0.0f64, 0usize); n];
    for h in households {
        if let Some(x) = h.income_per_person_vnd {
            for o in levels(h) {
                sums[o].0 += x as f64;
                sums[o].1 += 1;
            }
        }
    }
    // One buffer, each unit's incomes in its own range.
    let mut start = Vec::with_capacity(n + 1);
    let mut total = 0;
    for &(_, count) in &sums {
        start.push(total);
        total += count;
    }
    start.push(total);
    let mut fill = start.clone();
    let mut buf = vec![0i64; total];
    for h in households {
        if let Some(x) = h.income_per_person_vnd {
            for o in levels(h) {
                buf[fill[o]] = x;
                fill[o] += 1;
            }
        }
    }
    (0..n)
        .map(|o| {
            let (sum, count) = sums[o];
            let median = median(&mut buf[start[o]..start[o + 1]]);
            (median, (count > 0).then(|| sum / count as f64))
        })
        .collect()
}

fn median(v: &mut [i64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let (below, &mut upper, _) = v.select_nth_unstable(n / 2);
    Some(if n % 2 == 1 {
        upper as f64
    } else {
        let lower = below.iter().copied().max().unwrap_or(upper);
        (lower as f64 + upper as f64) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn hh(village: u32, income: Option<i64>) -> Household {
        Household {
            village,
            commune: 1,
            urban: false,
            survey_date: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            first_member: 0,
            members: 0,
            meritorious_service: None,
            income_per_person_vnd: income,
            poverty: None,
            disaster_affected: None,
            ethnic_minority: None,
            remote_village: None,
            latrine: None,
            clean_water: None,
            housing: None,
            floor_area_m2: None,
            radio_tv: None,
            deaths_last_12m: None,
        }
    }

    #[test]
    fn medians_and_means_per_level() {
        // Units: 0 district, 1 commune, 2 and 3 villages.
        let tree = Tree { units: 4, district: 0, villages: &[(2, 1), (3, 1)], communes: &[1] };
        let hs = [hh(2, Some(300)), hh(2, Some(100)), hh(3, None), hh(3, Some(200)), hh(2, Some(900))];
        let s = income_stats(&hs, &tree);
        // Village 2: 100, 300, 900 → median 300, mean 433.33…; village 3: 200 alone.
        assert_eq!(s[2], (Some(300.0), Some(1300.0 / 3.0)));
        assert_eq!(s[3], (Some(200.0), Some(200.0)));
        // Commune and district: 100, 200, 300, 900 → median (200 + 300) / 2.
        assert_eq!(s[1], (Some(250.0), Some(375.0)));
        assert_eq!(s[0], s[1]);
    }

    #[test]
    fn a_unit_without_incomes_has_no_statistic() {
        let tree = Tree { units: 4, district: 0, villages: &[(2, 1), (3, 1)], communes: &[1] };
        let s = income_stats(&[hh(2, Some(-5)), hh(3, None)], &tree);
        assert_eq!(s[3], (None, None));
        assert_eq!(s[2], (Some(-5.0), Some(-5.0)));
    }
}
