//! Continuity: what a loss takes out, transitively, what stays up thanks to
//! redundancy, the order to restore in (waves, dependencies first), who to
//! call, and whether the recovery objectives can be met at all. Checks and
//! the document's layout: `docs/continuity.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::{Code, FieldPath};
use crate::model::common::{Criticality, SupportHours};
use crate::model::graph::{Graph, Node, Walker};
use crate::model::service::Lifecycle;
use crate::model::units::Duration;
use crate::model::{Component, Estate, Kind, Origin, Service};

/// Something lost.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Scenario {
    Site(String),
    Supplier(String),
    Component(String),
    Service(String),
}

impl FromStr for Scenario {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (kind, id) =
            s.split_once(':').ok_or("write a scenario as site:ID, supplier:ID, component:ID or service:ID")?;
        let id = id.trim().to_string();
        if id.is_empty() {
            return Err("the scenario names no id".into());
        }
        match kind.trim() {
            "site" => Ok(Scenario::Site(id)),
            "supplier" => Ok(Scenario::Supplier(id)),
            "component" => Ok(Scenario::Component(id)),
            "service" => Ok(Scenario::Service(id)),
            other => Err(format!("`{other}` is not a scenario kind: use site, supplier, component or service")),
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Scenario::Site(id) => write!(f, "site {id} lost"),
            Scenario::Supplier(id) => write!(f, "supplier {id} lost"),
            Scenario::Component(id) => write!(f, "component {id} lost"),
            Scenario::Service(id) => write!(f, "service {id} lost"),
        }
    }
}

/// The ids a scenario names, for checking them on the command line.
impl Scenario {
    pub fn id(&self) -> &str {
        match self {
            Scenario::Site(id) | Scenario::Supplier(id) | Scenario::Component(id) | Scenario::Service(id) => id,
        }
    }
}

/// What a set of scenarios does to the estate.
#[derive(Debug, Default, Serialize)]
pub struct Impact {
    /// Services and components down, with why.
    pub lost: BTreeMap<String, String>,
    /// Components that lost instances but still have enough, with what is left.
    pub degraded: BTreeMap<String, String>,
}

/// The sites of a component's instances, one entry per instance.
fn instance_sites(c: &Component) -> Vec<Option<String>> {
    let instances = c.redundancy.as_ref().map_or(1, |r| r.instances.max(1)) as usize;
    let sites = c.redundancy.as_ref().map(|r| r.sites.clone()).unwrap_or_default();
    (0..instances)
        .map(|i| if sites.is_empty() { c.site.clone() } else { Some(sites[i % sites.len()].clone()) })
        .collect()
}

/// What is lost, directly and through dependencies, and what survives a loss
/// thanks to redundancy. The spread of loss is a fixed point reached in at
/// most one pass per record, so a dependency cycle cannot make it loop.
pub fn impact(estate: &Estate, scenarios: &[Scenario]) -> Impact {
    let mut out = Impact::default();
    let sites: BTreeSet<&str> =
        scenarios.iter().filter_map(|s| if let Scenario::Site(id) = s { Some(id.as_str()) } else { None }).collect();
    let suppliers: BTreeSet<&str> = scenarios
        .iter()
        .filter_map(|s| if let Scenario::Supplier(id) = s { Some(id.as_str()) } else { None })
        .collect();
    for c in &estate.components {
        if scenarios.contains(&Scenario::Component(c.id.clone())) {
            out.lost.insert(c.id.clone(), "lost".into());
            continue;
        }
        if let Some(supplier) = c.supplier.as_deref().filter(|s| suppliers.contains(s)) {
            out.lost.insert(c.id.clone(), format!("provided by {supplier}"));
            continue;
        }
        let placed = instance_sites(c);
        let hit = placed.iter().filter(|s| s.as_deref().is_some_and(|s| sites.contains(s))).count();
        if hit == 0 {
            continue;
        }
        let left = placed.len() - hit;
        let needed = c.redundancy.as_ref().map_or(1, |r| r.required.max(1)) as usize;
        let lost_sites: BTreeSet<&str> =
            placed.iter().flatten().map(String::as_str).filter(|s| sites.contains(s)).collect();
        let at = lost_sites.into_iter().collect::<Vec<_>>().join(", ");
        if left >= needed {
            out.degraded.insert(
                c.id.clone(),
                format!("{hit} of {} instances lost at {at}; {left} left, {needed} needed", placed.len()),
            );
        } else {
            out.lost.insert(c.id.clone(), format!("runs at {at}"));
        }
    }
    for s in &estate.services {
        if scenarios.contains(&Scenario::Service(s.id.clone())) {
            out.lost.insert(s.id.clone(), "lost".into());
        } else if let Some(supplier) = s.suppliers.iter().find(|x| suppliers.contains(x.as_str())) {
            out.lost.insert(s.id.clone(), format!("provided by {supplier}"));
        }
    }
    spread(estate, &mut out.lost);
    out
}

