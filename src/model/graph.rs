//! The dependency graph of services and components, numbered once so that
//! the rules and reports that walk it (closures, composite availability,
//! recovery waves) follow integers instead of looking ids up at every step.
//!
//! Node `n` is the service at position `n` of the estate's sorted services,
//! or, from `services` on, the component at position `n - services`. An id
//! resolves as [`Estate::depends_on`] resolves it: to the service with that
//! id if there is one, else to the component. A duplicated id (a finding of
//! its own) resolves to one position; the others have no edges and are
//! never reached.

use super::Estate;

/// A node of the graph: a position in the estate's services, then in its
/// components.
pub type Node = u32;

/// Every service's and component's resolved `depends_on`, in the order
/// written. Names that resolve to nothing are left out of the edges, and
/// the node is marked as naming one.
#[derive(Debug, Default)]
pub struct Graph {
    services: usize,
    /// Where each node's edges start in `edges`; one more than nodes.
    starts: Vec<u32>,
    edges: Vec<Node>,
    /// The nodes that name a dependency that is not in the estate.
    dangling: Vec<bool>,
    /// The nodes whose id resolves to themselves: all but the second and
    /// later entries of a duplicated id (and a component sharing a
    /// service's id), which lookups by id never reach.
    resolved: Vec<bool>,
}

impl Graph {
    /// Numbers the estate's services and components and resolves their
    /// dependencies.
    pub(super) fn build(estate: &Estate) -> Self {
        let nodes = estate.services.len() + estate.components.len();
        let mut graph = Graph {
            services: estate.services.len(),
            starts: Vec::with_capacity(nodes + 1),
            edges: Vec::new(),
            dangling: vec![false; nodes],
            resolved: vec![false; nodes],
        };
        graph.starts.push(0);
        let names = estate
            .services
            .iter()
            .map(|s| (s.id.as_str(), s.depends_on.as_slice()))
            .chain(estate.components.iter().map(|c| (c.id.as_str(), c.depends_on.as_slice())));
        for (n, (id, depends_on)) in names.enumerate() {
            // Only the position an id resolves to carries its edges.
            if estate.node(id) == Some(n as Node) {
                graph.resolved[n] = true;
                for dep in depends_on {
                    match estate.node(dep) {
                        Some(to) => graph.edges.push(to),
                        None => graph.dangling[n] = true,
                    }
                }
            }
            graph.starts.push(graph.edges.len() as u32);
        }
        graph
    }

    /// How many nodes: every service and component entry.
    pub fn len(&self) -> usize {
        self.dangling.len()
    }

    /// Whether the estate holds no service and no component.
    pub fn is_empty(&self) -> bool {
        self.dangling.is_empty()
    }

    /// What `node` depends on directly, in the order written, resolved.
    pub fn deps(&self, node: Node) -> &[Node] {
        let n = node as usize;
        &self.edges[self.starts[n] as usize..self.starts[n + 1] as usize]
    }

    /// Whether `node` names a dependency that is not in the estate.
    pub fn dangling(&self, node: Node) -> bool {
        self.dangling[node as usize]
    }

    /// Whether `node` is a service (else it is a component).
    pub fn is_service(&self, node: Node) -> bool {
        (node as usize) < self.services
    }

    /// Whether `node` is the one its id resolves to ([`Estate::node`]),
    /// so that the service or component with its id is the node's own
    /// entry.
    pub fn resolved(&self, node: Node) -> bool {
        self.resolved[node as usize]
    }
}

/// Walks closures of one graph. What it has seen is a set of the nodes
/// met, emptied after each walk by taking out just those nodes: a walk
/// costs what it visits and nothing per node of the graph, even for a
/// walker reused after a walk that met a large part of it.
#[derive(Debug, Default)]
pub struct Walker {
    seen: std::collections::HashSet<Node, foldhash::fast::FixedState>,
    /// The nodes of the last walk, to take out of `seen` before the next.
    met: Vec<Node>,
    stack: Vec<Node>,
}

