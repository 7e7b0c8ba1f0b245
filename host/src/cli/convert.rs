//! `image-pipeline convert`: decode → encode through the codec alone.

use std::path::{Path, PathBuf};

use anyhow::Result;
use image_pipeline_host::logging::LogLevel;

use crate::cli::transcode::transcode;

#[derive(clap::Args)]
pub struct Args {
    /// Input image (PNG or JPEG).
    input: PathBuf,
    /// Output image; its extension picks the format (.png, .jpg, .jpeg).
    output: PathBuf,
}

pub fn run(component: &Path, log_level: LogLevel, args: &Args) -> Result<()> {
    transcode(
        component,
        log_level,
        &args.input,
        &args.output,
        |_, image| Ok(image),
    )
}