/// Spreads loss to everything that depends on something lost, level by
/// level: a record falls at level k when one of its dependencies fell
/// before level k, because of the first of them (in `depends_on` order)
/// that had. Each level looks only at the dependants of the level before,
/// so a chain of any length costs its length, and a cycle ends when no
/// level adds anything.
fn spread(estate: &Estate, lost: &mut BTreeMap<String, String>) {
    // Services, then components: the order in which one level's findings
    // are recorded, so that of a service and a component sharing an id,
    // the component's reason is the one kept.
    let records: Vec<(&String, &[String])> = estate
        .services
        .iter()
        .map(|s| (&s.id, s.depends_on.as_slice()))
        .chain(estate.components.iter().map(|c| (&c.id, c.depends_on.as_slice())))
        .collect();
    let mut dependants: HashMap<&str, Vec<usize>> = HashMap::new();
    for (at, (_, depends_on)) in records.iter().enumerate() {
        for dep in *depends_on {
            dependants.entry(dep.as_str()).or_default().push(at);
        }
    }
    let mut fallen: Vec<String> = lost.keys().cloned().collect();
    while !fallen.is_empty() {
        let mut candidates: Vec<usize> = fallen
            .iter()
            .filter_map(|id| dependants.get(id.as_str()))
            .flatten()
            .copied()
            .filter(|&at| !lost.contains_key(records[at].0))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let new: Vec<(String, String)> = candidates
            .into_iter()
            .filter_map(|at| {
                let (id, depends_on) = records[at];
                let dep = depends_on.iter().find(|d| lost.contains_key(*d))?;
                Some((id.clone(), format!("depends on {dep}")))
            })
            .collect();
        fallen = new.iter().map(|(id, _)| id.clone()).collect();
        fallen.dedup();
        for (id, why) in new {
            lost.insert(id, why);
        }
    }
}

/// Spreads loss as `spread` does, pass after pass over every record until
/// a pass adds nothing: the definition, kept as the tests' oracle.
#[cfg(test)]
fn spread_by_passes(estate: &Estate, lost: &mut BTreeMap<String, String>) {
    let nodes = estate.services.len() + estate.components.len();
    for _ in 0..=nodes {
        let mut grew = false;
        let deps = estate
            .services
            .iter()
            .map(|s| (&s.id, &s.depends_on))
            .chain(estate.components.iter().map(|c| (&c.id, &c.depends_on)));
        let mut new = Vec::new();
        for (id, depends_on) in deps {
            if lost.contains_key(id) {
                continue;
            }
            if let Some(dep) = depends_on.iter().find(|d| lost.contains_key(*d)) {
                new.push((id.clone(), format!("depends on {dep}")));
            }
        }
        for (id, why) in new {
            grew |= lost.insert(id, why).is_none();
        }
        if !grew {
            break;
        }
    }
}

/// One thing to restore, with who to call.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    pub criticality: Option<Criticality>,
    pub owner: Option<String>,
    pub on_call: Option<String>,
    pub supplier: Option<String>,
    pub supplier_hotline: Option<String>,
    pub supplier_contact: Option<String>,
    pub supplier_hours: Option<String>,
    pub recovery_time: Option<Duration>,
    pub rto: Option<Duration>,
    pub rpo: Option<Duration>,
    pub steps: Vec<String>,
    /// Why it is in the plan: lost directly, or through what.
    pub reason: String,
}

/// Steps that can run in parallel.
#[derive(Debug, Clone, Serialize)]
pub struct Wave {
    pub number: usize,
    pub steps: Vec<Step>,
    /// The longest recovery time in the wave (unknown ones count as zero).
    pub duration: Duration,
    /// When the wave is done, counted from the start of recovery.
    pub done_after: Duration,
}

/// A risk found by the objective checks.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    pub code: Code,
    pub subject: String,
    pub message: String,
    /// Where in the subject's record the risk sits.
    #[serde(skip)]
    pub origin: Option<Origin>,
    #[serde(skip)]
    pub path: FieldPath,
}

