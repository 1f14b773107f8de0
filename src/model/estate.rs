//! The estate: every record that loaded, grouped by kind and sorted by id.

use serde::Serialize;

use super::graph::{Graph, Node, Walker};
use super::units::Period;
use super::{Component, Cost, Demand, Feedback, Incident, Kind, Outage, Project, Service, Sla, Supplier, Team};
use crate::load::FileId;

/// Where a record came from: its file and its document within the file
/// (YAML documents, or entries of a TOML `records` array), counted from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: FileId,
    pub doc: usize,
}

/// A record with where it came from. Records are boxed: groups then hold
/// small entries, which move and grow cheaply while the estate is built.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub record: Box<T>,
    pub origin: Origin,
}

impl<T> std::ops::Deref for Entry<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.record
    }
}

/// One record of any kind. Records are moved once, from the parser into
/// the estate, so the size difference between kinds costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Record {
    Service(Service),
    Sla(Sla),
    Supplier(Supplier),
    Component(Component),
    Team(Team),
    Outage(Outage),
    Incident(Incident),
    Demand(Demand),
    Cost(Cost),
    Feedback(Feedback),
}

impl Record {
    /// The record's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Record::Service(_) => Kind::Service,
            Record::Sla(_) => Kind::Sla,
            Record::Supplier(_) => Kind::Supplier,
            Record::Component(_) => Kind::Component,
            Record::Team(_) => Kind::Team,
            Record::Outage(_) => Kind::Outage,
            Record::Incident(_) => Kind::Incident,
            Record::Demand(_) => Kind::Demand,
            Record::Cost(_) => Kind::Cost,
            Record::Feedback(_) => Kind::Feedback,
        }
    }

    /// The record's id.
    pub fn id(&self) -> &str {
        match self {
            Record::Service(r) => &r.id,
            Record::Sla(r) => &r.id,
            Record::Supplier(r) => &r.id,
            Record::Component(r) => &r.id,
            Record::Team(r) => &r.id,
            Record::Outage(r) => &r.id,
            Record::Incident(r) => &r.id,
            Record::Demand(r) => &r.id,
            Record::Cost(r) => &r.id,
            Record::Feedback(r) => &r.id,
        }
    }
}

/// A demand series read from its CSV file, in period order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandSeries {
    /// The id of the demand record the series belongs to.
    pub demand: String,
    pub points: Vec<(Period, f64)>,
}

/// Every record of a records directory, typed, grouped by kind and sorted
/// by id. Records that failed to load are absent; their findings say why.
#[derive(Debug, Default)]
pub struct Estate {
    pub project: Project,
    /// Where `itsm.toml` was read from, when it was.
    pub project_origin: Option<Origin>,
    pub services: Vec<Entry<Service>>,
    pub slas: Vec<Entry<Sla>>,
    pub suppliers: Vec<Entry<Supplier>>,
    pub components: Vec<Entry<Component>>,
    pub teams: Vec<Entry<Team>>,
    pub outages: Vec<Entry<Outage>>,
    pub incidents: Vec<Entry<Incident>>,
    pub demands: Vec<Entry<Demand>>,
    pub costs: Vec<Entry<Cost>>,
    pub feedback: Vec<Entry<Feedback>>,
    /// Demand series that parsed, keyed by demand id, sorted by it.
    pub series: Vec<DemandSeries>,
    /// Records that did not decode, known only by kind and id: enough for
    /// references to them to resolve, so that one broken record does not
    /// turn every mention of it into a finding.
    pub undecoded: Vec<(Kind, String, Origin)>,
    /// Lookups built on first use, after loading (see [`Index`]).
    index: std::sync::OnceLock<Index>,
    /// Outages and incidents by service, built apart from `index` since
    /// only the SLA report needs them (validate's peak memory stays lower).
    incident_index: std::sync::OnceLock<IncidentIndex>,
    /// The dependency graph, numbered on first use.
    graph: std::sync::OnceLock<Graph>,
    /// Services and components by id, built on first use.
    positions: std::sync::OnceLock<Positions>,
}

