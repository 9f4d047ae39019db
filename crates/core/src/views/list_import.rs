//! Households from a commune's own spreadsheet list (danh sách hộ nghèo, hộ cận nghèo, or any
//! household list) into draft survey records (issue 21, "In").
//!
//! Contract:
//! - Input is a `Table` of cells already read from the file (`ansinh-office::sheet` reads .xlsx
//!   and .csv); this module never touches bytes, so it is tested natively and runs the same in
//!   the app and the CLI.
//! - `guess_mapping` proposes which column holds which answer from the header row's words
//!   (diacritics-insensitive); the user confirms or changes it, and the app remembers the
//!   confirmed `Mapping` per `layout_signature` (the folded header texts: no personal data).
//! - `preview` turns rows into: new draft households (the head as the only member, every other
//!   answer unanswered, the notice on personal data not read: the surveyor reads it on the
//!   visit), updates of households already on the device, unchanged rows, and rejected rows,
//!   each with its sheet row number (1-based, as the spreadsheet shows it) and why, in
//!   Vietnamese and English. Nothing is saved here: the caller saves after the user confirms.
//! - Importing the same list again creates nothing twice: a row matches a household of the
//!   commune whose values in the chosen key fields are equal (names folded and spaces
//!   collapsed, villages by id, year of birth from the date or the year); a matched row is an
//!   update only for the fields whose values differ, else "unchanged". A row missing a key
//!   value, a second row with the same key, or a key matching two households is rejected
//!   rather than guessed.
//! - A year of birth without a date is kept as `Member::birth_year`; the date stays unanswered
//!   (never a stand-in 1 January) until the surveyor asks it.
//! - Rejection reasons name the column and the problem, never the cell's value (the preview
//!   may be shown over a shoulder; the file itself is at hand for the value).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::org::{OrgKind, OrgUnits};
use crate::domain::person::Sex;
use crate::domain::person::MAX_AGE_YEARS;
use crate::domain::survey::{Completeness, Household, Member, PovertyStatus, RecordMeta, Relation};
use crate::i18n::Text;
use crate::views::search::fold;

/// One cell as read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date in the spreadsheet.
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// The cell as text, as the user sees it (numbers without a trailing ".0").
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
            Cell::Bool(true) => "x".to_owned(),
            Cell::Bool(false) => String::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// A sheet's cells, row by row (row 0 is the sheet's first row).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Cell::Empty)
    }

    /// The texts of `row`, as headers.
    pub fn headers(&self, row: usize) -> Vec<String> {
        self.rows.get(row).map(|r| r.iter().map(Cell::text).collect()).unwrap_or_default()
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// An answer a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Họ và tên chủ hộ.
    HeadName,
    /// Ngày sinh (a date, or only a year).
    DateOfBirth,
    /// Năm sinh.
    BirthYear,
    /// Giới tính.
    Sex,
    /// Thôn, làng, tổ dân phố.
    Village,
    /// Phân loại hộ: nghèo, cận nghèo.
    Poverty,
    /// Dân tộc (or "dân tộc thiểu số": có/không).
    Ethnicity,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::HeadName,
        Field::DateOfBirth,
        Field::BirthYear,
        Field::Sex,
        Field::Village,
        Field::Poverty,
        Field::Ethnicity,
    ];

    pub fn label(self) -> Text {
        match self {
            Field::HeadName => Text::new("Họ và tên chủ hộ", "Head of household's name"),
            Field::DateOfBirth => Text::new("Ngày sinh", "Date of birth"),
            Field::BirthYear => Text::new("Năm sinh", "Year of birth"),
            Field::Sex => Text::new("Giới tính", "Sex"),
            Field::Village => Text::new("Thôn, làng, tổ dân phố", "Village"),
            Field::Poverty => Text::new("Phân loại hộ (nghèo, cận nghèo)", "Poverty status"),
            Field::Ethnicity => Text::new("Dân tộc", "Ethnic group"),
        }
    }

    /// The header the template file uses.
    pub fn template_header(self) -> &'static str {
        match self {
            Field::HeadName => "Họ và tên chủ hộ",
            Field::DateOfBirth => "Ngày sinh (ngày/tháng/năm)",
            Field::BirthYear => "Năm sinh (khi chỉ biết năm)",
            Field::Sex => "Giới tính (Nam/Nữ)",
            Field::Village => "Thôn, làng, tổ dân phố",
            Field::Poverty => "Phân loại hộ (Hộ nghèo/Hộ cận nghèo/Không)",
            Field::Ethnicity => "Dân tộc",
        }
    }

    /// Whether a folded header names this field.
    fn matches(self, h: &str) -> bool {
        let has = |w: &str| h.contains(w);
        match self {
            Field::HeadName => has("ten chu ho") || has("ho va ten") || has("ho ten") || h == "chu ho",
            Field::DateOfBirth => has("ngay sinh") || has("ngay thang nam sinh") || has("ngay, thang, nam sinh"),
            Field::BirthYear => has("nam sinh") && !has("ngay sinh") && !has("ngay thang") && !has("ngay, thang"),
            Field::Sex => has("gioi tinh") || h == "gioi",
            Field::Village => has("thon") || has("lang") || has("to dan pho") || has("dia chi"),
            Field::Poverty => has("phan loai") || has("ngheo") || has("loai ho"),
            Field::Ethnicity => has("dan toc"),
        }
    }
}

