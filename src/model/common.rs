//! Enumerations and small structures shared by several record kinds.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::units::{Date, Duration, Percent, TimeOfDay};

/// The kind of a record, as written in its `kind` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
// Each record's schema names its own kind (`schema::kind_is`), so the list
// of every kind is inlined rather than kept as a definition.
#[schemars(inline)]
pub enum Kind {
    Service,
    Sla,
    Supplier,
    Component,
    Team,
    Outage,
    Incident,
    Demand,
    Cost,
    Feedback,
}

impl Kind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [Kind; 10] = [
        Kind::Service,
        Kind::Sla,
        Kind::Supplier,
        Kind::Component,
        Kind::Team,
        Kind::Outage,
        Kind::Incident,
        Kind::Demand,
        Kind::Cost,
        Kind::Feedback,
    ];

    /// The name written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Sla => "sla",
            Kind::Supplier => "supplier",
            Kind::Component => "component",
            Kind::Team => "team",
            Kind::Outage => "outage",
            Kind::Incident => "incident",
            Kind::Demand => "demand",
            Kind::Cost => "cost",
            Kind::Feedback => "feedback",
        }
    }

    /// The kind with its indefinite article, as prose needs it: `a service`,
    /// `an SLA`, `an outage`.
    pub fn with_article(self) -> &'static str {
        match self {
            Kind::Service => "a service",
            Kind::Sla => "an SLA",
            Kind::Supplier => "a supplier",
            Kind::Component => "a component",
            Kind::Team => "a team",
            Kind::Outage => "an outage",
            Kind::Incident => "an incident",
            Kind::Demand => "a demand",
            Kind::Cost => "a cost",
            Kind::Feedback => "a feedback",
        }
    }

    /// The kind as a noun in prose: `service`, `SLA`.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Sla => "SLA",
            other => other.as_str(),
        }
    }

    /// The kind named `name`, if there is one.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much the business depends on a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Criticality {
    Critical,
    High,
    Medium,
    Low,
}

impl fmt::Display for Criticality {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        })
    }
}

/// A required level on one security pillar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        })
    }
}

/// Incident priority, P1 the most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    P1,
    P2,
    P3,
    P4,
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Self::P1 => "P1",
            Self::P2 => "P2",
            Self::P3 => "P3",
            Self::P4 => "P4",
        })
    }
}

/// A target time per priority, for response or resolution.
pub type PriorityTargets = BTreeMap<Priority, Duration>;

/// A day of the week, as written in support-hour calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// When a service (or a supplier) is supported: around the clock, or a
/// weekly business-hours calendar in a time zone, with public holidays.
///
/// Written either as the string `24x7` or as a mapping of [`BusinessHours`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum SupportHours {
    /// Every minute of every day.
    #[serde(serialize_with = "serialize_always")]
    Always,
    /// A weekly calendar.
    Business(BusinessHours),
}

/// Days as runs, `Mon-Fri` or `Mon-Wed, Sat`.
fn day_ranges(days: &[Weekday]) -> String {
    let mut sorted = days.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut runs: Vec<(Weekday, Weekday)> = Vec::new();
    for day in sorted {
        match runs.last_mut() {
            Some((_, last)) if *last as u8 + 1 == day as u8 => *last = day,
            _ => runs.push((day, day)),
        }
    }
    runs.iter()
        .map(
            |(from, to)| if from == to { from.short().to_string() } else { format!("{}-{}", from.short(), to.short()) },
        )
        .collect::<Vec<_>>()
        .join(", ")
}

impl Weekday {
    /// The day's short English name, `Mon`.
    pub fn short(self) -> &'static str {
        match self {
            Self::Mon => "Mon",
            Self::Tue => "Tue",
            Self::Wed => "Wed",
            Self::Thu => "Thu",
            Self::Fri => "Fri",
            Self::Sat => "Sat",
            Self::Sun => "Sun",
        }
    }
}

fn serialize_always<S: serde::Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str("24x7")
}

impl fmt::Display for SupportHours {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Self::Always => f.write_str("24x7"),
            Self::Business(hours) => {
                write!(f, "{} {}-{}", day_ranges(&hours.days), hours.start, hours.end)?;
                if let Some(tz) = &hours.timezone {
                    write!(f, " {tz}")?;
                }
                if !hours.holidays.is_empty() {
                    let n = hours.holidays.len();
                    write!(f, ", {n} holiday{}", if n == 1 { "" } else { "s" })?;
                }
                Ok(())
            }
        }
    }
}

impl<'de> Deserialize<'de> for SupportHours {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HoursVisitor;

        impl<'de> serde::de::Visitor<'de> for HoursVisitor {
            type Value = SupportHours;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`24x7` or a mapping with days, start, end, timezone and holidays")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SupportHours, E> {
                if v.eq_ignore_ascii_case("24x7") {
                    Ok(SupportHours::Always)
                } else {
                    Err(E::custom(format_args!(
                        "invalid value `{v}`: support hours are `24x7` or a mapping with days, start and end"
                    )))
                }
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<SupportHours, A::Error> {
                BusinessHours::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(SupportHours::Business)
            }
        }

        deserializer.deserialize_any(HoursVisitor)
    }
}

/// A weekly support calendar.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    /// The days covered.
    #[serde(default = "weekdays")]
    #[schemars(length(min = 1))]
    pub days: Vec<Weekday>,
    /// When support starts each covered day.
    pub start: TimeOfDay,
    /// When support ends each covered day (`24:00` for midnight).
    pub end: TimeOfDay,
    /// IANA time zone; the estate's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Days with no support.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<Date>,
}

fn weekdays() -> Vec<Weekday> {
    vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
}

/// A person to call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// What a provider commits to: the underpinning side of an SLA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Commitments {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_hours: Option<SupportHours>,
    #[serde(default, skip_serializing_if = "PriorityTargets::is_empty")]
    pub response: PriorityTargets,
    #[serde(default, skip_serializing_if = "PriorityTargets::is_empty")]
    pub resolution: PriorityTargets,
    /// Credits the supplier owes when its availability falls short.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_credits: Vec<super::sla::ServiceCredit>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_runs() {
        use Weekday::*;
        assert_eq!(day_ranges(&[Mon, Tue, Wed, Thu, Fri]), "Mon-Fri");
        assert_eq!(day_ranges(&[Sat, Mon, Tue, Wed]), "Mon-Wed, Sat");
        assert_eq!(day_ranges(&[Sun]), "Sun");
        assert_eq!(day_ranges(&[Mon, Wed, Fri, Wed]), "Mon, Wed, Fri");
    }
}
