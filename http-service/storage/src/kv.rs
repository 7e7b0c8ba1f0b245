//! [`Blobs`] on a key-value store: what lets every server that shares one
//! store (Redis behind `image-pipeline serve --store`, Spin's or
//! wasmCloud's) see the same tasks, results and cache.
//!
//! Layout, in one flat key space:
//! - `h/<bucket>/<key>`: the blob's head, `blob1 <size> <touched-ms>
//!   <version> <chunks>\n`, followed by the bytes themselves when they are
//!   small ([`INLINE_MAX`], `chunks` 0): one value for a task record.
//! - `c/<bucket>/<key>/<version>/<i>`: chunk `i` of a larger blob, each at
//!   most `chunk_bytes` long (the store's value limit; `KV_CHUNK_BYTES`).
//!   The version has the form of a task id: its creation time, then random
//!   bits.
//!
//! `put` writes the chunks under a fresh version, then the head (one `set`,
//! atomic in any store), then deletes the previous version's chunks: a
//! reader holding the old head finds them gone and reads the head again.
//! Chunks no head names (a put that died before its head, or the loser of
//! two concurrent puts of one key) are swept ([`orphans`]). A counter
//! ([`Blobs::increment`]) is a head key holding the store's own decimal
//! text, which `atomics.increment` updates atomically.

mod orphans;

use crate::tasks::Clock;
use crate::{check_name, new_task_id, BlobInfo, Blobs, StorageError};

/// Values up to this size live in the head itself.
pub const INLINE_MAX: usize = 4096;
/// Keys fetched per `get-many` when listing heads.
const PAGE: usize = 256;
/// Times `get` reads a head again when a concurrent `put` removed the
/// chunks it named.
const READ_ATTEMPTS: usize = 3;
const MAGIC: &str = "blob1";
/// The version of a head with no chunks.
const NO_VERSION: &str = "0000000000000000";
/// One chunked `put` in this many also sweeps the orphaned chunks of the
/// whole store: a sweep lists every key, so it is run now and then, and
/// from the writes that make orphans, so that it keeps up with them.
const SWEEP_ONE_IN: u128 = 16;

/// The operations of `wasi:keyvalue` (store, atomics, batch) on one bucket,
/// as a trait: the component implements it on the imported interfaces, the
/// tests on a map.
pub trait Kv {
    /// `bucket.get`.
    ///
    /// # Errors
    ///
    /// The store's, as a [`StorageError`].
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError>;
    /// `bucket.set`.
    ///
    /// # Errors
    ///
    /// As [`Kv::get`].
    fn set(&self, key: &str, value: &[u8]) -> Result<(), StorageError>;
    /// `bucket.delete`: absent is not an error.
    ///
    /// # Errors
    ///
    /// As [`Kv::get`].
    fn delete(&self, key: &str) -> Result<(), StorageError>;
    /// `bucket.list-keys`: one page, and the cursor of the next (`None`
    /// after the last).
    ///
    /// # Errors
    ///
    /// As [`Kv::get`].
    fn list_keys(&self, cursor: Option<u64>) -> Result<(Vec<String>, Option<u64>), StorageError>;
    /// `atomics.increment`.
    ///
    /// # Errors
    ///
    /// As [`Kv::get`], or the value is not a decimal number.
    fn increment(&self, key: &str, delta: u64) -> Result<u64, StorageError>;
    /// `batch.get-many`: the values in the order of `keys`.
    ///
    /// # Errors
    ///
    /// As [`Kv::get`].
    fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>, StorageError>;
    /// `batch.set-many`.
    ///
    /// # Errors
    ///
    /// As [`Kv::get`].
    fn set_many(&self, entries: Vec<(String, Vec<u8>)>) -> Result<(), StorageError>;
    /// `batch.delete-many`.
    ///
    /// # Errors
    ///
    /// As [`Kv::get`].
    fn delete_many(&self, keys: Vec<String>) -> Result<(), StorageError>;
}