/// Which column holds which field, in which row the headers are, and which fields identify a
/// household across imports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The header row (0-based); data starts on the next row.
    pub header_row: usize,
    pub columns: BTreeMap<Field, usize>,
    /// The fields compared to find a household already on the device.
    pub keys: Vec<Field>,
}

impl Mapping {
    pub fn column(&self, f: Field) -> Option<usize> {
        self.columns.get(&f).copied()
    }

    /// Why this mapping cannot be used, if it cannot.
    pub fn check(&self) -> Result<(), Text> {
        if self.column(Field::HeadName).is_none() {
            return Err(Text::new(
                "Chưa chọn cột họ và tên chủ hộ.",
                "Choose the column with the head of household's name.",
            ));
        }
        if self.keys.is_empty() {
            return Err(Text::new(
                "Chưa chọn cột nào để nhận ra hộ đã có (ví dụ: họ và tên, thôn, năm sinh).",
                "Choose at least one column that identifies a household (e.g. name, village, year of birth).",
            ));
        }
        for k in &self.keys {
            let mapped = match k {
                // Either column gives the year.
                Field::BirthYear | Field::DateOfBirth => {
                    self.column(Field::BirthYear).is_some() || self.column(Field::DateOfBirth).is_some()
                }
                f => self.column(*f).is_some(),
            };
            if !mapped {
                return Err(Text::new(
                    format!("Cột khóa \"{}\" chưa được gán cột nào trong tệp.", k.label().vi),
                    format!("The key \"{}\" has no column in the file.", k.label().en),
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for c in self.columns.values() {
            if !seen.insert(*c) {
                return Err(Text::new(
                    "Một cột được gán cho hai nội dung; mỗi cột chỉ một nội dung.",
                    "One column is assigned twice; each column holds one field.",
                ));
            }
        }
        Ok(())
    }
}

/// A column's letters as spreadsheets show them (0 → A, 26 → AA).
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The folded, space-collapsed form of a header or a name.
fn norm(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key under which a confirmed mapping is remembered: the header row's folded texts.
pub fn layout_signature(headers: &[String]) -> String {
    headers.iter().map(|h| norm(h)).collect::<Vec<_>>().join("|")
}

/// The row that looks most like a header among the first rows (titles such as "DANH SÁCH HỘ
/// NGHÈO NĂM 2026" often come first), and the mapping its words suggest.
pub fn guess_mapping(table: &Table) -> Mapping {
    let mut best: Option<(usize, BTreeMap<Field, usize>)> = None;
    for row in 0..table.rows.len().min(20) {
        let cols = guess_columns(&table.headers(row));
        if cols.len() > best.as_ref().map_or(0, |(_, c)| c.len()) {
            best = Some((row, cols));
        }
    }
    let (header_row, columns) = best.unwrap_or_else(|| {
        let first = table.rows.iter().position(|r| r.iter().any(|c| !c.is_empty())).unwrap_or(0);
        (first, BTreeMap::new())
    });
    Mapping { header_row, keys: default_keys(&columns), columns }
}

/// The mapping suggested by the headers of `row` (the user chose another header row).
pub fn guess_mapping_at(table: &Table, row: usize) -> Mapping {
    let columns = guess_columns(&table.headers(row));
    Mapping { header_row: row, keys: default_keys(&columns), columns }
}

fn default_keys(columns: &BTreeMap<Field, usize>) -> Vec<Field> {
    let mut keys = vec![Field::HeadName];
    if columns.contains_key(&Field::Village) {
        keys.push(Field::Village);
    }
    if columns.contains_key(&Field::BirthYear) || columns.contains_key(&Field::DateOfBirth) {
        keys.push(Field::BirthYear);
    }
    keys
}

fn guess_columns(headers: &[String]) -> BTreeMap<Field, usize> {
    let mut out = BTreeMap::new();
    let mut used = BTreeSet::new();
    // Most specific first: "ngày, tháng, năm sinh" before "năm sinh", "tên chủ hộ" before
    // "thôn" (a header "Họ tên chủ hộ (thôn)" is a name).
    for field in [
        Field::DateOfBirth,
        Field::BirthYear,
        Field::HeadName,
        Field::Sex,
        Field::Ethnicity,
        Field::Poverty,
        Field::Village,
    ] {
        if let Some(i) =
            headers.iter().enumerate().position(|(i, h)| !used.contains(&i) && !h.is_empty() && field.matches(&norm(h)))
        {
            out.insert(field, i);
            used.insert(i);
        }
    }
    out
}

/// Where the rows go.
#[derive(Debug, Clone)]
pub struct ImportContext<'a> {
    /// The commune the list belongs to.
    pub commune_id: String,
    /// The village for rows when no village column is mapped.
    pub default_village: Option<String>,
    /// The survey date given to new drafts (ages are computed at it).
    pub survey_date: NaiveDate,
    pub now: DateTime<Utc>,
    pub units: &'a OrgUnits,
}

/// A row matched to a household on the device whose answers it changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// Sheet row, 1-based.
    pub row: usize,
    /// The revision the household was read at (saving checks it is still current).
    pub base_rev: u64,
    pub household: Household,
    pub changed: Vec<Field>,
}

/// A row that was not imported, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    /// Sheet row, 1-based.
    pub row: usize,
    pub reason: Text,
}

/// What confirming would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preview {
    /// New drafts, with their sheet rows.
    pub new: Vec<(usize, Household)>,
    pub updates: Vec<Update>,
    /// Rows already on the device as they are (sheet rows).
    pub unchanged: Vec<usize>,
    pub rejected: Vec<Rejected>,
    /// New or updated heads with only a year of birth.
    pub year_only: usize,
}

/// A row's values, parsed.
#[derive(Debug, Clone, Default, PartialEq)]
struct RowValues {
    name: Option<String>,
    date_of_birth: Option<NaiveDate>,
    birth_year: Option<i32>,
    sex: Option<Sex>,
    village: Option<String>,
    poverty: Option<PovertyStatus>,
    ethnic_minority: Option<bool>,
}

impl RowValues {
    fn year(&self) -> Option<i32> {
        self.date_of_birth.map(|d| d.year()).or(self.birth_year)
    }
}

fn reason(field: Field, vi: &str, en: &str) -> Text {
    Text::new(format!("Cột \"{}\": {vi}", field.label().vi), format!("Column \"{}\": {en}", field.label().en))
}

/// Reads the cells of one data row.
fn parse_row(table: &Table, row: usize, map: &Mapping, ctx: &ImportContext) -> Result<RowValues, Text> {
    let cell = |f: Field| map.column(f).map(|c| table.cell(row, c)).unwrap_or(&Cell::Empty);
    let mut v = RowValues::default();

    let name = cell(Field::HeadName).text();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(reason(Field::HeadName, "trống", "empty"));
    }
    if name.chars().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation()) {
        return Err(reason(Field::HeadName, "không phải họ tên (chỉ có số)", "not a name (digits only)"));
    }
    v.name = Some(name);

    let min_year = ctx.survey_date.year() - MAX_AGE_YEARS as i32;
    let check_year = |f: Field, y: i32| -> Result<i32, Text> {
        if y < min_year || y > ctx.survey_date.year() {
            Err(reason(f, "năm sinh không hợp lý", "implausible year of birth"))
        } else {
            Ok(y)
        }
    };
    match cell(Field::DateOfBirth) {
        Cell::Empty => {}
        Cell::Date(d) => v.date_of_birth = Some(*d),
        c => match parse_birth(c) {
            Some(Birth::Date(d)) => v.date_of_birth = Some(d),
            Some(Birth::Year(y)) => v.birth_year = Some(check_year(Field::DateOfBirth, y)?),
            None if c.is_empty() => {}
            None => {
                return Err(reason(
                    Field::DateOfBirth,
                    "không đọc được ngày (viết ngày/tháng/năm, ví dụ 05/03/1980, hoặc chỉ năm)",
                    "not a date (write day/month/year, e.g. 05/03/1980, or the year alone)",
                ))
            }
        },
    }
    if let Some(d) = v.date_of_birth {
        if d > ctx.survey_date {
            return Err(reason(Field::DateOfBirth, "ngày sinh sau ngày khảo sát", "after the survey date"));
        }
        check_year(Field::DateOfBirth, d.year())?;
    }
    let year_cell = cell(Field::BirthYear);
    if !year_cell.is_empty() {
        match parse_birth(year_cell) {
            Some(Birth::Year(y)) => {
                let y = check_year(Field::BirthYear, y)?;
                if v.date_of_birth.is_some_and(|d| d.year() != y) {
                    return Err(reason(
                        Field::BirthYear,
                        "không khớp với năm của ngày sinh",
                        "does not match the date of birth's year",
                    ));
                }
                if v.date_of_birth.is_none() {
                    v.birth_year = Some(y);
                }
            }
            Some(Birth::Date(d)) if v.date_of_birth.is_none() => {
                check_year(Field::BirthYear, d.year())?;
                v.date_of_birth = Some(d);
            }
            Some(Birth::Date(_)) => {}
            None => return Err(reason(Field::BirthYear, "không phải một năm", "not a year")),
        }
    }

    let sex = norm(&cell(Field::Sex).text());
    v.sex = match sex.as_str() {
        "" => None,
        "nam" | "m" | "male" | "trai" => Some(Sex::Male),
        "nu" | "f" | "female" | "gai" => Some(Sex::Female),
        _ => return Err(reason(Field::Sex, "không phải Nam hoặc Nữ", "not Nam (male) or Nữ (female)")),
    };

    match map.column(Field::Village) {
        Some(_) => {
            let text = cell(Field::Village).text();
            if text.is_empty() {
                return Err(reason(Field::Village, "trống", "empty"));
            }
            match find_village(ctx.units, &ctx.commune_id, &text) {
                Some(id) => v.village = Some(id),
                None => {
                    return Err(reason(
                        Field::Village,
                        "không có trong danh sách thôn, làng, tổ dân phố của xã",
                        "not in the commune's list of villages",
                    ))
                }
            }
        }
        None => v.village = ctx.default_village.clone(),
    }
    if v.village.is_none() {
        return Err(reason(Field::Village, "chưa chọn thôn cho danh sách", "no village chosen for the list"));
    }

    let pov = norm(&cell(Field::Poverty).text());
    v.poverty = if pov.is_empty() {
        None
    } else if pov.contains("can ngheo") || pov == "cn" || pov == "hcn" {
        Some(PovertyStatus::NearPoor)
    } else if pov.contains("thoat ngheo") || pov == "khong" || pov == "0" || pov.contains("khong ngheo") {
        Some(PovertyStatus::NotPoor)
    } else if pov.contains("ngheo") || pov == "hn" {
        Some(PovertyStatus::Poor)
    } else {
        return Err(reason(
            Field::Poverty,
            "không phải Hộ nghèo, Hộ cận nghèo hay Không",
            "not poor (Hộ nghèo), near-poor (Hộ cận nghèo) or neither (Không)",
        ));
    };

    let eth = norm(&cell(Field::Ethnicity).text());
    v.ethnic_minority = match eth.as_str() {
        "" => None,
        "kinh" | "khong" | "0" => Some(false),
        "co" | "x" | "1" | "dtts" => Some(true),
        // Any other group's name (Xơ Đăng, Ba Na, Gia Rai, …) is an ethnic minority.
        s if s.chars().any(char::is_alphabetic) => Some(true),
        _ => return Err(reason(Field::Ethnicity, "không đọc được", "not readable")),
    };
    Ok(v)
}

