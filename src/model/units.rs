//! Value types parsed once, at the edge: durations, percentages, money
//! amounts, currencies, calendar spans, periods, dates and timestamps.
//!
//! Each type accepts the spellings people write in YAML and TOML and
//! rejects everything else with a message that says what was expected, so
//! that the loader can turn it into a located `invalid-value` finding.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration as ChronoDuration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Implements `Deserialize` through `FromStr` for a type written as a
/// string; integers and floats are accepted as their decimal text, and
/// TOML's date-time values as their RFC 3339 text.
///
/// The value is asked for as a string: YAML then hands over the scalar
/// exactly as written (`12.50` stays `12.50`, never a binary float), and
/// TOML, which has typed numbers, falls back to the number it parsed.
macro_rules! deserialize_via_str {
    ($ty:ty, $expecting:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(TextVisitor::<$ty>::new($expecting))
            }
        }
    };
}

/// Implements `Serialize` through `Display`.
macro_rules! serialize_via_display {
    ($ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

/// A visitor that takes any scalar as text and parses it with `FromStr`.
struct TextVisitor<T> {
    expecting: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> TextVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        Self { expecting, marker: std::marker::PhantomData }
    }
}

impl<'de, T: FromStr<Err = String>> Visitor<'de> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(v.trim())
            .map_err(|why| E::custom(format_args!("invalid value `{v}`: {why}; expected {}", self.expecting)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }

    /// A float is taken by its shortest exact text, which gives back what
    /// was written for up to 15 significant digits; beyond that a binary
    /// float may already have changed the value, so it is refused.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        let text = v.to_string();
        let digits = text.trim_start_matches(['-', '0', '.']).chars().filter(char::is_ascii_digit).count();
        if digits > 15 {
            return Err(E::custom(format_args!(
                "invalid value `{text}`: a number with more than 15 significant digits cannot be read exactly; expected the number in quotes, exactly as it should be"
            )));
        }
        self.visit_str(&text)
    }

    /// TOML hands date-times over as a one-entry map with a private key.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_entry::<String, String>()? {
            Some((key, value)) if key.contains("toml") && key.contains("datetime") => self.visit_str(&value),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// Whether `text` is exactly `n` ASCII digits.
fn digits(text: &str, n: usize) -> bool {
    text.len() == n && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` has the ISO 8601 calendar-date shape `YYYY-MM-DD`.
fn iso_date_shape(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The quarter number of `Q3`.
fn q_text(rest: &str) -> &str {
    rest.strip_prefix('Q').unwrap_or(rest)
}

/// A length of time written the way people write it: `30m`, `4h`, `2d`,
/// `1w`, `90s`, or a compound such as `1h30m`. Stored in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration {
    seconds: i64,
}

impl Duration {
    /// A duration of `seconds` seconds.
    pub const fn from_seconds(seconds: i64) -> Self {
        Self { seconds }
    }

    /// A duration of `minutes` minutes.
    pub const fn from_minutes(minutes: i64) -> Self {
        Self { seconds: minutes * 60 }
    }

    /// The length in seconds.
    pub const fn seconds(self) -> i64 {
        self.seconds
    }

    /// The length as a chrono duration, for date arithmetic.
    pub fn to_chrono(self) -> ChronoDuration {
        ChronoDuration::seconds(self.seconds)
    }
}

impl FromStr for Duration {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("a duration cannot be empty".into());
        }
        if s.starts_with('-') {
            return Err("a duration cannot be negative".into());
        }
        let mut total: i64 = 0;
        let mut rest = s;
        while !rest.is_empty() {
            let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            if digits == 0 {
                return Err("each part must start with a whole number".into());
            }
            let number: i64 = rest[..digits].parse().map_err(|_| "the number is too large")?;
            rest = &rest[digits..];
            let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
            let unit = rest[..unit_len].trim();
            rest = &rest[unit_len..];
            let scale = match unit {
                "s" => 1,
                "m" | "min" => 60,
                "h" => 3_600,
                "d" => 86_400,
                "w" => 604_800,
                "" => return Err("the unit is missing (s, m, h, d or w)".into()),
                other => return Err(format!("`{other}` is not a unit (s, m, h, d or w)")),
            };
            total = number
                .checked_mul(scale)
                .and_then(|part| total.checked_add(part))
                .ok_or("the duration is too large")?;
        }
        Ok(Self { seconds: total })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.seconds == 0 {
            return f.write_str("0m");
        }
        if self.seconds < 0 {
            f.write_str("-")?;
        }
        let mut rest = self.seconds.unsigned_abs();
        // Whole days are written as days (`10d`, never `1w3d`); anything
        // else in hours and minutes (`40h`, not `1d16h`), because a target
        // of 40 hours on a business-hours clock is not one day and 16 hours.
        if rest.is_multiple_of(86_400) {
            return write!(f, "{}d", rest / 86_400);
        }
        for (unit, scale) in [("h", 3_600u64), ("m", 60), ("s", 1)] {
            if rest >= scale {
                write!(f, "{}{unit}", rest / scale)?;
                rest %= scale;
            }
        }
        Ok(())
    }
}

deserialize_via_str!(Duration, "a duration such as 30m, 4h, 2d or 1h30m");
serialize_via_display!(Duration);

/// A percentage between 0 and 100, written `99.9` or `"99.9%"`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Percent(f64);

impl Percent {
    /// The percentage as a number between 0 and 100.
    pub fn value(self) -> f64 {
        self.0
    }

    /// The percentage as a fraction between 0 and 1.
    pub fn fraction(self) -> f64 {
        self.0 / 100.0
    }
}

impl FromStr for Percent {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let number = s.trim().trim_end_matches('%').trim();
        if number.starts_with('-') {
            return Err("a percentage cannot be negative".into());
        }
        let value: f64 = number.parse().map_err(|_| "not a number".to_string())?;
        if !(0.0..=100.0).contains(&value) {
            return Err("a percentage lies between 0 and 100".into());
        }
        Ok(Self(value))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

deserialize_via_str!(Percent, "a percentage between 0 and 100 such as 99.9");
serialize_via_display!(Percent);

/// A sum of money: an exact decimal, never a binary float. Written as a
/// number (`1200`, `12.50`) or a string (`"12.50"`); at most 4 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub Decimal);

impl FromStr for Amount {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.contains(',') {
            return Err("write the amount without commas, with a point for decimals (12.50)".into());
        }
        let text: String = s.trim().chars().filter(|c| *c != '_').collect();
        let value = Decimal::from_str_exact(&text).map_err(|_| "not a decimal number".to_string())?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err("an amount cannot be negative".into());
        }
        if value.scale() > 4 {
            return Err("an amount has at most 4 decimals".into());
        }
        Ok(Self(value))
    }
}

impl fmt::Display for Amount {
    /// At least two decimals, and every decimal that was written.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let scale = self.0.scale().max(2) as usize;
        write!(f, "{:.*}", scale, self.0)
    }
}

deserialize_via_str!(Amount, "a non-negative amount of money such as 1200 or 12.50");
serialize_via_display!(Amount);

/// An ISO 4217 currency code such as `EUR`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(String);

impl Currency {
    /// The three-letter code.
    pub fn code(&self) -> &str {
        &self.0
    }
}

impl FromStr for Currency {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(Self(s.to_string()))
        } else {
            Err("a currency is three capital letters".into())
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

deserialize_via_str!(Currency, "an ISO 4217 currency code such as EUR or USD");
serialize_via_display!(Currency);

/// The unit of a [`CalendarSpan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpanUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// A span counted on the calendar, as contracts write it: `3 months`,
/// `90 days`, `2 weeks`, `1 year` (or `3mo`, `90d`, `2w`, `1y`). Months and
/// years are calendar months, not a number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarSpan {
    /// How many units.
    pub count: u32,
    /// Which unit.
    pub unit: SpanUnit,
}

impl CalendarSpan {
    /// `date` moved back by this span; a month end that does not exist in
    /// the target month falls on that month's last day (31 May - 3 months
    /// = 28 or 29 February).
    pub fn before(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            SpanUnit::Days => date.checked_sub_days(chrono::Days::new(self.count.into())),
            SpanUnit::Weeks => date.checked_sub_days(chrono::Days::new(u64::from(self.count) * 7)),
            SpanUnit::Months => date.checked_sub_months(chrono::Months::new(self.count)),
            SpanUnit::Years => date.checked_sub_months(chrono::Months::new(self.count.checked_mul(12)?)),
        }
    }

    /// `date` moved forward by this span, with the same month-end rule.
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            SpanUnit::Days => date.checked_add_days(chrono::Days::new(self.count.into())),
            SpanUnit::Weeks => date.checked_add_days(chrono::Days::new(u64::from(self.count) * 7)),
            SpanUnit::Months => date.checked_add_months(chrono::Months::new(self.count)),
            SpanUnit::Years => date.checked_add_months(chrono::Months::new(self.count.checked_mul(12)?)),
        }
    }
}

