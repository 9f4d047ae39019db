//! The indicator tables as an .xlsx workbook, one sheet per table (issue 21):
//! "Chỉ tiêu" (unit × indicator, from the aggregate table — the aggregate export's readable
//! file), "Tổng hợp huyện" (the district roll-up, when given) and "Tiến độ thôn" (the village
//! survey progress).
//!
//! Contract:
//! - Numbers are written as numbers, never as text: percentages as fractions with a percent
//!   format (84.5 % is the number 0.845 shown "84,5%" by a Vietnamese Excel), counts with no
//!   decimals, other values with the plan's reporting decimals; yes/no indicators as 1/0 shown
//!   "Đạt"/"Chưa đạt". A missing figure is an empty cell.
//! - Headers are Vietnamese (the office's own spreadsheets), bold, in a frozen first row with a
//!   filter; the text cells (names, targets, statuses) are Vietnamese like the print view.

use ansinh_core::domain::org::{OrgKind, OrgUnits};
use ansinh_core::domain::plan::Unit;
use ansinh_core::engine::aggregate::AggregateTable;
use ansinh_core::i18n::Lang;
use ansinh_core::report::{Rollup, RollupCell};
use ansinh_core::views::household_index::VillageProgress;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::OfficeError;

/// Sheet names (at most 31 characters, none of `[]:*?/\`).
pub const SHEET_INDICATORS: &str = "Chỉ tiêu";
pub const SHEET_ROLLUP: &str = "Tổng hợp huyện";
pub const SHEET_VILLAGES: &str = "Tiến độ thôn";

/// Headers of the "Chỉ tiêu" sheet, in column order.
pub const INDICATOR_HEADERS: [&str; 14] = [
    "Đơn vị",
    "Cấp",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Giá trị",
    "Tử số",
    "Mẫu số",
    "Chỉ tiêu kế hoạch",
    "Năm đạt",
    "Tình trạng",
    "Độ bao phủ khảo sát",
    "Số bản ghi sử dụng",
    "Số bản ghi bị loại",
];

/// Headers of the "Tiến độ thôn" sheet.
pub const VILLAGE_HEADERS: [&str; 6] =
    ["Xã, thị trấn", "Thôn, tổ dân phố", "Số hộ đã khảo sát", "Số hộ hoàn thành", "Số hộ dự kiến", "Tỷ lệ khảo sát"];

struct Formats {
    header: Format,
    percent: Format,
    count: Format,
    decimal: Format,
    yes_no: Format,
}

impl Formats {
    fn new(decimals: u8) -> Self {
        let zeros = "0".repeat(usize::from(decimals));
        let dec = if decimals == 0 { "0".to_owned() } else { format!("0.{zeros}") };
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7)),
            percent: Format::new().set_num_format(format!("{dec}%")),
            count: Format::new().set_num_format("#,##0"),
            decimal: Format::new().set_num_format(dec),
            // Positive; negative; zero: 1 reads "Đạt", 0 "Chưa đạt", and the cell stays a number.
            yes_no: Format::new().set_num_format("\"Đạt\";\"Đạt\";\"Chưa đạt\""),
        }
    }

    /// The cell value and format of an indicator figure of `unit`.
    fn value(&self, unit: Unit, v: f64) -> (f64, &Format) {
        match unit {
            Unit::Percent => (v / 100.0, &self.percent),
            Unit::Count => (v, &self.count),
            Unit::Status => (v, &self.yes_no),
            _ => (v, &self.decimal),
        }
    }
}

fn header(ws: &mut Worksheet, f: &Formats, headers: &[&str], widths: &[f64]) -> Result<(), XlsxError> {
    for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn opt_number(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>, fmt: &Format) -> Result<(), XlsxError> {
    if let Some(v) = v.filter(|v| v.is_finite()) {
        ws.write_number_with_format(row, col, v, fmt)?;
    }
    Ok(())
}

fn level(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::District => "Huyện",
        OrgKind::Town => "Thị trấn",
        OrgKind::Commune => "Xã",
        OrgKind::Village => "Thôn, tổ dân phố",
    }
}

