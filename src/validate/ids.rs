//! Ids: every id is a slug, and no two records share one.

use std::collections::{BTreeMap, HashSet};

use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use crate::model::{Entry, Estate, Kind, Origin};

/// Every record's id, with its kind and origin. Ids are unique across the
/// whole estate, so that a reference needs no kind prefix.
///
/// Building it checks every id once against a set of the ids seen, and
/// copies none. The list of every id sorted, which duplicate findings,
/// references to records that did not decode and "did you mean" hints
/// need, is made only when one of them asks.
pub struct IdIndex<'a> {
    estate: &'a Estate,
    /// Every record's id, kind and origin, by id and then origin, so that
    /// the first of a duplicated id is the first loaded. Made on first use.
    all: std::sync::OnceLock<Vec<Id<'a>>>,
}

/// A record's id, kind and origin.
type Id<'a> = (&'a str, Kind, Origin);

impl<'a> IdIndex<'a> {
    /// Indexes the estate, without checking its ids.
    pub fn new(estate: &'a Estate) -> Self {
        Self { estate, all: std::sync::OnceLock::new() }
    }

    /// Reports bad and duplicate ids into `out`.
    pub fn check(estate: &'a Estate, out: &mut Vec<Diagnostic>) {
        let index = Self::new(estate);
        let mut seen: HashSet<&str, foldhash::fast::FixedState> =
            HashSet::with_capacity_and_hasher(estate.record_count() + estate.undecoded.len(), Default::default());
        let mut duplicated = false;
        for (id, _, origin) in index.each() {
            if !is_slug(id) {
                out.push(
                    Diagnostic::new(Code::InvalidId, format!("id `{id}` is not a slug"))
                        .at_field(origin, FieldPath::key("id"), "not a slug")
                        .help(format!("use lowercase letters, digits and single hyphens, such as `{}`", slugify(id))),
                );
            }
            duplicated |= !seen.insert(id);
        }
        drop(seen);
        if duplicated {
            for run in index.all().chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
                let (_, first_kind, first) = run[0];
                for &(id, kind, origin) in &run[1..] {
                    out.push(
                        Diagnostic::new(Code::DuplicateId, format!("id `{id}` is used twice"))
                            .at_field(origin, FieldPath::key("id"), format!("this {} reuses it", kind.noun()))
                            .also(
                                Anchor::Field(first, FieldPath::key("id")),
                                format!("first used by this {}", first_kind.noun()),
                            )
                            .help("ids are unique across all records; rename one of them"),
                    );
                }
            }
        }
        contract_ids(estate, out);
    }

    /// Every record's id, kind and origin, group by group, then the
    /// records that did not decode.
    fn each(&self) -> impl Iterator<Item = Id<'a>> + 'a {
        fn group<'a, T>(kind: Kind, entries: &'a [Entry<T>], id: fn(&T) -> &str) -> impl Iterator<Item = Id<'a>> {
            entries.iter().map(move |e| (id(&e.record), kind, e.origin))
        }
        let estate = self.estate;
        group(Kind::Service, &estate.services, |r| &r.id)
            .chain(group(Kind::Sla, &estate.slas, |r| &r.id))
            .chain(group(Kind::Supplier, &estate.suppliers, |r| &r.id))
            .chain(group(Kind::Component, &estate.components, |r| &r.id))
            .chain(group(Kind::Team, &estate.teams, |r| &r.id))
            .chain(group(Kind::Outage, &estate.outages, |r| &r.id))
            .chain(group(Kind::Incident, &estate.incidents, |r| &r.id))
            .chain(group(Kind::Demand, &estate.demands, |r| &r.id))
            .chain(group(Kind::Cost, &estate.costs, |r| &r.id))
            .chain(group(Kind::Feedback, &estate.feedback, |r| &r.id))
            .chain(estate.undecoded.iter().map(|(kind, id, origin)| (id.as_str(), *kind, *origin)))
    }

    /// Every id sorted by id and then origin, made on first use.
    fn all(&self) -> &[Id<'a>] {
        self.all.get_or_init(|| {
            let mut all: Vec<Id<'a>> = Vec::with_capacity(self.estate.record_count() + self.estate.undecoded.len());
            all.extend(self.each());
            all.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.2.cmp(&b.2)));
            all
        })
    }

    /// Every record with this id, first-loaded first.
    fn with_id(&self, id: &str) -> &[Id<'a>] {
        let all = self.all();
        let start = all.partition_point(|(other, _, _)| *other < id);
        // A run is one record long unless the id is (wrongly) shared.
        let len = all[start..].iter().take_while(|(other, _, _)| *other == id).count();
        &all[start..start + len]
    }

    /// The kind and origin of the record with this id, preferring one of
    /// the `wanted` kinds when the id is (wrongly) shared.
    pub fn get(&self, id: &str, wanted: &[Kind]) -> Option<(Kind, Origin)> {
        let all = self.with_id(id);
        all.iter().find(|(_, k, _)| wanted.contains(k)).or(all.first()).map(|(_, kind, origin)| (*kind, *origin))
    }

    /// Whether `id` names a record of one of the `wanted` kinds. Most
    /// references do: the estate's own lookups answer those, and the
    /// sorted list is searched only for the rest (records that did not
    /// decode, and findings).
    pub fn names(&self, id: &str, wanted: &[Kind]) -> bool {
        wanted.iter().any(|&kind| self.estate.has(kind, id))
            || self.get(id, wanted).is_some_and(|(kind, _)| wanted.contains(&kind))
    }

    /// The ids of records of the given kinds, in order, each once.
    pub fn ids_of<'s>(&'s self, kinds: &'s [Kind]) -> impl Iterator<Item = &'a str> + 's {
        self.all()
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.iter().any(|(_, k, _)| kinds.contains(k)))
            .map(|run| run[0].0)
    }
}

