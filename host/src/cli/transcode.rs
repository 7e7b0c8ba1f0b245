//! The frame `process` and `convert` share: read IN, decode it, let the
//! command transform the image, encode it as OUT's extension says, write OUT.

use std::path::Path;

use anyhow::{Context, Result};
use image_pipeline_host::bindings::Image;
use image_pipeline_host::engine::Runtime;
use image_pipeline_host::format::format_of;
use image_pipeline_host::pipeline::Pipeline;

use crate::cli::Run;

pub fn transcode(
    run: &Run<'_>,
    input: &Path,
    output: &Path,
    transform: impl FnOnce(&mut Pipeline, Image) -> Result<Image>,
) -> Result<()> {
    let format = format_of(output)?;
    let bytes = std::fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
    let runtime = Runtime::with_limits(run.component, run.log_level, run.settings.limits)?;
    let mut pipeline = Pipeline::new(&runtime)?;
    let image = pipeline
        .decode(&bytes)
        .with_context(|| format!("{}: decode", input.display()))?;
    let image = transform(&mut pipeline, image)?;
    let encoded = pipeline
        .encode(&image, &format)
        .with_context(|| format!("{}: encode as {format}", output.display()))?;
    std::fs::write(output, encoded).with_context(|| format!("cannot write {}", output.display()))
}