/// Who points at whom, by position in the sorted groups, so that "the SLAs
/// of a service" and "the dependants of a service" are one lookup rather
/// than a scan of every record (reports ask for each service in turn).
/// Built once the estate is complete; [`Estate::sort`] discards it.
#[derive(Debug, Default)]
struct Index {
    /// Service id to the positions of its SLAs in `slas`.
    slas_of: Lookup<Vec<usize>>,
    /// Service or component id to the positions of the services in
    /// `services` that name it in `depends_on`.
    dependants: Lookup<Vec<usize>>,
    /// Service id to the position of its first demand record in `demands`.
    demand_of: Lookup<usize>,
}

/// The position of every service and component by id. The tables hold
/// positions only; a key is read back from the record it points at, so no
/// id is copied (the rules of `validate` look ids up here at every step).
#[derive(Debug, Default)]
struct Positions {
    services: hashbrown::HashTable<u32>,
    components: hashbrown::HashTable<u32>,
    suppliers: hashbrown::HashTable<u32>,
    teams: hashbrown::HashTable<u32>,
}

/// The hash of an id in [`Positions`].
fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x17_5e).hash_one(id)
}

/// The position of every id in a group sorted by id, in a table keyed by
/// the records' own ids. With a duplicated id (a finding of its own) the
/// position is the one a binary search finds, as before there was an
/// index.
fn positions<T>(entries: &[Entry<T>], key: impl Fn(&T) -> &str) -> hashbrown::HashTable<u32> {
    let mut table = hashbrown::HashTable::with_capacity(entries.len());
    let id_at = |at: u32| key(&entries[at as usize].record);
    let mut i = 0;
    while i < entries.len() {
        let id = key(&entries[i].record);
        // The run of records sharing this id (one long unless duplicated).
        let run = entries[i..].iter().take_while(|e| key(&e.record) == id).count();
        let at = if run == 1 { i } else { entries.binary_search_by(|e| key(&e.record).cmp(id)).unwrap_or(i) };
        table.insert_unique(id_hash(id), at as u32, |&p| id_hash(id_at(p)));
        i += run;
    }
    table
}

/// The position of `id` in `entries`, through its table.
fn position<T>(
    table: &hashbrown::HashTable<u32>,
    entries: &[Entry<T>],
    id: &str,
    key: impl Fn(&T) -> &str,
) -> Option<usize> {
    table.find(id_hash(id), |&p| key(&entries[p as usize].record) == id).map(|&p| p as usize)
}

/// Lookups of outages and incidents by service.
#[derive(Debug, Default)]
struct IncidentIndex {
    /// Service id to the positions of the outages that name it.
    outages_of: Lookup<Vec<usize>>,
    /// Service id to the positions of its incidents.
    incidents_of: Lookup<Vec<usize>>,
}

/// A map from id; ids are short and trusted, so a fast hash will do.
type Lookup<V> = std::collections::HashMap<String, V, foldhash::fast::RandomState>;

impl Estate {
    /// Files the records into the estate and sorts every group by id, so
    /// that everything downstream sees one deterministic order.
    pub fn from_records(project: Project, records: Vec<(Record, Origin)>) -> Self {
        let mut estate = Estate::new(project);
        for (record, origin) in records {
            estate.add(record, origin);
        }
        estate.sort();
        estate
    }

    /// An estate with no records.
    pub fn new(project: Project) -> Self {
        Estate { project, ..Estate::default() }
    }

    /// Files one record into its group, unsorted: the loader adds records
    /// as they decode, in any order, then calls [`Estate::sort`]. Filing
    /// them straight into typed groups keeps no list of `Record`s (each as
    /// large as the largest kind) alive beside the estate.
    pub fn add(&mut self, record: Record, origin: Origin) {
        match record {
            Record::Service(record) => self.services.push(Entry { record: Box::new(record), origin }),
            Record::Sla(record) => self.slas.push(Entry { record: Box::new(record), origin }),
            Record::Supplier(record) => self.suppliers.push(Entry { record: Box::new(record), origin }),
            Record::Component(record) => self.components.push(Entry { record: Box::new(record), origin }),
            Record::Team(record) => self.teams.push(Entry { record: Box::new(record), origin }),
            Record::Outage(record) => self.outages.push(Entry { record: Box::new(record), origin }),
            Record::Incident(record) => self.incidents.push(Entry { record: Box::new(record), origin }),
            Record::Demand(record) => self.demands.push(Entry { record: Box::new(record), origin }),
            Record::Cost(record) => self.costs.push(Entry { record: Box::new(record), origin }),
            Record::Feedback(record) => self.feedback.push(Entry { record: Box::new(record), origin }),
        }
    }

