//! Portfolio management: every service across its life cycle with its
//! cost, demand trend, SLA attainment, satisfaction and incidents over the
//! twelve months to the as-of date, and for each live service a place on
//! the tolerate / invest / migrate / eliminate grid, with its reasons.
//! Rules and thresholds: `docs/portfolio.md`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::cost::{self, MissingRates, demand_in};
use super::period::Span;
use super::sla::{self, Status};
use crate::model::Estate;
use crate::model::project::PortfolioSettings;
use crate::model::service::Lifecycle;
use crate::model::units::Amount;
use crate::render::{Report, Table};

/// Where a live service stands on the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Recommendation {
    /// High value, high fitness: grow it.
    Invest,
    /// High value, low fitness: keep what it does, move how it is done.
    Migrate,
    /// Low value, high fitness: keep it as it is, spend nothing more.
    Tolerate,
    /// Low value, low fitness: retire it.
    Eliminate,
}

impl std::fmt::Display for Recommendation {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Recommendation::Invest => "invest",
            Recommendation::Migrate => "migrate",
            Recommendation::Tolerate => "tolerate",
            Recommendation::Eliminate => "eliminate",
        })
    }
}

/// One service in the review.
#[derive(Debug, Serialize)]
pub struct Row {
    pub service: String,
    pub lifecycle: Lifecycle,
    /// When a pipeline service becomes available, or a retired one was retired.
    pub date: Option<NaiveDate>,
    pub cost: Amount,
    pub revenue: Option<Amount>,
    pub margin: Option<Decimal>,
    /// Demand over the last twelve months of its series against the twelve
    /// before, in percent.
    pub demand_trend: Option<Decimal>,
    /// The lowest attainment of its SLAs over the window, and the worst status.
    pub sla_attainment: Option<f64>,
    pub sla_status: Option<Status>,
    /// The mean satisfaction score over the window, weighted by responses.
    pub satisfaction: Option<f64>,
    pub incidents: u32,
    /// Customers, or for a service without any, the live services on it.
    pub customers: u32,
    pub value: Option<i32>,
    pub fitness: Option<i32>,
    pub recommendation: Option<Recommendation>,
    pub reasons: Vec<String>,
}

/// The portfolio review.
#[derive(Debug, Serialize)]
pub struct PortfolioReview {
    pub as_of: NaiveDate,
    pub window: Span,
    pub currency: String,
    pub thresholds: PortfolioSettings,
    pub services: Vec<Row>,
}

/// The twelve months up to and including `as_of`.
pub fn window(as_of: NaiveDate) -> Span {
    let to = as_of.succ_opt().unwrap_or(as_of);
    Span { from: to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to), to }
}

/// Reviews every service (or one).
pub fn review(estate: &Estate, as_of: NaiveDate, service: Option<&str>) -> Result<PortfolioReview, MissingRates> {
    let span = window(as_of);
    // Costs and SLA results are independent: worked out side by side. Only
    // the SLA results are needed, not the supplier commitments beside them.
    let (costs, slas) = rayon::join(
        || cost::report(estate, &cost::Options { span, by: cost::By::Service, service: None }),
        || {
            let checker = sla::Checker::new(estate);
            let options = sla::Options { span: Some(span), sla: None, service: None, as_of };
            estate.slas.iter().filter_map(|s| checker.check(s, &options)).map(|(result, _)| result).collect::<Vec<_>>()
        },
    );
    let costs = costs?;
    let settings = &estate.project.portfolio;
    // SLA results, feedback and incidents by service, in one pass each.
    let mut slas_of: HashMap<&str, Vec<_>> = HashMap::new();
    for r in &slas {
        slas_of.entry(r.service.as_str()).or_default().push(r);
    }
    let mut feedback_of: HashMap<&str, Vec<_>> = HashMap::new();
    for f in estate.feedback.iter().filter(|f| f.period.start() >= span.from && f.period.start() < span.to) {
        feedback_of.entry(f.service.as_str()).or_default().push(f);
    }
    let mut incidents_of: HashMap<&str, usize> = HashMap::new();
    for i in estate.incidents.iter().filter(|i| i.opened.local.date() >= span.from && i.opened.local.date() < span.to) {
        *incidents_of.entry(i.service.as_str()).or_default() += 1;
    }
    let mut rows = Vec::new();
    for (s, c) in estate.services.iter().zip(&costs.services) {
        if service.is_some_and(|id| id != s.id) {
            continue;
        }
        let mine: Vec<_> = slas_of.get(s.id.as_str()).cloned().unwrap_or_default();
        let feedback: Vec<_> = feedback_of.get(s.id.as_str()).cloned().unwrap_or_default();
        let responses: u32 = feedback.iter().map(|f| f.responses).sum();
        let satisfaction = (responses > 0).then(|| {
            let weighted: f64 = feedback.iter().map(|f| f.score * f64::from(f.responses)).sum();
            (weighted / f64::from(responses) * 100.0).round() / 100.0
        });
        let incidents = incidents_of.get(s.id.as_str()).copied().unwrap_or(0);
        let customers = if s.customers.is_empty() {
            estate.dependants(&s.id).iter().filter(|d| d.lifecycle == Lifecycle::Live).count()
        } else {
            s.customers.len()
        };
        let mut row = Row {
            service: s.id.clone(),
            lifecycle: s.lifecycle,
            date: match s.lifecycle {
                Lifecycle::Pipeline => s.available_from.map(|d| d.0),
                Lifecycle::Retired => s.retired_on.map(|d| d.0),
                Lifecycle::Live => None,
            },
            cost: c.total,
            revenue: c.revenue,
            margin: c.margin,
            demand_trend: trend(estate, &s.id, as_of),
            sla_attainment: mine.iter().map(|r| r.attainment).min_by(f64::total_cmp),
            sla_status: mine.iter().map(|r| r.status).max(),
            satisfaction,
            incidents: u32::try_from(incidents).unwrap_or(u32::MAX),
            customers: u32::try_from(customers).unwrap_or(u32::MAX),
            value: None,
            fitness: None,
            recommendation: None,
            reasons: Vec::new(),
        };
        if s.lifecycle == Lifecycle::Live {
            recommend(&mut row, settings);
        }
        rows.push(row);
    }
    Ok(PortfolioReview {
        as_of,
        window: span,
        currency: estate.project.currency.to_string(),
        thresholds: settings.clone(),
        services: rows,
    })
}

