//! The office files read back by independent readers: the workbook with calamine (as Excel
//! reads it: numbers are numbers) and its parts with a zip reader; the report's document.xml
//! and styles with a zip reader.

use std::io::{Cursor, Read};

use ansinh_core::domain::plan::{Plan, Unit};
use ansinh_core::domain::survey::RecordMeta;
use ansinh_core::engine::aggregate::aggregate_table;
use ansinh_core::engine::{evaluate, latest_year_with_data, Status};
use ansinh_core::report::{rollup_evaluation, Report};
use ansinh_core::views::dashboard::demo_dataset;
use ansinh_core::views::household_index::village_progress;
use ansinh_office::{docx, xlsx};
use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut text = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("part {name}")).read_to_string(&mut text).unwrap();
    text
}

fn meta() -> RecordMeta {
    RecordMeta::new(Uuid::from_u128(42), Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap())
}

#[test]
fn the_workbook_has_one_sheet_per_table_with_real_numbers_and_a_frozen_header() {
    let plan = Plan::embedded();
    let data = demo_dataset(400, 11);
    let year = latest_year_with_data(&data).unwrap();
    let eval = evaluate(plan, &data, year).unwrap();
    let table = aggregate_table(plan, &eval, &eval.district_id);
    let today = NaiveDate::from_ymd_opt(year, 12, 1).unwrap();
    let rollup = rollup_evaluation(plan, &eval, &[], today, meta()).unwrap();
    let villages: Vec<String> = plan.org_units.villages().iter().map(|v| v.id.clone()).collect();
    let progress = village_progress(&villages, &data.households, &data.figures, year);
    let bytes = xlsx::workbook(&table, Some(&rollup), &progress, &plan.org_units).unwrap();

    let mut wb = Xlsx::new(Cursor::new(bytes.clone())).expect("calamine opens the workbook");
    assert_eq!(wb.sheet_names(), vec![xlsx::SHEET_INDICATORS, xlsx::SHEET_ROLLUP, xlsx::SHEET_VILLAGES]);

    let sheet = wb.worksheet_range(xlsx::SHEET_INDICATORS).unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    let headers: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(headers, xlsx::INDICATOR_HEADERS);
    assert_eq!(rows.len(), table.rows.len() + 1);
    let mut checked_percent = false;
    for (row, r) in rows[1..].iter().zip(&table.rows) {
        assert_eq!(row[2], Data::String(r.indicator_id.clone()));
        assert_eq!(row[10], Data::String(r.status_label.vi.clone()));
        let unit = table.indicator(&r.indicator_id).unwrap().unit;
        match (r.value, &row[5]) {
            (None, cell) => assert_eq!(*cell, Data::Empty),
            (Some(v), Data::Float(x)) if unit == Unit::Percent => {
                assert!((x - v / 100.0).abs() < 1e-12, "{} {v} {x}", r.indicator_id);
                checked_percent = true;
            }
            (Some(v), Data::Float(x)) => assert!((x - v).abs() < 1e-9),
            (Some(v), other) => panic!("indicator {} value {v} written as {other:?}", r.indicator_id),
        }
        match (r.denominator, &row[7]) {
            (Some(d), Data::Float(x)) => assert_eq!(*x, d),
            (None, cell) => assert_eq!(*cell, Data::Empty),
            (Some(d), other) => panic!("denominator {d} written as {other:?}"),
        }
    }
    assert!(checked_percent, "some percentage indicator has a value");
    assert!(table.rows.iter().any(|r| r.status != Status::NoData));

    // The roll-up: a column per commune and the district's value.
    let sheet = wb.worksheet_range(xlsx::SHEET_ROLLUP).unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows.len(), rollup.table.len() + 1);
    assert_eq!(rows[0][4].to_string(), rollup.communes[0].name.vi);
    let district_col = 4 + rollup.communes.len();
    assert_eq!(rows[0][district_col].to_string(), "Toàn huyện");
    let line = rollup.table.iter().position(|l| l.unit == Unit::Percent && l.district.value.is_some()).unwrap();
    let want = rollup.table[line].district.value.unwrap() / 100.0;
    assert!(matches!(rows[line + 1][district_col], Data::Float(x) if (x - want).abs() < 1e-12));

    // The village progress: counts as numbers.
    let sheet = wb.worksheet_range(xlsx::SHEET_VILLAGES).unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows.len(), progress.len() + 1);
    let surveyed: f64 = rows[1..]
        .iter()
        .map(|r| match r[2] {
            Data::Float(x) => x,
            ref other => panic!("count as {other:?}"),
        })
        .sum();
    assert_eq!(surveyed as usize, data.households.len());

    // Frozen first row and a percent number format in every sheet's parts.
    for n in 1..=3 {
        let xml = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(xml.contains("state=\"frozen\"") && xml.contains("ySplit=\"1\""), "sheet {n} frozen");
    }
    assert!(part(&bytes, "xl/styles.xml").contains("%\""), "a percent format");
}

