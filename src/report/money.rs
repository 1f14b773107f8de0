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
}
