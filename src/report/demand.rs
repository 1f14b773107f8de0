//! Demand management: every demand series forecast over a horizon with the
//! exponential-smoothing family (`crate::forecast`), known future events
//! applied on top, and prediction intervals. Rules: `docs/demand.md`; the
//! models: `docs/forecasting.md`.

use rayon::prelude::*;
use serde::Serialize;

use crate::forecast::{self, Params};
use crate::model::units::{Granularity, Period};
use crate::model::{Demand, DemandSeries, Estate};
use crate::render::{Report, Table};

/// What to forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Only the demand of this service.
    pub service: Option<String>,
    /// Periods ahead; by default one season, or 12 without one.
    pub horizon: Option<usize>,
    /// Prediction interval levels in percent, ascending.
    pub levels: Vec<f64>,
    /// Season length for every series, over the record's and the period
    /// type's.
    pub season: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Self { service: None, horizon: None, levels: vec![80.0, 95.0], season: None }
    }
}

/// How many history rows the table shows before the forecast.
const HISTORY_TAIL: usize = 6;

/// A known future event as applied to a forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub name: String,
    pub from: Period,
    /// `+12%` or `+18000`.
    pub effect: String,
    /// False when the event starts within the history, which already holds
    /// its effect, or after the horizon.
    pub applied: bool,
    pub note: Option<String>,
}

/// A prediction interval at one level for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bounds {
    pub level: f64,
    pub lower: f64,
    pub upper: f64,
}

/// One future period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub period: Period,
    /// What the model forecasts, before events.
    pub model: f64,
    /// The forecast with the events in force applied.
    pub forecast: f64,
    /// At each requested level, with the events applied.
    pub intervals: Vec<Bounds>,
    /// The names of the events in force.
    pub events: Vec<String>,
}

/// The forecast of one demand series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesForecast {
    pub demand: String,
    pub service: String,
    pub unit: String,
    pub granularity: Granularity,
    pub season: usize,
    /// `ETS(M,Ad,M)`.
    pub model: String,
    /// `Holt-Winters multiplicative, damped trend`.
    pub model_name: String,
    /// Why this model, in words.
    pub reason: String,
    pub params: Params,
    pub aicc: Option<f64>,
    pub history: Vec<(Period, f64)>,
    pub forecast: Vec<Point>,
    pub events: Vec<Event>,
}

impl SeriesForecast {
    /// The last observed value.
    pub fn last(&self) -> Option<(Period, f64)> {
        self.history.last().copied()
    }

    /// The upper bound at the widest level requested, period by period.
    pub fn widest_upper(&self) -> impl Iterator<Item = Option<f64>> + '_ {
        self.forecast.iter().map(|p| p.intervals.last().map(|b| b.upper))
    }
}

/// A series that was not forecast, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    pub demand: String,
    pub service: String,
    pub reason: String,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandReport {
    pub levels: Vec<f64>,
    pub series: Vec<SeriesForecast>,
    pub skipped: Vec<Skipped>,
}

/// Forecasts every demand series (of one service, when asked), in the
/// order of the demand ids.
pub fn report(estate: &Estate, options: &Options) -> DemandReport {
    let by_demand: std::collections::HashMap<&str, &DemandSeries> =
        estate.series.iter().map(|s| (s.demand.as_str(), s)).collect();
    let wanted: Vec<(&Demand, Option<&DemandSeries>)> = estate
        .demands
        .iter()
        .filter(|d| options.service.as_ref().is_none_or(|s| *s == d.service))
        .map(|d| (&**d, by_demand.get(d.id.as_str()).copied()))
        .collect();
    let results: Vec<Result<SeriesForecast, Skipped>> =
        wanted.par_iter().map(|(demand, series)| forecast_one(demand, *series, options)).collect();
    let mut report = DemandReport { levels: options.levels.clone(), series: Vec::new(), skipped: Vec::new() };
    for result in results {
        match result {
            Ok(series) => report.series.push(series),
            Err(skipped) => report.skipped.push(skipped),
        }
    }
    report
}