/// The effect a (new) service has on the existing ones.
#[derive(Debug, Serialize)]
pub struct ChangeImpact {
    pub service: String,
    pub lifecycle: Lifecycle,
    /// Everything it stands on.
    pub depends_on: Vec<String>,
    /// Each dependency it shares with existing live services, and those services.
    pub shared: Vec<(String, Vec<String>)>,
}

/// The plan.
#[derive(Debug, Serialize)]
pub struct Plan {
    pub organisation: String,
    pub as_of: NaiveDate,
    pub scope: String,
    pub scenarios: Vec<Scenario>,
    pub impact: Impact,
    pub waves: Vec<Wave>,
    /// Parts whose dependencies go round in a circle: no order exists.
    pub blocked_by_cycle: Vec<String>,
    pub invocation: Vec<(String, String)>,
    pub exercises: Vec<Exercise>,
    pub risks: Vec<Risk>,
    pub change_impact: Option<ChangeImpact>,
}

/// When a service's plan was last exercised.
#[derive(Debug, Serialize)]
pub struct Exercise {
    pub service: String,
    pub last: Option<NaiveDate>,
    pub every: Option<String>,
    pub overdue: bool,
}

/// What the plan covers.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub scenarios: Vec<Scenario>,
    pub service: Option<String>,
    pub as_of: Option<NaiveDate>,
}

fn rank(c: Option<Criticality>) -> u8 {
    match c {
        Some(Criticality::Critical) => 0,
        Some(Criticality::High) => 1,
        Some(Criticality::Medium) => 2,
        Some(Criticality::Low) => 3,
        None => 4,
    }
}

fn step(estate: &Estate, id: &str, reason: String) -> Step {
    let service = estate.service(id).map(|e| &e.record);
    let component = estate.component(id).map(|e| &e.record);
    let owner = service.map(|s| s.owner.clone()).or_else(|| component.and_then(|c| c.owner.clone()));
    let on_call = owner.as_ref().and_then(|o| estate.team(o)).and_then(|t| t.on_call.as_ref()).map(|oc| {
        let hours = oc.hours.as_ref().map(|h| format!(" ({h})")).unwrap_or_default();
        format!("{}{hours}", oc.phone)
    });
    let supplier_id =
        component.and_then(|c| c.supplier.clone()).or_else(|| service.and_then(|s| s.suppliers.first().cloned()));
    let supplier = supplier_id.as_ref().and_then(|s| estate.supplier(s)).map(|e| &e.record);
    let contact = supplier.and_then(|s| s.contacts.first()).map(|c| {
        let reach: Vec<&str> = [c.phone.as_deref(), c.email.as_deref()].into_iter().flatten().collect();
        format!("{}, {}", c.name, reach.join(", "))
    });
    let hours = supplier
        .and_then(|s| s.commitments.as_ref())
        .and_then(|c| c.support_hours.as_ref())
        .map(SupportHours::to_string);
    let continuity = service.and_then(|s| s.continuity.as_ref());
    Step {
        id: id.to_string(),
        kind: if service.is_some() { Kind::Service } else { Kind::Component },
        name: service.map(|s| s.name.clone()).or_else(|| component.map(|c| c.name.clone())).unwrap_or_default(),
        criticality: service.map(|s| s.criticality),
        owner,
        on_call,
        supplier: supplier_id,
        supplier_hotline: supplier.and_then(|s| s.hotline.clone()),
        supplier_contact: contact,
        supplier_hours: hours,
        recovery_time: recovery_time(estate, id),
        rto: continuity.and_then(|c| c.rto),
        rpo: continuity.and_then(|c| c.rpo),
        steps: continuity.map(|c| c.recovery_steps.clone()).unwrap_or_default(),
        reason,
    }
}

