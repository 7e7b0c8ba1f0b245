//! The composed `image-pipeline` world: every interface in one component.

use std::path::Path;

use wasmtime::component::{HasSelf, ResourceAny};
use wasmtime::{Engine, Result, Store};

use super::convert::{convert_types, impl_codec, impl_frames, impl_image_ops, impl_scheduler};
use crate::api::{Codec, Frames, ImageOps, Instance, Scheduler, Target};
use crate::host::{self, HostState};
use crate::model::LogRecord;

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "image-pipeline",
});

use exports::example::image_processing::scheduler as sched;
use exports::example::image_processing::types as wit;
use wasi::logging::logging::{Host as Logging, Level};

convert_types!();

/// `wasi:logging`, which the composition imports: the records are kept for
/// the report (the scheduler-alone world shares this implementation).
impl Logging for HostState {
    fn log(&mut self, level: Level, context: String, message: String) {
        let level = match level {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Critical => "critical",
        };
        self.logs.push((level.to_owned(), context, message));
    }
}

pub struct PipelineTarget {
    engine: Engine,
    pre: ImagePipelinePre<HostState>,
}

impl PipelineTarget {
    pub fn new(engine: &Engine, path: &Path) -> Result<Self> {
        let (component, mut linker) = host::load(engine, path)?;
        ImagePipeline::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |s| s)?;
        let pre = ImagePipelinePre::new(linker.instantiate_pre(&component)?)?;
        Ok(Self {
            engine: engine.clone(),
            pre,
        })
    }
}

impl Target for PipelineTarget {
    fn name(&self) -> &'static str {
        "pipeline"
    }

    fn interfaces(&self) -> &'static [&'static str] {
        &["image-ops", "codec", "scheduler"]
    }

    fn instantiate(&self) -> Result<Box<dyn Instance>> {
        let mut store = host::store(&self.engine, None);
        let bindings = self.pre.instantiate(&mut store)?;
        Ok(Box::new(PipelineInstance { store, bindings }))
    }
}

struct PipelineInstance {
    store: Store<HostState>,
    bindings: ImagePipeline,
}

impl_image_ops!(PipelineInstance, example_image_processing_image_ops);
impl_frames!(PipelineInstance, example_image_processing_image_ops);
impl_codec!(PipelineInstance, example_image_processing_codec);
impl_scheduler!(PipelineInstance, example_image_processing_scheduler);

impl Instance for PipelineInstance {
    fn image_ops(&mut self) -> Option<&mut dyn ImageOps> {
        Some(self)
    }

    fn frames(&mut self) -> Option<&mut dyn Frames> {
        Some(self)
    }

    fn codec(&mut self) -> Option<&mut dyn Codec> {
        Some(self)
    }

    /// Frames and tasks are both the guests' resources: `resource_drop`
    /// runs their destructors. (Frames inside the composition are not
    /// visible to the host, so there is no `frames_alive` here.)
    fn drop_handle(&mut self, handle: ResourceAny) -> Result<()> {
        handle.resource_drop(&mut self.store)
    }

    fn scheduler(&mut self) -> Option<&mut dyn Scheduler> {
        Some(self)
    }

    fn take_logs(&mut self) -> Vec<LogRecord> {
        std::mem::take(&mut self.store.data_mut().logs)
    }
}
