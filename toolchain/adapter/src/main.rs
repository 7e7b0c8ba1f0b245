//! Writes the WASI preview1 **reactor** adapter to the path given, so that
//! `wasm-tools component new --adapt` can turn a library-style (reactor) core
//! module into a component. The bytes ship inside the crate
//! `wasi-preview1-component-adapter-provider`, pinned to the wasmtime version.
//!
//! `cargo run -p wasi-adapter -- OUT.wasm`

use std::{env, fs, process::ExitCode};

use wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER;

fn main() -> ExitCode {
    let Some(out) = env::args_os().nth(1) else {
        eprintln!("usage: wasi-adapter OUT.wasm");
        return ExitCode::from(2);
    };
    if let Err(e) = fs::write(&out, WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER) {
        eprintln!("error: cannot write {}: {e}", out.to_string_lossy());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
