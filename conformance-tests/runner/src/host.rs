//! What every store holds on the host side, and the engine and linker every
//! target starts from.

use std::path::Path;

use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::error::Context as _;
use wasmtime::{Cache, Config, Engine, Result, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::model::LogRecord;
use crate::targets::image_ops::ImageOpsInstance;

pub struct HostState {
    wasi: WasiCtx,
    pub table: ResourceTable,
    /// Every `wasi:logging` record, until the step that caused it takes them.
    pub logs: Vec<LogRecord>,
    /// For the scheduler alone: the image-ops instance its import calls.
    pub image_ops: Option<Box<ImageOpsInstance>>,
    /// For the scheduler alone: the frames in `table` (its `frame` import,
    /// each one an image-ops frame), counted for the leak check.
    pub frames_alive: u64,
}

impl HostState {
    pub fn new(image_ops: Option<Box<ImageOpsInstance>>) -> Self {
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

/// The component at `path` and a linker with WASI preview 2 in it.
pub fn load(engine: &Engine, path: &Path) -> Result<(Component, Linker<HostState>)> {
    let component = Component::from_file(engine, path)
        .with_context(|| format!("cannot load {} (run `make`)", path.display()))?;
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    Ok((component, linker))
}

pub fn store(engine: &Engine, image_ops: Option<Box<ImageOpsInstance>>) -> Store<HostState> {
    Store::new(engine, HostState::new(image_ops))
}
