//! The eviction policy: least recently used first, bounded in bytes.

/// The default bound: 64 MiB of cached results.
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// The bound `CACHE_MAX_BYTES` asks for; unset or unparsable → the default,
/// 0 → the cache stores nothing.
#[must_use]
pub fn max_bytes(value: Option<&str>) -> u64 {
    value
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_BYTES)
}

/// A cached entry, as the blob store lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The request key.
    pub key: String,
    /// Bytes.
    pub size: u64,
    /// Last use, milliseconds since the Unix epoch.
    pub touched_ms: u64,
}

/// The keys to evict so that an entry of `new_size` bytes stored under
/// `new_key` fits in `max` bytes, least recently used first (ties: by key,
/// so every instance picks the same ones). The entry being replaced is not
/// counted. `None`: the entry cannot fit at all, store nothing.
#[must_use]
pub fn evictions(
    mut entries: Vec<Entry>,
    new_key: &str,
    new_size: u64,
    max: u64,
) -> Option<Vec<String>> {
    if new_size > max {
        return None;
    }
    entries.retain(|e| e.key != new_key);
    let mut total: u64 = entries.iter().map(|e| e.size).sum();
    entries.sort_unstable_by(|a, b| {
        a.touched_ms
            .cmp(&b.touched_ms)
            .then_with(|| a.key.cmp(&b.key))
    });
    let mut evict = Vec::new();
    for e in entries {
        if total.saturating_add(new_size) <= max {
            break;
        }
        total = total.saturating_sub(e.size);
        evict.push(e.key);
    }
    Some(evict)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(key: &str, size: u64, touched_ms: u64) -> Entry {
        Entry {
            key: key.into(),
            size,
            touched_ms,
        }
    }

    #[test]
    fn nothing_when_it_fits() {
        assert_eq!(evictions(vec![e("a", 10, 1)], "b", 10, 20), Some(vec![]));
    }

    #[test]
    fn least_recently_used_first_until_it_fits() {
        let entries = vec![e("new", 10, 3), e("old", 10, 1), e("mid", 10, 2)];
        assert_eq!(
            evictions(entries.clone(), "x", 15, 30),
            Some(vec!["old".into(), "mid".into()])
        );
        assert_eq!(evictions(entries, "x", 10, 30), Some(vec!["old".into()]));
    }

    #[test]
    fn the_replaced_entry_does_not_count() {
        assert_eq!(
            evictions(vec![e("k", 20, 1), e("o", 5, 2)], "k", 20, 25),
            Some(vec![])
        );
    }

    #[test]
    fn too_big_or_off() {
        assert_eq!(evictions(vec![], "k", 11, 10), None);
        assert_eq!(evictions(vec![], "k", 1, 0), None);
        assert_eq!(evictions(vec![], "k", 0, 0), Some(vec![]));
    }

    #[test]
    fn bound_from_the_environment() {
        assert_eq!(max_bytes(None), DEFAULT_MAX_BYTES);
        assert_eq!(max_bytes(Some("1024")), 1024);
        assert_eq!(max_bytes(Some("0")), 0);
        assert_eq!(max_bytes(Some("lots")), DEFAULT_MAX_BYTES);
    }
}