/// Demand over the twelve months to the end of the service's last demand
/// period that ends by `as_of`, against the twelve months before, in
/// percent to one decimal. `None` without two years of history.
fn trend(estate: &Estate, service: &str, as_of: NaiveDate) -> Option<Decimal> {
    let record = estate.demand_of(service)?;
    let series = estate.series_of(&record.id)?;
    let limit = as_of.succ_opt()?;
    let end = series.points.iter().map(|(p, _)| p.end()).filter(|e| *e <= limit).max()?;
    let year = |to: NaiveDate| to.checked_sub_months(chrono::Months::new(12)).map(|from| Span { from, to });
    let last = year(end)?;
    let before = year(last.from)?;
    let first = series.points.first()?.0.start();
    if first > before.from {
        return None;
    }
    let (now, then) = (demand_in(estate, service, last)?.0, demand_in(estate, service, before)?.0);
    (!then.is_zero()).then(|| {
        ((now - then) * Decimal::ONE_HUNDRED / then)
            .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    })
}

/// Scores value and fitness, each criterion +1, 0 or -1, and places the
/// service on the grid: a score above zero is high.
fn recommend(row: &mut Row, t: &PortfolioSettings) {
    let mut reasons = Vec::new();
    let mut value = 0;
    let growth = Decimal::from_f64_retain(t.demand_growth.value()).unwrap_or_default().round_dp(4).normalize();
    value += match row.demand_trend {
        Some(d) if d > growth => point(&mut reasons, 1, "value", format!("demand up {d}% on the year before")),
        Some(d) if d < -growth => point(&mut reasons, -1, "value", format!("demand down {}% on the year before", -d)),
        Some(d) => point(&mut reasons, 0, "value", format!("demand steady ({d:+}%)")),
        None => point(&mut reasons, 0, "value", "no demand trend".into()),
    };
    value += match row.satisfaction {
        Some(s) if s >= t.satisfaction_good => point(&mut reasons, 1, "value", format!("satisfaction {s:.2}")),
        Some(s) if s < t.satisfaction_poor => point(&mut reasons, -1, "value", format!("satisfaction {s:.2}")),
        Some(s) => point(&mut reasons, 0, "value", format!("satisfaction {s:.2}")),
        None => point(&mut reasons, 0, "value", "no feedback".into()),
    };
    let customers = plural(row.customers, "customer");
    value += if row.customers >= t.broad_customers {
        point(&mut reasons, 1, "value", customers)
    } else {
        point(&mut reasons, 0, "value", customers)
    };
    let mut fitness = 0;
    fitness += match (row.revenue, row.margin) {
        (Some(r), Some(m)) if m >= Decimal::ZERO => {
            point(&mut reasons, 1, "fitness", format!("its charge ({r}) covers its cost ({})", row.cost))
        }
        (Some(r), Some(_)) => {
            point(&mut reasons, -1, "fitness", format!("its charge ({r}) does not cover its cost ({})", row.cost))
        }
        _ => point(&mut reasons, 0, "fitness", "no charge to set its cost against".into()),
    };
    fitness += match (row.sla_status, row.sla_attainment) {
        (Some(Status::Met), Some(a)) => point(&mut reasons, 1, "fitness", format!("SLAs met ({a:.3}%)")),
        (Some(Status::Breached), Some(a)) => point(&mut reasons, -1, "fitness", format!("an SLA breached ({a:.3}%)")),
        (Some(status), Some(a)) => point(&mut reasons, 0, "fitness", format!("an SLA {status} ({a:.3}%)")),
        _ => point(&mut reasons, 0, "fitness", "no SLA".into()),
    };
    let limit = t.incidents_per_month * 12;
    fitness += match row.incidents {
        0 => point(&mut reasons, 1, "fitness", "no incidents".into()),
        n if n > limit => {
            point(&mut reasons, -1, "fitness", format!("{}, more than {limit} a year", plural(n, "incident")))
        }
        n => point(&mut reasons, 0, "fitness", format!("{}, at most {limit} a year", plural(n, "incident"))),
    };
    row.recommendation = Some(match (value > 0, fitness > 0) {
        (true, true) => Recommendation::Invest,
        (true, false) => Recommendation::Migrate,
        (false, true) => Recommendation::Tolerate,
        (false, false) => Recommendation::Eliminate,
    });
    row.value = Some(value);
    row.fitness = Some(fitness);
    row.reasons = reasons;
}

