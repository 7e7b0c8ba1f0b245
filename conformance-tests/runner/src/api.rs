//! The interfaces as the step interpreter calls them, whichever world (and
//! so whichever generated bindings) serves them. The outer `Result` is a
//! trap (or a handle the runtime refuses); the inner one is the WIT `result`.
//!
//! Resources are `ResourceAny` handles the runner owns: `Copy` values that
//! it may pass again after they moved, so that the runtime, not the runner,
//! refuses a dead handle.

use wasmtime::component::ResourceAny;
use wasmtime::Result;

use crate::model::{Image, LogRecord, Options, Status, Step, WitError};

pub type Outcome<T> = Result<std::result::Result<T, WitError>>;

/// image-ops' by-value functions.
pub trait ImageOps {
    fn grayscale(&mut self, img: Image) -> Outcome<Image>;
    fn blur(&mut self, img: Image, radius: u32) -> Outcome<Image>;
    fn resize(&mut self, img: Image, width: u32, height: u32) -> Outcome<Image>;
    fn apply_filter(&mut self, img: Image, opts: Options) -> Outcome<Image>;
    fn batch_process(&mut self, images: Vec<Image>, opts: Options) -> Outcome<Vec<Image>>;
}

/// image-ops' `frame` resource and `apply`.
#[allow(clippy::wrong_self_convention)] // named after the WIT functions, not conversions
pub trait Frames {
    fn from_image(&mut self, img: Image) -> Outcome<ResourceAny>;
    fn width(&mut self, frame: ResourceAny) -> Result<u32>;
    fn height(&mut self, frame: ResourceAny) -> Result<u32>;
    fn channels(&mut self, frame: ResourceAny) -> Result<u8>;
    fn to_image(&mut self, frame: ResourceAny) -> Outcome<Image>;
    /// Moves `frame` into the call.
    fn into_image(&mut self, frame: ResourceAny) -> Outcome<Image>;
    /// Borrows `src`.
    fn apply(&mut self, src: ResourceAny, steps: &[Step]) -> Outcome<ResourceAny>;
}

pub trait Codec {
    fn decode(&mut self, data: Vec<u8>) -> Outcome<Image>;
    fn encode(&mut self, img: Image, format: &str) -> Outcome<Vec<u8>>;
    fn supported_formats(&mut self) -> Result<Vec<String>>;
}

pub trait Scheduler {
    /// The `task` constructor: moves `src` into the task.
    fn task(&mut self, src: ResourceAny, steps: &[Step]) -> Result<ResourceAny>;
    fn submit(&mut self, task: ResourceAny) -> Result<u64>;
    fn run_pending(&mut self, max: u32) -> Result<u32>;
    fn get_result(&mut self, id: u64)
        -> Result<Option<std::result::Result<ResourceAny, WitError>>>;
    fn cancel(&mut self, id: u64) -> Result<bool>;
    fn status(&mut self, id: u64) -> Result<Option<Status>>;
}

/// One fresh instance of a target: the interfaces it exports.
pub trait Instance {
    fn image_ops(&mut self) -> Option<&mut dyn ImageOps> {
        None
    }
    fn frames(&mut self) -> Option<&mut dyn Frames> {
        None
    }
    fn codec(&mut self) -> Option<&mut dyn Codec> {
        None
    }
    fn scheduler(&mut self) -> Option<&mut dyn Scheduler> {
        None
    }
    /// Drops a handle the runner owns (`resource.drop`): a frame or a task.
    fn drop_handle(&mut self, _handle: ResourceAny) -> Result<()> {
        wasmtime::bail!("this target hands out no resources")
    }
    /// How many frames the instance holds, where the runner can see them.
    fn frames_alive(&mut self) -> Option<u64> {
        None
    }
    /// What the instance logged since the last call.
    fn take_logs(&mut self) -> Vec<LogRecord>;
}

/// A compiled component, instantiated afresh for every vector.
pub trait Target: Sync {
    /// The name in the report: `pipeline`, or the component's interface.
    fn name(&self) -> &'static str;
    /// The interfaces whose vectors this target runs.
    fn interfaces(&self) -> &'static [&'static str];
    fn instantiate(&self) -> Result<Box<dyn Instance>>;
}
