//! The result cache of the image service (`result-cache` in
//! `wit/cache.wit`): request keys ([`key`], over the canonical bytes of a
//! step list, [`encode_steps`]) and the least-recently-used
//! eviction policy ([`evictions`]) in plain Rust, tested natively; on wasm32
//! the `component` module keeps the entries in the imported `blob-store`.

mod key;
mod lru;

pub use key::{encode_steps, key, FilterOptions, Step};
pub use lru::{evictions, max_bytes, Entry, DEFAULT_MAX_BYTES};

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod component;
