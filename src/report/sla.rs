//! Service level management: were SLAs met over a period, how much error
//! budget is left, were incidents answered and resolved in time, what
//! credits are owed, and do suppliers commit to enough to support them.
//! Definitions and worked examples: `docs/sla.md`.

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use super::availability::{Model, pct};
use super::period::Span;
use crate::calendar::{self, Instant, Intervals};
use crate::model::common::{Priority, PriorityTargets, SupportHours};
use crate::model::events::Impact;
use crate::model::graph::{Node, Walker};
use crate::model::sla::{MeasurementPeriod, ServiceCredit};
use crate::model::units::Duration;
use crate::model::{Estate, Sla};
use crate::render::{Report, Table};

/// What to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The period; each SLA's own measurement period around `as_of` when absent.
    pub span: Option<Span>,
    pub sla: Option<String>,
    pub service: Option<String>,
    /// Today: what happened after it is not known yet.
    pub as_of: NaiveDate,
}

/// Where an SLA stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The target was met (or is on course to be, in a period still running).
    Met,
    /// Not breached yet, but the budget runs out before the period ends at
    /// the rate it has been spent so far.
    AtRisk,
    /// More downtime than the error budget allows.
    Breached,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Status::Met => "met",
            Status::AtRisk => "at risk",
            Status::Breached => "breached",
        })
    }
}

/// The outcome for one SLA. Times are in minutes, shares in percent.
#[derive(Debug, Serialize)]
pub struct SlaResult {
    pub sla: String,
    pub service: String,
    pub customer: String,
    pub period: Span,
    /// Whether the period is over by the as-of date.
    pub complete: bool,
    pub target: f64,
    pub attainment: f64,
    /// Agreed service time over the whole period.
    pub agreed_minutes: f64,
    /// Agreed service time up to the as-of date.
    pub elapsed_minutes: f64,
    pub downtime_minutes: f64,
    pub budget_minutes: f64,
    pub budget_remaining_minutes: f64,
    pub budget_remaining_share: f64,
    /// 1.0 spends the budget exactly by the end of the period.
    pub burn_rate: Option<f64>,
    pub status: Status,
    /// The best availability the dependency chain allows.
    pub achievable: f64,
    pub feasible: bool,
    /// The credit owed, as a share of the period's charge; none while the
    /// period is still running.
    pub credit: Option<f64>,
    pub response: Vec<PriorityResult>,
    pub resolution: Vec<PriorityResult>,
}

/// Response or resolution against one priority's target.
#[derive(Debug, Serialize)]
pub struct PriorityResult {
    pub priority: Priority,
    pub target: Duration,
    pub met: u32,
    pub missed: u32,
    /// Still open and not yet due.
    pub pending: u32,
    pub attainment: Option<f64>,
}

/// A supplier commitment weaker than an SLA it underpins.
#[derive(Debug, Serialize)]
pub struct WeakCommitment {
    pub sla: String,
    pub supplier: String,
    /// What is weaker: `availability`, `response P1`, `support hours`.
    pub aspect: String,
    pub committed: String,
    pub required: String,
}

/// The report.
#[derive(Debug, Serialize)]
pub struct SlaReport {
    pub as_of: NaiveDate,
    pub slas: Vec<SlaResult>,
    pub weak_commitments: Vec<WeakCommitment>,
}

/// The zone an SLA's calendar runs in.
pub fn zone_of(estate: &Estate, hours: &SupportHours) -> Tz {
    let estate_zone = estate.project.timezone.parse().unwrap_or(Tz::UTC);
    match hours {
        SupportHours::Business(b) => b.timezone.as_deref().and_then(|z| z.parse().ok()).unwrap_or(estate_zone),
        SupportHours::Always => estate_zone,
    }
}

/// Checks every SLA in force during the period.
pub fn check(estate: &Estate, options: &Options) -> SlaReport {
    let checker = Checker::new(estate);
    let mut slas = Vec::new();
    let mut weak_commitments = Vec::new();
    let mut search = WeakSearch::default();
    for sla in &estate.slas {
        if options.sla.as_ref().is_some_and(|id| &sla.id != id)
            || options.service.as_ref().is_some_and(|id| &sla.service != id)
        {
            continue;
        }
        let Some((result, window)) = checker.check(sla, options) else { continue };
        slas.push(result);
        weak_commitments.extend(weak(estate, sla, window, &mut search));
    }
    SlaReport { as_of: options.as_of, slas, weak_commitments }
}

