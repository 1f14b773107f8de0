//! Capacity management at its three levels: service capacity (demand now
//! against what the service can carry), business capacity (forecast demand
//! within the horizon against it, and when it runs out) and component
//! capacity (machines, whose load grows with the demand that drives them,
//! and people: each team's members against the work assigned to it).
//! Rules: `docs/capacity.md`.

use std::collections::HashMap;

use serde::Serialize;

use super::demand::{self, SeriesForecast, figure, level_text, trim};
use crate::model::units::Period;
use crate::model::{Component, Demand, Entry, Estate};
use crate::render::{Report, Table};
use crate::validate::same_unit;

/// What to report on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    /// Periods ahead; by default each series' own (one season, or 12).
    pub horizon: Option<usize>,
    /// The prediction interval level of the upper bound, in percent.
    pub level: Option<f64>,
}

/// The default level of the upper bound.
pub const DEFAULT_LEVEL: f64 = 95.0;

/// Where a service, component or team stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Already over capacity.
    Exhausted,
    /// The forecast exceeds capacity within the horizon.
    RunsOut,
    /// Only the upper bound exceeds capacity within the horizon.
    AtRisk,
    /// Capacity holds over the horizon.
    Enough,
    /// Nothing to compare: no capacity, no demand, or no forecast.
    Unknown,
}

impl Status {
    fn text(self) -> &'static str {
        match self {
            Self::Exhausted => "exhausted",
            Self::RunsOut => "runs out",
            Self::AtRisk => "at risk",
            Self::Enough => "enough",
            Self::Unknown => "unknown",
        }
    }

    /// Whether `--fail-on exhausted` fails on it.
    pub fn is_exhausted(self) -> bool {
        matches!(self, Self::Exhausted | Self::RunsOut)
    }
}

/// A service's capacity against its demand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRow {
    pub service: String,
    pub demand: Option<String>,
    pub unit: Option<String>,
    pub capacity: Option<f64>,
    /// The last observed period and value.
    pub current_period: Option<Period>,
    pub current: Option<f64>,
    /// Current demand as a share of capacity, in percent.
    pub utilisation: Option<f64>,
    /// The highest forecast within the horizon, and its period.
    pub peak_period: Option<Period>,
    pub peak: Option<f64>,
    /// The highest upper bound within the horizon.
    pub peak_upper: Option<f64>,
    /// Capacity left at the forecast peak, in percent of capacity.
    pub headroom: Option<f64>,
    /// The first period whose forecast exceeds capacity.
    pub runs_out: Option<Period>,
    /// The first period whose upper bound exceeds capacity.
    pub upper_runs_out: Option<Period>,
    pub horizon_end: Option<Period>,
    pub status: Status,
    pub note: Option<String>,
}

/// A component's capacity, projected with the demand that drives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentRow {
    pub component: String,
    pub unit: String,
    pub capacity: f64,
    /// In use now, in percent.
    pub utilisation: Option<f64>,
    /// The demand series whose growth drives it.
    pub drivers: Vec<String>,
    /// The highest projected utilisation within the horizon, in percent.
    pub peak_utilisation: Option<f64>,
    pub peak_period: Option<Period>,
    pub headroom: Option<f64>,
    pub runs_out: Option<Period>,
    pub upper_runs_out: Option<Period>,
    pub status: Status,
    pub note: Option<String>,
}

/// A team's people against the work assigned to it, in full-time
/// equivalents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamRow {
    pub team: String,
    pub available: f64,
    pub assigned: f64,
    /// Assigned as a share of available, in percent.
    pub utilisation: Option<f64>,
    pub headroom: f64,
    /// What the assigned work is: `patient-portal 1.5`, `EPR upgrade 0.5`.
    pub work: Vec<(String, f64)>,
    pub status: Status,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityReport {
    pub level: f64,
    pub services: Vec<ServiceRow>,
    pub components: Vec<ComponentRow>,
    pub teams: Vec<TeamRow>,
}

impl CapacityReport {
    /// Whether anything has run out or will within the horizon, or a team
    /// has more work than people.
    pub fn exhausted(&self) -> bool {
        self.services.iter().any(|s| s.status.is_exhausted())
            || self.components.iter().any(|c| c.status.is_exhausted())
            || self.teams.iter().any(|t| t.status.is_exhausted())
    }
}

