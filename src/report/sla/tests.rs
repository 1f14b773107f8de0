//! SLA arithmetic against hand-computed cases; each says how it was worked out.

use chrono::NaiveDate;

use super::*;
use crate::model::{Origin, Project, Record};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An estate in UTC from YAML records, one per document.
fn estate(docs: &[&str]) -> Estate {
    let project = Project { timezone: "UTC".into(), ..Project::default() };
    let records = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let kind = doc.lines().find_map(|l| l.strip_prefix("kind: ")).unwrap();
            let record = match kind {
                "sla" => Record::Sla(serde_saphyr::from_str(doc).unwrap()),
                "outage" => Record::Outage(serde_saphyr::from_str(doc).unwrap()),
                "incident" => Record::Incident(serde_saphyr::from_str(doc).unwrap()),
                "service" => Record::Service(serde_saphyr::from_str(doc).unwrap()),
                "supplier" => Record::Supplier(serde_saphyr::from_str(doc).unwrap()),
                other => panic!("no {other} in these tests"),
            };
            (record, Origin { file: crate::load::FileId(0), doc: i })
        })
        .collect();
    Estate::from_records(project, records)
}

const SERVICE: &str = "kind: service\nid: web\nname: Web\nsummary: s\nowner: t\nlifecycle: live\ntype: supporting\ncriticality: high\nsuppliers: [acme]\n";
const SLA_24X7: &str = "kind: sla\nid: gold\nservice: web\ncustomer: all\navailability: 99.9\nsupport_hours: 24x7\nstart: 2026-01-01\nservice_credits:\n  - {below: 99.9, credit: 10}\n  - {below: 99.0, credit: 25}\n";
const SLA_BUSINESS: &str = "kind: sla\nid: office\nservice: web\ncustomer: all\navailability: 99.0\nsupport_hours: {days: [mon, tue, wed, thu, fri], start: \"09:00\", end: \"18:00\"}\nresponse: {p1: 1h}\nstart: 2026-01-01\n";

fn outage(id: &str, start: &str, end: &str, extra: &str) -> String {
    format!("kind: outage\nid: {id}\nservices: [web]\nstart: {start}\nend: {end}\n{extra}")
}

fn run(docs: &[&str], period: &str, as_of: NaiveDate) -> SlaReport {
    let options = Options { span: Some(Span::of(period.parse().unwrap())), sla: None, service: None, as_of };
    check(&estate(docs), &options)
}

#[test]
fn budget_of_a_30_and_a_31_day_month() {
    // (1 - 0.999) x 30 x 1440 = 43.2 minutes; x 31 x 1440 = 44.64 minutes.
    let april = run(&[SERVICE, SLA_24X7], "2026-04", d(2026, 6, 1));
    assert_eq!(april.slas[0].budget_minutes, 43.2);
    assert_eq!(april.slas[0].agreed_minutes, 43_200.0);
    let october = run(&[SERVICE, SLA_24X7], "2026-10", d(2026, 12, 1));
    assert_eq!(october.slas[0].budget_minutes, 44.64);
    assert_eq!(october.slas[0].status, Status::Met);
}

#[test]
fn overlapping_outages_count_once() {
    // 10:00-10:30 and 10:15-10:45 overlap for 15 minutes: 45 minutes in all.
    let a = outage("a", "2026-04-10T10:00:00Z", "2026-04-10T10:30:00Z", "");
    let b = outage("b", "2026-04-10T10:15:00Z", "2026-04-10T10:45:00Z", "");
    let r = run(&[SERVICE, SLA_24X7, &a, &b], "2026-04", d(2026, 6, 1));
    assert_eq!(r.slas[0].downtime_minutes, 45.0);
    // 45 > 43.2: breached; attainment (43200 - 45) / 43200 = 99.895833...%.
    assert_eq!(r.slas[0].status, Status::Breached);
    assert!((r.slas[0].attainment - 99.895833).abs() < 1e-6);
    // Below 99.9 but not below 99.0: the 10% tier.
    assert_eq!(r.slas[0].credit, Some(10.0));
}