/// Orders `scope` into waves, dependencies first; what cannot be ordered
/// (a dependency cycle) comes back separately. A wave holds everything
/// whose dependencies in the scope are all in earlier waves: the scope is
/// peeled layer by layer, each step waiting on a count of what it needs.
pub fn waves(estate: &Estate, scope: &BTreeMap<String, String>) -> (Vec<Wave>, Vec<String>) {
    let keys: Vec<&str> = scope.keys().map(String::as_str).collect();
    // How many of its dependencies in the scope each step waits for (a
    // dependency named twice counts twice), and who waits on each.
    let mut waiting = vec![0usize; keys.len()];
    let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    for (i, id) in keys.iter().enumerate() {
        for dep in estate.depends_on(id) {
            if let Ok(d) = keys.binary_search(&dep.as_str()) {
                waiting[i] += 1;
                dependants[d].push(i);
            }
        }
    }
    let mut ready: Vec<usize> = (0..keys.len()).filter(|&i| waiting[i] == 0).collect();
    let mut placed = vec![false; keys.len()];
    let mut waves: Vec<Wave> = Vec::new();
    let mut elapsed = 0;
    while !ready.is_empty() {
        let mut next = Vec::new();
        for &i in &ready {
            placed[i] = true;
            for &j in &dependants[i] {
                waiting[j] -= 1;
                if waiting[j] == 0 {
                    next.push(j);
                }
            }
        }
        let mut steps: Vec<Step> = ready.iter().map(|&i| step(estate, keys[i], scope[keys[i]].clone())).collect();
        steps.sort_by(|a, b| {
            (a.kind != Kind::Component, rank(a.criticality), &a.id).cmp(&(
                b.kind != Kind::Component,
                rank(b.criticality),
                &b.id,
            ))
        });
        let duration = steps.iter().filter_map(|s| s.recovery_time).map(Duration::seconds).max().unwrap_or(0);
        elapsed += duration;
        waves.push(Wave {
            number: waves.len() + 1,
            steps,
            duration: Duration::from_seconds(duration),
            done_after: Duration::from_seconds(elapsed),
        });
        ready = next;
    }
    let blocked = keys.iter().zip(&placed).filter(|(_, placed)| !**placed).map(|(id, _)| id.to_string()).collect();
    (waves, blocked)
}

/// Times recoveries wave by wave over graph nodes, as [`waves`] orders
/// them, without writing the plan: what the RTO check needs, for every
/// service in turn. Each step waits on a count of what it needs in the
/// scope, so a scope costs its size and its edges, whatever its depth.
pub(crate) struct Recovery {
    /// How many of its dependencies each node of the scope still waits
    /// for, a missing name counting as one more (they are all restored in
    /// the first wave). Only the scope's entries are used, and they are
    /// left at 0.
    waiting: Vec<u32>,
    /// The nodes of the scope waiting on each node; cleared after each use.
    dependants: Vec<Vec<Node>>,
    ready: Vec<Node>,
    next: Vec<Node>,
}

impl Recovery {
    pub(crate) fn new(graph: &Graph) -> Self {
        Recovery {
            waiting: vec![0; graph.len()],
            dependants: vec![Vec::new(); graph.len()],
            ready: Vec::new(),
            next: Vec::new(),
        }
    }

    /// How long restoring `scope` (a node and its closure) takes, the
    /// longest step of each wave one after the other, and in how many
    /// waves. Names of missing records in the scope are steps of the first
    /// wave that take no time; what a cycle holds up is never placed.
    pub(crate) fn total(&mut self, estate: &Estate, graph: &Graph, scope: &[Node]) -> (i64, usize) {
        let mut missing = false;
        for &n in scope {
            let deps = graph.deps(n);
            let dangling = graph.dangling(n);
            missing |= dangling;
            self.waiting[n as usize] = deps.len() as u32 + u32::from(dangling);
            for &d in deps {
                self.dependants[d as usize].push(n);
            }
        }
        self.ready.clear();
        self.ready.extend(scope.iter().copied().filter(|&n| self.waiting[n as usize] == 0));
        let (mut total, mut count) = (0, 0);
        let mut first = true;
        while !self.ready.is_empty() || (first && missing) {
            self.next.clear();
            if first && missing {
                // The missing names are restored: those naming one wait
                // for one thing fewer.
                for &n in scope.iter().filter(|&&n| graph.dangling(n)) {
                    self.waiting[n as usize] -= 1;
                    if self.waiting[n as usize] == 0 {
                        self.next.push(n);
                    }
                }
            }
            for &n in &self.ready {
                for &d in &self.dependants[n as usize] {
                    self.waiting[d as usize] -= 1;
                    if self.waiting[d as usize] == 0 {
                        self.next.push(d);
                    }
                }
            }
            let longest = self.ready.iter().filter_map(|&n| recovery_time(estate, estate.node_id(n))).max();
            total += longest.map_or(0, Duration::seconds);
            count += 1;
            first = false;
            std::mem::swap(&mut self.ready, &mut self.next);
        }
        for &n in scope {
            self.waiting[n as usize] = 0;
            self.dependants[n as usize].clear();
        }
        (total, count)
    }
}

