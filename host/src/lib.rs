//! The wasmtime embedding of the composed image-pipeline component (Rust
//! image ops, C++ codec, Go scheduler) through typed `bindgen!` bindings: the
//! library behind the `image-pipeline` CLI, and what the integration tests in
//! `host/tests/` drive.

pub mod batch;
pub mod bindings;
pub mod config;
pub mod engine;
pub mod format;
pub mod limits;
pub mod logging;
pub mod memory;
pub mod pipeline;
// `serve` predates the workspace lints and is being reworked (issue 20):
// the two pedantic checks it fails are allowed there until then.
#[allow(clippy::format_push_string, clippy::doc_markdown)]
pub mod serve;
