//! The typed records: serde types only, one file per record kind, and the
//! [`Estate`] that holds every record that loaded.
//!
//! Values are parsed into types at the edge (see [`units`]); references
//! between records are plain ids, resolved and checked by `validate`.

pub mod common;
pub mod component;
pub mod cost;
pub mod demand;
pub mod events;
pub mod feedback;
pub mod project;
pub mod schema;
pub mod service;
pub mod sla;
pub mod supplier;
pub mod team;
pub mod units;

mod estate;
pub mod graph;

pub use common::Kind;
pub use component::Component;
pub use cost::Cost;
pub use demand::Demand;
pub use estate::{Decoder, DemandSeries, Entry, Estate, Origin, Record};
pub use events::{Incident, Outage};
pub use feedback::Feedback;
pub use project::Project;
pub use service::Service;
pub use sla::Sla;
pub use supplier::Supplier;
pub use team::Team;
