//! What one request's store owns: WASI (the data directory, the
//! environment, stderr), wasi:http, and the allow-list hook.

use std::path::Path;

use anyhow::{Context, Result};
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use super::allow::AllowList;
use crate::memory::MemoryMeter;

/// Where the data directory appears in the guest: the storage component's
/// default `DATA_DIR`, and what `wasmtime serve --dir DIR::/data` gives.
pub const GUEST_DATA_DIR: &str = "/data";

/// The per-request store data.
pub struct RequestState {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    hooks: AllowList,
    /// Enforces `max_memory` over all the instance's memories together.
    pub memory: MemoryMeter,
}

impl RequestState {
    /// A fresh state: `data_dir` preopened read-write at `/data`, `env` as
    /// the environment, stderr inherited (the logging component writes
    /// there).
    ///
    /// # Errors
    ///
    /// The data directory cannot be opened.
    pub fn new(
        data_dir: &Path,
        env: &[(String, String)],
        allow: &AllowList,
        max_memory: u64,
    ) -> Result<Self> {
        let wasi = WasiCtx::builder()
            .inherit_stderr()
            .envs(env)
            .preopened_dir(data_dir, GUEST_DATA_DIR, FsPerms::ReadWrite)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot open the data directory {}", data_dir.display()))?
            .build();
        Ok(Self {
            wasi,
            http: WasiHttpCtx::new(),
            table: ResourceTable::new(),
            hooks: allow.clone(),
            memory: MemoryMeter::with_limit(max_memory),
        })
    }
}

impl WasiView for RequestState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for RequestState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}
