//! The `team` record: the people dimension.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Kind;

/// A team that owns services or components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    #[schemars(transform = super::schema::kind_is(Kind::Team))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_call: Option<OnCall>,
    /// Work assigned to the team besides running what it owns (projects,
    /// rotas), in full-time equivalents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Commitment>,
}

/// Work a team has taken on, in full-time equivalents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub name: String,
    pub fte: f64,
}

/// A person in a team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The share of a full-time post the person gives the team.
    #[serde(default = "full_time")]
    pub fte: f64,
}

fn full_time() -> f64 {
    1.0
}

/// How to reach the team out of hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnCall {
    pub phone: String,
    /// When the rota covers, in words (`24x7`, `weekdays 18:00-08:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
}
