//! One compiled codec component and its instances, each in a store whose
//! resource limiter keeps count of linear memory.

use std::path::Path;

use anyhow::{Context, Result};
use wasmtime::component::{Component, Linker};
use wasmtime::{Cache, Config, Engine, ResourceLimiter, Store};

wasmtime::component::bindgen!({ path: "../../../wit", world: "codec-component" });

pub use example::image_processing::types::{Error, Image};

/// The engine (wasmtime's defaults, which include the exception-handling
/// proposal the codec's setjmp/longjmp needs) and the compiled component.
pub struct Runtime {
    engine: Engine,
    component: Component,
    metered: bool,
}

/// Fuel given to each instance of a metered runtime: more than any call
/// here uses, so metering counts and never stops a call.
const FUEL: u64 = u64::MAX / 2;

impl Runtime {
    pub fn new(path: &Path) -> Result<Self> {
        Self::load(path, false)
    }

    /// A runtime whose instances count their work in fuel (about one unit per
    /// WebAssembly instruction): a measure of work that, unlike any clock,
    /// does not depend on what else the machine is doing.
    pub fn metered(path: &Path) -> Result<Self> {
        Self::load(path, true)
    }

    fn load(path: &Path, metered: bool) -> Result<Self> {
        let mut config = Config::new();
        // The host's compilation cache: a rerun skips compiling the codec.
        config.cache(Some(Cache::from_file(None)?));
        config.consume_fuel(metered);
        let engine = Engine::new(&config)?;
        let component = Component::from_file(&engine, path)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot load {}", path.display()))?;
        Ok(Self {
            engine,
            component,
            metered,
        })
    }

    pub fn instantiate(&self) -> Result<Codec<'_>> {
        let (store, bindings) = self.new_instance()?;
        Ok(Codec {
            runtime: self,
            store,
            bindings,
        })
    }

    fn new_instance(&self) -> Result<(Store<MemoryMeter>, CodecComponent)> {
        let mut store = Store::new(&self.engine, MemoryMeter::default());
        store.limiter(|meter| meter);
        if self.metered {
            store.set_fuel(FUEL)?;
        }
        // The `types` import holds only types: nothing to link.
        let linker = Linker::new(&self.engine);
        let bindings = CodecComponent::instantiate(&mut store, &self.component, &linker)?;
        Ok((store, bindings))
    }
}

/// Linear memory in bytes, all memories of the store together, as the
/// resource limiter saw it allocated and grown.
#[derive(Default)]
pub struct MemoryMeter {
    bytes: usize,
}

impl ResourceLimiter for MemoryMeter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.bytes += desired - current;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        _desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

/// A codec instance. A trap poisons an instance, so after one the next call
/// goes to a new instance; the trap itself is returned as the call's error.
pub struct Codec<'a> {
    runtime: &'a Runtime,
    store: Store<MemoryMeter>,
    bindings: CodecComponent,
}

/// A call's result, or the trap that ended it.
pub type Call<T> = Result<Result<T, Error>, wasmtime::Error>;

impl Codec<'_> {
    pub fn decode(&mut self, data: &[u8]) -> Call<Image> {
        let result = self
            .bindings
            .example_image_processing_codec()
            .call_decode(&mut self.store, data);
        self.replace_if_trapped(result)
    }

    pub fn encode(&mut self, image: &Image, format: &str) -> Call<Vec<u8>> {
        let result = self.bindings.example_image_processing_codec().call_encode(
            &mut self.store,
            image,
            format,
        );
        self.replace_if_trapped(result)
    }

    /// Each format as (name, extensions, media type).
    pub fn supported_formats(&mut self) -> wasmtime::Result<Vec<(String, Vec<String>, String)>> {
        let result = self
            .bindings
            .example_image_processing_codec()
            .call_supported_formats(&mut self.store);
        let formats = self.replace_if_trapped(result)?;
        Ok(formats
            .into_iter()
            .map(|f| (f.name, f.extensions, f.media_type))
            .collect())
    }

    /// The instance's linear memory in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.store.data().bytes
    }

    /// Fuel this instance has used so far; zero on a runtime that is not
    /// metered.
    pub fn fuel_used(&self) -> u64 {
        self.store.get_fuel().map_or(0, |left| FUEL - left)
    }

    fn replace_if_trapped<T>(&mut self, result: wasmtime::Result<T>) -> wasmtime::Result<T> {
        if result.is_err() {
            if let Ok((store, bindings)) = self.runtime.new_instance() {
                self.store = store;
                self.bindings = bindings;
            }
        }
        result
    }
}

/// The WIT name of an error case, with its message.
pub fn describe(error: &Error) -> String {
    match error {
        Error::InvalidFormat(message) => format!("invalid-format({message})"),
        Error::ProcessingFailed(message) => format!("processing-failed({message})"),
        Error::OutOfMemory => "out-of-memory".to_owned(),
    }
}
