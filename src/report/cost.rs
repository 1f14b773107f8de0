//! Financial management: what each service costs and earns over a period.
//! Costs are normalised to the period, shared costs and supplier contracts
//! split by their rules to the cent, and set against charges, budgets and
//! market prices. Every amount stays an exact decimal from the records to
//! the output. Rules and a worked example: `docs/costs.md`.

mod lines;
mod render;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use self::lines::{Converter, revenue};
pub use self::lines::{Line, MissingRates, Source, demand_in, in_period, lines};
use super::money::{allocate, cents};
use super::period::Span;
use crate::model::Estate;
use crate::model::service::{ChargePeriod, Lifecycle};
use crate::model::units::Amount;

/// How to group the totals besides per service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Service,
    Supplier,
    Category,
    Owner,
    Customer,
}

/// What to report on.
#[derive(Debug, Clone)]
pub struct Options {
    pub span: Span,
    pub by: By,
    /// Only this service's figures, lines, budgets and flags.
    pub service: Option<String>,
}

/// One service's figures for the period.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceCost {
    pub service: String,
    pub lifecycle: Lifecycle,
    pub owner: String,
    pub direct: Amount,
    pub allocated: Amount,
    pub supplier: Amount,
    pub total: Amount,
    /// Units of demand in the period.
    pub demand: Option<Decimal>,
    pub unit: Option<String>,
    /// Total cost per unit of demand, to four decimals.
    pub unit_cost: Option<Decimal>,
    /// What its charge earned in the period.
    pub revenue: Option<Amount>,
    /// Revenue less total cost.
    pub margin: Option<Decimal>,
    /// Margin as a share of revenue, to one decimal.
    pub margin_percent: Option<Decimal>,
}

/// A cost with a budget, over the period.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetRow {
    pub cost: String,
    pub budget: Amount,
    pub actual: Amount,
    /// Actual less budget: positive is an overrun.
    pub variance: Decimal,
    pub variance_percent: Option<Decimal>,
}

/// The kinds of flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagKind {
    /// A retired service that still costs money after its retirement.
    RetiredStillCosts,
    /// A live service whose charge earns less than it costs.
    ChargeDoesNotCover,
    /// A cost, or a share of one, that lands on no service.
    Unallocated,
    /// A cost above its budget in the period.
    BudgetOverrun,
}

impl std::fmt::Display for FlagKind {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            FlagKind::RetiredStillCosts => "retired, still costs",
            FlagKind::ChargeDoesNotCover => "charge does not cover cost",
            FlagKind::Unallocated => "unallocated cost",
            FlagKind::BudgetOverrun => "budget overrun",
        })
    }
}

/// Something to act on.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub kind: FlagKind,
    /// The service or cost record concerned.
    pub subject: String,
    pub detail: String,
}

/// Our unit cost and charge beside a competitor's offer.
#[derive(Debug, Clone, Serialize)]
pub struct MarketRow {
    pub service: String,
    pub competitor: String,
    pub offer: String,
    /// Their price in the estate's currency, per `per`, every `every`.
    pub price: Amount,
    pub per: String,
    pub every: ChargePeriod,
    pub our_unit_cost: Option<Decimal>,
    pub our_unit: Option<String>,
    pub our_charge: Option<String>,
}

/// A total for one group of `--by`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub key: String,
    pub total: Amount,
}

/// The cost report.
#[derive(Debug, Serialize)]
pub struct CostReport {
    pub period: Span,
    pub currency: String,
    pub by: By,
    pub services: Vec<ServiceCost>,
    /// Totals by `--by`, unless it is `service`.
    pub groups: Vec<Group>,
    /// The shares of shared costs and contracts, and what is unallocated.
    pub allocations: Vec<Line>,
    pub budgets: Vec<BudgetRow>,
    pub flags: Vec<Flag>,
    pub market: Vec<MarketRow>,
    /// Every cost and contract value in the period, before allocation.
    pub inputs_total: Amount,
    /// What landed on services.
    pub services_total: Amount,
    pub unallocated_total: Amount,
}

