//! `image-pipeline batch`: every PNG/JPEG in a folder through N pipeline
//! instances in parallel.

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::{Context, Result};
use image_pipeline_host::batch::{self, Config, Operation, StderrProgress};
use image_pipeline_host::engine::Runtime;

use crate::cli::operation::OperationArgs;
use crate::cli::Run;

#[derive(clap::Args)]
pub struct Args {
    /// Folder whose image files (by extension, any of the codec's formats)
    /// are processed.
    input_dir: PathBuf,
    /// Folder for the results (created if missing), under the input's names.
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    operation: OperationArgs,
    /// Output format for every file, by name or extension (one of the
    /// codec's `supported-formats`); by default each keeps its input's. A
    /// file whose extension does not fit gets the format's first one.
    #[arg(long)]
    format: Option<String>,
    /// Pipeline instances working in parallel, each on its own thread
    /// [default: the number of available cores].
    #[arg(long)]
    workers: Option<NonZeroUsize>,
}

/// Runs the batch and prints its summary on stdout. `Ok(false)`: the batch
/// ran, and some files failed.
pub fn run(run: &Run<'_>, args: &Args) -> Result<bool> {
    let workers = match args.workers {
        Some(n) => n.get(),
        None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
    };
    let op = &args.operation.op;
    let steps = args
        .operation
        .steps()
        .with_context(|| format!("operation {op:?}"))?;
    let config = Config {
        input_dir: args.input_dir.clone(),
        output_dir: args.output.clone(),
        operation: Operation {
            name: op.clone(),
            steps,
        },
        format: args.format.clone(),
        workers,
    };
    let runtime = Runtime::with_limits(run.component, run.log_level, run.settings.limits)?;
    let progress = StderrProgress::new(std::io::stderr().is_terminal());
    let report = batch::run(&runtime, &config, &progress)
        .with_context(|| format!("batch {}", args.input_dir.display()))?;
    print!("{report}");
    Ok(report.failures.is_empty())
}
