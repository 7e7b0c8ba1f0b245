//! `batch`: the library's `batch::run` and the CLI command, on folders of
//! images the tests write with the codec itself.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod library;

use std::path::Path;
use std::sync::OnceLock;

use image_pipeline_host::engine::Runtime;
use image_pipeline_host::logging::LogLevel;
use image_pipeline_host::pipeline::Pipeline;

/// The composition, compiled once per test binary.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| Runtime::load(&common::pipeline_component(), LogLevel::Off).unwrap())
}

/// Writes `name` in `dir`: a `width` × `height` RGB gradient encoded in the
/// format its extension names.
pub fn write_image(dir: &Path, name: &str, width: u32, height: u32) {
    let mut pipeline = Pipeline::new(runtime()).unwrap();
    let formats = image_pipeline_host::format::Formats::of(&mut pipeline).unwrap();
    let format = formats.of_path(Path::new(name)).unwrap().name.clone();
    assert_eq!(
        formats.find(&format).map(|f| f.name.as_str()),
        Some(format.as_str())
    );
    let bytes = pipeline
        .encode(&common::gradient(width, height, 3), &format)
        .unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Decodes a file with the codec: (width, height, channels).
pub fn decoded_shape(path: &Path) -> (u32, u32, u8) {
    let mut pipeline = Pipeline::new(runtime()).unwrap();
    let image = pipeline.decode(&std::fs::read(path).unwrap()).unwrap();
    (image.width, image.height, image.channels)
}
