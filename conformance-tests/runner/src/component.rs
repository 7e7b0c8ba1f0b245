//! One instance of a component, called by name through wasmtime's dynamic
//! component API (`Func` and `Val`): the runner needs no bindings, so a
//! function the WIT gains is callable by the vectors as soon as the
//! component exports it.

use wasmtime::component::types::ComponentItem;
use wasmtime::component::{
    Component, ComponentExportIndex, Func, Instance, ResourceAny, ResourceType, Type, Val,
};
use wasmtime::{format_err, Result, Store};

use crate::execute::Instance as Callable;
use crate::host::HostState;
use crate::model::LogRecord;

/// A function found by name, with its parameters' names and types.
pub struct Export {
    pub func: Func,
    pub params: Vec<(String, Type)>,
    /// Found in the instance another one's imports are forwarded to.
    pub forwarded: bool,
}

pub struct Loaded {
    pub store: Store<HostState>,
    instance: Instance,
    /// Every exported interface by its short name (`image-ops`).
    interfaces: Vec<(String, ComponentExportIndex)>,
    /// Every exported resource type, by its WIT name (`frame`, `task`).
    resources: Vec<(String, ResourceType)>,
}

impl Loaded {
    pub fn new(mut store: Store<HostState>, instance: Instance, component: &Component) -> Self {
        let (mut interfaces, mut resources) = (Vec::new(), Vec::new());
        let engine = store.engine().clone();
        for (export, item) in component.component_type().exports(&engine) {
            let ComponentItem::ComponentInstance(exports) = item.ty else {
                continue;
            };
            let (Some(short), Some(outer)) = (
                interface_of(export),
                instance.get_export_index(&mut store, None, export),
            ) else {
                continue;
            };
            for (name, item) in exports.exports(&engine) {
                if !matches!(item.ty, ComponentItem::Resource(_)) {
                    continue;
                }
                let index = instance.get_export_index(&mut store, Some(&outer), name);
                if let Some(resource) = index.and_then(|i| instance.get_resource(&mut store, i)) {
                    resources.push((name.to_owned(), resource));
                }
            }
            interfaces.push((short.to_owned(), outer));
        }
        Self {
            store,
            instance,
            interfaces,
            resources,
        }
    }

    /// The function `call` of `interface` as the vectors name it: `name`,
    /// `RESOURCE.name` (a method or a static function), or `RESOURCE` (its
    /// constructor); the interface is the export `PACKAGE/interface@VERSION`.
    pub fn export(&mut self, interface: &str, call: &str) -> Option<Export> {
        let outer = self
            .interfaces
            .iter()
            .find(|(name, _)| name == interface)
            .map(|(_, index)| *index)?;
        let candidates = match call.split_once('.') {
            Some(_) => vec![format!("[method]{call}"), format!("[static]{call}")],
            None => vec![call.to_owned(), format!("[constructor]{call}")],
        };
        let func = candidates.iter().find_map(|name| {
            let index = self
                .instance
                .get_export_index(&mut self.store, Some(&outer), name)?;
            self.instance.get_func(&mut self.store, index)
        })?;
        let params = func
            .ty(&self.store)
            .params()
            .map(|(name, ty)| (name.to_owned(), ty))
            .collect();
        Some(Export {
            func,
            params,
            forwarded: false,
        })
    }

    /// Calls the function exported as `name` (`[method]frame.width`, ...)
    /// by any interface: the scheduler-alone target forwards its imports so.
    pub fn call_named(&mut self, name: &str, args: &[Val]) -> Result<Option<Val>> {
        let func = self.interfaces.clone().iter().find_map(|(_, outer)| {
            let index = self
                .instance
                .get_export_index(&mut self.store, Some(outer), name)?;
            self.instance.get_func(&mut self.store, index)
        });
        let func = func.ok_or_else(|| format_err!("no export {name:?} to forward to"))?;
        self.call(&func, args)
    }

    /// What the instance logged since the last call.
    pub fn take_logs(&mut self) -> Vec<LogRecord> {
        std::mem::take(&mut self.store.data_mut().logs)
    }

    /// Calls `func`: its one result, if it has one.
    pub fn call(&mut self, func: &Func, args: &[Val]) -> Result<Option<Val>> {
        let count = func.ty(&self.store).results().len();
        let mut results = vec![Val::Bool(false); count];
        func.call(&mut self.store, args, &mut results)?;
        Ok(results.pop())
    }

    /// The WIT name of an exported resource type.
    pub fn resource_name(&self, ty: ResourceType) -> Option<String> {
        self.resources
            .iter()
            .find(|(_, t)| *t == ty)
            .map(|(name, _)| name.clone())
    }

    pub fn drop_handle(&mut self, handle: ResourceAny) -> Result<()> {
        handle.resource_drop(&mut self.store)
    }
}

/// `example:image-processing/image-ops@2.0.0` → `image-ops`.
pub fn interface_of(export: &str) -> Option<&str> {
    let (_, rest) = export.split_once('/')?;
    Some(rest.split_once('@').map_or(rest, |(name, _)| name))
}

/// A component alone or the composition: every export is its own.
impl Callable for Loaded {
    /// The vector's interface first, then any other (a scheduler vector
    /// makes its frames with image-ops' `frame.from-image`).
    fn export(&mut self, interface: &str, call: &str) -> Option<Export> {
        let others: Vec<String> = self
            .interfaces
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        std::iter::once(interface.to_owned())
            .chain(others)
            .find_map(|name| Loaded::export(self, &name, call))
    }

    fn call(&mut self, export: &Export, args: Vec<Val>) -> Result<Option<Val>> {
        Loaded::call(self, &export.func, &args)
    }

    fn resource_name(&self, ty: ResourceType) -> Option<String> {
        Loaded::resource_name(self, ty)
    }

    fn drop_handle(&mut self, handle: ResourceAny) -> Result<()> {
        Loaded::drop_handle(self, handle)
    }

    fn frames_alive(&self) -> Option<u64> {
        None
    }

    fn take_logs(&mut self) -> Vec<LogRecord> {
        Loaded::take_logs(self)
    }
}
