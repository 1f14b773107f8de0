//! Demand forecasting: the exponential-smoothing (ETS) family in its
//! state-space form, fitted by maximum likelihood and chosen by AICc.
//!
//! Pure numbers in, numbers out: no records, no periods, no I/O. The
//! demand report maps periods onto the indices used here.

mod ets;
mod fit;
mod intervals;

use std::fmt;

use serde::Serialize;

/// What to forecast and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Season length in periods (12 for months, 4 for quarters, 52 for
    /// weeks, 7 for days); 1 or less means no seasonality is considered.
    pub season: usize,
    /// How many periods ahead.
    pub horizon: usize,
    /// Prediction interval levels in percent, such as `[80.0, 95.0]`.
    pub levels: Vec<f64>,
}

/// Additive or multiplicative, for errors and seasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Additive,
    Multiplicative,
}

/// The trend component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    None,
    Linear,
    Damped,
}

/// One member of the family, named ETS(error, trend, season).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Model {
    pub error: Form,
    pub trend: Trend,
    pub season: Option<Form>,
}

impl Model {
    /// The ETS code, such as `ETS(M,Ad,M)`.
    pub fn code(&self) -> String {
        let e = match self.error {
            Form::Additive => "A",
            Form::Multiplicative => "M",
        };
        let t = match self.trend {
            Trend::None => "N",
            Trend::Linear => "A",
            Trend::Damped => "Ad",
        };
        let s = match self.season {
            None => "N",
            Some(Form::Additive) => "A",
            Some(Form::Multiplicative) => "M",
        };
        format!("ETS({e},{t},{s})")
    }

    /// The model's everyday name, such as `Holt-Winters multiplicative,
    /// damped trend`.
    pub fn name(&self) -> String {
        let trend = match self.trend {
            Trend::None => None,
            Trend::Linear => Some("linear trend"),
            Trend::Damped => Some("damped trend"),
        };
        match (self.season, trend) {
            (None, None) => "simple exponential smoothing".into(),
            (None, Some(t)) => format!("Holt, {t}"),
            (Some(s), t) => {
                let s = match s {
                    Form::Additive => "additive",
                    Form::Multiplicative => "multiplicative",
                };
                match t {
                    None => format!("Holt-Winters {s}, no trend"),
                    Some(t) => format!("Holt-Winters {s}, {t}"),
                }
            }
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

/// Fitted smoothing parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    pub alpha: f64,
    pub beta: Option<f64>,
    pub gamma: Option<f64>,
    pub phi: Option<f64>,
}

/// A prediction interval at one level, one bound per future period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    /// In percent, such as 95.
    pub level: f64,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
}

/// A fitted model and its forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub model: Model,
    /// Why this model: the candidates compared, and any fallback taken
    /// (too short for a season or a trend), in a sentence a person reads.
    pub reason: String,
    pub params: Params,
    /// AICc of the chosen model; `None` when it was not chosen by AICc.
    pub aicc: Option<f64>,
    /// The log-likelihood of the fitted model.
    pub log_likelihood: f64,
    /// The point forecast, `horizon` values.
    pub mean: Vec<f64>,
    /// One interval per requested level, in the order requested.
    pub intervals: Vec<Interval>,
}

/// Why a series cannot be forecast.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Fewer points than the simplest model needs.
    TooShort { points: usize, needed: usize },
    /// A value is NaN or infinite.
    NotFinite { index: usize },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Self::TooShort { points, needed } => {
                write!(f, "{points} points are too few to forecast; at least {needed} are needed")
            }
            Self::NotFinite { index } => write!(f, "value {} is not a finite number", index + 1),
        }
    }
}

impl std::error::Error for Error {}

/// The fewest points any model is fitted to.
pub const MIN_POINTS: usize = 3;

/// How many of the best-ranked candidates are searched in full.
pub const FINALISTS: usize = 3;

/// How far above the lowest AICc of the screening search a finalist may
/// be and still be searched in full. The full search can reorder the
/// finalists: on 487 series (400 of a generated estate, 87 windows of the
/// reference series) the winner was ranked second by the screening 11
/// times, 2.6 at most above the first, and third twice, once 5.9 above
/// it (the weekly example series). At 10, "essentially no support" in
/// Burnham and Anderson's terms (2002), every one of those series chose
/// the same model with the same AICc as with no margin, and the full
/// searches took half as many evaluations.
pub const FINALIST_MARGIN: f64 = 10.0;

/// The fewest points a trend is fitted to.
pub const MIN_TREND_POINTS: usize = 6;

