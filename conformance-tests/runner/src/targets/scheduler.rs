//! The Go component alone (`scheduler-component`). Its `image-ops` import is
//! served by the host, which forwards every call to a fresh instance of the
//! Rust component (in a store of its own), so that the scheduler's
//! behaviour is checked without wac's composition.
//!
//! The imported `frame` is a host resource here, `ForwardedFrame`: each one
//! holds a frame of that image-ops instance, and the scheduler's drops reach
//! the host. So this target sees every frame the scheduler holds, and counts
//! them (`frames_alive`): a leak or a double drop shows in the count.

use std::path::Path;

use wasmtime::component::{HasSelf, Resource, ResourceAny};
use wasmtime::{format_err, Engine, Result, Store};

use super::convert::convert_types;
use super::image_ops::{ImageOpsInstance, ImageOpsTarget};
use crate::api::{Frames, ImageOps, Instance, Outcome, Scheduler, Target};
use crate::host::{self, HostState};
use crate::model::{self, LogRecord};

/// A frame of the image-ops instance the scheduler's import is forwarded to.
pub struct ForwardedFrame(ResourceAny);

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "scheduler-component",
    // A trap in the forwarded call is a trap of the scheduler's call.
    imports: { "example:image-processing/image-ops": trappable },
    with: {
        "wasi:logging/logging": super::pipeline::wasi::logging::logging,
        "example:image-processing/image-ops.frame": ForwardedFrame,
    },
});

use example::image_processing::image_ops::{Host as ImageOpsImport, HostFrame};
use example::image_processing::types as wit;
use exports::example::image_processing::scheduler as sched;

convert_types!();

impl From<wit::Step> for model::Step {
    fn from(step: wit::Step) -> Self {
        match step {
            wit::Step::Grayscale => Self::Grayscale,
            wit::Step::Blur(radius) => Self::Blur(radius),
            wit::Step::Resize(size) => Self::Resize {
                width: size.width,
                height: size.height,
            },
            wit::Step::Filter(opts) => Self::Filter(opts.into()),
        }
    }
}

impl wit::Host for HostState {}

type Forwarded<T> = Result<std::result::Result<T, wit::Error>>;

impl HostState {
    fn forward(&mut self) -> Result<&mut ImageOpsInstance> {
        self.image_ops
            .as_deref_mut()
            .ok_or_else(|| format_err!("no image-ops instance to forward to"))
    }

    fn new_frame(&mut self, inner: ResourceAny) -> Result<Resource<ForwardedFrame>> {
        let frame = self.table.push(ForwardedFrame(inner))?;
        self.frames_alive += 1;
        Ok(frame)
    }

    fn inner(&self, frame: &Resource<ForwardedFrame>) -> Result<ResourceAny> {
        Ok(self.table.get(frame)?.0)
    }

    /// Takes the frame out of the table: the image-ops frame is the caller's now.
    fn take_frame(&mut self, frame: Resource<ForwardedFrame>) -> Result<ResourceAny> {
        let ForwardedFrame(inner) = self.table.delete(frame)?;
        self.frames_alive -= 1;
        Ok(inner)
    }

    fn forwarded_frame(&mut self, r: Outcome<ResourceAny>) -> Forwarded<Resource<ForwardedFrame>> {
        match r? {
            Ok(inner) => Ok(Ok(self.new_frame(inner)?)),
            Err(e) => Ok(Err(e.into())),
        }
    }
}

impl HostFrame for HostState {
    fn from_image(&mut self, img: wit::Image) -> Forwarded<Resource<ForwardedFrame>> {
        let r = self.forward()?.from_image(img.into());
        self.forwarded_frame(r)
    }

    fn width(&mut self, this: Resource<ForwardedFrame>) -> Result<u32> {
        let inner = self.inner(&this)?;
        self.forward()?.width(inner)
    }

