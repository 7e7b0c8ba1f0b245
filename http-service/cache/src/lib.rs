//! The result cache of the image service (`result-cache` in
//! `wit/cache.wit`): request keys ([`key`], over the input and step-text's
//! canonical text of the steps) and the least-recently-used
//! eviction policy ([`evictions`]) in plain Rust, tested natively; on wasm32
//! the `component` module keeps the entries in the imported `blob-store`.

mod key;
mod lru;

pub use key::key;
pub use lru::{evictions, max_bytes, Entry, DEFAULT_MAX_BYTES};
pub use step_text::Step;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod component;
