//! The ETS state-space recursions (Hyndman, Koehler, Ord and Snyder,
//! *Forecasting with Exponential Smoothing*, 2008, table 2.3), written in
//! their error-correction form with the one-step error in data units:
//!
//! ```text
//! q  = l + φb                       (φ = 1 for a linear trend, b = 0 without)
//! ŷ  = q + s  |  q · s  |  q        (additive, multiplicative, no season)
//! e  = y − ŷ
//! l' = q + α e        b' = φb + β e        s' = s + γ e        (additive season, no season)
//! l' = q + α e / s    b' = φb + β e / s    s' = s + γ e / q    (multiplicative season)
//! ```
//!
//! These updates are the same whether the error is additive or
//! multiplicative (with a multiplicative error ε = e / ŷ, each update of the
//! book reduces to the one above); the error type changes the likelihood
//! and the prediction intervals only.

use super::{Form, Model, Trend};

/// Smoothing parameters and initial states of one fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
    pub level: f64,
    pub trend: f64,
    /// Initial seasonal states, `season[j]` for observations `t` with
    /// `t mod m = j`; empty without a season.
    pub season: Vec<f64>,
}

/// The states after the last observation, and the one-step errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Filtered {
    pub level: f64,
    pub trend: f64,
    /// Seasonal states by position `t mod m`.
    pub season: Vec<f64>,
    /// One-step forecasts.
    pub fitted: Vec<f64>,
    /// One-step errors in data units.
    pub errors: Vec<f64>,
}

/// One step of the recursion from state (l, b, s) with observation y;
/// returns the one-step forecast and updates the state in place. `None`
/// when the state has left the numbers (a multiplicative model dividing by
/// zero).
#[inline]
pub fn step(model: &Model, fit: &Fit, state: &mut (f64, f64), s: Option<&mut f64>, y: f64) -> Option<f64> {
    let (l, b) = *state;
    let phib = match model.trend {
        Trend::None => 0.0,
        Trend::Linear => b,
        Trend::Damped => fit.phi * b,
    };
    let q = l + phib;
    let (yhat, level, trend) = match (model.season, s) {
        (Some(Form::Additive), Some(s)) => {
            let yhat = q + *s;
            let e = y - yhat;
            *s += fit.gamma * e;
            (yhat, q + fit.alpha * e, phib + fit.beta * e)
        }
        (Some(Form::Multiplicative), Some(s)) => {
            let yhat = q * *s;
            if *s == 0.0 || q == 0.0 {
                return None;
            }
            let e = y - yhat;
            let (level, trend) = (q + fit.alpha * e / *s, phib + fit.beta * e / *s);
            *s += fit.gamma * e / q;
            (yhat, level, trend)
        }
        _ => {
            let e = y - q;
            (q, q + fit.alpha * e, phib + fit.beta * e)
        }
    };
    *state = (level, trend);
    (yhat.is_finite() && level.is_finite() && trend.is_finite()).then_some(yhat)
}

/// Runs the recursion over `y`.
pub fn filter(model: &Model, fit: &Fit, y: &[f64]) -> Option<Filtered> {
    let m = fit.season.len();
    let mut season = fit.season.clone();
    let mut state = (fit.level, fit.trend);
    let mut fitted = Vec::with_capacity(y.len());
    let mut errors = Vec::with_capacity(y.len());
    for (t, &value) in y.iter().enumerate() {
        let s = if m > 0 { Some(&mut season[t % m]) } else { None };
        let yhat = step(model, fit, &mut state, s, value)?;
        fitted.push(yhat);
        errors.push(value - yhat);
    }
    Some(Filtered { level: state.0, trend: state.1, season, fitted, errors })
}

