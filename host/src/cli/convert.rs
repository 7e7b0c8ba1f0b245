//! `image-pipeline convert`: decode → encode through the codec alone.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::transcode::transcode;
use crate::cli::Run;

#[derive(clap::Args)]
pub struct Args {
    /// Input image (PNG or JPEG).
    input: PathBuf,
    /// Output image; its extension picks the format (one of the codec's).
    output: PathBuf,
}

pub fn run(run: &Run<'_>, args: &Args) -> Result<()> {
    transcode(run, &args.input, &args.output, |_, image| Ok(image))
}
