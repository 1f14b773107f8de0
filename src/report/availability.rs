//! Composite availability: what a service can reach at best, given what it
//! stands on. Links in series multiply; a redundant group of n instances of
//! which k must be up is available with the binomial sum
//! `sum_{i=k..n} C(n,i) a^i (1-a)^(n-i)`, which is `1 - (1-a)^n` for k = 1.
//! A component bought from a supplier that commits to an availability, and
//! that records none of its own, stands at the supplier's commitment.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::common::Criticality;
use crate::model::graph::{Graph, Node as GraphNode, Walker};
use crate::model::service::Lifecycle;
use crate::model::{Component, Estate, Service};
use crate::render::{Report, Table};

/// Where a node's own availability figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The record's own `availability`.
    Record,
    /// The supplier's committed availability.
    Supplier,
    /// Nothing recorded; taken as 100%.
    Assumed,
}

/// One node's figures, as fractions between 0 and 1.
#[derive(Debug, Clone, Serialize)]
pub struct Node<'a> {
    pub id: &'a str,
    /// The availability of one instance (or of the service's own part).
    pub own: f64,
    pub source: Source,
    /// After redundancy, before dependencies.
    pub group: f64,
    /// With everything it depends on: the best it can reach.
    pub composite: f64,
}

/// Composite availability of every service and component, by graph node
/// (see [`crate::model::graph`]).
#[derive(Debug)]
pub struct Model<'a> {
    estate: &'a Estate,
    nodes: Vec<Option<Node<'a>>>,
}

/// `k` of `n` instances up, each available with `a`.
pub fn k_of_n(a: f64, k: u32, n: u32) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    (k..=n).map(|i| binomial(n, i) * a.powi(i as i32) * (1.0 - a).powi((n - i) as i32)).sum::<f64>().clamp(0.0, 1.0)
}

fn binomial(n: u32, k: u32) -> f64 {
    let k = k.min(n - k);
    (0..k).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1))
}

impl<'a> Model<'a> {
    /// Computes every node. Dependency cycles (a validation error) are cut
    /// where the walk meets them again.
    pub fn build(estate: &'a Estate) -> Self {
        let graph = estate.graph();
        let mut model = Model { estate, nodes: vec![None; graph.len()] };
        let mut visiting = vec![false; graph.len()];
        let mut stack = Vec::new();
        // Every entry's node, in order: its own, unless its id resolves to
        // another entry (a duplicate), looked up then.
        for n in 0..graph.len() as GraphNode {
            let node = if graph.resolved(n) { Some(n) } else { estate.node(estate.node_id(n)) };
            if let Some(node) = node {
                model.visit(graph, node, &mut visiting, &mut stack);
            }
        }
        model
    }

    /// The figures of the service, else the component, with this id.
    pub fn get(&self, id: &str) -> Option<&Node<'a>> {
        self.estate.node(id).and_then(|n| self.node(n))
    }

    /// The figures of a graph node.
    pub fn node(&self, node: GraphNode) -> Option<&Node<'a>> {
        self.nodes[node as usize].as_ref()
    }

    /// The composite availability of `id`: 100% for what is not in the
    /// estate.
    pub fn composite(&self, id: &str) -> f64 {
        self.get(id).map_or(1.0, |n| n.composite)
    }

    /// Computes `start` and everything below it, depth first with an
    /// explicit stack (a chain of any length cannot overflow the call
    /// stack). A node met again while its own dependencies are being
    /// computed closes a cycle and counts as 100% there.
    fn visit(&mut self, graph: &Graph, start: GraphNode, visiting: &mut [bool], stack: &mut Vec<(GraphNode, bool)>) {
        stack.clear();
        stack.push((start, false));
        while let Some((next, expanded)) = stack.pop() {
            let n = next as usize;
            if self.nodes[n].is_some() {
                continue;
            }
            if expanded {
                self.finish(graph, next);
                visiting[n] = false;
                continue;
            }
            if visiting[n] {
                continue;
            }
            visiting[n] = true;
            stack.push((next, true));
            for &dep in graph.deps(next).iter().rev() {
                if self.nodes[dep as usize].is_none() && !visiting[dep as usize] {
                    stack.push((dep, false));
                }
            }
        }
    }

    /// Computes one node from its dependencies, which are done (or, in a
    /// cycle, not: those count as 100%).
    fn finish(&mut self, graph: &Graph, node: GraphNode) {
        let estate = self.estate;
        let id = estate.node_id(node);
        // Every node reached is one an id resolves to (a start or a
        // dependency), so the entry with its id is its own: a service
        // node's service, or a component node's component (no service has
        // that id, or the id would resolve to the service).
        debug_assert!(graph.resolved(node));
        let service = graph.is_service(node).then(|| &estate.services[node as usize]);
        let component = || (node as usize).checked_sub(estate.services.len()).and_then(|at| estate.components.get(at));
        let (own, source, group) = if let Some(s) = service {
            let (own, source) = s.availability.map_or((1.0, Source::Assumed), |a| (a.fraction(), Source::Record));
            (own, source, own)
        } else if let Some(c) = component() {
            let (own, source) = component_own(estate, c);
            (own, source, c.redundancy.as_ref().map_or(own, |r| k_of_n(own, r.required, r.instances)))
        } else {
            return;
        };
        let composite = graph
            .deps(node)
            .iter()
            .map(|&d| self.nodes[d as usize].as_ref().map_or(1.0, |n| n.composite))
            .fold(group, |a, b| a * b);
        self.nodes[node as usize] = Some(Node { id, own, source, group, composite });
    }
}

