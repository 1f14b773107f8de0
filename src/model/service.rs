//! The `service` record: one entry of the portfolio, and of the catalog
//! while it is live.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Criticality, Kind, Level};
use super::units::{Amount, CalendarSpan, Currency, Date, Duration, Percent};

/// A service, from pipeline to retirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    #[schemars(transform = super::schema::kind_is(Kind::Service))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub name: String,
    pub summary: String,
    /// The team that owns the service.
    pub owner: String,
    pub lifecycle: Lifecycle,
    /// When a pipeline service becomes (or a live one became) available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<Date>,
    /// When a retired service was (or will be) switched off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_on: Option<Date>,
    #[serde(rename = "type")]
    pub service_type: ServiceType,
    pub criticality: Criticality,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Services and components this one needs to work.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppliers: Vec<String>,
    /// What a customer gets, in the catalog's words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub characteristics: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<Charge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
    /// Full-time equivalents of its owner team that running it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<f64>,
    /// The availability of the service's own software and process, before
    /// what it depends on; taken as 100% when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuity: Option<Continuity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    /// Comparable offers on the market, for strategy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub market: Vec<MarketReference>,
}

/// Where a service stands in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    Pipeline,
    Live,
    Retired,
}

impl fmt::Display for Lifecycle {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Self::Pipeline => "pipeline",
            Self::Live => "live",
            Self::Retired => "retired",
        })
    }
}

/// Whether customers see the service or other services stand on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceType {
    CustomerFacing,
    Supporting,
}

impl fmt::Display for ServiceType {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Self::CustomerFacing => "customer-facing",
            Self::Supporting => "supporting",
        })
    }
}

/// What customers pay, or are charged back, for the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Charge {
    pub amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// What one charge buys: a unit of demand (`user`) or `fixed`.
    pub per: String,
    /// How often the charge is made.
    pub every: ChargePeriod,
}

/// The period a charge or a recurring cost covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChargePeriod {
    Month,
    Quarter,
    Year,
}

/// How much demand the service can carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// The most the service can carry per demand period.
    pub limit: f64,
    /// The unit of `limit`, matched against the demand record's unit.
    pub unit: String,
}

/// Recovery objectives and the steps to get the service back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Continuity {
    /// Recovery time objective: how long the service may be down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto: Option<Duration>,
    /// Recovery point objective: how much data may be lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_interval: Option<Duration>,
    /// How long restoring the service itself takes, once what it needs is up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_time: Option<Duration>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recovery_steps: Vec<String>,
    /// When to invoke the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_exercise: Option<Date>,
    /// How often the plan must be exercised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise_every: Option<CalendarSpan>,
}

/// Required levels on the five security pillars, and the controls in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Security {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidentiality: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticity: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_repudiation: Option<Level>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
}

/// A security control a service declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Control {
    EncryptionAtRest,
    EncryptionInTransit,
    AccessControl,
    Mfa,
    AuditLogging,
    DigitalSignatures,
    Backup,
    Redundancy,
    Monitoring,
    VulnerabilityScanning,
}

/// What the service says about each of the four ITIL dimensions (the
/// owner team answers for organisations and people, `suppliers` for
/// partners and suppliers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Dimensions {
    /// Skills the service needs from people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technologies: Vec<String>,
    /// The information the service holds or uses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
    /// Partners that are not suppliers (another department, a public
    /// body, `in-house`), for the partners and suppliers dimension.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_streams: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practices: Vec<String>,
}

/// A competitor's comparable offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketReference {
    pub competitor: String,
    pub offer: String,
    pub price: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    pub per: String,
    pub every: ChargePeriod,
}
