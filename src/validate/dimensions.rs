//! The four dimensions: a live service that says nothing about one of them
//! is a warning (see `docs/dimensions.md` for what counts).

use crate::diag::{Code, Diagnostic, FieldPath};
use crate::model::Estate;
use crate::model::graph::Walker;
use crate::model::service::Lifecycle;
use crate::report::dimensions::{DIMENSIONS, blind_sides};

pub fn check(estate: &Estate, out: &mut Vec<Diagnostic>) {
    let mut walker = Walker::default();
    let mut nodes = Vec::new();
    for s in estate.services.iter().filter(|s| s.lifecycle == Lifecycle::Live) {
        let blind = blind_sides(estate, s, &mut walker, &mut nodes);
        let gaps: Vec<&str> = DIMENSIONS.into_iter().zip(blind).filter(|(_, gap)| *gap).map(|(name, _)| name).collect();
        if gaps.is_empty() {
            continue;
        }
        let hints: Vec<&str> = gaps
            .iter()
            .map(|gap| match *gap {
                "organizations and people" => "an owner team with members, and `skills`",
                "information and technology" => "`technologies` or `data`",
                "partners and suppliers" => "`suppliers`, or `partners` such as [in-house]",
                _ => "`value_streams` or `practices`",
            })
            .collect();
        let at = if s.dimensions.is_some() { "dimensions" } else { "id" };
        out.push(
            Diagnostic::new(
                Code::DimensionGap,
                format!("live service `{}` says nothing about {}", s.id, gaps.join(", nor ")),
            )
            .at_field(s.origin, FieldPath::key(at), "a blind side")
            .help(format!("record {} under `dimensions`", hints.join("; "))),
        );
    }
}
