//! The `sla` record: what was agreed with a customer about a service.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Kind, PriorityTargets, SupportHours};
use super::units::{Date, Percent};

/// A service level agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    #[schemars(transform = super::schema::kind_is(Kind::Sla))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub service: String,
    pub customer: String,
    /// The availability target over each measurement period.
    pub availability: Percent,
    pub support_hours: SupportHours,
    #[serde(default, skip_serializing_if = "PriorityTargets::is_empty")]
    pub response: PriorityTargets,
    #[serde(default, skip_serializing_if = "PriorityTargets::is_empty")]
    pub resolution: PriorityTargets,
    #[serde(default)]
    pub measurement_period: MeasurementPeriod,
    /// Whether planned maintenance is left out of agreed service time.
    #[serde(default = "yes")]
    pub exclude_planned: bool,
    /// The first day the agreement is in force.
    pub start: Date,
    /// The last day it is in force; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_credits: Vec<ServiceCredit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<Date>,
}

fn yes() -> bool {
    true
}

/// How often attainment is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum MeasurementPeriod {
    #[default]
    Monthly,
    Quarterly,
    Annual,
}

/// A credit owed when attainment falls below a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceCredit {
    /// Attainment below this owes the credit.
    pub below: Percent,
    /// The credit, as a share of the period's charge.
    pub credit: Percent,
}

impl ServiceCredit {
    /// The credit owed at `attainment` (in percent): the largest of the
    /// tiers it falls below, if any.
    pub fn owed(tiers: &[ServiceCredit], attainment: f64) -> Option<f64> {
        tiers.iter().filter(|t| attainment < t.below.value()).map(|t| t.credit.value()).reduce(f64::max)
    }
}
