//! The composed component (`build/image-pipeline.wasm`) in wasmtime: the
//! "component" column calls its `image-ops` export directly; the "pipeline"
//! column goes the way the host's `process` does, through the Go
//! scheduler (task, submit, run-pending, get-result), which calls image-ops
//! across the composition.

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

use bindings::exports::example::image_processing::types::{Error, FilterOptions, Image};
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

impl Instance {
    /// `image-ops.<op>` on the composition's export.
    pub fn direct(&mut self, op: Op, img: &Image) -> Result<Image> {
        let ops = self.exports.example_image_processing_image_ops();
        let out = match op {
            Op::Grayscale => ops.call_grayscale(&mut self.store, img)?,
            Op::Blur(r) => ops.call_blur(&mut self.store, img, r)?,
            Op::Resize(w, h) => ops.call_resize(&mut self.store, img, w, h)?,
        };
        out.map_err(|e| wit_error(&e))
    }

    /// A scheduler task for `ops` (joined with `|`), submitted, run and
    /// collected: four calls into the Go component, which calls image-ops.
    pub fn scheduled(&mut self, ops: &[Op], img: &Image) -> Result<Image> {
        let operation: Vec<String> = ops.iter().map(|op| op.scheduler_name()).collect();
        let radius = ops.iter().find_map(|op| match op {
            Op::Blur(r) => Some(*r),
            _ => None,
        });
        let options = FilterOptions {
            brightness: None,
            contrast: None,
            blur_radius: radius,
        };
        let id = {
            let scheduler = self.exports.example_image_processing_scheduler();
            let task = scheduler.task().call_constructor(
                &mut self.store,
                img,
                &operation.join("|"),
                options,
            )?;
            scheduler.call_submit(&mut self.store, task)?
        };
        let scheduler = self.exports.example_image_processing_scheduler();
        if scheduler.call_run_pending(&mut self.store, 1)? != 1 {
            bail!("run-pending ran no task");
        }
        match scheduler.call_get_result(&mut self.store, id)? {
            Some(Ok(out)) => Ok(out),
            Some(Err(e)) => Err(wit_error(&e)),
            None => bail!("task {id} has no result"),
        }
    }

    /// A task created and dropped unsubmitted: the image crosses from the
    /// host into the Go component and is freed there.
    pub fn task_round(&mut self, img: &Image) -> Result<()> {
        let scheduler = self.exports.example_image_processing_scheduler();
        let task: ResourceAny = scheduler.task().call_constructor(
            &mut self.store,
            img,
            "grayscale",
            FilterOptions {
                brightness: None,
                contrast: None,
                blur_radius: None,
            },
        )?;
        task.resource_drop(&mut self.store)?;
        Ok(())
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

/// The "component" column: each operation a direct call of the
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

/// The "pipeline" column: one scheduler task for all of `ops`.
pub struct Scheduled(pub Instance);

impl Ops for Scheduled {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        let out = self.0.scheduled(ops, &to_wit(img))?;
        Ok(from_wit(out))
    }
}

pub use bindings::exports::example::image_processing::types::Image as WitImage;
