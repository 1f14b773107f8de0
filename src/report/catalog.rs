//! The service catalog (the live services customers can order) and the
//! portfolio view of every stage; and everything known about one service.

use serde::Serialize;

use crate::model::common::{Criticality, SupportHours};
use crate::model::service::{Lifecycle, Service, ServiceType};
use crate::model::units::{Date, Percent};
use crate::model::{Estate, Kind};
use crate::render::{Report, Table};

/// Which life-cycle stages to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Pipeline,
    Live,
    Retired,
    All,
}

impl Stage {
    fn admits(self, lifecycle: Lifecycle) -> bool {
        match self {
            Stage::All => true,
            Stage::Pipeline => lifecycle == Lifecycle::Pipeline,
            Stage::Live => lifecycle == Lifecycle::Live,
            Stage::Retired => lifecycle == Lifecycle::Retired,
        }
    }
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Today: the SLA targets shown are those in force on this day.
    pub as_of: Option<chrono::NaiveDate>,
    pub stage: Option<Stage>,
    pub owner: Option<String>,
    pub customer: Option<String>,
    pub tag: Option<String>,
}

/// The catalog, or the portfolio when every stage is listed.
#[derive(Debug, Serialize)]
pub struct Catalog {
    pub organisation: String,
    pub lifecycle: Stage,
    pub services: Vec<CatalogEntry>,
}

/// One line of the catalog.
#[derive(Debug, Serialize)]
pub struct CatalogEntry {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub lifecycle: Lifecycle,
    #[serde(rename = "type")]
    pub service_type: ServiceType,
    pub criticality: Criticality,
    pub owner: String,
    pub customers: Vec<String>,
    pub tags: Vec<String>,
    pub available_from: Option<Date>,
    pub retired_on: Option<Date>,
    /// The highest availability target among the service's SLAs in force.
    pub availability_target: Option<Percent>,
    pub support_hours: Option<String>,
}

/// Lists the services that pass the filters, by stage and then by id.
pub fn list(estate: &Estate, options: &ListOptions) -> Catalog {
    let stage = options.stage.unwrap_or(Stage::Live);
    let mut services: Vec<CatalogEntry> = estate
        .services
        .iter()
        .map(|e| &e.record)
        .filter(|s| stage.admits(s.lifecycle))
        .filter(|s| options.owner.as_ref().is_none_or(|o| &s.owner == o))
        .filter(|s| options.customer.as_ref().is_none_or(|c| s.customers.contains(c)))
        .filter(|s| options.tag.as_ref().is_none_or(|t| s.tags.contains(t)))
        .map(|s| entry(estate, s, options.as_of))
        .collect();
    services.sort_by(|a, b| a.lifecycle.cmp(&b.lifecycle).then_with(|| a.id.cmp(&b.id)));
    Catalog { organisation: estate.project.organisation.clone(), lifecycle: stage, services }
}

fn entry(estate: &Estate, s: &Service, as_of: Option<chrono::NaiveDate>) -> CatalogEntry {
    let in_force = |sla: &&crate::model::Entry<crate::model::Sla>| {
        as_of.is_none_or(|day| sla.start.0 <= day && sla.end.is_none_or(|end| day <= end.0))
    };
    let best = estate
        .slas_of(&s.id)
        .into_iter()
        .filter(in_force)
        .max_by(|a, b| a.availability.value().total_cmp(&b.availability.value()).then_with(|| b.id.cmp(&a.id)));
    CatalogEntry {
        id: s.id.clone(),
        name: s.name.clone(),
        summary: s.summary.clone(),
        lifecycle: s.lifecycle,
        service_type: s.service_type,
        criticality: s.criticality,
        owner: s.owner.clone(),
        customers: s.customers.clone(),
        tags: s.tags.clone(),
        available_from: s.available_from,
        retired_on: s.retired_on,
        availability_target: best.map(|sla| sla.availability),
        support_hours: best.map(|sla| hours(&sla.support_hours)),
    }
}

fn hours(hours: &SupportHours) -> String {
    hours.to_string()
}

/// The value as text, or an empty cell (shown as `-` in tables).
pub(crate) fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl Report for Catalog {
    fn tables(&self) -> Vec<Table> {
        let portfolio = self.lifecycle != Stage::Live;
        let mut headers =
            vec!["ID", "Service", "Type", "Criticality", "Owner", "Customers", "Availability", "Support hours"];
        if portfolio {
            headers.splice(2..2, ["Stage", "Available from", "Retired on"]);
        }
        let title = if portfolio {
            let stage = match self.lifecycle {
                Stage::All => "all stages",
                Stage::Pipeline => "pipeline",
                Stage::Live => "live",
                Stage::Retired => "retired",
            };
            format!("{}: service portfolio ({stage})", self.organisation)
        } else {
            format!("{}: service catalog", self.organisation)
        };
        let mut table = Table::new(headers).titled(title);
        for s in &self.services {
            let mut row = vec![
                s.id.clone(),
                s.name.clone(),
                s.service_type.to_string(),
                s.criticality.to_string(),
                s.owner.clone(),
                s.customers.join(", "),
                opt(s.availability_target),
                opt(s.support_hours.clone()),
            ];
            if portfolio {
                row.splice(2..2, [s.lifecycle.to_string(), opt(s.available_from), opt(s.retired_on)]);
            }
            table.row(row);
        }
        vec![table]
    }

    fn footer(&self) -> Option<String> {
        let n = self.services.len();
        Some(format!("{n} service{}", if n == 1 { "" } else { "s" }))
    }
}

/// Whatever kind a dependency turned out to be.
pub fn kind_of(estate: &Estate, id: &str) -> Option<Kind> {
    if estate.service(id).is_some() {
        Some(Kind::Service)
    } else if estate.component(id).is_some() {
        Some(Kind::Component)
    } else {
        None
    }
}
