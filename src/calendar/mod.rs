//! Time on the clock of an agreement: sets of intervals, support-hour
//! calendars in a time zone, and a clock that runs only inside them.
//!
//! Instants are Unix seconds (UTC). Calendars are laid out day by day in
//! their own time zone, so that daylight-saving changes shorten or lengthen
//! the days they fall on, as they do for the people on the rota.

mod intervals;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

pub use intervals::Intervals;

use crate::model::common::{SupportHours, Weekday};
use crate::model::units::Timestamp;

/// A point in time, in seconds since the Unix epoch.
pub type Instant = i64;

/// The instant a local wall-clock time happens in `tz`. A time skipped by a
/// daylight-saving change counts from the end of the gap (the clock jumps
/// forward, so 02:30 on that day is read as 03:00 in summer time); a
/// repeated time counts its first occurrence.
pub fn local_instant(tz: Tz, local: NaiveDateTime) -> Instant {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.timestamp(),
        chrono::LocalResult::Ambiguous(first, _) => first.timestamp(),
        chrono::LocalResult::None => {
            // Walk forward a minute at a time to the end of the gap (at most
            // a few hours in every zone on record).
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.timestamp();
                }
            }
            local.and_utc().timestamp()
        }
    }
}

/// The instant of local midnight starting `date` in `tz`.
pub fn day_start(tz: Tz, date: NaiveDate) -> Instant {
    local_instant(tz, date.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// The instant of a record's timestamp: its own offset when written with
/// one, otherwise read in `tz`.
pub fn timestamp_instant(tz: Tz, t: &Timestamp) -> Instant {
    match t.offset {
        Some(offset) => (t.local - offset).and_utc().timestamp(),
        None => local_instant(tz, t.local),
    }
}

fn weekday(date: NaiveDate) -> Weekday {
    match date.weekday() {
        chrono::Weekday::Mon => Weekday::Mon,
        chrono::Weekday::Tue => Weekday::Tue,
        chrono::Weekday::Wed => Weekday::Wed,
        chrono::Weekday::Thu => Weekday::Thu,
        chrono::Weekday::Fri => Weekday::Fri,
        chrono::Weekday::Sat => Weekday::Sat,
        chrono::Weekday::Sun => Weekday::Sun,
    }
}

/// The support windows of `hours` from local midnight of `from` to local
/// midnight of `to` (exclusive), in `tz` unless the calendar names its own.
pub fn support_windows(hours: &SupportHours, tz: Tz, from: NaiveDate, to: NaiveDate) -> Intervals {
    match hours {
        SupportHours::Always => Intervals::from_pairs([(day_start(tz, from), day_start(tz, to))]),
        SupportHours::Business(calendar) => {
            let tz = calendar.timezone.as_deref().and_then(|z| z.parse().ok()).unwrap_or(tz);
            let mut pairs = Vec::new();
            let mut date = from;
            while date < to {
                let open = calendar.days.contains(&weekday(date)) && !calendar.holidays.iter().any(|h| h.0 == date);
                if open && calendar.start < calendar.end {
                    let at = |minutes: u16| {
                        let base = date.and_hms_opt(0, 0, 0).unwrap_or_default();
                        if minutes >= 1440 {
                            day_start(tz, date.succ_opt().unwrap_or(date))
                        } else {
                            local_instant(tz, base + chrono::Duration::minutes(minutes.into()))
                        }
                    };
                    pairs.push((at(calendar.start.minutes), at(calendar.end.minutes)));
                }
                match date.succ_opt() {
                    Some(next) => date = next,
                    None => break,
                }
            }
            Intervals::from_pairs(pairs)
        }
    }
}

/// The instant at which `duration` seconds of support time have passed
/// since `start`, counting only inside `hours`; `None` when the calendar
/// has no support time within a year of `start`.
pub fn add_support_time(hours: &SupportHours, tz: Tz, start: Instant, duration: i64) -> Option<Instant> {
    if matches!(hours, SupportHours::Always) {
        return Some(start + duration);
    }
    let from = chrono::DateTime::from_timestamp(start, 0)?.date_naive().pred_opt()?;
    let mut remaining = duration;
    // Search week by week, for at most a year.
    for week in 0..53u64 {
        let a = from.checked_add_days(chrono::Days::new(week * 7))?;
        let b = a.checked_add_days(chrono::Days::new(7))?;
        for &(s, e) in support_windows(hours, tz, a, b).pairs() {
            let s = s.max(start);
            if e <= s {
                continue;
            }
            if e - s >= remaining {
                return Some(s + remaining);
            }
            remaining -= e - s;
        }
    }
    None
}

#[cfg(test)]
mod tests;
