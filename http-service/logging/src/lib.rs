//! The logging component of the image service: `wasi:logging/logging` on
//! `wasi:cli/stderr`, so that the composed service needs nothing from its
//! host but what `wasmtime serve` gives every component.
//!
//! The line format and the level filter are plain Rust ([`line`], [`Level`]),
//! tested natively; the wasm32 `component` module is the glue.

mod line;

pub use line::{format_line, Level};

#[cfg(target_arch = "wasm32")]
mod component;
