//! The C++ component alone (`codec-component`): it imports `types`, which
//! holds no functions, so the host has nothing to provide for it.

use std::path::Path;

use wasmtime::component::HasSelf;
use wasmtime::{Engine, Result, Store};

use super::convert::{convert_types, impl_codec};
use crate::api::{Codec, Instance, Target};
use crate::host::{self, HostState};
use crate::model::LogRecord;

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "codec-component",
});

use example::image_processing::types as wit;

convert_types!();

impl wit::Host for HostState {}

pub struct CodecTarget {
    engine: Engine,
    pre: CodecComponentPre<HostState>,
}

impl CodecTarget {
    pub fn new(engine: &Engine, path: &Path) -> Result<Self> {
        let (component, mut linker) = host::load(engine, path)?;
        CodecComponent::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |s| s)?;
        let pre = CodecComponentPre::new(linker.instantiate_pre(&component)?)?;
        Ok(Self {
            engine: engine.clone(),
            pre,
        })
    }
}

impl Target for CodecTarget {
    fn name(&self) -> &'static str {
        "codec"
    }

    fn interfaces(&self) -> &'static [&'static str] {
        &["codec"]
    }

    fn instantiate(&self) -> Result<Box<dyn Instance>> {
        let mut store = host::store(&self.engine, None);
        let bindings = self.pre.instantiate(&mut store)?;
        Ok(Box::new(CodecInstance { store, bindings }))
    }
}

struct CodecInstance {
    store: Store<HostState>,
    bindings: CodecComponent,
}

impl_codec!(CodecInstance, example_image_processing_codec);

impl Instance for CodecInstance {
    fn codec(&mut self) -> Option<&mut dyn Codec> {
        Some(self)
    }

    fn take_logs(&mut self) -> Vec<LogRecord> {
        Vec::new()
    }
}
