//! The Rust component alone (`image-ops-component`): no imports.

use std::path::Path;

use wasmtime::{Engine, Result, Store};

use wasmtime::component::ResourceAny;

use super::convert::{convert_types, impl_frames, impl_image_ops};
use crate::api::{Frames, ImageOps, Instance, Target};
use crate::host::{self, HostState};
use crate::model::LogRecord;

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "image-ops-component",
});

use exports::example::image_processing::types as wit;

convert_types!();

pub struct ImageOpsTarget {
    engine: Engine,
    pre: ImageOpsComponentPre<HostState>,
}

impl ImageOpsTarget {
    pub fn new(engine: &Engine, path: &Path) -> Result<Self> {
        let (component, linker) = host::load(engine, path)?;
        let pre = ImageOpsComponentPre::new(linker.instantiate_pre(&component)?)?;
        Ok(Self {
            engine: engine.clone(),
            pre,
        })
    }

    /// A fresh instance, typed: the scheduler-alone target forwards its
    /// `image-ops` import to one.
    pub fn instance(&self) -> Result<ImageOpsInstance> {
        let mut store = host::store(&self.engine, None);
        let bindings = self.pre.instantiate(&mut store)?;
        Ok(ImageOpsInstance { store, bindings })
    }
}

impl Target for ImageOpsTarget {
    fn name(&self) -> &'static str {
        "image-ops"
    }

    fn interfaces(&self) -> &'static [&'static str] {
        &["image-ops"]
    }

    fn instantiate(&self) -> Result<Box<dyn Instance>> {
        Ok(Box::new(self.instance()?))
    }
}

pub struct ImageOpsInstance {
    store: Store<HostState>,
    bindings: ImageOpsComponent,
}

// The scheduler-alone target keeps one in its store's data.
const _: fn() = || {
    fn is_send<T: Send>() {}
    is_send::<ImageOpsInstance>();
};

impl_image_ops!(ImageOpsInstance, example_image_processing_image_ops);
impl_frames!(ImageOpsInstance, example_image_processing_image_ops);

impl ImageOpsInstance {
    /// Drops a frame handle this instance made.
    pub fn drop_frame(&mut self, frame: ResourceAny) -> Result<()> {
        frame.resource_drop(&mut self.store)
    }
}

impl Instance for ImageOpsInstance {
    fn image_ops(&mut self) -> Option<&mut dyn ImageOps> {
        Some(self)
    }

    fn frames(&mut self) -> Option<&mut dyn Frames> {
        Some(self)
    }

    fn drop_handle(&mut self, handle: ResourceAny) -> Result<()> {
        self.drop_frame(handle)
    }

    fn take_logs(&mut self) -> Vec<LogRecord> {
        Vec::new()
    }
}
