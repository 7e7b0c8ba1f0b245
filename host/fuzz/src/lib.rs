//! The fuzz targets' shared part: one runtime per process (the component
//! compiled once, loaded from wasmtime's cache), and the checks.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use image_pipeline_host::engine::Runtime;
use image_pipeline_host::limits::Limits;
use image_pipeline_host::logging::LogLevel;
use image_pipeline_host::pipeline::Pipeline;

pub mod checks;

/// The composed pipeline: `$IMAGE_PIPELINE_COMPONENT`, or the repo's build.
fn component() -> PathBuf {
    std::env::var_os("IMAGE_PIPELINE_COMPONENT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../build/image-pipeline.wasm"
            ))
        })
}

/// The runtime every iteration instantiates from. A call over 10 s or
/// 256 MiB is a finding (a fault), not a slow input to skip.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        let limits = Limits {
            max_cpu_time: Duration::from_secs(10),
            ..Limits::default()
        };
        Runtime::with_limits(&component(), LogLevel::Off, limits)
            .unwrap_or_else(|e| panic!("{e:#} (build it with `make pipeline`)"))
    })
}

/// A fresh instance from the pre-instantiated component.
pub fn fresh() -> Pipeline {
    Pipeline::new(runtime()).expect("instantiate")
}
