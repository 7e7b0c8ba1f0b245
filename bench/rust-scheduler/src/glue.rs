//! The component's exports: WIT types ⇄ the crate's types, image-ops as
//! rust-image-ops exports it, and the scheduler over one instance-wide
//! [`Scheduler`].

#![allow(unsafe_code)] // The generated bindings are `unsafe` canonical-ABI glue.

mod bindings {
    wit_bindgen::generate!({
        path: ["../../wit", "wit"],
        world: "bench:one-component/ops-and-scheduler",
        generate_all,
    });
}

use crate::scheduler::{Scheduler, Status, Task};
use bindings::exports::example::image_processing::image_ops::{self as wit, Guest as OpsGuest};
use bindings::exports::example::image_processing::scheduler::{
    self as sched, Guest as SchedGuest, GuestTask, TaskStatus,
};
use bindings::wasi::logging::logging::{log, Level};
use std::cell::RefCell;

struct Component;

impl From<wit::Image> for crate::Image {
    fn from(img: wit::Image) -> Self {
        Self::new(img.width, img.height, img.channels, img.data)
    }
}

impl From<crate::Image> for wit::Image {
    fn from(img: crate::Image) -> Self {
        Self {
            width: img.width,
            height: img.height,
            channels: img.channels,
            data: img.data,
        }
    }
}

impl From<crate::Error> for wit::Error {
    fn from(err: crate::Error) -> Self {
        match err {
            crate::Error::InvalidFormat(m) => Self::InvalidFormat(m),
            crate::Error::ProcessingFailed(m) => Self::ProcessingFailed(m),
            crate::Error::OutOfMemory => Self::OutOfMemory,
        }
    }
}

impl From<wit::FilterOptions> for crate::FilterOptions {
    fn from(opts: wit::FilterOptions) -> Self {
        Self {
            brightness: opts.brightness,
            contrast: opts.contrast,
            blur_radius: opts.blur_radius,
        }
    }
}

fn lower(result: Result<crate::Image, crate::Error>) -> Result<wit::Image, wit::Error> {
    result.map(Into::into).map_err(Into::into)
}

impl OpsGuest for Component {
    fn grayscale(img: wit::Image) -> Result<wit::Image, wit::Error> {
        lower(crate::grayscale(img.into()))
    }

    fn blur(img: wit::Image, radius: u32) -> Result<wit::Image, wit::Error> {
        lower(crate::blur(img.into(), radius))
    }

    fn resize(img: wit::Image, width: u32, height: u32) -> Result<wit::Image, wit::Error> {
        lower(crate::resize(img.into(), width, height))
    }

    fn apply_filter(img: wit::Image, opts: wit::FilterOptions) -> Result<wit::Image, wit::Error> {
        lower(crate::apply_filter(img.into(), &opts.into()))
    }

    fn batch_process(
        images: Vec<wit::Image>,
        opts: wit::FilterOptions,
    ) -> Result<Vec<wit::Image>, wit::Error> {
        let images = images.into_iter().map(Into::into).collect();
        crate::batch_process(images, &opts.into())
            .map(|out| out.into_iter().map(Into::into).collect())
            .map_err(Into::into)
    }
}

thread_local! {
    static SCHEDULER: RefCell<Scheduler> = RefCell::new(Scheduler::default());
}

fn debug(message: String) {
    log(Level::Debug, "scheduler", &message);
}

/// The `task` resource: what its constructor received, until `submit`.
pub struct TaskResource(Task);

impl GuestTask for TaskResource {
    fn new(img: wit::Image, operation: String, options: wit::FilterOptions) -> Self {
        Self(Task {
            image: img.into(),
            operation,
            options: options.into(),
        })
    }
}

impl SchedGuest for Component {
    type Task = TaskResource;

    fn submit(task: sched::Task) -> u64 {
        let task = task.into_inner::<TaskResource>().0;
        SCHEDULER.with_borrow_mut(|s| s.submit(task, &mut debug))
    }

    fn run_pending(max: u32) -> u32 {
        SCHEDULER.with_borrow_mut(|s| s.run_pending(max, &mut debug))
    }

    fn get_result(id: u64) -> Option<Result<wit::Image, wit::Error>> {
        SCHEDULER
            .with_borrow_mut(|s| s.get_result(id, &mut debug))
            .map(lower)
    }

    fn cancel(id: u64) -> bool {
        SCHEDULER.with_borrow_mut(|s| s.cancel(id, &mut debug))
    }

    fn status(id: u64) -> Option<TaskStatus> {
        SCHEDULER
            .with_borrow(|s| s.status(id))
            .map(|status| match status {
                Status::Pending => TaskStatus::Pending,
                Status::Running => TaskStatus::Running,
                Status::Completed => TaskStatus::Completed,
                Status::Failed => TaskStatus::Failed,
                Status::Cancelled => TaskStatus::Cancelled,
            })
    }
}

bindings::export!(Component with_types_in bindings);