/// Every model of the automatic choice, in the order ties are broken.
/// Additive errors with a multiplicative season are left out, as in R's
/// `forecast::ets`: their variance is unstable.
pub const CANDIDATES: [Model; 15] = {
    use Form::{Additive as A, Multiplicative as M};
    const fn m(error: Form, trend: Trend, season: Option<Form>) -> Model {
        Model { error, trend, season }
    }
    [
        m(A, Trend::None, None),
        m(A, Trend::Linear, None),
        m(A, Trend::Damped, None),
        m(A, Trend::None, Some(A)),
        m(A, Trend::Linear, Some(A)),
        m(A, Trend::Damped, Some(A)),
        m(M, Trend::None, None),
        m(M, Trend::Linear, None),
        m(M, Trend::Damped, None),
        m(M, Trend::None, Some(A)),
        m(M, Trend::Linear, Some(A)),
        m(M, Trend::Damped, Some(A)),
        m(M, Trend::None, Some(M)),
        m(M, Trend::Linear, Some(M)),
        m(M, Trend::Damped, Some(M)),
    ]
};

fn check(history: &[f64]) -> Result<(), Error> {
    if let Some(index) = history.iter().position(|v| !v.is_finite()) {
        return Err(Error::NotFinite { index });
    }
    if history.len() < MIN_POINTS {
        return Err(Error::TooShort { points: history.len(), needed: MIN_POINTS });
    }
    Ok(())
}

/// Fits the family to `history` (oldest first), chooses a model by AICc
/// and forecasts `options.horizon` periods with intervals.
///
/// The candidates are narrowed first, and the reason says so: a season
/// needs a season length above 1 and at least two full seasons; a trend
/// needs [`MIN_TREND_POINTS`]; multiplicative forms need every value above
/// zero. A model with as many parameters as points, or more, has no AICc
/// and is left out; when none is left, simple exponential smoothing is
/// fitted without a comparison.
pub fn forecast(history: &[f64], options: &Options) -> Result<Forecast, Error> {
    check(history)?;
    let n = history.len();
    let m = options.season;
    let mut notes = Vec::new();
    let seasonal = m > 1 && n >= 2 * m;
    if m > 1 && !seasonal {
        notes.push(format!("no season: {n} points are fewer than two seasons of {m}"));
    }
    let trend = n >= MIN_TREND_POINTS;
    if !trend {
        notes.push(format!("no trend: {n} points are fewer than {MIN_TREND_POINTS}"));
    }
    let positive = history.iter().all(|v| *v > 0.0);
    if !positive {
        notes.push("additive forms only: the series has values of zero or below".into());
    }
    let eligible: Vec<Model> = CANDIDATES
        .iter()
        .copied()
        .filter(|c| c.season.is_none() || seasonal)
        .filter(|c| c.trend == Trend::None || trend)
        .filter(|c| positive || (c.error == Form::Additive && c.season != Some(Form::Multiplicative)))
        .collect();
    // Rank every candidate by a quick search, then search the three best
    // (those within FINALIST_MARGIN of the best) in full, from where the
    // quick search ended, and keep the lowest AICc of those.
    // The heuristic's initial states depend on whether there is a trend
    // and on the season only: computed once for each such pair.
    let mut initial: Vec<((bool, Option<Form>), fit::Initial)> = Vec::new();
    let mut screened: Vec<(f64, fit::Searched, usize)> = Vec::with_capacity(eligible.len());
    for model in &eligible {
        let key = (model.trend != Trend::None, model.season);
        let i = match initial.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let states = ets::initial_states(history, model.trend, model.season.map(|form| (form, m)));
                initial.push((key, states));
                initial.len() - 1
            }
        };
        let Some(searched) = fit::search(*model, history, m, &initial[i].1, None, fit::SCREEN) else { continue };
        let Some(aicc) = searched.aicc(n) else { continue };
        screened.push((aicc, searched, i));
    }
    let compared = screened.len();
    screened.sort_by(|a, b| a.0.total_cmp(&b.0));
    let lowest = screened.first().map_or(f64::INFINITY, |(aicc, _, _)| *aicc);
    let mut best: Option<(f64, fit::Fitted)> = None;
    for (_, rough, i) in screened.iter().take(FINALISTS).take_while(|(aicc, _, _)| *aicc <= lowest + FINALIST_MARGIN) {
        let searched = fit::search(rough.model, history, m, &initial[*i].1, Some(&rough.fit), fit::FINAL);
        let Some(fitted) = searched.and_then(|s| fit::complete(s, history)) else { continue };
        let Some(aicc) = fitted.aicc(n) else { continue };
        if best.as_ref().is_none_or(|(b, _)| aicc < *b) {
            best = Some((aicc, fitted));
        }
    }
    let (aicc, fitted, mut reason) = match best {
        Some((aicc, fitted)) => {
            let why = format!("lowest AICc of {compared} candidate{}", if compared == 1 { "" } else { "s" });
            (Some(aicc), fitted, why)
        }
        None => {
            let simple = Model { error: Form::Additive, trend: Trend::None, season: None };
            let fitted = fit::fit(simple, history, m).ok_or(Error::TooShort { points: n, needed: MIN_POINTS })?;
            (None, fitted, format!("{n} points are too few to compare models by AICc"))
        }
    };
    if !notes.is_empty() {
        reason = format!("{reason}; {}", notes.join("; "));
    }
    Ok(finish(&fitted, history, options, aicc, reason))
}

