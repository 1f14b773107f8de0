//! What a change to the records means: records added, removed and changed
//! field by field, and the consequences a reviewer cares about (life-cycle
//! moves, SLA targets, dependency edges, monthly cost, findings introduced
//! or fixed, single points of failure and infeasible targets). Records are
//! compared by kind and id and by value, so a file moved or reformatted
//! with the same records is no change. Rules: `docs/diff.md`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use super::availability;
use super::cost;
use super::period::Span;
use crate::diag::{Diagnostic, Severity};
use crate::load::Loaded;
use crate::model::{Estate, Kind};
use crate::render::{Report, Table};

/// A record, by kind and id, with the service it concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RecordRef {
    pub kind: Kind,
    pub id: String,
    /// The service the record is about, for grouping.
    pub service: Option<String>,
}

/// One field that changed.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A record that changed.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    #[serde(flatten)]
    pub record: RecordRef,
    pub fields: Vec<FieldChange>,
}

/// A finding, without its place (places move when lines move).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: String,
    pub message: String,
}

/// Monthly cost before and after.
#[derive(Debug, Clone, Serialize)]
pub struct CostChange {
    pub month: Span,
    pub before: Decimal,
    pub after: Decimal,
    pub difference: Decimal,
    /// Services whose cost changed: service, before, after.
    pub services: Vec<(String, Decimal, Decimal)>,
}

/// The meaning of a change.
#[derive(Debug, Serialize)]
pub struct Diff {
    pub base: String,
    pub head: String,
    pub added: Vec<RecordRef>,
    pub removed: Vec<RecordRef>,
    pub changed: Vec<Changed>,
    /// Services whose stage changed: id, old, new.
    pub lifecycle: Vec<(String, String, String)>,
    /// SLAs whose availability target changed: id, old, new.
    pub sla_targets: Vec<(String, String, String)>,
    pub edges_added: Vec<(String, String)>,
    pub edges_removed: Vec<(String, String)>,
    pub cost: Option<CostChange>,
    pub new_findings: Vec<Finding>,
    pub fixed_findings: Vec<Finding>,
    pub new_single_points: Vec<String>,
    pub gone_single_points: Vec<String>,
    pub new_infeasible: Vec<String>,
    pub gone_infeasible: Vec<String>,
}

impl Diff {
    /// Whether the change introduces findings of `severity`.
    pub fn introduces(&self, severity: Severity) -> bool {
        self.new_findings.iter().any(|f| f.severity == severity)
    }

    /// Whether nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn records(estate: &Estate) -> BTreeMap<(Kind, String), Value> {
    fn put<T: Serialize>(
        out: &mut BTreeMap<(Kind, String), Value>,
        kind: Kind,
        entries: &[crate::model::Entry<T>],
        id: impl Fn(&T) -> &str,
    ) {
        for e in entries {
            out.insert((kind, id(&e.record).to_string()), serde_json::to_value(&e.record).unwrap_or(Value::Null));
        }
    }
    let mut out = BTreeMap::new();
    put(&mut out, Kind::Service, &estate.services, |r| &r.id);
    put(&mut out, Kind::Sla, &estate.slas, |r| &r.id);
    put(&mut out, Kind::Supplier, &estate.suppliers, |r| &r.id);
    put(&mut out, Kind::Component, &estate.components, |r| &r.id);
    put(&mut out, Kind::Team, &estate.teams, |r| &r.id);
    put(&mut out, Kind::Outage, &estate.outages, |r| &r.id);
    put(&mut out, Kind::Incident, &estate.incidents, |r| &r.id);
    put(&mut out, Kind::Demand, &estate.demands, |r| &r.id);
    put(&mut out, Kind::Cost, &estate.costs, |r| &r.id);
    put(&mut out, Kind::Feedback, &estate.feedback, |r| &r.id);
    out
}

/// The service a record is about: itself, the service it names, or the
/// first of the services it names.
fn service_of(kind: Kind, id: &str, value: &Value) -> Option<String> {
    if kind == Kind::Service {
        return Some(id.to_string());
    }
    value
        .get("service")
        .and_then(Value::as_str)
        .or_else(|| value.get("services").and_then(|s| s.get(0)).and_then(Value::as_str))
        .map(str::to_string)
}

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&path, v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten("", old, &mut a);
    flatten("", new, &mut b);
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| FieldChange { field: k.clone(), old: a.get(k).cloned(), new: b.get(k).cloned() })
        .collect()
}

fn findings(loaded: &Loaded, as_of: NaiveDate) -> Vec<Finding> {
    let mut all: Vec<Diagnostic> = loaded.diagnostics.clone();
    all.extend(crate::validate::validate(&loaded.estate, &crate::validate::Options { as_of }));
    all.into_iter()
        .map(|d| Finding { severity: d.severity, code: d.code.name().to_string(), message: d.message })
        .collect()
}

