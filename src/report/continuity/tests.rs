//! Continuity planning on small estates built for each case.

use chrono::NaiveDate;

use super::*;
use crate::model::{Project, Record};

/// An estate from YAML records, one per document.
fn estate(docs: &[String]) -> Estate {
    let records = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let record = if doc.contains("kind: service") {
                Record::Service(serde_saphyr::from_str(doc).unwrap())
            } else if doc.contains("kind: component") {
                Record::Component(serde_saphyr::from_str(doc).unwrap())
            } else {
                Record::Supplier(serde_saphyr::from_str(doc).unwrap())
            };
            (record, Origin { file: crate::load::FileId(0), doc: i })
        })
        .collect();
    Estate::from_records(Project::default(), records)
}

fn service(id: &str, deps: &[&str], extra: &str) -> String {
    format!(
        "kind: service\nid: {id}\nname: {id}\nsummary: s\nowner: t\nlifecycle: live\ntype: supporting\ncriticality: high\ndepends_on: [{}]\n{extra}",
        deps.join(", ")
    )
}

fn component(id: &str, deps: &[&str], extra: &str) -> String {
    format!("kind: component\nid: {id}\nname: {id}\ntype: server\ndepends_on: [{}]\n{extra}", deps.join(", "))
}

fn ids(wave: &Wave) -> Vec<&str> {
    wave.steps.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn a_shared_dependency_is_restored_once_in_the_earliest_wave() {
    // Diamond: top needs left and right, both need base.
    let e = estate(&[
        service("top", &["left", "right"], ""),
        service("left", &["base"], ""),
        service("right", &["base"], ""),
        component("base", &[], "site: dc1\n"),
    ]);
    let plan = plan(&e, &Options { scenarios: vec![Scenario::Site("dc1".into())], ..Options::default() });
    let waves: Vec<Vec<&str>> = plan.waves.iter().map(ids).collect();
    assert_eq!(waves, [vec!["base"], vec!["left", "right"], vec!["top"]]);
}

#[test]
fn redundancy_across_sites_keeps_a_service_up() {
    // Two instances over dc1 and dc2, one needed: losing dc1 leaves one.
    let e = estate(&[
        service("app", &["db"], ""),
        component("db", &[], "redundancy: {instances: 2, required: 1, sites: [dc1, dc2]}\n"),
    ]);
    let hit = impact(&e, &[Scenario::Site("dc1".into())]);
    assert!(hit.lost.is_empty(), "{:?}", hit.lost);
    assert_eq!(hit.degraded["db"], "1 of 2 instances lost at dc1; 1 left, 1 needed");
    // Losing both sites takes it and the app out.
    let hit = impact(&e, &[Scenario::Site("dc1".into()), Scenario::Site("dc2".into())]);
    assert_eq!(hit.lost.keys().collect::<Vec<_>>(), ["app", "db"]);
}

#[test]
fn combined_scenarios_add_up() {
    let e = estate(&[
        service("a", &["x"], ""),
        service("b", &["y"], ""),
        service("c", &[], "suppliers: [acme]\n"),
        component("x", &[], "site: dc1\n"),
        component("y", &[], "supplier: acme\n"),
        "kind: supplier\nid: acme\nname: Acme\n".to_string(),
    ]);
    let one = impact(&e, &[Scenario::Site("dc1".into())]);
    assert_eq!(one.lost.keys().collect::<Vec<_>>(), ["a", "x"]);
    let both = impact(&e, &[Scenario::Site("dc1".into()), Scenario::Supplier("acme".into())]);
    assert_eq!(both.lost.keys().collect::<Vec<_>>(), ["a", "b", "c", "x", "y"]);
    assert_eq!(both.lost["c"], "provided by acme");
    assert_eq!(both.lost["b"], "depends on y");
}

#[test]
fn a_cycle_is_reported_and_never_loops() {
    let e = estate(&[service("a", &["b"], ""), service("b", &["a"], ""), service("c", &["a"], "")]);
    let plan = plan(&e, &Options { scenarios: vec![Scenario::Service("a".into())], ..Options::default() });
    assert!(plan.waves.is_empty());
    assert_eq!(plan.blocked_by_cycle, ["a", "b", "c"]);
}

#[test]
fn rto_and_rpo_checks() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    // front (RTO 1h) stands on back (RTO 4h): it cannot be back first.
    // front's RPO of 15m is shorter than its hourly backups.
    // Restoring db (2h) then back (3h) takes 5h, over back's RTO of 4h.
    let e = estate(&[
        service("front", &["back"], "continuity: {rto: 1h, rpo: 15m, backup_interval: 1h, recovery_time: 30m}\n"),
        service("back", &["db"], "continuity: {rto: 4h, recovery_time: 3h}\n"),
        component("db", &[], "recovery_time: 2h\n"),
    ]);
    let risks = checks(&e, day);
    let found: Vec<(Code, &str)> = risks.iter().map(|r| (r.code, r.subject.as_str())).collect();
    assert!(found.contains(&(Code::RtoBelowDependency, "front")), "{risks:#?}");
    assert!(found.contains(&(Code::RpoBelowBackup, "front")));
    assert!(found.contains(&(Code::RecoveryExceedsRto, "back")));
    // front's own chain: 2h + 3h + 30m = 5h30m, also over its 1h.
    let front = risks.iter().find(|r| r.code == Code::RecoveryExceedsRto && r.subject == "front").unwrap();
    assert!(front.message.contains("5h30m in 3 waves"), "{}", front.message);
}