/// The cost report for `options.span`; an error when an amount is in a
/// currency without an exchange rate.
pub fn report(estate: &Estate, options: &Options) -> Result<CostReport, MissingRates> {
    let span = options.span;
    let all = lines(estate, span)?;
    let mut converter = Converter::new(estate);
    let sum = |f: &dyn Fn(&Line) -> bool| all.iter().filter(|l| f(l)).map(|l| l.amount.0).sum::<Decimal>();
    // Each service's lines by source, in one pass over the lines.
    let mut by_service: std::collections::BTreeMap<(&str, Source), Decimal> = std::collections::BTreeMap::new();
    for l in &all {
        if let Some(service) = l.service.as_deref() {
            *by_service.entry((service, l.source)).or_default() += l.amount.0;
        }
    }
    let mut services = Vec::new();
    for s in &estate.services {
        let mine = |source: Source| by_service.get(&(s.id.as_str(), source)).copied().unwrap_or_default();
        let (direct, allocated, supplier) = (mine(Source::Direct), mine(Source::Allocated), mine(Source::Supplier));
        let total = direct + allocated + supplier;
        let demand = demand_in(estate, &s.id, span);
        let units = demand.as_ref().map(|(d, _)| *d);
        let revenue = revenue(estate, s, span, &mut converter);
        let margin = revenue.map(|r| r - total);
        services.push(ServiceCost {
            service: s.id.clone(),
            lifecycle: s.lifecycle,
            owner: s.owner.clone(),
            direct: Amount(direct),
            allocated: Amount(allocated),
            supplier: Amount(supplier),
            total: Amount(total),
            unit_cost: units.filter(|u| !u.is_zero()).map(|u| round4(total / u)),
            demand: units,
            unit: demand.map(|(_, unit)| unit),
            revenue: revenue.map(Amount),
            margin,
            margin_percent: revenue.filter(|r| !r.is_zero()).zip(margin).map(|(r, m)| {
                (m * Decimal::ONE_HUNDRED / r)
                    .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            }),
        });
    }
    let budgets = budgets(estate, span, &mut converter);
    let market = market(estate, &services, &mut converter);
    converter.finish()?;
    let mut flags = flags(estate, span, &services, &all, &budgets)?;
    let groups = group(estate, &services, &all, options.by);
    let inputs_total = sum(&|_| true);
    let unallocated_total = sum(&|l| l.service.is_none());
    let services_total: Decimal = services.iter().map(|s| s.total.0).sum();
    let mut allocations: Vec<Line> =
        all.into_iter().filter(|l| l.source != Source::Direct || l.service.is_none()).collect();
    let mut budgets = budgets;
    if let Some(id) = &options.service {
        // The costs shared onto the service, and its own: found once, not
        // by a scan of every line and cost for each budget and flag.
        // (Owned: the allocations are filtered below.)
        let touching: std::collections::HashSet<String> = allocations
            .iter()
            .filter(|l| l.service.as_ref() == Some(id))
            .map(|l| l.from.clone())
            .chain(estate.costs.iter().filter(|c| c.service.as_ref() == Some(id)).map(|c| c.id.clone()))
            .collect();
        let touches = |cost: &str| touching.contains(cost);
        budgets.retain(|b| touches(&b.cost));
        flags.retain(|f| &f.subject == id || (f.kind == FlagKind::BudgetOverrun && touches(&f.subject)));
        services.retain(|s| &s.service == id);
        allocations.retain(|l| l.service.as_ref() == Some(id));
    }
    let market = market.into_iter().filter(|m| options.service.as_ref().is_none_or(|id| &m.service == id)).collect();
    Ok(CostReport {
        period: span,
        currency: estate.project.currency.to_string(),
        by: options.by,
        services,
        groups,
        allocations,
        budgets,
        flags,
        market,
        inputs_total: Amount(inputs_total),
        services_total: Amount(services_total),
        unallocated_total: Amount(unallocated_total),
    })
}

