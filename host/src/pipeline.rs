//! One pipeline instance and the calls the host makes on it: each method is a
//! typed call through the component's exports.
//!
//! Errors: a method's `Err` is either a `ComponentError` (the component
//! returned its WIT `error`; the instance is fine) or a [`Fault`]: wasmtime
//! could not complete the call (deadline, memory limit, any other trap).
//! wasmtime never lets an instance that trapped be entered again, so the
//! pipeline drops that store and the next call runs in a fresh instance,
//! made from the pre-instantiated component: what the old instance held
//! (tasks, their ids and handles) is gone with it.

use anyhow::{bail, Result};
use wasmtime::component::ResourceAny;
use wasmtime::Store;

use crate::bindings::{ComponentError, FilterOptions, Image, ImagePipeline, TaskStatus};
use crate::engine::{HostState, Runtime};
use crate::limits::{classify, Fault};

/// A scheduler task id (`task-id`).
pub type TaskId = u64;

/// A finished task's outcome, as `get-result` returns it.
pub type TaskResult = std::result::Result<Image, ComponentError>;

/// True if `error` is an `error` a component returned, false if the call
/// itself failed (the instance trapped and must be replaced).
pub fn is_component_error(error: &anyhow::Error) -> bool {
    error.downcast_ref::<ComponentError>().is_some()
}

/// The [`Fault`] that made a call fail, if it was one (not a component's
/// `error`).
pub fn fault_of(error: &anyhow::Error) -> Option<&Fault> {
    crate::limits::find_fault(error)
}

pub struct Pipeline {
    runtime: Runtime,
    store: Store<HostState>,
    exports: ImagePipeline,
    /// The last call trapped: the next one needs a fresh instance.
    poisoned: bool,
    /// How many times the instance was replaced after a trap.
    restarts: u64,
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
        })
    }

    /// How many times a trapped instance was replaced by a fresh one.
    pub fn restarts(&self) -> u64 {
        self.restarts
    }

    /// Runs one call on the instance under the runtime's limits. A call that
    /// fails in wasmtime (a trap) becomes a [`Fault`], and poisons the
    /// instance: the next call instantiates a fresh one first.
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
        let limits = *self.runtime.limits();
        self.store.data_mut().start_call(&limits);
        let refused_before = self.store.data().memory().refused();
        f(&mut self.store, &self.exports).map_err(|e| {
            let e = anyhow::Error::from(e);
            let refused = self.store.data().memory().refused() > refused_before;
            self.poisoned = true;
            anyhow::Error::new(classify(&e, refused, &limits))
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

    /// The `task` constructor: an owned handle, to submit or to drop.
    pub fn create_task(
        &mut self,
        image: &Image,
        operation: &str,
        options: FilterOptions,
    ) -> Result<ResourceAny> {
        self.call(|store, e| {
            e.example_image_processing_scheduler()
                .task()
                .call_constructor(store, image, operation, options)
        })
    }

    /// Drops a task that was never submitted (the component's destructor runs).
    pub fn drop_task(&mut self, task: ResourceAny) -> Result<()> {
        if self.poisoned {
            // The task died with the instance that trapped.
            return Ok(());
        }
        self.call(|store, _| task.resource_drop(store))
    }

    /// `submit`: hands the task over to the scheduler.
    pub fn submit_task(&mut self, task: ResourceAny) -> Result<TaskId> {
        self.call(|store, e| {
            e.example_image_processing_scheduler()
                .call_submit(store, task)
        })
    }

    /// Creates a task and submits it.
    pub fn submit(
        &mut self,
        image: &Image,
        operation: &str,
        options: FilterOptions,
    ) -> Result<TaskId> {
        let task = self.create_task(image, operation, options)?;
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
    pub fn get_result(&mut self, id: TaskId) -> Result<Option<TaskResult>> {
        let result = self.call(|store, e| {
            e.example_image_processing_scheduler()
                .call_get_result(store, id)
        })?;
        Ok(result.map(|r| r.map_err(ComponentError)))
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

    /// Creates a scheduler task, submits it, runs it and returns its result.
    pub fn run_task(
        &mut self,
        image: &Image,
        operation: &str,
        options: FilterOptions,
    ) -> Result<Image> {
        let id = self.submit(image, operation, options)?;
        loop {
            if let Some(result) = self.get_result(id)? {
                return Ok(result?);
            }
            if self.run_pending(1)? == 0 {
                bail!("task {id} neither finished nor ran: the scheduler broke its contract");
            }
        }
    }
}
