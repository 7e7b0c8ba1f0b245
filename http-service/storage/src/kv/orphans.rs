//! The sweep of orphaned chunks: chunks that no head names.
//!
//! A `put` writes its chunks, then the head that names them. Chunks are
//! left behind that no head will ever name when the writer dies between the
//! two, or when two `put`s of one key race (each deletes the chunks of the
//! head it read, so the loser's are never deleted). Nothing reads them; the
//! sweep deletes them.
//!
//! A `put` in progress has chunks that no head names *yet*: the sweep must
//! tell them from orphans without a word with their writer, which may be
//! another server. The chunk's version carries its creation time (the form
//! of a task id), so the sweep leaves alone every chunk younger than
//! [`ORPHAN_GRACE_MS`]: a `put` takes seconds, far less than the grace, and
//! servers' clocks agree to far better. Versions without a time (written
//! before chunks were swept) are left alone too: their age is unknown.

use std::collections::BTreeMap;

use super::{head_key, Head, Kv, KvBlobs, PAGE};
use crate::tasks::Clock;
use crate::{created_ms, StorageError};

/// How old an unnamed chunk must be before it counts as an orphan: one
/// hour, against puts of seconds and clocks within seconds of each other.
const ORPHAN_GRACE_MS: u64 = 60 * 60 * 1000;

/// The blob a chunk belongs to: bucket, key, version.
type Owner = (String, String, String);

/// The unnamed-chunk candidates among `keys` (each a chunk key less its
/// `c/`: `<bucket>/<key>/<version>/<i>`): those whose version was created
/// more than [`ORPHAN_GRACE_MS`] before `now_ms`, grouped by owner. Whether
/// a head names them is the caller's question.
fn old_chunks(keys: Vec<String>, now_ms: u64) -> BTreeMap<Owner, Vec<String>> {
    let cutoff = now_ms.saturating_sub(ORPHAN_GRACE_MS);
    let mut found: BTreeMap<Owner, Vec<String>> = BTreeMap::new();
    for key in keys {
        let owner = match key.split('/').collect::<Vec<_>>().as_slice() {
            [bucket, name, version, _index] if created_ms(version).is_some_and(|t| t < cutoff) => (
                (*bucket).to_string(),
                (*name).to_string(),
                (*version).to_string(),
            ),
            _ => continue,
        };
        found.entry(owner).or_default().push(format!("c/{key}"));
    }
    found
}

