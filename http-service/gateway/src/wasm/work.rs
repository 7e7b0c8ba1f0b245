//! What happens after the response: the task runs through the codec, a
//! frame in image-ops and the scheduler; its result lands in the task store
//! and the cache.

use step_text::Step;

use super::bindings::example::image_processing::image_ops::Frame;
use super::bindings::example::image_processing::scheduler::{self, Task};
use super::bindings::example::image_processing::types::Step as WitStep;
use super::bindings::example::image_processing::{codec, result_cache, task_store};
use super::bindings::wasi::clocks::monotonic_clock;
use super::convert::{describe, wit_steps};
use super::log;
use crate::api::Failure;

/// The format results are stored in: PNG, lossless and for any channel
/// count, so that `GET /status` can send a result in any format the codec
/// writes (the codec's list says which, not which is lossless).
pub const STORED_FORMAT: &str = "png";

/// A task to run: its id in the task store and everything it needs.
pub struct Work {
    pub id: String,
    pub input: Vec<u8>,
    /// Parsed once, from the request (or read back from the task store).
    pub steps: Vec<Step>,
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
        let steps = wit_steps(&self.steps);
        let outcome = process(&self.input, &steps);
        let ms = monotonic_clock::now().saturating_sub(started) / 1_000_000;
        let what = step_text::to_text(&self.steps);
        match outcome {
            Ok(png) => {
                // The cache first: once the task reads as completed, a
                // repeat of its request must find the result there.
                let key = self
                    .cache_key
                    .unwrap_or_else(|| result_cache::key(&self.input, &steps));
                if let Err(e) = result_cache::put(&key, &png) {
                    log::warn(&format!(
                        "task {}: caching the result failed: {}",
                        self.id,
                        describe(&e)
                    ));
                }
                match task_store::complete(&self.id, &png) {
                    Ok(_) => log::info(&format!("task {}: {what} completed in {ms} ms", self.id)),
                    Err(e) => log::error(&format!(
                        "task {}: storing the result failed: {}",
                        self.id,
                        describe(&e)
                    )),
                }
            }
            Err(failure) => {
                log::info(&format!(
                    "task {}: {what} failed in {ms} ms: {}: {}",
                    self.id,
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

/// Decode, one scheduler task, encode the result as [`STORED_FORMAT`].
///
/// The pixels cross into image-ops once (`from-image`) and out once
/// (`into-image`); between the two only handles move. Who drops each handle
/// is Rust's ownership, which the bindings map onto the component model's:
/// the input frame moves into the `task`, the task into `submit` (the
/// scheduler drops the input once the task has run), and the result frame,
/// which `get-result` moves to us, into `into-image`, which consumes it.
/// Every `?` below returns before a handle exists or after it has moved, so
/// no path drops a frame twice or leaves one behind in image-ops.
fn process(input: &[u8], steps: &[WitStep]) -> Result<Vec<u8>, Failure> {
    // The decoded image is a temporary: its buffer goes as soon as image-ops
    // has its copy.
    let src = Frame::from_image(&codec::decode(input)?)?;
    let id = scheduler::submit(Task::new(src, steps));
    // The scheduler runs tasks only here (and collects garbage only
    // between calls).
    scheduler::run_pending(1);
    let result = scheduler::get_result(id).ok_or_else(|| {
        Failure::ProcessingFailed(format!(
            "the scheduler still has task {id} after run-pending"
        ))
    })??;
    let image = Frame::into_image(result)?;
    Ok(codec::encode(&image, STORED_FORMAT)?)
}