/// Forecasts one demand record's series.
pub fn forecast_one(
    demand: &Demand,
    series: Option<&DemandSeries>,
    options: &Options,
) -> Result<SeriesForecast, Skipped> {
    let skip = |reason: String| Skipped { demand: demand.id.clone(), service: demand.service.clone(), reason };
    let Some(series) = series.filter(|s| !s.points.is_empty()) else {
        return Err(skip("no readable history (see `itsm validate`)".into()));
    };
    let granularity = series.points[0].0.granularity();
    let season = options.season.or(demand.season.map(|s| s as usize)).unwrap_or(granularity.season_length());
    let horizon = options.horizon.unwrap_or(if season > 1 { season } else { 12 });
    let values: Vec<f64> = series.points.iter().map(|(_, v)| *v).collect();
    let fitted = forecast::forecast(&values, &forecast::Options { season, horizon, levels: options.levels.clone() })
        .map_err(|err| skip(err.to_string()))?;
    let mut periods = Vec::with_capacity(horizon);
    let mut period = series.points[series.points.len() - 1].0;
    for _ in 0..horizon {
        let Some(next) = period.next() else { break };
        periods.push(next);
        period = next;
    }
    let first_future = periods.first().copied();
    let last_future = periods.last().copied();
    let events: Vec<Event> = demand
        .events
        .iter()
        .map(|e| {
            let effect = effect_text(e.percent, e.step);
            let (applied, note) = match (first_future, last_future) {
                (Some(first), _) if e.from.start() < first.start() => {
                    (false, Some("starts within the history, which already holds it".to_string()))
                }
                (_, Some(last)) if e.from.start() > last.start() => {
                    (false, Some("starts after the horizon".to_string()))
                }
                _ => (true, None),
            };
            Event { name: e.name.clone(), from: e.from, effect, applied, note }
        })
        .collect();
    let forecast = periods
        .iter()
        .enumerate()
        .map(|(i, &period)| {
            let in_force: Vec<_> = demand
                .events
                .iter()
                .zip(&events)
                .filter(|(e, shown)| shown.applied && e.from.start() <= period.start())
                .map(|(e, _)| e)
                .collect();
            let adjust = |v: f64| {
                in_force.iter().fold(v, |v, e| v * (1.0 + e.percent.unwrap_or(0.0) / 100.0) + e.step.unwrap_or(0.0))
            };
            let intervals = fitted
                .intervals
                .iter()
                .map(|interval| {
                    let (lower, upper) = (adjust(interval.lower[i]), adjust(interval.upper[i]));
                    Bounds { level: interval.level, lower: lower.min(upper), upper: lower.max(upper) }
                })
                .collect();
            Point {
                period,
                model: fitted.mean[i],
                forecast: adjust(fitted.mean[i]),
                intervals,
                events: in_force.iter().map(|e| e.name.clone()).collect(),
            }
        })
        .collect();
    Ok(SeriesForecast {
        demand: demand.id.clone(),
        service: demand.service.clone(),
        unit: demand.unit.clone(),
        granularity,
        season,
        model: fitted.model.code(),
        model_name: fitted.model.name(),
        reason: fitted.reason,
        params: fitted.params,
        aicc: fitted.aicc,
        history: series.points.clone(),
        forecast,
        events,
    })
}

fn effect_text(percent: Option<f64>, step: Option<f64>) -> String {
    let mut parts = Vec::new();
    if let Some(p) = percent {
        parts.push(format!("{}{}%", if p >= 0.0 { "+" } else { "" }, trim(p)));
    }
    if let Some(s) = step {
        parts.push(format!("{}{}", if s >= 0.0 { "+" } else { "" }, trim(s)));
    }
    parts.join(" ")
}

