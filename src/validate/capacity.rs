//! Demand against capacity: units that can be compared, series long
//! enough to forecast, capacity not already used up, and figures that
//! cannot be negative.

use crate::diag::{Code, Diagnostic, FieldPath};
use crate::forecast::MIN_POINTS;
use crate::model::{Estate, Origin};

pub fn check(estate: &Estate, out: &mut Vec<Diagnostic>) {
    figures(estate, out);
    events(estate, out);
    let series_of: std::collections::HashMap<&str, &crate::model::DemandSeries> =
        estate.series.iter().map(|s| (s.demand.as_str(), s)).collect();
    for demand in &estate.demands {
        let Some(service) = estate.service(&demand.service) else { continue };
        let capacity = service.capacity.as_ref();
        if let Some(capacity) = capacity.filter(|c| !same_unit(&c.unit, &demand.unit)) {
            out.push(
                Diagnostic::new(
                    Code::CapacityUnitMismatch,
                    format!(
                        "demand `{}` counts {}, but the capacity of service `{}` is in {}",
                        demand.id, demand.unit, service.id, capacity.unit
                    ),
                )
                .at_field(demand.origin, FieldPath::key("unit"), "the demand's unit")
                .also(
                    crate::diag::Anchor::Field(service.origin, FieldPath::key("capacity").then_key("unit")),
                    "the capacity's unit",
                )
                .help("count demand in the unit the capacity is given in, or give the capacity in the demand's unit"),
            );
            continue;
        }
        let Some(series) = series_of.get(demand.id.as_str()) else { continue };
        if series.points.len() < MIN_POINTS {
            out.push(
                Diagnostic::new(
                    Code::DemandTooShort,
                    format!(
                        "demand `{}` has {} period{} of history; a forecast needs at least {MIN_POINTS}",
                        demand.id,
                        series.points.len(),
                        if series.points.len() == 1 { "" } else { "s" }
                    ),
                )
                .at_field(demand.origin, FieldPath::key("series"), "too short to forecast")
                .help("add more periods of history to the series; until then it is not forecast"),
            );
        }
        if let (Some(capacity), Some((period, value))) = (capacity, series.points.last())
            && *value > capacity.limit
        {
            out.push(
                Diagnostic::new(
                    Code::CapacityExceeded,
                    format!(
                        "service `{}` already carries more than its capacity: {} {} in {period}, against {} {}",
                        service.id,
                        number(*value),
                        demand.unit,
                        number(capacity.limit),
                        capacity.unit
                    ),
                )
                .at_field(demand.origin, FieldPath::key("series"), format!("{period}: {}", number(*value)))
                .also(
                    crate::diag::Anchor::Field(service.origin, FieldPath::key("capacity").then_key("limit")),
                    "the capacity",
                )
                .help("raise the capacity (and record it), or shed demand; `itsm capacity report` shows the headroom"),
            );
        }
    }
    for component in &estate.components {
        let Some(capacity) = &component.capacity else { continue };
        if let Some(used) = capacity.utilisation.filter(|u| u.value() > 100.0) {
            out.push(
                Diagnostic::new(
                    Code::CapacityExceeded,
                    format!(
                        "component `{}` is used beyond its capacity: {used} of {} {}",
                        component.id,
                        number(capacity.limit),
                        capacity.unit
                    ),
                )
                .at_field(component.origin, FieldPath::key("capacity").then_key("utilisation"), "over 100%")
                .help("add capacity to the component (and raise `limit`), or move load off it"),
            );
        }
    }
}

/// Capacities, effort and people are counts: finite, and not negative
/// (a capacity limit must be above zero to compare anything with it).
fn figures(estate: &Estate, out: &mut Vec<Diagnostic>) {
    let mut check = |origin: Origin, path: FieldPath, value: f64, positive: bool| {
        let bad = !value.is_finite() || value < 0.0 || (positive && value == 0.0);
        if bad {
            let want = if positive { "above zero" } else { "zero or more" };
            out.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{value}` is not a usable figure here; it must be {want}"),
                )
                .at_field(origin, path, format!("must be {want}"))
                .help(format!("write a number {want}")),
            );
        }
    };
    for s in &estate.services {
        if let Some(capacity) = &s.capacity {
            check(s.origin, FieldPath::key("capacity").then_key("limit"), capacity.limit, true);
        }
        if let Some(effort) = s.effort {
            check(s.origin, FieldPath::key("effort"), effort, false);
        }
    }
    for c in &estate.components {
        if let Some(capacity) = &c.capacity {
            check(c.origin, FieldPath::key("capacity").then_key("limit"), capacity.limit, true);
        }
        if let Some(effort) = c.effort {
            check(c.origin, FieldPath::key("effort"), effort, false);
        }
    }
    for t in &estate.teams {
        for (i, m) in t.members.iter().enumerate() {
            check(t.origin, FieldPath::key("members").then_index(i).then_key("fte"), m.fte, false);
        }
        for (i, w) in t.commitments.iter().enumerate() {
            check(t.origin, FieldPath::key("commitments").then_index(i).then_key("fte"), w.fte, false);
        }
    }
}

/// A demand event changes demand by a percentage, a step or both (the
/// percentage first), and never by -100% or less, which would leave no
/// demand or less.
fn events(estate: &Estate, out: &mut Vec<Diagnostic>) {
    for demand in &estate.demands {
        for (i, event) in demand.events.iter().enumerate() {
            let at = FieldPath::key("events").then_index(i);
            let problem = match (event.percent, event.step) {
                (None, None) => Some((
                    at.clone().then_key("name"),
                    "an event changes demand by `percent`, by `step` or both; it gives neither",
                )),
                (Some(p), _) if !p.is_finite() || p <= -100.0 => {
                    Some((at.clone().then_key("percent"), "a change of -100% or less leaves no demand"))
                }
                (_, Some(s)) if !s.is_finite() => {
                    Some((at.clone().then_key("step"), "the step is not a finite number"))
                }
                _ => None,
            };
            if let Some((path, message)) = problem {
                out.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("event `{}` of demand `{}`: {message}", event.name, demand.id),
                    )
                    .at_field(demand.origin, path, "here")
                    .help("give `percent: 15` for +15% (above -100), `step: 2000` for 2000 more units per period, or both"),
                );
            }
        }
    }
}

/// Units compare without regard to case or surrounding space.
pub fn same_unit(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// A figure as people write it: no `.0` on whole numbers.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{value:.0}") } else { format!("{value}") }
}