fn component_own(estate: &Estate, c: &Component) -> (f64, Source) {
    if let Some(a) = c.availability {
        return (a.fraction(), Source::Record);
    }
    let committed = c
        .supplier
        .as_ref()
        .and_then(|s| estate.supplier(s))
        .and_then(|s| s.commitments.as_ref())
        .and_then(|c| c.availability);
    committed.map_or((1.0, Source::Assumed), |a| (a.fraction(), Source::Supplier))
}

/// The availability report.
#[derive(Debug, Serialize)]
pub struct AvailabilityReport {
    pub services: Vec<ServiceAvailability>,
    pub single_points_of_failure: Vec<SinglePoint>,
}

/// One service's figures, in percent.
#[derive(Debug, Serialize)]
pub struct ServiceAvailability {
    pub id: String,
    pub lifecycle: Lifecycle,
    pub criticality: Criticality,
    /// The best the service can reach, with what it depends on.
    pub achievable: f64,
    /// The highest availability target among its SLAs.
    pub target: Option<f64>,
    pub target_sla: Option<String>,
    pub feasible: bool,
    /// The part with the lowest availability in its dependency chain.
    pub weakest_link: Option<String>,
    pub weakest_availability: Option<f64>,
    /// Components whose availability is not recorded (neither their own nor
    /// a supplier's commitment), taken as 100%.
    pub assumed: Vec<String>,
}

/// A component whose loss alone cuts critical services off.
#[derive(Debug, Serialize)]
pub struct SinglePoint {
    pub id: String,
    pub site: Option<String>,
    pub supplier: Option<String>,
    pub services: Vec<String>,
}

/// Options for [`report`].
#[derive(Debug, Default, Clone)]
pub struct Options {
    pub service: Option<String>,
}

/// Composite availability, feasibility of SLA targets, and single points
/// of failure of critical services, for every service that is not retired.
pub fn report(estate: &Estate, options: &Options) -> AvailabilityReport {
    let model = Model::build(estate);
    let services = estate
        .services
        .iter()
        .filter(|s| s.lifecycle != Lifecycle::Retired)
        .filter(|s| options.service.as_ref().is_none_or(|id| &s.id == id))
        .map(|s| service_figures(estate, &model, s))
        .collect();
    let single_points_of_failure = single_points(estate, options);
    AvailabilityReport { services, single_points_of_failure }
}

/// A fraction as a percentage, rounded to six decimals as the reports show it.
pub fn percent(fraction: f64) -> f64 {
    (fraction * 100.0 * 1e6).round() / 1e6
}

/// One service's line of the report.
pub fn service_figures(estate: &Estate, model: &Model, s: &Service) -> ServiceAvailability {
    let achievable = model.composite(&s.id);
    let best = estate
        .slas_of(&s.id)
        .into_iter()
        .max_by(|a, b| a.availability.value().total_cmp(&b.availability.value()).then_with(|| b.id.cmp(&a.id)));
    let target = best.map(|sla| sla.availability.value());
    let mut parts: Vec<&Node> = Vec::new();
    if let Some(start) = estate.node(&s.id) {
        let graph = estate.graph();
        let mut closure = Vec::new();
        Walker::default().closure(graph, start, &mut closure);
        parts.extend(model.node(start));
        let mut rest: Vec<&Node> = closure.iter().filter_map(|&n| model.node(n)).collect();
        rest.sort_unstable_by_key(|n| n.id);
        parts.extend(rest);
    }
    let weakest =
        parts.iter().filter(|n| n.group < 1.0).min_by(|a, b| a.group.total_cmp(&b.group).then_with(|| a.id.cmp(b.id)));
    // A service's own part defaults to 100% by design; a component with no
    // figure (its own or its supplier's) is a gap in the records.
    let assumed = parts
        .iter()
        .filter(|n| n.source == Source::Assumed && estate.component(n.id).is_some())
        .map(|n| n.id.to_string())
        .collect();
    ServiceAvailability {
        id: s.id.clone(),
        lifecycle: s.lifecycle,
        criticality: s.criticality,
        achievable: percent(achievable),
        target,
        target_sla: best.map(|sla| sla.id.clone()),
        feasible: target.is_none_or(|t| t <= percent(achievable) + 1e-9),
        weakest_link: weakest.map(|n| n.id.to_string()),
        weakest_availability: weakest.map(|n| percent(n.group)),
        assumed,
    }
}