/// The sums the likelihood needs, without keeping the fitted values: the
/// sum of squared errors in data units, of squared relative errors, and
/// of the logarithms of the one-step forecasts (`None` for the last two
/// when a forecast is zero or below). The initial seasonal states are
/// `initial` (not `fit.season`, which may be empty here); `scratch` is
/// space for twice as many numbers.
///
/// The search calls this a few thousand times per series, so the
/// recursion is compiled once per combination of trend, season and error
/// (the `match` below), with no branch on the model inside the loop.
pub fn sums(
    model: &Model,
    fit: &Fit,
    initial: &[f64],
    y: &[f64],
    scratch: &mut [f64],
) -> Option<(f64, Option<(f64, f64)>)> {
    let (season, inverse) = scratch.split_at_mut(initial.len());
    season.copy_from_slice(initial);
    const N: u8 = 0;
    const A: u8 = 1;
    const M: u8 = 2;
    let phi = match model.trend {
        Trend::None => 0.0,
        Trend::Linear => 1.0,
        Trend::Damped => fit.phi,
    };
    let trend = model.trend != Trend::None;
    let relative = model.error == Form::Multiplicative;
    match (model.season, trend, relative) {
        (None, false, false) => kernel::<N, false, false>(fit, phi, y, season, inverse),
        (None, false, true) => kernel::<N, false, true>(fit, phi, y, season, inverse),
        (None, true, false) => kernel::<N, true, false>(fit, phi, y, season, inverse),
        (None, true, true) => kernel::<N, true, true>(fit, phi, y, season, inverse),
        (Some(Form::Additive), false, false) => kernel::<A, false, false>(fit, phi, y, season, inverse),
        (Some(Form::Additive), false, true) => kernel::<A, false, true>(fit, phi, y, season, inverse),
        (Some(Form::Additive), true, false) => kernel::<A, true, false>(fit, phi, y, season, inverse),
        (Some(Form::Additive), true, true) => kernel::<A, true, true>(fit, phi, y, season, inverse),
        (Some(Form::Multiplicative), false, false) => kernel::<M, false, false>(fit, phi, y, season, inverse),
        (Some(Form::Multiplicative), false, true) => kernel::<M, false, true>(fit, phi, y, season, inverse),
        (Some(Form::Multiplicative), true, false) => kernel::<M, true, false>(fit, phi, y, season, inverse),
        (Some(Form::Multiplicative), true, true) => kernel::<M, true, true>(fit, phi, y, season, inverse),
    }
}

/// [`sums`] for one kind of model: `SEASON` 0 (none), 1 (additive) or 2
/// (multiplicative); `TREND` whether there is one (φ is 1 for a linear
/// trend); `RELATIVE` whether the relative errors are summed too. The
/// recursion is that of [`step`].
#[inline(always)]
fn kernel<const SEASON: u8, const TREND: bool, const RELATIVE: bool>(
    fit: &Fit,
    phi: f64,
    y: &[f64],
    season: &mut [f64],
    inverse: &mut [f64],
) -> Option<(f64, Option<(f64, f64)>)> {
    let m = season.len();
    if SEASON == 2 && inverse.len() < m {
        return None;
    }
    if SEASON != 0 && m == 0 {
        return None;
    }
    let (alpha, beta, gamma) = (fit.alpha, fit.beta, fit.gamma);
    let (mut sse, mut relative, mut logs, mut positive) = (0.0, 0.0, 0.0, true);
    // The logarithms of the forecasts are summed as the logarithm of
    // products of eight, which calls `ln` an eighth as often; eight
    // forecasts below 1e38 each cannot overflow.
    let (mut product, mut in_product, mut exponent) = (1.0f64, 0, 0i64);
    if SEASON == 2 {
        for (over_s, s) in inverse.iter_mut().zip(season.iter()) {
            *over_s = 1.0 / *s;
        }
    }
    // The position in the season, counted rather than taken modulo m.
    let mut j = 0;
    // The updates are those of `step`, rearranged so that the chain from
    // one step to the next is one multiplication and one addition. With
    // `a` the observation less its season (`y − s`, `y / s` or `y`), the
    // error is `e = a − q` in units of the level (divided by s with a
    // multiplicative season), and
    //
    //   l' = q + α(a − q)          b' = φb + β(a − q)
    //   q' = l' + φb' = (1 − α − φβ) q + (α + φβ) a + φ²b
    //
    // where `(α + φβ) a + φ²b` does not depend on this step's q. The
    // error, the sums and the seasonal state are off that chain.
    let (phi, b0) = if TREND { (phi, fit.trend) } else { (0.0, 0.0) };
    let (beta, keep, take, carry) = if TREND {
        (beta, 1.0 - alpha - phi * beta, alpha + phi * beta, phi * phi)
    } else {
        (0.0, 1.0 - alpha, alpha, 0.0)
    };
    let (mut q, mut b) = (fit.level + phi * b0, b0);
    for &value in y {
        let yhat;
        let e;
        let adjusted;
        if SEASON == 1 {
            let s = season[j];
            adjusted = value - s;
            yhat = q + s;
            e = value - yhat;
            season[j] = s + gamma * e;
        } else if SEASON == 2 {
            // `inverse` holds 1/s beside each seasonal state, so that a
            // step divides twice (by q, and for the new 1/s) instead of
            // four times.
            let (s, over_s) = (season[j], inverse[j]);
            adjusted = value * over_s;
            yhat = q * s;
            e = value - yhat;
            let error_over_q = e / q;
            let updated = s + gamma * error_over_q;
            season[j] = updated;
            inverse[j] = 1.0 / updated;
            if RELATIVE {
                // e / ŷ, with ŷ = q·s.
                let r = error_over_q * over_s;
                relative += r * r;
            }
        } else {
            adjusted = value;
            yhat = q;
            e = value - yhat;
        }
        let next = (take * adjusted + carry * b) + keep * q;
        if TREND {
            b = phi * b + beta * (adjusted - q);
        }
        q = next;
        if SEASON != 0 {
            j += 1;
            if j == m {
                j = 0;
            }
        }
        sse += e * e;
        if RELATIVE {
            if SEASON != 2 {
                let r = e / yhat;
                relative += r * r;
            }
            if yhat > 0.0 && yhat < 1e38 {
                product *= yhat;
                in_product += 1;
                if in_product == 8 {
                    // The exponent of the product moves to an integer sum
                    // and the product restarts from its mantissa, in
                    // [1, 2): one `ln` per run instead of one per eight
                    // steps.
                    if product.is_normal() {
                        let bits = product.to_bits();
                        exponent += ((bits >> 52) & 0x7ff) as i64 - 1023;
                        product = f64::from_bits((bits & !(0x7ff << 52)) | (1023 << 52));
                    } else {
                        logs += product.ln();
                        product = 1.0;
                    }
                    in_product = 0;
                }
            } else {
                positive = false;
            }
        }
    }
    logs += exponent as f64 * std::f64::consts::LN_2;
    // One check for the whole run instead of one per step: a state that
    // left the numbers (a seasonal state or a level of zero divides by
    // zero) leaves the sums out of them too.
    if !(sse.is_finite() && relative.is_finite() && q.is_finite() && b.is_finite()) {
        return None;
    }
    logs += product.ln();
    Some((sse, (RELATIVE && positive).then_some((relative, logs))))
}

