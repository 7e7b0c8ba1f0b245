//! What one request's store owns: WASI (the data directory, the
//! environment, stderr), wasi:http, the allow-list hook, and with `--store`
//! the Redis connection behind wasi:keyvalue.

use std::path::Path;

use anyhow::{Context, Result};
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use super::allow::AllowList;
use super::keyvalue::{KeyValue, Redis};
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
    redis: Option<Redis>,
    /// Enforces `max_memory` over all the instance's memories together.
    pub memory: MemoryMeter,
}

impl RequestState {
    /// A fresh state: `data_dir` (if any) preopened read-write at `/data`,
    /// `redis` (if any) behind wasi:keyvalue, `env` as the environment,
    /// stderr inherited (the logging component writes there).
    ///
    /// # Errors
    ///
    /// The data directory cannot be opened.
    pub fn new(
        data_dir: Option<&Path>,
        redis: Option<&Redis>,
        env: &[(String, String)],
        allow: &AllowList,
        max_memory: u64,
    ) -> Result<Self> {
        let mut wasi = WasiCtx::builder();
        wasi.inherit_stderr().envs(env);
        if let Some(dir) = data_dir {
            wasi.preopened_dir(dir, GUEST_DATA_DIR, FsPerms::ReadWrite)
                .map_err(anyhow::Error::from)
                .with_context(|| format!("cannot open the data directory {}", dir.display()))?;
        }
        Ok(Self {
            wasi: wasi.build(),
            http: WasiHttpCtx::new(),
            table: ResourceTable::new(),
            hooks: allow.clone(),
            redis: redis.cloned(),
            memory: MemoryMeter::with_limit(max_memory),
        })
    }
}

impl RequestState {
    /// wasi:keyvalue's view of this request (the linker has it only with
    /// `--store`, when there is a connection).
    ///
    /// # Panics
    ///
    /// Never in `serve`: the interfaces are linked only with a connection.
    #[allow(clippy::expect_used)]
    pub fn keyvalue(&mut self) -> KeyValue<'_> {
        let redis = self
            .redis
            .as_ref()
            .expect("wasi:keyvalue is linked only with --store");
        KeyValue::new(redis, &mut self.table)
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
