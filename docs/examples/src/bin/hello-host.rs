//! Chapter 0's host: instantiates the hello component (`docs/examples/hello`)
//! and calls its `greet` once per name given, through bindings generated
//! from the same WIT file the component was built from.
//!
//! `cargo run --release -p guide-examples --bin hello-host -- COMPONENT.wasm NAME...`

use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::error::Context;
use wasmtime::{bail, Engine, Result, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

// ANCHOR: bindgen
// Generates `Hello` (the world) with one typed method per exported function:
// `greet` takes a `&str` and returns `Result<String, String>`, as the WIT says.
wasmtime::component::bindgen!({ path: "hello/wit", world: "hello" });
// ANCHOR_END: bindgen

// ANCHOR: state
/// What the store holds for the component: its WASI state. A `wasm32-wasip2`
/// program links Rust's `std`, which imports WASI (environment, exit,
/// stdio); this host grants none of it beyond what the defaults give.
struct State {
    wasi: WasiCtx,
    table: ResourceTable,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}
// ANCHOR_END: state

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = match args.next() {
        Some(arg) if arg != "--help" && arg != "-h" => arg,
        _ => bail!("usage: hello-host COMPONENT.wasm NAME... (calls greet(NAME) for each)"),
    };
    // ANCHOR: call
    let engine = Engine::default();
    let component = Component::from_file(&engine, &path).with_context(|| path.clone())?;
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    let state = State {
        wasi: WasiCtx::builder().build(),
        table: ResourceTable::new(),
    };
    let mut store = Store::new(&engine, state);
    let hello = Hello::instantiate(&mut store, &component, &linker)?;
    for name in args {
        match hello.docs_hello_greeter().call_greet(&mut store, &name)? {
            Ok(greeting) => println!("{greeting}"),
            Err(why) => println!("greet({name:?}) failed: {why}"),
        }
    }
    // ANCHOR_END: call
    Ok(())
}