/// The point forecasts `h = 1..=horizon` from the states after `n`
/// observations.
pub fn point_forecasts(model: &Model, fit: &Fit, last: &Filtered, n: usize, horizon: usize) -> Vec<f64> {
    let m = last.season.len();
    let mut damp_sum = 0.0;
    let mut damp = 1.0;
    (1..=horizon)
        .map(|h| {
            let trend = match model.trend {
                Trend::None => 0.0,
                Trend::Linear => h as f64 * last.trend,
                Trend::Damped => {
                    damp *= fit.phi;
                    damp_sum += damp;
                    damp_sum * last.trend
                }
            };
            let q = last.level + trend;
            match model.season {
                Some(Form::Additive) => q + last.season[(n + h - 1) % m],
                Some(Form::Multiplicative) => q * last.season[(n + h - 1) % m],
                None => q,
            }
        })
        .collect()
}

/// Initial states by the heuristic of Hyndman et al. (2008, section
/// 2.6.1): seasonal indices from a classical decomposition of the first
/// few seasons (a centred moving average of order m), then level and trend
/// from a straight line through the first ten seasonally adjusted values.
/// The seasonal model needs at least two full seasons.
pub fn initial_states(y: &[f64], trend: Trend, season: Option<(Form, usize)>) -> (f64, f64, Vec<f64>) {
    let mut adjusted = y.to_vec();
    let mut indices = Vec::new();
    if let Some((form, m)) = season {
        let cycles = (y.len() / m).clamp(2, 5);
        let head = &y[..(cycles * m).min(y.len())];
        let centred = centred_average(head, m);
        let mut sums = vec![0.0; m];
        let mut counts = vec![0usize; m];
        for (t, (value, average)) in head.iter().zip(&centred).enumerate() {
            if let Some(average) = average {
                let index = match form {
                    Form::Additive => value - average,
                    Form::Multiplicative if *average != 0.0 => value / average,
                    Form::Multiplicative => 1.0,
                };
                sums[t % m] += index;
                counts[t % m] += 1;
            }
        }
        indices = sums.iter().zip(&counts).map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 }).collect();
        match form {
            Form::Additive => {
                let mean = indices.iter().sum::<f64>() / m as f64;
                indices.iter_mut().for_each(|s| *s -= mean);
            }
            Form::Multiplicative => {
                indices.iter_mut().for_each(|s| {
                    if *s <= 0.0 {
                        *s = 1.0
                    }
                });
                let mean = indices.iter().sum::<f64>() / m as f64;
                indices.iter_mut().for_each(|s| *s /= mean);
            }
        }
        for (t, value) in adjusted.iter_mut().enumerate() {
            match form {
                Form::Additive => *value -= indices[t % m],
                Form::Multiplicative => *value /= indices[t % m],
            }
        }
    }
    let head = &adjusted[..adjusted.len().min(10)];
    let (level, slope) = match trend {
        Trend::None => (head.iter().sum::<f64>() / head.len().max(1) as f64, 0.0),
        Trend::Linear | Trend::Damped => line(head),
    };
    (level, slope, indices)
}