    /// Moves every record of `parts` into this estate, unsorted. Each
    /// group is grown once to its final size, so that no doubling leaves
    /// slack, nor holds the old and the new allocation at once.
    pub fn absorb_all(&mut self, parts: Vec<Estate>) {
        fn total<T>(parts: &[Estate], group: impl Fn(&Estate) -> &Vec<T>) -> usize {
            parts.iter().map(|p| group(p).len()).sum()
        }
        self.services.reserve_exact(total(&parts, |p| &p.services));
        self.slas.reserve_exact(total(&parts, |p| &p.slas));
        self.suppliers.reserve_exact(total(&parts, |p| &p.suppliers));
        self.components.reserve_exact(total(&parts, |p| &p.components));
        self.teams.reserve_exact(total(&parts, |p| &p.teams));
        self.outages.reserve_exact(total(&parts, |p| &p.outages));
        self.incidents.reserve_exact(total(&parts, |p| &p.incidents));
        self.demands.reserve_exact(total(&parts, |p| &p.demands));
        self.costs.reserve_exact(total(&parts, |p| &p.costs));
        self.feedback.reserve_exact(total(&parts, |p| &p.feedback));
        for part in parts {
            self.absorb(part);
        }
    }

    /// Moves every record of `other` into this estate, unsorted.
    pub fn absorb(&mut self, mut other: Estate) {
        self.services.append(&mut other.services);
        self.slas.append(&mut other.slas);
        self.suppliers.append(&mut other.suppliers);
        self.components.append(&mut other.components);
        self.teams.append(&mut other.teams);
        self.outages.append(&mut other.outages);
        self.incidents.append(&mut other.incidents);
        self.demands.append(&mut other.demands);
        self.costs.append(&mut other.costs);
        self.feedback.append(&mut other.feedback);
    }

    /// Sorts every group by id, then by origin, so that everything
    /// downstream sees one deterministic order whatever order records
    /// were added in.
    pub fn sort(&mut self) {
        self.index = std::sync::OnceLock::new();
        self.incident_index = std::sync::OnceLock::new();
        self.graph = std::sync::OnceLock::new();
        self.positions = std::sync::OnceLock::new();
        fn sort<T>(entries: &mut [Entry<T>], id: impl Fn(&T) -> &str) {
            let order = |a: &Entry<T>, b: &Entry<T>| id(&a.record).cmp(id(&b.record)).then(a.origin.cmp(&b.origin));
            // Files are read in path order and are often named after their
            // record's id, so a group is often in order already.
            if entries.is_sorted_by(|a, b| order(a, b).is_le()) {
                return;
            }
            // Sort the ids side by side with their positions, then put
            // each entry in place: comparing entries reaches each id
            // through its record's box, a cache miss more per comparison.
            let mut keys: Vec<(&str, Origin, usize)> =
                entries.iter().enumerate().map(|(i, e)| (id(&e.record), e.origin, i)).collect();
            keys.sort_unstable();
            let from = keys.into_iter().map(|(_, _, i)| i).collect();
            permute(entries, from);
        }
        // The groups sort side by side; each is small enough that sorting
        // it on one core costs less than sharing it out.
        rayon::scope(|scope| {
            scope.spawn(|_| sort(&mut self.services, |r| &r.id));
            scope.spawn(|_| sort(&mut self.slas, |r| &r.id));
            scope.spawn(|_| sort(&mut self.suppliers, |r| &r.id));
            scope.spawn(|_| sort(&mut self.components, |r| &r.id));
            scope.spawn(|_| sort(&mut self.teams, |r| &r.id));
            scope.spawn(|_| sort(&mut self.outages, |r| &r.id));
            scope.spawn(|_| sort(&mut self.incidents, |r| &r.id));
            scope.spawn(|_| sort(&mut self.demands, |r| &r.id));
            scope.spawn(|_| sort(&mut self.costs, |r| &r.id));
            scope.spawn(|_| sort(&mut self.feedback, |r| &r.id));
        });
    }

    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Entry<Service>> {
        self.service_at(id).map(|at| &self.services[at])
    }

