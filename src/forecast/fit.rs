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
/// The least value of β and γ.
const FLOOR: f64 = 1e-4;

/// A real number mapped into (lo, hi).
fn within(x: f64, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) / (1.0 + (-x).exp())
}

/// The inverse of [`within`], for a value inside (lo, hi).
fn logit(v: f64, lo: f64, hi: f64) -> f64 {
    let p = ((v - lo) / (hi - lo)).clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}
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
    /// The parameters from a point of the search space. The smoothing
    /// parameters are searched on the logit scale of their admissible
    /// ranges, so that every point is admissible and Nelder-Mead never
    /// meets a wall: α in (10⁻⁴, 0.9999), β in (10⁻⁴, α), γ in
    /// (10⁻⁴, 1 − α), φ in (0.8, 0.98).
    fn decode(&self, x: &[f64]) -> Fit {
        Fit { season: self.season.to_vec(), ..self.decode_smoothing(x) }
    }

    /// As [`Problem::decode`], without the seasonal states.
    fn decode_smoothing(&self, x: &[f64]) -> Fit {
        let mut i = 0;
        let mut next = || {
            let v = x[i];
            i += 1;
            v
        };
        let alpha = within(next(), ALPHA.0, ALPHA.1);
        let beta = if self.model.trend != Trend::None { within(next(), FLOOR, alpha) } else { 0.0 };
        let gamma = if self.model.season.is_some() { within(next(), FLOOR, 1.0 - alpha) } else { 0.0 };
        let phi = if self.model.trend == Trend::Damped { within(next(), PHI.0, PHI.1) } else { 1.0 };
        let level = next();
        let trend = if self.model.trend != Trend::None { next() } else { 0.0 };
        Fit { alpha, beta, gamma, phi, level, trend, season: Vec::new() }
    }

    /// The point of the search space of given smoothing parameters and
    /// states: the inverse of [`Problem::decode`].
    fn encode(&self, fit: &Fit) -> Vec<f64> {
        let mut x = vec![logit(fit.alpha, ALPHA.0, ALPHA.1)];
        if self.model.trend != Trend::None {
            x.push(logit(fit.beta, FLOOR, fit.alpha));
        }
        if self.model.season.is_some() {
            x.push(logit(fit.gamma, FLOOR, 1.0 - fit.alpha));
        }
        if self.model.trend == Trend::Damped {
            x.push(logit(fit.phi, PHI.0, PHI.1));
        }
        x.push(fit.level);
        if self.model.trend != Trend::None {
            x.push(fit.trend);
        }
        x
    }

    /// −2 log-likelihood, or `None` outside the numbers.
    fn likelihood(&self, fit: &Fit, scratch: &mut [f64]) -> Option<(f64, f64)> {
        let (sse, relative) = ets::sums(&self.model, fit, self.season, self.y, scratch)?;
        let n = self.y.len() as f64;
        let (sse, log_scale) = match self.model.error {
            Form::Additive => (sse, 0.0),
            Form::Multiplicative => relative?,
        };
        let sigma2 = (sse / n).max(f64::MIN_POSITIVE);
        let value = n * (2.0 * std::f64::consts::PI * sigma2).ln() + n + 2.0 * log_scale;
        value.is_finite().then_some((value, sigma2))
    }
}

impl CostFunction for Problem<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, x: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        let fit = self.decode_smoothing(x);
        let mut scratch = vec![0.0; self.season.len()];
        Ok(self.likelihood(&fit, &mut scratch).map_or(OUTSIDE, |(value, _)| value))
    }
}

/// How hard to search.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    /// Nelder-Mead runs, each restarted from the last one's optimum.
    pub runs: usize,
    /// Iterations allowed per run, per dimension.
    pub iterations: u64,
    /// The standard deviation of the simplex's costs that ends a run.
    pub tolerance: f64,
}

/// The search that ranks the candidates.
pub const SCREEN: Effort = Effort { runs: 1, iterations: 60, tolerance: 1e-2 };
/// The search for a model that is kept.
pub const FULL: Effort = Effort { runs: 2, iterations: 250, tolerance: 1e-4 };

/// Fits `model` to `y` with season length `m` (ignored without a season).
pub fn fit(model: Model, y: &[f64], m: usize) -> Option<Fitted> {
    fit_from(model, y, m, None, FULL)
}

/// Fits `model` to `y`, starting from `start` (an earlier fit of the same
/// model) when given, else from the heuristic initial states.
pub fn fit_from(model: Model, y: &[f64], m: usize, start: Option<&Fit>, effort: Effort) -> Option<Fitted> {
    let season = model.season.map(|form| (form, m));
    let (level, trend, indices) = ets::initial_states(y, model.trend, season);
    let problem = Problem { model, y, season: &indices };
    let start = match start {
        Some(fit) => problem.encode(fit),
        None => problem.encode(&Fit { alpha: 0.2, beta: 0.02, gamma: 0.05, phi: 0.95, level, trend, season: vec![] }),
    };
    let scale = y.iter().map(|v| v.abs()).sum::<f64>() / y.len() as f64;
    let mut best = start;
    // Nelder-Mead, restarted from its optimum with a fresh simplex: the
    // restart escapes a simplex that collapsed early.
    for _ in 0..effort.runs {
        best = minimise(&problem, &best, scale, effort)?;
    }
    let fit = problem.decode(&best);
    let (value, sigma2) = problem.likelihood(&fit, &mut vec![0.0; fit.season.len()])?;
    let filtered = ets::filter(&model, &fit, y)?;
    let smoothing = 1
        + usize::from(model.trend != Trend::None)
        + usize::from(model.season.is_some())
        + usize::from(model.trend == Trend::Damped);
    let states = 1 + usize::from(model.trend != Trend::None) + model.season.map_or(0, |_| m - 1);
    Some(Fitted { model, fit, filtered, minus_two_loglik: value, parameters: smoothing + states + 1, sigma2 })
}

/// One Nelder-Mead run from `start`, with a simplex whose steps suit each
/// coordinate: one unit on the logit scale for the smoothing parameters, a
/// tenth of the series' scale for the states.
fn minimise(problem: &Problem<'_>, start: &[f64], scale: f64, effort: Effort) -> Option<Vec<f64>> {
    let smoothing = start.len() - 1 - usize::from(problem.model.trend != Trend::None);
    let mut simplex = vec![start.to_vec()];
    for i in 0..start.len() {
        let mut vertex = start.to_vec();
        vertex[i] += if i < smoothing { 1.0 } else { 0.1 * vertex[i].abs().max(0.1 * scale).max(1e-3) };
        simplex.push(vertex);
    }
    let solver = NelderMead::new(simplex).with_sd_tolerance(effort.tolerance).ok()?;
    let result = Executor::new(Problem { model: problem.model, y: problem.y, season: problem.season }, solver)
        .configure(|state| state.max_iters(effort.iterations * start.len() as u64))
        .run()
        .ok()?;
    result.state.best_param
}
