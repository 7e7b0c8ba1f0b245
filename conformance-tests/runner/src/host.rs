//! What every store holds on the host side, the engine, and the linker every
//! target starts from: WASI, and `wasi:logging` recorded for the report.

use std::path::Path;

use wasmtime::component::{Component, Linker, ResourceTable, Val};
use wasmtime::error::Context as _;
use wasmtime::{bail, Cache, Config, Engine, Result, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::component::Loaded;
use crate::model::LogRecord;

pub struct HostState {
    wasi: WasiCtx,
    pub table: ResourceTable,
    /// Every `wasi:logging` record, until the step that caused it takes them.
    pub logs: Vec<LogRecord>,
    /// For the scheduler alone: the image-ops instance its import calls.
    pub image_ops: Option<Box<Loaded>>,
    /// For the scheduler alone: the frames in `table` (its `frame` import,
    /// each one an image-ops frame), counted for the leak check.
    pub frames_alive: u64,
}

impl HostState {
    pub fn new(image_ops: Option<Box<Loaded>>) -> Self {
        Self {
            // No files, environment or network; stderr so that a guest's own
            // crash report (e.g. a Go panic) is not lost.
            wasi: WasiCtx::builder().inherit_stderr().build(),
            table: ResourceTable::new(),
            logs: Vec::new(),
            image_ops,
            frames_alive: 0,
        }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// The default engine (wasmtime 48 enables exceptions, which the codec
/// uses), with the compilation cache the host uses too.
pub fn engine() -> Result<Engine> {
    let mut config = Config::new();
    config.cache(Some(Cache::from_file(None)?));
    Engine::new(&config)
}

/// The component at `path` and a linker with WASI preview 2 in it, and
/// `wasi:logging/logging` if the component imports it.
pub fn load(engine: &Engine, path: &Path) -> Result<(Component, Linker<HostState>)> {
    let component = Component::from_file(engine, path)
        .with_context(|| format!("cannot load {} (run `make`)", path.display()))?;
    let mut linker = Linker::<HostState>::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    let logging = component
        .component_type()
        .imports(engine)
        .map(|(name, _)| name.to_owned())
        .find(|name| name.starts_with("wasi:logging/logging"));
    if let Some(logging) = logging {
        linker
            .instance(&logging)?
            .func_new("log", |mut store, _, args, _| {
                let [Val::Enum(level), Val::String(context), Val::String(message)] = args else {
                    bail!("wasi:logging log called with {args:?}");
                };
                let record = (level.clone(), context.clone(), message.clone());
                store.data_mut().logs.push(record);
                Ok(())
            })?;
    }
    Ok((component, linker))
}

pub fn store(engine: &Engine, image_ops: Option<Box<Loaded>>) -> Store<HostState> {
    let mut store = Store::new(engine, HostState::new(image_ops));
    // The runner reads results as `Val`s, one per sample: the limits'
    // largest image (8192 × 8192 samples) costs more than the default
    // 128 MiB of the fuel that bounds what a guest may hand the host.
    store.set_hostcall_fuel(1 << 34);
    store
}
