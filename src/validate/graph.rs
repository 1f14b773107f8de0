//! Dependency cycles among services and components. The search is an
//! iterative depth-first walk, so a deep chain cannot overflow the stack.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use crate::model::{Estate, Origin};

/// An edge: the dependant's origin and the index of the `depends_on` entry.
type Edge<'a> = (&'a str, Origin, usize);

/// Reports each dependency cycle once, with every edge on it.
pub fn check(estate: &Estate, out: &mut Vec<Diagnostic>) {
    let mut graph: BTreeMap<&str, Vec<Edge>> = BTreeMap::new();
    for s in &estate.services {
        let edges = s.depends_on.iter().enumerate().map(|(i, d)| (d.as_str(), s.origin, i));
        graph.entry(&s.id).or_default().extend(edges);
    }
    for c in &estate.components {
        let edges = c.depends_on.iter().enumerate().map(|(i, d)| (d.as_str(), c.origin, i));
        graph.entry(&c.id).or_default().extend(edges);
    }
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
fn find_cycles<'a>(graph: &BTreeMap<&'a str, Vec<Edge<'a>>>) -> Vec<Vec<(&'a str, Edge<'a>)>> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut seen_cycles: BTreeSet<Vec<&str>> = BTreeSet::new();
    let mut cycles = Vec::new();
    for &start in graph.keys() {
        if done.contains(start) {
            continue;
        }
        // The current path: node, the edge index to try next, the edge that led here.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        let mut taken: Vec<Edge> = Vec::new();
        let mut on_path: BTreeSet<&str> = BTreeSet::from([start]);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let edges = graph.get(node).map_or(&[][..], Vec::as_slice);
            if *next >= edges.len() {
                done.insert(node);
                on_path.remove(node);
                path.pop();
                taken.pop();
                continue;
            }
            let edge = edges[*next];
            *next += 1;
            let target = edge.0;
            if on_path.contains(target) {
                let from = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                let mut cycle: Vec<(&str, Edge)> =
                    path[from..].iter().map(|(n, _)| *n).zip(taken[from..].iter().copied().chain([edge])).collect();
                let smallest = (0..cycle.len()).min_by_key(|&i| cycle[i].0).unwrap_or(0);
                cycle.rotate_left(smallest);
                let key: Vec<&str> = cycle.iter().map(|(n, _)| *n).collect();
                if seen_cycles.insert(key) {
                    cycles.push(cycle);
                }
            } else if !done.contains(target) && graph.contains_key(target) {
                on_path.insert(target);
                path.push((target, 0));
                taken.push(edge);
            }
        }
    }
    cycles
}