    /// The position of the service with this id in `services`.
    fn service_at(&self, id: &str) -> Option<usize> {
        position(&self.positions().services, &self.services, id, |s| &s.id)
    }

    /// The position of the component with this id in `components`.
    fn component_at(&self, id: &str) -> Option<usize> {
        position(&self.positions().components, &self.components, id, |c| &c.id)
    }

    fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| Positions {
            services: positions(&self.services, |s| &s.id),
            components: positions(&self.components, |c| &c.id),
            suppliers: positions(&self.suppliers, |s| &s.id),
            teams: positions(&self.teams, |t| &t.id),
        })
    }

    /// The component with this id.
    pub fn component(&self, id: &str) -> Option<&Entry<Component>> {
        self.component_at(id).map(|at| &self.components[at])
    }

    /// The supplier with this id.
    pub fn supplier(&self, id: &str) -> Option<&Entry<Supplier>> {
        position(&self.positions().suppliers, &self.suppliers, id, |s| &s.id).map(|at| &self.suppliers[at])
    }

    /// The team with this id.
    pub fn team(&self, id: &str) -> Option<&Entry<Team>> {
        position(&self.positions().teams, &self.teams, id, |t| &t.id).map(|at| &self.teams[at])
    }

    /// Whether a record of `kind` with this id loaded: a hash lookup for
    /// services, components, suppliers and teams (what most references
    /// name), a binary search in the sorted group for the other kinds.
    pub fn has(&self, kind: Kind, id: &str) -> bool {
        match kind {
            Kind::Service => self.service(id).is_some(),
            Kind::Component => self.component(id).is_some(),
            Kind::Sla => find(&self.slas, id, |r| &r.id).is_some(),
            Kind::Supplier => self.supplier(id).is_some(),
            Kind::Team => self.team(id).is_some(),
            Kind::Outage => find(&self.outages, id, |r| &r.id).is_some(),
            Kind::Incident => find(&self.incidents, id, |r| &r.id).is_some(),
            Kind::Demand => find(&self.demands, id, |r| &r.id).is_some(),
            Kind::Cost => find(&self.costs, id, |r| &r.id).is_some(),
            Kind::Feedback => find(&self.feedback, id, |r| &r.id).is_some(),
        }
    }

    /// The services that name `id` in their `depends_on`, sorted by id.
    pub fn dependants(&self, id: &str) -> Vec<&Entry<Service>> {
        self.index().dependants.get(id).map_or_else(Vec::new, |at| at.iter().map(|&i| &self.services[i]).collect())
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut index = Index::default();
            for (i, sla) in self.slas.iter().enumerate() {
                index.slas_of.entry(sla.service.clone()).or_default().push(i);
            }
            for (i, d) in self.demands.iter().enumerate() {
                index.demand_of.entry(d.service.clone()).or_insert(i);
            }
            for (i, s) in self.services.iter().enumerate() {
                for d in &s.depends_on {
                    let at = index.dependants.entry(d.clone()).or_default();
                    // A service that names a dependency twice is one dependant.
                    if at.last() != Some(&i) {
                        at.push(i);
                    }
                }
            }
            index
        })
    }

    /// What the service or component `id` depends on, directly.
    pub fn depends_on(&self, id: &str) -> &[String] {
        self.service(id)
            .map(|s| s.depends_on.as_slice())
            .or_else(|| self.component(id).map(|c| c.depends_on.as_slice()))
            .unwrap_or(&[])
    }

    /// Every service and component `id` stands on, directly or through
    /// others, itself excluded, with the names of missing records they
    /// name. A dependency cycle ends the walk.
    pub fn closure(&self, id: &str) -> std::collections::BTreeSet<String> {
        let mut names = Vec::new();
        self.closure_names(id, &mut Walker::default(), &mut Vec::new(), &mut names);
        names.into_iter().map(str::to_string).collect()
    }

    /// The names of [`Estate::closure`] into `out` (cleared first), in no
    /// particular order and a missing name possibly more than once, with
    /// the caller's walker and buffer: for a report that asks for every
    /// service's closure in turn.
    pub fn closure_names<'e>(&'e self, id: &str, walker: &mut Walker, nodes: &mut Vec<Node>, out: &mut Vec<&'e str>) {
        out.clear();
        let Some(start) = self.node(id) else { return };
        let graph = self.graph();
        walker.closure(graph, start, nodes);
        out.extend(nodes.iter().map(|&n| self.node_id(n)));
        // Names that resolve to nothing are part of the walk as written.
        for n in std::iter::once(start).chain(nodes.iter().copied()).filter(|&n| graph.dangling(n)) {
            let dangling = self.depends_on(self.node_id(n)).iter().filter(|d| self.node(d).is_none());
            out.extend(dangling.filter(|d| *d != id).map(String::as_str));
        }
    }

    /// The suppliers behind a service: named by it or by any service it
    /// stands on, or providing any component it stands on.
    pub fn suppliers_behind(&self, id: &str) -> std::collections::BTreeSet<String> {
        let names = self.supplier_names_behind(id, &mut Walker::default(), &mut Vec::new());
        names.into_iter().map(str::to_string).collect()
    }

    /// [`Estate::suppliers_behind`], borrowed, with the caller's walker and
    /// buffer: for a caller that asks this of every service or SLA in turn.
    pub fn supplier_names_behind<'e>(
        &'e self,
        id: &str,
        walker: &mut Walker,
        nodes: &mut Vec<Node>,
    ) -> std::collections::BTreeSet<&'e str> {
        let mut out: std::collections::BTreeSet<&str> =
            self.service(id).map(|s| s.suppliers.iter().map(String::as_str).collect()).unwrap_or_default();
        if let Some(start) = self.node(id) {
            walker.closure(self.graph(), start, nodes);
            out.extend(nodes.iter().flat_map(|&n| self.node_suppliers(n)));
        }
        out
    }

    /// The suppliers a node names: a service's `suppliers`, and the
    /// supplier of the component with its id (a component sharing a
    /// service's id still names its supplier).
    pub fn node_suppliers(&self, node: Node) -> impl Iterator<Item = &str> {
        let service = self.graph().is_service(node).then(|| &self.services[node as usize]);
        let component = self.component(self.node_id(node)).and_then(|c| c.supplier.as_deref());
        service.into_iter().flat_map(|s| s.suppliers.iter().map(String::as_str)).chain(component)
    }

    /// Whether [`Estate::suppliers_behind`] is not empty, with the caller's
    /// walker and buffer, without collecting the suppliers.
    pub fn has_suppliers_behind(&self, id: &str, walker: &mut Walker, nodes: &mut Vec<Node>) -> bool {
        if self.service(id).is_some_and(|s| !s.suppliers.is_empty()) {
            return true;
        }
        let Some(start) = self.node(id) else { return false };
        walker.closure(self.graph(), start, nodes);
        nodes.iter().any(|&n| self.node_suppliers(n).next().is_some())
    }

    /// The dependency graph of services and components (see [`Graph`]).
    pub fn graph(&self) -> &Graph {
        self.graph.get_or_init(|| Graph::build(self))
    }

    /// The graph node of the service, else the component, with this id.
    pub fn node(&self, id: &str) -> Option<Node> {
        self.service_at(id)
            .map(|at| at as Node)
            .or_else(|| self.component_at(id).map(|at| (self.services.len() + at) as Node))
    }

    /// The id of a graph node.
    pub fn node_id(&self, node: Node) -> &str {
        let n = node as usize;
        match self.services.get(n) {
            Some(s) => &s.id,
            None => &self.components[n - self.services.len()].id,
        }
    }

    /// The SLAs of a service, sorted by id.
    /// The first demand record (by id) of a service.
    pub fn demand_of(&self, service: &str) -> Option<&Entry<Demand>> {
        self.index().demand_of.get(service).map(|&at| &self.demands[at])
    }

    /// The series of a demand record (the series are sorted by demand id).
    pub fn series_of(&self, demand: &str) -> Option<&DemandSeries> {
        self.series.binary_search_by(|s| s.demand.as_str().cmp(demand)).ok().map(|at| &self.series[at])
    }

    fn incident_index(&self) -> &IncidentIndex {
        self.incident_index.get_or_init(|| {
            let mut index = IncidentIndex::default();
            for (i, o) in self.outages.iter().enumerate() {
                for service in &o.services {
                    let at = index.outages_of.entry(service.clone()).or_default();
                    if at.last() != Some(&i) {
                        at.push(i);
                    }
                }
            }
            for (i, incident) in self.incidents.iter().enumerate() {
                index.incidents_of.entry(incident.service.clone()).or_default().push(i);
            }
            index
        })
    }

    /// The outages that name `service`, in order.
    pub fn outages_of(&self, service: &str) -> impl Iterator<Item = &Entry<Outage>> {
        self.incident_index().outages_of.get(service).into_iter().flatten().map(|&i| &self.outages[i])
    }

    /// The incidents of `service`, in order.
    pub fn incidents_of(&self, service: &str) -> impl Iterator<Item = &Entry<Incident>> {
        self.incident_index().incidents_of.get(service).into_iter().flatten().map(|&i| &self.incidents[i])
    }

    pub fn slas_of(&self, service: &str) -> Vec<&Entry<Sla>> {
        self.index().slas_of.get(service).map_or_else(Vec::new, |at| at.iter().map(|&i| &self.slas[i]).collect())
    }
}