/// Checks SLAs one at a time against one availability model, built once:
/// for a report that checks the SLAs of one service after another.
pub struct Checker<'e> {
    estate: &'e Estate,
    model: Model<'e>,
}

impl<'e> Checker<'e> {
    pub fn new(estate: &'e Estate) -> Self {
        Checker { estate, model: Model::build(estate) }
    }

    /// The SLA's result over the period of `options` (its own measurement
    /// period around `as_of` when none), and the window it was measured
    /// in; `None` when it was not in force then, or only after `as_of`.
    /// The `sla` and `service` filters of `options` are the caller's.
    pub fn check(&self, sla: &Sla, options: &Options) -> Option<(SlaResult, Span)> {
        let period = options.span.unwrap_or_else(|| {
            let months = match sla.measurement_period {
                MeasurementPeriod::Monthly => 1,
                MeasurementPeriod::Quarterly => 3,
                MeasurementPeriod::Annual => 12,
            };
            Span::around(options.as_of, months)
        });
        let in_force =
            Span { from: sla.start.0, to: sla.end.map_or(NaiveDate::MAX, |e| e.0.succ_opt().unwrap_or(e.0)) };
        let window = period.clip(in_force)?;
        if window.from > options.as_of {
            return None;
        }
        let achievable = self.model.composite(&sla.service) * 100.0;
        Some((measure(self.estate, sla, window, options.as_of, achievable), window))
    }
}

/// Seconds as minutes, to four decimals. Adding 0.0 turns a negative
/// zero (an empty float sum is -0.0) into 0.
fn minutes(seconds: f64) -> f64 {
    (seconds / 60.0 * 1e4).round() / 1e4 + 0.0
}

/// To six decimals, without a negative zero.
fn round(value: f64) -> f64 {
    (value * 1e6).round() / 1e6 + 0.0
}

/// Weighted downtime inside `agreed`: each elementary stretch between
/// outage boundaries counts once, at the heaviest impact covering it, so
/// overlapping outages are never counted twice.
///
/// One sweep over the boundaries in time order keeps the impacts of the
/// outages under way, and one walk along `agreed` beside it measures each
/// stretch's agreed time: a service with years of outage records costs
/// their number times its logarithm, not its square.
pub fn weighted_downtime(outages: &[(Instant, Instant, f64)], agreed: &Intervals) -> f64 {
    // Where each outage starts and ends; an empty or reversed one only
    // marks its instants, as every outage's instants divide the time.
    let mut events: Vec<(Instant, Event, usize)> = Vec::with_capacity(outages.len() * 2);
    for (i, (start, end, _)) in outages.iter().enumerate() {
        let (opens, closes) = if start < end { (Event::Start, Event::End) } else { (Event::Mark, Event::Mark) };
        events.push((*start, opens, i));
        events.push((*end, closes, i));
    }
    events.sort_unstable();
    // The impacts under way, by their bits (impacts are not negative, so
    // the bits sort as the numbers do), with how many outages have each.
    let mut active: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    let windows = agreed.pairs();
    let mut window = 0;
    // The stretches' shares are added in time order from -0.0, as `sum`
    // adds them, so the figure is the same to the last bit as a sum over
    // the stretches one by one.
    let mut total = -0.0;
    let mut at = 0;
    while at < events.len() {
        let now = events[at].0;
        while at < events.len() && events[at].0 == now {
            let (_, event, i) = events[at];
            // Only a positive impact can be the heaviest; zero, below zero
            // and NaN count as +0.0 (whose bits sort first), as in a `max`
            // from 0.0.
            let impact = outages[i].2;
            let weight = if impact > 0.0 { impact.to_bits() } else { 0.0f64.to_bits() };
            match event {
                Event::Start => *active.entry(weight).or_default() += 1,
                Event::End => {
                    if let Some(count) = active.get_mut(&weight) {
                        *count -= 1;
                        if *count == 0 {
                            active.remove(&weight);
                        }
                    }
                }
                Event::Mark => {}
            }
            at += 1;
        }
        let Some(next) = events.get(at).map(|e| e.0) else { break };
        let weight = active.last_key_value().map_or(0.0, |(&heaviest, _)| f64::from_bits(heaviest));
        if weight == 0.0 {
            total += 0.0;
            continue;
        }
        // The agreed time between `now` and `next`: windows wholly before
        // `now` are behind every later stretch too.
        while window < windows.len() && windows[window].1 <= now {
            window += 1;
        }
        let overlap: i64 = windows[window..]
            .iter()
            .take_while(|(from, _)| *from < next)
            .map(|(from, to)| (*to).min(next) - (*from).max(now))
            .sum();
        total += weight * overlap as f64;
    }
    total
}