fn round4(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Budget against actual for every cost with a budget that runs in the period.
fn budgets(estate: &Estate, span: Span, converter: &mut Converter) -> Vec<BudgetRow> {
    let mut rows = Vec::new();
    for c in estate.costs.iter() {
        let Some(budget) = c.budget else { continue };
        let in_span = |amount: Decimal| in_period(amount, c.recurrence, c.from.0, c.to.map(|t| t.0), span);
        let budget = cents(converter.convert(&c.id, in_span(budget.0), c.currency.as_ref()));
        let actual = cents(converter.convert(&c.id, in_span(c.amount.0), c.currency.as_ref()));
        if budget.is_zero() && actual.is_zero() {
            continue;
        }
        let variance = actual - budget;
        rows.push(BudgetRow {
            cost: c.id.clone(),
            budget: Amount(budget),
            actual: Amount(actual),
            variance,
            variance_percent: (!budget.is_zero()).then(|| {
                (variance * Decimal::ONE_HUNDRED / budget)
                    .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            }),
        });
    }
    rows
}

fn flags(
    estate: &Estate,
    span: Span,
    services: &[ServiceCost],
    all: &[Line],
    budgets: &[BudgetRow],
) -> Result<Vec<Flag>, MissingRates> {
    let mut flags = Vec::new();
    // What lands on a retired service after its retirement is found among
    // the records that name it, not by costing the whole estate again.
    let landing = lines::Landing::new(estate);
    for s in services {
        if s.lifecycle == Lifecycle::Retired {
            // Only what runs after the retirement day is money on something switched off.
            let retired = estate.service(&s.service).and_then(|r| r.retired_on).and_then(|d| d.0.succ_opt());
            let after = retired.map_or(Some(span), |d| span.clip(Span { from: d, to: span.to.max(d) }));
            let cost = match after {
                Some(after) => landing.lines_on(estate, after, &s.service)?.iter().map(|l| l.amount.0).sum(),
                None => Decimal::ZERO,
            };
            if !cost.is_zero() {
                let since = retired.and_then(|d| d.pred_opt()).map(|d| format!(" after its retirement on {d}"));
                let detail = format!("{} in the period{}", Amount(cost), since.unwrap_or_default());
                flags.push(Flag { kind: FlagKind::RetiredStillCosts, subject: s.service.clone(), detail });
            }
        }
        if let (Lifecycle::Live, Some(revenue), Some(margin)) = (s.lifecycle, &s.revenue, s.margin)
            && margin < Decimal::ZERO
        {
            let detail = format!("earns {revenue}, costs {}: a loss of {}", s.total, Amount(-margin));
            flags.push(Flag { kind: FlagKind::ChargeDoesNotCover, subject: s.service.clone(), detail });
        }
    }
    for l in all.iter().filter(|l| l.service.is_none()) {
        let detail = format!("{} lands on no service: {}", l.amount, l.basis);
        flags.push(Flag { kind: FlagKind::Unallocated, subject: l.from.clone(), detail });
    }
    for b in budgets.iter().filter(|b| b.variance > Decimal::ZERO) {
        let detail = format!("{} against a budget of {}: {} over", b.actual, b.budget, Amount(b.variance));
        flags.push(Flag { kind: FlagKind::BudgetOverrun, subject: b.cost.clone(), detail });
    }
    flags.sort_by(|a, b| (a.kind, &a.subject).cmp(&(b.kind, &b.subject)));
    Ok(flags)
}

fn market(estate: &Estate, services: &[ServiceCost], converter: &mut Converter) -> Vec<MarketRow> {
    let mut rows = Vec::new();
    for sc in services {
        let Some(s) = estate.service(&sc.service) else { continue };
        for m in &s.market {
            let price = converter.convert(&s.id, m.price.0, m.currency.as_ref());
            rows.push(MarketRow {
                service: s.id.clone(),
                competitor: m.competitor.clone(),
                offer: m.offer.clone(),
                price: Amount(price),
                per: m.per.clone(),
                every: m.every,
                our_unit_cost: sc.unit_cost,
                our_unit: sc.unit.clone(),
                our_charge: s.charge.as_ref().map(|c| format!("{} {} per {}", c.amount, c.per, every(c.every))),
            });
        }
    }
    rows
}

fn every(period: ChargePeriod) -> &'static str {
    match period {
        ChargePeriod::Month => "month",
        ChargePeriod::Quarter => "quarter",
        ChargePeriod::Year => "year",
    }
}

/// Totals by supplier, category, owner or customer. Unallocated lines form
/// their own group, so the groups always add up to the inputs.
fn group(estate: &Estate, services: &[ServiceCost], lines: &[Line], by: By) -> Vec<Group> {
    let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
    let unallocated: Decimal = lines.iter().filter(|l| l.service.is_none()).map(|l| l.amount.0).sum();
    match by {
        By::Service => return Vec::new(),
        By::Supplier => {
            for l in lines {
                *totals.entry(l.supplier.clone().unwrap_or_else(|| "(no supplier)".into())).or_default() += l.amount.0;
            }
        }
        By::Category => {
            for l in lines {
                *totals.entry(l.category.clone()).or_default() += l.amount.0;
            }
        }
        By::Owner => {
            for s in services {
                *totals.entry(s.owner.clone()).or_default() += s.total.0;
            }
            *totals.entry("(unallocated)".into()).or_default() += unallocated;
        }
        By::Customer => {
            // A service's total splits evenly between its customers, to the cent.
            for s in services {
                let customers = estate.service(&s.service).map(|x| x.customers.clone()).unwrap_or_default();
                let weights: Vec<(String, Decimal)> = customers.into_iter().map(|c| (c, Decimal::ONE)).collect();
                match allocate(s.total.0, &weights) {
                    Some(shares) => shares.into_iter().for_each(|(c, share)| *totals.entry(c).or_default() += share),
                    None => *totals.entry("(no customer)".into()).or_default() += s.total.0,
                }
            }
            *totals.entry("(unallocated)".into()).or_default() += unallocated;
        }
    }
    totals.retain(|_, v| !v.is_zero());
    totals.into_iter().map(|(key, total)| Group { key, total: Amount(total) }).collect()
}

#[cfg(test)]
mod tests;
