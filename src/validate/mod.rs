//! Design coordination: the rules that hold between records once each has
//! decoded on its own. Every rule adds findings and never stops the others;
//! nothing here prints.

mod capacity;
mod continuity;
mod dimensions;
mod graph;
mod ids;
mod lifecycle;
mod refs;
mod service_levels;
mod values;

use chrono::NaiveDate;

use crate::diag::Diagnostic;
use crate::model::Estate;

pub use capacity::same_unit;
pub use ids::IdIndex;

/// What the rules need besides the records.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// "Today", for rules that compare dates with it.
    pub as_of: NaiveDate,
}

/// Every finding the cross-record rules have about `estate`.
pub fn validate(estate: &Estate, options: &Options) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let index = IdIndex::build(estate, &mut out);
    refs::check(estate, &index, &mut out);
    graph::check(estate, &mut out);
    lifecycle::check(estate, options, &mut out);
    values::check(estate, &mut out);
    service_levels::check(estate, options, &mut out);
    dimensions::check(estate, &mut out);
    continuity::check(estate, options, &mut out);
    capacity::check(estate, &mut out);
    out
}
