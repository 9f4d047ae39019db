//! Errors of loading a plan file.
//!
//! Contract: every error says where (a JSON path such as `indicators[3].target`, or a line and
//! column for broken syntax) and what, in Vietnamese and English (`message(Lang)`); the
//! `Display` form is the English one, for logs and the CLI.

use thiserror::Error;

use crate::i18n::Lang;

/// Why a plan file was rejected.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PlanError {
    /// Not JSON at all (or truncated).
    #[error("invalid JSON at line {line}, column {column}: {detail}")]
    Syntax { line: usize, column: usize, detail: String },
    /// JSON, but a field is missing, unknown or of the wrong type.
    /// `position` is the (line, column) where the parser stopped, when known.
    #[error("{path}: {detail}{}", position_en(.position))]
    Field { path: String, detail: String, position: Option<(usize, usize)> },
    /// A file format this build does not read.
    #[error("format_version: unsupported plan format version {found} (supported: {supported:?})")]
    UnsupportedVersion { found: u64, supported: Vec<u32> },
    /// Well-formed, but the content breaks one or more rules.
    #[error("{} problem(s) in the plan: {}", .0.len(), join_en(.0))]
    Invalid(Vec<Problem>),
}

fn position_en(position: &Option<(usize, usize)>) -> String {
    position.map(|(l, c)| format!(" (line {l}, column {c})")).unwrap_or_default()
}

fn join_en(problems: &[Problem]) -> String {
    problems.iter().map(|p| p.message(Lang::En)).collect::<Vec<_>>().join("; ")
}

/// One semantic problem and the path of the field it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// JSON path, e.g. `tasks[4].leads[0]`.
    pub path: String,
    pub kind: ProblemKind,
}

/// The kinds of semantic problems.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// An id is used twice in one list (`what` names the list, e.g. "indicator").
    DuplicateId { what: &'static str, id: String },
    /// A reference to an id that does not exist (`what` names the target list).
    UnknownReference { what: &'static str, id: String },
    /// An empty id or required text.
    Empty,
    /// A number that is NaN or infinite.
    NotFinite,
    /// A range whose minimum exceeds its maximum.
    RangeInverted { min: f64, max: f64 },
    /// A percent target outside 0..=100.
    PercentOutOfRange { value: f64 },
    /// A negative tolerance.
    NegativeTolerance { value: f64 },
    /// Not exactly one district root in the org units.
    DistrictRoots { count: usize },
    /// A unit whose parent is of the wrong kind (e.g. a village under the district).
    BadParent { kind: String, parent_kind: String },
    /// A parent chain that loops.
    Cycle,
    /// An indicator no task serves.
    IndicatorWithoutTask,
    /// A task lists an indicator that does not list the task back, or the reverse.
    LinkNotMirrored { from: String, to: String },
    /// A target whose kind does not fit the unit (e.g. a status target on a percent).
    TargetUnitMismatch { unit: String, target: String },
    /// A calendar date that does not exist (e.g. 30 February).
    InvalidDate { month: u32, day: u32 },
    /// A parameter of a computation that cannot work (empty band, zero window, …).
    BadParameter { detail: String },
}

impl Problem {
    pub(crate) fn new(path: impl Into<String>, kind: ProblemKind) -> Self {
        Problem { path: path.into(), kind }
    }

    /// The problem in `lang`, prefixed with the field path.
    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let (vi, en) = match &self.kind {
            DuplicateId { what, id } => {
                (format!("mã {} \"{id}\" bị trùng", what_vi(what)), format!("duplicate {what} id \"{id}\""))
            }
            UnknownReference { what, id } => {
                (format!("không tìm thấy mã {} \"{id}\"", what_vi(what)), format!("unknown {what} id \"{id}\""))
            }
            Empty => ("không được để trống".into(), "must not be empty".into()),
            NotFinite => ("phải là một số hữu hạn".into(), "must be a finite number".into()),
            RangeInverted { min, max } => (
                format!("khoảng không hợp lệ: giá trị nhỏ nhất {min} lớn hơn giá trị lớn nhất {max}"),
                format!("invalid range: min {min} is greater than max {max}"),
            ),
            PercentOutOfRange { value } => (
                format!("chỉ tiêu phần trăm {value} nằm ngoài khoảng 0–100"),
                format!("percent target {value} is outside 0..=100"),
            ),
            NegativeTolerance { value } => {
                (format!("sai số cho phép {value} không được âm"), format!("tolerance {value} must not be negative"))
            }
            DistrictRoots { count } => (
                format!("phải có đúng một đơn vị cấp huyện làm gốc, hiện có {count}"),
                format!("there must be exactly one district root, found {count}"),
            ),
            BadParent { kind, parent_kind } => (
                format!("đơn vị loại {kind} không thể trực thuộc đơn vị loại {parent_kind}"),
                format!("a unit of kind {kind} cannot be under a unit of kind {parent_kind}"),
            ),
            Cycle => ("quan hệ trực thuộc bị vòng lặp".into(), "the parent chain loops".into()),
            IndicatorWithoutTask => {
                ("chỉ tiêu chưa gắn với nhiệm vụ nào".into(), "the indicator is not linked to any task".into())
            }
            LinkNotMirrored { from, to } => (
                format!("\"{from}\" liên kết tới \"{to}\" nhưng \"{to}\" không liên kết ngược lại"),
                format!("\"{from}\" links to \"{to}\" but \"{to}\" does not link back"),
            ),
            TargetUnitMismatch { unit, target } => (
                format!("loại chỉ tiêu {target} không phù hợp với đơn vị {unit}"),
                format!("target kind {target} does not fit unit {unit}"),
            ),
            InvalidDate { month, day } => {
                (format!("ngày {day}/{month} không tồn tại"), format!("day {day} of month {month} does not exist"))
            }
            BadParameter { detail } => {
                (format!("tham số không hợp lệ: {detail}"), format!("invalid parameter: {detail}"))
            }
        };
        match lang {
            Lang::Vi => format!("{}: {vi}", self.path),
            Lang::En => format!("{}: {en}", self.path),
        }
    }
}

