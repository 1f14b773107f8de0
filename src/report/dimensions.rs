//! The four dimensions of service management (ITIL 4): organizations and
//! people; information and technology; partners and suppliers; value
//! streams and processes. A service that says nothing about one of them
//! was designed with a blind side. Rules: `docs/dimensions.md`.

use serde::Serialize;

use crate::model::graph::{Node, Walker};
use crate::model::service::Lifecycle;
use crate::model::{Estate, Service};
use crate::render::{Report, Table};

/// One dimension of one service.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// What the records say, in a few words.
    pub text: String,
    /// Whether the records say nothing that counts.
    pub gap: bool,
}

/// One live service across the four dimensions.
#[derive(Debug, Serialize)]
pub struct Row {
    pub service: String,
    pub organizations_and_people: Cell,
    pub information_and_technology: Cell,
    pub partners_and_suppliers: Cell,
    pub value_streams_and_processes: Cell,
}

impl Row {
    /// The names of the dimensions with a gap.
    pub fn gaps(&self) -> Vec<&'static str> {
        let cells = [
            &self.organizations_and_people,
            &self.information_and_technology,
            &self.partners_and_suppliers,
            &self.value_streams_and_processes,
        ];
        DIMENSIONS.into_iter().zip(cells).filter(|(_, cell)| cell.gap).map(|(name, _)| name).collect()
    }
}

/// The matrix.
#[derive(Debug, Serialize)]
pub struct DimensionsReport {
    pub services: Vec<Row>,
}

/// Every live service (or one) across the four dimensions.
pub fn report(estate: &Estate, service: Option<&str>) -> DimensionsReport {
    let services = estate
        .services
        .iter()
        .filter(|s| s.lifecycle == Lifecycle::Live)
        .filter(|s| service.is_none_or(|id| s.id == id))
        .map(|s| row(estate, s))
        .collect();
    DimensionsReport { services }
}

fn join(items: &[String]) -> String {
    items.join(", ")
}

fn cell(text: String, gap: bool) -> Cell {
    Cell {
        text: if gap && text.is_empty() {
            "GAP".into()
        } else if gap {
            format!("GAP: {text}")
        } else {
            text
        },
        gap,
    }
}

/// Which of the four dimensions the records say nothing about, in the
/// order of a [`Row`]: what [`row`] marks as a gap, without writing the
/// cells (the `validate` rule asks this of every live service).
pub fn blind_sides(estate: &Estate, s: &Service, walker: &mut Walker, nodes: &mut Vec<Node>) -> [bool; 4] {
    let d = s.dimensions.as_ref();
    let no_skills = d.is_none_or(|d| d.skills.is_empty());
    let people = estate.team(&s.owner).is_none_or(|t| t.members.is_empty() || (no_skills && t.skills.is_empty()));
    let technology = d.is_none_or(|d| d.technologies.is_empty() && d.data.is_empty());
    let partners = d.is_none_or(|d| d.partners.is_empty()) && !estate.has_suppliers_behind(&s.id, walker, nodes);
    let value = d.is_none_or(|d| d.value_streams.is_empty() && d.practices.is_empty());
    [people, technology, partners, value]
}

/// The names of the four dimensions, in the order of a [`Row`].
pub const DIMENSIONS: [&str; 4] =
    ["organizations and people", "information and technology", "partners and suppliers", "value streams and processes"];

/// The dimensions of one service.
pub fn row(estate: &Estate, s: &Service) -> Row {
    let d = s.dimensions.clone().unwrap_or_default();
    let team = estate.team(&s.owner);
    let mut skills = d.skills.clone();
    skills.extend(team.iter().flat_map(|t| t.skills.iter().cloned()));
    skills.sort();
    skills.dedup();
    let people = match team {
        None => cell(format!("no team `{}`", s.owner), true),
        Some(t) if t.members.is_empty() => cell(format!("{} has no members", t.id), true),
        Some(t) if skills.is_empty() => cell(format!("{}, no skills recorded", t.id), true),
        Some(t) => {
            let n = t.members.len();
            cell(
                format!("{} ({n} {}); skills: {}", t.id, if n == 1 { "person" } else { "people" }, join(&skills)),
                false,
            )
        }
    };
    let mut tech = Vec::new();
    if !d.technologies.is_empty() {
        tech.push(format!("technologies: {}", join(&d.technologies)));
    }
    if !d.data.is_empty() {
        tech.push(format!("data: {}", join(&d.data)));
    }
    let technology = cell(tech.join("; "), tech.is_empty());
    let suppliers: Vec<String> = estate.suppliers_behind(&s.id).into_iter().collect();
    let mut partners = Vec::new();
    if !suppliers.is_empty() {
        partners.push(format!("suppliers: {}", join(&suppliers)));
    }
    if !d.partners.is_empty() {
        partners.push(format!("partners: {}", join(&d.partners)));
    }
    let partners_cell = cell(partners.join("; "), partners.is_empty());
    let mut streams = Vec::new();
    if !d.value_streams.is_empty() {
        streams.push(format!("value streams: {}", join(&d.value_streams)));
    }
    if !d.practices.is_empty() {
        streams.push(format!("practices: {}", join(&d.practices)));
    }
    let value = cell(streams.join("; "), streams.is_empty());
    Row {
        service: s.id.clone(),
        organizations_and_people: people,
        information_and_technology: technology,
        partners_and_suppliers: partners_cell,
        value_streams_and_processes: value,
    }
}

impl Report for DimensionsReport {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new([
            "Service",
            "Organizations and people",
            "Information and technology",
            "Partners and suppliers",
            "Value streams and processes",
        ])
        .titled("The four dimensions of the live services");
        for r in &self.services {
            t.row([
                r.service.clone(),
                r.organizations_and_people.text.clone(),
                r.information_and_technology.text.clone(),
                r.partners_and_suppliers.text.clone(),
                r.value_streams_and_processes.text.clone(),
            ]);
        }
        vec![t]
    }

    fn footer(&self) -> Option<String> {
        let gaps = self.services.iter().filter(|r| !r.gaps().is_empty()).count();
        Some(format!("{gaps} of {} live services have a gap", self.services.len()))
    }
}