#[test]
fn partial_outage_counts_its_degradation() {
    // One hour at 50% degradation counts 30 minutes.
    let p = outage("p", "2026-04-10T10:00:00Z", "2026-04-10T11:00:00Z", "impact: partial\ndegradation: 50\n");
    let r = run(&[SERVICE, SLA_24X7, &p], "2026-04", d(2026, 6, 1));
    assert_eq!(r.slas[0].downtime_minutes, 30.0);
    assert_eq!(r.slas[0].status, Status::Met);
    // With a full outage over its second half, that half counts fully:
    // 30 min x 0.5 + 30 min x 1 = 45 minutes.
    let f = outage("f", "2026-04-10T10:30:00Z", "2026-04-10T11:00:00Z", "");
    let r = run(&[SERVICE, SLA_24X7, &p, &f], "2026-04", d(2026, 6, 1));
    assert_eq!(r.slas[0].downtime_minutes, 45.0);
}

#[test]
fn downtime_outside_support_hours_does_not_count() {
    // Saturday 11 April 2026 is outside Mon-Fri 9-18; Monday 13 April
    // 17:00-19:00 counts only its first hour.
    let weekend = outage("w", "2026-04-11T10:00:00Z", "2026-04-11T12:00:00Z", "");
    let evening = outage("e", "2026-04-13T17:00:00Z", "2026-04-13T19:00:00Z", "");
    let r = run(&[SERVICE, SLA_BUSINESS, &weekend, &evening], "2026-04", d(2026, 6, 1));
    assert_eq!(r.slas[0].downtime_minutes, 60.0);
    // April 2026 has 22 weekdays: 22 x 9 x 60 = 11,880 agreed minutes.
    assert_eq!(r.slas[0].agreed_minutes, 11_880.0);
}

#[test]
fn planned_maintenance_leaves_agreed_time() {
    // Two planned hours come out of agreed time, not out of the budget:
    // (43,200 - 120) x 0.001 = 43.08 minutes of budget, no downtime.
    let m = outage("m", "2026-04-05T01:00:00Z", "2026-04-05T03:00:00Z", "planned: true\n");
    let r = run(&[SERVICE, SLA_24X7, &m], "2026-04", d(2026, 6, 1));
    assert_eq!(r.slas[0].agreed_minutes, 43_080.0);
    assert_eq!(r.slas[0].budget_minutes, 43.08);
    assert_eq!(r.slas[0].downtime_minutes, 0.0);
}

#[test]
fn a_period_still_running_is_at_risk_when_the_burn_rate_is_too_high() {
    // As of 10 April (10 of 30 days elapsed, 14,400 minutes), 20 minutes
    // down: 20 < 43.2, not breached, but 20 x 3 = 60 > 43.2 by the end.
    let o = outage("o", "2026-04-02T10:00:00Z", "2026-04-02T10:20:00Z", "");
    let r = run(&[SERVICE, SLA_24X7, &o], "2026-04", d(2026, 4, 10));
    let s = &r.slas[0];
    assert!(!s.complete);
    assert_eq!(s.elapsed_minutes, 14_400.0);
    assert_eq!(s.status, Status::AtRisk);
    // Burn rate: (20 / 14,400) / 0.001 = 1.388889.
    assert_eq!(s.burn_rate, Some(1.388889));
    // Ten minutes down is on course: 10 x 3 = 30 < 43.2.
    let o = outage("o", "2026-04-02T10:00:00Z", "2026-04-02T10:10:00Z", "");
    assert_eq!(run(&[SERVICE, SLA_24X7, &o], "2026-04", d(2026, 4, 10)).slas[0].status, Status::Met);
}

#[test]
fn response_clock_runs_in_support_hours() {
    // Opened Friday 2026-04-10 17:55 UTC with a 1h P1 target on Mon-Fri
    // 9-18: due Monday 13 April 09:55. Answered 09:50: met; 10:05: missed.
    let incident = |id: &str, responded: &str| {
        format!(
            "kind: incident\nid: {id}\nservice: web\npriority: p1\nopened: 2026-04-10T17:55:00Z\nresponded: {responded}\n"
        )
    };
    let early = incident("i1", "2026-04-13T09:50:00Z");
    let late = incident("i2", "2026-04-13T10:05:00Z");
    let r = run(&[SERVICE, SLA_BUSINESS, &early, &late], "2026-04", d(2026, 6, 1));
    let p1 = &r.slas[0].response[0];
    assert_eq!((p1.met, p1.missed, p1.pending), (1, 1, 0));
    assert_eq!(p1.attainment, Some(50.0));
}

