//! Cost arithmetic against hand-computed cases; each says how it was worked out.

use std::str::FromStr;

use chrono::NaiveDate;

use super::*;
use crate::model::cost::Recurrence;
use crate::model::{Origin, Project, Record};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn span(from: NaiveDate, to_inclusive: NaiveDate) -> Span {
    Span::inclusive(from, to_inclusive)
}

/// An estate from YAML records, one per document.
fn estate(docs: &[&str]) -> Estate {
    let records = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let kind = doc.lines().find_map(|l| l.strip_prefix("kind: ")).unwrap();
            let record = match kind {
                "cost" => Record::Cost(serde_saphyr::from_str(doc).unwrap()),
                "service" => Record::Service(serde_saphyr::from_str(doc).unwrap()),
                "supplier" => Record::Supplier(serde_saphyr::from_str(doc).unwrap()),
                other => panic!("no {other} in these tests"),
            };
            (record, Origin { file: crate::load::FileId(0), doc: i })
        })
        .collect();
    Estate::from_records(Project::default(), records)
}

fn service(id: &str, extra: &str) -> String {
    format!(
        "kind: service\nid: {id}\nname: {id}\nsummary: s\nowner: t\nlifecycle: live\ntype: supporting\ncriticality: high\n{extra}"
    )
}

fn whole_year() -> Span {
    span(d(2026, 1, 1), d(2026, 12, 31))
}

#[test]
fn monthly_costs_pro_rata_over_months_of_28_to_31_days() {
    let monthly = |from, to| cents(in_period(dec("2800"), Recurrence::Monthly, from, None, span(from, to)));
    // February 2026 has 28 days: 14 of them are half the month, 1,400.00.
    assert_eq!(monthly(d(2026, 2, 15), d(2026, 2, 28)), dec("1400.00"));
    // February 2028 has 29: 14 of them are 2,800 x 14/29 = 1,351.72.
    assert_eq!(monthly(d(2028, 2, 16), d(2028, 2, 29)), dec("1351.72"));
    // April has 30 days: 10 of them are 2,800 / 3 = 933.33.
    assert_eq!(monthly(d(2026, 4, 21), d(2026, 4, 30)), dec("933.33"));
    // May has 31: 10 of them are 2,800 x 10/31 = 903.23.
    assert_eq!(monthly(d(2026, 5, 22), d(2026, 5, 31)), dec("903.23"));
    // Whole months count in full whatever their length: January to March, 8,400.00.
    assert_eq!(monthly(d(2026, 1, 1), d(2026, 3, 31)), dec("8400.00"));
}

#[test]
fn an_annual_cost_is_a_twelfth_a_month_even_in_a_leap_year() {
    // 3,650 a year over February 2028 (29 days, a leap year) is one month,
    // 3,650 / 12 = 304.17, not 29/366 of the year (289.21).
    let feb = span(d(2028, 2, 1), d(2028, 2, 29));
    assert_eq!(cents(in_period(dec("3650"), Recurrence::Annual, d(2027, 1, 1), None, feb)), dec("304.17"));
    // A whole year is exactly the amount, with no rounding left over.
    assert_eq!(in_period(dec("26000"), Recurrence::Annual, d(2024, 1, 1), None, whole_year()), dec("26000"));
}

#[test]
fn an_annual_cost_starting_mid_period() {
    // 12,000 a year from 16 June 2026: 15 of June's 30 days (half of 1,000)
    // and July to December (6 x 1,000) fall in 2026: 6,500.00.
    let cost = in_period(dec("12000"), Recurrence::Annual, d(2026, 6, 16), None, whole_year());
    assert_eq!(cents(cost), dec("6500.00"));
    // Ending on 15 September 2026 (inclusive): 500 + July, August (2,000) +
    // 15 of September's 30 days (500) = 3,000.00.
    let cost = in_period(dec("12000"), Recurrence::Annual, d(2026, 6, 16), Some(d(2026, 9, 15)), whole_year());
    assert_eq!(cents(cost), dec("3000.00"));
}

#[test]
fn one_off_costs_fall_in_the_period_of_their_day() {
    let q1 = span(d(2026, 1, 1), d(2026, 3, 31));
    assert_eq!(in_period(dec("38000"), Recurrence::OneOff, d(2026, 3, 31), None, q1), dec("38000"));
    assert_eq!(in_period(dec("38000"), Recurrence::OneOff, d(2026, 4, 1), None, q1), Decimal::ZERO);
}

#[test]
fn uneven_allocations_keep_every_cent() {
    // 1,000.00 a month over January shared evenly by three services:
    // 333.33 each and one cent left, which goes to the first id, `a`.
    let shared = "kind: cost\nid: shared\nname: n\ncategory: staff\namount: 1000\nrecurrence: monthly\nfrom: 2026-01-01\nallocation:\n  rule: even\n  services: [c, a, b]\n";
    let e = estate(&[&service("a", ""), &service("b", ""), &service("c", ""), shared]);
    let lines = lines(&e, span(d(2026, 1, 1), d(2026, 1, 31))).unwrap();
    let got: Vec<(&str, Decimal)> = lines.iter().map(|l| (l.service.as_deref().unwrap(), l.amount.0)).collect();
    assert_eq!(got, [("c", dec("333.33")), ("a", dec("333.34")), ("b", dec("333.33"))]);
    assert_eq!(got.iter().map(|(_, a)| *a).sum::<Decimal>(), dec("1000.00"));
}