impl Walker {
    /// Every node `start` stands on, directly or through others, itself
    /// excluded, into `out` (cleared first) in no particular order. A
    /// dependency cycle ends the walk.
    pub fn closure(&mut self, graph: &Graph, start: Node, out: &mut Vec<Node>) {
        for node in self.met.drain(..) {
            self.seen.remove(&node);
        }
        out.clear();
        self.seen.insert(start);
        self.met.push(start);
        self.stack.clear();
        self.stack.extend_from_slice(graph.deps(start));
        while let Some(next) = self.stack.pop() {
            if self.seen.insert(next) {
                self.met.push(next);
                out.push(next);
                self.stack.extend_from_slice(graph.deps(next));
            }
        }
    }
}

/// The graph's walks against the string walks they replaced, kept here as
/// oracles, on every records directory of the project and on an estate
/// written to hold what the graph must get right: cycles, a self-loop,
/// names of missing records, an id shared by a service and a component,
/// and a duplicated id.
#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashSet};
    use std::path::{Path, PathBuf};

    use super::Walker;
    use crate::model::Estate;
    use crate::report::availability::{Model, k_of_n};
    use crate::report::continuity::{Recovery, waves};
    use crate::report::dimensions::{blind_sides, row};

    /// The closure as it was computed before the graph: names followed as
    /// written, missing ones included.
    fn closure_oracle(estate: &Estate, id: &str) -> BTreeSet<String> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack: Vec<&str> = estate.depends_on(id).iter().map(String::as_str).collect();
        while let Some(next) = stack.pop() {
            if next != id && seen.insert(next) {
                stack.extend(estate.depends_on(next).iter().map(String::as_str));
            }
        }
        seen.into_iter().map(str::to_string).collect()
    }

    fn suppliers_oracle(estate: &Estate, id: &str) -> BTreeSet<String> {
        let mut out: BTreeSet<String> =
            estate.service(id).map(|s| s.suppliers.iter().cloned().collect()).unwrap_or_default();
        for part in closure_oracle(estate, id) {
            if let Some(s) = estate.service(&part) {
                out.extend(s.suppliers.iter().cloned());
            }
            if let Some(supplier) = estate.component(&part).and_then(|c| c.supplier.clone()) {
                out.insert(supplier);
            }
        }
        out
    }

    /// Recovery waves as they were ordered before: round after round, what
    /// has all its dependencies in the scope placed in earlier rounds. Each
    /// wave's ids, sorted, and what was never placed.
    fn waves_oracle(estate: &Estate, scope: &BTreeMap<String, String>) -> (Vec<Vec<String>>, Vec<String>) {
        let mut placed: BTreeSet<&str> = BTreeSet::new();
        let mut waves = Vec::new();
        loop {
            let ready: Vec<&str> = scope
                .keys()
                .map(String::as_str)
                .filter(|id| !placed.contains(id))
                .filter(|id| {
                    estate.depends_on(id).iter().all(|d| !scope.contains_key(d) || placed.contains(d.as_str()))
                })
                .collect();
            if ready.is_empty() {
                break;
            }
            placed.extend(ready.iter().copied());
            waves.push(ready.iter().map(|id| id.to_string()).collect());
        }
        let blocked = scope.keys().filter(|id| !placed.contains(id.as_str())).cloned().collect();
        (waves, blocked)
    }

    /// Composite availability as it was computed before the graph: by id,
    /// depth first, a node met again on its own path counting as 100%.
    fn composite_oracle(estate: &Estate) -> BTreeMap<String, f64> {
        fn visit(estate: &Estate, id: &str, done: &mut BTreeMap<String, f64>, visiting: &mut BTreeSet<String>) {
            if done.contains_key(id) || visiting.contains(id) {
                return;
            }
            let group = if let Some(s) = estate.service(id) {
                s.availability.map_or(1.0, |a| a.fraction())
            } else if let Some(c) = estate.component(id) {
                let committed = c
                    .supplier
                    .as_ref()
                    .and_then(|s| estate.supplier(s))
                    .and_then(|s| s.commitments.as_ref())
                    .and_then(|c| c.availability);
                let own = c.availability.or(committed).map_or(1.0, |a| a.fraction());
                c.redundancy.as_ref().map_or(own, |r| k_of_n(own, r.required, r.instances))
            } else {
                return;
            };
            visiting.insert(id.to_string());
            for dep in estate.depends_on(id) {
                visit(estate, dep, done, visiting);
            }
            visiting.remove(id);
            let composite =
                estate.depends_on(id).iter().map(|d| done.get(d).copied().unwrap_or(1.0)).fold(group, |a, b| a * b);
            done.insert(id.to_string(), composite);
        }
        let mut done = BTreeMap::new();
        let ids = estate.services.iter().map(|s| &s.id).chain(estate.components.iter().map(|c| &c.id));
        for id in ids {
            visit(estate, id, &mut done, &mut BTreeSet::new());
        }
        done
    }

    const TRICKY: &str = r#"
