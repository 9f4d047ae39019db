//! Security: bundles encrypted to the district's key (age) and the tablet's PIN.

pub mod crypt;
pub mod pin;