fn find<'a, T>(entries: &'a [Entry<T>], id: &str, key: impl Fn(&T) -> &str) -> Option<&'a Entry<T>> {
    entries.binary_search_by(|e| key(&e.record).cmp(id)).ok().map(|i| &entries[i])
}

/// A format's way of decoding one record into a typed value; lets
/// [`Record::decode`] choose the type by kind without buffering the input.
pub trait Decoder {
    type Error;

    /// Decodes the record as a `T`.
    fn decode<T: serde::de::DeserializeOwned>(self) -> Result<T, Self::Error>;
}

impl Record {
    /// Decodes a record of `kind` with `decoder`.
    pub fn decode<D: Decoder>(kind: Kind, decoder: D) -> Result<Record, D::Error> {
        Ok(match kind {
            Kind::Service => Record::Service(decoder.decode()?),
            Kind::Sla => Record::Sla(decoder.decode()?),
            Kind::Supplier => Record::Supplier(decoder.decode()?),
            Kind::Component => Record::Component(decoder.decode()?),
            Kind::Team => Record::Team(decoder.decode()?),
            Kind::Outage => Record::Outage(decoder.decode()?),
            Kind::Incident => Record::Incident(decoder.decode()?),
            Kind::Demand => Record::Demand(decoder.decode()?),
            Kind::Cost => Record::Cost(decoder.decode()?),
            Kind::Feedback => Record::Feedback(decoder.decode()?),
        })
    }
}

