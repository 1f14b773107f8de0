//! Prediction intervals, from the forecast variances of Hyndman et al.
//! (2008, chapter 6; Hyndman, Koehler, Ord and Snyder, *Journal of
//! Forecasting* 24, 2005), as R's `forecast::ets` computes them. With
//! `c_j = α + β·τ_j + γ·d_j`, where `τ_j` is j (linear trend),
//! φ + … + φ^j (damped) or 0, and `d_j` is 1 when j is a multiple of m:
//!
//! - class 1, additive error with no season or an additive one: exact,
//!   `v_h = σ² (1 + Σ_{j=1}^{h−1} c_j²)`;
//! - class 2, multiplicative error with no season or an additive one:
//!   exact, `v_h = (1 + σ²) θ_h − μ_h²` with `θ_1 = μ_1²` and
//!   `θ_h = μ_h² + σ² Σ_{j=1}^{h−1} c_j² θ_{h−j}`, μ_h the point forecast;
//! - class 3, multiplicative error and season: from the first and second
//!   moments of the products of level and trend with each seasonal state,
//!   carried forward one period at a time (see [`class3`]); exact for
//!   normal errors, like R's `class3`.
//!
//! The interval is the forecast ± z·√v_h, z the normal quantile of the
//! level. No simulation, so no randomness: the same series always gives
//! the same bounds, and computing them costs a few microseconds.
//!
//! An additive error with a multiplicative season (not among the
//! automatic candidates, but [`super::forecast_with`] fits any model) has
//! no such formula: its bounds are the quantiles of 2,000 sample paths
//! simulated from the fitted model with normal errors, from a fixed seed.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use statrs::distribution::{ContinuousCDF, Normal as Gaussian};

use super::ets;
use super::fit::Fitted;
use super::{Form, Interval, Trend};

/// Sample paths for the simulated intervals.
const PATHS: usize = 2_000;
/// The seed of the simulation: any fixed number; fixed so that output is
/// deterministic.
const SEED: u64 = 0x1757_2026;

/// The intervals at each level around `mean`.
pub fn intervals(fitted: &Fitted, n: usize, mean: &[f64], levels: &[f64]) -> Vec<Interval> {
    if levels.is_empty() {
        return Vec::new();
    }
    match variances(fitted, n, mean) {
        Some(variances) => symmetric(mean, &variances, levels),
        None => simulated(fitted, n, mean, levels),
    }
}

fn z(level: f64) -> f64 {
    let standard = Gaussian::standard();
    standard.inverse_cdf(0.5 + level / 200.0)
}

/// The forecast variance at each horizon for classes 1 to 3; `None` for
/// an additive error with a multiplicative season.
fn variances(fitted: &Fitted, n: usize, mean: &[f64]) -> Option<Vec<f64>> {
    let fit = &fitted.fit;
    let model = fitted.model;
    let sigma2 = fitted.sigma2;
    let horizon = mean.len();
    let m = fitted.filtered.season.len();
    let multiplicative_season = model.season == Some(Form::Multiplicative);
    if multiplicative_season && (model.error == Form::Additive || m == 0) {
        return None;
    }
    // c_j for j = 1..horizon − 1; c[0] is unused.
    let mut c = vec![0.0; horizon];
    let (mut power, mut damped) = (1.0, 0.0);
    for (j, c) in c.iter_mut().enumerate().skip(1) {
        let tau = match model.trend {
            Trend::None => 0.0,
            Trend::Linear => j as f64,
            Trend::Damped => {
                power *= fit.phi;
                damped += power;
                damped
            }
        };
        let seasonal = if !multiplicative_season && m > 0 && j % m == 0 { fit.gamma } else { 0.0 };
        *c = fit.alpha + fit.beta * tau + seasonal;
    }
    if model.error == Form::Additive {
        let mut sum = 0.0;
        return Some(
            (0..horizon)
                .map(|h| {
                    if h > 0 {
                        sum += c[h] * c[h];
                    }
                    sigma2 * (1.0 + sum)
                })
                .collect(),
        );
    }
    if multiplicative_season {
        return Some(class3(fitted, n, horizon));
    }
    // Class 2.
    let mut theta = Vec::with_capacity(horizon);
    let mut variances = Vec::with_capacity(horizon);
    for h in 0..horizon {
        // θ for horizon h + 1: μ² + σ² Σ_{j=1}^{h} c_j² θ_{h+1−j}.
        let carried: f64 = (1..=h).map(|j| c[j] * c[j] * theta[h - j]).sum();
        let t = mean[h] * mean[h] + sigma2 * carried;
        theta.push(t);
        variances.push(((1.0 + sigma2) * t - mean[h] * mean[h]).max(0.0));
    }
    Some(variances)
}

