//! The composed pipeline (`build/image-pipeline.wasm`) through the host
//! library: the scheduler with the real Rust image-ops behind it.

#[path = "../common/mod.rs"]
mod common;

mod lifecycle;
mod memory;

use std::sync::OnceLock;

use image_pipeline_host::engine::Runtime;
use image_pipeline_host::logging::LogLevel;
use image_pipeline_host::pipeline::Pipeline;

/// A fresh instance of the composition, compiled once per test binary.
pub fn pipeline() -> Pipeline {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    let runtime = RUNTIME
        .get_or_init(|| Runtime::load(&common::pipeline_component(), LogLevel::Off).unwrap());
    Pipeline::new(runtime).unwrap()
}
