//! What happens after the response: the task runs through the codec and the
//! scheduler, its result lands in the task store and the cache.

use super::bindings::example::image_processing::scheduler::{self, Task};
use super::bindings::example::image_processing::{codec, result_cache, task_store};
use super::bindings::wasi::clocks::monotonic_clock;
use super::convert::describe;
use super::log;
use crate::api::Failure;
use crate::request::Options;

/// A task to run: its id in the task store and everything it needs.
pub struct Work {
    pub id: String,
    pub input: Vec<u8>,
    pub operation: String,
    pub options: Options,
    /// The cache key, if the request computed it already.
    pub cache_key: Option<String>,
}

impl Work {
    /// Runs the task and records its outcome. Failures are the task's (the
    /// task store keeps them for `GET /status`); a storage failure here is
    /// only logged: the task stays pending, and once its lease has run out a
    /// status request runs it again.
    pub fn run(self) {
        let started = monotonic_clock::now();
        let outcome = process(&self.input, &self.operation, self.options);
        let ms = monotonic_clock::now().saturating_sub(started) / 1_000_000;
        match outcome {
            Ok(png) => {
                // The cache first: once the task reads as completed, a
                // repeat of its request must find the result there.
                let key = self.cache_key.unwrap_or_else(|| {
                    result_cache::key(&self.input, &self.operation, self.options.into())
                });
                if let Err(e) = result_cache::put(&key, &png) {
                    log::warn(&format!(
                        "task {}: caching the result failed: {}",
                        self.id,
                        describe(&e)
                    ));
                }
                match task_store::complete(&self.id, &png) {
                    Ok(_) => log::info(&format!(
                        "task {}: {} completed in {ms} ms",
                        self.id, self.operation
                    )),
                    Err(e) => log::error(&format!(
                        "task {}: storing the result failed: {}",
                        self.id,
                        describe(&e)
                    )),
                }
            }
            Err(failure) => {
                log::info(&format!(
                    "task {}: {} failed in {ms} ms: {}: {}",
                    self.id,
                    self.operation,
                    failure.variant(),
                    failure.message()
                ));
                if let Err(e) = task_store::fail(&self.id, &failure.into()) {
                    log::error(&format!(
                        "task {}: storing the failure failed: {}",
                        self.id,
                        describe(&e)
                    ));
                }
            }
        }
    }
}

/// Decode, one scheduler task (`submit`, then `run-pending` drives it),
/// encode the result as PNG.
fn process(input: &[u8], operation: &str, options: Options) -> Result<Vec<u8>, Failure> {
    let image = codec::decode(input)?;
    let id = scheduler::submit(Task::new(&image, operation, options.into()));
    drop(image);
    scheduler::run_pending(1);
    let result = scheduler::get_result(id).ok_or_else(|| {
        Failure::ProcessingFailed(format!(
            "the scheduler still has task {id} after run-pending"
        ))
    })??;
    Ok(codec::encode(&result, "png")?)
}