fn plural(n: u32, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn point(reasons: &mut Vec<String>, score: i32, axis: &str, why: String) -> i32 {
    reasons.push(format!("{why} ({axis} {score:+})"));
    score
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl Report for PortfolioReview {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new([
            "Service",
            "Stage",
            "Date",
            "Cost",
            "Margin",
            "Demand trend",
            "SLA",
            "Satisfaction",
            "Incidents",
            "Value",
            "Fitness",
            "Recommendation",
        ])
        .titled(format!("Portfolio, {} ({})", self.window, self.currency));
        for r in &self.services {
            t.row([
                r.service.clone(),
                r.lifecycle.to_string(),
                opt(r.date),
                r.cost.to_string(),
                opt(r.margin),
                r.demand_trend.map(|d| format!("{d:+}%")).unwrap_or_default(),
                r.sla_attainment.zip(r.sla_status).map(|(a, s)| format!("{a:.3}% {s}")).unwrap_or_default(),
                r.satisfaction.map(|s| format!("{s:.2}")).unwrap_or_default(),
                r.incidents.to_string(),
                r.value.map(|v| format!("{v:+}")).unwrap_or_default(),
                r.fitness.map(|v| format!("{v:+}")).unwrap_or_default(),
                opt(r.recommendation),
            ]);
        }
        let total: rust_decimal::Decimal = self.services.iter().map(|r| r.cost.0).sum();
        t.row(
            ["TOTAL".to_string(), String::new(), String::new(), Amount(total).to_string()]
                .into_iter()
                .chain(std::iter::repeat_n(String::new(), 8)),
        );
        let mut reasons = Table::new(["Service", "Recommendation", "Why"]).titled("Reasons");
        for r in self.services.iter().filter(|r| r.recommendation.is_some()) {
            reasons.row([r.service.clone(), opt(r.recommendation), r.reasons.join("; ")]);
        }
        vec![t, reasons]
    }

    fn csv_table(&self) -> Table {
        let mut t = Table::new([
            "service",
            "lifecycle",
            "date",
            "cost",
            "revenue",
            "margin",
            "demand_trend",
            "sla_attainment",
            "sla_status",
            "satisfaction",
            "incidents",
            "customers",
            "value",
            "fitness",
            "recommendation",
            "reasons",
        ]);
        for r in &self.services {
            t.row([
                r.service.clone(),
                r.lifecycle.to_string(),
                opt(r.date),
                r.cost.to_string(),
                opt(r.revenue),
                opt(r.margin),
                opt(r.demand_trend),
                opt(r.sla_attainment),
                opt(r.sla_status),
                opt(r.satisfaction),
                r.incidents.to_string(),
                r.customers.to_string(),
                opt(r.value),
                opt(r.fitness),
                opt(r.recommendation),
                r.reasons.join("; "),
            ]);
        }
        t
    }

    fn footer(&self) -> Option<String> {
        Some(format!(
            "Thresholds ([portfolio] in itsm.toml): demand_growth {}%, satisfaction_good {}, satisfaction_poor {}, \
             broad_customers {}, incidents_per_month {}",
            self.thresholds.demand_growth.value(),
            self.thresholds.satisfaction_good,
            self.thresholds.satisfaction_poor,
            self.thresholds.broad_customers,
            self.thresholds.incidents_per_month
        ))
    }
}
