//! The scheduler's state machine, as `wit/scheduler.wit` specifies it and as
//! go-scheduler/internal/sched implements it: ids from 1, at most 256
//! pending and 256 finished, operations parsed when the task runs. One
//! difference, which no caller can observe with these operations: see
//! [`execute`] on retries.

use crate::{apply_filter, blur, grayscale, resize, Error, FilterOptions, Image};
use std::collections::{HashMap, VecDeque};

pub const MAX_PENDING: usize = 256;
pub const MAX_FINISHED: usize = 256;
pub const MAX_ATTEMPTS: u32 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// What `submit` receives: the task resource's contents.
pub struct Task {
    pub image: Image,
    pub operation: String,
    pub options: FilterOptions,
}

struct Entry {
    status: Status,
    task: Option<Task>,
    result: Option<Result<Image, Error>>,
}

#[derive(Default)]
pub struct Scheduler {
    last_id: u64,
    tasks: HashMap<u64, Entry>,
    pending: VecDeque<u64>,
    finished: VecDeque<u64>,
}

enum Step {
    Grayscale,
    Blur(u32),
    Filter,
    Resize(u32, u32),
}

fn parse(operation: &str, options: &FilterOptions) -> Result<Vec<Step>, Error> {
    operation
        .split('|')
        .map(|elem| match elem.split_once(':') {
            Some(("resize", size)) => {
                let (w, h) = size.split_once('x').ok_or_else(|| {
                    Error::InvalidFormat(format!("resize size {size:?} is not <W>x<H>"))
                })?;
                let dim = |s: &str| {
                    s.parse::<u32>()
                        .ok()
                        .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
                };
                let width = dim(w).ok_or_else(|| {
                    Error::InvalidFormat(format!("resize width {w:?} is not a decimal u32"))
                })?;
                let height = dim(h).ok_or_else(|| {
                    Error::InvalidFormat(format!("resize height {h:?} is not a decimal u32"))
                })?;
                Ok(Step::Resize(width, height))
            }
            Some(_) => Err(Error::InvalidFormat(format!("unknown operation {elem:?}"))),
            None => match elem {
                "grayscale" => Ok(Step::Grayscale),
                "blur" => options
                    .blur_radius
                    .map(Step::Blur)
                    .ok_or_else(|| Error::InvalidFormat("blur needs options.blur-radius".into())),
                "apply-filter" => Ok(Step::Filter),
                "resize" => Err(Error::InvalidFormat(
                    "resize needs a size, as in resize:640x480".into(),
                )),
                "" => Err(Error::InvalidFormat("empty operation".into())),
                _ => Err(Error::InvalidFormat(format!("unknown operation {elem:?}"))),
            },
        })
        .collect()
}

/// Applies the steps left to right; the image moves into the first step,
/// since no step can be retried (see [`execute`]): copying it for a retry
/// would cost as much as a whole boundary crossing.
fn run_steps(steps: &[Step], options: &FilterOptions, image: Image) -> Result<Image, Error> {
    let mut cur = image;
    for step in steps {
        cur = match *step {
            Step::Grayscale => grayscale(cur),
            Step::Blur(r) => blur(cur, r),
            Step::Filter => apply_filter(cur, options),
            Step::Resize(w, h) => resize(cur, w, h),
        }?;
    }
    Ok(cur)
}

impl Scheduler {
    pub fn submit(&mut self, task: Task, log: &mut impl FnMut(String)) -> u64 {
        self.last_id += 1;
        let id = self.last_id;
        if self.pending.len() >= MAX_PENDING {
            self.tasks.insert(
                id,
                Entry {
                    status: Status::Failed,
                    task: None,
                    result: Some(Err(Error::OutOfMemory)),
                },
            );
            log(format!(
                "task {id} failed: out-of-memory: {MAX_PENDING} tasks are already pending"
            ));
            self.keep(id, log);
            return id;
        }
        self.tasks.insert(
            id,
            Entry {
                status: Status::Pending,
                task: Some(task),
                result: None,
            },
        );
        self.pending.push_back(id);
        log(format!("task {id} pending"));
        id
    }

