//! Money over time, exactly: amounts spread over calendar periods pro rata
//! by day, and amounts in other currencies brought into the estate's.
//! Everything stays in `Decimal`; rounding to cents is the caller's choice.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::model::Project;
use crate::model::units::Currency;

/// The part of a monthly amount that falls in the days `from` up to, not
/// including, `to`: each calendar month contributes `per_month` times the
/// share of its days that are covered.
pub fn monthly_pro_rata(per_month: Decimal, from: NaiveDate, to: NaiveDate) -> Decimal {
    let mut total = Decimal::ZERO;
    let mut day = from;
    while day < to {
        let month_start = day.with_day(1).unwrap_or(day);
        let next_month = month_start.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX);
        let until = next_month.min(to);
        let covered = (until - day).num_days();
        let in_month = (next_month - month_start).num_days();
        total += per_month * Decimal::from(covered) / Decimal::from(in_month);
        day = until;
    }
    total
}

/// The part of an amount spread evenly over the days of `term_from` to
/// `term_to` (exclusive) that falls in `from` to `to` (exclusive).
pub fn spread(amount: Decimal, term_from: NaiveDate, term_to: NaiveDate, from: NaiveDate, to: NaiveDate) -> Decimal {
    let term_days = (term_to - term_from).num_days();
    let overlap = (to.min(term_to) - from.max(term_from)).num_days();
    if term_days <= 0 || overlap <= 0 {
        return Decimal::ZERO;
    }
    amount * Decimal::from(overlap) / Decimal::from(term_days)
}

/// `amount` in the estate's currency: unchanged in it, multiplied by the
/// exchange rate otherwise; `None` when there is no rate.
pub fn to_estate(project: &Project, amount: Decimal, currency: Option<&Currency>) -> Option<Decimal> {
    match currency {
        None => Some(amount),
        Some(c) if *c == project.currency => Some(amount),
        Some(c) => project.exchange_rates.get(c.code()).map(|rate| amount * rate.0),
    }
}

/// Rounded to cents, halves away from zero.
pub fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Splits `amount`, rounded to cents first, over `weights` so that the
/// shares add up to it exactly, to the cent: each share is its exact part
/// rounded down to a cent, and the cents left over go one each to the
/// largest remainders, ties to the earlier key. `None` when no weight is
/// positive: there is nothing to split by.
pub fn allocate<K: Clone + Ord>(amount: Decimal, weights: &[(K, Decimal)]) -> Option<Vec<(K, Decimal)>> {
    let total_weight: Decimal = weights.iter().map(|(_, w)| (*w).max(Decimal::ZERO)).sum();
    if total_weight <= Decimal::ZERO {
        return None;
    }
    let whole_cents = (cents(amount) * Decimal::ONE_HUNDRED).trunc();
    let mut shares: Vec<(Decimal, Decimal)> = weights
        .iter()
        .map(|(_, w)| {
            let exact = whole_cents * (*w).max(Decimal::ZERO) / total_weight;
            (exact.floor(), exact - exact.floor())
        })
        .collect();
    let given: Decimal = shares.iter().map(|(c, _)| *c).sum();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|a, b| shares[*b].1.cmp(&shares[*a].1).then_with(|| weights[*a].0.cmp(&weights[*b].0)));
    // Each floor loses less than a cent, so fewer cents are left than shares.
    let left = usize::try_from((whole_cents - given).normalize().mantissa()).unwrap_or(0);
    for i in order.into_iter().take(left) {
        shares[i].0 += Decimal::ONE;
    }
    Some(weights.iter().zip(shares).map(|((k, _), (c, _))| (k.clone(), c / Decimal::ONE_HUNDRED)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn whole_months_count_in_full() {
        // Three whole months at 100.00 = 300.00, whatever their lengths.
        assert_eq!(monthly_pro_rata(dec("100.00"), d(2026, 1, 1), d(2026, 4, 1)), dec("300.00"));
    }

    #[test]
    fn part_months_count_by_day() {
        // 15 of February 2026's 28 days and 10 of March's 31:
        // 310 x 15/28 + 310 x 10/31 = 166.0714... + 100 = 266.07 (to cents).
        let total = monthly_pro_rata(dec("310"), d(2026, 2, 14), d(2026, 3, 11));
        assert_eq!(cents(total), dec("266.07"));
        // In a leap year, 15 of 29 February days: 310 x 15/29 = 160.34.
        assert_eq!(cents(monthly_pro_rata(dec("310"), d(2028, 2, 15), d(2028, 3, 1))), dec("160.34"));
    }

    #[test]
    fn spreading_a_total_over_a_term() {
        // 3,650 over 365 days, 10 of them in the window: 100.
        assert_eq!(spread(dec("3650"), d(2026, 1, 1), d(2027, 1, 1), d(2026, 12, 22), d(2027, 2, 1)), dec("100"));
        assert_eq!(spread(dec("3650"), d(2026, 1, 1), d(2027, 1, 1), d(2027, 1, 1), d(2027, 2, 1)), Decimal::ZERO);
    }

    #[test]
    fn allocation_keeps_every_cent() {
        // 100.00 in three even shares: 33.33 each and one cent left, which
        // goes to the first key (all remainders tie): 33.34, 33.33, 33.33.
        let even = [("a", Decimal::ONE), ("b", Decimal::ONE), ("c", Decimal::ONE)];
        assert_eq!(
            allocate(dec("100"), &even).unwrap(),
            [("a", dec("33.34")), ("b", dec("33.33")), ("c", dec("33.33"))]
        );
        // 1,000 cents by weights 1:2:4 (7 parts): exactly 142.857, 285.714 and
        // 571.428 cents, floored to 142 + 285 + 571 = 998; the two cents left
        // go to the largest remainders, a (.857) then b (.714).
        let shares = allocate(dec("10"), &[("a", dec("1")), ("b", dec("2")), ("c", dec("4"))]).unwrap();
        assert_eq!(shares, [("a", dec("1.43")), ("b", dec("2.86")), ("c", dec("5.71"))]);
        assert_eq!(shares.iter().map(|(_, s)| *s).sum::<Decimal>(), dec("10.00"));
        // 0.05 over two equal weights: 2.5 cents each, floored to 2 + 2; the
        // cent left goes to the earlier key by id, whatever the input order.
        let shares = allocate(dec("0.05"), &[("b", Decimal::ONE), ("a", Decimal::ONE)]).unwrap();
        assert_eq!(shares, [("b", dec("0.02")), ("a", dec("0.03"))]);
        // No positive weight: nothing to split by.
        assert_eq!(allocate(dec("1"), &[("a", Decimal::ZERO), ("b", Decimal::ZERO)]), None);
    }
}