/// Builds the report.
pub fn report(estate: &Estate, options: &Options) -> CapacityReport {
    let level = options.level.unwrap_or(DEFAULT_LEVEL);
    let forecasts = demand::report(
        estate,
        &demand::Options { service: None, horizon: options.horizon, levels: vec![level], season: None },
    );
    // Indexes, so that large estates stay linear.
    let by_demand: HashMap<&str, &SeriesForecast> = forecasts.series.iter().map(|s| (s.demand.as_str(), s)).collect();
    let skipped: HashMap<&str, &str> =
        forecasts.skipped.iter().map(|s| (s.demand.as_str(), s.reason.as_str())).collect();
    let mut demands_of: HashMap<&str, Vec<&Entry<Demand>>> = HashMap::new();
    for d in &estate.demands {
        demands_of.entry(d.service.as_str()).or_default().push(d);
    }
    let mut users_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for s in &estate.services {
        for on in &s.depends_on {
            users_of.entry(on.as_str()).or_default().push(s.id.as_str());
        }
    }
    let forecast_of = |demand_id: &str| by_demand.get(demand_id).copied();
    let skipped_why = |demand_id: &str| skipped.get(demand_id).map(|r| r.to_string());

    let mut services = Vec::new();
    for service in &estate.services {
        let demands: &[&Entry<Demand>] = demands_of.get(service.id.as_str()).map_or(&[], Vec::as_slice);
        if service.capacity.is_none() && demands.is_empty() {
            continue;
        }
        // The demand counted in the capacity's unit; else the first.
        let demand = service
            .capacity
            .as_ref()
            .and_then(|c| demands.iter().find(|d| same_unit(&d.unit, &c.unit)))
            .or(demands.first())
            .copied();
        let mut row = service_row(
            service.id.clone(),
            service.capacity.as_ref().map(|c| (c.limit, &c.unit)),
            demand,
            &forecast_of,
            &skipped_why,
        );
        if demand.is_none() && service.lifecycle == crate::model::service::Lifecycle::Pipeline {
            row.note = Some("in the pipeline, no demand history yet".into());
        }
        services.push(row);
    }

    let components = estate
        .components
        .iter()
        .filter_map(|c| c.capacity.as_ref().map(|capacity| (c, capacity)))
        .map(|(component, capacity)| {
            let drivers: Vec<&SeriesForecast> =
                drivers(component, &users_of, &demands_of).iter().filter_map(|d| forecast_of(d)).collect();
            component_row(component, capacity.limit, &capacity.unit, capacity.utilisation.map(|u| u.value()), &drivers)
        })
        .collect();

    let effort = effort_by_team(estate);
    let teams = estate
        .teams
        .iter()
        .map(|team| team_row(team, effort.get(team.id.as_str()).map_or(&[], Vec::as_slice)))
        .collect();
    CapacityReport { level, services, components, teams }
}

type Lookup<'a> = dyn Fn(&str) -> Option<&'a SeriesForecast> + 'a;

fn service_row(
    service: String,
    capacity: Option<(f64, &String)>,
    demand: Option<&Entry<Demand>>,
    forecast_of: &Lookup<'_>,
    skipped_why: &dyn Fn(&str) -> Option<String>,
) -> ServiceRow {
    let mut row = ServiceRow {
        service,
        demand: demand.map(|d| d.id.clone()),
        unit: capacity.map(|(_, u)| u.clone()).or_else(|| demand.map(|d| d.unit.clone())),
        capacity: capacity.map(|(limit, _)| limit),
        current_period: None,
        current: None,
        utilisation: None,
        peak_period: None,
        peak: None,
        peak_upper: None,
        headroom: None,
        runs_out: None,
        upper_runs_out: None,
        horizon_end: None,
        status: Status::Unknown,
        note: None,
    };
    let Some(demand) = demand else {
        row.note = Some("no demand record".into());
        return row;
    };
    let Some(forecast) = forecast_of(&demand.id) else {
        row.note = Some(format!("not forecast: {}", skipped_why(&demand.id).unwrap_or_default()));
        return row;
    };
    if let Some((period, value)) = forecast.last() {
        row.current_period = Some(period);
        row.current = Some(value);
    }
    let peak = forecast.forecast.iter().max_by(|a, b| a.forecast.total_cmp(&b.forecast));
    row.peak_period = peak.map(|p| p.period);
    row.peak = peak.map(|p| p.forecast);
    row.peak_upper = forecast.widest_upper().flatten().reduce(f64::max);
    row.horizon_end = forecast.forecast.last().map(|p| p.period);
    let Some((limit, unit)) = capacity else {
        row.note = Some("no capacity recorded".into());
        return row;
    };
    if !same_unit(unit, &demand.unit) {
        row.note = Some(format!("demand is in {}, capacity in {unit}", demand.unit));
        return row;
    }
    row.utilisation = row.current.map(|c| c / limit * 100.0);
    row.headroom = row.peak.map(|p| (limit - p) / limit * 100.0);
    row.runs_out = forecast.forecast.iter().find(|p| p.forecast > limit).map(|p| p.period);
    row.upper_runs_out = forecast
        .forecast
        .iter()
        .zip(forecast.widest_upper())
        .find(|(_, u)| u.is_some_and(|u| u > limit))
        .map(|(p, _)| p.period);
    row.status = if row.current.is_some_and(|c| c > limit) {
        Status::Exhausted
    } else if row.runs_out.is_some() {
        Status::RunsOut
    } else if row.upper_runs_out.is_some() {
        Status::AtRisk
    } else {
        Status::Enough
    };
    row
}