impl FromStr for CalendarSpan {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        if digits == 0 {
            return Err("it must start with a whole number".into());
        }
        let count: u32 = s[..digits].parse().map_err(|_| "the number is too large")?;
        let unit = match s[digits..].trim() {
            "d" | "day" | "days" => SpanUnit::Days,
            "w" | "week" | "weeks" => SpanUnit::Weeks,
            "mo" | "month" | "months" => SpanUnit::Months,
            "y" | "year" | "years" => SpanUnit::Years,
            "" => return Err("the unit is missing (days, weeks, months or years)".into()),
            other => return Err(format!("`{other}` is not a unit (days, weeks, months or years)")),
        };
        Ok(Self { count, unit })
    }
}

impl fmt::Display for CalendarSpan {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let unit = match self.unit {
            SpanUnit::Days => "day",
            SpanUnit::Weeks => "week",
            SpanUnit::Months => "month",
            SpanUnit::Years => "year",
        };
        let plural = if self.count == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.count)
    }
}

deserialize_via_str!(CalendarSpan, "a calendar span such as 3 months, 90 days or 1 year");
serialize_via_display!(CalendarSpan);

/// A calendar date in ISO 8601 (`2026-03-14`); TOML date literals work too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if !iso_date_shape(s) {
            return Err("not an ISO 8601 date (YYYY-MM-DD)".into());
        }
        // The shape fixes where each number is: read them directly (a
        // format string is parsed anew on every call); chrono's parser
        // only says why a date that does not exist is wrong.
        let b = s.as_bytes();
        let number = |digits: &[u8]| digits.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        if let Some(date) = NaiveDate::from_ymd_opt(number(&b[..4]) as i32, number(&b[5..7]), number(&b[8..])) {
            return Ok(Self(date));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Self).map_err(|e| format!("not a calendar date ({e})"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

deserialize_via_str!(Date, "a date such as 2026-03-14");
serialize_via_display!(Date);

/// A point in time, `2026-03-14T09:12:00+01:00`, or without an offset
/// (`2026-03-14T09:12`), read in the estate's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// The wall-clock reading as written.
    pub local: NaiveDateTime,
    /// The UTC offset, when one was written.
    pub offset: Option<FixedOffset>,
}

impl FromStr for Timestamp {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Ok(with_offset) = chrono::DateTime::parse_from_rfc3339(s)
            .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z"))
        {
            return Ok(Self { local: with_offset.naive_local(), offset: Some(*with_offset.offset()) });
        }
        for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(local) = NaiveDateTime::parse_from_str(s, format) {
                return Ok(Self { local, offset: None });
            }
        }
        Err("not a date and time".into())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.local.format("%Y-%m-%dT%H:%M:%S"))?;
        if let Some(offset) = self.offset {
            write!(f, "{offset}")?;
        }
        Ok(())
    }
}