/// Vietnamese name of a list named in `DuplicateId` / `UnknownReference`.
fn what_vi(what: &str) -> &'static str {
    match what {
        "agency" => "cơ quan",
        "indicator" => "chỉ tiêu",
        "indicator group" => "nhóm chỉ tiêu",
        "task" => "nhiệm vụ",
        "task section" => "mục nhiệm vụ",
        "org unit" => "đơn vị hành chính",
        "deadline" => "thời hạn",
        "source document" => "văn bản căn cứ",
        _ => "",
    }
}

/// Vietnamese reading of a serde shape error ("missing field `x`", "unknown field `x`", …).
fn field_detail_vi(detail: &str) -> String {
    let quoted = || detail.split('`').nth(1).unwrap_or("").to_string();
    if detail.starts_with("missing field") {
        format!("thiếu trường `{}`", quoted())
    } else if detail.starts_with("unknown field") {
        format!("trường `{}` không có trong định dạng", quoted())
    } else if detail.starts_with("unknown variant") {
        format!("giá trị `{}` không hợp lệ", quoted())
    } else if detail.starts_with("invalid type") {
        "sai kiểu dữ liệu".to_string()
    } else {
        "giá trị không hợp lệ".to_string()
    }
}

impl PlanError {
    /// The whole error in `lang`, one problem per line for `Invalid`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PlanError::Syntax { line, column, detail }, Lang::Vi) => {
                format!("tệp kế hoạch không phải JSON hợp lệ tại dòng {line}, cột {column}: {detail}")
            }
            (PlanError::Field { path, detail, position }, Lang::Vi) => {
                let at = position.map(|(l, c)| format!("; dòng {l}, cột {c}")).unwrap_or_default();
                format!("{path}: {} ({detail}{at})", field_detail_vi(detail))
            }
            (PlanError::UnsupportedVersion { found, supported }, Lang::Vi) => {
                format!("format_version: phiên bản định dạng {found} chưa được hỗ trợ (hỗ trợ: {supported:?})")
            }
            (PlanError::Invalid(problems), lang) => {
                let head = match lang {
                    Lang::Vi => format!("kế hoạch có {} lỗi:", problems.len()),
                    Lang::En => format!("{} problem(s) in the plan:", problems.len()),
                };
                std::iter::once(head).chain(problems.iter().map(|p| p.message(lang))).collect::<Vec<_>>().join("\n")
            }
            (e, Lang::En) => e.to_string(),
        }
    }

    /// The semantic problems, empty for the other variants.
    pub fn problems(&self) -> &[Problem] {
        match self {
            PlanError::Invalid(p) => p,
            _ => &[],
        }
    }

    /// Path of the first offending field, when there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            PlanError::Field { path, .. } => Some(path),
            PlanError::UnsupportedVersion { .. } => Some("format_version"),
            PlanError::Invalid(p) => p.first().map(|p| p.path.as_str()),
            PlanError::Syntax { .. } => None,
        }
    }
}
