//! The storage component of the image service: `blob-store` (durable blobs
//! in a preopened directory, written atomically) and `task-store` (the
//! service's tasks and results, kept in blobs) from `wit/storage.wit`.
//!
//! The task logic is plain Rust over the [`Blobs`] trait and a [`Clock`], so
//! that it is tested natively against an in-memory store; on wasm32 the
//! `fs` module implements [`Blobs`] with `wasi:filesystem` and `component`
//! exports both interfaces.

mod blobs;
mod config;
mod error;
mod expiry;
mod ids;
mod model;
mod names;
mod tasks;

pub use blobs::{BlobInfo, Blobs};
pub use config::Config;
pub use error::StorageError;
pub use ids::{created_ms, new_task_id};
pub use model::{FilterOptions, Size, Step, Task, TaskError, TaskState};
pub use names::check_name;
pub use tasks::{Clock, TaskStore};

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod component;
#[cfg(target_arch = "wasm32")]
mod fs;
