//! The three interfaces as the step interpreter calls them, whichever world
//! (and so whichever generated bindings) serves them. The outer `Result` is
//! a trap; the inner one is the WIT `result`.

use wasmtime::component::ResourceAny;
use wasmtime::Result;

use crate::model::{Image, LogRecord, Options, Status, WitError};

pub type Outcome<T> = Result<std::result::Result<T, WitError>>;

pub trait ImageOps {
    fn grayscale(&mut self, img: Image) -> Outcome<Image>;
    fn blur(&mut self, img: Image, radius: u32) -> Outcome<Image>;
    fn resize(&mut self, img: Image, width: u32, height: u32) -> Outcome<Image>;
    fn apply_filter(&mut self, img: Image, opts: Options) -> Outcome<Image>;
    fn batch_process(&mut self, images: Vec<Image>, opts: Options) -> Outcome<Vec<Image>>;
}

pub trait Codec {
    fn decode(&mut self, data: Vec<u8>) -> Outcome<Image>;
    fn encode(&mut self, img: Image, format: &str) -> Outcome<Vec<u8>>;
    fn supported_formats(&mut self) -> Result<Vec<String>>;
}

pub trait Scheduler {
    /// The `task` constructor.
    fn task(&mut self, img: Image, operation: &str, opts: Options) -> Result<ResourceAny>;
    fn submit(&mut self, task: ResourceAny) -> Result<u64>;
    fn run_pending(&mut self, max: u32) -> Result<u32>;
    fn get_result(&mut self, id: u64) -> Result<Option<std::result::Result<Image, WitError>>>;
    fn cancel(&mut self, id: u64) -> Result<bool>;
    fn status(&mut self, id: u64) -> Result<Option<Status>>;
}

/// One fresh instance of a target: the interfaces it exports.
pub trait Instance {
    fn image_ops(&mut self) -> Option<&mut dyn ImageOps> {
        None
    }
    fn codec(&mut self) -> Option<&mut dyn Codec> {
        None
    }
    fn scheduler(&mut self) -> Option<&mut dyn Scheduler> {
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
