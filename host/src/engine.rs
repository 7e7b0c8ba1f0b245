//! Compiling and linking the composed component, once per process.
//!
//! Cranelift takes ~1.5 s to compile the composition (mostly the Go runtime);
//! wasmtime's compilation cache keeps the result on disk, so only the first
//! start after a rebuild pays for it.
//!
//! Every store of a [`Runtime`] runs under its [`Limits`]: its memories
//! together may not grow past `max_memory`, and each call must finish within
//! `max_cpu_time` (epoch interruption: a ticker thread advances the epoch,
//! each call sets its store's deadline). [`Runtime::unlimited`] is the one
//! exception: no limits at all, for measuring what the components cost.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use wasmtime::component::{Component, HasData, Linker, ResourceTable};
use wasmtime::{Cache, Config, Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bindings::{ImagePipeline, ImagePipelinePre};
use crate::limits::{self, Limits};
use crate::logging::{LogLevel, StderrLogger};
use crate::memory::MemoryMeter;

/// Where `make` puts the composed component, relative to the repo root.
pub const DEFAULT_COMPONENT: &str = "build/image-pipeline.wasm";

/// An engine with wasmtime's compilation cache: compiled components are
/// kept on disk, keyed by their contents and the engine's settings.
pub fn new_engine() -> Result<Engine> {
    Ok(Engine::new(&cached_config()?)?)
}

/// [`new_engine`] with epoch interruption, which deadlines need. It changes
/// the compiled code, and wasmtime's cache keys its entries by the engine's
/// settings, so the two never share a cache entry.
pub fn new_limited_engine() -> Result<Engine> {
    let mut config = cached_config()?;
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    limits::start_ticker(&engine);
    Ok(engine)
}

/// Wasmtime's defaults plus its compilation cache (wasmtime's own cache
/// configuration file, if the user has one): every engine the host makes
/// starts from this.
pub fn cached_config() -> Result<Config> {
    let mut config = Config::new();
    let cache = Cache::from_file(None).map_err(anyhow::Error::from);
    config.cache(Some(
        cache.context("cannot set up wasmtime's compilation cache")?,
    ));
    Ok(config)
}

/// What one store (one pipeline instance) owns on the host side.
pub struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    logger: StderrLogger,
    memory: MemoryMeter,
    /// When the call in progress must have returned.
    deadline: Instant,
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

    /// Starts a call: it must return within `limits.max_cpu_time`.
    pub fn start_call(&mut self, limits: &Limits) {
        self.deadline = Instant::now() + limits.max_cpu_time;
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

/// A compiled and linked component, ready to instantiate any number of
/// times. Cheap to clone (the compiled code is shared).
#[derive(Clone)]
pub struct Runtime {
    engine: Engine,
    pre: ImagePipelinePre<HostState>,
    log_level: LogLevel,
    /// `None`: [`Runtime::unlimited`].
    limits: Option<Limits>,
}

impl Runtime {
    /// Compiles (or loads from the cache) the component at `path` and links
    /// WASI preview 2 and logging into it, with the default [`Limits`].
    pub fn load(path: &Path, log_level: LogLevel) -> Result<Self> {
        Self::with_limits(path, log_level, Limits::default())
    }

    /// [`Runtime::load`] with the given limits for every store.
    pub fn with_limits(path: &Path, log_level: LogLevel, limits: Limits) -> Result<Self> {
        Self::link(new_limited_engine()?, path, log_level, Some(limits))
    }

    /// [`Runtime::load`] without any limit: a plain [`new_engine`] (no
    /// epoch interruption, which adds a check to every function entry and
    /// loop back-edge of the compiled code, and no fuel), no deadline
    /// callback, no memory cap. What `bench-runner` measures the host's
    /// calls with, so that the figures are the components' own; never for
    /// input that is not trusted: a guest that loops never returns.
    pub fn unlimited(path: &Path, log_level: LogLevel) -> Result<Self> {
        Self::link(new_engine()?, path, log_level, None)
    }

    /// Compiles the component at `path` with `engine` and links it.
    fn link(
        engine: Engine,
        path: &Path,
        log_level: LogLevel,
        limits: Option<Limits>,
    ) -> Result<Self> {
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
            limits,
        })
    }

    /// The limits every store of this runtime runs under; `None` for
    /// [`Runtime::unlimited`].
    pub fn limits(&self) -> Option<&Limits> {
        self.limits.as_ref()
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
            // Counted either way (tests read the figures), capped if limited.
            memory: self.limits.map_or_else(MemoryMeter::default, |l| {
                MemoryMeter::with_limit(l.max_memory)
            }),
            // Read by the deadline callback only, which a limited store has.
            deadline: Instant::now() + self.limits.map_or(Duration::ZERO, |l| l.max_cpu_time),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.memory);
        if let Some(Limits { max_cpu_time, .. }) = self.limits {
            store.epoch_deadline_callback(limits::deadline_callback(
                move |s: &HostState| (s.deadline, max_cpu_time),
                false,
            ));
            // The deadline is checked at every epoch tick from now on;
            // instantiation (the guests' initialisers) counts as a call.
            store.set_epoch_deadline(1);
        }
        let instance = self.pre.instantiate(&mut store).map_err(|e| {
            let e = anyhow::Error::from(e);
            let refused = store.data().memory.refused() > 0;
            // Unlimited, nothing is refused or interrupted: the limits
            // `classify` would name are never read.
            let fault = limits::classify(&e, refused, &self.limits.unwrap_or_default());
            anyhow::Error::new(fault).context("cannot instantiate the component")
        })?;
        Ok((store, instance))
    }
}
