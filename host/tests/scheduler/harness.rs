//! The Go scheduler component on its own (`build/components/scheduler.wasm`,
//! world `scheduler-component`), with its imports implemented here: an
//! `image-ops` whose `frame`s are host resources and whose `apply` records
//! each call and fails on demand, and a `wasi:logging` that records every
//! message.
//!
//! The frames live in the host's table, so the tests see every handle the
//! scheduler holds: which frame each `apply` borrowed, and every frame the
//! scheduler dropped (a drop of a handle it does not own traps, and fails
//! the test).

use std::collections::VecDeque;
use std::sync::OnceLock;

use image_pipeline_host::engine::new_engine;
use image_pipeline_host::memory::MemoryMeter;
use wasmtime::component::{Component, HasSelf, Linker, Resource, ResourceAny, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::common;

/// The host's frame: an image that never changes.
pub struct FakeFrame(pub Image);

wasmtime::component::bindgen!({
    path: "../wit",
    world: "scheduler-component",
    additional_derives: [PartialEq],
    with: {
        "example:image-processing/image-ops.frame": FakeFrame,
    },
});

pub use example::image_processing::types::{Error, FilterOptions, Image, Size, Step};
pub use exports::example::image_processing::scheduler::TaskStatus;
pub use wasi::logging::logging::Level;

/// The host's `image-ops`: records each `apply` as its steps joined by `|`
/// (`grayscale`, `blur(3)`, `resize:4x3`, `apply-filter(…)`), and answers as
/// `script` says, else with a frame of the right shape.
#[derive(Default)]
pub struct FakeOps {
    pub calls: Vec<String>,
    /// What the next `apply` calls do, in call order: `Ok(())` succeeds,
    /// `Err` fails with that error. Once it is empty, every call succeeds.
    pub script: VecDeque<Result<(), Error>>,
    /// Every `wasi:logging` message: level, context, message.
    pub logs: Vec<(Level, String, String)>,
    /// The frames alive: the tests' inputs and `apply`'s results.
    pub frames: ResourceTable,
    /// The handle (`rep`) that each `apply` borrowed, in call order.
    pub borrowed: Vec<u32>,
    /// The frames the scheduler dropped, by `rep`, in order.
    pub dropped: Vec<u32>,
}

impl FakeOps {
    /// The messages logged so far, in order.
    pub fn messages(&self) -> Vec<&str> {
        self.logs.iter().map(|(_, _, m)| m.as_str()).collect()
    }

    /// How many frames are alive (in anyone's hands).
    pub fn live_frames(&mut self) -> usize {
        self.frames.iter_mut().count()
    }

    fn image(&self, frame: &Resource<FakeFrame>) -> &Image {
        &self.frames.get(frame).expect("a live frame").0
    }

    fn push(&mut self, image: Image) -> Resource<FakeFrame> {
        self.frames.push(FakeFrame(image)).expect("table space")
    }
}

// The bindings' steps → step-text's, whose canonical text names a call.
step_text::bindings_conversions!(example::image_processing::types);

/// What a step does to the shape (grayscale and resize change it), and its
/// name in `calls`: step-text's canonical text of it (`blur(3)`), so that a
/// new case of `step` needs nothing here.
fn fake_step(img: Image, step: &Step) -> (Image, String) {
    let step = step_text::Step::from(*step);
    let (width, height, channels) = match step {
        step_text::Step::Grayscale => (img.width, img.height, 1),
        step_text::Step::Resize(size) => (size.width, size.height, img.channels),
        _ => return (img, step.to_string()),
    };
    let len = width * height * u32::from(channels);
    let fill = if channels == 1 { 128 } else { 0 };
    let data = vec![fill; len as usize];
    let shaped = Image {
        width,
        height,
        channels,
        data,
    };
    (shaped, step.to_string())
}

impl example::image_processing::types::Host for FakeOps {}

impl example::image_processing::image_ops::HostFrame for FakeOps {
    fn from_image(&mut self, img: Image) -> Result<Resource<FakeFrame>, Error> {
        Ok(self.push(img))
    }

    fn width(&mut self, this: Resource<FakeFrame>) -> u32 {
        self.image(&this).width
    }

    fn height(&mut self, this: Resource<FakeFrame>) -> u32 {
        self.image(&this).height
    }

    fn channels(&mut self, this: Resource<FakeFrame>) -> u8 {
        self.image(&this).channels
    }

    fn to_image(&mut self, this: Resource<FakeFrame>) -> Result<Image, Error> {
        Ok(self.image(&this).clone())
    }

    fn into_image(&mut self, this: Resource<FakeFrame>) -> Result<Image, Error> {
        Ok(self.frames.delete(this).expect("a live frame").0)
    }

    fn drop(&mut self, frame: Resource<FakeFrame>) -> wasmtime::Result<()> {
        self.dropped.push(frame.rep());
        self.frames.delete(frame)?;
        Ok(())
    }
}

impl example::image_processing::image_ops::Host for FakeOps {
    fn apply(
        &mut self,
        src: Resource<FakeFrame>,
        steps: Vec<Step>,
    ) -> Result<Resource<FakeFrame>, Error> {
        self.borrowed.push(src.rep());
        let mut image = self.image(&src).clone();
        let mut names = Vec::with_capacity(steps.len());
        for step in &steps {
            let (next, name) = fake_step(image, step);
            image = next;
            names.push(name);
        }
        self.calls.push(names.join("|"));
        match self.script.pop_front() {
            Some(Err(error)) => Err(error),
            Some(Ok(())) | None => Ok(self.push(image)),
        }
    }

    fn grayscale(&mut self, _: Image) -> Result<Image, Error> {
        unreachable!("the scheduler uses apply only")
    }

    fn blur(&mut self, _: Image, _: u32) -> Result<Image, Error> {
        unreachable!("the scheduler uses apply only")
    }

    fn resize(&mut self, _: Image, _: u32, _: u32) -> Result<Image, Error> {
        unreachable!("the scheduler uses apply only")
    }

    fn apply_filter(&mut self, _: Image, _: FilterOptions) -> Result<Image, Error> {
        unreachable!("the scheduler uses apply only")
    }

    fn batch_process(&mut self, _: Vec<Image>, _: FilterOptions) -> Result<Vec<Image>, Error> {
        unreachable!("the scheduler uses apply only")
    }
}

impl wasi::logging::logging::Host for FakeOps {
    fn log(&mut self, level: Level, context: String, message: String) {
        self.logs.push((level, context, message));
    }
}

pub struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    pub ops: FakeOps,
    pub memory: MemoryMeter,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// Compiled once per test binary (and cached on disk by wasmtime).
fn compiled() -> &'static (Engine, SchedulerComponentPre<State>) {
    static COMPILED: OnceLock<(Engine, SchedulerComponentPre<State>)> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let engine = new_engine().unwrap();
        let component = Component::from_file(&engine, common::scheduler_component()).unwrap();
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
        SchedulerComponent::add_to_linker::<State, HasSelf<FakeOps>>(&mut linker, |s| &mut s.ops)
            .unwrap();
        let pre = linker.instantiate_pre(&component).unwrap();
        (engine, SchedulerComponentPre::new(pre).unwrap())
    })
}