/// The centred moving average of order m (2×m when m is even) at each
/// point where it is defined.
fn centred_average(y: &[f64], m: usize) -> Vec<Option<f64>> {
    let n = y.len();
    let half = m / 2;
    (0..n)
        .map(|t| {
            if m % 2 == 1 {
                (t >= half && t + half < n).then(|| y[t - half..=t + half].iter().sum::<f64>() / m as f64)
            } else {
                (t >= half && t + half < n).then(|| {
                    let inner: f64 = y[t + 1 - half..t + half].iter().sum();
                    (0.5 * y[t - half] + inner + 0.5 * y[t + half]) / m as f64
                })
            }
        })
        .collect()
}

/// Least-squares line through (1, y₀), (2, y₁), …: the intercept at 0 and
/// the slope.
fn line(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    if y.len() < 2 {
        return (y.first().copied().unwrap_or(0.0), 0.0);
    }
    let mean_t = (n + 1.0) / 2.0;
    let mean_y = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let dt = (i + 1) as f64 - mean_t;
        sxy += dt * (v - mean_y);
        sxx += dt * dt;
    }
    let slope = sxy / sxx;
    (mean_y - slope * mean_t, slope)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(trend: Trend, season: Option<Form>) -> Model {
        Model { error: Form::Additive, trend, season }
    }

    #[test]
    fn simple_smoothing_by_hand() {
        // α = 0.5, l₀ = 10, y = 12, 11, 15:
        // ŷ₁ = 10, e = 2, l = 11; ŷ₂ = 11, e = 0, l = 11; ŷ₃ = 11, e = 4, l = 13.
        let fit = Fit { alpha: 0.5, beta: 0.0, gamma: 0.0, phi: 1.0, level: 10.0, trend: 0.0, season: vec![] };
        let m = model(Trend::None, None);
        let out = filter(&m, &fit, &[12.0, 11.0, 15.0]).unwrap();
        assert_eq!(out.fitted, [10.0, 11.0, 11.0]);
        assert_eq!(out.errors, [2.0, 0.0, 4.0]);
        assert_eq!(out.level, 13.0);
        assert_eq!(point_forecasts(&m, &fit, &out, 3, 2), [13.0, 13.0]);
    }

    #[test]
    fn holt_and_damped_by_hand() {
        // α = 0.5, β = 0.1, l₀ = 10, b₀ = 1, y = 12:
        // ŷ = 11, e = 1, l = 11.5, b = 1.1; forecasts 12.6, 13.7.
        let fit = Fit { alpha: 0.5, beta: 0.1, gamma: 0.0, phi: 0.9, level: 10.0, trend: 1.0, season: vec![] };
        let linear = model(Trend::Linear, None);
        let out = filter(&linear, &fit, &[12.0]).unwrap();
        assert!((out.level - 11.5).abs() < 1e-12 && (out.trend - 1.1).abs() < 1e-12);
        let f = point_forecasts(&linear, &fit, &out, 1, 2);
        assert!((f[0] - 12.6).abs() < 1e-12 && (f[1] - 13.7).abs() < 1e-12);
        // Damped, φ = 0.9: ŷ = 10 + 0.9 = 10.9, e = 1.1, l = 10.9 + 0.55 = 11.45,
        // b = 0.9 + 0.11 = 1.01; forecasts l + 0.9·b = 12.359, l + 1.71·b = 13.1771.
        let damped = model(Trend::Damped, None);
        let out = filter(&damped, &fit, &[12.0]).unwrap();
        let f = point_forecasts(&damped, &fit, &out, 1, 2);
        assert!((f[0] - 12.359).abs() < 1e-12 && (f[1] - 13.1771).abs() < 1e-12, "{f:?}");
    }

    #[test]
    fn seasonal_states_by_hand() {
        // Additive, m = 2, α = 0.5, γ = 0.2, l₀ = 10, s = [+2, −2]; y = 13:
        // ŷ = 12, e = 1, l = 10.5, s₀ = 2.2. Next ŷ = 10.5 − 2 = 8.5.
        let fit = Fit { alpha: 0.5, beta: 0.0, gamma: 0.2, phi: 1.0, level: 10.0, trend: 0.0, season: vec![2.0, -2.0] };
        let m = model(Trend::None, Some(Form::Additive));
        let out = filter(&m, &fit, &[13.0]).unwrap();
        assert!((out.level - 10.5).abs() < 1e-12 && (out.season[0] - 2.2).abs() < 1e-12);
        assert_eq!(point_forecasts(&m, &fit, &out, 1, 2), [8.5, 10.5 + 2.2]);
        // Multiplicative, s = [1.2, 0.8]; y = 13: ŷ = 12, e = 1,
        // l = 10 + 0.5/1.2, s₀ = 1.2 + 0.2·1/10 = 1.22.
        let fit = Fit { season: vec![1.2, 0.8], ..fit };
        let m = model(Trend::None, Some(Form::Multiplicative));
        let out = filter(&m, &fit, &[13.0]).unwrap();
        assert!((out.level - (10.0 + 0.5 / 1.2)).abs() < 1e-12 && (out.season[0] - 1.22).abs() < 1e-12);
    }

    /// The likelihood loop, rearranged for speed, gives the sums of the
    /// recursion of `step` for every candidate, to 1e-12.
    #[test]
    fn the_fast_sums_are_those_of_the_recursion() {
        // Seasons of 2, 3 and 4, and series that end in the middle of a
        // season as well as on its last period.
        for (m, n) in [(4, 40), (4, 41), (3, 38), (2, 9), (2, 40)] {
            let y: Vec<f64> =
                (0..n).map(|t| 100.0 + 2.0 * t as f64 + [5.0, -3.0, 8.0, -10.0][t % 4] + (t * 7 % 5) as f64).collect();
            sums_match_the_recursion(&y, m);
        }
    }

    fn sums_match_the_recursion(y: &[f64], m: usize) {
        let y = y.to_vec();
        for model in super::super::CANDIDATES {
            let multiplicative = model.season == Some(Form::Multiplicative);
            let season = match model.season {
                None => vec![],
                Some(_) if multiplicative => [1.05, 0.97, 1.08, 0.9][..m].to_vec(),
                Some(_) => [5.0, -3.0, 8.0, -10.0][..m].to_vec(),
            };
            let fit = Fit { alpha: 0.35, beta: 0.05, gamma: 0.15, phi: 0.9, level: 99.0, trend: 1.5, season };
            let fit = Fit {
                beta: if model.trend == Trend::None { 0.0 } else { fit.beta },
                trend: if model.trend == Trend::None { 0.0 } else { fit.trend },
                ..fit
            };
            let out = filter(&model, &fit, &y).unwrap();
            let sse: f64 = out.errors.iter().map(|e| e * e).sum();
            let relative: f64 = out.errors.iter().zip(&out.fitted).map(|(e, f)| (e / f) * (e / f)).sum();
            let logs: f64 = out.fitted.iter().map(|f| f.ln()).sum();
            let mut scratch = vec![0.0; 2 * fit.season.len()];
            let (fast, relative_sums) = sums(&model, &fit, &fit.season, &y, &mut scratch).unwrap();
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
            assert!(close(fast, sse), "{} m={m} n={} SSE {fast} against {sse}", model.code(), y.len());
            if model.error == Form::Multiplicative {
                let (r, l) = relative_sums.unwrap();
                assert!(close(r, relative) && close(l, logs), "{} {r} {l} against {relative} {logs}", model.code());
            }
        }
    }

    #[test]
    fn initial_states_of_a_periodic_series() {
        // 10, 20, 10, 20, … : additive indices −5, +5 and level 15.
        let y: Vec<f64> = (0..8).map(|t| if t % 2 == 0 { 10.0 } else { 20.0 }).collect();
        let (level, slope, s) = initial_states(&y, Trend::Linear, Some((Form::Additive, 2)));
        assert!((level - 15.0).abs() < 1e-9 && slope.abs() < 1e-9, "{level} {slope}");
        assert!((s[0] + 5.0).abs() < 1e-9 && (s[1] - 5.0).abs() < 1e-9, "{s:?}");
        // A straight line 3 + 2t: level 3, slope 2.
        let y: Vec<f64> = (1..=12).map(|t| 3.0 + 2.0 * t as f64).collect();
        let (level, slope, _) = initial_states(&y, Trend::Linear, None);
        assert!((level - 3.0).abs() < 1e-9 && (slope - 2.0).abs() < 1e-9);
    }
}
