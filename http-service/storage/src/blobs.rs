//! What the task store needs from a blob store: the `blob-store` interface
//! as a trait, so that the task logic runs natively in tests.

use crate::StorageError;

/// One stored blob (`blob-store.blob-info`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobInfo {
    /// Its key in the bucket.
    pub key: String,
    /// Bytes.
    pub size: u64,
    /// Last write or touch, milliseconds since the Unix epoch.
    pub touched_ms: u64,
}

/// Buckets of named blobs. Names are checked by the implementation.
pub trait Blobs {
    /// Stores `data` under `key`, atomically.
    ///
    /// # Errors
    ///
    /// A bad name, no data directory, or the filesystem's refusal.
    fn put(&self, bucket: &str, key: &str, data: &[u8]) -> Result<(), StorageError>;

    /// The blob, or `None` if absent.
    ///
    /// # Errors
    ///
    /// As [`Blobs::put`].
    fn get(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError>;

    /// Removes the blob; false if it was absent.
    ///
    /// # Errors
    ///
    /// As [`Blobs::put`].
    fn remove(&self, bucket: &str, key: &str) -> Result<bool, StorageError>;

    /// Every blob in the bucket.
    ///
    /// # Errors
    ///
    /// As [`Blobs::put`].
    fn list(&self, bucket: &str) -> Result<Vec<BlobInfo>, StorageError>;

    /// The keys in the bucket: [`Blobs::list`] without sizes and times,
    /// which saves reading every blob's head.
    ///
    /// # Errors
    ///
    /// As [`Blobs::put`].
    fn keys(&self, bucket: &str) -> Result<Vec<String>, StorageError>;

    /// Marks the blob as used now; false if absent.
    ///
    /// # Errors
    ///
    /// As [`Blobs::put`].
    fn touch(&self, bucket: &str, key: &str) -> Result<bool, StorageError>;

    /// Adds `delta` to the counter `key` (a blob whose value is its decimal
    /// text; absent counts as 0) and returns the new value, atomically
    /// across every instance and server on the same store: of concurrent
    /// callers, each sees a different result.
    ///
    /// # Errors
    ///
    /// As [`Blobs::put`], or [`StorageError::Io`] if the blob is not a
    /// counter.
    fn increment(&self, bucket: &str, key: &str, delta: u64) -> Result<u64, StorageError>;
}

/// An in-memory [`Blobs`] for the native tests of the task logic.
#[cfg(test)]
pub mod memory {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use super::{BlobInfo, Blobs};
    use crate::{check_name, StorageError};

    /// Blobs in a map keyed by (bucket, key); `touched_ms` is always 0.
    #[derive(Default)]
    pub struct MemoryBlobs {
        pub map: RefCell<BTreeMap<(String, String), Vec<u8>>>,
    }

    impl Blobs for MemoryBlobs {
        fn touch(&self, bucket: &str, key: &str) -> Result<bool, StorageError> {
            Ok(self.map.borrow().contains_key(&(bucket.into(), key.into())))
        }

        fn increment(&self, bucket: &str, key: &str, delta: u64) -> Result<u64, StorageError> {
            let old = self.get(bucket, key)?.unwrap_or_else(|| b"0".to_vec());
            let n = String::from_utf8_lossy(&old)
                .parse::<u64>()
                .map_err(|e| StorageError::Io(e.to_string()))?
                + delta;
            self.put(bucket, key, n.to_string().as_bytes())?;
            Ok(n)
        }

        fn put(&self, bucket: &str, key: &str, data: &[u8]) -> Result<(), StorageError> {
            check_name(bucket)?;
            check_name(key)?;
            self.map
                .borrow_mut()
                .insert((bucket.into(), key.into()), data.to_vec());
            Ok(())
        }

        fn get(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
            Ok(self.map.borrow().get(&(bucket.into(), key.into())).cloned())
        }

        fn remove(&self, bucket: &str, key: &str) -> Result<bool, StorageError> {
            Ok(self
                .map
                .borrow_mut()
                .remove(&(bucket.into(), key.into()))
                .is_some())
        }

        fn keys(&self, bucket: &str) -> Result<Vec<String>, StorageError> {
            Ok(self
                .map
                .borrow()
                .keys()
                .filter(|(b, _)| b == bucket)
                .map(|(_, k)| k.clone())
                .collect())
        }

        fn list(&self, bucket: &str) -> Result<Vec<BlobInfo>, StorageError> {
            Ok(self
                .map
                .borrow()
                .iter()
                .filter(|((b, _), _)| b == bucket)
                .map(|((_, key), data)| BlobInfo {
                    key: key.clone(),
                    size: data.len() as u64,
                    touched_ms: 0,
                })
                .collect())
        }
    }
}