/// How long restoring `id` takes: its continuity's recovery time if it is
/// a service that has one, else its own as a component.
fn recovery_time(estate: &Estate, id: &str) -> Option<Duration> {
    let continuity = estate.service(id).and_then(|s| s.continuity.as_ref());
    continuity.and_then(|c| c.recovery_time).or_else(|| estate.component(id).and_then(|c| c.recovery_time))
}

/// The objective checks over the whole estate (see `docs/continuity.md`).
pub fn checks(estate: &Estate, as_of: NaiveDate) -> Vec<Risk> {
    let mut risks = Vec::new();
    let graph = estate.graph();
    let mut walker = Walker::default();
    let mut closure = Vec::new();
    let mut recovery = Recovery::new(graph);
    let live = estate.services.iter().filter(|s| s.lifecycle != Lifecycle::Retired);
    for s in live {
        let c = s.continuity.as_ref();
        let mut risk = |code: Code, at: &str, message: String| {
            risks.push(Risk {
                code,
                subject: s.id.clone(),
                message,
                origin: Some(s.origin),
                path: FieldPath::parse(at),
            });
        };
        if let (Some(rto), Some(start)) = (c.and_then(|c| c.rto), estate.node(&s.id)) {
            walker.closure(graph, start, &mut closure);
            let slower = closure
                .iter()
                .filter(|&&n| graph.is_service(n))
                .map(|&n| &estate.services[n as usize])
                .filter_map(|d| d.continuity.as_ref()?.rto.map(|r| (r, d.id.as_str())))
                .filter(|(r, _)| *r > rto)
                .max();
            if let Some((their, dep)) = slower {
                risk(
                    Code::RtoBelowDependency,
                    "continuity.rto",
                    format!("`{}` promises an RTO of {rto}, but `{dep}`, which it depends on, has {their}", s.id),
                );
            }
            closure.push(start);
            let (total, count) = recovery.total(estate, graph, &closure);
            if total > rto.seconds() {
                risk(
                    Code::RecoveryExceedsRto,
                    "continuity.rto",
                    format!(
                        "restoring `{}` and what it depends on takes {} in {count} waves, longer than its RTO of {rto}",
                        s.id,
                        Duration::from_seconds(total),
                    ),
                );
            }
        }
        if let Some((rpo, backup)) = c.and_then(|c| c.rpo.zip(c.backup_interval)).filter(|(r, b)| r < b) {
            risk(
                Code::RpoBelowBackup,
                "continuity.rpo",
                format!("`{}` promises an RPO of {rpo}, but backs up only every {backup}", s.id),
            );
        }
        if s.criticality == Criticality::Critical {
            let mut missing = Vec::new();
            if c.is_none_or(|c| c.recovery_steps.is_empty()) {
                missing.push("no recovery steps".to_string());
            }
            if estate.team(&s.owner).is_none_or(|t| t.on_call.is_none()) {
                missing.push(format!("owner `{}` has no on-call contact", s.owner));
            }
            for id in estate.suppliers_behind(&s.id) {
                if estate.supplier(&id).is_some_and(|x| x.contacts.is_empty() && x.hotline.is_none()) {
                    missing.push(format!("supplier `{id}` has no contact or hotline"));
                }
            }
            if !missing.is_empty() {
                let at = if c.is_some() { "continuity" } else { "criticality" };
                risk(Code::ContinuityGap, at, format!("critical service `{}`: {}", s.id, missing.join("; ")));
            }
        }
        // A plan is exercised once the service is live.
        if let Some(c) = c.filter(|c| c.exercise_every.is_some() && s.lifecycle == Lifecycle::Live) {
            let every = c
                .exercise_every
                .unwrap_or(crate::model::units::CalendarSpan { count: 1, unit: crate::model::units::SpanUnit::Years });
            let due = c.last_exercise.and_then(|l| every.after(l.0));
            if due.is_none_or(|d| d < as_of) {
                let when = match (c.last_exercise, due) {
                    (Some(last), Some(due)) => format!("last exercised {last}, due {due}"),
                    _ => "never exercised".to_string(),
                };
                let at =
                    if c.last_exercise.is_some() { "continuity.last_exercise" } else { "continuity.exercise_every" };
                risk(
                    Code::ExerciseOverdue,
                    at,
                    format!("the continuity plan of `{}` is overdue for an exercise ({when}, every {every})", s.id),
                );
            }
        }
    }
    risks
}

