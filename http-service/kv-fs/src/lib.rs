//! `wasi:keyvalue` (store, atomics, batch) on `wasi:filesystem`: the image
//! service's embedded store. Composed under the storage component in
//! `build/image-service-fs.wasm` (`http-service/service-fs.wac`), it keeps
//! the service's state in a preopened directory, so that the service runs
//! with no key-value server: stock `wasmtime serve --dir`, or `image-pipeline
//! serve` without `--store`.
//!
//! One file per key in a directory per bucket; what makes a file a store:
//! - `set` writes a temporary file, syncs it and renames it onto the key:
//!   a reader sees the old value or the new, whichever instance writes;
//! - `increment` holds a lock file (created exclusively, the one atomic
//!   test-and-set a filesystem offers) around its read and write, so that
//!   concurrent increments each see their own result.
//!
//! The key ⇄ file name encoding is plain Rust ([`names`]), tested natively;
//! the rest is wasm32 only.

pub mod names;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod component;
#[cfg(target_arch = "wasm32")]
mod dir;
