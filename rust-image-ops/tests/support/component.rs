//! Loading `build/components/image-ops.wasm` into wasmtime and calling it:
//! shared by `tests/component.rs` and `examples/bench.rs`.
//!
//! The component imports nothing, so the linker is empty and a store needs
//! no state. Compilation goes through wasmtime's on-disk cache (as the host
//! does), and happens once per [`Loaded`].

use std::path::{Path, PathBuf};

use wasmtime::component::{Component, Linker};
use wasmtime::{Cache, Config, Engine, Store};

/// Generated from `../wit` for the world the crate exports.
mod bindings {
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "image-ops-component",
    });
}

pub use bindings::exports::example::image_processing::types::{
    Error as WitError, FilterOptions as WitFilterOptions, Image as WitImage,
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
    pre: ImageOpsComponentPre<()>,
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
        let mut store = Store::new(&self.engine, ());
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
    store: Store<()>,
    bindings: ImageOpsComponent,
}

/// The result of a call: outer `Err` for a trap.
pub type Call<T> = wasmtime::Result<Result<T, WitError>>;

impl Instance {
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
