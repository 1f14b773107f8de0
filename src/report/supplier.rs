//! Supplier management: contract dates and notice, reviews against their
//! cadence, commitments weaker than the SLAs that depend on them, spend
//! and concentration, and performance from the outages suppliers caused.
//! Rules and worked examples: `docs/suppliers.md`.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::availability::pct;
use super::contracts::{self, Status, Term};
use super::money;
use super::period::Span;
use super::sla::{WeakCommitment, WeakSearch, weak, weighted_downtime};
use crate::calendar::{self, Instant, Intervals};
use crate::model::common::Criticality;
use crate::model::events::{Impact, Outage};
use crate::model::service::Lifecycle;
use crate::model::sla::ServiceCredit;
use crate::model::supplier::Contract;
use crate::model::units::CalendarSpan;
use crate::model::{Estate, Supplier};
use crate::render::{Report, Table};

/// What to review.
#[derive(Debug, Clone)]
pub struct Options {
    pub as_of: NaiveDate,
    /// How far ahead a notice date counts as due.
    pub horizon: CalendarSpan,
    pub supplier: Option<String>,
}

/// One contract on the as-of date.
#[derive(Debug, Serialize)]
pub struct ContractRow {
    pub supplier: String,
    pub contract: String,
    pub start: NaiveDate,
    /// The term in force (the last one, once expired).
    pub term: Term,
    pub notice: CalendarSpan,
    /// The current term's last day to give notice.
    pub notice_date: Option<NaiveDate>,
    /// The next last day to give notice that is still ahead: the current
    /// term's, or the next term's once that has passed.
    pub upcoming_notice: Option<NaiveDate>,
    /// Days from the as-of date to the upcoming notice date.
    pub days_to_notice: Option<i64>,
    pub auto_renew: bool,
    pub renewals: u32,
    /// The term it renews into, unless notice is given.
    pub next_term: Option<Term>,
    pub status: Status,
}

/// A supplier's review against its cadence.
#[derive(Debug, Serialize)]
pub struct ReviewRow {
    pub supplier: String,
    pub every: CalendarSpan,
    pub last: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// Days past due, when overdue and reviewed before.
    pub days_overdue: Option<i64>,
}

/// Spend, concentration and performance of one supplier.
#[derive(Debug, Serialize)]
pub struct SupplierRow {
    pub supplier: String,
    pub name: String,
    pub hotline: Option<String>,
    /// Contract values falling in the fiscal year, in the estate's currency.
    pub spend: crate::model::units::Amount,
    /// Contracts whose currency has no exchange rate (left out of spend).
    pub unconverted: Vec<String>,
    pub critical_services: Vec<String>,
    /// The share of all critical services that depend on the supplier.
    pub concentration: f64,
    pub concentrated: bool,
    pub outages: u32,
    pub downtime_minutes: f64,
    /// Availability over the last twelve months, from the outages it caused.
    pub achieved: f64,
    pub committed: Option<f64>,
    pub below_commitment: bool,
    /// The credit it owes, as a share of the charge, from its credit tiers.
    pub credit: Option<f64>,
}

/// The supplier review.
#[derive(Debug, Serialize)]
pub struct SupplierReview {
    pub as_of: NaiveDate,
    pub horizon: CalendarSpan,
    pub fiscal_year: Span,
    pub currency: String,
    pub concentration_threshold: f64,
    pub contracts: Vec<ContractRow>,
    /// Contracts whose notice date falls within the horizon, most urgent first.
    pub notice_due: Vec<String>,
    pub reviews: Vec<ReviewRow>,
    pub weak_commitments: Vec<WeakCommitment>,
    pub suppliers: Vec<SupplierRow>,
}

/// The fiscal year around `day`.
pub fn fiscal_year(estate: &Estate, day: NaiveDate) -> Span {
    let start_of = |year: i32| {
        let md = estate.project.fiscal_year_start;
        NaiveDate::from_ymd_opt(year, md.month, md.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, md.month, 28))
            .unwrap_or(day)
    };
    let this = start_of(day.year());
    let from = if this <= day { this } else { start_of(day.year() - 1) };
    Span { from, to: start_of(from.year() + 1) }
}