deserialize_via_str!(Timestamp, "a date and time such as 2026-03-14T09:12:00+01:00");
serialize_via_display!(Timestamp);

/// A time of day, `09:00`; `24:00` stands for the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    /// Minutes since midnight, 0 to 1440.
    pub minutes: u16,
}

impl FromStr for TimeOfDay {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s == "24:00" {
            return Ok(Self { minutes: 1440 });
        }
        // TOML local times carry seconds (`09:00:00`); whole minutes only.
        let time = NaiveTime::parse_from_str(s, "%H:%M")
            .ok()
            .or_else(|| NaiveTime::parse_from_str(s, "%H:%M:%S").ok().filter(|t| t.second() == 0))
            .ok_or("not a time of day (HH:MM)")?;
        Ok(Self { minutes: u16::try_from(time.num_seconds_from_midnight() / 60).unwrap_or(0) })
    }
}

use chrono::Timelike;

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

deserialize_via_str!(TimeOfDay, "a time of day such as 09:00");
serialize_via_display!(TimeOfDay);

/// How long a [`Period`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Granularity {
    /// The usual season length for series of this granularity.
    pub fn season_length(self) -> usize {
        match self {
            Self::Day => 7,
            Self::Week => 52,
            Self::Month => 12,
            Self::Quarter => 4,
            Self::Year => 1,
        }
    }
}

