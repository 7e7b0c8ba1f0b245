//! The export glue: `blob-store` and `task-store` on [`KvBlobs`] over the
//! imported `wasi:keyvalue` bucket, WIT types ⇄ crate types.

use std::sync::OnceLock;

use crate::bindings::example::image_processing::types::{Error as WitError, Step as WitStep};
use crate::bindings::exports::example::image_processing::blob_store::{
    self, BlobInfo as WitBlobInfo, StorageError as WitStorageError,
};
use crate::bindings::exports::example::image_processing::task_store::{
    self, Task as WitTask, TaskState as WitTaskState,
};
use crate::bindings::wasi::cli::environment;
use crate::bindings::wasi::clocks::wall_clock;
use crate::bindings::wasi::random::random;
use crate::tasks::{Clock, TaskStore};
use crate::wasi_kv::WasiKv;
use crate::{Blobs, Config, KvBlobs, Step, StorageError, Task, TaskError, TaskState};

/// The environment does not change while an instance lives: read it once.
fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config::from_vars(&environment::get_environment()))
}

type Store = KvBlobs<WasiKv, WasiClock>;

thread_local! {
    // One per instance: it keeps the bucket open, so that a reused instance
    // (`wasmtime serve --max-instance-reuse-count`) keeps one connection.
    static BLOBS: Store = KvBlobs::new(
        WasiKv::new(&config().kv_bucket),
        WasiClock,
        config().chunk_bytes,
    );
}

struct WasiClock;

impl Clock for WasiClock {
    fn now_ms(&self) -> u64 {
        let t = wall_clock::now();
        t.seconds
            .saturating_mul(1000)
            .saturating_add(u64::from(t.nanoseconds / 1_000_000))
    }

    fn random_u128(&self) -> u128 {
        (u128::from(random::get_random_u64()) << 64) | u128::from(random::get_random_u64())
    }
}

fn with_tasks<R>(
    f: impl FnOnce(&TaskStore<'_, Store, WasiClock>) -> Result<R, StorageError>,
) -> Result<R, WitStorageError> {
    BLOBS
        .with(|blobs| f(&TaskStore::new(blobs, &WasiClock, config())))
        .map_err(Into::into)
}

fn with_blobs<R>(f: impl FnOnce(&Store) -> Result<R, StorageError>) -> Result<R, WitStorageError> {
    BLOBS.with(f).map_err(Into::into)
}

impl From<StorageError> for WitStorageError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NoDataDir(m) => Self::NoDataDir(m),
            StorageError::InvalidName(m) => Self::InvalidName(m),
            StorageError::Io(m) => Self::Io(m),
            StorageError::Unavailable(m) => Self::Unavailable(m),
        }
    }
}

// Steps ⇄ the bindings' (step-text's one set of arms for every crate that
// binds the WIT).
step_text::bindings_conversions!(crate::bindings::example::image_processing::types);

fn steps(steps: Vec<WitStep>) -> Vec<Step> {
    steps.into_iter().map(Step::from).collect()
}

impl From<WitError> for TaskError {
    fn from(e: WitError) -> Self {
        match e {
            WitError::InvalidFormat(m) => Self::InvalidFormat(m),
            WitError::ProcessingFailed(m) => Self::ProcessingFailed(m),
            WitError::OutOfMemory => Self::OutOfMemory,
        }
    }
}

impl From<TaskError> for WitError {
    fn from(e: TaskError) -> Self {
        match e {
            TaskError::InvalidFormat(m) => Self::InvalidFormat(m),
            TaskError::ProcessingFailed(m) => Self::ProcessingFailed(m),
            TaskError::OutOfMemory => Self::OutOfMemory,
        }
    }
}

impl From<Task> for WitTask {
    fn from(t: Task) -> Self {
        Self {
            id: t.id,
            steps: t.steps.into_iter().map(WitStep::from).collect(),
            state: match t.state {
                TaskState::Pending => WitTaskState::Pending,
                TaskState::Completed => WitTaskState::Completed,
                TaskState::Failed(e) => WitTaskState::Failed(e.into()),
            },
            created_ms: t.created_ms,
            lease_until_ms: t.lease_until_ms,
            from_cache: t.from_cache,
        }
    }
}

struct Storage;

impl blob_store::Guest for Storage {
    fn put(bucket: String, key: String, data: Vec<u8>) -> Result<(), WitStorageError> {
        with_blobs(|b| b.put(&bucket, &key, &data))
    }

    fn get(bucket: String, key: String) -> Result<Option<Vec<u8>>, WitStorageError> {
        with_blobs(|b| b.get(&bucket, &key))
    }

    fn touch(bucket: String, key: String) -> Result<bool, WitStorageError> {
        with_blobs(|b| b.touch(&bucket, &key))
    }

    fn remove(bucket: String, key: String) -> Result<bool, WitStorageError> {
        with_blobs(|b| b.remove(&bucket, &key))
    }

    fn list_blobs(bucket: String) -> Result<Vec<WitBlobInfo>, WitStorageError> {
        with_blobs(|b| b.list(&bucket)).map(|list| {
            list.into_iter()
                .map(|i| WitBlobInfo {
                    key: i.key,
                    size: i.size,
                    touched_ms: i.touched_ms,
                })
                .collect()
        })
    }
}

impl task_store::Guest for Storage {
    fn create(
        input: Vec<u8>,
        steps: Vec<WitStep>,
        lease_ms: u64,
    ) -> Result<String, WitStorageError> {
        let steps = self::steps(steps);
        with_tasks(|t| t.create(&input, &steps, lease_ms))
    }

    fn create_completed(steps: Vec<WitStep>, output: Vec<u8>) -> Result<String, WitStorageError> {
        let steps = self::steps(steps);
        with_tasks(|t| t.create_completed(&steps, &output))
    }

    fn get(id: String) -> Result<Option<WitTask>, WitStorageError> {
        with_tasks(|t| t.get(&id)).map(|task| task.map(Into::into))
    }

    fn input(id: String) -> Result<Option<Vec<u8>>, WitStorageError> {
        with_tasks(|t| t.input(&id))
    }

    fn claim(id: String, lease_ms: u64) -> Result<bool, WitStorageError> {
        with_tasks(|t| t.claim(&id, lease_ms))
    }

    fn complete(id: String, output: Vec<u8>) -> Result<bool, WitStorageError> {
        with_tasks(|t| t.complete(&id, &output))
    }

    fn fail(id: String, reason: WitError) -> Result<bool, WitStorageError> {
        with_tasks(|t| t.fail(&id, reason.into()))
    }

    fn output(id: String) -> Result<Option<Vec<u8>>, WitStorageError> {
        with_tasks(|t| t.output(&id))
    }

    // The method path would pin the store's lifetime; the closure is
    // general over it, as `with_tasks` needs.
    #[allow(clippy::redundant_closure_for_method_calls)]
    fn pending() -> Result<u32, WitStorageError> {
        with_tasks(|t| t.pending_count())
    }
}

crate::bindings::export!(Storage with_types_in crate::bindings);