impl<K: Kv, C: Clock> KvBlobs<K, C> {
    /// Deletes the chunks that no head names and that were written more
    /// than [`ORPHAN_GRACE_MS`] ago; returns how many. One pass over every
    /// key of the store (`list-keys`, page by page), then the heads of the
    /// blobs concerned (`get-many`). Run by one chunked `put` in
    /// `SWEEP_ONE_IN`; safe to run anywhere, any time, concurrently.
    ///
    /// # Errors
    ///
    /// The store's: the chunks deleted so far stay deleted, the next sweep
    /// finds the rest.
    pub fn sweep_orphans(&self) -> Result<usize, StorageError> {
        let candidates = old_chunks(self.keys_under("c/")?, self.clock.now_ms());
        let owners: Vec<&Owner> = candidates.keys().collect();
        let mut deleted = 0;
        for page in owners.chunks(PAGE) {
            let heads: Vec<String> = page.iter().map(|(b, k, _)| head_key(b, k)).collect();
            for (owner, raw) in page.iter().zip(self.kv.get_many(&heads)?) {
                // No head, a counter, or a head of another version: nothing
                // will ever read these chunks.
                let named = raw
                    .and_then(|raw| Head::decode(&raw))
                    .is_some_and(|head| head.chunks > 0 && head.version == owner.2);
                if named {
                    continue;
                }
                if let Some(chunks) = candidates.get(*owner) {
                    deleted += chunks.len();
                    self.kv.delete_many(chunks.clone())?;
                }
            }
        }
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::super::memory::MemoryKv;
    use super::*;
    use crate::Blobs;

    /// A clock the test sets, and random numbers that count up by
    /// `SWEEP_ONE_IN`: all multiples of it (every chunked put sweeps) or
    /// none (no put does).
    struct TestClock {
        now: Cell<u64>,
        random: Cell<u128>,
    }

    impl TestClock {
        fn at(now: u64, puts_sweep: bool) -> Self {
            Self {
                now: Cell::new(now),
                random: Cell::new(u128::from(!puts_sweep)),
            }
        }
    }

    impl Clock for &TestClock {
        fn now_ms(&self) -> u64 {
            self.now.get()
        }
        fn random_u128(&self) -> u128 {
            self.random
                .set(self.random.get() + super::super::SWEEP_ONE_IN);
            self.random.get()
        }
    }

    const T0: u64 = 1_700_000_000_000;
    const CHUNK: usize = 1024;

    fn data(seed: u8) -> Vec<u8> {
        (0..3000u32).map(|i| (i % 251) as u8 ^ seed).collect()
    }

    fn chunks(kv: &MemoryKv) -> Vec<String> {
        let map = kv.map.borrow();
        map.keys()
            .filter(|k| k.starts_with("c/"))
            .cloned()
            .collect()
    }

    #[test]
    fn a_crashed_put_leaves_chunks_the_sweep_deletes_after_the_grace() {
        let kv = MemoryKv::default();
        let clock = TestClock::at(T0, false);
        let blobs = KvBlobs::new(&kv, &clock, CHUNK);
        blobs.put("cache", "kept", &data(3)).unwrap();
        blobs.put("cache", "small", b"inline").unwrap();
        blobs.increment("tasks", "n", 1).unwrap();
        // The crash: a put that wrote its chunks and died before its head.
        blobs.write_chunks("cache", "crashed", &data(5)).unwrap();
        // An old-format chunk (a version without a time): left alone.
        kv.map
            .borrow_mut()
            .insert("c/cache/legacy/00000000deadbeef/0".into(), b"x".to_vec());
        assert_eq!(chunks(&kv).len(), 3 + 3 + 1);

        clock.now.set(T0 + ORPHAN_GRACE_MS - 1);
        assert_eq!(blobs.sweep_orphans().unwrap(), 0, "within the grace");

        clock.now.set(T0 + ORPHAN_GRACE_MS + 1);
        assert_eq!(blobs.sweep_orphans().unwrap(), 3);
        let left = chunks(&kv);
        assert_eq!(left.len(), 3 + 1, "{left:?}");
        assert!(left.iter().all(|k| !k.contains("/crashed/")), "{left:?}");
        assert_eq!(blobs.get("cache", "kept").unwrap(), Some(data(3)));
        assert_eq!(blobs.get("cache", "crashed").unwrap(), None);
        assert_eq!(
            blobs.get("cache", "small").unwrap().as_deref(),
            Some(&b"inline"[..])
        );
        assert_eq!(blobs.increment("tasks", "n", 1).unwrap(), 2);
        assert_eq!(blobs.sweep_orphans().unwrap(), 0, "nothing left to sweep");
    }

    #[test]
    fn a_put_in_progress_on_another_server_is_never_swept() {
        let kv = MemoryKv::default();
        let (clock_a, clock_b) = (TestClock::at(T0, false), TestClock::at(T0, false));
        let a = KvBlobs::new(&kv, &clock_a, CHUNK);
        let b = KvBlobs::new(&kv, &clock_b, CHUNK);
        a.put("cache", "k", &data(3)).unwrap();
        // Server A is between its chunks and its head...
        let head = a.write_chunks("cache", "k", &data(7)).unwrap();
        let old = a
            .head(&head_key("cache", "k"))
            .unwrap()
            .and_then(Result::ok);
        // ...while server B sweeps, with a clock up to the grace ahead.
        for ahead in [0, 1000, ORPHAN_GRACE_MS - 1] {
            clock_b.now.set(T0 + ahead);
            assert_eq!(b.sweep_orphans().unwrap(), 0);
        }
        a.publish("cache", "k", &head, old).unwrap();
        assert_eq!(b.get("cache", "k").unwrap(), Some(data(7)));
        // Named chunks stay, however old.
        clock_b.now.set(T0 + 10 * ORPHAN_GRACE_MS);
        assert_eq!(b.sweep_orphans().unwrap(), 0);
        assert_eq!(b.get("cache", "k").unwrap(), Some(data(7)));
        assert_eq!(chunks(&kv).len(), 3);
    }

    #[test]
    fn the_loser_of_two_racing_puts_is_swept() {
        let kv = MemoryKv::default();
        let clock = TestClock::at(T0, false);
        let blobs = KvBlobs::new(&kv, &clock, CHUNK);
        // Both read "no head", both write chunks and a head: the first
        // head is overwritten and its chunks are named by nothing.
        let first = blobs.write_chunks("cache", "k", &data(3)).unwrap();
        let second = blobs.write_chunks("cache", "k", &data(5)).unwrap();
        blobs.publish("cache", "k", &first, None).unwrap();
        blobs.publish("cache", "k", &second, None).unwrap();
        assert_eq!(chunks(&kv).len(), 6);
        clock.now.set(T0 + ORPHAN_GRACE_MS + 1);
        assert_eq!(blobs.sweep_orphans().unwrap(), 3);
        assert_eq!(blobs.get("cache", "k").unwrap(), Some(data(5)));
    }

    #[test]
    fn chunked_puts_run_the_sweep() {
        let kv = MemoryKv::default();
        let clock = TestClock::at(T0, true);
        let blobs = KvBlobs::new(&kv, &clock, CHUNK);
        blobs.write_chunks("cache", "crashed", &data(5)).unwrap();
        clock.now.set(T0 + ORPHAN_GRACE_MS + 1);
        // A small put never sweeps; a chunked one does when its draw says so.
        blobs.put("cache", "small", b"x").unwrap();
        assert_eq!(chunks(&kv).len(), 3);
        blobs.put("cache", "large", &data(3)).unwrap();
        let left = chunks(&kv);
        assert!(
            left.iter().all(|k| k.starts_with("c/cache/large/")),
            "{left:?}"
        );
        assert_eq!(left.len(), 3);
    }

    #[test]
    fn only_well_formed_old_chunk_keys_are_candidates() {
        let version = crate::new_task_id(T0, 42);
        let keys = vec![
            format!("cache/k/{version}/0"),
            format!("cache/k/{version}/1"),
            format!("cache/k/{version}"),
            format!("cache/k/{version}/0/extra"),
            "cache/k/0123456789abcdef/0".to_string(),
            format!("cache/k/{}/0", crate::new_task_id(T0 + 10, 42)),
        ];
        let found = old_chunks(keys, T0 + ORPHAN_GRACE_MS + 5);
        assert_eq!(found.len(), 1);
        let owner = ("cache".to_string(), "k".to_string(), version.clone());
        assert_eq!(
            found[&owner],
            [
                format!("c/cache/k/{version}/0"),
                format!("c/cache/k/{version}/1")
            ]
        );
    }
}
