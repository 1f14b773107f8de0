//! The `cost` record: money spent, on one service or shared by a rule.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Kind;
use super::units::{Amount, Currency, Date};

/// A cost item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    #[schemars(transform = super::schema::kind_is(Kind::Cost))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub name: String,
    pub category: CostCategory,
    pub amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    pub recurrence: Recurrence,
    /// The day a one-off cost falls, or the first day a recurring one runs.
    pub from: Date,
    /// The last day a recurring cost runs; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// The one service that bears the whole cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// How a shared cost is split between services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation: Option<Allocation>,
    /// The supplier paid, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// The supplier contract this cost books: the contract's value is then
    /// counted through this record only, never a second time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// The budget for the same recurrence as `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
}

/// What a cost is spent on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CostCategory {
    Hardware,
    Software,
    Licences,
    Hosting,
    Network,
    Staff,
    Support,
    Facilities,
    Other,
}

/// How often a cost is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Recurrence {
    OneOff,
    Monthly,
    Annual,
}

/// The rule that splits a shared cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub rule: AllocationRule,
    /// The services sharing the cost (for `even` and `demand`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Relative weight per service (for `weights`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weights: BTreeMap<String, u32>,
}

/// The allocation rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AllocationRule {
    Even,
    Weights,
    Demand,
}
