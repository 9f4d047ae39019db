//! A commune's household list into drafts (issue 21, "In"): every good row becomes one draft
//! with the head's answers, every bad row is listed with its sheet row and why, and importing
//! the same list again creates nothing twice.

use ansinh_core::domain::person::Sex;
use ansinh_core::domain::plan::Plan;
use ansinh_core::domain::survey::{Completeness, Household, PovertyStatus};
use ansinh_core::views::list_import::{guess_mapping, preview, Cell, Field, ImportContext, Mapping, Preview, Table};
use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use uuid::Uuid;

const HEADERS: [&str; 7] = ["STT", "Họ và tên chủ hộ", "Ngày sinh", "Giới tính", "Thôn", "Phân loại hộ", "Dân tộc"];

fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

fn ctx(units: &ansinh_core::domain::org::OrgUnits) -> ImportContext<'_> {
    ImportContext {
        commune_id: "dak-koi".into(),
        default_village: None,
        survey_date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        now: Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap(),
        units,
    }
}

fn sheet(rows: &[[&str; 7]]) -> Table {
    let mut t_rows = vec![vec![t("DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO XÃ ĐẮK KÔI NĂM 2026")], vec![]];
    t_rows.push(HEADERS.iter().map(|h| t(h)).collect());
    for r in rows {
        t_rows.push(r.iter().map(|c| t(c)).collect());
    }
    Table { rows: t_rows }
}

/// Fresh ids across every preview of a test (as `Uuid::new_v4` in the app).
fn ids() -> impl FnMut() -> Uuid {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    || Uuid::from_u128(u128::from(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) << 8)
}

fn run(table: &Table, map: &Mapping, existing: &[(Household, u64)]) -> Preview {
    let units = &Plan::embedded().org_units;
    preview(table, map, &ctx(units), existing.iter().map(|(h, r)| (h, *r)), ids())
}

/// What saving the preview leaves on the device.
fn saved(before: &[(Household, u64)], p: &Preview) -> Vec<(Household, u64)> {
    let mut out: Vec<(Household, u64)> = before.to_vec();
    for u in &p.updates {
        let slot = out.iter_mut().find(|(h, _)| h.meta.id == u.household.meta.id).expect("updated exists");
        assert_eq!(slot.1, u.base_rev);
        *slot = (u.household.clone(), u.base_rev + 1);
    }
    out.extend(p.new.iter().map(|(_, h)| (h.clone(), 1)));
    out
}

