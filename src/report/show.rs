//! `catalog show`: everything the records say about one service.

use serde::Serialize;

use super::catalog::{kind_of, opt};
use crate::model::common::PriorityTargets;
use crate::model::service::{Continuity, Security};
use crate::model::{Estate, Kind, Service, Sla, Team};
use crate::render::{Report, Table};

/// One service with what surrounds it.
#[derive(Debug, Serialize)]
pub struct ServiceCard {
    pub service: Service,
    /// The estate's currency, for amounts that name none.
    pub currency: String,
    pub owner: Option<Team>,
    pub slas: Vec<Sla>,
    pub dependencies: Vec<Link>,
    pub dependants: Vec<Link>,
    pub suppliers: Vec<SupplierLink>,
    pub demand: Vec<String>,
}

/// A service or component the card links to.
#[derive(Debug, Serialize)]
pub struct Link {
    pub id: String,
    pub kind: Option<Kind>,
    pub name: Option<String>,
    pub status: Option<String>,
}

/// A supplier the service relies on, directly or through a component.
#[derive(Debug, Serialize)]
pub struct SupplierLink {
    pub id: String,
    pub name: Option<String>,
    pub hotline: Option<String>,
    /// `direct`, or the component it provides.
    pub via: String,
}

/// The card for service `id`, if there is such a service.
pub fn show(estate: &Estate, id: &str) -> Option<ServiceCard> {
    let service = (*estate.service(id)?.record).clone();
    let owner = estate.team(&service.owner).map(|t| (*t.record).clone());
    let slas = estate.slas_of(id).into_iter().map(|s| (*s.record).clone()).collect();
    let dependencies = service.depends_on.iter().map(|d| link(estate, d)).collect();
    let dependants = estate.dependants(id).into_iter().map(|s| link(estate, &s.id)).collect();
    let mut suppliers: Vec<SupplierLink> =
        service.suppliers.iter().map(|s| supplier_link(estate, s, "direct".into())).collect();
    for dep in &service.depends_on {
        if let Some(supplier) = estate.component(dep).and_then(|c| c.supplier.clone()) {
            suppliers.push(supplier_link(estate, &supplier, format!("component {dep}")));
        }
    }
    let demand = estate.demands.iter().filter(|d| d.service == id).map(|d| format!("{} ({})", d.id, d.unit)).collect();
    let currency = estate.project.currency.to_string();
    Some(ServiceCard { service, currency, owner, slas, dependencies, dependants, suppliers, demand })
}

fn link(estate: &Estate, id: &str) -> Link {
    let kind = kind_of(estate, id);
    let (name, status) = match kind {
        Some(Kind::Service) => {
            estate.service(id).map_or((None, None), |s| (Some(s.name.clone()), Some(s.lifecycle.to_string())))
        }
        Some(Kind::Component) => estate.component(id).map_or((None, None), |c| {
            let redundancy = c.redundancy.as_ref().map_or_else(
                || "single instance".to_string(),
                |r| format!("{} of {} instances", r.required, r.instances),
            );
            (Some(c.name.clone()), Some(redundancy))
        }),
        _ => (None, None),
    };
    Link { id: id.to_string(), kind, name, status }
}

fn supplier_link(estate: &Estate, id: &str, via: String) -> SupplierLink {
    let supplier = estate.supplier(id);
    SupplierLink {
        id: id.to_string(),
        name: supplier.map(|s| s.name.clone()),
        hotline: supplier.and_then(|s| s.hotline.clone()),
        via,
    }
}

