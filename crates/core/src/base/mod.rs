//! Base: dates, JSON text, one stable sort and derived ids, shared by every layer (no
//! dependency on any other module).

pub mod dates;
pub mod ids;
pub mod json;
pub mod sort;