/// A blob's head: what `list-blobs` reports, and where its bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Head {
    size: u64,
    touched_ms: u64,
    /// Lower-case hex naming the chunks: 32 digits, a task id's form (16
    /// random ones in heads written before chunks were swept: still read).
    version: String,
    chunks: u64,
    inline: Vec<u8>,
}

/// Whether `v` can be a version: it becomes part of chunk keys.
fn is_version(v: &str) -> bool {
    (1..=32).contains(&v.len()) && v.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Head {
    fn encode(&self) -> Vec<u8> {
        let mut out = format!(
            "{MAGIC} {} {} {} {}\n",
            self.size, self.touched_ms, self.version, self.chunks
        )
        .into_bytes();
        out.extend_from_slice(&self.inline);
        out
    }

    /// `None` if `bytes` is not a head (a counter's decimal text).
    fn decode(bytes: &[u8]) -> Option<Self> {
        let end = bytes.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(bytes.get(..end)?).ok()?;
        let mut fields = line.split(' ');
        if fields.next()? != MAGIC {
            return None;
        }
        let size = fields.next()?.parse().ok()?;
        let touched_ms = fields.next()?.parse().ok()?;
        let version = fields.next().filter(|v| is_version(v))?.to_string();
        let chunks = fields.next()?.parse().ok()?;
        Some(Self {
            size,
            touched_ms,
            version,
            chunks,
            inline: bytes.get(end.saturating_add(1)..)?.to_vec(),
        })
    }
}

/// Blobs as values of a [`Kv`], with a clock for `touched-ms` and chunk
/// versions.
pub struct KvBlobs<K, C> {
    kv: K,
    clock: C,
    chunk_bytes: usize,
}

fn head_key(bucket: &str, key: &str) -> String {
    format!("h/{bucket}/{key}")
}

fn chunk_keys(bucket: &str, key: &str, head: &Head) -> Vec<String> {
    (0..head.chunks)
        .map(|i| format!("c/{bucket}/{key}/{}/{i}", head.version))
        .collect()
}

fn names(bucket: &str, key: &str) -> Result<String, StorageError> {
    check_name(bucket)?;
    check_name(key)?;
    Ok(head_key(bucket, key))
}

impl<K: Kv, C: Clock> KvBlobs<K, C> {
    /// Blobs in `kv`, values split at `chunk_bytes` (at least 1).
    pub fn new(kv: K, clock: C, chunk_bytes: usize) -> Self {
        Self {
            kv,
            clock,
            chunk_bytes: chunk_bytes.max(1),
        }
    }

    /// The head of a blob, `Ok(None)` if absent, `Err(raw)` for a counter.
    fn head(&self, key: &str) -> Result<Option<Result<Head, Vec<u8>>>, StorageError> {
        Ok(self.kv.get(key)?.map(|raw| Head::decode(&raw).ok_or(raw)))
    }

    /// The first half of a `put`: a head for `data`, and its chunks, if
    /// any, stored under a fresh version that no head names yet.
    fn write_chunks(&self, bucket: &str, key: &str, data: &[u8]) -> Result<Head, StorageError> {
        let now = self.clock.now_ms();
        let mut head = Head {
            size: data.len() as u64,
            touched_ms: now,
            version: NO_VERSION.to_string(),
            chunks: 0,
            inline: Vec::new(),
        };
        if data.len() <= INLINE_MAX.min(self.chunk_bytes) {
            head.inline = data.to_vec();
            return Ok(head);
        }
        // Creation time and 80 random bits: two writers of one key never
        // share a version, and the sweep knows its age from the key.
        head.version = new_task_id(now, self.clock.random_u128());
        head.chunks = data.chunks(self.chunk_bytes).len() as u64;
        let entries = chunk_keys(bucket, key, &head)
            .into_iter()
            .zip(data.chunks(self.chunk_bytes).map(<[u8]>::to_vec))
            .collect();
        self.kv.set_many(entries)?;
        Ok(head)
    }

    /// The second half: the head (readers switch to the new chunks at
    /// once), then the chunks of the head it replaced.
    fn publish(
        &self,
        bucket: &str,
        key: &str,
        head: &Head,
        old: Option<Head>,
    ) -> Result<(), StorageError> {
        self.kv.set(&head_key(bucket, key), &head.encode())?;
        if let Some(old) = old.filter(|o| o.chunks > 0 && o.version != head.version) {
            self.kv.delete_many(chunk_keys(bucket, key, &old))?;
        }
        Ok(())
    }

    /// Every key of the store under `prefix`, the prefix removed.
    fn keys_under(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let mut found = Vec::new();
        let mut cursor = None;
        loop {
            let (keys, next) = self.kv.list_keys(cursor)?;
            found.extend(
                keys.iter()
                    .filter_map(|k| k.strip_prefix(prefix))
                    .map(str::to_string),
            );
            match next {
                Some(next) => cursor = Some(next),
                None => return Ok(found),
            }
        }
    }
}

impl<K: Kv, C: Clock> Blobs for KvBlobs<K, C> {
    fn put(&self, bucket: &str, key: &str, data: &[u8]) -> Result<(), StorageError> {
        let hk = names(bucket, key)?;
        let old = self.head(&hk)?.and_then(Result::ok);
        let head = self.write_chunks(bucket, key, data)?;
        self.publish(bucket, key, &head, old)?;
        if head.chunks > 0 && self.clock.random_u128().is_multiple_of(SWEEP_ONE_IN) {
            // The blob is stored: a sweep that fails (the store went away
            // meanwhile) must not fail the put, and the next one retries.
            let _ = self.sweep_orphans();
        }
        Ok(())
    }

    fn get(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let hk = names(bucket, key)?;
        for _ in 0..READ_ATTEMPTS {
            let head = match self.head(&hk)? {
                None => return Ok(None),
                Some(Err(counter)) => return Ok(Some(counter)),
                Some(Ok(head)) if head.chunks == 0 => return Ok(Some(head.inline)),
                Some(Ok(head)) => head,
            };
            let chunks = self.kv.get_many(&chunk_keys(bucket, key, &head))?;
            if let Some(chunks) = chunks.into_iter().collect::<Option<Vec<_>>>() {
                let data = chunks.concat();
                if data.len() as u64 == head.size {
                    return Ok(Some(data));
                }
            }
            // A `put` replaced the blob between the two reads: read again.
        }
        Err(StorageError::Io(format!(
            "get {bucket}/{key}: its chunks kept changing or are missing"
        )))
    }

    fn remove(&self, bucket: &str, key: &str) -> Result<bool, StorageError> {
        let hk = names(bucket, key)?;
        let Some(head) = self.head(&hk)? else {
            return Ok(false);
        };
        self.kv.delete(&hk)?;
        if let Ok(head) = head {
            if head.chunks > 0 {
                self.kv.delete_many(chunk_keys(bucket, key, &head))?;
            }
        }
        Ok(true)
    }

    fn list(&self, bucket: &str) -> Result<Vec<BlobInfo>, StorageError> {
        check_name(bucket)?;
        let keys = self.keys(bucket)?;
        let mut blobs = Vec::with_capacity(keys.len());
        for page in keys.chunks(PAGE) {
            let heads: Vec<String> = page.iter().map(|k| head_key(bucket, k)).collect();
            for (key, raw) in page.iter().zip(self.kv.get_many(&heads)?) {
                // Removed since the listing: skip it.
                let Some(raw) = raw else { continue };
                let (size, touched_ms) =
                    Head::decode(&raw).map_or((raw.len() as u64, 0), |h| (h.size, h.touched_ms));
                blobs.push(BlobInfo {
                    key: key.clone(),
                    size,
                    touched_ms,
                });
            }
        }
        Ok(blobs)
    }

    fn keys(&self, bucket: &str) -> Result<Vec<String>, StorageError> {
        check_name(bucket)?;
        self.keys_under(&format!("h/{bucket}/"))
    }

    fn touch(&self, bucket: &str, key: &str) -> Result<bool, StorageError> {
        let hk = names(bucket, key)?;
        match self.head(&hk)? {
            None => Ok(false),
            Some(Err(_counter)) => Ok(true),
            Some(Ok(mut head)) => {
                head.touched_ms = self.clock.now_ms();
                self.kv.set(&hk, &head.encode())?;
                Ok(true)
            }
        }
    }

    fn increment(&self, bucket: &str, key: &str, delta: u64) -> Result<u64, StorageError> {
        self.kv.increment(&names(bucket, key)?, delta)
    }
}

/// A [`Kv`] in a map, for the native tests; `list_keys` pages by two keys
/// so that the cursor is exercised.
#[cfg(test)]
pub mod memory {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use super::Kv;
    use crate::StorageError;

    #[derive(Default)]
    pub struct MemoryKv {
        pub map: RefCell<BTreeMap<String, Vec<u8>>>,
    }

    impl Kv for &MemoryKv {
        fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
            Ok(self.map.borrow().get(key).cloned())
        }
        fn set(&self, key: &str, value: &[u8]) -> Result<(), StorageError> {
            self.map.borrow_mut().insert(key.into(), value.to_vec());
            Ok(())
        }
        fn delete(&self, key: &str) -> Result<(), StorageError> {
            self.map.borrow_mut().remove(key);
            Ok(())
        }
        fn list_keys(
            &self,
            cursor: Option<u64>,
        ) -> Result<(Vec<String>, Option<u64>), StorageError> {
            let start = usize::try_from(cursor.unwrap_or(0)).unwrap();
            let keys: Vec<String> = self.map.borrow().keys().cloned().collect();
            let page = keys.iter().skip(start).take(2).cloned().collect();
            let next = (start + 2 < keys.len()).then_some(start as u64 + 2);
            Ok((page, next))
        }
        fn increment(&self, key: &str, delta: u64) -> Result<u64, StorageError> {
            let old = self.get(key)?.unwrap_or_else(|| b"0".to_vec());
            let n = String::from_utf8_lossy(&old)
                .parse::<u64>()
                .map_err(|e| StorageError::Io(e.to_string()))?
                + delta;
            self.set(key, n.to_string().as_bytes())?;
            Ok(n)
        }
        fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
            keys.iter().map(|k| self.get(k)).collect()
        }
        fn set_many(&self, entries: Vec<(String, Vec<u8>)>) -> Result<(), StorageError> {
            entries.iter().try_for_each(|(k, v)| self.set(k, v))
        }
        fn delete_many(&self, keys: Vec<String>) -> Result<(), StorageError> {
            keys.iter().try_for_each(|k| self.delete(k))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::memory::MemoryKv;
    use super::*;

    struct StepClock(Cell<u64>);

    impl Clock for &StepClock {
        fn now_ms(&self) -> u64 {
            self.0.set(self.0.get() + 1);
            self.0.get()
        }
        fn random_u128(&self) -> u128 {
            u128::from(self.now_ms()) * 7919
        }
    }

    fn chunk_count(kv: &MemoryKv) -> usize {
        kv.map
            .borrow()
            .keys()
            .filter(|k| k.starts_with("c/"))
            .count()
    }

    #[test]
    fn small_blobs_are_one_value() {
        let (kv, clock) = (MemoryKv::default(), StepClock(Cell::new(0)));
        let blobs = KvBlobs::new(&kv, &clock, 1024);
        blobs.put("tasks", "a.json", b"{}").unwrap();
        assert_eq!(
            blobs.get("tasks", "a.json").unwrap().as_deref(),
            Some(&b"{}"[..])
        );
        assert_eq!(kv.map.borrow().len(), 1);
        assert_eq!(blobs.get("tasks", "b.json").unwrap(), None);
        assert_eq!(blobs.get("other", "a.json").unwrap(), None);
    }

    #[test]
    fn large_blobs_are_chunked_within_the_limit() {
        let (kv, clock) = (MemoryKv::default(), StepClock(Cell::new(0)));
        let blobs = KvBlobs::new(&kv, &clock, 1000);
        let data: Vec<u8> = (0..2500u32).map(|i| (i % 251) as u8).collect();
        blobs.put("cache", "k", &data).unwrap();
        assert_eq!(chunk_count(&kv), 3);
        assert!(kv.map.borrow().values().all(|v| v.len() <= 1000));
        assert_eq!(blobs.get("cache", "k").unwrap(), Some(data.clone()));
        let info = blobs.list("cache").unwrap();
        assert_eq!((info.len(), info[0].size), (1, 2500));

        // Replaced by a small value: the old chunks go.
        blobs.put("cache", "k", b"small").unwrap();
        assert_eq!(chunk_count(&kv), 0);
        assert_eq!(
            blobs.get("cache", "k").unwrap().as_deref(),
            Some(&b"small"[..])
        );

        blobs.put("cache", "k", &data).unwrap();
        assert!(blobs.remove("cache", "k").unwrap());
        assert!(kv.map.borrow().is_empty(), "{:?}", kv.map.borrow().keys());
        assert!(!blobs.remove("cache", "k").unwrap());
    }

    #[test]
    fn missing_chunks_are_an_error_not_a_wrong_value() {
        let (kv, clock) = (MemoryKv::default(), StepClock(Cell::new(0)));
        let blobs = KvBlobs::new(&kv, &clock, 1000);
        blobs.put("cache", "k", &[1u8; 3000]).unwrap();
        let chunk = kv
            .map
            .borrow()
            .keys()
            .find(|k| k.starts_with("c/"))
            .cloned()
            .unwrap();
        kv.map.borrow_mut().remove(&chunk);
        assert!(matches!(blobs.get("cache", "k"), Err(StorageError::Io(_))));
    }

    #[test]
    fn list_keys_touch_and_counters() {
        let (kv, clock) = (MemoryKv::default(), StepClock(Cell::new(0)));
        let blobs = KvBlobs::new(&kv, &clock, 1024);
        for key in ["a", "b", "c", "d", "e"] {
            blobs.put("cache", key, key.as_bytes()).unwrap();
        }
        blobs.put("tasks", "x", b"x").unwrap();
        let mut keys = blobs.keys("cache").unwrap();
        keys.sort();
        assert_eq!(keys, ["a", "b", "c", "d", "e"], "every page of list-keys");
        let before = blobs.list("cache").unwrap();
        let a = before.iter().find(|i| i.key == "a").unwrap().touched_ms;
        assert!(blobs.touch("cache", "a").unwrap());
        assert!(!blobs.touch("cache", "zz").unwrap());
        let after = blobs.list("cache").unwrap();
        assert!(after.iter().find(|i| i.key == "a").unwrap().touched_ms > a);
        assert_eq!(blobs.get("cache", "a").unwrap().as_deref(), Some(&b"a"[..]));

        assert_eq!(blobs.increment("tasks", "n", 1).unwrap(), 1);
        assert_eq!(blobs.increment("tasks", "n", 1).unwrap(), 2);
        assert_eq!(blobs.get("tasks", "n").unwrap().as_deref(), Some(&b"2"[..]));
        assert!(blobs.remove("tasks", "n").unwrap());
    }

    #[test]
    fn names_are_checked() {
        let (kv, clock) = (MemoryKv::default(), StepClock(Cell::new(0)));
        let blobs = KvBlobs::new(&kv, &clock, 1024);
        for (bucket, key) in [("tasks", "a/b"), ("../x", "k"), ("tasks", "")] {
            assert!(matches!(
                blobs.put(bucket, key, b"x"),
                Err(StorageError::InvalidName(_))
            ));
        }
    }
}
