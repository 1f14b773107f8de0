//! `itsm demand forecast --plot FILE.svg`: history, forecast and the widest
//! interval band of each series, one chart per series stacked in one SVG,
//! drawn with plotters. Text is SVG text, so no font files are read.

use plotters::prelude::*;

use crate::report::demand::SeriesForecast;

const WIDTH: u32 = 960;
const CHART_HEIGHT: u32 = 360;

const HISTORY: RGBColor = RGBColor(31, 78, 121);
const FORECAST: RGBColor = RGBColor(214, 96, 39);
const BAND: RGBColor = RGBColor(244, 190, 160);
const LIMIT: RGBColor = RGBColor(190, 30, 45);

/// The charts of `series` as an SVG document; `capacity` gives the
/// capacity to draw across a series' chart, when it has one in its unit.
pub fn svg(series: &[SeriesForecast], capacity: &dyn Fn(&SeriesForecast) -> Option<f64>) -> Result<String, String> {
    let mut text = String::new();
    {
        let height = CHART_HEIGHT * u32::try_from(series.len().max(1)).unwrap_or(1);
        let root = SVGBackend::with_string(&mut text, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let areas = root.split_evenly((series.len().max(1), 1));
        for (s, area) in series.iter().zip(areas) {
            chart(s, capacity(s), &area).map_err(|e| format!("cannot draw the chart of `{}`: {e}", s.demand))?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(text)
}

fn chart<DB: DrawingBackend>(
    s: &SeriesForecast,
    capacity: Option<f64>,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Result<(), String>
where
    DB::ErrorType: 'static,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let history: Vec<(f64, f64)> = s.history.iter().enumerate().map(|(i, (_, v))| (i as f64, *v)).collect();
    let start = s.history.len().saturating_sub(1) as f64;
    let ahead = |i: usize| start + 1.0 + i as f64;
    let forecast: Vec<(f64, f64)> = history
        .last()
        .copied()
        .into_iter()
        .chain(s.forecast.iter().enumerate().map(|(i, p)| (ahead(i), p.forecast)))
        .collect();
    let band: Vec<(f64, f64, f64)> = s
        .forecast
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.intervals.last().map(|b| (ahead(i), b.lower, b.upper)))
        .collect();
    let values =
        history.iter().map(|p| p.1).chain(forecast.iter().map(|p| p.1)).chain(band.iter().flat_map(|b| [b.1, b.2]));
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo.is_finite() && hi > lo { (lo, hi) } else { (lo.min(0.0), lo.max(0.0) + 1.0) };
    let pad = (hi - lo) * 0.05;
    let x_end = ahead(s.forecast.len().saturating_sub(1)).max(1.0);
    let periods: Vec<String> =
        s.history.iter().map(|(p, _)| p.to_string()).chain(s.forecast.iter().map(|p| p.period.to_string())).collect();
    let level = s.forecast.first().and_then(|p| p.intervals.last()).map(|b| b.level);
    let caption = format!("{} ({}): {} {}", s.demand, s.service, s.model, s.model_name);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(72)
        .build_cartesian_2d(0.0..x_end, (lo - pad).max(if lo >= 0.0 { 0.0 } else { f64::MIN })..hi + pad)
        .map_err(err)?;
    chart
        .configure_mesh()
        .y_desc(s.unit.clone())
        .x_labels(8)
        .x_label_formatter(&|x| periods.get(x.round().max(0.0) as usize).cloned().unwrap_or_default())
        .y_label_formatter(&|y| crate::report::demand::figure(*y))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    if !band.is_empty() {
        let outline: Vec<(f64, f64)> =
            band.iter().map(|b| (b.0, b.2)).chain(band.iter().rev().map(|b| (b.0, b.1))).collect();
        let label =
            level.map_or("interval".to_string(), |l| format!("{}% interval", crate::report::demand::level_text(l)));
        chart
            .draw_series(std::iter::once(Polygon::new(outline, BAND.mix(0.6).filled())))
            .map_err(err)?
            .label(label)
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BAND.filled()));
    }
    chart
        .draw_series(LineSeries::new(history, HISTORY.stroke_width(2)))
        .map_err(err)?
        .label("history")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], HISTORY.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(forecast, FORECAST.stroke_width(2)))
        .map_err(err)?
        .label("forecast")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], FORECAST.stroke_width(2)));
    if let Some(limit) = capacity {
        chart
            .draw_series(LineSeries::new([(0.0, limit), (x_end, limit)], LIMIT.stroke_width(1)))
            .map_err(err)?
            .label(format!("capacity {}", crate::report::demand::figure(limit)))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], LIMIT.stroke_width(1)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(err)?;
    Ok(())
}
