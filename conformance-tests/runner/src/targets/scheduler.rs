//! The Go component alone (`scheduler-component`). Its `image-ops` import is
//! served by the host, which forwards every call to a fresh instance of the
//! Rust component (in a store of its own), so that the scheduler's
//! behaviour is checked without wac's composition.

use std::path::Path;

use wasmtime::component::HasSelf;
use wasmtime::{Engine, Result, Store};

use super::convert::{convert_types, impl_scheduler};
use super::image_ops::ImageOpsTarget;
use crate::api::{Instance, Scheduler, Target};
use crate::host::{self, HostState};
use crate::model::LogRecord;

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "scheduler-component",
    // A trap in the forwarded call is a trap of the scheduler's call.
    imports: { "example:image-processing/image-ops": trappable },
    with: { "wasi:logging/logging": super::pipeline::wasi::logging::logging },
});

use example::image_processing::image_ops::Host as ImageOpsImport;
use example::image_processing::types as wit;
use exports::example::image_processing::scheduler as sched;

convert_types!();

impl wit::Host for HostState {}

type Forwarded<T> = Result<std::result::Result<T, wit::Error>>;

impl HostState {
    fn forward(&mut self) -> Result<&mut (dyn crate::api::ImageOps + Send + 'static)> {
        self.image_ops
            .as_deref_mut()
            .ok_or_else(|| wasmtime::format_err!("no image-ops instance to forward to"))
    }
}

impl ImageOpsImport for HostState {
    fn grayscale(&mut self, img: wit::Image) -> Forwarded<wit::Image> {
        let r = self.forward()?.grayscale(img.into())?;
        Ok(r.map(Into::into).map_err(Into::into))
    }

    fn blur(&mut self, img: wit::Image, radius: u32) -> Forwarded<wit::Image> {
        let r = self.forward()?.blur(img.into(), radius)?;
        Ok(r.map(Into::into).map_err(Into::into))
    }

    fn resize(&mut self, img: wit::Image, width: u32, height: u32) -> Forwarded<wit::Image> {
        let r = self.forward()?.resize(img.into(), width, height)?;
        Ok(r.map(Into::into).map_err(Into::into))
    }

    fn apply_filter(&mut self, img: wit::Image, opts: wit::FilterOptions) -> Forwarded<wit::Image> {
        let r = self.forward()?.apply_filter(img.into(), opts.into())?;
        Ok(r.map(Into::into).map_err(Into::into))
    }

    fn batch_process(
        &mut self,
        images: Vec<wit::Image>,
        opts: wit::FilterOptions,
    ) -> Forwarded<Vec<wit::Image>> {
        let images = images.into_iter().map(Into::into).collect();
        let r = self.forward()?.batch_process(images, opts.into())?;
        Ok(r.map(|list| list.into_iter().map(Into::into).collect())
            .map_err(Into::into))
    }
}

pub struct SchedulerTarget {
    engine: Engine,
    pre: SchedulerComponentPre<HostState>,
    image_ops: ImageOpsTarget,
}

impl SchedulerTarget {
    pub fn new(engine: &Engine, path: &Path, image_ops: ImageOpsTarget) -> Result<Self> {
        let (component, mut linker) = host::load(engine, path)?;
        SchedulerComponent::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |s| s)?;
        let pre = SchedulerComponentPre::new(linker.instantiate_pre(&component)?)?;
        Ok(Self {
            engine: engine.clone(),
            pre,
            image_ops,
        })
    }
}

impl Target for SchedulerTarget {
    fn name(&self) -> &'static str {
        "scheduler"
    }

    fn interfaces(&self) -> &'static [&'static str] {
        &["scheduler"]
    }

    fn instantiate(&self) -> Result<Box<dyn Instance>> {
        let image_ops = Box::new(self.image_ops.instance()?);
        let mut store = host::store(&self.engine, Some(image_ops));
        let bindings = self.pre.instantiate(&mut store)?;
        Ok(Box::new(SchedulerInstance { store, bindings }))
    }
}

struct SchedulerInstance {
    store: Store<HostState>,
    bindings: SchedulerComponent,
}

impl_scheduler!(SchedulerInstance, example_image_processing_scheduler);

impl Instance for SchedulerInstance {
    fn scheduler(&mut self) -> Option<&mut dyn Scheduler> {
        Some(self)
    }

    fn take_logs(&mut self) -> Vec<LogRecord> {
        std::mem::take(&mut self.store.data_mut().logs)
    }
}