/// Components with no spare instance in the chain of a critical service.
fn single_points(estate: &Estate, options: &Options) -> Vec<SinglePoint> {
    let mut cut: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &estate.services {
        if s.criticality != Criticality::Critical || s.lifecycle == Lifecycle::Retired {
            continue;
        }
        for id in estate.closure(&s.id) {
            let Some(c) = estate.component(&id) else { continue };
            let spare = c.redundancy.as_ref().map_or(0, |r| r.instances.saturating_sub(r.required));
            if spare == 0 {
                cut.entry(id).or_default().insert(s.id.clone());
            }
        }
    }
    cut.into_iter()
        .filter(|(_, services)| options.service.as_ref().is_none_or(|id| services.contains(id)))
        .map(|(id, services)| {
            let c = estate.component(&id);
            SinglePoint {
                site: c.and_then(|c| c.site.clone()),
                supplier: c.and_then(|c| c.supplier.clone()),
                id,
                services: services.into_iter().collect(),
            }
        })
        .collect()
}

/// A percentage for tables: up to four decimals, trailing zeros dropped.
pub fn pct(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

impl Report for AvailabilityReport {
    fn tables(&self) -> Vec<Table> {
        let mut services = Table::new([
            "Service",
            "Stage",
            "Criticality",
            "Achievable",
            "SLA target",
            "Feasible",
            "Weakest link",
            "Assumed 100%",
        ])
        .titled("Composite availability");
        for s in &self.services {
            let feasible = match (s.target, s.feasible) {
                (None, _) => String::new(),
                (Some(_), true) => "yes".into(),
                (Some(_), false) => "NO: infeasible".into(),
            };
            let weakest = match (&s.weakest_link, s.weakest_availability) {
                (Some(id), Some(a)) => format!("{id} ({})", pct(a)),
                _ => String::new(),
            };
            services.row([
                s.id.clone(),
                s.lifecycle.to_string(),
                s.criticality.to_string(),
                pct(s.achievable),
                s.target
                    .map(|t| format!("{} ({})", pct(t), s.target_sla.clone().unwrap_or_default()))
                    .unwrap_or_default(),
                feasible,
                weakest,
                s.assumed.join(", "),
            ]);
        }
        let mut spofs = Table::new(["Component", "Site", "Supplier", "Critical services cut off"])
            .titled("Single points of failure");
        for p in &self.single_points_of_failure {
            spofs.row([
                p.id.clone(),
                p.site.clone().unwrap_or_default(),
                p.supplier.clone().unwrap_or_default(),
                p.services.join(", "),
            ]);
        }
        vec![services, spofs]
    }

    fn csv_table(&self) -> Table {
        let mut t = Table::new([
            "service",
            "lifecycle",
            "criticality",
            "achievable",
            "target",
            "target_sla",
            "feasible",
            "weakest_link",
            "weakest_availability",
            "assumed",
        ]);
        for s in &self.services {
            t.row([
                s.id.clone(),
                s.lifecycle.to_string(),
                s.criticality.to_string(),
                s.achievable.to_string(),
                s.target.map(|v| v.to_string()).unwrap_or_default(),
                s.target_sla.clone().unwrap_or_default(),
                s.feasible.to_string(),
                s.weakest_link.clone().unwrap_or_default(),
                s.weakest_availability.map(|v| v.to_string()).unwrap_or_default(),
                s.assumed.join(" "),
            ]);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redundancy_formulas() {
        // Two instances at 99%, one needed: 1 - 0.01^2 = 0.9999.
        assert!((k_of_n(0.99, 1, 2) - 0.9999).abs() < 1e-12);
        // Three at 90%, two needed: 3 x 0.9^2 x 0.1 + 0.9^3 = 0.243 + 0.729 = 0.972.
        assert!((k_of_n(0.9, 2, 3) - 0.972).abs() < 1e-12);
        // n of n is the series product: 0.9^3 = 0.729.
        assert!((k_of_n(0.9, 3, 3) - 0.729).abs() < 1e-12);
        assert_eq!(k_of_n(0.9, 4, 3), 0.0);
        assert_eq!(binomial(5, 2), 10.0);
    }

    #[test]
    fn percent_text() {
        assert_eq!(pct(99.9), "99.9%");
        assert_eq!(pct(99.99996), "100%");
        assert_eq!(pct(99.0), "99%");
        assert_eq!(pct(98.50743), "98.5074%");
    }
}
