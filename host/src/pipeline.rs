//! One pipeline instance and the calls the CLI makes on it: each method is a
//! typed call through the component's exports.

use anyhow::{bail, Result};
use wasmtime::Store;

use crate::bindings::{ComponentError, FilterOptions, Image, ImagePipeline};
use crate::engine::{HostState, Runtime};

pub struct Pipeline {
    store: Store<HostState>,
    exports: ImagePipeline,
}

impl Pipeline {
    pub fn new(runtime: &Runtime) -> Result<Self> {
        let (store, exports) = runtime.instantiate()?;
        Ok(Self { store, exports })
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

    /// Creates a scheduler task, submits it, runs it and returns its result.
    pub fn run_task(
        &mut self,
        image: &Image,
        operation: &str,
        options: FilterOptions,
    ) -> Result<Image> {
        let scheduler = self.exports.example_image_processing_scheduler();
        let task = scheduler
            .task()
            .call_constructor(&mut self.store, image, operation, options)?;
        let id = scheduler.call_submit(&mut self.store, task)?;
        loop {
            if let Some(result) = scheduler.call_get_result(&mut self.store, id)? {
                return Ok(result.map_err(ComponentError)?);
            }
            if scheduler.call_run_pending(&mut self.store, 1)? == 0 {
                bail!("task {id} neither finished nor ran: the scheduler broke its contract");
            }
        }
    }
}
