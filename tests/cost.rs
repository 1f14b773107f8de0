//! The cost report on the example estate: nothing lost between the records
//! and the services, to the cent, and the worked example of `docs/costs.md`.

use std::path::Path;
use std::str::FromStr;

use itsm::model::Estate;
use itsm::report::contracts;
use itsm::report::cost::{self, By, FlagKind, Options, in_period};
use itsm::report::money::{cents, to_estate};
use itsm::report::period::Span;
use rust_decimal::Decimal;

fn example() -> Estate {
    itsm::load::load(Path::new("examples/northwind")).expect("the example estate loads").estate
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn year_2026() -> Span {
    Span::of("2026".parse().unwrap())
}

/// The inputs of a period, summed straight from the records: every cost,
/// and every contract that no cost record books, each in the period,
/// converted and rounded to cents.
fn inputs(estate: &Estate, span: Span) -> Decimal {
    let costs: Decimal = estate
        .costs
        .iter()
        .map(|c| {
            let raw = in_period(c.amount.0, c.recurrence, c.from.0, c.to.map(|t| t.0), span);
            cents(to_estate(&estate.project, raw, c.currency.as_ref()).unwrap())
        })
        .sum();
    let contracts: Decimal = estate
        .suppliers
        .iter()
        .flat_map(|s| s.contracts.iter())
        .filter(|k| !estate.costs.iter().any(|c| c.contract.as_deref() == Some(k.id.as_str())))
        .map(|k| cents(to_estate(&estate.project, contracts::spend(k, span), k.currency.as_ref()).unwrap()))
        .sum();
    costs + contracts
}

#[test]
fn the_services_add_up_to_the_inputs_to_the_cent() {
    let estate = example();
    for period in ["2026", "2026-Q3", "2026-02", "2025-11"] {
        let span = Span::of(period.parse().unwrap());
        let report = cost::report(&estate, &Options { span, by: By::Service, service: None }).unwrap();
        let services: Decimal = report.services.iter().map(|s| s.total.0).sum();
        let unallocated: Decimal = report.allocations.iter().filter(|l| l.service.is_none()).map(|l| l.amount.0).sum();
        assert_eq!(services + unallocated, inputs(&estate, span), "{period}");
        assert_eq!(report.inputs_total.0, inputs(&estate, span), "{period}");
        for by in [By::Supplier, By::Category, By::Owner, By::Customer] {
            let grouped = cost::report(&estate, &Options { span, by, service: None }).unwrap();
            assert_eq!(
                grouped.groups.iter().map(|g| g.total.0).sum::<Decimal>(),
                report.inputs_total.0,
                "{period} {by:?}"
            );
        }
    }
}

#[test]
fn the_example_shows_every_flag() {
    let report = cost::report(&example(), &Options { span: year_2026(), by: By::Service, service: None }).unwrap();
    for kind in
        [FlagKind::RetiredStillCosts, FlagKind::ChargeDoesNotCover, FlagKind::Unallocated, FlagKind::BudgetOverrun]
    {
        assert!(report.flags.iter().any(|f| f.kind == kind), "no {kind} flag");
    }
}

/// The worked example of `docs/costs.md`, number by number.
#[test]
fn the_worked_example_of_the_docs() {
    let report = cost::report(&example(), &Options { span: year_2026(), by: By::Service, service: None }).unwrap();
    let share = |from: &str, service: &str| {
        report.allocations.iter().find(|l| l.from == from && l.service.as_deref() == Some(service)).unwrap().amount.0
    };
    // Frankfurt colocation, 24,000 a month: 288,000.00 over 2026 by weights 5:2:1:1:1:1.
    assert_eq!(share("cost-fra-dc1-colocation", "clinical-records"), dec("130909.09"));
    assert_eq!(share("cost-fra-dc1-colocation", "lab-results"), dec("52363.63"));
    for one in ["clinic-network", "e-prescriptions", "identity", "it-service-desk"] {
        assert_eq!(share("cost-fra-dc1-colocation", one), dec("26181.82"));
    }
    // NordCloud, 41,500 a month: 498,000.00 by sessions, 1,439,370 and 533,980.
    assert_eq!(share("cost-nordcloud-platform", "patient-portal"), dec("363243.35"));
    assert_eq!(share("cost-nordcloud-platform", "appointment-booking"), dec("134756.65"));
    // TI-Connect's contract, 3,200 a month with no cost record: 38,400.00, even.
    assert_eq!(share("tic-connector-2025", "e-prescriptions"), dec("19200.00"));
    // Cirrus Mail, 7,800 USD a month at 0.92: 86,112.00 against a budget of 82,800.00.
    let mail = report.budgets.iter().find(|b| b.cost == "cost-mail-licences").unwrap();
    assert_eq!((mail.actual.0, mail.budget.0, mail.variance), (dec("86112.00"), dec("82800.00"), dec("3312.00")));
    // Appointment booking: 0.18 a session x 533,980 sessions = 96,116.40 against 308,156.65.
    let booking = report.services.iter().find(|s| s.service == "appointment-booking").unwrap();
    assert_eq!((booking.revenue.unwrap().0, booking.total.0), (dec("96116.40"), dec("308156.65")));
    assert_eq!(booking.unit_cost, Some(dec("0.5771")));
}
