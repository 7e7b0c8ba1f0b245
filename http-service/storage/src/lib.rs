//! The storage component of the image service: `blob-store` (durable blobs,
//! written atomically) and `task-store` (the service's tasks and results,
//! kept in blobs) from `wit/storage.wit`, on an imported `wasi:keyvalue`
//! bucket.
//!
//! The logic is plain Rust over two traits, so that it is tested natively
//! against maps: the task store over [`Blobs`] and a [`Clock`], the blobs
//! ([`KvBlobs`]) over [`Kv`], the operations of `wasi:keyvalue`. On wasm32
//! `wasi_kv` implements [`Kv`] with the imported interfaces and `component`
//! exports both interfaces.

mod blobs;
mod config;
mod error;
mod expiry;
mod ids;
mod kv;
mod model;
mod names;
mod tasks;

pub use blobs::{BlobInfo, Blobs};
pub use config::Config;
pub use error::StorageError;
pub use ids::{created_ms, new_task_id};
pub use kv::{Kv, KvBlobs, INLINE_MAX};
pub use model::{FilterOptions, Size, Step, Task, TaskError, TaskState};
pub use names::check_name;
pub use tasks::{Clock, TaskStore};

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod component;
#[cfg(target_arch = "wasm32")]
mod wasi_kv;