impl fmt::Display for Granularity {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Self::Day => "daily",
            Self::Week => "weekly",
            Self::Month => "monthly",
            Self::Quarter => "quarterly",
            Self::Year => "yearly",
        })
    }
}

/// A calendar period: `2026`, `2026-Q1`, `2026-03`, `2026-W07` (ISO week)
/// or `2026-03-14`. Periods of one granularity are ordered and have a
/// successor, which is what gap detection in demand series needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
    Week(i32, u32),
    Day(NaiveDate),
}

impl Period {
    /// How long the period is.
    pub fn granularity(self) -> Granularity {
        match self {
            Self::Year(_) => Granularity::Year,
            Self::Quarter(..) => Granularity::Quarter,
            Self::Month(..) => Granularity::Month,
            Self::Week(..) => Granularity::Week,
            Self::Day(_) => Granularity::Day,
        }
    }

    /// The first day of the period.
    pub fn start(self) -> NaiveDate {
        let first = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN);
        match self {
            Self::Year(y) => first(y, 1),
            Self::Quarter(y, q) => first(y, (q - 1) * 3 + 1),
            Self::Month(y, m) => first(y, m),
            Self::Week(y, w) => NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon).unwrap_or(NaiveDate::MIN),
            Self::Day(d) => d,
        }
    }

    /// The first day after the period.
    pub fn end(self) -> NaiveDate {
        self.next().map_or(NaiveDate::MAX, Period::start)
    }

    /// The period that follows, of the same granularity.
    pub fn next(self) -> Option<Self> {
        Some(match self {
            Self::Year(y) => Self::Year(y.checked_add(1)?),
            Self::Quarter(y, 4) => Self::Quarter(y.checked_add(1)?, 1),
            Self::Quarter(y, q) => Self::Quarter(y, q + 1),
            Self::Month(y, 12) => Self::Month(y.checked_add(1)?, 1),
            Self::Month(y, m) => Self::Month(y, m + 1),
            Self::Week(..) => {
                let next = self.start().checked_add_days(chrono::Days::new(7))?.iso_week();
                Self::Week(next.year(), next.week())
            }
            Self::Day(d) => Self::Day(d.succ_opt()?),
        })
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a period (2026, 2026-Q1, 2026-03, 2026-W07 or 2026-03-14)");
        let s = s.trim();
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let Some(rest) = rest else { return Ok(Self::Year(year)) };
        if let Some(q) = rest.strip_prefix('Q') {
            return match q.parse() {
                Ok(q @ 1..=4) if digits(q_text(rest), 1) => Ok(Self::Quarter(year, q)),
                _ => Err(format!("`{s}`: a quarter is Q1 to Q4")),
            };
        }
        if let Some(w) = rest.strip_prefix('W') {
            if !digits(w, 2) {
                return Err(format!("`{s}`: write the ISO week with two digits, such as {year}-W07"));
            }
            let week: u32 = w.parse().map_err(|_| bad())?;
            return match NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon) {
                Some(_) => Ok(Self::Week(year, week)),
                None => Err(format!("`{s}`: year {year} has no ISO week {w}")),
            };
        }
        if rest.len() == 2 {
            return match rest.parse() {
                Ok(m @ 1..=12) if digits(rest, 2) => Ok(Self::Month(year, m)),
                _ => Err(format!("`{s}`: a month is 01 to 12")),
            };
        }
        if !iso_date_shape(s) {
            return Err(bad());
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Self::Day).map_err(|e| format!("`{s}`: {e}"))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y:04}"),
            Self::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Self::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Self::Week(y, w) => write!(f, "{y:04}-W{w:02}"),
            Self::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

deserialize_via_str!(Period, "a period such as 2026, 2026-Q1, 2026-03, 2026-W07 or 2026-03-14");
serialize_via_display!(Period);

#[cfg(test)]
mod tests;