impl Estate {
    /// How many records loaded.
    pub fn record_count(&self) -> usize {
        self.services.len()
            + self.slas.len()
            + self.suppliers.len()
            + self.components.len()
            + self.teams.len()
            + self.outages.len()
            + self.incidents.len()
            + self.demands.len()
            + self.costs.len()
            + self.feedback.len()
    }
}

/// Reorders `items` so that position `i` holds what was at `from[i]`
/// (`from` a permutation), following each cycle of the permutation with
/// swaps: every item moves once, or twice at the end of its cycle.
fn permute<T>(items: &mut [T], mut from: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        // A cycle is done once its positions point at themselves.
        while from[at] != at {
            let source = from[at];
            from[at] = at;
            if source == start {
                break;
            }
            items.swap(at, source);
            at = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    /// Against the obvious copy, for every permutation of up to 6 items
    /// (Heap's algorithm enumerates them).
    #[test]
    fn permute_moves_each_item_where_it_belongs() {
        fn heaps(k: usize, perm: &mut Vec<usize>, each: &mut dyn FnMut(&[usize])) {
            if k <= 1 {
                each(perm);
                return;
            }
            for i in 0..k {
                heaps(k - 1, perm, each);
                perm.swap(if k.is_multiple_of(2) { i } else { 0 }, k - 1);
            }
        }
        let mut checked = 0;
        for n in 0..=6 {
            let mut perm: Vec<usize> = (0..n).collect();
            heaps(n, &mut perm, &mut |from| {
                let items: Vec<String> = (0..n).map(|i| format!("item {i}")).collect();
                let expected: Vec<String> = from.iter().map(|&i| items[i].clone()).collect();
                let mut moved = items.clone();
                permute(&mut moved, from.to_vec());
                assert_eq!(moved, expected, "from {from:?}");
                checked += 1;
            });
        }
        // 0! + 1! + ... + 6!
        assert_eq!(checked, 1 + 1 + 2 + 6 + 24 + 120 + 720);
    }
}
