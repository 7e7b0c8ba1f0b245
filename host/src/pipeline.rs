//! One pipeline instance and the calls the host makes on it: each method is a
//! typed call through the component's exports.
//!
//! Pixels cross into the instance once and out once per task: a decoded
//! image becomes a `frame` (`frame.from-image`, the copy in), the task owns
//! it, the scheduler lends it to `image-ops.apply`, and the result frame
//! that `get-result` moves to the host becomes an image again with
//! `frame.into-image`, which consumes it (the copy out).
//!
//! Handles: every `ResourceAny` the host receives is moved on (into the
//! task's constructor, `submit`, `into-image`) or dropped, exactly once, and
//! [`Pipeline::live_handles`] counts those the host holds, so that tests can
//! see that none is left behind.
//!
//! Errors: a method's `Err` is either a `ComponentError` (the component
//! returned its WIT `error`; the instance is fine) or a [`Fault`](crate::limits::Fault): wasmtime
//! could not complete the call (deadline, memory limit, any other trap).
//! wasmtime never lets an instance that trapped be entered again, so the
//! pipeline drops that store and the next call runs in a fresh instance,
//! made from the pre-instantiated component: what the old instance held
//! (tasks, frames, their ids and handles) is gone with it, and the host never
//! drops a handle into it.

use anyhow::{bail, Result};
use wasmtime::component::ResourceAny;
use wasmtime::Store;

use crate::bindings::{ComponentError, Image, ImagePipeline, Step, TaskStatus};
use crate::engine::{HostState, Runtime};
use crate::limits::classify;

/// A scheduler task id (`task-id`).
pub type TaskId = u64;

/// A finished task's outcome, as `get-result` returns it, its frame read
/// back as an image.
pub type TaskResult = std::result::Result<Image, ComponentError>;

/// True if `error` is an `error` a component returned, false if the call
/// itself failed (the instance trapped and must be replaced).
pub fn is_component_error(error: &anyhow::Error) -> bool {
    error.downcast_ref::<ComponentError>().is_some()
}

/// An owned `task` handle not submitted yet: [`Pipeline::submit_task`] or
/// [`Pipeline::drop_task`] consumes it. It remembers its instance, so that
/// a handle that died with a trapped instance is never dropped into the
/// fresh one.
#[derive(Debug)]
pub struct Task {
    handle: ResourceAny,
    instance: u64,
}

pub struct Pipeline {
    runtime: Runtime,
    store: Store<HostState>,
    exports: ImagePipeline,
    /// The last call trapped: the next one needs a fresh instance.
    poisoned: bool,
    /// How many times the instance was replaced after a trap; also the
    /// current instance's number, which [`Task`]s carry.
    restarts: u64,
    /// Owned handles (frames, tasks) of the current instance that the host
    /// holds right now.
    live_handles: usize,
}

impl Pipeline {
    pub fn new(runtime: &Runtime) -> Result<Self> {
        let (store, exports) = runtime.instantiate()?;
        Ok(Self {
            runtime: runtime.clone(),
            store,
            exports,
            poisoned: false,
            restarts: 0,
            live_handles: 0,
        })
    }

    /// How many times a trapped instance was replaced by a fresh one.
    pub fn restarts(&self) -> u64 {
        self.restarts
    }

    /// Owned handles the host holds in the current instance: 0 between
    /// calls of this API unless a [`Task`] is out (made and not yet
    /// submitted or dropped).
    pub fn live_handles(&self) -> usize {
        self.live_handles
    }

    /// Runs one call on the instance under the runtime's limits, if it has
    /// any. A call that fails in wasmtime (a trap) becomes a
    /// [`Fault`](crate::limits::Fault), and poisons the instance: the next
    /// call instantiates a fresh one first.
    fn call<R>(
        &mut self,
        f: impl FnOnce(&mut Store<HostState>, &ImagePipeline) -> wasmtime::Result<R>,
    ) -> Result<R> {
        if self.poisoned {
            let (store, exports) = self.runtime.instantiate()?;
            (self.store, self.exports) = (store, exports);
            self.poisoned = false;
            self.restarts += 1;
        }
        let limits = self.runtime.limits().copied();
        if let Some(limits) = &limits {
            self.store.data_mut().start_call(limits);
        }
        let refused_before = self.store.data().memory().refused();
        f(&mut self.store, &self.exports).map_err(|e| {
            let e = anyhow::Error::from(e);
            let refused = self.store.data().memory().refused() > refused_before;
            self.poisoned = true;
            // Every handle of the instance died with it.
            self.live_handles = 0;
            // Unlimited, nothing is refused or interrupted: the limits
            // `classify` would name are never read.
            anyhow::Error::new(classify(&e, refused, &limits.unwrap_or_default()))
        })
    }

