//! Reports: pure functions from the estate and options to a report struct,
//! which `render` shows in any format. One file per report.

pub mod availability;
pub mod capacity;
pub mod catalog;
pub mod continuity;
pub mod contracts;
pub mod cost;
pub mod demand;
pub mod diff;
pub mod dimensions;
pub mod graph;
pub mod money;
pub mod period;
pub mod portfolio;
pub mod satisfaction;
pub mod security;
pub mod show;
pub mod sla;
pub mod supplier;