/// The demand records whose growth drives a component: the one it names,
/// else those of the services that depend on it directly.
fn drivers(
    component: &Component,
    users_of: &HashMap<&str, Vec<&str>>,
    demands_of: &HashMap<&str, Vec<&Entry<Demand>>>,
) -> Vec<String> {
    if let Some(driver) = component.capacity.as_ref().and_then(|c| c.driver.clone()) {
        return vec![driver];
    }
    let mut users: Vec<&str> = users_of.get(component.id.as_str()).cloned().unwrap_or_default();
    users.sort_unstable();
    users.dedup();
    let mut ids: Vec<String> =
        users.iter().flat_map(|u| demands_of.get(u).into_iter().flatten()).map(|d| d.id.clone()).collect();
    ids.sort();
    ids
}

/// Utilisation grows in proportion to each driver's forecast against its
/// last observation; the driver that runs the component out first counts.
fn component_row(
    component: &Component,
    limit: f64,
    unit: &str,
    utilisation: Option<f64>,
    drivers: &[&SeriesForecast],
) -> ComponentRow {
    let mut row = ComponentRow {
        component: component.id.clone(),
        unit: unit.to_string(),
        capacity: limit,
        utilisation,
        drivers: drivers.iter().map(|d| d.demand.clone()).collect(),
        peak_utilisation: None,
        peak_period: None,
        headroom: None,
        runs_out: None,
        upper_runs_out: None,
        status: Status::Unknown,
        note: None,
    };
    let Some(now) = utilisation else {
        row.note = Some("no utilisation recorded".into());
        return row;
    };
    if now > 100.0 {
        row.status = Status::Exhausted;
        row.headroom = Some(100.0 - now);
        return row;
    }
    if drivers.is_empty() {
        row.note = Some("no demand drives it; utilisation held".into());
        row.peak_utilisation = Some(now);
        row.headroom = Some(100.0 - now);
        row.status = Status::Enough;
        return row;
    }
    let earliest = |a: Option<Period>, b: Option<Period>| match (a, b) {
        (Some(a), Some(b)) => Some(if b.start() < a.start() { b } else { a }),
        (a, b) => a.or(b),
    };
    for driver in drivers {
        let Some((_, base)) = driver.last().filter(|(_, v)| *v > 0.0) else { continue };
        for (point, upper) in driver.forecast.iter().zip(driver.widest_upper()) {
            let projected = now * point.forecast / base;
            if row.peak_utilisation.is_none_or(|p| projected > p) {
                row.peak_utilisation = Some(projected);
                row.peak_period = Some(point.period);
            }
            if projected > 100.0 && row.runs_out.is_none_or(|r| point.period.start() < r.start()) {
                row.runs_out = earliest(row.runs_out, Some(point.period));
            }
            if upper.is_some_and(|u| now * u / base > 100.0) {
                row.upper_runs_out = earliest(row.upper_runs_out, Some(point.period));
            }
        }
    }
    row.headroom = row.peak_utilisation.map(|p| 100.0 - p);
    row.status = if row.runs_out.is_some() {
        Status::RunsOut
    } else if row.upper_runs_out.is_some() {
        Status::AtRisk
    } else if row.peak_utilisation.is_some() {
        Status::Enough
    } else {
        Status::Unknown
    };
    row
}

