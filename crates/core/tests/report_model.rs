//! The report record: defaults from the plan, the indicator table equal to the engine's
//! figures, finalise (freeze) and reopen (audit trail), and persistence in the store and in
//! bundles.

mod report_support;

use ansinh_core::domain::plan::Unit;
use ansinh_core::domain::survey::{Dataset, Latrine};
use ansinh_core::engine::{evaluate, Evaluation, Status};
use ansinh_core::report::{AuditAction, IndicatorRow, Report, ReportError, TaskStatus};
use ansinh_core::sync::bundle::{parse_bundle, ExportOptions, ExportScope, Limits, LocalState, RecordKind};
use ansinh_core::sync::store::{record_key, Channel, MemoryKv, RecordStore};
use ansinh_core::synth;
use report_support::*;

fn eval(ds: &Dataset, year: i32) -> Evaluation {
    evaluate(plan(), ds, year).unwrap()
}

fn row<'a>(rows: &'a [IndicatorRow], id: &str) -> &'a IndicatorRow {
    rows.iter().find(|r| r.indicator_id == id).unwrap_or_else(|| panic!("no row {id}"))
}

/// Đắk Kôi: two hygienic latrines and one unhygienic → indicator 27 = 2/3.
fn koi_two_of_three() -> Dataset {
    dataset(vec![
        latrine_household(1, "dak-koi-thon-1", Latrine::Hygienic),
        latrine_household(2, "dak-koi-thon-1", Latrine::Hygienic),
        latrine_household(3, "dak-koi-thon-2", Latrine::Unhygienic),
    ])
}

#[test]
fn the_draft_table_is_the_engines_figures_field_by_field() {
    let ds = synth::district(300, 3);
    let year = synth::SURVEY_YEAR;
    let e = eval(&ds, year);
    for org in [KOI, DISTRICT] {
        let report = draft(1, org, year);
        let rows = report.table(plan(), &e).unwrap();
        let ids: Vec<&str> = rows.iter().map(|r| r.indicator_id.as_str()).collect();
        let plan_ids: Vec<&str> = plan().indicators.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, plan_ids, "every indicator, in plan order");
        for row in &rows {
            let r = e.result(&row.indicator_id, org).unwrap();
            assert_eq!(row.value, r.value, "{org} {} value", row.indicator_id);
            assert_eq!(row.numerator, r.numerator, "{org} {} numerator", row.indicator_id);
            assert_eq!(row.denominator, r.denominator, "{org} {} denominator", row.indicator_id);
            assert_eq!(row.unit, r.unit);
            assert_eq!(row.target, r.target);
            assert_eq!(row.status, r.status, "{org} {} status", row.indicator_id);
            assert_eq!(row.name, plan().indicator(&row.indicator_id).unwrap().short_name);
        }
        // Not a table of blanks: the synthetic district answers most indicators.
        assert!(rows.iter().filter(|r| r.value.is_some()).count() >= 20, "{org}");
    }
}

