//! Unit tests for the value types in `units.rs`.
//!
//! Every expected value is computed by hand (or with an independent tool,
//! named in the comment) rather than by calling the code under test a
//! second time. Comments marked SURPRISING record current behaviour that
//! may not be intended; comments saying "used to" name bugs since fixed.

use super::*;

/// Shorthand for a date that is known to exist.
fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date exists")
}

/// Parses `s` as a `T`, failing the test with the reason if it does not.
fn ok<T: FromStr<Err = String>>(s: &str) -> T {
    match s.parse::<T>() {
        Ok(value) => value,
        Err(why) => panic!("`{s}` should parse, but: {why}"),
    }
}

/// The error message for `s`, failing the test if it parses.
fn err<T: FromStr<Err = String> + fmt::Debug>(s: &str) -> String {
    match s.parse::<T>() {
        Ok(value) => panic!("`{s}` should be rejected, but parsed as {value:?}"),
        Err(why) => why,
    }
}

// ---------------------------------------------------------------- Duration

#[test]
fn duration_single_units() {
    // Seconds per unit: m = 60, h = 60 * 60 = 3600, d = 24 * 3600 = 86400,
    // w = 7 * 86400 = 604800.
    assert_eq!(ok::<Duration>("30m").seconds(), 30 * 60); // 1800
    assert_eq!(ok::<Duration>("4h").seconds(), 4 * 3_600); // 14400
    assert_eq!(ok::<Duration>("2d").seconds(), 2 * 86_400); // 172800
    assert_eq!(ok::<Duration>("1w").seconds(), 604_800);
    assert_eq!(ok::<Duration>("90s").seconds(), 90);
    // `min` is documented in the parser as a synonym of `m`.
    assert_eq!(ok::<Duration>("90min").seconds(), 90 * 60);
}

#[test]
fn duration_compound_and_zero() {
    // 1h30m = 3600 + 30 * 60 = 5400 s.
    assert_eq!(ok::<Duration>("1h30m").seconds(), 5_400);
    // 1w2d3h4m5s = 604800 + 172800 + 10800 + 240 + 5 = 788645 s.
    assert_eq!(ok::<Duration>("1w2d3h4m5s").seconds(), 788_645);
    assert_eq!(ok::<Duration>("0m").seconds(), 0);
    // Surrounding blanks are trimmed.
    assert_eq!(ok::<Duration>("  4h ").seconds(), 14_400);
}

#[test]
fn duration_is_lenient_about_order_and_repeats() {
    // Not forbidden by the parser: parts are simply summed. 30m + 1h =
    // 1800 + 3600 = 5400; 1h + 1h = 7200. Recorded so a change is noticed.
    assert_eq!(ok::<Duration>("30m1h").seconds(), 5_400);
    assert_eq!(ok::<Duration>("1h1h").seconds(), 7_200);
}

#[test]
fn duration_rejects_bad_input() {
    assert!(err::<Duration>("-1h").contains("negative"));
    assert!(err::<Duration>("4").contains("unit is missing"));
    assert!(err::<Duration>("h").contains("whole number"));
    assert!(err::<Duration>("4x").contains("`x` is not a unit"));
    assert!(err::<Duration>("").contains("empty"));
    assert!(err::<Duration>("   ").contains("empty"));
    // Units are case-sensitive and cannot be separated by blanks.
    assert!(err::<Duration>("4H").contains("not a unit"));
    // Blanks between parts are allowed: `1h 30m` is 5400 s.
    assert_eq!(ok::<Duration>("1h 30m").seconds(), 5_400);
    assert!(err::<Duration>("1.5h").contains("not a unit"));
    assert!(err::<Duration>("+1h").contains("whole number"));
    // A trailing number without its unit.
    assert!(err::<Duration>("1h30").contains("unit is missing"));
}

#[test]
fn duration_rejects_overflow() {
    // 999999999999999999 fits an i64 (< 9.22e18) but times 86400 does not.
    assert!(err::<Duration>("999999999999999999d").contains("too large"));
    // 20 digits do not fit an i64 at all.
    assert!(err::<Duration>("99999999999999999999s").contains("too large"));
    // i64::MAX seconds is 9223372036854775807; one more second overflows the sum.
    assert_eq!(ok::<Duration>("9223372036854775807s").seconds(), i64::MAX);
    assert!(err::<Duration>("9223372036854775807s1s").contains("too large"));
}

#[test]
fn duration_display() {
    // Largest units first, zero parts left out.
    assert_eq!(Duration::from_seconds(5_400).to_string(), "1h30m");
    assert_eq!(Duration::from_seconds(90).to_string(), "1m30s");
    assert_eq!(Duration::from_seconds(0).to_string(), "0m");
    assert_eq!(Duration::from_seconds(86_400).to_string(), "1d");
    // Weeks are read but written as days: 8 days stays `8d`.
    assert_eq!(Duration::from_seconds(8 * 86_400).to_string(), "8d");
    // 788645 s is not whole days, so hours and minutes: 219 h 4 m 5 s
    // (a 40h business-hours target must not read as 1d16h).
    assert_eq!(Duration::from_seconds(788_645).to_string(), "219h4m5s");
    assert_eq!(Duration::from_seconds(40 * 3_600).to_string(), "40h");
    assert_eq!(Duration::from_minutes(45).to_string(), "45m");
}

