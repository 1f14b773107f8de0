//! The `outage` and `incident` records: what happened in operation, which
//! measures SLAs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Kind, Priority};
use super::units::{Percent, Timestamp};

/// A period during which services were down or degraded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outage {
    #[schemars(transform = super::schema::kind_is(Kind::Outage))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub services: Vec<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    #[serde(default)]
    pub impact: Impact,
    /// How much of the service was lost, for a partial impact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degradation: Option<Percent>,
    /// Planned maintenance rather than a failure.
    #[serde(default)]
    pub planned: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// Whether an outage took a service down or only degraded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    #[default]
    Full,
    Partial,
}

/// What an outage was traced to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// An incident: an interruption a customer reported, with its clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    #[schemars(transform = super::schema::kind_is(Kind::Incident))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub service: String,
    pub priority: Priority,
    pub opened: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Timestamp>,
    /// The outage this incident belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}
