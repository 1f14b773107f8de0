//! Ids: every id is a slug, and no two records share one.

use std::collections::BTreeMap;

use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use crate::model::{Entry, Estate, Kind, Origin};

/// Every record's id, with its kind and origin. Ids are unique across the
/// whole estate, so that a reference needs no kind prefix.
///
/// The ids are borrowed from the estate and kept in one sorted list,
/// looked up by binary search: no copy of any id, no allocation per id.
pub struct IdIndex<'a> {
    /// Every record's id, kind and origin, by id and then origin, so that
    /// the first of a duplicated id is the first loaded.
    all: Vec<(&'a str, Kind, Origin)>,
}

impl<'a> IdIndex<'a> {
    /// Indexes the estate, reporting bad and duplicate ids into `out`.
    pub fn build(estate: &'a Estate, out: &mut Vec<Diagnostic>) -> Self {
        let mut all: Vec<(&str, Kind, Origin)> = Vec::with_capacity(estate.record_count() + estate.undecoded.len());
        fn add<'a, T>(
            all: &mut Vec<(&'a str, Kind, Origin)>,
            kind: Kind,
            entries: &'a [Entry<T>],
            id: impl Fn(&T) -> &str + 'a,
        ) {
            all.extend(entries.iter().map(|e| (id(&e.record), kind, e.origin)));
        }
        add(&mut all, Kind::Service, &estate.services, |r| &r.id);
        add(&mut all, Kind::Sla, &estate.slas, |r| &r.id);
        add(&mut all, Kind::Supplier, &estate.suppliers, |r| &r.id);
        add(&mut all, Kind::Component, &estate.components, |r| &r.id);
        add(&mut all, Kind::Team, &estate.teams, |r| &r.id);
        add(&mut all, Kind::Outage, &estate.outages, |r| &r.id);
        add(&mut all, Kind::Incident, &estate.incidents, |r| &r.id);
        add(&mut all, Kind::Demand, &estate.demands, |r| &r.id);
        add(&mut all, Kind::Cost, &estate.costs, |r| &r.id);
        add(&mut all, Kind::Feedback, &estate.feedback, |r| &r.id);
        all.extend(estate.undecoded.iter().map(|(kind, id, origin)| (id.as_str(), *kind, *origin)));
        all.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.2.cmp(&b.2)));

        let mut first_of_run = 0;
        for (i, &(id, kind, origin)) in all.iter().enumerate() {
            if i > 0 && all[i - 1].0 != id {
                first_of_run = i;
            }
            if !is_slug(id) {
                out.push(
                    Diagnostic::new(Code::InvalidId, format!("id `{id}` is not a slug"))
                        .at_field(origin, FieldPath::key("id"), "not a slug")
                        .help(format!("use lowercase letters, digits and single hyphens, such as `{}`", slugify(id))),
                );
            }
            if first_of_run < i {
                let (_, first_kind, first) = all[first_of_run];
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
        contract_ids(estate, out);
        Self { all }
    }

    /// Every record with this id, first-loaded first.
    fn with_id(&self, id: &str) -> &[(&'a str, Kind, Origin)] {
        let start = self.all.partition_point(|(other, _, _)| *other < id);
        // A run is one record long unless the id is (wrongly) shared.
        let len = self.all[start..].iter().take_while(|(other, _, _)| *other == id).count();
        &self.all[start..start + len]
    }

    /// The kind and origin of the record with this id, preferring one of
    /// the `wanted` kinds when the id is (wrongly) shared.
    pub fn get(&self, id: &str, wanted: &[Kind]) -> Option<(Kind, Origin)> {
        let all = self.with_id(id);
        all.iter().find(|(_, k, _)| wanted.contains(k)).or(all.first()).map(|(_, kind, origin)| (*kind, *origin))
    }

    /// The ids of records of the given kinds, in order, each once.
    pub fn ids_of<'s>(&'s self, kinds: &'s [Kind]) -> impl Iterator<Item = &'a str> + 's {
        self.all
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
    !id.is_empty()
        && id.len() <= 64
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
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
        assert_eq!(slugify("Patient Portal_2"), "patient-portal-2");
    }
}
