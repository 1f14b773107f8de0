//! Dependency cycles among services and components. The search is an
//! iterative depth-first walk, so a deep chain cannot overflow the stack.

use std::collections::BTreeSet;

use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use crate::load::FileId;
use crate::model::{Estate, Origin};

/// An edge: its target's name, the dependant's origin, and the index of
/// the `depends_on` entry.
type Edge<'a> = (&'a str, Origin, usize);

/// The graph the cycle search walks: every distinct id of a service or a
/// component, and the edges of every record with that id pooled (a
/// service and a component sharing an id, or a duplicated id, are one
/// node here).
struct Pooled<'a> {
    /// Node ids, sorted.
    ids: Vec<&'a str>,
    /// Where each node's edges start in `edges`; one more than nodes.
    starts: Vec<u32>,
    /// Each edge with its target's node, if the target is a node.
    edges: Vec<(Edge<'a>, Option<u32>)>,
}

impl<'a> Pooled<'a> {
    fn build(estate: &'a Estate) -> Self {
        // Both groups are sorted by id: merging them sorts the ids. Each
        // record's node is noted by its position in the estate's graph
        // (services, then components), whose lookups are hashed.
        let services = estate.services.len();
        let mut ids: Vec<&str> = Vec::with_capacity(services + estate.components.len());
        let mut node_of = vec![0u32; services + estate.components.len()];
        let (mut s, mut c) = (0, 0);
        loop {
            let (id, at) = match (estate.services.get(s), estate.components.get(c)) {
                (Some(a), Some(b)) if a.id <= b.id => (a.id.as_str(), s),
                (_, Some(b)) => (b.id.as_str(), services + c),
                (Some(a), None) => (a.id.as_str(), s),
                (None, None) => break,
            };
            if at < services {
                s += 1;
            } else {
                c += 1;
            }
            if ids.last() != Some(&id) {
                ids.push(id);
            }
            node_of[at] = (ids.len() - 1) as u32;
        }
        let node = |id: &str| estate.node(id).map(|n| node_of[n as usize]);
        // Services, then components: the numbering of `node_of`.
        let records = || {
            let services = estate.services.iter().map(|s| (s.origin, s.depends_on.as_slice()));
            services.chain(estate.components.iter().map(|c| (c.origin, c.depends_on.as_slice())))
        };
        // Count, then place, each record's edges under its node, services
        // before components and each in order, as written.
        let mut starts = vec![0u32; ids.len() + 1];
        for (r, (_, deps)) in records().enumerate() {
            starts[node_of[r] as usize + 1] += deps.len() as u32;
        }
        for n in 0..ids.len() {
            starts[n + 1] += starts[n];
        }
        let mut fill = starts.clone();
        let none: Edge = ("", Origin { file: FileId(0), doc: 0 }, 0);
        let mut edges = vec![(none, None); starts[ids.len()] as usize];
        for ((origin, deps), &n) in records().zip(&node_of) {
            for (i, dep) in deps.iter().enumerate() {
                edges[fill[n as usize] as usize] = ((dep.as_str(), origin, i), node(dep));
                fill[n as usize] += 1;
            }
        }
        Pooled { ids, starts, edges }
    }

    fn edges(&self, node: u32) -> &[(Edge<'a>, Option<u32>)] {
        &self.edges[self.starts[node as usize] as usize..self.starts[node as usize + 1] as usize]
    }
}

/// Reports each dependency cycle once, with every edge on it.
pub fn check(estate: &Estate, out: &mut Vec<Diagnostic>) {
    let graph = Pooled::build(estate);
    for cycle in find_cycles(&graph) {
        let names: Vec<&str> = cycle.iter().map(|(from, _)| *from).chain([cycle[0].0]).collect();
        let mut edges = cycle.iter().map(|(_, (to, origin, i))| {
            (Anchor::Field(*origin, FieldPath::key("depends_on").then_index(*i)), format!("depends on `{to}`"))
        });
        let Some((first, text)) = edges.next() else { continue };
        let mut diagnostic =
            Diagnostic::new(Code::DependencyCycle, format!("dependency cycle: {}", names.join(" -> ")))
                .at(first, text)
                .help("a service cannot depend on itself, even through others; remove one of these dependencies");
        for (anchor, text) in edges {
            diagnostic = diagnostic.also(anchor, text);
        }
        out.push(diagnostic);
    }
}

/// Every elementary cycle met by a depth-first walk from each node in id
/// order, each as its list of (node, edge taken) starting at its smallest id.
fn find_cycles<'a>(graph: &Pooled<'a>) -> Vec<Vec<(&'a str, Edge<'a>)>> {
    let nodes = graph.ids.len();
    let mut done = vec![false; nodes];
    let mut on_path = vec![false; nodes];
    let mut seen_cycles: BTreeSet<Vec<u32>> = BTreeSet::new();
    let mut cycles = Vec::new();
    for start in 0..nodes as u32 {
        if done[start as usize] {
            continue;
        }
        // The current path: node, the edge index to try next, the edge that led here.
        let mut path: Vec<(u32, usize)> = vec![(start, 0)];
        let mut taken: Vec<Edge> = Vec::new();
        on_path[start as usize] = true;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let edges = graph.edges(node);
            if *next >= edges.len() {
                done[node as usize] = true;
                on_path[node as usize] = false;
                path.pop();
                taken.pop();
                continue;
            }
            let (edge, target) = edges[*next];
            *next += 1;
            let Some(target) = target else { continue };
            if on_path[target as usize] {
                let from = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                let mut cycle: Vec<(u32, Edge)> =
                    path[from..].iter().map(|(n, _)| *n).zip(taken[from..].iter().copied().chain([edge])).collect();
                // Nodes are numbered in id order: the smallest is the first.
                let smallest = (0..cycle.len()).min_by_key(|&i| cycle[i].0).unwrap_or(0);
                cycle.rotate_left(smallest);
                let key: Vec<u32> = cycle.iter().map(|(n, _)| *n).collect();
                if seen_cycles.insert(key) {
                    cycles.push(cycle.into_iter().map(|(n, e)| (graph.ids[n as usize], e)).collect());
                }
            } else if !done[target as usize] {
                on_path[target as usize] = true;
                path.push((target, 0));
                taken.push(edge);
            }
        }
    }
    cycles
}