/// The effort each team owns: its live and pipeline services' and its
/// components', in estate order, found in one pass over the estate.
fn effort_by_team(estate: &Estate) -> HashMap<&str, Vec<(&str, f64)>> {
    let mut by_team: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
    for s in estate.services.iter().filter(|s| s.lifecycle != crate::model::service::Lifecycle::Retired) {
        if let Some(effort) = s.effort {
            by_team.entry(s.owner.as_str()).or_default().push((&s.id, effort));
        }
    }
    for c in &estate.components {
        if let (Some(owner), Some(effort)) = (&c.owner, c.effort) {
            by_team.entry(owner.as_str()).or_default().push((&c.id, effort));
        }
    }
    by_team
}

fn team_row(team: &crate::model::Team, owned: &[(&str, f64)]) -> TeamRow {
    let available: f64 = team.members.iter().map(|m| m.fte).sum();
    let mut work: Vec<(String, f64)> = owned.iter().map(|&(id, effort)| (id.to_string(), effort)).collect();
    work.extend(team.commitments.iter().map(|c| (c.name.clone(), c.fte)));
    let assigned: f64 = work.iter().map(|(_, fte)| fte).sum();
    let utilisation = (available > 0.0).then(|| assigned / available * 100.0);
    let status = if assigned > available {
        Status::Exhausted
    } else if work.is_empty() {
        Status::Unknown
    } else {
        Status::Enough
    };
    TeamRow { team: team.id.clone(), available, assigned, utilisation, headroom: available - assigned, work, status }
}

fn opt(v: Option<f64>) -> String {
    v.map(figure).unwrap_or_default()
}

/// A share in percent with one decimal, never `-0.0%`.
fn percent(v: Option<f64>) -> String {
    v.map(|v| format!("{:.1}%", if v.abs() < 0.05 { 0.0 } else { v })).unwrap_or_default()
}

