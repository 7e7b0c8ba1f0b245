//! Generated at build time from the repository's `wit/` (world `storage-component`),
//! with the WASI interfaces it uses. The lints are for our code only.

#![allow(unsafe_code, clippy::all, clippy::pedantic, missing_docs)]

wit_bindgen::generate!({
    path: "../../wit",
    world: "storage-component",
    generate_all,
});
