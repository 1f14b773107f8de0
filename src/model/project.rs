//! The project file, `itsm.toml`, at the root of a records directory.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::units::{Amount, Currency, Percent};

/// The schema version this build of `itsm` reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The file name that marks the root of a records directory.
pub const PROJECT_FILE: &str = "itsm.toml";

/// Organisation-wide settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub schema_version: u32,
    pub organisation: String,
    /// The estate's currency; every amount is in it unless it says otherwise.
    pub currency: Currency,
    /// IANA time zone for timestamps written without an offset.
    pub timezone: String,
    /// The first day of the fiscal year, as `MM-DD`.
    #[serde(default = "january_first")]
    pub fiscal_year_start: MonthDay,
    /// What one unit of another currency is worth in the estate's currency.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exchange_rates: BTreeMap<String, Amount>,
    /// Settings of `itsm supplier review`.
    #[serde(default)]
    pub suppliers: SupplierSettings,
    /// Settings of `itsm portfolio review`.
    #[serde(default)]
    pub portfolio: PortfolioSettings,
}

/// Thresholds of the tolerate / invest / migrate / eliminate grid
/// (`docs/portfolio.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PortfolioSettings {
    /// Demand over the last twelve months above the twelve before by more
    /// than this (percent) adds value; below by more takes it away.
    #[serde(default = "five")]
    pub demand_growth: Percent,
    /// A satisfaction score (1 to 5) at or above this adds value.
    #[serde(default = "four")]
    pub satisfaction_good: f64,
    /// A satisfaction score below this takes value away.
    #[serde(default = "three")]
    pub satisfaction_poor: f64,
    /// A service with at least this many customers (or live services
    /// standing on it) adds value.
    #[serde(default = "two")]
    pub broad_customers: u32,
    /// More incidents than this per month, over the last twelve months,
    /// takes fitness away; this many or fewer adds it.
    #[serde(default = "two")]
    pub incidents_per_month: u32,
}

impl Default for PortfolioSettings {
    fn default() -> Self {
        Self {
            demand_growth: five(),
            satisfaction_good: four(),
            satisfaction_poor: three(),
            broad_customers: two(),
            incidents_per_month: two(),
        }
    }
}

fn five() -> Percent {
    "5".parse().unwrap_or_default()
}

fn four() -> f64 {
    4.0
}

fn three() -> f64 {
    3.0
}

fn two() -> u32 {
    2
}

/// Thresholds for supplier management.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierSettings {
    /// A supplier behind a larger share of the critical services than this
    /// is a concentration risk.
    #[serde(default = "half")]
    pub concentration_threshold: Percent,
}

impl Default for SupplierSettings {
    fn default() -> Self {
        Self { concentration_threshold: half() }
    }
}

fn half() -> Percent {
    "50".parse().unwrap_or_default()
}

fn january_first() -> MonthDay {
    MonthDay { month: 1, day: 1 }
}

impl Default for Project {
    fn default() -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            organisation: String::new(),
            currency: "EUR".parse().unwrap_or_else(|_| unreachable!("EUR is a valid code")),
            timezone: "UTC".into(),
            fiscal_year_start: january_first(),
            exchange_rates: BTreeMap::new(),
            suppliers: SupplierSettings::default(),
            portfolio: PortfolioSettings::default(),
        }
    }
}

/// A day of the year without a year, `MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl FromStr for MonthDay {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (m, d) = s.split_once('-').ok_or("write it as MM-DD")?;
        let month: u32 = m.parse().map_err(|_| "write it as MM-DD")?;
        let day: u32 = d.parse().map_err(|_| "write it as MM-DD")?;
        // 2024 is a leap year, so 02-29 is accepted.
        chrono::NaiveDate::from_ymd_opt(2024, month, day).ok_or("no such day of the year")?;
        Ok(Self { month, day })
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|why| {
            serde::de::Error::custom(format_args!("invalid value `{text}`: {why}; expected a day such as 04-01"))
        })
    }
}

impl Serialize for MonthDay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
