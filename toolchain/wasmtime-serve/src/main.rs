//! `wasmtime serve`, exactly as the `wasmtime` CLI runs it: the wasmtime-cli
//! crate's `ServeCommand`, with no other subcommand. The HTTP service's tests
//! run the service on it to show that it needs nothing but stock wasmtime.
//!
//! `target/release/wasmtime serve -S cli=y --dir DATA::/data build/image-service-fs.wasm`

use clap::Parser;
use wasmtime_cli::commands::ServeCommand;

/// Wasmtime's `serve` command (wasmtime-cli, same version as the host's wasmtime).
#[derive(Parser)]
#[command(name = "wasmtime", version)]
enum Wasmtime {
    /// Serves requests from a wasi:http proxy component.
    Serve(ServeCommand),
}

fn main() -> wasmtime::Result<()> {
    let Wasmtime::Serve(serve) = Wasmtime::parse();
    serve.execute()
}
