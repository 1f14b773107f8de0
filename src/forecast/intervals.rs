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
    let m = fitted.filtered.season.len();
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let Ok(normal) = Normal::new(0.0, fitted.sigma2.sqrt()) else {
        return levels.iter().map(|&level| Interval { level, lower: mean.to_vec(), upper: mean.to_vec() }).collect();
    };
    let fit = &fitted.fit;
    let model = fitted.model;
    let phi = match model.trend {
        Trend::None => 0.0,
        Trend::Linear => 1.0,
        Trend::Damped => fit.phi,
    };
    // Every path advances one period at a time, all paths together, so
    // that the loop over paths has no dependence from one path to the
    // next and the compiler can vectorise it.
    let mut level = vec![fitted.filtered.level; PATHS];
    let mut trend = vec![fitted.filtered.trend; PATHS];
    let mut season: Vec<Vec<f64>> = fitted.filtered.season.iter().map(|s| vec![*s; PATHS]).collect();
    let mut noise = vec![0.0; PATHS];
    let mut draws = vec![vec![0.0; PATHS]; horizon];
    for (h, column) in draws.iter_mut().enumerate() {
        noise.iter_mut().for_each(|e| *e = normal.sample(&mut rng));
        let mut s = (m > 0).then(|| &mut season[(n + h) % m]);
        for p in 0..PATHS {
            let (l, b) = (level[p], trend[p]);
            let q = l + phi * b;
            let si = s.as_deref().map_or(0.0, |s| s[p]);
            let yhat = match model.season {
                Some(Form::Additive) => q + si,
                Some(Form::Multiplicative) => q * si,
                None => q,
            };
            // The error in data units.
            let e = match model.error {
                Form::Additive => noise[p],
                Form::Multiplicative => yhat * noise[p],
            };
            let (l2, b2, s2) = match model.season {
                Some(Form::Multiplicative) => (q + fit.alpha * e / si, phi * b + fit.beta * e / si, si + fit.gamma * e / q),
                Some(Form::Additive) => (q + fit.alpha * e, phi * b + fit.beta * e, si + fit.gamma * e),
                None => (q + fit.alpha * e, phi * b + fit.beta * e, si),
            };
            // A path that leaves the numbers (a state divided by zero)
            // keeps its state and its expected value, so that no NaN
            // reaches the bounds.
            if (yhat + e).is_finite() && l2.is_finite() && b2.is_finite() && s2.is_finite() {
                column[p] = yhat + e;
                (level[p], trend[p]) = (l2, b2);
                if let Some(s) = s.as_deref_mut() {
                    s[p] = s2;
                }
            } else {
                column[p] = if yhat.is_finite() { yhat } else { mean[h] };
            }
        }
    }
    let tails: Vec<f64> = levels.iter().map(|level| (1.0 - level / 100.0) / 2.0).collect();
    let probabilities: Vec<f64> = tails.iter().flat_map(|tail| [*tail, 1.0 - tail]).collect();
    let bounds: Vec<Vec<f64>> = draws.iter_mut().map(|column| quantiles(column, &probabilities)).collect();
    levels
        .iter()
        .enumerate()
        .map(|(i, &level)| {
            let (lower, upper) = bounds.iter().map(|b| (b[2 * i], b[2 * i + 1])).unzip();
            Interval { level, lower, upper }
        })
        .collect()
}

/// The quantiles of `values` at each probability, interpolating linearly
/// between order statistics (type 7, as R and numpy by default). Only the
/// order statistics needed are put in place (`select_nth_unstable`), which
/// is several times faster than sorting; the values are the same.
fn quantiles(values: &mut [f64], probabilities: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n == 0 {
        return vec![f64::NAN; probabilities.len()];
    }
    let positions: Vec<f64> = probabilities.iter().map(|p| p.clamp(0.0, 1.0) * (n - 1) as f64).collect();
    let mut ranks: Vec<usize> =
        positions.iter().flat_map(|p| [p.floor() as usize, (p.floor() as usize + 1).min(n - 1)]).collect();
    ranks.sort_unstable();
    ranks.dedup();
    // Each selection leaves the smaller values before the rank and the
    // larger after it, so the next rank is searched after it only.
    let mut start = 0;
    for &rank in &ranks {
        if rank >= start {
            values[start..].select_nth_unstable_by(rank - start, f64::total_cmp);
            start = rank + 1;
        }
    }
    positions
        .iter()
        .map(|position| {
            let below = position.floor() as usize;
            let above = (below + 1).min(n - 1);
            let weight = position - below as f64;
            values[below] * (1.0 - weight) + values[above] * weight
        })
        .collect()
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
        let mut v = [5.0, 3.0, 1.0, 4.0, 2.0];
        assert_eq!(quantiles(&mut v, &[0.5, 0.125, 1.0, 0.0]), [3.0, 1.5, 5.0, 1.0]);
        // The same figures as sorting, on values in no order.
        let mut v: Vec<f64> = (0..2000).map(|i| ((i * 7919) % 2003) as f64 / 7.0).collect();
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        let p = [0.025, 0.1, 0.9, 0.975];
        let got = quantiles(&mut v, &p);
        for (g, p) in got.iter().zip(p) {
            let position = p * 1999.0;
            let (b, w) = (position.floor() as usize, position.fract());
            assert_eq!(*g, sorted[b] * (1.0 - w) + sorted[b + 1] * w);
        }
    }
}
