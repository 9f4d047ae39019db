//! Office files made on the tablet (issue 21) and the aggregate-only export (issue 19): the
//! indicator workbook (.xlsx), the yearly report (.docx) and the aggregate table (JSON),
//! downloaded as files that say the unit and year and nothing about people.
//!
//! Contract:
//! - The writers live in `ansinh-office` (pure Rust); with the `split` feature each is reached
//!   through one split point (`office`), so rust_xlsxwriter and docx-rs travel in wasm chunks
//!   fetched on the first press, never in the first load
//!   (docs/benchmarks.md, "Code splitting"). A chunk that cannot be fetched is
//!   `OfficeFail::NotLoaded`; the next press tries again.
//! - Nothing here reads a survey record: the workbook and the JSON come from the engine's
//!   evaluation (`ansinh_core::engine::aggregate`), the roll-up and the village counts; the report from
//!   its own content and rows.
//! - Messages are kept here (not in `i18n::Msg`, whose strings are in the first load).

use ansinh_core::domain::org::OrgUnits;
use ansinh_core::domain::plan::Plan;
use ansinh_core::engine::aggregate::AggregateTable;
use ansinh_core::i18n::Text;
use ansinh_core::report::{IndicatorRow, Report, Rollup};
use ansinh_core::views::household_index::VillageProgress;
use std::sync::Arc;

pub const MIME_JSON: &str = "application/json";
pub const MIME_XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const MIME_DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Why a file was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeFail {
    #[error("the file could not be written: {0}")]
    Write(String),
    #[error("the browser refused the download: {0}")]
    Download(String),
    /// The chunk with the writer could not be fetched (split builds, offline before caching).
    #[error("the writer could not be loaded")]
    NotLoaded,
}

impl OfficeFail {
    /// What to tell the user, with what to do next.
    pub fn message(&self) -> Text {
        match self {
            OfficeFail::Write(e) => Text::new(
                format!("Không tạo được tệp ({e}). Hãy thử lại; nếu vẫn lỗi, báo cho cán bộ phụ trách."),
                format!("The file could not be made ({e}). Try again; if it fails again, tell the officer in charge."),
            ),
            OfficeFail::Download(_) => Text::new(
                "Trình duyệt không cho tải tệp xuống. Hãy cho phép tải xuống rồi thử lại.",
                "The browser refused the download. Allow downloads and try again.",
            ),
            OfficeFail::NotLoaded => Text::new(
                "Chưa tải được phần tạo tệp. Hãy kết nối mạng một lần rồi thử lại.",
                "The part that makes the file is not loaded yet. Connect once, then try again.",
            ),
        }
    }
}

/// Everything the workbook shows.
pub struct WorkbookInput {
    pub table: AggregateTable,
    pub rollup: Option<Rollup>,
    pub villages: Vec<VillageProgress>,
    pub units: OrgUnits,
}

fn workbook(input: WorkbookInput) -> Result<Vec<u8>, OfficeFail> {
    ansinh_office::xlsx::workbook(&input.table, input.rollup.as_ref(), &input.villages, &input.units)
        .map_err(|e| OfficeFail::Write(e.to_string()))
}

/// Everything the report document shows.
pub struct DocxInput {
    pub plan: Arc<Plan>,
    pub report: Report,
    pub rows: Vec<IndicatorRow>,
}

fn document(input: DocxInput) -> Result<Vec<u8>, OfficeFail> {
    ansinh_office::docx::report_docx(&input.plan, &input.report, &input.rows)
        .map_err(|e| OfficeFail::Write(e.to_string()))
}

/// What the office chunk is asked to write.
enum OfficeJob {
    Workbook(WorkbookInput),
    Document(DocxInput),
}

fn write(job: OfficeJob) -> Result<Vec<u8>, OfficeFail> {
    match job {
        OfficeJob::Workbook(input) => workbook(input),
        OfficeJob::Document(input) => document(input),
    }
}

/// One split point for both writers: they share the zip and XML code, and every extra split
/// point adds chunk files to the worker's precache list and cross-module table entries to the
/// start module (docs/benchmarks.md, "Office files").
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(office, wasm_split_path = ::leptos::wasm_split, fallible)]
fn write_split(job: OfficeJob) -> Result<Result<Vec<u8>, OfficeFail>, leptos::wasm_split::SplitLoaderError> {
    Ok(write(job))
}

async fn write_lazy(job: OfficeJob) -> Result<Vec<u8>, OfficeFail> {
    #[cfg(feature = "split")]
    return write_split(job).await.unwrap_or(Err(OfficeFail::NotLoaded));
    #[cfg(not(feature = "split"))]
    return write(job);
}

/// The .xlsx bytes of `input`, through the `office` chunk in split builds.
pub async fn workbook_lazy(input: WorkbookInput) -> Result<Vec<u8>, OfficeFail> {
    write_lazy(OfficeJob::Workbook(input)).await
}

/// The .docx bytes of `input`, through the `office` chunk in split builds.
pub async fn document_lazy(input: DocxInput) -> Result<Vec<u8>, OfficeFail> {
    write_lazy(OfficeJob::Document(input)).await
}

/// Downloads `bytes` as the file `name` of type `mime`.
pub fn download_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), OfficeFail> {
    crate::download::save(name, bytes, mime).map_err(OfficeFail::Download)
}