fn period(p: Option<Period>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

impl Report for CapacityReport {
    fn tables(&self) -> Vec<Table> {
        let level = level_text(self.level);
        let mut services = Table::new([
            "service".to_string(),
            "unit".into(),
            "capacity".into(),
            "now".into(),
            "in use".into(),
            "forecast peak".into(),
            format!("upper {level}%"),
            "headroom".into(),
            "runs out".into(),
            format!("upper {level}% runs out"),
            "status".into(),
        ])
        .titled("Services: demand against capacity");
        for s in &self.services {
            let runs_out = match (s.runs_out, s.horizon_end, s.status) {
                (Some(p), _, _) => p.to_string(),
                (None, Some(end), Status::Enough | Status::AtRisk) => format!("not by {end}"),
                _ => String::new(),
            };
            services.row([
                s.service.clone(),
                s.unit.clone().unwrap_or_default(),
                opt(s.capacity),
                match (s.current, s.current_period) {
                    (Some(v), Some(p)) => format!("{} ({p})", figure(v)),
                    _ => String::new(),
                },
                percent(s.utilisation),
                match (s.peak, s.peak_period) {
                    (Some(v), Some(p)) => format!("{} ({p})", figure(v)),
                    _ => String::new(),
                },
                opt(s.peak_upper),
                percent(s.headroom),
                runs_out,
                period(s.upper_runs_out),
                match &s.note {
                    Some(note) => format!("{}: {note}", s.status.text()),
                    None => s.status.text().into(),
                },
            ]);
        }
        let mut components = Table::new([
            "component",
            "capacity",
            "in use",
            "driven by",
            "peak in use",
            "headroom",
            "runs out",
            "upper runs out",
            "status",
        ])
        .titled("Components: utilisation as demand grows");
        for c in &self.components {
            components.row([
                c.component.clone(),
                format!("{} {}", trim(c.capacity), c.unit),
                percent(c.utilisation),
                c.drivers.join(", "),
                match (c.peak_utilisation, c.peak_period) {
                    (Some(v), Some(p)) => format!("{v:.1}% ({p})"),
                    (Some(v), None) => format!("{v:.1}%"),
                    _ => String::new(),
                },
                percent(c.headroom),
                period(c.runs_out),
                period(c.upper_runs_out),
                match &c.note {
                    Some(note) => format!("{}: {note}", c.status.text()),
                    None => c.status.text().into(),
                },
            ]);
        }
        let mut teams =
            Table::new(["team", "people (FTE)", "assigned (FTE)", "in use", "headroom (FTE)", "work", "status"])
                .titled("Teams: people against the work assigned");
        for t in &self.teams {
            teams.row([
                t.team.clone(),
                trim(t.available),
                trim(t.assigned),
                percent(t.utilisation),
                trim(t.headroom),
                t.work.iter().map(|(w, fte)| format!("{w} {}", trim(*fte))).collect::<Vec<_>>().join(", "),
                t.status.text().into(),
            ]);
        }
        vec![services, components, teams]
    }

    /// One row per service, component and team, numbers unformatted.
    fn csv_table(&self) -> Table {
        let mut table = Table::new([
            "kind",
            "id",
            "unit",
            "capacity",
            "current",
            "utilisation",
            "peak",
            "headroom",
            "runs_out",
            "upper_runs_out",
            "status",
        ]);
        let num = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
        for s in &self.services {
            table.row([
                "service".into(),
                s.service.clone(),
                s.unit.clone().unwrap_or_default(),
                num(s.capacity),
                num(s.current),
                num(s.utilisation),
                num(s.peak),
                num(s.headroom),
                period(s.runs_out),
                period(s.upper_runs_out),
                s.status.text().into(),
            ]);
        }
        for c in &self.components {
            table.row([
                "component".into(),
                c.component.clone(),
                c.unit.clone(),
                num(Some(c.capacity)),
                String::new(),
                num(c.utilisation),
                num(c.peak_utilisation),
                num(c.headroom),
                period(c.runs_out),
                period(c.upper_runs_out),
                c.status.text().into(),
            ]);
        }
        for t in &self.teams {
            table.row([
                "team".into(),
                t.team.clone(),
                "FTE".into(),
                num(Some(t.available)),
                num(Some(t.assigned)),
                num(t.utilisation),
                String::new(),
                num(Some(t.headroom)),
                String::new(),
                String::new(),
                t.status.text().into(),
            ]);
        }
        table
    }

    fn footer(&self) -> Option<String> {
        let count = |f: &dyn Fn(Status) -> bool| {
            self.services.iter().filter(|s| f(s.status)).count()
                + self.components.iter().filter(|c| f(c.status)).count()
                + self.teams.iter().filter(|t| f(t.status)).count()
        };
        Some(format!(
            "{} exhausted, {} run out within the horizon, {} at risk at the {}% upper bound",
            count(&|s| s == Status::Exhausted),
            count(&|s| s == Status::RunsOut),
            count(&|s| s == Status::AtRisk),
            level_text(self.level)
        ))
    }
}

#[cfg(test)]
mod tests {
    //! Figures computed by hand from the formulas in `docs/capacity.md`.

    use super::*;
    use crate::forecast::Params;
    use crate::model::units::Granularity;
    use crate::report::demand::{Bounds, Point};

    /// A monthly series whose history ends in 2026-10 at `last`, forecast
    /// with `forecasts` (value, upper) from 2026-11 on.
    fn series(last: f64, forecasts: &[(f64, f64)]) -> SeriesForecast {
        let mut period = Period::Month(2026, 10);
        let forecast = forecasts
            .iter()
            .map(|&(value, upper)| {
                period = period.next().expect("next month");
                Point {
                    period,
                    model: value,
                    forecast: value,
                    intervals: vec![Bounds { level: 95.0, lower: value / 2.0, upper }],
                    events: Vec::new(),
                }
            })
            .collect();
        SeriesForecast {
            demand: "d".into(),
            service: "s".into(),
            unit: "sessions".into(),
            granularity: Granularity::Month,
            season: 12,
            model: "ETS(A,N,N)".into(),
            model_name: String::new(),
            reason: String::new(),
            params: Params { alpha: 0.5, beta: None, gamma: None, phi: None },
            aicc: None,
            history: vec![(Period::Month(2026, 10), last)],
            forecast,
            events: Vec::new(),
        }
    }

    fn component(id: &str) -> Component {
        serde_json::from_value(serde_json::json!({"kind": "component", "id": id, "name": id, "type": "server"}))
            .expect("component")
    }

    #[test]
    fn a_component_runs_out_when_its_driver_grows_past_it() {
        // 80% in use at a demand of 1000; forecasts 1100, 1200, 1300:
        // 88%, 96%, 104% -> runs out in the third month (2027-01); the
        // upper bounds 1150, 1260 -> 92%, 100.8% -> at 2026-12.
        let s = series(1000.0, &[(1100.0, 1150.0), (1200.0, 1260.0), (1300.0, 1400.0)]);
        let row = component_row(&component("db"), 64.0, "vCPU", Some(80.0), &[&s]);
        assert_eq!(row.runs_out, Some(Period::Month(2027, 1)));
        assert_eq!(row.upper_runs_out, Some(Period::Month(2026, 12)));
        assert!((row.peak_utilisation.unwrap() - 104.0).abs() < 1e-9);
        assert!((row.headroom.unwrap() + 4.0).abs() < 1e-9);
        assert_eq!(row.status, Status::RunsOut);
    }

    #[test]
    fn the_driver_that_runs_a_component_out_first_counts() {
        // 50% now. Driver a doubles in the second month (100% is not above
        // 100%), b grows by 2.2x in the third: only b runs it out.
        let a = series(10.0, &[(15.0, 15.0), (20.0, 20.0), (20.0, 20.0)]);
        let b = series(100.0, &[(100.0, 100.0), (150.0, 150.0), (220.0, 230.0)]);
        let row = component_row(&component("db"), 1.0, "TB", Some(50.0), &[&a, &b]);
        assert_eq!(row.runs_out, Some(Period::Month(2027, 1)));
        assert!((row.peak_utilisation.unwrap() - 110.0).abs() < 1e-9);
    }

    #[test]
    fn a_component_without_a_driver_keeps_its_utilisation() {
        let row = component_row(&component("db"), 1.0, "TB", Some(30.0), &[]);
        assert_eq!((row.status, row.headroom), (Status::Enough, Some(70.0)));
        let over = component_row(&component("db"), 1.0, "TB", Some(130.0), &[]);
        assert_eq!(over.status, Status::Exhausted);
        let unknown = component_row(&component("db"), 1.0, "TB", None, &[]);
        assert_eq!(unknown.status, Status::Unknown);
    }

    #[test]
    fn a_service_row_gives_headroom_and_the_first_period_over() {
        // Capacity 1000, now 900 (90%); forecasts 950, 1020, 980 with
        // upper bounds 990, 1100, 1050: peak 1020 in 2026-12, headroom
        // (1000 - 1020) / 1000 = -2%; runs out 2026-12, upper too.
        let s = series(900.0, &[(950.0, 990.0), (1020.0, 1100.0), (980.0, 1050.0)]);
        let unit = "Sessions ".to_string();
        let demand: crate::model::Entry<crate::model::Demand> = crate::model::Entry {
            record: serde_json::from_value(serde_json::json!({
                "kind": "demand", "id": "d", "service": "s", "unit": "sessions", "series": "d.csv"
            }))
            .expect("demand"),
            origin: crate::model::Origin { file: crate::load::FileId(0), doc: 0 },
        };
        let lookup = |_: &str| Some(&s);
        let row = service_row("s".into(), Some((1000.0, &unit)), Some(&demand), &lookup, &|_| None);
        assert!((row.utilisation.unwrap() - 90.0).abs() < 1e-9);
        assert_eq!((row.peak, row.peak_period), (Some(1020.0), Some(Period::Month(2026, 12))));
        assert!((row.headroom.unwrap() + 2.0).abs() < 1e-9);
        assert_eq!(row.runs_out, Some(Period::Month(2026, 12)));
        assert_eq!(row.upper_runs_out, Some(Period::Month(2026, 12)));
        assert_eq!(row.status, Status::RunsOut);
        // Only the upper bound over: at risk. Over already: exhausted.
        let s = series(900.0, &[(950.0, 1010.0)]);
        let lookup = |_: &str| Some(&s);
        let row = service_row("s".into(), Some((1000.0, &unit)), Some(&demand), &lookup, &|_| None);
        assert_eq!(
            (row.status, row.runs_out, row.upper_runs_out),
            (Status::AtRisk, None, Some(Period::Month(2026, 11)))
        );
        let s = series(1001.0, &[(900.0, 950.0)]);
        let lookup = |_: &str| Some(&s);
        let row = service_row("s".into(), Some((1000.0, &unit)), Some(&demand), &lookup, &|_| None);
        assert_eq!(row.status, Status::Exhausted);
    }
}