#[test]
fn a_contract_shared_by_three_services() {
    // 1,000.00 a month by weights 3:2:2 (7 parts) over the 31 days of
    // January 2026: exactly 428.571..., 285.714... and 285.714...; floored
    // to cents 428.57 + 285.71 + 285.71 = 999.99, and the cent left goes to
    // the largest remainder, .714 against .1 (x and y tie: `x` first by id):
    // 428.57, 285.72 (x), 285.71 (y).
    let supplier = "kind: supplier\nid: acme\nname: Acme\ncontracts:\n  - id: acme-2026\n    start: 2026-01-01\n    end: 2026-12-31\n    notice: 3 months\n    value: 1000\n    billing: monthly\n    services: [w, x, y]\n    weights: {w: 3, x: 2, y: 2}\n";
    let e = estate(&[&service("w", ""), &service("x", ""), &service("y", ""), supplier]);
    let options = Options { span: span(d(2026, 1, 1), d(2026, 1, 31)), by: By::Supplier, service: None };
    let report = report(&e, &options).unwrap();
    let shares: Vec<Decimal> = report.services.iter().map(|s| s.supplier.0).collect();
    assert_eq!(shares, [dec("428.57"), dec("285.72"), dec("285.71")]);
    assert_eq!(
        report.groups.iter().map(|g| (g.key.as_str(), g.total.0)).collect::<Vec<_>>(),
        [("acme", dec("1000.00"))]
    );
    // Booked by a cost record that names it, the contract is counted once.
    let booked = "kind: cost\nid: acme-cost\nname: n\ncategory: hosting\namount: 1000\nrecurrence: monthly\nfrom: 2026-01-01\nsupplier: acme\ncontract: acme-2026\nservice: w\n";
    let e = estate(&[&service("w", ""), &service("x", ""), &service("y", ""), supplier, booked]);
    let report = super::report(&e, &options).unwrap();
    assert_eq!(report.inputs_total.0, dec("1000.00"));
    assert_eq!(report.services[0].direct.0, dec("1000.00"));
}

#[test]
fn flags_unit_cost_margin_and_budget() {
    // A live service charged 500 a month that costs 600 a month (budget
    // 550) over January 2026: revenue 500.00, margin -100.00, -20.0%.
    let web = service("web", "charge: {amount: 500, per: fixed, every: month}\n");
    let cost = "kind: cost\nid: hosting\nname: n\ncategory: hosting\namount: 600\nrecurrence: monthly\nfrom: 2025-01-01\nservice: web\nbudget: 550\n";
    let orphan =
        "kind: cost\nid: orphan\nname: n\ncategory: other\namount: 70\nrecurrence: one-off\nfrom: 2026-01-09\n";
    let old = "kind: service\nid: old\nname: old\nsummary: s\nowner: t\nlifecycle: retired\nretired_on: 2026-01-15\ntype: supporting\ncriticality: low\n";
    // 310 a month on a service retired on 15 January: 16 of 31 days after, 160.00.
    let lines_on_old = "kind: cost\nid: lines\nname: n\ncategory: network\namount: 310\nrecurrence: monthly\nfrom: 2020-01-01\nservice: old\n";
    let e = estate(&[&web, cost, orphan, old, lines_on_old]);
    let options = Options { span: span(d(2026, 1, 1), d(2026, 1, 31)), by: By::Service, service: None };
    let r = report(&e, &options).unwrap();
    let web = r.services.iter().find(|s| s.service == "web").unwrap();
    assert_eq!(
        (web.revenue.unwrap().0, web.margin.unwrap(), web.margin_percent.unwrap()),
        (dec("500.00"), dec("-100.00"), dec("-20.0"))
    );
    assert_eq!(r.budgets[0].variance, dec("50.00"));
    let kinds: Vec<(FlagKind, &str)> = r.flags.iter().map(|f| (f.kind, f.subject.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (FlagKind::RetiredStillCosts, "old"),
            (FlagKind::ChargeDoesNotCover, "web"),
            (FlagKind::Unallocated, "orphan"),
            (FlagKind::BudgetOverrun, "hosting"),
        ]
    );
    assert!(r.flags[0].detail.starts_with("160.00 in the period"));
    // Everything in: 600 + 70 + 310 = 980.00, of which 70.00 unallocated.
    assert_eq!(
        (r.inputs_total.0, r.services_total.0, r.unallocated_total.0),
        (dec("980.00"), dec("910.00"), dec("70.00"))
    );
}

#[test]
fn a_currency_without_a_rate_is_an_error() {
    let web = service("web", "");
    let cost = "kind: cost\nid: usd\nname: n\ncategory: hosting\namount: 10\ncurrency: USD\nrecurrence: monthly\nfrom: 2025-01-01\nservice: web\n";
    let e = estate(&[&web, cost]);
    let err = lines(&e, whole_year()).unwrap_err();
    assert_eq!(err.0, ["USD (in usd)"]);
}