/// Builds the plan.
pub fn plan(estate: &Estate, options: &Options) -> Plan {
    let as_of = options.as_of.unwrap_or(NaiveDate::MIN);
    let impact = impact(estate, &options.scenarios);
    let mut scope: BTreeMap<String, String> = if options.scenarios.is_empty() {
        let mut all: BTreeSet<&str> = BTreeSet::new();
        let (mut walker, mut nodes, mut names) = (Walker::default(), Vec::new(), Vec::new());
        for s in estate.services.iter().filter(|s| s.lifecycle == Lifecycle::Live) {
            all.insert(&s.id);
            estate.closure_names(&s.id, &mut walker, &mut nodes, &mut names);
            all.extend(names.iter().copied());
        }
        all.into_iter().map(|id| (id.to_string(), "in the estate".to_string())).collect()
    } else {
        impact.lost.clone()
    };
    let mut scope_text = match &options.scenarios[..] {
        [] => "every live service and what it depends on".to_string(),
        _ => "what the scenario takes out".to_string(),
    };
    // Only what is live is recovered; retired and pipeline services wait.
    scope.retain(|id, _| {
        estate.component(id).is_some()
            || estate.service(id).is_some_and(|s| s.lifecycle == Lifecycle::Live)
            || options.service.as_ref() == Some(id)
    });
    let mut change_impact = None;
    if let Some(id) = &options.service {
        let mut keep = estate.closure(id);
        keep.insert(id.clone());
        if options.scenarios.is_empty() {
            scope = keep.iter().map(|k| (k.clone(), "in scope".to_string())).collect();
        } else {
            scope.retain(|k, _| keep.contains(k));
        }
        scope_text = if options.scenarios.is_empty() {
            format!("`{id}` and what it depends on")
        } else {
            format!("{scope_text}, for `{id}` and what it depends on")
        };
        change_impact = estate.service(id).map(|s| change(estate, s));
    }
    let (waves, blocked_by_cycle) = waves(estate, &scope);
    let in_scope = |id: &str| scope.contains_key(id);
    let invocation = estate
        .services
        .iter()
        .filter(|s| in_scope(&s.id))
        .filter_map(|s| Some((s.id.clone(), s.continuity.as_ref()?.invocation.clone()?)))
        .collect();
    let risks: Vec<Risk> = checks(estate, as_of).into_iter().filter(|r| in_scope(&r.subject)).collect();
    let overdue: BTreeSet<&str> =
        risks.iter().filter(|r| r.code == Code::ExerciseOverdue).map(|r| r.subject.as_str()).collect();
    let exercises = estate
        .services
        .iter()
        .filter(|s| in_scope(&s.id))
        .filter_map(|s| {
            let c = s.continuity.as_ref()?;
            c.exercise_every.or(c
                .last_exercise
                .map(|_| crate::model::units::CalendarSpan { count: 1, unit: crate::model::units::SpanUnit::Years }))?;
            Some(Exercise {
                service: s.id.clone(),
                last: c.last_exercise.map(|d| d.0),
                every: c.exercise_every.map(|e| e.to_string()),
                overdue: overdue.contains(s.id.as_str()),
            })
        })
        .collect();
    Plan {
        organisation: estate.project.organisation.clone(),
        as_of,
        scope: scope_text,
        scenarios: options.scenarios.clone(),
        impact,
        waves,
        blocked_by_cycle,
        invocation,
        exercises,
        risks,
        change_impact,
    }
}

fn change(estate: &Estate, s: &Service) -> ChangeImpact {
    let mine = estate.closure(&s.id);
    // Each part of `mine` with the other live services that stand on it,
    // in service order: every other service's closure taken once.
    let mut others: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let (mut walker, mut nodes, mut names) = (Walker::default(), Vec::new(), Vec::new());
    for o in estate.services.iter().filter(|o| o.id != s.id && o.lifecycle == Lifecycle::Live) {
        estate.closure_names(&o.id, &mut walker, &mut nodes, &mut names);
        // A missing name can come up twice in one closure.
        names.sort_unstable();
        names.dedup();
        for name in names.iter().copied().filter(|name| mine.contains(*name)) {
            others.entry(name).or_default().push(o.id.clone());
        }
    }
    let shared = others.into_iter().map(|(dep, others)| (dep.to_string(), others)).collect();
    ChangeImpact { service: s.id.clone(), lifecycle: s.lifecycle, depends_on: mine.into_iter().collect(), shared }
}

mod document;
#[cfg(test)]
mod tests;