#[test]
fn duration_display_round_trips() {
    for text in ["30m", "4h", "2d", "1w", "90s", "1h30m", "0m", "1w2d3h4m5s"] {
        let parsed: Duration = ok(text);
        let again: Duration = ok(&parsed.to_string());
        assert_eq!(again, parsed, "{text} -> {parsed} -> {again:?}");
    }
    // "90s" is normalised to 1m30s, which reads back as the same 90 s.
    assert_eq!(ok::<Duration>("90s").to_string(), "1m30s");
}

#[test]
fn duration_display_negative() {
    // `Duration::from_seconds` is public and accepts any i64 (the parser
    // never makes a negative one). Display writes a sign, then the parts of
    // the magnitude: 60 s = 1m, 5400 s = 1h30m. (It used to print "".)
    assert_eq!(Duration::from_seconds(-60).to_string(), "-1m");
    assert_eq!(Duration::from_seconds(-5_400).to_string(), "-1h30m");
    // i64::MIN has no positive i64 counterpart; its magnitude is
    // 9223372036854775808 s = 2562047788015215 h 30 m 8 s
    // (python: divmod(2**63, 3600) = (2562047788015215, 1808)).
    assert_eq!(Duration::from_seconds(i64::MIN).to_string(), "-2562047788015215h30m8s");
}

#[test]
fn duration_to_chrono() {
    assert_eq!(ok::<Duration>("1h30m").to_chrono(), ChronoDuration::minutes(90));
}

// ----------------------------------------------------------------- Percent

#[test]
fn percent_parses_numbers_and_percent_signs() {
    assert_eq!(ok::<Percent>("99.9").value(), 99.9);
    assert_eq!(ok::<Percent>("99.9%").value(), 99.9);
    assert_eq!(ok::<Percent>(" 50 % ").value(), 50.0);
    assert_eq!(ok::<Percent>("0").value(), 0.0);
    assert_eq!(ok::<Percent>("100").value(), 100.0);
    assert_eq!(ok::<Percent>("100%").value(), 100.0);
}

#[test]
fn percent_rejects_out_of_range_and_text() {
    assert!(err::<Percent>("100.1").contains("between 0 and 100"));
    assert!(err::<Percent>("-1").contains("cannot be negative"));
    assert!(err::<Percent>("-1%").contains("cannot be negative"));
    assert!(err::<Percent>("abc").contains("not a number"));
    assert!(err::<Percent>("").contains("not a number"));
    // NaN parses as an f64, but NaN is not inside 0..=100.
    assert!(err::<Percent>("NaN").contains("between 0 and 100"));
    assert!(err::<Percent>("inf").contains("between 0 and 100"));
}

#[test]
fn percent_fraction() {
    // 50 / 100 and 0 / 100 are exact in binary floating point.
    assert_eq!(ok::<Percent>("50").fraction(), 0.5);
    assert_eq!(ok::<Percent>("0").fraction(), 0.0);
    assert_eq!(ok::<Percent>("100").fraction(), 1.0);
    // 99.9 / 100 = 0.999 in decimal; as f64 it is 0.9990000000000001
    // (python: 99.9 / 100), so compare with a tolerance.
    assert!((ok::<Percent>("99.9").fraction() - 0.999).abs() < 1e-12);
}

#[test]
fn percent_display() {
    assert_eq!(ok::<Percent>("99.9").to_string(), "99.9%");
    assert_eq!(ok::<Percent>("100").to_string(), "100%");
}

#[test]
fn percent_negative_zero_is_rejected() {
    // `-0` would parse to -0.0, which lies in 0.0..=100.0 and used to
    // display as "-0%"; any leading minus is now refused.
    assert!(err::<Percent>("-0").contains("cannot be negative"));
    assert!(err::<Percent>(" -0.0 %").contains("cannot be negative"));
}

// ------------------------------------------------------------------ Amount

#[test]
fn amount_keeps_exact_decimals() {
    // 12.50 is 1250 * 10^-2: the scale of 2 is kept, not normalised away.
    let a: Amount = ok("12.50");
    assert_eq!(a.0, Decimal::new(1_250, 2));
    assert_eq!(a.0.scale(), 2);
    assert_eq!(a.to_string(), "12.50");
    // An integer is shown with the minimum of two decimals.
    assert_eq!(ok::<Amount>("1200").to_string(), "1200.00");
    // More than two decimals are all shown.
    assert_eq!(ok::<Amount>("0.1234").to_string(), "0.1234");
    assert_eq!(ok::<Amount>("12.5").to_string(), "12.50");
}

#[test]
fn amount_sums_exactly() {
    // 0.1 + 0.2 is 0.30000000000000004 in f64, but exactly 0.3 as a decimal.
    let sum = ok::<Amount>("0.1").0 + ok::<Amount>("0.2").0;
    assert_eq!(sum, Decimal::new(3, 1));
    assert_eq!(Amount(sum), ok::<Amount>("0.3"));
}

#[test]
fn amount_digit_separators() {
    // Underscores are dropped before parsing.
    assert_eq!(ok::<Amount>("1_000.5").0, Decimal::new(10_005, 1));
    assert_eq!(ok::<Amount>("1_000.5").to_string(), "1000.50");
}

#[test]
fn amount_comma_is_never_a_decimal_separator() {
    // A comma is ambiguous (thousands in English, decimals in German), so
    // it is refused rather than guessed: "12,50" used to read as 1250.
    assert!(err::<Amount>("12,50").contains("without commas"));
    assert!(err::<Amount>("1,000.5").contains("without commas"));
}

