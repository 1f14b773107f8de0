//! The forecasting engine against an independent implementation.
//!
//! `tests/data/forecast/reference.json` holds figures computed once with
//! statsmodels' `ETSModel` by `scripts/forecast-reference.py` (library
//! versions and the command are in the file's `provenance`), on three
//! public seasonal series shipped in `tests/data/forecast/` (airline
//! passengers, monthly 1949-1960; Australian beer production, quarterly;
//! Australian wool production, quarterly) and on the four demand series of
//! the example estate.

use std::path::Path;

use itsm::forecast::{self, Form, Model, Options, Params, Trend};
use serde_json::Value;

fn read_series(path: &Path) -> Vec<f64> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().skip(1).map(|line| line.split(',').nth(1).expect("value").parse().expect("number")).collect()
}

fn series(name: &str) -> Vec<f64> {
    let public = Path::new("tests/data/forecast").join(format!("{name}.csv"));
    if public.exists() {
        return read_series(&public);
    }
    read_series(&Path::new("examples/northwind/demand").join(format!("{name}.csv")))
}

fn reference() -> Value {
    let text = std::fs::read_to_string("tests/data/forecast/reference.json").expect("reference figures");
    serde_json::from_str(&text).expect("json")
}

fn model(code: &str) -> Model {
    let inner = code.trim_start_matches("ETS(").trim_end_matches(')');
    let parts: Vec<&str> = inner.split(',').collect();
    let form = |s: &str| if s == "M" { Form::Multiplicative } else { Form::Additive };
    Model {
        error: form(parts[0]),
        trend: match parts[1] {
            "N" => Trend::None,
            "A" => Trend::Linear,
            _ => Trend::Damped,
        },
        season: (parts[2] != "N").then(|| form(parts[2])),
    }
}

