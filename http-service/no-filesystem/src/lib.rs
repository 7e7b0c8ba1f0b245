//! `wasi:filesystem` for a component that has no filesystem: no preopened
//! directory, so no descriptor can ever exist.
//!
//! The Go scheduler is a wasip1 module made a component by the preview1
//! adapter, and the adapter imports `wasi:filesystem/types` and `preopens`
//! whether or not the module opens a file (the scheduler never does).
//! `http-service/service.wac` satisfies those two imports with this
//! component, so that `build/image-service.wasm` imports no
//! `wasi:filesystem`: its state lives in `wasi:keyvalue`, and a host needs
//! to grant it no directory.
//!
//! Every descriptor comes from `get-directories` (an empty list) or from a
//! method of another descriptor, so the `descriptor` and
//! `directory-entry-stream` resources are uninhabited enums: their methods
//! are `match *self {}`, which the compiler accepts only because no value
//! of the type can exist. Nothing to stub, nothing to test natively: the
//! type system is the proof.

#[cfg(target_arch = "wasm32")]
mod component;