#[test]
fn amount_edges_that_parse() {
    // Zero, even written negative, is not a negative amount.
    assert_eq!(ok::<Amount>("0").to_string(), "0.00");
    assert_eq!(ok::<Amount>("-0").to_string(), "0.00");
    // A large amount keeps every digit (28 significant digits fit a Decimal).
    assert_eq!(ok::<Amount>("12345678901234.5678").to_string(), "12345678901234.5678");
    // Four decimals is the limit, inclusive.
    assert_eq!(ok::<Amount>("1.2345").0, Decimal::new(12_345, 4));
}

#[test]
fn amount_rejects_bad_input() {
    assert!(err::<Amount>("-5").contains("negative"));
    assert!(err::<Amount>("-0.01").contains("negative"));
    // 5 decimals, even if the extra ones are zeros.
    assert!(err::<Amount>("1.23456").contains("at most 4 decimals"));
    assert!(err::<Amount>("1.00000").contains("at most 4 decimals"));
    assert!(err::<Amount>("twelve").contains("not a decimal number"));
    assert!(err::<Amount>("").contains("not a decimal number"));
    assert!(err::<Amount>("12 EUR").contains("not a decimal number"));
    assert!(err::<Amount>("1e3").contains("not a decimal number"));
}

// ---------------------------------------------------------------- Currency

#[test]
fn currency_codes() {
    assert_eq!(ok::<Currency>("EUR").code(), "EUR");
    assert_eq!(ok::<Currency>("USD").to_string(), "USD");
    for bad in ["eur", "Eur", "EURO", "EU", "", "E1R", " EUR", "ÄUR"] {
        assert!(err::<Currency>(bad).contains("three capital letters"), "{bad:?}");
    }
}

// ------------------------------------------------------------ CalendarSpan

#[test]
fn calendar_span_parses_long_and_short_units() {
    let span = |count, unit| CalendarSpan { count, unit };
    assert_eq!(ok::<CalendarSpan>("3 months"), span(3, SpanUnit::Months));
    assert_eq!(ok::<CalendarSpan>("1 month"), span(1, SpanUnit::Months));
    assert_eq!(ok::<CalendarSpan>("90 days"), span(90, SpanUnit::Days));
    assert_eq!(ok::<CalendarSpan>("1 day"), span(1, SpanUnit::Days));
    assert_eq!(ok::<CalendarSpan>("2 weeks"), span(2, SpanUnit::Weeks));
    assert_eq!(ok::<CalendarSpan>("1 year"), span(1, SpanUnit::Years));
    assert_eq!(ok::<CalendarSpan>("2 years"), span(2, SpanUnit::Years));
    assert_eq!(ok::<CalendarSpan>("3mo"), span(3, SpanUnit::Months));
    assert_eq!(ok::<CalendarSpan>("90d"), span(90, SpanUnit::Days));
    assert_eq!(ok::<CalendarSpan>("2w"), span(2, SpanUnit::Weeks));
    assert_eq!(ok::<CalendarSpan>("1y"), span(1, SpanUnit::Years));
}

#[test]
fn calendar_span_rejects_bad_input() {
    // `m` is deliberately not a unit here: months or minutes?
    assert!(err::<CalendarSpan>("3m").contains("`m` is not a unit"));
    assert!(err::<CalendarSpan>("3").contains("unit is missing"));
    assert!(err::<CalendarSpan>("months").contains("whole number"));
    assert!(err::<CalendarSpan>("-3 months").contains("whole number"));
    assert!(err::<CalendarSpan>("3 Months").contains("not a unit"));
    // 4294967296 is u32::MAX + 1.
    assert!(err::<CalendarSpan>("4294967296 days").contains("too large"));
}

#[test]
fn calendar_span_display() {
    assert_eq!(ok::<CalendarSpan>("3mo").to_string(), "3 months");
    assert_eq!(ok::<CalendarSpan>("1y").to_string(), "1 year");
    assert_eq!(ok::<CalendarSpan>("1 day").to_string(), "1 day");
    assert_eq!(ok::<CalendarSpan>("2w").to_string(), "2 weeks");
}

#[test]
fn calendar_span_before_clamps_to_month_end() {
    // 31 May - 3 months = 31 February, which does not exist: February 2026
    // has 28 days and February 2028 has 29 (python calendar.monthrange).
    let three_months: CalendarSpan = ok("3 months");
    assert_eq!(three_months.before(ymd(2026, 5, 31)), Some(ymd(2026, 2, 28)));
    assert_eq!(three_months.before(ymd(2028, 5, 31)), Some(ymd(2028, 2, 29)));
}

#[test]
fn calendar_span_before_in_days_and_weeks() {
    // python: date(2026, 5, 31) - timedelta(90) == date(2026, 3, 2).
    assert_eq!(ok::<CalendarSpan>("90 days").before(ymd(2026, 5, 31)), Some(ymd(2026, 3, 2)));
    // python: date(2026, 3, 14) - timedelta(14) == date(2026, 2, 28).
    assert_eq!(ok::<CalendarSpan>("2 weeks").before(ymd(2026, 3, 14)), Some(ymd(2026, 2, 28)));
}

#[test]
fn calendar_span_after() {
    // 31 January + 1 month = 31 February -> last day of February.
    let month: CalendarSpan = ok("1 month");
    assert_eq!(month.after(ymd(2026, 1, 31)), Some(ymd(2026, 2, 28)));
    assert_eq!(month.after(ymd(2024, 1, 31)), Some(ymd(2024, 2, 29)));
    // Across a year end.
    assert_eq!(month.after(ymd(2026, 12, 15)), Some(ymd(2027, 1, 15)));
    // python: date(2026, 12, 31) + timedelta(1) == date(2027, 1, 1).
    assert_eq!(ok::<CalendarSpan>("1 day").after(ymd(2026, 12, 31)), Some(ymd(2027, 1, 1)));
    // python: date(2026, 3, 14) + timedelta(14) == date(2026, 3, 28).
    assert_eq!(ok::<CalendarSpan>("2 weeks").after(ymd(2026, 3, 14)), Some(ymd(2026, 3, 28)));
}

