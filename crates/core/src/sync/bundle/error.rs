//! Why a bundle was rejected.
//!
//! Contract: every error says where (line and column, or a field path such as
//! `households[12].members[3].date_of_birth`), what is wrong, that nothing was changed, and
//! what to do next, in Vietnamese (`message(Lang::Vi)`, the product's language) and English.
//! `Display` is the English text, for logs and the CLI.

use thiserror::Error;

use super::RecordKey;
use crate::i18n::{Lang, Text};

/// At most this many problems are spelled out in `message`; the rest are counted.
const SHOWN_PROBLEMS: usize = 20;

/// Why a bundle file was rejected. Nothing was imported.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ImportError {
    /// The file is bigger than the import limit.
    #[error("the file is {size} bytes, over the limit of {limit} bytes; nothing was imported")]
    TooLarge { size: usize, limit: usize },
    /// Not JSON (or cut short).
    #[error("not valid JSON at line {line}, column {column} ({detail}); nothing was imported")]
    Syntax { line: usize, column: usize, detail: String },
    /// JSON, but not an An Sinh bundle (`format` missing or different).
    #[error("not an An Sinh bundle: `format` is {}; nothing was imported", found.as_deref().unwrap_or("missing"))]
    NotABundle { found: Option<String> },
    /// A bundle format version this build does not read.
    #[error("format_version: bundle format version {found} is not supported (this app reads {supported}); nothing was imported")]
    UnsupportedVersion { found: String, supported: u32 },
    /// Collected under another plan.
    #[error("plan.id: the bundle belongs to plan \"{found}\", not \"{expected}\"; nothing was imported")]
    WrongPlan { found: String, expected: String },
    /// A field is missing, unknown, or of the wrong type or value.
    #[error("{path}: {detail} (line {line}, column {column}); nothing was imported")]
    Field { path: String, detail: String, line: usize, column: usize },
    /// Well-formed, but records break rules.
    #[error("{} problem(s) in the bundle: {}; nothing was imported", .0.len(), join_en(.0))]
    Invalid(Vec<BundleProblem>),
}

fn join_en(problems: &[BundleProblem]) -> String {
    problems.iter().map(|p| p.message(Lang::En)).collect::<Vec<_>>().join("; ")
}

/// One rule a well-formed bundle breaks, at `path`.
#[derive(Debug, Clone, PartialEq)]
pub struct BundleProblem {
    /// JSON path, e.g. `households[3].members[1].date_of_birth` or `tombstones[0].id`.
    pub path: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// A required text (device id, org unit) is empty.
    Empty,
    /// The nil UUID is not a record id.
    NilId,
    /// The same record (kind and id) appears twice among records and tombstones.
    DuplicateRecord { key: RecordKey },
    /// A record's own validation found an error (`survey::Problem` text).
    Record { message: Text },
    /// `updated_at` earlier than `created_at`.
    UpdatedBeforeCreated,
    /// An org unit id the plan does not know.
    UnknownOrgUnit { id: String },
    /// A record of an org unit outside the bundle's `org_unit`.
    OutOfScope { unit: String, scope: String },
    /// A village list change for a commune other than the bundle's: only a commune changes its
    /// own villages.
    OtherCommuneVillage { village: String, commune: String, scope: String },
    /// Lineage or a conflicting version for a record the bundle does not carry.
    NoCurrentVersion { key: RecordKey },
    /// Lineage given twice for one record.
    DuplicateLineage { key: RecordKey },
    /// Lineage says a carried version is superseded.
    SupersedesCarriedVersion { key: RecordKey },
    /// A version digest that is not 16 lower-case hex digits.
    BadDigest,
}

impl BundleProblem {
    pub fn new(path: impl Into<String>, kind: ProblemKind) -> Self {
        BundleProblem { path: path.into(), kind }
    }

