//! Reliability: every kind of trap in each language is injected (the
//! test-only builds in `build/trap/`, `host/traps.mk`) and the pipeline
//! recovers; the memory limit and the deadline give their typed errors in
//! time; the limits file; the CLI's exit statuses.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod config;
mod limits;
mod traps;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use image_pipeline_host::engine::Runtime;
use image_pipeline_host::limits::Limits;
use image_pipeline_host::logging::LogLevel;
use image_pipeline_host::pipeline::Pipeline;

/// The composition of the trapping builds, `build/trap/image-pipeline.wasm`.
pub fn trap_component() -> PathBuf {
    common::component("TRAP_PIPELINE_COMPONENT", "trap/image-pipeline.wasm")
}

/// Limits small enough to hit quickly, large enough for the tests' images.
pub const TEST_LIMITS: Limits = Limits {
    max_memory: 64 << 20,
    max_cpu_time: Duration::from_millis(500),
};

/// A fresh trapping pipeline under [`TEST_LIMITS`], compiled once per
/// test binary.
pub fn trap_pipeline() -> Pipeline {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        Runtime::with_limits(&trap_component(), LogLevel::Off, TEST_LIMITS).unwrap()
    });
    Pipeline::new(runtime).unwrap()
}

/// The release pipeline under `limits`.
pub fn pipeline_with(limits: Limits) -> Pipeline {
    let runtime =
        Runtime::with_limits(&common::pipeline_component(), LogLevel::Off, limits).unwrap();
    Pipeline::new(&runtime).unwrap()
}
