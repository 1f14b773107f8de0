//! Business relationship management: customer satisfaction per service
//! and customer, its trend, how much evidence each score stands on, and
//! the services whose satisfaction fell while their SLA was breached.
//! Rules: `docs/satisfaction.md`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::period::Span;
use super::sla::{self, Status};
use crate::model::units::Period;
use crate::model::{Estate, Feedback};
use crate::render::{Report, Table};

/// A score from this many answers or fewer is weak evidence.
pub const WEAK_EVIDENCE: u32 = 3;

/// What to report on.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only feedback whose period starts within this span.
    pub span: Option<Span>,
    pub service: Option<String>,
    pub as_of: NaiveDate,
}

/// One feedback result with its trend.
#[derive(Debug, Serialize)]
pub struct Row {
    pub service: String,
    pub customer: Option<String>,
    pub period: Period,
    pub score: f64,
    pub responses: u32,
    pub weak_evidence: bool,
    /// The score of the same service and customer in the feedback before.
    pub previous: Option<f64>,
    pub previous_period: Option<Period>,
    pub change: Option<f64>,
}

/// A fall in satisfaction during a period in which an SLA was breached.
#[derive(Debug, Serialize)]
pub struct FellWhileBreached {
    pub service: String,
    pub customer: Option<String>,
    pub period: Period,
    pub score: f64,
    pub change: f64,
    pub sla: String,
    pub attainment: f64,
    pub target: f64,
}

/// The report.
#[derive(Debug, Serialize)]
pub struct SatisfactionReport {
    pub rows: Vec<Row>,
    pub fell_while_breached: Vec<FellWhileBreached>,
}

fn key(f: &Feedback) -> (&str, Option<&str>) {
    (&f.service, f.customer.as_deref())
}

fn round(value: f64) -> f64 {
    (value * 1e4).round() / 1e4 + 0.0
}

/// Satisfaction per service and customer, in service, customer and period order.
pub fn report(estate: &Estate, options: &Options) -> SatisfactionReport {
    let mut all: Vec<&Feedback> = estate.feedback.iter().map(|e| &*e.record).collect();
    all.sort_by(|a, b| key(a).cmp(&key(b)).then(a.period.start().cmp(&b.period.start())).then(a.id.cmp(&b.id)));
    let mut rows = Vec::new();
    let mut fell = Vec::new();
    // One availability model for every fall checked against its SLAs,
    // built at the first fall.
    let checker = std::cell::OnceCell::new();
    for (i, f) in all.iter().enumerate() {
        let in_span = options.span.is_none_or(|s| f.period.start() >= s.from && f.period.start() < s.to);
        if !in_span || options.service.as_ref().is_some_and(|id| &f.service != id) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| all[j]).filter(|p| key(p) == key(f));
        let change = before.map(|p| round(f.score - p.score));
        rows.push(Row {
            service: f.service.clone(),
            customer: f.customer.clone(),
            period: f.period,
            score: f.score,
            responses: f.responses,
            weak_evidence: f.responses <= WEAK_EVIDENCE,
            previous: before.map(|p| p.score),
            previous_period: before.map(|p| p.period),
            change,
        });
        if let Some(change) = change.filter(|c| *c < 0.0) {
            let check = sla::Options {
                span: Some(Span::of(f.period)),
                sla: None,
                service: Some(f.service.clone()),
                as_of: options.as_of,
            };
            let checker = checker.get_or_init(|| sla::Checker::new(estate));
            let results = estate.slas_of(&f.service).into_iter().filter_map(|s| checker.check(s, &check));
            for (r, _) in results.filter(|(r, _)| r.status == Status::Breached) {
                fell.push(FellWhileBreached {
                    service: f.service.clone(),
                    customer: f.customer.clone(),
                    period: f.period,
                    score: f.score,
                    change,
                    sla: r.sla,
                    attainment: r.attainment,
                    target: r.target,
                });
            }
        }
    }
    SatisfactionReport { rows, fell_while_breached: fell }
}

impl Report for SatisfactionReport {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(["Service", "Customer", "Period", "Score", "Change", "Responses", "Evidence"])
            .titled("Customer satisfaction (1 to 5)");
        for r in &self.rows {
            let change = match (r.change, r.previous_period) {
                (Some(c), Some(p)) => format!("{c:+.2} since {p}"),
                _ => String::new(),
            };
            t.row([
                r.service.clone(),
                r.customer.clone().unwrap_or_default(),
                r.period.to_string(),
                format!("{:.2}", r.score),
                change,
                r.responses.to_string(),
                if r.weak_evidence { "WEAK: few answers".into() } else { String::new() },
            ]);
        }
        let mut fell = Table::new(["Service", "Customer", "Period", "Score", "Change", "SLA breached", "Attainment"])
            .titled("Satisfaction fell while the SLA was breached");
        for f in &self.fell_while_breached {
            fell.row([
                f.service.clone(),
                f.customer.clone().unwrap_or_default(),
                f.period.to_string(),
                format!("{:.2}", f.score),
                format!("{:+.2}", f.change),
                f.sla.clone(),
                format!("{} (target {})", super::availability::pct(f.attainment), super::availability::pct(f.target)),
            ]);
        }
        vec![t, fell]
    }

    fn csv_table(&self) -> Table {
        let mut t = Table::new([
            "service",
            "customer",
            "period",
            "score",
            "responses",
            "weak_evidence",
            "previous_period",
            "previous",
            "change",
            "fell_while_breached",
        ]);
        // The breached SLAs of each row, in the order they were found.
        let mut breached_at: HashMap<(&str, Option<&str>, Period), Vec<&str>> = HashMap::new();
        for f in &self.fell_while_breached {
            breached_at.entry((&f.service, f.customer.as_deref(), f.period)).or_default().push(&f.sla);
        }
        for r in &self.rows {
            let breached =
                breached_at.get(&(r.service.as_str(), r.customer.as_deref(), r.period)).map_or(&[][..], Vec::as_slice);
            t.row([
                r.service.clone(),
                r.customer.clone().unwrap_or_default(),
                r.period.to_string(),
                r.score.to_string(),
                r.responses.to_string(),
                r.weak_evidence.to_string(),
                r.previous_period.map(|p| p.to_string()).unwrap_or_default(),
                r.previous.map(|p| p.to_string()).unwrap_or_default(),
                r.change.map(|c| c.to_string()).unwrap_or_default(),
                breached.join(" "),
            ]);
        }
        t
    }
}