kind: service
id: a
name: A
summary: In a cycle with b, and names a missing record
owner: team
lifecycle: live
type: customer-facing
criticality: critical
availability: 99.9
depends_on: [b, ghost, c-comp]
continuity: {rto: 1h, recovery_time: 30m}
---
kind: service
id: b
name: B
summary: In a cycle with a
owner: team
lifecycle: live
type: supporting
criticality: high
depends_on: [a, shared]
continuity: {rto: 2h, recovery_time: 1h}
---
kind: service
id: c
name: C
summary: Stands on the shared id and on d
owner: team
lifecycle: live
type: supporting
criticality: critical
suppliers: [acme]
depends_on: [shared, d, d]
continuity: {rto: 30m, recovery_time: 10m}
---
kind: service
id: d
name: D
summary: The first d
owner: team
lifecycle: live
type: supporting
criticality: low
availability: 99.5
continuity: {rto: 8h, recovery_time: 3h}
---
kind: service
id: d
name: D again
summary: A duplicated id
owner: team
lifecycle: live
type: supporting
criticality: low
depends_on: [e]
---
kind: service
id: e
name: E
summary: Depends on itself
owner: team
lifecycle: live
type: supporting
criticality: low
depends_on: [e]
---
kind: service
id: f
name: F
summary: Only a missing record below it
owner: team
lifecycle: live
type: supporting
criticality: critical
depends_on: [ghost]
continuity: {rto: 1m, recovery_time: 5m}
---
kind: service
id: shared
name: Shared
summary: Shares its id with a component
owner: team
lifecycle: live
type: supporting
criticality: high
depends_on: [disk]
continuity: {rto: 4h, recovery_time: 2h}
---
kind: component
id: shared
name: Shared component
type: server
supplier: globex
recovery_time: 9h
---
kind: component
id: c-comp
name: C component
type: server
depends_on: [disk, ghost-2]
redundancy: {instances: 3, required: 2, mode: active-active}
availability: 99.0
recovery_time: 45m
---
kind: component
id: disk
name: Disk
type: storage
supplier: acme
recovery_time: 20m
"#;

    fn estates() -> Vec<(String, Estate)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(root.join("tests"))
            .into_iter()
            .chain(walkdir::WalkDir::new(root.join("examples")))
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "itsm.toml")
            .filter_map(|e| e.path().parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        let tricky = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            tricky.path().join("itsm.toml"),
            "schema_version = 1\norganisation = \"T\"\ncurrency = \"EUR\"\ntimezone = \"UTC\"\n",
        )
        .unwrap();
        let suppliers = "kind: supplier\nid: acme\nname: Acme\n---\nkind: supplier\nid: globex\nname: Globex\n";
        std::fs::write(tricky.path().join("suppliers.yaml"), suppliers).unwrap();
        std::fs::write(tricky.path().join("team.yaml"), "kind: team\nid: team\nname: Team\nemail: t@example.org\n")
            .unwrap();
        std::fs::write(tricky.path().join("records.yaml"), TRICKY).unwrap();
        dirs.push(tricky.path().to_path_buf());
        let out = dirs.iter().map(|d| (d.display().to_string(), crate::load::load(d).expect("load").estate)).collect();
        drop(tricky);
        out
    }

    #[test]
    fn graph_walks_agree_with_the_string_walks() {
        let estates = estates();
        assert!(estates.len() > 60, "{} records directories", estates.len());
        let tricky = &estates.last().unwrap().1;
        assert_eq!(tricky.services.len(), 8, "the tricky estate loads every service");
        let mut checked = 0;
        for (dir, estate) in &estates {
            let graph = estate.graph();
            let mut walker = Walker::default();
            let mut recovery = Recovery::new(graph);
            let mut nodes = Vec::new();
            let composite = composite_oracle(estate);
            let model = Model::build(estate);
            let ids = estate.services.iter().map(|s| &s.id).chain(estate.components.iter().map(|c| &c.id));
            for id in ids {
                let closure = closure_oracle(estate, id);
                assert_eq!(estate.closure(id), closure, "{dir}: closure of {id}");
                assert_eq!(estate.suppliers_behind(id), suppliers_oracle(estate, id), "{dir}: suppliers of {id}");
                assert_eq!(model.get(id).map(|n| n.composite), composite.get(id).copied(), "{dir}: {id}");
                let mut scope: BTreeMap<String, String> = closure.into_iter().map(|c| (c, String::new())).collect();
                scope.insert(id.clone(), String::new());
                let (plan, blocked) = waves(estate, &scope);
                let mut layers: Vec<Vec<String>> =
                    plan.iter().map(|w| w.steps.iter().map(|s| s.id.clone()).collect()).collect();
                layers.iter_mut().for_each(|l| l.sort());
                assert_eq!((layers, blocked), waves_oracle(estate, &scope), "{dir}: waves of {id}");
                let expected = (plan.last().map_or(0, |w| w.done_after.seconds()), plan.len());
                let start = estate.node(id).expect("a node");
                walker.closure(graph, start, &mut nodes);
                nodes.push(start);
                assert_eq!(recovery.total(estate, graph, &nodes), expected, "{dir}: recovery of {id}");
                checked += 1;
            }
            for s in &estate.services {
                let blind = blind_sides(estate, s, &mut walker, &mut nodes);
                let gaps: Vec<bool> = {
                    let r = row(estate, s);
                    [
                        r.organizations_and_people,
                        r.information_and_technology,
                        r.partners_and_suppliers,
                        r.value_streams_and_processes,
                    ]
                    .iter()
                    .map(|c| c.gap)
                    .collect()
                };
                assert_eq!(blind.to_vec(), gaps, "{dir}: dimensions of {}", s.id);
            }
        }
        assert!(checked > 100, "{checked} ids checked");
        // The tricky estate's own answers, worked by hand: a and b stand on
        // each other; a names `ghost`, which is in its closure as written.
        assert_eq!(
            tricky.closure("a").into_iter().collect::<Vec<_>>(),
            ["b", "c-comp", "disk", "ghost", "ghost-2", "shared"]
        );
        assert_eq!(tricky.suppliers_behind("c").into_iter().collect::<Vec<_>>(), ["acme", "globex"]);
    }

    /// The rules that use their own lookups say what they said before, on
    /// the estate written to trip them: the cycles, once each; the ids used
    /// twice (across kinds too); the reference to a missing record.
    #[test]
    fn the_rules_find_the_tricky_estates_problems() {
        let estates = estates();
        let tricky = &estates.last().unwrap().1;
        let options = crate::validate::Options { as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() };
        let mut found: Vec<String> = crate::validate::validate(tricky, &options)
            .into_iter()
            .filter(|d| {
                use crate::diag::Code::*;
                matches!(d.code, DependencyCycle | DuplicateId | DanglingReference | WrongReferenceKind)
            })
            .map(|d| d.message)
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                "dependency cycle: a -> b -> a",
                "dependency cycle: e -> e",
                "id `d` is used twice",
                "id `shared` is used twice",
                "no component has the id `ghost-2`",
                "no service or component has the id `ghost`",
                "no service or component has the id `ghost`",
            ]
        );
    }
}