/// Reviews every supplier (or one).
pub fn review(estate: &Estate, options: &Options) -> SupplierReview {
    let year = fiscal_year(estate, options.as_of);
    let suppliers: Vec<&Supplier> = estate
        .suppliers
        .iter()
        .map(|e| &*e.record)
        .filter(|s| options.supplier.as_ref().is_none_or(|id| &s.id == id))
        .collect();
    let mut rows = Vec::new();
    for s in &suppliers {
        for c in &s.contracts {
            rows.push(contract_row(s, c, options));
        }
    }
    let mut due: Vec<&ContractRow> = rows.iter().filter(|r| r.status == Status::InNoticeWindow).collect();
    due.sort_by_key(|r| (r.upcoming_notice, r.supplier.clone(), r.contract.clone()));
    let notice_due = due.iter().map(|r| r.contract.clone()).collect();
    let reviews = suppliers.iter().filter_map(|s| review_row(s, options.as_of)).collect();
    let ids: BTreeSet<&str> = suppliers.iter().map(|s| s.id.as_str()).collect();
    let in_force = Span::around(options.as_of, 1);
    let mut search = WeakSearch::default();
    let mut weak_commitments: Vec<WeakCommitment> = estate
        .slas
        .iter()
        .filter(|sla| sla.start.0 <= options.as_of && sla.end.is_none_or(|e| e.0 >= options.as_of))
        .flat_map(|sla| weak(estate, sla, in_force, &mut search))
        .filter(|w| ids.contains(w.supplier.as_str()))
        .collect();
    weak_commitments.sort_by(|a, b| (&a.supplier, &a.sla).cmp(&(&b.supplier, &b.sla)));
    let critical: Vec<&str> = estate
        .services
        .iter()
        .filter(|s| s.criticality == Criticality::Critical && s.lifecycle != Lifecycle::Retired)
        .map(|s| s.id.as_str())
        .collect();
    let threshold = estate.project.suppliers.concentration_threshold.value();
    // The critical services behind each supplier, worked out once per
    // service rather than once per supplier and service.
    let mut behind: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for id in &critical {
        for supplier in estate.suppliers_behind(id) {
            behind.entry(supplier).or_default().push(id.to_string());
        }
    }
    let caused = caused_by(estate);
    let suppliers = suppliers
        .iter()
        .map(|s| {
            let critical_services = behind.get(&s.id).cloned().unwrap_or_default();
            let caused = caused.get(s.id.as_str()).map_or(&[][..], Vec::as_slice);
            let performance = performance(estate, caused, options.as_of);
            supplier_row(estate, s, year, critical_services, critical.len(), threshold, performance)
        })
        .collect();
    SupplierReview {
        as_of: options.as_of,
        horizon: options.horizon,
        fiscal_year: year,
        currency: estate.project.currency.to_string(),
        concentration_threshold: threshold,
        contracts: rows,
        notice_due,
        reviews,
        weak_commitments,
        suppliers,
    }
}

fn contract_row(s: &Supplier, c: &Contract, options: &Options) -> ContractRow {
    let (status, term, renewals) = contracts::status(c, options.as_of, options.horizon);
    let notice_date = contracts::notice_date(c, term);
    let upcoming = if status == Status::Expired { None } else { contracts::upcoming_notice(c, term, options.as_of) };
    ContractRow {
        supplier: s.id.clone(),
        contract: c.id.clone(),
        start: c.start.0,
        term,
        notice: c.notice,
        notice_date,
        upcoming_notice: upcoming,
        days_to_notice: upcoming.map(|n| (n - options.as_of).num_days()),
        auto_renew: c.auto_renew,
        renewals,
        next_term: if c.auto_renew && status != Status::Expired { contracts::next_term(c, term) } else { None },
        status,
    }
}

fn review_row(s: &Supplier, as_of: NaiveDate) -> Option<ReviewRow> {
    let every = s.review_every?;
    let last = s.last_review.map(|d| d.0);
    let due = last.and_then(|l| every.after(l));
    let overdue = due.is_none_or(|d| d < as_of);
    Some(ReviewRow {
        supplier: s.id.clone(),
        every,
        last,
        due,
        overdue,
        days_overdue: due.filter(|_| overdue).map(|d| (as_of - d).num_days()),
    })
}

