//! The Go scheduler component on its own (`build/components/scheduler.wasm`,
//! world `scheduler-component`), with its imports implemented here: an
//! `image-ops` that counts its calls and fails on demand, and a
//! `wasi:logging` that records every message.

use std::collections::VecDeque;
use std::sync::OnceLock;

use image_pipeline_host::engine::new_engine;
use image_pipeline_host::memory::MemoryMeter;
use wasmtime::component::{Component, HasSelf, Linker, ResourceAny, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::common;

wasmtime::component::bindgen!({
    path: "../wit",
    world: "scheduler-component",
    additional_derives: [PartialEq],
});

pub use example::image_processing::types::{Error, FilterOptions, Image};
pub use exports::example::image_processing::scheduler::TaskStatus;
pub use wasi::logging::logging::Level;

/// The host's `image-ops`: records each call as `name` or `name:args`, and
/// answers as `script` says, else with a result of the right shape.
#[derive(Default)]
pub struct FakeOps {
    pub calls: Vec<String>,
    /// What the next calls do, in call order: `Ok(())` succeeds, `Err`
    /// fails with that error. Once it is empty, every call succeeds.
    pub script: VecDeque<Result<(), Error>>,
    /// Every `wasi:logging` message: level, context, message.
    pub logs: Vec<(Level, String, String)>,
}

impl FakeOps {
    fn call(&mut self, call: String, ok: Image) -> Result<Image, Error> {
        self.calls.push(call);
        match self.script.pop_front() {
            Some(Err(error)) => Err(error),
            Some(Ok(())) | None => Ok(ok),
        }
    }

    /// The messages logged so far, in order.
    pub fn messages(&self) -> Vec<&str> {
        self.logs.iter().map(|(_, _, m)| m.as_str()).collect()
    }
}

impl example::image_processing::types::Host for FakeOps {}

impl example::image_processing::image_ops::Host for FakeOps {
    fn grayscale(&mut self, img: Image) -> Result<Image, Error> {
        let (w, h) = (img.width, img.height);
        let gray = Image {
            width: w,
            height: h,
            channels: 1,
            data: vec![128; (w * h) as usize],
        };
        self.call("grayscale".into(), gray)
    }

    fn blur(&mut self, img: Image, radius: u32) -> Result<Image, Error> {
        self.call(format!("blur:{radius}"), img)
    }

    fn resize(&mut self, img: Image, width: u32, height: u32) -> Result<Image, Error> {
        let channels = img.channels;
        let resized = Image {
            width,
            height,
            channels,
            data: vec![0; (width * height * u32::from(channels)) as usize],
        };
        self.call(format!("resize:{width}x{height}"), resized)
    }

    fn apply_filter(&mut self, img: Image, opts: FilterOptions) -> Result<Image, Error> {
        let call = format!(
            "apply-filter:{:?}/{:?}/{:?}",
            opts.brightness, opts.contrast, opts.blur_radius
        );
        self.call(call, img)
    }

    fn batch_process(
        &mut self,
        images: Vec<Image>,
        _opts: FilterOptions,
    ) -> Result<Vec<Image>, Error> {
        self.calls.push("batch-process".into());
        Ok(images)
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

    pub fn create_task(&mut self, img: &Image, op: &str, opts: FilterOptions) -> ResourceAny {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler
            .task()
            .call_constructor(&mut self.store, img, op, opts)
            .unwrap()
    }

    pub fn submit_task(&mut self, task: ResourceAny) -> u64 {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler.call_submit(&mut self.store, task).unwrap()
    }

    /// Creates a task for `op` on a small RGB image, with no options, and
    /// submits it.
    pub fn submit(&mut self, op: &str) -> u64 {
        self.submit_with(&rgb(8, 6), op, no_options())
    }

    pub fn submit_with(&mut self, img: &Image, op: &str, opts: FilterOptions) -> u64 {
        let task = self.create_task(img, op, opts);
        self.submit_task(task)
    }

    pub fn run_pending(&mut self, max: u32) -> u32 {
        let scheduler = self.exports.example_image_processing_scheduler();
        scheduler.call_run_pending(&mut self.store, max).unwrap()
    }

    pub fn get_result(&mut self, id: u64) -> Option<Result<Image, Error>> {
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
}

pub fn no_options() -> FilterOptions {
    FilterOptions {
        brightness: None,
        contrast: None,
        blur_radius: None,
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

/// A scripted `processing-failed` failure.
pub fn processing_failed(message: &str) -> Result<(), Error> {
    Err(Error::ProcessingFailed(message.into()))
}
