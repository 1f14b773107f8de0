//! Service-level rules: SLA targets the dependency chain cannot reach, and
//! supplier commitments weaker than the SLAs that depend on them. Both are
//! warnings: the records are coherent, but a promise is at risk.

use super::Options;
use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use crate::model::Estate;
use crate::model::service::Lifecycle;
use crate::report::availability::{Model, pct, percent, service_figures};
use crate::report::period::Span;
use crate::report::sla::{WeakSearch, weak};

pub fn check(estate: &Estate, options: &Options, out: &mut Vec<Diagnostic>) {
    let model = Model::build(estate);
    // Calendars are compared over the month around the as-of date.
    let window = Span::around(options.as_of, 1);
    let mut search = WeakSearch::default();
    for sla in &estate.slas {
        let Some(service) = estate.service(&sla.service) else { continue };
        if service.lifecycle == Lifecycle::Retired {
            continue;
        }
        // The full figures (the weakest link) only for a target missed.
        let achievable = percent(model.composite(&sla.service));
        if sla.availability.value() > achievable + 1e-9 {
            let figures = service_figures(estate, &model, service);
            let weakest = match (&figures.weakest_link, figures.weakest_availability) {
                (Some(id), Some(a)) => format!(" (weakest link: `{id}` at {})", pct(a)),
                _ => String::new(),
            };
            out.push(
                Diagnostic::new(
                    Code::InfeasibleTarget,
                    format!(
                        "SLA `{}` targets {}, but what `{}` depends on reaches at most {}{weakest}",
                        sla.id,
                        pct(sla.availability.value()),
                        sla.service,
                        pct(figures.achievable)
                    ),
                )
                .at_field(sla.origin, FieldPath::key("availability"), "cannot be reached")
                .help("lower the target, or add redundancy to the weakest link (see `itsm availability`)"),
            );
        }
        // One finding per supplier and SLA, naming every weaker aspect.
        let weaker = weak(estate, sla, window, &mut search);
        let mut suppliers: Vec<&str> = weaker.iter().map(|w| w.supplier.as_str()).collect();
        suppliers.dedup();
        for id in suppliers {
            let Some(supplier) = estate.supplier(id) else { continue };
            let aspects: Vec<_> = weaker.iter().filter(|w| w.supplier == id).collect();
            let first = aspects[0].aspect.as_str();
            let path = match first {
                "availability" => "commitments.availability".to_string(),
                "support hours" => "commitments.support_hours".to_string(),
                other => {
                    let (clock, priority) = other.split_once(' ').unwrap_or((other, ""));
                    format!("commitments.{clock}.{}", priority.to_lowercase())
                }
            };
            let list: Vec<String> =
                aspects.iter().map(|w| format!("{} {} (SLA: {})", w.aspect, w.committed, w.required)).collect();
            out.push(
                Diagnostic::new(
                    Code::WeakCommitment,
                    format!("supplier `{id}` commits to less than SLA `{}` promises: {}", sla.id, list.join(", ")),
                )
                .at_field(supplier.origin, FieldPath::parse(&path), "weaker than the SLA")
                .also(Anchor::Field(sla.origin, FieldPath::key("id")), format!("SLA `{}` depends on it", sla.id))
                .help("renegotiate the supplier's commitments, or relax the SLA to what the supplier underpins"),
            );
        }
    }
}
