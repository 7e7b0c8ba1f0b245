//! `image-pipeline convert`: decode → encode through the codec alone.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use image_pipeline_host::engine::Runtime;
use image_pipeline_host::format::format_of;
use image_pipeline_host::logging::LogLevel;
use image_pipeline_host::pipeline::Pipeline;

#[derive(clap::Args)]
pub struct Args {
    /// Input image (PNG or JPEG).
    input: PathBuf,
    /// Output image; its extension picks the format (.png, .jpg, .jpeg).
    output: PathBuf,
}

pub fn run(component: &Path, log_level: LogLevel, args: &Args) -> Result<()> {
    let format = format_of(&args.output)?;
    let input = std::fs::read(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let runtime = Runtime::load(component, log_level)?;
    let mut pipeline = Pipeline::new(&runtime)?;
    let image = pipeline
        .decode(&input)
        .with_context(|| format!("{}: decode", args.input.display()))?;
    let encoded = pipeline
        .encode(&image, &format)
        .with_context(|| format!("{}: encode as {format}", args.output.display()))?;
    std::fs::write(&args.output, encoded)
        .with_context(|| format!("cannot write {}", args.output.display()))
}