#[test]
fn weaker_supplier_commitments_are_found() {
    let supplier = "kind: supplier\nid: acme\nname: Acme\ncommitments:\n  availability: 99.5\n  support_hours: {days: [mon, tue, wed, thu, fri], start: \"08:00\", end: \"20:00\"}\n";
    let r = run(&[SERVICE, SLA_24X7, supplier], "2026-04", d(2026, 6, 1));
    let aspects: Vec<&str> = r.weak_commitments.iter().map(|w| w.aspect.as_str()).collect();
    // 99.5 < 99.9, and weekday hours do not cover 24x7.
    assert_eq!(aspects, ["availability", "support hours"]);
    // 8-20 on weekdays covers a 9-18 weekday SLA; 99.5 covers 99.0.
    let r = run(&[SERVICE, SLA_BUSINESS, supplier], "2026-04", d(2026, 6, 1));
    assert!(r.weak_commitments.is_empty());
}

/// The quadratic definition `weighted_downtime` replaced: every elementary
/// stretch between two outage instants, at the heaviest impact of the
/// outages covering it, intersected with the agreed time. The oracle for
/// the sweep.
fn weighted_downtime_by_definition(outages: &[(Instant, Instant, f64)], agreed: &Intervals) -> f64 {
    let mut bounds: Vec<Instant> = outages.iter().flat_map(|(s, e, _)| [*s, *e]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    bounds
        .windows(2)
        .map(|w| {
            let weight = outages
                .iter()
                .filter(|(s, e, _)| *s <= w[0] && w[1] <= *e)
                .map(|(_, _, weight)| *weight)
                .fold(0.0, f64::max);
            if weight == 0.0 {
                return 0.0;
            }
            weight * Intervals::from_pairs([(w[0], w[1])]).intersect(agreed).total() as f64
        })
        .sum()
}

/// Random outages (overlapping, nested, touching, empty, reversed, with
/// impacts of zero, minus zero, below zero and NaN) against random agreed windows:
/// the sweep gives the definition's figure to the last bit.
#[test]
fn weighted_downtime_is_the_definitions_to_the_bit() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    const WEIGHTS: [f64; 8] = [1.0, 0.5, 0.25, 0.3, 0.0, -0.0, -0.5, f64::NAN];
    for _ in 0..3_000 {
        let outages: Vec<(Instant, Instant, f64)> = (0..rng.random_range(0..12))
            .map(|_| {
                let start = rng.random_range(0..200);
                let end = start + rng.random_range(-5..60);
                (start, end, WEIGHTS[rng.random_range(0..WEIGHTS.len())])
            })
            .collect();
        let agreed = Intervals::from_pairs((0..rng.random_range(0..6)).map(|_| {
            let from = rng.random_range(-20..220);
            (from, from + rng.random_range(0..80))
        }));
        let swept = weighted_downtime(&outages, &agreed);
        let defined = weighted_downtime_by_definition(&outages, &agreed);
        assert_eq!(swept.to_bits(), defined.to_bits(), "{outages:?} in {agreed:?}: {swept} against {defined}");
    }
}

/// Worked by hand: a full outage 0–100 and a half one 50–150, agreed time
/// 25–125. Stretches: 25–50 at 1 (25), 50–100 at 1 (50), 100–125 at ½
/// (12.5): 87.5.
#[test]
fn weighted_downtime_by_hand() {
    let agreed = Intervals::from_pairs([(25, 125)]);
    assert_eq!(weighted_downtime(&[(0, 100, 1.0), (50, 150, 0.5)], &agreed), 87.5);
    assert!(weighted_downtime(&[], &agreed).is_sign_negative(), "an empty sum is -0.0, as `sum` gives");
}