/// What happens to an outage at one of its instants. Every event of an
/// instant is taken before the stretch after it is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    End,
    Mark,
    Start,
}

/// An incident's priority, and when it was opened, answered and resolved.
type Clocked = (Priority, Instant, Option<Instant>, Option<Instant>);

fn measure(estate: &Estate, sla: &Sla, window: Span, as_of: NaiveDate, achievable: f64) -> SlaResult {
    let tz = zone_of(estate, &sla.support_hours);
    let estate_tz: Tz = estate.project.timezone.parse().unwrap_or(Tz::UTC);
    let mut agreed = calendar::support_windows(&sla.support_hours, tz, window.from, window.to);
    let mut outages = Vec::new();
    let mut planned = Vec::new();
    for o in estate.outages_of(&sla.service) {
        let span = (calendar::timestamp_instant(estate_tz, &o.start), calendar::timestamp_instant(estate_tz, &o.end));
        let weight = match o.impact {
            Impact::Full => 1.0,
            Impact::Partial => o.degradation.map_or(1.0, |d| d.fraction()),
        };
        if o.planned && sla.exclude_planned {
            planned.push(span);
        } else {
            outages.push((span.0, span.1, weight));
        }
    }
    agreed = agreed.subtract(&Intervals::from_pairs(planned));
    let cut_date = as_of.succ_opt().unwrap_or(as_of).min(window.to);
    let cut = calendar::day_start(tz, cut_date);
    let complete = cut_date >= window.to;
    let elapsed = agreed.intersect(&Intervals::from_pairs([(Instant::MIN, cut)]));
    let total = agreed.total() as f64;
    let elapsed_seconds = elapsed.total() as f64;
    let down = weighted_downtime(&outages, &elapsed);
    let target = sla.availability.value();
    let allowed = 1.0 - sla.availability.fraction();
    let budget = allowed * total;
    let attainment = if elapsed_seconds > 0.0 { (elapsed_seconds - down) / elapsed_seconds * 100.0 } else { 100.0 };
    let burn_rate = (allowed > 0.0 && elapsed_seconds > 0.0).then(|| down / elapsed_seconds / allowed);
    let tolerance = 1e-9 * total.max(1.0);
    let status = if down > budget + tolerance {
        Status::Breached
    } else if !complete && elapsed_seconds > 0.0 && down * total / elapsed_seconds > budget + tolerance {
        Status::AtRisk
    } else {
        Status::Met
    };
    // Credits are owed on a finished period only.
    let credit = if complete { ServiceCredit::owed(&sla.service_credits, attainment) } else { None };
    let start = calendar::day_start(tz, window.from);
    let incidents: Vec<Clocked> = estate
        .incidents_of(&sla.service)
        .map(|i| {
            let opened = calendar::timestamp_instant(estate_tz, &i.opened);
            let at = |t: &Option<crate::model::units::Timestamp>| {
                t.as_ref().map(|t| calendar::timestamp_instant(estate_tz, t))
            };
            (i.priority, opened, at(&i.responded), at(&i.resolved))
        })
        .filter(|(_, opened, _, _)| (start..cut).contains(opened))
        .collect();
    let clock = |targets: &PriorityTargets, pick: fn(&Clocked) -> Option<Instant>| {
        targets
            .iter()
            .map(|(priority, target)| {
                let (mut met, mut missed, mut pending) = (0, 0, 0);
                for incident in incidents.iter().filter(|i| i.0 == *priority) {
                    let due = calendar::add_support_time(&sla.support_hours, tz, incident.1, target.seconds());
                    match (pick(incident), due) {
                        (Some(done), Some(due)) if done <= due => met += 1,
                        (Some(_), _) => missed += 1,
                        (None, Some(due)) if due > cut => pending += 1,
                        (None, _) => missed += 1,
                    }
                }
                let counted = met + missed;
                PriorityResult {
                    priority: *priority,
                    target: *target,
                    met,
                    missed,
                    pending,
                    attainment: (counted > 0).then(|| round(f64::from(met) / f64::from(counted) * 100.0)),
                }
            })
            .collect::<Vec<_>>()
    };
    SlaResult {
        sla: sla.id.clone(),
        service: sla.service.clone(),
        customer: sla.customer.clone(),
        period: window,
        complete,
        target,
        attainment: round(attainment),
        agreed_minutes: minutes(total),
        elapsed_minutes: minutes(elapsed_seconds),
        downtime_minutes: minutes(down),
        budget_minutes: minutes(budget),
        budget_remaining_minutes: minutes(budget - down),
        budget_remaining_share: if budget > 0.0 { round((budget - down) / budget * 100.0) } else { 0.0 },
        burn_rate: burn_rate.map(round),
        status,
        achievable: round(achievable),
        feasible: target <= round(achievable) + 1e-9,
        credit,
        response: clock(&sla.response, |i| i.2),
        resolution: clock(&sla.resolution, |i| i.3),
    }
}

