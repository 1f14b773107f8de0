//! The cost report as tables: per service with a totals row, the groups of
//! `--by`, the allocations, budgets, flags and the market comparison.

use rust_decimal::Decimal;

use super::{By, CostReport, ServiceCost};
use crate::model::units::Amount;
use crate::render::{Report, Table};

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A signed sum of money with two decimals at least, like [`Amount`].
fn signed(d: Decimal) -> String {
    let scale = d.scale().max(2) as usize;
    format!("{:.*}", scale, d)
}

fn percent(d: Option<Decimal>) -> String {
    d.map(|d| format!("{d:.1}%")).unwrap_or_default()
}

impl CostReport {
    fn service_table(&self) -> Table {
        let mut t = Table::new([
            "Service",
            "Stage",
            "Direct",
            "Allocated",
            "Supplier",
            "Total",
            "Demand",
            "Unit cost",
            "Revenue",
            "Margin",
            "Margin %",
        ])
        .titled(format!("Cost per service, {} ({})", self.period, self.currency));
        for s in &self.services {
            t.row([
                s.service.clone(),
                s.lifecycle.to_string(),
                s.direct.to_string(),
                s.allocated.to_string(),
                s.supplier.to_string(),
                s.total.to_string(),
                s.demand.map(|d| format!("{d} {}", s.unit.clone().unwrap_or_default())).unwrap_or_default(),
                opt(s.unit_cost),
                opt(s.revenue),
                s.margin.map(signed).unwrap_or_default(),
                percent(s.margin_percent),
            ]);
        }
        let sum = |f: fn(&ServiceCost) -> Decimal| Amount(self.services.iter().map(f).sum()).to_string();
        let revenue: Decimal = self.services.iter().filter_map(|s| s.revenue.map(|r| r.0)).sum();
        let margin: Decimal = self.services.iter().filter_map(|s| s.margin).sum();
        t.row([
            "TOTAL".to_string(),
            String::new(),
            sum(|s| s.direct.0),
            sum(|s| s.allocated.0),
            sum(|s| s.supplier.0),
            sum(|s| s.total.0),
            String::new(),
            String::new(),
            Amount(revenue).to_string(),
            signed(margin),
            String::new(),
        ]);
        t
    }

    fn by_label(&self) -> &'static str {
        match self.by {
            By::Service => "service",
            By::Supplier => "supplier",
            By::Category => "category",
            By::Owner => "owner",
            By::Customer => "customer",
        }
    }
}

impl Report for CostReport {
    fn tables(&self) -> Vec<Table> {
        let mut tables = vec![self.service_table()];
        if self.by != By::Service {
            let by = self.by_label();
            let mut g = Table::new([by, "Total"]).titled(format!("Cost by {by}, {}", self.period));
            for group in &self.groups {
                g.row([group.key.clone(), group.total.to_string()]);
            }
            g.row(["TOTAL".to_string(), Amount(self.groups.iter().map(|g| g.total.0).sum()).to_string()]);
            tables.push(g);
        }
        let mut shared = Table::new(["From", "Source", "Category", "Service", "Share", "Amount"])
            .titled("Shared costs and supplier contracts, as allocated");
        for l in &self.allocations {
            shared.row([
                l.from.clone(),
                l.source.to_string(),
                l.category.clone(),
                l.service.clone().unwrap_or_else(|| "(unallocated)".into()),
                l.basis.clone(),
                l.amount.to_string(),
            ]);
        }
        let mut budgets =
            Table::new(["Cost", "Budget", "Actual", "Variance", "Variance %"]).titled("Budget against actual");
        for b in &self.budgets {
            budgets.row([
                b.cost.clone(),
                b.budget.to_string(),
                b.actual.to_string(),
                signed(b.variance),
                percent(b.variance_percent),
            ]);
        }
        if !self.budgets.is_empty() {
            let total = |f: fn(&super::BudgetRow) -> Decimal| self.budgets.iter().map(f).sum::<Decimal>();
            budgets.row([
                "TOTAL".to_string(),
                Amount(total(|b| b.budget.0)).to_string(),
                Amount(total(|b| b.actual.0)).to_string(),
                signed(total(|b| b.variance)),
                String::new(),
            ]);
        }
        let mut flags = Table::new(["Flag", "Subject", "Detail"]).titled("Flags");
        for f in &self.flags {
            flags.row([f.kind.to_string(), f.subject.clone(), f.detail.clone()]);
        }
        let mut market = Table::new(["Service", "Competitor", "Offer", "Their price", "Our unit cost", "Our charge"])
            .titled(format!("Market references ({}; our unit cost over {})", self.currency, self.period));
        for m in &self.market {
            market.row([
                m.service.clone(),
                m.competitor.clone(),
                m.offer.clone(),
                format!("{} per {} per {}", m.price, m.per, super::every(m.every)),
                m.our_unit_cost
                    .map(|c| format!("{c} per unit ({})", m.our_unit.clone().unwrap_or_default()))
                    .unwrap_or_default(),
                opt(m.our_charge.clone()),
            ]);
        }
        tables.extend([shared, budgets, flags, market]);
        tables
    }

    fn csv_table(&self) -> Table {
        if self.by != By::Service {
            let mut t = Table::new([self.by_label(), "total"]);
            for g in &self.groups {
                t.row([g.key.clone(), g.total.to_string()]);
            }
            return t;
        }
        let mut t = Table::new([
            "service",
            "lifecycle",
            "direct",
            "allocated",
            "supplier",
            "total",
            "demand",
            "unit",
            "unit_cost",
            "revenue",
            "margin",
            "margin_percent",
        ]);
        for s in &self.services {
            t.row([
                s.service.clone(),
                s.lifecycle.to_string(),
                s.direct.to_string(),
                s.allocated.to_string(),
                s.supplier.to_string(),
                s.total.to_string(),
                opt(s.demand),
                opt(s.unit.clone()),
                opt(s.unit_cost),
                opt(s.revenue),
                s.margin.map(signed).unwrap_or_default(),
                opt(s.margin_percent),
            ]);
        }
        t
    }

    fn footer(&self) -> Option<String> {
        Some(format!(
            "All costs in {}: {} = {} on services + {} unallocated ({})",
            self.period, self.inputs_total, self.services_total, self.unallocated_total, self.currency
        ))
    }
}
