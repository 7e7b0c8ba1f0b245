//! Batch processing: every PNG/JPEG in a folder through N pipeline
//! instances, each on its own thread.
//!
//! Parallelism model. A component instance runs one call at a time, so the
//! host gets parallelism from instances: one `Runtime` (the component
//! compiled once and pre-instantiated; `Engine` and `InstancePre` are
//! `Send + Sync`) is shared by N worker threads, and each worker instantiates
//! its own pipeline in its own `Store`. Stores share nothing, so the workers
//! never wait for each other except to claim jobs (one atomic).

mod jobs;
mod progress;
mod report;
mod worker;

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context, Result};

pub use jobs::Job;
pub use progress::{NoProgress, Progress, StderrProgress};
pub use report::{Failure, Report};
pub use worker::{Operation, Outcome};

use crate::engine::Runtime;
use crate::format::Formats;
use crate::pipeline::Pipeline;
use jobs::Queue;
use worker::Worker;

/// The most tasks a worker submits before it calls `run-pending`; see
/// `worker` for why a few and not one or all.
pub const MAX_TASKS_PER_ROUND: usize = 4;

/// What to process, how, and with how many workers.
#[derive(Clone, Debug)]
pub struct Config {
    pub input_dir: PathBuf,
    pub output_dir: PathBuf,
    pub operation: Operation,
    /// The output format, a name or an extension of one of the codec's
    /// `supported-formats`; `None`: the input's.
    pub format: Option<String>,
    pub workers: usize,
}

/// Processes every PNG/JPEG file in `config.input_dir` and writes the
/// results to `config.output_dir` (created if missing). A file that fails is
/// reported in the `Report` and does not stop the others; only a setup
/// failure (no input, an output folder that cannot be made, no instance at
/// all) is an `Err`.
pub fn run(runtime: &Runtime, config: &Config, progress: &dyn Progress) -> Result<Report> {
    // The codec's formats, from one instance of the pipeline.
    let formats = Formats::of(&mut Pipeline::new(runtime)?)?;
    let format =
        match config.format.as_deref() {
            Some(name) => Some(formats.find(name).with_context(|| {
                format!("no format {name:?}: the codec's are {}", formats.names())
            })?),
            None => None,
        };
    let jobs = jobs::list(&config.input_dir, &config.output_dir, format, &formats)?;
    if same_folder(&config.input_dir, &config.output_dir) {
        bail!(
            "the output folder is the input folder ({}): the results would overwrite the inputs",
            config.input_dir.display()
        );
    }
    std::fs::create_dir_all(&config.output_dir)
        .with_context(|| format!("cannot create {}", config.output_dir.display()))?;
    // More workers than files would only instantiate idle pipelines.
    let workers = config.workers.clamp(1, jobs.len());
    let queue = Queue::new(jobs, workers, MAX_TASKS_PER_ROUND);
    let started = Instant::now();
    progress.start(queue.jobs().len());
    let (outcomes, worker_errors) =
        run_workers(runtime, &config.operation, &queue, workers, progress);
    let wall = started.elapsed();
    progress.finish();
    // A worker that could not start (or replace) its instance leaves the
    // files nobody reached without an outcome: they fail with its error.
    let unprocessed = match worker_errors.into_iter().next() {
        Some(error) if outcomes.iter().all(Option::is_none) => {
            return Err(error.context("no pipeline instance could run"));
        }
        Some(error) => format!("not processed: {error:#}"),
        None => "not processed".to_owned(),
    };
    Ok(Report::new(
        queue.jobs(),
        outcomes,
        &unprocessed,
        workers,
        wall,
    ))
}

/// Runs `workers` workers on `queue`, one thread each, until it is empty.
/// Returns each job's outcome (`None`: never done) and the errors of the
/// workers that gave up.
fn run_workers(
    runtime: &Runtime,
    operation: &Operation,
    queue: &Queue,
    workers: usize,
    progress: &dyn Progress,
) -> (Vec<Option<Outcome>>, Vec<anyhow::Error>) {
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; queue.jobs().len()]);
    let errors = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let mut worker = Worker::new(runtime, operation)?;
                    worker.run(queue, &mut |index, outcome| {
                        progress.file_done(outcome.is_err());
                        outcomes
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)[index] =
                            Some(outcome);
                    })
                })
            })
            .collect();
        threads
            .into_iter()
            .filter_map(|t| match t.join() {
                Ok(result) => result.err(),
                Err(_) => Some(anyhow::anyhow!("a worker thread panicked")),
            })
            .collect()
    });
    let outcomes = outcomes
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    (outcomes, errors)
}

/// True if both paths name the same existing folder.
fn same_folder(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