/// A number without trailing zeros: `12`, `2.5`.
pub fn trim(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A figure for people: whole units from 100 on, else up to two decimals.
pub fn figure(v: f64) -> String {
    let text = if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    // No "-0".
    if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        text.trim_start_matches('-').into()
    } else {
        text
    }
}

/// A sparkline of values, one block character each, scaled from the
/// lowest to the highest value shown.
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    values
        .iter()
        .map(|&v| {
            let share = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            BARS[((share * 7.0).round() as usize).min(7)]
        })
        .collect()
}

/// A level or share without trailing zeros: `95`, `97.5`.
pub fn level_text(level: f64) -> String {
    trim(level)
}

impl Report for DemandReport {
    fn tables(&self) -> Vec<Table> {
        // One table per series, built in parallel, in series order.
        let mut tables: Vec<Table> = self
            .series
            .par_iter()
            .map(|s| {
                let mut headers = vec!["period".to_string(), "kind".to_string(), s.unit.clone()];
                for level in &self.levels {
                    headers.push(format!("lower {}%", level_text(*level)));
                    headers.push(format!("upper {}%", level_text(*level)));
                }
                headers.push("events".into());
                let mut table = Table::new(headers).titled(title(s));
                let tail = s.history.len().saturating_sub(HISTORY_TAIL);
                for (period, value) in &s.history[tail..] {
                    let mut row = vec![period.to_string(), "history".into(), figure(*value)];
                    row.extend(std::iter::repeat_n(String::new(), self.levels.len() * 2 + 1));
                    table.row(row);
                }
                for point in &s.forecast {
                    let mut row = vec![point.period.to_string(), "forecast".into(), figure(point.forecast)];
                    for b in &point.intervals {
                        row.push(figure(b.lower));
                        row.push(figure(b.upper));
                    }
                    row.push(point.events.join("; "));
                    table.row(row);
                }
                table
            })
            .collect();
        if !self.skipped.is_empty() {
            let mut table = Table::new(["demand", "service", "why not forecast"]).titled("Not forecast");
            for s in &self.skipped {
                table.row([s.demand.clone(), s.service.clone(), s.reason.clone()]);
            }
            tables.push(table);
        }
        tables
    }

    /// Exactly `service,period,forecast,lower,upper`, one row per service
    /// and future period, the bounds at the widest level requested.
    fn csv_table(&self) -> Table {
        let mut table = Table::new(["service", "period", "forecast", "lower", "upper"]);
        for s in &self.series {
            for p in &s.forecast {
                let widest = p.intervals.last();
                table.row([
                    s.service.clone(),
                    p.period.to_string(),
                    format!("{:.2}", p.forecast),
                    widest.map(|b| format!("{:.2}", b.lower)).unwrap_or_default(),
                    widest.map(|b| format!("{:.2}", b.upper)).unwrap_or_default(),
                ]);
            }
        }
        table
    }

    fn footer(&self) -> Option<String> {
        Some(format!(
            "{} series forecast, {} not; intervals at {}%",
            self.series.len(),
            self.skipped.len(),
            self.levels.iter().map(|l| level_text(*l)).collect::<Vec<_>>().join("% and ")
        ))
    }
}

