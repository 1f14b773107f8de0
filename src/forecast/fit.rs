//! Maximum-likelihood fitting of one ETS model: the smoothing parameters
//! and the initial level and trend are found by Nelder-Mead (argmin) on
//! the concentrated log-likelihood; the initial seasonal states come from
//! the decomposition heuristic and stay fixed, which keeps the search in
//! at most six dimensions.

use argmin::core::{CostFunction, Executor};
use argmin::solver::neldermead::NelderMead;

use super::ets::{self, Fit};
use super::{Form, Model, Trend};

/// Admissible ranges, as in R's `forecast::ets` and statsmodels.
const ALPHA: (f64, f64) = (1e-4, 0.9999);
const PHI: (f64, f64) = (0.8, 0.98);
/// What a point outside the admissible region costs.
const OUTSIDE: f64 = 1e12;

/// A fitted model with its likelihood.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub model: Model,
    pub fit: Fit,
    pub filtered: ets::Filtered,
    /// −2 log-likelihood.
    pub minus_two_loglik: f64,
    /// Parameters counted by the information criteria: smoothing
    /// parameters, initial states and the variance.
    pub parameters: usize,
    /// The variance of the one-step errors (relative errors for a
    /// multiplicative error), by maximum likelihood: SSE / n.
    pub sigma2: f64,
}

impl Fitted {
    /// AICc; `None` when the series is too short for it (n ≤ k + 1).
    pub fn aicc(&self, n: usize) -> Option<f64> {
        let k = self.parameters as f64;
        let n = n as f64;
        (n - k - 1.0 > 0.0).then(|| self.minus_two_loglik + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0))
    }
}

/// The problem Nelder-Mead solves: x = [α, β?, γ?, φ?, l₀, b₀?].
struct Problem<'a> {
    model: Model,
    y: &'a [f64],
    season: &'a [f64],
}

impl Problem<'_> {
    fn decode(&self, x: &[f64]) -> Fit {
        let mut i = 0;
        let mut next = || {
            let v = x[i];
            i += 1;
            v
        };
        let alpha = next();
        let beta = if self.model.trend != Trend::None { next() } else { 0.0 };
        let gamma = if self.model.season.is_some() { next() } else { 0.0 };
        let phi = if self.model.trend == Trend::Damped { next() } else { 1.0 };
        let level = next();
        let trend = if self.model.trend != Trend::None { next() } else { 0.0 };
        Fit { alpha, beta, gamma, phi, level, trend, season: self.season.to_vec() }
    }

    fn admissible(fit: &Fit, model: &Model) -> bool {
        let inside = |v: f64, (lo, hi): (f64, f64)| v >= lo && v <= hi;
        inside(fit.alpha, ALPHA)
            && (model.trend == Trend::None || (fit.beta >= 1e-4 && fit.beta <= fit.alpha))
            && (model.season.is_none() || (fit.gamma >= 1e-4 && fit.gamma <= 1.0 - fit.alpha))
            && (model.trend != Trend::Damped || inside(fit.phi, PHI))
    }

    /// −2 log-likelihood less its constant, or `None` outside the numbers.
    fn objective(&self, fit: &Fit) -> Option<(f64, ets::Filtered, f64)> {
        let filtered = ets::filter(&self.model, fit, self.y)?;
        let n = self.y.len() as f64;
        let (sse, log_scale) = match self.model.error {
            Form::Additive => (filtered.errors.iter().map(|e| e * e).sum::<f64>(), 0.0),
            Form::Multiplicative => {
                let mut sse = 0.0;
                let mut logs = 0.0;
                for (e, yhat) in filtered.errors.iter().zip(&filtered.fitted) {
                    if *yhat <= 0.0 {
                        return None;
                    }
                    sse += (e / yhat).powi(2);
                    logs += yhat.ln();
                }
                (sse, logs)
            }
        };
        let sigma2 = (sse / n).max(f64::MIN_POSITIVE);
        let value = n * (2.0 * std::f64::consts::PI * sigma2).ln() + n + 2.0 * log_scale;
        value.is_finite().then_some((value, filtered, sigma2))
    }
}

impl CostFunction for Problem<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, x: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        let fit = self.decode(x);
        if !Self::admissible(&fit, &self.model) {
            return Ok(OUTSIDE);
        }
        Ok(self.objective(&fit).map_or(OUTSIDE, |(value, _, _)| value))
    }
}

/// Fits `model` to `y` with season length `m` (ignored without a season).
pub fn fit(model: Model, y: &[f64], m: usize) -> Option<Fitted> {
    let season = model.season.map(|form| (form, m));
    let (level, trend, indices) = ets::initial_states(y, model.trend, season);
    let problem = Problem { model, y, season: &indices };
    let mut start = vec![0.2];
    if model.trend != Trend::None {
        start.push(0.02);
    }
    if model.season.is_some() {
        start.push(0.05);
    }
    if model.trend == Trend::Damped {
        start.push(0.95);
    }
    start.push(level);
    if model.trend != Trend::None {
        start.push(trend);
    }
    let scale = y.iter().map(|v| v.abs()).sum::<f64>() / y.len() as f64;
    let mut best = start;
    // Nelder-Mead twice: the restart from the first optimum with a fresh
    // simplex escapes a simplex that collapsed early.
    for _ in 0..2 {
        best = minimise(&problem, &best, scale)?;
    }
    let fit = problem.decode(&best);
    if !Problem::admissible(&fit, &model) {
        return None;
    }
    let (value, filtered, sigma2) = problem.objective(&fit)?;
    let smoothing = 1
        + usize::from(model.trend != Trend::None)
        + usize::from(model.season.is_some())
        + usize::from(model.trend == Trend::Damped);
    let states = 1 + usize::from(model.trend != Trend::None) + model.season.map_or(0, |_| m - 1);
    Some(Fitted { model, fit, filtered, minus_two_loglik: value, parameters: smoothing + states + 1, sigma2 })
}

/// One Nelder-Mead run from `start`, with a simplex whose steps suit each
/// coordinate: a tenth for the smoothing parameters, a tenth of the
/// series' scale for the states.
fn minimise(problem: &Problem<'_>, start: &[f64], scale: f64) -> Option<Vec<f64>> {
    let smoothing = start.len() - 1 - usize::from(problem.model.trend != Trend::None);
    let mut simplex = vec![start.to_vec()];
    for i in 0..start.len() {
        let mut vertex = start.to_vec();
        let step = if i < smoothing {
            0.1 * vertex[i].abs().max(0.05)
        } else {
            0.1 * vertex[i].abs().max(0.1 * scale).max(1e-3)
        };
        vertex[i] += if i < smoothing && vertex[i] + step > 0.99 { -step } else { step };
        simplex.push(vertex);
    }
    let solver = NelderMead::new(simplex).with_sd_tolerance(1e-10).ok()?;
    let result = Executor::new(Problem { model: problem.model, y: problem.y, season: problem.season }, solver)
        .configure(|state| state.max_iters(400 * start.len() as u64))
        .run()
        .ok()?;
    result.state.best_param
}