#[test]
fn good_rows_become_drafts_and_bad_rows_are_listed_with_their_row_and_reason() {
    let table = sheet(&[
        ["1", "Y Hơn", "05/03/1980", "Nam", "Thôn 1", "Hộ nghèo", "Xơ Đăng"],
        ["2", "A Blớ", "1975", "Nam", "thôn 02", "Hộ cận nghèo", "Ba Na"],
        ["3", "Nguyễn Thị Lan", "1990-07-01", "Nữ", "Thôn 3", "Không", "Kinh"],
        ["4", "", "1980", "Nam", "Thôn 1", "Hộ nghèo", "Kinh"],
        ["5", "Y Bình", "31/02/1980", "Nữ", "Thôn 1", "Hộ nghèo", "Kinh"],
        ["6", "A Dũng", "1981", "Nam", "Thôn 99", "Hộ nghèo", "Kinh"],
        ["7", "Y Mai", "1983", "Không rõ", "Thôn 1", "Hộ nghèo", "Kinh"],
        ["8", "Y Hơn", "05/03/1980", "Nam", "Thôn 1", "Hộ nghèo", "Xơ Đăng"],
        ["9", "A Tú", "2031", "Nam", "Thôn 1", "Hộ nghèo", "Kinh"],
        ["10", "Y Nga", "1970", "Nữ", "Thôn 2", "giàu", "Kinh"],
        ["", "", "", "", "", "", ""],
        ["11", "A Ka", "", "Nam", "Thôn 2", "", ""],
    ]);
    let map = guess_mapping(&table);
    assert_eq!(map.header_row, 2);
    let p = run(&table, &map, &[]);

    let rows: Vec<usize> = p.new.iter().map(|(r, _)| *r).collect();
    assert_eq!(rows, vec![4, 5, 6]);
    let rejected: Vec<(usize, String)> = p.rejected.iter().map(|r| (r.row, r.reason.vi.clone())).collect();
    let want = [
        (7, "Họ và tên chủ hộ"),
        (8, "Ngày sinh"),
        (9, "Thôn, làng, tổ dân phố"),
        (10, "Giới tính"),
        (11, "Trùng với dòng 4"),
        (12, "năm sinh không hợp lý"),
        (13, "Phân loại hộ"),
        (15, "Thiếu giá trị để nhận ra hộ: Năm sinh"),
    ];
    assert_eq!(rejected.len(), want.len(), "{rejected:#?}");
    for ((row, reason), (wrow, wreason)) in rejected.iter().zip(want) {
        assert_eq!(*row, wrow, "{reason}");
        assert!(reason.contains(wreason), "row {row}: {reason} should say {wreason}");
    }
    // Reasons name the column, never the value typed in it.
    assert!(p.rejected.iter().all(|r| !r.reason.vi.contains("Thôn 99") && !r.reason.vi.contains("giàu")));

    let (_, hon) = &p.new[0];
    assert_eq!(hon.commune_id, "dak-koi");
    assert_eq!(hon.village_id, "dak-koi-thon-1");
    assert_eq!(hon.completeness, Completeness::Draft);
    assert_eq!(hon.poverty, Some(PovertyStatus::Poor));
    assert_eq!(hon.ethnic_minority, Some(true));
    assert_eq!(hon.consent, None, "the notice is read on the visit, never assumed");
    assert_eq!(hon.members.len(), 1);
    let head = hon.head().expect("one head");
    assert_eq!(head.name, "Y Hơn");
    assert_eq!(head.sex, Some(Sex::Male));
    assert_eq!(head.date_of_birth, NaiveDate::from_ymd_opt(1980, 3, 5));

    let (_, blo) = &p.new[1];
    assert_eq!(blo.village_id, "dak-koi-thon-2");
    assert_eq!(blo.poverty, Some(PovertyStatus::NearPoor));
    let head = blo.head().unwrap();
    assert_eq!(head.date_of_birth, None, "no stand-in date for a year alone");
    assert_eq!(head.birth_year, Some(1975));
    assert_eq!(p.year_only, 1);
    assert_eq!(p.new[2].1.ethnic_minority, Some(false));
    // Drafts carry no error: only unanswered questions.
    for (_, h) in &p.new {
        assert!(h.blocking_problems().is_empty(), "{:?}", h.blocking_problems());
    }
}

#[test]
fn importing_the_same_list_again_creates_nothing_and_a_changed_row_is_an_update() {
    let rows = [
        ["1", "Y Hơn", "05/03/1980", "Nam", "Thôn 1", "Hộ nghèo", "Xơ Đăng"],
        ["2", "A Blớ", "1975", "Nam", "Thôn 2", "Hộ cận nghèo", "Ba Na"],
    ];
    let table = sheet(&rows);
    let map = guess_mapping(&table);
    let first = run(&table, &map, &[]);
    assert_eq!(first.new.len(), 2);
    let device = saved(&[], &first);

    let again = run(&table, &map, &device);
    assert!(again.new.is_empty() && again.updates.is_empty() && again.rejected.is_empty(), "{again:#?}");
    assert_eq!(again.unchanged, vec![4, 5]);

    // Next year's review: A Blớ's household left near-poverty; names typed with other spacing
    // and case still match.
    let next = sheet(&[
        ["1", "y  hơn", "05/03/1980", "Nam", "Thôn 1", "Hộ nghèo", "Xơ Đăng"],
        ["2", "A Blớ", "1975", "Nam", "Thôn 2", "Thoát nghèo", "Ba Na"],
    ]);
    let p = run(&next, &map, &device);
    assert!(p.new.is_empty(), "{p:#?}");
    assert_eq!(p.updates.len(), 2);
    let blo = p.updates.iter().find(|u| u.row == 5).unwrap();
    assert_eq!(blo.changed, vec![Field::Poverty]);
    assert_eq!(blo.household.poverty, Some(PovertyStatus::NotPoor));
    assert_eq!(blo.base_rev, 1);
    let hon = p.updates.iter().find(|u| u.row == 4).unwrap();
    assert_eq!(hon.changed, vec![Field::HeadName], "the list's spelling is taken");
}