    pub fn run_pending(&mut self, max: u32, log: &mut impl FnMut(String)) -> u32 {
        let mut ran = 0;
        while ran < max {
            let Some(id) = self.pending.pop_front() else {
                break;
            };
            let entry = self.tasks.get_mut(&id).expect("a pending task is known");
            entry.status = Status::Running;
            log(format!("task {id} pending -> running"));
            let task = entry.task.take().expect("a pending task has its task");
            let result = execute(id, task, log);
            let entry = self.tasks.get_mut(&id).expect("a running task is known");
            entry.status = if result.is_ok() {
                Status::Completed
            } else {
                Status::Failed
            };
            match &result {
                Ok(_) => log(format!("task {id} running -> completed")),
                Err(e) => log(format!("task {id} running -> failed: {}", wit_text(e))),
            }
            entry.result = Some(result);
            self.keep(id, log);
            ran += 1;
        }
        ran
    }

    pub fn get_result(
        &mut self,
        id: u64,
        log: &mut impl FnMut(String),
    ) -> Option<Result<Image, Error>> {
        let finished = self.tasks.get(&id).is_some_and(|e| e.result.is_some());
        if !finished {
            return None;
        }
        let entry = self.forget(id)?;
        log(format!("task {id} result returned; task forgotten"));
        entry.result
    }

    pub fn cancel(&mut self, id: u64, log: &mut impl FnMut(String)) -> bool {
        match self.tasks.get_mut(&id) {
            Some(entry) if entry.status == Status::Pending => {
                self.pending.retain(|&p| p != id);
                entry.task = None;
                entry.status = Status::Cancelled;
                entry.result = Some(Err(Error::ProcessingFailed(format!(
                    "task {id} was cancelled"
                ))));
                log(format!("task {id} pending -> cancelled"));
                self.keep(id, log);
                true
            }
            _ => false,
        }
    }

    pub fn status(&self, id: u64) -> Option<Status> {
        self.tasks.get(&id).map(|e| e.status)
    }

    fn keep(&mut self, id: u64, log: &mut impl FnMut(String)) {
        self.finished.push_back(id);
        while self.finished.len() > MAX_FINISHED {
            let oldest = self.finished[0];
            self.forget(oldest);
            log(format!(
                "task {oldest} forgotten: more than {MAX_FINISHED} finished results"
            ));
        }
    }

    fn forget(&mut self, id: u64) -> Option<Entry> {
        self.finished.retain(|&f| f != id);
        self.tasks.remove(&id)
    }
}

/// An error as the logs show it: the WIT case name, then the message (what
/// the Go scheduler logs, which the conformance vectors record).
fn wit_text(e: &Error) -> String {
    match e {
        Error::InvalidFormat(m) => format!("invalid-format: {m}"),
        Error::ProcessingFailed(m) => format!("processing-failed: {m}"),
        Error::OutOfMemory => "out-of-memory".into(),
    }
}

/// Runs a task. The contract retries `processing-failed` up to
/// [`MAX_ATTEMPTS`] times: that error comes from a failed call into another
/// component, and the operations here run in this one, where none of them
/// returns it (rust-image-ops' operations fail with `invalid-format` or
/// `out-of-memory` only, which are final). So there is one attempt, and the
/// task's image moves into it instead of being copied for a retry that
/// cannot happen; a `processing-failed` would be final here.
fn execute(id: u64, task: Task, log: &mut impl FnMut(String)) -> Result<Image, Error> {
    let steps = parse(&task.operation, &task.options)?;
    let result = run_steps(&steps, &task.options, task.image);
    if let Err(Error::ProcessingFailed(m)) = &result {
        log(format!(
            "task {id} attempt 1 of {MAX_ATTEMPTS} failed: processing-failed: {m}; not retried (in-process)"
        ));
    }
    result
}