/// Items of `a` not matched one for one in `b`.
fn minus<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    let mut left: BTreeMap<&T, usize> = BTreeMap::new();
    for x in b {
        *left.entry(x).or_default() += 1;
    }
    let mut out = Vec::new();
    for x in a {
        match left.get_mut(x) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(x.clone()),
        }
    }
    out.sort();
    out
}

fn edges(estate: &Estate) -> BTreeSet<(String, String)> {
    let services = estate.services.iter().map(|s| (&s.id, &s.depends_on));
    let components = estate.components.iter().map(|c| (&c.id, &c.depends_on));
    services.chain(components).flat_map(|(id, deps)| deps.iter().map(move |d| (id.clone(), d.clone()))).collect()
}

fn monthly_cost(estate: &Estate, month: Span) -> Option<BTreeMap<String, Decimal>> {
    let report = cost::report(estate, &cost::Options { span: month, by: cost::By::Service, service: None }).ok()?;
    let mut out: BTreeMap<String, Decimal> = report.services.iter().map(|s| (s.service.clone(), s.total.0)).collect();
    out.insert(String::new(), report.inputs_total.0);
    Some(out)
}

/// What changed from `base` to `head`, as of `as_of` (for findings and the
/// month whose cost is compared).
pub fn diff(base: &Loaded, head: &Loaded, base_name: &str, head_name: &str, as_of: NaiveDate) -> Diff {
    let (old, new) = (records(&base.estate), records(&head.estate));
    let reference = |(kind, id): &(Kind, String), value: &Value| RecordRef {
        kind: *kind,
        id: id.clone(),
        service: service_of(*kind, id, value),
    };
    let added = new.iter().filter(|(k, _)| !old.contains_key(*k)).map(|(k, v)| reference(k, v)).collect();
    let removed = old.iter().filter(|(k, _)| !new.contains_key(*k)).map(|(k, v)| reference(k, v)).collect();
    let changed: Vec<Changed> = new
        .iter()
        .filter_map(|(k, v)| {
            let before = old.get(k)?;
            (before != v).then(|| Changed { record: reference(k, v), fields: field_changes(before, v) })
        })
        .collect();
    let pick = |c: &Changed, field: &str| {
        c.fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| (f.old.clone().unwrap_or_default(), f.new.clone().unwrap_or_default()))
    };
    let lifecycle = changed
        .iter()
        .filter(|c| c.record.kind == Kind::Service)
        .filter_map(|c| pick(c, "lifecycle").map(|(a, b)| (c.record.id.clone(), a, b)))
        .collect();
    let sla_targets = changed
        .iter()
        .filter(|c| c.record.kind == Kind::Sla)
        .filter_map(|c| pick(c, "availability").map(|(a, b)| (c.record.id.clone(), a, b)))
        .collect();
    let (e_old, e_new) = (edges(&base.estate), edges(&head.estate));
    let month = Span::around(as_of, 1);
    let cost = match (monthly_cost(&base.estate, month), monthly_cost(&head.estate, month)) {
        (Some(a), Some(b)) => {
            let before = a.get("").copied().unwrap_or_default();
            let after = b.get("").copied().unwrap_or_default();
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).filter(|k| !k.is_empty()).collect();
            let services = keys
                .into_iter()
                .map(|k| (k.clone(), a.get(k).copied().unwrap_or_default(), b.get(k).copied().unwrap_or_default()))
                .filter(|(_, x, y)| x != y)
                .collect();
            Some(CostChange { month, before, after, difference: after - before, services })
        }
        _ => None,
    };
    let (f_old, f_new) = (findings(base, as_of), findings(head, as_of));
    let avail = |l: &Loaded| availability::report(&l.estate, &availability::Options::default());
    let (a_old, a_new) = (avail(base), avail(head));
    let spofs = |r: &availability::AvailabilityReport| {
        r.single_points_of_failure.iter().map(|p| p.id.clone()).collect::<Vec<_>>()
    };
    let infeasible = |r: &availability::AvailabilityReport| {
        r.services.iter().filter(|s| !s.feasible).map(|s| s.id.clone()).collect::<Vec<_>>()
    };
    Diff {
        base: base_name.to_string(),
        head: head_name.to_string(),
        added,
        removed,
        changed,
        lifecycle,
        sla_targets,
        edges_added: e_new.difference(&e_old).cloned().collect(),
        edges_removed: e_old.difference(&e_new).cloned().collect(),
        cost,
        new_findings: minus(&f_new, &f_old),
        fixed_findings: minus(&f_old, &f_new),
        new_single_points: minus(&spofs(&a_new), &spofs(&a_old)),
        gone_single_points: minus(&spofs(&a_old), &spofs(&a_new)),
        new_infeasible: minus(&infeasible(&a_new), &infeasible(&a_old)),
        gone_infeasible: minus(&infeasible(&a_old), &infeasible(&a_new)),
    }
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "(none)".into())
}