    fn height(&mut self, this: Resource<ForwardedFrame>) -> Result<u32> {
        let inner = self.inner(&this)?;
        self.forward()?.height(inner)
    }

    fn channels(&mut self, this: Resource<ForwardedFrame>) -> Result<u8> {
        let inner = self.inner(&this)?;
        self.forward()?.channels(inner)
    }

    fn to_image(&mut self, this: Resource<ForwardedFrame>) -> Forwarded<wit::Image> {
        let inner = self.inner(&this)?;
        let r = self.forward()?.to_image(inner)?;
        Ok(r.map(Into::into).map_err(Into::into))
    }

    fn into_image(&mut self, this: Resource<ForwardedFrame>) -> Forwarded<wit::Image> {
        let inner = self.take_frame(this)?;
        let r = self.forward()?.into_image(inner)?;
        Ok(r.map(Into::into).map_err(Into::into))
    }

    fn drop(&mut self, rep: Resource<ForwardedFrame>) -> Result<()> {
        let inner = self.take_frame(rep)?;
        self.forward()?.drop_frame(inner)
    }
}

impl ImageOpsImport for HostState {
    fn apply(
        &mut self,
        src: Resource<ForwardedFrame>,
        steps: Vec<wit::Step>,
    ) -> Forwarded<Resource<ForwardedFrame>> {
        let inner = self.inner(&src)?;
        let steps: Vec<model::Step> = steps.into_iter().map(Into::into).collect();
        let r = self.forward()?.apply(inner, &steps);
        self.forwarded_frame(r)
    }

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
        Ok(Box::new(SchedulerInstance {
            store,
            bindings,
            frames: Vec::new(),
        }))
    }
}

struct SchedulerInstance {
    store: Store<HostState>,
    bindings: SchedulerComponent,
    /// The frames the runner holds, as `ResourceAny` (so that wasmtime
    /// refuses one passed after it moved), each with its table entry.
    frames: Vec<(ResourceAny, u32)>,
}

impl SchedulerInstance {
    /// A frame of the host's table, handed to the runner.
    fn hand_out(&mut self, frame: Resource<ForwardedFrame>) -> Result<ResourceAny> {
        let rep = frame.rep();
        let handle = ResourceAny::try_from_resource(frame, &mut self.store)?;
        self.frames.push((handle, rep));
        Ok(handle)
    }

    /// A frame the runner lends to a call. One it no longer holds (moved or
    /// dropped) is offered to wasmtime anyway, which refuses it.
    fn lend(&mut self, handle: ResourceAny) -> Result<Resource<ForwardedFrame>> {
        if let Some(&(_, rep)) = self.frames.iter().find(|(h, _)| *h == handle) {
            return Ok(Resource::new_borrow(rep));
        }
        handle.try_into_resource::<ForwardedFrame>(&mut self.store)?;
        Err(format_err!("frame handle {handle:?} is not the runner's"))
    }

    /// A frame the runner moves into a call (wasmtime refuses a dead one).
    fn take(&mut self, handle: ResourceAny) -> Result<Resource<ForwardedFrame>> {
        self.frames.retain(|(h, _)| *h != handle);
        handle.try_into_resource(&mut self.store)
    }

    fn handed_out(&mut self, r: Forwarded<Resource<ForwardedFrame>>) -> Outcome<ResourceAny> {
        match r? {
            Ok(frame) => Ok(Ok(self.hand_out(frame)?)),
            Err(e) => Ok(Err(e.into())),
        }
    }
}

impl Frames for SchedulerInstance {
    fn from_image(&mut self, img: model::Image) -> Outcome<ResourceAny> {
        let r = HostFrame::from_image(self.store.data_mut(), img.into());
        self.handed_out(r)
    }

    fn width(&mut self, frame: ResourceAny) -> Result<u32> {
        let frame = self.lend(frame)?;
        self.store.data_mut().width(frame)
    }

    fn height(&mut self, frame: ResourceAny) -> Result<u32> {
        let frame = self.lend(frame)?;
        self.store.data_mut().height(frame)
    }

