//! Sets of half-open time intervals, kept sorted and disjoint.

use super::Instant;

/// A set of instants, as sorted, disjoint, non-empty `[start, end)` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intervals(Vec<(Instant, Instant)>);

impl Intervals {
    /// The union of the given pairs; empty and reversed pairs are dropped.
    pub fn from_pairs<I: IntoIterator<Item = (Instant, Instant)>>(pairs: I) -> Self {
        let mut pairs: Vec<_> = pairs.into_iter().filter(|(s, e)| s < e).collect();
        pairs.sort_unstable();
        let mut merged: Vec<(Instant, Instant)> = Vec::with_capacity(pairs.len());
        for (s, e) in pairs {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Self(merged)
    }

    /// The pairs, in order.
    pub fn pairs(&self) -> &[(Instant, Instant)] {
        &self.0
    }

    /// The total length in seconds.
    pub fn total(&self) -> i64 {
        self.0.iter().map(|(s, e)| e - s).sum()
    }

    /// The instants in both sets.
    pub fn intersect(&self, other: &Intervals) -> Intervals {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < self.0.len() && j < other.0.len() {
            let (a, b) = (self.0[i], other.0[j]);
            let (s, e) = (a.0.max(b.0), a.1.min(b.1));
            if s < e {
                out.push((s, e));
            }
            if a.1 < b.1 { i += 1 } else { j += 1 }
        }
        Intervals(out)
    }

    /// The instants in this set and not in `other`.
    pub fn subtract(&self, other: &Intervals) -> Intervals {
        let mut out = Vec::new();
        let mut j = 0;
        for &(mut s, e) in &self.0 {
            while j < other.0.len() && other.0[j].1 <= s {
                j += 1;
            }
            let mut k = j;
            while k < other.0.len() && other.0[k].0 < e {
                if other.0[k].0 > s {
                    out.push((s, other.0[k].0));
                }
                s = s.max(other.0[k].1);
                k += 1;
            }
            if s < e {
                out.push((s, e));
            }
        }
        Intervals(out)
    }

    /// Whether every instant of `other` is in this set.
    pub fn covers(&self, other: &Intervals) -> bool {
        other.subtract(self).0.is_empty()
    }
}