/// Fits one given model, without the automatic choice: what the reference
/// tests compare with other implementations.
pub fn forecast_with(model: Model, history: &[f64], options: &Options) -> Result<Forecast, Error> {
    check(history)?;
    let n = history.len();
    if model.season.is_some() && !(options.season > 1 && n >= 2 * options.season) {
        return Err(Error::TooShort { points: n, needed: 2 * options.season.max(2) });
    }
    let fitted = fit::fit(model, history, options.season).ok_or(Error::TooShort { points: n, needed: MIN_POINTS })?;
    let aicc = fitted.aicc(n);
    Ok(finish(&fitted, history, options, aicc, "given".into()))
}

fn finish(fitted: &fit::Fitted, history: &[f64], options: &Options, aicc: Option<f64>, reason: String) -> Forecast {
    let n = history.len();
    let mean = ets::point_forecasts(&fitted.model, &fitted.fit, &fitted.filtered, n, options.horizon);
    let mut intervals = intervals::intervals(fitted, n, &mean, &options.levels);
    // Demand is never negative: when the history has no value below zero,
    // neither have the bounds.
    if history.iter().all(|v| *v >= 0.0) {
        for interval in &mut intervals {
            interval.lower.iter_mut().for_each(|v| *v = v.max(0.0));
        }
    }
    let model = fitted.model;
    let params = Params {
        alpha: fitted.fit.alpha,
        beta: (model.trend != Trend::None).then_some(fitted.fit.beta),
        gamma: model.season.map(|_| fitted.fit.gamma),
        phi: (model.trend == Trend::Damped).then_some(fitted.fit.phi),
    };
    Forecast { model, reason, params, aicc, log_likelihood: -fitted.minus_two_loglik / 2.0, mean, intervals }
}

/// The one-step fitted values and the point forecasts of `model` with
/// given parameters and initial states (`season[j]` for observations `t`
/// with `t mod m = j`), without fitting: what the reference tests use to
/// check the recursions against another implementation.
pub fn run(
    model: Model,
    params: &Params,
    (level, trend): (f64, f64),
    season: &[f64],
    history: &[f64],
    horizon: usize,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let fit = ets::Fit {
        alpha: params.alpha,
        beta: params.beta.unwrap_or(0.0),
        gamma: params.gamma.unwrap_or(0.0),
        phi: params.phi.unwrap_or(1.0),
        level,
        trend,
        season: season.to_vec(),
    };
    let filtered = ets::filter(&model, &fit, history)?;
    let mean = ets::point_forecasts(&model, &fit, &filtered, history.len(), horizon);
    Some((filtered.fitted, mean))
}

/// The seasonal naive forecast: each future period repeats the same
/// period of the last season (the last value when `season` ≤ 1).
pub fn seasonal_naive(history: &[f64], season: usize, horizon: usize) -> Vec<f64> {
    let m = season.max(1).min(history.len().max(1));
    let n = history.len();
    (0..horizon).map(|h| history.get(n - m + h % m).copied().unwrap_or(f64::NAN)).collect()
}

