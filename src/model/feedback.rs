//! The `feedback` record: what customers said about a service.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Kind;
use super::units::Period;

/// A satisfaction survey result for one service, customer and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    #[schemars(transform = super::schema::kind_is(Kind::Feedback))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    pub period: Period,
    /// The mean score on a 1 to 5 scale.
    #[schemars(range(min = 1, max = 5))]
    pub score: f64,
    pub responses: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
}
