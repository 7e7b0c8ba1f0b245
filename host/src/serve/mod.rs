//! `image-pipeline serve`: the composed HTTP service
//! (`build/image-service.wasm`, world `image-service`) on hyper with
//! `wasmtime-wasi-http`, one fresh instance per request like `wasmtime
//! serve`, from a pre-instantiated component and (by default) the pooling
//! allocator.
//!
//! What it adds to `wasmtime serve`: the data directory and the environment
//! are configured by flags, outgoing requests are checked against the
//! host's own allow-list ([`allow::AllowList`]), concurrency is bounded, and
//! shutdown (Ctrl-C, SIGTERM) stops accepting and waits for every request
//! in flight, including the work a request does after its response.

pub mod allow;
pub mod keyvalue;
mod runtime;
mod server;
mod shutdown;
mod state;

pub use runtime::{Allocator, ServiceRuntime};
pub use server::{run, Options, StoreKind};