/// Class 3: the variances from the first and second moments of the
/// products of (level, trend) with each seasonal state, carried forward
/// exactly (Hyndman et al. 2008, section 6.4, as R's `class3`).
///
/// With `L = (l, b)` and one step's error ε, the level and trend move by
/// `L' = (F + εG) L`, `F = [[1, φ], [0, φ]]`, `G = [[α, αφ], [β, βφ]]`,
/// and the seasonal state of the period by `s' = s(1 + γε)`; the others
/// stay. So each product `Z_j = L·s_j` moves by a random 2×2 matrix, its
/// own (`(1 + γε)(F + εG)` in its period, `F + εG` otherwise), and the
/// moments of one `Z_j` need nothing of the others. The forecast of the
/// period of `s_j` is `y = (1, φ)·Z_j·(1 + ε)`, so
/// `v = (1 + σ²)·E[(1, φ)Z_j]² … ` (second moment) `− (E[(1, φ)Z_j])²`.
fn class3(fitted: &Fitted, n: usize, horizon: usize) -> Vec<f64> {
    let fit = &fitted.fit;
    let sigma2 = fitted.sigma2;
    let m = fitted.filtered.season.len();
    let phi = match fitted.model.trend {
        Trend::None => 0.0,
        Trend::Linear => 1.0,
        Trend::Damped => fit.phi,
    };
    let (beta, b) = if fitted.model.trend == Trend::None { (0.0, 0.0) } else { (fit.beta, fitted.filtered.trend) };
    let f = [[1.0, phi], [0.0, phi]];
    let g = [[fit.alpha, fit.alpha * phi], [beta, beta * phi]];
    let l = [fitted.filtered.level, b];
    // Per seasonal position: E[Z_j] and E[Z_j Z_jᵀ].
    let mut means: Vec<[f64; 2]> = fitted.filtered.season.iter().map(|s| [s * l[0], s * l[1]]).collect();
    let mut seconds: Vec<[[f64; 2]; 2]> = fitted
        .filtered
        .season
        .iter()
        .map(|s| [[s * s * l[0] * l[0], s * s * l[0] * l[1]], [s * s * l[1] * l[0], s * s * l[1] * l[1]]])
        .collect();
    // One step of the moments of Z under M = F + εU + ε²W (ε normal with
    // variance σ²: E ε² = σ², E ε³ = 0, E ε⁴ = 3σ⁴).
    let advance = |mean: &mut [f64; 2], second: &mut [[f64; 2]; 2], u: &[[f64; 2]; 2], w: &[[f64; 2]; 2]| {
        let expected = |a: usize, b: usize, c: usize, d: usize| {
            f[a][b] * f[c][d]
                + sigma2 * (u[a][b] * u[c][d] + f[a][b] * w[c][d] + w[a][b] * f[c][d])
                + 3.0 * sigma2 * sigma2 * w[a][b] * w[c][d]
        };
        let mut next = [[0.0; 2]; 2];
        for (a, row) in next.iter_mut().enumerate() {
            for (c, value) in row.iter_mut().enumerate() {
                for (bb, moments) in second.iter().enumerate() {
                    for (d, moment) in moments.iter().enumerate() {
                        *value += expected(a, bb, c, d) * moment;
                    }
                }
            }
        }
        *second = next;
        let moved = [0, 1].map(|a| (0..2).map(|bb| (f[a][bb] + sigma2 * w[a][bb]) * mean[bb]).sum::<f64>());
        *mean = moved;
    };
    let zero = [[0.0; 2]; 2];
    let gamma = fit.gamma;
    let own_u = [0, 1].map(|a| [0, 1].map(|bb| g[a][bb] + gamma * f[a][bb]));
    let own_w = [0, 1].map(|a| [0, 1].map(|bb| gamma * g[a][bb]));
    let mut variances = Vec::with_capacity(horizon);
    for h in 0..horizon {
        let current = (n + h) % m;
        let (mean, second) = (&means[current], &seconds[current]);
        let expected = mean[0] + phi * mean[1];
        let square = second[0][0] + phi * (second[0][1] + second[1][0]) + phi * phi * second[1][1];
        variances.push(((1.0 + sigma2) * square - expected * expected).max(0.0));
        for j in 0..m {
            let (u, w) = if j == current { (&own_u, &own_w) } else { (&g, &zero) };
            advance(&mut means[j], &mut seconds[j], u, w);
        }
    }
    variances
}