enum Birth {
    Date(NaiveDate),
    Year(i32),
}

/// A date of birth as officials write it: dd/mm/yyyy (or with - or .), yyyy-mm-dd, a year
/// alone, or an Excel date cell.
fn parse_birth(c: &Cell) -> Option<Birth> {
    match c {
        Cell::Date(d) => Some(Birth::Date(*d)),
        Cell::Number(n) if n.fract() == 0.0 && (1000.0..=9999.0).contains(n) => Some(Birth::Year(*n as i32)),
        Cell::Text(s) => {
            let s = s.trim();
            if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
                return s.parse().ok().map(Birth::Year);
            }
            ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
                .map(Birth::Date)
        }
        _ => None,
    }
}

/// The commune's village whose name (with or without "thôn", "làng", "tổ dân phố"; numbers
/// without leading zeros) or id is `text`.
pub fn find_village(units: &OrgUnits, commune: &str, text: &str) -> Option<String> {
    let want = village_words(text);
    let raw = text.trim();
    units
        .villages_of(commune)
        .into_iter()
        .filter(|u| u.kind == OrgKind::Village)
        .find(|u| u.id == raw || village_words(&u.name.vi) == want || village_words(&u.name.en) == want)
        // A village merged into another of the commune is that one; a closed one takes no
        // new household.
        .and_then(|u| units.effective(&u.id))
        .filter(|u| u.is_open() && u.parent.as_deref() == Some(commune))
        .map(|u| u.id.clone())
}

