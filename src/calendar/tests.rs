//! Calendar arithmetic against hand-computed values; each expectation says
//! how it was worked out.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::*;
use crate::model::common::{BusinessHours, SupportHours, Weekday};
use crate::model::units::{Date, TimeOfDay};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn berlin() -> Tz {
    "Europe/Berlin".parse().unwrap()
}

fn nine_to_six(holidays: &[NaiveDate]) -> SupportHours {
    SupportHours::Business(BusinessHours {
        days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
        start: "09:00".parse::<TimeOfDay>().unwrap(),
        end: "18:00".parse::<TimeOfDay>().unwrap(),
        timezone: None,
        holidays: holidays.iter().map(|d| Date(*d)).collect(),
    })
}

/// Unix seconds of a UTC wall-clock time.
fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> Instant {
    date(y, m, d).and_hms_opt(h, min, 0).unwrap().and_utc().timestamp()
}

#[test]
fn intervals_merge_and_total() {
    // [0,10) and [5,20) overlap into [0,20); [30,40) stays apart: 20 + 10.
    let set = Intervals::from_pairs([(5, 20), (30, 40), (0, 10), (7, 7)]);
    assert_eq!(set.pairs(), &[(0, 20), (30, 40)]);
    assert_eq!(set.total(), 30);
}

#[test]
fn intervals_intersect_subtract_cover() {
    let a = Intervals::from_pairs([(0, 100)]);
    let b = Intervals::from_pairs([(10, 20), (50, 150)]);
    assert_eq!(a.intersect(&b).pairs(), &[(10, 20), (50, 100)]);
    assert_eq!(a.subtract(&b).pairs(), &[(0, 10), (20, 50)]);
    assert!(a.covers(&Intervals::from_pairs([(0, 10), (90, 100)])));
    assert!(!a.covers(&b));
}

#[test]
fn always_on_over_a_30_day_month() {
    // 24x7 in UTC for April 2026: 30 days x 1440 minutes = 43,200 minutes.
    let windows = support_windows(&SupportHours::Always, Tz::UTC, date(2026, 4, 1), date(2026, 5, 1));
    assert_eq!(windows.total(), 43_200 * 60);
}

#[test]
fn always_on_across_the_spring_daylight_saving_change() {
    // Berlin moves to summer time on Sunday 29 March 2026: March has one
    // hour less, 31 x 24 - 1 = 743 hours.
    let windows = support_windows(&SupportHours::Always, berlin(), date(2026, 3, 1), date(2026, 4, 1));
    assert_eq!(windows.total(), 743 * 3600);
}

#[test]
fn business_hours_over_a_month_with_a_holiday() {
    // October 2026 has 22 weekdays (Thursday 1st to Saturday 31st); with
    // 3 October (a Saturday) as a holiday nothing changes; with Friday
    // 2 October as a holiday, 21 days x 9 hours = 189 hours.
    let windows = support_windows(&nine_to_six(&[]), berlin(), date(2026, 10, 1), date(2026, 11, 1));
    assert_eq!(windows.total(), 22 * 9 * 3600);
    let windows = support_windows(&nine_to_six(&[date(2026, 10, 2)]), berlin(), date(2026, 10, 1), date(2026, 11, 1));
    assert_eq!(windows.total(), 21 * 9 * 3600);
}

#[test]
fn business_hours_are_local_to_the_zone() {
    // Monday 12 January 2026, 09:00 in Berlin (UTC+1) is 08:00 UTC.
    let windows = support_windows(&nine_to_six(&[]), berlin(), date(2026, 1, 12), date(2026, 1, 13));
    assert_eq!(windows.pairs(), &[(utc(2026, 1, 12, 8, 0), utc(2026, 1, 12, 17, 0))]);
    // Monday 13 July 2026, 09:00 in Berlin (UTC+2) is 07:00 UTC.
    let windows = support_windows(&nine_to_six(&[]), berlin(), date(2026, 7, 13), date(2026, 7, 14));
    assert_eq!(windows.pairs(), &[(utc(2026, 7, 13, 7, 0), utc(2026, 7, 13, 16, 0))]);
}

#[test]
fn clock_stops_over_the_weekend() {
    // Opened Friday 2026-11-20 17:55 Berlin (16:55 UTC) with a 1h target on
    // a 9-18 weekday calendar: 5 minutes on Friday, 55 on Monday from
    // 09:00, so due Monday 2026-11-23 09:55 Berlin = 08:55 UTC.
    let opened = utc(2026, 11, 20, 16, 55);
    let due = add_support_time(&nine_to_six(&[]), berlin(), opened, 3600).unwrap();
    assert_eq!(due, utc(2026, 11, 23, 8, 55));
}

#[test]
fn clock_skips_holidays_and_runs_plain_on_24x7() {
    // Same incident, with Monday 23 November a holiday: due Tuesday 09:55.
    let opened = utc(2026, 11, 20, 16, 55);
    let due = add_support_time(&nine_to_six(&[date(2026, 11, 23)]), berlin(), opened, 3600).unwrap();
    assert_eq!(due, utc(2026, 11, 24, 8, 55));
    assert_eq!(add_support_time(&SupportHours::Always, berlin(), opened, 3600), Some(opened + 3600));
}

#[test]
fn clock_started_before_opening_waits_for_it() {
    // Opened Tuesday 07:00 Berlin (06:00 UTC in winter): 30 minutes after
    // 09:00 is 09:30 Berlin = 08:30 UTC.
    let opened = utc(2026, 1, 13, 6, 0);
    assert_eq!(add_support_time(&nine_to_six(&[]), berlin(), opened, 1800), Some(utc(2026, 1, 13, 8, 30)));
}

#[test]
fn skipped_local_time_counts_from_the_end_of_the_gap() {
    // 02:30 on 29 March 2026 does not exist in Berlin; it reads as 03:00
    // CEST = 01:00 UTC.
    let local = date(2026, 3, 29).and_hms_opt(2, 30, 0).unwrap();
    assert_eq!(local_instant(berlin(), local), utc(2026, 3, 29, 1, 0));
}

#[test]
fn clock_across_the_autumn_daylight_saving_change() {
    // Opened Friday 23 October 2026 17:55 CEST (15:55 UTC); Berlin leaves
    // summer time on Sunday 25 October. Due Monday 26 October 09:55 CET,
    // which is 08:55 UTC (an hour later in UTC terms than the Friday offset
    // would suggest).
    let opened = utc(2026, 10, 23, 15, 55);
    assert_eq!(add_support_time(&nine_to_six(&[]), berlin(), opened, 3600), Some(utc(2026, 10, 26, 8, 55)));
}