#[test]
fn calendar_span_years() {
    // 29 Feb + 1 year = 29 Feb 2025, which does not exist -> 28 Feb.
    let year: CalendarSpan = ok("1 year");
    assert_eq!(year.after(ymd(2024, 2, 29)), Some(ymd(2025, 2, 28)));
    assert_eq!(year.before(ymd(2024, 2, 29)), Some(ymd(2023, 2, 28)));
    // 4 years from a leap day lands on a leap day.
    assert_eq!(ok::<CalendarSpan>("4 years").after(ymd(2024, 2, 29)), Some(ymd(2028, 2, 29)));
    assert_eq!(year.after(ymd(2026, 3, 14)), Some(ymd(2027, 3, 14)));
}

#[test]
fn calendar_span_out_of_range_is_none() {
    // u32::MAX years * 12 overflows u32: checked_mul gives None.
    let huge = CalendarSpan { count: u32::MAX, unit: SpanUnit::Years };
    assert_eq!(huge.after(ymd(2026, 1, 1)), None);
    assert_eq!(huge.before(ymd(2026, 1, 1)), None);
    // u32::MAX days is about 11.7 million years, past chrono's range.
    let days = CalendarSpan { count: u32::MAX, unit: SpanUnit::Days };
    assert_eq!(days.after(ymd(2026, 1, 1)), None);
}

// -------------------------------------------------------------------- Date

#[test]
fn date_parses_iso_dates() {
    assert_eq!(ok::<Date>("2026-03-14").0, ymd(2026, 3, 14));
    // 2024 is a leap year (divisible by 4, not by 100).
    assert_eq!(ok::<Date>("2024-02-29").0, ymd(2024, 2, 29));
    assert_eq!(ok::<Date>("2026-03-14").to_string(), "2026-03-14");
}

/// The direct reading of `YYYY-MM-DD` agrees with chrono's own parser of
/// that format on every month and day number from 00 to 13 and 00 to 32,
/// in leap, common and century years and at the ends of the range: the
/// same date, or an error for both (chrono is the independent reference).
#[test]
fn date_reads_as_chrono_parses() {
    for year in ["0000", "0001", "1900", "2000", "2023", "2024", "2026", "9999"] {
        for month in 0..=13 {
            for day in 0..=32 {
                let text = format!("{year}-{month:02}-{day:02}");
                let chrono = NaiveDate::parse_from_str(&text, "%Y-%m-%d");
                match text.parse::<Date>() {
                    Ok(date) => assert_eq!(Ok(date.0), chrono, "{text}"),
                    Err(why) => {
                        assert!(chrono.is_err(), "{text}: {why}");
                        assert!(why.starts_with("not a calendar date ("), "{text}: {why}");
                    }
                }
            }
        }
    }
}

#[test]
fn date_rejects_impossible_dates_and_text() {
    assert!(err::<Date>("2026-02-30").contains("not a calendar date"));
    // 2026 is not a leap year; 1900 is not either (divisible by 100, not 400).
    assert!(err::<Date>("2026-02-29").contains("not a calendar date"));
    assert!(err::<Date>("1900-02-29").contains("not a calendar date"));
    assert!(err::<Date>("2026-13-01").contains("not a calendar date"));
    assert!(err::<Date>("14/03/2026").contains("ISO 8601"));
    assert!(err::<Date>("2026-03-14T09:00").contains("ISO 8601"));
    assert!(err::<Date>("").contains("ISO 8601"));
}

#[test]
fn date_refuses_non_iso_spellings() {
    // Only ISO 8601 `YYYY-MM-DD`; chrono alone used to accept one-digit
    // months and days, a sign and leading blanks.
    for bad in ["2026-3-1", "2026-03-1", "+2026-03-14", " 2026-03-14", "2026-03-14 "] {
        assert!(err::<Date>(bad).contains("ISO 8601"), "{bad:?}");
    }
}

// --------------------------------------------------------------- Timestamp

#[test]
fn timestamp_with_offset() {
    let t: Timestamp = ok("2026-03-14T09:12:00+01:00");
    assert_eq!(t.local, ymd(2026, 3, 14).and_hms_opt(9, 12, 0).unwrap());
    assert_eq!(t.offset, FixedOffset::east_opt(3_600));
    // `Z` is UTC, an offset of zero.
    let z: Timestamp = ok("2026-03-14T09:12:00Z");
    assert_eq!(z.offset, FixedOffset::east_opt(0));
    // A negative offset: -05:30 = -(5 * 3600 + 30 * 60) = -19800 s.
    let west: Timestamp = ok("2026-03-14T09:12:00-05:30");
    assert_eq!(west.offset, FixedOffset::east_opt(-19_800));
}

#[test]
fn timestamp_without_offset() {
    let at_0912 = ymd(2026, 3, 14).and_hms_opt(9, 12, 0).unwrap();
    for text in ["2026-03-14T09:12", "2026-03-14T09:12:00", "2026-03-14 09:12", "2026-03-14 09:12:00"] {
        let t: Timestamp = ok(text);
        assert_eq!(t.local, at_0912, "{text}");
        assert_eq!(t.offset, None, "{text}");
    }
    let with_seconds: Timestamp = ok("2026-03-14T09:12:45");
    assert_eq!(with_seconds.local, ymd(2026, 3, 14).and_hms_opt(9, 12, 45).unwrap());
}