    /// The store's host-side state: memory and resource-table figures.
    pub fn host_state(&mut self) -> &mut HostState {
        self.store.data_mut()
    }

    /// `codec.decode`.
    pub fn decode(&mut self, data: &[u8]) -> Result<Image> {
        Ok(self
            .call(|store, e| e.example_image_processing_codec().call_decode(store, data))?
            .map_err(ComponentError)?)
    }

    /// `codec.encode`.
    pub fn encode(&mut self, image: &Image, format: &str) -> Result<Vec<u8>> {
        Ok(self
            .call(|store, e| {
                e.example_image_processing_codec()
                    .call_encode(store, image, format)
            })?
            .map_err(ComponentError)?)
    }

    /// `codec.supported-formats`.
    pub fn supported_formats(&mut self) -> Result<Vec<crate::format::FileFormat>> {
        self.call(|store, e| {
            e.example_image_processing_codec()
                .call_supported_formats(store)
        })
    }

    /// `frame.from-image`: the image's pixels into image-ops (the one copy
    /// in); an invalid image is image-ops' `invalid-format` or
    /// `out-of-memory`.
    fn frame_from_image(&mut self, image: &Image) -> Result<ResourceAny> {
        let frame = self
            .call(|store, e| {
                e.example_image_processing_image_ops()
                    .frame()
                    .call_from_image(store, image)
            })?
            .map_err(ComponentError)?;
        self.live_handles += 1;
        Ok(frame)
    }

    /// `frame.into-image`: consumes `frame` (gone whatever the outcome) and
    /// returns its pixels (the one copy out).
    fn frame_into_image(&mut self, frame: ResourceAny) -> Result<Image> {
        let image = self.call(|store, e| {
            e.example_image_processing_image_ops()
                .frame()
                .call_into_image(store, frame)
        })?;
        self.live_handles -= 1;
        Ok(image.map_err(ComponentError)?)
    }

    /// Drops a frame the host owns.
    fn drop_frame(&mut self, frame: ResourceAny) -> Result<()> {
        self.call(|store, _| frame.resource_drop(store))?;
        self.live_handles -= 1;
        Ok(())
    }

    /// The `task` constructor on a frame of `image`: an owned handle, to
    /// submit or to drop. The frame moves into the task.
    pub fn create_task(&mut self, image: &Image, steps: &[Step]) -> Result<Task> {
        let frame = self.frame_from_image(image)?;
        let handle = self.call(|store, e| {
            e.example_image_processing_scheduler()
                .task()
                .call_constructor(store, frame, steps)
        })?;
        // The frame moved in, the task came out: one handle either way.
        Ok(Task {
            handle,
            instance: self.restarts,
        })
    }

    /// Drops a task that was never submitted (the component's destructor
    /// runs and drops its frame). A task of an instance that trapped died
    /// with it: nothing to drop.
    #[allow(clippy::needless_pass_by_value)] // the task is gone after: moved in
    pub fn drop_task(&mut self, task: Task) -> Result<()> {
        if self.poisoned || task.instance != self.restarts {
            return Ok(());
        }
        self.call(|store, _| task.handle.resource_drop(store))?;
        self.live_handles -= 1;
        Ok(())
    }

    /// `submit`: hands the task over to the scheduler, which then owns it
    /// and its frame.
    #[allow(clippy::needless_pass_by_value)] // ownership moves to the scheduler
    pub fn submit_task(&mut self, task: Task) -> Result<TaskId> {
        if task.instance != self.restarts {
            bail!("the task's instance trapped: the task is gone with it");
        }
        let id = self.call(|store, e| {
            e.example_image_processing_scheduler()
                .call_submit(store, task.handle)
        })?;
        self.live_handles -= 1;
        Ok(id)
    }

