//! Loading `build/components/image-ops.wasm` into wasmtime and calling it:
//! shared by `tests/component.rs` and `examples/bench.rs`.
//!
//! The component imports nothing, so the linker is empty; a store's state
//! is only the peak of its linear memory, so that tests can see that frames
//! leave nothing behind. Compilation goes through wasmtime's on-disk cache
//! (as the host does), and happens once per [`Loaded`].

use std::path::{Path, PathBuf};

use wasmtime::component::{Component, Linker, ResourceAny};
use wasmtime::{Cache, Config, Engine, ResourceLimiter, Store};

/// Generated from `../wit` for the world the crate exports.
mod bindings {
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "image-ops-component",
    });
}

pub use bindings::exports::example::image_processing::types::{
    Error as WitError, FilterOptions as WitFilterOptions, Image as WitImage, Size as WitSize,
    Step as WitStep,
};
use bindings::{ImageOpsComponent, ImageOpsComponentPre};

/// The environment variable that names the component to test.
pub const COMPONENT_ENV: &str = "IMAGE_OPS_COMPONENT";

/// `$IMAGE_OPS_COMPONENT`, or `build/components/image-ops.wasm` in the repo.
pub fn default_component_path() -> PathBuf {
    std::env::var_os(COMPONENT_ENV).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../build/components/image-ops.wasm"),
        PathBuf::from,
    )
}

/// A compiled component, ready to instantiate.
pub struct Loaded {
    engine: Engine,
    pre: ImageOpsComponentPre<Memory>,
}

/// A store's state: the largest size its linear memory grew to.
#[derive(Default)]
pub struct Memory {
    peak: usize,
}

impl ResourceLimiter for Memory {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.peak = self.peak.max(desired);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        _desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

impl Loaded {
    /// Compiles (or loads from wasmtime's cache) the component at `path`.
    ///
    /// # Errors
    /// A message naming the file and how to build it: missing, unreadable,
    /// not a component, or not of the world `image-ops-component`.
    pub fn new(path: &Path) -> Result<Self, String> {
        if !path.is_file() {
            return Err(format!(
                "component {} not found: build it with `make image-ops` \
                 (or point {COMPONENT_ENV} at one)",
                path.display()
            ));
        }
        let fail = |what: &str, e: wasmtime::Error| format!("{}: {what}: {e:#}", path.display());
        let mut config = Config::new();
        let cache = Cache::from_file(None).map_err(|e| fail("compilation cache", e))?;
        config.cache(Some(cache));
        let engine = Engine::new(&config).map_err(|e| fail("engine", e))?;
        let component = Component::from_file(&engine, path).map_err(|e| fail("compile", e))?;
        let linker = Linker::new(&engine);
        let pre = linker
            .instantiate_pre(&component)
            .and_then(ImageOpsComponentPre::new)
            .map_err(|e| fail("link", e))?;
        Ok(Self { engine, pre })
    }

    /// A fresh instance in a store of its own.
    ///
    /// # Panics
    /// If instantiation fails (it imports nothing: it cannot).
    pub fn instantiate(&self) -> Instance {
        let mut store = Store::new(&self.engine, Memory::default());
        store.limiter(|memory| memory);
        let bindings = self
            .pre
            .instantiate(&mut store)
            .expect("instantiating image-ops");
        Instance { store, bindings }
    }
}

/// One instance of the component; `Ok(Err(_))` is the component's own
/// error, `Err(_)` a trap.
pub struct Instance {
    store: Store<Memory>,
    bindings: ImageOpsComponent,
}

/// The result of a call: outer `Err` for a trap.
pub type Call<T> = wasmtime::Result<Result<T, WitError>>;

impl Instance {
    /// The largest size the instance's linear memory has had, in bytes.
    pub fn memory_peak(&self) -> usize {
        self.store.data().peak
    }

    /// `frame.from-image`: an owned frame handle.
    pub fn frame_from_image(&mut self, img: &WitImage) -> Call<ResourceAny> {
        self.bindings
            .example_image_processing_image_ops()
            .frame()
            .call_from_image(&mut self.store, img)
    }

