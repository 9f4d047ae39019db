//! Office files out of the core's models (issue 21): the indicator tables as an .xlsx workbook
//! (`xlsx`) and the yearly report as a .docx document (`docx`); and in: a commune's household
//! list read from a spreadsheet (`sheet`, for `ansinh_core::views::list_import`).
//!
//! Contract:
//! - Pure writers: every number and word comes from a core model (`aggregate::AggregateTable`,
//!   `report::Rollup`, `household_index::VillageProgress`, `report::Report` with its rows); this
//!   crate only lays them out. No clock is read except the workbook's creation stamp, which
//!   rust_xlsxwriter takes itself.
//! - Nothing personal: the workbook holds aggregates only (unit × indicator, household counts per
//!   village); the report holds what its print view shows.
//! - The app reaches this crate only from a lazily loaded wasm chunk (`src/office.rs`), so
//!   neither writer weighs on the first load.

pub mod docx;
pub mod sheet;
pub mod xlsx;

/// Why an office file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error("the workbook could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("the document could not be written: {0}")]
    Docx(String),
}
