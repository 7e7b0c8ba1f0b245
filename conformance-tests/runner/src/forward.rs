//! The scheduler alone (`scheduler-component`): its `image-ops` import is
//! served by the host, which forwards every call, by name, to a fresh
//! instance of the Rust component (in a store of its own), so that the
//! scheduler's behaviour is checked without wac's composition.
//!
//! The imported `frame` is a host resource here, `ForwardedFrame`: each one
//! holds a frame of that image-ops instance, and the scheduler's drops reach
//! the host. So this target sees every frame the scheduler holds, and counts
//! them (`frames_alive`): a leak or a double drop shows in the count. The
//! runner's own frames are `ForwardedFrame`s too, so that it passes the
//! scheduler what the scheduler's import hands out.

use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Linker, Resource, ResourceAny, ResourceType, Type, Val};
use wasmtime::{format_err, AsContextMut, Engine, Result, StoreContextMut};

use crate::component::{interface_of, Export, Loaded};
use crate::execute::Instance;
use crate::host::HostState;
use crate::model::LogRecord;

/// A frame of the image-ops instance the scheduler's import is forwarded to.
pub struct ForwardedFrame(ResourceAny);

/// Defines the component's `image-ops` import: the `frame` resource and
/// every function, each forwarded to the function of the same name.
pub fn add_to_linker(
    linker: &mut Linker<HostState>,
    component: &Component,
    engine: &Engine,
) -> Result<()> {
    for (import, item) in component.component_type().imports(engine) {
        let ComponentItem::ComponentInstance(ty) = item.ty else {
            continue;
        };
        if interface_of(import) != Some("image-ops") {
            continue;
        }
        let mut instance = linker.instance(import)?;
        for (name, item) in ty.exports(engine) {
            match item.ty {
                ComponentItem::Resource(_) => {
                    instance.resource(
                        name,
                        ResourceType::host::<ForwardedFrame>(),
                        |mut store, rep| drop_frame(store.as_context_mut(), Resource::new_own(rep)),
                    )?;
                }
                ComponentItem::ComponentFunc(_) => {
                    let export = name.to_owned();
                    instance.func_new(name, move |mut store, ty, args, results| {
                        let params: Vec<Type> = ty.params().map(|(_, t)| t).collect();
                        let mut inner = Vec::with_capacity(args.len());
                        for (arg, ty) in args.iter().zip(&params) {
                            inner.push(unwrap_frame(store.as_context_mut(), arg, ty)?);
                        }
                        let result = image_ops(store.data_mut())?.call_named(&export, &inner)?;
                        if let (Some(slot), Some(value)) = (results.first_mut(), result) {
                            *slot = map_resources(value, &mut |r| {
                                wrap_frame(store.as_context_mut(), r)
                            })?;
                        }
                        Ok(())
                    })?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn image_ops(state: &mut HostState) -> Result<&mut Loaded> {
    state
        .image_ops
        .as_deref_mut()
        .ok_or_else(|| format_err!("no image-ops instance to forward to"))
}

/// The image-ops frame behind a `frame` the guest passes: lent (borrow) or
/// moved out of the table (own).
fn unwrap_frame(mut store: StoreContextMut<'_, HostState>, arg: &Val, ty: &Type) -> Result<Val> {
    let Val::Resource(handle) = arg else {
        return Ok(arg.clone());
    };
    let frame: Resource<ForwardedFrame> = handle.try_into_resource(&mut store)?;
    Ok(Val::Resource(match ty {
        Type::Own(_) => take_frame(store.data_mut(), frame)?,
        _ => store.data().table.get(&frame)?.0,
    }))
}

/// A new table entry for an image-ops frame, as a handle in this store.
fn wrap_frame(
    mut store: StoreContextMut<'_, HostState>,
    inner: ResourceAny,
) -> Result<ResourceAny> {
    let state = store.data_mut();
    let frame = state.table.push(ForwardedFrame(inner))?;
    state.frames_alive += 1;
    ResourceAny::try_from_resource(frame, &mut store)
}

fn take_frame(state: &mut HostState, frame: Resource<ForwardedFrame>) -> Result<ResourceAny> {
    let ForwardedFrame(inner) = state.table.delete(frame)?;
    state.frames_alive -= 1;
    Ok(inner)
}

fn drop_frame(
    mut store: StoreContextMut<'_, HostState>,
    frame: Resource<ForwardedFrame>,
) -> Result<()> {
    let inner = take_frame(store.data_mut(), frame)?;
    image_ops(store.data_mut())?.drop_handle(inner)
}

/// `val` with every resource handle in it replaced by `f`'s.
fn map_resources(val: Val, f: &mut dyn FnMut(ResourceAny) -> Result<ResourceAny>) -> Result<Val> {
    let boxed = |v: Option<Box<Val>>, f: &mut dyn FnMut(ResourceAny) -> Result<ResourceAny>| {
        v.map(|v| map_resources(*v, f).map(Box::new)).transpose()
    };
    Ok(match val {
        Val::Resource(r) => Val::Resource(f(r)?),
        Val::Option(v) => Val::Option(boxed(v, f)?),
        Val::Result(Ok(v)) => Val::Result(Ok(boxed(v, f)?)),
        Val::Result(Err(v)) => Val::Result(Err(boxed(v, f)?)),
        Val::Variant(case, v) => Val::Variant(case, boxed(v, f)?),
        Val::List(items) => Val::List(
            items
                .into_iter()
                .map(|v| map_resources(v, f))
                .collect::<Result<_>>()?,
        ),
        other => other,
    })
}

/// The scheduler alone, as the runner calls it: the scheduler's exports,
/// then the forwarded image-ops functions (`frame.from-image`, `apply`).
pub struct SchedulerAlone {
    pub loaded: Loaded,
    /// The frames the runner holds, as `ResourceAny` (so that wasmtime
    /// refuses one passed after it moved), each with its table entry.
    frames: Vec<(ResourceAny, u32)>,
}

impl SchedulerAlone {
    pub fn new(loaded: Loaded) -> Self {
        Self {
            loaded,
            frames: Vec::new(),
        }
    }

    /// A frame of the host's table, handed to the runner.
    fn hand_out(&mut self, handle: ResourceAny) -> Result<ResourceAny> {
        if handle.ty() != ResourceType::host::<ForwardedFrame>() {
            return Ok(handle);
        }
        let frame: Resource<ForwardedFrame> = handle.try_into_resource(&mut self.loaded.store)?;
        let rep = frame.rep();
        let handle = ResourceAny::try_from_resource(frame, &mut self.loaded.store)?;
        self.frames.push((handle, rep));
        Ok(handle)
    }

    /// The image-ops frame behind a frame the runner lends (borrow) or moves
    /// (own). One it no longer holds is offered to wasmtime anyway, which
    /// refuses it.
    fn inner(&mut self, handle: ResourceAny, own: bool) -> Result<ResourceAny> {
        let held = self
            .frames
            .iter()
            .find(|(h, _)| *h == handle)
            .map(|&(_, rep)| rep);
        if own {
            self.frames.retain(|(h, _)| *h != handle);
            let frame = handle.try_into_resource(&mut self.loaded.store)?;
            return take_frame(self.loaded.store.data_mut(), frame);
        }
        let Some(rep) = held else {
            handle.try_into_resource::<ForwardedFrame>(&mut self.loaded.store)?;
            return Err(format_err!("frame handle {handle:?} is not the runner's"));
        };
        let frame = Resource::<ForwardedFrame>::new_borrow(rep);
        Ok(self.loaded.store.data().table.get(&frame)?.0)
    }
}

impl Instance for SchedulerAlone {
    fn export(&mut self, interface: &str, call: &str) -> Option<Export> {
        if let Some(export) = self.loaded.export(interface, call) {
            return Some(export);
        }
        let mut export = image_ops(self.loaded.store.data_mut())
            .ok()?
            .export("image-ops", call)?;
        export.forwarded = true;
        Some(export)
    }

    fn call(&mut self, export: &Export, args: Vec<Val>) -> Result<Option<Val>> {
        let result = if export.forwarded {
            let mut inner = Vec::with_capacity(args.len());
            for (arg, (_, ty)) in args.into_iter().zip(&export.params) {
                inner.push(match arg {
                    Val::Resource(h) => Val::Resource(self.inner(h, matches!(ty, Type::Own(_)))?),
                    other => other,
                });
            }
            let result = image_ops(self.loaded.store.data_mut())?.call(&export.func, &inner)?;
            let store = &mut self.loaded.store;
            result
                .map(|v| map_resources(v, &mut |r| wrap_frame(store.as_context_mut(), r)))
                .transpose()?
        } else {
            // A frame moved into the scheduler leaves the runner's hands;
            // one it no longer holds is refused here, by wasmtime, before
            // the call (as the composition's canonical ABI would refuse it).
            let mut moved = Vec::with_capacity(args.len());
            for (arg, (_, ty)) in args.into_iter().zip(&export.params) {
                moved.push(match (arg, ty) {
                    (Val::Resource(h), Type::Own(_))
                        if h.ty() == ResourceType::host::<ForwardedFrame>() =>
                    {
                        self.frames.retain(|(held, _)| *held != h);
                        let frame: Resource<ForwardedFrame> =
                            h.try_into_resource(&mut self.loaded.store)?;
                        Val::Resource(ResourceAny::try_from_resource(
                            frame,
                            &mut self.loaded.store,
                        )?)
                    }
                    (other, _) => other,
                });
            }
            self.loaded.call(&export.func, &moved)?
        };
        result
            .map(|v| map_resources(v, &mut |r| self.hand_out(r)))
            .transpose()
    }

    fn resource_name(&self, ty: ResourceType) -> Option<String> {
        if ty == ResourceType::host::<ForwardedFrame>() {
            return Some("frame".into());
        }
        self.loaded.resource_name(ty)
    }

    /// A frame goes back through the host's table (its drop forwards it to
    /// image-ops); a task is the scheduler's, whose destructor drops the
    /// frame it still owns through the same table.
    fn drop_handle(&mut self, handle: ResourceAny) -> Result<()> {
        if self.frames.iter().any(|(h, _)| *h == handle) {
            let inner = self.inner(handle, true)?;
            return image_ops(self.loaded.store.data_mut())?.drop_handle(inner);
        }
        self.loaded.drop_handle(handle)
    }

    fn frames_alive(&self) -> Option<u64> {
        Some(self.loaded.store.data().frames_alive)
    }

    fn take_logs(&mut self) -> Vec<LogRecord> {
        self.loaded.take_logs()
    }
}