/// The lines above a series' table: what it is, the model and why, the
/// sparkline, and the events.
fn title(s: &SeriesForecast) -> String {
    let history: Vec<f64> = s.history.iter().map(|(_, v)| *v).collect();
    let ahead: Vec<f64> = s.forecast.iter().map(|p| p.forecast).collect();
    let all: Vec<f64> = history.iter().chain(&ahead).copied().collect();
    let line = sparkline(&all);
    let (past, future) = line.split_at(line.char_indices().nth(history.len()).map_or(line.len(), |(i, _)| i));
    let mut text = format!(
        "{} ({}, {} {}, season {})\nmodel: {}: {}\n{past}|{future}  ({} periods of history | {} forecast)",
        s.demand,
        s.service,
        s.granularity,
        s.unit,
        s.season,
        s.model,
        s.reason,
        history.len(),
        ahead.len()
    );
    for e in &s.events {
        let state = match &e.note {
            Some(note) => format!("not applied: {note}"),
            None => "applied".into(),
        };
        text.push_str(&format!("\nevent: {} from {}, {} ({state})", e.name, e.from, e.effect));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_spans_the_blocks() {
        assert_eq!(sparkline(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]), "▁▂▃▄▅▆▇█");
        assert_eq!(sparkline(&[5.0, 5.0]), "▅▅");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn figures_read_well() {
        assert_eq!(figure(111_140.4), "111140");
        assert_eq!(figure(12.34), "12.3");
        assert_eq!(figure(1.234), "1.23");
        assert_eq!(figure(-0.001), "0.00");
    }

    fn demand(events: serde_json::Value) -> Demand {
        serde_json::from_value(serde_json::json!({
            "kind": "demand", "id": "d", "service": "s", "unit": "u", "series": "d.csv", "events": events
        }))
        .expect("demand")
    }

    #[test]
    fn events_apply_in_order_from_their_period_on() {
        // A flat history of 100 a month, 2025-01 to 2026-12: every model
        // forecasts 100. +10% from 2027-02, then +5 from 2027-03:
        // 2027-01 = 100, 2027-02 = 110, 2027-03 = 110 + 5 = 115.
        let mut period = Period::Month(2025, 1);
        let mut points = Vec::new();
        for _ in 0..24 {
            points.push((period, 100.0));
            period = period.next().unwrap();
        }
        let series = DemandSeries { demand: "d".into(), points };
        let d = demand(serde_json::json!([
            {"name": "campaign", "from": "2027-02", "percent": 10},
            {"name": "new clinic", "from": "2027-03", "step": 5},
            {"name": "old news", "from": "2026-06", "percent": 50},
            {"name": "far off", "from": "2031-01", "step": 1}
        ]));
        let options = Options { horizon: Some(3), ..Options::default() };
        let f = forecast_one(&d, Some(&series), &options).expect("forecast");
        let values: Vec<f64> = f.forecast.iter().map(|p| p.forecast).collect();
        for (got, want) in values.iter().zip([100.0, 110.0, 115.0]) {
            assert!((got - want).abs() < 1e-6, "{values:?}");
        }
        assert_eq!(f.forecast[2].events, ["campaign", "new clinic"]);
        assert!((f.forecast[2].model - 100.0).abs() < 1e-6);
        let applied: Vec<bool> = f.events.iter().map(|e| e.applied).collect();
        assert_eq!(applied, [true, true, false, false]);
        assert_eq!(f.events[2].note.as_deref(), Some("starts within the history, which already holds it"));
        // The bounds move with the forecast.
        for p in &f.forecast {
            for b in &p.intervals {
                assert!(b.lower <= p.forecast + 1e-6 && p.forecast <= b.upper + 1e-6, "{p:?}");
            }
        }
        // Horizon by default: one season of months.
        let f = forecast_one(&d, Some(&series), &Options::default()).expect("forecast");
        assert_eq!(f.forecast.len(), 12);
        assert_eq!(f.forecast[0].period, Period::Month(2027, 1));
    }

    #[test]
    fn a_series_too_short_is_skipped_with_the_reason() {
        let series = DemandSeries { demand: "d".into(), points: vec![(Period::Month(2026, 1), 1.0)] };
        let skipped = forecast_one(&demand(serde_json::json!([])), Some(&series), &Options::default()).unwrap_err();
        assert!(skipped.reason.contains("too few"), "{}", skipped.reason);
        let none = forecast_one(&demand(serde_json::json!([])), None, &Options::default()).unwrap_err();
        assert!(none.reason.contains("no readable history"));
    }

    #[test]
    fn effects_are_signed() {
        assert_eq!(effect_text(Some(12.0), None), "+12%");
        assert_eq!(effect_text(None, Some(-500.5)), "-500.5");
    }
}