fn supplier_row(
    estate: &Estate,
    s: &Supplier,
    year: Span,
    critical_services: Vec<String>,
    critical: usize,
    threshold: f64,
    (outages, downtime, achieved): (u32, f64, f64),
) -> SupplierRow {
    let mut spend = Decimal::ZERO;
    let mut unconverted = Vec::new();
    for c in &s.contracts {
        match money::to_estate(&estate.project, contracts::spend(c, year), c.currency.as_ref()) {
            Some(amount) => spend += amount,
            None => unconverted.push(c.id.clone()),
        }
    }
    let concentration = if critical == 0 {
        0.0
    } else {
        (critical_services.len() as f64 / critical as f64 * 100.0 * 1e4).round() / 1e4
    };
    let committed = s.commitments.as_ref().and_then(|c| c.availability).map(|a| a.value());
    let credit = s.commitments.as_ref().and_then(|c| ServiceCredit::owed(&c.service_credits, achieved));
    SupplierRow {
        supplier: s.id.clone(),
        name: s.name.clone(),
        hotline: s.hotline.clone(),
        spend: crate::model::units::Amount(money::cents(spend)),
        unconverted,
        concentration,
        concentrated: concentration > threshold,
        critical_services,
        outages,
        downtime_minutes: downtime,
        achieved,
        committed,
        below_commitment: committed.is_some_and(|c| achieved < c),
        credit,
    }
}

/// Outages caused by the supplier (directly, or through a component it
/// provides) over the twelve months up to the as-of date, on a 24x7 clock,
/// overlaps counted once: how many, minutes down, availability in percent.
fn performance(estate: &Estate, caused: &[&Outage], as_of: NaiveDate) -> (u32, f64, f64) {
    let tz = estate.project.timezone.parse().unwrap_or(chrono_tz::Tz::UTC);
    let to = as_of.succ_opt().unwrap_or(as_of);
    let from = to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to);
    let window = Intervals::from_pairs([(calendar::day_start(tz, from), calendar::day_start(tz, to))]);
    let caused: Vec<(Instant, Instant, f64)> = caused
        .iter()
        .map(|o| {
            let weight = match o.impact {
                Impact::Full => 1.0,
                Impact::Partial => o.degradation.map_or(1.0, |d| d.fraction()),
            };
            (calendar::timestamp_instant(tz, &o.start), calendar::timestamp_instant(tz, &o.end), weight)
        })
        .filter(|(start, end, _)| Intervals::from_pairs([(*start, *end)]).intersect(&window).total() > 0)
        .collect();
    let down = weighted_downtime(&caused, &window);
    let total = window.total() as f64;
    let achieved = if total > 0.0 { (total - down) / total * 100.0 } else { 100.0 };
    let count = u32::try_from(caused.len()).unwrap_or(u32::MAX);
    (count, (down / 60.0 * 100.0).round() / 100.0 + 0.0, (achieved * 1e4).round() / 1e4)
}