    /// `path: what`, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let (vi, en) = match &self.kind {
            Empty => ("không được để trống".to_string(), "must not be empty".to_string()),
            NilId => {
                ("mã bản ghi không hợp lệ (UUID toàn số 0)".into(), "the nil UUID is not a valid record id".into())
            }
            DuplicateRecord { key } => (
                format!("{} mã {} xuất hiện hai lần trong gói", key.kind.label_vi(), key.id),
                format!("{} {} appears twice in the bundle", key.kind.as_str(), key.id),
            ),
            Record { message } => (message.vi.clone(), message.en.clone()),
            UpdatedBeforeCreated => {
                ("thời điểm cập nhật trước thời điểm tạo".into(), "updated_at is earlier than created_at".into())
            }
            UnknownOrgUnit { id } => (
                format!("đơn vị “{id}” không có trong danh sách đơn vị hành chính của kế hoạch"),
                format!("org unit “{id}” is not in the plan's list of units"),
            ),
            OutOfScope { unit, scope } => (
                format!("bản ghi của đơn vị “{unit}” không thuộc phạm vi “{scope}” của gói"),
                format!("a record of unit “{unit}” is outside the bundle's org unit “{scope}”"),
            ),
            OtherCommuneVillage { village, commune, scope } => (
                format!(
                    "tệp của “{scope}” sửa thôn “{village}” của xã “{commune}”: chỉ xã “{commune}” được sửa \
                     danh sách thôn của mình; không có gì được nhập — xuất lại tệp từ máy của xã “{commune}”"
                ),
                format!(
                    "a bundle of “{scope}” changes village “{village}” of commune “{commune}”: only “{commune}” \
                     changes its own villages; nothing was imported — export again from “{commune}”'s tablet"
                ),
            ),
            NoCurrentVersion { key } => (
                format!("gói không chứa bản hiện hành của {} mã {}", key.kind.label_vi(), key.id),
                format!("the bundle has no current version of {} {}", key.kind.as_str(), key.id),
            ),
            DuplicateLineage { key } => (
                format!("lịch sử phiên bản của {} mã {} bị lặp", key.kind.label_vi(), key.id),
                format!("lineage of {} {} is given twice", key.kind.as_str(), key.id),
            ),
            SupersedesCarriedVersion { key } => (
                format!("lịch sử phiên bản của {} mã {} chứa chính phiên bản đang gửi", key.kind.label_vi(), key.id),
                format!("lineage of {} {} lists a version the bundle carries", key.kind.as_str(), key.id),
            ),
            BadDigest => (
                "mã kiểm tra phiên bản phải gồm 16 chữ số hệ 16 (0–9, a–f)".into(),
                "a version digest must be 16 lower-case hex digits".into(),
            ),
        };
        match lang {
            Lang::Vi => format!("{}: {vi}", self.path),
            Lang::En => format!("{}: {en}", self.path),
        }
    }
}

/// Vietnamese reading of a serde error ("missing field `x`", "unknown variant `x`", …).
fn detail_vi(detail: &str) -> String {
    let quoted = || detail.split('`').nth(1).unwrap_or("").to_string();
    if detail.starts_with("missing field") {
        format!("thiếu trường `{}`", quoted())
    } else if detail.starts_with("unknown field") {
        format!("trường `{}` không có trong định dạng", quoted())
    } else if detail.starts_with("unknown variant") {
        format!("giá trị `{}` không hợp lệ", quoted())
    } else if detail.starts_with("invalid type") {
        "sai kiểu dữ liệu".to_string()
    } else if detail.contains("UUID") || detail.contains("uuid") {
        "mã UUID không hợp lệ".to_string()
    } else if detail.starts_with("input")
        || detail.starts_with("premature")
        || detail.starts_with("trailing input")
        || detail.starts_with("no possible date")
    {
        // chrono's parse errors: a date or time that does not exist or is mistyped.
        "ngày hoặc giờ không hợp lệ".to_string()
    } else {
        "giá trị không hợp lệ".to_string()
    }
}

