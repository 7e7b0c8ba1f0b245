//! The composed component (`build/image-pipeline.wasm`) in wasmtime: the
//! "component" column calls its by-value `image-ops` functions directly; the
//! "frames" column holds the image as an image-ops `frame` and calls
//! `apply` (no scheduler); the "pipeline" column goes the way the host's
//! `process` does: `frame.from-image`, a scheduler task that owns the frame,
//! submit, run-pending (Go lends the frame to image-ops' `apply`),
//! get-result, `frame.into-image`.

use crate::image_file::Img;
use crate::ops::{Op, Ops};
use anyhow::{anyhow, bail, Context, Result};
use std::path::Path;
use wasmtime::component::{Component, HasData, Linker, ResourceAny, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../../wit",
        world: "image-pipeline",
    });
}

use bindings::exports::example::image_processing::types::{Error, Image, Size, Step};
use bindings::wasi::logging::logging::{Host as LogHost, Level};
use bindings::{ImagePipeline, ImagePipelinePre};

/// A store's host state: WASI (the Go and C++ adapters need it) and a
/// logging import that drops the scheduler's debug lines.
pub struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    quiet: Quiet,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

pub struct Quiet;

impl LogHost for Quiet {
    fn log(&mut self, _level: Level, _context: String, _message: String) {}
}

struct Logging;

impl HasData for Logging {
    type Data<'a> = &'a mut Quiet;
}

/// The compiled, linked composition.
pub struct Loaded {
    engine: Engine,
    pre: ImagePipelinePre<State>,
}

impl Loaded {
    pub fn load(engine: &Engine, path: &Path) -> Result<Self> {
        let component = Component::from_file(engine, path)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot load component {}", path.display()))?;
        let mut linker = Linker::new(engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        ImagePipeline::add_to_linker::<State, Logging>(&mut linker, |s| &mut s.quiet)?;
        let pre = ImagePipelinePre::new(linker.instantiate_pre(&component)?)?;
        Ok(Self {
            engine: engine.clone(),
            pre,
        })
    }

    pub fn instantiate(&self) -> Result<Instance> {
        let state = State {
            wasi: WasiCtx::builder().inherit_stderr().build(),
            table: ResourceTable::new(),
            quiet: Quiet,
        };
        let mut store = Store::new(&self.engine, state);
        let exports = self.pre.instantiate(&mut store)?;
        Ok(Instance { store, exports })
    }
}

/// One instance of the composition.
pub struct Instance {
    store: Store<State>,
    exports: ImagePipeline,
}

fn wit_error(e: &Error) -> anyhow::Error {
    match e {
        Error::InvalidFormat(m) => anyhow!("invalid-format: {m}"),
        Error::ProcessingFailed(m) => anyhow!("processing-failed: {m}"),
        Error::OutOfMemory => anyhow!("out-of-memory"),
    }
}

fn to_wit(img: Img) -> Image {
    Image {
        width: img.width,
        height: img.height,
        channels: img.channels,
        data: img.data,
    }
}

fn from_wit(img: Image) -> Img {
    Img {
        width: img.width,
        height: img.height,
        channels: img.channels,
        data: img.data,
    }
}

/// The typed step that runs `op` (`wit/types.wit`).
fn step(op: Op) -> Step {
    match op {
        Op::Grayscale => Step::Grayscale,
        Op::Blur(r) => Step::Blur(r),
        Op::Resize(width, height) => Step::Resize(Size { width, height }),
    }
}

impl Instance {
    /// The by-value `image-ops.<op>` on the composition's export: one copy
    /// in, one copy out, like the pipeline.
    pub fn direct(&mut self, op: Op, img: &Image) -> Result<Image> {
        let ops = self.exports.example_image_processing_image_ops();
        let out = match op {
            Op::Grayscale => ops.call_grayscale(&mut self.store, img)?,
            Op::Blur(r) => ops.call_blur(&mut self.store, img, r)?,
            Op::Resize(w, h) => ops.call_resize(&mut self.store, img, w, h)?,
        };
        out.map_err(|e| wit_error(&e))
    }

    /// `frame.from-image`: the one copy into image-ops; the caller owns the
    /// handle.
    pub fn frame_from_image(&mut self, img: &Image) -> Result<ResourceAny> {
        let ops = self.exports.example_image_processing_image_ops();
        ops.frame()
            .call_from_image(&mut self.store, img)?
            .map_err(|e| wit_error(&e))
    }