/// With statsmodels' fitted parameters and initial states, itsm's
/// recursions give statsmodels' one-step fitted values and forecasts to
/// within a relative 1e-9: the state-space equations are the same.
///
/// Models with a multiplicative season are left out of this comparison:
/// statsmodels 0.15 updates the seasonal state with the new level,
/// `s + γe/l_t`, where Hyndman et al. (2008, table 2.3) and R's
/// `forecast::ets` use the one-step level, `s + γe/(l_{t−1} + φb_{t−1})`,
/// as itsm does (checked by hand on airpassengers: with the new level
/// the fitted values match statsmodels' to 1e-14).
#[test]
fn the_recursions_reproduce_statsmodels() {
    let reference = reference();
    for case in reference["fixed"].as_array().expect("fixed cases") {
        let name = case["series"].as_str().unwrap();
        let code = case["model"].as_str().unwrap();
        if code.ends_with(",M)") {
            continue;
        }
        let p = &case["params"];
        let params = Params {
            alpha: p["smoothing_level"].as_f64().unwrap(),
            beta: p["smoothing_trend"].as_f64(),
            gamma: p["smoothing_seasonal"].as_f64(),
            phi: p["damping_trend"].as_f64(),
        };
        let season: Vec<f64> = numbers(&case["initial_seasonal"]);
        let states = (case["initial_level"].as_f64().unwrap(), case["initial_trend"].as_f64().unwrap());
        let want_forecast = numbers(&case["forecast"]);
        let want_fitted = numbers(&case["fitted"]);
        let y = series(name);
        let (fitted, forecast) =
            forecast::run(model(code), &params, states, &season, &y, want_forecast.len()).expect("runs");
        for (what, got, want) in [("fitted", &fitted, &want_fitted), ("forecast", &forecast, &want_forecast)] {
            assert_eq!(got.len(), want.len());
            for (t, (g, w)) in got.iter().zip(want).enumerate() {
                assert!(
                    (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                    "{name} {code} {what}[{t}]: itsm {g}, statsmodels {w}"
                );
            }
        }
    }
}

/// Fitting the same model, itsm reaches a likelihood at least as high as
/// statsmodels' (less 0.01) on every case: both start from the same
/// heuristic initial states, and itsm also optimises the initial level and
/// trend. Where itsm's optimum is higher, the forecasts differ by more
/// than numerical noise: they agree within 6% at every horizon, and the
/// larger differences are on the cases where itsm's likelihood is higher.
#[test]
fn fitted_models_are_at_least_as_likely_as_statsmodels() {
    let reference = reference();
    let mut worst: f64 = 0.0;
    for case in reference["fixed"].as_array().expect("fixed cases") {
        let name = case["series"].as_str().unwrap();
        let code = case["model"].as_str().unwrap();
        let season = case["season"].as_u64().unwrap() as usize;
        let want = numbers(&case["forecast"]);
        let y = series(name);
        let options = Options { season, horizon: want.len(), levels: vec![95.0] };
        let got = forecast::forecast_with(model(code), &y, &options).expect("fits");
        let theirs = case["loglik"].as_f64().unwrap();
        assert!(
            got.log_likelihood >= theirs - 0.01,
            "{name} {code}: log-likelihood itsm {:.3}, statsmodels {theirs:.3}",
            got.log_likelihood
        );
        for (h, (g, w)) in got.mean.iter().zip(&want).enumerate() {
            let relative = (g - w).abs() / w.abs();
            worst = worst.max(relative);
            assert!(relative < 0.06, "{name} {code} h={}: itsm {g:.2}, statsmodels {w:.2}", h + 1);
        }
        eprintln!("{name:20} {code:11} log-likelihood itsm {:10.3}  statsmodels {theirs:10.3}", got.log_likelihood);
    }
    eprintln!("largest relative difference of a forecast from statsmodels': {:.2}%", 100.0 * worst);
}

fn numbers(value: &Value) -> Vec<f64> {
    value.as_array().map(|a| a.iter().map(|v| v.as_f64().expect("number")).collect()).unwrap_or_default()
}

const PUBLIC: [&str; 3] = ["airpassengers", "ausbeer", "woolyrnq"];

/// Hold out the last season of each series, choose a model automatically
/// on the rest, and compare the mean absolute scaled error (scaled by the
/// in-sample seasonal naive error) with statsmodels' automatic choice over
/// the same candidates and with the seasonal naive forecast.
#[test]
fn holdout_accuracy_matches_statsmodels_and_beats_seasonal_naive() {
    let reference = reference();
    let mut rows = Vec::new();
    for case in reference["holdout"].as_array().expect("holdout cases") {
        let name = case["series"].as_str().unwrap();
        let season = case["season"].as_u64().unwrap() as usize;
        let theirs = case["statsmodels_mase"].as_f64().unwrap();
        let naive_reference = case["seasonal_naive_mase"].as_f64().unwrap();
        let y = series(name);
        let (train, test) = y.split_at(y.len() - season);
        let options = Options { season, horizon: season, levels: vec![95.0] };
        let ours = forecast::forecast(train, &options).expect("forecast");
        let mase = forecast::mase(test, &ours.mean, train, season).expect("scale");
        let naive = forecast::mase(test, &forecast::seasonal_naive(train, season, season), train, season).unwrap();
        assert!((naive - naive_reference).abs() < 1e-9, "{name}: the seasonal naive MASE is computed the same way");
        rows.push((name.to_string(), ours.model.code(), mase, theirs, naive));
    }
    for (name, code, mase, theirs, naive) in &rows {
        eprintln!("{name:20} itsm {code} {mase:.3}   statsmodels {theirs:.3}   seasonal naive {naive:.3}");
    }
    // The public series: no worse than statsmodels (5% slack for the
    // optimisers), and clearly better than seasonal naive (by 10%), except
    // on woolyrnq, whose last held-out year broke its pattern: there no
    // method does much better than repeating the year before (statsmodels
    // 2.018 against 2.045), and itsm must merely not do worse.
    for (name, code, mase, theirs, naive) in rows.iter().filter(|r| PUBLIC.contains(&r.0.as_str())) {
        assert!(*mase <= theirs * 1.05, "{name}: itsm {code} MASE {mase:.3} is worse than statsmodels' {theirs:.3}");
        let margin = if name == "woolyrnq" { 1.0 } else { 0.9 };
        assert!(*mase <= naive * margin, "{name}: itsm MASE {mase:.3} against seasonal naive {naive:.3}");
    }
    // The example series: clearly better than seasonal naive each.
    for (name, _, mase, _, naive) in rows.iter().filter(|r| !PUBLIC.contains(&r.0.as_str())) {
        assert!(*mase <= naive * 0.9, "{name}: itsm MASE {mase:.3} against seasonal naive {naive:.3}");
    }
    // Over all series, itsm is at least as accurate as statsmodels.
    let ours: f64 = rows.iter().map(|r| r.2).sum::<f64>() / rows.len() as f64;
    let theirs: f64 = rows.iter().map(|r| r.3).sum::<f64>() / rows.len() as f64;
    assert!(ours <= theirs, "mean MASE: itsm {ours:.3}, statsmodels {theirs:.3}");
}
