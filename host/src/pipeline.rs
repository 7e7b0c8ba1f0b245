//! One pipeline instance and the calls the host makes on it: each method is a
//! typed call through the component's exports.
//!
//! Errors: a method's `Err` is either a `ComponentError` (the component
//! returned its WIT `error`; the instance is fine) or anything else, which
//! means wasmtime could not complete the call (a trap): an instance that
//! trapped cannot be entered again, see [`is_component_error`].

use anyhow::{bail, Result};
use wasmtime::component::ResourceAny;
use wasmtime::Store;

use crate::bindings::{ComponentError, FilterOptions, Image, ImagePipeline, TaskStatus};
use crate::engine::{HostState, Runtime};

/// A scheduler task id (`task-id`).
pub type TaskId = u64;

/// A finished task's outcome, as `get-result` returns it.
pub type TaskResult = std::result::Result<Image, ComponentError>;

/// True if `error` is an `error` a component returned, false if the call
/// itself failed (the instance trapped and must be replaced).
pub fn is_component_error(error: &anyhow::Error) -> bool {
    error.downcast_ref::<ComponentError>().is_some()
}

pub struct Pipeline {
    store: Store<HostState>,
    exports: ImagePipeline,
}

impl Pipeline {
    pub fn new(runtime: &Runtime) -> Result<Self> {
        let (store, exports) = runtime.instantiate()?;
        Ok(Self { store, exports })
    }

    /// The store's host-side state: memory and resource-table figures.
    pub fn host_state(&mut self) -> &mut HostState {
        self.store.data_mut()
    }

    /// `codec.decode`.
    pub fn decode(&mut self, data: &[u8]) -> Result<Image> {
        let codec = self.exports.example_image_processing_codec();
        Ok(codec
            .call_decode(&mut self.store, data)?
            .map_err(ComponentError)?)
    }

    /// `codec.encode`.
    pub fn encode(&mut self, image: &Image, format: &str) -> Result<Vec<u8>> {
        let codec = self.exports.example_image_processing_codec();
        Ok(codec
            .call_encode(&mut self.store, image, format)?
            .map_err(ComponentError)?)
    }

    /// The `task` constructor: an owned handle, to submit or to drop.
    pub fn create_task(
        &mut self,
        image: &Image,
        operation: &str,
        options: FilterOptions,
    ) -> Result<ResourceAny> {
        let scheduler = self.exports.example_image_processing_scheduler();
        Ok(scheduler
            .task()
            .call_constructor(&mut self.store, image, operation, options)?)
    }

    /// Drops a task that was never submitted (the component's destructor runs).
    pub fn drop_task(&mut self, task: ResourceAny) -> Result<()> {
        Ok(task.resource_drop(&mut self.store)?)
    }

    /// `submit`: hands the task over to the scheduler.
    pub fn submit_task(&mut self, task: ResourceAny) -> Result<TaskId> {
        let scheduler = self.exports.example_image_processing_scheduler();
        Ok(scheduler.call_submit(&mut self.store, task)?)
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
        let scheduler = self.exports.example_image_processing_scheduler();
        Ok(scheduler.call_run_pending(&mut self.store, max)?)
    }

    /// `get-result`: `None` while pending or running, and for unknown ids.
    pub fn get_result(&mut self, id: TaskId) -> Result<Option<TaskResult>> {
        let scheduler = self.exports.example_image_processing_scheduler();
        let result = scheduler.call_get_result(&mut self.store, id)?;
        Ok(result.map(|r| r.map_err(ComponentError)))
    }

    /// `cancel`.
    pub fn cancel(&mut self, id: TaskId) -> Result<bool> {
        let scheduler = self.exports.example_image_processing_scheduler();
        Ok(scheduler.call_cancel(&mut self.store, id)?)
    }

    /// `status`.
    pub fn status(&mut self, id: TaskId) -> Result<Option<TaskStatus>> {
        let scheduler = self.exports.example_image_processing_scheduler();
        Ok(scheduler.call_status(&mut self.store, id)?)
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
