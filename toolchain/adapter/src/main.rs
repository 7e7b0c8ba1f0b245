//! Writes a WASI preview1 adapter to the path given, so that
//! `wasm-tools component new --adapt` can turn a core module into a component.
//! The default is the **reactor** adapter (a library: exports called by the
//! host), which the codec and the scheduler use; `--command` writes the
//! command adapter (a program: the component runs the module's `_start`),
//! which the guide's errata show failing on a library. The bytes ship inside
//! the crate `wasi-preview1-component-adapter-provider`, pinned to the
//! wasmtime version.
//!
//! `cargo run -p wasi-adapter -- [--command] OUT.wasm`

use std::{env, fs, process::ExitCode};

use wasi_preview1_component_adapter_provider::{
    WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER, WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
};

const USAGE: &str = "usage: wasi-adapter [--command] OUT.wasm";

fn main() -> ExitCode {
    let args: Vec<_> = env::args_os().skip(1).collect();
    let (adapter, out) = match args.as_slice() {
        [flag, out] if flag == "--command" => (WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER, out),
        [out] if out != "--help" && out != "-h" && out != "--command" => {
            (WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER, out)
        }
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = fs::write(out, adapter) {
        eprintln!("error: cannot write {}: {e}", out.to_string_lossy());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
