//! The district roll-up: who reported and when, the indicator table per commune with the
//! district total from all records (not an average of averages), and the consolidated draft.

mod report_support;

use ansinh_core::domain::survey::{Dataset, Latrine};
use ansinh_core::engine::{evaluate, Status};
use ansinh_core::report::{commune_quotes, district_rollup, Report, SubmissionStatus};
use ansinh_core::synth;
use chrono::{DateTime, Utc};
use report_support::*;

const COMMUNES: [&str; 7] = ["dak-rve", "dak-koi", "dak-pne", "dak-ruong", "dak-to-lung", "dak-to-re", "tan-lap"];

/// Đắk Kôi 1/1 hygienic latrines (100 %), Tân Lập 1/3 (33.3 %): the district is 2/4 = 50 %,
/// while the mean of the two commune values is 66.7 %.
fn uneven() -> Dataset {
    dataset(vec![
        latrine_household(1, "dak-koi-thon-1", Latrine::Hygienic),
        latrine_household(2, "tan-lap-thon-1", Latrine::Hygienic),
        latrine_household(3, "tan-lap-thon-1", Latrine::Unhygienic),
        latrine_household(4, "tan-lap-thon-2", Latrine::NoLatrine),
    ])
}

fn finalised(n: u128, org: &str, when: DateTime<Utc>, difficulties: &str, proposals: &str) -> Report {
    let mut r = draft(n, org, YEAR);
    r.edit(when, |c| {
        c.difficulties = difficulties.into();
        c.proposals = proposals.into();
    })
    .unwrap();
    r.finalise(plan(), &evaluate(plan(), &uneven(), YEAR).unwrap(), "Cán bộ xã", when).unwrap();
    r
}

fn reports() -> Vec<Report> {
    let mut rve_draft = draft(10, "dak-rve", YEAR);
    rve_draft.edit(at(YEAR, 12, 1, 0, 0), |c| c.difficulties = "Bản nháp chưa gửi".into()).unwrap();
    vec![
        finalised(11, KOI, at(YEAR, 12, 2, 3, 0), "Thiếu kinh phí", "  Bổ sung kinh phí xây nhà tiêu  "),
        finalised(12, TAN_LAP, at(YEAR, 12, 6, 3, 0), "Đường đi lại khó khăn", ""),
        finalised(13, "dak-pne", at(YEAR, 11, 30, 3, 0), "", ""),
        rve_draft,
    ]
}

#[test]
fn each_commune_shows_whether_and_when_it_reported() {
    let r = district_rollup(plan(), &uneven(), &reports(), YEAR, d(YEAR, 12, 10), meta(99)).unwrap();
    let ids: Vec<&str> = r.communes.iter().map(|c| c.org_unit_id.as_str()).collect();
    assert_eq!(ids, COMMUNES);
    let statuses: Vec<_> = r
        .communes
        .iter()
        .map(|c| {
            let s = c.reporting.as_ref().unwrap();
            (s.status, s.finalised_at, s.has_draft)
        })
        .collect();
    use SubmissionStatus::*;
    assert_eq!(
        statuses,
        vec![
            (Missing, None, true),                         // Đắk Rve: a draft is not a report
            (OnTime, Some(at(YEAR, 12, 2, 3, 0)), false),  // Đắk Kôi
            (OnTime, Some(at(YEAR, 11, 30, 3, 0)), false), // Đắk Pne
            (Missing, None, false),                        // Đắk Ruồng
            (Missing, None, false),                        // Đắk Tơ Lung
            (Missing, None, false),                        // Đắk Tờ Re
            (Late, Some(at(YEAR, 12, 6, 3, 0)), false),    // Tân Lập: 06/12
        ]
    );
    assert_eq!(r.communes[1].name.vi, "Xã Đắk Kôi");
    // Before the deadline the silent communes are not yet due.
    let early = district_rollup(plan(), &uneven(), &reports(), YEAR, d(YEAR, 12, 1), meta(99)).unwrap();
    assert_eq!(early.communes[3].reporting.as_ref().unwrap().status, NotYetDue);
}

#[test]
fn the_district_column_is_computed_from_all_records_not_averaged() {
    let r = district_rollup(plan(), &uneven(), &[], YEAR, d(YEAR, 12, 10), meta(99)).unwrap();
    assert_eq!(r.table.len(), plan().indicators.len());
    let row = r.table.iter().find(|row| row.indicator_id == "27").unwrap();
    let koi = &row.communes[1];
    let tan_lap = &row.communes[6];
    assert_eq!((koi.numerator, koi.denominator, koi.value), (Some(1.0), Some(1.0), Some(100.0)));
    assert_eq!((tan_lap.numerator, tan_lap.denominator), (Some(1.0), Some(3.0)));
    assert!((tan_lap.value.unwrap() - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(row.communes[0].value, None, "Đắk Rve surveyed no household");
    assert_eq!(row.communes[0].status, Status::NoData);
    // District: 2 hygienic of 4 households = 50 %.
    assert_eq!(
        (row.district.numerator, row.district.denominator, row.district.value),
        (Some(2.0), Some(4.0), Some(50.0))
    );
    let mean_of_communes = (koi.value.unwrap() + tan_lap.value.unwrap()) / 2.0;
    assert!((mean_of_communes - 200.0 / 3.0).abs() < 1e-9);
    assert!((row.district.value.unwrap() - mean_of_communes).abs() > 16.0, "not an average of averages");
    // And it is the engine's own district figure.
    let e = evaluate(plan(), &uneven(), YEAR).unwrap();
    assert_eq!(row.district.value, e.result("27", DISTRICT).unwrap().value);
}

#[test]
fn the_consolidated_draft_quotes_each_communes_finalised_words() {
    let r = district_rollup(plan(), &uneven(), &reports(), YEAR, d(YEAR, 12, 10), meta(99)).unwrap();
    let draft = &r.draft;
    assert_eq!((draft.org_unit_id.as_str(), draft.year, draft.meta.id), (DISTRICT, YEAR, id(99)));
    assert!(!draft.is_finalised());
    let c = draft.content();
    assert_eq!(c.header.issuing_body, "ỦY BAN NHÂN DÂN HUYỆN KON RẪY");
    assert_eq!(c.difficulties, "Xã Đắk Kôi: Thiếu kinh phí\n\nXã Tân Lập: Đường đi lại khó khăn");
    assert_eq!(c.proposals, "Xã Đắk Kôi: Bổ sung kinh phí xây nhà tiêu");
    assert_eq!(c.adjustments, "");
    assert_eq!(commune_quotes(plan(), &reports(), YEAR + 1).difficulties, "", "another year quotes nothing");
}

#[test]
fn the_synthetic_district_rolls_up_to_the_engines_figures() {
    let ds = synth::district(250, 8);
    let year = synth::SURVEY_YEAR;
    let e = evaluate(plan(), &ds, year).unwrap();
    let r = district_rollup(plan(), &ds, &[], year, d(year, 12, 10), meta(99)).unwrap();
    assert!(r.communes.iter().all(|c| c.reporting.as_ref().unwrap().status == SubmissionStatus::Missing));
    for row in &r.table {
        assert_eq!(row.district.value, e.result(&row.indicator_id, DISTRICT).unwrap().value);
        for (cell, org) in row.communes.iter().zip(COMMUNES) {
            let res = e.result(&row.indicator_id, org).unwrap();
            assert_eq!((cell.value, cell.numerator, cell.status), (res.value, res.numerator, res.status));
        }
    }
    assert!(r.table.iter().filter(|row| row.district.value.is_some()).count() >= 25);
}
