//! From records to cost lines: every cost and every supplier contract not
//! booked by a cost record, normalised to the period, brought into the
//! estate's currency, rounded to cents once, then split by its rule.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::super::contracts;
use super::super::money::{self, allocate, cents};
use super::super::period::Span;
use crate::model::cost::{AllocationRule, Cost, Recurrence};
use crate::model::supplier::{Contract, Supplier};
use crate::model::units::{Amount, Currency};
use crate::model::{Estate, Service};

/// Where a line of cost came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A cost record borne by one service.
    Direct,
    /// A share of a cost record split by its allocation rule.
    Allocated,
    /// A share of a supplier contract's value, split by the contract's weights.
    Supplier,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Source::Direct => "direct",
            Source::Allocated => "allocated",
            Source::Supplier => "supplier",
        })
    }
}

/// One amount landing on one service, or on none (unallocated).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The cost record or contract it comes from.
    pub from: String,
    pub source: Source,
    pub service: Option<String>,
    /// The cost category, `contract` for a contract's value.
    pub category: String,
    pub supplier: Option<String>,
    /// The share taken, such as `5 of 11` (weights), `1 of 3` (even) or
    /// `412000 of 1030000 sessions` (demand); why, when unallocated.
    pub basis: String,
    pub amount: Amount,
}

/// Amounts in another currency without an exchange rate: the report
/// refuses to mix currencies silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRates(pub Vec<String>);

impl std::fmt::Display for MissingRates {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "no exchange rate for {}; add the rate under [exchange_rates] in itsm.toml, such as `USD = \"0.92\"`",
            self.0.join(", ")
        )
    }
}

impl std::error::Error for MissingRates {}

/// Collects amounts brought into the estate's currency, and the ones that
/// could not be.
pub struct Converter<'a> {
    estate: &'a Estate,
    pub missing: Vec<String>,
}

impl<'a> Converter<'a> {
    pub fn new(estate: &'a Estate) -> Self {
        Self { estate, missing: Vec::new() }
    }

    /// `amount` in the estate's currency, or zero and a note of `what`.
    pub fn convert(&mut self, what: &str, amount: Decimal, currency: Option<&Currency>) -> Decimal {
        money::to_estate(&self.estate.project, amount, currency).unwrap_or_else(|| {
            let code = currency.map_or("", |c| c.code());
            self.missing.push(format!("{code} (in {what})"));
            Decimal::ZERO
        })
    }

    /// Done: an error naming every amount without a rate, if any.
    pub fn finish(mut self) -> Result<(), MissingRates> {
        self.missing.sort();
        self.missing.dedup();
        if self.missing.is_empty() { Ok(()) } else { Err(MissingRates(self.missing)) }
    }
}

/// A cost's amount within `span`, exactly, in its own currency: a one-off
/// cost in full when its day is in the span; a monthly one pro rata by day
/// in each calendar month it runs; an annual one as a twelfth of it per
/// month, the same way.
pub fn in_period(
    amount: Decimal,
    recurrence: Recurrence,
    from: NaiveDate,
    to: Option<NaiveDate>,
    span: Span,
) -> Decimal {
    let start = from.max(span.from);
    let end = to.and_then(|t| t.succ_opt()).map_or(span.to, |t| t.min(span.to));
    match recurrence {
        Recurrence::OneOff if span.from <= from && from < span.to => amount,
        Recurrence::Monthly if start < end => money::monthly_pro_rata(amount, start, end),
        // Months first, then the amount: a whole year is exactly the amount.
        Recurrence::Annual if start < end => {
            amount * money::monthly_pro_rata(Decimal::ONE, start, end) / Decimal::from(12)
        }
        _ => Decimal::ZERO,
    }
}

/// A demand value as written in its CSV file (the shortest text that reads
/// back as the same number), exactly.
fn exact(value: f64) -> Decimal {
    Decimal::from_str(&value.to_string())
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
        .unwrap_or_default()
}

/// Units of demand of a service within `span`, and their unit: each
/// period of its demand series counts pro rata by the days it shares with
/// the span. `None` when no period of the series touches the span.
pub fn demand_in(estate: &Estate, service: &str, span: Span) -> Option<(Decimal, String)> {
    let record = estate.demand_of(service)?;
    let series = estate.series_of(&record.id)?;
    let mut total = Decimal::ZERO;
    let mut touched = false;
    for (period, value) in &series.points {
        let (start, end) = (period.start(), period.end());
        if start < span.to && span.from < end {
            touched = true;
            total += money::spread(exact(*value), start, end, span.from, span.to);
        }
    }
    touched.then(|| (total.round_dp(4).normalize(), record.unit.clone()))
}

