//! Generated at build time from the repository's `wit/` (world `gateway-component`),
//! with the WASI interfaces it uses. The lints are for our code only.

#![allow(unsafe_code, clippy::all, clippy::pedantic, missing_docs)]

wit_bindgen::generate!({
    path: "../../wit",
    world: "gateway-component",
    generate_all,
});