/// What [`weak`] keeps between SLAs: a walker and its buffer, and the
/// support windows of each calendar, zone and span met, laid out once. An
/// estate has a handful of distinct calendars, shared by thousands of SLAs
/// and suppliers.
#[derive(Default)]
pub struct WeakSearch<'e> {
    walker: Walker,
    nodes: Vec<Node>,
    windows: HashMap<Calendar<'e>, Intervals>,
}

/// A calendar in a zone over a span of days.
type Calendar<'e> = (&'e SupportHours, Tz, NaiveDate, NaiveDate);

impl<'e> WeakSearch<'e> {
    /// Lays out the support windows of `hours` in `zone` over `window`
    /// unless they are known.
    fn lay_out(&mut self, hours: &'e SupportHours, zone: Tz, window: Span) -> Calendar<'e> {
        let key = (hours, zone, window.from, window.to);
        self.windows.entry(key).or_insert_with(|| calendar::support_windows(hours, zone, window.from, window.to));
        key
    }
}

/// Suppliers behind the SLA's service (directly, or through any service or
/// component it stands on) whose commitments are weaker than the SLA. The
/// search is kept from one SLA to the next.
pub fn weak<'e>(estate: &'e Estate, sla: &'e Sla, window: Span, search: &mut WeakSearch<'e>) -> Vec<WeakCommitment> {
    let suppliers = estate.supplier_names_behind(&sla.service, &mut search.walker, &mut search.nodes);
    let mut out = Vec::new();
    let sla_zone = zone_of(estate, &sla.support_hours);
    for id in suppliers {
        let Some(commitments) = estate.supplier(id).and_then(|s| s.commitments.as_ref()) else { continue };
        let mut flag = |aspect: String, committed: String, required: String| {
            out.push(WeakCommitment { sla: sla.id.clone(), supplier: id.to_string(), aspect, committed, required });
        };
        if let Some(a) = commitments.availability.filter(|a| a.value() < sla.availability.value()) {
            flag("availability".into(), pct(a.value()), pct(sla.availability.value()));
        }
        for (name, theirs, ours) in [
            ("response", &commitments.response, &sla.response),
            ("resolution", &commitments.resolution, &sla.resolution),
        ] {
            for (priority, required) in ours {
                if let Some(committed) = theirs.get(priority).filter(|c| *c > required) {
                    flag(format!("{name} {priority}"), committed.to_string(), required.to_string());
                }
            }
        }
        if let Some(hours) = &commitments.support_hours {
            // Both calendars' windows are looked up, and the SLA's are
            // laid out only once a supplier commits to support hours.
            let ours = search.lay_out(&sla.support_hours, sla_zone, window);
            let theirs = search.lay_out(hours, zone_of(estate, hours), window);
            if !search.windows[&theirs].covers(&search.windows[&ours]) {
                flag("support hours".into(), hours.to_string(), sla.support_hours.to_string());
            }
        }
    }
    out
}

