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
use rayon::prelude::*;

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

/// One rule (or a chain that must run in order), adding to its own list.
type Rule<'a> = Box<dyn Fn(&mut Vec<Diagnostic>) + Send + Sync + 'a>;

/// Every finding the cross-record rules have about `estate`. The rules are
/// independent, so they run in parallel; their findings are concatenated
/// in the rules' order, so the result does not depend on scheduling.
pub fn validate(estate: &Estate, options: &Options) -> Vec<Diagnostic> {
    let rules: Vec<Rule> = vec![
        Box::new(|out| {
            let index = IdIndex::build(estate, out);
            refs::check(estate, &index, out);
        }),
        Box::new(|out| graph::check(estate, out)),
        Box::new(|out| lifecycle::check(estate, options, out)),
        Box::new(|out| values::check(estate, out)),
        Box::new(|out| service_levels::check(estate, options, out)),
        Box::new(|out| dimensions::check(estate, out)),
        Box::new(|out| continuity::check(estate, options, out)),
        Box::new(|out| capacity::check(estate, out)),
    ];
    let found: Vec<Vec<Diagnostic>> = rules
        .par_iter()
        .with_max_len(1)
        .map(|rule| {
            let mut out = Vec::new();
            rule(&mut out);
            out
        })
        .collect();
    found.concat()
}