#[test]
fn timestamp_rejects_garbage() {
    for bad in
        ["yesterday", "2026-03-14", "09:12", "2026-03-14T25:00", "2026-02-30T09:12", "2026-03-14T09:12:00+25:00", ""]
    {
        assert_eq!(err::<Timestamp>(bad), "not a date and time", "{bad:?}");
    }
}

#[test]
fn timestamp_display() {
    // Always `T`, always seconds; the offset as written, `Z` as +00:00.
    assert_eq!(ok::<Timestamp>("2026-03-14T09:12:00+01:00").to_string(), "2026-03-14T09:12:00+01:00");
    assert_eq!(ok::<Timestamp>("2026-03-14 09:12").to_string(), "2026-03-14T09:12:00");
    assert_eq!(ok::<Timestamp>("2026-03-14T09:12:00Z").to_string(), "2026-03-14T09:12:00+00:00");
}

#[test]
fn timestamp_display_keeps_seconds() {
    // Display (and so Serialize) used to keep minutes only.
    assert_eq!(ok::<Timestamp>("2026-03-14T09:12:45").to_string(), "2026-03-14T09:12:45");
}

#[test]
fn timestamp_display_drops_fractions_of_a_second() {
    // RFC 3339 input may carry a fraction; `%S` prints whole seconds, so
    // the shown text reads back 0.5 s earlier than the value held.
    let t: Timestamp = ok("2026-03-14T09:12:00.5+01:00");
    assert_eq!(t.to_string(), "2026-03-14T09:12:00+01:00");
    assert_ne!(t.to_string().parse::<Timestamp>(), Ok(t));
}

#[test]
fn timestamp_offset_without_seconds() {
    // Seconds are optional with an offset as without one (RFC 3339 alone
    // used to be tried for offsets, and it demands seconds).
    let t = ok::<Timestamp>("2026-03-14T09:12+01:00");
    assert_eq!(t.local, ymd(2026, 3, 14).and_hms_opt(9, 12, 0).unwrap());
    assert_eq!(t.offset, FixedOffset::east_opt(3_600));
}

#[test]
fn timestamp_display_round_trips_with_offset() {
    // Shown as "2026-03-14T09:12:00+01:00", which is RFC 3339 again. (The
    // shown form used to be "2026-03-14T09:12+01:00", which did not parse.)
    let t: Timestamp = ok("2026-03-14T09:12:00+01:00");
    assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
    let t: Timestamp = ok("2026-03-14T09:12:45-05:30");
    assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
}

#[test]
fn timestamp_display_round_trips_without_offset() {
    let t: Timestamp = ok("2026-03-14T09:12");
    assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
}

// --------------------------------------------------------------- TimeOfDay

#[test]
fn time_of_day() {
    // 9 * 60 = 540; 23 * 60 + 59 = 1439; 24 * 60 = 1440.
    assert_eq!(ok::<TimeOfDay>("09:00").minutes, 540);
    assert_eq!(ok::<TimeOfDay>("00:00").minutes, 0);
    assert_eq!(ok::<TimeOfDay>("23:59").minutes, 1_439);
    assert_eq!(ok::<TimeOfDay>("24:00").minutes, 1_440);
    assert_eq!(ok::<TimeOfDay>("17:30").minutes, 17 * 60 + 30);
    // chrono's `%H` also takes a single digit.
    assert_eq!(ok::<TimeOfDay>("9:00").minutes, 540);
}

#[test]
fn time_of_day_rejects_bad_input() {
    for bad in ["25:00", "24:01", "24:30", "12:60", "09:00:30", "9", "noon", ""] {
        assert_eq!(err::<TimeOfDay>(bad), "not a time of day (HH:MM)", "{bad:?}");
    }
}

#[test]
fn time_of_day_display() {
    assert_eq!(TimeOfDay { minutes: 540 }.to_string(), "09:00");
    assert_eq!(TimeOfDay { minutes: 1_440 }.to_string(), "24:00");
    assert_eq!(TimeOfDay { minutes: 0 }.to_string(), "00:00");
    assert_eq!(ok::<TimeOfDay>("9:05").to_string(), "09:05");
}

// ------------------------------------------------------------------ Period

#[test]
fn period_parses_each_granularity() {
    assert_eq!(ok::<Period>("2026"), Period::Year(2026));
    assert_eq!(ok::<Period>("2026-Q1"), Period::Quarter(2026, 1));
    assert_eq!(ok::<Period>("2026-Q4"), Period::Quarter(2026, 4));
    assert_eq!(ok::<Period>("2026-03"), Period::Month(2026, 3));
    assert_eq!(ok::<Period>("2026-W07"), Period::Week(2026, 7));
    assert_eq!(ok::<Period>("2026-03-14"), Period::Day(ymd(2026, 3, 14)));
}

#[test]
fn period_display_round_trips() {
    for text in ["2026", "2026-Q1", "2026-03", "2026-W07", "2026-03-14", "2026-12", "2026-W53", "0999"] {
        let period: Period = ok(text);
        assert_eq!(period.to_string(), text);
    }
}

