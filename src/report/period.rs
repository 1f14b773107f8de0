//! The stretch of time a report covers: a calendar period (`2026-10`,
//! `2026-Q3`, `2026`), or dates from and to, both inclusive.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::units::Period;

/// Days from `from` up to, not including, `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Span {
    /// The days of a calendar period.
    pub fn of(period: Period) -> Self {
        Self { from: period.start(), to: period.end() }
    }

    /// From `first` to `last`, both inclusive.
    pub fn inclusive(first: NaiveDate, last: NaiveDate) -> Self {
        Self { from: first, to: last.succ_opt().unwrap_or(last) }
    }

    /// The month, quarter or year around `date`.
    pub fn around(date: NaiveDate, months: u32) -> Self {
        let period = match months {
            3 => Period::Quarter(date.year(), (date.month() - 1) / 3 + 1),
            12 => Period::Year(date.year()),
            _ => Period::Month(date.year(), date.month()),
        };
        Self::of(period)
    }

    /// The part of this span that is also in `other`, if any.
    pub fn clip(self, other: Span) -> Option<Span> {
        let clipped = Span { from: self.from.max(other.from), to: self.to.min(other.to) };
        (clipped.from < clipped.to).then_some(clipped)
    }

    /// The last day in the span.
    pub fn last(self) -> NaiveDate {
        self.to.pred_opt().unwrap_or(self.to)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // A span that is exactly a calendar period is shown as that period.
        let (y, m) = (self.from.year(), self.from.month());
        let candidates = [Period::Month(y, m), Period::Quarter(y, (m - 1) / 3 + 1), Period::Year(y)];
        match candidates.into_iter().find(|p| Span::of(*p) == *self) {
            Some(period) => write!(f, "{period}"),
            None => write!(f, "{} to {}", self.from, self.last()),
        }
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn spans_and_labels() {
        assert_eq!(Span::of("2026-10".parse().unwrap()), Span { from: d(2026, 10, 1), to: d(2026, 11, 1) });
        assert_eq!(Span::around(d(2026, 8, 15), 3).to_string(), "2026-Q3");
        assert_eq!(Span::around(d(2026, 8, 15), 12).to_string(), "2026");
        assert_eq!(Span::inclusive(d(2026, 10, 5), d(2026, 10, 9)).to_string(), "2026-10-05 to 2026-10-09");
        let clipped = Span::of("2026-10".parse().unwrap()).clip(Span::inclusive(d(2026, 10, 20), d(2027, 1, 1)));
        assert_eq!(clipped, Some(Span { from: d(2026, 10, 20), to: d(2026, 11, 1) }));
    }
}