/// Priorities that had incidents, as `P1 100% (2/2)`.
fn priorities(results: &[PriorityResult]) -> String {
    results
        .iter()
        .filter(|r| r.met + r.missed + r.pending > 0)
        .map(|r| {
            let share = r.attainment.map_or("n/a".to_string(), pct);
            let pending = if r.pending > 0 { format!(", {} open", r.pending) } else { String::new() };
            format!("{} {share} ({}/{} in {}{pending})", r.priority, r.met, r.met + r.missed, r.target)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn mins(value: f64) -> String {
    format!("{value:.2}")
}

impl Report for SlaReport {
    fn tables(&self) -> Vec<Table> {
        let mut main = Table::new([
            "SLA",
            "Service",
            "Period",
            "Target",
            "Attainment",
            "Downtime (min)",
            "Budget (min)",
            "Remaining",
            "Burn rate",
            "Status",
            "Achievable",
            "Credit",
        ])
        .titled(format!("SLA attainment as of {}", self.as_of));
        for r in &self.slas {
            let period = if r.complete { r.period.to_string() } else { format!("{} (to date)", r.period) };
            let achievable = if r.feasible { pct(r.achievable) } else { format!("{} INFEASIBLE", pct(r.achievable)) };
            main.row([
                r.sla.clone(),
                r.service.clone(),
                period,
                pct(r.target),
                pct(r.attainment),
                mins(r.downtime_minutes),
                mins(r.budget_minutes),
                format!("{} ({})", mins(r.budget_remaining_minutes), pct(r.budget_remaining_share)),
                r.burn_rate.map(|b| format!("{b:.2}")).unwrap_or_default(),
                r.status.to_string(),
                achievable,
                r.credit.map(pct).unwrap_or_default(),
            ]);
        }
        let mut clocks =
            Table::new(["SLA", "Response", "Resolution"]).titled("Incidents answered and resolved in time");
        let had_incidents = |rs: &[PriorityResult]| rs.iter().any(|r| r.met + r.missed + r.pending > 0);
        for r in self.slas.iter().filter(|r| had_incidents(&r.response) || had_incidents(&r.resolution)) {
            clocks.row([r.sla.clone(), priorities(&r.response), priorities(&r.resolution)]);
        }
        let mut weak = Table::new(["SLA", "Supplier", "Aspect", "Committed", "Required"])
            .titled("Supplier commitments weaker than the SLA");
        for w in &self.weak_commitments {
            weak.row([w.sla.clone(), w.supplier.clone(), w.aspect.clone(), w.committed.clone(), w.required.clone()]);
        }
        vec![main, clocks, weak]
    }

    fn csv_table(&self) -> Table {
        let mut t = Table::new([
            "sla",
            "service",
            "customer",
            "period",
            "complete",
            "target",
            "attainment",
            "agreed_minutes",
            "elapsed_minutes",
            "downtime_minutes",
            "budget_minutes",
            "budget_remaining_minutes",
            "budget_remaining_share",
            "burn_rate",
            "status",
            "achievable",
            "feasible",
            "credit",
        ]);
        for r in &self.slas {
            t.row([
                r.sla.clone(),
                r.service.clone(),
                r.customer.clone(),
                r.period.to_string(),
                r.complete.to_string(),
                r.target.to_string(),
                r.attainment.to_string(),
                r.agreed_minutes.to_string(),
                r.elapsed_minutes.to_string(),
                r.downtime_minutes.to_string(),
                r.budget_minutes.to_string(),
                r.budget_remaining_minutes.to_string(),
                r.budget_remaining_share.to_string(),
                r.burn_rate.map(|b| b.to_string()).unwrap_or_default(),
                r.status.to_string(),
                r.achievable.to_string(),
                r.feasible.to_string(),
                r.credit.map(|c| c.to_string()).unwrap_or_default(),
            ]);
        }
        t
    }
}

#[cfg(test)]
mod tests;