fn village_words(text: &str) -> String {
    let n = norm(text);
    let stripped =
        ["to dan pho ", "thon ", "lang ", "tdp ", "village "].iter().find_map(|p| n.strip_prefix(p)).unwrap_or(&n);
    stripped
        .split(' ')
        .map(
            |w| if w.chars().all(|c| c.is_ascii_digit()) { w.trim_start_matches('0').to_owned() } else { w.to_owned() },
        )
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key of a row or household in the chosen key fields; `None` when a value is missing.
fn key_of(keys: &[Field], v: &RowValues) -> Option<Vec<String>> {
    keys.iter()
        .map(|k| match k {
            Field::HeadName => v.name.as_deref().map(norm),
            Field::DateOfBirth | Field::BirthYear => v.year().map(|y| y.to_string()),
            Field::Sex => v.sex.map(|s| format!("{s:?}")),
            Field::Village => v.village.clone(),
            Field::Poverty => v.poverty.map(|p| format!("{p:?}")),
            Field::Ethnicity => v.ethnic_minority.map(|e| e.to_string()),
        })
        .collect()
}

/// A stored household's values in the row's terms (from its head).
fn household_values(h: &Household) -> RowValues {
    let head = h.head();
    RowValues {
        name: head.map(|m| m.name.clone()).filter(|n| !n.trim().is_empty()),
        date_of_birth: head.and_then(|m| m.date_of_birth),
        birth_year: head.and_then(|m| m.birth_year),
        sex: head.and_then(|m| m.sex),
        village: Some(h.village_id.clone()),
        poverty: h.poverty,
        ethnic_minority: h.ethnic_minority,
    }
}

/// What importing `table` with `map` would do to the households on the device (`existing`:
/// each with its stored revision). `ids` gives new records' ids.
pub fn preview<'a>(
    table: &Table,
    map: &Mapping,
    ctx: &ImportContext,
    existing: impl IntoIterator<Item = (&'a Household, u64)>,
    mut ids: impl FnMut() -> Uuid,
) -> Preview {
    let mut out = Preview::default();
    // Households of this commune by key; a key held by two households is ambiguous.
    let mut by_key: BTreeMap<Vec<String>, Vec<(&Household, u64)>> = BTreeMap::new();
    for (h, rev) in existing {
        if h.commune_id != ctx.commune_id {
            continue;
        }
        if let Some(k) = key_of(&map.keys, &household_values(h)) {
            by_key.entry(k).or_default().push((h, rev));
        }
    }
    let mut seen: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for row in map.header_row + 1..table.rows.len() {
        let sheet_row = row + 1;
        if table.rows[row].iter().all(Cell::is_empty) {
            continue;
        }
        let v = match parse_row(table, row, map, ctx) {
            Ok(v) => v,
            Err(reason) => {
                out.rejected.push(Rejected { row: sheet_row, reason });
                continue;
            }
        };
        let Some(key) = key_of(&map.keys, &v) else {
            let labels: Vec<Text> =
                map.keys.iter().filter(|k| key_of(&[**k], &v).is_none()).map(|k| k.label()).collect();
            let names = |lang: fn(&Text) -> &str| labels.iter().map(lang).collect::<Vec<_>>().join(", ");
            out.rejected.push(Rejected {
                row: sheet_row,
                reason: Text::new(
                    format!("Thiếu giá trị để nhận ra hộ: {}", names(|t| t.vi.as_str())),
                    format!("A value that identifies the household is missing: {}", names(|t| t.en.as_str())),
                ),
            });
            continue;
        };
        if let Some(first) = seen.get(&key) {
            out.rejected.push(Rejected {
                row: sheet_row,
                reason: Text::new(
                    format!("Trùng với dòng {first} (cùng các cột khóa)"),
                    format!("Same household as row {first} (same key columns)"),
                ),
            });
            continue;
        }
        seen.insert(key.clone(), sheet_row);
        match by_key.get(&key).map(Vec::as_slice) {
            None | Some([]) => {
                let h = new_household(&v, ctx, ids());
                if h.head().is_some_and(|m| m.date_of_birth.is_none() && m.birth_year.is_some()) {
                    out.year_only += 1;
                }
                out.new.push((sheet_row, h));
            }
            Some([(h, rev)]) => {
                let (updated, changed) = apply(h, &v, ctx.now);
                if changed.is_empty() {
                    out.unchanged.push(sheet_row);
                } else {
                    if updated.head().is_some_and(|m| m.date_of_birth.is_none() && m.birth_year.is_some()) {
                        out.year_only += 1;
                    }
                    out.updates.push(Update { row: sheet_row, base_rev: *rev, household: updated, changed });
                }
            }
            Some(many) => out.rejected.push(Rejected {
                row: sheet_row,
                reason: Text::new(
                    format!("Khớp với {} hộ đã có trên máy; hãy chọn thêm cột khóa", many.len()),
                    format!("Matches {} households on this device; choose more key columns", many.len()),
                ),
            }),
        }
    }
    out
}

fn new_household(v: &RowValues, ctx: &ImportContext, id: Uuid) -> Household {
    let village = v.village.clone().unwrap_or_default();
    let mut h = Household::new(RecordMeta::new(id, ctx.now), ctx.commune_id.clone(), village, ctx.survey_date);
    h.poverty = v.poverty;
    h.ethnic_minority = v.ethnic_minority;
    // The head's id follows from the household's, so the same preview gives the same record.
    let mut head = Member::blank(Uuid::from_u128(id.as_u128() ^ 1));
    head.name = v.name.clone().unwrap_or_default();
    head.sex = v.sex;
    head.date_of_birth = v.date_of_birth;
    head.birth_year = v.birth_year;
    head.relation = Some(Relation::Head);
    h.members.push(head);
    h
}

/// `h` with the row's values laid over it (only values the row has), and what changed.
fn apply(h: &Household, v: &RowValues, now: DateTime<Utc>) -> (Household, Vec<Field>) {
    let mut out = h.clone();
    let mut changed = Vec::new();
    if let Some(p) = v.poverty.filter(|p| h.poverty != Some(*p)) {
        out.poverty = Some(p);
        changed.push(Field::Poverty);
    }
    if let Some(e) = v.ethnic_minority.filter(|e| h.ethnic_minority != Some(*e)) {
        out.ethnic_minority = Some(e);
        changed.push(Field::Ethnicity);
    }
    if let Some(village) = v.village.as_ref().filter(|x| **x != h.village_id) {
        out.village_id = village.clone();
        changed.push(Field::Village);
    }
    if let Some(head) = out.members.iter_mut().find(|m| m.is_head()) {
        if let Some(n) = v.name.as_ref().filter(|n| **n != head.name) {
            head.name = n.clone();
            changed.push(Field::HeadName);
        }
        if let Some(s) = v.sex.filter(|s| head.sex != Some(*s)) {
            head.sex = Some(s);
            changed.push(Field::Sex);
        }
        if let Some(d) = v.date_of_birth.filter(|d| head.date_of_birth != Some(*d)) {
            head.date_of_birth = Some(d);
            changed.push(Field::DateOfBirth);
        }
        if let Some(y) = v.birth_year.filter(|y| head.birth_year != Some(*y) && head.date_of_birth.is_none()) {
            head.birth_year = Some(y);
            changed.push(Field::BirthYear);
        }
    }
    if !changed.is_empty() {
        out.meta.updated_at = now.max(h.meta.updated_at);
        // An answer the list changed may leave a complete record with a problem: it becomes a
        // draft again rather than a complete record that breaks the rules.
        if out.completeness == Completeness::Complete && !out.blocking_problems().is_empty() {
            out.completeness = Completeness::Draft;
        }
    }
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn headers_are_found_below_a_title_and_mapped_by_their_words() {
        let table = Table {
            rows: vec![
                vec![t("DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2026")],
                vec![],
                vec![
                    t("STT"),
                    t("Họ và tên chủ hộ"),
                    t("Năm sinh"),
                    t("Giới tính"),
                    t("Thôn"),
                    t("Phân loại"),
                    t("Dân tộc"),
                ],
            ],
        };
        let m = guess_mapping(&table);
        assert_eq!(m.header_row, 2);
        assert_eq!(m.column(Field::HeadName), Some(1));
        assert_eq!(m.column(Field::BirthYear), Some(2));
        assert_eq!(m.column(Field::DateOfBirth), None);
        assert_eq!(m.column(Field::Sex), Some(3));
        assert_eq!(m.column(Field::Village), Some(4));
        assert_eq!(m.column(Field::Poverty), Some(5));
        assert_eq!(m.column(Field::Ethnicity), Some(6));
        assert_eq!(m.keys, vec![Field::HeadName, Field::Village, Field::BirthYear]);
        assert!(m.check().is_ok());
    }

    #[test]
    fn column_letters_as_spreadsheets_show_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn village_names_match_with_or_without_their_kind_and_leading_zeros() {
        assert_eq!(village_words("Thôn 01"), "1");
        assert_eq!(village_words("thon 1"), "1");
        assert_eq!(village_words("Tổ dân phố 3"), "3");
        assert_eq!(village_words("Làng Kon  Rẫy"), "kon ray");
    }

    #[test]
    fn births_read_as_officials_write_them() {
        assert!(
            matches!(parse_birth(&t("05/03/1980")), Some(Birth::Date(d)) if d == NaiveDate::from_ymd_opt(1980, 3, 5).unwrap())
        );
        assert!(matches!(parse_birth(&t("1980-03-05")), Some(Birth::Date(_))));
        assert!(matches!(parse_birth(&t("1975")), Some(Birth::Year(1975))));
        assert!(matches!(parse_birth(&Cell::Number(1975.0)), Some(Birth::Year(1975))));
        assert!(parse_birth(&t("31/02/1980")).is_none());
        assert!(parse_birth(&t("năm bảy lăm")).is_none());
    }
}
