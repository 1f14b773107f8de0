//! The dependency graph: services, components, the suppliers that provide
//! them and the sites they run at, as Mermaid (renders inside Markdown and
//! pull-request comments) or Graphviz dot.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::model::Estate;
use crate::model::service::Lifecycle;

/// The graph's text formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Service(String),
    Component(String),
    Supplier(String),
    Site(String),
}

impl Node {
    fn key(&self) -> String {
        let (prefix, id) = match self {
            Node::Service(id) => ("service", id),
            Node::Component(id) => ("component", id),
            Node::Supplier(id) => ("supplier", id),
            Node::Site(id) => ("site", id),
        };
        format!("{prefix}_{}", id.replace('-', "_"))
    }
}

/// The graph of the whole estate (services not retired), or of one
/// service and what it stands on.
pub fn render(estate: &Estate, service: Option<&str>, format: GraphFormat) -> String {
    let keep: Option<BTreeSet<String>> = service.map(|id| {
        let mut all = estate.closure(id);
        all.insert(id.to_string());
        all
    });
    let wanted = |id: &str| keep.as_ref().is_none_or(|k| k.contains(id));
    let mut nodes: BTreeSet<(Node, String)> = BTreeSet::new();
    let mut edges: BTreeSet<(Node, Node, &str)> = BTreeSet::new();
    for s in estate.services.iter().filter(|s| s.lifecycle != Lifecycle::Retired && wanted(&s.id)) {
        nodes.insert((Node::Service(s.id.clone()), format!("{} ({})", s.name, s.lifecycle)));
        for d in &s.depends_on {
            let target =
                if estate.component(d).is_some() { Node::Component(d.clone()) } else { Node::Service(d.clone()) };
            edges.insert((Node::Service(s.id.clone()), target, "depends on"));
        }
        for sup in &s.suppliers {
            edges.insert((Node::Service(s.id.clone()), Node::Supplier(sup.clone()), "supplied by"));
        }
    }
    for c in estate.components.iter().filter(|c| wanted(&c.id)) {
        let redundancy =
            c.redundancy.as_ref().map(|r| format!(", {} of {}", r.required, r.instances)).unwrap_or_default();
        nodes.insert((Node::Component(c.id.clone()), format!("{}{redundancy}", c.name)));
        for d in &c.depends_on {
            edges.insert((Node::Component(c.id.clone()), Node::Component(d.clone()), "depends on"));
        }
        if let Some(sup) = &c.supplier {
            edges.insert((Node::Component(c.id.clone()), Node::Supplier(sup.clone()), "supplied by"));
        }
        let mut sites: BTreeSet<&String> = c.redundancy.iter().flat_map(|r| r.sites.iter()).collect();
        if sites.is_empty() {
            sites.extend(c.site.iter());
        }
        for site in sites {
            edges.insert((Node::Component(c.id.clone()), Node::Site(site.clone()), "runs at"));
        }
    }
    let mut known: BTreeSet<Node> = nodes.iter().map(|(n, _)| n.clone()).collect();
    for (_, to, _) in &edges {
        if known.contains(to) {
            continue;
        }
        let label = match to {
            Node::Supplier(id) => estate.supplier(id).map_or(id.clone(), |s| s.name.clone()),
            Node::Site(id) => format!("site {id}"),
            Node::Service(id) => estate.service(id).map_or(id.clone(), |s| s.name.clone()),
            Node::Component(id) => estate.component(id).map_or(id.clone(), |c| c.name.clone()),
        };
        known.insert(to.clone());
        nodes.insert((to.clone(), label));
    }
    let quote = |s: &str| s.replace('"', "'");
    let mut out = String::new();
    match format {
        GraphFormat::Mermaid => {
            out.push_str("flowchart LR\n");
            for (node, label) in &nodes {
                let label = quote(label);
                let _ = match node {
                    Node::Service(_) => writeln!(out, "  {}([\"{label}\"])", node.key()),
                    Node::Component(_) => writeln!(out, "  {}[\"{label}\"]", node.key()),
                    Node::Supplier(_) => writeln!(out, "  {}{{{{\"{label}\"}}}}", node.key()),
                    Node::Site(_) => writeln!(out, "  {}[(\"{label}\")]", node.key()),
                };
            }
            for (from, to, label) in &edges {
                let _ = writeln!(out, "  {} -->|{label}| {}", from.key(), to.key());
            }
        }
        GraphFormat::Dot => {
            out.push_str("digraph itsm {\n  rankdir=LR;\n");
            for (node, label) in &nodes {
                let shape = match node {
                    Node::Service(_) => "ellipse",
                    Node::Component(_) => "box",
                    Node::Supplier(_) => "hexagon",
                    Node::Site(_) => "cylinder",
                };
                let _ = writeln!(out, "  {} [label=\"{}\", shape={shape}];", node.key(), quote(label));
            }
            for (from, to, label) in &edges {
                let _ = writeln!(out, "  {} -> {} [label=\"{label}\"];", from.key(), to.key());
            }
            out.push_str("}\n");
        }
    }
    out
}