/// The mean absolute scaled error of `forecast` against `actual`, scaled
/// by the in-sample mean absolute error of the seasonal naive forecast
/// (Hyndman and Koehler, 2006). `None` when the scale is zero or there is
/// nothing to compare.
pub fn mase(actual: &[f64], forecast: &[f64], history: &[f64], season: usize) -> Option<f64> {
    let m = season.max(1);
    if history.len() <= m || actual.is_empty() || actual.len() != forecast.len() {
        return None;
    }
    let scale = history.windows(m + 1).map(|w| (w[m] - w[0]).abs()).sum::<f64>() / (history.len() - m) as f64;
    let error = actual.iter().zip(forecast).map(|(a, f)| (a - f).abs()).sum::<f64>() / actual.len() as f64;
    (scale > 0.0).then(|| error / scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(season: usize, horizon: usize) -> Options {
        Options { season, horizon, levels: vec![80.0, 95.0] }
    }

    #[test]
    fn too_short_and_not_finite_are_errors() {
        assert_eq!(
            forecast(&[1.0, 2.0], &options(12, 3)),
            Err(Error::TooShort { points: 2, needed: 3 }).map(|_: ()| unreachable!())
        );
        assert_eq!(forecast(&[1.0, f64::NAN, 3.0], &options(1, 3)).unwrap_err(), Error::NotFinite { index: 1 });
    }

    #[test]
    fn a_constant_series_forecasts_itself() {
        let f = forecast(&[50.0; 30], &options(12, 5)).unwrap();
        for v in &f.mean {
            assert!((v - 50.0).abs() < 1e-6, "{:?}", f.mean);
        }
        for i in &f.intervals {
            assert!(i.lower.iter().zip(&i.upper).all(|(l, u)| l <= u));
        }
    }

    #[test]
    fn a_straight_line_is_continued() {
        // 100 + 10t, t = 0..23: Holt continues it to 340, 350, 360.
        let y: Vec<f64> = (0..24).map(|t| 100.0 + 10.0 * t as f64).collect();
        let f = forecast_with(Model { error: Form::Additive, trend: Trend::Linear, season: None }, &y, &options(1, 3))
            .unwrap();
        for (got, want) in f.mean.iter().zip([340.0, 350.0, 360.0]) {
            assert!((got - want).abs() < 0.5, "{:?}", f.mean);
        }
    }

    #[test]
    fn a_periodic_series_keeps_its_season() {
        // Four seasons of 10, 20, 30, 20: the next season repeats.
        let y: Vec<f64> = (0..16).map(|t| [10.0, 20.0, 30.0, 20.0][t % 4]).collect();
        let f = forecast(&y, &options(4, 4)).unwrap();
        assert!(f.model.season.is_some(), "{}", f.reason);
        for (got, want) in f.mean.iter().zip([10.0, 20.0, 30.0, 20.0]) {
            assert!((got - want).abs() < 0.5, "{:?} {}", f.mean, f.reason);
        }
    }

    #[test]
    fn short_series_fall_back_and_say_why() {
        // 18 monthly points: fewer than two seasons of 12.
        let y: Vec<f64> = (0..18).map(|t| 100.0 + (t % 5) as f64).collect();
        let f = forecast(&y, &options(12, 3)).unwrap();
        assert!(f.model.season.is_none());
        assert!(f.reason.contains("no season: 18 points are fewer than two seasons of 12"), "{}", f.reason);
        // 5 points: no trend either.
        let f = forecast(&[10.0, 12.0, 11.0, 13.0, 12.0], &options(12, 2)).unwrap();
        assert_eq!(f.model.trend, Trend::None);
        assert!(f.reason.contains("no trend: 5 points are fewer than 6"), "{}", f.reason);
        // 3 points: too few for AICc; simple smoothing anyway.
        let f = forecast(&[10.0, 12.0, 11.0], &options(1, 2)).unwrap();
        assert_eq!(f.aicc, None);
        assert!(f.reason.contains("too few to compare models by AICc"), "{}", f.reason);
        // A zero value rules out multiplicative forms.
        let y: Vec<f64> = (0..30).map(|t| (t % 7) as f64).collect();
        let f = forecast(&y, &options(7, 7)).unwrap();
        assert_eq!(f.model.error, Form::Additive);
        assert!(f.reason.contains("additive forms only"), "{}", f.reason);
        assert!(f.intervals.iter().all(|i| i.lower.iter().all(|v| *v >= 0.0)), "bounds clamped at zero");
    }

    #[test]
    fn the_same_series_gives_the_same_bits() {
        let y: Vec<f64> = (0..48).map(|t| 100.0 + t as f64 * 2.0 + 15.0 * ((t % 12) as f64 / 2.0).sin()).collect();
        assert_eq!(forecast(&y, &options(12, 12)), forecast(&y, &options(12, 12)));
    }

    #[test]
    fn seasonal_naive_and_mase_by_hand() {
        assert_eq!(seasonal_naive(&[1.0, 2.0, 3.0, 4.0], 2, 3), [3.0, 4.0, 3.0]);
        // In-sample seasonal differences |3-1|, |4-2| = 2: scale 2.
        // Errors |5-4|, |3-4| = 1: MASE 0.5.
        assert_eq!(mase(&[5.0, 3.0], &[4.0, 4.0], &[1.0, 2.0, 3.0, 4.0], 2), Some(0.5));
        assert_eq!(mase(&[1.0], &[1.0], &[1.0, 1.0, 1.0], 1), None);
    }
}