/// The forecast ± z·√v at each level.
fn symmetric(mean: &[f64], variances: &[f64], levels: &[f64]) -> Vec<Interval> {
    levels
        .iter()
        .map(|&level| {
            let z = z(level);
            let (lower, upper) = mean
                .iter()
                .zip(variances)
                .map(|(mu, var)| {
                    let half = z * var.sqrt();
                    (mu - half, mu + half)
                })
                .unzip();
            Interval { level, lower, upper }
        })
        .collect()
}

fn simulated(fitted: &Fitted, n: usize, mean: &[f64], levels: &[f64]) -> Vec<Interval> {
    let horizon = mean.len();
    let m = fitted.fit.season.len();
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let Ok(noise) = Normal::new(0.0, fitted.sigma2.sqrt()) else {
        return levels.iter().map(|&level| Interval { level, lower: mean.to_vec(), upper: mean.to_vec() }).collect();
    };
    // draws[h] holds the simulated values at horizon h + 1.
    let mut draws = vec![Vec::with_capacity(PATHS); horizon];
    for _ in 0..PATHS {
        let mut state = (fitted.filtered.level, fitted.filtered.trend);
        let mut season = fitted.filtered.season.clone();
        for (h, column) in draws.iter_mut().enumerate() {
            let t = n + h;
            let expected = one_step(fitted, state, if m > 0 { Some(season[t % m]) } else { None });
            let e = noise.sample(&mut rng);
            let y = match fitted.model.error {
                Form::Additive => expected + e,
                Form::Multiplicative => expected * (1.0 + e),
            };
            let s = if m > 0 { Some(&mut season[t % m]) } else { None };
            if ets::step(&fitted.model, &fitted.fit, &mut state, s, y).is_none() {
                column.push(expected);
                continue;
            }
            column.push(y);
        }
    }
    for column in &mut draws {
        column.sort_unstable_by(f64::total_cmp);
    }
    levels
        .iter()
        .map(|&level| {
            let tail = (1.0 - level / 100.0) / 2.0;
            let (lower, upper) =
                draws.iter().map(|column| (quantile(column, tail), quantile(column, 1.0 - tail))).unzip();
            Interval { level, lower, upper }
        })
        .collect()
}

/// The one-step forecast from a state, as in [`ets::step`].
fn one_step(fitted: &Fitted, (l, b): (f64, f64), s: Option<f64>) -> f64 {
    let phib = match fitted.model.trend {
        Trend::None => 0.0,
        Trend::Linear => b,
        Trend::Damped => fitted.fit.phi * b,
    };
    let q = l + phib;
    match (fitted.model.season, s) {
        (Some(Form::Additive), Some(s)) => q + s,
        (Some(Form::Multiplicative), Some(s)) => q * s,
        _ => q,
    }
}

