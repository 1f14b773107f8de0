//! Prediction intervals.
//!
//! - Additive error with no season or an additive one (the linear models,
//!   class 1 of Hyndman et al. 2008, chapter 6): the forecast variance is
//!   exact, `σ² (1 + Σ_{j=1}^{h−1} c_j²)` with `c_j = α + β·τ_j + γ·d_j`,
//!   `τ_j` = j (linear trend), φ + … + φ^j (damped) or 0, and `d_j` = 1
//!   when j is a multiple of m. The interval is the forecast ± z·sd.
//! - Every other model: 2,000 sample paths simulated from the fitted
//!   state-space model with normal errors, from a fixed seed (so the same
//!   series always gives the same bounds), and the empirical quantiles.

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
    let linear = fitted.model.error == Form::Additive && fitted.model.season != Some(Form::Multiplicative);
    if linear { analytic(fitted, mean, levels) } else { simulated(fitted, n, mean, levels) }
}

fn z(level: f64) -> f64 {
    let standard = Gaussian::standard();
    standard.inverse_cdf(0.5 + level / 200.0)
}

fn analytic(fitted: &Fitted, mean: &[f64], levels: &[f64]) -> Vec<Interval> {
    let fit = &fitted.fit;
    let m = fit.season.len();
    let mut variances = Vec::with_capacity(mean.len());
    let mut sum = 0.0;
    let mut tau_damped = 0.0;
    let mut power = 1.0;
    for h in 1..=mean.len() {
        variances.push(fitted.sigma2 * (1.0 + sum));
        // c_j for j = h, added for the next horizon.
        let j = h;
        let tau = match fitted.model.trend {
            Trend::None => 0.0,
            Trend::Linear => j as f64,
            Trend::Damped => {
                power *= fit.phi;
                tau_damped += power;
                tau_damped
            }
        };
        let seasonal = if m > 0 && j % m == 0 { fit.gamma } else { 0.0 };
        let c = fit.alpha + fit.beta * tau + seasonal;
        sum += c * c;
    }
    levels
        .iter()
        .map(|&level| {
            let z = z(level);
            let (lower, upper) = mean
                .iter()
                .zip(&variances)
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

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.125), 1.5);
        assert_eq!(quantile(&v, 1.0), 5.0);
    }
}