impl ImportError {
    /// The whole error in `lang`: what and where, that nothing changed, what to do next.
    pub fn message(&self, lang: Lang) -> String {
        const NOTHING_VI: &str = "Chưa có dữ liệu nào được nhập hay thay đổi.";
        const NOTHING_EN: &str = "Nothing was imported or changed.";
        match lang {
            Lang::Vi => {
                let (what, next) = match self {
                    ImportError::TooLarge { size, limit } => (
                        format!("Tệp quá lớn: {} MB, vượt giới hạn {} MB.", mb(*size), mb(*limit)),
                        "Hãy xuất gói theo từng xã hoặc chỉ xuất phần thay đổi, rồi nhập lại.",
                    ),
                    ImportError::Syntax { line, column, detail } => (
                        format!("Tệp không phải JSON hợp lệ tại dòng {line}, cột {column} ({detail})."),
                        "Tệp có thể bị hỏng hoặc chép chưa hết; hãy chép lại tệp từ máy tính bảng hoặc xuất lại gói.",
                    ),
                    ImportError::NotABundle { found } => (
                        match found {
                            Some(f) => format!("Đây không phải gói dữ liệu An Sinh (trường `format` là “{f}”)."),
                            None => "Đây không phải gói dữ liệu An Sinh (thiếu trường `format`).".to_string(),
                        },
                        "Hãy chọn đúng tệp gói đã xuất từ ứng dụng An Sinh.",
                    ),
                    ImportError::UnsupportedVersion { found, supported } if newer(found, *supported) => (
                        format!(
                            "format_version: gói được xuất từ phiên bản ứng dụng mới hơn (định dạng {found}); ứng dụng \
                             này chỉ đọc đến định dạng {supported}."
                        ),
                        "Hãy cập nhật ứng dụng: mở ứng dụng khi có mạng, bấm “tải lại” khi được báo có phiên bản mới, \
                         rồi nhập lại tệp.",
                    ),
                    ImportError::UnsupportedVersion { found, supported } => (
                        format!(
                            "format_version: gói dùng phiên bản định dạng {found}, ứng dụng này chỉ đọc phiên bản {supported}."
                        ),
                        "Hãy cập nhật ứng dụng lên bản mới nhất, hoặc xuất lại gói từ ứng dụng cùng phiên bản.",
                    ),
                    ImportError::WrongPlan { found, expected } => (
                        format!("plan.id: gói thuộc kế hoạch “{found}”, không phải kế hoạch “{expected}” đang dùng."),
                        "Hãy kiểm tra máy tính bảng đã xuất gói có đang dùng đúng kế hoạch của huyện không.",
                    ),
                    ImportError::Field { path, detail, line, column } => (
                        format!("{path}: {} (dòng {line}, cột {column}; {detail}).", detail_vi(detail)),
                        "Hãy sửa bản ghi này trên máy tính bảng đã xuất gói rồi xuất lại.",
                    ),
                    ImportError::Invalid(problems) => (
                        format!("Gói có {} lỗi:\n{}", problems.len(), list(problems, Lang::Vi)),
                        "Hãy sửa các bản ghi trên máy tính bảng đã xuất gói rồi xuất lại.",
                    ),
                };
                format!("{what}\n{NOTHING_VI} {next}")
            }
            Lang::En => {
                let (what, next) = match self {
                    ImportError::TooLarge { size, limit } => (
                        format!("The file is too large: {} MB, over the {} MB limit.", mb(*size), mb(*limit)),
                        "Export one commune at a time, or only the changes, and import again.",
                    ),
                    ImportError::Syntax { line, column, detail } => (
                        format!("The file is not valid JSON at line {line}, column {column} ({detail})."),
                        "The file may be damaged or cut short; copy it again from the tablet or export again.",
                    ),
                    ImportError::NotABundle { found } => (
                        match found {
                            Some(f) => format!("This is not an An Sinh bundle (`format` is “{f}”)."),
                            None => "This is not an An Sinh bundle (no `format` field).".to_string(),
                        },
                        "Choose a bundle file exported by the An Sinh app.",
                    ),
                    ImportError::UnsupportedVersion { found, supported } if newer(found, *supported) => (
                        format!(
                            "format_version: the bundle was exported by a newer version of the app (format {found}); \
                             this app reads formats up to {supported}."
                        ),
                        "Update the app: open it while online, press “reload” when told a new version is ready, then \
                         import the file again.",
                    ),
                    ImportError::UnsupportedVersion { found, supported } => (
                        format!("format_version: the bundle uses format version {found}; this app reads {supported}."),
                        "Update the app, or export again from an app of the same version.",
                    ),
                    ImportError::WrongPlan { found, expected } => (
                        format!("plan.id: the bundle belongs to plan “{found}”, not the plan in use “{expected}”."),
                        "Check that the exporting tablet uses the district's plan.",
                    ),
                    ImportError::Field { path, detail, line, column } => (
                        format!("{path}: {detail} (line {line}, column {column})."),
                        "Correct this record on the exporting tablet and export again.",
                    ),
                    ImportError::Invalid(problems) => (
                        format!("The bundle has {} problem(s):\n{}", problems.len(), list(problems, Lang::En)),
                        "Correct these records on the exporting tablet and export again.",
                    ),
                };
                format!("{what}\n{NOTHING_EN} {next}")
            }
        }
    }

    /// Path of the first offending field, when there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            ImportError::Field { path, .. } => Some(path),
            ImportError::UnsupportedVersion { .. } => Some("format_version"),
            ImportError::NotABundle { .. } => Some("format"),
            ImportError::WrongPlan { .. } => Some("plan.id"),
            ImportError::Invalid(p) => p.first().map(|p| p.path.as_str()),
            ImportError::TooLarge { .. } | ImportError::Syntax { .. } => None,
        }
    }
}

fn mb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0)
}

fn list(problems: &[BundleProblem], lang: Lang) -> String {
    let mut lines: Vec<String> =
        problems.iter().take(SHOWN_PROBLEMS).map(|p| format!("- {}", p.message(lang))).collect();
    if problems.len() > SHOWN_PROBLEMS {
        let more = problems.len() - SHOWN_PROBLEMS;
        lines.push(match lang {
            Lang::Vi => format!("… và {more} lỗi khác"),
            Lang::En => format!("… and {more} more"),
        });
    }
    lines.join("\n")
}

/// Whether an unsupported `format_version` is a later one than this build's: a file from a
/// newer app, which only updating the app can read.
fn newer(found: &str, supported: u32) -> bool {
    found.parse::<u64>().is_ok_and(|v| v > u64::from(supported))
}
