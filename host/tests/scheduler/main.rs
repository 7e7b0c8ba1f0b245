//! The Go scheduler component through wasmtime, on its own: its `image-ops`
//! is a fake implemented by the host (`harness`), so that the tests can see
//! every call the scheduler makes and make calls fail on demand.

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod harness;
mod lifecycle;
mod memory;
mod retry;