#[test]
fn the_report_document_has_the_decree_parts_in_times_new_roman() {
    let plan = Plan::embedded();
    let data = demo_dataset(300, 5);
    let year = latest_year_with_data(&data).unwrap();
    let eval = evaluate(plan, &data, year).unwrap();
    let commune = plan.org_units.communes()[1].id.clone();
    let mut report = Report::new_draft(plan, &commune, year, meta()).unwrap();
    report
        .edit(Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap(), |c| {
            c.header.number = Some(57);
            c.header.date = NaiveDate::from_ymd_opt(year, 12, 3);
            c.difficulties = "Đường vào thôn 3 bị sạt lở <mùa mưa> & chưa khắc phục.".into();
            c.proposals = "Đề nghị huyện hỗ trợ kinh phí sửa đường.".into();
        })
        .unwrap();
    let rows = report.table(plan, &eval).unwrap();
    let bytes = docx::report_docx(plan, &report, &rows).unwrap();
    let doc = part(&bytes, "word/document.xml");
    let c = report.content();
    let xml = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    for needle in [
        docx::NATION.to_owned(),
        docx::MOTTO.to_owned(),
        c.header.issuing_body.clone(),
        "Số: 57/BC-UBND".to_owned(),
        c.header.place_date_line(),
        "BÁO CÁO".to_owned(),
        c.header.title.clone(),
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU".to_owned(),
        "Nơi nhận:".to_owned(),
        c.signatory.name.clone(),
        c.signatory.title.vi.clone(),
        xml(&c.difficulties),
        xml(&c.proposals),
    ] {
        assert!(doc.contains(&needle), "document.xml has {needle:?}");
    }
    assert!(!c.recipients.is_empty());
    for r in &c.recipients {
        assert!(doc.contains(&xml(&r.name.vi)), "recipient {}", r.name.vi);
    }
    // The figures: every row's id and value as the print view writes them.
    let decimals = plan.params.reporting_decimals;
    let mut figures = 0;
    for r in rows.iter().filter(|r| r.value.is_some()) {
        let shown = format!(
            "{}{}",
            ansinh_core::engine::format_value(r.value, r.unit, decimals, ansinh_core::i18n::Lang::Vi),
            ansinh_core::engine::unit_suffix(r.unit, ansinh_core::i18n::Lang::Vi)
        );
        assert!(doc.contains(&format!(">{}<", xml(&shown))), "value {shown} of {}", r.indicator_id);
        figures += 1;
    }
    assert!(figures > 5, "the demo gives values");
    // Times New Roman is the document's font, for every script.
    let styles = part(&bytes, "word/styles.xml");
    assert!(
        styles.contains("w:ascii=\"Times New Roman\"") && styles.contains("w:hAnsi=\"Times New Roman\""),
        "{styles}"
    );
    assert!(docx::report_file_name(&report).ends_with(".docx"));
}