/// The workbook of `table` (sheet "Chỉ tiêu"), the district roll-up `rollup` (sheet "Tổng hợp
/// huyện", left out when `None`) and the village progress `villages` (sheet "Tiến độ thôn",
/// village names from `units`), as the bytes of an .xlsx file.
pub fn workbook(
    table: &AggregateTable,
    rollup: Option<&Rollup>,
    villages: &[VillageProgress],
    units: &OrgUnits,
) -> Result<Vec<u8>, OfficeError> {
    let vi = Lang::Vi;
    let f = Formats::new(table.reporting_decimals);
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_INDICATORS)?;
    header(
        ws,
        &f,
        &INDICATOR_HEADERS,
        &[22.0, 10.0, 8.0, 40.0, 10.0, 11.0, 10.0, 10.0, 18.0, 8.0, 24.0, 12.0, 10.0, 10.0],
    )?;
    for (i, r) in table.rows.iter().enumerate() {
        let row = i as u32 + 1;
        let unit = table.unit(&r.unit_id);
        let ind = table.indicator(&r.indicator_id);
        ws.write_string(row, 0, unit.map_or(r.unit_id.as_str(), |u| u.name.get(vi)))?;
        ws.write_string(row, 1, unit.map_or("", |u| level(u.kind)))?;
        ws.write_string(row, 2, &r.indicator_id)?;
        ws.write_string(row, 3, ind.map_or("", |i| i.name.get(vi)))?;
        ws.write_string(row, 4, ind.map_or("", |i| i.unit_of_measure.get(vi)))?;
        if let (Some(v), Some(ind)) = (r.value.filter(|v| v.is_finite()), ind) {
            let (v, fmt) = f.value(ind.unit, v);
            ws.write_number_with_format(row, 5, v, fmt)?;
        }
        opt_number(ws, row, 6, r.numerator, &f.decimal)?;
        opt_number(ws, row, 7, r.denominator, &f.decimal)?;
        ws.write_string(row, 8, ind.map_or("", |i| i.target.get(vi)))?;
        if let Some(i) = ind {
            ws.write_number(row, 9, f64::from(i.target_year))?;
        }
        ws.write_string(row, 10, r.status_label.get(vi))?;
        opt_number(ws, row, 11, r.coverage_percent.map(|p| p / 100.0), &f.percent)?;
        ws.write_number_with_format(row, 12, r.records_used as f64, &f.count)?;
        ws.write_number_with_format(row, 13, r.records_excluded as f64, &f.count)?;
    }
    if !table.rows.is_empty() {
        ws.autofilter(0, 0, table.rows.len() as u32, INDICATOR_HEADERS.len() as u16 - 1)?;
    }

    if let Some(r) = rollup {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_ROLLUP)?;
        let mut headers: Vec<&str> = vec!["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu kế hoạch"];
        headers.extend(r.communes.iter().map(|c| c.name.get(vi)));
        headers.extend(["Toàn huyện", "Tình trạng toàn huyện"]);
        let mut widths = vec![8.0, 40.0, 10.0, 18.0];
        widths.extend(r.communes.iter().map(|_| 13.0));
        widths.extend([13.0, 24.0]);
        header(ws, &f, &headers, &widths)?;
        let cell = |ws: &mut Worksheet, row, col, unit, c: &RollupCell| match c.value.filter(|v| v.is_finite()) {
            Some(v) => {
                let (v, fmt) = f.value(unit, v);
                ws.write_number_with_format(row, col, v, fmt).map(|_| ())
            }
            None => Ok(()),
        };
        for (i, line) in r.table.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, &line.indicator_id)?;
            ws.write_string(row, 1, line.name.get(vi))?;
            let ind = table.indicator(&line.indicator_id);
            ws.write_string(row, 2, ind.map_or("", |i| i.unit_of_measure.get(vi)))?;
            ws.write_string(row, 3, ind.map_or("", |i| i.target.get(vi)))?;
            for (k, c) in line.communes.iter().enumerate() {
                cell(ws, row, 4 + k as u16, line.unit, c)?;
            }
            let col = 4 + line.communes.len() as u16;
            cell(ws, row, col, line.unit, &line.district)?;
            ws.write_string(row, col + 1, line.district.status_label.get(vi))?;
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_VILLAGES)?;
    header(ws, &f, &VILLAGE_HEADERS, &[22.0, 22.0, 12.0, 12.0, 12.0, 12.0])?;
    for (i, v) in villages.iter().enumerate() {
        let row = i as u32 + 1;
        let commune = units.commune_of(&v.village_id).map_or("", |c| c.name.get(vi));
        ws.write_string(row, 0, commune)?;
        ws.write_string(row, 1, units.get(&v.village_id).map_or(v.village_id.as_str(), |u| u.name.get(vi)))?;
        ws.write_number_with_format(row, 2, f64::from(v.surveyed), &f.count)?;
        ws.write_number_with_format(row, 3, f64::from(v.complete), &f.count)?;
        opt_number(ws, row, 4, v.expected.map(|e| e as f64), &f.count)?;
        opt_number(ws, row, 5, v.percent().map(|p| p / 100.0), &f.percent)?;
    }

    Ok(wb.save_to_buffer()?)
}