#[test]
fn a_key_that_matches_two_households_is_refused_rather_than_guessed() {
    let table = sheet(&[["1", "Y Hơn", "1980", "Nam", "Thôn 1", "Hộ nghèo", "Kinh"]]);
    let mut map = guess_mapping(&table);
    let device = saved(&[], &run(&table, &map, &[]));
    // A second household with the same head's name elsewhere in the commune.
    let other = sheet(&[["1", "Y Hơn", "1961", "Nam", "Thôn 3", "Hộ nghèo", "Kinh"]]);
    let device = saved(&device, &run(&other, &map, &device));
    assert_eq!(device.len(), 2);
    map.keys = vec![Field::HeadName];
    let p = run(&table, &map, &device);
    assert!(p.new.is_empty());
    assert_eq!(p.rejected.len(), 1);
    assert!(p.rejected[0].reason.vi.contains("Khớp với 2 hộ"), "{:?}", p.rejected);
}

#[test]
fn a_mapping_without_the_name_or_keys_is_refused() {
    let table = sheet(&[]);
    let mut map = guess_mapping(&table);
    assert!(map.check().is_ok());
    map.columns.insert(Field::Sex, 1);
    assert!(map.check().is_err(), "one column for two fields");
    let mut map = guess_mapping(&table);
    map.columns.remove(&Field::HeadName);
    assert!(map.check().is_err());
    let mut map = guess_mapping(&table);
    map.keys.clear();
    assert!(map.check().is_err());
}

#[test]
fn a_listed_year_that_the_date_contradicts_is_an_error_in_the_form() {
    let table = sheet(&[["1", "A Blớ", "1975", "Nam", "Thôn 2", "Hộ nghèo", "Kinh"]]);
    let p = run(&table, &guess_mapping(&table), &[]);
    let mut h = p.new[0].1.clone();
    h.members[0].date_of_birth = NaiveDate::from_ymd_opt(1976, 1, 2);
    assert!(h.blocking_problems().iter().any(|x| x.field == "members[0].date_of_birth"), "{:?}", h.validate());
    h.members[0].date_of_birth = NaiveDate::from_ymd_opt(1975, 1, 2);
    assert!(h.blocking_problems().is_empty());
}

fn arb_row() -> impl Strategy<Value = [String; 7]> {
    let names = prop::sample::select(vec!["Y Hơn", "A Blớ", "Nguyễn Văn A", "Y Nga", "A Tú", "", "123"]);
    let births = prop::sample::select(vec!["05/03/1980", "1975", "1990-07-01", "31/02/1980", "", "2031", "1961"]);
    let sexes = prop::sample::select(vec!["Nam", "Nữ", "", "?"]);
    let villages = prop::sample::select(vec!["Thôn 1", "Thôn 2", "thôn 03", "Thôn 99", ""]);
    let poverty = prop::sample::select(vec!["Hộ nghèo", "Hộ cận nghèo", "Không", "", "giàu"]);
    let eth = prop::sample::select(vec!["Kinh", "Xơ Đăng", ""]);
    (names, births, sexes, villages, poverty, eth)
        .prop_map(|(n, b, s, v, p, e)| ["".into(), n.into(), b.into(), s.into(), v.into(), p.into(), e.into()])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every data row ends in exactly one place, and a second import of the same rows (after
    /// saving the first) adds no household.
    #[test]
    fn every_row_is_accounted_for_and_a_second_import_adds_nothing(rows in prop::collection::vec(arb_row(), 0..40)) {
        let refs: Vec<[&str; 7]> = rows.iter().map(|r| std::array::from_fn(|i| r[i].as_str())).collect();
        let table = sheet(&refs);
        let map = guess_mapping(&table);
        let p = run(&table, &map, &[]);
        let data_rows = rows.iter().filter(|r| r.iter().any(|c| !c.is_empty())).count();
        prop_assert_eq!(p.new.len() + p.updates.len() + p.unchanged.len() + p.rejected.len(), data_rows);
        prop_assert!(p.updates.is_empty() && p.unchanged.is_empty());
        let device = saved(&[], &p);
        let again = run(&table, &map, &device);
        prop_assert!(again.new.is_empty());
        prop_assert!(again.updates.is_empty());
        prop_assert_eq!(again.unchanged.len(), p.new.len());
    }
}