#[test]
fn change_impact_names_the_services_that_share_dependencies() {
    let e = estate(&[
        service("new", &["db"], "").replace("lifecycle: live", "lifecycle: pipeline\navailable_from: 2027-01-01"),
        service("old", &["db"], ""),
        component("db", &[], ""),
    ]);
    let plan = plan(&e, &Options { service: Some("new".into()), ..Options::default() });
    let change = plan.change_impact.unwrap();
    assert_eq!(change.depends_on, ["db"]);
    assert_eq!(change.shared, [("db".to_string(), vec!["old".to_string()])]);
}

/// Random estates (chains, diamonds, cycles, self-loops, missing names, a
/// service and a component sharing an id) with random first losses: the
/// level-by-level spread loses the same records for the same reasons as
/// the pass-by-pass definition.
#[test]
fn loss_spreads_as_the_definition_says() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    for _ in 0..300 {
        let n = rng.random_range(1..14);
        let name = |rng: &mut rand_chacha::ChaCha8Rng| format!("r{}", rng.random_range(0..n + 2));
        let docs: Vec<String> = (0..n)
            .map(|i| {
                let deps: Vec<String> = (0..rng.random_range(0..4)).map(|_| name(&mut rng)).collect();
                let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
                // Now and then a component takes a service's id.
                let id =
                    if rng.random_range(0..8) == 0 { format!("r{}", rng.random_range(0..n)) } else { format!("r{i}") };
                if rng.random_bool(0.5) { service(&id, &deps, "") } else { component(&id, &deps, "") }
            })
            .collect();
        let e = estate(&docs);
        let mut first: BTreeMap<String, String> = BTreeMap::new();
        for _ in 0..rng.random_range(1..3) {
            first.insert(name(&mut rng), "lost".into());
        }
        let (mut swept, mut passed) = (first.clone(), first);
        spread(&e, &mut swept);
        spread_by_passes(&e, &mut passed);
        assert_eq!(swept, passed, "{docs:#?}");
    }
}

/// A chain of 20,000 services, lost at its far end: every link falls, each
/// because of the next, and the spread takes one level per link rather
/// than one pass over the whole chain per link.
#[test]
fn a_long_chain_falls_link_by_link() {
    let n = 20_000;
    let docs: Vec<String> = (0..n).map(|i| service(&format!("s{i}"), &[&format!("s{}", i + 1)], "")).collect();
    let e = estate(&docs);
    let hit = impact(&e, &[Scenario::Service(format!("s{}", n - 1))]);
    assert_eq!(hit.lost.len(), n);
    assert_eq!(hit.lost["s0"], "depends on s1");
    assert_eq!(hit.lost[&format!("s{}", n - 1)], "lost");
}