    fn channels(&mut self, frame: ResourceAny) -> Result<u8> {
        let frame = self.lend(frame)?;
        self.store.data_mut().channels(frame)
    }

    fn to_image(&mut self, frame: ResourceAny) -> Outcome<model::Image> {
        let frame = self.lend(frame)?;
        let r = self.store.data_mut().to_image(frame)?;
        Ok(r.map(Into::into).map_err(Into::into))
    }

    fn into_image(&mut self, frame: ResourceAny) -> Outcome<model::Image> {
        let frame = self.take(frame)?;
        let r = self.store.data_mut().into_image(frame)?;
        Ok(r.map(Into::into).map_err(Into::into))
    }

    fn apply(&mut self, src: ResourceAny, steps: &[model::Step]) -> Outcome<ResourceAny> {
        let src = self.lend(src)?;
        let r = ImageOpsImport::apply(self.store.data_mut(), src, wit_steps(steps));
        self.handed_out(r)
    }
}

impl Scheduler for SchedulerInstance {
    fn task(&mut self, src: ResourceAny, steps: &[model::Step]) -> Result<ResourceAny> {
        let src = self.take(src)?;
        let guest = self.bindings.example_image_processing_scheduler().task();
        guest.call_constructor(&mut self.store, src, &wit_steps(steps))
    }

    fn submit(&mut self, task: ResourceAny) -> Result<u64> {
        self.bindings
            .example_image_processing_scheduler()
            .call_submit(&mut self.store, task)
    }

    fn run_pending(&mut self, max: u32) -> Result<u32> {
        self.bindings
            .example_image_processing_scheduler()
            .call_run_pending(&mut self.store, max)
    }

    fn get_result(
        &mut self,
        id: u64,
    ) -> Result<Option<std::result::Result<ResourceAny, model::WitError>>> {
        let r = self
            .bindings
            .example_image_processing_scheduler()
            .call_get_result(&mut self.store, id)?;
        r.map(|r| match r {
            Ok(frame) => Ok(Ok(self.hand_out(frame)?)),
            Err(e) => Ok(Err(e.into())),
        })
        .transpose()
    }

    fn cancel(&mut self, id: u64) -> Result<bool> {
        self.bindings
            .example_image_processing_scheduler()
            .call_cancel(&mut self.store, id)
    }

    fn status(&mut self, id: u64) -> Result<Option<model::Status>> {
        let status = self
            .bindings
            .example_image_processing_scheduler()
            .call_status(&mut self.store, id)?;
        Ok(status.map(|s| match s {
            sched::TaskStatus::Pending => model::Status::Pending,
            sched::TaskStatus::Running => model::Status::Running,
            sched::TaskStatus::Completed => model::Status::Completed,
            sched::TaskStatus::Failed => model::Status::Failed,
            sched::TaskStatus::Cancelled => model::Status::Cancelled,
        }))
    }
}

impl Instance for SchedulerInstance {
    fn frames(&mut self) -> Option<&mut dyn Frames> {
        Some(self)
    }

    fn scheduler(&mut self) -> Option<&mut dyn Scheduler> {
        Some(self)
    }

    /// A frame goes back through the host's table (its drop forwards it to
    /// image-ops); a task is the scheduler's, whose destructor drops the
    /// frame it still owns through the same table.
    fn drop_handle(&mut self, handle: ResourceAny) -> Result<()> {
        if self.frames.iter().any(|(h, _)| *h == handle) {
            let frame = self.take(handle)?;
            return HostFrame::drop(self.store.data_mut(), frame);
        }
        handle.resource_drop(&mut self.store)
    }

    fn frames_alive(&mut self) -> Option<u64> {
        Some(self.store.data().frames_alive)
    }

    fn take_logs(&mut self) -> Vec<LogRecord> {
        std::mem::take(&mut self.store.data_mut().logs)
    }
}
