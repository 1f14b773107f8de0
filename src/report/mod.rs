//! Reports: pure functions from the estate and options to a report struct,
//! which `render` shows in any format. One file per report.

pub mod catalog;
pub mod show;
pub mod availability;
pub mod period;
pub mod sla;
pub mod contracts;
pub mod money;
pub mod supplier;
pub mod dimensions;
pub mod satisfaction;
