//! Spreadsheets in (issue 21): a commune's household list as .xlsx, .xls, .ods (calamine) or
//! .csv (the `csv` crate) read into the core's `list_import::Table`, and the template file the
//! import expects, with Vietnamese headers.
//!
//! Contract:
//! - Row and column positions are the sheet's own: a sheet whose used range starts at C5 gives
//!   a table whose row 4 holds C5's row, so row numbers shown to the user are the ones Excel
//!   shows. Only the first sheet is read.
//! - Cells keep their type: numbers as numbers, date-formatted cells as dates (calamine's
//!   conversion of the Excel serial), text trimmed later by the import.
//! - A .csv is UTF-8 (with or without BOM); a file that is not valid UTF-8 is read as
//!   Windows-1258, the code page a Vietnamese Windows Excel saves "CSV" in. The separator is
//!   the one of `,` `;` and tab that splits the first line most.
//! - Errors say what kind of file was expected, never the file's content.

use std::io::Cursor;

use ansinh_core::views::list_import::{Cell, Field, Table};
use calamine::{open_workbook_auto_from_rs, Data, DataType, Reader};
use rust_xlsxwriter::{Format, Workbook};

use crate::OfficeError;

/// Why a list could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("not a spreadsheet this app reads (.xlsx, .xls, .ods, .csv): {0}")]
    NotASpreadsheet(String),
    #[error("the workbook has no sheet")]
    NoSheet,
    #[error("the file is empty")]
    Empty,
}

/// The kind of file, from its name's extension (and, for a missing one, its first bytes).
pub fn is_csv(file_name: &str, bytes: &[u8]) -> bool {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        return true;
    }
    // Spreadsheets are zip (xlsx, ods) or OLE (xls) files.
    !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]))
}

/// Reads the first sheet of a workbook or a CSV file.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let table = if is_csv(file_name, bytes) { read_csv(bytes)? } else { read_workbook(bytes)? };
    if table.rows.iter().all(|r| r.iter().all(Cell::is_empty)) {
        return Err(ReadError::Empty);
    }
    Ok(table)
}

fn read_workbook(bytes: &[u8]) -> Result<Table, ReadError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| ReadError::NotASpreadsheet(e.to_string()))?;
    let range =
        book.worksheet_range_at(0).ok_or(ReadError::NoSheet)?.map_err(|e| ReadError::NotASpreadsheet(e.to_string()))?;
    let Some((top, left)) = range.start() else { return Ok(Table::default()) };
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); top as usize];
    for r in range.rows() {
        let mut row = vec![Cell::Empty; left as usize];
        row.extend(r.iter().map(cell));
        rows.push(row);
    }
    Ok(Table { rows })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => text_cell(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(_) | Data::DateTimeIso(_) => match d.as_date() {
            Some(date) => Cell::Date(date),
            None => Cell::Text(d.to_string()),
        },
        Data::DurationIso(s) => text_cell(s),
    }
}

/// A text cell in NFC: the form in which a tablet's keyboard types Vietnamese, so that a name
/// read from a list is stored, shown, searched and compared like one typed in the form.
/// Windows-1258 (the code page of a Vietnamese Windows Excel's CSV) writes most tone marks as
/// combining characters (e.g. "Hơ" + U+0300), which decode to decomposed text.
fn text_cell(s: &str) -> Cell {
    use unicode_normalization::UnicodeNormalization;
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => Cell::Text(s.to_owned()),
        _ => Cell::Text(s.nfc().collect()),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0.into_owned(),
    };
    let first = text.lines().next().unwrap_or("");
    let sep = [b',', b';', b'\t'].into_iter().max_by_key(|s| first.bytes().filter(|b| b == s).count()).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| ReadError::NotASpreadsheet(e.to_string()))?;
        rows.push(rec.iter().map(|s| if s.trim().is_empty() { Cell::Empty } else { text_cell(s) }).collect());
    }
    Ok(Table { rows })
}

/// The sheet name of the template's list.
pub const TEMPLATE_SHEET: &str = "Danh sách hộ";

