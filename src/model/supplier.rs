//! The `supplier` record: an external provider, its contracts and what
//! it commits to.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Commitments, Contact, Kind};
use super::units::{Amount, CalendarSpan, Currency, Date};

/// An external provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supplier {
    #[schemars(transform = super::schema::kind_is(Kind::Supplier))]
    pub kind: Kind,
    #[schemars(transform = super::schema::slug)]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The number to call when the supplier's part fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitments: Option<Commitments>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<Contract>,
    /// How often the supplier must be reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_every: Option<CalendarSpan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_review: Option<Date>,
}

/// A contract with the supplier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    pub id: String,
    pub start: Date,
    /// The last day of the current term.
    pub end: Date,
    /// How long before `end` notice must be given.
    pub notice: CalendarSpan,
    #[serde(default)]
    pub auto_renew: bool,
    /// The length of each renewed term; the first term's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_term: Option<CalendarSpan>,
    /// The contract value per `billing` period.
    pub value: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    pub billing: Billing,
    /// The services the contract pays for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Relative weights per service; an even split when absent.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub weights: std::collections::BTreeMap<String, u32>,
}

/// What period a contract value covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Billing {
    Monthly,
    Annual,
    /// The whole term, once.
    Total,
}