fn targets(targets: &PriorityTargets) -> String {
    if targets.is_empty() {
        return String::new();
    }
    targets.iter().map(|(p, d)| format!("{p} {d}")).collect::<Vec<_>>().join(", ")
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

fn field_table(title: &str) -> Table {
    Table::new(["Field", "Value"]).titled(title)
}

impl ServiceCard {
    fn overview(&self) -> Table {
        let s = &self.service;
        let mut t = field_table(&format!("{} ({})", s.name, s.id));
        t.row(["Summary".into(), s.summary.clone()]);
        t.row(["Lifecycle".into(), s.lifecycle.to_string()]);
        t.row(["Available from".into(), opt(s.available_from)]);
        t.row(["Retired on".into(), opt(s.retired_on)]);
        t.row(["Type".into(), s.service_type.to_string()]);
        t.row(["Criticality".into(), s.criticality.to_string()]);
        t.row(["Customers".into(), list(&s.customers)]);
        t.row(["Tags".into(), list(&s.tags)]);
        t.row(["Characteristics".into(), list(&s.characteristics)]);
        let charge = s.charge.as_ref().map(|c| {
            let currency = c.currency.as_ref().map_or(self.currency.as_str(), |c| c.code());
            let every = format!("{:?}", c.every).to_lowercase();
            if c.per == "fixed" {
                format!("{} {currency} per {every}", c.amount)
            } else {
                format!("{} {currency} per {} per {every}", c.amount, c.per)
            }
        });
        t.row(["Charge".into(), opt(charge)]);
        if let Some(capacity) = &s.capacity {
            t.row(["Capacity".into(), format!("{} {}", capacity.limit, capacity.unit)]);
        }
        t.row(["Demand series".into(), list(&self.demand)]);
        t
    }

    fn owner_table(&self) -> Table {
        let mut t = field_table("Owner");
        t.row(["Team".into(), self.service.owner.clone()]);
        if let Some(team) = &self.owner {
            t.row(["Name".into(), team.name.clone()]);
            t.row(["Email".into(), opt(team.email.clone())]);
            t.row([
                "On call".into(),
                opt(team.on_call.as_ref().map(|o| {
                    format!("{}{}", o.phone, o.hours.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())
                })),
            ]);
            t.row(["Members".into(), team.members.len().to_string()]);
        }
        t
    }

    fn sla_table(&self) -> Table {
        let mut t =
            Table::new(["SLA", "Customer", "Availability", "Support hours", "Response", "Resolution", "In force"])
                .titled("Service level agreements");
        for sla in &self.slas {
            t.row([
                sla.id.clone(),
                sla.customer.clone(),
                sla.availability.to_string(),
                sla.support_hours.to_string(),
                targets(&sla.response),
                targets(&sla.resolution),
                match sla.end {
                    Some(end) => format!("{} to {end}", sla.start),
                    None => format!("from {}", sla.start),
                },
            ]);
        }
        t
    }

    fn links_table(title: &str, links: &[Link]) -> Table {
        let mut t = Table::new(["ID", "Kind", "Name", "Status"]).titled(title);
        for l in links {
            t.row([l.id.clone(), opt(l.kind), opt(l.name.clone()), opt(l.status.clone())]);
        }
        t
    }

    fn supplier_table(&self) -> Table {
        let mut t = Table::new(["ID", "Name", "Hotline", "Via"]).titled("Suppliers");
        for s in &self.suppliers {
            t.row([s.id.clone(), opt(s.name.clone()), opt(s.hotline.clone()), s.via.clone()]);
        }
        t
    }

    fn dimensions_table(&self) -> Table {
        let d = self.service.dimensions.clone().unwrap_or_default();
        let people = match &self.owner {
            Some(team) => format!("team {}; skills: {}", team.id, list(&d.skills)),
            None => format!("team {}; skills: {}", self.service.owner, list(&d.skills)),
        };
        let mut t = Table::new(["Dimension", "What the records say"]).titled("The four dimensions");
        t.row(["Organizations and people".into(), people]);
        t.row([
            "Information and technology".into(),
            format!("technologies: {}; data: {}", list(&d.technologies), list(&d.data)),
        ]);
        let suppliers: Vec<String> = self.suppliers.iter().map(|s| s.id.clone()).collect();
        t.row(["Partners and suppliers".into(), list(&suppliers)]);
        t.row([
            "Value streams and processes".into(),
            format!("value streams: {}; practices: {}", list(&d.value_streams), list(&d.practices)),
        ]);
        t
    }

    fn continuity_table(c: Option<&Continuity>) -> Table {
        let mut t = field_table("Continuity");
        let Some(c) = c else { return t };
        t.row(["RTO".into(), opt(c.rto)]);
        t.row(["RPO".into(), opt(c.rpo)]);
        t.row(["Backup interval".into(), opt(c.backup_interval)]);
        t.row(["Recovery time".into(), opt(c.recovery_time)]);
        t.row(["Invocation".into(), opt(c.invocation.clone())]);
        t.row(["Last exercise".into(), opt(c.last_exercise)]);
        t.row(["Exercise every".into(), opt(c.exercise_every)]);
        for (i, step) in c.recovery_steps.iter().enumerate() {
            t.row([format!("Step {}", i + 1), step.clone()]);
        }
        t
    }

    fn security_table(s: Option<&Security>) -> Table {
        let mut t = field_table("Security");
        let Some(s) = s else { return t };
        t.row(["Availability".into(), opt(s.availability)]);
        t.row(["Confidentiality".into(), opt(s.confidentiality)]);
        t.row(["Integrity".into(), opt(s.integrity)]);
        t.row(["Authenticity".into(), opt(s.authenticity)]);
        t.row(["Non-repudiation".into(), opt(s.non_repudiation)]);
        let controls: Vec<String> = s
            .controls
            .iter()
            .map(|c| serde_json::to_value(c).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
            .collect();
        t.row(["Controls".into(), list(&controls)]);
        t
    }
}

impl Report for ServiceCard {
    fn tables(&self) -> Vec<Table> {
        vec![
            self.overview(),
            self.owner_table(),
            self.sla_table(),
            Self::links_table("Depends on", &self.dependencies),
            Self::links_table("Depended on by", &self.dependants),
            self.supplier_table(),
            self.dimensions_table(),
            Self::continuity_table(self.service.continuity.as_ref()),
            Self::security_table(self.service.security.as_ref()),
        ]
    }

    fn csv_table(&self) -> Table {
        let mut merged = Table::new(["section", "field", "value"]);
        for table in self.tables() {
            let section = table.title.clone().unwrap_or_default();
            for row in &table.rows {
                let field = row.first().cloned().unwrap_or_default();
                let value = row[1..].join("; ");
                merged.row([section.clone(), field, value]);
            }
        }
        merged
    }
}