    /// `frame.into-image`: consumes `frame`, the one copy out.
    pub fn frame_into_image(&mut self, frame: ResourceAny) -> Result<Image> {
        let ops = self.exports.example_image_processing_image_ops();
        ops.frame()
            .call_into_image(&mut self.store, frame)?
            .map_err(|e| wit_error(&e))
    }

    /// `image-ops.apply`: `src` is borrowed, the new frame is the caller's.
    pub fn apply(&mut self, src: ResourceAny, ops: &[Op]) -> Result<ResourceAny> {
        let steps: Vec<Step> = ops.iter().map(|&op| step(op)).collect();
        let image_ops = self.exports.example_image_processing_image_ops();
        image_ops
            .call_apply(&mut self.store, src, &steps)?
            .map_err(|e| wit_error(&e))
    }

    /// Drops a handle the host owns (a frame or a task).
    pub fn drop_handle(&mut self, handle: ResourceAny) -> Result<()> {
        Ok(handle.resource_drop(&mut self.store)?)
    }

    /// The frame path without the scheduler: from-image, apply, drop the
    /// source, into-image.
    pub fn framed(&mut self, ops: &[Op], img: &Image) -> Result<Image> {
        let src = self.frame_from_image(img)?;
        let out = self.apply(src, ops);
        self.drop_handle(src)?;
        self.frame_into_image(out?)
    }

    /// A scheduler task that owns `frame`, with `ops` as its steps: the
    /// handle moves into the Go component.
    pub fn task(&mut self, frame: ResourceAny, ops: &[Op]) -> Result<ResourceAny> {
        let steps: Vec<Step> = ops.iter().map(|&op| step(op)).collect();
        let scheduler = self.exports.example_image_processing_scheduler();
        Ok(scheduler
            .task()
            .call_constructor(&mut self.store, frame, &steps)?)
    }

    /// The host's path: the image becomes a frame, the frame a task's, the
    /// task runs in Go (which lends the frame to image-ops' `apply`), and
    /// the result frame comes back as an image. Pixels cross twice, in and
    /// out, as in a direct by-value call; the rest moves handles.
    pub fn scheduled(&mut self, ops: &[Op], img: &Image) -> Result<Image> {
        let frame = self.frame_from_image(img)?;
        let task = self.task(frame, ops)?;
        let scheduler = self.exports.example_image_processing_scheduler();
        let id = scheduler.call_submit(&mut self.store, task)?;
        if scheduler.call_run_pending(&mut self.store, 1)? != 1 {
            bail!("run-pending ran no task");
        }
        let out = match scheduler.call_get_result(&mut self.store, id)? {
            Some(Ok(out)) => out,
            Some(Err(e)) => return Err(wit_error(&e)),
            None => bail!("task {id} has no result"),
        };
        self.frame_into_image(out)
    }

    /// `codec.decode`.
    pub fn decode(&mut self, file: &[u8]) -> Result<Image> {
        let codec = self.exports.example_image_processing_codec();
        codec
            .call_decode(&mut self.store, file)?
            .map_err(|e| wit_error(&e))
    }

    /// `codec.encode`.
    pub fn encode(&mut self, img: &Image, format: &str) -> Result<Vec<u8>> {
        let codec = self.exports.example_image_processing_codec();
        codec
            .call_encode(&mut self.store, img, format)?
            .map_err(|e| wit_error(&e))
    }
}

/// The "component" column: each operation a direct by-value call of the
/// composition's image-ops export.
pub struct Direct(pub Instance);

impl Ops for Direct {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        let mut cur = to_wit(img);
        for &op in ops {
            cur = self.0.direct(op, &cur)?;
        }
        Ok(from_wit(cur))
    }
}

/// The "frames" column: one `apply` of all of `ops` on a frame, no
/// scheduler.
pub struct Framed(pub Instance);

impl Ops for Framed {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        let out = self.0.framed(ops, &to_wit(img))?;
        Ok(from_wit(out))
    }
}

/// The "pipeline" column: one scheduler task for all of `ops`.
pub struct Scheduled(pub Instance);

impl Ops for Scheduled {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        let out = self.0.scheduled(ops, &to_wit(img))?;
        Ok(from_wit(out))
    }
}

pub use bindings::exports::example::image_processing::types::Image as WitImage;
