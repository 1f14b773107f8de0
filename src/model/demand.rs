//! The `demand` record: a service's demand history, kept in a CSV file
//! beside it, and the future events known to change it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Kind;
use super::units::Period;

/// A demand series for one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    #[schemars(transform = super::schema::kind_is(Kind::Demand))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub service: String,
    /// What is counted (`logins`, `tickets`, `GB`).
    pub unit: String,
    /// The CSV file of `period,value` rows, relative to this record's file.
    pub series: String,
    /// The season length, when the period type's usual one does not fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<DemandEvent>,
}

/// A known future change to demand, from a period on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandEvent {
    pub name: String,
    pub from: Period,
    /// A change in percent (`15` for +15%, `-10` for -10%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// A change in units of demand per period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
}
