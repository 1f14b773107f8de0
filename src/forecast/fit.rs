//! Maximum-likelihood fitting of one ETS model: the smoothing parameters
//! and the initial level and trend are found by Nelder-Mead on the
//! concentrated log-likelihood; the initial seasonal states come from the
//! decomposition heuristic and stay fixed, which keeps the search in at
//! most six dimensions.
//!
//! The search is written out here rather than taken from a library: a
//! point is a fixed array, the simplex lives on the stack, and one
//! evaluation of the likelihood allocates nothing. A series is searched a
//! few thousand times, so this is most of the time a forecast takes.

use super::ets::{self, Fit};
use super::{Form, Model, Trend};

/// Admissible ranges, as in R's `forecast::ets` and statsmodels.
const ALPHA: (f64, f64) = (1e-4, 0.9999);
const PHI: (f64, f64) = (0.8, 0.98);
/// The least value of β and γ.
const FLOOR: f64 = 1e-4;

/// The most dimensions a search has: α, β, γ, φ, l₀, b₀.
const DIMENSIONS: usize = 6;
/// A point of the search space; only the first `dimensions` are used.
type Point = [f64; DIMENSIONS];

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
        aicc(self.minus_two_loglik, self.parameters, n)
    }
}

fn aicc(minus_two_loglik: f64, parameters: usize, n: usize) -> Option<f64> {
    let k = parameters as f64;
    let n = n as f64;
    (n - k - 1.0 > 0.0).then(|| minus_two_loglik + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0))
}

/// The parameters counted by AICc: smoothing parameters, initial states
/// and the variance.
pub fn parameters(model: Model, m: usize) -> usize {
    let smoothing = 1
        + usize::from(model.trend != Trend::None)
        + usize::from(model.season.is_some())
        + usize::from(model.trend == Trend::Damped);
    let states = 1 + usize::from(model.trend != Trend::None) + model.season.map_or(0, |_| m - 1);
    smoothing + states + 1
}

/// The problem Nelder-Mead solves: x = [α, β?, γ?, φ?, l₀, b₀?].
struct Problem<'a> {
    model: Model,
    y: &'a [f64],
    season: &'a [f64],
    /// How many smoothing parameters a point has: its first coordinates.
    smoothing: usize,
    /// How many coordinates a point has.
    dimensions: usize,
}

impl Problem<'_> {
    fn new<'a>(model: Model, y: &'a [f64], season: &'a [f64]) -> Problem<'a> {
        let trend = usize::from(model.trend != Trend::None);
        let smoothing = 1 + trend + usize::from(model.season.is_some()) + usize::from(model.trend == Trend::Damped);
        Problem { model, y, season, smoothing, dimensions: smoothing + 1 + trend }
    }

    /// The parameters from a point of the search space. The smoothing
    /// parameters are searched on the logit scale of their admissible
    /// ranges, so that every point is admissible and Nelder-Mead never
    /// meets a wall: α in (10⁻⁴, 0.9999), β in (10⁻⁴, α), γ in
    /// (10⁻⁴, 1 − α), φ in (0.8, 0.98).
    fn decode(&self, x: &Point) -> Fit {
        Fit { season: self.season.to_vec(), ..self.decode_smoothing(x) }
    }

    /// As [`Problem::decode`], without the seasonal states.
    fn decode_smoothing(&self, x: &Point) -> Fit {
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
    fn encode(&self, fit: &Fit) -> Point {
        let mut x = [0.0; DIMENSIONS];
        let mut i = 0;
        let mut push = |v: f64| {
            x[i] = v;
            i += 1;
        };
        push(logit(fit.alpha, ALPHA.0, ALPHA.1));
        if self.model.trend != Trend::None {
            push(logit(fit.beta, FLOOR, fit.alpha));
        }
        if self.model.season.is_some() {
            push(logit(fit.gamma, FLOOR, 1.0 - fit.alpha));
        }
        if self.model.trend == Trend::Damped {
            push(logit(fit.phi, PHI.0, PHI.1));
        }
        push(fit.level);
        if self.model.trend != Trend::None {
            push(fit.trend);
        }
        x
    }

    /// −2 log-likelihood and σ², or `None` outside the numbers.
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

    /// The cost Nelder-Mead minimises: −2 log-likelihood, or [`OUTSIDE`].
    fn cost(&self, x: &Point, scratch: &mut [f64]) -> f64 {
        let fit = self.decode_smoothing(x);
        self.likelihood(&fit, scratch).map_or(OUTSIDE, |(value, _)| value)
    }
}

