//! Generated at build time from the repository's `wit/` (world `kv-fs-component`),
//! with the WASI interfaces it uses. The lints are for our code only.

#![allow(unsafe_code, clippy::all, clippy::pedantic, missing_docs)]

wit_bindgen::generate!({
    path: "../../wit",
    world: "kv-fs-component",
    generate_all,
});
