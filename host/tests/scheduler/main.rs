//! The Go scheduler component through wasmtime, on its own: its `image-ops`
//! is a fake implemented by the host (`harness`), so that the tests can see
//! every call the scheduler makes, every frame it holds, borrows and drops,
//! and make calls fail on demand.

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod harness;
mod lifecycle;
mod memory;
mod ownership;
mod retry;
