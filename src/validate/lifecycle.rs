//! Life-cycle rules: pipeline services say when they arrive, retired ones
//! when they left; nothing retired keeps an SLA or carries live services.

use super::Options;
use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use std::collections::{HashMap, HashSet};

use crate::model::service::Lifecycle;
use crate::model::{Entry, Estate, Sla};

pub fn check(estate: &Estate, options: &Options, out: &mut Vec<Diagnostic>) {
    // The SLAs of retired services, in SLA order: found in one pass rather
    // than through the estate's SLA index, which nothing else here needs.
    let retired: HashSet<&str> =
        estate.services.iter().filter(|s| s.lifecycle == Lifecycle::Retired).map(|s| s.id.as_str()).collect();
    let mut slas_of: HashMap<&str, Vec<&Entry<Sla>>> = HashMap::new();
    for sla in estate.slas.iter().filter(|sla| retired.contains(sla.service.as_str())) {
        slas_of.entry(&sla.service).or_default().push(sla);
    }
    for s in &estate.services {
        match s.lifecycle {
            Lifecycle::Pipeline if s.available_from.is_none() => out.push(
                Diagnostic::new(
                    Code::PipelineWithoutDate,
                    format!("pipeline service `{}` has no available_from date", s.id),
                )
                .at_field(s.origin, FieldPath::key("lifecycle"), "in the pipeline")
                .help("add `available_from: YYYY-MM-DD`, the day the service enters the catalog"),
            ),
            Lifecycle::Pipeline => {
                if let Some(from) = s.available_from.filter(|d| d.0 < options.as_of) {
                    out.push(
                        Diagnostic::new(
                            Code::PipelineOverdue,
                            format!("pipeline service `{}` was due on {from} and is still in the pipeline", s.id),
                        )
                        .at_field(s.origin, FieldPath::key("available_from"), format!("before {}", options.as_of))
                        .help("set `lifecycle: live` if it went live, or move available_from to the new date"),
                    );
                }
            }
            Lifecycle::Retired if s.retired_on.is_none() => out.push(
                Diagnostic::new(Code::RetiredWithoutDate, format!("retired service `{}` has no retired_on date", s.id))
                    .at_field(s.origin, FieldPath::key("lifecycle"), "retired")
                    .help("add `retired_on: YYYY-MM-DD`, the day the service was switched off"),
            ),
            _ => {}
        }
        if s.lifecycle == Lifecycle::Retired {
            for sla in slas_of.get(s.id.as_str()).into_iter().flatten() {
                let retired_on = s.retired_on.map(|d| d.0);
                let in_force_after = match (sla.end, retired_on) {
                    (None, _) => true,
                    (Some(end), Some(retired)) => end.0 > retired,
                    (Some(_), None) => false,
                };
                if in_force_after {
                    let when = retired_on.map_or_else(|| "its retirement".to_string(), |d| d.to_string());
                    let (path, label) = match sla.end {
                        Some(end) => (FieldPath::key("end"), format!("in force until {end}")),
                        None => (FieldPath::key("service"), "open-ended".to_string()),
                    };
                    out.push(
                        Diagnostic::new(
                            Code::RetiredWithSla,
                            format!("SLA `{}` is still in force after service `{}` retired ({when})", sla.id, s.id),
                        )
                        .at_field(sla.origin, path, label)
                        .also(Anchor::Field(s.origin, FieldPath::key("lifecycle")), "retired here")
                        .help(format!(
                            "end the SLA on or before the retirement: `end: {}`",
                            retired_on.map_or("YYYY-MM-DD".into(), |d| d.to_string())
                        )),
                    );
                }
            }
        } else {
            for (i, dep) in s.depends_on.iter().enumerate() {
                let Some(target) = estate.service(dep) else { continue };
                if target.lifecycle == Lifecycle::Retired {
                    out.push(
                        Diagnostic::new(
                            Code::DependsOnRetired,
                            format!("{} service `{}` depends on retired service `{dep}`", s.lifecycle, s.id),
                        )
                        .at_field(s.origin, FieldPath::key("depends_on").then_index(i), "retired")
                        .also(Anchor::Field(target.origin, FieldPath::key("lifecycle")), "retired here")
                        .help("depend on the service that replaced it, or bring it back to live"),
                    );
                }
            }
        }
    }
}
