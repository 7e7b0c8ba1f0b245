//! The gateway of the image service: it exports `wasi:http/incoming-handler`
//! and turns requests into tasks in the task store, answers, and then runs
//! the work through the codec and the scheduler (world `gateway-component`
//! in `wit/service.wit`; the API is in `http-service/README.md`).
//!
//! Everything that decides something (routes, request parsing into typed
//! steps with the shared `step-text` parser, content negotiation, URLs and
//! the allow-list, error bodies) is plain Rust, tested natively. The `wasm` module, wasm32 only,
//! is the I/O: HTTP bodies, outgoing fetches, the calls to the other
//! components.

pub mod api;
pub mod config;
pub mod negotiate;
pub mod query;
pub mod request;
pub mod route;
pub mod url;

#[cfg(target_arch = "wasm32")]
mod wasm;
