//! The engine, linker and pre-instantiated component of `serve`: compiled
//! once, instantiated per request.

use std::path::Path;

use anyhow::{Context, Result};
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, InstanceAllocationStrategy, PoolingAllocationConfig};
use wasmtime_wasi_http::p2::bindings::ProxyPre;

use super::state::RequestState;
use crate::engine::cached_config;

/// How instances get their memories and tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Allocator {
    /// Slots reserved up front and reused: instantiation is a few page
    /// resets instead of mmap/munmap per request.
    Pooling,
    /// wasmtime's default: fresh mappings for every instance.
    OnDemand,
}

/// Per component instance, the pool reserves room for this many core
/// instances, memories and tables: comfortably more than the composition
/// has (7 components, some with the preview1 adapter and its shims).
const CORE_INSTANCES_PER_COMPONENT: u32 = 64;
const MEMORIES_PER_COMPONENT: u32 = 16;
const TABLES_PER_COMPONENT: u32 = 32;

/// The compiled service, ready to instantiate.
pub struct ServiceRuntime {
    pub engine: Engine,
    pub pre: ProxyPre<RequestState>,
}

impl ServiceRuntime {
    /// Compiles (or loads from wasmtime's cache) the component at `path`
    /// (with wasi:keyvalue linked if `keyvalue`),
    /// with room for `max_instances` instances at once, each memory of at
    /// most `max_memory` bytes (the store's limiter bounds their total).
    ///
    /// # Errors
    ///
    /// An unreadable or invalid component, or one that imports what the
    /// `wasi:http` proxy world and `wasi:cli` do not provide.
    pub fn load(
        path: &Path,
        keyvalue: bool,
        allocator: Allocator,
        max_instances: u32,
        max_memory: u64,
    ) -> Result<Self> {
        let mut config = cached_config()?;
        // A request's guest yields to the executor at every epoch tick
        // (`server.rs` ticks every 10 ms), so a long image never holds a
        // worker thread away from accepting and answering other requests;
        // the same check stops it at its deadline (`max_cpu_time`).
        config.epoch_interruption(true);
        if allocator == Allocator::Pooling {
            let mut pool = PoolingAllocationConfig::default();
            pool.total_component_instances(max_instances)
                .max_core_instances_per_component(CORE_INSTANCES_PER_COMPONENT)
                .max_memories_per_component(MEMORIES_PER_COMPONENT)
                .max_tables_per_component(TABLES_PER_COMPONENT)
                .total_core_instances(max_instances * CORE_INSTANCES_PER_COMPONENT)
                .total_memories(max_instances * MEMORIES_PER_COMPONENT)
                .total_tables(max_instances * TABLES_PER_COMPONENT)
                .total_stacks(max_instances)
                .max_memory_size(usize::try_from(max_memory).unwrap_or(usize::MAX));
            config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        }
        let engine = Engine::new(&config)?;
        let component = Component::from_file(&engine, path)
            .map_err(anyhow::Error::from)
            .with_context(|| {
                format!(
                    "cannot load component {} (build it with `make service`)",
                    path.display()
                )
            })?;
        let mut linker = Linker::new(&engine);
        // All of WASI p2 (files, environment, clocks, ...), as `wasmtime
        // serve -S cli` gives, then wasi:http.
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
        if keyvalue {
            super::keyvalue::add_to_linker(&mut linker, RequestState::keyvalue)?;
        }
        let pre = ProxyPre::new(linker.instantiate_pre(&component)?)
            .map_err(anyhow::Error::from)
            .context("the component does not export wasi:http/incoming-handler")?;
        Ok(Self { engine, pre })
    }
}
