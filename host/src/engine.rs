//! Compiling and linking the composed component, once per process.
//!
//! Cranelift takes ~1.5 s to compile the composition (mostly the Go runtime);
//! wasmtime's compilation cache keeps the result on disk, so only the first
//! start after a rebuild pays for it.

use std::path::Path;

use anyhow::{Context, Result};
use wasmtime::component::{Component, HasData, Linker, ResourceTable};
use wasmtime::{Cache, Config, Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bindings::{ImagePipeline, ImagePipelinePre};
use crate::logging::{LogLevel, StderrLogger};
use crate::memory::MemoryMeter;

/// Where `make` puts the composed component, relative to the repo root.
pub const DEFAULT_COMPONENT: &str = "build/image-pipeline.wasm";

/// An engine with wasmtime's compilation cache: compiled components are
/// kept on disk, keyed by their contents and the engine's settings.
pub fn new_engine() -> Result<Engine> {
    let mut config = Config::new();
    let cache = Cache::from_file(None).map_err(anyhow::Error::from);
    config.cache(Some(
        cache.context("cannot set up wasmtime's compilation cache")?,
    ));
    Ok(Engine::new(&config)?)
}

/// What one store (one pipeline instance) owns on the host side.
pub struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    logger: StderrLogger,
    memory: MemoryMeter,
}

impl HostState {
    /// The store's linear memories, as its resource limiter saw them grow.
    pub fn memory(&self) -> &MemoryMeter {
        &self.memory
    }

    /// How many entries the host's resource table holds (WASI streams and
    /// the like): it must not grow with the number of calls.
    pub fn host_resources(&mut self) -> usize {
        self.table.iter_mut().count()
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

/// Routes the world's `wasi:logging` import to `HostState::logger`.
struct Logging;

impl HasData for Logging {
    type Data<'a> = &'a mut StderrLogger;
}

/// A compiled and linked component, ready to instantiate any number of times.
pub struct Runtime {
    engine: Engine,
    pre: ImagePipelinePre<HostState>,
    log_level: LogLevel,
}

impl Runtime {
    /// Compiles (or loads from the cache) the component at `path` and links
    /// WASI preview 2 and logging into it.
    pub fn load(path: &Path, log_level: LogLevel) -> Result<Self> {
        let engine = new_engine()?;
        let component = Component::from_file(&engine, path)
            .map_err(anyhow::Error::from)
            .with_context(|| {
                format!(
                    "cannot load component {} (build it with `make`)",
                    path.display()
                )
            })?;
        // ANCHOR: linker
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        ImagePipeline::add_to_linker::<HostState, Logging>(&mut linker, |s| &mut s.logger)?;
        let pre = ImagePipelinePre::new(linker.instantiate_pre(&component)?)?;
        // ANCHOR_END: linker
        Ok(Self {
            engine,
            pre,
            log_level,
        })
    }

    /// A fresh instance in a store of its own.
    pub fn instantiate(&self) -> Result<(Store<HostState>, ImagePipeline)> {
        let state = HostState {
            // Components get no files, environment or network: only stderr,
            // so that a guest's own diagnostics are not lost.
            wasi: WasiCtx::builder().inherit_stderr().build(),
            table: ResourceTable::new(),
            logger: StderrLogger {
                min: self.log_level,
            },
            memory: MemoryMeter::default(),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.memory);
        let instance = self.pre.instantiate(&mut store)?;
        Ok((store, instance))
    }
}