    /// Creates a task on a frame of `image` and submits it.
    pub fn submit(&mut self, image: &Image, steps: &[Step]) -> Result<TaskId> {
        let task = self.create_task(image, steps)?;
        self.submit_task(task)
    }

    /// `run-pending`.
    pub fn run_pending(&mut self, max: u32) -> Result<u32> {
        self.call(|store, e| {
            e.example_image_processing_scheduler()
                .call_run_pending(store, max)
        })
    }

    /// `get-result`: `None` while pending or running, and for unknown ids.
    /// A completed task's frame, moved to the host, is read back and
    /// consumed by `into-image`, so the host keeps no handle.
    pub fn get_result(&mut self, id: TaskId) -> Result<Option<TaskResult>> {
        let result = self.call(|store, e| {
            e.example_image_processing_scheduler()
                .call_get_result(store, id)
        })?;
        Ok(match result {
            None => None,
            Some(Err(error)) => Some(Err(ComponentError(error))),
            Some(Ok(frame)) => {
                self.live_handles += 1;
                match self.frame_into_image(frame) {
                    Ok(image) => Some(Ok(image)),
                    // A component's error is the task's result; a fault is not.
                    Err(e) => Some(Err(e.downcast::<ComponentError>()?)),
                }
            }
        })
    }

    /// `cancel`.
    pub fn cancel(&mut self, id: TaskId) -> Result<bool> {
        self.call(|store, e| {
            e.example_image_processing_scheduler()
                .call_cancel(store, id)
        })
    }

    /// `status`.
    pub fn status(&mut self, id: TaskId) -> Result<Option<TaskStatus>> {
        self.call(|store, e| {
            e.example_image_processing_scheduler()
                .call_status(store, id)
        })
    }

    /// Creates a scheduler task, submits it, runs it and returns its result:
    /// the sequence every caller of the scheduler makes for one image (the
    /// CLI's `process`, `bench-runner`'s pipeline column). One call each of
    /// submit, `run-pending` and `get-result` when the task runs once; a
    /// task the scheduler retries is pending again, so it runs again.
    pub fn run_task(&mut self, image: &Image, steps: &[Step]) -> Result<Image> {
        let id = self.submit(image, steps)?;
        loop {
            let ran = self.run_pending(1)?;
            if let Some(result) = self.get_result(id)? {
                return Ok(result?);
            }
            if ran == 0 {
                bail!("task {id} neither finished nor ran: the scheduler broke its contract");
            }
        }
    }

    /// `steps` on a frame of `image` through `image-ops.apply`, no
    /// scheduler: from-image, apply, drop the source frame, into-image.
    /// The same two copies of the pixels as [`Pipeline::run_task`].
    pub fn apply(&mut self, image: &Image, steps: &[Step]) -> Result<Image> {
        let src = self.frame_from_image(image)?;
        // `src` is only borrowed: it stays ours whatever `apply` returns.
        let out = self.call(|store, e| {
            e.example_image_processing_image_ops()
                .call_apply(store, src, steps)
        })?;
        self.drop_frame(src)?;
        let out = out.map_err(ComponentError)?;
        self.live_handles += 1;
        self.frame_into_image(out)
    }

    /// `step` as its by-value `image-ops` function (`grayscale`, `blur`,
    /// `resize`, `apply-filter`): the pixels cross in and out on every
    /// call, the baseline that the frame path is measured against. A step
    /// with no by-value function (one added to the contract since, which
    /// only `apply` runs) is an error, before any call.
    pub fn apply_by_value(&mut self, image: &Image, step: Step) -> Result<Image> {
        let result = self.call(|store, e| {
            let ops = e.example_image_processing_image_ops();
            Ok(Some(match step {
                Step::Grayscale => ops.call_grayscale(store, image)?,
                Step::Blur(radius) => ops.call_blur(store, image, radius)?,
                Step::Resize(size) => ops.call_resize(store, image, size.width, size.height)?,
                Step::Filter(options) => ops.call_apply_filter(store, image, options)?,
                // Unreachable today; a new step compiles without an arm here.
                #[allow(unreachable_patterns)]
                _ => return Ok(None),
            }))
        })?;
        let Some(result) = result else {
            bail!("{step:?} has no by-value function in image-ops: run it with apply");
        };
        Ok(result.map_err(ComponentError)?)
    }
}