/// The cost lines of `span`.
pub fn lines(estate: &Estate, span: Span) -> Result<Vec<Line>, MissingRates> {
    let contracts = estate.suppliers.iter().flat_map(|s| s.contracts.iter().map(move |c| (&*s.record, c)));
    lines_from(estate, span, &booked(estate), estate.costs.iter().map(|c| &*c.record), contracts)
}

/// The contracts a cost record books: those are counted through the
/// record, not as contracts.
fn booked(estate: &Estate) -> std::collections::HashSet<&str> {
    estate.costs.iter().filter_map(|c| c.contract.as_deref()).collect()
}

/// The lines of the given cost records and supplier contracts, as
/// [`lines`] makes them for all of them.
fn lines_from<'e>(
    estate: &'e Estate,
    span: Span,
    booked: &std::collections::HashSet<&str>,
    costs: impl Iterator<Item = &'e Cost>,
    contracts: impl Iterator<Item = (&'e Supplier, &'e Contract)>,
) -> Result<Vec<Line>, MissingRates> {
    let mut converter = Converter::new(estate);
    let mut out = Vec::new();
    for c in costs {
        let raw = in_period(c.amount.0, c.recurrence, c.from.0, c.to.map(|t| t.0), span);
        let amount = cents(converter.convert(&c.id, raw, c.currency.as_ref()));
        if !amount.is_zero() {
            cost_lines(estate, c, amount, span, &mut out);
        }
    }
    for (s, contract) in contracts {
        // A contract a cost record books is counted through that record.
        if booked.contains(contract.id.as_str()) {
            continue;
        }
        let raw = contracts::spend(contract, span);
        let amount = cents(converter.convert(&contract.id, raw, contract.currency.as_ref()));
        if !amount.is_zero() {
            contract_lines(s, contract, amount, &mut out);
        }
    }
    converter.finish()?;
    // A share on an id that is not a service (a finding of `validate`)
    // would vanish from the services: it stays visible as unallocated.
    for line in &mut out {
        if line.service.as_ref().is_some_and(|id| estate.service(id).is_none()) {
            line.basis = format!("`{}` is not a service", line.service.take().unwrap_or_default());
        }
    }
    Ok(out)
}

/// The cost records and supplier contracts that name one service.
type Naming<'e> = (Vec<&'e Cost>, Vec<(&'e Supplier, &'e Contract)>);

/// The cost records and supplier contracts that name each service (as
/// its own, or among those they are shared between): the only ones whose
/// lines can land on it.
pub struct Landing<'e> {
    booked: std::collections::HashSet<&'e str>,
    by_service: std::collections::HashMap<&'e str, Naming<'e>>,
}

impl<'e> Landing<'e> {
    pub fn new(estate: &'e Estate) -> Self {
        let mut by_service: std::collections::HashMap<&str, Naming> = std::collections::HashMap::new();
        for c in &estate.costs {
            let named =
                c.service.iter().chain(c.allocation.iter().flat_map(|a| a.services.iter().chain(a.weights.keys())));
            let mut named: Vec<&str> = named.map(String::as_str).collect();
            named.sort_unstable();
            named.dedup();
            for service in named {
                by_service.entry(service).or_default().0.push(c);
            }
        }
        for s in &estate.suppliers {
            for contract in &s.contracts {
                let mut named: Vec<&str> =
                    contract.services.iter().chain(contract.weights.keys()).map(String::as_str).collect();
                named.sort_unstable();
                named.dedup();
                for service in named {
                    by_service.entry(service).or_default().1.push((s, contract));
                }
            }
        }
        Landing { booked: booked(estate), by_service }
    }

    /// The lines of [`lines`] over `span` that land on `service`.
    pub fn lines_on(&self, estate: &'e Estate, span: Span, service: &str) -> Result<Vec<Line>, MissingRates> {
        let Some((costs, contracts)) = self.by_service.get(service) else { return Ok(Vec::new()) };
        let mut out = lines_from(estate, span, &self.booked, costs.iter().copied(), contracts.iter().copied())?;
        out.retain(|l| l.service.as_deref() == Some(service));
        Ok(out)
    }
}

