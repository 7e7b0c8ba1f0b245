//! The four targets: the composed pipeline and each component alone. A
//! target compiles its component once and instantiates it afresh for every
//! vector; all of them are called the same way (`execute`), by name.

use std::path::Path;

use wasmtime::component::{Component, InstancePre};
use wasmtime::{Engine, Result};

use crate::component::Loaded;
use crate::execute::Instance;
use crate::forward::{self, SchedulerAlone};
use crate::host::{self, HostState};

pub struct Target {
    /// The name in the report: `pipeline`, or the component's interface.
    pub name: &'static str,
    /// The interfaces whose vectors this target runs.
    pub interfaces: &'static [&'static str],
    engine: Engine,
    component: Component,
    pre: InstancePre<HostState>,
    /// The scheduler alone: the target its `image-ops` import is forwarded to.
    forward_to: Option<Box<Target>>,
}

impl Target {
    pub fn new(
        engine: &Engine,
        name: &'static str,
        interfaces: &'static [&'static str],
        path: &Path,
        forward_to: Option<Target>,
    ) -> Result<Self> {
        let (component, mut linker) = host::load(engine, path)?;
        if forward_to.is_some() {
            forward::add_to_linker(&mut linker, &component, engine)?;
        }
        let pre = linker.instantiate_pre(&component)?;
        Ok(Self {
            name,
            interfaces,
            engine: engine.clone(),
            component,
            pre,
            forward_to: forward_to.map(Box::new),
        })
    }

    fn loaded(&self) -> Result<Loaded> {
        let image_ops = match &self.forward_to {
            Some(target) => Some(Box::new(target.loaded()?)),
            None => None,
        };
        let mut store = host::store(&self.engine, image_ops);
        let instance = self.pre.instantiate(&mut store)?;
        Ok(Loaded::new(store, instance, &self.component))
    }

    pub fn instantiate(&self) -> Result<Box<dyn Instance>> {
        let loaded = self.loaded()?;
        Ok(match self.forward_to {
            Some(_) => Box::new(SchedulerAlone::new(loaded)),
            None => Box::new(loaded),
        })
    }
}
