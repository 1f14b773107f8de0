//! Demand forecasting: the exponential-smoothing (ETS) family in its
//! state-space form, fitted by maximum likelihood and chosen by AICc.
//!
//! Pure numbers in, numbers out: no records, no periods, no I/O. The
//! demand report maps periods onto the indices used here.

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

/// Fits the family to `history` (oldest first), chooses a model by AICc
/// and forecasts `options.horizon` periods with intervals.
pub fn forecast(history: &[f64], options: &Options) -> Result<Forecast, Error> {
    if let Some(index) = history.iter().position(|v| !v.is_finite()) {
        return Err(Error::NotFinite { index });
    }
    if history.len() < MIN_POINTS {
        return Err(Error::TooShort { points: history.len(), needed: MIN_POINTS });
    }
    // TEMPORARY until the ETS engine lands: a level-only forecast.
    let last = history[history.len() - 1];
    Ok(Forecast {
        model: Model { error: Form::Additive, trend: Trend::None, season: None },
        reason: "temporary".into(),
        params: Params { alpha: 1.0, beta: None, gamma: None, phi: None },
        aicc: None,
        mean: vec![last; options.horizon],
        intervals: options
            .levels
            .iter()
            .map(|&level| Interval { level, lower: vec![last; options.horizon], upper: vec![last; options.horizon] })
            .collect(),
    })
}
