//! `image-pipeline process`: decode → scheduler task → encode.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::operation::OperationArgs;
use crate::cli::transcode::transcode;
use crate::cli::Run;

#[derive(clap::Args)]
pub struct Args {
    /// Input image (any format of the codec).
    input: PathBuf,
    /// Output image; its extension picks the format.
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    operation: OperationArgs,
}

pub fn run(run: &Run<'_>, args: &Args) -> Result<()> {
    let op = &args.operation.op;
    let steps = args
        .operation
        .steps()
        .with_context(|| format!("{}: operation {op:?}", args.input.display()))?;
    transcode(run, &args.input, &args.output, |pipeline, image| {
        pipeline
            .run_task(&image, &steps)
            .with_context(|| format!("{}: operation {op:?}", args.input.display()))
    })
}