fn cost_lines(estate: &Estate, c: &Cost, amount: Decimal, span: Span, out: &mut Vec<Line>) {
    let line = |service: Option<String>, source: Source, basis: String, amount: Decimal| Line {
        from: c.id.clone(),
        source,
        service,
        category: format!("{:?}", c.category).to_lowercase(),
        supplier: c.supplier.clone(),
        basis,
        amount: Amount(amount),
    };
    let allocation = match (&c.service, &c.allocation) {
        (Some(service), _) => return out.push(line(Some(service.clone()), Source::Direct, "whole".into(), amount)),
        (None, None) => return out.push(line(None, Source::Direct, "names no service".into(), amount)),
        (None, Some(a)) => a,
    };
    let (weights, unit): (Vec<(String, Decimal)>, String) = match allocation.rule {
        AllocationRule::Even => {
            (allocation.services.iter().map(|s| (s.clone(), Decimal::ONE)).collect(), String::new())
        }
        AllocationRule::Weights => {
            (allocation.weights.iter().map(|(s, w)| (s.clone(), Decimal::from(*w))).collect(), String::new())
        }
        AllocationRule::Demand => {
            let demand: Vec<_> = allocation.services.iter().map(|s| (s.clone(), demand_in(estate, s, span))).collect();
            let unit = demand.iter().find_map(|(_, d)| d.as_ref().map(|(_, u)| format!(" {u}"))).unwrap_or_default();
            (demand.into_iter().map(|(s, d)| (s, d.map_or(Decimal::ZERO, |(units, _)| units))).collect(), unit)
        }
    };
    let total: Decimal = weights.iter().map(|(_, w)| *w).sum();
    match allocate(amount, &weights) {
        Some(shares) => {
            for ((service, share), (_, weight)) in shares.into_iter().zip(&weights) {
                out.push(line(Some(service), Source::Allocated, format!("{weight} of {total}{unit}"), share));
            }
        }
        None => {
            let why = match allocation.rule {
                AllocationRule::Demand => "no demand recorded in the period",
                _ => "no service to share it",
            };
            out.push(line(None, Source::Allocated, why.into(), amount));
        }
    }
}

fn contract_lines(s: &Supplier, contract: &Contract, amount: Decimal, out: &mut Vec<Line>) {
    let weights: Vec<(String, Decimal)> = if contract.weights.is_empty() {
        contract.services.iter().map(|x| (x.clone(), Decimal::ONE)).collect()
    } else {
        contract.weights.iter().map(|(x, w)| (x.clone(), Decimal::from(*w))).collect()
    };
    let total: Decimal = weights.iter().map(|(_, w)| *w).sum();
    let line = |service: Option<String>, basis: String, amount: Decimal| Line {
        from: contract.id.clone(),
        source: Source::Supplier,
        service,
        category: "contract".into(),
        supplier: Some(s.id.clone()),
        basis,
        amount: Amount(amount),
    };
    match allocate(amount, &weights) {
        Some(shares) => {
            for ((service, share), (_, weight)) in shares.into_iter().zip(&weights) {
                out.push(line(Some(service), format!("{weight} of {total}"), share));
            }
        }
        None => out.push(line(None, "the contract names no service".into(), amount)),
    }
}

/// What a service earns over `span` from its charge, in the estate's
/// currency, while it is available: from `available_from` (if any) to
/// `retired_on` (if any). A `fixed` charge counts pro rata by day like a
/// recurring cost; a charge per unit is the price times the units of
/// demand in that time. `None` without a charge, when the service is not
/// available in the period, or without demand for a charge per unit.
pub fn revenue(estate: &Estate, service: &Service, span: Span, converter: &mut Converter) -> Option<Decimal> {
    use crate::model::service::ChargePeriod;
    let charge = service.charge.as_ref()?;
    let from = service.available_from.map_or(span.from, |d| d.0.max(span.from));
    let to = service.retired_on.and_then(|d| d.0.succ_opt()).map_or(span.to, |d| d.min(span.to));
    let price = converter.convert(&service.id, charge.amount.0, charge.currency.as_ref());
    if from >= to {
        return None;
    }
    let earned = if charge.per == "fixed" {
        let months = match charge.every {
            ChargePeriod::Month => 1,
            ChargePeriod::Quarter => 3,
            ChargePeriod::Year => 12,
        };
        price * money::monthly_pro_rata(Decimal::ONE, from, to) / Decimal::from(months)
    } else {
        price * demand_in(estate, &service.id, Span { from, to })?.0
    };
    Some(cents(earned))
}