/// The template: one sheet with the columns the import reads (Vietnamese headers, bold, frozen,
/// the date column as text so Excel keeps "05/03/1980" as typed), and a sheet of instructions.
pub fn template() -> Result<Vec<u8>, OfficeError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#DDEBF7");
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name(TEMPLATE_SHEET)?;
    for (c, f) in Field::ALL.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, f.template_header(), &header)?;
        sheet.set_column_width(c, if *f == Field::HeadName { 28 } else { 18 })?;
        if matches!(f, Field::DateOfBirth | Field::Village | Field::Poverty | Field::Ethnicity | Field::Sex) {
            sheet.set_column_format(c, &text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let help = book.add_worksheet();
    help.set_name("Hướng dẫn")?;
    help.set_column_width(0, 30)?;
    help.set_column_width(1, 90)?;
    let lines: [(&str, &str); 8] = [
        ("Cột", "Cách ghi"),
        (Field::HeadName.template_header(), "Bắt buộc. Mỗi dòng là một hộ."),
        (Field::DateOfBirth.template_header(), "Ví dụ 05/03/1980. Nếu chỉ biết năm, để trống và ghi cột Năm sinh."),
        (Field::BirthYear.template_header(), "Ví dụ 1975. Ngày sinh sẽ được hỏi khi khảo sát."),
        (Field::Sex.template_header(), "Nam hoặc Nữ."),
        (Field::Village.template_header(), "Tên như trong ứng dụng, ví dụ Thôn 1, Làng Kon Rẫy, Tổ dân phố 2."),
        (Field::Poverty.template_header(), "Hộ nghèo, Hộ cận nghèo hoặc Không."),
        (Field::Ethnicity.template_header(), "Tên dân tộc (Kinh, Xơ Đăng, Ba Na…)."),
    ];
    for (r, (a, b)) in lines.iter().enumerate() {
        let r = r as u32;
        if r == 0 {
            help.write_string_with_format(r, 0, *a, &header)?;
            help.write_string_with_format(r, 1, *b, &header)?;
        } else {
            help.write_string(r, 0, *a)?;
            help.write_string(r, 1, *b)?;
        }
    }
    help.write_string(
        9,
        0,
        "Nhập lại cùng danh sách không tạo hộ trùng: hộ đã có được nhận ra theo các cột khóa (họ tên, thôn, năm sinh).",
    )?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ansinh_core::views::list_import::guess_mapping;

    #[test]
    fn the_template_reads_back_with_every_column_guessed() {
        let bytes = template().unwrap();
        let table = read("mau.xlsx", &bytes).unwrap();
        let m = guess_mapping(&table);
        assert_eq!(m.header_row, 0);
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(m.column(*f), Some(i), "{f:?}");
        }
    }

    #[test]
    fn positions_are_the_sheets_own_and_dates_stay_dates() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        // The used range starts at C5: row 4 and column 2 in the table, as Excel numbers them.
        sheet.write_string(4, 2, "Họ và tên chủ hộ").unwrap();
        sheet.write_string(4, 3, "Ngày sinh").unwrap();
        sheet.write_string(5, 2, "Y Hơn").unwrap();
        let dob = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 3, 5).unwrap();
        sheet.write_datetime_with_format(5, 3, &dob, &date).unwrap();
        sheet.write_number(6, 3, 1975.0).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let t = read("ds.xlsx", &bytes).unwrap();
        assert_eq!(t.rows.len(), 7);
        assert_eq!(t.cell(4, 2), &Cell::Text("Họ và tên chủ hộ".into()));
        assert_eq!(t.cell(5, 3), &Cell::Date(chrono::NaiveDate::from_ymd_opt(1980, 3, 5).unwrap()));
        assert_eq!(t.cell(6, 3), &Cell::Number(1975.0));
        assert_eq!(t.cell(0, 0), &Cell::Empty);
        let m = guess_mapping(&t);
        assert_eq!((m.header_row, m.column(Field::HeadName), m.column(Field::DateOfBirth)), (4, Some(2), Some(3)));
    }

    #[test]
    fn csv_separators_bom_and_windows_1258() {
        let t = read("a.csv", "\u{feff}Họ và tên chủ hộ;Thôn\nY Hơn;Thôn 1\n".as_bytes()).unwrap();
        assert_eq!(t.rows[1][0], Cell::Text("Y Hơn".into()));
        assert_eq!(t.rows[1][1], Cell::Text("Thôn 1".into()));
        // "Thôn" in Windows-1258: T h ô n (ô = 0xF4).
        let t = read("b.csv", b"Th\xF4n,x\n").unwrap();
        assert_eq!(t.rows[0][0], Cell::Text("Thôn".into()));
        // "Đinh Thị Hằng" as Windows-1258 writes it: "ă" (0xE3) then the combining grave (0xCC),
        // and "ị" as "i" + combining dot below (0xF2). Read back in NFC, as a tablet types it.
        let t = read("d.csv", b"\xD0inh Thi\xF2 H\xE3\xCCng,x\n").unwrap();
        assert_eq!(t.rows[0][0], Cell::Text("Đinh Thị Hằng".into()));
        let Cell::Text(name) = &t.rows[0][0] else { unreachable!() };
        assert_eq!(name.chars().count(), "Đinh Thị Hằng".chars().count(), "precomposed, not combining");
        assert_eq!(read("c.csv", b""), Err(ReadError::Empty));
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_refused() {
        assert!(matches!(read("x.xlsx", b"PK\x03\x04garbage"), Err(ReadError::NotASpreadsheet(_))));
    }
}
