//! References: every id a record names belongs to a record of the right kind.

use std::collections::BTreeMap;

use super::IdIndex;
use crate::diag::{Anchor, Code, Diagnostic, FieldPath, suggest};
use crate::model::{Estate, Kind, Origin};

/// Checks one reference.
struct Checker<'i, 'a> {
    index: &'i IdIndex<'a>,
    out: &'i mut Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    /// Checks that `id` names a record of an `expected` kind; the path is
    /// built only for a finding.
    fn check(&mut self, origin: Origin, path: impl FnOnce() -> FieldPath, id: &str, expected: &[Kind]) {
        if self.index.names(id, expected) {
            return;
        }
        let found = self.index.get(id, expected);
        let wanted = expected.iter().map(|k| k.noun()).collect::<Vec<_>>().join(" or ");
        match found {
            Some((kind, target)) => self.out.push(
                Diagnostic::new(
                    Code::WrongReferenceKind,
                    format!("`{id}` is {}, but a {wanted} is expected here", kind.with_article()),
                )
                .at_field(origin, path(), format!("must name a {wanted}"))
                .also(Anchor::Field(target, FieldPath::key("id")), format!("`{id}` is this {}", kind.noun()))
                .help(suggest(id, self.index.ids_of(expected), format!("name a {wanted} here"))),
            ),
            None => {
                let fallback = if self.index.ids_of(expected).next().is_none() {
                    format!("there is no {wanted} record yet; add one with id `{id}`")
                } else {
                    format!("add a {wanted} with id `{id}`, or name an existing one")
                };
                self.out.push(
                    Diagnostic::new(Code::DanglingReference, format!("no {wanted} has the id `{id}`"))
                        .at_field(origin, path(), "unknown id")
                        .help(suggest(id, self.index.ids_of(expected), fallback)),
                );
            }
        }
    }

    fn each(&mut self, origin: Origin, field: &str, ids: &[String], expected: &[Kind]) {
        self.each_at(origin, || FieldPath::key(field), ids, expected);
    }

    fn each_at(&mut self, origin: Origin, path: impl Fn() -> FieldPath, ids: &[String], expected: &[Kind]) {
        for (i, id) in ids.iter().enumerate() {
            self.check(origin, || path().then_index(i), id, expected);
        }
    }

    fn maybe(&mut self, origin: Origin, path: impl FnOnce() -> FieldPath, id: Option<&String>, expected: &[Kind]) {
        if let Some(id) = id {
            self.check(origin, path, id, expected);
        }
    }
}

/// Checks every reference in the estate.
pub fn check(estate: &Estate, index: &IdIndex<'_>, out: &mut Vec<Diagnostic>) {
    use Kind::*;
    let mut c = Checker { index, out };
    // Each contract id to the first supplier (by id) that lists it.
    let mut contracts: BTreeMap<&str, &str> = BTreeMap::new();
    for s in &estate.suppliers {
        for contract in &s.contracts {
            contracts.entry(contract.id.as_str()).or_insert(s.id.as_str());
        }
    }
    for s in &estate.services {
        c.check(s.origin, || FieldPath::key("owner"), &s.owner, &[Team]);
        c.each(s.origin, "depends_on", &s.depends_on, &[Service, Component]);
        c.each(s.origin, "suppliers", &s.suppliers, &[Supplier]);
    }
    for s in &estate.slas {
        c.check(s.origin, || FieldPath::key("service"), &s.service, &[Service]);
    }
    for s in &estate.suppliers {
        for (i, contract) in s.contracts.iter().enumerate() {
            let at = FieldPath::key("contracts").then_index(i);
            for (j, service) in contract.services.iter().enumerate() {
                c.check(s.origin, || at.clone().then_key("services").then_index(j), service, &[Service]);
            }
            for service in contract.weights.keys() {
                c.check(s.origin, || at.clone().then_key("weights").then_key(service), service, &[Service]);
            }
        }
    }
    for comp in &estate.components {
        c.maybe(comp.origin, || FieldPath::key("owner"), comp.owner.as_ref(), &[Team]);
        c.maybe(comp.origin, || FieldPath::key("supplier"), comp.supplier.as_ref(), &[Supplier]);
        c.each(comp.origin, "depends_on", &comp.depends_on, &[Component]);
        if let Some(capacity) = &comp.capacity {
            let at = || FieldPath::key("capacity").then_key("driver");
            c.maybe(comp.origin, at, capacity.driver.as_ref(), &[Demand]);
        }
    }
    for o in &estate.outages {
        c.each(o.origin, "services", &o.services, &[Service]);
        if let Some(cause) = &o.cause {
            let at = || FieldPath::key("cause");
            c.maybe(o.origin, || at().then_key("supplier"), cause.supplier.as_ref(), &[Supplier]);
            c.maybe(o.origin, || at().then_key("component"), cause.component.as_ref(), &[Component]);
        }
    }
    for i in &estate.incidents {
        c.check(i.origin, || FieldPath::key("service"), &i.service, &[Service]);
        c.maybe(i.origin, || FieldPath::key("outage"), i.outage.as_ref(), &[Outage]);
    }
    for d in &estate.demands {
        c.check(d.origin, || FieldPath::key("service"), &d.service, &[Service]);
    }
    for cost in &estate.costs {
        c.maybe(cost.origin, || FieldPath::key("service"), cost.service.as_ref(), &[Service]);
        c.maybe(cost.origin, || FieldPath::key("supplier"), cost.supplier.as_ref(), &[Supplier]);
        if let Some(contract) = &cost.contract {
            contract_ref(&contracts, cost.origin, contract, cost.supplier.as_deref(), c.out);
        }
        if let Some(allocation) = &cost.allocation {
            let at = || FieldPath::key("allocation");
            c.each_at(cost.origin, || at().then_key("services"), &allocation.services, &[Service]);
            for service in allocation.weights.keys() {
                c.check(cost.origin, || at().then_key("weights").then_key(service), service, &[Service]);
            }
        }
    }
    for f in &estate.feedback {
        c.check(f.origin, || FieldPath::key("service"), &f.service, &[Service]);
    }
}

/// A cost's `contract` names a supplier contract, of its `supplier` when
/// it names one.
fn contract_ref(
    contracts: &BTreeMap<&str, &str>,
    origin: Origin,
    id: &str,
    supplier: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let owner = contracts.get(id);
    let (message, label) = match (owner, supplier) {
        (None, _) => (format!("no supplier contract has the id `{id}`"), "unknown contract"),
        (Some(&owner), Some(named)) if owner != named => {
            (format!("contract `{id}` belongs to supplier `{owner}`, not to `{named}`"), "another supplier's contract")
        }
        _ => return,
    };
    let fallback = if contracts.is_empty() {
        "there is no supplier contract yet; add one under a supplier's `contracts`".to_string()
    } else {
        "name a contract from a supplier's `contracts`".to_string()
    };
    out.push(
        Diagnostic::new(Code::DanglingReference, message)
            .at_field(origin, FieldPath::key("contract"), label)
            .help(suggest(id, contracts.keys().copied(), fallback)),
    );
}