    /// `frame.width`, `frame.height`, `frame.channels`.
    pub fn frame_shape(&mut self, frame: ResourceAny) -> wasmtime::Result<(u32, u32, u8)> {
        let guest = self.bindings.example_image_processing_image_ops().frame();
        Ok((
            guest.call_width(&mut self.store, frame)?,
            guest.call_height(&mut self.store, frame)?,
            guest.call_channels(&mut self.store, frame)?,
        ))
    }

    /// `frame.to-image`: the frame stays.
    pub fn frame_to_image(&mut self, frame: ResourceAny) -> Call<WitImage> {
        self.bindings
            .example_image_processing_image_ops()
            .frame()
            .call_to_image(&mut self.store, frame)
    }

    /// `frame.into-image`: consumes the frame.
    pub fn frame_into_image(&mut self, frame: ResourceAny) -> Call<WitImage> {
        self.bindings
            .example_image_processing_image_ops()
            .frame()
            .call_into_image(&mut self.store, frame)
    }

    /// `image-ops.apply`, borrowing `src`.
    pub fn apply(&mut self, src: ResourceAny, steps: &[WitStep]) -> Call<ResourceAny> {
        self.bindings
            .example_image_processing_image_ops()
            .call_apply(&mut self.store, src, steps)
    }

    /// Drops an owned frame handle.
    pub fn drop_frame(&mut self, frame: ResourceAny) -> wasmtime::Result<()> {
        frame.resource_drop(&mut self.store)
    }

    /// `image-ops.grayscale`.
    pub fn grayscale(&mut self, img: &WitImage) -> Call<WitImage> {
        self.bindings
            .example_image_processing_image_ops()
            .call_grayscale(&mut self.store, img)
    }

    /// `image-ops.blur`.
    pub fn blur(&mut self, img: &WitImage, radius: u32) -> Call<WitImage> {
        self.bindings
            .example_image_processing_image_ops()
            .call_blur(&mut self.store, img, radius)
    }

    /// `image-ops.resize`.
    pub fn resize(&mut self, img: &WitImage, width: u32, height: u32) -> Call<WitImage> {
        self.bindings
            .example_image_processing_image_ops()
            .call_resize(&mut self.store, img, width, height)
    }

    /// `image-ops.apply-filter`.
    pub fn apply_filter(&mut self, img: &WitImage, opts: WitFilterOptions) -> Call<WitImage> {
        self.bindings
            .example_image_processing_image_ops()
            .call_apply_filter(&mut self.store, img, opts)
    }

    /// `image-ops.batch-process`.
    pub fn batch_process(
        &mut self,
        images: &[WitImage],
        opts: WitFilterOptions,
    ) -> Call<Vec<WitImage>> {
        self.bindings
            .example_image_processing_image_ops()
            .call_batch_process(&mut self.store, images, opts)
    }
}

impl From<&image_ops::Image> for WitImage {
    fn from(img: &image_ops::Image) -> Self {
        Self {
            width: img.width,
            height: img.height,
            channels: img.channels,
            data: img.data.clone(),
        }
    }
}

impl From<WitImage> for image_ops::Image {
    fn from(img: WitImage) -> Self {
        Self {
            width: img.width,
            height: img.height,
            channels: img.channels,
            data: img.data,
        }
    }
}

impl From<WitError> for image_ops::Error {
    fn from(err: WitError) -> Self {
        match err {
            WitError::InvalidFormat(m) => Self::InvalidFormat(m),
            WitError::ProcessingFailed(m) => Self::ProcessingFailed(m),
            WitError::OutOfMemory => Self::OutOfMemory,
        }
    }
}

impl From<&image_ops::FilterOptions> for WitFilterOptions {
    fn from(opts: &image_ops::FilterOptions) -> Self {
        Self {
            brightness: opts.brightness,
            contrast: opts.contrast,
            blur_radius: opts.blur_radius,
        }
    }
}

impl From<&image_ops::Step> for WitStep {
    fn from(step: &image_ops::Step) -> Self {
        match step {
            image_ops::Step::Grayscale => Self::Grayscale,
            image_ops::Step::Blur(radius) => Self::Blur(*radius),
            image_ops::Step::Resize { width, height } => Self::Resize(WitSize {
                width: *width,
                height: *height,
            }),
            image_ops::Step::Filter(opts) => Self::Filter(opts.into()),
        }
    }
}