impl Diff {
    /// One line for a pull-request comment's first glance.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return format!("**itsm diff** {}..{}: no change to the records.", self.base, self.head);
        }
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let errors = |v: &[Finding]| v.iter().filter(|f| f.severity == Severity::Error).count();
        let warnings = |v: &[Finding]| v.iter().filter(|f| f.severity == Severity::Warning).count();
        let mut parts = vec![
            format!("{} added", count(self.added.len(), "record")),
            format!("{} changed", self.changed.len()),
            format!("{} removed", self.removed.len()),
        ];
        parts.push(format!(
            "findings +{}/-{} errors, +{}/-{} warnings",
            errors(&self.new_findings),
            errors(&self.fixed_findings),
            warnings(&self.new_findings),
            warnings(&self.fixed_findings)
        ));
        if let Some(c) = self.cost.as_ref().filter(|c| !c.difference.is_zero()) {
            parts.push(format!("cost in {} {:+.2}", c.month, c.difference));
        }
        format!("**itsm diff** {}..{}: {}.", self.base, self.head, parts.join(", "))
    }

    fn sections(&self) -> Vec<Table> {
        let mut records = Table::new(["Change", "Kind", "Id", "Service", "Field", "Old", "New"]).titled("Records");
        for r in &self.added {
            records.row([
                "added".into(),
                r.kind.to_string(),
                r.id.clone(),
                show(&r.service),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for r in &self.removed {
            records.row([
                "removed".into(),
                r.kind.to_string(),
                r.id.clone(),
                show(&r.service),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for c in &self.changed {
            for f in &c.fields {
                records.row([
                    "changed".into(),
                    c.record.kind.to_string(),
                    c.record.id.clone(),
                    show(&c.record.service),
                    f.field.clone(),
                    show(&f.old),
                    show(&f.new),
                ]);
            }
        }
        let mut meaning = Table::new(["Consequence", "Subject", "Before", "After"]).titled("What it means");
        for (id, a, b) in &self.lifecycle {
            meaning.row(["life cycle".into(), id.clone(), a.clone(), b.clone()]);
        }
        for (id, a, b) in &self.sla_targets {
            meaning.row(["SLA target".into(), id.clone(), a.clone(), b.clone()]);
        }
        for (from, to) in &self.edges_added {
            meaning.row(["dependency added".into(), format!("{from} -> {to}"), String::new(), String::new()]);
        }
        for (from, to) in &self.edges_removed {
            meaning.row(["dependency removed".into(), format!("{from} -> {to}"), String::new(), String::new()]);
        }
        if let Some(c) = &self.cost {
            meaning.row([
                format!("cost in {}", c.month),
                "estate".into(),
                format!("{:.2}", c.before),
                format!("{:.2}", c.after),
            ]);
            for (s, a, b) in &c.services {
                meaning.row([format!("cost in {}", c.month), s.clone(), format!("{a:.2}"), format!("{b:.2}")]);
            }
        }
        for id in &self.new_single_points {
            meaning.row(["new single point of failure".into(), id.clone(), String::new(), String::new()]);
        }
        for id in &self.gone_single_points {
            meaning.row(["single point of failure removed".into(), id.clone(), String::new(), String::new()]);
        }
        for id in &self.new_infeasible {
            meaning.row(["SLA target now infeasible".into(), id.clone(), String::new(), String::new()]);
        }
        for id in &self.gone_infeasible {
            meaning.row(["SLA target now feasible".into(), id.clone(), String::new(), String::new()]);
        }
        let mut found = Table::new(["Status", "Severity", "Code", "Finding"]).titled("Findings");
        for f in &self.new_findings {
            found.row(["new".into(), f.severity.to_string(), f.code.clone(), f.message.clone()]);
        }
        for f in &self.fixed_findings {
            found.row(["fixed".into(), f.severity.to_string(), f.code.clone(), f.message.clone()]);
        }
        vec![records, meaning, found]
    }
}

impl Report for Diff {
    fn tables(&self) -> Vec<Table> {
        self.sections()
    }

    fn footer(&self) -> Option<String> {
        Some(self.summary().replace("**", ""))
    }

    fn markdown(&self) -> Option<String> {
        let mut md = format!("{}\n", self.summary());
        if self.is_empty() {
            return Some(md);
        }
        for table in self.sections().into_iter().filter(|t| !t.rows.is_empty()) {
            let title = table.title.clone().unwrap_or_default();
            md.push_str(&format!("\n<details><summary>{title} ({})</summary>\n\n", table.rows.len()));
            let cell = |s: &str| if s.is_empty() { "-".to_string() } else { s.replace('|', "\\|") };
            md.push_str(&format!("| {} |\n", table.headers.join(" | ")));
            md.push_str(&format!("|{}\n", table.headers.iter().map(|_| " --- |").collect::<String>()));
            for row in &table.rows {
                md.push_str(&format!("| {} |\n", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")));
            }
            md.push_str("\n</details>\n");
        }
        Some(md)
    }
}