#[test]
fn period_rejects_bad_input() {
    assert!(err::<Period>("2026-Q5").contains("Q1 to Q4"));
    assert!(err::<Period>("2026-Q0").contains("Q1 to Q4"));
    assert!(err::<Period>("2026-13").contains("01 to 12"));
    assert!(err::<Period>("2026-00").contains("01 to 12"));
    assert!(err::<Period>("2026-W54").contains("no ISO week 54"));
    assert!(err::<Period>("2026-W00").contains("no ISO week 00"));
    assert!(err::<Period>("26-03").contains("is not a period"));
    assert!(err::<Period>("202-03").contains("is not a period"));
    assert!(err::<Period>("2026-W7").contains("two digits"));
    assert!(err::<Period>("2026-02-30").contains("2026-02-30"));
    assert!(err::<Period>("abcd").contains("is not a period"));
    assert!(err::<Period>("").contains("is not a period"));
}

#[test]
fn period_iso_week_53() {
    // The brief assumed 2026 has 52 ISO weeks; it has 53. A year has 53
    // ISO weeks when 1 January is a Thursday (or a Wednesday in a leap
    // year). python: date(2026, 1, 1).strftime('%A') == 'Thursday' and
    // date(2026, 12, 28).isocalendar() == (2026, 53, 1).
    assert_eq!(ok::<Period>("2026-W53"), Period::Week(2026, 53));
    // python: date(2020, 12, 28).isocalendar() == (2020, 53, 1).
    assert_eq!(ok::<Period>("2020-W53"), Period::Week(2020, 53));
    // python: date(2025, 12, 28).isocalendar() == (2025, 52, 7), and
    // date(2027, 12, 28).isocalendar() == (2027, 52, 2): no week 53.
    assert!(err::<Period>("2025-W53").contains("no ISO week 53"));
    assert!(err::<Period>("2027-W53").contains("no ISO week 53"));
}

