//! Information security: each service's required level on the five pillars
//! (availability, confidentiality, integrity, authenticity,
//! non-repudiation) against the controls its record declares. Rules:
//! `docs/security.md`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::common::Level;
use crate::model::service::{Control, Lifecycle, Security};
use crate::model::{Estate, Service};
use crate::render::{Report, Table};

/// One service's classification and gaps.
#[derive(Debug, Serialize)]
pub struct Row {
    pub service: String,
    pub availability: Option<Level>,
    pub confidentiality: Option<Level>,
    pub integrity: Option<Level>,
    pub authenticity: Option<Level>,
    pub non_repudiation: Option<Level>,
    pub controls: Vec<Control>,
    /// Whether no pillar is classified at all.
    pub unclassified: bool,
    pub gaps: Vec<String>,
}

/// The report.
#[derive(Debug, Serialize)]
pub struct SecurityReport {
    pub services: Vec<Row>,
}

fn at_least(level: Option<Level>, floor: Level) -> bool {
    level.is_some_and(|l| l >= floor)
}

/// The gaps of one service, and whether it is classified at all.
pub fn gaps(estate: &Estate, s: &Service, as_of: NaiveDate) -> (bool, Vec<String>) {
    let Some(sec) = s.security.as_ref().filter(|sec| classified(sec)) else {
        return (true, vec!["no security classification: set the five pillars".into()]);
    };
    let has = |c: Control| sec.controls.contains(&c);
    let encrypted = has(Control::EncryptionAtRest) || has(Control::EncryptionInTransit);
    let mut out = Vec::new();
    match sec.confidentiality {
        Some(Level::High) if !(encrypted && has(Control::AccessControl)) => {
            out.push("confidentiality high: needs access-control and encryption-at-rest or -in-transit".into());
        }
        Some(Level::Medium) if !(encrypted || has(Control::AccessControl)) => {
            out.push("confidentiality medium: needs access-control or encryption".into());
        }
        _ => {}
    }
    if at_least(sec.integrity, Level::High) && !(has(Control::Backup) || has(Control::DigitalSignatures)) {
        out.push("integrity high: needs backup or digital-signatures".into());
    }
    if at_least(sec.authenticity, Level::High) && !has(Control::Mfa) {
        out.push("authenticity high: needs mfa".into());
    } else if at_least(sec.authenticity, Level::Medium) && !(has(Control::Mfa) || has(Control::AccessControl)) {
        out.push("authenticity medium: needs mfa or access-control".into());
    }
    if at_least(sec.non_repudiation, Level::Medium) && !has(Control::AuditLogging) {
        out.push("non-repudiation required: needs audit-logging".into());
    }
    if at_least(sec.availability, Level::Medium) {
        let sla = estate.slas_of(&s.id).iter().any(|sla| sla.start.0 <= as_of && sla.end.is_none_or(|e| e.0 >= as_of));
        let spof = estate.closure(&s.id).iter().any(|id| {
            estate.component(id).is_some_and(|c| c.redundancy.as_ref().is_none_or(|r| r.instances <= r.required))
        });
        let high = at_least(sec.availability, Level::High);
        if high && (!sla || spof) {
            let mut why = Vec::new();
            if !sla {
                why.push("no SLA in force");
            }
            if spof {
                why.push("a single point of failure in its chain");
            }
            out.push(format!("availability high: not backed ({})", why.join(", ")));
        } else if !high && !sla && spof {
            out.push("availability medium: neither an SLA nor redundancy backs it".into());
        }
    }
    (false, out)
}

fn classified(sec: &Security) -> bool {
    [sec.availability, sec.confidentiality, sec.integrity, sec.authenticity, sec.non_repudiation]
        .iter()
        .any(Option::is_some)
}

/// Every service that is not retired (or one).
pub fn report(estate: &Estate, service: Option<&str>, as_of: NaiveDate) -> SecurityReport {
    let services = estate
        .services
        .iter()
        .filter(|s| s.lifecycle != Lifecycle::Retired)
        .filter(|s| service.is_none_or(|id| s.id == id))
        .map(|s| {
            let (unclassified, gaps) = gaps(estate, s, as_of);
            let sec = s.security.clone();
            Row {
                service: s.id.clone(),
                availability: sec.as_ref().and_then(|x| x.availability),
                confidentiality: sec.as_ref().and_then(|x| x.confidentiality),
                integrity: sec.as_ref().and_then(|x| x.integrity),
                authenticity: sec.as_ref().and_then(|x| x.authenticity),
                non_repudiation: sec.as_ref().and_then(|x| x.non_repudiation),
                controls: sec.map(|x| x.controls).unwrap_or_default(),
                unclassified,
                gaps,
            }
        })
        .collect();
    SecurityReport { services }
}

fn level(l: Option<Level>) -> String {
    l.map(|l| l.to_string()).unwrap_or_default()
}

fn control_names(controls: &[Control]) -> String {
    controls
        .iter()
        .map(|c| serde_json::to_value(c).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Report for SecurityReport {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new([
            "Service",
            "Availability",
            "Confidentiality",
            "Integrity",
            "Authenticity",
            "Non-repudiation",
            "Controls",
            "Gaps",
        ])
        .titled("Security: required levels on the five pillars against the controls");
        for r in &self.services {
            t.row([
                r.service.clone(),
                level(r.availability),
                level(r.confidentiality),
                level(r.integrity),
                level(r.authenticity),
                level(r.non_repudiation),
                control_names(&r.controls),
                r.gaps.join("; "),
            ]);
        }
        vec![t]
    }

    fn footer(&self) -> Option<String> {
        let gaps = self.services.iter().filter(|r| !r.gaps.is_empty()).count();
        Some(format!("{gaps} of {} services have a gap", self.services.len()))
    }
}