/// How hard to search.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    /// Nelder-Mead runs, each restarted from the last one's optimum.
    pub runs: usize,
    /// Iterations allowed per run, per dimension.
    pub iterations: usize,
    /// The standard deviation of the simplex's costs that ends a run.
    pub tolerance: f64,
}

/// The search that ranks the candidates: a loose tolerance, since only
/// the finalists' figures are kept. On 400 series of a generated estate
/// and on the reference series, 0.3 instead of 0.01 leaves the chosen
/// model and its AICc as they were on all but a few series, where the
/// searches end in different local optima, as often better as worse;
/// it takes a third of the evaluations.
pub const SCREEN: Effort = Effort { runs: 1, iterations: 60, tolerance: 0.3 };
/// The search of a finalist, from where its screening search ended.
pub const FINAL: Effort = Effort { runs: 1, iterations: 250, tolerance: 1e-3 };
/// The search for a single given model: restarted once from its own
/// optimum, with a tight tolerance.
pub const FULL: Effort = Effort { runs: 2, iterations: 250, tolerance: 1e-4 };

/// Fits `model` to `y` with season length `m` (ignored without a season).
pub fn fit(model: Model, y: &[f64], m: usize) -> Option<Fitted> {
    fit_from(model, y, m, None, FULL)
}

/// Fits `model` to `y`, starting from `start` (an earlier fit of the same
/// model) when given, else from the heuristic initial states.
pub fn fit_from(model: Model, y: &[f64], m: usize, start: Option<&Fit>, effort: Effort) -> Option<Fitted> {
    let initial = ets::initial_states(y, model.trend, model.season.map(|form| (form, m)));
    complete(search(model, y, m, &initial, start, effort)?, y)
}

/// The result of a search, before the recursion is run over the series
/// to its last states: all that ranking the candidates needs.
#[derive(Debug, Clone)]
pub struct Searched {
    pub model: Model,
    pub fit: Fit,
    /// −2 log-likelihood.
    pub minus_two_loglik: f64,
    /// As in [`Fitted`].
    pub parameters: usize,
    pub sigma2: f64,
}

impl Searched {
    /// AICc; `None` when the series is too short for it (n ≤ k + 1).
    pub fn aicc(&self, n: usize) -> Option<f64> {
        aicc(self.minus_two_loglik, self.parameters, n)
    }
}

/// The initial level, trend and seasonal states of the heuristic, as
/// [`ets::initial_states`] gives them for a model's trend and season.
pub type Initial = (f64, f64, Vec<f64>);

/// Searches `model` on `y` from the heuristic initial states `initial`
/// (those of the model's trend and season), starting from `start` when
/// given.
pub fn search(
    model: Model,
    y: &[f64],
    m: usize,
    (level, trend, indices): &Initial,
    start: Option<&Fit>,
    effort: Effort,
) -> Option<Searched> {
    let problem = Problem::new(model, y, indices);
    let start = match start {
        Some(fit) => problem.encode(fit),
        None => problem.encode(&Fit {
            alpha: 0.2,
            beta: 0.02,
            gamma: 0.05,
            phi: 0.95,
            level: *level,
            trend: *trend,
            season: vec![],
        }),
    };
    let scale = y.iter().map(|v| v.abs()).sum::<f64>() / y.len() as f64;
    let mut scratch = vec![0.0; 2 * indices.len()];
    let mut best = start;
    // Nelder-Mead, restarted from its optimum with a fresh simplex: the
    // restart escapes a simplex that collapsed early.
    for _ in 0..effort.runs {
        best = minimise(&problem, &best, scale, effort, &mut scratch);
    }
    let fit = problem.decode(&best);
    let (value, sigma2) = problem.likelihood(&fit, &mut scratch)?;
    Some(Searched { model, fit, minus_two_loglik: value, parameters: parameters(model, m), sigma2 })
}

