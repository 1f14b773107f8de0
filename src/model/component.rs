//! The `component` record: a configuration item services stand on.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Kind;
use super::units::{Duration, Percent};

/// A configuration item: a machine, a database, a SaaS product, a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    #[schemars(transform = super::schema::kind_is(Kind::Component))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub component_type: ComponentType,
    /// Where it runs; sites are named by slug and need no record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The team that looks after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The supplier that provides it, if it is bought in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// Other components it needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redundancy: Option<Redundancy>,
    /// The availability of one instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<ComponentCapacity>,
    /// Full-time equivalents of its owner team that looking after it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<f64>,
    /// How long restoring it takes, once what it needs is up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_time: Option<Duration>,
}

/// What sort of configuration item a component is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentType {
    Server,
    VirtualMachine,
    Container,
    Database,
    Storage,
    Network,
    Application,
    Saas,
    Facility,
    Other,
}

/// How many instances run and how many must be up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Redundancy {
    #[schemars(range(min = 1))]
    pub instances: u32,
    /// How many instances must be up for the component to work (k of n).
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub required: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<RedundancyMode>,
    /// The sites the instances are spread over, in turn (the first
    /// instance on the first site, the second on the second, and so on);
    /// all on the component's `site` when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
}

fn one() -> u32 {
    1
}

/// How redundant instances share the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RedundancyMode {
    ActiveActive,
    ActivePassive,
}

/// A component's capacity and how much of it is in use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentCapacity {
    pub limit: f64,
    pub unit: String,
    /// The share in use now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilisation: Option<Percent>,
    /// The demand record whose growth drives this component's load; by
    /// default, the demand of the services that depend on it directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
}
