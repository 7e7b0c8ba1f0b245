//! Chapter 5's experiment, the host side: calls the `async func`s of the
//! async-hello component (`docs/examples/async-hello`) on the pinned
//! wasmtime with its component-model async support on (the Rust API's
//! `-W component-model-async`), and shows it refused with that support off. `greet` returns a
//! string; `count` returns a `stream<u32>`, which the host reads to its end.
//!
//! `cargo run --release -p guide-examples --bin async-host -- COMPONENT.wasm N`

use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex};
use std::task::{Context as TaskContext, Poll, Wake, Waker};
use std::thread::{self, Thread};

use wasmtime::component::{
    Component, Linker, ResourceTable, Source, StreamConsumer, StreamReader, StreamResult,
};
use wasmtime::error::Context;
use wasmtime::{bail, Config, Engine, Result, Store, StoreContextMut};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// The async-hello component's one interface, as it names it.
const GREETER: &str = "docs:async-hello/greeter@0.1.0";

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

/// What the host's stream reader has seen: the items, and whether the
/// writer is gone (wasmtime drops the consumer when the stream closes).
#[derive(Default)]
struct Received {
    items: Vec<u32>,
    closed: bool,
    waker: Option<Waker>,
}

/// A `StreamConsumer` that takes every item offered and records them.
struct Collect(Arc<Mutex<Received>>);

impl<D> StreamConsumer<D> for Collect {
    type Item = u32;

    fn poll_consume(
        self: Pin<&mut Self>,
        _: &mut TaskContext<'_>,
        store: StoreContextMut<D>,
        mut source: Source<'_, u32>,
        _finish: bool,
    ) -> Poll<Result<StreamResult>> {
        let mut buffer = Vec::with_capacity(64);
        source.read(store, &mut buffer)?;
        self.0
            .lock()
            .map_err(|_| wasmtime::format_err!("poisoned"))?
            .items
            .extend(buffer);
        Poll::Ready(Ok(StreamResult::Completed))
    }
}

impl Drop for Collect {
    fn drop(&mut self) {
        if let Ok(mut received) = self.0.lock() {
            received.closed = true;
            if let Some(waker) = received.waker.take() {
                waker.wake();
            }
        }
    }
}

/// Resolves once the stream behind `received` has closed.
fn closed(received: &Arc<Mutex<Received>>) -> impl Future<Output = ()> + '_ {
    std::future::poll_fn(move |cx| {
        let mut r = received.lock().expect("not poisoned");
        if r.closed {
            Poll::Ready(())
        } else {
            r.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    })
}

/// The smallest executor: polls `future` on this thread, parking between
/// wake-ups (wasmtime runs the guest on fibers inside the poll).
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = TaskContext::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        thread::park();
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice() {
        if flag == "--without-component-model-async" {
            // The feature off, as `-W component-model-async=n` turns it off:
            // the component is refused when it loads.
            let mut config = Config::new();
            config.wasm_component_model_async(false);
            let engine = Engine::new(&config)?;
            match Component::from_file(&engine, path) {
                Ok(_) => bail!("an async component loaded without component-model async"),
                Err(e) => println!("without component-model async: {e:#}"),
            }
            return Ok(());
        }
    }
    let [path, n] = args.as_slice() else {
        bail!(
            "usage: async-host COMPONENT.wasm N | async-host --without-component-model-async COMPONENT.wasm (see the //! comment)"
        );
    };
    let n = n.parse::<u32>().context("N")?;
    block_on(run(path, n))
}

async fn run(path: &str, n: u32) -> Result<()> {
    // ANCHOR: config
    // Component-model async (`-W component-model-async` in the CLI): on by
    // default in wasmtime 48 when the crate is built with its feature
    // `component-model-async`, as this workspace builds it; said here
    // explicitly because everything below depends on it.
    let mut config = Config::new();
    config.wasm_component_model_async(true);
    // ANCHOR_END: config
    let engine = Engine::new(&config)?;
    let component = Component::from_file(&engine, path).with_context(|| path.to_owned())?;
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    let state = State {
        wasi: WasiCtx::builder().build(),
        table: ResourceTable::new(),
    };
    let mut store = Store::new(&engine, state);
    let instance = linker.instantiate_async(&mut store, &component).await?;
    let iface = component
        .get_export_index(None, GREETER)
        .context("no greeter export")?;
    let func = |name: &str| {
        component
            .get_export_index(Some(&iface), name)
            .with_context(|| name.to_owned())
    };
    let greet = instance.get_typed_func::<(String,), (String,)>(&mut store, &func("greet")?)?;
    let count =
        instance.get_typed_func::<(u32,), (StreamReader<u32>,)>(&mut store, &func("count")?)?;

    // ANCHOR: calls
    let received = Arc::new(Mutex::new(Received::default()));
    let sink = Collect(received.clone());
    store
        .run_concurrent(async |accessor| -> Result<()> {
            let (greeting,) = greet
                .call_concurrent(accessor, ("async".to_owned(),))
                .await?;
            println!("greet(\"async\") -> {greeting:?}");
            let (numbers,) = count.call_concurrent(accessor, (n,)).await?;
            accessor.with(|store| numbers.pipe(store, sink))?;
            closed(&received).await;
            Ok(())
        })
        .await??;
    let items = &received
        .lock()
        .map_err(|_| wasmtime::format_err!("poisoned"))?
        .items;
    println!("count({n}) -> a stream<u32> that gave {items:?}, then closed");
    // ANCHOR_END: calls
    Ok(())
}