/// Contract ids are slugs, unique across all suppliers' contracts.
fn contract_ids(estate: &Estate, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, (Origin, usize)> = BTreeMap::new();
    for s in &estate.suppliers {
        for (i, contract) in s.contracts.iter().enumerate() {
            let at = FieldPath::key("contracts").then_index(i).then_key("id");
            if !is_slug(&contract.id) {
                out.push(
                    Diagnostic::new(Code::InvalidId, format!("contract id `{}` is not a slug", contract.id))
                        .at_field(s.origin, at.clone(), "not a slug")
                        .help(format!(
                            "use lowercase letters, digits and single hyphens, such as `{}`",
                            slugify(&contract.id)
                        )),
                );
            }
            match seen.get(contract.id.as_str()) {
                Some((origin, index)) => out.push(
                    Diagnostic::new(Code::DuplicateId, format!("contract id `{}` is used twice", contract.id))
                        .at_field(s.origin, at, "this contract reuses it")
                        .also(
                            Anchor::Field(*origin, FieldPath::key("contracts").then_index(*index).then_key("id")),
                            "first used here",
                        )
                        .help("contract ids are unique across all suppliers; rename one of them"),
                ),
                None => {
                    seen.insert(&contract.id, (s.origin, i));
                }
            }
        }
    }
}

/// Whether `id` is lowercase letters and digits joined by single hyphens.
pub fn is_slug(id: &str) -> bool {
    // Lowercase letters and digits, in parts joined by single hyphens: no
    // hyphen first, last or after another.
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && !id.contains("--")
}

/// The slug closest to `text`, for the fix hint.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { "my-record".into() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("patient-portal"));
        assert!(is_slug("db2"));
        assert!(!is_slug("Patient-Portal"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("a_b"));
        assert!(!is_slug(""));
        assert!(!is_slug("a-"));
        assert!(!is_slug("-"));
        assert!(!is_slug(&"a".repeat(65)));
        assert!(is_slug(&"a".repeat(64)));
        assert_eq!(slugify("Patient Portal_2"), "patient-portal-2");
    }
}
