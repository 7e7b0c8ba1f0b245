//! One batch worker: a pipeline instance (a `Store` of its own) on a thread
//! of its own, doing runs of jobs claimed from the shared queue.
//!
//! A run of jobs is one round through the scheduler: decode every file and
//! submit a task for each, one `run-pending` for all of them, then fetch and
//! encode each result. A few tasks per round, not one: that is how the
//! scheduler is meant to be driven, for one `run-pending` per run. Not many:
//! each pending task holds its decoded image, as a frame, inside the
//! instance. Results
//! are fetched in the round that made them, so the scheduler never holds more
//! than one run's tasks (far below its bounds of 256 pending tasks and 256
//! kept results).

use anyhow::{Context, Error, Result};

use crate::batch::jobs::{Job, Queue};
use crate::bindings::{parse_steps, ComponentError, FilterOptions, Step};
use crate::engine::Runtime;
use crate::pipeline::{is_component_error, Pipeline, TaskId};

/// A job's outcome: done, or why not (one line, as the summary shows it).
pub type Outcome = std::result::Result<(), String>;

/// The operation every task of the batch runs: its text, for messages, and
/// its steps.
#[derive(Clone, Debug)]
pub struct Operation {
    pub name: String,
    pub steps: Vec<Step>,
}

impl Operation {
    /// The operation `name` (the CLI's `--op` text) with `options`; text
    /// that is not a step list is an `invalid-format` error, before any file
    /// is read.
    pub fn parse(name: &str, options: FilterOptions) -> Result<Self, ComponentError> {
        Ok(Self {
            name: name.to_owned(),
            steps: parse_steps(name, options)?,
        })
    }
}

/// Why a step failed: because of the file (the instance is fine), or because
/// a call trapped (the instance can never be entered again).
enum Failure {
    File(String),
    Instance(Error),
}

/// Sorts a pipeline call's error into file or instance failure, with what
/// the step was for context.
fn classify(step: &str, error: Error) -> Failure {
    if is_component_error(&error) {
        Failure::File(format!("{step}: {error:#}"))
    } else {
        Failure::Instance(error.context(step.to_owned()))
    }
}

/// A trap as one line: what the worker was doing and the trap itself.
/// wasmtime's message also holds the guest's backtrace, one frame a line,
/// which would swamp the summary.
fn one_line(trap: &Error) -> String {
    let cause = trap.root_cause().to_string();
    let cause = cause.lines().last().unwrap_or_default();
    format!("{trap}: {cause}")
}

pub struct Worker<'a> {
    runtime: &'a Runtime,
    operation: &'a Operation,
    pipeline: Pipeline,
}

impl<'a> Worker<'a> {
    /// Instantiates the worker's pipeline: cheap, because `runtime` holds the
    /// component compiled and pre-instantiated.
    pub fn new(runtime: &'a Runtime, operation: &'a Operation) -> Result<Self> {
        Ok(Self {
            runtime,
            operation,
            pipeline: Pipeline::new(runtime)?,
        })
    }

    /// Does jobs from `queue` until none are left, handing each job's index
    /// and outcome to `report`. Fails only if a trapped instance cannot be
    /// replaced; the jobs it had claimed are reported first.
    pub fn run(&mut self, queue: &Queue, report: &mut dyn FnMut(usize, Outcome)) -> Result<()> {
        while let Some(range) = queue.claim() {
            let jobs = &queue.jobs()[range.clone()];
            let mut outcomes: Vec<Option<Outcome>> = vec![None; jobs.len()];
            let result = self.isolating_traps(jobs, &mut outcomes);
            for (index, outcome) in range.zip(outcomes) {
                // Every job has an outcome by now; if not, it was not done.
                report(
                    index,
                    outcome.unwrap_or_else(|| Err("not processed".into())),
                );
            }
            result?;
        }
        Ok(())
    }

    /// One round over `jobs`; if it traps, a fresh instance, and every job
    /// left without an outcome (its task died with the instance) again in a
    /// round of its own, so that only the job that traps fails.
    fn isolating_traps(&mut self, jobs: &[Job], outcomes: &mut [Option<Outcome>]) -> Result<()> {
        let Err(trap) = self.round(jobs, outcomes) else {
            return Ok(());
        };
        self.replace()?;
        if jobs.len() == 1 {
            outcomes[0] = Some(Err(one_line(&trap)));
            return Ok(());
        }
        for (i, outcome) in outcomes.iter_mut().enumerate() {
            if outcome.is_none() {
                let mut single = [None];
                if let Err(trap) = self.round(&jobs[i..=i], &mut single) {
                    self.replace()?;
                    single[0] = Some(Err(one_line(&trap)));
                }
                *outcome = single[0].take();
            }
        }
        Ok(())
    }

    /// A fresh instance for one that trapped.
    fn replace(&mut self) -> Result<()> {
        self.pipeline = Pipeline::new(self.runtime)
            .context("cannot replace a pipeline instance that trapped")?;
        Ok(())
    }

    /// One round over `jobs`: fills in the outcome of each job it finishes,
    /// and returns the trap if a call trapped.
    fn round(&mut self, jobs: &[Job], outcomes: &mut [Option<Outcome>]) -> Result<()> {
        let mut tasks: Vec<(usize, TaskId)> = Vec::with_capacity(jobs.len());
        for (i, job) in jobs.iter().enumerate() {
            match self.start(job) {
                Ok(id) => tasks.push((i, id)),
                Err(Failure::File(message)) => outcomes[i] = Some(Err(message)),
                Err(Failure::Instance(trap)) => return Err(trap),
            }
        }
        let count = u32::try_from(tasks.len()).unwrap_or(u32::MAX);
        self.pipeline.run_pending(count).context("run-pending")?;
        for (i, id) in tasks {
            match self.finish(&jobs[i], id) {
                Ok(()) => outcomes[i] = Some(Ok(())),
                Err(Failure::File(message)) => outcomes[i] = Some(Err(message)),
                Err(Failure::Instance(trap)) => return Err(trap),
            }
        }
        Ok(())
    }

    /// Reads and decodes the input and submits its task.
    fn start(&mut self, job: &Job) -> std::result::Result<TaskId, Failure> {
        let data =
            std::fs::read(&job.input).map_err(|e| Failure::File(format!("cannot read: {e}")))?;
        let image = self
            .pipeline
            .decode(&data)
            .map_err(|e| classify("decode", e))?;
        self.pipeline
            .submit(&image, &self.operation.steps)
            .map_err(|e| classify("submit", e))
    }

    /// Fetches the task's result, encodes it and writes the output.
    fn finish(&mut self, job: &Job, id: TaskId) -> std::result::Result<(), Failure> {
        let op = &self.operation.name;
        let result = self
            .pipeline
            .get_result(id)
            .map_err(|e| classify("get-result", e))?
            .ok_or_else(|| {
                Failure::File(format!(
                    "task {id} did not run: the scheduler broke its contract"
                ))
            })?
            .map_err(|e| Failure::File(format!("operation {op:?}: {e}")))?;
        let encoded = self
            .pipeline
            .encode(&result, &job.format)
            .map_err(|e| classify(&format!("encode as {}", job.format), e))?;
        std::fs::write(&job.output, encoded)
            .map_err(|e| Failure::File(format!("cannot write {}: {e}", job.output.display())))
    }
}
