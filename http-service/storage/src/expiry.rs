//! Which tasks the sweep forgets: the bounds of `task-store`.

/// The ids to forget, given every stored id with its creation time: those
/// created more than `ttl_ms` before `now_ms`, and beyond the `max` newest.
#[must_use]
pub fn expired(mut tasks: Vec<(String, u64)>, now_ms: u64, ttl_ms: u64, max: usize) -> Vec<String> {
    // Newest first; equal times by id, so the choice is deterministic.
    tasks.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    let cutoff = now_ms.saturating_sub(ttl_ms);
    tasks
        .into_iter()
        .enumerate()
        .filter(|(rank, (_, created))| *rank >= max || *created < cutoff)
        .map(|(_, (id, _))| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[(&str, u64)]) -> Vec<(String, u64)> {
        v.iter().map(|(i, t)| ((*i).to_string(), *t)).collect()
    }

    #[test]
    fn by_age() {
        let got = expired(ids(&[("a", 100), ("b", 500), ("c", 900)]), 1000, 600, 10);
        assert_eq!(got, ["a"]);
    }

    #[test]
    fn by_count_oldest_first() {
        let mut got = expired(ids(&[("a", 1), ("b", 2), ("c", 3), ("d", 4)]), 5, 100, 2);
        got.sort();
        assert_eq!(got, ["a", "b"]);
    }

    #[test]
    fn nothing_to_do() {
        assert!(expired(ids(&[("a", 1)]), 2, 100, 1).is_empty());
        assert!(expired(Vec::new(), 2, 0, 1).is_empty());
    }
}
