//! Hand-written schemas of the value types that parse text: each says what
//! its parser accepts, as a pattern for text and a range for numbers where
//! the loader takes numbers (`tests/schema.rs` checks the two agree).
//!
//! The parsers trim the text before reading it, so every pattern allows
//! spaces around the value.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::model::common::SupportHours;
use crate::model::project::MonthDay;
use crate::model::units::{Amount, CalendarSpan, Currency, Date, Duration, Percent, Period, TimeOfDay, Timestamp};

/// `YYYY-MM-DD`, the month 01 to 12 and the day 01 to 31.
const DATE: &str = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
/// `HH:MM` on a 24-hour clock.
const TIME: &str = "([01][0-9]|2[0-3]):[0-5][0-9]";
/// A UTC offset, `Z` or `+02:00`.
const OFFSET: &str = "([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])";

/// `^\s*(alternatives)\s*$`: the whole text, spaces around it allowed.
fn trimmed(alternatives: &[&str]) -> String {
    format!(r"^\s*({})\s*$", alternatives.join("|"))
}

/// Implements `JsonSchema` for a value type: its name, and its schema as
/// a function of nothing (value types refer to no other type).
macro_rules! value_schema {
    ($ty:ty, $name:literal, $schema:expr) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }

            fn schema_id() -> Cow<'static, str> {
                Cow::Borrowed(concat!(module_path!(), "::", $name))
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

value_schema!(
    Duration,
    "Duration",
    json_schema!({
        "description": "A duration: a whole number and a unit (s, m or min, h, d, w), or several in a row such as 1h30m. \
                        A number without a unit is refused.",
        "type": "string",
        "pattern": trimmed(&[r"([0-9]+\s*(s|m|min|h|d|w)\s*)+"]),
        "examples": ["30m", "4h", "2d", "1h30m"],
    })
);

value_schema!(
    Percent,
    "Percent",
    json_schema!({
        "description": "A percentage between 0 and 100: a number, or text with a percent sign such as \"99.9%\".",
        "anyOf": [
            { "type": "number", "minimum": 0, "maximum": 100 },
            {
                "type": "string",
                "pattern": r"^\s*\+?(0*100(\.0*)?|0*[0-9]{1,2}(\.[0-9]*)?|\.[0-9]+)\s*%*\s*$",
            },
        ],
        "examples": [99.9, "99.95%"],
    })
);

value_schema!(
    Amount,
    "Amount",
    json_schema!({
        "description": "An amount of money, exact: never negative, at most four decimals, a point for the decimals \
                        and no commas (an underscore may group digits). In TOML quote an amount of more than 15 \
                        significant digits.",
        "anyOf": [
            { "type": "number", "minimum": 0, "multipleOf": 0.0001 },
            { "type": "string", "pattern": trimmed(&[r"\+?[0-9_]*[0-9][0-9_]*(\.(_*[0-9]){0,4}_*)?"]) },
        ],
        "examples": [1200, 12.5, "7800.00"],
    })
);

value_schema!(
    Currency,
    "Currency",
    json_schema!({
        "description": "An ISO 4217 currency code: three capital letters.",
        "type": "string",
        "pattern": trimmed(&["[A-Z]{3}"]),
        "examples": ["EUR", "USD", "GBP"],
    })
);

value_schema!(
    CalendarSpan,
    "CalendarSpan",
    json_schema!({
        "description": "A span on the calendar: a whole number and days, weeks, months or years \
                        (d, w, mo, y; singular or plural).",
        "type": "string",
        "pattern": trimmed(&[r"[0-9]+\s*(d|days?|w|weeks?|mo|months?|y|years?)"]),
        "examples": ["3 months", "90 days", "1 year"],
    })
);

value_schema!(
    Date,
    "Date",
    json_schema!({
        "description": "An ISO 8601 date, YYYY-MM-DD.",
        "type": "string",
        "pattern": trimmed(&[DATE]),
        "examples": ["2026-03-14"],
    })
);

value_schema!(
    Timestamp,
    "Timestamp",
    json_schema!({
        "description": "A date and time, RFC 3339 style with its UTC offset (2026-10-14T09:40:00+02:00), seconds \
                        optional; without an offset it is read in the estate's time zone.",
        "type": "string",
        "pattern": trimmed(&[
            &format!(r"{DATE}[Tt ]{TIME}:[0-5][0-9](\.[0-9]+)?{OFFSET}"),
            &format!(r"{DATE}T{TIME}[+-]([01][0-9]|2[0-3]):[0-5][0-9]"),
            &format!(r"{DATE}[T ]{TIME}(:[0-5][0-9])?"),
        ]),
        "examples": ["2026-10-14T09:40:00+02:00", "2026-03-14T08:12:00Z"],
    })
);

value_schema!(
    TimeOfDay,
    "TimeOfDay",
    json_schema!({
        "description": "A time of day, HH:MM on a 24-hour clock; 24:00 is the end of the day.",
        "type": "string",
        "pattern": trimmed(&["24:00", &format!("{TIME}(:00)?")]),
        "examples": ["08:00", "18:00", "24:00"],
    })
);

value_schema!(
    Period,
    "Period",
    json_schema!({
        "description": "A calendar period: a year (2026), a quarter (2026-Q1), a month (2026-03), an ISO week \
                        (2026-W07) or a day (2026-03-14).",
        "anyOf": [
            { "type": "integer", "minimum": 1000, "maximum": 9999 },
            {
                "type": "string",
                "pattern": trimmed(&[
                    "[0-9]{4}",
                    "[0-9]{4}-Q[1-4]",
                    "[0-9]{4}-(0[1-9]|1[0-2])",
                    "[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])",
                    DATE,
                ]),
            },
        ],
        "examples": ["2026-Q1", "2026-03", "2026-W07"],
    })
);

value_schema!(
    MonthDay,
    "MonthDay",
    json_schema!({
        "description": "A day of the year without the year, MM-DD.",
        "type": "string",
        "pattern": "^(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])$",
        "examples": ["01-01", "04-01"],
    })
);

impl JsonSchema for SupportHours {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("SupportHours")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::SupportHours"))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "When support is given: `24x7`, or a weekly business-hours calendar.",
            "anyOf": [
                { "description": "Every minute of every day.", "enum": ["24x7", "24X7"] },
                generator.subschema_for::<crate::model::common::BusinessHours>(),
            ],
        })
    }
}
