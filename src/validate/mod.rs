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

/// A rule's body, adding to its own list.
type Check<'a> = Box<dyn Fn(&mut Vec<Diagnostic>) + Send + Sync + 'a>;

/// One rule (or a chain that must run in order).
struct Rule<'a> {
    /// Whether every finding of the rule is a warning: [`error_findings`]
    /// leaves such rules out.
    warnings_only: bool,
    run: Check<'a>,
}

fn rules<'a>(estate: &'a Estate, options: &'a Options) -> Vec<Rule<'a>> {
    let rule = |warnings_only, run: Check<'a>| Rule { warnings_only, run };
    vec![
        rule(false, Box::new(|out| IdIndex::check(estate, out))),
        // References resolve through the estate's own lookups, so they need
        // not wait for the id check; the index only serves their findings.
        rule(false, Box::new(|out| refs::check(estate, &IdIndex::new(estate), out))),
        rule(false, Box::new(|out| graph::check(estate, out))),
        rule(false, Box::new(|out| lifecycle::check(estate, options, out))),
        rule(false, Box::new(|out| values::check(estate, out))),
        rule(true, Box::new(|out| service_levels::check(estate, options, out))),
        rule(true, Box::new(|out| dimensions::check(estate, out))),
        rule(true, Box::new(|out| continuity::check(estate, options, out))),
        rule(false, Box::new(|out| capacity::check(estate, out))),
    ]
}

/// Runs the rules in parallel; their findings are concatenated in the
/// rules' order, so the result does not depend on scheduling.
fn run(rules: &[Rule]) -> Vec<Diagnostic> {
    let found: Vec<Vec<Diagnostic>> = rules
        .par_iter()
        .with_max_len(1)
        .map(|rule| {
            let mut out = Vec::new();
            (rule.run)(&mut out);
            // The test suite runs `validate` over records with every kind
            // of error: a rule marked wrongly is caught there.
            debug_assert!(!rule.warnings_only || out.iter().all(|d| !d.is_error()), "a warnings-only rule erred");
            out
        })
        .collect();
    found.concat()
}

/// Every finding the cross-record rules have about `estate`. The rules are
/// independent, so they run in parallel.
pub fn validate(estate: &Estate, options: &Options) -> Vec<Diagnostic> {
    run(&rules(estate, options))
}

/// The findings of the rules that can find errors, and only those rules:
/// what a report needs to say whether the records have errors, without
/// paying for the rules that can only warn.
pub fn error_findings(estate: &Estate, options: &Options) -> Vec<Diagnostic> {
    let rules: Vec<Rule> = rules(estate, options).into_iter().filter(|r| !r.warnings_only).collect();
    run(&rules)
}