#[test]
fn period_refuses_signs_and_padding() {
    // Rust's integer FromStr accepts a leading `+`; these loose spellings
    // used to parse and are refused now.
    for bad in ["2026-Q01", "2026-Q+1", "2026-+3", "2026-W+7", "2026-3-1"] {
        assert!(Period::from_str(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn period_rejects_signed_year() {
    // `+202` is four characters; it used to parse as Period::Year(202),
    // shown as `0202`. The year must now be four digits.
    assert!(err::<Period>("+202").contains("is not a period"));
    assert!(err::<Period>("+202-03").contains("is not a period"));
    assert!(err::<Period>("-202").contains("is not a period"));
}

#[test]
fn period_next() {
    assert_eq!(Period::Year(2026).next(), Some(Period::Year(2027)));
    assert_eq!(Period::Month(2026, 3).next(), Some(Period::Month(2026, 4)));
    assert_eq!(Period::Month(2026, 12).next(), Some(Period::Month(2027, 1)));
    assert_eq!(Period::Quarter(2026, 1).next(), Some(Period::Quarter(2026, 2)));
    assert_eq!(Period::Quarter(2026, 4).next(), Some(Period::Quarter(2027, 1)));
    // Leap day, and the day after it.
    assert_eq!(Period::Day(ymd(2024, 2, 28)).next(), Some(Period::Day(ymd(2024, 2, 29))));
    assert_eq!(Period::Day(ymd(2024, 2, 29)).next(), Some(Period::Day(ymd(2024, 3, 1))));
    assert_eq!(Period::Day(ymd(2026, 2, 28)).next(), Some(Period::Day(ymd(2026, 3, 1))));
    assert_eq!(Period::Day(ymd(2026, 12, 31)).next(), Some(Period::Day(ymd(2027, 1, 1))));
    assert_eq!(Period::Year(i32::MAX).next(), None);
}

#[test]
fn period_next_week_follows_iso_rules() {
    // python: date.fromisocalendar(2026, 52, 1) + 7 days
    //   -> isocalendar() == (2026, 53, 1).
    assert_eq!(Period::Week(2026, 52).next(), Some(Period::Week(2026, 53)));
    // python: date.fromisocalendar(2026, 53, 1) + 7 days == 2027-01-04
    //   -> isocalendar() == (2027, 1, 1).
    assert_eq!(Period::Week(2026, 53).next(), Some(Period::Week(2027, 1)));
    // python: date.fromisocalendar(2025, 52, 1) + 7 days == 2025-12-29
    //   -> isocalendar() == (2026, 1, 1): 2025 has no week 53.
    assert_eq!(Period::Week(2025, 52).next(), Some(Period::Week(2026, 1)));
    // python: date.fromisocalendar(2020, 53, 1) + 7 days == 2021-01-04 -> (2021, 1, 1).
    assert_eq!(Period::Week(2020, 53).next(), Some(Period::Week(2021, 1)));
    assert_eq!(Period::Week(2026, 7).next(), Some(Period::Week(2026, 8)));
}

#[test]
fn period_start_and_end() {
    let check = |p: Period, start: NaiveDate, end: NaiveDate| {
        assert_eq!(p.start(), start, "start of {p}");
        assert_eq!(p.end(), end, "end of {p}");
    };
    check(Period::Year(2026), ymd(2026, 1, 1), ymd(2027, 1, 1));
    check(Period::Quarter(2026, 1), ymd(2026, 1, 1), ymd(2026, 4, 1));
    check(Period::Quarter(2026, 2), ymd(2026, 4, 1), ymd(2026, 7, 1));
    check(Period::Quarter(2026, 4), ymd(2026, 10, 1), ymd(2027, 1, 1));
    check(Period::Month(2024, 2), ymd(2024, 2, 1), ymd(2024, 3, 1));
    check(Period::Month(2026, 12), ymd(2026, 12, 1), ymd(2027, 1, 1));
    // python: date.fromisocalendar(2026, 7, 1) == 2026-02-09, + 7 = 2026-02-16.
    check(Period::Week(2026, 7), ymd(2026, 2, 9), ymd(2026, 2, 16));
    // python: date.fromisocalendar(2026, 1, 1) == 2025-12-29 (week 1 starts
    // in the previous calendar year).
    check(Period::Week(2026, 1), ymd(2025, 12, 29), ymd(2026, 1, 5));
    // python: date.fromisocalendar(2026, 53, 1) == 2026-12-28,
    // date.fromisocalendar(2027, 1, 1) == 2027-01-04.
    check(Period::Week(2026, 53), ymd(2026, 12, 28), ymd(2027, 1, 4));
    check(Period::Day(ymd(2024, 2, 28)), ymd(2024, 2, 28), ymd(2024, 2, 29));
    // No successor: the end is open.
    assert_eq!(Period::Year(i32::MAX).end(), NaiveDate::MAX);
}

#[test]
fn period_order_within_a_granularity() {
    assert!(Period::Month(2026, 12) < Period::Month(2027, 1));
    assert!(Period::Week(2026, 53) < Period::Week(2027, 1));
    assert!(Period::Quarter(2026, 4) < Period::Quarter(2027, 1));
}

#[test]
fn granularity_and_season_lengths() {
    // Days in a week, weeks in a (52-week) year, months, quarters, years.
    let cases = [
        ("2026-03-14", Granularity::Day, 7, "daily"),
        ("2026-W07", Granularity::Week, 52, "weekly"),
        ("2026-03", Granularity::Month, 12, "monthly"),
        ("2026-Q1", Granularity::Quarter, 4, "quarterly"),
        ("2026", Granularity::Year, 1, "yearly"),
    ];
    for (text, granularity, season, name) in cases {
        let period: Period = ok(text);
        assert_eq!(period.granularity(), granularity, "{text}");
        assert_eq!(granularity.season_length(), season, "{text}");
        assert_eq!(granularity.to_string(), name, "{text}");
    }
}

// ------------------------------------------- Deserialization through formats

/// A record-like struct holding one of each value type.
#[derive(Debug, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Values {
    amount: Option<Amount>,
    d: Option<Date>,
    t: Option<Timestamp>,
    tod: Option<TimeOfDay>,
    pct: Option<Percent>,
    dur: Option<Duration>,
    span: Option<CalendarSpan>,
    per: Option<Period>,
    cur: Option<Currency>,
}

fn yaml(text: &str) -> Result<Values, String> {
    serde_saphyr::from_str::<Values>(text).map_err(|e| e.to_string())
}

fn toml_values(text: &str) -> Result<Values, String> {
    toml::from_str::<Values>(text).map_err(|e| e.to_string())
}

#[test]
fn yaml_amount_keeps_every_digit() {
    // 18 significant digits: more than an f64 holds (about 15.9), so this
    // only works because the scalar is read as text.
    let v = yaml("amount: 12345678901234.5678").unwrap();
    assert_eq!(v.amount, Some(Amount(Decimal::new(123_456_789_012_345_678, 4))));
    assert_eq!(v.amount.unwrap().to_string(), "12345678901234.5678");
}

#[test]
fn yaml_amount_keeps_scale() {
    // A binary float would turn 12.50 into 12.5; the text keeps scale 2.
    let v = yaml("amount: 12.50").unwrap();
    assert_eq!(v.amount.unwrap().0.scale(), 2);
    assert_eq!(yaml("amount: '12.50'").unwrap().amount, Some(ok("12.50")));
    assert_eq!(yaml("amount: 1200").unwrap().amount.unwrap().to_string(), "1200.00");
    assert_eq!(yaml("amount: 1_000.5").unwrap().amount, Some(Amount(Decimal::new(10_005, 1))));
}

#[test]
fn yaml_rejects_bad_amounts_with_the_expectation() {
    let message = yaml("amount: -5").unwrap_err();
    assert!(message.contains("cannot be negative"), "{message}");
    assert!(message.contains("expected a non-negative amount of money"), "{message}");
    assert!(yaml("amount: .inf").is_err());
}

#[test]
fn yaml_scalars_of_every_type() {
    let v = yaml(
        "d: 2026-03-14\n\
         t: 2026-03-14T09:12:00+01:00\n\
         tod: 09:00\n\
         pct: 99.9%\n\
         dur: 1h30m\n\
         span: 3 months\n\
         per: 2026-03\n\
         cur: EUR\n",
    )
    .unwrap();
    assert_eq!(v.d, Some(Date(ymd(2026, 3, 14))));
    let t = v.t.unwrap();
    assert_eq!(t.local, ymd(2026, 3, 14).and_hms_opt(9, 12, 0).unwrap());
    assert_eq!(t.offset, FixedOffset::east_opt(3_600));
    assert_eq!(v.tod, Some(TimeOfDay { minutes: 540 }));
    assert_eq!(v.pct.map(Percent::value), Some(99.9));
    assert_eq!(v.dur, Some(Duration::from_seconds(5_400)));
    assert_eq!(v.span, Some(CalendarSpan { count: 3, unit: SpanUnit::Months }));
    assert_eq!(v.per, Some(Period::Month(2026, 3)));
    assert_eq!(v.cur.as_ref().map(Currency::code), Some("EUR"));
}

#[test]
fn yaml_numbers_that_look_like_other_types() {
    // `2026` is an integer to YAML and `24:00` a sexagesimal number to
    // YAML 1.1; both arrive as text here.
    assert_eq!(yaml("per: 2026").unwrap().per, Some(Period::Year(2026)));
    assert_eq!(yaml("tod: 24:00").unwrap().tod, Some(TimeOfDay { minutes: 1_440 }));
    assert_eq!(yaml("pct: 99.9").unwrap().pct.map(Percent::value), Some(99.9));
}

#[test]
fn yaml_invalid_values_are_errors() {
    assert!(yaml("d: 2026-02-30").unwrap_err().contains("expected a date such as 2026-03-14"));
    assert!(yaml("dur: 4").unwrap_err().contains("unit is missing"));
    assert!(yaml("pct: 100.1").unwrap_err().contains("between 0 and 100"));
    assert!(yaml("per: 2026-W54").unwrap_err().contains("no ISO week 54"));
}

#[test]
fn toml_float_amount_works() {
    // 12.5 has 3 significant digits: safe through an f64.
    let v = toml_values("amount = 12.5").unwrap();
    assert_eq!(v.amount, Some(Amount(Decimal::new(125, 1))));
    assert_eq!(toml_values("amount = 1200").unwrap().amount.unwrap().to_string(), "1200.00");
    assert_eq!(toml_values("amount = 0.1").unwrap().amount, Some(Amount(Decimal::new(1, 1))));
    // 15 significant digits is the documented limit, inclusive.
    let fifteen = toml_values("amount = 1234567890123.45").unwrap();
    assert_eq!(fifteen.amount, Some(Amount(Decimal::new(123_456_789_012_345, 2))));
}

#[test]
fn toml_long_float_amount_asks_for_quotes() {
    let message = toml_values("amount = 12345678901234.5678").unwrap_err();
    assert!(message.contains("more than 15 significant digits"), "{message}");
    assert!(message.contains("in quotes"), "{message}");
    // Quoted, it keeps every digit.
    let v = toml_values("amount = \"12345678901234.5678\"").unwrap();
    assert_eq!(v.amount, Some(Amount(Decimal::new(123_456_789_012_345_678, 4))));
}

#[test]
fn toml_long_float_hint_does_not_suggest_a_changed_amount() {
    // The message used to end with: such as "12345678901234.568", which is
    // 0.0002 less than what was written (12345678901234.5678); copying the
    // hint would have silently changed the amount.
    let message = toml_values("amount = 12345678901234.5678").unwrap_err();
    let (what, hint) = message.split_once("; expected ").expect("a hint");
    assert!(!hint.contains("12345678901234.568"), "{message}");
    // SURPRISING: the part before the hint still quotes the rounded f64
    // text as the invalid value, not what was written.
    assert!(what.contains("`12345678901234.568`"), "{message}");
}

#[test]
fn toml_date_and_time_literals() {
    // A TOML local date literal arrives as a private one-entry map.
    assert_eq!(toml_values("d = 2026-03-14").unwrap().d, Some(Date(ymd(2026, 3, 14))));
    assert_eq!(toml_values("d = \"2026-03-14\"").unwrap().d, Some(Date(ymd(2026, 3, 14))));
    let t = toml_values("t = 2026-03-14T09:12:00+01:00").unwrap().t.unwrap();
    assert_eq!(t.local, ymd(2026, 3, 14).and_hms_opt(9, 12, 0).unwrap());
    assert_eq!(t.offset, FixedOffset::east_opt(3_600));
    let local = toml_values("t = 2026-03-14T09:12:00").unwrap().t.unwrap();
    assert_eq!(local.offset, None);
    let z = toml_values("t = 2026-03-14T09:12:00Z").unwrap().t.unwrap();
    assert_eq!(z.offset, FixedOffset::east_opt(0));
    // A date-time where a date is expected is refused, not truncated.
    assert!(toml_values("d = 2026-03-14T09:12:00").unwrap_err().contains("ISO 8601"));
}

#[test]
fn toml_time_literals() {
    // TOML 1.1 allows a local time without seconds; it reaches TimeOfDay
    // as "09:00".
    assert_eq!(toml_values("tod = 09:00").unwrap().tod, Some(TimeOfDay { minutes: 540 }));
    // A TOML local time with whole-minute seconds, `09:00:00`, loses
    // nothing and is taken; one with seconds is refused.
    assert_eq!(toml_values("tod = 09:00:00").unwrap().tod, Some(TimeOfDay { minutes: 540 }));
    assert!(toml_values("tod = 09:00:30").unwrap_err().contains("not a time of day"));
}

#[test]
fn toml_other_values() {
    assert_eq!(toml_values("pct = 99.9").unwrap().pct.map(Percent::value), Some(99.9));
    assert_eq!(toml_values("per = 2026").unwrap().per, Some(Period::Year(2026)));
    assert_eq!(toml_values("dur = \"4h\"").unwrap().dur, Some(Duration::from_seconds(14_400)));
    assert!(toml_values("dur = 4").unwrap_err().contains("unit is missing"));
    // A boolean is no scalar the visitor takes.
    assert!(toml_values("amount = true").is_err());
}

#[test]
fn serialize_goes_through_display() {
    // serde_json is a dependency of the crate; each type is a JSON string.
    fn json<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).expect("serializes")
    }
    assert_eq!(json(&ok::<Amount>("1200")), "\"1200.00\"");
    assert_eq!(json(&ok::<Duration>("90m")), "\"1h30m\"");
    assert_eq!(json(&ok::<Period>("2026-W07")), "\"2026-W07\"");
    assert_eq!(json(&ok::<CalendarSpan>("3mo")), "\"3 months\"");
    assert_eq!(json(&ok::<Percent>("99.9%")), "\"99.9%\"");
    assert_eq!(json(&Granularity::Quarter), "\"quarter\"");
}