/// The `p` quantile of sorted values, interpolating linearly between
/// order statistics (type 7, as R and numpy by default).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let position = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    let weight = position - below as f64;
    sorted[below] * (1.0 - weight) + sorted[above] * weight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles() {
        assert!((z(95.0) - 1.959_963_984_540_054).abs() < 1e-9);
        assert!((z(80.0) - 1.281_551_565_544_600_4).abs() < 1e-9);
    }

    /// A fitted model made by hand: level 100, trend 2, a season of four.
    fn fitted(model: super::super::Model, sigma2: f64) -> Fitted {
        let multiplicative = model.season == Some(Form::Multiplicative);
        let season = match model.season {
            None => vec![],
            Some(_) if multiplicative => vec![0.8, 1.1, 1.3, 0.8],
            Some(_) => vec![-20.0, 10.0, 30.0, -20.0],
        };
        let fit = ets::Fit {
            alpha: 0.3,
            beta: if model.trend == Trend::None { 0.0 } else { 0.1 },
            gamma: if model.season.is_some() { 0.2 } else { 0.0 },
            phi: 0.9,
            level: 100.0,
            trend: 2.0,
            season: season.clone(),
        };
        let filtered = ets::Filtered { level: 100.0, trend: 2.0, season, fitted: vec![], errors: vec![] };
        Fitted { model, fit, filtered, minus_two_loglik: 0.0, parameters: 0, sigma2 }
    }

    /// The variance of 200,000 simulated paths at each horizon.
    fn simulated_variances(fitted: &Fitted, n: usize, horizon: usize) -> Vec<f64> {
        let paths = 200_000;
        let m = fitted.filtered.season.len();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let noise = Normal::new(0.0, fitted.sigma2.sqrt()).unwrap();
        let (mut sum, mut squares) = (vec![0.0; horizon], vec![0.0; horizon]);
        for _ in 0..paths {
            let mut state = (fitted.filtered.level, fitted.filtered.trend);
            let mut season = fitted.filtered.season.clone();
            for h in 0..horizon {
                let t = n + h;
                let expected = one_step(fitted, state, (m > 0).then(|| season[t % m]));
                let e = noise.sample(&mut rng);
                let y = match fitted.model.error {
                    Form::Additive => expected + e,
                    Form::Multiplicative => expected * (1.0 + e),
                };
                ets::step(&fitted.model, &fitted.fit, &mut state, (m > 0).then(|| &mut season[t % m]), y).unwrap();
                sum[h] += y;
                squares[h] += y * y;
            }
        }
        let p = paths as f64;
        sum.iter().zip(&squares).map(|(s, q)| q / p - (s / p) * (s / p)).collect()
    }

    /// The analytic variances against simulation, two seasons ahead, for
    /// every candidate: within the sampling error.
    #[test]
    fn analytic_variances_match_simulation() {
        use super::super::{CANDIDATES, Model, ets::point_forecasts};
        let n = 20;
        let horizon = 8;
        for model in CANDIDATES {
            let sigma2 = if model.error == Form::Additive { 25.0 } else { 0.02 };
            let fitted = fitted(model, sigma2);
            let mean = point_forecasts(&model, &fitted.fit, &fitted.filtered, n, horizon);
            let analytic = variances(&fitted, n, &mean).expect("classes 1 to 3");
            let simulated = simulated_variances(&fitted, n, horizon);
            for h in 0..horizon {
                let relative = (analytic[h] - simulated[h]).abs() / simulated[h];
                let allowed = 0.015;
                assert!(
                    relative < allowed,
                    "{} h={}: analytic {:.4}, simulated {:.4}",
                    model.code(),
                    h + 1,
                    analytic[h],
                    simulated[h]
                );
            }
        }
        let odd = Model { error: Form::Additive, trend: Trend::None, season: Some(Form::Multiplicative) };
        assert_eq!(variances(&fitted(odd, 1.0), n, &[1.0]), None);
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.125), 1.5);
        assert_eq!(quantile(&v, 1.0), 5.0);
    }
}