/// The unplanned outages each supplier caused, directly or through a
/// component it provides, in estate order: found in one pass over the
/// outages rather than once per supplier.
fn caused_by(estate: &Estate) -> HashMap<&str, Vec<&Outage>> {
    let mut caused: HashMap<&str, Vec<&Outage>> = HashMap::new();
    for o in estate.outages.iter().filter(|o| !o.planned) {
        let Some(cause) = &o.cause else { continue };
        let direct = cause.supplier.as_deref();
        let through = cause.component.as_ref().and_then(|id| estate.component(id)).and_then(|c| c.supplier.as_deref());
        for supplier in direct.into_iter().chain(through.filter(|t| Some(*t) != direct)) {
            caused.entry(supplier).or_default().push(o);
        }
    }
    caused
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn term(t: Option<Term>) -> String {
    t.map(|t| format!("{} to {}", t.start, t.end)).unwrap_or_default()
}

impl SupplierReview {
    fn contract_table(&self) -> Table {
        let mut t = Table::new([
            "Supplier",
            "Contract",
            "Start",
            "Current term",
            "Notice",
            "Notice date",
            "Auto-renew",
            "Next term",
            "Status",
        ])
        .titled(format!("Contracts as of {}", self.as_of));
        for r in &self.contracts {
            let passed = r.notice_date.is_some_and(|n| n < self.as_of) && r.status != Status::Expired;
            let status = match (r.status, r.days_to_notice) {
                (Status::InNoticeWindow, Some(days)) => format!("{} ({days} days left)", r.status),
                _ if passed => format!("{}, notice date passed", r.status),
                _ => r.status.to_string(),
            };
            t.row([
                r.supplier.clone(),
                r.contract.clone(),
                r.start.to_string(),
                term(Some(r.term)),
                r.notice.to_string(),
                date(r.notice_date),
                if r.auto_renew { format!("yes ({} renewals)", r.renewals) } else { "no".into() },
                term(r.next_term),
                status,
            ]);
        }
        t
    }
}

impl Report for SupplierReview {
    fn tables(&self) -> Vec<Table> {
        let mut notice =
            Table::new(["Last day for notice", "Days left", "Supplier", "Contract", "For the term", "Without notice"])
                .titled(format!("Notice due within {}", self.horizon));
        // The first row of each contract id, found once for every notice.
        let mut row_of: HashMap<&str, &ContractRow> = HashMap::new();
        for r in &self.contracts {
            row_of.entry(r.contract.as_str()).or_insert(r);
        }
        for id in &self.notice_due {
            if let Some(r) = row_of.get(id.as_str()) {
                // The deadline belongs to the next term once this one's has passed.
                let concerns = match r.next_term {
                    Some(next) if r.upcoming_notice != r.notice_date => next,
                    _ => r.term,
                };
                let without = if r.auto_renew { "renews" } else { "ends" };
                notice.row([
                    date(r.upcoming_notice),
                    r.days_to_notice.map(|d| d.to_string()).unwrap_or_default(),
                    r.supplier.clone(),
                    r.contract.clone(),
                    term(Some(concerns)),
                    without.to_string(),
                ]);
            }
        }
        let mut reviews = Table::new(["Supplier", "Every", "Last review", "Due", "Status"]).titled("Supplier reviews");
        for r in &self.reviews {
            let status = match (r.overdue, r.days_overdue) {
                (true, Some(days)) => format!("OVERDUE by {days} days"),
                (true, None) => "OVERDUE: never reviewed".into(),
                (false, _) => "on time".into(),
            };
            reviews.row([r.supplier.clone(), r.every.to_string(), date(r.last), date(r.due), status]);
        }
        let mut weak = Table::new(["Supplier", "SLA", "Aspect", "Committed", "Required"])
            .titled("Commitments weaker than the SLAs that depend on them");
        for w in &self.weak_commitments {
            weak.row([w.supplier.clone(), w.sla.clone(), w.aspect.clone(), w.committed.clone(), w.required.clone()]);
        }
        let mut spend =
            Table::new(["Supplier", "Spend", "Critical services", "Share", "Concentration"]).titled(format!(
                "Spend in fiscal year {} ({}) and concentration (threshold {})",
                self.fiscal_year,
                self.currency,
                pct(self.concentration_threshold)
            ));
        for s in &self.suppliers {
            let mut amount = s.spend.to_string();
            if !s.unconverted.is_empty() {
                amount.push_str(&format!(" (without {}: no exchange rate)", s.unconverted.join(", ")));
            }
            spend.row([
                s.supplier.clone(),
                amount,
                s.critical_services.join(", "),
                pct(s.concentration),
                if s.concentrated { "RISK: above threshold".into() } else { String::new() },
            ]);
        }
        let mut performance =
            Table::new(["Supplier", "Outages", "Downtime (min)", "Achieved", "Committed", "Credit due"])
                .titled("Performance over the last 12 months, from the outages each caused");
        for s in &self.suppliers {
            let committed = match (s.committed, s.below_commitment) {
                (Some(c), true) => format!("{} (BELOW)", pct(c)),
                (Some(c), false) => pct(c),
                (None, _) => String::new(),
            };
            performance.row([
                s.supplier.clone(),
                s.outages.to_string(),
                format!("{:.2}", s.downtime_minutes),
                pct(s.achieved),
                committed,
                s.credit.map(pct).unwrap_or_default(),
            ]);
        }
        vec![self.contract_table(), notice, reviews, weak, spend, performance]
    }

    fn csv_table(&self) -> Table {
        let mut t = Table::new([
            "supplier",
            "contract",
            "start",
            "term_start",
            "term_end",
            "notice",
            "notice_date",
            "upcoming_notice",
            "days_to_notice",
            "auto_renew",
            "renewals",
            "next_term_start",
            "next_term_end",
            "status",
        ]);
        for r in &self.contracts {
            t.row([
                r.supplier.clone(),
                r.contract.clone(),
                r.start.to_string(),
                r.term.start.to_string(),
                r.term.end.to_string(),
                r.notice.to_string(),
                date(r.notice_date),
                date(r.upcoming_notice),
                r.days_to_notice.map(|d| d.to_string()).unwrap_or_default(),
                r.auto_renew.to_string(),
                r.renewals.to_string(),
                date(r.next_term.map(|t| t.start)),
                date(r.next_term.map(|t| t.end)),
                r.status.to_string(),
            ]);
        }
        t
    }
}
