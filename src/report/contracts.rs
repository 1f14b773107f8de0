//! Contract dates, where ITSM suites most often go wrong: notice dates,
//! auto-renewal rolled forward term by term, and status on a given day.
//!
//! Rules (see `docs/suppliers.md`): the notice date is the last day notice
//! can be given, the term's end less the notice period, counted in calendar
//! months or days as written; a month end that does not exist falls on the
//! month's last day (31 May less 3 months is 28 February, 29 in a leap
//! year). An auto-renewing contract whose term has ended runs on in terms of
//! `renewal_term` (the first term's length when absent), each starting the
//! day after the last ended.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::money;
use super::period::Span;

use crate::model::supplier::{Billing, Contract};
use crate::model::units::{CalendarSpan, SpanUnit};

/// One term of a contract, both days inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Where a contract stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// In its first term, notice date not close.
    Active,
    /// Renewed at least once, notice date not close.
    Renewed,
    /// The last day to give notice falls within the horizon.
    InNoticeWindow,
    /// Its term ended and it does not renew.
    Expired,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Status::Active => "active",
            Status::Renewed => "renewed",
            Status::InNoticeWindow => "in notice window",
            Status::Expired => "expired",
        })
    }
}

/// The length of a contract's first term: whole calendar months when it
/// starts on a month's first day and ends on a month's last, else days.
pub fn first_term(start: NaiveDate, end: NaiveDate) -> CalendarSpan {
    let next = end.succ_opt().unwrap_or(end);
    if start.day() == 1 && next.day() == 1 {
        let months = (next.year() - start.year()) * 12 + next.month() as i32 - start.month() as i32;
        if let Ok(count @ 1..) = u32::try_from(months) {
            return CalendarSpan { count, unit: SpanUnit::Months };
        }
    }
    let days = (next - start).num_days().max(1);
    CalendarSpan { count: u32::try_from(days).unwrap_or(u32::MAX), unit: SpanUnit::Days }
}

/// The term that `term` renews into.
pub fn next_term(contract: &Contract, term: Term) -> Option<Term> {
    let length = contract.renewal_term.unwrap_or_else(|| first_term(contract.start.0, contract.end.0));
    let start = term.end.succ_opt()?;
    let end = length.after(start)?.pred_opt()?;
    (end >= start).then_some(Term { start, end })
}

/// What a contract costs within `year`, in its own currency: each term's
/// value spread by its billing, pro rata by day, renewed terms included.
/// Used by the supplier review's spend and by the cost report.
pub fn spend(c: &Contract, year: Span) -> Decimal {
    let mut total = Decimal::ZERO;
    let mut term = Term { start: c.start.0, end: c.end.0 };
    for _ in 0..1000 {
        if term.start >= year.to {
            break;
        }
        let to = term.end.succ_opt().unwrap_or(term.end);
        let (from, until) = (term.start.max(year.from), to.min(year.to));
        if from < until {
            total += match c.billing {
                Billing::Monthly => money::monthly_pro_rata(c.value.0, from, until),
                Billing::Annual => money::monthly_pro_rata(c.value.0 / Decimal::from(12), from, until),
                Billing::Total => money::spread(c.value.0, term.start, to, from, until),
            };
        }
        match (c.auto_renew, next_term(c, term)) {
            (true, Some(next)) => term = next,
            _ => break,
        }
    }
    total
}

/// The term in force on `day` (the last one, for an expired contract) and
/// how many times the contract renewed to reach it.
pub fn term_on(contract: &Contract, day: NaiveDate) -> (Term, u32) {
    let mut term = Term { start: contract.start.0, end: contract.end.0 };
    let mut renewals = 0;
    // A contract cannot renew more often than once a day; this bounds the
    // walk for any input.
    while contract.auto_renew && day > term.end && renewals < 100_000 {
        match next_term(contract, term) {
            Some(next) => {
                term = next;
                renewals += 1;
            }
            None => break,
        }
    }
    (term, renewals)
}

/// The last day to give notice for a term.
pub fn notice_date(contract: &Contract, term: Term) -> Option<NaiveDate> {
    contract.notice.before(term.end)
}

/// The next last day to give notice on or after `day`: the current term's,
/// or, once that has passed on a contract that renews, the next term's.
/// `None` when notice can no longer change anything.
pub fn upcoming_notice(contract: &Contract, term: Term, day: NaiveDate) -> Option<NaiveDate> {
    let current = notice_date(contract, term).filter(|notice| *notice >= day);
    current.or_else(|| {
        let next = contract.auto_renew.then(|| next_term(contract, term)).flatten()?;
        notice_date(contract, next).filter(|notice| *notice >= day)
    })
}

