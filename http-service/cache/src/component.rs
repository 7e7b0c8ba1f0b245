//! The export glue: `result-cache` on the imported `blob-store`.
//!
//! Every entry is a blob in the bucket `cache`; recency is the blob's
//! `touched-ms`, which a hit refreshes. Nothing lives in the instance, so the
//! cache behaves the same with one instance per request.

use std::sync::OnceLock;

use crate::bindings::example::image_processing::blob_store::{self, StorageError};
use crate::bindings::example::image_processing::types::Step as WitStep;
use crate::bindings::exports::example::image_processing::result_cache::Guest;
use crate::bindings::wasi::cli::environment;
use crate::{evictions, key, max_bytes, Entry, Step};

const BUCKET: &str = "cache";

/// `CACHE_MAX_BYTES`, read once per instance.
fn bound() -> u64 {
    static BOUND: OnceLock<u64> = OnceLock::new();
    *BOUND.get_or_init(|| {
        let vars = environment::get_environment();
        max_bytes(
            vars.iter()
                .find(|(k, _)| k == "CACHE_MAX_BYTES")
                .map(|(_, v)| v.as_str()),
        )
    })
}

// Steps ⇄ the bindings' (step-text's one set of arms for every crate that
// binds the WIT).
step_text::bindings_conversions!(crate::bindings::example::image_processing::types);

struct Cache;

impl Guest for Cache {
    fn key(input: Vec<u8>, steps: Vec<WitStep>) -> String {
        let steps: Vec<Step> = steps.into_iter().map(Step::from).collect();
        key(&input, &steps)
    }

    fn get(key: String) -> Result<Option<Vec<u8>>, StorageError> {
        let Some(value) = blob_store::get(BUCKET, &key)? else {
            return Ok(None);
        };
        // False if another instance evicted the entry since the read: the
        // value read is still good.
        blob_store::touch(BUCKET, &key)?;
        Ok(Some(value))
    }

    fn put(key: String, value: Vec<u8>) -> Result<(), StorageError> {
        let entries = blob_store::list_blobs(BUCKET)?
            .into_iter()
            .map(|b| Entry {
                key: b.key,
                size: b.size,
                touched_ms: b.touched_ms,
            })
            .collect();
        let Some(evict) = evictions(entries, &key, value.len() as u64, bound()) else {
            return Ok(());
        };
        for old in evict {
            blob_store::remove(BUCKET, &old)?;
        }
        blob_store::put(BUCKET, &key, &value)
    }
}

crate::bindings::export!(Cache with_types_in crate::bindings);