#[test]
fn the_table_of_a_small_commune_is_computed_by_hand() {
    let report = draft(1, KOI, YEAR);
    let rows = report.table(plan(), &eval(&koi_two_of_three(), YEAR)).unwrap();
    let latrines = row(&rows, "27");
    assert_eq!((latrines.numerator, latrines.denominator), (Some(2.0), Some(3.0)));
    assert!((latrines.value.unwrap() - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(latrines.unit, Unit::Percent);
    // 66.7 % is not above 88 %, and 2026 has no earlier year to draw a trajectory from.
    assert_eq!(latrines.status, Status::NotMet);
    // Wrong year: refused rather than showing another year's figures.
    let other = eval(&koi_two_of_three(), YEAR + 1);
    assert!(matches!(report.table(plan(), &other), Err(ReportError::EvaluationMismatch { year: YEAR, .. })));
}

#[test]
fn finalising_freezes_the_figures_against_later_survey_changes() {
    let mut ds = koi_two_of_three();
    let mut report = draft(1, KOI, YEAR);
    let t = at(YEAR, 11, 20, 3, 0);
    report.finalise(plan(), &eval(&ds, YEAR), "Nguyễn Thị Hoa", t).unwrap();
    assert_eq!(report.finalised_at(), Some(t));
    assert_eq!(report.meta.updated_at, t);
    let snap = report.snapshot().unwrap();
    assert_eq!((snap.by.as_str(), snap.plan_version.as_str()), ("Nguyễn Thị Hoa", "2024.1"));

    // A household is corrected after the report was finalised: the dashboard moves to 3/3,
    // the report stays at 2/3.
    ds.households[2].latrine = Some(Latrine::Hygienic);
    let later = eval(&ds, YEAR);
    let live = later.result("27", KOI).unwrap();
    assert_eq!((live.numerator, live.value, live.status), (Some(3.0), Some(100.0), Status::Met));
    let frozen = report.table(plan(), &later).unwrap();
    let r27 = row(&frozen, "27");
    assert_eq!((r27.numerator, r27.denominator, r27.status), (Some(2.0), Some(3.0), Status::NotMet));
    // And it survives the trip through JSON.
    let back: Report = serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
    assert_eq!(back, report);
    assert_eq!(row(&back.table(plan(), &later).unwrap(), "27").numerator, Some(2.0));
}

#[test]
fn a_finalised_report_refuses_edits_and_a_second_finalise() {
    let ds = koi_two_of_three();
    let mut report = draft(1, KOI, YEAR);
    report
        .edit(at(YEAR, 11, 1, 1, 0), |c| {
            c.difficulties = "Thiếu kinh phí".into();
            c.set_task("III.1.1", TaskStatus::Done, "Đã tuyên truyền ở 6 thôn");
        })
        .unwrap();
    assert_eq!(report.meta.updated_at, at(YEAR, 11, 1, 1, 0));
    let t = at(YEAR, 11, 20, 3, 0);
    report.finalise(plan(), &eval(&ds, YEAR), "Hoa", t).unwrap();
    let before = report.clone();
    let refused = report.edit(at(YEAR, 11, 21, 0, 0), |c| c.difficulties = "Sửa lén".into());
    assert_eq!(refused, Err(ReportError::Finalised));
    assert_eq!(report, before, "nothing changed, not even updated_at");
    assert_eq!(report.finalise(plan(), &eval(&ds, YEAR), "Hoa", t), Err(ReportError::Finalised));
    assert_eq!(report.content().task("III.1.1").unwrap().status, TaskStatus::Done);
    assert!(ReportError::Finalised.message().vi.contains("mở lại"));
}

#[test]
fn reopening_needs_a_reason_and_every_step_is_kept_in_the_history() {
    let mut ds = koi_two_of_three();
    let mut report = draft(1, KOI, YEAR);
    assert_eq!(report.reopen("Sửa số liệu", "Hoa", at(YEAR, 11, 1, 0, 0)), Err(ReportError::NotFinalised));
    let t1 = at(YEAR, 11, 20, 3, 0);
    report.finalise(plan(), &eval(&ds, YEAR), "Hoa", t1).unwrap();
    for empty in ["", "   \n"] {
        assert_eq!(report.reopen(empty, "Hoa", at(YEAR, 11, 21, 0, 0)), Err(ReportError::EmptyReason));
    }
    assert!(report.is_finalised(), "a refused reopen changes nothing");
    assert_eq!(report.history().len(), 1);

    let t2 = at(YEAR, 11, 22, 8, 30);
    report.reopen("  Hộ thôn 2 đã xây nhà tiêu hợp vệ sinh  ", "Trần Văn Nam", t2).unwrap();
    assert!(!report.is_finalised());
    assert_eq!(report.meta.updated_at, t2);
    // A draft again: live figures and edits.
    ds.households[2].latrine = Some(Latrine::Hygienic);
    assert_eq!(row(&report.table(plan(), &eval(&ds, YEAR)).unwrap(), "27").value, Some(100.0));
    report.edit(t2, |c| c.proposals = "Hỗ trợ xây nhà tiêu".into()).unwrap();
    let t3 = at(YEAR, 11, 23, 1, 0);
    report.finalise(plan(), &eval(&ds, YEAR), "Trần Văn Nam", t3).unwrap();
    assert_eq!(row(&report.snapshot().unwrap().rows, "27").numerator, Some(3.0));

    let h = report.history();
    assert_eq!(h.len(), 3);
    let summary: Vec<_> = h.iter().map(|e| (e.action, e.by.as_str(), e.at, e.reason.as_deref())).collect();
    assert_eq!(
        summary,
        vec![
            (AuditAction::Finalised, "Hoa", t1, None),
            (AuditAction::Reopened, "Trần Văn Nam", t2, Some("Hộ thôn 2 đã xây nhà tiêu hợp vệ sinh")),
            (AuditAction::Finalised, "Trần Văn Nam", t3, None),
        ]
    );
}

#[test]
fn defaults_come_from_the_plan_and_the_org_unit() {
    let koi = draft(1, KOI, YEAR);
    let c = koi.content();
    assert_eq!(c.header.issuing_body, "ỦY BAN NHÂN DÂN XÃ ĐẮK KÔI");
    assert_eq!(c.header.place, "Đắk Kôi");
    assert_eq!(
        c.header.title,
        "Báo cáo kết quả thực hiện Kế hoạch số …/KH-UBND của Ủy ban nhân dân huyện Kon Rẫy năm 2026"
    );
    assert_eq!(c.header.number_line(), "Số: /BC-UBND");
    assert_eq!(c.header.place_date_line(), "Đắk Kôi, ngày    tháng    năm");
    assert_eq!(c.tasks.len(), 45);
    assert!(c.tasks.iter().all(|t| t.status == TaskStatus::NotStarted && t.narrative.is_empty()));
    assert_eq!(c.tasks[0].task_id, "III.1.1");
    let names: Vec<&str> = c.recipients.iter().map(|r| r.name.vi.as_str()).collect();
    assert_eq!(names, ["UBND huyện", "Phòng LĐ-TB&XH", "Lưu: VT"]);
    assert_eq!(c.recipients[0].purpose.as_ref().unwrap().vi, "b/c");
    assert_eq!((c.signatory.title.vi.as_str(), c.signatory.name.as_str()), ("PHÓ CHỦ TỊCH", ""));

    let town = draft(2, "dak-rve", YEAR);
    assert_eq!(town.content().header.issuing_body, "ỦY BAN NHÂN DÂN THỊ TRẤN ĐẮK RVE");
    assert_eq!(town.content().header.place, "Đắk Rve");

    let mut district = draft(3, DISTRICT, YEAR);
    let c = district.content();
    assert_eq!(c.header.issuing_body, "ỦY BAN NHÂN DÂN HUYỆN KON RẪY");
    assert_eq!(c.header.place, "Kon Rẫy");
    assert_eq!(c.recipients, plan().recipients);
    assert_eq!(c.signatory, plan().signatory);
    district
        .edit(at(YEAR, 12, 1, 0, 0), |c| {
            c.header.number = Some(215);
            c.header.date = Some(d(YEAR, 12, 3));
        })
        .unwrap();
    assert_eq!(district.content().header.number_line(), "Số: 215/BC-UBND");
    assert_eq!(district.content().header.place_date_line(), "Kon Rẫy, ngày 03 tháng 12 năm 2026");

    let village = ansinh_core::report::Report::new_draft(plan(), "dak-koi-thon-1", YEAR, meta(4));
    assert_eq!(village, Err(ReportError::NotReportingUnit("dak-koi-thon-1".into())));
    let unknown = ansinh_core::report::Report::new_draft(plan(), "ha-noi", YEAR, meta(5));
    assert_eq!(unknown, Err(ReportError::UnknownOrgUnit("ha-noi".into())));
}

fn edited_and_finalised() -> Report {
    let mut report = draft(7, KOI, YEAR);
    report
        .edit(at(YEAR, 11, 2, 0, 0), |c| {
            c.header.number = Some(41);
            c.header.date = Some(d(YEAR, 11, 30));
            c.difficulties = "Địa bàn rộng, đường đi lại khó khăn".into();
            c.set_task("III.2.1", TaskStatus::InProgress, "Đang rà soát hộ nghèo");
            c.set_task("III.6.1", TaskStatus::NotApplicable, "");
        })
        .unwrap();
    report.finalise(plan(), &eval(&koi_two_of_three(), YEAR), "Hoa", at(YEAR, 11, 30, 2, 0)).unwrap();
    report
}

#[test]
fn a_report_travels_in_a_bundle_as_it_is() {
    let report = edited_and_finalised();
    let mut state = LocalState::new();
    state.save_report(report.clone());
    let bundle = state.export(
        plan(),
        &ExportOptions {
            bundle_id: id(900),
            device_id: "tablet-koi".into(),
            exported_at: at(YEAR, 12, 1, 0, 0),
            org_unit: KOI.into(),
            scope: ExportScope::All,
        },
    );
    let parsed = parse_bundle(bundle.to_json(true).as_bytes(), plan(), &Limits::default()).unwrap();
    assert_eq!(parsed.reports.len(), 1);
    // The bundle's report is the report: no wrapper, no renamed key, nothing to convert.
    let back = &parsed.reports[0];
    assert_eq!(back, &report);
    assert_eq!(serde_json::to_value(back).unwrap(), serde_json::to_value(&report).unwrap());
    assert_eq!(back.history().len(), 1);
    assert_eq!(back.content().task("III.2.1").unwrap().narrative, "Đang rà soát hộ nghèo");

    // An untyped draft of an earlier build is refused at import, saying which field is wrong.
    let mut value: serde_json::Value = serde_json::from_str(&bundle.to_json(false)).unwrap();
    value["reports"][0] = serde_json::json!({
        "meta": serde_json::to_value(meta(8)).unwrap(),
        "title": "Báo cáo quý IV",
    });
    let e = parse_bundle(value.to_string().as_bytes(), plan(), &Limits::default()).unwrap_err();
    let vi = e.message(ansinh_core::i18n::Lang::Vi);
    assert!(vi.contains("reports[0]") && vi.contains("org_unit_id"), "{vi}");
}

#[test]
fn a_report_is_stored_like_every_record() {
    let report = edited_and_finalised();
    let t = at(YEAR, 12, 1, 0, 0);
    let (mut store, _) = RecordStore::open(MemoryKv::new(), t).unwrap();
    assert_eq!(store.save(&report, None, t).unwrap(), 1);
    let key = record_key(RecordKind::Report, report.meta.id);
    assert_eq!(key, format!("ansinh/v1/report/{}", report.meta.id));
    assert!(store.kv().entries().get(&key).is_some_and(|v| v.starts_with('3')), "v3 encoding");
    assert_eq!(store.changed_count(Channel::File), 1);

    let (again, load) = RecordStore::open(store.kv().clone(), t).unwrap();
    assert!(again.bad_entries().is_empty() && load.migration_error.is_none());
    assert_eq!(again.get::<Report>(report.meta.id).unwrap().record, report);
    assert_eq!(again.live::<Report>().map(|s| s.record.clone()).collect::<Vec<_>>(), vec![report.clone()]);

    store.delete(RecordKind::Report, report.meta.id, t).unwrap();
    assert_eq!(store.live::<Report>().count(), 0);
    let rkey = ansinh_core::sync::bundle::RecordKey::new(ansinh_core::sync::bundle::RecordKind::Report, report.meta.id);
    assert_eq!(store.purge_acknowledged(&[rkey], t).unwrap(), 1, "the deleted report's entry goes once acknowledged");
}