/// The status on `day`, with notice dates within `horizon` counting as due.
pub fn status(contract: &Contract, day: NaiveDate, horizon: CalendarSpan) -> (Status, Term, u32) {
    let (term, renewals) = term_on(contract, day);
    if day > term.end {
        return (Status::Expired, term, renewals);
    }
    let window_end = horizon.after(day).unwrap_or(NaiveDate::MAX);
    let due = upcoming_notice(contract, term, day).is_some_and(|notice| notice <= window_end);
    let status = if due {
        Status::InNoticeWindow
    } else if renewals > 0 {
        Status::Renewed
    } else {
        Status::Active
    };
    (status, term, renewals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::units::Date;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn contract(start: NaiveDate, end: NaiveDate, notice: &str, auto_renew: bool, renewal: Option<&str>) -> Contract {
        Contract {
            id: "c".into(),
            start: Date(start),
            end: Date(end),
            notice: notice.parse().unwrap(),
            auto_renew,
            renewal_term: renewal.map(|r| r.parse().unwrap()),
            value: "1".parse().unwrap(),
            currency: None,
            billing: crate::model::supplier::Billing::Monthly,
            services: Vec::new(),
            weights: Default::default(),
        }
    }

    #[test]
    fn three_months_before_the_31st_of_may() {
        // 31 May less 3 months: February has no 31st, so its last day:
        // 28 February 2026, 29 February 2028 (a leap year).
        let c = contract(d(2025, 6, 1), d(2026, 5, 31), "3 months", false, None);
        assert_eq!(notice_date(&c, Term { start: d(2025, 6, 1), end: d(2026, 5, 31) }), Some(d(2026, 2, 28)));
        let c = contract(d(2027, 6, 1), d(2028, 5, 31), "3 months", false, None);
        assert_eq!(notice_date(&c, Term { start: d(2027, 6, 1), end: d(2028, 5, 31) }), Some(d(2028, 2, 29)));
    }

    #[test]
    fn ninety_days_notice() {
        // 31 May 2026 less 90 days: 31 (May) + 30 (April) + 29 days of
        // March = 90, so 2 March 2026.
        let c = contract(d(2025, 6, 1), d(2026, 5, 31), "90 days", false, None);
        assert_eq!(notice_date(&c, Term { start: d(2025, 6, 1), end: d(2026, 5, 31) }), Some(d(2026, 3, 2)));
    }

    #[test]
    fn auto_renewal_rolls_forward_term_by_term() {
        // A 12-month contract from 1 June 2023 renews 1 June 2024, 2025 and
        // 2026; on 22 November 2026 it is in its fourth term, renewed 3 times.
        let c = contract(d(2023, 6, 1), d(2024, 5, 31), "3 months", true, None);
        let (term, renewals) = term_on(&c, d(2026, 11, 22));
        assert_eq!(term, Term { start: d(2026, 6, 1), end: d(2027, 5, 31) });
        assert_eq!(renewals, 3);
        let (status, _, _) = status(&c, d(2026, 11, 22), "90 days".parse().unwrap());
        assert_eq!(status, Status::Renewed);
        // With 24-month renewals: 1 June 2024 to 31 May 2026, then 1 June
        // 2026 to 31 May 2028.
        let c = contract(d(2023, 6, 1), d(2024, 5, 31), "3 months", true, Some("24 months"));
        assert_eq!(term_on(&c, d(2026, 11, 22)).0, Term { start: d(2026, 6, 1), end: d(2028, 5, 31) });
    }

    #[test]
    fn a_contract_that_ended_yesterday() {
        let c = contract(d(2025, 11, 22), d(2026, 11, 21), "1 month", false, None);
        assert_eq!(status(&c, d(2026, 11, 22), "90 days".parse().unwrap()).0, Status::Expired);
        // The day before, it was still running, its notice date long past.
        assert_eq!(status(&c, d(2026, 11, 21), "90 days".parse().unwrap()).0, Status::Active);
    }

    #[test]
    fn notice_window() {
        // Ends 31 March 2027 with 3 months' notice: notice date 31 December
        // 2026, 39 days after 22 November 2026: within 90 days, not 30.
        let c = contract(d(2024, 4, 1), d(2027, 3, 31), "3 months", false, None);
        assert_eq!(status(&c, d(2026, 11, 22), "90 days".parse().unwrap()).0, Status::InNoticeWindow);
        assert_eq!(status(&c, d(2026, 11, 22), "30 days".parse().unwrap()).0, Status::Active);
    }

    #[test]
    fn after_the_notice_date_the_next_term_counts() {
        // Renewed yearly from 2024; the 2026 term's notice date (30 Sep
        // 2026) has passed on 22 Nov 2026, so the next deadline is the
        // 2027 term's: 30 September 2027, within a year, not within 90 days.
        let c = contract(d(2024, 1, 1), d(2024, 12, 31), "3 months", true, None);
        let (term, _) = term_on(&c, d(2026, 11, 22));
        assert_eq!(upcoming_notice(&c, term, d(2026, 11, 22)), Some(d(2027, 9, 30)));
        assert_eq!(status(&c, d(2026, 11, 22), "1 year".parse().unwrap()).0, Status::InNoticeWindow);
        assert_eq!(status(&c, d(2026, 11, 22), "90 days".parse().unwrap()).0, Status::Renewed);
        // Without renewal, a passed notice date leaves nothing to decide.
        let c = contract(d(2026, 1, 1), d(2026, 12, 31), "3 months", false, None);
        assert_eq!(upcoming_notice(&c, term_on(&c, d(2026, 11, 22)).0, d(2026, 11, 22)), None);
    }

    #[test]
    fn first_term_lengths() {
        assert_eq!(first_term(d(2024, 6, 1), d(2027, 5, 31)).to_string(), "36 months");
        assert_eq!(first_term(d(2024, 6, 15), d(2025, 6, 14)).to_string(), "365 days");
    }
}