/// One scheduler instance in a store of its own, with typed calls. Every
/// call unwraps: a trap fails the test.
pub struct Scheduler {
    pub store: Store<State>,
    exports: SchedulerComponent,
}

impl Scheduler {
    pub fn new() -> Self {
        let (engine, pre) = compiled();
        let state = State {
            wasi: WasiCtx::builder().inherit_stderr().build(),
            table: ResourceTable::new(),
            ops: FakeOps::default(),
            memory: MemoryMeter::default(),
        };
        let mut store = Store::new(engine, state);
        store.limiter(|s| &mut s.memory);
        let exports = pre.instantiate(&mut store).unwrap();
        Self { store, exports }
    }

    /// The fake image-ops, to script failures and read calls and logs.
    pub fn ops(&mut self) -> &mut FakeOps {
        &mut self.store.data_mut().ops
    }

    /// A new frame of `img`, owned by the test until it moves it.
    pub fn frame(&mut self, img: &Image) -> Resource<FakeFrame> {
        self.ops().push(img.clone())
    }

    /// The task constructor on a new frame of `img`.
    pub fn create_task(&mut self, img: &Image, steps: &[Step]) -> ResourceAny {
        let frame = self.frame(img);
        self.create_task_on(frame, steps)
    }

    /// The task constructor on `frame`, which moves into the task.
    pub fn create_task_on(&mut self, frame: Resource<FakeFrame>, steps: &[Step]) -> ResourceAny {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler
            .task()
            .call_constructor(&mut self.store, frame, steps)
            .unwrap()
    }

    pub fn submit_task(&mut self, task: ResourceAny) -> u64 {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler.call_submit(&mut self.store, task).unwrap()
    }

    /// Creates a task for `steps` on a small RGB image and submits it.
    pub fn submit(&mut self, steps: &[Step]) -> u64 {
        self.submit_with(&rgb(8, 6), steps)
    }

    pub fn submit_with(&mut self, img: &Image, steps: &[Step]) -> u64 {
        let task = self.create_task(img, steps);
        self.submit_task(task)
    }

    pub fn run_pending(&mut self, max: u32) -> u32 {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler.call_run_pending(&mut self.store, max).unwrap()
    }

    /// `get-result`, the result frame (which moves to the host) read back:
    /// the host drops it here.
    pub fn get_result(&mut self, id: u64) -> Option<Result<Image, Error>> {
        let result = self.get_result_frame(id)?;
        Some(result.map(|frame| self.ops().frames.delete(frame).unwrap().0))
    }

    /// `get-result` as it is: the result frame now the test's.
    pub fn get_result_frame(&mut self, id: u64) -> Option<Result<Resource<FakeFrame>, Error>> {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler.call_get_result(&mut self.store, id).unwrap()
    }

    pub fn cancel(&mut self, id: u64) -> bool {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler.call_cancel(&mut self.store, id).unwrap()
    }

    pub fn status(&mut self, id: u64) -> Option<TaskStatus> {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler.call_status(&mut self.store, id).unwrap()
    }

    /// Entries in the host's resource table (WASI's).
    pub fn host_resources(&mut self) -> usize {
        self.store.data_mut().table.iter_mut().count()
    }

    /// Frames alive in the fake image-ops (see [`FakeOps::live_frames`]).
    pub fn live_frames(&mut self) -> usize {
        self.ops().live_frames()
    }
}

/// A `width` × `height` RGB image (the contents do not matter to a fake).
pub fn rgb(width: u32, height: u32) -> Image {
    let img = common::gradient(width, height, 3);
    Image {
        width: img.width,
        height: img.height,
        channels: img.channels,
        data: img.data,
    }
}

/// `resize` to `width` × `height`.
pub fn resize(width: u32, height: u32) -> Step {
    Step::Resize(Size { width, height })
}

/// A scripted `processing-failed` failure.
pub fn processing_failed(message: &str) -> Result<(), Error> {
    Err(Error::ProcessingFailed(message.into()))
}
