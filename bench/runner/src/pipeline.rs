//! The composed component (`build/image-pipeline.wasm`) through the host's
//! own library, `image_pipeline_host`: its bindings, its `Pipeline` and its
//! calls, in a runtime without the host's limits ([`Runtime::unlimited`]:
//! epoch interruption would change the compiled code), so that the figures
//! are the components' and the code path is the host's.
//!
//! The "component" column calls image-ops' by-value functions, one per step
//! ([`Pipeline::apply_by_value`]); the "frames" column holds the image as a
//! frame and calls `apply`, no scheduler ([`Pipeline::apply`]); the
//! "pipeline" column is `image-pipeline process`'s own call,
//! [`Pipeline::run_task`]: from-image, a task that owns the frame, submit,
//! run-pending (Go lends the frame to image-ops' `apply`), get-result,
//! into-image.

use crate::image_file::Img;
use crate::ops::{Op, Ops};
use anyhow::Result;
use image_pipeline_host::bindings::{Image, Size, Step};
use image_pipeline_host::engine::Runtime;
use image_pipeline_host::logging::LogLevel;
use image_pipeline_host::pipeline::Pipeline;
use std::path::Path;

/// The composition at `path`, compiled (or loaded from wasmtime's cache)
/// and linked, without limits; the scheduler's log lines are dropped.
pub fn load(path: &Path) -> Result<Runtime> {
    Runtime::unlimited(path, LogLevel::Off)
}

pub fn to_wit(img: Img) -> Image {
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
pub fn step(op: Op) -> Step {
    match op {
        Op::Grayscale => Step::Grayscale,
        Op::Blur(r) => Step::Blur(r),
        Op::Resize(width, height) => Step::Resize(Size { width, height }),
    }
}

fn steps(ops: &[Op]) -> Vec<Step> {
    ops.iter().map(|&op| step(op)).collect()
}

/// The "component" column: each operation a by-value call of the
/// composition's image-ops export (pixels in and out on every call).
pub struct Direct(pub Pipeline);

impl Ops for Direct {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        let mut cur = to_wit(img);
        for &op in ops {
            cur = self.0.apply_by_value(&cur, step(op))?;
        }
        Ok(from_wit(cur))
    }
}

/// The "frames" column: one `apply` of all of `ops` on a frame, no
/// scheduler.
pub struct Framed(pub Pipeline);

impl Ops for Framed {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        Ok(from_wit(self.0.apply(&to_wit(img), &steps(ops))?))
    }
}

/// The "pipeline" column: one scheduler task for all of `ops`, as the
/// host's `process` runs it.
pub struct Scheduled(pub Pipeline);

impl Ops for Scheduled {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        Ok(from_wit(self.0.run_task(&to_wit(img), &steps(ops))?))
    }
}
