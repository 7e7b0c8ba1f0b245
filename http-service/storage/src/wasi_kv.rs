//! [`Kv`] on the imported `wasi:keyvalue` interfaces (store, atomics,
//! batch): one bucket, opened on first use and kept for the instance.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::bindings::wasi::keyvalue::store::{self, Bucket, Error};
use crate::bindings::wasi::keyvalue::{atomics, batch};
use crate::{Kv, StorageError};

/// The bucket named `KV_BUCKET`.
pub struct WasiKv {
    name: String,
    bucket: OnceCell<Bucket>,
}

/// A store that does not know the bucket or refuses access is misconfigured
/// (503, no retry helps); anything else (`other`: the server down, a
/// timeout) may pass, so the caller is told to retry.
fn error(op: &str, key: &str, e: Error) -> StorageError {
    match e {
        Error::NoSuchStore => StorageError::NoDataDir(format!(
            "{op} {key:?}: the key-value store has no bucket with this name (KV_BUCKET)"
        )),
        Error::AccessDenied => StorageError::NoDataDir(format!(
            "{op} {key:?}: access to the key-value bucket denied (KV_BUCKET)"
        )),
        Error::Other(m) => StorageError::Unavailable(format!("{op} {key:?}: {m}")),
    }
}

impl WasiKv {
    /// The bucket `name`, not opened yet.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            bucket: OnceCell::new(),
        }
    }

    /// The open bucket; a failed `open` is tried again on the next call.
    fn bucket(&self) -> Result<&Bucket, StorageError> {
        if let Some(bucket) = self.bucket.get() {
            return Ok(bucket);
        }
        let bucket = store::open(&self.name).map_err(|e| error("open", &self.name, e))?;
        Ok(self.bucket.get_or_init(|| bucket))
    }
}

impl Kv for WasiKv {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        self.bucket()?.get(key).map_err(|e| error("get", key, e))
    }

    fn set(&self, key: &str, value: &[u8]) -> Result<(), StorageError> {
        self.bucket()?
            .set(key, value)
            .map_err(|e| error("set", key, e))
    }

    fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.bucket()?
            .delete(key)
            .map_err(|e| error("delete", key, e))
    }

    fn list_keys(&self, cursor: Option<u64>) -> Result<(Vec<String>, Option<u64>), StorageError> {
        let page = self
            .bucket()?
            .list_keys(cursor)
            .map_err(|e| error("list-keys", "", e))?;
        Ok((page.keys, page.cursor))
    }

    fn increment(&self, key: &str, delta: u64) -> Result<u64, StorageError> {
        atomics::increment(self.bucket()?, key, delta).map_err(|e| error("increment", key, e))
    }

    fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
        let first = keys.first().map_or("", String::as_str);
        let found =
            batch::get_many(self.bucket()?, keys).map_err(|e| error("get-many", first, e))?;
        // Matched by key, not position: the interface names each value.
        let mut found: HashMap<String, Vec<u8>> = found.into_iter().flatten().collect();
        Ok(keys.iter().map(|k| found.remove(k)).collect())
    }

    fn set_many(&self, entries: Vec<(String, Vec<u8>)>) -> Result<(), StorageError> {
        let first = entries.first().map_or(String::new(), |(k, _)| k.clone());
        batch::set_many(self.bucket()?, &entries).map_err(|e| error("set-many", &first, e))
    }

    fn delete_many(&self, keys: Vec<String>) -> Result<(), StorageError> {
        let first = keys.first().cloned().unwrap_or_default();
        batch::delete_many(self.bucket()?, &keys).map_err(|e| error("delete-many", &first, e))
    }
}