/// A searched model with its states run forward over `y`.
pub fn complete(searched: Searched, y: &[f64]) -> Option<Fitted> {
    let Searched { model, fit, minus_two_loglik, parameters, sigma2 } = searched;
    let filtered = ets::filter(&model, &fit, y)?;
    Some(Fitted { model, fit, filtered, minus_two_loglik, parameters, sigma2 })
}

/// One Nelder-Mead run from `start`, with a simplex whose steps suit each
/// coordinate: one unit on the logit scale for the smoothing parameters, a
/// tenth of the series' scale for the states. The coefficients are the
/// usual ones (reflection 1, expansion 2, contraction ½, shrink ½); a run
/// ends when the standard deviation of the costs at the vertices falls
/// below the tolerance, or after `iterations` per dimension.
fn minimise(problem: &Problem<'_>, start: &Point, scale: f64, effort: Effort, scratch: &mut [f64]) -> Point {
    let d = problem.dimensions;
    let smoothing = problem.smoothing;
    let mut cost = |x: &Point| problem.cost(x, scratch);
    let mut points = [[0.0; DIMENSIONS]; DIMENSIONS + 1];
    let mut costs = [0.0; DIMENSIONS + 1];
    points[0] = *start;
    for i in 0..d {
        let mut vertex = *start;
        vertex[i] += if i < smoothing { 1.0 } else { 0.1 * vertex[i].abs().max(0.1 * scale).max(1e-3) };
        points[i + 1] = vertex;
    }
    for i in 0..=d {
        costs[i] = cost(&points[i]);
    }
    let mut order = [0usize; DIMENSIONS + 1];
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    let sort = |order: &mut [usize; DIMENSIONS + 1], costs: &[f64; DIMENSIONS + 1]| {
        // Insertion sort, stable: ties keep the older vertex first.
        for i in 1..=d {
            let mut j = i;
            while j > 0 && costs[order[j]] < costs[order[j - 1]] {
                order.swap(j, j - 1);
                j -= 1;
            }
        }
    };
    sort(&mut order, &costs);
    let along = |from: &Point, to: &Point, t: f64| {
        let mut x = *from;
        for k in 0..d {
            x[k] = from[k] + t * (to[k] - from[k]);
        }
        x
    };
    for _ in 0..effort.iterations * d {
        let mean = costs[..=d].iter().sum::<f64>() / (d + 1) as f64;
        let spread = (costs[..=d].iter().map(|c| (c - mean) * (c - mean)).sum::<f64>() / (d + 1) as f64).sqrt();
        if spread < effort.tolerance {
            break;
        }
        let (best, second, worst) = (order[0], order[d - 1], order[d]);
        let mut centroid = [0.0; DIMENSIONS];
        for &i in &order[..d] {
            for k in 0..d {
                centroid[k] += points[i][k];
            }
        }
        for c in &mut centroid[..d] {
            *c /= d as f64;
        }
        let reflected = along(&centroid, &points[worst], -1.0);
        let fr = cost(&reflected);
        if fr < costs[best] {
            let expanded = along(&centroid, &points[worst], -2.0);
            let fe = cost(&expanded);
            (points[worst], costs[worst]) = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < costs[second] {
            (points[worst], costs[worst]) = (reflected, fr);
        } else {
            let (contracted, fc, accept) = if fr < costs[worst] {
                let x = along(&centroid, &reflected, 0.5);
                let fc = cost(&x);
                (x, fc, fc <= fr)
            } else {
                let x = along(&centroid, &points[worst], 0.5);
                let fc = cost(&x);
                (x, fc, fc < costs[worst])
            };
            if accept {
                (points[worst], costs[worst]) = (contracted, fc);
            } else {
                let anchor = points[best];
                for &i in &order[1..=d] {
                    points[i] = along(&anchor, &points[i], 0.5);
                    costs[i] = cost(&points[i]);
                }
            }
        }
        sort(&mut order, &costs);
    }
    points[order[0]]
}
